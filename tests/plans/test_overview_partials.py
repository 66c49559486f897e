"""The pieces of the person's overview page that show their plan."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from connecting_people.plans import services
from connecting_people.plans.models import StepStatus
from connecting_people.plans.selectors import plan_overview
from tests.plans.factories import ContactFactory, GoalFactory, StepFactory, barrier_type, days_ago


@pytest.mark.parametrize(
    ("template", "button", "link"),
    [
        ("plans/_overview_goals.html", "Add a goal", "plans:goal_create"),
        ("plans/_overview_barriers.html", "Record a barrier", "plans:barrier_create"),
        ("plans/_overview_contacts.html", "Log a contact", "plans:contact_log"),
    ],
)
def test_overview_partials_offer_the_next_thing_to_do_even_when_empty(
    person, template, button, link
):
    html = render_to_string(template, {"person": person, "plan": plan_overview(person)})
    assert button in html
    assert reverse(link, args=[person.pk]) in html


def test_overview_goals_show_progress_in_words_the_next_step_and_review(person):
    goal = GoalFactory(person=person, text="Join a choir", review_on=days_ago(2))
    StepFactory(goal=goal, status=StepStatus.DONE, done_on=days_ago(1))
    StepFactory(goal=goal, text="Go to a taster session", who="together")
    html = render_to_string(
        "plans/_overview_goals.html", {"person": person, "plan": plan_overview(person)}
    )
    assert "1 of 2 steps done" in html
    assert "Next step: Go to a taster session (Together)" in html
    assert "Overdue" in html
    assert reverse("plans:goal", args=[person.pk, goal.pk]) in html


def test_overview_barriers_and_contacts_link_to_the_full_pages(cast, person):
    barrier = services.barrier_create(
        person=person, kind=barrier_type("time"), by=cast.practitioner
    )
    ContactFactory(person=person, what_happened="Coffee at the library")
    plan = plan_overview(person)
    barriers = render_to_string("plans/_overview_barriers.html", {"person": person, "plan": plan})
    contacts = render_to_string("plans/_overview_contacts.html", {"person": person, "plan": plan})
    assert reverse("plans:barrier", args=[person.pk, barrier.pk]) in barriers
    assert "No plan to get past it yet" in barriers
    assert "Coffee at the library" in contacts
    assert reverse("plans:contacts", args=[person.pk]) in contacts
