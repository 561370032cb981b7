"""Staff: projects, their proposals and their delivery updates."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from db.delivery_updates import (
    UpdateAlreadyPublished,
    create_update,
    delete_draft_update,
    edit_draft_update,
    project_updates,
    publish_update,
)
from db.form_once import create_once
from db.projects import create_project, set_project_status
from db.proposals import create_proposal, project_proposals, proposal_decisions
from db.tenancy import StaffActor, project_in_workspace, update_in_workspace
from db.validation import InvalidInput
from routes.rendering import FormState, RecordId, form_values, fragment_or_redirect, page_or_fragment
from routes.staff_clients import client_page_context

UPDATES = "fragments/project_updates.html"


@post("/clients/{client_id:int}/projects")
async def add_project(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    try:
        await create_once(
            actor.workspace_id,
            f"project@client:{client_id}",
            values,
            lambda: create_project(actor, client_id, values.get("name", "")),
        )
    except InvalidInput as error:
        context = {**await client_page_context(actor, client_id), "project_form": FormState(values, error.errors)}
        return page_or_fragment(request, "pages/client_detail.html", "fragments/client_projects.html", context, 422)
    context = await client_page_context(actor, client_id)
    return fragment_or_redirect(request, "fragments/client_projects.html", context, f"/clients/{client_id}")


async def _project_context(actor: StaffActor, project_id: int, updates_message: str = "", **forms: FormState) -> dict[str, Any]:
    project = await project_in_workspace(actor.workspace_id, project_id)
    proposals = await project_proposals(actor.workspace_id, project_id)
    for proposal in proposals:
        proposal["decisions"] = await proposal_decisions(proposal["id"])
    return {
        "actor": actor,
        "project": project,
        "proposals": proposals,
        "updates": await project_updates(actor.workspace_id, project_id),
        "status_form": forms.get("status_form", FormState({"status": project["status"]})),
        "proposal_form": forms.get("proposal_form", FormState()),
        "update_form": forms.get("update_form", FormState({"status": "on_track"})),
        # A draft's edit form that came back with errors, by "draft-<id>".
        "forms": forms,
        "updates_message": updates_message,
    }


async def _after_project_change(
    request: Request,
    actor: StaffActor,
    project_id: int,
    change: Callable[[], Awaitable[object]],
    fragment: str,
    form_name: str,
    values: dict[str, str],
) -> Template | Redirect:
    """Run one change on the project page and answer with the fragment it affects:
    refreshed on success, with the form's errors and typed text (422) otherwise."""
    try:
        await change()
    except InvalidInput as error:
        context = await _project_context(actor, project_id, **{form_name: FormState(values, error.errors)})
        return page_or_fragment(request, "pages/project_detail.html", fragment, context, 422)
    except UpdateAlreadyPublished as refusal:
        context = await _project_context(actor, project_id, updates_message=str(refusal))
        return page_or_fragment(request, "pages/project_detail.html", fragment, context, 409)
    context = await _project_context(actor, project_id)
    return fragment_or_redirect(request, fragment, context, f"/projects/{project_id}")


@get("/projects/{project_id:int}")
async def project_page(actor: NamedDependency[StaffActor], project_id: RecordId) -> Template:
    return Template("pages/project_detail.html", context=await _project_context(actor, project_id))


@post("/projects/{project_id:int}/status")
async def change_project_status(request: Request, actor: NamedDependency[StaffActor], project_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    return await _after_project_change(
        request, actor, project_id, lambda: set_project_status(actor, project_id, values.get("status", "")),
        "fragments/project_status.html", "status_form", values,
    )


@post("/projects/{project_id:int}/proposals")
async def add_proposal(request: Request, actor: NamedDependency[StaffActor], project_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    try:
        proposal_id = await create_once(
            actor.workspace_id,
            f"proposal@project:{project_id}",
            values,
            lambda: create_proposal(actor, project_id, values.get("title", "")),
        )
    except InvalidInput as error:
        context = await _project_context(actor, project_id, proposal_form=FormState(values, error.errors))
        return Template("pages/project_detail.html", context=context, status_code=422)
    return Redirect(path=f"/proposals/{proposal_id}", status_code=303)


@post("/projects/{project_id:int}/updates")
async def add_update(request: Request, actor: NamedDependency[StaffActor], project_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    return await _after_project_change(
        request, actor, project_id,
        lambda: create_once(
            actor.workspace_id,
            f"update@project:{project_id}",
            values,
            lambda: create_update(
                actor, project_id, values.get("title", ""), values.get("body", ""), values.get("status", ""),
                publish=values.get("publish") == "1",
            ),
        ),
        UPDATES, "update_form", values,
    )


@post("/updates/{update_id:int}/publish")
async def publish(request: Request, actor: NamedDependency[StaffActor], update_id: RecordId) -> Template | Redirect:
    update = await update_in_workspace(actor.workspace_id, update_id)
    return await _after_project_change(
        request, actor, update["project"], lambda: publish_update(actor, update_id), UPDATES, "", {},
    )


@post("/updates/{update_id:int}")
async def edit_update(request: Request, actor: NamedDependency[StaffActor], update_id: RecordId) -> Template | Redirect:
    update = await update_in_workspace(actor.workspace_id, update_id)
    values = await form_values(request)
    return await _after_project_change(
        request, actor, update["project"],
        lambda: edit_draft_update(actor, update_id, values.get("title", ""), values.get("body", ""), values.get("status", "")),
        UPDATES, f"draft-{update_id}", values,
    )


@post("/updates/{update_id:int}/delete")
async def delete_update(request: Request, actor: NamedDependency[StaffActor], update_id: RecordId) -> Template | Redirect:
    update = await update_in_workspace(actor.workspace_id, update_id)
    return await _after_project_change(
        request, actor, update["project"], lambda: delete_draft_update(actor, update_id), UPDATES, "", {},
    )


project_handlers = [add_project, project_page, change_project_status, add_proposal, add_update, publish, edit_update, delete_update]
