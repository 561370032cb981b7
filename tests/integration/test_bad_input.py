"""Bad input, the way a person (or someone poking at the app) would type it. Each gets a
clear message next to its field (aria-invalid on the field, the message in its
`<id>-error` paragraph), the form comes back with what was typed (never a password),
nothing is stored, and nothing answers 500. Forms that htmx posts get their fragment
back (422, `Vary: HX-Request`); a missing or wrong CSRF token is a readable 403; ids that
do not exist, are not numbers or do not fit the database are a 404."""

from __future__ import annotations

import html
import re

import pytest

from db.staff_accounts import sign_up
from db.tables import (
    Activity,
    Client,
    ClientDecision,
    DecisionSectionNote,
    DeliveryFeedback,
    DeliveryUpdate,
    Membership,
    Project,
    Proposal,
    ProposalSection,
    StaffSession,
    StaffUser,
    Workspace,
)
from tests.helpers import (
    CSRF_FIELD,
    HTMX,
    PASSWORD,
    create_portal_link,
    csrf_token,
    new_client,
    new_project,
    post_form,
    published_update,
    shared_proposal,
    staff_logged_in,
)

CSRF_MESSAGE = "This form has expired or came from elsewhere. Reload the page and try again; nothing was saved."
NOT_FOUND_MESSAGE = "There is nothing here, or it is not yours to see."
SESSION_COOKIE = "portal_session"
# What people paste: markup and quotes must come back as text, exactly as typed.
TRICKY = "O'Brien & <b>Sons</b> \"Ltd\""

htmx_or_not = pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])


# --- reading a re-rendered form ------------------------------------------------------


def field_tag(page: str, field_id: str) -> str:
    match = re.search(rf'<(?:input|textarea|select)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', page)
    assert match, f'no form field with id="{field_id}" in the answer'
    return match.group(0)


def typed_value(page: str, field_id: str) -> str:
    """What the field shows, as the browser would read it."""
    tag = field_tag(page, field_id)
    if tag.startswith("<textarea"):
        content = page[page.index(tag) + len(tag):].split("</textarea>", 1)[0]
        return html.unescape(content)
    value = re.search(r'\bvalue="([^"]*)"', tag)
    return html.unescape(value.group(1)) if value else ""


def assert_field_error(page: str, field_id: str, message: str) -> None:
    tag = field_tag(page, field_id)
    assert 'aria-invalid="true"' in tag, tag
    described = re.search(r'aria-describedby="([^"]*)"', tag)
    assert described and f"{field_id}-error" in described.group(1).split(), tag
    shown = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    assert shown, f"no error message for {field_id}"
    assert html.unescape(shown.group(1)) == message
    # Next to the field: in its own block, above the control (below a control, a browser
    # that scrolls the focused field into view can leave it off the screen).
    between = page[shown.end():page.index(tag)]
    assert shown.start() < page.index(tag) and '<div class="field' not in between, f"the message for {field_id} is not next to it"


def assert_field_fine(page: str, field_id: str) -> None:
    tag = field_tag(page, field_id)
    assert "aria-invalid" not in tag, tag
    assert f'id="{field_id}-error"' not in page


def assert_fragment(response, root_id: str) -> None:
    """What htmx swaps in: the fragment alone, and caches told it depends on HX-Request."""
    assert "<html" not in response.text and "<!doctype" not in response.text.lower()
    assert response.text.lstrip().startswith("<") and f'id="{root_id}"' in response.text.split(">", 1)[0]
    assert "HX-Request" in response.headers.get("vary", "")


def assert_full_page(response) -> None:
    assert "<html" in response.text


# --- (a) new client ------------------------------------------------------------------


