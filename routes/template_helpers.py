"""Functions and labels the templates may use. None of them queries the database."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from jinja2 import pass_context
from litestar.plugins.jinja import JinjaTemplateEngine
from markupsafe import Markup

from db.delivery_updates import UPDATE_STATUS_LABELS, VERDICT_LABELS
from db.plans import PLAN_LABELS, PLANS_WITH_PORTAL
from db.projects import PROJECT_STATUS_LABELS
from db.proposal_states import STATUS_LABELS
from db.staff_accounts import MIN_PASSWORD_LENGTH
from routes.brand_colours import brand_palette
from routes.security_headers import csp_nonce

# What db/markdown.py keeps; images are left out (the portal loads nothing from elsewhere).
MARKDOWN_HINT = "Markdown: **bold**, *italic*, lists, tables, links. Images are not shown."
def local_time(value: datetime | None) -> Markup:
    """A moment as a <time> element written in UTC; static/portal.js rewrites it in the
    viewer's own zone, in the same format, so it is local on the first visit as on every
    swap. Without JavaScript it stays UTC and says so."""
    if value is None:
        return Markup("")
    utc = value.astimezone(timezone.utc)
    return Markup('<time datetime="{}">{}</time>').format(utc.isoformat(), f"{utc.day} {utc:%b %Y, %H:%M} UTC")


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
