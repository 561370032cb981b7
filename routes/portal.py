"""The client's portal at /portal/{token}: no account, the secret link is the access.
Every handler starts with `_access`, the one door from a token to data."""

from __future__ import annotations

import re
from typing import Any

from litestar import HttpMethod, Request, post, route
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.delivery_updates import FeedbackInput, record_feedback
from db.portal_links import PortalAccess, note_link_opened, portal_access
from db.proposal_states import ClientDecisionInput, DecisionNotOpen, record_client_decision, shared_version
from db.validation import InvalidInput
from db.visibility import (
    ProposalWithdrawn,
    UpdateSuperseded,
    client_visible_projects,
    client_visible_proposal,
    client_visible_update,
    portal_header,
    with_latest_feedback,
)
from routes.rendering import (
    GET_OR_HEAD,
    VARY,
    FormState,
    RecordId,
    client_ip,
    form_values,
    page_or_fragment,
    wants_fragment,
)

PORTAL_PREFIX = "/portal/"


class LinkNotActive(Exception):
    """Revoked, rotated, unknown or malformed: the answer is the same for all of them."""


async def _access(token: str) -> PortalAccess:
    access = await portal_access(token)
    if access is None:
        raise LinkNotActive()
    return access



async def _dashboard_context(access: PortalAccess, token: str, **extra: Any) -> dict[str, Any]:
    return {
        **await portal_header(access),
        "token": token,
        "projects": await client_visible_projects(access),
        **extra,
    }


@route("/portal/{token:str}", http_method=GET_OR_HEAD)
async def dashboard(request: Request, token: FromPath[str], sent: FromQuery[str] = "") -> Template:
    access = await _access(token)
    if request.method == HttpMethod.GET:
        # A HEAD comes from a link checker or a mail scanner, not from the client.
        await note_link_opened(access)
    # `sent` only brings the thank-you after feedback without JavaScript; anything else is ignored.
    context = await _dashboard_context(access, token, thanked_update=_small_number(sent))
    return Template("pages/portal_dashboard.html", context=context)


async def _proposal_context(access: PortalAccess, token: str, proposal_id: int, **extra: Any) -> dict[str, Any]:
    context = {
        **await portal_header(access),
        "token": token,
        "accept_form": FormState(),
        "changes_form": FormState(),
        "decision_message": "",
        "view_message": "",
        **extra,
    }
    try:
        context["proposal"] = await client_visible_proposal(access, proposal_id)
    except ProposalWithdrawn as withdrawn:
        context["withdrawn"] = withdrawn
    return context


@route("/portal/{token:str}/proposals/{proposal_id:int}", http_method=GET_OR_HEAD)
async def proposal(token: FromPath[str], proposal_id: RecordId) -> Template:
    access = await _access(token)
    context = await _proposal_context(access, token, proposal_id)
    # Being revised, it is not there to read: a "not found" with the reason, for the client alone.
    return Template("pages/portal_proposal.html", context=context, status_code=404 if "withdrawn" in context else 200)


SMALL_NUMBER = re.compile(r"[0-9]{1,6}")


def _small_number(text: str) -> int | None:
    """A plain ASCII number of a sane size; anything else (other scripts' digits, a
    thousand digits) is not a version or a section we ever rendered."""
    return int(text) if SMALL_NUMBER.fullmatch(text) else None


def _section_notes(values: dict[str, str], section_count: int) -> dict[int, str]:
    """Notes keyed by the position of a section the client was shown; others are ignored."""
    notes = {}
    for name, text in values.items():
        position = _small_number(name.removeprefix("section_note_")) if name.startswith("section_note_") else None
        if position is not None and position < section_count:
            notes[position] = text
    return notes


async def _typed_for_new_version(values: dict[str, str], version_seen: int, current: dict) -> dict[str, str]:
    """What the client typed against an older version, placed in the current version's
    form: the name and the overall note as they were, each section's note under the
    section of the same heading (one that is gone keeps nothing to attach to)."""
    typed = {"typed_name": values.get("typed_name", ""), "note": values.get("note", "")}
    old = await shared_version(current["id"], version_seen)
    if old is None:
        return typed
    position_now = {section["heading"]: section["position"] for section in reversed(current["sections"])}
    for position, text in _section_notes(values, section_count=len(old["sections"])).items():
        heading = old["sections"][position]["heading"]
        if heading in position_now:
            typed[f"section_note_{position_now[heading]}"] = text
    return typed


def _proposal_answer(request: Request, context: dict[str, Any], status_code: int, scroll_to: str) -> Template:
    """The whole proposal view, scrolled where the person should look next. Without a
    `scroll_to` the browser's own focus on the first field with an error decides."""
    response = page_or_fragment(request, "pages/portal_proposal.html", "fragments/proposal_view.html", context, status_code)
    if scroll_to and wants_fragment(request):
        response.headers["HX-Reswap"] = f"outerHTML show:{scroll_to}:top"
    return response


NOTHING_RECORDED = "Nothing was recorded."