NEW_CLIENT_CASES = {
    "empty name": (
        {"name": "   ", "company": TRICKY, "email": "maya@example.com", "notes": "Typed notes\nsecond line"},
        {"name": "Name is required."},
    ),
    "name of 121 characters": (
        {"name": "N" * 121, "company": "Acme", "email": "", "notes": ""},
        {"name": "Name is too long: 121 characters, at most 120."},
    ),
    "bad email": (
        {"name": "Maya Typed", "company": "", "email": "maya at example dot com", "notes": ""},
        {"email": "Email does not look like an email address."},
    ),
    # Lower-cased, "İ" becomes two characters: 245 typed, 485 to store.
    "email that grows when lower-cased": (
        {"name": "Maya Typed", "company": "", "email": "İ" * 240 + "@x.co", "notes": ""},
        {"email": "Email is too long: 485 characters, at most 254."},
    ),
    "several at once": (
        {"name": "", "company": "C" * 121, "email": "no-at-sign", "notes": "x" * 5001},
        {
            "name": "Name is required.",
            "company": "Company is too long: 121 characters, at most 120.",
            "email": "Email does not look like an email address.",
            "notes": "Internal notes is too long: 5001 characters, at most 5000.",
        },
    ),
}


# The new-client, sign-up and log-in forms are plain forms (no hx-post), so htmx never
# posts them; with the header anyway, the answer must still be the form with its errors.
@htmx_or_not
@pytest.mark.parametrize("case", NEW_CLIENT_CASES, ids=list(NEW_CLIENT_CASES))
async def test_new_client_with_bad_input_shows_why_and_keeps_the_input(client, case, htmx):
    staff = await staff_logged_in(client)
    typed, errors = NEW_CLIENT_CASES[case]

    response = await post_form(client, "/clients", typed, htmx=htmx, page="/clients/new")

    assert response.status_code == 422
    for name, message in errors.items():
        assert_field_error(response.text, name, message)
    for name in set(typed) - set(errors):
        assert_field_fine(response.text, name)
    for name, value in typed.items():
        assert typed_value(response.text, name) == value, name
    assert "<b>Sons</b>" not in response.text  # typed markup comes back as text
    assert await Client.count().where(Client.workspace == staff.workspace_id) == 0
    assert await Activity.count().where(Activity.workspace == staff.workspace_id) == 0


# --- (b) sign-up ---------------------------------------------------------------------


async def _account_counts() -> tuple[int, int, int, int]:
    return await StaffUser.count(), await Workspace.count(), await Membership.count(), await StaffSession.count()


@htmx_or_not
@pytest.mark.parametrize("password", ["short-pw1", " " * 12, "  padded  "])
async def test_sign_up_with_a_short_password_keeps_everything_but_the_password(client, htmx, password):
    typed = {"workspace_name": "Typed Studio", "name": TRICKY, "email": "new-owner@example.com", "password": password}
    counts = await _account_counts()

    response = await post_form(client, "/signup", typed, htmx=htmx, page="/signup")

    assert response.status_code == 422
    assert_field_error(response.text, "password", "Choose a password of at least 10 characters.")
    assert f'value="{password}"' not in response.text
    assert typed_value(response.text, "password") == ""
    for name in ("workspace_name", "name", "email"):
        assert typed_value(response.text, name) == typed[name]
        assert_field_fine(response.text, name)
    assert await _account_counts() == counts
    assert SESSION_COOKIE not in response.cookies


@htmx_or_not
async def test_sign_up_with_an_existing_email_says_so_and_creates_no_workspace(client, htmx):
    existing = f"taken-{'form' if not htmx else 'htmx'}@example.com"
    await sign_up("First Studio", "First Owner", existing, PASSWORD)
    counts = await _account_counts()
    secret = "a-perfectly-good-password"
    # The same address in capitals is the same account.
    typed = {"workspace_name": "Second Studio", "name": "Second Owner", "email": existing.upper(), "password": secret}

    response = await post_form(client, "/signup", typed, htmx=htmx, page="/signup")

    assert response.status_code == 422
    assert_field_error(response.text, "email", "An account with this email already exists. Log in instead.")
    assert secret not in response.text
    assert typed_value(response.text, "email") == existing.upper()
    assert typed_value(response.text, "workspace_name") == "Second Studio"
    assert await _account_counts() == counts  # the workspace made before the clash was rolled back
    assert await Workspace.count().where(Workspace.name == "Second Studio") == 0
    assert SESSION_COOKIE not in response.cookies


