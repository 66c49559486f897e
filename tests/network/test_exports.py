import csv
import datetime as dt
import io

import networkx as nx
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.http import Http404
from django.utils import timezone

from connecting_people.core.models import AuditEvent
from connecting_people.core.research_key import key_fingerprint
from connecting_people.network import services
from connecting_people.network.exports import (
    COLUMNS,
    NODE_FIELDS,
    ExportMap,
    maps_csv,
    person_network_csv,
    person_network_export,
    person_network_graphml,
    pseudonym,
)
from connecting_people.network.models import Snapshot
from connecting_people.people.models import Person
from tests.factories import PersonFactory

KEY = b"a-research-key-for-network-tests-0123456789abcdef"
# Words that must never leave in an export: the person's names and every label and reason.
SECRETS = [
    "Ottoline",
    "Featherstonehaugh",
    "LOCAL-98765",
    "Zebedee",
    "Quartermaine",
    "Xanthippe",
    "Aunty Gwendolyn",
    "Bartholomew",
    "Wigan",
    "Marmaduke",
]


def _day(ago):
    return timezone.localdate() - dt.timedelta(days=ago)


@pytest.fixture
def network(db):
    """Ottoline's map: 3 connections at the baseline, then one more and one ended at review."""
    person = PersonFactory(
        preferred_name="Ottoline", other_names="Featherstonehaugh", local_id="LOCAL-98765"
    )

    def add(label, **fields):
        defaults = {"kind": "friend", "ring": "middle", "feels": "supportive"}
        return services.connection_add(person=person, by=None, label=label, **defaults | fields)

    zeb = add("Zebedee Quartermaine", kind="family", ring="close", gives=["practical", "company"])
    xan = add("Xanthippe", started_on=_day(400), frequency="weekly")
    aunty = add("Aunty Gwendolyn", kind="family", feels="mixed")
    services.ties_set(connection=zeb, knows=[xan, aunty], by=None)
    baseline = services.snapshot_take(person=person, taken_on=_day(200), kind="baseline", by=None)
    new = add("Marmaduke", kind="group", ring="outer", began="activity", started_on=_day(100))
    services.connection_end(
        connection=aunty, on=_day(50), reason="Moved to Wigan with Bartholomew", version=1, by=None
    )
    review = services.snapshot_take(person=person, taken_on=_day(10), kind="review", by=None)
    person.refresh_from_db()
    return person, {"zeb": zeb, "xan": xan, "aunty": aunty, "new": new}, baseline, review


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _assert_no_secrets(text):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_exports_name_nobody(network):
    person, _, baseline, review = network
    _assert_no_secrets(person_network_csv(person, key=KEY))
    _assert_no_secrets(person_network_graphml(person, key=KEY))
    _assert_no_secrets(person_network_graphml(person, key=KEY, snapshot=baseline))
    _assert_no_secrets(person_network_graphml(person, key=KEY, snapshot=review))


def test_exports_csv_parses_with_a_row_per_connection_and_tie(network):
    person, _, _, _ = network
    rows = _rows(person_network_csv(person, key=KEY))
    assert list(rows[0]) == list(COLUMNS)
    by_map = {}
    for row in rows:
        by_map.setdefault((row["snapshot"], row["snapshot_kind"]), []).append(row["tie"])
    assert sorted(by_map) == [("1", "baseline"), ("2", "review"), ("current", "current")]
    assert sorted(by_map["1", "baseline"]) == ["alter-alter"] * 2 + ["ego-alter"] * 3
    assert sorted(by_map["2", "review"]) == ["alter-alter"] * 2 + ["ego-alter"] * 4
    assert {row["person"] for row in rows} == {pseudonym(KEY, "person", person.pk)}
    assert all(row["source"] == "ego" for row in rows if row["tie"] == "ego-alter")


def test_exports_csv_without_snapshots_has_the_current_map_only(network):
    person, _, _, _ = network
    rows = _rows(person_network_csv(person, key=KEY, snapshots=False))
    assert {row["snapshot"] for row in rows} == {"current"}
    assert len(rows) == 4 + 2


