"""The database tables. Every record a staff member can reach carries its workspace, so
each staff query filters on it (see db/tenancy.py)."""

from piccolo.columns import (
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Workspace(Table):
    name = Varchar(length=120)
    plan = Varchar(length=16, default="free")  # free | pro | studio
    brand_colour = Varchar(length=7, default="#3455db")
    created_at = Timestamptz(default=TimestamptzNow())


class StaffUser(Table):
    email = Varchar(length=254, unique=True)
    name = Varchar(length=120)
    password_hash = Varchar(length=255)
    created_at = Timestamptz(default=TimestamptzNow())


class Membership(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    staff_user = ForeignKey(references=StaffUser, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=16, default="member")  # owner | member


class StaffSession(Table):
    token_hash = Varchar(length=64, unique=True)
    staff_user = ForeignKey(references=StaffUser, on_delete=OnDelete.cascade)
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class Client(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=120)
    company = Varchar(length=120, default="")
    email = Varchar(length=254, default="")
    notes = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Project(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    client = ForeignKey(references=Client, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=120)
    status = Varchar(length=16, default="active")  # active | completed | archived
    created_at = Timestamptz(default=TimestamptzNow())


class Proposal(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=160)
    # draft | ready | accepted | changes_requested; see db/proposal_states.py
    status = Varchar(length=24, default="draft")
    # How many times it was shared for review: each "ready" is a new version.
    version = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ProposalSection(Table):
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    heading = Varchar(length=160)
    body = Text(default="")
    # Sanitised when saved, so templates never render unsanitised HTML.
    body_html = Text(default="")


class ProposalVersion(Table):
    """What the client was shown for one version (each section's heading, Markdown and the
    sanitised HTML made from it), kept so a decision can be proven later: the fingerprint
    is the SHA-256 of `sections_json`."""

    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    sections_json = Text()
    fingerprint = Varchar(length=64)
    shared_at = Timestamptz(default=TimestamptzNow())


class ClientDecision(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    decision = Varchar(length=24)  # accepted | changes_requested
    typed_name = Varchar(length=120, default="")
    note = Text(default="")
    decided_at = Timestamptz(default=TimestamptzNow())
    ip_address = Varchar(length=45, default="")
    user_agent = Varchar(length=512, default="")
    sections_fingerprint = Varchar(length=64)


class DecisionSectionNote(Table):
    decision = ForeignKey(references=ClientDecision, on_delete=OnDelete.cascade, index=True)
    # The heading as the client saw it: sections can be edited after the decision.
    section_heading = Varchar(length=160)
    position = Integer()
    note = Text()


class DeliveryUpdate(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=160)
    body = Text(default="")
    body_html = Text(default="")
    status = Varchar(length=16, default="on_track")  # on_track | at_risk | blocked | delivered
    published_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class DeliveryFeedback(Table):
    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    delivery_update = ForeignKey(references=DeliveryUpdate, on_delete=OnDelete.cascade, index=True)
    verdict = Varchar(length=24)  # looks_good | needs_attention
    note = Text(default="")
    # One per rendered form: a double tap or a re-sent POST stores one feedback.
    submission_key = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    ip_address = Varchar(length=45, default="")
    user_agent = Varchar(length=512, default="")


class PortalLink(Table):
    """A client's secret portal link. Only the SHA-256 of the token is kept; a partial
    unique index (see the migrations) allows one unrevoked link per client."""

    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    client = ForeignKey(references=Client, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    created_by = ForeignKey(references=StaffUser, on_delete=OnDelete.set_null, null=True)
    last_opened_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class Activity(Table):
    """Append-only: rows are inserted, never updated or deleted by the app."""

    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade, index=True)
    client = ForeignKey(references=Client, on_delete=OnDelete.cascade, null=True, index=True)
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, null=True)
    actor = Varchar(length=160)  # "Ana (staff)" or "Client via portal"
    action = Varchar(length=48)
    detail = Varchar(length=255, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class FormSubmission(Table):
    """Each create form carries a key made when it was rendered; a second POST of the same
    form (a double click, a resend) finds its key here and gets the record the first one
    made instead of a duplicate. The key is stored with its workspace and form
    ("workspace/form/key"), so it means nothing anywhere else."""

    workspace = ForeignKey(references=Workspace, on_delete=OnDelete.cascade)
    scoped_key = Varchar(length=160, unique=True)
    record_id = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


ALL_TABLES = [
    Workspace,
    StaffUser,
    Membership,
    StaffSession,
    Client,
    Project,
    Proposal,
    ProposalSection,
    ProposalVersion,
    ClientDecision,
    DecisionSectionNote,
    DeliveryUpdate,
    DeliveryFeedback,
    PortalLink,
    Activity,
    FormSubmission,
]
