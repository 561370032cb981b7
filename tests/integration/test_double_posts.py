"""A create form sent twice (a double click, a resend) creates one record."""

import asyncio
import re

from db.tables import Client, DeliveryUpdate, Project, Proposal, ProposalSection
from tests.helpers import HTMX, draft_proposal, new_client, new_project, staff_logged_in

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def _send_twice(browser, page: str, action: str, data: dict, htmx: bool = False, at_once: bool = False):
    """Post the form of `page` whose action is `action` twice, with the fields it rendered."""
    html = (await browser.get(page)).text
    form = html[html.index(f'action="{action}"'):]
    fields = {"_csrf_token": CSRF.search(form).group(1), "form_key": FORM_KEY.search(form).group(1), **data}
    send = lambda: browser.post(action, data=fields, headers=HTMX if htmx else {})  # noqa: E731
    if at_once:
        return await asyncio.gather(send(), send())
    return [await send(), await send()]


async def test_new_client_sent_twice_creates_one_client_and_both_land_on_it(client):
    staff = await staff_logged_in(client)

    first, second = await _send_twice(client, "/clients/new", "/clients", {"name": "Double Click"})

    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Double Click")) == 1


async def test_simultaneous_creates_make_one_record_each(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    proposal_id = await draft_proposal(client, project_id, [])

    await _send_twice(client, f"/clients/{client_id}", f"/clients/{client_id}/projects", {"name": "Twice"}, True, True)
    await _send_twice(client, f"/projects/{project_id}", f"/projects/{project_id}/proposals", {"title": "Twice"}, at_once=True)
    await _send_twice(client, f"/projects/{project_id}", f"/projects/{project_id}/updates",
                      {"title": "Twice", "status": "on_track", "publish": "1"}, True, True)
    await _send_twice(client, f"/proposals/{proposal_id}", f"/proposals/{proposal_id}/sections",
                      {"heading": "Twice", "body": ""}, True, True)

    assert await Project.count().where((Project.client == client_id) & (Project.name == "Twice")) == 1
    assert await Proposal.count().where((Proposal.project == project_id) & (Proposal.title == "Twice")) == 1
    assert await DeliveryUpdate.count().where((DeliveryUpdate.project == project_id) & (DeliveryUpdate.title == "Twice")) == 1
    assert await ProposalSection.count().where(ProposalSection.proposal == proposal_id) == 1


async def test_each_rendering_of_a_form_is_a_new_chance_to_create(client):
    staff = await staff_logged_in(client)

    await _send_twice(client, "/clients/new", "/clients", {"name": "Same Name"})
    await _send_twice(client, "/clients/new", "/clients", {"name": "Same Name"})

    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Same Name")) == 2


async def test_a_key_replayed_on_another_form_or_workspace_creates_normally(client, other_client):
    staff = await staff_logged_in(client)
    await staff_logged_in(other_client)
    html = (await client.get("/clients/new")).text
    key, csrf = FORM_KEY.search(html).group(1), CSRF.search(html).group(1)
    first = await client.post("/clients", data={"_csrf_token": csrf, "form_key": key, "name": "Keyed"})
    client_id = int(first.headers["location"].split("/")[2].split("?")[0])

    other_csrf = CSRF.search((await other_client.get("/clients/new")).text).group(1)
    elsewhere = await other_client.post("/clients", data={"_csrf_token": other_csrf, "form_key": key, "name": "Theirs"})
    project = await client.post(f"/clients/{client_id}/projects", data={"_csrf_token": csrf, "form_key": key, "name": "P"})
    odd_keys = [await client.post("/clients", data={"_csrf_token": csrf, "form_key": odd, "name": "Odd"})
                for odd in ("a\x00b" * 8, "x" * 65, "short")]

    assert elsewhere.status_code == 303 and elsewhere.headers["location"] != first.headers["location"]
    assert project.status_code == 303
    assert await Project.count().where((Project.client == client_id) & (Project.name == "P")) == 1
    assert [answer.status_code for answer in odd_keys] == [303, 303, 303]
    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Odd")) == 3
