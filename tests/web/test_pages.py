"""Every route of the staff app through a real FastAPI client with real Airflow JWTs."""

import io

import docx
import pytest
from sqlalchemy import select

from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, Deadline, Message, OutboxLetter, Submission
from tests.web.conftest import csrf_of
from tests.web.seed import RAW_EML

PAGES = ["/", "/incoming", "/incoming/{submission}", "/messages/{message}", "/quarantine", "/sites", "/meetings",
         "/meetings/{meeting}", "/documents", "/outbox", "/deadlines", "/deadlines/{overdue}",
         "/messages/{message}/original.eml", "/attachments/{attachment}", "/documents/{order}/docx"]


def path(template, seeded):
    return template.format(**vars(seeded))


@pytest.mark.parametrize("template", PAGES)
def test_anonymous_and_forged_tokens_are_refused(client_for, seeded, template):
    r = client_for(None).get(path(template, seeded))
    assert r.status_code == 401
    assert "Войдите в Airflow" in r.text
    forged = client_for(None)
    forged.cookies.set("_token", "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl")
    assert forged.get(path(template, seeded)).status_code == 401
    bearer = client_for(None).get(path(template, seeded), headers={"Authorization": "Bearer not-a-jwt"})
    assert bearer.status_code == 401


@pytest.mark.parametrize("template", PAGES)
def test_viewer_reads_every_page(client_for, seeded, template):
    r = client_for("viewer").get(path(template, seeded))
    assert r.status_code in (200, 303), r.text
    if r.headers.get("content-type", "").startswith("text/html"):
        assert "Документооборот комитета" in r.text
        assert "viewer · только просмотр" in r.text
        assert 'method="post"' not in r.text  # no action forms for viewers


def test_bearer_token_works_like_the_cookie(client_for, tokens, seeded):
    r = client_for(None).get("/incoming", headers={"Authorization": f"Bearer {tokens['viewer']}"})
    assert r.status_code == 200
    assert "ВХ-2026/0001" in r.text


def test_incoming_register_shows_russian_dates_labels_and_run_link(client_for, seeded):
    html = client_for("metodist").get("/incoming").text
    assert "ВХ-2026/0001" in html and "ВХ-2026/0002" in html
    assert "20.11.2026" in html  # 21:45 UTC on 19.11 is 00:45 on 20.11 in Moscow
    assert "Заявка на присвоение статуса МИП" in html and "требует проверки специалистом" in html
    assert "МБОУ «СОШ № 7»" in html
    assert '/dags/docflow_intake/runs/scheduled__2026-11-20T07%3A00%3A00%2B00%3A00"' in html


def test_incoming_filters_sorting_paging(client_for, seeded):
    c = client_for("viewer")
    only = c.get("/incoming", params={"status": "on_agenda"}).text
    assert "ВХ-2026/0002" in only and "ВХ-2026/0001" not in only
    found = c.get("/incoming", params={"q": "СОШ № 7"}).text
    assert "ВХ-2026/0001" in found and "ВХ-2026/0002" not in found
    asc = c.get("/incoming", params={"sort": "reg_number"}).text
    assert asc.index("ВХ-2026/0001") < asc.index("ВХ-2026/0002")
    desc = c.get("/incoming", params={"sort": "-reg_number"}).text
    assert desc.index("ВХ-2026/0002") < desc.index("ВХ-2026/0001")
    assert "Записи 1–2 из 2" in asc
    bad = c.get("/incoming", params={"sort": "fields"})
    assert bad.status_code == 400 and "Сортировка по полю «fields» невозможна" in bad.text
    assert c.get("/incoming", params={"page": 2}).text.count("Документов по заданным условиям нет") == 1


def test_submission_page_lists_findings_letter_and_history(client_for, seeded):
    html = client_for("metodist").get(f"/incoming/{seeded.submission}").text
    findings = html[html.index('id="findings"'):html.index("</ol>")]
    assert "<strong>Тема инновационного проекта</strong>: Не заполнена тема проекта" in findings
    assert "Как исправить: Впишите тему проекта в раздел 2 формы заявки." in findings
    assert "предупреждение</span>" in findings and "<strong>Смета расходов</strong>: не приложена" in findings
    assert "для специалиста</span>" in findings and "а письмо пришло от МБОУ «СОШ № 7»" in findings
    assert f"/messages/{seeded.message}/original.eml" in html and f"/attachments/{seeded.attachment}" in html
    assert "Решение специалиста о комплектности" in html
    assert client_for("viewer").get("/incoming/999").status_code == 404


