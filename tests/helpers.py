"""What tests do again and again, done the way a browser would."""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass

import httpx

from db.staff_accounts import sign_up
from db.tables import Membership

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
FORM_KEY_FIELD = re.compile(r'name="form_key" value="([^"]+)"')
PASSWORD = "correct horse battery"
HTMX = {"HX-Request": "true"}


@dataclass
class Staff:
    email: str
    user_id: int
    workspace_id: int


async def csrf_token(browser: httpx.AsyncClient, page: str = "/login") -> str:
    """The token from a real form on a page, as a browser would submit it; a page with no
    form left (after a decision) still set the cookie a resubmitted form would match."""
    response = await browser.get(page)
    match = CSRF_FIELD.search(response.text)
    if match:
        return match.group(1)
    assert browser.cookies.get("portal_csrf"), f"no CSRF field or cookie on {page}"
    return browser.cookies["portal_csrf"]


async def post_form(
    browser: httpx.AsyncClient, url: str, data: dict | None = None, htmx: bool = False, page: str = "/login"
) -> httpx.Response:
    token = await csrf_token(browser, page)
    return await browser.post(url, data={**(data or {}), "_csrf_token": token}, headers=HTMX if htmx else {})


async def staff_logged_in(browser: httpx.AsyncClient, plan: str = "pro") -> Staff:
    email = f"staff-{uuid.uuid4().hex[:10]}@example.com"
    user_id = await sign_up(f"Studio {email[:12]}", "Sam Staff", email, PASSWORD, plan=plan)
    response = await post_form(browser, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.text
    membership = await Membership.select(Membership.workspace).where(Membership.staff_user == user_id).first()
    return Staff(email=email, user_id=user_id, workspace_id=membership["workspace"])


async def new_client(browser: httpx.AsyncClient, name: str = "Maya Client", email: str = "maya@example.com") -> int:
    response = await post_form(browser, "/clients", {"name": name, "email": email}, page="/clients/new")
    assert response.status_code == 303, response.text
    return int(re.search(r"/clients/(\d+)", response.headers["location"]).group(1))


async def create_portal_link(browser: httpx.AsyncClient, client_id: int) -> str:
    """Create (or rotate) the client's link; returns the one-time URL's token."""
    response = await post_form(browser, f"/clients/{client_id}/portal-link", htmx=True, page=f"/clients/{client_id}")
    assert response.status_code == 200, response.text
    return re.search(r"/portal/([A-Za-z0-9_-]+)", response.text).group(1)


async def new_project(browser: httpx.AsyncClient, client_id: int, name: str = "Website") -> int:
    from db.tables import Project

    response = await post_form(browser, f"/clients/{client_id}/projects", {"name": name}, page=f"/clients/{client_id}")
    assert response.status_code == 303, response.text
    row = await Project.select(Project.id).where((Project.client == client_id) & (Project.name == name)).first()
    return row["id"]


async def draft_proposal(browser: httpx.AsyncClient, project_id: int, sections: list[tuple[str, str]], title: str = "Proposal") -> int:
    """A draft proposal with these sections, written through the staff pages."""
    response = await post_form(browser, f"/projects/{project_id}/proposals", {"title": title}, page=f"/projects/{project_id}")
    assert response.status_code == 303, response.text
    proposal_id = int(response.headers["location"].rsplit("/", 1)[1])
    for heading, body in sections:
        response = await post_form(
            browser, f"/proposals/{proposal_id}/sections", {"heading": heading, "body": body}, page=f"/proposals/{proposal_id}"
        )
        assert response.status_code == 303, response.text
    return proposal_id


async def shared_proposal(browser: httpx.AsyncClient, project_id: int, sections: list[tuple[str, str]], title: str = "Proposal") -> int:
    """A proposal with these sections, marked ready for client review."""
    proposal_id = await draft_proposal(browser, project_id, sections, title)
    response = await post_form(browser, f"/proposals/{proposal_id}/ready", page=f"/proposals/{proposal_id}")
    assert response.status_code == 303, response.text
    return proposal_id


async def published_update(browser: httpx.AsyncClient, project_id: int, title: str = "Week 1", publish: bool = True) -> int:
    from db.tables import DeliveryUpdate

    data = {"title": title, "body": "Progress.", "status": "on_track", "publish": "1" if publish else "0"}
    response = await post_form(browser, f"/projects/{project_id}/updates", data, page=f"/projects/{project_id}")
    assert response.status_code == 303, response.text
    row = await DeliveryUpdate.select(DeliveryUpdate.id).where(
        (DeliveryUpdate.project == project_id) & (DeliveryUpdate.title == title)
    ).first()
    return row["id"]


async def portal_with_shared_proposal(staff_browser: httpx.AsyncClient, sections: list[tuple[str, str]],
                                      title: str = "Proposal") -> tuple[str, int]:
    """A new workspace's client with a portal link and one proposal ready for review:
    (the link's token, the proposal's id)."""
    await staff_logged_in(staff_browser)
    client_id = await new_client(staff_browser)
    project_id = await new_project(staff_browser, client_id)
    proposal_id = await shared_proposal(staff_browser, project_id, sections, title=title)
    return await create_portal_link(staff_browser, client_id), proposal_id


async def send_form_twice(browser: httpx.AsyncClient, page: str, action: str, data: dict,
                          htmx: bool = False, at_once: bool = False) -> list[httpx.Response]:
    """Post the form of `page` whose action is `action` twice, with the fields it rendered
    (its one-time form key included): one after the other, or both at once."""
    html = (await browser.get(page)).text
    form = html[html.index(f'action="{action}"'):]
    fields = {"_csrf_token": CSRF_FIELD.search(form).group(1), "form_key": FORM_KEY_FIELD.search(form).group(1), **data}
    send = lambda: browser.post(action, data=fields, headers=HTMX if htmx else {})  # noqa: E731
    if at_once:
        return list(await asyncio.gather(send(), send()))
    return [await send(), await send()]
