"""Fixtures for browser tests: a real server (uvicorn in a subprocess, on a fresh SQLite
database seeded with the demo) and Debian's Chromium driven by Playwright.

Every test gets its own server and its own database, so tests never depend on the
order they run in. Nothing here downloads a browser: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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
STARTUP_TIMEOUT = 20.0
COMMAND_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_environment(data_dir: Path, base_url: str) -> dict[str, str]:
    """os.environ without any PORTAL_* setting (tests/conftest.py sets some at import),
    then only what this server needs: its own data folder, its public address, SQLite."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env["PORTAL_DATA_DIR"] = str(data_dir)
    env["PORTAL_PUBLIC_URL"] = base_url
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _run_admin_command(name: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "litestar", "--app", "app:app", "portal", name]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command[1:])}` failed with exit code {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result.stdout


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"uvicorn exited with code {process.returncode} before answering /healthz\n"
                f"{log_path.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
                last_problem = f"status {answer.status}"
        except urllib.error.HTTPError as error:
            last_problem = f"status {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last_problem = str(error)
        time.sleep(0.1)
    pytest.fail(
        f"uvicorn did not answer GET /healthz with 200 within {STARTUP_TIMEOUT:.0f} s ({last_problem})\n"
        f"{log_path.read_text(errors='replace')}"
    )


@pytest.fixture
def portal_server() -> Iterator[PortalServer]:
    """A real server on a fresh database: migrate, seed the demo, start uvicorn, wait for
    /healthz. Always stopped at teardown, whatever the test did."""
    data_dir = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _server_environment(data_dir, base_url)

    _run_admin_command("migrate", env)
    seed_output = _run_admin_command("seed-demo", env)
    match = PORTAL_LINK.search(seed_output)
    if not match:
        pytest.fail(f"seed-demo printed no portal link:\n{seed_output}")
    portal_url = match.group(1)
    assert portal_url.startswith(base_url + "/portal/"), portal_url

    log_path = data_dir / "uvicorn.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(process, base_url, log_path)
        yield PortalServer(base_url=base_url, portal_url=portal_url, data_dir=data_dir, log_path=log_path)
    finally:
        _stop(process)
        log_file.close()
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
