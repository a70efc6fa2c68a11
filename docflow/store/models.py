"""The business store: what the committee registers, decides, issues and sends.

Nothing is deleted: statuses move forward and every move is an event row with time and cause.
Status and kind columns are short strings; their allowed values are the enums in
``docflow.store.enums`` (kept out of the schema so adding a value needs no migration).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite hands back naive values otherwise)."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to the store; use docflow.store.models.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads it at class creation
        dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime(),
    }


class _Stamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- schools and sites -------------------------------------------------------------------

class School(_Stamped, Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, comment="registry key, stable across imports")
    full_name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200))
    director: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    addresses: Mapped[list[SchoolAddress]] = relationship(back_populates="school", cascade="all, delete-orphan",
                                                          order_by="SchoolAddress.id")


class SchoolAddress(Base):
    __tablename__ = "school_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, comment="lower case")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    school: Mapped[School] = relationship(back_populates="addresses")


class Site(_Stamped, Base):
    """A school's innovation site: applicant → active → completed / extended / revoked."""
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    order_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[str] = mapped_column(String(32), default="applicant", index=True)
    theme: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    school: Mapped[School] = relationship()


# --- mail --------------------------------------------------------------------------------

class Mailbox(Base):
    __tablename__ = "mailboxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, comment="settings key")
    address: Mapped[str] = mapped_column(String(320))
    conn_id: Mapped[str] = mapped_column(String(250))
    folder: Mapped[str] = mapped_column(String(250), default="INBOX")
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger, comment="last seen UIDVALIDITY of the folder")
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0, comment="highest UID already stored")
    last_polled_at: Mapped[datetime | None]


class IntakeAttempt(Base):
    """How many times intake started on a letter: committed before the letter is processed, so a
    letter that kills the process is counted even though its registration was rolled back."""
    __tablename__ = "intake_attempts"
    __table_args__ = (UniqueConstraint("mailbox_id", "folder", "uidvalidity", "uid", name="uq_intake_attempts_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("mailboxes.id"))
    folder: Mapped[str] = mapped_column(String(250))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Message(_Stamped, Base):
    """One incoming letter as fetched; the raw bytes live in the archive under raw_sha256."""
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("mailbox_id", "folder", "uidvalidity", "uid"),
        Index("ix_messages_message_id_content", "message_id_header", "content_sha256"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("mailboxes.id"), index=True)
    folder: Mapped[str] = mapped_column(String(250))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id_header: Mapped[str] = mapped_column(String(998), default="")
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True, comment="archive key of the raw bytes")
    content_sha256: Mapped[str] = mapped_column(String(64), default="",
                                                comment="hash without trace headers: the same letter delivered twice")
    size: Mapped[int] = mapped_column(Integer)
    from_addr: Mapped[str] = mapped_column(String(320), default="", index=True)
    from_name: Mapped[str] = mapped_column(String(500), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]
    in_reply_to: Mapped[str] = mapped_column(String(998), default="")
    references: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(32), index=True, comment="MessageStatus")
    imap_state: Mapped[str] = mapped_column(String(32), default="pending", comment="pending | moved | gone")
    target_folder: Mapped[str] = mapped_column(String(250), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    attachments: Mapped[list[Attachment]] = relationship(back_populates="message", order_by="Attachment.id")
    school: Mapped[School | None] = relationship()


class Attachment(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(500), default="")
    declared_type: Mapped[str] = mapped_column(String(200), default="")
    detected_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    inline: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(500), default="", comment="archive / forwarded letter it came from")
    message: Mapped[Message] = relationship(back_populates="attachments")


# --- submissions ------------------------------------------------------------------------

class Submission(_Stamped, Base):
    """A registered incoming document: an application, a report, a corrected programme, …"""
    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("reg_year", "reg_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    reg_number: Mapped[str] = mapped_column(String(64), unique=True)
    reg_year: Mapped[int] = mapped_column(Integer)
    reg_seq: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True, comment="SubmissionKind")
    status: Mapped[str] = mapped_column(String(32), index=True, comment="SubmissionStatus")
    academic_year: Mapped[str] = mapped_column(String(9), default="", index=True)
    form_type: Mapped[str] = mapped_column(String(64), default="")
    form_version: Mapped[str] = mapped_column(String(16), default="")
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"), comment="the form file")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    replies_to_letter_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", use_alter=True))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="fields read from the form")
    findings: Mapped[list[Any]] = mapped_column(default=list, comment="validation findings")
    needs_person: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    school: Mapped[School | None] = relationship()
    message: Mapped[Message | None] = relationship()
    events: Mapped[list[SubmissionEvent]] = relationship(order_by="SubmissionEvent.id")

    @property
    def form_values(self) -> dict[str, Any]:
        """The values read from the form: the validation step stores the whole FormRow in
        ``fields`` (``{"form_type", "fields": {...}, "tables": ...}``); older rows hold the values."""
        stored = self.fields or {}
        inner = stored.get("fields")
        return inner if isinstance(inner, dict) else stored


class SubmissionEvent(Base):
    __tablename__ = "submission_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str] = mapped_column(String(32), default="")
    to_status: Mapped[str] = mapped_column(String(32))
    cause: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200), default="system")
    run_id: Mapped[str] = mapped_column(String(250), default="", comment="Airflow dag_id/run_id that did it")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


# --- council ----------------------------------------------------------------------------

