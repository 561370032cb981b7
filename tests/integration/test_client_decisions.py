"""A client's accept / request-changes decisions through the portal."""

import hashlib
import json

from db.markdown import markdown_to_safe_html
from db.tables import ClientDecision, DecisionSectionNote, Proposal, ProposalSection, ProposalVersion
from tests.helpers import portal_with_shared_proposal, post_form

SECTIONS = [("Goals", "Faster **checkout**."), ("Scope", "Shop and blog."), ("Price", "€9,000")]


async def _portal_with_proposal(staff_browser):
    return await portal_with_shared_proposal(staff_browser, SECTIONS, title="Redesign")


async def _decide(browser, token, proposal_id, data, htmx=True, version="1"):
    page = f"/portal/{token}/proposals/{proposal_id}"
    return await post_form(browser, f"{page}/decision", {"version": version, **data}, htmx=htmx, page=page)


async def test_accept_records_the_typed_name_version_and_fingerprint(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    response = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya Lind"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "You accepted version 1" in response.text and "Maya Lind" in response.text
    decision = await ClientDecision.select().where(ClientDecision.proposal == proposal_id).first()
    assert (decision["decision"], decision["version"], decision["typed_name"]) == ("accepted", 1, "Maya Lind")
    # The address and browser the ASGI server reported: Litestar's test client names itself so.
    assert decision["ip_address"] == "testclient" and decision["user_agent"] == "testclient"
    snapshot = await ProposalVersion.select().where(ProposalVersion.proposal == proposal_id).first()
    shown = [{"body": body, "heading": heading, "body_html": markdown_to_safe_html(body)} for heading, body in SECTIONS]
    assert json.loads(snapshot["sections_json"]) == shown
    assert decision["sections_fingerprint"] == hashlib.sha256(snapshot["sections_json"].encode()).hexdigest()
    assert (await Proposal.select(Proposal.status).where(Proposal.id == proposal_id).first())["status"] == "accepted"


async def test_request_changes_keeps_section_notes_with_the_version(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    response = await _decide(other_client, token, proposal_id, {
        "decision": "changes_requested", "note": "Close, but not yet.",
        "section_note_1": "Drop the blog.", "section_note_2": "", "typed_name": "",
    })

    assert response.status_code == 200
    assert "You requested changes to version 1" in response.text
    decision = await ClientDecision.select().where(ClientDecision.proposal == proposal_id).first()
    assert (decision["decision"], decision["version"], decision["note"]) == ("changes_requested", 1, "Close, but not yet.")
    notes = await DecisionSectionNote.select().where(DecisionSectionNote.decision == decision["id"])
    assert [(n["section_heading"], n["note"]) for n in notes] == [("Scope", "Drop the blog.")]
    staff_view = await client.get(f"/proposals/{proposal_id}")
    assert "Drop the blog." in staff_view.text and "Close, but not yet." in staff_view.text


async def test_the_same_post_twice_records_one_decision(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    data = {"decision": "accepted", "typed_name": "Maya Lind"}

    first = await _decide(other_client, token, proposal_id, data)
    second = await _decide(other_client, token, proposal_id, data)

    assert first.status_code == second.status_code == 200
    assert "You accepted version 1" in second.text and "already recorded" in second.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 1


async def test_a_proposal_not_ready_offers_no_buttons_and_ignores_posts(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"})

    page = await other_client.get(f"/portal/{token}/proposals/{proposal_id}")
    assert ">Accept</button>" not in page.text and ">Request changes</button>" not in page.text

    late = await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "note": "Wait"}, version="2")
    assert late.status_code == 409
    assert "not open for a decision" in late.text and "You accepted version 1" in late.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 1


async def test_a_revised_version_is_decided_separately(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id,
                  {"decision": "changes_requested", "note": "Cheaper please", "section_note_1": "Drop the blog"})
    await post_form(client, f"/proposals/{proposal_id}/ready", page=f"/proposals/{proposal_id}")
    revised = await other_client.get(f"/portal/{token}/proposals/{proposal_id}")

    # Version 2 is open, and the client still reads what they asked of version 1.
    assert 'name="version" value="2"' in revised.text
    earlier = revised.text[revised.text.index("Earlier versions"):]
    assert "Version 1: Changes requested" in earlier and "Cheaper please" in earlier
    assert "<strong>Scope:</strong> <span class=\"pre\">Drop the blog</span>" in earlier
    stale = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, version="1")
    accepted = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, version="2")

    assert stale.status_code == 409 and "A different decision on this version was already recorded" in stale.text
    assert "You accepted version 2" in accepted.text
    versions = await ClientDecision.select(ClientDecision.version, ClientDecision.decision).where(
        ClientDecision.proposal == proposal_id
    ).order_by(ClientDecision.version)
    assert versions == [{"version": 1, "decision": "changes_requested"}, {"version": 2, "decision": "accepted"}]


