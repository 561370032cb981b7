"""Headers every response carries (SPEC: strict CSP, nosniff, no framing), and for every
page that is not a static asset: not cached, not indexed, no Referer, so a portal token
never leaves through a cache, a search engine or a link the client clicks. Applied in
`before_send`, which also sees answers that never reached a route (a 404 for a
malformed portal path)."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

NONCE_KEY = "portal_csp_nonce"


def csp_nonce(scope: Scope) -> str:
    """One nonce per response, made when the page first asks for it."""
    state = scope.setdefault("state", {})
    if NONCE_KEY not in state:
        state[NONCE_KEY] = secrets.token_urlsafe(16)
    return state[NONCE_KEY]


def content_security_policy(nonce: str) -> str:
    # The style nonce exists for one <style> element: the workspace's brand colour.
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce(scope))
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    served_asset = scope["path"].startswith("/static/") and message["status"] == 200
    if not served_asset:
        headers["Cache-Control"] = "no-store"
        headers["X-Robots-Tag"] = "noindex, nofollow"
