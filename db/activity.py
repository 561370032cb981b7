"""The append-only activity log: who did what, and when."""

from __future__ import annotations

from db.tables import Activity

CLIENT_ACTOR = "Client via portal"

ACTION_LABELS = {
    "client_created": "Client added",
    "client_updated": "Client details changed",
    "project_created": "Project added",
    "project_status_changed": "Project status changed",
    "portal_link_created": "Portal link created",
    "portal_link_rotated": "Portal link rotated (old link stopped working)",
    "portal_link_revoked": "Portal link revoked",
    "proposal_shared": "Proposal shared for review",
    "proposal_withdrawn": "Proposal withdrawn from review",
    "proposal_accepted": "Proposal accepted",
    "proposal_changes_requested": "Changes requested",
    "update_published": "Delivery update published",
    "feedback_sent": "Delivery feedback sent",
}


async def record_activity(
    workspace_id: int,
    actor: str,
    action: str,
    detail: str = "",
    client_id: int | None = None,
    project_id: int | None = None,
) -> None:
    await Activity.insert(
        Activity(
            workspace=workspace_id,
            client=client_id,
            project=project_id,
            actor=actor[:160],
            action=action,
            detail=detail[:255],
        )
    )


async def client_activity(workspace_id: int, client_id: int, limit: int = 30) -> list[dict]:
    rows = (
        await Activity.select()
        .where((Activity.workspace == workspace_id) & (Activity.client == client_id))
        .order_by(Activity.id, ascending=False)
        .limit(limit)
    )
    for row in rows:
        row["label"] = ACTION_LABELS.get(row["action"], row["action"])
    return rows
