"""The JSON Schema for instrument definitions, and reading definition files.

`schema_problems(data)` reports every way the data breaks the schema, each with its JSON path and
a plain-English message (the schema's own messages name Python types). Nothing here needs Django.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
SCHEMA_PATH = DEFINITIONS_DIR / "instrument.schema.json"

PathPart = str | int


@dataclass(frozen=True, order=True)
class DefinitionProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidDefinition(ValueError):
    def __init__(self, problems: list[DefinitionProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def json_path(parts: Iterable[PathPart]) -> str:
    """`$.items[2].options[0].value` for ("items", 2, "options", 0, "value")."""
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}"
        else:
            text += f"[{json.dumps(part)}]"
    return text


def shipped_paths() -> list[Path]:
    """The definitions that ship with the app."""
    return sorted(p for p in DEFINITIONS_DIR.glob("*.json") if p != SCHEMA_PATH)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_definition(path: Path) -> Any:
    """The JSON in the file, or InvalidDefinition saying why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidDefinition([DefinitionProblem("$", f"cannot be read: {error}")]) from error
    try:
        return json.loads(text, parse_constant=_no_constants)
    except ValueError as error:
        raise InvalidDefinition([DefinitionProblem("$", f"is not valid JSON: {error}")]) from error


# The schema -------------------------------------------------------------------------------------


def _is_integer(checker: Any, instance: Any) -> bool:
    # JSON Schema counts 2.0 as an integer; answers are compared exactly, so we do not.
    return isinstance(instance, int) and not isinstance(instance, bool)


def _is_number(checker: Any, instance: Any) -> bool:
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return False
    return not isinstance(instance, float) or math.isfinite(instance)


_TYPES = Draft202012Validator.TYPE_CHECKER.redefine_many(
    {"integer": _is_integer, "number": _is_number}
)
_Validator = validators.extend(Draft202012Validator, type_checker=_TYPES)

TYPE_NAMES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@cache
def schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = json.load(f)
    return loaded


@cache
def _validator() -> Any:
    return _Validator(schema())


def _schema_messages(error: ValidationError) -> list[tuple[list[PathPart], str]]:
    at = list(error.absolute_path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        return [([*at, name], "is required") for name in expected if name not in instance]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            ([*at, name], "is not part of the format (check the spelling)")
            for name in instance
            if name not in known
        ]
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return [(at, "must be " + " or ".join(TYPE_NAMES.get(n, n) for n in names))]
    choices = expected if isinstance(expected, list) else []
    messages: dict[str, str] = {
        "enum": "must be one of: " + ", ".join(json.dumps(v) for v in choices),
        "const": f"must be {json.dumps(expected)}",
        "minimum": f"must be at least {expected}",
        "maximum": f"must be at most {expected}",
        "minLength": "must not be empty"
        if expected == 1
        else f"needs {expected} characters or more",
        "maxLength": f"must be {expected} characters or fewer",
        "minItems": f"must have at least {expected} entr{'y' if expected == 1 else 'ies'}",
        "maxItems": f"must have at most {expected} entries",
        "uniqueItems": "must not repeat an entry",
        "pattern": error.schema.get("x-pattern-message", f"must match {expected}"),
    }
    return [(at, messages.get(str(kind)) or error.message)]


def schema_problems(data: Any) -> list[DefinitionProblem]:
    """Every way the data breaks the JSON Schema, one problem per path and message."""
    found = set()
    for error in _validator().iter_errors(data):
        for parts, message in _schema_messages(error):
            found.add(DefinitionProblem(json_path(parts), message))
    return sorted(found)
