"""The letterhead and the school requisites of orders, built from the committee's settings.

An adapter between ``docflow.config.Settings`` / store rows and the template context dataclasses of
``docflow.documents.contexts`` (the documents area owns the vocabulary; this module fills it).
"""

from __future__ import annotations

from typing import Any

from docflow.config import Settings
from docflow.documents import contexts as c
from docflow.orders import russian
from docflow.store.models import School


def committee(settings: Settings) -> c.Committee:
    cm = settings.committee
    return c.Committee(
        name_lines=list(cm.name_lines),
        name=cm.name,
        name_genitive=russian.genitive(cm.name),
        short_genitive=russian.genitive(cm.short_name),
        place=cm.place,
    )


def head(settings: Settings) -> c.Official:
    h = settings.head
    return c.Official(position=h.position, name_short=h.name_short, name=russian.surname_initials(h.name))


def deputy(settings: Settings) -> c.Official:
    d = settings.deputy
    return c.Official(
        position=d.position, name_short=d.name_short, name=russian.surname_initials(d.name),
        position_accusative=russian.position_accusative(d.position),
        name_accusative=russian.surname_initials_accusative(d.name),
    )


def operator(settings: Settings) -> c.Operator:
    op = settings.operator
    position = op.head.position
    # «Заведующий МБУ «ИМЦ»» → «заведующий»: the organisation is already named before the brackets
    if op.short_name and op.short_name in position:
        position = position.split(op.short_name)[0].strip()
    return c.Operator(name=op.name, short_name=op.short_name, head_position=position[:1].lower() + position[1:],
                      head_name=russian.surname_initials(op.head.name))


def council(settings: Settings) -> c.Council:
    cn = settings.council
    return c.Council(name=cn.name, name_genitive=russian.genitive(cn.name), abbreviation=cn.short_name)


def letterhead(settings: Settings) -> dict[str, Any]:
    return {"committee": committee(settings), "head": head(settings), "deputy": deputy(settings),
            "operator": operator(settings), "council": council(settings)}


def school(row: School) -> c.School:
    return c.School(name=row.full_name, name_dative=russian.dative(row.full_name), short_name=row.short_name,
                    director=russian.surname_initials(row.director) if row.director else "")
