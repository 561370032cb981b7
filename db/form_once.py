"""Create forms take effect once per rendered form (see FormSubmission)."""

from __future__ import annotations

from typing import Awaitable, Callable

from db.engine import is_unique_violation, write_transaction
from db.tables import FormSubmission


async def create_once(workspace_id: int, form_key: str, create: Callable[[], Awaitable[int]]) -> int:
    """Run `create` (which returns the new record's id) unless a POST of the same form
    already did; then return that record's id. A request without a key just creates."""
    if not form_key:
        return await create()
    try:
        async with write_transaction():
            if (previous := await _previous(workspace_id, form_key)) is not None:
                return previous
            record_id = await create()
            await FormSubmission.insert(FormSubmission(workspace=workspace_id, form_key=form_key[:64], record_id=record_id))
            return record_id
    except Exception as error:
        # Two POSTs at the same instant on PostgreSQL: the loser's insert is refused.
        if is_unique_violation(error) and (previous := await _previous(workspace_id, form_key)) is not None:
            return previous
        raise


async def _previous(workspace_id: int, form_key: str) -> int | None:
    row = await FormSubmission.select(FormSubmission.record_id).where(
        (FormSubmission.form_key == form_key[:64]) & (FormSubmission.workspace == workspace_id)
    ).first()
    return row["record_id"] if row else None
