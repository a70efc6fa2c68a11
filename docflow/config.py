"""Committee settings: one YAML file, validated once, errors that name the field and the line.

The file holds what the committee decides (names, council, calendar, deadlines, formats).
Credentials never live here: mailboxes refer to Airflow connection ids, the database URL
comes from the environment (``DOCFLOW_DATABASE_URL``).
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SETTINGS = PROJECT_ROOT / "include" / "config" / "committee.example.yaml"
_ACADEMIC_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


class SettingsError(Exception):
    """A settings file that cannot be used; the message is for a person, in Russian."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Model):
    name: str = Field(min_length=3, description="Фамилия Имя Отчество")
    position: str
    name_short: str = Field(min_length=3, description="И.О. Фамилия for signatures")


class Committee(_Model):
    name_lines: list[str] = Field(min_length=1, description="letterhead, line by line")
    short_name: str
    place: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    timezone: str = "Europe/Moscow"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"неизвестный часовой пояс «{v}»") from exc
        return v

    @property
    def name(self) -> str:
        return " ".join(self.name_lines)


class Operator(_Model):
    name: str
    short_name: str
    head: Person
    email: str = ""


class CouncilMember(_Model):
    name: str
    position: str
    role: Literal["chair", "secretary", "member"] = "member"
    email: str = ""  # where the council's agenda is sent (optional)


class MeetingRule(_Model):
    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday"]
    nth: int = Field(ge=-1, le=4, description="1..4, or -1 for the last such weekday")
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1)
    time: str = "10:00"
    place: str = ""

    @field_validator("nth")
    @classmethod
    def _nth(cls, v: int) -> int:
        if v == 0:
            raise ValueError("номер недели: 1–4 или -1 (последняя)")
        return v

    @field_validator("time")
    @classmethod
    def _time(cls, v: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
            raise ValueError("время в формате ЧЧ:ММ")
        return v


class Quorum(_Model):
    min_share: float = Field(0.5, gt=0, le=1, description="quorum: more than this share of members")


class Council(_Model):
    name: str
    name_genitive: str = Field(description="«заседание …»: муниципального методического совета")
    short_name: str
    quorum: Quorum = Quorum()
    meeting_rule: MeetingRule
    agenda_lead_working_days: int = Field(5, ge=1, le=30)
    members: dict[str, list[CouncilMember]] = Field(description="academic year '2026/2027' → members")

    @field_validator("members")
    @classmethod
    def _members(cls, v: dict[str, list[CouncilMember]]) -> dict[str, list[CouncilMember]]:
        for year, members in v.items():
            m = _ACADEMIC_YEAR.match(year)
            if not m or int(m.group(2)) != int(m.group(1)) + 1:
                raise ValueError(f"учебный год «{year}» записывается как 2026/2027")
            roles = [x.role for x in members]
            if roles.count("chair") != 1 or roles.count("secretary") != 1:
                raise ValueError(f"в составе на {year} должны быть ровно один председатель и один секретарь")
        return v

    def members_for(self, academic_year: str) -> list[CouncilMember]:
        if academic_year not in self.members:
            raise SettingsError(f"Состав совета на {academic_year} учебный год не указан в настройках")
        return self.members[academic_year]


class Site(_Model):
    term_years: int = Field(3, ge=1, le=10)
    directions: list[str] = Field(min_length=1)


class MonthDay(_Model):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _valid(self) -> MonthDay:
        try:
            date(2024, self.month, self.day)  # leap year accepts 29.02
        except ValueError as exc:
            raise ValueError(f"нет такой даты: {self.day:02d}.{self.month:02d}") from exc
        return self


class Reporting(_Model):
    call: MonthDay
    deadline: MonthDay
    reminders_working_days: list[int] = [14, 3]
    escalate_to: list[str] = Field(default_factory=list, description="staff addresses for escalations")
    final_report_notice_months: int = Field(3, ge=0, le=12)
    resubmit_working_days: int = Field(10, ge=1, le=60)
    revision_working_days: int = Field(20, ge=1, le=120)


class Mailbox(_Model):
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    address: str
    imap_conn_id: str = "docflow_imap"
    smtp_conn_id: str = "docflow_smtp"
    folder: str = "INBOX"
    processed_folder: str = "docflow/processed"
    quarantine_folder: str = "docflow/quarantine"


class Limits(_Model):
    max_message_mb: float = Field(25, gt=0)
    max_attachments: int = Field(20, ge=1)
    max_unpacked_mb: float = Field(100, gt=0)


class Trust(_Model):
    """Whose word on the sender counts: only the committee's own receiving server(s)."""
    authserv_ids: list[str] = Field(default_factory=list)
    policy: Literal["dmarc", "dkim_aligned"] = "dmarc"
    unauthenticated: Literal["register", "quarantine"] = "register"

    @field_validator("authserv_ids")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        ids = [x.strip().lower() for x in v]
        for x in ids:
            if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", x):
                raise ValueError(f"«{x}» не является именем почтового сервера (authserv-id), "
                                 "например mx.komitet.example.ru")
        return ids


class AckRateLimit(_Model):
    max_per_address: int = Field(10, ge=1)
    hours: float = Field(1, gt=0, le=168)


class Intake(_Model):
    poll_minutes: int = Field(5, ge=1, le=1440)
    batch_size: int = Field(50, ge=1, le=1000)
    limits: Limits = Limits()
    trust: Trust = Trust()
    max_attempts: int = Field(3, ge=1, le=20)
    ack_rate_limit: AckRateLimit = AckRateLimit()


_FORMAT_FIELDS = {"year", "seq"}


class Numbering(_Model):
    incoming: str = "Вх-{year}-{seq:05d}"
    outgoing: str = "Исх-{year}-{seq:05d}"
    order: str = "{seq}"
    directive: str = "{seq}-р"
    protocol: str = "{seq}"

    @field_validator("*")
    @classmethod
    def _fmt(cls, v: str) -> str:
        try:
            v.format(year=2026, seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"формат номера «{v}»: допустимы только {{year}} и {{seq}}") from exc
        if "{seq" not in v:
            raise ValueError(f"формат номера «{v}» должен содержать {{seq}}")
        return v

    def format(self, register: str, year: int, seq: int) -> str:
        return getattr(self, register).format(year=year, seq=seq)


class Distribution(_Model):
    copies: list[str] = Field(default_factory=list, description="addresses copied on every order")


class Documents(_Model):
    academic_year_separator: Literal["/", "-", "–"] = Field(
        "/", description="one notation of the academic year in every document: «2025/2026» or «2025-2026»")


class Alerts(_Model):
    to: list[str] = Field(default_factory=list,
                          description="staff told when a docflow task fails for good (default: reporting.escalate_to)")


class Settings(_Model):
    committee: Committee
    head: Person
    deputy: Person
    operator: Operator
    council: Council
    site: Site
    reporting: Reporting
    mailboxes: list[Mailbox] = Field(min_length=1)
    intake: Intake = Intake()
    numbering: Numbering = Numbering()
    distribution: Distribution = Distribution()
    alerts: Alerts = Alerts()
    documents: Documents = Documents()
    forms: str = Field("../forms/municipal.yaml",
                       description="the committee's forms file, relative to this settings file")
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("mailboxes")
    @classmethod
    def _unique(cls, v: list[Mailbox]) -> list[Mailbox]:
        names = [m.name for m in v]
        if len(set(names)) != len(names):
            raise ValueError("имена почтовых ящиков повторяются")
        return v

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.committee.timezone)

    @property
    def forms_path(self) -> Path:
        """The forms file: relative to this settings file, else to the shipped example settings (a
        settings file copied elsewhere keeps the committee's forms shipped in include/forms/)."""
        p = Path(self.forms)
        if p.is_absolute():
            return p
        bases = [self._source.parent] if self._source else []
        candidates = [(b / p).resolve() for b in [*bases, EXAMPLE_SETTINGS.parent]]
        return next((c for c in candidates if c.exists()), candidates[0])

    def mailbox(self, name: str) -> Mailbox:
        for m in self.mailboxes:
            if m.name == name:
                return m
        raise SettingsError(f"Почтовый ящик «{name}» не описан в настройках")


