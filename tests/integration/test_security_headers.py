"""Headers SPEC.md asks for on every answer, and CSRF on every state-changing form."""

from db.tables import Client
from tests.helpers import create_portal_link, new_client, post_form, staff_logged_in


def _assert_strict_everywhere(response):
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_every_kind_of_answer_is_strict(client):
    await staff_logged_in(client)
    client_id = await new_client(client)
    token = await create_portal_link(client, client_id)

    answers = {
        "portal": await client.get(f"/portal/{token}"),
        "inactive link": await client.get("/portal/nope"),
        "staff page": await client.get(f"/clients/{client_id}"),
        "login": await client.get("/login"),
        "unknown path": await client.get("/no/such/page"),
        "static": await client.get("/static/htmx-2.0.11.min.js"),
    }

    for name, response in answers.items():
        _assert_strict_everywhere(response)
        if name != "static":
            assert response.headers["cache-control"] == "no-store", name
            assert response.headers["referrer-policy"] == "no-referrer", name
            assert response.headers["x-robots-tag"] == "noindex, nofollow", name
    assert answers["static"].status_code == 200


async def test_pages_load_nothing_from_other_origins_and_no_inline_script(client):
    await staff_logged_in(client)
    token = await create_portal_link(client, await new_client(client))

    page = (await client.get(f"/portal/{token}")).text

    assert "<script>" not in page and "https://" not in page.split("</head>")[0]
    assert '<script src="/static/htmx-2.0.11.min.js"' in page


async def test_a_post_without_the_csrf_token_changes_nothing(client):
    staff = await staff_logged_in(client)

    response = await client.post("/clients", data={"name": "Forged"})

    assert response.status_code == 403
    assert "Reload the page" in response.text
    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Forged")) == 0


async def test_only_the_assets_folder_goes_without_csrf(client):
    """A path that merely contains "/static" is checked like any other."""
    answer = await client.post("/portal/static" + "A" * 40 + "/proposals/1/decision", data={"decision": "accepted"})

    assert answer.status_code == 403 and "Reload the page" in answer.text


async def test_assets_carry_no_cookie_and_a_missing_asset_is_not_cached(client):
    asset = await client.get("/static/portal.css")
    missing = await client.get("/static/nope.css")

    assert asset.status_code == 200 and "set-cookie" not in asset.headers
    assert "public" in asset.headers["cache-control"]
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"
    assert "nope.css" not in missing.text


async def test_control_characters_are_refused_with_a_message(client):
    staff = await staff_logged_in(client)

    response = await post_form(client, "/clients", {"name": "Nul\x00Name"}, htmx=False, page="/clients/new")
    login = await post_form(client, "/login", {"email": "a\x00b@example.com", "password": "whatever12"})

    assert response.status_code == 422 and "contains control characters or invisible marks" in response.text
    assert login.status_code == 422
    assert await Client.count().where(Client.workspace == staff.workspace_id) == 0


async def test_a_body_in_a_broken_encoding_is_refused_not_an_error(client):
    body = b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\n\xff\xfe\r\n--B--\r\n'

    response = await client.post("/login", content=body, headers={"content-type": "multipart/form-data; boundary=B"})

    assert response.status_code == 400 and "not understood" in response.text


async def test_an_id_has_one_spelling(client):
    await staff_logged_in(client)
    client_id = await new_client(client)

    plain = await client.get(f"/clients/{client_id}")
    odd = [await client.get(f"/clients/{spelling}") for spelling in (f"0{client_id}", f"+{client_id}", "%EF%BC%91")]

    assert plain.status_code == 200
    assert [answer.status_code for answer in odd] == [404, 404, 404]


async def test_a_method_an_address_does_not_take_is_answered_with_the_ones_it_does(client):
    answer = await client.delete("/login")

    assert answer.status_code == 405
    assert set(answer.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    _assert_strict_everywhere(answer)
