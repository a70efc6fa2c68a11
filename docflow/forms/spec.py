"""The committee's forms: what each document type must contain, read from its YAML file.

The file (``include/forms/*.yaml``, named by ``forms:`` in the settings) is the single source of
truth: the reader maps documents onto its sections, the validation suites are generated from it, and
so are the blank DOCX forms. ``load_forms(path)`` validates it and names the line of any mistake.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from docflow.config import SettingsError, validate_yaml

Kind = Literal[
    "text", "date", "period", "academic_year", "table", "direction", "email", "phone", "contacts", "signature"
]
# Where a workflow step needs a known document type, the committee's types say which one they act as.
WORKFLOW_TYPES = ("application", "interim_report", "final_report", "corrected_programme")
_KEY = r"^[a-z][a-z0-9_]*$"
# Registry facts a form may repeat: compared with the sender's registry entry, never demanded.
RegistryFact = Literal["full_name", "short_name", "director"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Model):
    key: str = Field(pattern=_KEY)
    label: str = Field(min_length=2)
    synonyms: list[str] = Field(default_factory=list)
    kind: Literal["text", "date", "period"] = "text"
    required: bool = False  # a table row without it is an advisory finding


class Section(_Model):
    key: str = Field(pattern=_KEY)
    label: str = Field(min_length=2, description="printed on the blank form and quoted in notices")
    synonyms: list[str] = Field(default_factory=list, description="other wordings schools use")
    kind: Kind = "text"
    required: bool = True
    registry: RegistryFact | None = None
    hint: str = Field("", description="what the school reads when the section is missing")
    instruction: str = Field("", description="printed in italics under the heading of the blank form")
    columns: list[Column] = Field(default_factory=list)
    layout: Literal["cell", "heading"] | None = None  # on the blank form; default by kind

    @model_validator(mode="after")
    def _consistent(self) -> Section:
        if self.kind == "table" and not self.columns:
            raise ValueError(f"у раздела «{self.key}» вида table должны быть перечислены графы (columns)")
        if self.columns and self.kind != "table":
            raise ValueError(f"графы (columns) допустимы только у раздела вида table («{self.key}»)")
        if self.registry and self.required:
            raise ValueError(
                f"раздел «{self.key}» известен из реестра (registry): он не может быть обязательным "
                "для школы — укажите required: false"
            )
        return self

    @property
    def names(self) -> list[str]:
        return [self.label, *self.synonyms]

    @property
    def on_blank(self) -> str:
        if self.layout:
            return self.layout
        return "heading" if self.kind in ("text", "table") and not self.registry else "cell"

    @property
    def severity(self) -> str:
        return "error" if self.required else "warning"


class Form(_Model):
    title: str = Field(min_length=3, description="the first line of the blank form")
    subtitle: str = ""
    name: str = Field(min_length=3, description="how letters name the document, lower case")
    annex: str = ""
    acts_as: str | None = Field(None, description="the workflow type a committee-added type follows")
    recognise: list[str] = Field(min_length=1, description="title phrases that identify the type")
    distinguish: list[str] = Field(default_factory=list,
                                   description="words that alone decide the type when the title holds them")
    instructions: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)

    @field_validator("sections")
    @classmethod
    def _unique(cls, v: list[Section]) -> list[Section]:
        keys = [s.key for s in v]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise ValueError(f"ключи разделов повторяются: {', '.join(dup)}")
        return v

    @field_validator("acts_as")
    @classmethod
    def _acts_as(cls, v: str | None) -> str | None:
        if v is not None and v not in WORKFLOW_TYPES:
            raise ValueError(f"acts_as: допустимо {', '.join(WORKFLOW_TYPES)}")
        return v


class FormsFile(_Model):
    version: int = Field(1, ge=1)
    forms: dict[str, Form] = Field(min_length=1)

    @field_validator("forms")
    @classmethod
    def _types(cls, v: dict[str, Form]) -> dict[str, Form]:
        for key, form in v.items():
            if not re.match(_KEY, key):
                raise ValueError(f"тип документа «{key}»: строчные латинские буквы, цифры и «_»")
            if key not in WORKFLOW_TYPES and form.acts_as is None:
                raise ValueError(f"тип «{key}» добавлен комитетом: укажите, как с ним работать (acts_as)")
        return v


class FormDef:
    """One document type of the committee's file, with what the reader and the checks need."""

    def __init__(self, type_: str, form: Form, version: int):
        self.type, self.spec, self.version = type_, form, version
        self.title, self.subtitle, self.name, self.annex = form.title, form.subtitle, form.name, form.annex
        self.sections: dict[str, Section] = {s.key: s for s in form.sections}

    @property
    def workflow_type(self) -> str:
        return self.spec.acts_as or self.type

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.subtitle}".strip()

    def __repr__(self) -> str:
        return f"FormDef({self.type!r}, {len(self.sections)} sections)"


class Forms:
    """All document types of a committee; ``forms[type]``, iteration in the file's order."""

    def __init__(self, data: FormsFile, source: str):
        self.source, self.version = source, data.version
        self.types: dict[str, FormDef] = {k: FormDef(k, f, data.version) for k, f in data.forms.items()}

    def __getitem__(self, key: str) -> FormDef:
        return self.types[key]

    def __contains__(self, key: object) -> bool:
        return key in self.types

    def __iter__(self):
        return iter(self.types.values())

    def get(self, key: str | None) -> FormDef | None:
        return self.types.get(key or "")

    def name_ru(self, key: str | None) -> str:
        f = self.get(key)
        return f.name if f else "документ"


def parse_forms(text: str, source: str = "<forms>") -> Forms:
    return Forms(validate_yaml(FormsFile, text, source, "форм"), source)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Forms:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"Не удаётся прочитать файл форм {p}: {exc.strerror}") from None
    return parse_forms(text, str(p))


def load_forms(path: str | Path) -> Forms:
    """The forms file, parsed once while it is unchanged."""
    p = Path(path)
    return _load(str(p), p.stat().st_mtime if p.exists() else 0.0)


def forms_of(settings) -> Forms:
    return load_forms(settings.forms_path)


def committee_forms() -> Forms:
    """The forms of the current settings (DOCFLOW_SETTINGS or the example)."""
    from docflow.config import get_settings

    return forms_of(get_settings())
