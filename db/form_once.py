"""Create forms take effect once per rendered form (see FormSubmission)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Awaitable, Callable

from db.engine import is_unique_violation, write_transaction
from piccolo.table import Table

from db.tables import Client, DeliveryUpdate, FormSubmission, Project, Proposal, ProposalSection

# What fresh_form_key() makes; anything else is not a key we rendered.
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


# Where each create form's records live, by the form's name before "@".
RECORDS_OF_FORM: dict[str, type[Table]] = {
    "client": Client,
    "project": Project,
    "proposal": Proposal,
    "section": ProposalSection,
    "update": DeliveryUpdate,
}


async def create_once(workspace_id: int, form: str, values: dict[str, str], create: Callable[[], Awaitable[int]]) -> int:
    """Run `create` (which returns the new record's id) unless a POST of the same rendered
    form with the same content already did; then return that record's id. The content
    counts because a form sent again with other words (back, correct a typo, send) is a
    new submission: folding it into the first would lose what was typed. `form` names
    the form and its parent ("project@client:12"), so a key replayed on another form or
    another parent counts for nothing. A request without a well-formed key just creates,
    and so does one whose earlier record was deleted since."""
    form_key = values.get("form_key", "")
    if not FORM_KEY.fullmatch(form_key):
        return await create()
    content = json.dumps(sorted((name, value) for name, value in values.items() if name != "form_key"))
    digest = hashlib.sha256(content.encode("utf-8", "replace")).hexdigest()[:32]
    scoped_key = f"{workspace_id}/{form}/{form_key}/{digest}"
    try:
        async with write_transaction():
            previous = await _previous(scoped_key)
            records = RECORDS_OF_FORM[form.split("@", 1)[0]]
            if previous is not None and await records.exists().where(records.id == previous):
                return previous
            record_id = await create()
            if previous is None:
                await FormSubmission.insert(FormSubmission(workspace=workspace_id, scoped_key=scoped_key, record_id=record_id))
            else:
                await FormSubmission.update({FormSubmission.record_id: record_id}).where(FormSubmission.scoped_key == scoped_key)
            return record_id
    except Exception as error:
        # Two POSTs at the same instant on PostgreSQL: the loser's insert is refused.
        if is_unique_violation(error) and (previous := await _previous(scoped_key)) is not None:
            return previous
        raise


async def _previous(scoped_key: str) -> int | None:
    row = await FormSubmission.select(FormSubmission.record_id).where(FormSubmission.scoped_key == scoped_key).first()
    return row["record_id"] if row else None
