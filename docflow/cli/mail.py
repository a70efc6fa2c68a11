"""Mail commands: read a mailbox on the dev mail server (demo), run intake or the sender by hand."""

from __future__ import annotations

import os

import click

from docflow.cli.common import emit, json_option


def register(cli: click.Group) -> None:
    cli.add_command(mail)
    cli.commands["messages"].add_command(message_reprocess)


@click.command("reprocess", help="Обработать письмо с карантина заново (например, после исправления реестра).")
@click.argument("message_id", type=int)
@json_option
def message_reprocess(message_id, as_json):
    from docflow.actions import ActionRefused
    from docflow.cli.common import actor, fail
    from docflow.config import get_settings
    from docflow.intake.service import reprocess_message
    try:
        emit(reprocess_message(get_settings(), message_id, actor=actor(), run_id="cli"), as_json)
    except ActionRefused as exc:
        fail(str(exc), 1)


@click.group(help="Почта: чтение ящиков демо-сервера, ручной приём и отправка.")
def mail():
    pass


@mail.command("read", help="Показать письма в ящике (по умолчанию — демо-сервер на 127.0.0.1).")
@click.argument("address")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("DOCFLOW_DEMO_IMAP_PORT", "1143")))
@click.option("--password", default="demo", show_default=True, help="Пароль ящика (демо: demo).")
@click.option("--folder", default="INBOX", show_default=True)
@click.option("--full", "full_uid", type=int, help="Показать письмо с этим UID целиком (текст).")
@json_option
def mail_read(address, host, port, password, folder, full_uid, as_json):
    from docflow.mail.imap import ImapParams, ImapReader
    from docflow.mail.parse import parse_message
    rows = []
    with ImapReader(ImapParams(host=host, port=port, username=address, password=password,
                               security="plain", timeout=15)) as r:
        r.select(folder, readonly=True)
        uids = r.uids()
        if full_uid:
            uids = [u for u in uids if u == full_uid]
        for batch in r.fetch(uids):
            for m in batch:
                p = parse_message(m.raw)
                rows.append({"uid": m.uid, "date": p.date.isoformat() if p.date else "",
                             "from": p.sender.address if p.sender else "", "subject": p.subject,
                             "attachments": [a.filename for a in p.attachments],
                             **({"text": p.text} if full_uid else {})})
    if full_uid and rows and not as_json:
        r0 = rows[0]
        click.echo(f"От: {r0['from']}\nДата: {r0['date']}\nТема: {r0['subject']}\n"
                   f"Вложения: {', '.join(r0['attachments']) or 'нет'}\n\n{r0['text']}")
        return
    emit({"total": len(rows), "limit": len(rows), "offset": 0, "rows": rows}, as_json,
         ["uid", "date", "from", "subject", "attachments"])


@mail.command("poll", help="Принять почту из ящика сейчас (как DAG docflow_intake), по подключению Airflow.")
@click.option("--mailbox", "name", default=None, help="Имя ящика из настроек (по умолчанию — все).")
@json_option
def mail_poll(name, as_json):
    from docflow.airflow.connections import imap_params
    from docflow.config import get_settings
    from docflow.intake.service import intake_mailbox
    s = get_settings()
    out = [intake_mailbox(s, m.name, imap_params(m.imap_conn_id), run_id="cli")
           for m in s.mailboxes if name in (None, m.name)]
    emit(out if as_json else {"rows": out}, as_json, ["mailbox", "fetched", "registered", "quarantined",
                                                      "ignored", "duplicates", "failed"])


@mail.command("send", help="Отправить письма из очереди исходящих сейчас.")
@json_option
def mail_send(as_json):
    from docflow.config import get_settings
    from docflow.outbox import drain_all
    out = drain_all(get_settings())["mailboxes"]
    emit(out if as_json else {"rows": out}, as_json, ["mailbox", "sent", "retry", "failed", "recovered",
                                                      "unavailable"])
