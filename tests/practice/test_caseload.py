import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.plans.models import Contact, Goal, GoalStatus
from tests.factories import PersonFactory

TODAY = timezone.localdate()


def ago(days):
    return TODAY - dt.timedelta(days=days)


def goal(person, review_in, status=GoalStatus.WORKING_ON):
    return Goal.objects.create(
        person=person,
        text="A goal",
        whose_idea="person",
        agreed_on=ago(60),
        review_on=TODAY + dt.timedelta(days=review_in),
        status=status,
    )


@pytest.fixture
def people(cast):
    overdue = PersonFactory(team=cast.team, preferred_name="Ada", keyworker=cast.practitioner)
    soon = PersonFactory(team=cast.team, preferred_name="Ben", keyworker=cast.team_lead)
    quiet = PersonFactory(team=cast.team, preferred_name="Cat", keyworker=cast.practitioner)
    gone = PersonFactory(
        team=cast.team,
        preferred_name="Dee",
        status="moved_on",
        moved_on_on=ago(5),
        destination="other",
        keyworker=cast.practitioner,
    )
    PersonFactory(team=cast.other_team, preferred_name="Eve", keyworker=cast.practitioner)
    goal(overdue, -3)
    goal(overdue, 20)
    goal(soon, 5)
    goal(soon, -10, status=GoalStatus.ACHIEVED)  # achieved goals do not count
    Contact.objects.create(person=overdue, happened_on=ago(2), kind="meeting", what_happened="Tea")
    Contact.objects.create(person=quiet, happened_on=ago(45), kind="meeting", what_happened="Walk")
    return {"overdue": overdue, "soon": soon, "quiet": quiet, "gone": gone}


def names(response):
    return [person.preferred_name for person in response.context["page"].object_list]


def test_my_people_are_the_ones_i_keywork_who_are_open(sign_in, cast, people):
    response = sign_in(cast.practitioner).get(reverse("practice:caseload"))
    assert names(response) == ["Ada", "Cat"]  # Eve is not on a team of theirs; Dee moved on


def test_team_view_shows_the_current_team(sign_in, cast, people):
    response = sign_in(cast.practitioner).get(reverse("practice:caseload"), {"view": "team"})
    assert names(response) == ["Ada", "Ben", "Cat"]


def test_caseload_summary_columns(sign_in, cast, people):
    response = sign_in(cast.team_lead).get(reverse("practice:caseload"), {"view": "team"})
    rows = {p.preferred_name: p for p in response.context["page"].object_list}
    assert rows["Ada"].next_review == TODAY - dt.timedelta(days=3)
    assert rows["Ada"].open_goal_count == 2
    assert rows["Ada"].last_contact == ago(2)
    assert rows["Ben"].next_review == TODAY + dt.timedelta(days=5)
    assert rows["Ben"].open_goal_count == 1
    assert rows["Cat"].next_review is None
    assert rows["Cat"].open_goal_count == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"review": "overdue"}, ["Ada"]),
        ({"review": "soon"}, ["Ben"]),
        ({"no_contact": "30"}, ["Ben", "Cat"]),
        ({"status": "moved_on"}, ["Dee"]),
        ({"status": "all"}, ["Ada", "Ben", "Cat", "Dee"]),
        ({"sort": "review"}, ["Ada", "Ben", "Cat"]),
        ({"sort": "contact"}, ["Ben", "Cat", "Ada"]),
        ({"status": "nonsense", "sort": "drop table"}, ["Ada", "Ben", "Cat"]),
    ],
)
def test_caseload_filters_and_sorts(sign_in, cast, people, query, expected):
    response = sign_in(cast.team_lead).get(reverse("practice:caseload"), {"view": "team", **query})
    assert names(response) == expected


@pytest.mark.parametrize("who", ["outsider", "evaluator", "org_admin", "other_practitioner"])
def test_caseload_shows_nobody_from_other_teams(sign_in, cast, people, who):
    response = sign_in(getattr(cast, who)).get(reverse("practice:caseload"), {"view": "team"})
    assert "Ada" not in names(response)


def _many(cast, n):
    for i in range(n):
        person = PersonFactory(
            team=cast.team, preferred_name=f"P{i:04d}", keyworker=cast.practitioner
        )
        goal(person, i % 30 - 10)
        Contact.objects.create(
            person=person, happened_on=ago(i % 50), kind="meeting", what_happened="x"
        )


@pytest.mark.parametrize("view", ["mine", "team"])
def test_caseload_query_count_does_not_grow_with_the_caseload(
    sign_in, cast, view, django_assert_max_num_queries
):
    client = sign_in(cast.practitioner)
    _many(cast, 10)
    client.get(reverse("practice:caseload"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("practice:caseload"), {"view": view})
    _many(cast, 1000 - 10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("practice:caseload"), {"view": view, "page": "3"})
    assert len(response.context["page"].object_list) == 25
    assert len(large) == len(small)
    assert len(large) <= 10
