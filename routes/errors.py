"""Errors as pages a person can read, or for htmx as a message in the page's live region
(the fragment retargets itself, so a failed action is never a silent no-op)."""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from db.tenancy import NotFound
from db.workspaces import OwnerOnly
from routes.portal import PORTAL_PREFIX, LinkNotActive
from routes.rendering import VARY, FormState, wants_fragment
from routes.staff_auth import SIGN_IN_PAGES

logger = logging.getLogger("portal.errors")

CSRF_MESSAGE = "This form has expired or came from elsewhere. Reload the page and try again; nothing was saved."


def _way_back(request: Request) -> tuple[str, str]:
    """Where the error page's link leads: a client stays in their portal (the link is only
    as good as the token in the address, so it reveals nothing), staff go to the start."""
    path = request.url.path
    if path.startswith(PORTAL_PREFIX) and (token := path.removeprefix(PORTAL_PREFIX).split("/", 1)[0]):
        return f"{PORTAL_PREFIX}{token}", "Back to your projects"
    return "/", "Go to the start page"


def _error(request: Request, status_code: int, title: str, message: str) -> Template:
    home_url, home_label = _way_back(request)
    context = {"title": title, "message": message, "status_code": status_code, "home_url": home_url, "home_label": home_label}
    if wants_fragment(request):
        headers = {**VARY, "HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
        return Template("fragments/error_message.html", context=context, status_code=status_code, headers=headers)
    return Template("pages/error.html", context=context, status_code=status_code, headers=VARY)


def link_not_active(request: Request, _: Exception) -> Template | Response:
    """The same page, status and headers for every token that does not open a portal. An
    htmx action from a page whose link was revoked meanwhile reloads that page, which
    then shows this answer in full."""
    if wants_fragment(request):
        return Response(content="", status_code=404, headers={**VARY, "HX-Refresh": "true"})
    return Template("pages/link_inactive.html", context={}, status_code=404, headers=VARY)


def not_found(request: Request, _: Exception) -> Template:
    return _error(request, 404, "Not found", "There is nothing here, or it is not yours to see.")


def needs_login(request: Request, _: Exception) -> Response:
    if wants_fragment(request):
        return Response(content="", status_code=401, headers={**VARY, "HX-Redirect": "/login"})
    return Redirect(path="/login", status_code=303, headers=VARY)


def forbidden(request: Request, error: Exception) -> Template:
    message = CSRF_MESSAGE if "csrf" in str(getattr(error, "detail", "")).lower() else str(error)
    return _error(request, 403, "Not allowed", message)


# Fixed wording: an exception's own detail can echo the path, and a path can hold a token.
HTTP_ERROR_MESSAGES = {
    400: "That address or form was not understood.",
    404: "There is nothing here, or it is not yours to see.",
    405: "That page cannot be used this way.",
    413: "That is more than can be sent at once.",
    429: "Too many attempts in a short time. Wait a minute, then try again.",
}


def _names_no_record(error: HTTPException) -> bool:
    """A path id that cannot exist (0, negative, beyond 32 bits) is simply not found."""
    return isinstance(error, ValidationException) and any(
        isinstance(problem, dict) and problem.get("source") == "path" for problem in (error.extra or [])
    )


def http_error(request: Request, error: HTTPException) -> Template | Response:
    if _names_no_record(error):
        error = NotFoundException()
    if error.status_code == 429 and (sign_in_page := SIGN_IN_PAGES.get(request.url.path)):
        # The throttle answers before the form is read, so the email cannot come back;
        # the form itself does, with the reason at the password.
        form = FormState(errors={"password": HTTP_ERROR_MESSAGES[429]})
        return Template(sign_in_page, context={"form": form}, status_code=429, headers=VARY)
    if error.status_code == 404 and request.url.path.startswith(PORTAL_PREFIX):
        # A token with a slash or other junk misses every route; it still gets the one answer.
        return link_not_active(request, error)
    if error.status_code >= 500:
        logger.error("HTTP %s on %s", error.status_code, request.method)
    message = HTTP_ERROR_MESSAGES.get(error.status_code, "That request could not be handled.")
    response = _error(request, error.status_code, "Something is off", message)
    if allowed := {name.lower(): value for name, value in (error.headers or {}).items()}.get("allow"):
        # A 405 must say which methods the address does take (RFC 9110).
        response.headers["Allow"] = allowed
    return response


def undecodable_body(request: Request, error: Exception) -> Template:
    """A form body in a broken or unknown text encoding: the sender's fault, not ours."""
    return _error(request, 400, "Something is off", HTTP_ERROR_MESSAGES[400])


def server_error(request: Request, error: Exception) -> Template:
    if isinstance(error, LookupError) and "encoding" in str(error):
        return undecodable_body(request, error)
    # The path can hold a portal token, so it is not logged.
    logger.exception("Unhandled error on %s %s", request.method, request.scope.get("route_handler", ""))
    return _error(
        request, HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong",
        "We could not finish that. Nothing you typed was lost on this page; try again in a moment.",
    )


exception_handlers = {
    LinkNotActive: link_not_active,
    NotFound: not_found,
    NotAuthorizedException: needs_login,
    PermissionDeniedException: forbidden,
    OwnerOnly: forbidden,
    HTTPException: http_error,
    UnicodeError: undecodable_body,
    Exception: server_error,
}