@htmx_or_not
async def test_sign_up_without_a_workspace_name(client, htmx):
    secret = "another-good-password"
    typed = {"workspace_name": "  ", "name": "Nina Typed", "email": "nina-typed@example.com", "password": secret}
    counts = await _account_counts()

    response = await post_form(client, "/signup", typed, htmx=htmx, page="/signup")

    assert response.status_code == 422
    assert_field_error(response.text, "workspace_name", "Workspace name is required.")
    assert secret not in response.text
    assert typed_value(response.text, "name") == "Nina Typed"
    assert typed_value(response.text, "email") == "nina-typed@example.com"
    assert await _account_counts() == counts
    assert await StaffUser.count().where(StaffUser.email == "nina-typed@example.com") == 0


# --- (c) log in ----------------------------------------------------------------------


@htmx_or_not
async def test_log_in_with_a_wrong_password_is_generic_and_keeps_the_email(client, htmx):
    email = f"login-{'htmx' if htmx else 'form'}@example.com"
    await sign_up("Login Studio", "Lou Login", email, PASSWORD)
    sessions = await StaffSession.count()
    wrong = "not-the-right-password"

    wrong_password = await post_form(client, "/login", {"email": email, "password": wrong}, htmx=htmx)
    unknown_email = await post_form(client, "/login", {"email": "nobody-" + email, "password": wrong}, htmx=htmx)

    for response, typed_email in ((wrong_password, email), (unknown_email, "nobody-" + email)):
        assert response.status_code == 422
        assert_field_error(response.text, "password", "That email and password do not match an account.")
        assert typed_value(response.text, "email") == typed_email
        assert wrong not in response.text
        assert SESSION_COOKIE not in response.cookies
    assert await StaffSession.count() == sessions
    assert (await client.get("/clients")).status_code == 303  # still logged out


# --- (d) add project (and a proposal title) ------------------------------------------


@htmx_or_not
@pytest.mark.parametrize(
    "typed, message",
    [("   ", "Project name is required."), ("P" * 121, "Project name is too long: 121 characters, at most 120.")],
    ids=["empty", "121 characters"],
)
async def test_add_project_with_a_bad_name(client, htmx, typed, message):
    await staff_logged_in(client)
    client_id = await new_client(client)

    response = await post_form(client, f"/clients/{client_id}/projects", {"name": typed}, htmx=htmx, page=f"/clients/{client_id}")

    assert response.status_code == 422
    assert_field_error(response.text, "project-name", message)
    assert typed_value(response.text, "project-name") == typed
    if htmx:
        assert_fragment(response, "client-projects")
    else:
        assert_full_page(response)
    assert await Project.count().where(Project.client == client_id) == 0


async def test_add_proposal_without_a_title(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))

    response = await post_form(client, f"/projects/{project_id}/proposals", {"title": " "}, page=f"/projects/{project_id}")

    assert response.status_code == 422
    assert_field_error(response.text, "proposal-title", "Title is required.")
    assert await Proposal.count().where(Proposal.project == project_id) == 0


# --- (e) proposal sections -----------------------------------------------------------


async def _draft_proposal(browser) -> int:
    project_id = await new_project(browser, await new_client(browser))
    response = await post_form(browser, f"/projects/{project_id}/proposals", {"title": "Draft"}, page=f"/projects/{project_id}")
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


