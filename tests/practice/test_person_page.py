import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import services
from connecting_people.people.models import Interest, Skill
from connecting_people.plans.models import Contact, Goal, Step
from connecting_people.suggestions import services as suggestion_services
from tests.directory.factories import ServiceFactory
from tests.factories import PersonFactory

TODAY = timezone.localdate()
PAGES = ["practice:person", "practice:history", "practice:plan"]


@pytest.fixture
def person(cast):
    person = PersonFactory(
        team=cast.team,
        preferred_name="Ayo",
        keyworker=cast.practitioner,
        what_matters="Seeing my nephew and getting back to football.",
    )
    Interest.objects.create(person=person, when="used_to", description="Five-a-side football")
    Skill.objects.create(person=person, description="Cooking jollof rice", would_teach=True)
    goal = Goal.objects.create(
        person=person,
        text="Play football again",
        whose_idea="person",
        agreed_on=TODAY - dt.timedelta(days=20),
        review_on=TODAY + dt.timedelta(days=10),
    )
    Step.objects.create(
        goal=goal,
        text="Find a walking football group",
        who="together",
        status="done",
        done_on=TODAY - dt.timedelta(days=5),
    )
    Step.objects.create(goal=goal, text="Go along to a session", who="person", position=1)
    Contact.objects.create(
        person=person,
        kind="accompanied_visit",
        what_happened="Went to the club",
        happened_on=TODAY - dt.timedelta(days=3),
        went_along=True,
    )
    return person


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_person_pages_open_for_the_team(sign_in, cast, person, page, who):
    response = sign_in(getattr(cast, who)).get(reverse(page, args=[person.pk]))
    assert response.status_code == 200
    assert "Ayo" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who", ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]
)
def test_person_pages_refused_to_others(sign_in, cast, person, page, who):
    response = sign_in(getattr(cast, who)).get(reverse(page, args=[person.pk]))
    assert response.status_code == 404
    assert "Ayo" not in response.content.decode()


def test_person_page_follows_the_practice_cycle_and_is_audited(sign_in, cast, person):
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:person", args=[person.pk]))
        .content.decode()
    )
    positions = [html.index(f'id="{part}"') for part in ("assess", "plan", "do", "review")]
    assert positions == sorted(positions)
    for text in [
        "Seeing my nephew",
        "Five-a-side football",
        "Cooking jollof rice",
        "Play football again",
        "1 of 2",
        "Went to the club",
    ]:
        assert text in html, text
    assert AuditEvent.objects.filter(
        actor=cast.practitioner, action=AuditAction.VIEWED, target_type="people.person"
    ).exists()


def test_history_shows_every_status_change_after_coming_back(sign_in, cast, person):
    for to, extra in [("moved_on", {"destination": "lower_support"}), ("active", {})]:
        person.refresh_from_db()
        services.person_change_status(
            person=person, to=to, on=TODAY, by=cast.practitioner, version=person.version, **extra
        )
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:history", args=[person.pk]))
        .content.decode()
    )
    assert "Moved on" in html
    assert "Came back" in html
    assert "Went to the club" in html or "Went along together" in html


def test_printable_plan_is_in_plain_words(sign_in, cast, person):
    html = (
        sign_in(cast.practitioner).get(reverse("practice:plan", args=[person.pk])).content.decode()
    )
    assert "Ayo&#x27;s plan" in html or "Ayo's plan" in html
    assert "What I am working towards" in html
    assert "Go along to a session" in html


