"""Clients of a workspace."""

from __future__ import annotations

from db.activity import record_activity
from db.engine import write_transaction
from db.tables import Client
from db.tenancy import StaffActor, client_in_workspace
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


async def update_client(actor: StaffActor, client_id: int, name: str, company: str, email: str, notes: str) -> None:
    values = _checked_client(name, company, email, notes)
    async with write_transaction():
        await client_in_workspace(actor.workspace_id, client_id)
        await Client.update({getattr(Client, key): value for key, value in values.items()}).where(
            (Client.workspace == actor.workspace_id) & (Client.id == client_id)
        )
        await record_activity(actor.workspace_id, actor.label, "client_updated", values["name"], client_id=client_id)


async def list_clients(workspace_id: int, search: str = "") -> list[dict]:
    """The workspace's clients by name, narrowed to those whose name, company or email
    contains the search term. Matching happens here rather than in SQL so that it is the
    same on SQLite and PostgreSQL: case-insensitive beyond ASCII ("TOMÁS" finds "Tomás"),
    and % or _ are just characters."""
    clients = await Client.select(Client.id, Client.name, Client.company, Client.email).where(
        Client.workspace == workspace_id
    ).order_by(Client.name)
    term = search.strip()[:120].casefold()
    if not term:
        return clients
    return [client for client in clients if any(term in client[key].casefold() for key in ("name", "company", "email"))]
