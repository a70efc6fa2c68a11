"""Mail layer: pure adapters, no database, no Airflow.

- ``imap``      ImapReader / ImapParams: PEEK fetches by UID, UIDVALIDITY, folders, move, reconnect.
- ``smtp``      send_message / SmtpParams: per-recipient outcome sent / temporary / permanent.
- ``parse``     parse_message(raw) -> ParsedMessage (never raises; problems are recorded).
- ``filetypes`` detect(data) by content; unpack zip / winmail.dat.
- ``compose``   compose(OutgoingLetter) -> EmailMessage with injection-proof headers.
- ``devserver`` pymap IMAP + aiosmtpd SMTP on loopback for the demo and the tests.
"""
