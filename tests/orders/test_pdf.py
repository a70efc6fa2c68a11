"""The final document as PDF too, when LibreOffice is installed (CI installs it)."""

from __future__ import annotations

import io
import shutil

import pytest
from sqlalchemy import select

from tests.orders.conftest import ORDER_DAY

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                reason="LibreOffice is not installed")


def test_final_order_as_pdf_is_archived_and_attached(decided, monkeypatch):
    from pypdf import PdfReader

    from docflow.orders import approval, drafts
    from docflow.orders.distribution import distribute_pending
    from docflow.orders.rendering import final_path
    from docflow.store import archive
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, OutboxLetter
    monkeypatch.setenv("DOCFLOW_ORDERS_PDF", "1")
    with unit_of_work() as s:
        order_id = drafts.draft_for_meeting(s, decided.meeting_id)[0].id
    with unit_of_work() as s:
        res = approval.approve(s, order_id, "head", today=ORDER_DAY)
    assert res.pdf_sha256
    pdf = archive.get(res.pdf_sha256)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "ПРИКАЗ" in text and "№ 1" in text and "16.11.2026" in text
    assert "ПРИКАЗЫВАЮ" in text and "Е.С. Воронцова" in text
    with unit_of_work() as s:
        doc = s.get(Document, order_id)
        assert final_path(doc, ".pdf").read_bytes() == pdf
    distribute_pending()
    with unit_of_work() as s:
        letter = s.scalars(select(OutboxLetter).where(OutboxLetter.document_id == order_id)).first()
        assert [a["filename"] for a in letter.attachments] == ["Приказ от 16.11.2026 № 1.docx",
                                                               "Приказ от 16.11.2026 № 1.pdf"]
        assert "Документ приложен к письму в форматах DOCX и PDF." in letter.body_text