SECTION_CASES = {
    "empty heading": ({"heading": "", "body": f"Typed body with {TRICKY}"}, {"heading": "Heading is required."}),
    "body of 20001 characters": (
        {"heading": "Typed heading", "body": "b" * 20001},
        {"body": "Text is too long: 20001 characters, at most 20000."},
    ),
    "heading of 161 characters": ({"heading": "h" * 161, "body": ""}, {"heading": "Heading is too long: 161 characters, at most 160."}),
}


@htmx_or_not
@pytest.mark.parametrize("case", SECTION_CASES, ids=list(SECTION_CASES))
async def test_new_section_with_bad_input(client, htmx, case):
    await staff_logged_in(client)
    proposal_id = await _draft_proposal(client)
    typed, errors = SECTION_CASES[case]

    response = await post_form(client, f"/proposals/{proposal_id}/sections", typed, htmx=htmx, page=f"/proposals/{proposal_id}")

    assert response.status_code == 422
    for name, message in errors.items():
        assert_field_error(response.text, f"new-section-{name}", message)
    for name, value in typed.items():
        assert typed_value(response.text, f"new-section-{name}") == value
    if htmx:
        assert_fragment(response, "proposal-editor")
    else:
        assert_full_page(response)
    assert await ProposalSection.count().where(ProposalSection.proposal == proposal_id) == 0


@htmx_or_not
@pytest.mark.parametrize("case", SECTION_CASES, ids=list(SECTION_CASES))
async def test_editing_a_section_with_bad_input_keeps_the_stored_section(client, htmx, case):
    await staff_logged_in(client)
    proposal_id = await _draft_proposal(client)
    await post_form(client, f"/proposals/{proposal_id}/sections", {"heading": "Stored heading", "body": "Stored body"})
    stored = await ProposalSection.select().where(ProposalSection.proposal == proposal_id).first()
    typed, errors = SECTION_CASES[case]
    prefix = f"section-{stored['id']}-"

    response = await post_form(client, f"/proposals/{proposal_id}/sections/{stored['id']}", typed, htmx=htmx)

    assert response.status_code == 422
    for name, message in errors.items():
        assert_field_error(response.text, prefix + name, message)
    for name, value in typed.items():
        assert typed_value(response.text, prefix + name) == value
    assert 'id="new-section-heading"' in response.text and 'id="new-section-heading-error"' not in response.text
    if htmx:
        assert_fragment(response, "proposal-editor")
    assert await ProposalSection.select().where(ProposalSection.proposal == proposal_id) == [stored]


# --- (f) delivery updates and project status -----------------------------------------


UPDATE_STATUS_MESSAGE = "Choose one status: On track, At risk, Blocked, Delivered."
UPDATE_CASES = {
    "empty title": (
        {"title": "", "body": f"Typed update {TRICKY}", "status": "at_risk", "publish": "1"},
        {"title": "Title is required."},
    ),
    "forged status": (
        {"title": "Typed title", "body": "Typed update", "status": "on_fire", "publish": "1"},
        {"status": UPDATE_STATUS_MESSAGE},
    ),
    "empty title and forged status": (
        {"title": " ", "body": "", "status": "", "publish": "0"},
        {"title": "Title is required.", "status": UPDATE_STATUS_MESSAGE},
    ),
    "body of 20001 characters": (
        {"title": "Typed title", "body": "u" * 20001, "status": "blocked", "publish": "1"},
        {"body": "Update is too long: 20001 characters, at most 20000."},
    ),
}


