"""The demo's fiction, read from its data files (`data/*.json`).

Each file is checked against its JSON Schema (`schemas/<name>.schema.json`) as it is read, and a
file that does not fit is refused with a plain message naming the file, the place in it and what
is wrong. `build` turns the plain JSON into the typed shapes the builders use (`story.py`,
`network_stories.py`, `directory_words.py`, `directory_places.py`), reading each shape's type
hints, so no file needs code of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SCHEMAS = HERE / "schemas"


class DemoDataError(Exception):
    """A demo data file is missing, is not JSON, or does not fit its schema."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The data file `data/<name>.json`, checked against `schemas/<name>.schema.json`."""
    return read(DATA / f"{name}.json", schema=SCHEMAS / f"{name}.schema.json")


def read(path: Path, *, schema: Path) -> dict[str, Any]:
    content = _json(path)
    validator = Draft202012Validator(_json(schema))
    errors = sorted(validator.iter_errors(content), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "the top level"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise DemoDataError(f"Demo data {path.name}, at {where}: {first.message}{more}")
    return typing.cast(dict[str, Any], content)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"Demo data file {path.name} is missing ({path})") from error
    except json.JSONDecodeError as error:
        raise DemoDataError(f"Demo data {path.name} is not valid JSON: {error}") from error


def build(kind: Any, value: Any) -> Any:
    """`value` (plain JSON) as `kind`: a dataclass, tuple, dict, date or plain value."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{name: build(hints[name], item) for name, item in value.items()})
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return build(next(arg for arg in args if arg is not type(None)), value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple(build(args[0], item) for item in value)
    if origin is tuple:
        return tuple(build(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        return {key: build(args[1], item) for key, item in value.items()}
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value
