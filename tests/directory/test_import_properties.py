"""Property tests for the HSDS import: whatever a file holds, never a crash and never half of it.

Valid documents (our own example files) are mutated: wrong types, missing ids, broken links,
an id reused for different details, huge strings, odd numbers, cut-short JSON, random bytes,
other encodings, and changed CSV cells. Each import must either succeed and hold every record of
the file, or fail and leave every directory table exactly as it was.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connecting_people.directory.hsds.importer import import_path, reading_json
from connecting_people.directory.hsds.importer.kinds import KINDS

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
PROPERTY = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_files = iter(range(10**9))

ODD_TEXT = st.sampled_from(["\x00", "\ud800", "", " ", "null", "1e999", "NaN", "2025-02-30"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.just(10**400)
    | st.floats()
    | st.text(max_size=12)
    | ODD_TEXT
    | st.integers(min_value=250, max_value=20_000).map(lambda n: "x" * n)
    | st.uuids().map(str)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def documents() -> list[Any]:
    return [
        json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        for name in ("services_page.json", "organization.json")
    ]


def counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("directory").get_models()
    }


def places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, the document's own fields included."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((value, key))
            found += places(inner)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.append((value, index))
            found += places(inner)
    return found


def records(value: Any, kind: str) -> list[tuple[str, str]]:
    """(kind, id) of every record the file holds where the importer reads records."""
    if not isinstance(value, dict):
        return []
    found = [(kind, value["id"])] if isinstance(value.get("id"), str) else []
    for key, spec in KINDS[kind].nested.items():
        inner = value.get(key)
        for item in inner if isinstance(inner, list) else [inner]:
            found += records(item, spec.kind)
    return found


def all_records(document: Any) -> list[tuple[str, str]]:
    if isinstance(document, dict) and "contents" in document:
        return [r for item in document["contents"] for r in records(item, "service")]
    return records(document, "organization")


def holds_everything(document: Any) -> bool:
    for kind, record_id in all_records(document):
        if not KINDS[kind].model._default_manager.filter(pk=uuid.UUID(record_id)).exists():
            return False
    return True


def import_bytes(folder: Path, content: bytes) -> tuple[Any, dict[str, int], dict[str, int]]:
    path = folder / f"mutated-{next(_files)}.json"
    path.write_bytes(content)
    before = counts()
    report = import_path(path)  # must not raise, whatever the file holds
    return report, before, counts()


def check_all_or_nothing(report: Any, before: dict, after: dict, document: Any | None) -> None:
    if report.ok:
        assert document is not None
        assert holds_everything(document), report.lines()
    else:
        assert after == before, report.lines()
        assert report.errors
        assert all(str(problem) for problem in report.errors)


@PROPERTY
@given(data=st.data())
def test_a_changed_value_imports_everything_or_nothing(tmp_path, data):
    document = copy.deepcopy(data.draw(st.sampled_from(documents())))
    for _change in range(data.draw(st.integers(1, 3))):
        container, key = data.draw(st.sampled_from(places(document)))
        container[key] = data.draw(JSON_VALUES)

    report, before, after = import_bytes(tmp_path, json.dumps(document).encode())

    check_all_or_nothing(report, before, after, document)


@PROPERTY
@given(data=st.data())
def test_a_removed_field_imports_everything_or_nothing(tmp_path, data):
    document = copy.deepcopy(data.draw(st.sampled_from(documents())))
    dict_places = [(c, k) for c, k in places(document) if isinstance(c, dict)]
    container, key = data.draw(st.sampled_from(dict_places))
    del container[key]

    report, before, after = import_bytes(tmp_path, json.dumps(document).encode())

    check_all_or_nothing(report, before, after, document)
    if key == "id":
        assert not report.ok


@PROPERTY
@given(data=st.data())
def test_a_reused_or_broken_id_imports_everything_or_nothing(tmp_path, data):
    document = copy.deepcopy(data.draw(st.sampled_from(documents())))
    ids = [(c, k) for c, k in places(document) if isinstance(c, dict) and k.endswith("id")]
    container, key = data.draw(st.sampled_from(ids))
    others = sorted({c[k] for c, k in ids if c[k] != container[key]})
    container[key] = data.draw(st.sampled_from(others) | st.uuids().map(str))

    report, before, after = import_bytes(tmp_path, json.dumps(document).encode())

    check_all_or_nothing(report, before, after, document)


@PROPERTY
@given(data=st.data())
def test_cut_short_or_garbled_bytes_import_nothing_or_everything(tmp_path, data):
    document = data.draw(st.sampled_from(documents()))
    content = json.dumps(document, ensure_ascii=False).encode()
    how = data.draw(st.sampled_from(["cut", "insert", "random", "utf-16", "latin-1"]))
    if how == "cut":
        content = content[: data.draw(st.integers(0, len(content) - 1))]
    elif how == "insert":
        at = data.draw(st.integers(0, len(content)))
        content = content[:at] + data.draw(st.binary(min_size=1, max_size=8)) + content[at:]
    elif how == "random":
        content = data.draw(st.binary(max_size=300))
    else:
        text = json.dumps(document, ensure_ascii=False).replace("Riverside", "Rivérside")
        content = text.encode(how, errors="replace")

    report, before, after = import_bytes(tmp_path, content)

    try:
        parsed = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        parsed = None
    check_all_or_nothing(report, before, after, parsed)
    if how in ("cut", "utf-16", "latin-1"):
        assert not report.ok


@PROPERTY
@given(data=st.data())
def test_a_changed_csv_cell_imports_everything_or_nothing(tmp_path, data):
    folder = tmp_path / f"package-{next(_files)}"
    shutil.copytree(FIXTURES / "tabular", folder)
    table = data.draw(st.sampled_from(sorted(folder.glob("*.csv"))))
    lines = table.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",") if len(lines) > 1 else [""]
    cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(
        st.text(alphabet=st.characters(exclude_characters=',"\r\n'), max_size=300) | ODD_TEXT
    )
    lines[1:2] = [",".join(cells)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    before = counts()

    report = import_path(folder)

    if not report.ok:
        assert counts() == before, report.lines()
    else:
        assert report.total().total >= 11


JSON_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60)
@given(
    items=st.lists(JSON_TREES, max_size=6),
    chunk=st.integers(1, 40),
    indent=st.sampled_from([None, 0, 2]),
)
def test_the_streaming_reader_reads_lists_exactly_as_json_does(items, chunk, indent):
    text = json.dumps(items, indent=indent)
    original = reading_json.CHUNK
    reading_json.CHUNK = chunk
    try:
        stream = reading_json.JSONStream(io.StringIO(text), "list.json")
        read = list(stream.items())
        stream.end()
    finally:
        reading_json.CHUNK = original

    assert read == items
