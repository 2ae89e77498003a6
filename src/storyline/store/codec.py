"""Records to JSON and back, so the store keeps whole records without a column per field."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from typing import Any, TypeVar

from storyline import model
from storyline.present.jsonout import to_plain

T = TypeVar("T")

RECORDS: dict[str, type] = {
    "entities": model.EntityMention,
    "times": model.TimeMention,
    "quantities": model.Quantity,
    "quotes": model.Quote,
    "events": model.Event,
}


def encode(record: Any) -> str:
    return json.dumps(to_plain(record), ensure_ascii=False, sort_keys=True)


def decode(kind: str, data: str) -> Any:
    return from_plain(RECORDS[kind], json.loads(data))


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(cls: type[T], value: dict[str, Any]) -> T:
    """Rebuild a dataclass from ``to_plain`` output (nested Spans and tuples included).

    Unknown keys are ignored so an older reader survives a newer record.
    """
    hints = _hints(cls)  # type: ignore[arg-type]  # classes are hashable; typeshed types type[T] otherwise
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in value:
            kwargs[f.name] = _coerce(hints[f.name], value[f.name])
    return cls(**kwargs)


def _coerce(tp: Any, v: Any) -> Any:
    if v is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _coerce(args[0], v) if len(args) == 1 else v
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp) or (Any,)
        return tuple(_coerce(inner, x) for x in v)
    if dataclasses.is_dataclass(tp) and isinstance(v, dict):
        return from_plain(tp, v)  # type: ignore[arg-type]
    return v