def test_exports_keep_attributes_and_ended_connections(network):
    person, made, _, _ = network
    rows = _rows(person_network_csv(person, key=KEY))
    pseudonyms = {key: pseudonym(KEY, "connection", c.pk) for key, c in made.items()}

    def row(snapshot, key):
        [found] = [
            r
            for r in rows
            if (r["snapshot"], r["target"], r["tie"]) == (snapshot, pseudonyms[key], "ego-alter")
        ]
        return found

    assert row("current", "zeb")["gives"] == "company;practical"
    assert row("current", "zeb")["kind"] == "family"
    assert row("current", "xan")["frequency"] == "weekly"
    assert row("current", "xan")["started_on"] == _day(400).isoformat()
    assert row("current", "new")["began"] == "activity"
    assert row("current", "new")["inside_services"] == "false"
    assert row("current", "aunty")["ended_on"] == _day(50).isoformat()
    assert row("2", "aunty")["ended_on"] == _day(50).isoformat()
    assert row("1", "aunty")["ended_on"] == ""  # not ended yet at the baseline
    assert row("2", "aunty")["snapshot_on"] == _day(10).isoformat()
    assert not [r for r in rows if r["snapshot"] == "1" and r["target"] == pseudonyms["new"]]


def test_exports_pseudonyms_are_stable_across_calls_and_snapshots(network):
    person, made, _, _ = network
    first = _rows(person_network_csv(person, key=KEY))
    assert _rows(person_network_csv(person, key=KEY)) == first
    zeb = pseudonym(KEY, "connection", made["zeb"].pk)
    assert {r["snapshot"] for r in first if r["target"] == zeb} == {"current", "1", "2"}


def test_exports_pseudonyms_change_with_the_key(network):
    person, _, _, _ = network
    ours = _rows(person_network_csv(person, key=KEY))
    theirs = _rows(person_network_csv(person, key=b"another-key-entirely-0123456789abcdef"))
    ids = {r["target"] for r in ours} | {r["person"] for r in ours}
    assert ids.isdisjoint({r["target"] for r in theirs} | {r["person"] for r in theirs})
    assert all(len(i) == 16 for i in ids)
    assert str(person.pk) not in {r["person"] for r in ours}


def test_exports_graphml_parses_with_nodes_edges_and_attributes(network):
    person, made, baseline, _ = network
    graph = nx.read_graphml(io.StringIO(person_network_graphml(person, key=KEY)))
    assert graph.number_of_nodes() == 1 + 4
    assert graph.number_of_edges() == 4 + 2
    assert graph.graph["person"] == pseudonym(KEY, "person", person.pk)
    assert graph.graph["snapshot"] == "current"
    assert graph.graph["ties_known"] is True
    assert graph.nodes["ego"]["role"] == "ego"
    zeb = graph.nodes[pseudonym(KEY, "connection", made["zeb"].pk)]
    assert zeb["kind"] == "family"
    assert zeb["ring"] == "close"
    assert zeb["inside_services"] is False
    assert zeb["gives"] == "company;practical"
    aunty = graph.nodes[pseudonym(KEY, "connection", made["aunty"].pk)]
    assert aunty["ended_on"] == _day(50).isoformat()
    ties = {data["tie"] for _, _, data in graph.edges(data=True)}
    assert ties == {"ego-alter", "alter-alter"}
    then = nx.read_graphml(io.StringIO(person_network_graphml(person, key=KEY, snapshot=baseline)))
    assert (then.number_of_nodes(), then.number_of_edges()) == (1 + 3, 3 + 2)
    assert then.graph["snapshot_kind"] == "baseline"
    assert then.graph["snapshot_on"] == _day(200).isoformat()


def test_exports_of_an_empty_map_have_just_the_header_and_ego(db):
    person = PersonFactory()
    assert _rows(person_network_csv(person, key=KEY)) == []
    graph = nx.read_graphml(io.StringIO(person_network_graphml(person, key=KEY)))
    assert list(graph.nodes) == ["ego"]
    assert graph.graph["ties_known"] is False


@pytest.fixture
def research_key(settings, tmp_path):
    settings.RESEARCH_KEY = KEY.decode()
    settings.DATA_DIR = tmp_path / "data"
    return KEY


def test_person_network_export_audits_the_download(network, research_key):
    person, _, _, _ = network
    content, content_type, name = person_network_export(
        person=person, file_format="graphml", by=None
    )
    assert content_type.startswith("application/graphml+xml")
    assert name == f"network-{pseudonym(KEY, 'person', person.pk)}.graphml"
    _assert_no_secrets(content + name)
    event = AuditEvent.objects.get(action="exported")
    assert (event.target_type, event.target_id) == ("people.person", str(person.pk))
    assert event.detail == {"export": "network", "format": "graphml", "labels": False}
    with pytest.raises(ValueError, match="csv or graphml"):
        person_network_export(person=person, file_format="xlsx", by=None)


