"""What browser tests share: the devices, the demo's names, a watch on what a person would
not see (console errors, CSP violations, navigations), and ways to act and look like a
person (by role and visible label)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Locator, Page, expect

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


def open_context(chromium_browser, device: dict, **options) -> tuple[BrowserContext, Page, Watch]:
    context = chromium_browser.new_context(**device, locale="en-GB", timezone_id="Europe/Stockholm", **options)
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
        # htmx is done with the new content (its forms answer to htmx again), as it is by
        # the time a person acts on it.
        page.wait_for_function("!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
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
