"""Delivery updates (draft until published) and the client's feedback on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from db.activity import CLIENT_ACTOR, record_activity
from db.engine import is_unique_violation, lock_for_update, write_transaction
from db.form_once import FORM_KEY
from db.markdown import render_markdown
from db.tables import DeliveryFeedback, DeliveryUpdate
from db.tenancy import StaffActor, project_in_workspace, update_in_workspace
from db.validation import FieldChecks, InvalidInput, printable

UPDATE_STATUS_LABELS = {"on_track": "On track", "at_risk": "At risk", "blocked": "Blocked", "delivered": "Delivered"}
VERDICT_LABELS = {"looks_good": "Looks good", "needs_attention": "Needs attention"}


class UpdateAlreadyPublished(Exception):
    """Published updates stay as the client read them (and answered them)."""

    def __init__(self) -> None:
        super().__init__("This update was published meanwhile, and published updates stay as the client read them. "
                         "Write a new update to add or correct something.")


async def _checked_update(title: str, body: str, status: str) -> dict:
    checks = FieldChecks()
    values = {
        "title": checks.text("title", title, "Title", 160),
        "body": checks.text("body", body, "Update", 20000, required=False),
        "status": checks.choice("status", status, "Status", UPDATE_STATUS_LABELS),
    }
    checks.raise_if_any()
    values["body_html"] = await render_markdown(values["body"])
    return values


async def create_update(actor: StaffActor, project_id: int, title: str, body: str, status: str, publish: bool) -> int:
    values = await _checked_update(title, body, status)
    async with write_transaction():
        project = await project_in_workspace(actor.workspace_id, project_id)
        update = DeliveryUpdate(
            workspace=actor.workspace_id,
            project=project_id,
            published_at=datetime.now(timezone.utc) if publish else None,
            **values,
        )
        await update.save()
        if publish:
            await _record_published(actor, project, values["title"])
    return update.id


async def _locked_draft(actor: StaffActor, update_id: int) -> dict:
    await lock_for_update(DeliveryUpdate, update_id, actor.workspace_id)
    update = await update_in_workspace(actor.workspace_id, update_id)
    if update["published_at"] is not None:
        raise UpdateAlreadyPublished()
    return update


async def edit_draft_update(actor: StaffActor, update_id: int, title: str, body: str, status: str) -> None:
    values = await _checked_update(title, body, status)
    async with write_transaction():
        await _locked_draft(actor, update_id)
        await DeliveryUpdate.update({getattr(DeliveryUpdate, key): value for key, value in values.items()}).where(
            DeliveryUpdate.id == update_id
        )


async def delete_draft_update(actor: StaffActor, update_id: int) -> None:
    async with write_transaction():
        await _locked_draft(actor, update_id)
        await DeliveryUpdate.delete().where(DeliveryUpdate.id == update_id)


async def publish_update(actor: StaffActor, update_id: int) -> None:
    async with write_transaction():
        await lock_for_update(DeliveryUpdate, update_id, actor.workspace_id)
        update = await update_in_workspace(actor.workspace_id, update_id)
        if update["published_at"] is not None:
            return
        await DeliveryUpdate.update({DeliveryUpdate.published_at: datetime.now(timezone.utc)}).where(
            DeliveryUpdate.id == update_id
        )
        await _record_published(actor, await project_in_workspace(actor.workspace_id, update["project"]), update["title"])


async def _record_published(actor: StaffActor, project: dict, title: str) -> None:
    await record_activity(
        actor.workspace_id, actor.label, "update_published", title, client_id=project["client"], project_id=project["id"]
    )


async def project_updates(workspace_id: int, project_id: int) -> list[dict]:
    updates = await DeliveryUpdate.select().where(
        (DeliveryUpdate.workspace == workspace_id) & (DeliveryUpdate.project == project_id)
    ).order_by(DeliveryUpdate.id, ascending=False)
    if updates:
        feedback = await DeliveryFeedback.select().where(
            DeliveryFeedback.delivery_update.is_in([row["id"] for row in updates])
        ).order_by(DeliveryFeedback.id, ascending=False)
        for update in updates:
            update["feedback"] = [row for row in feedback if row["delivery_update"] == update["id"]]
    return updates


@dataclass(frozen=True)
class FeedbackInput:
    verdict: str
    note: str
    submission_key: str
    ip_address: str
    user_agent: str


async def record_feedback(update: dict, project: dict, form: FeedbackInput) -> dict:
    """Store the client's feedback once per submitted form: a double tap or a resent POST
    carries the same submission key and gets the feedback already stored."""
    checks = FieldChecks()
    checks.choice("verdict", form.verdict, "Answer", VERDICT_LABELS)
    note = checks.text("note", form.note, "Note", 5000, required=form.verdict == "needs_attention")
    if form.verdict == "needs_attention" and "note" in checks.errors and not note:
        checks.errors["note"] = "Tell us what needs attention: the note is required."
    key = form.submission_key
    if not FORM_KEY.fullmatch(key) and "verdict" not in checks.errors:
        # The page renders a key into every form; without one the answer cannot be told
        # apart from a resend. The form comes back with a fresh key.
        checks.fail("verdict", "This form was missing a part and was not sent. Please choose your answer again.")
    checks.raise_if_any()
    try:
        async with write_transaction():
            existing = await _feedback_with_key(update["id"], key)
            if existing:
                return _same_feedback_or_refuse(existing, form.verdict, note)
            feedback = DeliveryFeedback(
                workspace=update["workspace"],
                delivery_update=update["id"],
                verdict=form.verdict,
                note=note,
                submission_key=key,
                ip_address=form.ip_address[:45],
                user_agent=printable(form.user_agent, 512),
            )
            await feedback.save()
            await record_activity(
                update["workspace"],
                CLIENT_ACTOR,
                "feedback_sent",
                f"{VERDICT_LABELS[form.verdict]} on {update['title']}",
                client_id=project["client"],
                project_id=project["id"],
            )
    except Exception as error:
        if not is_unique_violation(error):
            raise
        existing = await _feedback_with_key(update["id"], key)
        if existing is None:
            raise InvalidInput({"note": FORM_ALREADY_USED}) from error
        return _same_feedback_or_refuse(existing, form.verdict, note)
    return feedback.to_dict()


FORM_ALREADY_USED = "This form was already sent with another answer. Reload the page to send new feedback."


def _same_feedback_or_refuse(existing: dict, verdict: str, note: str) -> dict:
    """The same form sent again is the feedback already stored; a different answer under
    the same form key would be silently lost, so it is refused instead."""
    if (existing["verdict"], existing["note"]) != (verdict, note):
        raise InvalidInput({"note": FORM_ALREADY_USED})
    return existing


async def _feedback_with_key(update_id: int, key: str) -> dict | None:
    return await DeliveryFeedback.select().where(
        (DeliveryFeedback.submission_key == key) & (DeliveryFeedback.delivery_update == update_id)
    ).first()
