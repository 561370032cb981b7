"""The portal shows only what staff explicitly shared with this client."""

from tests.helpers import (
    create_portal_link,
    draft_proposal,
    new_client,
    new_project,
    post_form,
    published_update,
    shared_proposal,
    staff_logged_in,
)


async def test_dashboard_shows_shared_work_and_hides_everything_else(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client, name="Visible Client")
    await post_form(client, "/clients", {"name": "Other Client", "notes": "x"}, page="/clients/new")
    active = await new_project(client, client_id, "Active project")
    finished = await new_project(client, client_id, "Finished project")
    await post_form(client, f"/projects/{finished}/status", {"status": "completed"}, page=f"/projects/{finished}")
    await shared_proposal(client, active, [("Scope", "Shared scope text")], title="Shared proposal")
    await draft_proposal(client, active, [("Draft heading", "Draft text")], title="Secret draft proposal")
    await shared_proposal(client, finished, [("Old", "Old text")], title="Proposal of a finished project")
    await published_update(client, active, title="Old update")
    await published_update(client, active, title="Newest published update")
    await published_update(client, active, title="Unpublished draft update", publish=False)
    await published_update(client, finished, title="Update of a finished project")
    token = await create_portal_link(client, client_id)

    dashboard = (await other_client.get(f"/portal/{token}")).text

    assert "Visible Client" in dashboard and "Active project" in dashboard and "Shared proposal" in dashboard
    assert "Newest published update" in dashboard
    for hidden in ["Secret draft proposal", "Finished project", "Proposal of a finished project", "Old update",
                   "Unpublished draft update", "Update of a finished project", "Other Client", "maya@example.com"]:
        assert hidden not in dashboard, hidden


async def test_internal_notes_and_activity_never_reach_the_portal(client, other_client):
    await staff_logged_in(client)
    response = await post_form(client, "/clients", {"name": "Noted Client", "notes": "Pays late, be firm"}, page="/clients/new")
    client_id = int(response.headers["location"].split("/")[2].split("?")[0])
    project_id = await new_project(client, client_id)
    proposal_id = await shared_proposal(client, project_id, [("Scope", "Text")])
    token = await create_portal_link(client, client_id)

    pages = [await other_client.get(f"/portal/{token}"), await other_client.get(f"/portal/{token}/proposals/{proposal_id}")]

    for page in pages:
        assert page.status_code == 200
        assert "Pays late" not in page.text
        assert "Portal link created" not in page.text and "(staff)" not in page.text


async def test_draft_and_withdrawn_proposals_are_not_found(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    draft_id = await draft_proposal(client, project_id, [("Draft heading", "Draft text")], title="Draft")
    withdrawn_id = await shared_proposal(client, project_id, [("Scope", "Was shared")], title="Withdrawn")
    await post_form(client, f"/proposals/{withdrawn_id}/withdraw", page=f"/proposals/{withdrawn_id}")
    token = await create_portal_link(client, client_id)

    never_shared = await other_client.get(f"/portal/{token}/proposals/{draft_id}")
    assert never_shared.status_code == 404
    assert "Draft" not in never_shared.text
    # The way out leads back to the client's own dashboard, not to a staff log-in.
    assert f'<a href="/portal/{token}">Back to your projects</a>' in never_shared.text

    # One the client has read before says why it is gone, and nothing of its text.
    being_revised = await other_client.get(f"/portal/{token}/proposals/{withdrawn_id}")
    assert being_revised.status_code == 404
    assert "Withdrawn" in being_revised.text and "took this proposal back to revise it" in being_revised.text
    assert "Scope" not in being_revised.text and "Was shared" not in being_revised.text
    assert f'<a href="/portal/{token}">' in being_revised.text


async def test_edits_after_changes_were_requested_stay_private_until_shared_again(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    proposal_id = await shared_proposal(client, project_id, [("Scope", "Version one text")])
    token = await create_portal_link(client, client_id)
    page = f"/portal/{token}/proposals/{proposal_id}"
    await post_form(other_client, f"{page}/decision", {"decision": "changes_requested", "note": "More", "version": "1"}, page=page)

    await post_form(client, f"/proposals/{proposal_id}/sections", {"heading": "Half-written", "body": "Work in progress"},
                    page=f"/proposals/{proposal_id}")
    while_editing = (await other_client.get(page)).text
    await post_form(client, f"/proposals/{proposal_id}/ready", page=f"/proposals/{proposal_id}")
    after_sharing = (await other_client.get(page)).text

    assert "Version one text" in while_editing and "Work in progress" not in while_editing
    assert "Work in progress" in after_sharing and "version 2" in after_sharing


async def test_another_clients_records_are_not_found_through_my_link(client, other_client):
    await staff_logged_in(client)
    mine = await new_client(client, name="Mine")
    theirs = await new_client(client, name="Theirs")
    their_project = await new_project(client, theirs, "Their project")
    their_proposal = await shared_proposal(client, their_project, [("Scope", "Their secret scope")])
    their_update = await published_update(client, their_project, title="Their update")
    my_token = await create_portal_link(client, mine)

    proposal = await other_client.get(f"/portal/{my_token}/proposals/{their_proposal}")
    feedback = await post_form(other_client, f"/portal/{my_token}/updates/{their_update}/feedback",
                               {"verdict": "looks_good", "submission_key": "z" * 22}, page=f"/portal/{my_token}")
    decision = await post_form(other_client, f"/portal/{my_token}/proposals/{their_proposal}/decision",
                               {"decision": "accepted", "typed_name": "Mallory", "version": "1"}, page=f"/portal/{my_token}")

    assert proposal.status_code == feedback.status_code == decision.status_code == 404
    assert "Their secret scope" not in proposal.text
    their_page = await client.get(f"/proposals/{their_proposal}")
    assert "Mallory" not in their_page.text and "Ready for client review" in their_page.text


async def test_the_portal_shows_section_html_sanitised_when_it_was_written(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    proposal_id = await shared_proposal(client, project_id, [("Scope", "**Bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))")])
    token = await create_portal_link(client, client_id)

    page = (await other_client.get(f"/portal/{token}/proposals/{proposal_id}")).text

    assert "<strong>Bold</strong>" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and 'href="javascript' not in page
