"""Test set-up. The environment is fixed before the app is imported, and every
database-facing test runs once on SQLite and once on PostgreSQL (skipped, and said so,
when PostgreSQL cannot be reached)."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

_TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="portal-tests-"))
os.environ["PORTAL_DATA_DIR"] = str(_TEST_DATA_DIR)
os.environ["PORTAL_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["PORTAL_PUBLIC_URL"] = "http://testserver.local"
# Every test logs in from the same test address; the throttle has a test of its own.
os.environ["PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE"] = "100000"
os.environ.pop("PORTAL_DATABASE_URL", None)

import logging  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pytest  # noqa: E402

from db.engine import engine_for, use_engine  # noqa: E402
from db.migrate import apply_migrations  # noqa: E402

logging.getLogger("httpx").setLevel(logging.WARNING)

POSTGRES_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
_postgres_skip_reason: list[str] = []
_backends_used: list[str] = []


async def _create_scratch_postgres_database() -> str:
    """A database of its own per run, so tests never touch data they did not make."""
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name


async def _drop_scratch_postgres_database(name: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _url_with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def _scratch_postgres_or_skip() -> str:
    try:
        return await _create_scratch_postgres_database()
    except (OSError, asyncpg.PostgresError) as error:
        reason = f"PostgreSQL at {POSTGRES_URL} is not reachable ({error.__class__.__name__}): PostgreSQL tests skipped"
        _postgres_skip_reason.append(reason)
        pytest.skip(reason)


@pytest.fixture
async def empty_postgres_url():
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    scratch = await _scratch_postgres_or_skip()
    yield _url_with_database(POSTGRES_URL, scratch)
    await _drop_scratch_postgres_database(scratch)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database(request):
    """The backend under test, migrated from nothing, bound to every table."""
    scratch = None
    if request.param == "postgres":
        scratch = await _scratch_postgres_or_skip()
        url = _url_with_database(POSTGRES_URL, scratch)
    else:
        url = f"sqlite:///{_TEST_DATA_DIR / f'portal-{uuid.uuid4().hex[:8]}.sqlite3'}"
    use_engine(engine_for(url))
    await apply_migrations()
    _backends_used.append("PostgreSQL" if scratch else "SQLite")
    yield request.param
    if scratch:
        await _drop_scratch_postgres_database(scratch)


@pytest.fixture(scope="session")
async def app(database):
    """One app per backend. Requests run in the tests' own event loop (httpx's ASGI
    transport), so a test can read the database directly, PostgreSQL pool included;
    the pool the app's lifespan would open is opened here, in that loop."""
    import db.engine
    from app import create_app
    from settings import load_settings

    settings = load_settings()
    application = create_app(settings)
    await db.engine.start(settings)
    yield application
    await db.engine.stop()


def _browser(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 5000)),
        base_url="http://testserver.local",
        headers={"user-agent": "pytest-browser"},
    )


@pytest.fixture
async def client(app):
    """A fresh browser: its own cookies, no session."""
    async with _browser(app) as browser:
        yield browser


@pytest.fixture
async def other_client(app):
    async with _browser(app) as browser:
        yield browser


def pytest_terminal_summary(terminalreporter):
    if _backends_used:
        terminalreporter.write_line(f"Database tests ran on: {', '.join(_backends_used)}")
    if _postgres_skip_reason:
        terminalreporter.write_sep("!", "PostgreSQL was SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(_postgres_skip_reason[0])
