"""Requests that arrive at the same moment, sent to a real server: every one gets a proper
answer (no 500) and the records stay consistent, on SQLite and on PostgreSQL."""

import asyncio

from db.tables import Activity, ClientDecision, DeliveryUpdate, PortalLink, Project, Proposal, ProposalSection
from tests.helpers import (
    HTMX,
    create_portal_link,
    csrf_token,
    draft_proposal,
    new_client,
    new_project,
    portal_with_shared_proposal,
    send_form_twice,
    staff_logged_in,
)


async def test_create_and_revoke_at_once_never_fail(live_client):
    await staff_logged_in(live_client)
    client_id = await new_client(live_client)
    csrf = await csrf_token(live_client, f"/clients/{client_id}")
    data = {"_csrf_token": csrf}

    answers = await asyncio.gather(*(
        live_client.post(f"/clients/{client_id}/portal-link" + ("/revoke" if i % 2 else ""), data=data, headers=HTMX)
        for i in range(8)
    ))

    assert [answer.status_code for answer in answers] == [200] * 8
    assert await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null()) <= 1


async def test_sharing_twice_at_once_makes_one_version(live_client):
    await staff_logged_in(live_client)
    project_id = await new_project(live_client, await new_client(live_client))
    proposal_id = await draft_proposal(live_client, project_id, [("Scope", "x")])
    csrf = await csrf_token(live_client, f"/proposals/{proposal_id}")

    answers = await asyncio.gather(*(
        live_client.post(f"/proposals/{proposal_id}/ready", data={"_csrf_token": csrf}, headers=HTMX) for _ in range(5)
    ))

    assert sorted(answer.status_code for answer in answers) == [200, 409, 409, 409, 409]
    assert (await Proposal.select(Proposal.version).where(Proposal.id == proposal_id).first())["version"] == 1


async def test_sections_added_at_once_keep_distinct_positions(live_client):
    await staff_logged_in(live_client)
    project_id = await new_project(live_client, await new_client(live_client))
    proposal_id = await draft_proposal(live_client, project_id, [])
    csrf = await csrf_token(live_client, f"/proposals/{proposal_id}")

    await asyncio.gather(*(
        live_client.post(f"/proposals/{proposal_id}/sections", data={"_csrf_token": csrf, "heading": f"S{i}", "body": ""}, headers=HTMX)
        for i in range(6)
    ))

    positions = [row["position"] for row in await ProposalSection.select(ProposalSection.position).where(
        ProposalSection.proposal == proposal_id)]
    assert sorted(positions) == list(range(6))


async def test_a_decision_racing_a_withdrawal_leaves_a_consistent_record(live_client, other_live_client):
    token, proposal_id = await portal_with_shared_proposal(live_client, [("Scope", "x")])
    project_id = (await Proposal.select(Proposal.project).where(Proposal.id == proposal_id).first())["project"]
    page = f"/portal/{token}/proposals/{proposal_id}"
    client_csrf = await csrf_token(other_live_client, page)
    staff_csrf = await csrf_token(live_client, f"/proposals/{proposal_id}")

    decision, withdrawal = await asyncio.gather(
        other_live_client.post(f"{page}/decision", headers=HTMX,
                               data={"_csrf_token": client_csrf, "decision": "accepted", "typed_name": "Maya", "version": "1"}),
        live_client.post(f"/proposals/{proposal_id}/withdraw", data={"_csrf_token": staff_csrf}, headers=HTMX),
    )

    status = (await Proposal.select(Proposal.status).where(Proposal.id == proposal_id).first())["status"]
    decisions = await ClientDecision.count().where(ClientDecision.proposal == proposal_id)
    withdrawn = await Activity.count().where((Activity.action == "proposal_withdrawn") & (Activity.project == project_id))
    if decisions:
        assert (status, decision.status_code, withdrawal.status_code) == ("accepted", 200, 409)
    else:
        assert (status, withdrawal.status_code, withdrawn) == ("draft", 200, 1)
        assert decision.status_code in (404, 409)


async def test_concurrent_creates_leave_exactly_one_active_link(live_client):
    await staff_logged_in(live_client)
    client_id = await new_client(live_client)

    tokens = await asyncio.gather(*(create_portal_link(live_client, client_id) for _ in range(5)))

    assert len(set(tokens)) == 5
    assert await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null()) == 1


async def test_simultaneous_posts_record_one_decision(live_client, other_live_client):
    token, proposal_id = await portal_with_shared_proposal(live_client, [("Scope", "x")])
    page = f"/portal/{token}/proposals/{proposal_id}"
    csrf = await csrf_token(other_live_client, page)
    accept = {"decision": "accepted", "typed_name": "Maya", "version": "1", "_csrf_token": csrf}
    changes = {"decision": "changes_requested", "note": "No", "version": "1", "_csrf_token": csrf}

    answers = await asyncio.gather(*(
        other_live_client.post(f"{page}/decision", data=accept if i % 2 else changes,
                               headers={**HTMX, "User-Agent": f"phone-{i}"})
        for i in range(6)
    ))

    assert all(answer.status_code in (200, 409) for answer in answers)
    decisions = await ClientDecision.select().where(ClientDecision.proposal == proposal_id)
    assert len(decisions) == 1
    # The proof of who decided comes from the request that won, over a real connection.
    winner = int(decisions[0]["user_agent"].removeprefix("phone-"))
    assert decisions[0]["decision"] == ("accepted" if winner % 2 else "changes_requested")
    assert decisions[0]["ip_address"] == "127.0.0.1" and answers[winner].status_code == 200


async def test_simultaneous_creates_make_one_record_each(live_client):
    await staff_logged_in(live_client)
    client_id = await new_client(live_client)
    project_id = await new_project(live_client, client_id)
    proposal_id = await draft_proposal(live_client, project_id, [])

    await send_form_twice(live_client, f"/clients/{client_id}", f"/clients/{client_id}/projects", {"name": "Twice"}, True, True)
    await send_form_twice(live_client, f"/projects/{project_id}", f"/projects/{project_id}/proposals", {"title": "Twice"}, at_once=True)
    await send_form_twice(live_client, f"/projects/{project_id}", f"/projects/{project_id}/updates",
                          {"title": "Twice", "status": "on_track", "publish": "1"}, True, True)
    await send_form_twice(live_client, f"/proposals/{proposal_id}", f"/proposals/{proposal_id}/sections",
                          {"heading": "Twice", "body": ""}, True, True)

    assert await Project.count().where((Project.client == client_id) & (Project.name == "Twice")) == 1
    assert await Proposal.count().where((Proposal.project == project_id) & (Proposal.title == "Twice")) == 1
    assert await DeliveryUpdate.count().where((DeliveryUpdate.project == project_id) & (DeliveryUpdate.title == "Twice")) == 1
    assert await ProposalSection.count().where(ProposalSection.proposal == proposal_id) == 1
