"""Fixes to pymap 0.36's maildir backend for the dev server (applied once, in-process).

1. pymap parses each appended message into ``email.message.Message`` and re-serialises it, on
   append and again on every fetch, with LF line endings: IMAP clients got altered bytes and an
   RFC822.SIZE that disagreed with BODY[]. We keep the literal and serve the file as stored.
2. pymap's COPY writes only the metadata of the message (an empty body). We copy the bytes.
"""

from __future__ import annotations

_patched = False


def patch_pymap() -> None:
    """Make pymap's maildir store, serve and copy messages byte-for-byte."""
    global _patched
    if _patched:
        return
    import email.generator
    import io

    from pymap.backend.maildir import mailbox as pm
    from pymap.mime import MessageContent

    orig_to_maildir = pm.Message.to_maildir.__func__

    def to_maildir(cls, append_msg, recent, maildir_flags):
        msg = orig_to_maildir(cls, append_msg, recent, maildir_flags)
        msg._docflow_raw = bytes(append_msg.literal)
        return msg

    def dump_message(self, message, target, mangle_from_=False):
        raw = getattr(message, "_docflow_raw", None)
        if raw is None:  # copies: regenerate with CRLF line endings
            buf = io.BytesIO()
            email.generator.BytesGenerator(buf, False, 0).flatten(message, linesep="\r\n")
            raw = buf.getvalue()
        target.write(raw)

    async def load_content(self, requirement):
        if self._key is None or self._maildir is None \
                or requirement.has_none(pm.FetchRequirement.CONTENT):
            return pm.LoadedMessage(self, requirement, None)
        try:
            raw = self._maildir.get_bytes(self._key)
        except (KeyError, FileNotFoundError):
            return pm.LoadedMessage(self, requirement, None)
        return pm.LoadedMessage(self, requirement, MessageContent.parse(raw))

    base_msg = pm.MaildirMessage

    class RawMaildirMessage(base_msg):  # keeps the raw bytes through pymap's COPY
        def __init__(self, message=None):
            super().__init__(message)
            raw = getattr(message, "_docflow_raw", None)
            if raw is None and isinstance(message, bytes):
                raw = message
            if raw is not None:
                self._docflow_raw = raw

    orig_get_message = pm.Maildir.get_message

    def get_message(self, key):
        msg = RawMaildirMessage(orig_get_message(self, key))
        msg._docflow_raw = self.get_bytes(key)
        return msg

    async def copy(self, uid, destination, *, recent=False):  # pymap copies metadata only
        try:
            record, meta = await self._get_maildir_msg(uid)
            raw = self._maildir.get_bytes(record.key)
        except (KeyError, FileNotFoundError):
            return None
        copy_msg = RawMaildirMessage()
        copy_msg._docflow_raw = raw
        copy_msg.set_flags(meta.get_flags())
        copy_msg.set_date(meta.get_date())
        copy_msg.set_subdir("new" if recent else "cur")
        async with destination.messages_lock.write_lock():
            dest_key = destination._maildir.add(copy_msg)
            dest_filename = dest_key + ":" + copy_msg.get_info()
        async with pm.UidList.with_write(destination._path) as uidl:
            new_rec = pm.Record(uidl.next_uid, record.fields, dest_filename)
            uidl.next_uid += 1
            uidl.set(new_rec)
        return new_rec.uid

    pm.MailboxData.copy = copy
    pm.MaildirMessage = RawMaildirMessage
    pm.Maildir.get_message = get_message
    pm.Message.to_maildir = classmethod(to_maildir)
    pm.Maildir._dump_message = dump_message
    pm.Message.load_content = load_content
    _patched = True