@htmx_or_not
@pytest.mark.parametrize("case", UPDATE_CASES, ids=list(UPDATE_CASES))
async def test_delivery_update_with_bad_input(client, htmx, case):
    staff = await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    typed, errors = UPDATE_CASES[case]

    response = await post_form(client, f"/projects/{project_id}/updates", typed, htmx=htmx, page=f"/projects/{project_id}")

    assert response.status_code == 422
    for name, message in errors.items():
        assert_field_error(response.text, f"update-{name}", message)
    for name in ("title", "body"):
        assert typed_value(response.text, f"update-{name}") == typed[name]
        if name not in errors:
            assert_field_fine(response.text, f"update-{name}")
    if "status" not in errors:
        selected = typed["status"]
        assert f'<option value="{selected}" selected>' in response.text
    assert "on_fire" not in response.text  # a forged value is not offered back as an option
    if htmx:
        assert_fragment(response, "project-updates")
    else:
        assert_full_page(response)
    assert await DeliveryUpdate.count().where(DeliveryUpdate.project == project_id) == 0
    assert await Activity.count().where((Activity.action == "update_published") & (Activity.workspace == staff.workspace_id)) == 0


@htmx_or_not
async def test_a_forged_project_status_changes_nothing(client, htmx):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))

    response = await post_form(client, f"/projects/{project_id}/status", {"status": "deleted"}, htmx=htmx)

    assert response.status_code == 422
    if htmx:
        assert_fragment(response, "project-status")
    assert_field_error(response.text, "project-new-status", "Choose one status: Active, Completed, Archived.")
    assert "Status: Active" in response.text
    assert (await Project.select(Project.status).where(Project.id == project_id).first())["status"] == "active"


# --- (g) the client's portal ---------------------------------------------------------


class Portal:
    def __init__(self, token: str, proposal_id: int, update_id: int):
        self.token, self.proposal_id, self.update_id = token, proposal_id, update_id

    @property
    def dashboard(self) -> str:
        return f"/portal/{self.token}"

    @property
    def proposal(self) -> str:
        return f"/portal/{self.token}/proposals/{self.proposal_id}"


async def portal_with_a_proposal_and_an_update(staff_browser) -> Portal:
    await staff_logged_in(staff_browser)
    client_id = await new_client(staff_browser, name="Paula Portal")
    token = await create_portal_link(staff_browser, client_id)
    project_id = await new_project(staff_browser, client_id)
    proposal_id = await shared_proposal(staff_browser, project_id, [("Scope", "What we do."), ("Price", "What it costs.")])
    update_id = await published_update(staff_browser, project_id, title="Week 1")
    return Portal(token, proposal_id, update_id)


async def send_feedback(browser, portal: Portal, data: dict, htmx: bool):
    """As the dashboard's feedback form sends it: its CSRF token and its form key."""
    page = await browser.get(portal.dashboard)
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    token = CSRF_FIELD.search(page.text).group(1)
    form = {"submission_key": key, **data, "_csrf_token": token}
    return await browser.post(f"/portal/{portal.token}/updates/{portal.update_id}/feedback", data=form, headers=HTMX if htmx else {})


FEEDBACK_CASES = {
    "needs attention without a note": (
        {"verdict": "needs_attention", "note": ""},
        "Tell us what needs attention: the note is required.",
    ),
    "needs attention with only spaces": (
        {"verdict": "needs_attention", "note": "   \n "},
        "Tell us what needs attention: the note is required.",
    ),
    "note of 5001 characters": (
        {"verdict": "needs_attention", "note": "n" * 5001},
        "Note is too long: 5001 characters, at most 5000.",
    ),
    "looks good with a note of 5001 characters": (
        {"verdict": "looks_good", "note": "g" * 5001},
        "Note is too long: 5001 characters, at most 5000.",
    ),
}


@htmx_or_not
@pytest.mark.parametrize("case", FEEDBACK_CASES, ids=list(FEEDBACK_CASES))
async def test_portal_feedback_with_bad_input(client, other_client, htmx, case):
    portal = await portal_with_a_proposal_and_an_update(client)
    typed, message = FEEDBACK_CASES[case]
    feedback_activity = Activity.count().where(Activity.action == "feedback_sent")
    activity_before = await feedback_activity

    response = await send_feedback(other_client, portal, typed, htmx)

    assert response.status_code == 422
    note_id = f"feedback-{portal.update_id}-note"
    assert_field_error(response.text, note_id, message)
    assert typed_value(response.text, note_id) == typed["note"]
    assert "Thank you, your feedback was sent." not in response.text
    if htmx:
        assert_fragment(response, f"feedback-{portal.update_id}")
    else:
        assert_full_page(response)
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == portal.update_id) == 0
    assert await feedback_activity == activity_before


