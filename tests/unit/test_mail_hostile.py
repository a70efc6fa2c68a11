"""Hostile letters at the parser: bounded headers, zip bombs refused before a byte is inflated,
Authentication-Results read per RFC 8601 with their authserv-id (issue 17, points 1 and 5)."""

from __future__ import annotations

import base64
import io
import time
import zipfile

import pytest

from docflow.mail import filetypes
from docflow.mail.parse import MAX_HEADER_CHARS, parse_message


def _subject_letter(encoded_subject: str) -> bytes:
    return ("From: =?UTF-8?B?0KjQutC+0LvQsA==?= <school7@edu.example.ru>\r\n"
            "To: mip@komitet.example.ru\r\n"
            f"Subject: {encoded_subject}\r\n"
            "Date: Tue, 24 Nov 2026 10:30:00 +0300\r\n"
            "Message-ID: <big-subject@edu.example.ru>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "\r\n"
            "Направляем отчёт.\r\n").encode()


def test_huge_rfc2047_subject_is_bounded_before_decoding_and_fast():
    # 1.4 MB of encoded words, folded the way mailers fold them (one word a line).
    word = "=?UTF-8?B?" + base64.b64encode("Отчёт о реализации проекта ".encode()).decode() + "?="
    subject = "\r\n ".join([word] * (1_400_000 // (len(word) + 3)))
    raw = _subject_letter(subject)
    started = time.perf_counter()
    parsed = parse_message(raw)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, elapsed
    assert parsed.subject.startswith("Отчёт о реализации проекта")
    assert len(parsed.subject) <= MAX_HEADER_CHARS
    assert any("Subject cut" in p for p in parsed.problems)
    assert parsed.sender.address == "school7@edu.example.ru"


def _bomb(member: str, size: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose ``member`` inflates to ``size`` bytes of zeros (deflate: ~1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        with zf.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A «DOCX» whose [Content_Types].xml inflates to 200 MB."""
    return _bomb("[Content_Types].xml", 200 * 2**20, {"word/document.xml": b"<w:document/>"})


def _no_inflating(monkeypatch):
    def refuse(*a, **kw):
        raise AssertionError("a member was opened for reading")
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_type_detection_refuses_a_bomb_member_without_reading_it(docx_bomb, monkeypatch):
    _no_inflating(monkeypatch)
    assert filetypes.detect(docx_bomb).kind == "zipbomb"


def test_unpacking_refuses_a_bomb_member_before_reading_any(monkeypatch):
    archive = _bomb("Отчёт.docx", 64 * 2**20, {"Пояснительная записка.txt": "Текст".encode()})
    _no_inflating(monkeypatch)
    with pytest.raises(filetypes.ZipBomb, match="ratio"):
        filetypes.unpack(archive, "zip")


def test_a_letter_with_a_bomb_is_held_with_its_reason(docx_bomb):
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"] = "school7@edu.example.ru"
    m["To"] = "mip@komitet.example.ru"
    m["Subject"] = "Заявка"
    m.set_content("Заявка во вложении.")
    m.add_attachment(docx_bomb, maintype="application",
                     subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="Заявка.docx")
    started = time.perf_counter()
    parsed = parse_message(m.as_bytes())
    assert time.perf_counter() - started < 2
    [att] = parsed.attachments
    assert att.kind == "zipbomb"
    assert any("not opened" in p for p in parsed.problems)


def test_real_docx_is_still_detected():
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    assert filetypes.detect(buf.getvalue()).kind == "docx"


# -- Authentication-Results as real servers write them -------------------------------------
def _with_headers(*lines: str) -> bytes:
    return ("".join(f"{x}\r\n" for x in lines) + "From: school7@edu.example.ru\r\nTo: mip@komitet.example.ru\r\n"
            "Subject: test\r\n\r\nbody\r\n").encode()


def test_authentication_results_are_kept_per_authserv_id():
    raw = _with_headers(
        "Authentication-Results: mx.komitet.example.ru; dmarc=pass (p=none dis=none) header.from=edu.example.ru",
        "Authentication-Results: mx.komitet.example.ru;\r\n\tdkim=pass (2048-bit key; unprotected) "
        "header.d=edu.example.ru header.i=@edu.example.ru header.a=rsa-sha256 header.s=mail header.b=Qm9v",
        "Authentication-Results: mxs.mail.ru; spf=pass (mx84.i.mail.ru: domain of edu.example.ru designates "
        "198.51.100.7 as permitted sender) smtp.mailfrom=school7@edu.example.ru smtp.helo=mail.edu.example.ru;"
        " dkim=pass header.d=edu.example.ru; dmarc=pass header.from=school7@edu.example.ru",
        "Authentication-Results: spf=pass (sender IP is 40.107.22.51) smtp.mailfrom=edu.example.ru; dkim=pass "
        "(signature was verified) header.d=edu.example.ru;dmarc=pass action=none header.from=edu.example.ru;"
        "compauth=pass reason=100")
    p = parse_message(raw)
    assert [h.authserv_id for h in p.auth_results] == ["mx.komitet.example.ru", "mx.komitet.example.ru",
                                                        "mxs.mail.ru"]
    assert p.auth_results[1].results[0].properties["header.d"] == "edu.example.ru"
    assert any("unreadable Authentication-Results" in x for x in p.problems)  # Microsoft 365: no authserv-id


def test_verdict_counts_only_trusted_authserv_ids():
    from docflow.config import Trust
    from docflow.intake.trust import verify_sender
    forged = _with_headers("Authentication-Results: mxs.mail.ru; dkim=pass header.d=edu.example.ru; "
                           "dmarc=pass header.from=edu.example.ru")
    ours = Trust(authserv_ids=["MX.komitet.example.ru"])
    assert verify_sender(parse_message(forged), ours).status == "unverified"
    assert verify_sender(parse_message(forged), Trust(authserv_ids=["mxs.mail.ru"])).status == "pass"
    spoof = _with_headers("Authentication-Results: mx.komitet.example.ru; dmarc=pass header.from=fake-edu.example.com")
    assert verify_sender(parse_message(spoof), ours).status == "fail"  # a pass for some other From domain


def test_many_long_authentication_results_are_bounded():
    one = "Authentication-Results: mx.komitet.example.ru; " + "; ".join(
        f"dkim=pass header.d=d{i}.example.ru header.s=s{i}" for i in range(600))
    raw = _with_headers(*([one] * 50))
    started = time.perf_counter()
    p = parse_message(raw)
    assert time.perf_counter() - started < 0.5
    assert p.auth_results == []  # none of them read: a real one is a few hundred characters
    assert sum("not read" in x for x in p.problems) == 20  # and no more than 20 looked at
