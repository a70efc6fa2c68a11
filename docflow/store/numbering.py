"""Gapless register numbers: one sequence per register per year, safe under concurrent runs.

The counter row is incremented with ``UPDATE … RETURNING`` inside the caller's transaction:
PostgreSQL holds the row lock until commit (a concurrent run waits, then sees the new value);
SQLite serialises writers. A rolled-back transaction rolls its number back: no gaps.
"""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from docflow.store.models import RegisterCounter


def insert_ignore(session: Session, model, **values) -> None:
    """INSERT that does nothing when the row already exists (a concurrent run may create it too)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - other databases are not supported
        raise NotImplementedError(dialect)
    session.execute(dialect_insert(model).values(**values).on_conflict_do_nothing())


def _ensure_counter(session: Session, register: str, year: int) -> None:
    insert_ignore(session, RegisterCounter, register=register, year=year, last_value=0)


_C = RegisterCounter.__table__
_TAKE = (update(_C).where(_C.c.register == bindparam("reg"), _C.c.year == bindparam("reg_year"))
         .values(last_value=_C.c.last_value + 1).returning(_C.c.last_value))


def next_seq(session: Session, register: str, year: int) -> int:
    """Take the next number of ``register`` for ``year`` within the caller's transaction."""
    params = {"reg": register, "reg_year": year}
    value = session.execute(_TAKE, params).scalar_one_or_none()
    if value is None:  # the first number of the year: create the counter (race-safe), then take it
        _ensure_counter(session, register, year)
        value = session.execute(_TAKE, params).scalar_one()
    return int(value)