class Council(Base):
    __tablename__ = "councils"
    __table_args__ = (UniqueConstraint("academic_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    academic_year: Mapped[str] = mapped_column(String(9))
    members: Mapped[list[CouncilMember]] = relationship(order_by="CouncilMember.position_no")


class CouncilMember(Base):
    __tablename__ = "council_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    position_no: Mapped[int] = mapped_column(Integer)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16), default="member", comment="chair | secretary | member")


class Meeting(_Stamped, Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer, comment="protocol number within the academic year")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="regular", comment="regular | extraordinary")
    status: Mapped[str] = mapped_column(String(32), default="scheduled", comment="MeetingStatus")
    place: Mapped[str] = mapped_column(String(300), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("council_members.id"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("council_members.id"))
    protocol_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", use_alter=True))
    run_id: Mapped[str] = mapped_column(String(250), default="")
    council: Mapped[Council] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(order_by="AgendaItem.position_no")


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32), comment="composition | application | report | other")
    title: Mapped[str] = mapped_column(Text)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    speaker: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="", server_default="",
                                            comment="«Выступили»: who spoke and what they said")
    decision: Mapped[str] = mapped_column(String(32), default="", comment="Decision")
    decision_text: Mapped[list[Any]] = mapped_column(default=list, comment="numbered decisions")
    reasons: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, comment="e.g. corrected programme due by")
    submission: Mapped[Submission | None] = relationship()
    vote: Mapped[Vote | None] = relationship(uselist=False)


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    present: Mapped[bool] = mapped_column(Boolean)


class Vote(Base):
    """The vote on one agenda item, as the secretary records it."""
    __tablename__ = "votes"
    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), unique=True)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    votes_abstained: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- documents and numbering --------------------------------------------------------------

class RegisterCounter(Base):
    """Gapless per-register, per-year sequences (incoming, orders, directives, letters, …)."""
    __tablename__ = "register_counters"
    register: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Document(_Stamped, Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("register", "reg_year", "reg_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    register: Mapped[str] = mapped_column(String(32), index=True, comment="order | directive | outgoing | protocol | …")
    kind: Mapped[str] = mapped_column(String(64), comment="template / purpose, e.g. order_site_status")
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), index=True, comment="DocumentStatus")
    number: Mapped[str | None] = mapped_column(String(64))
    reg_year: Mapped[int | None] = mapped_column(Integer)
    reg_seq: Mapped[int | None] = mapped_column(Integer)
    doc_date: Mapped[date | None] = mapped_column(Date)
    template: Mapped[str] = mapped_column(String(200), default="")
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    docx_sha256: Mapped[str] = mapped_column(String(64), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), comment="e.g. the protocol of an extract")
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_at: Mapped[datetime | None]
    run_id: Mapped[str] = mapped_column(String(250), default="")
    events: Mapped[list[DocumentEvent]] = relationship(order_by="DocumentEvent.id")


class DocumentEvent(Base):
    __tablename__ = "document_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(32), comment="drafted | approved | returned | numbered | sent | …")
    actor: Mapped[str] = mapped_column(String(200), default="system")
    note: Mapped[str] = mapped_column(Text, default="")


# --- outbox ------------------------------------------------------------------------------

class OutboxLetter(_Stamped, Base):
    """An outgoing letter: stored first, then sent, then marked; dedup_key makes it once-only."""
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(250), unique=True, comment="e.g. ack:submission:42")
    message_id_header: Mapped[str] = mapped_column(String(250), unique=True, comment="deterministic Message-ID")
    kind: Mapped[str] = mapped_column(String(32), index=True, comment="ack | notice | reply | distribution | …")
    mailbox: Mapped[str] = mapped_column(String(64), default="official")
    to_addrs: Mapped[list[Any]] = mapped_column(default=list)
    cc_addrs: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(default=list, comment="[{filename, sha256, mime}]")
    in_reply_to: Mapped[str] = mapped_column(String(998), default="")
    references: Mapped[list[Any]] = mapped_column(default=list)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), comment="the letter answered")
    status: Mapped[str] = mapped_column(String(32), index=True, default="pending", comment="OutboxStatus")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]
    delivery: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="per-recipient outcome, DSN")
    claim_token: Mapped[str | None] = mapped_column(String(64), comment="the drain that holds the row")
    claimed_until: Mapped[datetime | None] = mapped_column(comment="lease: after it a stale claim is recovered")


class OutboxIncident(_Stamped, Base):
    """A mailbox-wide sending fault (login refused, server unreachable): staff are alerted once."""
    __tablename__ = "outbox_incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32), comment="auth | connection")
    detail: Mapped[str] = mapped_column(Text, default="")
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True,
                                                 comment="the mailbox while open, NULL once closed")
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


# --- execution control -------------------------------------------------------------------

class Deadline(_Stamped, Base):
    """A controlled item (контроль исполнения): something someone must do by a date."""
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    item_no: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    responsible_kind: Mapped[str] = mapped_column(String(16), comment="school | operator | staff")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    responsible_name: Mapped[str] = mapped_column(String(300), default="")
    expects_kind: Mapped[str] = mapped_column(String(32), default="", comment="SubmissionKind that closes it")
    academic_year: Mapped[str] = mapped_column(String(9), default="", index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="open", comment="open | done | cancelled")
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    close_note: Mapped[str] = mapped_column(Text, default="")
    closed_by_submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    school: Mapped[School | None] = relationship()
    events: Mapped[list[DeadlineEvent]] = relationship(order_by="DeadlineEvent.id")


class DeadlineEvent(Base):
    __tablename__ = "deadline_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(32), comment="created | reminded | overdue | escalated | extended | done")
    actor: Mapped[str] = mapped_column(String(200), default="system")
    note: Mapped[str] = mapped_column(Text, default="")
    old_due_on: Mapped[date | None] = mapped_column(Date)
    new_due_on: Mapped[date | None] = mapped_column(Date)


# --- audit -------------------------------------------------------------------------------

class AuditEntry(Base):
    """Every staff action, from the CLI or the UI: who, when, what, on which object."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
