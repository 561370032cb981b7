"""Portal links: issuing, rotating and revoking them, and the guard every portal request
goes through. This is the only module that turns a token into access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from db.activity import record_activity
from db.engine import is_unique_violation, lock_for_update, write_transaction
from db.link_tokens import hash_link_token, new_link_token
from db.plans import PLANS_WITH_PORTAL, ensure_portal_available
from db.tables import Client, PortalLink, Workspace
from db.tenancy import StaffActor, client_in_workspace

# "Last opened" needs minutes, not seconds: skipping the write for repeated opens keeps
# page views from queueing behind SQLite's single writer.
LAST_OPENED_RESOLUTION = timedelta(minutes=5)
ATTEMPTS_UNDER_RACE = 3


@dataclass(frozen=True)
class PortalAccess:
    link_id: int
    client_id: int
    workspace_id: int


@dataclass(frozen=True)
class IssuedLink:
    token: str
    replaced_an_active_link: bool


async def portal_access(token: str) -> PortalAccess | None:
    """The link's access, or None for revoked, rotated, unknown and malformed tokens
    alike, and for links of a workspace whose plan has no portal (a downgrade pauses its
    links; they open again after an upgrade). Every token takes the same path (hash, one
    indexed lookup), so neither the answer nor its timing tells which of those it was."""
    row = (
        await PortalLink.select(PortalLink.id, PortalLink.client, PortalLink.workspace)
        .where(
            (PortalLink.token_hash == hash_link_token(token))
            & PortalLink.revoked_at.is_null()
            & PortalLink.workspace.plan.is_in(sorted(PLANS_WITH_PORTAL))
        )
        .first()
    )
    if row is None:
        return None
    return PortalAccess(link_id=row["id"], client_id=row["client"], workspace_id=row["workspace"])


async def note_link_opened(access: PortalAccess) -> None:
    now = datetime.now(timezone.utc)
    await PortalLink.update({PortalLink.last_opened_at: now}).where(
        (PortalLink.id == access.link_id)
        & (PortalLink.last_opened_at.is_null() | (PortalLink.last_opened_at < now - LAST_OPENED_RESOLUTION))
    )


async def create_portal_link(actor: StaffActor, client_id: int) -> IssuedLink:
    """Make the client's one active link, revoking any other at once. Concurrent clicks
    take turns on the client's row; should one still slip past, the partial unique index
    refuses it and it retries, revoking the winner's link: one link stays active."""
    plan = await Workspace.select(Workspace.plan).where(Workspace.id == actor.workspace_id).first()
    ensure_portal_available(plan["plan"])
    for attempt in range(ATTEMPTS_UNDER_RACE):
        try:
            return await _replace_active_link(actor, client_id)
        except Exception as error:
            if not is_unique_violation(error) or attempt == ATTEMPTS_UNDER_RACE - 1:
                raise
    raise AssertionError("unreachable")


async def _replace_active_link(actor: StaffActor, client_id: int) -> IssuedLink:
    token = new_link_token()
    async with write_transaction():
        await lock_for_update(Client, client_id, actor.workspace_id)
        client = await client_in_workspace(actor.workspace_id, client_id)
        revoked = await _revoke_active(client_id)
        await PortalLink.insert(
            PortalLink(
                workspace=actor.workspace_id,
                client=client_id,
                token_hash=hash_link_token(token),
                created_by=actor.user_id,
            )
        )
        await record_activity(
            actor.workspace_id,
            actor.label,
            "portal_link_rotated" if revoked else "portal_link_created",
            detail=client["name"],
            client_id=client_id,
        )
    return IssuedLink(token=token, replaced_an_active_link=revoked)


async def _revoke_active(client_id: int) -> bool:
    active = await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null())
    if active:
        await PortalLink.update({PortalLink.revoked_at: datetime.now(timezone.utc)}).where(
            (PortalLink.client == client_id) & PortalLink.revoked_at.is_null()
        )
    return bool(active)


async def revoke_portal_link(actor: StaffActor, client_id: int) -> bool:
    """Disable the client's link without making a new one. False when there was none."""
    async with write_transaction():
        await lock_for_update(Client, client_id, actor.workspace_id)
        client = await client_in_workspace(actor.workspace_id, client_id)
        revoked = await _revoke_active(client_id)
        if revoked:
            await record_activity(
                actor.workspace_id, actor.label, "portal_link_revoked", detail=client["name"], client_id=client_id
            )
    return revoked


async def portal_link_status(workspace_id: int, client_id: int) -> dict | None:
    """The newest link of the client (active or not), never its token: that was shown
    once when it was made and is not stored."""
    return (
        await PortalLink.select(
            PortalLink.created_at, PortalLink.last_opened_at, PortalLink.revoked_at
        )
        .where((PortalLink.workspace == workspace_id) & (PortalLink.client == client_id))
        .order_by(PortalLink.id, ascending=False)
        .first()
    )


async def clients_with_active_link(workspace_id: int) -> set[int]:
    """Ids of the workspace's clients whose portal link works, for the clients list."""
    rows = await PortalLink.select(PortalLink.client).where(
        (PortalLink.workspace == workspace_id) & PortalLink.revoked_at.is_null()
    )
    return {row["client"] for row in rows}

