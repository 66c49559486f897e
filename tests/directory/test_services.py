"""Changes to the directory: shared services (versioned, nothing richer lost) and a team's own layer
on them, each audited."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.hsds.interests import term_id_for
from connecting_people.directory.models import (
    Attribute,
    CostOption,
    Feedback,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKnower,
    TaxonomyTerm,
    TeamService,
)
from connecting_people.directory.models.hsds import LocationType, ServiceStatus
from connecting_people.directory.search.engine import SearchQuery, search_services
from connecting_people.directory.team import services
from connecting_people.directory.team.editing import (
    FREE,
    IN_PERSON,
    ONLINE,
    PAID,
    ServiceDetails,
    WeeklySession,
    details_for,
)
from tests.directory.factories import (
    FeedbackFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
)


def _details(**changes):
    details = ServiceDetails(
        name="Tuesday Walking Group",
        organisation="Riverside Ramblers",
        description="A gentle walk by the river, then a cup of tea.",
        eligibility="Adults who would like some company outdoors.",
        minimum_age=18,
        maximum_age=None,
        categories=["nature-and-gardening", "sport-and-movement"],
        cost=FREE,
        cost_description="Tea is 50p.",
        sessions=[WeeklySession(day="TU", opens_at=dt.time(10), closes_at=dt.time(11, 30))],
        ways=[IN_PERSON],
        address_1="The Boathouse",
        address_2="River Lane",
        city="Leeds",
        county="West Yorkshire",
        postcode="LS6 2AB",
        latitude=53.82,
        longitude=-1.58,
        transportation="The 56 bus stops outside.",
        accessibility="Flat paths; benches every 200 metres.",
        phone="0113 496 0001",
        email="walks@example.org",
        website="https://example.org/walks",
    )
    return dataclasses.replace(details, **changes)


def _events(action, target_type="directory.service"):
    return AuditEvent.objects.filter(action=action, target_type=target_type)


# Adding a service -------------------------------------------------------------------------------


def test_service_create_builds_the_hsds_objects(cast):
    service = services.service_create(details=_details(), by=cast.practitioner, team=cast.team)

    assert service.organization.name == "Riverside Ramblers"
    assert service.status == ServiceStatus.ACTIVE
    assert service.last_modified is not None
    link = ServiceAtLocation.objects.get(service=service)
    assert link.location.location_type == LocationType.PHYSICAL
    assert (link.location.latitude, link.location.longitude) == (53.82, -1.58)
    address = link.location.addresses.get()
    assert (address.address_1, address.city, address.postal_code, address.country) == (
        "The Boathouse",
        "Leeds",
        "LS6 2AB",
        "GB",
    )
    assert link.location.accessibility.get().description.startswith("Flat paths")
    cost = CostOption.objects.get(service=service)
    assert (cost.amount, cost.currency) == (Decimal(0), "GBP")
    schedule = Schedule.objects.get(service=service)
    assert (schedule.freq, schedule.byday, schedule.interval) == ("WEEKLY", "TU", None)
    assert (schedule.opens_at, schedule.closes_at) == (dt.time(10), dt.time(11, 30))
    terms = Attribute.objects.filter(link_entity="service", link_id=service.id)
    assert {a.taxonomy_term_id for a in terms} == {
        term_id_for("nature-and-gardening"),
        term_id_for("sport-and-movement"),
    }
    assert service.phones.get().number == "0113 496 0001"


def test_service_create_reads_back_as_it_was_typed(cast):
    typed = _details()
    service = services.service_create(details=typed, by=cast.practitioner, team=cast.team)
    assert details_for(service) == typed


def test_service_create_online_and_paid_every_other_week(cast):
    typed = _details(
        ways=[ONLINE],
        online_url="https://meet.example.org/walk",
        cost=PAID,
        amount=Decimal("3.50"),
        sessions=[
            WeeklySession(
                day="TH",
                opens_at=dt.time(19),
                closes_at=None,
                every_other_week=True,
                first_on=dt.date(2026, 12, 3),
            )
        ],
        address_1="",
        address_2="",
        city="",
        county="",
        postcode="",
        latitude=None,
        longitude=None,
        transportation="",
        accessibility="",
    )
    service = services.service_create(details=typed, by=cast.practitioner, team=cast.team)

    location = ServiceAtLocation.objects.get(service=service).location
    assert location.location_type == LocationType.VIRTUAL
    assert location.url == "https://meet.example.org/walk"
    schedule = Schedule.objects.get(service=service)
    assert (schedule.interval, schedule.dtstart) == (2, dt.date(2026, 12, 3))
    assert CostOption.objects.get(service=service).amount == Decimal("3.50")
    assert details_for(service) == typed


def test_service_create_reuses_an_organisation_whatever_its_capitals(cast):
    existing = OrganizationFactory(name="Riverside Ramblers")
    service = services.service_create(
        details=_details(organisation="  riverside   RAMBLERS "), by=cast.practitioner
    )
    assert service.organization == existing
    assert Organization.objects.count() == 1


def test_service_create_the_team_starts_using_it_and_it_is_audited(cast):
    service = services.service_create(details=_details(), by=cast.practitioner, team=cast.team)

    entry = TeamService.objects.get(service=service)
    assert (entry.team, entry.added_by) == (cast.team, cast.practitioner)
    assert entry.check_due_on is None  # never checked: due now
    created = _events(AuditAction.CREATED).get()
    assert (created.actor, created.target_id) == (cast.practitioner, str(service.pk))
    assert _events(AuditAction.CREATED, "directory.teamservice").get().team_id == cast.team.pk


def test_a_new_service_is_found_by_search_straight_away(cast):
    services.service_create(details=_details(), by=cast.practitioner, team=cast.team)
    found = search_services(SearchQuery(text="walking"))
    assert [m.service.name for m in found.matches] == ["Tuesday Walking Group"]
    assert search_services(SearchQuery(days=["TU"])).total == 1
    assert search_services(SearchQuery(days=["WE"])).total == 0


# Changing a service -----------------------------------------------------------------------------


@pytest.fixture
def walking(cast):
    return services.service_create(details=_details(), by=cast.practitioner, team=cast.team)


def test_service_update_saves_bumps_the_version_and_names_what_changed(cast, walking):
    changed = _details(
        name="Riverside Walk",
        sessions=[WeeklySession(day="WE", opens_at=dt.time(14), closes_at=dt.time(15))],
        categories=["nature-and-gardening"],
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    schedule_id = Schedule.objects.get(service=walking).pk

    services.service_update(service=walking, details=changed, version=1, by=cast.team_lead)

    walking.refresh_from_db()
    assert (walking.name, walking.version, walking.status) == (
        "Riverside Walk",
        2,
        "temporarily closed",
    )
    assert details_for(walking) == changed
    assert Schedule.objects.get(service=walking).pk == schedule_id  # the same schedule, changed
    event = _events(AuditAction.CHANGED).get()
    assert event.actor == cast.team_lead
    assert set(event.detail["fields"]) == {"name", "sessions", "categories", "status"}
    assert search_services(SearchQuery(text="walk", include_closed=True)).total == 1
    assert search_services(SearchQuery(days=["WE"], include_closed=True)).total == 1


def test_service_update_refused_when_someone_else_saved_first(cast, walking):
    services.service_update(
        service=walking, details=_details(name="Their name"), version=1, by=cast.team_lead
    )
    stale = Service.objects.get(pk=walking.pk)
    stale.version = 1
    mine = _details(
        name="My name",
        sessions=[WeeklySession(day="FR", opens_at=dt.time(9), closes_at=None)],
    )

    with pytest.raises(EditConflict) as refused:
        services.service_update(service=stale, details=mine, version=1, by=cast.practitioner)

    differences = {d.field: (d.theirs, d.yours) for d in refused.value.differences}
    assert differences["name"] == ("Their name", "My name")
    assert "Friday" in differences["sessions"][1]
    assert refused.value.current.version == 2
    walking.refresh_from_db()
    assert walking.name == "Their name"
    assert Schedule.objects.get(service=walking).byday == "TU"


def test_service_update_keeps_what_the_page_cannot_show(cast, walking):
    monthly = ScheduleFactory(service=walking, freq="MONTHLY", byday="1MO")
    imported = TaxonomyTerm.objects.create(name="Rambling", description="Walks", taxonomy="Other")
    Attribute.objects.create(link_entity="service", link_id=walking.id, taxonomy_term=imported)
    second_place = in_person(walking, city="Otley")

    services.service_update(
        service=walking, details=_details(categories=[]), version=1, by=cast.practitioner
    )

    assert Schedule.objects.filter(pk=monthly.pk).exists()
    assert Attribute.objects.filter(link_id=walking.id, taxonomy_term=imported).exists()
    assert not Attribute.objects.filter(link_id=walking.id, taxonomy_term_id=term_id_for("music"))
    assert Attribute.objects.filter(link_id=walking.id).count() == 1
    assert ServiceAtLocation.objects.filter(service=walking, location=second_place).exists()


def test_moving_online_removes_the_place_unless_another_service_is_there(cast, walking):
    place = ServiceAtLocation.objects.get(service=walking).location
    neighbour = ServiceFactory()
    ServiceAtLocation.objects.create(service=neighbour, location=place)
    online = _details(ways=[ONLINE], online_url="https://example.org/online")

    services.service_update(service=walking, details=online, version=1, by=cast.practitioner)

    kinds = [s.location.location_type for s in ServiceAtLocation.objects.filter(service=walking)]
    assert kinds == [LocationType.VIRTUAL]
    assert Location.objects.filter(pk=place.pk).exists()  # the neighbour is still there

    alone = services.service_create(details=_details(name="Alone"), by=cast.practitioner)
    alone_place = ServiceAtLocation.objects.get(service=alone).location
    services.service_update(service=alone, details=online, version=1, by=cast.practitioner)
    assert not Location.objects.filter(pk=alone_place.pk).exists()


def test_saying_not_sure_about_the_cost_removes_it(cast, walking):
    services.service_update(
        service=walking, details=_details(cost=""), version=1, by=cast.practitioner
    )
    assert not CostOption.objects.filter(service=walking).exists()


# The team's layer -------------------------------------------------------------------------------


def test_entry_add_once_per_team(cast):
    service = ServiceFactory()
    first = services.entry_add(team=cast.team, service=service, by=cast.practitioner, notes="Hi")
    again = services.entry_add(team=cast.team, service=service, by=cast.team_lead)
    assert first == again
    assert TeamService.objects.count() == 1
    assert _events(AuditAction.CREATED, "directory.teamservice").count() == 1


def test_entry_add_refuses_a_check_interval_out_of_range(cast):
    with pytest.raises(ValidationError):
        services.entry_add(
            team=cast.team, service=ServiceFactory(), by=cast.practitioner, check_every_months=25
        )


def test_entry_update_versioned_and_due_date_follows_the_interval(cast):
    entry = TeamServiceFactory(team=cast.team, last_checked_on=dt.date(2026, 1, 31))
    assert entry.check_due_on == dt.date(2026, 7, 31)
    changes = {
        "contact_name": "Ann",
        "contact_how": "07700 900000",
        "notes": "",
        "check_every_months": 1,
    }

    services.entry_update(entry=entry, changes=changes, version=1, by=cast.practitioner)

    entry.refresh_from_db()
    assert (entry.contact_name, entry.version) == ("Ann", 2)
    assert entry.check_due_on == dt.date(2026, 2, 28)
    event = _events(AuditAction.CHANGED, "directory.teamservice").get()
    assert event.detail == {"fields": ["check_every_months", "contact_how", "contact_name"]}
    assert "Ann" not in str(event.detail)  # the trail keeps no one's words

    with pytest.raises(EditConflict):
        services.entry_update(entry=entry, changes=changes, version=1, by=cast.team_lead)


def test_entry_mark_checked_sets_today_who_and_the_next_due_date(cast):
    entry = TeamServiceFactory(team=cast.team, check_every_months=3)
    assert entry.is_due()

    services.entry_mark_checked(entry=entry, by=cast.practitioner)

    entry.refresh_from_db()
    today = timezone.localdate()
    assert (entry.last_checked_on, entry.last_checked_by) == (today, cast.practitioner)
    assert entry.check_due_on > today
    assert (entry.check_due_on.year * 12 + entry.check_due_on.month) - (
        today.year * 12 + today.month
    ) == 3
    assert not entry.is_due()
    assert _events(AuditAction.CHANGED, "directory.teamservice").get().detail == {
        "checked_on": today.isoformat()
    }


def test_knower_add_only_someone_in_the_team(cast):
    entry = TeamServiceFactory(team=cast.team)
    with pytest.raises(ValidationError):
        services.knower_add(entry=entry, user=cast.other_practitioner, by=cast.practitioner)
    knower = services.knower_add(
        entry=entry, user=cast.team_lead, by=cast.practitioner, how="Organiser", can_go_along=True
    )
    again = services.knower_add(entry=entry, user=cast.team_lead, by=cast.team_lead, how="Went")
    assert knower.pk == again.pk
    assert ServiceKnower.objects.get().how == "Went"
    events = _events(AuditAction.CHANGED, "directory.teamservice")
    assert [e.detail for e in events.order_by("pk")] == [
        {"knower_added": cast.team_lead.pk},
        {"knower_changed": cast.team_lead.pk},
    ]


def test_knower_remove_is_audited(cast):
    knower = ServiceKnowerFactory(entry=TeamServiceFactory(team=cast.team), user=cast.team_lead)
    services.knower_remove(knower=knower, by=cast.practitioner)
    assert not ServiceKnower.objects.exists()
    assert _events(AuditAction.CHANGED, "directory.teamservice").get().detail == {
        "knower_removed": cast.team_lead.pk
    }


def test_feedback_add_records_and_audits_without_the_words(cast):
    entry = TeamServiceFactory(team=cast.team)
    feedback = services.feedback_add(
        entry=entry, rating="went_well", kept_going=True, note="  Loved it  ", by=cast.practitioner
    )
    assert (feedback.note, feedback.recorded_by) == ("Loved it", cast.practitioner)
    event = _events(AuditAction.CREATED, "directory.feedback").get()
    assert event.team_id == cast.team.pk
    assert event.detail == {"rating": "went_well", "kept_going": True}
    with pytest.raises(ValidationError):
        services.feedback_add(entry=entry, rating="brilliant", by=cast.practitioner)


def test_entry_remove_takes_the_teams_layer_with_it(cast):
    entry = TeamServiceFactory(team=cast.team)
    ServiceKnowerFactory(entry=entry, user=cast.practitioner)
    FeedbackFactory(entry=entry)
    other = TeamServiceFactory(team=cast.other_team, service=entry.service)

    services.entry_remove(entry=entry, by=cast.team_lead)

    assert list(TeamService.objects.all()) == [other]
    assert not Feedback.objects.exists()
    assert Service.objects.filter(pk=entry.service_id).exists()
    event = _events(AuditAction.DELETED, "directory.teamservice").get()
    assert event.detail == {"service": str(entry.service_id)}


def test_entry_remove_is_only_for_team_leads(cast):
    entry = TeamServiceFactory(team=cast.team)
    FeedbackFactory(entry=entry)

    with pytest.raises(PermissionDenied):
        services.entry_remove(entry=entry, by=cast.practitioner)

    assert TeamService.objects.filter(pk=entry.pk).exists()
    assert Feedback.objects.filter(entry=entry).exists()


def test_a_service_added_on_the_screens_exports_as_valid_hsds(cast):
    """What staff type becomes objects the official schema accepts (in person and online)."""
    from connecting_people.directory.hsds.serialise import service_json
    from tests.directory.hsds_schemas import check_shape

    both = _details(ways=[IN_PERSON, ONLINE], online_url="https://meet.example.org/walk")
    service = services.service_create(details=both, by=cast.practitioner, team=cast.team)
    check_shape(service_json(Service.objects.get(pk=service.pk)), "compiled/service.json")


# Access features and who it is for (issue 17) ---------------------------------------------------


def test_access_features_and_audience_are_recorded_read_back_and_searched(cast):
    from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS
    from connecting_people.directory.fit_records import read_access
    from connecting_people.directory.models import SearchFacts

    typed = _details(access_features=["step_free", "seating"], audience=["carers"])
    service = services.service_create(details=typed, by=cast.practitioner, team=cast.team)
    assert details_for(service) == typed
    row = SearchFacts.objects.get(service=service)
    assert row.access_features == ACCESS_BITS["step_free"] | ACCESS_BITS["seating"]
    assert row.audience == AUDIENCE_BITS["carers"]
    changed = _details(access_features=["hearing_loop"], audience=[])
    services.service_update(service=service, details=changed, version=1, by=cast.team_lead)
    assert details_for(service) == changed
    event = _events(AuditAction.CHANGED).get()
    assert set(event.detail["fields"]) == {"access_features", "audience"}
    row = SearchFacts.objects.get(service=service)  # rebuilt: a new row
    assert (row.access_features, row.audience) == (ACCESS_BITS["hearing_loop"], 0)
    location = Location.objects.get(service_at_locations__service=service)
    online = _details(ways=[ONLINE], online_url="https://example.org/join")
    services.service_update(service=service, details=online, version=2, by=cast.team_lead)
    assert read_access("location", location.id) == []  # the place went, and its features
