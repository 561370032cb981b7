"""Who the staff member behind a request is. Every staff route depends on `actor`."""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import NotAuthorizedException

from db.staff_accounts import staff_for_session
from db.tenancy import StaffActor

SESSION_COOKIE = "portal_session"


async def current_actor(request: Request) -> StaffActor:
    token = request.cookies.get(SESSION_COOKIE)
    actor = await staff_for_session(token) if token else None
    if actor is None:
        raise NotAuthorizedException("Log in to continue.")
    return actor
