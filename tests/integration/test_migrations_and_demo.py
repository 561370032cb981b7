"""Migrations create a new database and upgrade an existing one; the first run seeds a
demo and prints a working login and portal link."""

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.servers import PROJECT_ROOT, admin_command, server_environment


def _cli(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    return admin_command(server_environment(data_dir, "http://127.0.0.1:8000"), *arguments)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}


def test_migrate_creates_a_database_in_wal_mode(tmp_path):
    result = _cli(tmp_path, "migrate")

    assert result.returncode == 0, result.stderr
    database = tmp_path / "portal.sqlite3"
    assert {"portal_link", "client_decision", "portal_link_one_active_per_client"} <= _tables(database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _cli(tmp_path, "migrate").returncode == 0


def test_migrate_upgrades_a_database_made_by_the_first_migration(tmp_path):
    env = server_environment(tmp_path, "http://127.0.0.1:8000")
    first = subprocess.run(
        [str(Path(sys.executable).parent / "piccolo"), "migrations", "forwards", "portal", "2026-12-03T18:48:11:363000"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "portal_link_one_active_per_client" not in _tables(tmp_path / "portal.sqlite3")

    assert _cli(tmp_path, "migrate").returncode == 0

    assert "portal_link_one_active_per_client" in _tables(tmp_path / "portal.sqlite3")


def test_seed_demo_prints_a_login_and_a_portal_link_that_work(tmp_path):
    assert _cli(tmp_path, "migrate").returncode == 0

    first = _cli(tmp_path, "seed-demo")
    second = _cli(tmp_path, "seed-demo")

    assert first.returncode == 0, first.stderr
    assert "Demo workspace seeded." in first.stdout and "already present" in second.stdout
    email, password = re.search(r"email (\S+)\s+password (\S+)", first.stdout).groups()
    old_token = re.search(r"/portal/(\S+)", first.stdout).group(1)
    new_token = re.search(r"/portal/(\S+)", second.stdout).group(1)
    with sqlite3.connect(tmp_path / "portal.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM workspace").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM client").fetchone()[0] == 2
        assert connection.execute("SELECT count(*) FROM project").fetchone()[0] == 3
        statuses = {row[0] for row in connection.execute("SELECT status FROM proposal")}
        assert statuses == {"draft", "ready", "accepted", "changes_requested"}
        stored = [row[0] for row in connection.execute("SELECT token_hash FROM portal_link")]
    assert old_token not in stored and new_token not in stored
    assert (email, password) == ("demo@example.com", "demo-portal-2026")


def test_seed_demo_seeds_nothing_into_a_database_with_data(tmp_path):
    assert _cli(tmp_path, "migrate").returncode == 0
    created = _cli(tmp_path, "create-staff", "--email", "real@example.com", "--name", "Real", "--password", "a real password")
    assert created.returncode == 0, created.stderr

    result = _cli(tmp_path, "seed-demo")

    assert "no demo was seeded" in result.stdout
    with sqlite3.connect(tmp_path / "portal.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM client").fetchone()[0] == 0


def test_seed_demo_on_a_free_demo_workspace_still_prints_the_login(tmp_path):
    assert _cli(tmp_path, "migrate").returncode == 0
    assert _cli(tmp_path, "seed-demo").returncode == 0
    with sqlite3.connect(tmp_path / "portal.sqlite3") as connection:
        connection.execute("UPDATE workspace SET plan = 'free'")

    again = _cli(tmp_path, "seed-demo")

    assert again.returncode == 0, again.stderr
    assert "email demo@example.com" in again.stdout
    assert "/portal/" not in again.stdout and "Switch it to Pro or Studio under Settings" in again.stdout
