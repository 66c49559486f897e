"""Check JSON against the official HSDS 3.0 schemas in ../shared (skipped when they are absent).

    validate(instance, "compiled/service.json")         a schema file, by its path in the folder
    validate_response(body, "/services")                 the openapi.json 200 response for a path
    check_shape(instance, "compiled/service.json")       schema + no key the schema lacks + dates

Every schema file is registered (with `referencing`) under its bare name, its path and the
raw.githubusercontent.com address openapi.json uses, so `$ref`s like `taxonomy_term.json` or
`https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/service.json`
resolve to the local files. jsonschema checks `uri` and `date-time` only with extra packages we do
not install, so this module adds its own strict checkers for them.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from connecting_people.directory.hsds.schemas import OFFICIAL_BASE, OFFICIAL_OPENAPI, schema_dir

SKIP_REASON = (
    "The official HSDS 3.0 schemas are not here (expected ../shared/hsds/schema/hsds-3.0 "
    "beside the repository; CI has them)."
)

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{2}:\d{2}:\d{2}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def folder() -> Path:
    """The schema folder, or skip the test with a reason (fail on CI, which always has it)."""
    found = schema_dir()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SKIP_REASON} CI=true, so this is a failure, not a skip.")
        pytest.skip(SKIP_REASON)
    return found


@functools.cache
def load(relative: str) -> dict[str, Any]:
    return json.loads((folder() / relative).read_text(encoding="utf-8"))


def _resource(relative: str) -> Resource:
    return Resource.from_contents(load(relative), default_specification=DRAFT202012)


def _retrieve(uri: str) -> Resource:
    """Any address ending in a schema's name: its path after /schema/, or its bare name."""
    path = urlsplit(uri).path
    relative = path.split("/schema/", 1)[1] if "/schema/" in path else path.lstrip("/")
    candidates = [relative, Path(relative).name, f"compiled/{Path(relative).name}"]
    for candidate in candidates:
        if (folder() / candidate).is_file():
            return _resource(candidate)
    raise LookupError(f"No schema file for {uri}")


@functools.cache
def registry() -> Registry:
    return Registry(retrieve=_retrieve)  # type: ignore[call-arg]


@functools.cache
def format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    return checker


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


def _address(relative: str) -> str:
    return OFFICIAL_BASE + relative


def validate(instance: Any, relative: str) -> None:
    """Fail with every error when `instance` does not match the schema file `relative`."""
    _raise_all(_validator({"$ref": _address(relative)}), instance, relative)


def validate_response(body: Any, path: str) -> None:
    """Fail unless `body` matches the official 200 response of GET `path` in openapi.json."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    ref = f"{OFFICIAL_OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    _raise_all(_validator({"$ref": ref}), body, f"GET {path}")
    if "contents" in body:
        assert set(body) == PAGE_KEYS, f"a page has exactly the Page keys, not {sorted(body)}"


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def validate_page(body: Any, item_schema: dict[str, Any]) -> None:
    """A Page (openapi.json's schema) whose contents match `item_schema` (an inline schema)."""
    schema = {
        "allOf": [{"$ref": f"{OFFICIAL_OPENAPI}#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": item_schema}},
        "required": sorted(PAGE_KEYS),
    }
    _raise_all(_validator(schema), body, "Page")


def _raise_all(validator: Draft202012Validator, instance: Any, name: str) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [
            f"  at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"[:400]
            for e in errors[:20]
        ]
        raise AssertionError(f"Not valid against {name}:\n" + "\n".join(lines))


def check_shape(instance: Any, relative: str) -> None:
    """Valid against the schema file, every key one the schema names, dates and times exact."""
    validate(instance, relative)
    schema = load(relative)
    problems: list[str] = []
    _walk(instance, schema, "", problems)
    assert not problems, "\n".join(problems[:20])


def _walk(instance: Any, schema: dict[str, Any], where: str, problems: list[str]) -> None:
    if "$ref" in schema and "properties" not in schema:
        schema = load(Path(schema["$ref"]).name)
    if isinstance(instance, list):
        for n, item in enumerate(instance):
            _walk(item, schema.get("items", {}), f"{where}[{n}]", problems)
        return
    if not isinstance(instance, dict):
        _check_value(instance, schema, where, problems)
        return
    properties = schema.get("properties", {})
    for key, value in instance.items():
        if key not in properties:
            problems.append(f"{where}/{key}: not a field of this HSDS object")
            continue
        _walk(value, properties[key], f"{where}/{key}", problems)


def _check_value(value: Any, schema: dict[str, Any], where: str, problems: list[str]) -> None:
    kind = schema.get("datapackage_type")
    patterns = {"date": DATE, "time": TIME, "datetime": RFC3339}
    if kind in patterns and not patterns[kind].match(str(value)):
        problems.append(f"{where}: {value!r} is not an HSDS {kind}")
    if value == "" and (schema.get("format") in ("email", "uri", "uuid")):
        problems.append(f"{where}: empty {schema['format']}")
    if isinstance(value, float) and value.is_integer():
        problems.append(f"{where}: {value!r} should be written as a whole number")
