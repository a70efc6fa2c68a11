"""Orders (приказ) and directives (распоряжение): drafted from council decisions, approved by the
head, numbered, rendered, stored immutably, turned into controlled deadlines and distributed.

    drafts.draft_for_meeting(session, meeting_id) -> [Document]
    approval.approve(session, document_id, actor, comment) / approval.return_draft(...)
    distribution.distribute(session, document_id) / distribution.distribute_pending()
    review.approval_request(doc) / review.history(session, document_id)

Importing this package installs the guard that makes final documents immutable.
"""

from docflow.orders import immutability as _immutability  # noqa: F401 - installs the flush guard
