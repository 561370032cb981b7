"""The demo workspace a first run seeds, built through the same functions the app uses."""

from __future__ import annotations

from dataclasses import dataclass

from db.clients import create_client
from db.delivery_updates import create_update
from db.portal_links import create_portal_link
from db.projects import create_project
from db.proposal_states import ClientDecisionInput, mark_ready, record_client_decision
from db.proposals import add_section, create_proposal
from db.staff_accounts import sign_up
from db.tables import Client, StaffUser, Workspace
from db.tenancy import StaffActor, proposal_in_workspace

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-portal-2026"
DEMO_CLIENT_EMAIL = "maya@harbour-coffee.example"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str


async def seed_demo_if_empty() -> DemoLogin | None:
    """Seed only a database with no workspace at all, so real data is never mixed with
    demo data. Returns None when it seeded nothing."""
    if await Workspace.count():
        return None
    await sign_up("Northwind Studio", "Alex Morgan", DEMO_EMAIL, DEMO_PASSWORD, plan="pro")
    actor = await demo_actor()
    await Workspace.update({Workspace.brand_colour: "#0f766e"}).where(Workspace.id == actor.workspace_id)

    maya = await create_client(actor, "Maya Lindqvist", "Harbour Coffee Co.", DEMO_CLIENT_EMAIL, "Prefers email before 10am.")
    tomas = await create_client(actor, "Tomás Reyes", "Reyes Architecture", "tomas@reyes-arch.example")

    website = await create_project(actor, maya, "Website redesign")
    campaign = await create_project(actor, maya, "Spring campaign")
    identity = await create_project(actor, tomas, "Brand identity")

    await _proposal(actor, website, "Website redesign proposal", share=True, sections=[
        ("Goals", "Make ordering beans online **twice as fast** on a phone.\n\n- One-page checkout\n- Subscriptions"),
        ("Scope", "Home, shop, product pages, subscriptions and a blog template."),
        ("Timeline", "Six weeks from kick-off:\n\n1. Wireframes (weeks 1–2)\n2. Design (weeks 3–4)\n3. Build and launch (weeks 5–6)"),
        ("Investment", "| Phase | Price |\n|---|---|\n| Design | €6,000 |\n| Build | €9,000 |"),
    ])
    await _proposal(actor, campaign, "Campaign plan", share=False, sections=[
        ("Idea", "Spring blends, told through the growers. *Still drafting.*"),
    ])
    budget = await _proposal(actor, campaign, "Media budget", share=True, sections=[
        ("Channels", "Instagram, local radio and in-store posters."),
        ("Budget", "€4,500 over four weeks."),
    ])
    await _decide(actor, budget, ClientDecisionInput(
        decision="changes_requested", version_seen=1, typed_name="Maya Lindqvist",
        note="Could we shift some of the radio money to in-store sampling?",
        section_notes={0: "Skip radio, our customers are walk-ins.", 1: "Keep the total, move €1,000 to sampling."},
        ip_address="", user_agent="demo seed",
    ))
    identity_proposal = await _proposal(actor, identity, "Identity proposal", share=True, sections=[
        ("Deliverables", "Logo, colour palette, type system and a short brand guide."),
        ("Fee", "€7,200, half at kick-off."),
    ])
    await _decide(actor, identity_proposal, ClientDecisionInput(
        decision="accepted", version_seen=1, typed_name="Tomás Reyes", note="Looking forward to it.",
        section_notes={}, ip_address="", user_agent="demo seed",
    ))

    await create_update(actor, website, "Week 2: wireframes ready", "Wireframes for the shop and checkout are ready for your eyes.\n\nNext: visual design.", "on_track", publish=True)
    await create_update(actor, website, "Week 3 (draft)", "Internal draft, not shared yet.", "at_risk", publish=False)
    await create_update(actor, campaign, "Photography booked", "Shoot on the 14th at the roastery.", "on_track", publish=True)
    await create_update(actor, identity, "Logo concepts delivered", "Three concepts are in your inbox.", "delivered", publish=True)
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD)


async def _proposal(actor: StaffActor, project_id: int, title: str, share: bool, sections: list[tuple[str, str]]) -> int:
    proposal_id = await create_proposal(actor, project_id, title)
    for heading, body in sections:
        await add_section(actor, proposal_id, heading, body)
    if share:
        await mark_ready(actor, proposal_id)
    return proposal_id


async def _decide(actor: StaffActor, proposal_id: int, form: ClientDecisionInput) -> None:
    await record_client_decision(await proposal_in_workspace(actor.workspace_id, proposal_id), form)


async def demo_actor() -> StaffActor | None:
    from db.tables import Membership

    user = await StaffUser.select(StaffUser.id, StaffUser.name, StaffUser.email).where(StaffUser.email == DEMO_EMAIL).first()
    if user is None:
        return None
    membership = await Membership.select(
        Membership.workspace, Membership.role, Membership.workspace.name.as_alias("workspace_name"),
        Membership.workspace.plan.as_alias("plan"), Membership.workspace.brand_colour.as_alias("brand_colour"),
    ).where(Membership.staff_user == user["id"]).first()
    return StaffActor(
        user_id=user["id"], name=user["name"], email=user["email"], workspace_id=membership["workspace"],
        workspace_name=membership["workspace_name"], role=membership["role"], plan=membership["plan"],
        brand_colour=membership["brand_colour"],
    )


async def fresh_demo_portal_token() -> str | None:
    """A new portal link for the demo client (the old one stops working), or None when
    this database holds no demo workspace. Only the hash is stored, so a link printed
    earlier cannot be shown again: a new one is the only way to print a working link."""
    actor = await demo_actor()
    if actor is None:
        return None
    client = await Client.select(Client.id).where(
        (Client.workspace == actor.workspace_id) & (Client.email == DEMO_CLIENT_EMAIL)
    ).first()
    if client is None:
        return None
    return (await create_portal_link(actor, client["id"])).token
