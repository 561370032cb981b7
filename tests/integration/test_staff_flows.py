"""Staff work end to end through HTTP: account, clients, proposals, updates, settings."""

import re

from db.tables import DeliveryUpdate, Proposal, ProposalSection, StaffSession, StaffUser, Workspace
from tests.helpers import (
    PASSWORD,
    create_portal_link,
    draft_proposal,
    new_client,
    new_project,
    post_form,
    published_update,
    staff_logged_in,
)


async def test_sign_up_creates_a_workspace_and_logs_in(client):
    response = await post_form(client, "/signup", {
        "workspace_name": "Pixel & Co", "name": "Ana", "email": "Ana.Signup@Example.com", "password": "long enough pass",
    }, page="/signup")

    assert response.status_code == 303 and response.headers["location"] == "/clients"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    user = await StaffUser.select().where(StaffUser.email == "ana.signup@example.com").first()
    assert user["password_hash"].startswith("$argon2id$") and "long enough pass" not in user["password_hash"]
    page = await client.get("/clients")
    assert "Pixel &amp; Co" in page.text and "No clients yet" in page.text
    plan = await Workspace.select(Workspace.plan).where(Workspace.name == "Pixel & Co").first()
    assert plan["plan"] == "free"


async def test_log_out_ends_the_session_on_the_server(client):
    staff = await staff_logged_in(client)
    token = client.cookies["portal_session"]

    await post_form(client, "/logout", page="/clients")

    assert await StaffSession.count().where(StaffSession.staff_user == staff.user_id) == 0
    client.cookies.set("portal_session", token)
    again = await client.get("/clients")
    assert again.status_code == 303 and again.headers["location"] == "/login"


async def test_login_with_the_right_password(client, other_client):
    staff = await staff_logged_in(client)

    response = await post_form(other_client, "/login", {"email": staff.email.upper(), "password": PASSWORD})

    assert response.status_code == 303
    assert (await other_client.get("/clients")).status_code == 200


async def test_new_client_lands_on_the_detail_page_with_the_portal_prompt(client):
    await staff_logged_in(client)

    response = await post_form(client, "/clients", {"name": "Rosa Prompt", "company": "Rosa Ltd"}, page="/clients/new")
    page = await client.get(response.headers["location"])

    assert re.fullmatch(r"/clients/\d+\?new=1", response.headers["location"])
    assert 'id="portal-prompt"' in page.text and "Set up their portal link now?" in page.text
    assert page.text.index('id="portal-prompt"') < page.text.index("<h1>Rosa Prompt</h1>")
    assert "Client portal" in page.text and "Create portal link" in page.text

    assert 'name="from_prompt" value="1"' in page.text
    created = await post_form(client, f"{response.headers['location'].split('?')[0]}/portal-link", {"from_prompt": "1"},
                              htmx=True, page=response.headers["location"])
    assert 'id="portal-prompt" hx-swap-oob="delete"' in created.text and "Portal link created" in created.text
    assert 'id="client-activity"' in created.text and "Portal link created" in created.text.split('id="client-activity"')[1]
    later = await client.get(response.headers["location"])
    assert 'id="portal-prompt"' not in later.text


