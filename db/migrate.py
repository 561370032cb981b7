"""Apply Piccolo migrations from code (the CLI, the run script and the tests share it)."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.sqlite import SQLiteEngine

from db.engine import current_engine, prepare_sqlite_file


async def apply_migrations() -> None:
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        prepare_sqlite_file(engine.path)
    response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise RuntimeError(f"Migrations failed: {response.message}")
