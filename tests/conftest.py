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
# Every test logs in from the same test address; the throttle has a test of its own.
os.environ["PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE"] = "100000"
os.environ.pop("PORTAL_DATABASE_URL", None)
# Each test client's app opens a small pool of its own (see PoolPerLoopPostgresEngine).
os.environ["PORTAL_DB_POOL_MIN"] = "1"
TEST_BASE_URL = "http://testserver.local"
os.environ["PORTAL_PUBLIC_URL"] = TEST_BASE_URL

import asyncio  # noqa: E402
import logging  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pytest  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.engine.postgres import PostgresEngine  # noqa: E402

from db.engine import engine_for, use_engine  # noqa: E402
from db.migrate import apply_migrations  # noqa: E402
from tests.servers import free_port, running_server, server_environment  # noqa: E402

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


class PoolPerLoopPostgresEngine(PostgresEngine):
    """Litestar's test client runs the app in an event loop of its own (one per client),
    while tests read the database from theirs, and an asyncpg pool serves only the loop
    that made it. So each loop keeps its own pool: the app's lifespan opens and closes
    the one of its loop, the database fixture the one of the tests' loop."""

    def __init__(self, *args, **kwargs):
        self._pools: dict[asyncio.AbstractEventLoop, object] = {}
        super().__init__(*args, **kwargs)

    @property
    def pool(self):
        return self._pools.get(asyncio.get_running_loop())

    @pool.setter
    def pool(self, pool) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # PostgresEngine.__init__ sets None outside any loop
            return
        if pool is None:
            self._pools.pop(loop, None)
        else:
            self._pools[loop] = pool


@dataclass(frozen=True)
class Database:
    backend: str
    url: str


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database(request):
    """The backend under test, migrated from nothing, bound to every table."""
    scratch = None
    if request.param == "postgres":
        scratch = await _scratch_postgres_or_skip()
        url = _url_with_database(POSTGRES_URL, scratch)
    else:
        url = f"sqlite:///{_TEST_DATA_DIR / f'portal-{uuid.uuid4().hex[:8]}.sqlite3'}"
    engine = PoolPerLoopPostgresEngine(config={"dsn": url}) if scratch else engine_for(url)
    use_engine(engine)
    await apply_migrations()
    _backends_used.append("PostgreSQL" if scratch else "SQLite")
    if scratch:
        await engine.start_connection_pool(min_size=1, max_size=4)
    yield Database(request.param, url)
    if scratch:
        await engine.close_connection_pool()
        await _drop_scratch_postgres_database(scratch)


@pytest.fixture(scope="session")
def app(database):
    from app import create_app
    from settings import load_settings

    return create_app(load_settings())


def browser_of(app) -> AsyncTestClient:
    """Litestar's test client as a fresh browser: its own cookies, no session, and it
    shows redirects instead of following them."""
    browser = AsyncTestClient(app=app, base_url=TEST_BASE_URL)
    browser.follow_redirects = False
    return browser


@pytest.fixture
async def client(app):
    async with browser_of(app) as browser:
        yield browser


@pytest.fixture
async def other_client(app):
    async with browser_of(app) as browser:
        yield browser


@pytest.fixture(scope="session")
def live_server(database, tmp_path_factory) -> Iterator[str]:
    """uvicorn serving the database under test on loopback, for requests that must really
    arrive at the same moment (the test client hands the app one request at a time)."""
    data_dir = tmp_path_factory.mktemp(f"server-{database.backend}")
    port = free_port()
    env = server_environment(data_dir, f"http://127.0.0.1:{port}", database.url)
    env["PORTAL_SECRET_KEY"] = os.environ["PORTAL_SECRET_KEY"]
    env["PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE"] = os.environ["PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE"]
    with running_server(env, port, data_dir / "uvicorn.log") as base_url:
        yield base_url


@pytest.fixture
async def live_client(live_server):
    async with httpx.AsyncClient(base_url=live_server) as browser:
        yield browser


@pytest.fixture
async def other_live_client(live_server):
    async with httpx.AsyncClient(base_url=live_server) as browser:
        yield browser


def pytest_terminal_summary(terminalreporter):
    if _backends_used:
        terminalreporter.write_line(f"Database tests ran on: {', '.join(_backends_used)}")
    if _postgres_skip_reason:
        terminalreporter.write_sep("!", "PostgreSQL was SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(_postgres_skip_reason[0])
