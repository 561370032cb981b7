"""The tenant rule: staff reach only their own workspace's records. Every staff lookup of
a record by id goes through one of these, so an id from another workspace is simply
not found, exactly like an id that does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from db.tables import Client, DeliveryUpdate, Project, Proposal


class NotFound(Exception):
    """No such record in this workspace (it may exist in another one: we do not say)."""


@dataclass(frozen=True)
class StaffActor:
    user_id: int
    name: str
    email: str
    workspace_id: int
    workspace_name: str
    role: str
    plan: str
    brand_colour: str

    @property
    def label(self) -> str:
        return f"{self.name} (staff)"

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


async def _one(query) -> dict:
    row = await query.first()
    if row is None:
        raise NotFound()
    return row


async def client_in_workspace(workspace_id: int, client_id: int) -> dict:
    return await _one(Client.select().where((Client.workspace == workspace_id) & (Client.id == client_id)))


async def project_in_workspace(workspace_id: int, project_id: int) -> dict:
    return await _one(
        Project.select(Project.all_columns(), Project.client.name.as_alias("client_name")).where(
            (Project.workspace == workspace_id) & (Project.id == project_id)
        )
    )


async def proposal_in_workspace(workspace_id: int, proposal_id: int) -> dict:
    return await _one(
        Proposal.select(
            Proposal.all_columns(),
            Proposal.project.name.as_alias("project_name"),
            Proposal.project.client.as_alias("client_id"),
            Proposal.project.client.name.as_alias("client_name"),
        ).where((Proposal.workspace == workspace_id) & (Proposal.id == proposal_id))
    )


async def update_in_workspace(workspace_id: int, update_id: int) -> dict:
    return await _one(
        DeliveryUpdate.select().where((DeliveryUpdate.workspace == workspace_id) & (DeliveryUpdate.id == update_id))
    )
