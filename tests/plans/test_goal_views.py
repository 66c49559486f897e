"""Adding and changing goals and their steps, with and without JavaScript."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.plans.models import Goal, GoalStatus, StepStatus
from tests.plans.factories import (
    GoalFactory,
    InterestFactory,
    PersonFactory,
    StepFactory,
    days_ago,
)


def _today(days=0):
    return days_ago(days).strftime("%d/%m/%Y")


def _goal_data(**changes):
    return {
        "text": "I want to get back to swimming",
        "whose_idea": "person",
        "agreed_on": _today(),
        "review_on": _today(-90),
        "agreed_together": "on",
        **changes,
    }


def test_adding_a_goal_agreed_together(sign_in, cast, person):
    interest = InterestFactory(person=person, description="Swimming")
    response = sign_in(cast.practitioner).post(
        reverse("plans:goal_create", args=[person.pk]),
        _goal_data(interests=[interest.pk]),
    )
    goal = Goal.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse("plans:goal", args=[person.pk, goal.pk])
    assert goal.whose_idea == "person"
    assert goal.review_on == days_ago(-90)
    assert list(goal.interests.all()) == [interest]


def test_a_goal_must_be_agreed_together(sign_in, cast, person):
    data = _goal_data()
    del data["agreed_together"]
    response = sign_in(cast.practitioner).post(reverse("plans:goal_create", args=[person.pk]), data)
    html = response.content.decode()
    assert "Confirm that the person agrees this is their goal" in html
    assert "I want to get back to swimming" in html  # what was typed is kept
    assert not Goal.objects.exists()


def test_goal_form_errors_name_the_problem_and_keep_what_was_typed(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("plans:goal_create", args=[person.pk]),
        _goal_data(agreed_on=_today(1), review_on=_today(5), text="Learn to bake bread"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "The review date must be on or after the date you agreed the goal" in html
    assert 'href="#id_review_on"' in html
    assert "Learn to bake bread" in html
    assert f'value="{_today(5)}"' in html
    assert 'value="person" checked' in html


@pytest.mark.parametrize(
    ("agreed_on", "message"),
    [
        ("", "Enter the date you agreed the goal, like 26/11/2026"),
        ("31/02/2026", "Enter the date you agreed the goal as a real date, like 26/11/2026"),
        (_today(-3), "The date you agreed the goal cannot be in the future"),
    ],
)
def test_goal_agreed_date_errors(sign_in, cast, person, agreed_on, message):
    response = sign_in(cast.practitioner).post(
        reverse("plans:goal_create", args=[person.pk]), _goal_data(agreed_on=agreed_on)
    )
    assert message in response.content.decode()


def test_goal_form_offers_only_this_persons_interests(sign_in, cast, person):
    mine = InterestFactory(person=person, description="Swimming")
    theirs = InterestFactory(person=PersonFactory(team=cast.team), description="Chess")
    client = sign_in(cast.practitioner)
    url = reverse("plans:goal_create", args=[person.pk])
    html = client.get(url).content.decode()
    assert "Swimming" in html
    assert "Chess" not in html
    response = client.post(url, _goal_data(interests=[mine.pk, theirs.pk]))
    assert "Choose from this person&#x27;s own interests" in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_page_shows_its_steps_and_progress_in_words(sign_in, cast, plan):
    StepFactory(goal=plan.goal, text="Go once", status=StepStatus.DONE, done_on=days_ago(1))
    StepFactory(goal=plan.goal, text="Dropped idea", status=StepStatus.DROPPED)
    html = (
        sign_in(cast.practitioner)
        .get(reverse("plans:goal", args=[plan.person.pk, plan.goal.pk]))
        .content.decode()
    )
    assert "1 of 3 steps done" in html
    assert "Find the pool" in html
    assert "Steps towards this goal" in html
    assert "govuk-tag" in html


def test_changing_a_goal(sign_in, cast, plan):
    response = sign_in(cast.team_lead).post(
        reverse("plans:goal_edit", args=[plan.person.pk, plan.goal.pk]),
        {
            "version": plan.goal.version,
            "text": "Swim every week",
            "whose_idea": "together",
            "agreed_on": plan.goal.agreed_on.strftime("%d/%m/%Y"),
            "review_on": "",
        },
    )
    assert response.status_code == 302
    plan.goal.refresh_from_db()
    assert (plan.goal.text, plan.goal.version) == ("Swim every week", 2)


def test_two_people_editing_the_same_goal_second_is_refused_and_nothing_is_lost(cast, plan):
    url = reverse("plans:goal_edit", args=[plan.person.pk, plan.goal.pk])
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    for client in (first, second):
        assert client.get(url).status_code == 200
    form = {
        "version": "1",
        "whose_idea": "together",
        "agreed_on": plan.goal.agreed_on.strftime("%d/%m/%Y"),
    }
    assert first.post(url, {**form, "text": "Swim on Mondays"}).status_code == 302
    refused = second.post(url, {**form, "text": "Swim on Fridays"})

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "<title>Error:" in html
    assert "Someone else saved changes while you were editing" in html
    assert "Swim on Mondays" in html  # theirs, shown in the differences
    assert "Swim on Fridays" in html  # yours, kept in the form
    assert 'name="version" value="2"' in html
    plan.goal.refresh_from_db()
    assert plan.goal.text == "Swim on Mondays"

    # Saving again, having seen their change, is now a deliberate choice and goes through.
    assert second.post(url, {**form, "version": "2", "text": "Swim on Fridays"}).status_code == 302
    plan.goal.refresh_from_db()
    assert plan.goal.text == "Swim on Fridays"


def test_goal_agreed_date_after_its_steps_are_due_is_refused_beside_the_field(sign_in, cast, plan):
    plan.step.target_on = days_ago(5)
    plan.step.save()
    response = sign_in(cast.practitioner).post(
        reverse("plans:goal_edit", args=[plan.person.pk, plan.goal.pk]),
        {"version": "1", "text": "Swim", "whose_idea": "person", "agreed_on": _today(1)},
    )
    assert "1 step aims to be done before this date" in response.content.decode()


def test_marking_a_goal_achieved(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(
        reverse("plans:goal_status", args=[plan.person.pk, plan.goal.pk]),
        {"status": "achieved", "version": plan.goal.version},
    )
    assert response.status_code == 302
    plan.goal.refresh_from_db()
    assert plan.goal.status == GoalStatus.ACHIEVED


# Steps ------------------------------------------------------------------------------------------


def test_adding_a_step(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(
        reverse("plans:step_add", args=[plan.person.pk, plan.goal.pk]),
        {"text": "Ring the pool about times", "who": "worker", "target_on": _today(-7)},
    )
    step = plan.goal.steps.get(text="Ring the pool about times")
    assert response.status_code == 302
    assert response.url.endswith(f"#step-{step.pk}")
    assert step.position > plan.steps[-1].position


def test_a_step_before_the_goal_was_agreed_is_refused_in_plain_words(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(
        reverse("plans:step_add", args=[plan.person.pk, plan.goal.pk]),
        {"text": "Ring the pool", "who": "worker", "target_on": _today(365)},
    )
    html = response.content.decode()
    assert "The date to aim for cannot be before the goal was agreed" in html
    assert 'value="Ring the pool"' in html


def test_an_empty_step_is_refused(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(
        reverse("plans:step_add", args=[plan.person.pk, plan.goal.pk]), {"text": "  ", "who": ""}
    )
    html = response.content.decode()
    assert "Describe the step" in html
    assert "Choose who will do it" in html


def test_changing_a_step_from_an_old_version_is_refused(sign_in, cast, plan):
    url = reverse("plans:step_edit", args=[plan.person.pk, plan.goal.pk, plan.step.pk])
    data = {"version": "1", "who": "person", "target_on": "", "notes": ""}
    client = sign_in(cast.practitioner)
    assert client.post(url, {**data, "text": "Find the leisure centre"}).status_code == 302
    response = client.post(url, {**data, "text": "Find the lido"})
    assert "Someone else saved changes while you were editing" in response.content.decode()
    plan.step.refresh_from_db()
    assert plan.step.text == "Find the leisure centre"


def test_removing_a_step(sign_in, cast, plan):
    url = reverse("plans:step_edit", args=[plan.person.pk, plan.goal.pk, plan.step.pk])
    assert sign_in(cast.practitioner).post(url, {"remove": "1"}).status_code == 302
    assert not plan.goal.steps.filter(pk=plan.step.pk).exists()


def test_quick_step_status_without_javascript_redirects_to_the_goal(sign_in, cast, plan):
    url = reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, plan.step.pk])
    response = sign_in(cast.practitioner).post(url, {"status": "done", "version": 1})
    assert response.status_code == 302
    assert response.url.endswith(f"#step-{plan.step.pk}")
    plan.step.refresh_from_db()
    assert (plan.step.status, plan.step.done_on) == ("done", timezone.localdate())


def test_quick_step_status_with_htmx_returns_only_the_row_and_the_progress(sign_in, cast, plan):
    url = reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, plan.step.pk])
    response = sign_in(cast.practitioner).post(
        url, {"status": "done", "version": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith(f'<li class="govuk-task-list__item" id="step-{plan.step.pk}"')
    assert "Buy a costume" not in html  # the other step's row is not sent
    assert 'hx-swap-oob="innerHTML"' in html
    assert "1 of 2 steps done" in html


def test_quick_step_status_refuses_an_unknown_status(sign_in, cast, plan):
    url = reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, plan.step.pk])
    response = sign_in(cast.practitioner).post(url, {"status": "smashed", "version": 1})
    assert response.status_code == 400


def test_moving_a_step_down_without_javascript(sign_in, cast, plan):
    url = reverse("plans:steps_reorder", args=[plan.person.pk, plan.goal.pk])
    response = sign_in(cast.practitioner).post(url, {"step": plan.step.pk, "direction": "down"})
    assert response.status_code == 302
    assert list(plan.goal.steps.values_list("text", flat=True)) == [
        "Buy a costume",
        "Find the pool",
    ]


def test_moving_a_step_with_htmx_returns_the_list(sign_in, cast, plan):
    url = reverse("plans:steps_reorder", args=[plan.person.pk, plan.goal.pk])
    response = sign_in(cast.practitioner).post(
        url, {"step": plan.steps[1].pk, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.strip().startswith('<ol class="govuk-task-list" id="steps"')
    assert html.index("Buy a costume") < html.index("Find the pool")


def test_reordering_with_a_step_of_another_goal_is_refused(sign_in, cast, plan):
    foreign = StepFactory(goal=GoalFactory(person=plan.person))
    url = reverse("plans:steps_reorder", args=[plan.person.pk, plan.goal.pk])
    order = [plan.steps[1].pk, foreign.pk, plan.steps[0].pk]
    response = sign_in(cast.practitioner).post(url, {"order": order})
    assert response.status_code == 400
    assert list(plan.goal.steps.values_list("text", flat=True)) == [
        "Find the pool",
        "Buy a costume",
    ]


def test_reordering_all_steps_at_once(sign_in, cast, plan):
    url = reverse("plans:steps_reorder", args=[plan.person.pk, plan.goal.pk])
    order = [plan.steps[1].pk, plan.steps[0].pk]
    assert sign_in(cast.practitioner).post(url, {"order": order}).status_code == 302
    assert list(plan.goal.steps.values_list("text", flat=True)) == [
        "Buy a costume",
        "Find the pool",
    ]


def test_goal_page_costs_the_same_queries_for_few_or_many_steps(sign_in, cast, plan):
    client = sign_in(cast.practitioner)
    url = reverse("plans:goal", args=[plan.person.pk, plan.goal.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        StepFactory(goal=plan.goal, status=StepStatus.DONE if n % 2 else StepStatus.DOING)
    with CaptureQueriesContext(connection) as many:
        assert b"10 of 22 steps done" in client.get(url).content
    assert len(few) == len(many)
