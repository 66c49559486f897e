"""Goal and step status changes carry the version the page showed (issue 15).

A click on an older page is refused with what the record now says, and nothing is written: no
change to the record and no event in the audit trail. Two clients clicking away from stale pages
never silently overwrite each other (sequentially here on any database, and at the same moment
from two threads on PostgreSQL).
"""

import random
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.plans import services
from connecting_people.plans.models import Goal, GoalStatus, Step, StepStatus
from tests.plans.factories import GoalFactory, PersonFactory, StepFactory


def _changes(record):
    return AuditEvent.objects.filter(
        action=AuditAction.CHANGED, target_type=record._meta.label_lower, target_id=str(record.pk)
    )


def _hhmm(record):
    return timezone.localtime(_changes(record).latest("at").at).strftime("%H:%M")


def _step_url(plan):
    return reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, plan.step.pk])


def _goal_url(plan):
    return reverse("plans:goal_status", args=[plan.person.pk, plan.goal.pk])


# The pages carry the version ---------------------------------------------------------------------


def test_the_goal_page_puts_the_version_in_every_status_form(sign_in, cast, plan):
    services.step_set_status(step=plan.step, status="doing", version=1, by=cast.practitioner)
    services.goal_set_status(goal=plan.goal, status="on_hold", version=1, by=cast.practitioner)
    html = (
        sign_in(cast.practitioner)
        .get(reverse("plans:goal", args=[plan.person.pk, plan.goal.pk]))
        .content.decode()
    )
    goal_form = html[html.index(_goal_url(plan)) :]
    assert '<input type="hidden" name="version" value="2">' in goal_form.split("</form>")[0]
    step_form = html[html.index(f'action="{_step_url(plan)}"') :].split("</form>")[0]
    assert '<input type="hidden" name="version" value="2">' in step_form
    other = plan.steps[1]
    other_url = reverse("plans:step_status", args=[plan.person.pk, plan.goal.pk, other.pk])
    other_form = html[html.index(f'action="{other_url}"') :].split("</form>")[0]
    assert '<input type="hidden" name="version" value="1">' in other_form


# Steps -------------------------------------------------------------------------------------------


def test_a_fresh_step_status_is_saved_and_its_version_goes_up(sign_in, cast, plan):
    client = sign_in(cast.practitioner)
    assert client.post(_step_url(plan), {"status": "done", "version": 1}).status_code == 302
    assert client.post(_step_url(plan), {"status": "doing", "version": 2}).status_code == 302
    plan.step.refresh_from_db()
    assert (plan.step.status, plan.step.version) == ("doing", 3)
    assert _changes(plan.step).count() == 2


