"""Which database the app talks to, and how it writes to it safely under concurrency."""

from __future__ import annotations

import sqlite3
from contextlib import asynccontextmanager
from typing import AsyncIterator

from piccolo.engine import engine_finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from settings import Settings

# Seconds a writer waits for SQLite's lock before failing; WAL keeps readers unblocked.
SQLITE_BUSY_TIMEOUT = 15


def engine_for(database_url: str) -> Engine:
    if database_url.startswith(("postgresql://", "postgres://")):
        return PostgresEngine(config={"dsn": database_url})
    path = database_url.removeprefix("sqlite:///")
    return SQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT)


def prepare_sqlite_file(path: str) -> None:
    """WAL is a property of the database file, so setting it once is enough."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def current_engine() -> Engine:
    engine = engine_finder()
    assert engine is not None, "piccolo_conf.DB is not set"
    return engine


def use_engine(engine: Engine) -> None:
    """Point piccolo_conf (used by migrations) and every table, Piccolo's own migration
    record included, at one engine."""
    from piccolo.apps.migrations.tables import Migration

    import piccolo_conf
    from db.tables import ALL_TABLES

    piccolo_conf.DB = engine
    for table in [*ALL_TABLES, Migration]:
        table._meta.db = engine


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction for writes. On SQLite it takes the write lock up front (IMMEDIATE):
    a deferred transaction that reads and then writes can fail with 'database is locked'
    when another writer slipped in between, while IMMEDIATE just waits its turn."""
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def start(settings: Settings) -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=settings.pool_min_size, max_size=settings.pool_max_size)


async def stop() -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


def is_unique_violation(error: BaseException) -> bool:
    """True when the database refused a row because a unique rule already holds it."""
    import asyncpg

    if isinstance(error, asyncpg.exceptions.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE constraint failed" in str(error)


async def lock_for_update(table, row_id: int, workspace_id: int | None = None) -> None:
    """Make concurrent writers of the same record take turns inside their transactions.
    SQLite's IMMEDIATE transactions already run one writer at a time; PostgreSQL needs
    the row lock. NO KEY UPDATE still lets other transactions insert rows that refer to
    this one (activity, decisions), which keeps lock waits short and free of cycles."""
    if isinstance(current_engine(), SQLiteEngine):
        return
    query = f"SELECT id FROM {table._meta.tablename} WHERE id = {{}}"
    arguments = [row_id]
    if workspace_id is not None:
        query += " AND workspace = {}"
        arguments.append(workspace_id)
    await table.raw(query + " FOR NO KEY UPDATE", *arguments)
