"""Context vocabulary of the document templates and fictional sample contexts.

Every template receives the shared letterhead requisites (``committee``, ``head``, ``deputy``,
``operator``, ``council``) plus its own fields. Nested values are dataclasses, so a template
reads them as ``{{ head.name_short }}``; ``render()`` takes a context dataclass directly.
``REQUIRED`` names the keys the template must use: a template edited in Word that lost one of
them fails before rendering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

# --- shared requisites -------------------------------------------------------------------------


@dataclass(frozen=True)
class Committee:
    name_lines: list[str]  # letterhead, centred bold, one item per line
    name: str  # nominative, one line
    name_genitive: str  # «комитета по образованию администрации … округа»
    short_genitive: str  # «комитета по образованию» — «к распоряжению комитета по образованию»
    place: str  # «г. Северореченск»


@dataclass(frozen=True)
class Official:
    position: str  # «Председатель комитета по образованию»
    name_short: str  # «М.В. Соколова» (signature style)
    name: str = ""  # «Соколова М.В.» (protocol style)
    position_accusative: str = ""  # «заместителя председателя комитета по образованию»
    name_accusative: str = ""  # «Зимину Г.А.»


@dataclass(frozen=True)
class Operator:
    name: str  # full name of the methodological operator
    short_name: str  # «МБУ «ИМЦ»»
    head_position: str  # «директор»
    head_name: str  # «Белова Т.С.»


@dataclass(frozen=True)
class Council:
    name: str  # «муниципальный методический совет»
    name_genitive: str  # «муниципального методического совета»
    abbreviation: str  # «ММС»


@dataclass(frozen=True)
class School:
    name: str  # full nominative name
    name_dative: str  # «муниципальному бюджетному общеобразовательному учреждению …»
    short_name: str  # «МБОУ «СОШ № 7»»
    director: str = ""  # «Орлова Н.П.»


@dataclass(frozen=True)
class Site:
    school: School
    topic: str  # direction / programme theme
    term_from: dt.date | None = None
    term_to: dt.date | None = None


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    text: str  # what to submit: «в Комитет по образованию отчёт …»


@dataclass(frozen=True)
class Image:
    """A picture for a template placeholder; render() turns it into a docxtpl InlineImage."""

    data: bytes
    width_mm: float = 160


# --- per-template contexts ---------------------------------------------------------------------


@dataclass
class _Letterhead:
    committee: Committee
    head: Official
    deputy: Official
    operator: Operator
    council: Council


@dataclass
class OrderSiteStatusContext(_Letterhead):
    """order_site_status.docx — приказ о присвоении статуса МИП (seed 000)."""

    number: str = ""
    date: dt.date | None = None
    title: str = ""
    purpose: str = ""  # «В целях …», without the grounds
    protocol_number: str = ""
    protocol_date: dt.date | None = None
    academic_year: str = ""
    sites: list[Site] = field(default_factory=list)
    report_deadline: dt.date | None = None  # optional item «представить отчёт в срок до …»
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"committee", "head", "deputy", "operator", "number", "date", "title", "sites", "protocol_number"}
    )


@dataclass
class DirectiveInterimResultsContext(_Letterhead):
    """directive_interim_results.docx — распоряжение об итогах (seed 002), appendices 1–3."""

    number: str = ""
    date: dt.date | None = None
    title: str = ""
    basis: str = ""  # «В соответствии с Положением …»
    protocol_number: str = ""
    protocol_date: dt.date | None = None
    academic_year: str = ""
    approved: list[Site] = field(default_factory=list)  # appendix: interim results approved
    corrections: list[Site] = field(default_factory=list)  # appendix: corrected programme due
    correction_deadline: dt.date | None = None
    terms: list[Site] = field(default_factory=list)  # appendix: terms of the sites
    deadlines: list[Deadline] = field(default_factory=list)  # «в срок до … представить …»
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"committee", "head", "number", "date", "title", "approved", "corrections", "terms"}
    )


@dataclass(frozen=True)
class Votes:
    yes: int
    no: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class Decision:
    text: str
    subitems: list[str] = field(default_factory=list)
    number: int = 0  # its number in the protocol (an extract keeps it); 0: numbered by the template


@dataclass(frozen=True)
class AgendaItem:
    title: str
    speaker: str = ""  # «директор МБОУ «СОШ № 7» Орлова Наталья Петровна»
    heard: str = ""  # «Слушали: …» (protocol)
    summary: str = ""  # short content of the speech
    discussion: str = ""  # «Выступили: …»
    agenda_title: str = ""  # the title in «Повестка дня» where abbreviations are introduced («(далее – ММС)»)
    questions: str = ""  # empty → «нет»
    remarks: str = ""  # empty → «нет»
    votes: Votes | None = None
    decisions: list[Decision] = field(default_factory=list)
    council_members: list[str] = field(default_factory=list)  # item «Утверждение состава совета»


@dataclass
class ProtocolContext(_Letterhead):
    """protocol.docx — протокол заседания ММС (seed 000)."""

    number: str = ""
    date: dt.date | None = None
    chair: str = ""  # «Зимина Г.А.»
    secretary: str = ""
    present_count: int = 0
    attendees: list[str] = field(default_factory=list)  # optional list
    items: list[AgendaItem] = field(default_factory=list)
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"committee", "council", "number", "date", "chair", "secretary", "present_count", "items"}
    )


@dataclass
class ProtocolExtractContext(_Letterhead):
    """protocol_extract.docx — выписка из протокола for one school (seed 004)."""

    protocol_number: str = ""
    date: dt.date | None = None
    school: School | None = None
    attendees_summary: str = ""  # «члены ММС (9 человек), директора …»
    items: list[tuple[int, AgendaItem]] = field(default_factory=list)  # (number in agenda, item)
    chair: str = ""
    secretary: str = ""
    secretary_position: str = ""  # «Секретарь муниципального методического совета»
    extract_date: dt.date | None = None
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"committee", "council", "protocol_number", "date", "items", "secretary", "extract_date"}
    )


@dataclass
class AgendaContext(_Letterhead):
    """agenda.docx — повестка заседания."""

    date: dt.date | None = None
    time: str = ""  # «15:00»
    venue: str = ""
    items: list[AgendaItem] = field(default_factory=list)
    secretary: str = ""
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"committee", "council", "date", "time", "venue", "items"})


@dataclass(frozen=True)
class SiteMonitoring:
    school: School
    topic: str
    on_time: int
    late: int
    missing: int
    completeness: int  # percent of required sections present
    products: str  # methodological products
    dissemination: str  # events where the experience was presented


@dataclass
class MonitoringSummaryContext(_Letterhead):
    """monitoring_summary.docx — ежегодный мониторинг эффективности МИП."""

    academic_year: str = ""
    date: dt.date | None = None
    sites: list[SiteMonitoring] = field(default_factory=list)
    chart: Image | None = None
    conclusions: list[str] = field(default_factory=list)
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"committee", "operator", "academic_year", "date", "sites"}
    )


def sample_context(template_name: str):
    """A fictional sample context for a template file name (``order_site_status.docx``…)."""
    from docflow.documents import samples

    return samples.SAMPLES[template_name]()
