"""The whole corpus of realistic letters through intake on real servers: each case's fate."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from docflow.config import load_settings
from docflow.intake.run import poll_mailbox
from docflow.schools import import_registry
from docflow.store.db import unit_of_work
from docflow.store.models import Message, OutboxLetter, Submission
from tests.corpus.build import cases
from tests.intake.conftest import Official, settings_for

REGISTRY = """код;полное наименование;краткое наименование;директор;адреса
c-07;Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»;\
МБОУ «СОШ № 7»;Орлова Наталья Петровна;school7@sevrech-edu.example, semenova@sevrech-edu.example, \
secretary@sevrech-edu.example, scanner@sevrech-edu.example
c-12;Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»;\
МБОУ «СОШ № 12»;Кузнецов Игорь Валентинович;school12@mail.example, school12@yandex.example
"""

# dsn_bounce names our letter but carries no Authentication-Results of our server: held for staff.
QUARANTINED = {"koi8r_plain", "html_only", "inline_vs_attachment", "dkim_fail", "oversized", "dsn_bounce"}
IGNORED = {"out_of_office", "mailing_list"}
DUPLICATE = {"duplicate_2"}
KINDS = {"outlook_cp1251_qp": "application", "outlook_winmail": "application", "iphone": "application",
         "mailru_base64": "interim_report", "forwarded_rfc822": "application", "zip_with_docx": "application",
         "no_attachment": "other", "cc_display_names": "other"}


@pytest.fixture
def corpus_official(imap_server, store, tmp_path, monkeypatch) -> Official:
    address = imap_server.new_address("mip")
    path = settings_for(address, tmp_path, **{"max_message_mb: 25": "max_message_mb: 10",
                                              "authserv_ids: []": "authserv_ids: [mx.komitet.example]"})
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(path))
    reg = tmp_path / "registry.csv"
    reg.write_text(REGISTRY, encoding="utf-8")
    with unit_of_work() as s:
        assert not import_registry(s, reg).errors
    return Official(imap_server, address, load_settings(path))


def test_every_corpus_letter_has_its_expected_fate(corpus_official):
    official = corpus_official
    corpus = cases()
    assert len(corpus) >= 20
    uid_to_case = {official.deliver(c.raw): c.name for c in corpus}
    with official.reader(batch_size=7) as reader:
        report = poll_mailbox(official.settings, "official", reader)
    assert report.fetched == len(corpus) and report.failed == 0
    with unit_of_work() as s:
        msgs = {uid_to_case[m.uid]: m for m in s.scalars(select(Message))}
        subs = {uid_to_case[x.message.uid]: x for x in s.scalars(select(Submission))}
        acked = {uid_to_case[s.get(Message, o.message_id).uid] for o in s.scalars(
            select(OutboxLetter).where(OutboxLetter.kind == "ack"))}
        for name, m in msgs.items():
            expected = ("quarantined" if name in QUARANTINED else "ignored" if name in IGNORED
                        else "duplicate" if name in DUPLICATE else "registered")
            assert m.status == expected, f"{name}: {m.status} ({m.error})"
        for name, kind in KINDS.items():
            assert subs[name].kind == kind, f"{name}: {subs[name].kind}"
        registered = {n for n, m in msgs.items() if m.status == "registered"}
        assert acked == registered  # every registered letter acknowledged once, nothing else
        assert subs["forwarded_rfc822"].school.code == "c-07"
        assert subs["mailru_base64"].school.code == "c-12"
        assert s.scalar(select(func.count(OutboxLetter.id)).where(OutboxLetter.kind == "unregistered")) == 3
        assert s.scalar(select(OutboxLetter.id).where(OutboxLetter.kind == "limits")) is not None
        zipped = [a.filename for a in msgs["zip_with_docx"].attachments]
        assert "Заявка.docx" in zipped
        assert msgs["dkim_fail"].error.startswith("Проверка подлинности")
    assert official.folder_uids("INBOX") == []
