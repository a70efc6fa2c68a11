"""The outbox: every outgoing letter is a stored row first, then sent, then marked.

``enqueue`` is idempotent by ``dedup_key`` (one acknowledgement per submission, one notice per
validation round, …), so a retried task never writes a letter twice; ``drain_all`` — the one drain
of every DAG and the CLI — claims each row before sending it, so no letter leaves twice.
"""

from docflow.outbox.queue import Attachment, enqueue, enqueue_new, message_id_for

__all__ = ["Attachment", "drain_all", "enqueue", "enqueue_new", "message_id_for"]


def drain_all(settings, **options) -> dict:
    """Send every due letter of every mailbox (see ``docflow.outbox.sender.drain_all``)."""
    from docflow.outbox.sender import drain_all as drain
    return drain(settings, **options)
