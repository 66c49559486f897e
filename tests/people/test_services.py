import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import services
from connecting_people.people.models import Destination, Person, Status, StatusChangeKind
from connecting_people.taxonomy.models import InterestCategory

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def person(cast):
    return services.person_create(
        team=cast.team, by=cast.practitioner, preferred_name="Ayo", started_on=days_ago(100)
    )


def test_person_create_starts_as_referred_with_history_and_audit(person, cast):
    assert person.status == Status.REFERRED
    change = person.status_changes.get()
    assert (change.kind, change.on, change.by) == (
        StatusChangeKind.REFERRED,
        days_ago(100),
        cast.practitioner,
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, target_id=str(person.pk)).exists()


def test_the_whole_lifecycle_keeps_every_step(person, cast):
    steps = [
        (Status.ACTIVE, 90, {}),
        (Status.MOVING_ON, 30, {}),
        (Status.MOVED_ON, 10, {"destination": Destination.BEYOND_SERVICES}),
        (Status.ACTIVE, 2, {}),
    ]
    for to, ago, extra in steps:
        person.refresh_from_db()
        services.person_change_status(
            person=person,
            to=to,
            on=days_ago(ago),
            by=cast.practitioner,
            version=person.version,
            **extra,
        )
    person.refresh_from_db()
    assert person.status == Status.ACTIVE
    assert person.moved_on_on is None  # came back: the door stays open
    kinds = list(person.status_changes.values_list("kind", flat=True))
    assert kinds == ["referred", "started", "moving_on", "moved_on", "returned"]


def test_person_return_is_one_step_from_moved_on(person, cast):
    services.person_move_on(
        person=person,
        on=days_ago(5),
        destination=Destination.LOWER_SUPPORT,
        plan="Keep going to the allotment",
        reason="",
        version=person.version,
        by=cast.practitioner,
    )
    assert person.status == Status.MOVED_ON
    services.person_return(
        person=person,
        on=TODAY,
        reason="Asked to come back",
        version=person.version,
        by=cast.team_lead,
    )
    person.refresh_from_db()
    assert person.status == Status.ACTIVE
    assert person.moving_on_plan == "Keep going to the allotment"
    assert person.status_changes.last().reason == "Asked to come back"


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.REFERRED, Status.MOVING_ON),
        (Status.ACTIVE, Status.REFERRED),
        (Status.MOVED_ON, Status.MOVING_ON),
    ],
)
def test_lifecycle_refuses_steps_it_does_not_allow(cast, start, to):
    person = Person.objects.create(
        team=cast.team,
        preferred_name="Bea",
        status=start,
        moved_on_on=days_ago(1) if start == Status.MOVED_ON else None,
        destination="other" if start == Status.MOVED_ON else "",
    )
    with pytest.raises(services.LifecycleError, match="cannot be marked"):
        services.person_change_status(
            person=person, to=to, on=TODAY, by=cast.practitioner, version=person.version
        )


def test_moving_on_needs_a_destination(person, cast):
    with pytest.raises(services.LifecycleError, match="moving on to"):
        services.person_change_status(
            person=person,
            to=Status.MOVED_ON,
            on=TODAY,
            by=cast.practitioner,
            version=person.version,
        )


def test_status_dates_cannot_go_back_before_the_last_change_or_forward(person, cast):
    with pytest.raises(services.LifecycleError, match="before the last change"):
        services.person_change_status(
            person=person,
            to=Status.ACTIVE,
            on=days_ago(200),
            by=cast.practitioner,
            version=person.version,
        )
    with pytest.raises(services.LifecycleError, match="future"):
        services.person_change_status(
            person=person,
            to=Status.ACTIVE,
            on=TODAY + dt.timedelta(days=1),
            by=cast.practitioner,
            version=person.version,
        )


def test_database_refuses_moved_on_without_date_and_destination(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(team=cast.team, preferred_name="Cy", status=Status.MOVED_ON)


def test_person_update_refuses_a_stale_version_and_says_what_changed(person, cast):
    stale = Person.objects.get(pk=person.pk)
    services.person_update(
        person=person, changes={"pronouns": "she/her"}, version=person.version, by=cast.practitioner
    )
    with pytest.raises(EditConflict) as refused:
        services.person_update(
            person=stale,
            changes={"pronouns": "they/them"},
            version=stale.version,
            by=cast.team_lead,
        )
    [difference] = refused.value.differences
    assert (difference.field, difference.theirs, difference.yours) == (
        "pronouns",
        "she/her",
        "they/them",
    )
    person.refresh_from_db()
    assert person.pronouns == "she/her"
    assert person.version == 2


def test_interests_and_skills_are_audited(person, cast):
    gardening = InterestCategory.objects.get(slug="nature-and-gardening")
    interest = services.interest_add(
        person=person,
        when="would_like_to_try",
        description="Growing tomatoes",
        categories=[gardening],
        by=cast.practitioner,
    )
    services.interest_update(
        interest=interest,
        when="do_now",
        description="Growing tomatoes",
        categories=[gardening],
        by=cast.practitioner,
    )
    skill = services.skill_add(
        person=person, description="Fixing bikes", would_teach=True, by=cast.practitioner
    )
    services.skill_remove(skill=skill, by=cast.practitioner)
    actions = list(
        AuditEvent.objects.filter(target_type__in=["people.interest", "people.skill"])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["created", "changed", "created", "deleted"]
    assert list(interest.categories.all()) == [gardening]
