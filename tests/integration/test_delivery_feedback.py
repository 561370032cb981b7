"""Delivery feedback from the portal: Looks good / Needs attention."""

from db.tables import DeliveryFeedback
from tests.helpers import (
    HTMX,
    create_portal_link,
    csrf_token,
    new_client,
    new_project,
    post_form,
    published_update,
    staff_logged_in,
)


async def _portal_with_update(staff_browser):
    await staff_logged_in(staff_browser)
    client_id = await new_client(staff_browser)
    project_id = await new_project(staff_browser, client_id)
    update_id = await published_update(staff_browser, project_id)
    return await create_portal_link(staff_browser, client_id), update_id, project_id


async def test_looks_good_needs_no_note(client, other_client):
    token, update_id, project_id = await _portal_with_update(client)

    response = await post_form(other_client, f"/portal/{token}/updates/{update_id}/feedback",
                               {"verdict": "looks_good", "submission_key": "k" * 22}, htmx=True, page=f"/portal/{token}")

    assert response.status_code == 200
    assert f'id="feedback-{update_id}"' in response.text and "<html" not in response.text
    assert "Your latest feedback" in response.text and "Looks good" in response.text
    assert [row["verdict"] for row in await DeliveryFeedback.select().where(DeliveryFeedback.delivery_update == update_id)] == ["looks_good"]
    staff_view = await client.get(f"/projects/{project_id}")
    assert "Client feedback" in staff_view.text


async def test_needs_attention_requires_a_note_and_keeps_nothing_without_it(client, other_client):
    token, update_id, _ = await _portal_with_update(client)
    url = f"/portal/{token}/updates/{update_id}/feedback"

    refused = await post_form(other_client, url, {"verdict": "needs_attention", "note": "  ", "submission_key": "a" * 22},
                              htmx=True, page=f"/portal/{token}")
    assert refused.status_code == 422
    assert "Tell us what needs attention: the note is required." in refused.text
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == update_id) == 0

    accepted = await post_form(other_client, url, {"verdict": "needs_attention", "note": "The logo is blurry", "submission_key": "b" * 22},
                               htmx=True, page=f"/portal/{token}")
    assert accepted.status_code == 200 and "The logo is blurry" in accepted.text
    rows = await DeliveryFeedback.select().where(DeliveryFeedback.delivery_update == update_id)
    assert [(row["verdict"], row["note"]) for row in rows] == [("needs_attention", "The logo is blurry")]


async def test_a_double_tap_stores_one_feedback(client, other_client):
    token, update_id, _ = await _portal_with_update(client)
    csrf = await csrf_token(other_client, f"/portal/{token}")
    data = {"verdict": "looks_good", "submission_key": "same-form-key-123456", "_csrf_token": csrf}

    for _ in range(3):
        answer = await other_client.post(f"/portal/{token}/updates/{update_id}/feedback", data=data, headers=HTMX)
        assert answer.status_code == 200

    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == update_id) == 1


async def test_each_rendered_form_carries_its_own_submission_key(client, other_client):
    token, _, _ = await _portal_with_update(client)
    first = await other_client.get(f"/portal/{token}")
    second = await other_client.get(f"/portal/{token}")
    key = 'name="submission_key" value="'
    assert first.text.split(key)[1].split('"')[0] != second.text.split(key)[1].split('"')[0]


async def test_without_javascript_feedback_redirects_back_to_the_update(client, other_client):
    token, update_id, _ = await _portal_with_update(client)

    response = await post_form(other_client, f"/portal/{token}/updates/{update_id}/feedback",
                               {"verdict": "looks_good", "submission_key": "c" * 22}, page=f"/portal/{token}")

    assert response.status_code == 303
    assert response.headers["location"] == f"/portal/{token}?sent={update_id}#update-{update_id}"
    dashboard = await other_client.get(f"/portal/{token}")
    assert "Your latest feedback" in dashboard.text