def test_a_step_status_from_an_older_page_is_refused_on_the_goal_page(sign_in, cast, plan):
    assert sign_in(cast.team_lead).post(_step_url(plan), {"status": "done", "version": 1})
    response = sign_in(cast.practitioner).post(_step_url(plan), {"status": "paused", "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved changes while you were editing" in html  # the conflict banner
    assert (
        f"Someone changed this step at {_hhmm(plan.step)}, after your page was loaded: it now "
        "says Done. Nothing has been changed. Choose again if you meant to change it."
    ) in html
    assert '<td class="govuk-table__cell">Paused</td>' in html  # what they chose, not saved
    plan.step.refresh_from_db()
    assert (plan.step.status, plan.step.version) == ("done", 2)
    assert _changes(plan.step).count() == 1  # the refusal wrote nothing to the trail
    # The page now carries the version stored, so choosing again goes through.
    assert '<input type="hidden" name="version" value="2">' in html


def test_a_step_status_from_an_older_page_with_htmx_returns_the_row_as_it_is(sign_in, cast, plan):
    assert sign_in(cast.team_lead).post(_step_url(plan), {"status": "done", "version": 1})
    response = sign_in(cast.practitioner).post(
        _step_url(plan), {"status": "paused", "version": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200  # so that htmx swaps the row in
    assert html.strip().startswith(f'<li class="govuk-task-list__item" id="step-{plan.step.pk}"')
    assert "it now says Done. Nothing has been changed." in html
    assert 'role="alert"' in html
    assert '<input type="hidden" name="version" value="2">' in html
    assert '<option value="done" selected>' in html
    plan.step.refresh_from_db()
    assert (plan.step.status, plan.step.version) == ("done", 2)
    assert _changes(plan.step).count() == 1


def test_a_fresh_step_status_with_htmx_has_no_notice(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(
        _step_url(plan), {"status": "done", "version": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Nothing has been changed" not in html
    assert '<input type="hidden" name="version" value="2">' in html


def test_a_step_status_without_a_version_is_refused(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(_step_url(plan), {"status": "done"})
    assert response.status_code == 400
    plan.step.refresh_from_db()
    assert (plan.step.status, plan.step.version) == ("to_do", 1)


def test_step_set_status_from_an_older_version_writes_nothing(cast, plan):
    services.step_set_status(step=plan.step, status="done", version=1, by=cast.team_lead)
    stale = Step.objects.get(pk=plan.step.pk)
    with pytest.raises(EditConflict) as refused:
        services.step_set_status(step=stale, status="dropped", version=1, by=cast.practitioner)
    assert next((d.field, d.theirs, d.yours) for d in refused.value.differences) == (
        "status",
        "Done",
        "Not doing this now",
    )
    stored = Step.objects.get(pk=plan.step.pk)
    assert (stored.status, stored.done_on, stored.version) == ("done", timezone.localdate(), 2)
    assert _changes(plan.step).count() == 1


# Goals -------------------------------------------------------------------------------------------


def test_a_fresh_goal_status_is_saved_and_its_version_goes_up(sign_in, cast, plan):
    client = sign_in(cast.practitioner)
    assert client.post(_goal_url(plan), {"status": "on_hold", "version": 1}).status_code == 302
    assert client.post(_goal_url(plan), {"status": "achieved", "version": 2}).status_code == 302
    plan.goal.refresh_from_db()
    assert (plan.goal.status, plan.goal.version) == ("achieved", 3)


def test_a_goal_status_from_an_older_page_is_refused_on_the_goal_page(sign_in, cast, plan):
    sign_in(cast.team_lead).post(_goal_url(plan), {"status": "achieved", "version": 1})
    response = sign_in(cast.practitioner).post(_goal_url(plan), {"status": "not_now", "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved changes while you were editing" in html
    assert (
        f"Someone changed this goal at {_hhmm(plan.goal)}, after your page was loaded: it is now "
        "marked Achieved. Nothing has been changed. Choose again if you meant to change it."
    ) in html
    plan.goal.refresh_from_db()
    assert (plan.goal.status, plan.goal.version) == ("achieved", 2)
    assert _changes(plan.goal).count() == 1


def test_a_goal_status_without_a_version_is_refused(sign_in, cast, plan):
    response = sign_in(cast.practitioner).post(_goal_url(plan), {"status": "achieved"})
    assert response.status_code == 400
    plan.goal.refresh_from_db()
    assert (plan.goal.status, plan.goal.version) == ("working_on", 1)


def test_a_goal_edit_then_a_stale_status_click_is_refused(cast, plan):
    services.goal_update(
        goal=plan.goal,
        version=1,
        text="Swim every Friday",
        whose_idea=plan.goal.whose_idea,
        agreed_on=plan.goal.agreed_on,
        review_on=plan.goal.review_on,
        by=cast.team_lead,
    )
    with pytest.raises(EditConflict):
        services.goal_set_status(
            goal=Goal.objects.get(pk=plan.goal.pk), status="achieved", version=1, by=cast.team_lead
        )
    assert Goal.objects.get(pk=plan.goal.pk).status == GoalStatus.WORKING_ON


# Two clients from stale pages --------------------------------------------------------------------

ITERATIONS = 1000


def _set(kind, pk, status, version, by):
    if kind == "goal":
        return services.goal_set_status(
            goal=Goal.objects.get(pk=pk), status=status, version=version, by=by
        )
    return services.step_set_status(
        step=Step.objects.get(pk=pk), status=status, version=version, by=by
    )


@pytest.mark.parametrize("kind", ["goal", "step"])
def test_two_clients_clicking_from_stale_pages_never_lose_an_update(cast, kind):
    """1,000 changes, each from one of two pages that is often out of date: every change made
    from an out-of-date page is refused; every one made from the page as stored is saved."""
    person = PersonFactory(team=cast.team)
    record = (
        GoalFactory(person=person)
        if kind == "goal"
        else StepFactory(goal=GoalFactory(person=person))
    )
    model = type(record)
    statuses = (GoalStatus if kind == "goal" else StepStatus).values
    rng = random.Random(15)
    pages = {cast.practitioner: 1, cast.team_lead: 1}  # the version each client's page shows
    lost = saved = refused = 0
    for _ in range(ITERATIONS):
        by = rng.choice(list(pages))
        stored = model.objects.get(pk=record.pk)
        wanted = rng.choice(statuses)
        try:
            _set(kind, record.pk, wanted, pages[by], by)
        except EditConflict as conflict:
            refused += 1
            assert model.objects.get(pk=record.pk).version == stored.version  # nothing written
            assert model.objects.get(pk=record.pk).status == stored.status
            pages[by] = conflict.current.version  # the page comes back as it now is
            continue
        saved += 1
        if pages[by] != stored.version:
            lost += 1  # saved over a change this client had not seen
        pages[by] = stored.version + 1
        if rng.random() < 0.3:  # now and then the other client reloads too
            other = next(c for c in pages if c != by)
            pages[other] = stored.version + 1
    final = model.objects.get(pk=record.pk)
    print(f"{kind}: {ITERATIONS} changes, {saved} saved, {refused} refused, {lost} lost")
    assert lost == 0
    assert saved > 100  # both outcomes were really exercised
    assert refused > 100
    assert final.version == 1 + saved
    assert _changes(record).count() == saved  # one event per change saved, none per refusal


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (CI runs this on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["goal", "step"])
def test_two_threads_hammering_one_status_at_once_lose_no_update(cast, kind):
    """Two clients, each in its own thread and connection, 500 changes each at the same record;
    each saved change must have started from a version no other saved change started from."""
    person = PersonFactory(team=cast.team)
    record = (
        GoalFactory(person=person)
        if kind == "goal"
        else StepFactory(goal=GoalFactory(person=person))
    )
    statuses = (GoalStatus if kind == "goal" else StepStatus).values
    start = threading.Barrier(2, timeout=30)
    results = {}

    def hammer(by, seed):
        rng = random.Random(seed)
        page, bases, refused = 1, [], 0
        try:
            start.wait()
            for _ in range(ITERATIONS // 2):
                try:
                    _set(kind, record.pk, rng.choice(statuses), page, by)
                except EditConflict as conflict:
                    refused += 1
                    page = conflict.current.version
                    continue
                bases.append(page)
                page += 1
            results[by.pk] = (bases, refused)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hammer, args=(cast.practitioner, 1)),
        threading.Thread(target=hammer, args=(cast.team_lead, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(results) == 2, "a thread failed"
    bases = [base for saved, _ in results.values() for base in saved]
    refused = sum(count for _, count in results.values())
    lost = len(bases) - len(set(bases))  # two saves from the same version: one overwrote
    final = type(record).objects.get(pk=record.pk)
    print(f"{kind}: {ITERATIONS} changes, {len(bases)} saved, {refused} refused, {lost} lost")
    assert lost == 0
    assert len(bases) + refused == ITERATIONS
    assert final.version == 1 + len(bases)
    assert _changes(record).count() == len(bases)
    assert refused > 0  # the two really did collide


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (CI runs this on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_step_clicks_at_the_same_moment_one_saved_one_refused(cast):
    person = PersonFactory(team=cast.team, keyworker=cast.practitioner)
    step = StepFactory(goal=GoalFactory(person=person))
    url = reverse("plans:step_status", args=[person.pk, step.goal_id, step.pk])
    start = threading.Barrier(2, timeout=30)
    results = {}

    def click(user, status):
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            results[status] = client.post(url, {"status": status, "version": 1}).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=click, args=(cast.practitioner, "done")),
        threading.Thread(target=click, args=(cast.team_lead, "dropped")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [302, 409]
    step.refresh_from_db()
    winner = next(status for status, code in results.items() if code == 302)
    assert (step.status, step.version) == (winner, 2)


# Moving steps ----------------------------------------------------------------------------------
# A move says "one place up (or down) from where it is now", so a move from an older page is not
# refused: it moves the step from where it now stands. Two moves at the same moment must both
# count (the order is read under lock), or one would silently undo the other.


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (CI runs this on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_step_moves_at_the_same_moment_both_count(cast):
    person = PersonFactory(team=cast.team)
    rounds, lost = 30, 0
    for _ in range(rounds):
        goal = GoalFactory(person=person)
        steps = [StepFactory(goal=goal, text=t, position=i) for i, t in enumerate("abcd")]
        start = threading.Barrier(2, timeout=30)

        def move(step, direction, by, start=start):
            try:
                start.wait()
                services.step_move(step=step, direction=direction, by=by)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=move, args=(steps[0], "down", cast.practitioner)),
            threading.Thread(target=move, args=(steps[-1], "up", cast.team_lead)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        if list(goal.steps.values_list("text", flat=True)) != ["b", "a", "d", "c"]:
            lost += 1
    print(f"step moves: {rounds} pairs at the same moment, {lost} lost")
    assert lost == 0
