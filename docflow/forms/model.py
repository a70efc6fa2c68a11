"""Plain data types shared by the reader, the safety gate and the validation (no heavy imports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Unmapped:
    """Something found in the document that could not be mapped onto a form field."""

    label: str
    value: str
    where: str  # "table" | "section" | "paragraph"


@dataclass
class FormRow:
    """One submission's form read into fields; the unit the validation suites check."""

    form_type: str | None
    form_version: int | None
    fields: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    detected_by: str | None = None  # "properties" | "given" | "title" | "headings" | None
    submission_id: str | None = None
    # How each section was found: {"key", "where" (Russian: «заголовок», «ячейка таблицы»…), "label", "text"}
    trace: list[dict] = field(default_factory=list)
    signer: str = ""  # the name on the signature line
    signed_on: str = ""  # the date by the signature, as written
    source: str = ""  # the file name, or «текст письма»

    def value(self, key: str) -> str:
        return self.fields.get(key, "") or ""

    def to_dict(self) -> dict:
        """JSON-serialisable (for XCom or a JSON column)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FormRow:
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["unmapped"] = [Unmapped(**u) for u in data.get("unmapped", [])]
        return cls(**data)


@dataclass(frozen=True)
class Refusal:
    """The file cannot be accepted; ``message_ru`` goes to the school as is."""

    code: str  # macro | corrupted | zip_bomb | too_large | encrypted | unsupported | conversion_failed
    message_ru: str
    detected_type: str | None = None


@dataclass(frozen=True)
class NeedsPerson:
    """Not an error: a scan or a PDF that a specialist has to read; ``message_ru`` for the school."""

    detected_type: str
    message_ru: str


@dataclass(frozen=True)
class Opened:
    """A DOCX that passed the safety gate (converted from .doc/.odt/.rtf when needed)."""

    data: bytes
    detected_type: str
    converted_from: str | None = None


@dataclass(frozen=True)
class SchoolRef:
    """The sender's entry in the school registry."""

    full_name: str
    short_name: str = ""
    director: str = ""


@dataclass
class ValidationContext:
    directions: list[str]
    academic_year: str | None = None  # «2025/2026» — the reporting cycle
    schools: dict[str, SchoolRef] = field(default_factory=dict)  # submission_id → registry entry


@dataclass(frozen=True)
class Finding:
    field: str  # field key; "form" for the document as a whole
    label: str  # printed label, as on the form
    problem: str  # Russian, e.g. «не заполнено»
    fix: str  # Russian, how to fix
    # "error" makes the submission incomplete; "warning" is advice to the school; "staff" is a note for
    # the committee's specialist only (never sent to the school)
    severity: str = "error"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(**data)
