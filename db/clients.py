"""Clients of a workspace."""

from __future__ import annotations

from db.activity import record_activity
from db.engine import write_transaction
from db.tables import Client
from db.tenancy import StaffActor
from db.validation import FieldChecks


def _checked_client(name: str, company: str, email: str, notes: str) -> dict:
    checks = FieldChecks()
    values = {
        "name": checks.text("name", name, "Name", 120),
        "company": checks.text("company", company, "Company", 120, required=False),
        "email": checks.email("email", email, "Email"),
        "notes": checks.text("notes", notes, "Internal notes", 5000, required=False),
    }
    checks.raise_if_any()
    return values


async def create_client(actor: StaffActor, name: str, company: str = "", email: str = "", notes: str = "") -> int:
    values = _checked_client(name, company, email, notes)
    async with write_transaction():
        client = Client(workspace=actor.workspace_id, **values)
        await client.save()
        await record_activity(actor.workspace_id, actor.label, "client_created", values["name"], client_id=client.id)
    return client.id


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_clients(workspace_id: int, search: str = "") -> list[dict]:
    query = Client.select(Client.id, Client.name, Client.company, Client.email).where(Client.workspace == workspace_id)
    term = search.strip()[:120]
    if term:
        pattern = f"%{_escape_like(term)}%"
        query = query.where(
            Client.name.ilike(pattern) | Client.company.ilike(pattern) | Client.email.ilike(pattern)
        )
    return await query.order_by(Client.name)
