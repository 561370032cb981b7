"""Staff reorder a proposal's sections from the keyboard, in place: the focus stays with
the section that moved, so the next key press moves it again, and stops at an end."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import expect  # noqa: E402

from tests.browser.browsing import DESKTOP, open_context, stays_on_page  # noqa: E402

pytestmark = pytest.mark.browser


def test_moving_a_section_keeps_the_keyboard_focus_on_it(portal_server, chromium_browser):
    context, page, watch = open_context(chromium_browser, DESKTOP)
    page.goto(f"{portal_server.base_url}/login")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-portal-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Maya Lindqvist").click()
    page.get_by_role("link", name="Spring campaign", exact=True).click()
    page.get_by_role("link", name="Media budget", exact=True).click()
    sections = page.get_by_role("region", name="Sections")
    headings = sections.get_by_role("heading", level=3)
    page.get_by_label("Heading").last.fill("Timing")
    page.get_by_role("button", name="Add section").click()
    expect(headings).to_have_text(["1. Channels", "2. Budget", "3. Timing", "Add a section"])

    page.get_by_role("button", name="Move “Channels” down").focus()
    with stays_on_page(page, watch, "/move"):
        page.keyboard.press("Enter")
        expect(headings.nth(1)).to_have_text("2. Channels")
        expect(page.get_by_role("button", name="Move “Channels” down")).to_be_focused()

    with stays_on_page(page, watch, "/move"):
        page.keyboard.press("Enter")
        # Last now, it can only go up; its heading takes the focus, so a third Enter moves nothing.
        expect(sections.get_by_role("heading", name="3. Channels")).to_be_focused()
    page.keyboard.press("Enter")
    expect(headings).to_have_text(["1. Budget", "2. Timing", "3. Channels", "Add a section"])
    watch.assert_clean()
    context.close()
