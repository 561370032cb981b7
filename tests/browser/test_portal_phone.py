"""The client portal in a real Chromium, mostly on a phone: feedback on a delivery update
and a decision on a proposal are swapped in place by htmx (no page navigation), survive a
reload, raise no console error or CSP violation, and the pages pass axe's serious and
critical checks.

Each test has its own server and freshly seeded demo database (see conftest.py), so the
tests hold in any order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import BrowserContext, Locator, Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}

CLIENT_NAME = "Maya Lindqvist"
PROJECT = "Website redesign"
OTHER_PROJECT = "Spring campaign"
UPDATE = "Week 2: wireframes ready"
PROPOSAL = "Website redesign proposal"
SECTIONS = ["Goals", "Scope", "Timeline", "Investment"]
THANKS = "Thank you, your feedback was sent."
NOTE_REQUIRED = "Tell us what needs attention: the note is required."

# Reports every CSP violation to Python; an init script runs before the page's own
# scripts and is not itself subject to the page's policy.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
});
"""


@dataclass
class Watch:
    """What happened in the page that a person would not see: console errors, uncaught
    exceptions, CSP violations, and every navigation of the main frame."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)

    def problems(self, expected_console_errors: tuple[re.Pattern, ...] = ()) -> list[str]:
        allowed = tuple(expected_console_errors)
        unexpected = [
            message for message in self.console_errors if not any(pattern.search(message) for pattern in allowed)
        ]
        return (
            [f"console error: {message}" for message in unexpected]
            + [f"page error: {message}" for message in self.page_errors]
            + [f"CSP violation: {violation}" for violation in self.csp_violations]
        )

    def assert_clean(self, expected_console_errors: tuple[re.Pattern, ...] = ()) -> None:
        problems = self.problems(expected_console_errors)
        assert not problems, "the browser reported problems:\n" + "\n".join(problems)


def _open(chromium_browser, device: dict) -> tuple[BrowserContext, Page, Watch]:
    context = chromium_browser.new_context(**device, locale="en-GB", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = Watch(page)
    context.expose_binding("__reportCspViolation", lambda _source, violation: watch.csp_violations.append(violation))
    context.add_init_script(CSP_LISTENER)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(_describe(message)))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("framenavigated", lambda frame: frame == page.main_frame and watch.navigations.append(frame.url))
    return context, page, watch


def _describe(message) -> str:
    where = message.location.get("url") if message.location else ""
    return f"{message.text} [{where}]" if where else message.text


@pytest.fixture
def phone(chromium_browser) -> Iterator[tuple[Page, Watch]]:
    context, page, watch = _open(chromium_browser, PHONE)
    yield page, watch
    context.close()


@pytest.fixture(params=sorted(DEVICES))
def any_device(request, chromium_browser) -> Iterator[tuple[Page, Watch, str]]:
    context, page, watch = _open(chromium_browser, DEVICES[request.param])
    yield page, watch, request.param
    context.close()


def press(button: Locator, page: Page) -> None:
    """Tap on a touch screen, click elsewhere: what a person would do."""
    if page.evaluate("navigator.maxTouchPoints") > 0:
        button.tap()
    else:
        button.click()


@contextmanager
def stays_on_page(page: Page, watch: Watch, posts_to: str) -> Iterator[list]:
    """The block must change the page in place: the JavaScript state set before it
    survives, the main frame never navigates, and the one form post is an htmx request
    (not a form submission). Assertions that wait for the swap belong inside the block."""
    page.evaluate("window.__marker = 1")
    url_before = page.url
    navigations_before = len(watch.navigations)
    posts: list = []

    def record(request) -> None:
        if request.method == "POST":
            posts.append(request)

    page.on("request", record)
    try:
        yield posts
    finally:
        page.remove_listener("request", record)
    assert watch.navigations[navigations_before:] == [], "the page navigated instead of swapping in place"
    assert page.url == url_before
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: window state was lost"
    assert len(posts) == 1, f"expected one form post, saw {[p.url for p in posts]}"
    assert posts[0].url.endswith(posts_to), posts[0].url
    assert posts[0].headers.get("hx-request") == "true", "the post was not made by htmx"
    assert posts[0].resource_type in ("xhr", "fetch"), posts[0].resource_type


def open_dashboard(page: Page, portal_url: str) -> None:
    page.goto(portal_url)
    expect(page.get_by_role("heading", level=1, name=f"Hello, {CLIENT_NAME}")).to_be_visible()


def project_region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def update_article(page: Page) -> Locator:
    return project_region(page, PROJECT).get_by_role("article", name=UPDATE, exact=True)


# 422 on purpose: Chromium logs the failed load and htmx logs its htmx:responseError.
VALIDATION_ERRORS = (
    re.compile(
        r"status of 422 \(Unprocessable (Entity|Content)\) \[http://127\.0\.0\.1:\d+/portal/[^/]+/updates/\d+/feedback\]$"
    ),
    re.compile(r"^Response Status Error Code 422 from /portal/[^/]+/updates/\d+/feedback\b"),
)


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

    with stays_on_page(page, watch, "/feedback"):
        press(project.get_by_role("button", name="Looks good", exact=True), page)
        expect(update.get_by_role("alert")).to_have_text(THANKS)
        expect(update.get_by_text("Your latest feedback: Looks good")).to_be_visible()
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
    box.get_by_label("Note on “Scope”").fill(scope_note)
    box.get_by_label("What should change overall?").fill(overall)
    box.get_by_label("Your name").fill(CLIENT_NAME)

    with stays_on_page(page, watch, "/decision"):
        press(box.get_by_role("button", name="Request changes", exact=True), page)
        expect(box.get_by_text("You requested changes to version 1")).to_be_visible()
        expect(box.get_by_text(overall, exact=True)).to_be_visible()
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
    context, page, watch = _open(chromium_browser, DEVICES[device])
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