async def test_feedback_on_an_unpublished_update_is_not_found(client, other_client):
    token, _, project_id = await _portal_with_update(client)
    draft_id = await published_update(client, project_id, title="Draft", publish=False)

    response = await post_form(other_client, f"/portal/{token}/updates/{draft_id}/feedback",
                               {"verdict": "looks_good", "submission_key": "d" * 22}, page=f"/portal/{token}")

    assert response.status_code == 404
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == draft_id) == 0


async def test_without_javascript_a_missing_note_is_explained_on_the_page(client, other_client):
    token, update_id, _ = await _portal_with_update(client)

    response = await post_form(other_client, f"/portal/{token}/updates/{update_id}/feedback",
                               {"verdict": "needs_attention", "note": "", "submission_key": "e" * 22}, page=f"/portal/{token}")

    assert response.status_code == 422 and "<html" in response.text
    assert "Tell us what needs attention: the note is required." in response.text
    assert 'aria-invalid="true"' in response.text


async def test_without_javascript_the_dashboard_thanks_after_feedback(client, other_client):
    token, update_id, _ = await _portal_with_update(client)

    response = await post_form(other_client, f"/portal/{token}/updates/{update_id}/feedback",
                               {"verdict": "looks_good", "submission_key": "f" * 22}, page=f"/portal/{token}")
    dashboard = await other_client.get(response.headers["location"])

    assert "Thank you, your feedback was sent." in dashboard.text


async def test_the_same_form_key_with_another_answer_is_refused(client, other_client):
    token, update_id, _ = await _portal_with_update(client)
    url = f"/portal/{token}/updates/{update_id}/feedback"

    await post_form(other_client, url, {"verdict": "looks_good", "submission_key": "g" * 22}, htmx=True, page=f"/portal/{token}")
    other = await post_form(other_client, url, {"verdict": "needs_attention", "note": "Hm", "submission_key": "g" * 22},
                            htmx=True, page=f"/portal/{token}")

    assert other.status_code == 422 and "already sent with another answer" in other.text
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == update_id) == 1


async def test_an_answer_to_an_update_replaced_meanwhile_is_not_sent_and_the_note_moves_on(client, other_client):
    token, first_update, project_id = await _portal_with_update(client)
    dashboard = f"/portal/{token}"
    csrf = await csrf_token(other_client, dashboard)
    newer_update = await published_update(client, project_id, title="Week 2")
    note = "The header is still the old one."

    for htmx in (True, False):
        answer = await other_client.post(
            f"{dashboard}/updates/{first_update}/feedback", headers=HTMX if htmx else {},
            data={"verdict": "needs_attention", "note": note, "submission_key": "m" * 22, "_csrf_token": csrf},
        )
        assert answer.status_code == 409
        assert "A newer update was published since you opened this page, so your answer was not sent" in answer.text
        # The newest update is there to answer, with the note already in its box.
        newer_box = answer.text[answer.text.index(f'id="feedback-{newer_update}"'):]
        assert f">{note}</textarea>" in newer_box
        if htmx:
            assert answer.headers["HX-Retarget"] == f"#project-{project_id}"
            assert answer.text.lstrip().startswith(f'<section id="project-{project_id}"')
    assert await DeliveryFeedback.count().where(
        DeliveryFeedback.delivery_update.is_in([first_update, newer_update])) == 0


async def test_a_form_without_its_key_says_so_and_keeps_the_note(client, other_client):
    token, update_id, _project_id = await _portal_with_update(client)

    answer = await post_form(other_client, f"/portal/{token}/updates/{update_id}/feedback",
                             {"verdict": "needs_attention", "note": "Kept words"}, htmx=True, page=f"/portal/{token}")

    assert answer.status_code == 422
    assert "This form was missing a part and was not sent" in answer.text and "Kept words" in answer.text
    assert 'name="submission_key" value="' in answer.text
    assert await DeliveryFeedback.count().where(DeliveryFeedback.delivery_update == update_id) == 0
