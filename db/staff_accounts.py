"""Staff sign-up, passwords and server-side sessions."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from db.engine import is_unique_violation, write_transaction
from db.link_tokens import hash_link_token
from db.tables import Membership, StaffSession, StaffUser, Workspace
from db.tenancy import StaffActor
from db.validation import FieldChecks, InvalidInput

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
_hasher = PasswordHasher()
# Verifying against this when the email is unknown makes a failed login take as long
# whether or not the account exists.
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _checked_account(checks: FieldChecks, name: str, email: str, password: str) -> tuple[str, str]:
    clean_name = checks.text("name", name, "Your name", 120)
    clean_email = checks.email("email", email, "Email", required=True)
    # Spaces count, as they would in a passphrase, but they do not make one.
    if len((password or "").strip()) < MIN_PASSWORD_LENGTH:
        checks.fail("password", f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.")
    elif len(password) > MAX_PASSWORD_LENGTH:
        checks.fail("password", f"That password is too long (at most {MAX_PASSWORD_LENGTH} characters).")
    return clean_name, clean_email


async def sign_up(workspace_name: str, name: str, email: str, password: str, plan: str = "free") -> int:
    """Create a workspace and its owner. Returns the new user's id."""
    checks = FieldChecks()
    clean_workspace = checks.text("workspace_name", workspace_name, "Workspace name", 120)
    clean_name, clean_email = _checked_account(checks, name, email, password)
    checks.raise_if_any()
    return await _create_user(clean_email, clean_name, password, workspace_name=clean_workspace, plan=plan)


async def create_staff_user(email: str, name: str, password: str, workspace_id: int | None, role: str) -> int:
    """For the admin command: a user joining an existing workspace, or owning a new one."""
    checks = FieldChecks()
    clean_name, clean_email = _checked_account(checks, name, email, password)
    checks.raise_if_any()
    return await _create_user(
        clean_email, clean_name, password, workspace_name=f"{clean_name}'s workspace", workspace_id=workspace_id, role=role
    )


async def _create_user(
    email: str,
    name: str,
    password: str,
    workspace_name: str,
    plan: str = "free",
    workspace_id: int | None = None,
    role: str = "owner",
) -> int:
    # Argon2 is deliberately slow: off the event loop, so other requests keep flowing.
    password_hash = await to_thread.run_sync(_hasher.hash, password)
    try:
        async with write_transaction():
            if workspace_id is None:
                workspace = Workspace(name=workspace_name, plan=plan)
                await workspace.save()
                workspace_id = workspace.id
            user = StaffUser(email=email, name=name, password_hash=password_hash)
            await user.save()
            await Membership.insert(Membership(workspace=workspace_id, staff_user=user.id, role=role))
    except Exception as error:
        if is_unique_violation(error):
            raise InvalidInput({"email": "An account with this email already exists. Log in instead."}) from error
        raise
    return user.id


async def authenticate(email: str, password: str) -> int | None:
    email = (email or "").strip().lower()
    password = password or ""
    if len(password) > MAX_PASSWORD_LENGTH or len(email) > 254 or "\x00" in email:
        return None
    user = await StaffUser.select(StaffUser.id, StaffUser.password_hash).where(StaffUser.email == email).first()
    try:
        await to_thread.run_sync(_hasher.verify, user["password_hash"] if user else _UNKNOWN_USER_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user["id"] if user else None


async def start_session(user_id: int) -> str:
    membership = (
        await Membership.select(Membership.workspace).where(Membership.staff_user == user_id).order_by(Membership.id).first()
    )
    token = secrets.token_urlsafe(32)
    await StaffSession.insert(
        StaffSession(
            token_hash=hash_link_token(token),
            staff_user=user_id,
            workspace=membership["workspace"],
            expires_at=datetime.now(timezone.utc) + SESSION_LIFETIME,
        )
    )
    return token


async def end_session(token: str) -> None:
    await StaffSession.delete().where(StaffSession.token_hash == hash_link_token(token))


async def staff_for_session(token: str) -> StaffActor | None:
    session = (
        await StaffSession.select(
            StaffSession.staff_user,
            StaffSession.workspace,
            StaffSession.staff_user.name.as_alias("name"),
            StaffSession.staff_user.email.as_alias("email"),
            StaffSession.workspace.name.as_alias("workspace_name"),
            StaffSession.workspace.plan.as_alias("plan"),
            StaffSession.workspace.brand_colour.as_alias("brand_colour"),
        )
        .where((StaffSession.token_hash == hash_link_token(token)) & (StaffSession.expires_at > datetime.now(timezone.utc)))
        .first()
    )
    if session is None:
        return None
    membership = await Membership.select(Membership.role).where(
        (Membership.staff_user == session["staff_user"]) & (Membership.workspace == session["workspace"])
    ).first()
    if membership is None:
        return None
    return StaffActor(
        user_id=session["staff_user"],
        name=session["name"],
        email=session["email"],
        workspace_id=session["workspace"],
        workspace_name=session["workspace_name"],
        role=membership["role"],
        plan=session["plan"],
        brand_colour=session["brand_colour"],
    )
