"""Functions and labels the templates may use. None of them queries the database."""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from jinja2 import pass_context
from litestar.plugins.jinja import JinjaTemplateEngine

from db.delivery_updates import UPDATE_STATUS_LABELS, VERDICT_LABELS
from db.plans import PLAN_LABELS, PLANS_WITH_PORTAL
from db.projects import PROJECT_STATUS_LABELS
from db.proposal_states import STATUS_LABELS
from db.staff_accounts import MIN_PASSWORD_LENGTH
from routes.brand_colours import brand_palette
from routes.security_headers import csp_nonce

TIME_ZONE_COOKIE = "tz"
# What db/markdown.py keeps; images are left out (the portal loads nothing from elsewhere).
MARKDOWN_HINT = "Markdown: **bold**, *italic*, lists, tables, links. Images are not shown."
_KNOWN_ZONES = available_timezones()


def viewer_zone(request) -> ZoneInfo:
    """The viewer's zone as their browser reported it (static/portal.js sets the cookie),
    UTC until it has."""
    name = request.cookies.get(TIME_ZONE_COOKIE, "") if request is not None else ""
    try:
        return ZoneInfo(name) if name in _KNOWN_ZONES else ZoneInfo("UTC")
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")


@pass_context
def local_time(context, value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(viewer_zone(context.get("request")))
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"


@pass_context
def style_nonce(context) -> str:
    request = context.get("request")
    return csp_nonce(request.scope) if request is not None else ""


def fresh_form_key() -> str:
    """A key per rendered form, so the same submission arriving twice is stored once."""
    return secrets.token_urlsafe(16)


def install_template_helpers(engine: JinjaTemplateEngine) -> None:
    environment = engine.engine
    environment.filters["local_time"] = local_time
    environment.globals.update(
        style_nonce=style_nonce,
        brand_palette=brand_palette,
        fresh_form_key=fresh_form_key,
        PROPOSAL_STATUS=STATUS_LABELS,
        PROJECT_STATUS=PROJECT_STATUS_LABELS,
        UPDATE_STATUS=UPDATE_STATUS_LABELS,
        VERDICTS=VERDICT_LABELS,
        PLANS=PLAN_LABELS,
        PLANS_WITH_PORTAL=PLANS_WITH_PORTAL,
        MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
        MARKDOWN_HINT=MARKDOWN_HINT,
    )