async def test_without_javascript_a_decision_redirects_to_the_proposal(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    response = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, htmx=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/portal/{token}/proposals/{proposal_id}#decision-box"
    assert "HX-Request" in response.headers["vary"]
    page = await other_client.get(response.headers["location"])
    assert "You accepted version 1" in page.text


async def test_the_project_page_shows_decisions_with_section_notes(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "note": "Overall thoughts",
                                                     "section_note_2": "Too expensive"})
    project_id = (await Proposal.select(Proposal.project).where(Proposal.id == proposal_id).first())["project"]

    page = await client.get(f"/projects/{project_id}")

    assert "Changes requested" in page.text and "Overall thoughts" in page.text
    assert "<strong>Price:</strong>" in page.text and "Too expensive" in page.text


async def test_a_different_answer_after_a_decision_is_refused_not_swallowed(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"})

    late = await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "note": "Actually no"})

    assert late.status_code == 409
    assert "A different decision on this version was already recorded" in late.text
    assert "You accepted version 1" in late.text


async def test_odd_numbers_in_the_form_are_refused_without_an_error_page(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    for version in ("²", "9" * 30, "1" * 5000, "-1", ""):
        answer = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, version=version)
        assert answer.status_code == 409, version
    odd_note = await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "note": "x",
                                                                "section_note_²": "y", "section_note_" + "9" * 5000: "z"})
    assert odd_note.status_code == 200
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 1


async def test_huge_ids_are_refused_before_any_query(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    for path in (f"/portal/{token}/proposals/9223372036854775808", f"/portal/{token}/proposals/2147483648",
                 "/clients/99999999999999999999", "/proposals/2147483648", "/projects/0", "/clients/-1"):
        answer = await client.get(path)
        assert answer.status_code == 404, path
        assert token not in answer.text


async def test_the_client_sees_their_own_section_notes_afterwards(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "section_note_0": "Sharper goals"})

    page = await other_client.get(f"/portal/{token}/proposals/{proposal_id}")

    assert "<strong>Goals:</strong>" in page.text and "Sharper goals" in page.text


async def test_a_note_on_a_section_that_was_never_shown_does_not_count(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    refused = await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "section_note_7": "Ghost"})

    assert refused.status_code == 422 and "Tell us what to change" in refused.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 0


