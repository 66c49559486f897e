"""A person's change over time: the words (compared with the one before and the first, better or
worse by the score's direction, answers compared question by question for loneliness), the
charts with bands only where the definition gives them, and who may see the page."""

import datetime as dt
import re
from dataclasses import replace

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.outcomes import change, loading
from connecting_people.outcomes.models import InstrumentSource, Response
from connecting_people.outcomes.validation import shipped_paths
from tests.factories import PersonFactory
from tests.outcomes.change_helpers import days_ago, ons4, take, ucla3
from tests.outcomes.helpers import shipped, shipped_data


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


# "A change for the better" only when it is one: into a better band, or by the stated amount.
@pytest.mark.parametrize(
    ("slug", "score_id", "before", "after", "verdict"),
    [
        # Loneliness total: no bands, 2 points, lower is better.
        ("ucla3", "total", 6, 7, change.SAME),
        ("ucla3", "total", 6, 8, change.WORSE),
        ("ucla3", "total", 6, 5, change.SAME),
        ("ucla3", "total", 6, 4, change.BETTER),
        # Life satisfaction: bands (low 0-4, medium 5-6, high 7-8, very high 9-10), 2 points.
        ("ons4", "satisfied", 5, 6, change.SAME),  # one point within a band
        ("ons4", "satisfied", 6, 7, change.BETTER),  # one point, into a better band
        ("ons4", "satisfied", 7, 8, change.SAME),
        ("ons4", "satisfied", 9, 10, change.SAME),
        ("ons4", "satisfied", 0, 2, change.BETTER),  # two points within the low band
        ("ons4", "satisfied", 5, 4, change.WORSE),  # into a worse band
        ("ons4", "satisfied", 4, 3, change.SAME),
        # Anxiety: higher is worse; bands very low 0-1, low 2-3, medium 4-5, high 6-10.
        ("ons4", "anxious", 2, 3, change.SAME),
        ("ons4", "anxious", 3, 4, change.WORSE),
        ("ons4", "anxious", 6, 7, change.SAME),
        ("ons4", "anxious", 8, 6, change.BETTER),
        ("ons4", "anxious", 4, 3, change.BETTER),
        # Network scale: no bands, 4 points on the total, 3 on each part.
        ("lsns6", "total", 10, 13, change.SAME),
        ("lsns6", "total", 10, 14, change.BETTER),
        ("lsns6", "family", 6, 3, change.WORSE),
        ("lsns6", "family", 6, 4, change.SAME),
    ],
)
def test_better_or_worse_only_past_the_stated_amount_or_a_band(
    slug, score_id, before, after, verdict
):
    score = next(s for s in shipped(slug).scores if s.id == score_id)
    assert change.judged(score, before, after) == verdict


def test_no_amount_and_no_bands_or_neither_way_is_not_judged():
    score = next(s for s in shipped("ucla3").scores if s.id == "total")
    assert change.judged(replace(score, change_points=None), 6, 3) is None
    assert change.judged(replace(score, higher_is="neither"), 6, 3) is None
    banded = next(s for s in shipped("ons4").scores if s.id == "satisfied")
    only_bands = replace(banded, change_points=None)
    assert change.judged(only_bands, 5, 6) == change.SAME
    assert change.judged(only_bands, 6, 7) == change.BETTER
    assert change.judged(only_bands, 0, 4) == change.SAME  # far, but in the same band


def test_every_shipped_score_states_its_amount_and_why():
    """A score that can be better or worse says how much counts, and where the amount comes
    from, in its own definition."""
    for path in shipped_paths():
        definition = shipped(path.stem)
        for score in definition.scores:
            if score.higher_is != "neither":
                assert score.change_points is not None, (path.stem, score.id)
                assert score.change_points > 0, (path.stem, score.id)
                assert len(score.change_why or "") > 40, (path.stem, score.id)


def test_a_small_move_is_about_the_same_and_the_page_says_what_counts(person):
    take(person, "ucla3", ucla3(2, 2, 2), dt.date(2026, 3, 5))
    take(person, "ucla3", ucla3(2, 3, 2), dt.date(2026, 6, 5))
    take(person, "ons4", ons4(5, anxious=4), dt.date(2026, 3, 5))
    take(person, "ons4", ons4(6, anxious=5), dt.date(2026, 6, 5))
    found = _by_slug(person)
    assert (
        "Your loneliness score went from 6 to 7 since March: about the same. A lower score means "
        "feeling lonely less often." in found["ucla3"].words
    )
    assert (
        "Your life satisfaction score went from 5 (medium) to 6 (medium) since March: about the "
        "same." in found["ons4"].words
    )
    said = " ".join(found["ons4"].words)
    assert "better" not in said.replace("lower is better", "")
    assert "not the way we hope" not in said
    assert found["ucla3"].counts == [
        "We say better or worse only for a change of 2 or more points; anything smaller is about "
        "the same."
    ]
    assert found["ons4"].counts == [
        "We say better or worse only for a change of 2 or more points, or a move into a better or "
        "worse band; anything smaller is about the same."
    ]


def test_the_amount_comes_from_the_definition(person):
    """Load a version stating another amount and the words follow it: nothing typed twice."""
    data = shipped_data("ucla3")
    data["version"] = "1-local"
    data["scores"][0]["change"]["points"] = 1
    loading.load(data, source=InstrumentSource.LOADED)
    take(person, "ucla3", ucla3(2, 2, 2), dt.date(2026, 3, 5))
    take(person, "ucla3", ucla3(2, 3, 2), dt.date(2026, 6, 5))
    found = _by_slug(person)
    assert "since March: not the way we hope" in " ".join(found["ucla3"].words)
    assert (
        found["ucla3"]
        .counts[0]
        .startswith("We say better or worse only for a change of 1 or more points")
    )


def test_the_page_and_my_questionnaires_say_what_counts(sign_in, cast, person):
    take(person, "ons4", ons4(5), dt.date(2026, 3, 5))
    take(person, "ons4", ons4(6), dt.date(2026, 6, 5))
    url = reverse("outcomes:change", args=[person.pk])
    page = sign_in(cast.practitioner).get(url).content.decode()
    assert "about the same" in page
    assert "We say better or worse only for a change of 2 or more points" in page
