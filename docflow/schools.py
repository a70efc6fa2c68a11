"""The school registry: import from CSV or XLSX, idempotent, bad rows reported by number."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.store.models import School, SchoolAddress

# Column headers as staff write them → field. Compared after lower-casing and squeezing spaces.
HEADERS = {
    "code": ("код", "код оо", "инн", "code"),
    "full_name": ("полное наименование", "наименование", "full_name", "full name"),
    "short_name": ("краткое наименование", "сокращённое наименование", "сокращенное наименование",
                   "short_name", "short name"),
    "director": ("директор", "руководитель", "фио директора", "director"),
    "emails": ("адреса", "адрес электронной почты", "e-mail", "email", "электронная почта", "emails"),
    "municipality": ("муниципалитет", "муниципальное образование", "municipality"),
}
REQUIRED = ("code", "full_name", "short_name", "emails")
LABELS = {"code": "код", "full_name": "полное наименование", "short_name": "краткое наименование",
          "emails": "адреса"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [{"row": r, "error": e} for r, e in self.errors]}


class RegistryFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header)."""


def _norm(s: object) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip()


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise RegistryFileError(f"Не удаётся открыть книгу Excel {path.name}: {exc}") from None
        ws = wb.worksheets[0]
        rows = [[_norm(c) for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "cp1251"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1251 decodes any byte string
            raise RegistryFileError(f"{path.name}: неизвестная кодировка")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        return [[_norm(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise RegistryFileError(f"Формат файла {path.name} не поддерживается: нужен CSV или XLSX")


def _map_header(header: list[str]) -> dict[str, int]:
    lookup = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for i, h in enumerate(header):
        key = lookup.get(h.lower())
        if key and key not in mapping:
            mapping[key] = i
    missing = [LABELS[k] for k in REQUIRED if k not in mapping]
    if missing:
        raise RegistryFileError("В первой строке нет обязательных столбцов: " + ", ".join(missing))
    return mapping


def _emails(cell: str) -> list[str]:
    out = []
    for part in re.split(r"[,;\s]+", cell):
        if not part:
            continue
        try:
            out.append(validate_email(part, check_deliverability=False).normalized.lower())
        except EmailNotValidError:
            raise ValueError(f"некорректный адрес электронной почты «{part}»") from None
    if not out:
        raise ValueError("не указан ни один адрес электронной почты")
    return out


def import_registry(session: Session, path: str | Path) -> ImportReport:
    """Create or update schools from ``path``; each row in its own savepoint."""
    path = Path(path)
    rows = _read_rows(path)
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise RegistryFileError(f"{path.name}: файл пуст")
    mapping = _map_header(rows[0])
    report = ImportReport()
    for rowno, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        values = {k: (row[i] if i < len(row) else "") for k, i in mapping.items()}
        try:
            for k in REQUIRED:
                if not values.get(k):
                    raise ValueError(f"не заполнен столбец «{LABELS[k]}»")
            emails = _emails(values["emails"])
            with session.begin_nested():
                outcome = _upsert(session, values, emails)
            setattr(report, outcome, getattr(report, outcome) + 1)
        except ValueError as exc:
            report.errors.append((rowno, str(exc)))
    return report


def _upsert(session: Session, v: dict[str, str], emails: list[str]) -> str:
    school = session.scalar(select(School).where(School.code == v["code"]))
    taken = session.scalars(select(SchoolAddress).where(SchoolAddress.email.in_(emails))).all()
    for addr in taken:
        if school is None or addr.school_id != school.id:
            raise ValueError(f"адрес {addr.email} уже закреплён за другой организацией "
                             f"({addr.school.short_name})")
    fields = {k: v.get(k, "") for k in ("full_name", "short_name", "director", "municipality")}
    if school is None:
        school = School(code=v["code"], **fields)
        school.addresses = [SchoolAddress(email=e, is_primary=(i == 0)) for i, e in enumerate(emails)]
        session.add(school)
        session.flush()
        return "created"
    changed = False
    for k, val in fields.items():
        if getattr(school, k) != val:
            setattr(school, k, val)
            changed = True
    current = [a.email for a in school.addresses]
    if current != emails:
        # Addresses not in the file are kept out of the registry from now on: the file is the truth.
        school.addresses = [next((a for a in school.addresses if a.email == e), None)
                            or SchoolAddress(email=e) for e in emails]
        for i, a in enumerate(school.addresses):
            a.is_primary = i == 0
        changed = True
    school.active = True
    session.flush()
    return "updated" if changed else "unchanged"


def school_by_address(session: Session, email: str) -> School | None:
    return session.scalar(select(School).join(SchoolAddress)
                          .where(SchoolAddress.email == email.strip().lower(), School.active.is_(True)))
