"""Real processes for tests: the admin commands and uvicorn, on loopback, always stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 20.0
COMMAND_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(data_dir: Path, public_url: str, database_url: str | None = None) -> dict[str, str]:
    """os.environ without any PORTAL_* setting (tests/conftest.py sets some at import),
    then only what this process needs: its data folder, its public address, its database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env["PORTAL_DATA_DIR"] = str(data_dir)
    env["PORTAL_PUBLIC_URL"] = public_url
    env["PYTHONUNBUFFERED"] = "1"
    if database_url:
        env["PORTAL_DATABASE_URL"] = database_url
    return env


def admin_command(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "litestar", "--app", "app:app", "portal", *arguments],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
    )


def admin_output(env: dict[str, str], *arguments: str) -> str:
    """The command's output; the test fails, showing why, if the command did."""
    result = admin_command(env, *arguments)
    if result.returncode != 0:
        pytest.fail(f"`portal {' '.join(arguments)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
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
            pytest.fail(f"uvicorn exited ({process.returncode}) before answering /healthz\n{log_path.read_text(errors='replace')}")
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
    pytest.fail(f"uvicorn gave no healthy answer in {STARTUP_TIMEOUT:.0f} s ({last_problem})\n{log_path.read_text(errors='replace')}")


@contextmanager
def running_server(env: dict[str, str], port: int, log_path: Path) -> Iterator[str]:
    """uvicorn serving the app on 127.0.0.1:port until the block ends, whatever happens."""
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(process, base_url, log_path)
            yield base_url
        finally:
            _stop(process)
