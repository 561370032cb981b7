"""Proposals and their ordered sections. Sections change only while the proposal is
editable (see db/proposal_states.py)."""

from __future__ import annotations

from db.engine import write_transaction
from db.markdown import render_markdown
from db.proposal_states import ensure_editable, locked_proposal
from db.tables import ClientDecision, DecisionSectionNote, Proposal, ProposalSection
from db.tenancy import NotFound, StaffActor, project_in_workspace
from db.validation import FieldChecks


async def create_proposal(actor: StaffActor, project_id: int, title: str) -> int:
    checks = FieldChecks()
    clean_title = checks.text("title", title, "Title", 160)
    checks.raise_if_any()
    async with write_transaction():
        await project_in_workspace(actor.workspace_id, project_id)
        proposal = Proposal(workspace=actor.workspace_id, project=project_id, title=clean_title)
        await proposal.save()
    return proposal.id


async def project_proposals(workspace_id: int, project_id: int) -> list[dict]:
    return await Proposal.select().where(
        (Proposal.workspace == workspace_id) & (Proposal.project == project_id)
    ).order_by(Proposal.id)


async def proposal_sections(proposal_id: int) -> list[dict]:
    return await ProposalSection.select().where(ProposalSection.proposal == proposal_id).order_by(
        ProposalSection.position
    )


async def _checked_section(heading: str, body: str) -> dict:
    checks = FieldChecks()
    values = {
        "heading": checks.text("heading", heading, "Heading", 160),
        "body": checks.text("body", body, "Text", 20000, required=False),
    }
    checks.raise_if_any()
    values["body_html"] = await render_markdown(values["body"])
    return values


async def _editable_section(actor: StaffActor, proposal_id: int, section_id: int) -> dict:
    ensure_editable(await locked_proposal(actor.workspace_id, proposal_id))
    section = await ProposalSection.select().where(
        (ProposalSection.id == section_id) & (ProposalSection.proposal == proposal_id)
    ).first()
    if section is None:
        raise NotFound()
    return section


async def add_section(actor: StaffActor, proposal_id: int, heading: str, body: str) -> int:
    values = await _checked_section(heading, body)
    async with write_transaction():
        ensure_editable(await locked_proposal(actor.workspace_id, proposal_id))
        last = await ProposalSection.select(ProposalSection.position).where(
            ProposalSection.proposal == proposal_id
        ).order_by(ProposalSection.position, ascending=False).first()
        position = last["position"] + 1 if last else 0
        section = ProposalSection(proposal=proposal_id, position=position, **values)
        await section.save()
    return section.id


async def edit_section(actor: StaffActor, proposal_id: int, section_id: int, heading: str, body: str) -> None:
    values = await _checked_section(heading, body)
    async with write_transaction():
        await _editable_section(actor, proposal_id, section_id)
        await ProposalSection.update({getattr(ProposalSection, key): value for key, value in values.items()}).where(
            ProposalSection.id == section_id
        )


async def remove_section(actor: StaffActor, proposal_id: int, section_id: int) -> None:
    async with write_transaction():
        await _editable_section(actor, proposal_id, section_id)
        await ProposalSection.delete().where(ProposalSection.id == section_id)


MOVES = {"up": "Move up", "down": "Move down"}


async def move_section(actor: StaffActor, proposal_id: int, section_id: int, direction: str) -> None:
    """Swap the section with its neighbour above ("up") or below ("down")."""
    checks = FieldChecks()
    checks.choice("direction", direction, "Direction", MOVES)
    checks.raise_if_any()
    async with write_transaction():
        section = await _editable_section(actor, proposal_id, section_id)
        sections = await proposal_sections(proposal_id)
        index = next(i for i, row in enumerate(sections) if row["id"] == section_id)
        neighbour_index = index - 1 if direction == "up" else index + 1
        if not 0 <= neighbour_index < len(sections):
            return
        neighbour = sections[neighbour_index]
        await ProposalSection.update({ProposalSection.position: neighbour["position"]}).where(
            ProposalSection.id == section_id
        )
        await ProposalSection.update({ProposalSection.position: section["position"]}).where(
            ProposalSection.id == neighbour["id"]
        )


async def proposal_decisions(proposal_id: int) -> list[dict]:
    """Every client decision on the proposal, newest first, with its section notes."""
    decisions = await ClientDecision.select().where(ClientDecision.proposal == proposal_id).order_by(
        ClientDecision.version, ascending=False
    )
    if decisions:
        notes = await DecisionSectionNote.select().where(
            DecisionSectionNote.decision.is_in([row["id"] for row in decisions])
        ).order_by(DecisionSectionNote.position)
        for decision in decisions:
            decision["section_notes"] = [note for note in notes if note["decision"] == decision["id"]]
    return decisions
