"""Uniqueness rules that must hold under concurrency, so the database enforces them.
Piccolo has no composite or partial unique constraints, hence raw SQL (the same on
SQLite and PostgreSQL)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T18:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "uniqueness rules the database enforces"

INDEXES = {
    # One active portal link per client: two concurrent "Create portal link" clicks
    # cannot both leave an unrevoked link behind.
    "portal_link_one_active_per_client": "ON portal_link (client) WHERE revoked_at IS NULL",
    # One client decision per proposal version, however often the POST arrives.
    "client_decision_one_per_version": "ON client_decision (proposal, version)",
    "proposal_version_one_per_version": "ON proposal_version (proposal, version)",
    "membership_one_per_user_and_workspace": "ON membership (workspace, staff_user)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for name, definition in INDEXES.items():
            await engine.run_ddl(f"CREATE UNIQUE INDEX {name} {definition}")

    async def drop_indexes():
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
