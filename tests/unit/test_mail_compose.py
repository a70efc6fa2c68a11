"""Outgoing letters: sanitised headers, Cyrillic encoding, threading, attachments."""

import email
import re
from email import policy

import pytest

from docflow.mail.compose import ComposeError, OutgoingLetter, compose, make_message_id
from docflow.mail.parse import parse_message


def letter(**kw):
    base = dict(
        sender="Комитет образования <mip@komitet.example>",
        to=["school7@example.ru"],
        subject="Уведомление о регистрации заявки",
        text="Заявка зарегистрирована под № 17.",
    )
    return OutgoingLetter(**{**base, **kw})


def wire(msg) -> bytes:
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def test_round_trip_through_parser():
    data = b"PK\x03\x04 not really"
    msg = compose(
        letter(
            cc=["Иванова А.А. <ivanova@komitet.example>"],
            html="<p>Заявка</p>",
            attachments=[("Приказ № 45 от 20.11.2026.docx", data, None)],
            message_id="<docflow.3f2a9c41d07be5a8@komitet.example>",
            in_reply_to="<orig@school7.example>",
            references=["<first@school7.example>"],
            auto_replied=True,
        )
    )
    raw = wire(msg)
    assert raw.isascii()
    p = parse_message(raw)
    assert p.subject == "Уведомление о регистрации заявки"
    assert (p.sender.address, p.sender.name) == ("mip@komitet.example", "Комитет образования")
    assert [(c.address, c.name) for c in p.cc] == [("ivanova@komitet.example", "Иванова А.А.")]
    assert p.message_id == "<docflow.3f2a9c41d07be5a8@komitet.example>"
    assert p.in_reply_to == "<orig@school7.example>"
    assert p.references == ["<first@school7.example>", "<orig@school7.example>"]
    assert p.automatic_reason == "auto-submitted: auto-replied"
    assert "№ 17" in p.text
    (att,) = p.attachments
    assert att.filename == "Приказ № 45 от 20.11.2026.docx"
    assert att.data == data
    assert att.declared_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "evil",
    [
        "Школа № 7\r\nBcc: victim@example.org",
        "Тема\nX-Injected: 1",
        "Тема\r\n\r\nbody",
        "a\x00b\rContent-Type: x",
    ],
)
def test_no_header_injection(evil):
    msg = compose(letter(subject=evil, sender=f"{evil.splitlines()[0]} <mip@komitet.example>"))
    parsed = email.message_from_bytes(wire(msg), policy=policy.default)
    assert parsed["Bcc"] is None and parsed["X-Injected"] is None
    assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["Subject"])
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().strip() == "Заявка зарегистрирована под № 17."


@pytest.mark.parametrize("bad", ["no-at-sign", "a@b@c", "x@y.ru, z@w.ru", "<x@y.ru>\r\nBcc: z@w.ru>"])
def test_bad_address_rejected(bad):
    with pytest.raises(ComposeError):
        compose(letter(to=[bad]))


def test_bad_message_id_rejected():
    with pytest.raises(ComposeError):
        compose(letter(message_id="<a b@c>"))


def test_make_message_id_is_unguessable_and_safe():
    ids = {make_message_id("komitet.example") for _ in range(50)}
    assert len(ids) == 50  # a random part: knowing one letter's id tells nothing about the next
    one = ids.pop()
    assert re.fullmatch(r"<docflow\.[0-9a-f]{32}@komitet\.example>", one)
    assert make_message_id("bad domain>").endswith("@baddomain>")


def test_compose_error_gives_staff_a_reason_in_russian():
    with pytest.raises(ComposeError) as exc:
        compose(letter(to=["school7@example.ru; director7@example.ru"]))
    assert exc.value.reason == "Адрес получателя «school7@example.ru; director7@example.ru» записан неверно"


def test_only_x_headers_may_be_added():
    assert (
        compose(letter(extra_headers={"X-Docflow-Outbox": "17\r\nBcc: a@b.c"}))["X-Docflow-Outbox"]
        == "17 Bcc: a@b.c"
    )
    with pytest.raises(ComposeError):
        compose(letter(extra_headers={"Bcc": "a@b.c"}))


def test_long_cyrillic_subjects_keep_every_space():
    from email import message_from_bytes, policy

    from docflow.mail.compose import OutgoingLetter, compose
    for subject in ("Письмо не зарегистрировано: адрес отправителя не внесён в реестр",
                    "О присвоении статуса муниципальной инновационной площадки МБОУ «СОШ № 7» г. Северореченска "
                    "и об утверждении плана работы на 2026/2027 учебный год"):
        raw = compose(OutgoingLetter(sender="mip@komitet.example.ru", to=["school7@edu.example.ru"],
                                     subject=subject, text="Текст")).as_bytes()
        assert str(message_from_bytes(raw, policy=policy.default)["Subject"]) == subject
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998