@htmx_or_not
async def test_portal_feedback_with_a_forged_verdict(client, other_client, htmx):
    portal = await portal_with_a_proposal_and_an_update(client)

    response = await send_feedback(other_client, portal, {"verdict": "ship_it", "note": "Typed note"}, htmx)

    # The verdict is a button, not a field: the message stands under the buttons, the
    # note comes back as typed and nothing is stored.
    assert response.status_code == 422
    assert "Choose one answer: Looks good, Needs attention." in response.text
    assert typed_value(response.text, f"feedback-{portal.update_id}-note") == "Typed note"
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == portal.update_id) == 0


async def send_decision(browser, portal: Portal, data: dict, htmx: bool):
    page = await browser.get(portal.proposal)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    token = CSRF_FIELD.search(page.text).group(1)
    form = {"version": version, **data, "_csrf_token": token}
    return await browser.post(f"{portal.proposal}/decision", data=form, headers=HTMX if htmx else {})


DECISION_CASES = {
    "accept without a name": (
        {"decision": "accepted", "typed_name": "  "},
        {"accept-typed_name": "Your name is required."},
    ),
    "accept with a single letter for a name": (
        {"decision": "accepted", "typed_name": "A."},
        {"accept-typed_name": "Type your full name, as you would sign it."},
    ),
    "accept with a name of 121 characters": (
        {"decision": "accepted", "typed_name": "Y" * 121},
        {"accept-typed_name": "Your name is too long: 121 characters, at most 120."},
    ),
    "request changes with no note at all": (
        {"decision": "changes_requested", "note": "", "section_note_0": "", "section_note_1": "", "typed_name": "Paula Typed"},
        {"changes-note": "Tell us what to change: write a note, overall or on a section."},
    ),
    "request changes with notes of only spaces": (
        {"decision": "changes_requested", "note": "  ", "section_note_0": " \n", "typed_name": ""},
        {"changes-note": "Tell us what to change: write a note, overall or on a section."},
    ),
    "overall note of 5001 characters": (
        {"decision": "changes_requested", "note": "o" * 5001, "typed_name": "Paula Typed"},
        {"changes-note": "Note is too long: 5001 characters, at most 5000."},
    ),
    "section note of 5001 characters": (
        {"decision": "changes_requested", "note": f"Overall {TRICKY}", "section_note_1": "s" * 5001},
        {"changes-section_note_1": "Section note is too long: 5001 characters, at most 5000."},
    ),
}


@htmx_or_not
@pytest.mark.parametrize("case", DECISION_CASES, ids=list(DECISION_CASES))
async def test_portal_decision_with_bad_input(client, other_client, htmx, case):
    portal = await portal_with_a_proposal_and_an_update(client)
    typed, errors = DECISION_CASES[case]
    prefix = "accept-" if typed["decision"] == "accepted" else "changes-"

    notes_before = await DecisionSectionNote.count()

    response = await send_decision(other_client, portal, typed, htmx)

    assert response.status_code == 422
    for field_id, message in errors.items():
        assert_field_error(response.text, field_id, message)
    for name, value in typed.items():
        if name != "decision":
            assert typed_value(response.text, prefix + name) == value, name
    if htmx:
        assert_fragment(response, "proposal-view")
    else:
        assert_full_page(response)
    assert await ClientDecision.count().where(ClientDecision.proposal == portal.proposal_id) == 0
    assert await DecisionSectionNote.count() == notes_before
    assert (await Proposal.select(Proposal.status).where(Proposal.id == portal.proposal_id).first())["status"] == "ready"
    # The client can still decide: the form is there again.
    assert 'name="decision" value="accepted"' in response.text


