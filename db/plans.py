"""What each plan includes."""

PLAN_LABELS = {"free": "Free", "pro": "Pro", "studio": "Studio"}
PLANS_WITH_PORTAL = {"pro", "studio"}


class PlanRequired(Exception):
    """The workspace's plan does not include this feature."""


def ensure_portal_available(plan: str) -> None:
    if plan not in PLANS_WITH_PORTAL:
        raise PlanRequired("Client portal links are part of the Pro and Studio plans.")