def test_downloads_come_from_the_archive(client_for, seeded):
    c = client_for("viewer")
    eml = c.get(f"/messages/{seeded.message}/original.eml")
    assert eml.content == RAW_EML and eml.headers["content-type"].startswith("message/rfc822")
    att = c.get(f"/attachments/{seeded.attachment}")
    assert att.content == seeded.form
    assert "filename*=UTF-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0%20%D0%A1%D0%9E%D0%A8%207.docx" in \
        att.headers["content-disposition"]
    order = c.get(f"/documents/{seeded.order}/docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(order.content)).paragraphs)
    assert "ПРИКАЗ о присвоении статуса" in text
    assert "%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7" in order.headers["content-disposition"]  # «Приказ»
    missing_pdf = c.get(f"/documents/{seeded.order}/pdf")
    assert missing_pdf.status_code == 404 and "Файл ещё не сформирован" in missing_pdf.text


def test_quarantine_sites_meetings_documents_outbox_deadlines_content(client_for, seeded):
    c = client_for("head")
    q = c.get("/quarantine").text
    assert "stranger@example.com" in q and "Отправитель не найден в реестре организаций" in q
    assert "Выпустить" in q and "Отклонить" in q
    sites = c.get("/sites").text
    assert "Цифровая школа" in sites and "12.11.2026" in sites and "11.11.2029" in sites
    assert "2 открыто из 2" in sites and "просрочено: 1" in sites
    meetings = c.get("/meetings").text
    assert "10.11.2026" in meetings and "протокол № 3" in meetings and "/dags/docflow_council/runs/" in meetings
    assert '<td class="num">1</td>' in meetings and "built-in method" not in meetings  # «Вопросов»
    m = c.get(f"/meetings/{seeded.meeting}").text
    assert "«за» — 2, «против» — 0" in m and "Присвоить статус" in m and "Белов Андрей Николаевич" in m
    assert "2 члена совета из 2" in m
    assert '<span class="badge s-approve">одобрено</span>' in m
    protocols = c.get("/documents", params={"register": "protocol"}).text
    assert '<div class="error-text">PDF не сформирован: LibreOffice не установлен</div>' in protocols
    docs = c.get("/documents", params={"register": "order"}).text
    assert "12-од" in docs and "Протокол заседания" not in docs and "/dags/docflow_orders/runs/manual__" in docs
    out = c.get("/outbox").text
    assert "Ответ незарегистрированному отправителю" in out and ">unregistered<" not in out
    assert "550 mailbox unavailable" in out and "не доставлено" in out and out.count("Отправить повторно") == 1
    dl = c.get("/deadlines").text
    assert dl.index("02.11.2026") < dl.index("15.06.2027")  # overdue first
    assert "просрочено" in dl and "Сегодня 25.11.2026" in dl
    overdue_only = c.get("/deadlines", params={"overdue": "true"}).text
    assert "15.06.2027" not in overdue_only


def _post(client, path, data, csrf):
    return client.post(path, data={**data, "csrf_token": csrf, "next": "/quarantine"})


ACTIONS = [
    ("/quarantine/{quarantined}/release", {"school_id": "{school12}", "note": "личный адрес директора"}),
    ("/quarantine/{quarantined}/reject", {"reason": "Рассылка"}),
    ("/incoming/{submission}/override", {"decision": "complete", "reason": "Проверено"}),
    ("/outbox/{failed_letter}/resend", {}),
    ("/deadlines/{overdue}/close", {"note": "Отчёт получен"}),
    ("/deadlines/{overdue}/extend", {"new_due_on": "2026-12-20", "reason": "Письмо школы"}),
]


def _fill(seeded, action):
    p, data = action
    return path(p, seeded), {k: path(v, seeded) for k, v in data.items()}


@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_refused_for_anonymous_viewer_and_without_csrf(client_for, seeded, action):
    p, data = _fill(seeded, action)
    anon = client_for(None)
    assert anon.post(p, data=data).status_code == 401
    viewer = client_for("viewer")
    token = csrf_of(viewer, "/incoming")  # the viewer has a valid form token, but no right to act
    r = _post(viewer, p, data, token)
    assert r.status_code == 403 and "только просмотр" in r.text
    op = client_for("metodist")
    csrf_of(op, "/incoming")
    assert op.post(p, data=data).status_code == 403  # no token in the form
    assert _post(op, p, data, "forged-token").status_code == 403
    cross = op.post(p, data={**data, "csrf_token": op.cookies.get("docflow_csrf")},
                    headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert op.get(p).status_code == 405  # actions are POST only
    with unit_of_work() as s:
        assert s.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_by_an_operator_are_done_and_audited_with_the_airflow_user(client_for, seeded, action):
    p, data = _fill(seeded, action)
    op = client_for("secretary")
    r = _post(op, p, data, csrf_of(op, "/incoming"))
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/quarantine?done=")
    follow = op.get(r.headers["location"])
    assert 'class="flash ok"' in follow.text
    with unit_of_work() as s:
        entries = s.scalars(select(AuditEntry)).all()
        assert [e.actor for e in entries] == ["secretary"]


def test_action_state_changes_and_refusal_message(client_for, seeded):
    admin = client_for("admin")
    token = csrf_of(admin, "/quarantine")
    r = admin.post(f"/quarantine/{seeded.quarantined}/release",
                   data={"csrf_token": token, "school_id": str(seeded.school12), "next": "https://evil.example/x"})
    assert r.status_code == 303 and r.headers["location"].startswith("/quarantine?")  # no open redirect
    again = admin.post(f"/quarantine/{seeded.quarantined}/release", data={"csrf_token": token})
    assert again.status_code == 409
    assert "не на карантине (статус: «выпущено из карантина»)" in again.text
    assert admin.post(f"/deadlines/{seeded.future}/extend", data={"csrf_token": token, "new_due_on": "31.12.2027",
                                                                  "reason": "по ходатайству"}).status_code == 303
    bad_date = admin.post(f"/deadlines/{seeded.future}/extend",
                          data={"csrf_token": token, "new_due_on": "31.02.2028", "reason": "x"})
    assert bad_date.status_code == 409 and "ДД.ММ.ГГГГ" in bad_date.text
    assert admin.post(f"/outbox/{seeded.failed_letter}/resend", data={"csrf_token": token}).status_code == 303
    assert admin.post(f"/incoming/{seeded.submission}/override",
                      data={"csrf_token": token, "decision": "incomplete", "reason": "Нет подписи"}).status_code == 303
    with unit_of_work() as s:
        assert s.get(Message, seeded.quarantined).school_id == seeded.school12
        assert str(s.get(Deadline, seeded.future).due_on) == "2027-12-31"
        assert s.get(OutboxLetter, seeded.failed_letter).status == "pending"
        assert s.get(Submission, seeded.submission).events[-1].actor == "admin"
    hist = admin.get(f"/deadlines/{seeded.future}").text
    assert "срок продлён" in hist and "15.06.2027" in hist and "31.12.2027" in hist and "admin" in hist


def test_outbox_register_shows_a_banner_while_a_mailbox_sends_nothing(client_for, seeded):
    from docflow.outbox.sender import _close_incident, _incident
    c = client_for("viewer")
    assert 'role="alert"' not in c.get("/outbox").text
    _incident("official", "auth", "auth: 535 5.7.8 Authentication credentials invalid")
    out = c.get("/outbox").text
    assert 'role="alert"' in out
    assert "Ящик «official»: почтовый сервер отклонил вход (неверное имя пользователя или пароль)" in out
    assert "535 5.7.8" not in out  # the server's words stay in the log
    _close_incident("official")
    assert 'role="alert"' not in c.get("/outbox").text


def test_every_label_is_russian(client_for, seeded):
    """What staff read on every page is Russian: no status codes or English words leak through."""
    import re
    allowed = {"DOCX", "PDF", "DAG", "Airflow", "metodist", "secretary", "viewer", "admin", "head", "eml",
               "docflow", "SHA", "LibreOffice"}
    c = client_for("metodist")
    for template in PAGES:
        r = c.get(path(template, seeded))
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        # a mail server's own reply is quoted verbatim in <code>
        text = re.sub(r"<(script|style|code)[^>]*>.*?</\1>", " ", r.text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"[\w.+-]+@[\w.-]+|https?://\S+|/\S+|\S+\.(docx|pdf|eml)\b", " ", text)  # addresses, files
        english = {w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w not in allowed}
        assert not english, (template, sorted(english))