def test_person_network_export_is_refused_for_someone_left_out_of_research(network, research_key):
    person, _, _, _ = network
    Person.objects.filter(pk=person.pk).update(research_opt_out=True)
    person.refresh_from_db()
    with pytest.raises(Http404):
        person_network_export(person=person, file_format="csv", by=None)
    refused = AuditEvent.objects.get(action="refused")
    assert (refused.target_type, refused.target_id) == ("people.person", str(person.pk))
    assert refused.detail == {"export": "network", "reason": "left out of research"}
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_person_network_export_without_a_key_says_how_to_set_one(network, settings):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    with pytest.raises(ImproperlyConfigured, match="Set RESEARCH_KEY"):
        person_network_export(person=network[0], file_format="csv", by=None)
    assert not AuditEvent.objects.filter(action="exported").exists()


def _export(folder, *options):
    out = io.StringIO()
    call_command("export_network", str(folder), *options, stdout=out)
    return out.getvalue()


def test_export_network_command_writes_files_and_an_audit_event(network, research_key, tmp_path):
    person, _, _, _ = network
    PersonFactory(team=person.team)  # no map: left out
    out = tmp_path / "export"
    _export(out, "--team", str(person.team_id))
    who = pseudonym(KEY, "person", person.pk)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted(
        [
            "README.txt",
            f"{who}.csv",
            f"{who}.graphml",
            f"snapshots/{who}/snapshot-1.graphml",
            f"snapshots/{who}/snapshot-2.graphml",
        ]
    )
    for path in out.rglob("*.*"):
        _assert_no_secrets(path.read_text())
    assert len(_rows((out / f"{who}.csv").read_text())) == 6 + 5 + 6
    readme = (out / "README.txt").read_text()
    assert "ego-alter" in readme
    assert f"Key fingerprint: {key_fingerprint(KEY)}." in readme
    assert "People who asked to be left out of research are not included." in readme
    event = AuditEvent.objects.get(action="exported")
    assert event.actor is None
    assert event.actor_label == "cpi export_network"
    assert event.target_type == ""
    assert event.detail["people"] == 1
    assert event.detail["without_a_map"] == 1
    assert event.detail["connections"] == 4
    assert event.detail["snapshots"] == 2
    assert event.detail["files"] == 4


def test_export_network_command_leaves_out_people_who_opted_out(network, research_key, tmp_path):
    person, _, _, _ = network
    other = PersonFactory(team=person.team, research_opt_out=True)
    services.connection_add(
        person=other, by=None, label="Marmaduke", kind="friend", ring="close", feels="supportive"
    )
    services.snapshot_take(person=other, taken_on=_day(5), kind="baseline", by=None)
    _export(tmp_path / "all")
    files = {p.name for p in (tmp_path / "all").rglob("*") if p.is_file()}
    assert f"{pseudonym(KEY, 'person', person.pk)}.csv" in files
    assert not [name for name in files if pseudonym(KEY, "person", other.pk) in name]
    assert not (tmp_path / "all" / "snapshots" / pseudonym(KEY, "person", other.pk)).exists()
    detail = AuditEvent.objects.get(action="exported").detail
    assert (detail["people"], detail["without_a_map"], detail["connections"]) == (1, 0, 4)
    readme = (tmp_path / "all" / "README.txt").read_text()
    assert "1 people" in readme  # counts only the people exported: nothing on who opted out
    said = [line for line in readme.splitlines() if "left out of research" in line]
    assert said == ["People who asked to be left out of research are not included."]


def test_export_network_command_keeps_pseudonyms_with_the_same_key(network, research_key, tmp_path):
    for folder in ("one", "two"):
        _export(tmp_path / folder)
    one = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert one == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert f"{pseudonym(KEY, 'person', network[0].pk)}.csv" in one


def test_export_network_command_no_longer_reads_an_old_salt_file(network, research_key, tmp_path):
    salt = "s" * 64
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "research_salt").write_text(salt + "\n")
    said = _export(tmp_path / "out")
    files = {p.name for p in (tmp_path / "out").iterdir()}
    assert f"{pseudonym(KEY, 'person', network[0].pk)}.csv" in files
    assert f"{pseudonym(salt, 'person', network[0].pk)}.csv" not in files
    assert said.count("research_salt is no longer used") == 1  # said once, not per person


def test_export_network_command_says_nothing_of_a_salt_file_when_there_is_none(
    network, research_key, tmp_path
):
    assert "no longer used" not in _export(tmp_path / "out")


def test_export_network_command_help_says_the_salt_file_is_no_longer_used():
    from connecting_people.network.management.commands.export_network import Command

    text = " ".join(Command().create_parser("cpi", "export_network").format_help().split())
    assert "research_salt file is no longer used" in text
    assert "the same as cpi export_research" in text
    assert "--salt-file" not in text


