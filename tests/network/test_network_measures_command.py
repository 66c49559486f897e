"""`cpi network_measures FILE`: the example worked by hand, reading stdin, and bad input."""

import contextlib
import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connecting_people.network.management.commands.network_measures import Command

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "example.json"
DOCS_EXAMPLE = Path(__file__).parents[2] / "docs" / "network-measures-example.json"


def run(document, *, stdin: str | None = None) -> tuple[dict, str]:
    """Run the command on a document (written to stdin); return the parsed output and stderr."""
    out, err = io.StringIO(), io.StringIO()
    text = stdin if stdin is not None else json.dumps(document)
    call_command("network_measures", "-", stdin=io.StringIO(text), stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def problems(document) -> list[str]:
    """The problem lines the command reports for a document it refuses."""
    with pytest.raises(CommandError) as refused:
        run(document)
    return [line.strip() for line in str(refused.value).splitlines()[1:]]


def example() -> dict:
    return json.loads(EXAMPLE.read_text())


def minimal(**connection) -> dict:
    """A document with one connection, changed by the keyword arguments (None removes a field)."""
    item = {"id": "a", "kind": "friend", "ring": "close", "feels": "supportive", **connection}
    return {"on": "2026-11-01", "connections": [{k: v for k, v in item.items() if v is not None}]}


def test_network_measures_works_through_the_example_by_hand():
    out = io.StringIO()

    call_command("network_measures", str(EXAMPLE), stdout=out)

    result = json.loads(out.getvalue())
    m = result["measures"]
    # current now: c1-c7 (c8 ended on 2026-07-01)
    assert m["size"] == 7
    # close: c1, c2; middle: c3, c4, c6; outer: c5, c7
    assert m["by_ring"] == {"close": 2, "middle": 3, "outer": 2}
    # seven different kinds, one each
    assert m["by_kind"] == dict.fromkeys(
        ["faith", "family", "friend", "group", "neighbour", "peer", "worker"], 1
    )
    assert m["diversity"] == 7
    # inside services: c3 (worker), c6 (peer) → outside 5 of 7 = 0.714285… → 0.7143
    assert (m["outside_services"], m["outside_share"]) == (5, 0.7143)
    # supportive: all but c5 (mixed) → 6
    assert m["supportive"] == 6
    assert m["by_feels"] == {"supportive": 6, "mixed": 1, "difficult": 0}
    # emotional c1 c2; practical c1 c3 c5; information c3; company c2 c4 c6 c7; access c7
    assert m["by_gives"] == {
        "emotional": 2,
        "practical": 3,
        "information": 1,
        "company": 4,
        "access": 1,
    }
    # previous current {c1 c2 c3 c5 c6 c8} → new {c4 c7}, ended {c8}
    assert (m["new_since_previous"], m["ended_since_previous"]) == (2, 1)
    # baseline current {c1 c3 c8 c9} → new {c2 c4 c5 c6 c7}, ended {c8 c9}
    assert (m["new_since_baseline"], m["ended_since_baseline"]) == (5, 2)
    # ties c1-c2, c4-c7, c2-c5 (c8-c1 left out: c8 ended): 3 of 7 x 6 ÷ 2 = 21 → 0.142857…
    # groups {c1 c2 c5}, {c4 c7}, {c3}, {c6} → 4 components
    assert (m["ties_known"], m["ties"], m["density"], m["components"]) == (True, 3, 0.1429, 4)
    # 2 of 7 inside (not formal), 7 > 5, 1 family of 7, 7 kinds ≥ 4 → diverse
    assert result["network_type"]["code"] == "diverse"
    assert result["network_type"]["title"] == "Wide and varied"
    # c1 middle → close; c5 middle → outer; c2, c3, c6 in the same ring
    assert result["compared_with_previous"] == {
        "new": ["c4", "c7"],
        "ended": ["c8"],
        "closer": ["c1"],
        "further": ["c5"],
        "same": ["c2", "c3", "c6"],
    }


def test_network_measures_prints_sorted_keys_indented_by_two():
    out = io.StringIO()

    call_command("network_measures", str(EXAMPLE), stdout=out)

    text = out.getvalue()
    assert text.strip() == json.dumps(json.loads(text), indent=2, sort_keys=True)


def test_network_measures_example_in_the_docs_is_the_tested_one():
    assert json.loads(DOCS_EXAMPLE.read_text()) == example()


def test_network_measures_reads_standard_input():
    result, err = run(example())

    assert result["measures"]["size"] == 7
    assert err == ""


def test_network_measures_without_previous_has_no_comparison():
    result, _ = run(minimal())

    assert result["compared_with_previous"] is None
    assert result["measures"]["new_since_previous"] is None
    assert result["network_type"]["code"] == "small"


def test_network_measures_of_nobody():
    result, _ = run({"on": "2026-11-01", "connections": []})

    assert result["measures"]["size"] == 0
    assert result["measures"]["outside_share"] is None
    assert result["network_type"]["code"] == "none"


def test_network_measures_of_only_ended_connections():
    result, _ = run(minimal(started_on="2020-01-01", ended_on="2026-01-01"))

    assert result["measures"]["size"] == 0
    assert result["network_type"]["code"] == "none"


def test_network_measures_ties_left_out_are_unknown_and_an_empty_list_is_none():
    document = minimal()
    document["connections"].append({"id": "b", "kind": "friend", "ring": "outer", "feels": "mixed"})

    unknown, _ = run(document)
    none, _ = run({**document, "ties": []})
    also_unknown, _ = run({**document, "ties": None})

    assert (unknown["measures"]["ties_known"], unknown["measures"]["density"]) == (False, None)
    assert (none["measures"]["ties_known"], none["measures"]["density"]) == (True, 0.0)
    assert also_unknown["measures"]["ties_known"] is False


def test_network_measures_inside_services_defaults_from_the_kind():
    document = minimal(kind="worker")
    document["connections"] += [
        {"id": "b", "kind": "peer", "ring": "close", "feels": "supportive"},
        {
            "id": "c",
            "kind": "friend",
            "ring": "close",
            "feels": "supportive",
            "inside_services": None,
        },
    ]

    result, _ = run(document)

    # worker and peer inside; the friend outside → 1 of 3
    assert result["measures"]["outside_services"] == 1


def test_network_measures_accepts_whole_numbers_as_ids():
    document = {
        "on": "2026-11-01",
        "connections": [
            {"id": 1, "kind": "friend", "ring": "close", "feels": "supportive"},
            {"id": 2, "kind": "friend", "ring": "close", "feels": "supportive"},
        ],
        "ties": [[1, 2]],
    }

    result, _ = run(document)

    assert result["measures"]["density"] == 1.0


def test_network_measures_ignores_labels_and_says_so():
    document = example()
    document["connections"][0]["label"] = "Auntie Jo"
    document["connections"][1]["label"] = "Sam"

    result, err = run(document)

    assert "Auntie Jo" not in json.dumps(result)
    assert "Left out the labels of 2 connections" in err
    assert "Auntie Jo" not in err


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            minimal(ring="closer"),
            'connections[0].ring: "closer" is not one of close, middle, outer',
        ),
        (
            minimal(kind=None),
            "connections[0].kind: is missing; it should be one of family, partner, friend, "
            "neighbour, colleague, peer, worker, group, faith, online, pet, other",
        ),
        (minimal(feels="fine"), 'connections[0].feels: "fine" is not one of supportive, mixed, '),
        (minimal(inside_services="yes"), 'connections[0].inside_services: "yes" should be true'),
        (minimal(gives="company"), 'connections[0].gives: should be a list, like ["company"]'),
        (minimal(gives=["company", "cake"]), 'connections[0].gives[1]: "cake" is not one of'),
        (minimal(frequency="often"), 'connections[0].frequency: "often" is not one of daily'),
        (minimal(began="pub"), 'connections[0].began: "pub" is not one of already'),
        (minimal(id=None), "connections[0].id: is missing; use text or a whole number"),
        (minimal(id=True), "connections[0].id: true is not an id"),
        (minimal(id=""), 'connections[0].id: "" is not an id'),
        (
            minimal(colour="red"),
            "connections[0].colour: is not a field we know (we know began, ended_on, feels, "
            "frequency, gives, id, inside_services, kind, ring, started_on)",
        ),
        (minimal(started_on="01/02/2026"), 'connections[0].started_on: "01/02/2026" is not a date'),
        (minimal(started_on="2026-02-30"), 'connections[0].started_on: "2026-02-30" is not a date'),
        (
            minimal(started_on="2026-12-01"),
            "connections[0].started_on: 2026-12-01 is after the network's date, 2026-11-01",
        ),
        (
            minimal(started_on="2026-05-01", ended_on="2026-04-01"),
            "connections[0].ended_on: 2026-04-01 is before started_on, 2026-05-01",
        ),
        ({"on": "1 Nov 2026", "connections": []}, 'on: "1 Nov 2026" is not a date like'),
        ({"connections": []}, 'on: is missing; it should be a date like "2026-11-01"'),
        ({"on": "2026-11-01"}, "connections: should be a list of connections"),
        ({"on": "2026-11-01", "conections": []}, "conections: is not a field we know"),
        ({**minimal(), "ties": [["a", "z"]]}, 'ties[0][1]: "z" is not the id of any connection'),
        ({**minimal(), "ties": [["a", "a"]]}, "ties[0]: ties a connection to itself"),
        ({**minimal(), "ties": [["a"]]}, 'ties[0]: ["a"] is not a pair of ids, like ["a", "b"]'),
        ({**minimal(), "ties": "a-b"}, "ties: should be a list of pairs of ids"),
        ([1, 2], "the input: should be an object with on, connections and ties"),
        ({**minimal(), "previous": [1]}, "previous: should be an object with on, connections"),
        (
            {**minimal(), "previous": minimal(ring="far")},
            'previous.connections[0].ring: "far" is not one of close, middle, outer',
        ),
        ({**minimal(), "previous": {**minimal(), "previous": {}}}, "previous.previous: is not a"),
        (
            {**minimal(), "previous": {**minimal(), "on": "2026-12-01"}},
            "previous.on: 2026-12-01 is after on, 2026-11-01",
        ),
        (
            {
                **minimal(),
                "previous": {**minimal(), "on": "2026-05-01"},
                "baseline": {**minimal(), "on": "2026-06-01"},
            },
            "baseline.on: 2026-06-01 is after previous.on, 2026-05-01",
        ),
    ],
)
def test_network_measures_names_the_place_of_each_problem(document, expected):
    assert any(line.startswith(expected) for line in problems(document)), problems(document)


