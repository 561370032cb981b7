"""Staff: the clients list, a client's page and its Client portal section."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.activity import client_activity
from db.clients import create_client, list_clients, update_client
from db.form_once import create_once
from db.plans import PLANS_WITH_PORTAL, PlanRequired
from db.portal_links import (
    IssuedLink,
    clients_with_active_link,
    create_portal_link,
    portal_access,
    portal_link_status,
    revoke_portal_link,
)
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
    return Template("pages/client_form.html", context={"actor": actor, "form": FormState()})


@post("/clients")
async def add_client(request: Request, actor: NamedDependency[StaffActor]) -> Template | Redirect:
    values = await form_values(request)
    try:
        client_id = await create_once(
            actor.workspace_id,
            "client",
            values,
            lambda: create_client(
                actor, values.get("name", ""), values.get("company", ""), values.get("email", ""), values.get("notes", "")
            ),
        )
    except InvalidInput as error:
        return Template(
            "pages/client_form.html", context={"actor": actor, "form": FormState(values, error.errors)}, status_code=422
        )
    return Redirect(path=f"/clients/{client_id}?new=1", status_code=303)


CLIENT_FIELDS = ("name", "company", "email", "notes")


@get("/clients/{client_id:int}/edit")
async def edit_client_page(actor: NamedDependency[StaffActor], client_id: RecordId) -> Template:
    client = await client_in_workspace(actor.workspace_id, client_id)
    form = FormState({name: client[name] for name in CLIENT_FIELDS})
    return Template("pages/client_form.html", context={"actor": actor, "client": client, "form": form})


@post("/clients/{client_id:int}/edit")
async def edit_client(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    try:
        await update_client(actor, client_id, *(values.get(name, "") for name in CLIENT_FIELDS))
    except InvalidInput as error:
        client = await client_in_workspace(actor.workspace_id, client_id)
        context = {"actor": actor, "client": client, "form": FormState(values, error.errors)}
        return Template("pages/client_form.html", context=context, status_code=422)
    return Redirect(path=f"/clients/{client_id}", status_code=303)


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


# Without JavaScript a new link reaches the client page through a redirect (so that a
# reload cannot post again and replace it): the token rides along in this cookie, which
# only that client's page receives, for one showing. It never goes into a URL, which
# would put it in logs and the browser's history.
NEW_LINK_COOKIE = "portal_new_link"
NEW_LINK_COOKIE_SECONDS = 60
REPLACED = "replaced"


def _new_link_cookie(client_id: int, token: str = "") -> Cookie:
    return Cookie(
        key=NEW_LINK_COOKIE,
        value=token,
        max_age=NEW_LINK_COOKIE_SECONDS if token else 0,
        path=f"/clients/{client_id}",
        httponly=True,
        secure=get_settings().secure_cookies,
        samesite="strict",
    )


async def _link_handed_over(request: Request, actor: StaffActor, client_id: int, replaced: bool) -> IssuedLink | None:
    """The link made by the POST that redirected here, if it still opens this client's portal."""
    token = request.cookies.get(NEW_LINK_COOKIE, "")
    access = await portal_access(token) if token else None
    if access is None or (access.workspace_id, access.client_id) != (actor.workspace_id, client_id):
        return None
    return IssuedLink(token=token, replaced_an_active_link=replaced)


@get("/clients/{client_id:int}")
async def client_page(
    request: Request, actor: NamedDependency[StaffActor], client_id: RecordId, new: FromQuery[int] = 0, link: FromQuery[str] = ""
) -> Template:
    issued = await _link_handed_over(request, actor, client_id, replaced=link == REPLACED)
    context = await client_page_context(actor, client_id, issued=issued)
    # On a plan without the portal the Client portal section already explains the upgrade.
    context["just_created"] = bool(new) and context["link"] is None and actor.plan in PLANS_WITH_PORTAL
    shown_once = [_new_link_cookie(client_id)] if NEW_LINK_COOKIE in request.cookies else []
    return Template("pages/client_detail.html", context=context, cookies=shown_once)


async def _panel_response(request: Request, actor: StaffActor, client_id: int, status_code: int = 200, **panel: Any) -> Template:
    """The Client portal section alone for htmx; the whole client page otherwise."""
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


PANEL = "#portal-link-panel"


@post("/clients/{client_id:int}/portal-link")
async def create_link(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template | Redirect:
    try:
        issued = await create_portal_link(actor, client_id)
    except PlanRequired as refusal:
        return await _panel_response(request, actor, client_id, status_code=403, message=str(refusal))
    if wants_fragment(request):
        return await _panel_response(request, actor, client_id, issued=issued)
    query = f"?link={REPLACED}" if issued.replaced_an_active_link else ""
    return Redirect(
        path=f"/clients/{client_id}{query}{PANEL}", status_code=303, headers=VARY,
        cookies=[_new_link_cookie(client_id, issued.token)],
    )


@post("/clients/{client_id:int}/portal-link/revoke")
async def revoke_link(request: Request, actor: NamedDependency[StaffActor], client_id: RecordId) -> Template | Redirect:
    revoked = await revoke_portal_link(actor, client_id)
    if not wants_fragment(request):
        return Redirect(path=f"/clients/{client_id}{PANEL}", status_code=303, headers=VARY)
    message = "Link revoked: it stopped working just now." if revoked else "There was no active link to revoke."
    return await _panel_response(request, actor, client_id, message=message)


client_handlers = [
    clients_page, new_client_page, add_client, edit_client_page, edit_client, client_page, create_link, revoke_link,
]
