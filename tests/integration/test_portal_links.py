"""Creating, rotating and revoking portal links, and what a token may open."""

import hashlib

import pytest

from db.engine import is_unique_violation
from db.tables import PortalLink
from tests.helpers import create_portal_link, new_client, post_form, staff_logged_in


async def test_link_is_shown_once_and_only_its_hash_is_stored(client):
    await staff_logged_in(client)
    client_id = await new_client(client)

    token = await create_portal_link(client, client_id)

    assert len(token) >= 43  # 32 random bytes, base64url
    rows = await PortalLink.select().where(PortalLink.client == client_id)
    assert [row["token_hash"] for row in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in str(value) for value in rows[0].values())
    page = await client.get(f"/clients/{client_id}")
    assert token not in page.text
    assert "Active" in page.text and "not opened yet" in page.text


async def test_the_link_opens_the_dashboard_and_records_last_opened(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client, name="Dana Dashboard")
    token = await create_portal_link(client, client_id)

    dashboard = await other_client.get(f"/portal/{token}")

    assert dashboard.status_code == 200
    assert "Hello, Dana Dashboard" in dashboard.text
    staff_view = await client.get(f"/clients/{client_id}")
    assert "last opened" in staff_view.text
    listing = await client.get("/clients")
    assert "Portal link active" in listing.text.split("Dana Dashboard")[1].split("</li>")[0]


async def test_rotation_revokes_the_old_link_at_once(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    first = await create_portal_link(client, client_id)
    assert (await other_client.get(f"/portal/{first}")).status_code == 200

    response = await post_form(client, f"/clients/{client_id}/portal-link", htmx=True, page=f"/clients/{client_id}")
    second = response.text.split("/portal/")[1].split('"')[0]

    assert "The previous link stopped working" in response.text
    assert (await other_client.get(f"/portal/{first}")).status_code == 404
    assert (await other_client.get(f"/portal/{second}")).status_code == 200
    active = await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null())
    assert active == 1


async def test_revoke_disables_the_link_without_making_a_new_one(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    token = await create_portal_link(client, client_id)

    response = await post_form(client, f"/clients/{client_id}/portal-link/revoke", htmx=True, page=f"/clients/{client_id}")

    assert response.status_code == 200
    assert "Revoked" in response.text and "/portal/" not in response.text
    assert (await other_client.get(f"/portal/{token}")).status_code == 404
    assert await PortalLink.count().where((PortalLink.client == client_id) & PortalLink.revoked_at.is_null()) == 0


async def test_revoked_unknown_and_malformed_tokens_get_the_same_answer(client, other_client):
    await staff_logged_in(client)
    client_id = await new_client(client, name="Secret Client Name")
    revoked = await create_portal_link(client, client_id)
    await post_form(client, f"/clients/{client_id}/portal-link/revoke", page=f"/clients/{client_id}")

    answers = []
    for path in [
        f"/portal/{revoked}",
        "/portal/" + "A" * 43,
        "/portal/not-a-token",
        "/portal/%00%ff",
        "/portal/" + "x" * 5000,
        f"/portal/{revoked}/proposals/1",
        "/portal/a/b/c/d",
    ]:
        response = await other_client.get(path)
        answers.append((response.status_code, response.text))
        assert "Secret Client Name" not in response.text
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert {status for status, _ in answers} == {404}
    assert len({text for _, text in answers}) == 1
    assert "This link is no longer active" in answers[0][1]


async def test_head_answers_like_get_and_changes_nothing(client, other_client):
    """Mail scanners and link checkers send HEAD before the person opens the link."""
    await staff_logged_in(client)
    client_id = await new_client(client)
    token = await create_portal_link(client, client_id)
    before = await PortalLink.select().where(PortalLink.client == client_id)

    probe = await other_client.head(f"/portal/{token}")

    assert probe.status_code == 200 and probe.content == b""
    assert probe.headers["cache-control"] == "no-store" and probe.headers["referrer-policy"] == "no-referrer"
    assert await PortalLink.select().where(PortalLink.client == client_id) == before
    assert before[0]["last_opened_at"] is None
    await other_client.get(f"/portal/{token}")
    assert (await PortalLink.select().where(PortalLink.client == client_id))[0]["last_opened_at"] is not None

    await post_form(client, f"/clients/{client_id}/portal-link/revoke", page=f"/clients/{client_id}")
    revoked = await other_client.head(f"/portal/{token}")
    unknown = await other_client.head("/portal/" + "A" * 43)
    assert revoked.status_code == unknown.status_code == 404


async def test_free_plan_sees_the_section_but_cannot_create_links(client):
    await staff_logged_in(client, plan="free")
    client_id = await new_client(client)

    page = await client.get(f"/clients/{client_id}?new=1")
    assert "Client portal" in page.text
    # Said once, in the section: no prompt offers a button that cannot work.
    assert page.text.count("Portal links are part of the Pro and Studio plans") == 1
    assert "Set up their portal link now?" not in page.text

    refused = await post_form(client, f"/clients/{client_id}/portal-link", htmx=True, page=f"/clients/{client_id}")
    assert refused.status_code == 403
    assert "Pro and Studio" in refused.text
    assert await PortalLink.count().where(PortalLink.client == client_id) == 0


async def test_the_database_itself_refuses_a_second_active_link(client, database):
    staff = await staff_logged_in(client)
    client_id = await new_client(client)
    await create_portal_link(client, client_id)

    with pytest.raises(Exception) as refused:
        await PortalLink.insert(PortalLink(workspace=staff.workspace_id, client=client_id, token_hash="f" * 64))

    assert is_unique_violation(refused.value)
