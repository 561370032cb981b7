"""Projects: each belongs to one client."""

from __future__ import annotations

from db.activity import record_activity
from db.engine import write_transaction
from db.tables import Project
from db.tenancy import StaffActor, client_in_workspace, project_in_workspace
from db.validation import FieldChecks

PROJECT_STATUS_LABELS = {"active": "Active", "completed": "Completed", "archived": "Archived"}


async def create_project(actor: StaffActor, client_id: int, name: str) -> int:
    checks = FieldChecks()
    clean_name = checks.text("name", name, "Project name", 120)
    checks.raise_if_any()
    async with write_transaction():
        await client_in_workspace(actor.workspace_id, client_id)
        project = Project(workspace=actor.workspace_id, client=client_id, name=clean_name)
        await project.save()
        await record_activity(actor.workspace_id, actor.label, "project_created", clean_name,
                              client_id=client_id, project_id=project.id)
    return project.id


async def set_project_status(actor: StaffActor, project_id: int, status: str) -> None:
    checks = FieldChecks()
    checks.choice("status", status, "Status", PROJECT_STATUS_LABELS)
    checks.raise_if_any()
    async with write_transaction():
        project = await project_in_workspace(actor.workspace_id, project_id)
        if project["status"] == status:
            return
        await Project.update({Project.status: status}).where(
            (Project.workspace == actor.workspace_id) & (Project.id == project_id)
        )
        await record_activity(actor.workspace_id, actor.label, "project_status_changed",
                              f"{project['name']}: {PROJECT_STATUS_LABELS[status]}",
                              client_id=project["client"], project_id=project_id)


async def client_projects(workspace_id: int, client_id: int) -> list[dict]:
    return await Project.select().where((Project.workspace == workspace_id) & (Project.client == client_id)).order_by(
        Project.id
    )
