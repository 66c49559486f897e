"""`import_hsds` takes out the children a JSON parent lists in full and the file leaves out.

A parent with the list (even empty) has exactly the children listed; a parent without it keeps
what it has. Tabular packages only add and update.
"""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from connecting_people.directory import models as d
from connecting_people.directory.hsds.importer import import_path
from connecting_people.directory.search import engine as search
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def new_id() -> str:
    return str(uuid.uuid4())


def write(folder: Path, document: Any, name: str = "records.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def phone(number: str = "01632 960000", **fields: Any) -> dict[str, Any]:
    return {"id": new_id(), "number": number, **fields}


def a_service(**fields: Any) -> dict[str, Any]:
    return {"id": new_id(), "name": "Walking group", "status": "active", **fields}


def imported(tmp_path: Path, document: Any, **options: Any):
    report = import_path(write(tmp_path, document), **options)
    assert report.ok, [str(problem) for problem in report.errors]
    return report


def test_a_phone_left_out_on_reimport_is_removed_and_reported(tmp_path):
    kept, dropped = phone("01632 960001"), phone("01632 960002")
    service = a_service(phones=[kept, dropped])
    imported(tmp_path, [service])

    service["phones"] = [kept]
    report = imported(tmp_path, [service])

    assert list(d.Phone.objects.values_list("number", flat=True)) == ["01632 960001"]
    assert report.counts["phone"].removed == 1
    assert report.counts["phone"].unchanged == 1
    assert "  phone: 0 new, 0 updated, 1 unchanged, 1 removed" in report.lines()
    assert "1 removed" in report.lines()[0]  # in the headline's totals too


def test_the_command_shows_what_was_removed(tmp_path):
    service = a_service(phones=[phone()], languages=[{"id": new_id(), "name": "Welsh"}])
    imported(tmp_path, [service])
    service["phones"] = []
    out = io.StringIO()

    call_command("import_hsds", str(write(tmp_path, [service])), stdout=out)

    assert "phone: 0 new, 0 updated, 0 unchanged, 1 removed" in out.getvalue()
    assert "language: 0 new, 0 updated, 1 unchanged\n" in out.getvalue()
    assert not d.Phone.objects.exists()


def test_an_empty_list_removes_every_child_of_that_kind(tmp_path):
    service = a_service(
        schedules=[{"id": new_id(), "byday": "MO"}, {"id": new_id(), "byday": "TU"}],
        phones=[phone()],
    )
    imported(tmp_path, [service])

    service["schedules"] = []
    report = imported(tmp_path, [service])

    assert not d.Schedule.objects.exists()
    assert report.counts["schedule"].removed == 2
    assert d.Phone.objects.count() == 1  # another kind, still listed


def test_a_parent_without_the_list_keeps_its_children(tmp_path):
    service = a_service(phones=[phone()], cost_options=[{"id": new_id(), "amount": 0}])
    imported(tmp_path, [service])

    del service["phones"]
    service["cost_options"] = None  # null says nothing either
    report = imported(tmp_path, [service])

    assert d.Phone.objects.count() == 1
    assert d.CostOption.objects.count() == 1
    assert not any(counts.removed for counts in report.counts.values())


def test_a_dry_run_counts_what_would_go_but_removes_nothing(tmp_path):
    service = a_service(phones=[phone(), phone()], contacts=[{"id": new_id(), "name": "Sam"}])
    imported(tmp_path, [service])

    service["phones"], service["contacts"] = [], []
    report = imported(tmp_path, [service], dry_run=True)

    assert report.counts["phone"].removed == 2
    assert report.counts["contact"].removed == 1
    assert d.Phone.objects.count() == 2
    assert d.Contact.objects.count() == 1
    assert "nothing was saved (dry run)" in report.lines()[0]


def test_a_child_another_parent_in_the_file_still_lists_is_kept(tmp_path):
    shared = phone()
    location = {"id": new_id(), "location_type": "physical", "name": "Hall", "phones": [shared]}
    service = a_service(
        phones=[shared], service_at_locations=[{"id": new_id(), "location": location}]
    )
    imported(tmp_path, [service])
    kept = d.Phone.objects.get()
    assert (str(kept.service_id), str(kept.location_id)) == (service["id"], location["id"])

    service["phones"] = []
    report = imported(tmp_path, [service])

    kept = d.Phone.objects.get()
    assert kept.service_id is None  # no longer the service's, as the file says
    assert str(kept.location_id) == location["id"]
    assert report.counts["phone"].removed == 0


def test_a_child_another_parent_not_in_the_file_has_is_only_unlinked(tmp_path):
    location = {"id": new_id(), "location_type": "physical", "name": "Hall"}
    imported(
        tmp_path,
        [{"id": new_id(), "name": "Parks trust", "description": "Parks", "locations": [location]}],
    )
    shared = phone(location_id=location["id"])
    service = a_service(phones=[shared])
    imported(tmp_path, [service])

    service["phones"] = []
    report = imported(tmp_path, [service])

    kept = d.Phone.objects.get()
    assert kept.service_id is None
    assert str(kept.location_id) == location["id"]
    assert (report.counts["phone"].removed, report.counts["phone"].updated) == (0, 1)


def test_what_hangs_from_a_removed_contact_goes_with_it_unless_listed_elsewhere(tmp_path):
    own, listed = phone("01632 960001"), phone("01632 960002")
    contact = {"id": new_id(), "name": "Sam", "phones": [own, listed]}
    service = a_service(contacts=[contact])
    imported(tmp_path, [service])

    service["contacts"] = []
    service["phones"] = [listed]
    report = imported(tmp_path, [service])

    assert not d.Contact.objects.exists()
    assert list(d.Phone.objects.values_list("number", flat=True)) == ["01632 960002"]
    assert report.counts["contact"].removed == 1
    assert report.counts["phone"].removed == 1


def test_attributes_left_out_are_removed(tmp_path):
    taxonomy_term = {"id": new_id(), "name": "Walking", "description": "Walking"}
    walking = {"id": new_id(), "taxonomy_term": taxonomy_term, "value": "yes"}
    service = a_service(attributes=[walking])
    imported(tmp_path, [service])

    service["attributes"] = []
    report = imported(tmp_path, [service])

    assert not d.Attribute.objects.exists()
    assert d.TaxonomyTerm.objects.filter(
        pk=taxonomy_term["id"]
    ).exists()  # the term itself is not the service's
    assert report.counts["attribute"].removed == 1


def test_our_team_layer_is_never_touched(tmp_path):
    service = a_service(phones=[phone()], cost_options=[{"id": new_id(), "amount": 0}])
    imported(tmp_path, [service])
    entry = d.TeamService.objects.create(
        team=TeamFactory(), service_id=service["id"], notes="Ring before going"
    )

    service["phones"], service["cost_options"] = [], []
    imported(tmp_path, [service])

    entry.refresh_from_db()
    assert entry.notes == "Ring before going"
    assert str(entry.service_id) == service["id"]
    assert d.Service.objects.count() == 1


def test_search_facts_are_refreshed_after_a_removal(tmp_path, monkeypatch):
    free = {"id": new_id(), "amount": 0, "currency": "GBP"}
    service = a_service(cost_options=[free])
    imported(tmp_path, [service])
    assert d.SearchFacts.objects.get(service_id=service["id"]).is_free

    service["cost_options"] = []
    imported(tmp_path, [service])

    assert not d.SearchFacts.objects.get(service_id=service["id"]).is_free


def test_a_removal_through_a_location_refreshes_the_services_offered_there(tmp_path, monkeypatch):
    location = {
        "id": new_id(),
        "location_type": "physical",
        "name": "Hall",
        "schedules": [{"id": new_id(), "byday": "MO"}],
    }
    service = a_service(service_at_locations=[{"id": new_id(), "location": location}])
    imported(tmp_path, [service])
    asked: list[list[uuid.UUID]] = []
    monkeypatch.setattr(search, "refresh_for_services", asked.append, raising=False)

    location["schedules"] = []
    imported(tmp_path, [service])

    assert asked == [[uuid.UUID(service["id"])]]
    assert not d.Schedule.objects.exists()


def test_a_refused_file_removes_nothing(tmp_path):
    service = a_service(phones=[phone()])
    imported(tmp_path, [service])

    service["phones"] = []
    broken = a_service(status="not a status")
    report = import_path(write(tmp_path, [service, broken]))

    assert not report.ok
    assert d.Phone.objects.count() == 1


def test_a_failure_after_the_removal_undoes_it(tmp_path, monkeypatch):
    service = a_service(phones=[phone()])
    imported(tmp_path, [service])

    def refuse(service_ids: list[uuid.UUID]) -> None:
        assert not d.Phone.objects.exists()  # removed by then, in the import's transaction
        raise DatabaseError("disk full")

    monkeypatch.setattr(search, "refresh_for_services", refuse, raising=False)
    service["phones"] = []
    report = import_path(write(tmp_path, [service]))

    assert not report.ok
    assert d.Phone.objects.count() == 1


def test_a_tabular_package_only_adds_and_updates(tmp_path):
    service = a_service(phones=[phone()])
    imported(tmp_path, [service])
    (tmp_path / "services.csv").write_text(
        f"id,name,status\n{service['id']},Walking group,active\n", encoding="utf-8"
    )

    report = import_path(tmp_path / "services.csv")

    assert report.ok
    assert d.Phone.objects.count() == 1
    assert not any(counts.removed for counts in report.counts.values())


def test_a_removal_is_audited_with_the_counts(tmp_path):
    from connecting_people.core.models import AuditEvent

    service = a_service(phones=[phone()])
    imported(tmp_path, [service])
    service["phones"] = []
    imported(tmp_path, [service])

    event = AuditEvent.objects.order_by("pk").last()
    assert event.detail["phone"] == {"created": 0, "updated": 0, "unchanged": 0, "removed": 1}


def test_the_number_of_queries_for_removals_does_not_grow_with_the_file(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_empty(services: int) -> int:
        document = [a_service(phones=[phone(), phone()]) for _ in range(services)]
        imported(tmp_path, document)
        for service in document:
            service["phones"] = []
        with CaptureQueriesContext(connection) as queries:
            report = imported(tmp_path, document)
        assert report.counts["phone"].removed == 2 * services
        return len(queries)

    assert queries_to_empty(3) == queries_to_empty(30)
