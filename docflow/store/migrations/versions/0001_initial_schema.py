"""Initial schema of the business store.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 05:05:14.652628
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('councils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('academic_year', sa.String(length=9), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_councils')),
    sa.UniqueConstraint('academic_year', name=op.f('uq_councils_academic_year'))
    )
    op.create_table('mailboxes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False, comment='settings key'),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('conn_id', sa.String(length=250), nullable=False),
    sa.Column('folder', sa.String(length=250), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=True, comment='last seen UIDVALIDITY of the folder'),
    sa.Column('last_uid', sa.BigInteger(), nullable=False, comment='highest UID already stored'),
    sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailboxes')),
    sa.UniqueConstraint('name', name=op.f('uq_mailboxes_name'))
    )
    op.create_table('register_counters',
    sa.Column('register', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('register', 'year', name=op.f('pk_register_counters'))
    )
    op.create_table('schools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False, comment='registry key, stable across imports'),
    sa.Column('full_name', sa.String(length=500), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('director', sa.String(length=200), nullable=False),
    sa.Column('municipality', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('code', name=op.f('uq_schools_code'))
    )
    op.create_table('council_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('position_no', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False, comment='chair | secretary | member'),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_council_members_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_members'))
    )
    with op.batch_alter_table('council_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_members_council_id'), ['council_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox_id', sa.Integer(), nullable=False),
    sa.Column('folder', sa.String(length=250), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('message_id_header', sa.String(length=998), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False, comment='archive key of the raw bytes'),
    sa.Column('content_sha256', sa.String(length=64), nullable=False, comment='hash without trace headers: the same letter delivered twice'),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('from_addr', sa.String(length=320), nullable=False),
    sa.Column('from_name', sa.String(length=500), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('in_reply_to', sa.String(length=998), nullable=False),
    sa.Column('references', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False, comment='MessageStatus'),
    sa.Column('imap_state', sa.String(length=32), nullable=False, comment='pending | moved | gone'),
    sa.Column('target_folder', sa.String(length=250), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['messages.id'], name=op.f('fk_messages_duplicate_of_id_messages')),
    sa.ForeignKeyConstraint(['mailbox_id'], ['mailboxes.id'], name=op.f('fk_messages_mailbox_id_mailboxes')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_messages_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('mailbox_id', 'folder', 'uidvalidity', 'uid', name=op.f('uq_messages_mailbox_id_folder_uidvalidity_uid'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_from_addr'), ['from_addr'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_mailbox_id'), ['mailbox_id'], unique=False)
        batch_op.create_index('ix_messages_message_id_content', ['message_id_header', 'content_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_raw_sha256'), ['raw_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_status'), ['status'], unique=False)

    op.create_table('school_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False, comment='lower case'),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_school_addresses_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_addresses')),
    sa.UniqueConstraint('email', name=op.f('uq_school_addresses_email'))
    )
    with op.batch_alter_table('school_addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_addresses_school_id'), ['school_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=500), nullable=False),
    sa.Column('declared_type', sa.String(length=200), nullable=False),
    sa.Column('detected_type', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('inline', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=500), nullable=False, comment='archive / forwarded letter it came from'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_attachments_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True, comment='protocol number within the academic year'),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='regular | extraordinary'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='MeetingStatus'),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('secretary_id', sa.Integer(), nullable=True),
    sa.Column('protocol_document_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.String(length=250), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['council_members.id'], name=op.f('fk_meetings_chair_id_council_members')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_meetings_council_id_councils')),
    sa.ForeignKeyConstraint(['secretary_id'], ['council_members.id'], name=op.f('fk_meetings_secretary_id_council_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_held_on'), ['held_on'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendance_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['council_members.id'], name=op.f('fk_attendance_member_id_council_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_attendance_meeting_id_member_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('register', sa.String(length=32), nullable=False, comment='order | directive | outgoing | protocol | …'),
    sa.Column('kind', sa.String(length=64), nullable=False, comment='template / purpose, e.g. order_site_status'),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False, comment='DocumentStatus'),
    sa.Column('number', sa.String(length=64), nullable=True),
    sa.Column('reg_year', sa.Integer(), nullable=True),
    sa.Column('reg_seq', sa.Integer(), nullable=True),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('template', sa.String(length=200), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('docx_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True, comment='e.g. the protocol of an extract'),
    sa.Column('approved_by', sa.String(length=200), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('run_id', sa.String(length=250), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_documents_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['parent_id'], ['documents.id'], name=op.f('fk_documents_parent_id_documents')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_documents_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('register', 'reg_year', 'reg_seq', name=op.f('uq_documents_register_reg_year_reg_seq'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_register'), ['register'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_status'), ['status'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reg_number', sa.String(length=64), nullable=False),
    sa.Column('reg_year', sa.Integer(), nullable=False),
    sa.Column('reg_seq', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='SubmissionKind'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='SubmissionStatus'),
    sa.Column('academic_year', sa.String(length=9), nullable=False),
    sa.Column('form_type', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.String(length=16), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True, comment='the form file'),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('replies_to_letter_id', sa.Integer(), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False, comment='fields read from the form'),
    sa.Column('findings', sa.JSON(), nullable=False, comment='validation findings'),
    sa.Column('needs_person', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_submissions_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_submissions_message_id_messages')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_submissions_school_id_schools')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['submissions.id'], name=op.f('fk_submissions_supersedes_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('message_id', name=op.f('uq_submissions_message_id')),
    sa.UniqueConstraint('reg_number', name=op.f('uq_submissions_reg_number')),
    sa.UniqueConstraint('reg_year', 'reg_seq', name=op.f('uq_submissions_reg_year_reg_seq'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_academic_year'), ['academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_status'), ['status'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position_no', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='composition | application | report | other'),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('speaker', sa.Text(), nullable=False),
    sa.Column('questions', sa.Text(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=32), nullable=False, comment='Decision'),
    sa.Column('decision_text', sa.JSON(), nullable=False, comment='numbered decisions'),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True, comment='e.g. corrected programme due by'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_agenda_items_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_submission_id'), ['submission_id'], unique=False)

    op.create_table('document_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False, comment='drafted | approved | returned | numbered | sent | …'),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_events_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_events'))
    )
    with op.batch_alter_table('document_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_events_document_id'), ['document_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=250), nullable=False, comment='e.g. ack:submission:42'),
    sa.Column('message_id_header', sa.String(length=250), nullable=False, comment='deterministic Message-ID'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='ack | notice | reply | distribution | …'),
    sa.Column('mailbox', sa.String(length=64), nullable=False),
    sa.Column('to_addrs', sa.JSON(), nullable=False),
    sa.Column('cc_addrs', sa.JSON(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=False, comment='[{filename, sha256, mime}]'),
    sa.Column('in_reply_to', sa.String(length=998), nullable=False),
    sa.Column('references', sa.JSON(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True, comment='the letter answered'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='OutboxStatus'),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivery', sa.JSON(), nullable=False, comment='per-recipient outcome, DSN'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_outbox_document_id_documents')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_outbox_message_id_messages')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_outbox_school_id_schools')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_outbox_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_outbox_dedup_key')),
    sa.UniqueConstraint('message_id_header', name=op.f('uq_outbox_message_id_header'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_submission_id'), ['submission_id'], unique=False)

    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('order_document_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('theme', sa.Text(), nullable=False),
    sa.Column('direction', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['submissions.id'], name=op.f('fk_sites_application_id_submissions')),
    sa.ForeignKeyConstraint(['order_document_id'], ['documents.id'], name=op.f('fk_sites_order_document_id_documents')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_sites_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_status'), ['status'], unique=False)

    op.create_table('submission_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=False),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('run_id', sa.String(length=250), nullable=False, comment='Airflow dag_id/run_id that did it'),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_events_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_events'))
    )
    with op.batch_alter_table('submission_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_events_submission_id'), ['submission_id'], unique=False)

    op.create_table('deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('item_no', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('responsible_kind', sa.String(length=16), nullable=False, comment='school | operator | staff'),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('responsible_name', sa.String(length=300), nullable=False),
    sa.Column('expects_kind', sa.String(length=32), nullable=False, comment='SubmissionKind that closes it'),
    sa.Column('academic_year', sa.String(length=9), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False, comment='open | done | cancelled'),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=False),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.Column('closed_by_submission_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_submission_id'], ['submissions.id'], name=op.f('fk_deadlines_closed_by_submission_id_submissions')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_deadlines_document_id_documents')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_deadlines_school_id_schools')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_deadlines_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadlines'))
    )
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlines_academic_year'), ['academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_status'), ['status'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('votes_abstained', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_votes_agenda_item_id_agenda_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_votes_agenda_item_id'))
    )
    op.create_table('deadline_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deadline_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False, comment='created | reminded | overdue | escalated | extended | done'),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('old_due_on', sa.Date(), nullable=True),
    sa.Column('new_due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadlines.id'], name=op.f('fk_deadline_events_deadline_id_deadlines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_events'))
    )
    with op.batch_alter_table('deadline_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_events_deadline_id'), ['deadline_id'], unique=False)

    # The two foreign keys that close a cycle (meetings ↔ documents, submissions ↔ outbox)
    # are added once both tables exist.
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_foreign_key(op.f('fk_meetings_protocol_document_id_documents'),
                                    'documents', ['protocol_document_id'], ['id'])
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_foreign_key(op.f('fk_submissions_replies_to_letter_id_outbox'),
                                    'outbox', ['replies_to_letter_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_submissions_replies_to_letter_id_outbox'), type_='foreignkey')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_meetings_protocol_document_id_documents'), type_='foreignkey')
    with op.batch_alter_table('deadline_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_events_deadline_id'))

    op.drop_table('deadline_events')
    op.drop_table('votes')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlines_status'))
        batch_op.drop_index(batch_op.f('ix_deadlines_site_id'))
        batch_op.drop_index(batch_op.f('ix_deadlines_school_id'))
        batch_op.drop_index(batch_op.f('ix_deadlines_due_on'))
        batch_op.drop_index(batch_op.f('ix_deadlines_document_id'))
        batch_op.drop_index(batch_op.f('ix_deadlines_academic_year'))

    op.drop_table('deadlines')
    with op.batch_alter_table('submission_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_events_submission_id'))

    op.drop_table('submission_events')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_status'))
        batch_op.drop_index(batch_op.f('ix_sites_school_id'))

    op.drop_table('sites')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_submission_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_school_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_kind'))
        batch_op.drop_index(batch_op.f('ix_outbox_document_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('document_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_events_document_id'))

    op.drop_table('document_events')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_submission_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_status'))
        batch_op.drop_index(batch_op.f('ix_submissions_school_id'))
        batch_op.drop_index(batch_op.f('ix_submissions_kind'))
        batch_op.drop_index(batch_op.f('ix_submissions_academic_year'))

    op.drop_table('submissions')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_status'))
        batch_op.drop_index(batch_op.f('ix_documents_school_id'))
        batch_op.drop_index(batch_op.f('ix_documents_register'))
        batch_op.drop_index(batch_op.f('ix_documents_meeting_id'))

    op.drop_table('documents')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_meeting_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_held_on'))
        batch_op.drop_index(batch_op.f('ix_meetings_council_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_message_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('school_addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_addresses_school_id'))

    op.drop_table('school_addresses')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_status'))
        batch_op.drop_index(batch_op.f('ix_messages_school_id'))
        batch_op.drop_index(batch_op.f('ix_messages_raw_sha256'))
        batch_op.drop_index('ix_messages_message_id_content')
        batch_op.drop_index(batch_op.f('ix_messages_mailbox_id'))
        batch_op.drop_index(batch_op.f('ix_messages_from_addr'))

    op.drop_table('messages')
    with op.batch_alter_table('council_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_members_council_id'))

    op.drop_table('council_members')
    op.drop_table('schools')
    op.drop_table('register_counters')
    op.drop_table('mailboxes')
    op.drop_table('councils')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
