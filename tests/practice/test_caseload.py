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
    # issue 15: +2 for the audit event (the chain's head, the event). (How many things need
    # doing is on its own page: worked out on "My people" it cost 0.4 s for a 2,500-person
    # caseload in `make bench`.) Issue 16: +1 for the team's keyworkers (moving several people
    # at once). Issue 14's people's own accounts: +0 here, as none of these people has one.
    assert len(large) <= 13


# Questionnaires due ------------------------------------------------------------------------------


def _take(person, slug, on):
    from connecting_people.outcomes import services
    from connecting_people.outcomes.models import CompletedBy
    from connecting_people.outcomes.selectors import instrument_version

    answers = {
        "ons4": {"satisfied": 7, "worthwhile": 7, "happy": 7, "anxious": 2},
        "ucla3": {"lack_companionship": 1, "left_out": 1, "isolated": 1},
        "ons-lonely": {"lonely": 2},
    }[slug]
    response = services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=None,
        completed_by=CompletedBy.WITH_WORKER,
        taken_on=on,
        answers=answers,
    )
    services.response_complete(response=response, by=None, version=response.version)


@pytest.fixture
def measured(cast, people):
    """Ada started 100 days ago and took nothing (overdue: the baseline's window has shut and
    the 3 months' window opened on day ~78, so it is due: the 3-month point); Ben started today
    (baseline due); Cat started 60 days ago (baseline overdue); Fay took everything today."""
    people["overdue"].started_on = ago(100)
    people["soon"].started_on = TODAY
    people["quiet"].started_on = ago(60)
    for person in (people["overdue"], people["soon"], people["quiet"]):
        person.save()
    settled = PersonFactory(
        team=cast.team, preferred_name="Fay", keyworker=cast.practitioner, started_on=TODAY
    )
    for slug in ("ons4", "ucla3", "ons-lonely"):
        _take(settled, slug, TODAY)
    return {**people, "settled": settled}


def test_caseload_tags_questionnaires_due_and_overdue(sign_in, cast, measured):
    response = sign_in(cast.team_lead).get(reverse("practice:caseload"), {"view": "team"})
    rows = {p.preferred_name: p for p in response.context["page"].object_list}
    assert rows["Ada"].measures_due.state == "due"  # the 3-month point
    assert rows["Ben"].measures_due.state == "due"  # the baseline
    assert rows["Cat"].measures_due.state == "overdue"
    assert rows["Fay"].measures_due.state == "upcoming"
    html = response.content.decode()
    row = {
        name: html[html.index(f">{name}</a>") :].split("</tr>")[0]
        for name in ("Ada", "Ben", "Cat", "Fay")
    }
    assert "Questionnaire due" in row["Ada"]
    assert "Questionnaire due" in row["Ben"]
    assert "Questionnaire overdue" in row["Cat"]
    assert "Questionnaire due" not in row["Fay"]
    assert "Questionnaire overdue" not in row["Fay"]


@pytest.mark.parametrize(
    ("measures", "expected"),
    [("due", ["Ada", "Ben", "Cat"]), ("overdue", ["Cat"]), ("", ["Ada", "Ben", "Cat", "Fay"])],
)
def test_caseload_filter_by_questionnaires(sign_in, cast, measured, measures, expected):
    response = sign_in(cast.team_lead).get(
        reverse("practice:caseload"), {"view": "team", "measures": measures}
    )
    assert names(response) == expected


def test_caseload_questionnaire_filter_keeps_to_the_team(sign_in, cast, measured):
    response = sign_in(cast.other_practitioner).get(
        reverse("practice:caseload"), {"view": "team", "measures": "due"}
    )
    assert names(response) == ["Eve"]  # their own team's, never Ada, Ben or Cat


@pytest.mark.parametrize("measures", ["", "due"])
def test_caseload_query_count_with_questionnaires_does_not_grow(sign_in, cast, measures):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sign_in(cast.practitioner)
    _many(cast, 10)
    query = {"view": "team", "measures": measures}
    client.get(reverse("practice:caseload"), query)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("practice:caseload"), query)
    _many(cast, 300)
    from connecting_people.people.models import Person

    for person in Person.objects.filter(team=cast.team)[:40]:
        _take(person, "ucla3", TODAY)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("practice:caseload"), {**query, "page": "3"})
    assert len(response.context["page"].object_list) == 25
    assert len(large) == len(small)
    # The page, its count, the user's teams and session; two more for questionnaires due on
    # the page, and three more to filter by them. Issue 15: +2 for the audit event of the page
    # (locking the chain's head, writing the event). Issue 14: +1 for the page's people's own
    # accounts (and one more, when any has one, to count their updates: tests/portal). Issue 16:
    # +1 for the team's keyworkers, to move several people to another at once.
    assert len(large) <= (16 if measures else 13)
