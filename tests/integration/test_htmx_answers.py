"""htmx gets the fragment to swap; a browser without JavaScript gets a page or a 303."""

from db.tables import PortalLink
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


async def test_create_link_without_javascript_redirects_and_shows_the_link_once(client):
    """Post, redirect, get: the new link is on the page the redirect leads to, once; a
    reload shows the link's status and makes no new link."""
    await staff_logged_in(client)
    client_id = await new_client(client)
    await create_portal_link(client, client_id)

    response = await post_form(client, f"/clients/{client_id}/portal-link", page=f"/clients/{client_id}")

    assert response.status_code == 303
    assert response.headers["location"] == f"/clients/{client_id}?link=replaced#portal-link-panel"
    assert "HX-Request" in response.headers["vary"]
    token = client.cookies.get("portal_new_link")
    assert token and token not in response.headers["location"]
    page = await client.get(response.headers["location"])
    assert f"/portal/{token}" in page.text and "Copy link" in page.text
    assert "The previous link stopped working." in page.text
    assert not client.cookies.get("portal_new_link")

    reloaded = await client.get(response.headers["location"])
    assert "/portal/" not in reloaded.text and "Active</span> since" in reloaded.text
    assert await PortalLink.count().where(PortalLink.client == client_id) == 2
    assert (await client.get(f"/portal/{token}")).status_code == 200


async def test_a_handed_over_link_is_shown_only_on_its_own_clients_page_and_only_while_it_works(client):
    await staff_logged_in(client)
    client_id, other_client_id = await new_client(client), await new_client(client, name="Other")
    await post_form(client, f"/clients/{client_id}/portal-link", page=f"/clients/{client_id}")
    token = client.cookies.get("portal_new_link")

    # Replayed on another client's page, the cookie shows nothing there.
    client.cookies.set("portal_new_link", token, path="/")
    other_page = await client.get(f"/clients/{other_client_id}")
    assert token not in other_page.text
    await post_form(client, f"/clients/{client_id}/portal-link/revoke", page=f"/clients/{other_client_id}")
    client.cookies.set("portal_new_link", token, path="/")
    revoked_page = await client.get(f"/clients/{client_id}")
    assert token not in revoked_page.text and "Revoked" in revoked_page.text


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
