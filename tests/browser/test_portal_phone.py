"""The client portal in a real Chromium, mostly on a phone: feedback on a delivery update
and a decision on a proposal are swapped in place by htmx (no page navigation), survive a
reload, raise no console error or CSP violation, and the pages pass axe's serious and
critical checks.

Each test has its own server and freshly seeded demo database (see conftest.py), so the
tests hold in any order.
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect  # noqa: E402

from tests.browser.browsing import (  # noqa: E402
    CLIENT_NAME,
    DEVICES,
    NOTE_REQUIRED,
    OTHER_PROJECT,
    PROJECT,
    PROPOSAL,
    SECTIONS,
    THANKS,
    VALIDATION_ERRORS,
    open_context,
    open_dashboard,
    press,
    project_region,
    stays_on_page,
    update_article,
)

pytestmark = pytest.mark.browser

STOCKHOLM_TIME = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} (CET|CEST)$")


def test_looks_good_is_recorded_in_place_and_kept(portal_server, any_device):
    page, watch, _device = any_device
    open_dashboard(page, portal_server.portal_url)
    project = project_region(page, PROJECT)
    update = update_article(page)
    expect(update).to_be_visible()
    expect(project.get_by_text("Week 3 (draft)")).to_have_count(0)
    expect(update.get_by_text("Your latest feedback")).to_have_count(0)
    expect(update.get_by_label("Note")).to_be_visible()
    expect(update.get_by_text("Needed for “Needs attention”; optional with “Looks good”.")).to_be_visible()

    # Times read in the viewer's zone (the browser is in Stockholm), never in the server's UTC.
    expect(update.locator("time").first).to_have_text(STOCKHOLM_TIME)

    with stays_on_page(page, watch, "/feedback"):
        press(project.get_by_role("button", name="Looks good", exact=True), page)
        expect(update.get_by_role("alert")).to_have_text(THANKS)
        # The keyboard goes on from the answer, not from the top of the page.
        expect(update.get_by_role("alert")).to_be_focused()
        expect(update.get_by_text("Your latest feedback: Looks good")).to_be_visible()
        expect(update.locator(".last-feedback time")).to_have_text(STOCKHOLM_TIME)
        # Answered, the form folds away until the client wants to answer again.
        expect(update.get_by_label("Note")).to_be_hidden()
    press(update.get_by_text("Answer again", exact=True), page)
    expect(update.get_by_label("Note")).to_be_visible()
    # Only this project's box changed.
    other = project_region(page, OTHER_PROJECT)
    expect(other.get_by_text(THANKS)).to_have_count(0)
    expect(other.get_by_text("Your latest feedback")).to_have_count(0)

    page.reload()
    update = update_article(page)
    expect(update.get_by_text("Your latest feedback: Looks good")).to_be_visible()
    expect(update.get_by_text(THANKS)).to_have_count(0)
    expect(project_region(page, OTHER_PROJECT).get_by_text("Your latest feedback")).to_have_count(0)
    watch.assert_clean()


def test_needs_attention_requires_a_note_then_is_recorded(portal_server, phone):
    page, watch = phone
    open_dashboard(page, portal_server.portal_url)
    project = project_region(page, PROJECT)
    update = update_article(page)

    with stays_on_page(page, watch, "/feedback"):
        press(project.get_by_role("button", name="Needs attention", exact=True), page)
        expect(update.get_by_text(NOTE_REQUIRED)).to_be_visible()
        expect(update.get_by_label("Note")).to_have_attribute("aria-invalid", "true")
        expect(update.get_by_text(THANKS)).to_have_count(0)
        expect(update.get_by_text("Your latest feedback")).to_have_count(0)
    watch.assert_clean(expected_console_errors=VALIDATION_ERRORS)
    watch.console_errors.clear()  # from here on, not even a 422 is expected

    note = "The checkout wireframe still shows the old delivery options."
    with stays_on_page(page, watch, "/feedback"):
        field = update.get_by_label("Note")
        field.tap()
        # As when the person drags the box taller: the browser sets its style.
        field.evaluate("box => { box.style.height = '12rem'; }")
        field.fill(note)
        press(project.get_by_role("button", name="Needs attention", exact=True), page)
        expect(update.get_by_role("alert")).to_have_text(THANKS)
        expect(update.get_by_text("Your latest feedback: Needs attention")).to_be_visible()
        expect(update.get_by_text(note, exact=True)).to_be_visible()
        expect(update.get_by_text(NOTE_REQUIRED)).to_have_count(0)
    watch.assert_clean()

    page.reload()
    update = update_article(page)
    expect(update.get_by_text("Your latest feedback: Needs attention")).to_be_visible()
    expect(update.get_by_text(note, exact=True)).to_be_visible()
    expect(update.get_by_text(THANKS)).to_have_count(0)
    watch.assert_clean()


def test_request_changes_on_a_proposal_in_place(portal_server, phone):
    page, watch = phone
    open_dashboard(page, portal_server.portal_url)
    expect(project_region(page, PROJECT).get_by_text("Ready for your review")).to_be_visible()
    project_region(page, PROJECT).get_by_role("link", name=PROPOSAL, exact=True).tap()
    page.wait_for_url(re.compile(r"/portal/[^/]+/proposals/\d+$"))
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    for heading in SECTIONS:
        expect(page.get_by_role("region", name=heading, exact=True)).to_be_visible()

    box = page.get_by_role("region", name="Your decision", exact=True)
    expect(box.get_by_label("Type your full name to accept")).to_be_visible()
    overall = "Please move the blog to a later phase."
    scope_note = "Drop the blog template for now."
    # The note on a section is written under that section, where its text is.
    scope = page.get_by_role("region", name="Scope", exact=True)
    press(scope.get_by_text("Ask for a change to “Scope”"), page)
    scope.get_by_label("Note on “Scope”").fill(scope_note)
    box.get_by_label("What should change overall?").fill(overall)
    box.get_by_label("Your name").fill(CLIENT_NAME)

    with stays_on_page(page, watch, "/decision"):
        press(box.get_by_role("button", name="Request changes", exact=True), page)
        expect(box.get_by_text("You requested changes to version 1")).to_be_visible()
        expect(box.get_by_role("status")).to_be_focused()
        expect(box.get_by_text(overall, exact=True)).to_be_visible()
        expect(box.get_by_text(scope_note, exact=True)).to_be_visible()
        expect(page.get_by_label("Note on “Scope”")).to_have_count(0)
        expect(box.get_by_role("button", name="Accept")).to_have_count(0)
        expect(box.get_by_role("button", name="Request changes")).to_have_count(0)
        expect(box.get_by_label("Type your full name to accept")).to_have_count(0)

    page.reload()
    box = page.get_by_role("region", name="Your decision", exact=True)
    expect(box.get_by_text("You requested changes to version 1")).to_be_visible()
    expect(box.get_by_role("button", name="Accept")).to_have_count(0)
    expect(box.get_by_role("button", name="Request changes")).to_have_count(0)

    page.get_by_role("link", name="All your projects").tap()
    page.wait_for_url(portal_server.portal_url)
    expect(project_region(page, PROJECT).get_by_text("Ready for your review")).to_have_count(0)
    watch.assert_clean()


def _serious_violations(page: Page, where: str) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    if not serious:
        return ""
    report = "\n".join(results.generate_report(violation_id=v["id"]) for v in serious)
    return f"{where}: {len(serious)} serious or critical axe violation(s)\n{report}"


def test_accessibility_on_a_phone(portal_server, phone):
    page, watch = phone
    reports = []

    open_dashboard(page, portal_server.portal_url)
    reports.append(_serious_violations(page, "dashboard"))

    # The feedback box as it is after a rejected submission (error shown in place).
    update = update_article(page)
    press(project_region(page, PROJECT).get_by_role("button", name="Needs attention", exact=True), page)
    expect(update.get_by_text(NOTE_REQUIRED)).to_be_visible()
    reports.append(_serious_violations(page, "dashboard with a feedback error"))

    project_region(page, PROJECT).get_by_role("link", name=PROPOSAL, exact=True).tap()
    page.wait_for_url(re.compile(r"/portal/[^/]+/proposals/\d+$"))
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    reports.append(_serious_violations(page, "proposal page"))

    failures = [report for report in reports if report]
    assert not failures, "\n\n".join(failures)
    watch.assert_clean(expected_console_errors=VALIDATION_ERRORS)


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_staff_pages_are_accessible_and_work_in_place(portal_server, chromium_browser, device):
    """Staff, as a person would: log in, open a client, create the portal link in place,
    then the project and proposal pages; axe checks each."""
    context, page, watch = open_context(chromium_browser, DEVICES[device])
    reports = []
    page.goto(f"{portal_server.base_url}/login")
    reports.append(_serious_violations(page, "login"))
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-portal-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Maya Lindqvist").click()
    # The demo client has a link already: a new one replaces it, and the page asks first.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    with stays_on_page(page, watch, "/portal-link"):
        press(page.get_by_role("button", name="Create portal link"), page)
        expect(page.get_by_label("Portal link for Maya Lindqvist")).to_have_value(re.compile(r"/portal/[A-Za-z0-9_-]{43}$"))
        expect(page.get_by_label("Portal link for Maya Lindqvist")).to_be_focused()
        expect(page.get_by_text("The previous link stopped working.")).to_be_visible()
    assert questions == ["Make a new portal link for Maya Lindqvist? The current link stops working at once."]
    reports.append(_serious_violations(page, "client page with a new link"))
    page.get_by_role("link", name=PROJECT, exact=True).click()
    reports.append(_serious_violations(page, "project page"))
    page.get_by_role("link", name=PROPOSAL, exact=True).click()
    reports.append(_serious_violations(page, "proposal page"))
    context.close()

    failures = [report for report in reports if report]
    assert not failures, "\n\n".join(failures)
    watch.assert_clean()