@htmx_or_not
async def test_portal_decision_with_a_forged_choice(client, other_client, htmx):
    portal = await portal_with_a_proposal_and_an_update(client)

    response = await send_decision(other_client, portal, {"decision": "maybe", "note": "Typed note"}, htmx)

    assert response.status_code == 422
    assert "Choose one decision: Accept, Request changes." in response.text
    assert typed_value(response.text, "changes-note") == "Typed note"
    assert await ClientDecision.count().where(ClientDecision.proposal == portal.proposal_id) == 0


# --- (h) CSRF ------------------------------------------------------------------------


def _assert_csrf_refusal(response, htmx: bool) -> None:
    assert response.status_code == 403
    assert CSRF_MESSAGE in response.text
    if htmx:
        assert "<html" not in response.text
        assert response.headers["hx-retarget"] == "#messages"
        assert "HX-Request" in response.headers.get("vary", "")


@htmx_or_not
@pytest.mark.parametrize("token_kind", ["missing", "forged", "another browser's"])
async def test_staff_post_without_a_valid_csrf_token_is_refused_and_saves_nothing(client, other_client, htmx, token_kind):
    staff = await staff_logged_in(client)
    await csrf_token(client, "/clients/new")
    data = {"name": "No Token Client"}
    if token_kind == "forged":
        data["_csrf_token"] = "forged-token"
    elif token_kind == "another browser's":
        data["_csrf_token"] = await csrf_token(other_client, "/login")

    response = await client.post("/clients", data=data, headers=HTMX if htmx else {})

    _assert_csrf_refusal(response, htmx)
    assert await Client.count().where(Client.workspace == staff.workspace_id) == 0
    # With the page's own token the same form works, so the refusal is about the token.
    assert (await post_form(client, "/clients", {"name": "With Token"}, page="/clients/new")).status_code == 303


@htmx_or_not
async def test_portal_post_without_a_csrf_token_is_refused_and_saves_nothing(client, other_client, htmx):
    portal = await portal_with_a_proposal_and_an_update(client)
    await other_client.get(portal.dashboard)

    feedback = await other_client.post(
        f"/portal/{portal.token}/updates/{portal.update_id}/feedback",
        data={"verdict": "looks_good", "note": "", "submission_key": "k" * 20},
        headers=HTMX if htmx else {},
    )
    decision = await other_client.post(
        f"{portal.proposal}/decision",
        data={"decision": "accepted", "version": "1", "typed_name": "Paula", "_csrf_token": "forged"},
        headers=HTMX if htmx else {},
    )

    _assert_csrf_refusal(feedback, htmx)
    _assert_csrf_refusal(decision, htmx)
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == portal.update_id) == 0
    assert await ClientDecision.count().where(ClientDecision.proposal == portal.proposal_id) == 0


async def test_log_in_and_log_out_without_a_csrf_token_are_refused(client, other_client):
    email = "csrf-login@example.com"
    await sign_up("Csrf Studio", "Cass", email, PASSWORD)
    await client.get("/login")

    login = await client.post("/login", data={"email": email, "password": PASSWORD})
    _assert_csrf_refusal(login, htmx=False)
    assert SESSION_COOKIE not in login.cookies

    await staff_logged_in(other_client)
    logout = await other_client.post("/logout")  # a cross-site form would carry no token
    _assert_csrf_refusal(logout, htmx=False)
    assert (await other_client.get("/clients")).status_code == 200  # still logged in


# --- (i) ids that do not exist, are not numbers, or do not fit -----------------------


MISSING_IDS = ["999999", "2147483648", "99999999999999999999", "-1", "0"]
NOT_NUMBERS = ["abc", "1.5", "1e3", "%20", "1;DROP", "０"]


