"""Every corpus letter parses into the facts its builder declares."""

import hashlib

import pytest

from docflow.mail.parse import parse_message
from tests.corpus.build import cases

CASES = cases()


def test_corpus_is_large_enough():
    assert len(CASES) >= 22
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_parse_facts(case):
    p = parse_message(case.raw)
    e = case.expect
    assert p.size == len(case.raw)
    assert p.message_id and p.message_id.startswith("<")
    assert p.sender is not None and p.sender.address == p.sender.address.lower()
    if "sender" in e:
        assert (p.sender.address, p.sender.name) == e["sender"]
    if "subject" in e:
        assert p.subject == e["subject"]
    if "to" in e:
        assert [(x.address, x.name) for x in p.to] == e["to"]
    if "cc" in e:
        assert [(x.address, x.name) for x in p.cc] == e["cc"]
    if "text_contains" in e:
        assert e["text_contains"] in p.text
    if "text_excludes" in e:
        assert e["text_excludes"] not in p.text
    if "text" in e:
        assert p.text == e["text"]
    if e.get("html"):
        assert p.html
    assert p.is_automatic == ("automatic" in e)
    if "automatic" in e:
        assert p.automatic_reason == e["automatic"]
    if "auth" in e:
        assert p.auth == e["auth"]
    else:
        assert p.auth == {}
    if "in_reply_to" in e:
        assert p.in_reply_to == e["in_reply_to"]
    if "references" in e:
        assert p.references == e["references"]
    if "dsn" in e:
        orig, rcpts = e["dsn"]
        assert p.dsn.original_message_id == orig
        assert [(r.address, r.action, r.status) for r in p.dsn.recipients] == rcpts
    else:
        assert p.dsn is None
    if "forwarded_subjects" in e:
        assert [f["subject"] for f in p.forwarded] == e["forwarded_subjects"]
    if "min_size" in e:
        assert p.size > e["min_size"]
    if "attachments" in e:
        got = [(a.filename, a.kind, a.inline, a.forwarded, a.container) for a in p.attachments]
        assert got == e["attachments"]
    for a in p.attachments:
        assert a.size == len(a.data)
        assert a.sha256 == hashlib.sha256(a.data).hexdigest()
    if "declared" in e:
        assert [a.declared_type for a in p.attachments] == e["declared"]
    assert bool(p.problems) == e.get("problems", False), p.problems


def test_duplicates_are_recognisable_by_hash():
    one, two = (parse_message(c.raw) for c in CASES if c.name.startswith("duplicate_"))
    assert one.sha256 == two.sha256
    assert one.message_id == two.message_id


def test_docx_attachment_opens_with_python_docx():
    import io

    from docx import Document

    p = parse_message(next(c for c in CASES if c.name == "outlook_winmail").raw)
    docx = next(a for a in p.attachments if a.kind == "docx")
    text = "\n".join(par.text for par in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Средняя общеобразовательная школа № 7" in text


@pytest.mark.parametrize("raw", [b"", b"\x00\xff garbage", b"Subject: =?utf-8?q?x\r\n\r\n",
                                 b"Content-Type: multipart/mixed\r\n\r\nno boundary",
                                 b"Content-Type: message/rfc822\r\n\r\nnot a message"])
def test_garbage_never_raises(raw):
    p = parse_message(raw)
    assert p.size == len(raw)
