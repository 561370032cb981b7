"""How a route answers: the fragment for htmx, the full page or a 303 otherwise, and the
form state (values and errors) that lets a failed form come back as it was typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from litestar import HttpMethod, Request
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Redirect, Template

VARY = {"Vary": "HX-Request"}
# Pages that link checkers and mail scanners probe with HEAD as well as GET.
GET_OR_HEAD = [HttpMethod.GET, HttpMethod.HEAD]

# Ids are 32-bit integers in PostgreSQL: anything outside is refused before a query.
RecordId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


def ids_written_plainly(request: Request) -> None:
    """Python's int() also reads "٣", "１", "+1", "01" and "1_0"; an id in a URL is accepted
    only in its one plain spelling, so that one record has one address."""
    segments = request.url.path.split("/")
    for value in request.path_params.values():
        if isinstance(value, int) and str(value) not in segments:
            raise NotFoundException()


@dataclass
class FormState:
    """What the person typed and what was wrong with it, keyed by field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)


def wants_fragment(request: Request) -> bool:
    """htmx swaps a fragment in place; a boosted navigation or a history restore needs
    the whole page, and so does a browser without JavaScript."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_or_fragment(
    request: Request, page: str, fragment: str, context: dict[str, Any], status_code: int = 200
) -> Template:
    return Template(
        template_name=fragment if wants_fragment(request) else page,
        context=context,
        status_code=status_code,
        headers=VARY,
    )


def fragment_or_redirect(request: Request, fragment: str, context: dict[str, Any], redirect_to: str) -> Template | Redirect:
    """After a successful POST: the changed fragment for htmx, a 303 to the page otherwise
    (so a reload does not post again)."""
    if wants_fragment(request):
        return Template(template_name=fragment, context=context, headers=VARY)
    return Redirect(path=redirect_to, status_code=303, headers=VARY)


async def form_values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str) and key != "_csrf_token"}


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""