def test_export_network_command_refuses_the_old_salt_file_option(network, research_key, tmp_path):
    salt_file = tmp_path / "salt"
    salt_file.write_text("s" * 40)
    with pytest.raises(CommandError, match="--salt-file is no longer used"):
        _export(tmp_path / "out", "--salt-file", str(salt_file))
    assert not (tmp_path / "out").exists()
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_export_network_command_without_a_key_says_how_to_set_one(network, settings, tmp_path):
    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    with pytest.raises(CommandError, match="Set RESEARCH_KEY"):
        _export(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_export_network_command_refuses_a_folder_with_files_in(network, research_key, tmp_path):
    (tmp_path / "old.csv").write_text("old")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export_network", str(tmp_path))
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_export_network_command_refuses_an_unknown_team(db, research_key, tmp_path):
    with pytest.raises(CommandError, match="no team"):
        call_command("export_network", str(tmp_path / "a"), "--team", "999999")


def test_exports_after_a_connection_is_deleted_leave_no_trace_of_it(network):
    person, made, _, _ = network
    gone = pseudonym(KEY, "connection", made["zeb"].pk)
    services.connection_delete(connection=made["zeb"], by=None)
    person = Person.objects.get(pk=person.pk)
    assert gone not in person_network_csv(person, key=KEY)
    assert Snapshot.objects.filter(person=person).count() == 2


def test_exports_of_one_person_take_a_fixed_number_of_queries(network, django_assert_num_queries):
    person, _, _, _ = network
    with django_assert_num_queries(4):  # connections, ties, snapshots, their entries
        person_network_csv(person, key=KEY)


def test_export_download_is_pseudonymised_and_refused_to_other_teams(client, cast, research_key):
    from django.urls import reverse

    from connecting_people.core.models import AuditAction, AuditEvent
    from connecting_people.network import services
    from tests.factories import PersonFactory

    person = PersonFactory(team=cast.team, preferred_name="Zebedee")
    services.connection_add(
        person=person,
        by=None,
        label="Quentin-Unique",
        kind="friend",
        ring="close",
        feels="supportive",
    )
    url = reverse("network:export", args=[person.pk])
    client.force_login(cast.other_practitioner)
    assert client.get(url, {"format": "csv"}).status_code == 404
    client.force_login(cast.practitioner)
    for fmt in ("csv", "graphml"):
        response = client.get(url, {"format": fmt})
        body = response.content.decode()
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert "Quentin-Unique" not in body
        assert "Zebedee" not in body
    assert client.get(url, {"format": "xlsx"}).status_code == 404
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORTED, actor=cast.practitioner).count() == 2
    )


def test_export_download_is_refused_for_someone_left_out_of_research(client, cast, research_key):
    from django.urls import reverse

    from connecting_people.core.models import AuditAction

    person = PersonFactory(team=cast.team, research_opt_out=True)
    services.connection_add(
        person=person, by=None, label="Quentin", kind="friend", ring="close", feels="supportive"
    )
    client.force_login(cast.practitioner)
    for fmt in ("csv", "graphml"):
        response = client.get(reverse("network:export", args=[person.pk]), {"format": fmt})
        assert response.status_code == 404
    refused = AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.practitioner)
    assert refused.count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
    # Their team still sees their map as usual, without the research downloads.
    page = client.get(reverse("network:map", args=[person.pk])).content.decode()
    assert "asked to be left out of research" in page
    assert reverse("network:export", args=[person.pk]) not in page


def test_export_download_without_a_key_explains_instead_of_failing(client, cast, settings):
    from django.urls import reverse

    settings.RESEARCH_KEY = ""
    settings.EMBEDDED = False
    person = PersonFactory(team=cast.team)
    client.force_login(cast.practitioner)
    response = client.get(reverse("network:export", args=[person.pk]), {"format": "csv"})
    assert response.status_code == 503
    assert (
        "Ask whoever runs Connecting People to set up the research key" in response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_exports_csv_cells_cannot_run_as_formulas():
    hostile = ExportMap(
        person="=cmd|' /C calc'!A0",
        snapshot="current",
        on=dt.date(2026, 1, 5),
        kind="current",
        corrects="",
        alters=(
            {
                "id": "+abc",
                **dict.fromkeys(NODE_FIELDS, ""),
                "kind": "@SUM(1)",
                "inside_services": False,
            },
        ),
        ties=(("-a", "\uff1db"),),
        ties_known=True,
    )

    rows = list(csv.reader(io.StringIO(maps_csv([hostile]))))[1:]

    assert rows[0][:3] == ["'=cmd|' /C calc'!A0", "current", "2026-01-05"]
    assert rows[0][6] == "'+abc"
    assert rows[0][list(COLUMNS).index("kind")] == "'@SUM(1)"
    assert rows[0][list(COLUMNS).index("inside_services")] == "false"
    assert rows[1][5:7] == ["'-a", "'\uff1db"]
