"""A person's change over time: the words (compared with the one before and the first, better or
worse by the score's direction, answers compared question by question for loneliness), the
charts with bands only where the definition gives them, and who may see the page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import change
from connecting_people.outcomes.models import Response
from tests.factories import PersonFactory
from tests.outcomes.change_helpers import days_ago, ons4, take, ucla3


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Morwenna")


def _history(person):
    return change.person_change(
        list(Response.objects.filter(person=person).select_related("instrument", "scored_with"))
    )


def _by_slug(person):
    return {c.slug: c for c in _history(person)}


def test_when_says_the_month_or_the_year_as_needed():
    latest = dt.date(2026, 11, 20)
    assert change.when(dt.date(2026, 3, 4), latest) == "March"
    assert change.when(dt.date(2025, 12, 4), latest) == "December 2025"
    assert change.when(dt.date(2026, 11, 2), latest) == "2 November"


def test_life_satisfaction_in_words_with_its_bands(person):
    take(person, "ons4", ons4(4, anxious=6), dt.date(2026, 6, 10))
    take(person, "ons4", ons4(7, anxious=3), dt.date(2026, 9, 10))
    words = _by_slug(person)["ons4"].words
    assert (
        "Your life satisfaction score went from 4 (low) to 7 (high) since June: "
        "a change for the better." in words
    )
    assert (
        "Your anxiety score went from 6 (high) to 3 (low) since June: a change for the better. "
        "For anxiety, lower is better." in words
    )
    assert "Your happiness score was 6 (medium), the same as in June." in words


def test_a_change_for_the_worse_is_said_gently(person):
    take(person, "ons4", ons4(8, anxious=1), days_ago(120))
    take(person, "ons4", ons4(5, anxious=7), days_ago(10))
    words = " ".join(_by_slug(person)["ons4"].words)
    assert "went from 8 (high) to 5 (medium)" in words
    assert "not the way we hope, and worth talking about together" in words
    assert "went from 1 (very low) to 7 (high)" in words


def test_loneliness_answers_compared_question_by_question(person):
    take(person, "ucla3", ucla3(3, 3, 2), dt.date(2026, 3, 5))
    take(person, "ucla3", ucla3(3, 2, 3), dt.date(2026, 6, 5))
    take(person, "ons-lonely", {"lonely": 4}, dt.date(2026, 3, 5))
    take(person, "ons-lonely", {"lonely": 2}, dt.date(2026, 6, 5))
    found = _by_slug(person)
    words = found["ucla3"].words
    assert "You said you felt left out less often than in March." in words
    assert "You said you felt isolated from others more often than in March." in words
    assert "You said you felt you lacked companionship about as often as in March." in words
    assert (
        "Your loneliness score was 8, the same as in March. A lower score means feeling lonely "
        "less often." in words
    )
    # The direct question is said as how often, not as a number.
    assert found["ons-lonely"].words == ["You said you felt lonely less often than in March."]
    assert found["ons-lonely"].rows[0][1] == ["Some of the time"]


def test_three_or_more_compared_with_the_first_too(person):
    take(person, "ons4", ons4(3), dt.date(2026, 1, 15))
    take(person, "ons4", ons4(5), dt.date(2026, 4, 15))
    take(person, "ons4", ons4(7), dt.date(2026, 7, 15))
    words = _by_slug(person)["ons4"].words
    assert "Your life satisfaction score went from 5 (medium) to 7 (high) since April: " \
        "a change for the better." in words  # fmt: skip
    assert (
        "Your life satisfaction score went from 3 (low) to 7 (high) since you first answered, "
        "in January: a change for the better." in words
    )


def test_one_response_says_there_is_nothing_to_compare_yet(person):
    take(person, "ons4", ons4(3), dt.date(2026, 1, 15))
    assert _by_slug(person)["ons4"].words == [
        "Done once so far, on 15 January 2026. When it is done again, this page will say what "
        "has changed."
    ]


def test_charts_draw_bands_only_from_the_definition(person):
    take(person, "ons4", ons4(4), days_ago(100))
    take(person, "ucla3", ucla3(2, 2, 2), days_ago(100))
    take(person, "ons4", ons4(7), days_ago(5))
    found = _by_slug(person)
    satisfied, *_, anxious = found["ons4"].charts
    assert [b.label for b in satisfied.bands] == ["Low", "Medium", "High", "Very high"]
    assert [(b.low, b.high) for b in satisfied.bands] == [
        (0, 4.5),
        (4.5, 6.5),
        (6.5, 8.5),
        (8.5, 10),
    ]
    assert [b.label for b in anxious.bands] == ["Very low", "Low", "Medium", "High"]
    assert anxious.title == "Anxiety yesterday (lower is better)"
    svg = str(satisfied.svg())
    assert 'role="img"' in svg
    assert "Very high" in svg
    assert "<polyline" in svg
    assert "4 on " in satisfied.description
    assert "7 on " in satisfied.description
    # Four scores, four line styles and markers.
    assert len({c.style for c in found["ons4"].charts}) == 4
    (total,) = found["ucla3"].charts
    assert total.bands == ()
    assert "<rect" not in str(total.svg())


# The page -----------------------------------------------------------------------------------------


def _url(person):
    return reverse("outcomes:change", args=[person.pk])


def test_the_page_shows_words_charts_and_table(sign_in, cast, person):
    take(person, "ons4", ons4(4), dt.date(2026, 6, 10))
    take(person, "ons4", ons4(7), dt.date(2026, 9, 10))
    page = sign_in(cast.practitioner).get(_url(person))
    assert page.status_code == 200
    html = page.content.decode()
    assert "How things have changed" in html
    assert "Your life satisfaction score went from 4 (low) to 7 (high) since June" in html
    assert html.count('class="cp-chart"') == 4
    assert "7 (High)" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, target_id=str(person.pk), actor=cast.practitioner
    ).exists()


def test_the_page_is_linked_from_the_questionnaires_page(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    page = reverse("outcomes:page", args=[person.pk])
    assert _url(person) not in client.get(page).content.decode()
    take(person, "ons4", ons4(4), days_ago(3))
    assert _url(person) in client.get(page).content.decode()


def test_nothing_yet(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(_url(person)).content.decode()
    assert "has not completed a questionnaire yet" in html


@pytest.mark.parametrize("who", ["other_practitioner", "evaluator", "org_admin", "outsider"])
def test_the_page_is_refused_to_anyone_outside_the_team(sign_in, cast, person, who):
    take(person, "ons4", ons4(4), days_ago(3))
    response = sign_in(getattr(cast, who)).get(_url(person))
    assert response.status_code == 404
    assert "Morwenna" not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


def test_signed_out_is_sent_to_sign_in(client, person):
    response = client.get(_url(person))
    assert response.status_code == 302
    assert re.search(r"login|sign", response["Location"])