async def test_sections_are_added_edited_reordered_and_removed(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    proposal_id = await draft_proposal(client, project_id, [(heading, f"*{heading}* text") for heading in ("One", "Two", "Three")])
    page = f"/proposals/{proposal_id}"
    ids = [row["id"] for row in await ProposalSection.select(ProposalSection.id).where(
        ProposalSection.proposal == proposal_id).order_by(ProposalSection.position)]

    await post_form(client, f"{page}/sections/{ids[2]}/move", {"direction": "up"}, page=page)
    await post_form(client, f"{page}/sections/{ids[0]}", {"heading": "First", "body": "<script>x</script> **bold**"}, page=page)
    editor = await post_form(client, f"{page}/sections/{ids[1]}/remove", htmx=True, page=page)

    assert editor.status_code == 200 and editor.text.lstrip().startswith('<div id="proposal-editor">')
    headings = [row["heading"] for row in await ProposalSection.select(ProposalSection.heading).where(
        ProposalSection.proposal == proposal_id).order_by(ProposalSection.position)]
    assert headings == ["First", "Three"]
    assert "<script>" not in editor.text and "&lt;script&gt;" in editor.text and "<strong>bold</strong>" in editor.text


async def test_ready_locks_sections_and_withdraw_unlocks_them(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    proposal_id = await draft_proposal(client, project_id, [("Scope", "x")])
    page = f"/proposals/{proposal_id}"

    ready = await post_form(client, f"{page}/ready", htmx=True, page=page)
    locked = await post_form(client, f"{page}/sections", {"heading": "Sneaky", "body": "y"}, htmx=True, page=page)

    assert "Ready for client review" in ready.text and "Withdraw from review to edit" in ready.text
    assert locked.status_code == 409 and "cannot be changed now" in locked.text
    assert await ProposalSection.count().where(ProposalSection.proposal == proposal_id) == 1
    await post_form(client, f"{page}/withdraw", page=page)
    row = await Proposal.select(Proposal.status, Proposal.version).where(Proposal.id == proposal_id).first()
    assert row == {"status": "draft", "version": 1}


async def test_updates_are_drafts_until_published(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    token = await create_portal_link(client, client_id)

    drafted = await post_form(client, f"/projects/{project_id}/updates",
                              {"title": "Sprint 3", "body": "Going well", "status": "at_risk", "publish": "0"},
                              htmx=True, page=f"/projects/{project_id}")
    assert "Draft" in drafted.text and "Sprint 3" not in (await other_client.get(f"/portal/{token}")).text

    update_id = re.search(r'/updates/(\d+)/publish', drafted.text).group(1)
    published = await post_form(client, f"/updates/{update_id}/publish", htmx=True, page=f"/projects/{project_id}")
    assert "Published" in published.text
    dashboard = (await other_client.get(f"/portal/{token}")).text
    assert "Sprint 3" in dashboard and "At risk" in dashboard


async def test_owner_changes_plan_and_brand_that_the_portal_shows(client, other_client):
    staff = await staff_logged_in(client, plan="free")
    client_id = await new_client(client)

    saved = await post_form(client, "/settings", {"name": "Renamed Studio", "brand_colour": "#AA3300", "plan": "studio"},
                            htmx=True, page="/settings")
    token = await create_portal_link(client, client_id)
    dashboard = await other_client.get(f"/portal/{token}")

    assert "Settings saved." in saved.text
    assert (await Workspace.select(Workspace.plan).where(Workspace.id == staff.workspace_id).first())["plan"] == "studio"
    assert "Renamed Studio" in dashboard.text and "--accent: #aa3300" in dashboard.text


async def test_a_downgrade_to_free_pauses_links_and_an_upgrade_brings_them_back(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    token = await create_portal_link(client, client_id)
    before = await client.get("/settings")
    assert "1 of your clients has a working link now." in before.text

    downgrade = await post_form(client, "/settings", {"name": "Studio", "brand_colour": "#3455db", "plan": "free"},
                                htmx=True, page="/settings")
    assert "1 client portal link is paused now" in downgrade.text
    paused = await other_client.get(f"/portal/{token}")
    staff_view = await client.get(f"/clients/{client_id}")
    listing = await client.get("/clients")
    assert "Portal link paused" in listing.text and "Portal link active" not in listing.text
    await post_form(client, "/settings", {"name": "Studio", "brand_colour": "#3455db", "plan": "pro"}, page="/settings")
    resumed = await other_client.get(f"/portal/{token}")

    assert paused.status_code == 404 and "This link is no longer active" in paused.text
    assert "Maya Client" not in paused.text
    assert "Paused" in staff_view.text and "opens nothing for now" in staff_view.text
    assert resumed.status_code == 200 and "Maya Client" in resumed.text


async def test_settings_refuse_a_colour_that_could_break_out_of_css(client):
    staff = await staff_logged_in(client)

    response = await post_form(client, "/settings", {"name": "X", "brand_colour": "red;}</style><script>", "plan": "pro"},
                               htmx=True, page="/settings")

    assert response.status_code == 422 and "must be a colour like" in response.text
    assert (await Workspace.select(Workspace.brand_colour).where(Workspace.id == staff.workspace_id).first())["brand_colour"] == "#3455db"


async def test_password_guessing_is_throttled(database):
    from dataclasses import replace

    from app import create_app
    from settings import load_settings
    from tests.conftest import browser_of

    strict = create_app(replace(load_settings(), sign_in_attempts_per_minute=3))
    async with browser_of(strict) as browser:
        answers = [
            await post_form(browser, "/login", {"email": "victim@example.com", "password": f"guess number {i}"})
            for i in range(4)
        ]

    assert [answer.status_code for answer in answers] == [422, 422, 422, 429]
    # The log-in form stays, with the reason where the person was typing.
    assert "Too many attempts" in answers[3].text
    assert 'action="/login"' in answers[3].text and 'id="password-error"' in answers[3].text


async def test_a_forged_project_status_is_refused_with_a_message(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))

    response = await post_form(client, f"/projects/{project_id}/status", {"status": "deleted"}, htmx=True,
                               page=f"/projects/{project_id}")

    assert response.status_code == 422 and "Choose one status: Active, Completed, Archived." in response.text
    assert "Status: Active" in response.text


async def test_a_forged_move_is_refused_with_a_reason_and_moves_nothing(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    proposal_id = await draft_proposal(client, project_id, [("One", "1"), ("Two", "2")])
    page = f"/proposals/{proposal_id}"
    first = await ProposalSection.select(ProposalSection.id).where(ProposalSection.heading == "One").first()

    answer = await post_form(client, f"{page}/sections/{first['id']}/move", {"direction": "sideways"}, htmx=True, page=page)

    assert answer.status_code == 422 and "Choose one direction: Move up, Move down." in answer.text
    order = await ProposalSection.select(ProposalSection.heading).where(
        ProposalSection.proposal == proposal_id).order_by(ProposalSection.position)
    assert [row["heading"] for row in order] == ["One", "Two"]


async def test_a_draft_update_is_edited_or_deleted_and_a_published_one_stays_as_read(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    page = f"/projects/{project_id}"
    draft_id = await published_update(client, project_id, title="Week 3 (draft)", publish=False)

    edited = await post_form(client, f"/updates/{draft_id}", {"title": "Week 3", "body": "Checkout *done*.", "status": "at_risk"},
                             htmx=True, page=page)
    assert edited.status_code == 200 and edited.text.lstrip().startswith('<section id="project-updates"')
    row = await DeliveryUpdate.select().where(DeliveryUpdate.id == draft_id).first()
    assert (row["title"], row["status"], row["body_html"], row["published_at"]) == ("Week 3", "at_risk", "<p>Checkout <em>done</em>.</p>\n", None)

    refused = await post_form(client, f"/updates/{draft_id}", {"title": "", "body": "Kept text", "status": "at_risk"}, htmx=True, page=page)
    assert refused.status_code == 422 and "Title is required." in refused.text and "Kept text" in refused.text
    assert (await DeliveryUpdate.select(DeliveryUpdate.title).where(DeliveryUpdate.id == draft_id).first())["title"] == "Week 3"

    await post_form(client, f"/updates/{draft_id}/publish", page=page)
    too_late = await post_form(client, f"/updates/{draft_id}", {"title": "Rewritten", "body": "", "status": "blocked"}, htmx=True, page=page)
    gone_too_late = await post_form(client, f"/updates/{draft_id}/delete", htmx=True, page=page)
    for answer in (too_late, gone_too_late):
        assert answer.status_code == 409 and "published updates stay as the client read them" in answer.text
    assert (await DeliveryUpdate.select(DeliveryUpdate.title).where(DeliveryUpdate.id == draft_id).first())["title"] == "Week 3"

    second_draft = await published_update(client, project_id, title="Scrap this", publish=False)
    deleted = await post_form(client, f"/updates/{second_draft}/delete", page=page)
    assert deleted.status_code == 303 and deleted.headers["location"] == page
    assert await DeliveryUpdate.count().where(DeliveryUpdate.id == second_draft) == 0


async def test_client_details_are_edited_and_the_change_is_logged(client):
    await staff_logged_in(client)
    client_id = await new_client(client, name="Jonh Smith", email="john@example.com")
    edit_page = await client.get(f"/clients/{client_id}/edit")
    assert 'value="Jonh Smith"' in edit_page.text and 'value="john@example.com"' in edit_page.text

    refused = await post_form(client, f"/clients/{client_id}/edit", {"name": "John Smith", "email": "not an email", "notes": "Kept"},
                              page=f"/clients/{client_id}/edit")
    assert refused.status_code == 422 and "does not look like an email address" in refused.text
    assert 'value="John Smith"' in refused.text and "Kept" in refused.text

    saved = await post_form(client, f"/clients/{client_id}/edit",
                            {"name": "John Smith", "company": "Smith & Co", "email": "john@example.com", "notes": ""},
                            page=f"/clients/{client_id}/edit")
    assert saved.status_code == 303 and saved.headers["location"] == f"/clients/{client_id}"
    page = await client.get(f"/clients/{client_id}")
    assert "<h1>John Smith</h1>" in page.text and "Smith &amp; Co" in page.text
    assert "Client details changed" in page.text


async def test_project_changes_show_in_the_clients_activity(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id, name="Brand refresh")
    await post_form(client, f"/projects/{project_id}/status", {"status": "completed"}, page=f"/projects/{project_id}")
    await post_form(client, f"/projects/{project_id}/status", {"status": "completed"}, page=f"/projects/{project_id}")

    activity = (await client.get(f"/clients/{client_id}")).text.split('id="client-activity"')[1]

    assert "Project added" in activity and "Brand refresh" in activity
    assert activity.count("Project status changed") == 1 and "Brand refresh: Completed" in activity
