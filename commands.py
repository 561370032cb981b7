"""Admin commands, under Litestar's CLI: `litestar --app app:app portal --help`."""

from __future__ import annotations

import asyncio

import click

from db.demo import DEMO_EMAIL, DEMO_PASSWORD, fresh_demo_portal_token, seed_demo_if_empty
from db.migrate import apply_migrations
from db.plans import PlanRequired
from db.staff_accounts import create_staff_user
from db.validation import InvalidInput
from settings import get_settings


@click.group(name="portal", help="Administer the client portal: database, staff users, demo data.")
def portal_group() -> None:
    pass


@portal_group.command(name="migrate", help="Create the database or bring it up to date.")
def migrate() -> None:
    asyncio.run(apply_migrations())


@portal_group.command(name="create-staff", help="Create a staff user (owner of a new workspace unless --workspace-id).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--workspace-id", type=int, default=None, help="Join this workspace instead of creating one.")
@click.option("--role", type=click.Choice(["owner", "member"]), default="owner")
def create_staff(email: str, name: str, password: str, workspace_id: int | None, role: str) -> None:
    try:
        user_id = asyncio.run(create_staff_user(email, name, password, workspace_id, role))
    except InvalidInput as error:
        raise click.ClickException(" ".join(error.errors.values())) from error
    click.echo(f"Created staff user {email} (id {user_id}).")


@portal_group.command(name="seed-demo", help="Seed the demo workspace into an empty database; print its login and a portal link.")
def seed_demo() -> None:
    async def seed_and_link() -> tuple[bool, bool, str | None]:
        seeded = await seed_demo_if_empty() is not None
        try:
            return seeded, True, await fresh_demo_portal_token()
        except PlanRequired:
            return seeded, False, None

    seeded, on_portal_plan, token = asyncio.run(seed_and_link())
    if on_portal_plan and token is None:
        click.echo("The database already holds data and no demo workspace, so no demo was seeded.")
        return
    public_url = get_settings().public_url
    click.echo("Demo workspace " + ("seeded." if seeded else "already present."))
    click.echo(f"  Staff login:  {public_url}/login  email {DEMO_EMAIL}  password {DEMO_PASSWORD}")
    if not on_portal_plan:
        # The app still has to start, so the staff can switch the plan back.
        click.echo("  No demo portal link: the demo workspace is on the Free plan, which has no client portal.")
        click.echo("  Switch it to Pro or Studio under Settings, then start again for a link.")
        return
    click.echo(f"  Portal link:  {public_url}/portal/{token}")
    click.echo("  (A new demo portal link is made at each start; the previous one stops working.)")
