"""Fixtures for browser tests: a real server (uvicorn in a subprocess, on a fresh SQLite
database seeded with the demo) and Debian's Chromium driven by Playwright.

Every test gets its own server and its own database, so tests never depend on the
order they run in. Nothing here downloads a browser: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import admin_output, free_port, running_server, server_environment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PORTAL_LINK = re.compile(r"^\s*Portal link:\s*(http://\S+/portal/\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PortalServer:
    base_url: str
    portal_url: str
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@pytest.fixture
def portal_server() -> Iterator[PortalServer]:
    """A real server on a fresh database: migrate, seed the demo, start uvicorn, wait for
    /healthz. Always stopped at teardown, whatever the test did."""
    data_dir = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    port = free_port()
    env = server_environment(data_dir, f"http://127.0.0.1:{port}")
    admin_output(env, "migrate")
    seed_output = admin_output(env, "seed-demo")
    match = PORTAL_LINK.search(seed_output)
    if not match:
        pytest.fail(f"seed-demo printed no portal link:\n{seed_output}")
    log_path = data_dir / "uvicorn.log"
    try:
        with running_server(env, port, log_path) as base_url:
            assert match.group(1).startswith(base_url + "/portal/"), match.group(1)
            yield PortalServer(base_url=base_url, portal_url=match.group(1), data_dir=data_dir, log_path=log_path)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian's Chromium, never Playwright's own build. Module-scoped: the sync API keeps
    an event loop running while it is open, which the async tests of other modules must
    not find."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's Chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone(chromium_browser):
    """A phone-sized page with JavaScript, and the watch on it."""
    from tests.browser.browsing import PHONE, open_context

    context, page, watch = open_context(chromium_browser, PHONE)
    yield page, watch
    context.close()


@pytest.fixture(params=["desktop", "phone"])
def any_device(request, chromium_browser):
    from tests.browser.browsing import DEVICES, open_context

    context, page, watch = open_context(chromium_browser, DEVICES[request.param])
    yield page, watch, request.param
    context.close()
