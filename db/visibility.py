"""What a client may see through their portal link: active projects of their own, the
proposals staff shared (as shared, never the draft being edited), and published delivery
updates. Nothing else reaches a portal page; every portal read goes through here."""

from __future__ import annotations

from db.portal_links import PortalAccess
from db.proposal_states import shared_version
from db.tables import Client, ClientDecision, DecisionSectionNote, DeliveryFeedback, DeliveryUpdate, Project, Proposal, Workspace
from db.tenancy import NotFound

SHARED_PROPOSAL_STATUSES = ["ready", "accepted", "changes_requested"]


class ProposalWithdrawn(NotFound):
    """A proposal the client was shown before, taken back by staff to revise: the client
    may learn that much (it is their own proposal, by the title they read), never the
    draft's content."""

    def __init__(self, title: str, project_name: str):
        super().__init__(title)
        self.title = title
        self.project_name = project_name


async def portal_header(access: PortalAccess) -> dict:
    workspace = await Workspace.select(Workspace.name, Workspace.brand_colour).where(
        Workspace.id == access.workspace_id
    ).first()
    client = await Client.select(Client.name, Client.company).where(Client.id == access.client_id).first()
    if workspace is None or client is None:
        raise NotFound()
    return {"workspace": workspace, "client": client}


async def client_visible_projects(access: PortalAccess) -> list[dict]:
    """Active projects, each with its shared proposals and its latest published update."""
    projects = await Project.select(Project.id, Project.name).where(
        (Project.client == access.client_id) & (Project.workspace == access.workspace_id) & (Project.status == "active")
    ).order_by(Project.id)
    for project in projects:
        project["proposals"] = await Proposal.select(
            Proposal.id, Proposal.title, Proposal.status, Proposal.version, Proposal.updated_at
        ).where((Proposal.project == project["id"]) & Proposal.status.is_in(SHARED_PROPOSAL_STATUSES)).order_by(
            Proposal.id
        )
        project["latest_update"] = await _latest_published_update(project["id"])
    return projects


async def _latest_published_update(project_id: int) -> dict | None:
    update = (
        await DeliveryUpdate.select(
            DeliveryUpdate.id,
            DeliveryUpdate.title,
            DeliveryUpdate.body_html,
            DeliveryUpdate.status,
            DeliveryUpdate.published_at,
        )
        .where((DeliveryUpdate.project == project_id) & DeliveryUpdate.published_at.is_not_null())
        .order_by(DeliveryUpdate.published_at, DeliveryUpdate.id, ascending=False)
        .first()
    )
    return await with_latest_feedback(update) if update else None


async def with_latest_feedback(update: dict) -> dict:
    """The update with the client's most recent feedback on it (or None)."""
    update["feedback"] = (
        await DeliveryFeedback.select(DeliveryFeedback.verdict, DeliveryFeedback.note, DeliveryFeedback.created_at)
        .where(DeliveryFeedback.delivery_update == update["id"])
        .order_by(DeliveryFeedback.id, ascending=False)
        .first()
    )
    return update


async def _visible_project(access: PortalAccess, project_id: int) -> dict:
    project = await Project.select().where(
        (Project.id == project_id)
        & (Project.client == access.client_id)
        & (Project.workspace == access.workspace_id)
        & (Project.status == "active")
    ).first()
    if project is None:
        raise NotFound()
    return project


async def client_visible_proposal(access: PortalAccess, proposal_id: int) -> dict:
    """The proposal with the sections of its shared version and the client's decisions;
    ProposalWithdrawn when it was shared once and is being revised; NotFound when it is
    not the client's or never was shared."""
    proposal = await Proposal.select(
        Proposal.all_columns(), Proposal.project.name.as_alias("project_name")
    ).where(Proposal.id == proposal_id).first()
    if proposal is None:
        raise NotFound()
    project = await _visible_project(access, proposal["project"])
    if proposal["status"] not in SHARED_PROPOSAL_STATUSES:
        if proposal["version"] > 0:
            raise ProposalWithdrawn(proposal["title"], proposal["project_name"])
        raise NotFound()
    proposal["client_id"] = project["client"]
    snapshot = await shared_version(proposal_id, proposal["version"])
    if snapshot is None:
        raise NotFound()
    proposal["sections"] = [
        {**section, "position": position}
        for position, section in enumerate(snapshot["sections"])
    ]
    proposal["decisions"] = await ClientDecision.select(
        ClientDecision.id,
        ClientDecision.version,
        ClientDecision.decision,
        ClientDecision.typed_name,
        ClientDecision.note,
        ClientDecision.decided_at,
    ).where(ClientDecision.proposal == proposal_id).order_by(ClientDecision.version, ascending=False)
    await _with_section_notes(proposal["decisions"])
    proposal["current_decision"] = next(
        (row for row in proposal["decisions"] if row["version"] == proposal["version"]), None
    )
    return proposal


async def _with_section_notes(decisions: list[dict]) -> None:
    """Each decision gets the notes the client wrote on its sections: they are the
    client's own words, so earlier versions' notes stay theirs to read."""
    for decision in decisions:
        decision["section_notes"] = []
    if not decisions:
        return
    by_id = {decision["id"]: decision for decision in decisions}
    notes = await DecisionSectionNote.select(
        DecisionSectionNote.decision, DecisionSectionNote.section_heading, DecisionSectionNote.note
    ).where(DecisionSectionNote.decision.is_in(list(by_id))).order_by(DecisionSectionNote.position)
    for note in notes:
        by_id[note["decision"]]["section_notes"].append(note)


class UpdateSuperseded(NotFound):
    """An update the client may have on screen, but a newer one has been published: the
    portal shows (and takes answers on) the latest update of each project only."""

    def __init__(self, project_id: int):
        super().__init__(project_id)
        self.project_id = project_id


async def client_visible_update(access: PortalAccess, update_id: int) -> tuple[dict, dict]:
    """The latest published update of one of the client's active projects, with its
    project; UpdateSuperseded for an earlier published one."""
    update = await DeliveryUpdate.select().where(
        (DeliveryUpdate.id == update_id) & DeliveryUpdate.published_at.is_not_null()
    ).first()
    if update is None:
        raise NotFound()
    project = await _visible_project(access, update["project"])
    latest = await _latest_published_update(project["id"])
    if latest["id"] != update_id:
        raise UpdateSuperseded(project["id"])
    return update, project
