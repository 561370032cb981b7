"""Workspace isolation. A staff member of workspace A who types an id of workspace B into
any staff URL gets the same 404 as for an id that does not exist, sees none of B's data,
and changes nothing of B's. Without a session, every staff URL sends the browser to the
login page (htmx: 401 with HX-Redirect) and changes nothing either.

B's data is built the way B's staff would build it, through B's own browser."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from db.tables import (
    ALL_TABLES,
    Activity,
    Client,
    ClientDecision,
    DeliveryFeedback,
    DeliveryUpdate,
    PortalLink,
    Project,
    Proposal,
    ProposalSection,
    ProposalVersion,
)
from tests.helpers import (
    HTMX,
    create_portal_link,
    new_client,
    new_project,
    post_form,
    published_update,
    shared_proposal,
    staff_logged_in,
)

NOT_FOUND_MESSAGE = "There is nothing here, or it is not yours to see."

B_CLIENT = "Bravo Secret Client"
B_COMPANY = "Bravo Hidden Corp"
B_EMAIL = "bravo-secret@example.com"
B_NOTES = "Bravo internal notes: prefers calls"
B_PROJECT = "Bravo Secret Project"
B_DRAFT = "Bravo Draft Proposal"
B_READY = "Bravo Shared Proposal"
B_HEADINGS = ("Bravo Scope Heading", "Bravo Price Heading")
B_BODIES = ("Bravo scope body text", "Bravo price body text")
B_UPDATE = "Bravo Draft Update"
B_STRINGS = (B_CLIENT, B_COMPANY, B_EMAIL, B_NOTES, B_PROJECT, B_DRAFT, B_READY, *B_HEADINGS, *B_BODIES, B_UPDATE)


@dataclass
class WorkspaceB:
    workspace_id: int
    client_id: int
    token: str
    project_id: int
    draft_id: int
    section_ids: list[int]
    ready_id: int
    update_id: int

    def ids(self) -> dict[str, int]:
        return {
            "client": self.client_id,
            "project": self.project_id,
            "draft": self.draft_id,
            "ready": self.ready_id,
            "update": self.update_id,
            "section0": self.section_ids[0],
            "section1": self.section_ids[1],
        }


async def build_workspace_b(browser) -> WorkspaceB:
    """Everything B's staff would make: a client with company, email and notes, an active
    portal link, a project, a draft proposal with two sections, a proposal shared for
    review, and a draft delivery update."""
    staff = await staff_logged_in(browser)
    response = await post_form(
        browser, "/clients", {"name": B_CLIENT, "company": B_COMPANY, "email": B_EMAIL, "notes": B_NOTES}, page="/clients/new"
    )
    assert response.status_code == 303, response.text
    client_id = int(re.search(r"/clients/(\d+)", response.headers["location"]).group(1))
    token = await create_portal_link(browser, client_id)
    project_id = await new_project(browser, client_id, name=B_PROJECT)

    response = await post_form(browser, f"/projects/{project_id}/proposals", {"title": B_DRAFT}, page=f"/projects/{project_id}")
    assert response.status_code == 303, response.text
    draft_id = int(response.headers["location"].rsplit("/", 1)[1])
    for heading, body in zip(B_HEADINGS, B_BODIES):
        response = await post_form(
            browser, f"/proposals/{draft_id}/sections", {"heading": heading, "body": body}, page=f"/proposals/{draft_id}"
        )
        assert response.status_code == 303, response.text
    section_ids = [
        row["id"]
        for row in await ProposalSection.select(ProposalSection.id)
        .where(ProposalSection.proposal == draft_id)
        .order_by(ProposalSection.position)
    ]
    ready_id = await shared_proposal(browser, project_id, [("Bravo Shared Section", "Shared text")], title=B_READY)
    update_id = await published_update(browser, project_id, title=B_UPDATE, publish=False)
    return WorkspaceB(staff.workspace_id, client_id, token, project_id, draft_id, section_ids, ready_id, update_id)


async def workspace_rows(workspace_id: int) -> dict[str, list[dict]]:
    """Every row that belongs to the workspace, as stored."""
    rows: dict[str, list[dict]] = {}
    for table in (Client, Project, Proposal, DeliveryUpdate, PortalLink, Activity, ClientDecision, DeliveryFeedback):
        rows[table.__name__] = await table.select().where(table.workspace == workspace_id).order_by(table.id)
    proposal_ids = [row["id"] for row in rows["Proposal"]] or [-1]
    for table in (ProposalSection, ProposalVersion):
        rows[table.__name__] = await table.select().where(table.proposal.is_in(proposal_ids)).order_by(table.id)
    return rows


async def row_counts() -> dict[str, int]:
    return {table.__name__: await table.count() for table in ALL_TABLES}


async def assert_b_link_still_works(browser, b: WorkspaceB) -> None:
    dashboard = await browser.get(f"/portal/{b.token}")
    assert dashboard.status_code == 200
    assert f"Hello, {B_CLIENT}" in dashboard.text
    assert B_PROJECT in dashboard.text and B_READY in dashboard.text


def assert_nothing_of_b(response, b: WorkspaceB) -> None:
    for secret in B_STRINGS:
        assert secret not in response.text, f"{secret!r} leaked into the answer"
    assert f"/portal/{b.token}" not in response.text


# Every staff URL that names a record: (method, path, form data). Invalid form data is
# included too, since a route that checks the input before the workspace must still not
# answer differently for another workspace's record.
ATTACKS = [
    ("GET", "/clients/{client}", None),
    ("GET", "/projects/{project}", None),
    ("GET", "/proposals/{draft}", None),
    ("GET", "/proposals/{ready}", None),
    ("GET", "/clients/{client}/edit", None),
    ("POST", "/clients/{client}/edit", {"name": "Hijacked client", "company": "", "email": "", "notes": ""}),
    ("POST", "/clients/{client}/edit", {"name": ""}),
    ("POST", "/clients/{client}/portal-link", {}),
    ("POST", "/clients/{client}/portal-link/revoke", {}),
    ("POST", "/clients/{client}/projects", {"name": "Hijacked project"}),
    ("POST", "/clients/{client}/projects", {"name": ""}),
    ("POST", "/projects/{project}/status", {"status": "archived"}),
    ("POST", "/projects/{project}/status", {"status": "forged"}),
    ("POST", "/projects/{project}/proposals", {"title": "Hijacked proposal"}),
    ("POST", "/projects/{project}/proposals", {"title": ""}),
    ("POST", "/projects/{project}/updates", {"title": "Hijacked update", "body": "x", "status": "blocked", "publish": "1"}),
    ("POST", "/projects/{project}/updates", {"title": "", "body": "x", "status": "forged", "publish": "1"}),
    ("POST", "/updates/{update}/publish", {}),
    ("POST", "/updates/{update}", {"title": "Hijacked update", "body": "x", "status": "blocked"}),
    ("POST", "/updates/{update}", {"title": "", "body": "x", "status": "forged"}),
    ("POST", "/updates/{update}/delete", {}),
    ("POST", "/proposals/{draft}/sections", {"heading": "Hijacked heading", "body": "x"}),
    ("POST", "/proposals/{draft}/sections", {"heading": "", "body": "x"}),
    ("POST", "/proposals/{draft}/sections/{section0}", {"heading": "Hijacked heading", "body": "x"}),
    ("POST", "/proposals/{draft}/sections/{section0}", {"heading": "", "body": "x"}),
    ("POST", "/proposals/{draft}/sections/{section0}/move", {"direction": "down"}),
    ("POST", "/proposals/{draft}/sections/{section1}/move", {"direction": "up"}),
    ("POST", "/proposals/{draft}/sections/{section0}/remove", {}),
    ("POST", "/proposals/{draft}/ready", {}),
    ("POST", "/proposals/{ready}/withdraw", {}),
    ("POST", "/proposals/{ready}/sections/{section0}/remove", {}),
]


def _attack_id(attack) -> str:
    method, path, data = attack
    invalid = " invalid" if data and any(value in ("", "forged") for value in data.values()) else ""
    return f"{method} {path}{invalid}"


async def _send(browser, method: str, url: str, data: dict | None, htmx: bool):
    if method == "GET":
        return await browser.get(url, headers=HTMX if htmx else {})
    return await post_form(browser, url, data, htmx=htmx)


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("attack", ATTACKS, ids=[_attack_id(attack) for attack in ATTACKS])
async def test_another_workspaces_record_is_not_found_and_unchanged(client, other_client, attack, htmx):
    b = await build_workspace_b(other_client)
    await staff_logged_in(client)
    method, path, data = attack
    before, counts_before = await workspace_rows(b.workspace_id), await row_counts()

    response = await _send(client, method, path.format(**b.ids()), data, htmx)

    assert response.status_code == 404, response.text
    assert NOT_FOUND_MESSAGE in response.text
    assert_nothing_of_b(response, b)
    if htmx:
        assert "<html" not in response.text  # the error fragment, shown in the page's live region
        assert response.headers["hx-retarget"] == "#messages"
    assert await workspace_rows(b.workspace_id) == before
    assert await row_counts() == counts_before  # nothing created in A's workspace either
    await assert_b_link_still_works(other_client, b)


@pytest.mark.parametrize("plan", ["free", "studio"])
async def test_portal_link_actions_on_another_workspaces_client_are_not_found_on_any_plan(client, other_client, plan):
    """On the free plan the plan check must not answer first (403 would confirm the id)."""
    b = await build_workspace_b(other_client)
    await staff_logged_in(client, plan=plan)
    before = await workspace_rows(b.workspace_id)

    for path in (f"/clients/{b.client_id}/portal-link", f"/clients/{b.client_id}/portal-link/revoke"):
        for htmx in (False, True):
            response = await post_form(client, path, htmx=htmx)
            assert response.status_code == 404, (path, htmx, response.text)
            assert_nothing_of_b(response, b)

    assert await workspace_rows(b.workspace_id) == before
    await assert_b_link_still_works(other_client, b)


def _comparable(text: str) -> str:
    """A page without what differs between any two answers (CSP nonce, CSRF token)."""
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r'name="_csrf_token" value="[^"]*"', 'name="_csrf_token" value=""', text)


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
async def test_another_workspaces_ids_are_answered_exactly_like_missing_ids(client, other_client, htmx):
    b = await build_workspace_b(other_client)
    await staff_logged_in(client)
    missing = max(b.ids().values()) + 100_000
    headers = HTMX if htmx else {}

    for template in ("/clients/{}", "/projects/{}", "/proposals/{}"):
        for record_id in (b.client_id, b.project_id, b.draft_id):
            existing = await client.get(template.format(record_id), headers=headers)
            absent = await client.get(template.format(missing), headers=headers)
            assert (existing.status_code, _comparable(existing.text)) == (absent.status_code, _comparable(absent.text))
            assert existing.status_code == 404


async def test_another_workspaces_clients_never_appear_in_the_list_or_search(client, other_client):
    b = await build_workspace_b(other_client)
    await staff_logged_in(client)
    own_id = await new_client(client, name="Alpha Own Client", email="alpha@example.com")

    listing = await client.get("/clients")
    assert listing.status_code == 200
    assert f'href="/clients/{own_id}"' in listing.text and "Alpha Own Client" in listing.text
    assert f'href="/clients/{b.client_id}"' not in listing.text
    assert_nothing_of_b(listing, b)

    searches = ["Bravo", B_CLIENT, B_EMAIL, "Hidden Corp", "example.com", "a", "%", "_", "client"]
    for q in searches:
        for htmx in (False, True):
            response = await client.get("/clients", params={"q": q}, headers=HTMX if htmx else {})
            assert response.status_code == 200, (q, response.text)
            assert f'href="/clients/{b.client_id}"' not in response.text, q
            for secret in (B_CLIENT, B_COMPANY, B_EMAIL):
                if secret not in q:  # the search box shows what was typed
                    assert secret not in response.text, (q, secret)
            if htmx:
                assert "<html" not in response.text and 'id="client-rows"' in response.text

    # A search that matches A's own client finds it, so the checks above are not vacuous.
    found = await client.get("/clients", params={"q": "example.com"})
    assert f'href="/clients/{own_id}"' in found.text
    nothing = await client.get("/clients", params={"q": "Bravo"})
    assert "No client matches" in nothing.text


async def _proposal_with_sections(browser, project_id: int, title: str, headings: list[str]) -> tuple[int, list[int]]:
    response = await post_form(browser, f"/projects/{project_id}/proposals", {"title": title})
    assert response.status_code == 303, response.text
    proposal_id = int(response.headers["location"].rsplit("/", 1)[1])
    for heading in headings:
        response = await post_form(browser, f"/proposals/{proposal_id}/sections", {"heading": heading, "body": f"{heading} body"})
        assert response.status_code == 303, response.text
    ids = [
        row["id"]
        for row in await ProposalSection.select(ProposalSection.id)
        .where(ProposalSection.proposal == proposal_id)
        .order_by(ProposalSection.position)
    ]
    return proposal_id, ids


async def _sections(proposal_ids: list[int]) -> list[dict]:
    return await ProposalSection.select().where(ProposalSection.proposal.is_in(proposal_ids)).order_by(ProposalSection.id)


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
async def test_a_section_cannot_be_changed_through_another_proposals_url(client, other_client, htmx):
    """Same workspace: an editable proposal's URL must not reach a section of another
    proposal, neither of another draft nor of one locked for client review; nor a section
    of another workspace through one's own proposal."""
    b = await build_workspace_b(other_client)
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    target_id, target_sections = await _proposal_with_sections(client, project_id, "Target", ["T1", "T2"])
    other_draft_id, other_draft_sections = await _proposal_with_sections(client, project_id, "Other draft", ["D1", "D2"])
    locked_id = await shared_proposal(client, project_id, [("L1", "Locked one"), ("L2", "Locked two")], title="Locked")
    locked_sections = [row["id"] for row in await _sections([locked_id])]
    versions_before = await ProposalVersion.select().where(ProposalVersion.proposal == locked_id)
    everything = [target_id, other_draft_id, locked_id, b.draft_id]
    before = await _sections(everything)

    foreign_sections = [*other_draft_sections, *locked_sections, *b.section_ids]
    for section_id in foreign_sections:
        base = f"/proposals/{target_id}/sections/{section_id}"
        for url, data in [
            (base, {"heading": "Hijacked heading", "body": "Hijacked body"}),
            (f"{base}/move", {"direction": "up"}),
            (f"{base}/move", {"direction": "down"}),
            (f"{base}/remove", {}),
        ]:
            response = await post_form(client, url, data, htmx=htmx)
            assert response.status_code == 404, (url, response.text)
            assert "Hijacked" not in response.text
            assert_nothing_of_b(response, b)

    assert await _sections(everything) == before
    assert await ProposalVersion.select().where(ProposalVersion.proposal == locked_id) == versions_before
    # The same URLs with the target's own section do work, so the 404s above mean something.
    response = await post_form(client, f"/proposals/{target_id}/sections/{target_sections[0]}", {"heading": "Renamed", "body": ""}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    assert (await ProposalSection.select(ProposalSection.heading).where(ProposalSection.id == target_sections[0]).first())[
        "heading"
    ] == "Renamed"


# Staff URLs that need a session, with B's real ids so a missing check would matter.
UNAUTHENTICATED = [
    ("GET", "/clients", None),
    ("GET", "/clients?q=Bravo", None),
    ("GET", "/clients/new", None),
    ("GET", "/settings", None),
    ("POST", "/clients", {"name": "Intruder client"}),
    ("POST", "/settings", {"name": "Taken over", "brand_colour": "#000000", "plan": "studio"}),
    *ATTACKS,
]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
async def test_without_a_session_staff_urls_send_to_login_and_change_nothing(client, other_client, htmx):
    b = await build_workspace_b(other_client)
    before, counts_before = await workspace_rows(b.workspace_id), await row_counts()

    for cookie in (None, "forged-session-token"):
        if cookie:
            client.cookies.set("portal_session", cookie)
        for method, path, data in UNAUTHENTICATED:
            url = path.format(**b.ids())
            response = await _send(client, method, url, data, htmx)
            if htmx:
                assert response.status_code == 401, (method, url, response.status_code)
                assert response.headers["hx-redirect"] == "/login", (method, url)
                assert response.text == ""
            else:
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["location"] == "/login", (method, url)
            assert_nothing_of_b(response, b)

    assert await workspace_rows(b.workspace_id) == before
    assert await row_counts() == counts_before
    await assert_b_link_still_works(other_client, b)


async def test_a_logged_out_session_cookie_opens_nothing(client, other_client):
    b = await build_workspace_b(other_client)
    old_cookie = other_client.cookies.get("portal_session")
    assert (await other_client.get(f"/clients/{b.client_id}")).status_code == 200

    response = await post_form(other_client, "/logout")
    assert response.status_code == 303

    client.cookies.set("portal_session", old_cookie)
    replay = await client.get(f"/clients/{b.client_id}")
    assert replay.status_code == 303 and replay.headers["location"] == "/login"
    assert_nothing_of_b(replay, b)


async def test_a_session_belongs_to_its_own_workspace_only(client, other_client):
    """Two staff accounts of different workspaces, logged in at once in two browsers,
    each see only their own clients on the same URL."""
    b = await build_workspace_b(other_client)
    await staff_logged_in(client)
    own_id = await new_client(client, name="Alpha Own Client")

    assert (await other_client.get(f"/clients/{own_id}")).status_code == 404
    assert (await client.get(f"/clients/{b.client_id}")).status_code == 404
    assert (await client.get(f"/clients/{own_id}")).status_code == 200
    mine = await other_client.get(f"/clients/{b.client_id}")
    assert mine.status_code == 200 and B_CLIENT in mine.text and "Alpha Own Client" not in mine.text

