"""Staff: writing a proposal's sections and sharing it for client review."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from db.form_once import create_once
from db.proposal_states import EDITABLE_STATUSES, TransitionRefused, mark_ready, withdraw_from_review
from db.proposals import add_section, edit_section, move_section, proposal_decisions, proposal_sections, remove_section
from db.tenancy import StaffActor, proposal_in_workspace
from db.validation import InvalidInput
from routes.rendering import VARY, FormState, RecordId, form_values, page_or_fragment, wants_fragment

NEW_SECTION_FORM = "new"


async def _editor_context(
    actor: StaffActor, proposal_id: int, forms: dict[str, FormState] | None = None, message: str = "",
    moved: dict[str, Any] | None = None,
) -> dict[str, Any]:
    proposal = await proposal_in_workspace(actor.workspace_id, proposal_id)
    return {
        "actor": actor,
        "proposal": proposal,
        "editable": proposal["status"] in EDITABLE_STATUSES,
        "sections": await proposal_sections(proposal_id),
        "decisions": await proposal_decisions(proposal_id),
        "forms": forms or {},
        "editor_message": message,
        "moved": moved,
    }


@get("/proposals/{proposal_id:int}")
async def proposal_page(actor: NamedDependency[StaffActor], proposal_id: RecordId) -> Template:
    return Template("pages/proposal_detail.html", context=await _editor_context(actor, proposal_id))


async def _after_edit(
    request: Request,
    actor: StaffActor,
    proposal_id: int,
    change: Callable[[], Awaitable[object]],
    form_name: str = "",
    values: dict[str, str] | None = None,
    moved: dict[str, Any] | None = None,
) -> Template | Redirect:
    """Run one change to the proposal and answer with the editor: refreshed on success,
    with the form's errors and typed text (422) or the refusal (409) otherwise."""
    status_code, forms, message = 200, {}, ""
    try:
        await change()
    except InvalidInput as error:
        status_code = 422
        if form_name:
            forms = {form_name: FormState(values or {}, error.errors)}
        else:
            # A form of buttons only (move): nothing typed to keep, the reason goes on top.
            message = " ".join(error.errors.values())
    except TransitionRefused as refusal:
        status_code, message = 409, str(refusal)
    if status_code == 200 and not wants_fragment(request):
        return Redirect(path=f"/proposals/{proposal_id}", status_code=303, headers=VARY)
    context = await _editor_context(actor, proposal_id, forms, message, moved if status_code == 200 else None)
    return page_or_fragment(request, "pages/proposal_detail.html", "fragments/proposal_editor.html", context, status_code)


@post("/proposals/{proposal_id:int}/sections")
async def add_section_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    return await _after_edit(
        request, actor, proposal_id,
        lambda: create_once(
            actor.workspace_id,
            f"section@proposal:{proposal_id}",
            values,
            lambda: add_section(actor, proposal_id, values.get("heading", ""), values.get("body", "")),
        ),
        NEW_SECTION_FORM, values,
    )


@post("/proposals/{proposal_id:int}/sections/{section_id:int}")
async def edit_section_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId, section_id: RecordId) -> Template | Redirect:
    values = await form_values(request)
    return await _after_edit(
        request, actor, proposal_id,
        lambda: edit_section(actor, proposal_id, section_id, values.get("heading", ""), values.get("body", "")),
        str(section_id), values,
    )


@post("/proposals/{proposal_id:int}/sections/{section_id:int}/move")
async def move_section_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId, section_id: RecordId) -> Template | Redirect:
    direction = (await form_values(request)).get("direction", "")
    return await _after_edit(
        request, actor, proposal_id, lambda: move_section(actor, proposal_id, section_id, direction),
        moved={"section_id": section_id, "direction": direction},
    )


@post("/proposals/{proposal_id:int}/sections/{section_id:int}/remove")
async def remove_section_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId, section_id: RecordId) -> Template | Redirect:
    return await _after_edit(request, actor, proposal_id, lambda: remove_section(actor, proposal_id, section_id))


@post("/proposals/{proposal_id:int}/ready")
async def mark_ready_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId) -> Template | Redirect:
    return await _after_edit(request, actor, proposal_id, lambda: mark_ready(actor, proposal_id))


@post("/proposals/{proposal_id:int}/withdraw")
async def withdraw_handler(request: Request, actor: NamedDependency[StaffActor], proposal_id: RecordId) -> Template | Redirect:
    return await _after_edit(request, actor, proposal_id, lambda: withdraw_from_review(actor, proposal_id))


proposal_handlers = [
    proposal_page,
    add_section_handler,
    edit_section_handler,
    move_section_handler,
    remove_section_handler,
    mark_ready_handler,
    withdraw_handler,
]
