"""Today's session (issue 16 §1): one page, one POST, everything through the services or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection
from connecting_people.plans.models import Contact, ContactKind, Step, StepStatus
from connecting_people.suggestions.models import SuggestionStatus
from tests.plans.factories import GoalFactory, PersonFactory, StepFactory
from tests.suggestions.factories import SuggestionFactory

TODAY = timezone.localdate()


@pytest.fixture
def des(cast):
    person = PersonFactory(team=cast.team, preferred_name="Des", keyworker=cast.practitioner)
    goal = GoalFactory(person=person, text="Get out of the flat more")
    steps = [StepFactory(goal=goal, text=t) for t in ("Look up the walking group", "Buy boots")]
    idea = SuggestionFactory(person=person, service=None, idea="Tuesday walking group")
    return person, goal, steps, idea


def url(person):
    return reverse("practice:session", args=[person.pk])


def four_tasks(steps, idea, **extra):
    """A contact where they went along, a step done, a new person on the map, an idea tried."""
    step = steps[0]
    return {
        "happened_on": TODAY.strftime("%d/%m/%Y"),
        "kind": ContactKind.ACCOMPANIED_VISIT,
        "engagement": ["went_along"],
        "what_happened": "We went to the walking group together.",
        "where": "Riverside park",
        f"step_{step.pk}": StepStatus.DONE,
        f"step_{step.pk}_version": str(step.version),
        f"step_{steps[1].pk}_version": str(steps[1].version),
        "connection_label": "Mo",
        "connection_kind": "group",
        "connection_ring": "outer",
        f"idea_{idea.pk}": SuggestionStatus.TRIED,
        f"idea_{idea.pk}_version": str(idea.version),
        **extra,
    }


def test_the_page_shows_every_part(cast, sign_in, des):
    person, _goal, _steps, _idea = des
    response = sign_in(cast.practitioner).get(url(person))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Today's session",
        "Look up the walking group",
        "Tuesday walking group",
        "Someone new on their map",
        "Next steps and the next meeting",
        "Save today's session",
    ):
        assert text in page


def test_the_four_tasks_save_in_one_go_and_land_on_the_persons_page(cast, sign_in, des):
    person, goal, steps, idea = des
    client = sign_in(cast.practitioner)
    data = four_tasks(
        steps,
        idea,
        next_1_text="Ring the group leader",
        next_1_goal=str(goal.pk),
        next_1_who="person",
        next_meeting_on=(TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
    )
    response = client.post(url(person), data)
    assert response.status_code == 302
    assert response.url == reverse("practice:person", args=[person.pk])

    contact = Contact.objects.get(person=person)  # one contact: the tried idea is this one
    assert contact.went_along
    assert contact.where == "Riverside park"
    assert contact.next_meeting_on == TODAY + dt.timedelta(days=7)
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.DONE
    assert steps[0].done_on == TODAY
    connection = Connection.objects.get(person=person)
    assert connection.label == "Mo"
    assert connection.began_with_contact == contact
    idea.refresh_from_db()
    assert idea.status == SuggestionStatus.TRIED
    assert idea.contact == contact
    assert Step.objects.filter(goal=goal, text="Ring the group leader", who="person").exists()
    audited = {
        (event.target_type, event.target_id)
        for event in AuditEvent.objects.filter(
            action__in=[AuditAction.CREATED, AuditAction.CHANGED], actor=cast.practitioner
        )
    }
    for record in (contact, steps[0], connection, idea):
        assert (record._meta.label_lower, str(record.pk)) in audited

    followed = client.get(response.url)
    page = followed.content.decode()
    assert "Today&#x27;s session with Des is saved" in page
    assert "Mo added to their map" in page


def test_an_error_saves_nothing_and_keeps_what_was_typed(cast, sign_in, des):
    person, _goal, steps, idea = des
    data = four_tasks(steps, idea, what_happened="", connection_label="Mo")
    response = sign_in(cast.practitioner).post(url(person), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Describe what happened" in page
    assert 'value="Mo"' in page
    assert 'value="Riverside park"' in page
    assert not Contact.objects.filter(person=person).exists()
    assert not Connection.objects.filter(person=person).exists()
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.TO_DO


def test_a_service_refusal_rolls_everything_back(cast, sign_in, des):
    """The idea's move is refused after the contact, step and connection were written: none
    of them stay."""
    person, _goal, steps, idea = des
    data = four_tasks(steps, idea, **{f"idea_{idea.pk}": SuggestionStatus.NOT_FOR_ME})
    data[f"idea_{idea.pk}_reason"] = ""
    response = sign_in(cast.practitioner).post(url(person), data)
    assert response.status_code == 200
    assert "is not for them" in response.content.decode()
    assert not Contact.objects.filter(person=person).exists()
    assert not Connection.objects.filter(person=person).exists()


def test_a_step_changed_by_someone_else_is_refused_and_nothing_saved(cast, sign_in, des):
    person, _goal, steps, idea = des
    data = four_tasks(steps, idea)
    Step.objects.filter(pk=steps[0].pk).update(status=StepStatus.DOING, version=5)
    response = sign_in(cast.practitioner).post(url(person), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed the step" in page
    assert "Nothing has been saved" in page
    assert f'name="step_{steps[0].pk}_version" value="5"' in page  # the next save goes through
    assert 'value="Mo"' in page
    assert not Contact.objects.filter(person=person).exists()
    assert not Connection.objects.filter(person=person).exists()
    idea.refresh_from_db()
    assert idea.status == SuggestionStatus.SUGGESTED


def test_a_new_person_needs_who_they_are(cast, sign_in, des):
    person, _goal, steps, idea = des
    data = four_tasks(steps, idea, connection_kind="")
    response = sign_in(cast.practitioner).post(url(person), data)
    assert "Choose who they are to the person" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_next_step_needs_its_goal_and_who(cast, sign_in, des):
    person, _goal, steps, idea = des
    data = four_tasks(steps, idea, next_1_text="Ring the group leader")
    page = sign_in(cast.practitioner).post(url(person), data).content.decode()
    assert "Choose which goal the next step is towards" in page
    assert "Choose who will do the next step" in page
    assert not Contact.objects.exists()


def test_another_teams_person_is_a_404(cast, sign_in, des):
    person, *_ = des
    client = sign_in(cast.other_practitioner)
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), {}).status_code == 404


def test_the_page_takes_the_same_queries_whatever_the_plan_size(
    cast, sign_in, des, django_assert_max_num_queries
):
    person, _goal, _steps, _idea = des
    client = sign_in(cast.practitioner)
    client.get(url(person))  # warm up: sessions, permissions
    with django_assert_max_num_queries(30) as small:
        client.get(url(person))
    for n in range(6):
        other = GoalFactory(person=person)
        StepFactory(goal=other)
        StepFactory(goal=other)
        SuggestionFactory(person=person, service=None, idea=f"Idea {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(person))


def test_the_contact_form_lands_on_the_persons_page(cast, sign_in, des):
    person, *_ = des
    response = sign_in(cast.practitioner).post(
        reverse("plans:contact_log", args=[person.pk]),
        {
            "happened_on": TODAY.strftime("%d/%m/%Y"),
            "kind": ContactKind.MEETING,
            "what_happened": "A cup of tea and a catch-up.",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("practice:person", args=[person.pk])


# The person's page leads with the session (issue 16 §2) ------------------------------------------


def test_the_persons_page_leads_with_todays_session_and_a_summary(cast, sign_in, des):
    person, _goal, steps, _idea = des
    Contact.objects.create(
        person=person,
        happened_on=TODAY - dt.timedelta(days=3),
        kind=ContactKind.MEETING,
        what_happened="Tea.",
        next_meeting_on=TODAY + dt.timedelta(days=4),
    )
    page = sign_in(cast.practitioner).get(reverse("practice:person", args=[person.pk]))
    text = page.content.decode()
    session_link = text.index(url(person))
    assert session_link < text.index('id="assess"')
    assert text.index("At a glance") < text.index('id="assess"')
    assert "Look up the walking group" in text
    assert reverse("practice:step_done", args=[person.pk, steps[0].pk]) in text
    assert (TODAY + dt.timedelta(days=4)).strftime("%-d %B %Y") in text
    assert '<details id="assess"' in text  # the long sections fold away


def test_a_next_step_is_done_in_one_tap_without_javascript(cast, sign_in, des):
    person, _goal, steps, _idea = des
    client = sign_in(cast.practitioner)
    done = reverse("practice:step_done", args=[person.pk, steps[0].pk])
    response = client.post(done, {"version": steps[0].version})
    assert response.status_code == 302
    assert response.url == reverse("practice:person", args=[person.pk])
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.DONE
    assert AuditEvent.objects.filter(
        target_type="plans.step", target_id=str(steps[0].pk), action=AuditAction.CHANGED
    ).exists()


def test_a_next_step_done_with_htmx_comes_back_as_its_line(cast, sign_in, des):
    person, _goal, steps, _idea = des
    done = reverse("practice:step_done", args=[person.pk, steps[0].pk])
    response = sign_in(cast.practitioner).post(
        done, {"version": steps[0].version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="next-step-{steps[0].pk}"' in text
    assert "Done" in text
    assert "<html" not in text


def test_a_next_step_done_from_an_older_page_changes_nothing(cast, sign_in, des):
    person, _goal, steps, _idea = des
    Step.objects.filter(pk=steps[0].pk).update(status=StepStatus.PAUSED, version=3)
    done = reverse("practice:step_done", args=[person.pk, steps[0].pk])
    client = sign_in(cast.practitioner)
    response = client.post(done, {"version": 1}, HTTP_HX_REQUEST="true")
    assert "Someone else changed this step" in response.content.decode()
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.PAUSED


def test_another_persons_step_is_a_404(cast, sign_in, des):
    person, _goal, _steps, _idea = des
    other = PersonFactory(team=cast.team)
    theirs = StepFactory(goal=GoalFactory(person=other))
    done = reverse("practice:step_done", args=[person.pk, theirs.pk])
    assert sign_in(cast.practitioner).post(done, {"version": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == StepStatus.TO_DO


def test_someone_already_on_the_map_feels_closer_now(cast, sign_in, des):
    person, _goal, steps, idea = des
    gary = Connection.objects.create(person=person, label="Gary", kind="friend", ring="outer")
    data = four_tasks(
        steps,
        idea,
        changed_connection=str(gary.pk),
        changed_connection_ring="close",
        **{f"connection_{gary.pk}_version": str(gary.version)},
    )
    client = sign_in(cast.practitioner)
    response = client.post(url(person), data)
    assert response.status_code == 302
    gary.refresh_from_db()
    assert gary.ring == "close"
    assert "Gary now close" in client.get(response.url).content.decode()


def test_someone_on_the_map_changed_meanwhile_refuses_the_lot(cast, sign_in, des):
    person, _goal, steps, idea = des
    gary = Connection.objects.create(person=person, label="Gary", kind="friend", ring="outer")
    data = four_tasks(
        steps,
        idea,
        changed_connection=str(gary.pk),
        changed_connection_ring="close",
        **{f"connection_{gary.pk}_version": str(gary.version)},
    )
    Connection.objects.filter(pk=gary.pk).update(ring="middle", version=4)
    response = sign_in(cast.practitioner).post(url(person), data)
    assert response.status_code == 409
    assert "Someone else changed Gary" in response.content.decode()
    assert f'name="connection_{gary.pk}_version" value="4"' in response.content.decode()
    assert not Contact.objects.filter(person=person).exists()
    gary.refresh_from_db()
    assert gary.ring == "middle"


def test_the_contact_log_shows_where_and_the_next_meeting(cast, sign_in, des):
    person, *_ = des
    Contact.objects.create(
        person=person,
        happened_on=TODAY,
        kind=ContactKind.MEETING,
        what_happened="Tea.",
        where="The library café",
        next_meeting_on=TODAY + dt.timedelta(days=7),
    )
    page = sign_in(cast.practitioner).get(reverse("plans:contacts", args=[person.pk]))
    text = page.content.decode()
    assert "The library café" in text
    assert (TODAY + dt.timedelta(days=7)).strftime("%-d %B %Y") in text


def test_the_next_meeting_cannot_be_before_the_contact(cast, sign_in, des):
    person, _goal, steps, idea = des
    data = four_tasks(
        steps, idea, next_meeting_on=(TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    text = sign_in(cast.practitioner).post(url(person), data).content.decode()
    assert "The next meeting cannot be before this contact" in text
    assert not Contact.objects.filter(person=person).exists()


# The services underneath -------------------------------------------------------------------------


def test_suggestion_tried_with_the_contact_being_logged_logs_no_second_one(cast, des):
    from connecting_people.plans import services as plan_services
    from connecting_people.suggestions import services as suggestion_services

    person, _goal, _steps, idea = des
    contact = plan_services.contact_log(
        person=person,
        happened_on=TODAY,
        kind=ContactKind.ACCOMPANIED_VISIT,
        what_happened="Went along.",
        by=cast.practitioner,
    )
    suggestion_services.suggestion_tried(
        suggestion=idea, by=cast.practitioner, version=idea.version, contact=contact
    )
    assert list(Contact.objects.filter(person=person)) == [contact]
    idea.refresh_from_db()
    assert idea.contact == contact


def test_suggestion_tried_refuses_another_persons_contact(cast, des):
    from django.core.exceptions import ValidationError

    from connecting_people.suggestions import services as suggestion_services

    person, _goal, _steps, idea = des
    theirs = Contact.objects.create(
        person=PersonFactory(team=cast.team), kind=ContactKind.MEETING, what_happened="Tea."
    )
    with pytest.raises(ValidationError):
        suggestion_services.suggestion_tried(
            suggestion=idea, by=cast.practitioner, version=idea.version, contact=theirs
        )
    idea.refresh_from_db()
    assert idea.status == SuggestionStatus.SUGGESTED
    assert not Contact.objects.filter(person=person).exists()
