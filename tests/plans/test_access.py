"""Every plan page: open to the person's team, the same 404 to everyone else, refusals audited."""

import pytest
from django.conf import settings
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.plans.models import Step, StepStatus
from tests.plans.factories import GoalFactory, PersonFactory, StepFactory

ALLOWED = ["practitioner", "team_lead", "both_teams"]
REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]


def _pages(plan):
    p, g, s, b = plan.person.pk, plan.goal.pk, plan.step.pk, plan.barrier.pk
    return {
        "goal_create": reverse("plans:goal_create", args=[p]),
        "goal": reverse("plans:goal", args=[p, g]),
        "goal_edit": reverse("plans:goal_edit", args=[p, g]),
        "step_add": reverse("plans:step_add", args=[p, g]),
        "step_edit": reverse("plans:step_edit", args=[p, g, s]),
        "barrier_create": reverse("plans:barrier_create", args=[p]),
        "barrier": reverse("plans:barrier", args=[p, b]),
        "barrier_edit": reverse("plans:barrier_edit", args=[p, b]),
        "contacts": reverse("plans:contacts", args=[p]),
        "contact_log": reverse("plans:contact_log", args=[p]),
        "contact_edit": reverse("plans:contact_edit", args=[p, plan.contact.pk]),
    }


PAGES = [
    "goal_create",
    "goal",
    "goal_edit",
    "step_add",
    "step_edit",
    "barrier_create",
    "barrier",
    "barrier_edit",
    "contacts",
    "contact_log",
    "contact_edit",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ALLOWED)
def test_plan_page_open_to_the_persons_team(sign_in, cast, plan, page, who):
    response = sign_in(getattr(cast, who)).get(_pages(plan)[page])
    assert response.status_code == 200
    assert b"Sam" in response.content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=getattr(cast, who), target_type="people.person"
    ).exists()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", REFUSED)
def test_plan_page_refused_as_not_found(sign_in, cast, plan, page, who):
    response = sign_in(getattr(cast, who)).get(_pages(plan)[page])
    assert response.status_code == 404
    assert b"Get back to swimming" not in response.content
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


@pytest.mark.parametrize("page", PAGES)
def test_plan_page_needs_sign_in(client, plan, page):
    response = client.get(_pages(plan)[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("who", REFUSED)
def test_quick_changes_refused_to_others(sign_in, cast, plan, who):
    client = sign_in(getattr(cast, who))
    p, g = plan.person.pk, plan.goal.pk
    posts = [
        (reverse("plans:step_status", args=[p, g, plan.step.pk]), {"status": "done", "version": 1}),
        (reverse("plans:steps_reorder", args=[p, g]), {"step": plan.step.pk, "direction": "down"}),
        (reverse("plans:goal_status", args=[p, g]), {"status": "achieved", "version": 1}),
        (reverse("plans:goal_create", args=[p]), {"text": "Sneaky", "whose_idea": "worker"}),
        (reverse("plans:contact_log", args=[p]), {"what_happened": "Sneaky"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    plan.step.refresh_from_db()
    plan.goal.refresh_from_db()
    assert plan.step.status == StepStatus.TO_DO
    assert plan.goal.status == "working_on"
    assert plan.person.goals.count() == 1
    assert plan.person.contacts.count() == 1


def test_a_goal_of_someone_else_is_not_found_under_this_persons_address(sign_in, cast, plan):
    other_goal = GoalFactory(person=PersonFactory(team=cast.team))
    url = reverse("plans:goal", args=[plan.person.pk, other_goal.pk])
    assert sign_in(cast.practitioner).get(url).status_code == 404


def test_a_step_of_another_goal_cannot_be_changed_through_this_one(sign_in, cast, plan):
    elsewhere = StepFactory(goal=GoalFactory(person=plan.person))
    url = reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, elsewhere.pk])
    assert sign_in(cast.practitioner).post(url, {"status": "done", "version": 1}).status_code == 404
    assert Step.objects.get(pk=elsewhere.pk).status == StepStatus.TO_DO
