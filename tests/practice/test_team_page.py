"""The team page: what the team did this month and quarter, what is coming up, who may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection
from connecting_people.people.models import Person, Skill
from connecting_people.practice.team_page import buzz, due, periods
from connecting_people.suggestions.models import SuggestionStatus
from tests.directory.factories import TeamServiceFactory
from tests.plans.factories import ContactFactory, GoalFactory, PersonFactory
from tests.suggestions.factories import SuggestionChangeFactory, SuggestionFactory

# A fixed day, so that "this month" and "this quarter" differ: 7 December 2026 is in the month
# from 1 December and the quarter from 1 October.
TODAY = dt.date(2026, 12, 7)
IN_MONTH = dt.date(2026, 12, 2)
IN_QUARTER = dt.date(2026, 10, 20)
LAST_QUARTER = dt.date(2026, 9, 30)


def test_periods_are_this_month_this_quarter_and_the_last_whole_quarter():
    assert periods.this_month(TODAY) == periods.Period(dt.date(2026, 12, 1), TODAY)
    assert periods.this_quarter(TODAY) == periods.Period(dt.date(2026, 10, 1), TODAY)
    assert periods.last_quarter(TODAY) == periods.Period(dt.date(2026, 7, 1), LAST_QUARTER)
    assert periods.last_quarter(dt.date(2027, 2, 1)) == periods.Period(
        dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    )


def connect(person, started_on, **fields):
    values = {"label": "A", "kind": "friend", "ring": "close", "began": "activity"} | fields
    return Connection.objects.create(person=person, started_on=started_on, **values)


@pytest.fixture
def team_people(cast):
    return Person.objects.filter(team=cast.team)


def test_a_new_connection_counts_by_its_start_date_and_never_when_already_known(cast, team_people):
    ada = PersonFactory(team=cast.team, preferred_name="Ada")
    ben = PersonFactory(team=cast.team, preferred_name="Ben")
    connect(ada, IN_MONTH)
    connect(ada, IN_QUARTER)
    connect(ben, IN_QUARTER, began="")  # how it began not recorded: still new
    connect(ben, LAST_QUARTER)  # before the quarter
    connect(ben, None)  # no start date: nobody can say when it began
    connect(ben, IN_MONTH, began="already")  # they already knew them
    connect(ben, IN_MONTH, inside_services=True)  # a worker: not outside services
    connect(PersonFactory(team=cast.other_team), IN_MONTH)  # another team's person
    found = buzz.new_connections(team_people, buzz.periods_for(TODAY))
    assert found["connections"] == buzz.Counts(month=1, quarter=3)
    assert found["people"] == buzz.Counts(month=1, quarter=2)
    assert [c.started_on for c in found["latest"]] == [IN_MONTH, IN_QUARTER, IN_QUARTER]


def test_activities_count_the_suggestions_tried_and_kept_up_in_each_period(cast, team_people):
    ada = PersonFactory(team=cast.team)
    walk = SuggestionFactory(person=ada, status=SuggestionStatus.GOING_REGULARLY)
    SuggestionChangeFactory(suggestion=walk, to_status="tried", on=IN_QUARTER)
    SuggestionChangeFactory(suggestion=walk, to_status="going_regularly", on=IN_MONTH)
    choir = SuggestionFactory(person=ada, status=SuggestionStatus.TRIED)
    SuggestionChangeFactory(suggestion=choir, to_status="tried", on=IN_MONTH)
    SuggestionChangeFactory(suggestion=choir, to_status="talked_about", on=IN_MONTH)
    old = SuggestionFactory(person=ada, status=SuggestionStatus.TRIED)
    SuggestionChangeFactory(suggestion=old, to_status="tried", on=LAST_QUARTER)
    elsewhere = SuggestionFactory(person=PersonFactory(team=cast.other_team))
    SuggestionChangeFactory(suggestion=elsewhere, to_status="tried", on=IN_MONTH)
    found = buzz.activities(team_people, buzz.periods_for(TODAY))
    assert found["tried"] == buzz.Counts(month=1, quarter=2)
    assert found["kept_going"] == buzz.Counts(month=1, quarter=1)
    assert len(found["latest"]) == 3


def _entry(team, *, added, checked=None, by=None, added_by=None):
    entry = TeamServiceFactory(
        team=team, last_checked_on=checked, last_checked_by=by, added_by=added_by
    )
    added_at = timezone.make_aware(dt.datetime.combine(added, dt.time(12)))
    type(entry).objects.filter(pk=entry.pk).update(created_at=added_at)
    return entry


def test_services_added_and_re_checked_say_by_whom(cast):
    pat, lee = cast.practitioner, cast.team_lead
    _entry(cast.team, added=IN_MONTH, added_by=pat)
    _entry(cast.team, added=IN_QUARTER, added_by=pat, checked=IN_MONTH, by=pat)  # added, not re-
    _entry(cast.team, added=LAST_QUARTER, checked=IN_MONTH, by=lee)
    _entry(cast.team, added=LAST_QUARTER, checked=IN_QUARTER, by=lee)
    _entry(cast.team, added=LAST_QUARTER, checked=IN_QUARTER, by=pat)
    _entry(cast.team, added=LAST_QUARTER, checked=LAST_QUARTER, by=pat)  # checked too long ago
    _entry(cast.other_team, added=IN_MONTH, added_by=pat)
    found = buzz.directory_work(cast.team, buzz.periods_for(TODAY), today=TODAY)
    assert found["added"] == buzz.Counts(month=1, quarter=2)
    assert found["rechecked"] == buzz.Counts(month=1, quarter=3)
    assert found["added_by"] == [("Pat Practitioner", 2)]
    assert found["checked_by"] == [("Lee Lead", 2), ("Pat Practitioner", 1)]


def test_skills_shared_come_from_contacts_and_skills_offered(cast, team_people):
    ada = PersonFactory(team=cast.team)
    ContactFactory(person=ada, happened_on=IN_MONTH, taught_skill=True)
    ContactFactory(person=ada, happened_on=IN_QUARTER, taught_skill=True)
    ContactFactory(person=ada, happened_on=IN_MONTH, taught_skill=False)
    offered = Skill.objects.create(person=ada, description="Baking bread", would_teach=True)
    Skill.objects.create(person=ada, description="Knitting", would_teach=False)
    Skill.objects.filter(pk=offered.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(IN_MONTH, dt.time(9)))
    )
    found = buzz.skills_shared(team_people, buzz.periods_for(TODAY))
    assert found["taught"] == buzz.Counts(month=1, quarter=2)
    assert found["taught_people"] == buzz.Counts(month=1, quarter=1)
    assert found["offered"] == buzz.Counts(month=1, quarter=1)
    assert [s.description for s in found["latest"]] == ["Baking bread"]


def test_reviews_due_and_overdue_count_open_goals_of_people_still_with_the_team(cast, team_people):
    ada = PersonFactory(team=cast.team)
    agreed = TODAY - dt.timedelta(days=60)  # before every review date below, whatever the day
    gone = PersonFactory(team=cast.team, status="moved_on", moved_on_on=TODAY, destination="other")
    GoalFactory(agreed_on=agreed, person=ada, review_on=TODAY - dt.timedelta(days=1))
    GoalFactory(agreed_on=agreed, person=ada, review_on=TODAY - dt.timedelta(days=30))
    GoalFactory(agreed_on=agreed, person=ada, review_on=TODAY)  # due today: not yet late
    GoalFactory(
        agreed_on=agreed, person=ada, review_on=TODAY + dt.timedelta(days=15)
    )  # too far off
    GoalFactory(
        agreed_on=agreed, person=ada, review_on=TODAY - dt.timedelta(days=1), status="achieved"
    )
    GoalFactory(agreed_on=agreed, person=gone, review_on=TODAY - dt.timedelta(days=1))
    found = due.reviews(team_people, today=TODAY)
    assert found == {"overdue": 2, "overdue_people": 1, "due": 1, "due_people": 1}


def test_people_without_contact_for_a_while_are_listed_longest_first(cast, team_people):
    never = PersonFactory(team=cast.team, preferred_name="Never")
    quiet = PersonFactory(team=cast.team, preferred_name="Quiet")
    recent = PersonFactory(team=cast.team, preferred_name="Recent")
    ContactFactory(person=quiet, happened_on=TODAY - dt.timedelta(days=31))
    ContactFactory(person=quiet, happened_on=TODAY - dt.timedelta(days=45))
    ContactFactory(person=recent, happened_on=TODAY - dt.timedelta(days=29))
    found = due.no_contact(team_people, today=TODAY)
    assert found["count"] == 2
    assert [p.preferred_name for p in found["longest"]] == [never.preferred_name, "Quiet"]


# The page ---------------------------------------------------------------------------------------


def test_the_team_page_names_the_teams_people_and_links_to_them(sign_in, cast):
    ada = PersonFactory(team=cast.team, preferred_name="Adaline")
    connect(ada, timezone.localdate())
    PersonFactory(team=cast.other_team, preferred_name="Southerner")
    response = sign_in(cast.practitioner).get(reverse("team:page"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adaline" in page
    assert reverse("network:map", args=[ada.pk]) in page
    assert reverse("practice:person", args=[ada.pk]) in page  # no contact yet
    assert "Southerner" not in page


def test_the_team_page_is_audited_with_the_people_it_named(sign_in, cast):
    ada = PersonFactory(team=cast.team)
    sign_in(cast.practitioner).get(reverse("team:page"))
    event = AuditEvent.objects.get(actor=cast.practitioner, action=AuditAction.VIEWED)
    assert event.detail["report"] == "team-page"
    assert event.detail["people"] == [ada.pk]


def test_someone_in_no_team_is_refused_the_team_page_and_it_is_audited(sign_in, cast):
    response = sign_in(cast.org_admin).get(reverse("team:page"))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=cast.org_admin, action=AuditAction.REFUSED).exists()


def test_the_main_navigation_leads_to_the_team_page(sign_in, cast):
    response = sign_in(cast.practitioner).get(reverse("practice:caseload"))
    assert f'href="{reverse("team:page")}"' in response.content.decode()


def _busy(team, n):
    """n people, each with a connection, a contact, a goal, a skill and a suggestion tried."""
    today = timezone.localdate()
    for _ in range(n):
        person = PersonFactory(team=team)
        connect(person, today)
        ContactFactory(person=person, happened_on=today - dt.timedelta(days=40), taught_skill=True)
        GoalFactory(person=person, review_on=today - dt.timedelta(days=1))
        Skill.objects.create(person=person, description="Gardening", would_teach=True)
        change = SuggestionFactory(person=person, status="tried")
        SuggestionChangeFactory(suggestion=change, to_status="tried", on=today)
        TeamServiceFactory(team=team)


def test_the_team_page_costs_the_same_queries_however_many_people(sign_in, cast):
    client = sign_in(cast.team_lead)
    _busy(cast.team, 2)
    client.get(reverse("team:page"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("team:page"))
    _busy(cast.team, 20)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("team:page"))
    assert response.status_code == 200
    assert len(large) == len(small)
    # The team page itself with the session, the menu and the audit (33), and the practice
    # indicators' summary (12).
    assert len(large) <= 45


def test_the_practice_summary_comes_from_the_indicators(sign_in, cast):
    person = PersonFactory(team=cast.team)
    connect(person, timezone.localdate())
    PersonFactory(team=cast.team)
    page = sign_in(cast.practitioner).get(reverse("team:page")).content.decode()
    assert "How fully we practise" in page
    assert "Has a network map" in page
    assert reverse("indicators:team") in page
