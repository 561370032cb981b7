"""htmx gets the fragment to swap; a browser without JavaScript gets a page or a 303."""

from tests.helpers import HTMX, create_portal_link, draft_proposal, new_client, new_project, post_form, staff_logged_in


async def test_staff_actions_answer_fragments_to_htmx_and_redirects_otherwise(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    page = f"/clients/{client_id}"

    fragment = await post_form(client, f"/clients/{client_id}/projects", {"name": "With htmx"}, htmx=True, page=page)
    plain = await post_form(client, f"/clients/{client_id}/projects", {"name": "Without htmx"}, page=page)

    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="client-projects"') and "<html" not in fragment.text
    assert "With htmx" in fragment.text
    assert plain.status_code == 303 and plain.headers["location"] == page
    for answer in (fragment, plain):
        assert "HX-Request" in answer.headers["vary"]


async def test_create_link_without_javascript_renders_the_whole_page_with_the_link(client):
    """A fresh link can be shown only in the answer that made it, so no redirect here."""
    await staff_logged_in(client)
    client_id = await new_client(client)

    response = await post_form(client, f"/clients/{client_id}/portal-link", page=f"/clients/{client_id}")

    assert response.status_code == 200
    assert "<html" in response.text and "/portal/" in response.text and "Copy link" in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_search_answers_rows_to_htmx_and_the_page_otherwise(client):
    await staff_logged_in(client)
    await new_client(client, name="Zebra Zoo")
    await new_client(client, name="Apple Acres")

    rows = await client.get("/clients?q=zeb", headers=HTMX)
    page = await client.get("/clients?q=zeb")
    boosted = await client.get("/clients?q=zeb", headers={**HTMX, "HX-Boosted": "true"})
    restore = await client.get("/clients?q=zeb", headers={**HTMX, "HX-History-Restore-Request": "true"})

    assert rows.text.lstrip().startswith('<div id="client-rows">') and "Zebra Zoo" in rows.text and "Apple" not in rows.text
    for full in (page, boosted, restore):
        assert "<html" in full.text and "Zebra Zoo" in full.text
    for answer in (rows, page, boosted, restore):
        assert "HX-Request" in answer.headers["vary"]


async def test_search_treats_wildcards_literally(client):
    await staff_logged_in(client)
    await new_client(client, name="Plain Name")

    rows = await client.get("/clients?q=%25", headers=HTMX)

    assert "Plain Name" not in rows.text and "No client matches" in rows.text


async def test_errors_for_htmx_land_in_the_message_region(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    project_id = await new_project(client, client_id)
    proposal_id = await draft_proposal(client, project_id, [], title="Empty")

    refused = await post_form(client, f"/proposals/{proposal_id}/ready", htmx=True, page=f"/proposals/{proposal_id}")
    missing = await post_form(client, "/clients/999999/portal-link", htmx=True, page=f"/clients/{client_id}")

    assert refused.status_code == 409 and "Add at least one section before sharing" in refused.text
    assert missing.status_code == 404
    assert missing.headers["hx-retarget"] == "#messages" and 'role="alert"' in missing.text


async def test_portal_pages_keep_no_htmx_history(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    token = await create_portal_link(client, client_id)

    dashboard = await other_client.get(f"/portal/{token}")

    assert 'hx-history="false"' in dashboard.text
    assert '"historyCacheSize":0' in dashboard.text


async def test_search_ignores_case_beyond_ascii(client):
    await staff_logged_in(client)
    await new_client(client, name="Tomás Reyes")

    rows = await client.get("/clients?q=TOMÁS", headers=HTMX)

    assert "Tomás Reyes" in rows.text