# --- loading with line numbers -------------------------------------------------------------

def _line_index(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path in the YAML document to its 1-based line."""
    out: dict[tuple, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[(*path, key)] = k.start_mark.line + 1
            out.update({p: ln for p, ln in _line_index(v, (*path, key)).items() if p != (*path, key)})
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out.update(_line_index(v, (*path, i)))
    return out


_MESSAGES = {
    "missing": "обязательное поле не заполнено",
    "extra_forbidden": "неизвестное поле (проверьте написание)",
    "string_type": "ожидается строка",
    "int_parsing": "ожидается целое число",
    "int_type": "ожидается целое число",
    "float_parsing": "ожидается число",
    "list_type": "ожидается список",
    "dict_type": "ожидается набор полей",
    "model_type": "ожидается набор полей",
    "literal_error": "недопустимое значение",
    "too_short": "список не может быть пустым",
    "string_too_short": "слишком короткое значение",
    "string_pattern_mismatch": "допустимы строчные латинские буквы, цифры, «-» и «_»",
    "greater_than_equal": "значение меньше допустимого",
    "less_than_equal": "значение больше допустимого",
    "greater_than": "значение меньше допустимого",
}


def _describe(err: dict[str, Any]) -> str:
    if err["type"] == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    base = _MESSAGES.get(err["type"], err["msg"])
    if err["type"] == "literal_error":
        base += f" (допустимо: {err.get('ctx', {}).get('expected', '')})"
    return base


def validate_yaml(model: type[BaseModel], text: str, source: str, what: str = "настроек") -> Any:
    """Parse YAML and validate it with ``model``; every problem names the field and its line."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", строка {mark.line + 1}" if mark else ""
        raise SettingsError(f"{source}{where}: файл {what} не является корректным YAML "
                            f"({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict) or node is None:
        raise SettingsError(f"{source}: файл {what} пуст или не является набором полей")
    lines = _line_index(node)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = next((lines[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in lines), None)
            field = ".".join(str(p) for p in loc) or "(корень)"
            problems.append(f"{source}, строка {line}: поле «{field}» — {_describe(err)}")
        raise SettingsError(f"Ошибки в файле {what}:\n" + "\n".join(problems)) from None


def parse_settings(text: str, source: str = "<settings>") -> Settings:
    return validate_yaml(Settings, text, source)


def settings_path() -> Path:
    return Path(os.environ.get("DOCFLOW_SETTINGS") or EXAMPLE_SETTINGS)


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    p = Path(path) if path else settings_path()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"Не удаётся прочитать файл настроек {p}: {exc.strerror}") from None
    s = parse_settings(text, str(p))
    s._source = p.resolve()
    return s


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Settings:
    return load_settings(path)


def get_settings() -> Settings:
    """Settings from DOCFLOW_SETTINGS (or the example), re-read when the file changes."""
    p = settings_path()
    return _cached(str(p), p.stat().st_mtime if p.exists() else 0.0)


def data_dir() -> Path:
    """Where the store, the mail archive and generated documents live (one folder)."""
    d = Path(os.environ.get("DOCFLOW_DATA_DIR") or PROJECT_ROOT / "data")
    d.mkdir(parents=True, exist_ok=True)
    return d