def test_person_page_query_count_does_not_grow_with_the_plan(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    url = reverse("practice:person", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(30):
        goal = Goal.objects.create(person=person, text=f"Goal {i}", whose_idea="together")
        for j in range(5):
            Step.objects.create(goal=goal, text=f"Step {j}", who="person", position=j)
        Interest.objects.create(person=person, when="do_now", description=f"Interest {i}")
        Contact.objects.create(person=person, kind="meeting", what_happened=f"Meeting {i}")
        suggestion_services.suggestion_create(
            person=person, by=None, source="worker", service=ServiceFactory(name=f"Club {i}")
        )
        _take(person, "ucla3", finish=i % 2 == 0)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_person_page_query_count_is_the_same_with_10_or_1000_people_on_the_team(
    sign_in, cast, person
):
    from connecting_people.people.models import Person

    client = sign_in(cast.practitioner)
    url = reverse("practice:person", args=[person.pk])
    Person.objects.bulk_create(Person(team=cast.team, preferred_name=f"P{i}") for i in range(9))
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    Person.objects.bulk_create(Person(team=cast.team, preferred_name=f"Q{i}") for i in range(990))
    with CaptureQueriesContext(connection) as thousand:
        client.get(url)
    assert len(thousand) == len(ten)


def test_person_page_shows_ideas_to_try_with_counts_and_the_shortlist_first(sign_in, cast, person):
    def suggest(name, **kwargs):
        return suggestion_services.suggestion_create(
            person=person, by=None, source="worker", service=ServiceFactory(name=name), **kwargs
        )

    for name in ("Choir", "Chess", "Bowls"):
        suggest(name)
    favourite = suggest("Walking football", shortlisted=True)
    tried = suggest("Pottery")
    suggestion_services.suggestion_move(suggestion=tried, by=None, to_status="tried", version=1)
    nope = suggest("Darts")
    suggestion_services.suggestion_move(
        suggestion=nope, by=None, to_status="not_for_me", version=1, reason="cost"
    )
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:person", args=[person.pk]))
        .content.decode()
    )
    panel = html[html.index('id="ideas"') : html.index('id="contacts"')]
    assert html.index('id="do"') < html.index('id="ideas"')
    counts = [int(n) for n in re.findall(r'cp-ideas-panel__count">(\d+)<', panel)]
    assert counts == [5, 1, 0]  # on their list (not counting "not for me"), tried, regularly
    # Three at most: the shortlisted one first, then the newest of those not yet tried.
    assert panel.index(favourite.service.name) < panel.index("Bowls") < panel.index("Chess")
    for name in ("Choir", "Pottery", "Darts"):
        assert name not in panel
    assert reverse("suggestions:page", args=[person.pk]) in panel


def test_person_page_ideas_panel_when_nothing_is_suggested_yet(sign_in, cast, person):
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:person", args=[person.pk]))
        .content.decode()
    )
    assert "Nothing on their list yet" in html
    assert "Find ideas to try" in html


def _take(person, slug, *, finish=True, on=None):
    from connecting_people.outcomes import services as outcome_services
    from connecting_people.outcomes.selectors import instrument_version

    answers = {
        "ucla3": {"lack_companionship": 2, "left_out": 2, "isolated": 2},
        "ons4": {"satisfied": 6, "worthwhile": 6, "happy": 6, "anxious": 6},
        "ons-lonely": {"lonely": 3},
    }[slug]
    response = outcome_services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=None,
        completed_by="with_worker",
        taken_on=on or TODAY,
        answers=answers if finish else {},
    )
    if finish:
        outcome_services.response_complete(response=response, by=None, version=response.version)
    return response


def _questionnaires(html):
    start = html.index('id="questionnaires"')
    return html[start : html.index("</div>", start)]


def test_person_page_shows_questionnaires_due_and_one_to_carry_on(sign_in, cast, person):
    person.started_on = TODAY - dt.timedelta(days=60)
    person.save()
    _take(person, "ucla3", on=TODAY - dt.timedelta(days=58))
    started = _take(person, "ons4", finish=False)
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:person", args=[person.pk]))
        .content.decode()
    )
    panel = _questionnaires(html)
    assert html.index('id="review"') < html.index('id="questionnaires"')
    # Started 60 days ago: the baseline's window shut at 28 days, so ONS4 and the ONS question
    # are overdue; UCLA-3 was taken at the start.
    assert panel.count("Overdue") == 2
    assert "Personal wellbeing" in panel
    assert "How often lonely" in panel
    assert "(at the start)" in panel
    assert "Loneliness (three questions)" not in panel.split("Started and not finished")[0]
    assert reverse("outcomes:answer", args=[person.pk, started.pk]) in panel
    assert reverse("outcomes:page", args=[person.pk]) in panel


def test_person_page_says_when_the_next_questionnaire_is(sign_in, cast, person):
    person.started_on = timezone.localdate()  # started today: the baseline is due now
    person.save(update_fields=["started_on"])
    for slug in ("ons4", "ucla3", "ons-lonely"):
        _take(person, slug)
    html = (
        sign_in(cast.practitioner)
        .get(reverse("practice:person", args=[person.pk]))
        .content.decode()
    )
    from connecting_people.outcomes.schedules import add_months

    next_due = add_months(person.started_on, 3)
    assert f"Nothing due now. The next is due {next_due.day} {next_due:%B %Y}." in html
