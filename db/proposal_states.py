"""A proposal's life: draft -> ready -> accepted | changes_requested, and after changes
are requested, revised and ready again as a new version. Every status change goes
through this module."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from db.activity import CLIENT_ACTOR, record_activity
from db.engine import is_unique_violation, lock_for_update, write_transaction
from db.tables import ClientDecision, DecisionSectionNote, Proposal, ProposalSection, ProposalVersion
from db.tenancy import StaffActor, proposal_in_workspace
from db.validation import FieldChecks, printable

STATUS_LABELS = {
    "draft": "Draft",
    "ready": "Ready for client review",
    "accepted": "Accepted",
    "changes_requested": "Changes requested",
}
EDITABLE_STATUSES = {"draft", "changes_requested"}
DECISIONS = {"accepted": "Accept", "changes_requested": "Request changes"}


class TransitionRefused(Exception):
    """The proposal is not in a status that allows this; the message says why."""


class DecisionNotOpen(Exception):
    """The client's decision arrived for a version that is no longer open for review."""


async def locked_proposal(workspace_id: int, proposal_id: int) -> dict:
    """The proposal, read after taking its row lock, for a transaction that changes it or
    its sections: its status cannot change underneath until the transaction ends."""
    await lock_for_update(Proposal, proposal_id, workspace_id)
    return await proposal_in_workspace(workspace_id, proposal_id)


def ensure_editable(proposal: dict) -> None:
    if proposal["status"] not in EDITABLE_STATUSES:
        raise TransitionRefused(
            f"This proposal is {STATUS_LABELS[proposal['status']].lower()}; its sections cannot be changed now."
            + (" Withdraw it from review first." if proposal["status"] == "ready" else "")
        )


def sections_fingerprint(sections_json: str) -> str:
    return hashlib.sha256(sections_json.encode("utf-8")).hexdigest()


