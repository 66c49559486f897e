import csv
import datetime as dt
import io
import stat

import networkx as nx
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from connecting_people.core.models import AuditEvent
from connecting_people.network import services
from connecting_people.network.exports import (
    COLUMNS,
    person_network_csv,
    person_network_export,
    person_network_graphml,
    pseudonym,
    research_salt,
)
from connecting_people.network.models import Snapshot
from connecting_people.people.models import Person
from tests.factories import PersonFactory

SALT = b"a-salt-for-tests-only-0123456789abcdef"
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
    _assert_no_secrets(person_network_csv(person, salt=SALT))
    _assert_no_secrets(person_network_graphml(person, salt=SALT))
    _assert_no_secrets(person_network_graphml(person, salt=SALT, snapshot=baseline))
    _assert_no_secrets(person_network_graphml(person, salt=SALT, snapshot=review))


def test_exports_csv_parses_with_a_row_per_connection_and_tie(network):
    person, _, _, _ = network
    rows = _rows(person_network_csv(person, salt=SALT))
    assert list(rows[0]) == list(COLUMNS)
    by_map = {}
    for row in rows:
        by_map.setdefault((row["snapshot"], row["snapshot_kind"]), []).append(row["tie"])
    assert sorted(by_map) == [("1", "baseline"), ("2", "review"), ("current", "current")]
    assert sorted(by_map["1", "baseline"]) == ["alter-alter"] * 2 + ["ego-alter"] * 3
    assert sorted(by_map["2", "review"]) == ["alter-alter"] * 2 + ["ego-alter"] * 4
    assert {row["person"] for row in rows} == {pseudonym(SALT, "person", person.pk)}
    assert all(row["source"] == "ego" for row in rows if row["tie"] == "ego-alter")


def test_exports_csv_without_snapshots_has_the_current_map_only(network):
    person, _, _, _ = network
    rows = _rows(person_network_csv(person, salt=SALT, snapshots=False))
    assert {row["snapshot"] for row in rows} == {"current"}
    assert len(rows) == 4 + 2


def test_exports_keep_attributes_and_ended_connections(network):
    person, made, _, _ = network
    rows = _rows(person_network_csv(person, salt=SALT))
    pseudonyms = {key: pseudonym(SALT, "connection", c.pk) for key, c in made.items()}

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
    first = _rows(person_network_csv(person, salt=SALT))
    assert _rows(person_network_csv(person, salt=SALT)) == first
    zeb = pseudonym(SALT, "connection", made["zeb"].pk)
    assert {r["snapshot"] for r in first if r["target"] == zeb} == {"current", "1", "2"}


def test_exports_pseudonyms_change_with_the_salt(network):
    person, _, _, _ = network
    ours = _rows(person_network_csv(person, salt=SALT))
    theirs = _rows(person_network_csv(person, salt=b"another-salt-entirely-0123456789abcdef"))
    ids = {r["target"] for r in ours} | {r["person"] for r in ours}
    assert ids.isdisjoint({r["target"] for r in theirs} | {r["person"] for r in theirs})
    assert all(len(i) == 16 for i in ids)
    assert str(person.pk) not in {r["person"] for r in ours}


def test_exports_graphml_parses_with_nodes_edges_and_attributes(network):
    person, made, baseline, _ = network
    graph = nx.read_graphml(io.StringIO(person_network_graphml(person, salt=SALT)))
    assert graph.number_of_nodes() == 1 + 4
    assert graph.number_of_edges() == 4 + 2
    assert graph.graph["person"] == pseudonym(SALT, "person", person.pk)
    assert graph.graph["snapshot"] == "current"
    assert graph.graph["ties_known"] is True
    assert graph.nodes["ego"]["role"] == "ego"
    zeb = graph.nodes[pseudonym(SALT, "connection", made["zeb"].pk)]
    assert zeb["kind"] == "family"
    assert zeb["ring"] == "close"
    assert zeb["inside_services"] is False
    assert zeb["gives"] == "company;practical"
    aunty = graph.nodes[pseudonym(SALT, "connection", made["aunty"].pk)]
    assert aunty["ended_on"] == _day(50).isoformat()
    ties = {data["tie"] for _, _, data in graph.edges(data=True)}
    assert ties == {"ego-alter", "alter-alter"}
    then = nx.read_graphml(
        io.StringIO(person_network_graphml(person, salt=SALT, snapshot=baseline))
    )
    assert (then.number_of_nodes(), then.number_of_edges()) == (1 + 3, 3 + 2)
    assert then.graph["snapshot_kind"] == "baseline"
    assert then.graph["snapshot_on"] == _day(200).isoformat()