async def test_the_same_decision_with_other_words_is_refused(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"})

    again = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Someone Else"})

    assert again.status_code == 409
    decision = await ClientDecision.select(ClientDecision.typed_name).where(ClientDecision.proposal == proposal_id).first()
    assert decision["typed_name"] == "Maya"


async def test_a_decision_on_a_version_replaced_while_reading_shows_the_new_version(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    staff_page = f"/proposals/{proposal_id}"
    await post_form(client, f"{staff_page}/withdraw", page=staff_page)
    section = await ProposalSection.select(ProposalSection.id).where(
        (ProposalSection.proposal == proposal_id) & (ProposalSection.heading == "Price")
    ).first()
    await post_form(client, f"{staff_page}/sections/{section['id']}", {"heading": "Price", "body": "€14,000"}, page=staff_page)
    await post_form(client, f"{staff_page}/ready", page=staff_page)

    # The client's screen still shows version 1 (€9,000) when they accept.
    answer = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, version="1")

    assert answer.status_code == 409
    assert "shared a new version (version 2) while you were reading" in answer.text
    # The whole proposal comes back, so the sections above the buttons are version 2's.
    assert 'id="proposal-view"' in answer.text and "€14,000" in answer.text and "€9,000" not in answer.text
    assert answer.headers["HX-Reswap"] == "outerHTML show:window:top"
    assert 'name="version" value="2"' in answer.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 0


async def test_a_decision_on_a_proposal_taken_back_meanwhile_says_so(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await post_form(client, f"/proposals/{proposal_id}/withdraw", page=f"/proposals/{proposal_id}")

    for htmx in (True, False):
        answer = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, htmx=htmx)
        assert answer.status_code == 409
        assert "Nothing was recorded" in answer.text and "took this proposal back to revise it" in answer.text
        assert "Faster" not in answer.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 0


async def test_section_notes_stand_under_their_sections_and_belong_to_the_request(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    page = (await other_client.get(f"/portal/{token}/proposals/{proposal_id}")).text

    scope_section = page[page.index('id="section-1-title"'):page.index('id="section-2-title"')]
    assert 'name="section_note_1"' in scope_section and 'form="request-changes"' in scope_section
    assert '<form id="request-changes"' in page
    too_long = await _decide(other_client, token, proposal_id, {"decision": "changes_requested", "section_note_1": "x" * 5001})
    assert too_long.status_code == 422
    refused_section = too_long.text[too_long.text.index('id="section-1-title"'):too_long.text.index('id="section-2-title"')]
    assert "<details class=\"section-note\" open>" in refused_section and "too long" in refused_section


async def _share_a_reordered_version(staff_browser, proposal_id):
    """Staff take the proposal back, move "Price" to the top with a new text, share again."""
    staff_page = f"/proposals/{proposal_id}"
    await post_form(staff_browser, f"{staff_page}/withdraw", page=staff_page)
    price = await ProposalSection.select(ProposalSection.id).where(
        (ProposalSection.proposal == proposal_id) & (ProposalSection.heading == "Price")).first()
    await post_form(staff_browser, f"{staff_page}/sections/{price['id']}", {"heading": "Price", "body": "€14,000"}, page=staff_page)
    for _ in range(2):
        await post_form(staff_browser, f"{staff_page}/sections/{price['id']}/move", {"direction": "up"}, page=staff_page)
    await post_form(staff_browser, f"{staff_page}/ready", page=staff_page)


async def test_an_old_version_comes_first_even_when_the_form_is_also_wrong(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _share_a_reordered_version(client, proposal_id)

    blank_name = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "   "}, version="1")

    assert blank_name.status_code == 409
    assert "shared a new version (version 2) while you were reading" in blank_name.text
    assert "Your name is required" not in blank_name.text
    assert await ClientDecision.count().where(ClientDecision.proposal == proposal_id) == 0


async def test_what_was_typed_against_an_old_version_waits_under_the_same_sections(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    await _share_a_reordered_version(client, proposal_id)

    # Version 1 had Goals, Scope, Price; version 2 has Price, Goals, Scope.
    answer = await _decide(other_client, token, proposal_id, {
        "decision": "changes_requested", "note": "Overall words", "typed_name": "Maya",
        "section_note_0": "About the goals", "section_note_2": "About the price",
    }, version="1")

    assert answer.status_code == 409
    text = answer.text
    price, goals = text[text.index('id="section-0-title"'):text.index('id="section-1-title"')], \
        text[text.index('id="section-1-title"'):text.index('id="section-2-title"')]
    assert "€14,000" in price and "About the price</textarea>" in price
    assert "Faster" in goals and "About the goals</textarea>" in goals
    assert "Overall words</textarea>" in text and 'value="Maya"' in text


async def test_a_version_the_client_never_had_is_not_called_a_new_version(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)

    for version in ("", "7"):
        answer = await _decide(other_client, token, proposal_id, {"decision": "accepted", "typed_name": "Maya"}, version=version)
        assert answer.status_code == 409
        assert "shared a new version" not in answer.text and "not open for a decision" in answer.text


async def test_a_resend_with_other_section_notes_is_refused_not_swallowed(client, other_client):
    token, proposal_id = await _portal_with_proposal(client)
    first = {"decision": "changes_requested", "note": "Overall", "section_note_0": "First words"}
    await _decide(other_client, token, proposal_id, first)

    again = await _decide(other_client, token, proposal_id, {**first, "section_note_0": "Other words", "section_note_1": "More"})
    plain = await _decide(other_client, token, proposal_id, {**first, "section_note_0": "Other words"}, htmx=False)

    assert again.status_code == plain.status_code == 409
    assert "A different decision on this version was already recorded" in again.text
    notes = await DecisionSectionNote.select(DecisionSectionNote.note).where(
        DecisionSectionNote.decision.is_in(ClientDecision.select(ClientDecision.id).where(ClientDecision.proposal == proposal_id)))
    assert [row["note"] for row in notes] == ["First words"]
