"""Workspace settings: name, brand colour and plan (no real billing)."""

from __future__ import annotations

from db.plans import PLAN_LABELS
from db.tables import Workspace
from db.tenancy import StaffActor
from db.validation import FieldChecks


class OwnerOnly(Exception):
    """Only the workspace's owner may change its settings."""


async def update_workspace(actor: StaffActor, name: str, brand_colour: str, plan: str) -> None:
    if not actor.is_owner:
        raise OwnerOnly("Only the workspace owner can change these settings.")
    checks = FieldChecks()
    values = {
        Workspace.name: checks.text("name", name, "Workspace name", 120),
        Workspace.brand_colour: checks.colour("brand_colour", brand_colour, "Brand colour"),
        Workspace.plan: checks.choice("plan", plan, "Plan", PLAN_LABELS),
    }
    checks.raise_if_any()
    await Workspace.update(values).where(Workspace.id == actor.workspace_id)
