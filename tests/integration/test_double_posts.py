"""A create form sent twice (a double click, a resend) creates one record."""

from db.tables import Client, DeliveryUpdate, Project
from tests.helpers import CSRF_FIELD, FORM_KEY_FIELD, new_client, new_project, post_form, send_form_twice, staff_logged_in


async def test_new_client_sent_twice_creates_one_client_and_both_land_on_it(client):
    staff = await staff_logged_in(client)

    first, second = await send_form_twice(client, "/clients/new", "/clients", {"name": "Double Click"})

    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Double Click")) == 1


async def test_each_rendering_of_a_form_is_a_new_chance_to_create(client):
    staff = await staff_logged_in(client)

    await send_form_twice(client, "/clients/new", "/clients", {"name": "Same Name"})
    await send_form_twice(client, "/clients/new", "/clients", {"name": "Same Name"})

    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Same Name")) == 2


async def test_a_key_replayed_on_another_form_or_workspace_creates_normally(client, other_client):
    staff = await staff_logged_in(client)
    await staff_logged_in(other_client)
    html = (await client.get("/clients/new")).text
    key, csrf = FORM_KEY_FIELD.search(html).group(1), CSRF_FIELD.search(html).group(1)
    first = await client.post("/clients", data={"_csrf_token": csrf, "form_key": key, "name": "Keyed"})
    client_id = int(first.headers["location"].split("/")[2].split("?")[0])

    other_csrf = CSRF_FIELD.search((await other_client.get("/clients/new")).text).group(1)
    elsewhere = await other_client.post("/clients", data={"_csrf_token": other_csrf, "form_key": key, "name": "Theirs"})
    project = await client.post(f"/clients/{client_id}/projects", data={"_csrf_token": csrf, "form_key": key, "name": "P"})
    odd_keys = [await client.post("/clients", data={"_csrf_token": csrf, "form_key": odd, "name": "Odd"})
                for odd in ("a\x00b" * 8, "x" * 65, "short")]

    assert elsewhere.status_code == 303 and elsewhere.headers["location"] != first.headers["location"]
    assert project.status_code == 303
    assert await Project.count().where((Project.client == client_id) & (Project.name == "P")) == 1
    assert [answer.status_code for answer in odd_keys] == [303, 303, 303]
    assert await Client.count().where((Client.workspace == staff.workspace_id) & (Client.name == "Odd")) == 3


async def test_a_form_sent_again_with_corrected_words_is_a_new_submission(client):
    """Back, fix a typo, send: the correction is stored, not folded into the first post."""
    staff = await staff_logged_in(client)
    html = (await client.get("/clients/new")).text
    fields = {"_csrf_token": CSRF_FIELD.search(html).group(1), "form_key": FORM_KEY_FIELD.search(html).group(1)}

    typo = await client.post("/clients", data={**fields, "name": "Jonh Smith"})
    corrected = await client.post("/clients", data={**fields, "name": "John Smith"})

    assert typo.headers["location"] != corrected.headers["location"]
    names = {row["name"] for row in await Client.select(Client.name).where(Client.workspace == staff.workspace_id)}
    assert names == {"Jonh Smith", "John Smith"}


async def test_a_form_sent_again_after_its_record_was_deleted_makes_it_anew(client):
    """Delete the draft, go back, send the same form: the draft is there again."""
    await staff_logged_in(client)
    project_id = await new_project(client, await new_client(client))
    page = f"/projects/{project_id}"
    html = (await client.get(page)).text
    form = html[html.index(f'action="/projects/{project_id}/updates"'):]
    fields = {"_csrf_token": CSRF_FIELD.search(form).group(1), "form_key": FORM_KEY_FIELD.search(form).group(1),
              "title": "Week 5", "body": "", "status": "on_track", "publish": "0"}

    await client.post(f"/projects/{project_id}/updates", data=fields)
    first = await DeliveryUpdate.select(DeliveryUpdate.id).where(DeliveryUpdate.project == project_id).first()
    await post_form(client, f"/updates/{first['id']}/delete", page=page)
    await client.post(f"/projects/{project_id}/updates", data=fields)
    await client.post(f"/projects/{project_id}/updates", data=fields)

    assert [row["title"] for row in await DeliveryUpdate.select(DeliveryUpdate.title).where(
        DeliveryUpdate.project == project_id)] == ["Week 5"]