def test_network_measures_reports_a_repeated_id_even_when_the_connection_has_other_problems():
    document = minimal()
    document["connections"].append({"id": "a", "kind": "frend", "ring": "close", "feels": "mixed"})

    lines = problems(document)

    assert (
        'connections[1].kind: "frend" is not one of family, partner, friend, neighbour, '
        in (lines[0][:80])
    )
    assert (
        'connections[1].id: "a" is also the id of connections[0]; each id must be different'
        in lines
    )


def test_network_measures_ties_to_a_connection_with_problems_are_not_called_unknown():
    document = minimal(ring="closer")
    document["connections"].append({"id": "b", "kind": "friend", "ring": "close", "feels": "mixed"})
    document["ties"] = [["a", "b"]]

    assert problems(document) == [
        'connections[0].ring: "closer" is not one of close, middle, outer'
    ]


def test_network_measures_lists_every_problem_at_once_and_counts_them():
    document = minimal(ring="closer", feels="fine")

    with pytest.raises(CommandError) as refused:
        run(document)

    assert str(refused.value).startswith("The input has 2 problems; nothing was measured:")


def test_network_measures_shows_at_most_fifty_problems():
    document = {"on": "2026-11-01", "connections": [{"id": str(n)} for n in range(30)]}

    with pytest.raises(CommandError) as refused:
        run(document)

    message = str(refused.value)
    # each connection lacks kind, ring and feels: 90 problems, 50 shown
    assert message.startswith("The input has 90 problems")
    assert message.endswith("… and 40 more")


