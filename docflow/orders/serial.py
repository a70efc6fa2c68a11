"""Template contexts (dataclasses) to JSON and back, so a draft's context is stored and re-rendered.

Dates become ISO strings; reading back follows the dataclass field types (nested dataclasses,
lists, tuples, ``date | None``), so the final document is rendered from exactly what was drafted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin in (list, tuple):
        args = typing.get_args(tp)
        if origin is tuple and args and args[-1] is not Ellipsis:
            return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))
        return origin(_convert(args[0] if args else Any, v) for v in value)
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(tp):
        return from_json(tp, value)
    return value


def from_json(cls: type, data: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {f.name: _convert(hints[f.name], data[f.name]) for f in dataclasses.fields(cls)
              if f.init and f.name in data}
    return cls(**kwargs)