def _staff_urls(record_id: str) -> list[tuple[str, str]]:
    return [
        ("GET", f"/clients/{record_id}"),
        ("GET", f"/projects/{record_id}"),
        ("GET", f"/proposals/{record_id}"),
        ("POST", f"/clients/{record_id}/portal-link"),
        ("POST", f"/clients/{record_id}/portal-link/revoke"),
        ("POST", f"/clients/{record_id}/projects"),
        ("POST", f"/projects/{record_id}/status"),
        ("POST", f"/projects/{record_id}/proposals"),
        ("POST", f"/projects/{record_id}/updates"),
        ("POST", f"/updates/{record_id}/publish"),
        ("GET", f"/clients/{record_id}/edit"),
        ("POST", f"/clients/{record_id}/edit"),
        ("POST", f"/updates/{record_id}"),
        ("POST", f"/updates/{record_id}/delete"),
        ("POST", f"/proposals/{record_id}/sections"),
        ("POST", f"/proposals/{record_id}/sections/{record_id}"),
        ("POST", f"/proposals/{record_id}/sections/{record_id}/move"),
        ("POST", f"/proposals/{record_id}/sections/{record_id}/remove"),
        ("POST", f"/proposals/{record_id}/ready"),
        ("POST", f"/proposals/{record_id}/withdraw"),
    ]


FORM_DATA = {"name": "Typed", "title": "Typed", "heading": "Typed", "body": "x", "status": "active", "direction": "up"}


@htmx_or_not
@pytest.mark.parametrize("record_id", MISSING_IDS + NOT_NUMBERS)
async def test_staff_urls_with_ids_that_do_not_exist_are_not_found(client, htmx, record_id):
    await staff_logged_in(client)
    counts = (await Client.count(), await Project.count(), await Proposal.count(), await ProposalSection.count())

    wrong = []
    for method, url in _staff_urls(record_id):
        if method == "GET":
            response = await client.get(url, headers=HTMX if htmx else {})
        else:
            response = await post_form(client, url, FORM_DATA, htmx=htmx)
        if response.status_code != 404:
            wrong.append((method, url, response.status_code))
            continue
        if record_id in MISSING_IDS:
            assert NOT_FOUND_MESSAGE in response.text, (method, url)
        if htmx:
            assert "<html" not in response.text and response.headers["hx-retarget"] == "#messages", (method, url)
        else:
            assert_full_page(response)
    assert wrong == [], "these answered other than 404"

    assert (await Client.count(), await Project.count(), await Proposal.count(), await ProposalSection.count()) == counts


@htmx_or_not
@pytest.mark.parametrize("record_id", MISSING_IDS + NOT_NUMBERS)
async def test_portal_urls_with_ids_that_do_not_exist_are_not_found(client, other_client, htmx, record_id):
    portal = await portal_with_a_proposal_and_an_update(client)
    page = await other_client.get(portal.dashboard)
    token = CSRF_FIELD.search(page.text).group(1)
    headers = HTMX if htmx else {}

    responses = [
        await other_client.get(f"/portal/{portal.token}/proposals/{record_id}", headers=headers),
        await other_client.post(
            f"/portal/{portal.token}/proposals/{record_id}/decision",
            data={"decision": "accepted", "version": "1", "typed_name": "Paula", "_csrf_token": token},
            headers=headers,
        ),
        await other_client.post(
            f"/portal/{portal.token}/updates/{record_id}/feedback",
            data={"verdict": "looks_good", "submission_key": "k" * 20, "_csrf_token": token},
            headers=headers,
        ),
    ]

    wrong = [(response.request.method, response.request.url.path, response.status_code) for response in responses if response.status_code != 404]
    assert wrong == [], "these answered other than 404"
    assert await ClientDecision.count().where(ClientDecision.proposal == portal.proposal_id) == 0
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == portal.update_id) == 0
    # The link itself still works.
    assert (await other_client.get(portal.dashboard)).status_code == 200