async def mark_ready(actor: StaffActor, proposal_id: int) -> None:
    """Share the proposal for review as a new version, keeping a snapshot of exactly what
    the client will see."""
    async with write_transaction():
        proposal = await locked_proposal(actor.workspace_id, proposal_id)
        if proposal["status"] not in EDITABLE_STATUSES:
            raise TransitionRefused(f"This proposal is already {STATUS_LABELS[proposal['status']].lower()}.")
        # The snapshot keeps the HTML the client is shown, sanitised when the section was
        # saved, so the fingerprint covers exactly what was on the screen.
        sections = await ProposalSection.select(
            ProposalSection.heading, ProposalSection.body, ProposalSection.body_html
        ).where(
            ProposalSection.proposal == proposal_id
        ).order_by(ProposalSection.position)
        if not sections:
            raise TransitionRefused("Add at least one section before sharing the proposal.")
        version = proposal["version"] + 1
        sections_json = json.dumps(sections, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        await ProposalVersion.insert(
            ProposalVersion(
                proposal=proposal_id,
                version=version,
                sections_json=sections_json,
                fingerprint=sections_fingerprint(sections_json),
            )
        )
        await Proposal.update(
            {Proposal.status: "ready", Proposal.version: version, Proposal.updated_at: datetime.now(timezone.utc)}
        ).where(Proposal.id == proposal_id)
        await record_activity(
            actor.workspace_id,
            actor.label,
            "proposal_shared",
            f"{proposal['title']} (version {version})",
            client_id=proposal["client_id"],
            project_id=proposal["project"],
        )


async def withdraw_from_review(actor: StaffActor, proposal_id: int) -> None:
    async with write_transaction():
        proposal = await locked_proposal(actor.workspace_id, proposal_id)
        if proposal["status"] != "ready":
            raise TransitionRefused("Only a proposal that is ready for review can be withdrawn.")
        await Proposal.update({Proposal.status: "draft", Proposal.updated_at: datetime.now(timezone.utc)}).where(
            Proposal.id == proposal_id
        )
        await record_activity(
            actor.workspace_id,
            actor.label,
            "proposal_withdrawn",
            proposal["title"],
            client_id=proposal["client_id"],
            project_id=proposal["project"],
        )


@dataclass(frozen=True)
class DecisionOutcome:
    decision: dict
    already_recorded: bool
    # For a decision already recorded: whether this POST said the same (a resend) or
    # something else (another answer, which is not saved).
    same_answer: bool = True


@dataclass(frozen=True)
class ClientDecisionInput:
    decision: str
    version_seen: int
    typed_name: str
    note: str
    # keyed by the section's position in the shared version
    section_notes: dict[int, str]
    ip_address: str
    user_agent: str


def _checked_decision(form: ClientDecisionInput) -> tuple[str, str, dict[int, str]]:
    checks = FieldChecks()
    checks.choice("decision", form.decision, "Decision", DECISIONS)
    typed_name = checks.text("typed_name", form.typed_name, "Your name", 120, required=form.decision == "accepted")
    if form.decision == "accepted" and typed_name and sum(character.isalpha() for character in typed_name) < 2:
        # The typed name is the signature on an acceptance: an initial proves little.
        checks.fail("typed_name", "Type your full name, as you would sign it.")
    note = checks.text("note", form.note, "Note", 5000, required=False)
    section_notes = {}
    for position, text in form.section_notes.items():
        cleaned = checks.text(f"section_note_{position}", text, "Section note", 5000, required=False)
        if cleaned:
            section_notes[position] = cleaned
    if form.decision == "changes_requested" and not note and not section_notes and not checks.errors:
        checks.fail("note", "Tell us what to change: write a note, overall or on a section.")
    checks.raise_if_any()
    return typed_name, note, section_notes


async def record_client_decision(proposal: dict, form: ClientDecisionInput) -> DecisionOutcome:
    """Record the client's one decision on the version they saw. The same POST arriving
    twice (a double tap, a resend) returns the decision already recorded; the unique
    index on (proposal, version) holds this even for two requests at the same instant."""
    typed_name, note, section_notes = _checked_decision(form)
    answer = (form.decision, typed_name, note, section_notes)
    try:
        async with write_transaction():
            await lock_for_update(Proposal, proposal["id"])
            existing = await _decision_for_version(proposal["id"], form.version_seen)
            if existing:
                return await _recorded_before(existing, answer)
            current = await Proposal.select(Proposal.status, Proposal.version).where(Proposal.id == proposal["id"]).first()
            if current["status"] != "ready" or current["version"] != form.version_seen:
                raise DecisionNotOpen()
            decision = await _insert_decision(proposal, form, typed_name, note, section_notes)
    except Exception as error:
        if not is_unique_violation(error):
            raise
        return await _recorded_before(await _decision_for_version(proposal["id"], form.version_seen), answer)
    return DecisionOutcome(decision, already_recorded=False)


async def _recorded_before(decision: dict, answer: tuple[str, str, str, dict[int, str]]) -> DecisionOutcome:
    notes = await DecisionSectionNote.select(DecisionSectionNote.position, DecisionSectionNote.note).where(
        DecisionSectionNote.decision == decision["id"]
    )
    recorded = (decision["decision"], decision["typed_name"], decision["note"], {row["position"]: row["note"] for row in notes})
    return DecisionOutcome(decision, already_recorded=True, same_answer=recorded == answer)


async def shared_version(proposal_id: int, version: int) -> dict | None:
    """The sections exactly as shared for review in that version (what the client sees,
    whatever staff edit afterwards)."""
    snapshot = await ProposalVersion.select().where(
        (ProposalVersion.proposal == proposal_id) & (ProposalVersion.version == version)
    ).first()
    if snapshot:
        snapshot["sections"] = json.loads(snapshot["sections_json"])
    return snapshot


async def _decision_for_version(proposal_id: int, version: int) -> dict | None:
    return await ClientDecision.select().where(
        (ClientDecision.proposal == proposal_id) & (ClientDecision.version == version)
    ).first()


async def _insert_decision(
    proposal: dict, form: ClientDecisionInput, typed_name: str, note: str, section_notes: dict[int, str]
) -> dict:
    snapshot = await shared_version(proposal["id"], form.version_seen)
    decision = ClientDecision(
        workspace=proposal["workspace"],
        proposal=proposal["id"],
        version=form.version_seen,
        decision=form.decision,
        typed_name=typed_name,
        note=note,
        ip_address=form.ip_address[:45],
        user_agent=printable(form.user_agent, 512),
        sections_fingerprint=snapshot["fingerprint"],
    )
    await decision.save()
    for position, section in enumerate(snapshot["sections"]):
        if position in section_notes:
            await DecisionSectionNote.insert(
                DecisionSectionNote(
                    decision=decision.id,
                    section_heading=section["heading"],
                    position=position,
                    note=section_notes[position],
                )
            )
    await Proposal.update({Proposal.status: form.decision, Proposal.updated_at: datetime.now(timezone.utc)}).where(
        Proposal.id == proposal["id"]
    )
    await record_activity(
        proposal["workspace"],
        f"{typed_name} ({CLIENT_ACTOR})" if typed_name else CLIENT_ACTOR,
        "proposal_accepted" if form.decision == "accepted" else "proposal_changes_requested",
        f"{proposal['title']} (version {form.version_seen})",
        client_id=proposal["client_id"],
        project_id=proposal["project"],
    )
    return decision.to_dict()