def test_network_measures_says_where_json_is_broken():
    with pytest.raises(
        CommandError, match=r"standard input is not valid JSON: .* line 2, column 1"
    ):
        run(None, stdin='{"on": \n')


def test_network_measures_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match=r"Could not read .*missing\.json: No such file"):
        call_command("network_measures", str(tmp_path / "missing.json"))


def test_network_measures_reads_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8-sig")
    out = io.StringIO()

    call_command("network_measures", str(path), stdout=out)

    assert json.loads(out.getvalue())["measures"]["size"] == 1


def test_network_measures_help_points_to_the_input_format():
    text = Command().create_parser("cpi", "network_measures").format_help()

    assert "docs/network-measures.md" in text


def test_network_measures_exits_non_zero_with_a_plain_message_and_no_traceback(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(minimal(ring="closer")))

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["cpi", "network_measures", str(path)])

    out, err = capsys.readouterr()
    assert exited.value.code == 1
    assert out == ""
    assert 'connections[0].ring: "closer" is not one of close, middle, outer' in err
    assert "Traceback" not in err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(json_values)
def test_network_measures_never_fails_with_a_traceback_on_any_json(value):
    with contextlib.suppress(CommandError):
        run(value)


@settings(max_examples=80)
@given(st.data())
def test_network_measures_never_fails_with_a_traceback_when_the_example_is_changed(data):
    document = copy.deepcopy(example())
    connection = data.draw(st.sampled_from(document["connections"]))
    field = data.draw(st.sampled_from(sorted(connection)))
    connection[field] = data.draw(json_values)

    try:
        result, _ = run(document)
    except CommandError as refused:
        message = str(refused)
    else:
        message = f"measured {result['measures']['size']}"
    assert f"].{field}" in message or "ties[" in message or message.startswith("measured")
