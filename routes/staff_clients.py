"""Staff: the clients list, a client's page and its Client portal section."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.activity import client_activity
from db.clients import create_client, list_clients
from db.form_once import create_once
from db.plans import PLANS_WITH_PORTAL, PlanRequired
from db.portal_links import IssuedLink, clients_with_active_link, create_portal_link, portal_link_status, revoke_portal_link
from db.projects import client_projects
from db.tenancy import StaffActor, client_in_workspace
from db.validation import InvalidInput
from routes.rendering import VARY, FormState, RecordId, form_values, page_or_fragment, wants_fragment
from settings import get_settings


@get("/clients")
async def clients_page(request: Request, actor: NamedDependency[StaffActor], q: FromQuery[str] = "") -> Template:
    context = {"actor": actor, "clients": await list_clients(actor.workspace_id, q), "q": q,
               "active_links": await clients_with_active_link(actor.workspace_id)}
    return page_or_fragment(request, "pages/clients.html", "fragments/client_rows.html", context)


@get("/clients/new")
async def new_client_page(actor: NamedDependency[StaffActor]) -> Template:
    return Template("pages/client_new.html", context={"actor": actor, "form": FormState()})


@post("/clients")
async def add_client(request: Request, actor: NamedDependency[StaffActor]) -> Template | Redirect:
    values = await form_values(request)
    try:
        client_id = await create_once(
            actor.workspace_id,
            "client",
            values.get("form_key", ""),
            lambda: create_client(
                actor, values.get("name", ""), values.get("company", ""), values.get("email", ""), values.get("notes", "")
            ),
        )
    except InvalidInput as error:
        return Template(
            "pages/client_new.html", context={"actor": actor, "form": FormState(values, error.errors)}, status_code=422
        )
    return Redirect(path=f"/clients/{client_id}?new=1", status_code=303)


async def portal_panel_context(
    actor: StaffActor, client: dict, issued: IssuedLink | None = None, message: str = ""
) -> dict[str, Any]:
    return {
        "actor": actor,
        "client": client,
        "link": await portal_link_status(actor.workspace_id, client["id"]),
        "new_link_url": f"{get_settings().public_url}/portal/{issued.token}" if issued else None,
        "replaced_old_link": bool(issued and issued.replaced_an_active_link),
        "panel_message": message,
    }


async def client_page_context(actor: StaffActor, client_id: int, **panel: Any) -> dict[str, Any]:
    client = await client_in_workspace(actor.workspace_id, client_id)
    return {
        **await portal_panel_context(actor, client, **panel),
        "projects": await client_projects(actor.workspace_id, client_id),
        "activity": await client_activity(actor.workspace_id, client_id),
        "project_form": FormState(),
    }


@get("/clients/{client_id:int}")
async def client_page(actor: NamedDependency[StaffActor], client_id: RecordId, new: FromQuery[int] = 0) -> Template:
    context = await client_page_context(actor, client_id)
    # On a plan without the portal the Client portal section already explains the upgrade.
    context["just_created"] = bool(new) and context["link"] is None and actor.plan in PLANS_WITH_PORTAL
    return Template("pages/client_detail.html", context=context)


async def _panel_response(request: Request, actor: StaffActor, client_id: int, status_code: int = 200, **panel: Any) -> Template:
    """The Client portal section alone for htmx; the whole client page otherwise, since a
    freshly made link can be shown only in this response and never after a redirect."""
    if wants_fragment(request):
        client = await client_in_workspace(actor.workspace_id, client_id)
        context = {
            **await portal_panel_context(actor, client, **panel),
            "activity": await client_activity(actor.workspace_id, client_id),
            "oob_updates": True,
            "remove_prompt": (await form_values(request)).get("from_prompt") == "1",
        }
        return Template("fragments/portal_link_panel.html", context=context, status_code=status_code, headers=VARY)
    context = await client_page_context(actor, client_id, **panel)
    return Template("pages/client_detail.html", context=context, status_code=status_code, headers=VARY)


@post("/clients/{client_id:int}/portal-link")
async def create_link(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template:
    try:
        issued = await create_portal_link(actor, client_id)
    except PlanRequired as refusal:
        return await _panel_response(request, actor, client_id, status_code=403, message=str(refusal))
    return await _panel_response(request, actor, client_id, issued=issued)


@post("/clients/{client_id:int}/portal-link/revoke")
async def revoke_link(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template:
    revoked = await revoke_portal_link(actor, client_id)
    message = "Link revoked: it stopped working just now." if revoked else "There was no active link to revoke."
    return await _panel_response(request, actor, client_id, message=message)


client_handlers = [clients_page, new_client_page, add_client, client_page, create_link, revoke_link]
