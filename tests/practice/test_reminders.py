"""Reminders: who gets which, when they fall due, the needs-doing page and the daily job."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent, TeamMembership
from connecting_people.network.models import Snapshot
from connecting_people.plans.models import Contact, Goal, GoalStatus, Step, StepStatus
from connecting_people.practice.reminders import rules
from connecting_people.practice.reminders.models import ReminderPreference, SentReminder
from connecting_people.practice.reminders.selectors import needs_doing
from connecting_people.practice.reminders.services import reminders_send
from tests.directory.factories import TeamServiceFactory
from tests.factories import PersonFactory
from tests.suggestions.factories import ConnectorFactory

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def goal(person, *, review_in=None, status=GoalStatus.WORKING_ON, text="Join a choir"):
    return Goal.objects.create(
        person=person,
        text=text,
        whose_idea="person",
        agreed_on=days(-90),
        review_on=days(review_in) if review_in is not None else None,
        status=status,
    )


def step(of_goal, *, due_in, status=StepStatus.TO_DO, text="Ring the choir leader"):
    return Step.objects.create(
        goal=of_goal, text=text, who="together", target_on=days(due_in), status=status
    )


def person(cast, keyworker=None, *, started=-10, team=None, **fields):
    fields.setdefault("status", "active")
    return PersonFactory(
        team=team or cast.team, keyworker=keyworker, started_on=days(started), **fields
    )


def kinds(found, who=None):
    return sorted((r.kind, r.person_name) for r in found.people if who in (None, r.person_name))


# The rules, as dates ------------------------------------------------------------------------


def test_no_contact_falls_due_after_the_setting_from_the_last_contact(settings):
    settings.CPI_NO_CONTACT_DAYS = 21
    assert rules.contact_due(dt.date(2026, 1, 1), dt.date(2026, 3, 1)) == dt.date(2026, 3, 22)
    assert rules.contact_due(dt.date(2026, 1, 1), None) == dt.date(2026, 1, 22)


def test_map_is_due_four_weeks_after_starting_then_six_months_after_the_last_look():
    assert rules.map_due(dt.date(2026, 1, 1), None) == dt.date(2026, 1, 29)
    assert rules.map_due(dt.date(2026, 1, 1), dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


# Who gets what ------------------------------------------------------------------------------


def test_a_keyworker_gets_their_peoples_reviews_steps_contact_and_map(cast):
    sam = person(cast, cast.practitioner, started=-200, preferred_name="Sam")
    choir = goal(sam, review_in=-3)
    step(choir, due_in=2)
    step(choir, due_in=30)  # too far off yet
    step(choir, due_in=-5, status=StepStatus.DONE)  # done
    goal(sam, review_in=40)  # too far off yet
    Contact.objects.create(person=sam, happened_on=days(-40), kind="meeting", what_happened="Tea")
    Snapshot.objects.create(person=sam, taken_on=days(-200), kind="baseline")
    found = needs_doing(cast.practitioner, today=TODAY)
    assert [k for k, _ in kinds(found)] == ["map", "no_contact", "questionnaire", "review", "step"]
    review = next(r for r in found.people if r.kind == "review")
    assert review.due_on == days(-3)
    assert review.is_overdue(TODAY)
    assert review.url == reverse("plans:goal", args=[sam.pk, choir.pk])


def test_closed_goals_moved_on_people_and_other_teams_give_no_reminders(cast):
    sam = person(cast, cast.practitioner)
    step(goal(sam, review_in=-1, status=GoalStatus.ACHIEVED), due_in=-1)
    gone = person(
        cast, cast.practitioner, status="moved_on", moved_on_on=days(-1), destination="other"
    )
    goal(gone, review_in=-1)
    far = person(cast, cast.practitioner, team=cast.elsewhere_team)  # not a team of theirs
    goal(far, review_in=-1)
    found = needs_doing(cast.practitioner, today=TODAY)
    assert [k for k, _ in kinds(found)] == ["questionnaire"]  # Sam's baseline only


def test_someone_with_no_keyworker_in_the_team_falls_to_the_teams_leads(cast):
    nobody = person(cast, None, preferred_name="Nobody's")
    left = person(cast, cast.other_practitioner, preferred_name="Left behind")  # not in North
    kept = person(cast, cast.practitioner, preferred_name="Kept")
    for someone in (nobody, left, kept):
        goal(someone, review_in=0)
    lead = needs_doing(cast.team_lead, today=TODAY)
    assert {r.person_name for r in lead.people} == {"Nobody's", "Left behind"}
    mine = needs_doing(cast.practitioner, today=TODAY)
    assert {r.person_name for r in mine.people} == {"Kept"}
    assert needs_doing(cast.other_practitioner, today=TODAY).people == []


def test_a_keyworker_switched_off_passes_their_people_to_the_leads(cast):
    sam = person(cast, cast.practitioner, preferred_name="Sam")
    goal(sam, review_in=0)
    cast.practitioner.is_active = False
    cast.practitioner.save()
    assert "Sam" in {r.person_name for r in needs_doing(cast.team_lead, today=TODAY).people}


def test_directory_checks_go_to_everyone_in_the_team_that_keeps_the_entry(cast):
    entry = TeamServiceFactory(team=cast.team, last_checked_on=days(-200), check_every_months=6)
    entry.set_check_due()
    entry.save()
    TeamServiceFactory(team=cast.team, last_checked_on=days(-1), check_due_on=days(180))
    ConnectorFactory(team=cast.team, name="Maureen's walks")  # never checked: due now
    TeamServiceFactory(team=cast.other_team)
    for member in (cast.practitioner, cast.team_lead):
        found = needs_doing(member, today=TODAY)
        assert sorted(r.kind for r in found.team) == ["connector", "service"]
    assert [r.kind for r in needs_doing(cast.other_practitioner, today=TODAY).team] == ["service"]
    assert needs_doing(cast.outsider, today=TODAY).count == 0


def test_no_contact_uses_the_setting(cast, settings):
    sam = person(cast, cast.practitioner, started=-100, preferred_name="Sam")
    Contact.objects.create(person=sam, happened_on=days(-20), kind="meeting", what_happened="Tea")
    settings.CPI_NO_CONTACT_DAYS = 60
    assert "no_contact" not in {r.kind for r in needs_doing(cast.practitioner).people}
    settings.CPI_NO_CONTACT_DAYS = 14
    quiet = [r for r in needs_doing(cast.practitioner).people if r.kind == "no_contact"]
    assert [r.due_on for r in quiet] == [days(-6)]


def test_the_list_costs_the_same_queries_for_two_people_or_forty(cast):
    def grow(n):
        for i in range(n):
            someone = person(cast, cast.practitioner, started=-(i * 7))
            step(goal(someone, review_in=i % 9 - 3), due_in=i % 5 - 2)
            Contact.objects.create(person=someone, happened_on=days(-i), kind="meeting")
        TeamServiceFactory(team=cast.team)

    grow(2)
    with CaptureQueriesContext(connection) as small:
        few = needs_doing(cast.practitioner, today=TODAY).count
    grow(38)
    cast.practitioner.__dict__.pop("_cpi_access_cache", None)
    with CaptureQueriesContext(connection) as large:
        many = needs_doing(cast.practitioner, today=TODAY).count
    assert many > few
    assert len(large) == len(small) <= 8


# The page -----------------------------------------------------------------------------------


def test_the_page_lists_my_peoples_reminders_and_audits_their_ids(sign_in, cast):
    sam = person(cast, cast.practitioner, preferred_name="Sam Quillon")
    goal(sam, review_in=-2, text="Go swimming on Tuesdays")
    response = sign_in(cast.practitioner).get(reverse("reminders:list"))
    assert response.status_code == 200
    assert b"Sam Quillon" in response.content
    assert b"Go swimming on Tuesdays" in response.content
    event = AuditEvent.objects.filter(action=AuditAction.VIEWED).latest("pk")
    assert event.detail == {"list": "needs doing", "people": [sam.pk]}


def test_the_page_never_shows_people_i_am_not_the_worker_for(sign_in, cast):
    goal(person(cast, cast.practitioner, preferred_name="Sam Quillon"), review_in=-2)
    for other in (cast.team_lead, cast.other_practitioner, cast.outsider, cast.org_admin):
        response = sign_in(other).get(reverse("reminders:list"))
        assert response.status_code == 200
        assert b"Quillon" not in response.content


def test_the_page_costs_the_same_queries_however_many_people(sign_in, cast):
    client = sign_in(cast.practitioner)
    person(cast, cast.practitioner)
    client.get(reverse("reminders:list"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reminders:list"))
    for i in range(25):
        goal(person(cast, cast.practitioner, started=-i), review_in=-1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("reminders:list"))
    assert len(response.context["found"].people) > 25
    assert len(large) == len(small)


def test_choosing_the_email_is_saved_and_can_be_undone(sign_in, cast):
    client = sign_in(cast.practitioner)
    client.post(reverse("reminders:email"), {"email_digest": "on"})
    assert ReminderPreference.objects.get(user=cast.practitioner).email_digest
    client.post(reverse("reminders:email"), {})
    assert not ReminderPreference.objects.get(user=cast.practitioner).email_digest


# The daily job ------------------------------------------------------------------------------


def test_the_job_sends_each_reminder_once_and_emails_a_count_and_a_link(cast, settings):
    settings.CPI_SITE_URL = "https://cpi.example.org"
    ReminderPreference.objects.create(user=cast.practitioner, email_digest=True)
    sam = person(cast, cast.practitioner, preferred_name="Sam Quillon")
    goal(sam, review_in=-1, text="Go swimming on Tuesdays")
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [cast.practitioner.email]
    assert "2 new things need doing" in sent.subject  # the review and the questionnaires
    assert "https://cpi.example.org/needs-doing/" in sent.body
    for secret in ("Sam", "Quillon", "swimming", str(sam.pk)):
        assert secret not in sent.subject + sent.body
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # twice a day is harmless
    assert SentReminder.objects.filter(user=cast.practitioner).count() == 2


def test_a_new_due_date_is_a_new_reminder(cast):
    ReminderPreference.objects.create(user=cast.practitioner, email_digest=True)
    choir = goal(person(cast, cast.practitioner), review_in=-1)
    reminders_send(today=TODAY)
    choir.review_on = TODAY
    choir.save()
    summary = reminders_send(today=TODAY)
    assert summary.new == 1
    assert len(mail.outbox) == 2
    assert "1 new thing needs doing" in mail.outbox[1].subject


def test_no_email_unless_asked_but_the_reminders_are_still_recorded(cast):
    goal(person(cast, cast.practitioner), review_in=-1)
    ReminderPreference.objects.create(user=cast.team_lead, email_digest=True)  # nothing due
    summary = reminders_send(today=TODAY)
    assert mail.outbox == []
    assert summary.new == 2
    assert summary.emails == 0
    assert not SentReminder.objects.filter(user=cast.team_lead).exists()


def test_the_job_can_catch_up_a_missed_day(cast):
    goal(person(cast, cast.practitioner, started=-30), review_in=3)
    call_command("send_reminders", "--date", days(-10).isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not SentReminder.objects.filter(kind="review").exists()  # not yet in view then
    call_command("send_reminders", "--date", days(3).isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SentReminder.objects.filter(kind="review", due_on=days(3)).count() == 1


def test_switched_off_accounts_get_nothing(cast):
    ReminderPreference.objects.create(user=cast.practitioner, email_digest=True)
    goal(person(cast, cast.practitioner), review_in=-1)
    cast.practitioner.is_active = False
    cast.practitioner.save()
    reminders_send(today=TODAY)
    assert not SentReminder.objects.filter(user=cast.practitioner).exists()
    assert mail.outbox == []
    assert TeamMembership.objects.filter(user=cast.practitioner).exists()


def test_questionnaires_are_due_until_their_window_closes_then_overdue(cast):
    person(cast, cast.practitioner, started=-10)  # the baseline: due from 14 days before
    (due,) = needs_doing(cast.practitioner, today=TODAY).people
    assert due.kind == "questionnaire"
    assert due.due_on == days(18)
    assert not due.is_overdue(TODAY)
    later = needs_doing(cast.practitioner, today=days(19)).people
    (late,) = [r for r in later if r.kind == "questionnaire"]
    assert late.is_overdue(days(19))
