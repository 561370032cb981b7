"""Requests that arrive at the same moment: every one gets a proper answer (no 500) and
the records stay consistent, on SQLite and on PostgreSQL."""

import asyncio

from db.tables import Activity, ClientDecision, PortalLink, Proposal, ProposalSection
from tests.helpers import (
    HTMX,
    create_portal_link,
    csrf_token,
    draft_proposal,
    new_client,
    new_project,
    shared_proposal,
    staff_logged_in,
)


async def test_create_and_revoke_at_once_never_fail(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    csrf = await csrf_token(client, f"/clients/{client_id}")
    data = {"_csrf_token": csrf}

    answers = await asyncio.gather(*(
        client.post(f"/clients/{client_id}/portal-link" + ("/revoke" if i % 2 else ""), data=data, headers=HTMX)
        for i in range(8)
    ))

    assert [answer.status_code for answer in answers] == [200] * 8
    assert await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null()) <= 1


async def test_sharing_twice_at_once_makes_one_version(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    proposal_id = await draft_proposal(client, project_id, [("Scope", "x")])
    csrf = await csrf_token(client, f"/proposals/{proposal_id}")

    answers = await asyncio.gather(*(
        client.post(f"/proposals/{proposal_id}/ready", data={"_csrf_token": csrf}, headers=HTMX) for _ in range(5)
    ))

    assert sorted(answer.status_code for answer in answers) == [200, 409, 409, 409, 409]
    assert (await Proposal.select(Proposal.version).where(Proposal.id == proposal_id).first())["version"] == 1


async def test_sections_added_at_once_keep_distinct_positions(client):
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    proposal_id = await draft_proposal(client, project_id, [])
    csrf = await csrf_token(client, f"/proposals/{proposal_id}")

    await asyncio.gather(*(
        client.post(f"/proposals/{proposal_id}/sections", data={"_csrf_token": csrf, "heading": f"S{i}", "body": ""}, headers=HTMX)
        for i in range(6)
    ))

    positions = [row["position"] for row in await ProposalSection.select(ProposalSection.position).where(
        ProposalSection.proposal == proposal_id)]
    assert sorted(positions) == list(range(6))


async def test_a_decision_racing_a_withdrawal_leaves_a_consistent_record(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    proposal_id = await shared_proposal(client, project_id, [("Scope", "x")])
    token = await create_portal_link(client, client_id)
    page = f"/portal/{token}/proposals/{proposal_id}"
    client_csrf = await csrf_token(other_client, page)
    staff_csrf = await csrf_token(client, f"/proposals/{proposal_id}")

    decision, withdrawal = await asyncio.gather(
        other_client.post(f"{page}/decision", headers=HTMX,
                          data={"_csrf_token": client_csrf, "decision": "accepted", "typed_name": "Maya", "version": "1"}),
        client.post(f"/proposals/{proposal_id}/withdraw", data={"_csrf_token": staff_csrf}, headers=HTMX),
    )

    status = (await Proposal.select(Proposal.status).where(Proposal.id == proposal_id).first())["status"]
    decisions = await ClientDecision.count().where(ClientDecision.proposal == proposal_id)
    withdrawn = await Activity.count().where((Activity.action == "proposal_withdrawn") & (Activity.project == project_id))
    if decisions:
        assert (status, decision.status_code, withdrawal.status_code) == ("accepted", 200, 409)
    else:
        assert (status, withdrawal.status_code, withdrawn) == ("draft", 200, 1)
        assert decision.status_code in (404, 409)