@post("/portal/{token:str}/proposals/{proposal_id:int}/decision")
async def decide(request: Request, token: FromPath[str], proposal_id: RecordId) -> Template | Redirect:
    access = await _access(token)
    values = await form_values(request)
    try:
        shown = await client_visible_proposal(access, proposal_id)
    except ProposalWithdrawn:
        context = await _proposal_context(access, token, proposal_id, view_message=NOTHING_RECORDED)
        return _proposal_answer(request, context, 409, "window")
    version_seen = _small_number(values.get("version", ""))
    form = ClientDecisionInput(
        decision=values.get("decision", ""),
        version_seen=-1 if version_seen is None else version_seen,
        typed_name=values.get("typed_name", ""),
        note=values.get("note", ""),
        section_notes=_section_notes(values, section_count=len(shown["sections"])),
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    which_form = "accept_form" if form.decision == "accepted" else "changes_form"
    try:
        outcome = await record_client_decision(shown, form)
    except (InvalidInput, DecisionNotOpen) as refusal:
        context = await _proposal_context(access, token, proposal_id)
        current = context.get("proposal")
        if current and current["status"] == "ready" and 0 < form.version_seen < current["version"]:
            # The sections on the client's screen are not the ones now up for a decision,
            # whatever else is wrong with the form: they read the new version first, and
            # what they typed waits in its form.
            context[which_form] = FormState(await _typed_for_new_version(values, form.version_seen, current))
            context["view_message"] = (
                f"{NOTHING_RECORDED} {context['workspace']['name']} shared a new version (version {current['version']}) "
                "while you were reading. Please read it below before you decide."
            )
            return _proposal_answer(request, context, 409, "window")
        if isinstance(refusal, InvalidInput):
            context[which_form] = FormState(values, refusal.errors)
            return _proposal_answer(request, context, 422, "")
        context["decision_message"] = "This proposal is not open for a decision any more. Here is where it stands now."
        return _proposal_answer(request, context, 409, "#decision-box")
    if not outcome.same_answer:
        message = "A different decision on this version was already recorded, so this one was not saved."
        context = await _proposal_context(access, token, proposal_id, decision_message=message)
        return _proposal_answer(request, context, 409, "#decision-box")
    message = f"Your decision on version {form.version_seen} was already recorded." if outcome.already_recorded else ""
    if not wants_fragment(request):
        return Redirect(path=f"/portal/{token}/proposals/{proposal_id}#decision-box", status_code=303, headers=VARY)
    context = await _proposal_context(access, token, proposal_id, decision_message=message)
    return _proposal_answer(request, context, 200, "#decision-box")


async def _answer_on_a_newer_update(request: Request, access: PortalAccess, token: str, project_id: int,
                                    values: dict[str, str]) -> Template:
    """Feedback sent from a page opened before a newer update was published: not sent, the
    project shown again with the latest update, and the note moved into its form."""
    note = values.get("note", "")
    message = "A newer update was published since you opened this page, so your answer was not sent. Here is the latest" + (
        "; your note is in its box below." if note.strip() else "."
    )
    context = await _dashboard_context(access, token, project_notice={"project_id": project_id, "message": message})
    context["project"] = next(project for project in context["projects"] if project["id"] == project_id)
    context["feedback_forms"] = {context["project"]["latest_update"]["id"]: FormState({"note": note})}
    response = page_or_fragment(request, "pages/portal_dashboard.html", "fragments/portal_project.html", context, 409)
    if wants_fragment(request):
        response.headers["HX-Retarget"] = f"#project-{project_id}"
        response.headers["HX-Reswap"] = "outerHTML"
    return response


@post("/portal/{token:str}/updates/{update_id:int}/feedback")
async def feedback(request: Request, token: FromPath[str], update_id: RecordId) -> Template | Redirect:
    access = await _access(token)
    values = await form_values(request)
    try:
        update, project = await client_visible_update(access, update_id)
    except UpdateSuperseded as superseded:
        return await _answer_on_a_newer_update(request, access, token, superseded.project_id, values)
    form = FeedbackInput(
        verdict=values.get("verdict", ""),
        note=values.get("note", ""),
        submission_key=values.get("submission_key", ""),
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    form_state, status_code, thanked = FormState(), 200, False
    try:
        await record_feedback(update, project, form)
        thanked = True
    except InvalidInput as error:
        form_state, status_code = FormState(values, error.errors), 422
    if status_code == 200 and not wants_fragment(request):
        return Redirect(path=f"/portal/{token}?sent={update_id}#update-{update_id}", status_code=303, headers=VARY)
    context = await _dashboard_context(
        access,
        token,
        update=await with_latest_feedback(update),
        feedback_form=form_state,
        feedback_forms={update_id: form_state},
        thanked_update=update_id if thanked else None,
        thanked=thanked,
    )
    return page_or_fragment(request, "pages/portal_dashboard.html", "fragments/feedback_box.html", context, status_code)


portal_handlers = [dashboard, proposal, decide, feedback]
