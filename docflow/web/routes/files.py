"""Downloads from the archive: the original letter (.eml), its attachments, documents as DOCX / PDF."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from docflow.store import archive
from docflow.store.models import Attachment, Document, Message
from docflow.web.auth import Refusal, StaffUser, current_user
from docflow.web.routes.common import db

router = APIRouter()
User = Annotated[StaffUser, Depends(current_user)]
DB = Annotated[Session, Depends(db, scope="function")]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def download(sha: str, filename: str, mime: str) -> Response:
    if not sha:
        raise Refusal(404, "Файл ещё не сформирован.", "Файл не найден")
    try:
        data = archive.get(sha)
    except FileNotFoundError as exc:
        raise Refusal(404, "Файл не найден в архиве.", "Файл не найден") from exc
    except OSError as exc:
        raise Refusal(500, "Файл в архиве повреждён: контрольная сумма не совпадает.", "Ошибка архива") from exc
    name = _UNSAFE.sub("_", filename).strip() or "file"
    fallback = name.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=mime, headers={"Content-Disposition": disposition})


@router.get("/messages/{message_id}/original.eml")
def message_eml(user: User, s: DB, message_id: int):
    m = s.get(Message, message_id)
    if m is None:
        raise Refusal(404, f"Письмо № {message_id} не найдено.", "Не найдено")
    return download(m.raw_sha256, f"Письмо {message_id}.eml", "message/rfc822")


@router.get("/attachments/{attachment_id}")
def attachment(user: User, s: DB, attachment_id: int):
    a = s.get(Attachment, attachment_id)
    if a is None:
        raise Refusal(404, f"Вложение № {attachment_id} не найдено.", "Не найдено")
    return download(a.sha256, a.filename or f"attachment-{a.id}", "application/octet-stream")


@router.get("/documents/{document_id}/{fmt}")
def document_file(user: User, s: DB, document_id: int, fmt: str):
    d = s.get(Document, document_id)
    if d is None or fmt not in ("docx", "pdf"):
        raise Refusal(404, f"Документ № {document_id} не найден.", "Не найдено")
    sha = d.docx_sha256 if fmt == "docx" else d.pdf_sha256
    number = f" № {d.number}" if d.number else f" (проект {d.id})"
    date = f" от {d.doc_date:%d.%m.%Y}" if d.doc_date else ""
    title = {"order": "Приказ", "directive": "Распоряжение", "protocol": "Протокол",
             "extract": "Выписка"}.get(d.register, "Документ")
    return download(sha, f"{title}{number}{date}.{fmt}", DOCX if fmt == "docx" else "application/pdf")
