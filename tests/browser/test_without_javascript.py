"""With JavaScript off every action is still a real form post that works: a client answers
an update and a proposal on a phone, and staff create a portal link and see it once.
Messages land where the person is looking, not somewhere below the fold."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import expect  # noqa: E402

from tests.browser.browsing import (  # noqa: E402
    CLIENT_NAME,
    DESKTOP,
    NOTE_REQUIRED,
    PHONE,
    PROJECT,
    PROPOSAL,
    THANKS,
    open_context,
    open_dashboard,
    project_region,
    update_article,
)

pytestmark = pytest.mark.browser

CHANGES_NEEDED = "Tell us what to change: write a note, overall or on a section."


def test_a_client_answers_an_update_and_a_proposal_without_javascript(portal_server, chromium_browser):
    context, page, _watch = open_context(chromium_browser, PHONE, java_script_enabled=False)
    open_dashboard(page, portal_server.portal_url)

    update_article(page).get_by_role("button", name="Needs attention", exact=True).tap()
    expect(update_article(page).get_by_text(NOTE_REQUIRED)).to_be_in_viewport()
    note = "The delivery options on the checkout are out of date."
    update_article(page).get_by_label("Note").fill(note)
    update_article(page).get_by_role("button", name="Needs attention", exact=True).tap()
    expect(update_article(page).get_by_role("alert")).to_have_text(THANKS)
    expect(update_article(page).get_by_text("Your latest feedback: Needs attention")).to_be_visible()
    expect(update_article(page).get_by_text(note, exact=True)).to_be_visible()

    # Without JavaScript to tell the viewer's zone, times say they are in UTC.
    expect(update_article(page).locator("time").first).to_have_text(re.compile(r", \d{2}:\d{2} UTC$"))

    project_region(page, PROJECT).get_by_role("link", name=PROPOSAL, exact=True).tap()
    box = page.get_by_role("region", name="Your decision", exact=True)
    box.get_by_role("button", name="Request changes", exact=True).tap()
    expect(box.get_by_text(CHANGES_NEEDED)).to_be_in_viewport()
    scope_note = "Leave the blog for a second phase."
    scope = page.get_by_role("region", name="Scope", exact=True)
    scope.get_by_text("Ask for a change to “Scope”").tap()
    scope.get_by_label("Note on “Scope”").fill(scope_note)
    box.get_by_label("Your name").fill(CLIENT_NAME)
    box.get_by_role("button", name="Request changes", exact=True).tap()
    expect(box.get_by_text("You requested changes to version 1")).to_be_in_viewport()
    expect(box.get_by_text(scope_note)).to_be_visible()

    page.reload()
    box = page.get_by_role("region", name="Your decision", exact=True)
    expect(box.get_by_text("You requested changes to version 1")).to_be_visible()
    expect(box.get_by_role("button", name="Request changes")).to_have_count(0)
    context.close()


def test_staff_create_a_link_without_javascript_and_see_it_once(portal_server, chromium_browser):
    context, page, _watch = open_context(chromium_browser, DESKTOP, java_script_enabled=False)
    page.goto(f"{portal_server.base_url}/login")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-portal-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=CLIENT_NAME).click()

    page.get_by_role("button", name="Create portal link").click()

    link = page.get_by_label(f"Portal link for {CLIENT_NAME}")
    expect(link).to_have_value(re.compile(r"/portal/[A-Za-z0-9_-]{43}$"))
    expect(page.get_by_text("The previous link stopped working.")).to_be_visible()
    # Copying needs JavaScript: without it the button would do nothing, so it is not there.
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    new_link = link.input_value()

    page.goto(f"{portal_server.base_url}/clients")
    page.get_by_role("link", name=CLIENT_NAME).click()
    expect(page.get_by_label(f"Portal link for {CLIENT_NAME}")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Active since"))).to_be_visible()

    page.goto(portal_server.portal_url)
    expect(page.get_by_role("heading", name="This link is no longer active")).to_be_visible()
    open_dashboard(page, new_link)
    context.close()
