"""Fixes to pymap 0.36's maildir backend for the dev server (applied once, in-process).

1. pymap parses each appended message into ``email.message.Message`` and re-serialises it, on
   append and again on every fetch, with LF line endings: IMAP clients got altered bytes and an
   RFC822.SIZE that disagreed with BODY[]. We keep the literal and serve the file as stored.
2. pymap's COPY writes only the metadata of the message (an empty body). We copy the bytes.
3. A lookup of a message whose file is gone (MOVE leaves its UID list record until cleanup)
   made the standard library's maildir re-list the whole folder, and pymap looks up every
   message after every command: a folder of n letters cost O(n²) per command. A miss now
   re-lists only when the folder changed since the last listing.
4. pymap reads and parses a folder's whole UID list file once per message of a command (FETCH,
   MOVE): O(n) per message. The parsed list is kept per file and reused while the file is the
   same one (inode, size, times).
5. Opening a folder (every APPEND does) read the metadata of every message in it to find the
   files that have no UID yet. Only files missing from the UID list are read now.
"""

from __future__ import annotations

_patched = False
_TIMESTAMP_SLACK_NS = 20_000_000  # 20 ms: above a 100 Hz kernel's timestamp tick


def patch_pymap() -> None:
    """Make pymap's maildir store, serve and copy messages byte-for-byte."""
    global _patched
    if _patched:
        return
    import email.generator
    import io
    import os
    import time

    from pymap.backend.maildir import mailbox as pm
    from pymap.backend.maildir.uidlist import UidList
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

    def dir_stamp(self) -> tuple[int, int]:
        return tuple(os.stat(self._paths[sub]).st_mtime_ns for sub in ("new", "cur"))

    def refresh(self):
        """Re-list the folder unless it is unchanged since a listing that can be trusted."""
        stamp = dir_stamp(self)
        if stamp == getattr(self, "_docflow_listed", None):
            return
        started = time.time_ns()
        toc = {}
        for sub in ("new", "cur"):
            with os.scandir(self._paths[sub]) as entries:
                for entry in entries:
                    if not entry.is_dir():
                        toc[entry.name.split(self.colon)[0]] = os.path.join(sub, entry.name)
        self._toc = toc
        # Trusted only once the clock has moved past the last change by more than the file
        # system's timestamp granularity: a later change within the same tick keeps the mtime.
        self._docflow_listed = stamp if started - max(stamp) > _TIMESTAMP_SLACK_NS else None

    def lookup(self, key):
        sub = self._toc.get(key)
        if sub is not None and os.path.exists(os.path.join(self._path, sub)):
            return sub
        refresh(self)
        try:
            return self._toc[key]
        except KeyError:
            raise KeyError(f"No message with key: {key}") from None

    uidlists: dict[str, tuple[tuple[int, ...], UidList]] = {}  # file → (its identity, parsed)
    orig_file_read = UidList.file_read.__func__
    orig_file_write = UidList.file_write

    def identity(file_path: str) -> tuple[int, ...]:
        st = os.stat(file_path)
        return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns

    def clone(uidl: UidList) -> UidList:
        copy = UidList(uidl.path, uidl.uid_validity, uidl.next_uid, uidl.global_uid)
        copy._records = dict(uidl._records)
        return copy

    def file_read(cls, path):
        file_path = cls.get_file(path)
        try:
            ident = identity(file_path)  # before reading: a newer file never hides behind it
        except FileNotFoundError:
            return cls.get_default(path)
        cached = uidlists.get(file_path)
        if cached is not None and cached[0] == ident:
            return clone(cached[1])
        started = time.time_ns()
        uidl = orig_file_read(cls, path)
        if started - ident[2] > _TIMESTAMP_SLACK_NS:  # another writer's change is visible by now
            uidlists[file_path] = (ident, clone(uidl))
        return uidl

    def file_write(self):
        orig_file_write(self)  # a new file renamed into place: a new inode
        file_path = self.get_file(self.path)
        uidlists[file_path] = (identity(file_path), clone(self))

    async def reset(self):
        """Give a UID to every message file the UID list does not know (delivered from outside)."""
        maildir = self._maildir
        async with UidList.with_read(self._path) as uidl:
            known = {rec.key for rec in uidl.records}
        infos: dict[str, str] = {}
        async with self.messages_lock.read_lock():
            maildir._refresh()
            for key in [k for k in maildir._toc if k not in known]:
                try:
                    infos[key] = maildir.get_message_metadata(key).get_info()
                except (KeyError, FileNotFoundError):
                    pass
        async with UidList.with_write(self._path) as uidl:
            known = {rec.key for rec in uidl.records}
            for key, info in infos.items():
                if key not in known:
                    fields = {"E": str(pm.ObjectId.random_email_id()), "T": str(pm.ObjectId.random_thread_id())}
                    uidl.set(pm.Record(uidl.next_uid, fields, f"{key}:{info}"))
                    uidl.next_uid += 1
        self._uid_validity = uidl.uid_validity
        self._next_uid = uidl.next_uid
        return self

    pm.MailboxData.reset = reset
    UidList.file_read = classmethod(file_read)
    UidList.file_write = file_write
    pm.Maildir._lookup = lookup
    pm.Maildir._refresh = refresh
    pm.MailboxData.copy = copy
    pm.MaildirMessage = RawMaildirMessage
    pm.Maildir.get_message = get_message
    pm.Message.to_maildir = classmethod(to_maildir)
    pm.Maildir._dump_message = dump_message
    pm.Message.load_content = load_content
    _patched = True
