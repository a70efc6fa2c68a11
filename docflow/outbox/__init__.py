"""The outbox: every outgoing letter is a stored row first, then sent, then marked.

``enqueue`` is idempotent by ``dedup_key`` (one acknowledgement per submission, one notice per
validation round, …), so a retried task never writes — and never sends — a letter twice.
"""

from docflow.outbox.queue import Attachment, enqueue, enqueue_new, message_id_for

__all__ = ["Attachment", "enqueue", "enqueue_new", "message_id_for"]