def test_exports_of_an_empty_map_have_just_the_header_and_ego(db):
    person = PersonFactory()
    assert _rows(person_network_csv(person, salt=SALT)) == []
    graph = nx.read_graphml(io.StringIO(person_network_graphml(person, salt=SALT)))
    assert list(graph.nodes) == ["ego"]
    assert graph.graph["ties_known"] is False


def test_research_salt_is_made_once_and_kept_private(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    salt = research_salt()
    assert len(salt) >= 32
    assert research_salt() == salt
    mode = stat.S_IMODE((tmp_path / "research_salt").stat().st_mode)
    assert mode == 0o600


def test_research_salt_refuses_a_short_one(tmp_path):
    short = tmp_path / "salt"
    short.write_text("abc\n")
    with pytest.raises(ImproperlyConfigured, match="too short"):
        research_salt(short)


def test_person_network_export_audits_the_download(network, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    person, _, _, _ = network
    content, content_type, name = person_network_export(
        person=person, file_format="graphml", by=None
    )
    assert content_type.startswith("application/graphml+xml")
    assert name == f"network-{pseudonym(research_salt(), 'person', person.pk)}.graphml"
    _assert_no_secrets(content + name)
    event = AuditEvent.objects.get(action="exported")
    assert (event.target_type, event.target_id) == ("people.person", str(person.pk))
    assert event.detail == {"export": "network", "format": "graphml", "labels": False}
    with pytest.raises(ValueError, match="csv or graphml"):
        person_network_export(person=person, file_format="xlsx", by=None)


def test_export_network_command_writes_files_and_an_audit_event(network, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    person, _, _, _ = network
    PersonFactory(team=person.team)  # no map: left out
    out = tmp_path / "export"
    call_command("export_network", str(out), "--team", str(person.team_id), stdout=io.StringIO())
    salt = (tmp_path / "data" / "research_salt").read_text().strip().encode()
    who = pseudonym(salt, "person", person.pk)
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
    assert "ego-alter" in (out / "README.txt").read_text()
    event = AuditEvent.objects.get(action="exported")
    assert event.actor is None
    assert event.actor_label == "cpi export_network"
    assert event.target_type == ""
    assert event.detail["people"] == 1
    assert event.detail["without_a_map"] == 1
    assert event.detail["connections"] == 4
    assert event.detail["snapshots"] == 2
    assert event.detail["files"] == 4


def test_export_network_command_keeps_pseudonyms_with_the_same_salt_file(network, tmp_path):
    salt_file = tmp_path / "salt"
    salt_file.write_text("s" * 40)
    for folder in ("one", "two"):
        call_command(
            "export_network", str(tmp_path / folder), "--salt-file", str(salt_file),
            stdout=io.StringIO(),
        )  # fmt: skip
    one = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert one == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert f"{pseudonym('s' * 40, 'person', network[0].pk)}.csv" in one


def test_export_network_command_refuses_a_folder_with_files_in(network, tmp_path):
    (tmp_path / "old.csv").write_text("old")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export_network", str(tmp_path))
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_export_network_command_refuses_an_unknown_team_or_salt_file(db, tmp_path):
    with pytest.raises(CommandError, match="no team"):
        call_command("export_network", str(tmp_path / "a"), "--team", "999999")
    with pytest.raises(CommandError, match="no salt file"):
        call_command("export_network", str(tmp_path / "b"), "--salt-file", str(tmp_path / "x"))


def test_exports_after_a_connection_is_deleted_leave_no_trace_of_it(network):
    person, made, _, _ = network
    gone = pseudonym(SALT, "connection", made["zeb"].pk)
    services.connection_delete(connection=made["zeb"], by=None)
    person = Person.objects.get(pk=person.pk)
    assert gone not in person_network_csv(person, salt=SALT)
    assert Snapshot.objects.filter(person=person).count() == 2


def test_exports_of_one_person_take_a_fixed_number_of_queries(network, django_assert_num_queries):
    person, _, _, _ = network
    with django_assert_num_queries(4):  # connections, ties, snapshots, their entries
        person_network_csv(person, salt=SALT)


def test_export_download_is_pseudonymised_and_refused_to_other_teams(client, cast):
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
