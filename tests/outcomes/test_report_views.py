"""The team report page: who may see which team (staff their own teams; evaluators any team of
their organisation and the whole organisation), audited views and refusals, the period form,
"too few people to say", no person named, and a fixed number of queries."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from tests.factories import PersonFactory
from tests.outcomes.change_helpers import days_ago, ons4, take

URL = reverse("outcomes:report")


def _fill(team, count, name="Perpetua"):
    for n in range(count):
        person = PersonFactory(team=team, preferred_name=f"{name}{n}")
        take(person, "ons4", ons4(3 + n % 3, anxious=6), days_ago(150))
        take(person, "ons4", ons4(6 + n % 2, anxious=4), days_ago(10))


def _get(client, **query):
    return client.get(URL, query)


def test_staff_see_their_team_with_n_and_the_interval(sign_in, cast):
    _fill(cast.team, 6)
    page = _get(sign_in(cast.practitioner), scope=f"team-{cast.team.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Change since the start" in html
    assert "95% confidence interval" in html
    assert "Life satisfaction (higher is better)" in html
    assert "Anxiety yesterday (lower is better)" in html
    assert "Too few people to say" in html  # the loneliness questions: nobody yet
    assert "Perpetua" not in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.practitioner, target_id=str(cast.team.pk)
    ).exists()


def test_too_few_people_shows_no_statistics(sign_in, cast):
    _fill(cast.team, 4)
    html = _get(sign_in(cast.practitioner)).content.decode()
    assert "Too few people to say" in html
    assert " to +" not in html  # no interval anywhere


def test_practitioners_are_refused_other_teams_and_the_organisation(sign_in, cast):
    client = sign_in(cast.practitioner)
    for scope in (f"team-{cast.other_team.pk}", f"organisation-{cast.organisation.pk}",
                  f"team-{cast.elsewhere_team.pk}", "team-x"):  # fmt: skip
        assert _get(client, scope=scope).status_code == 404
    assert (
        AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.practitioner).count() == 4
    )


def test_team_leads_see_their_whole_organisation_but_no_other_team(sign_in, cast):
    _fill(cast.team, 5)
    _fill(cast.other_team, 6, name="Quentin")
    client = sign_in(cast.team_lead)
    whole = _get(client, scope=f"organisation-{cast.organisation.pk}")
    assert whole.status_code == 200
    assert "People with a baseline and a follow-up: 11." in whole.content.decode()
    assert "Quentin" not in whole.content.decode()
    elsewhere = cast.elsewhere_team
    for scope in (f"team-{cast.other_team.pk}", f"organisation-{elsewhere.organisation_id}",
                  f"team-{elsewhere.pk}"):  # fmt: skip
        assert _get(client, scope=scope).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.team_lead).count() == 3


def test_evaluators_see_any_team_of_their_organisation_and_all_of_it(sign_in, cast):
    _fill(cast.team, 3)
    _fill(cast.other_team, 3, name="Quentin")
    client = sign_in(cast.evaluator)
    whole = _get(client, scope=f"organisation-{cast.organisation.pk}")
    assert whole.status_code == 200
    html = whole.content.decode()
    assert "All of Riverside Trust" in html
    assert "People with a baseline and a follow-up: 6." in html
    assert "Perpetua" not in html
    assert "Quentin" not in html
    assert _get(client, scope=f"team-{cast.other_team.pk}").status_code == 200
    assert _get(client, scope=f"team-{cast.elsewhere_team.pk}").status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=cast.evaluator, target_id=str(cast.organisation.pk)
    ).exists()


def test_people_with_no_team_and_no_organisation_role_are_refused(sign_in, cast):
    assert _get(sign_in(cast.outsider)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=cast.outsider).exists()


def test_organisation_admins_see_every_team_and_the_whole_organisation(sign_in, cast):
    _fill(cast.team, 6)
    client = sign_in(cast.org_admin)
    assert _get(client).status_code == 200  # their first choice: a team of their organisation
    for scope in (f"team-{cast.team.pk}", f"team-{cast.other_team.pk}",
                  f"organisation-{cast.organisation.pk}"):  # fmt: skip
        page = _get(client, scope=scope)
        assert page.status_code == 200
        assert "Perpetua" not in page.content.decode()
    assert _get(client, scope=f"team-{cast.elsewhere_team.pk}").status_code == 404


def test_signed_out_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_period_filters_by_baseline_and_bad_dates_are_explained(sign_in, cast):
    _fill(cast.team, 5)
    client = sign_in(cast.practitioner)
    html = _get(client, since=days_ago(100).strftime("%d/%m/%Y")).content.decode()
    assert "0 people have a baseline and a follow-up." in html
    bad = _get(client, since="31/02/2026", until="1/1/2026").content.decode()
    assert "There is a problem" in bad
    assert "Enter a real date for “from”" in bad
    assert 'value="31/02/2026"' in bad
    backwards = _get(client, since="1/6/2026", until="1/1/2026").content.decode()
    assert "must be on or after" in backwards


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert _get(client).status_code == 200
    return len(queries)


def test_the_same_number_of_queries_however_many_people(sign_in, cast):
    client = sign_in(cast.practitioner)
    _fill(cast.team, 2)
    few = _queries(client)
    _fill(cast.team, 8, name="More")
    assert _queries(client) == few


def test_evaluators_see_small_numbers_as_fewer_than_5_and_whole_months(sign_in, cast):
    _fill(cast.team, 3)  # baselines 150 days ago
    client = sign_in(cast.evaluator)
    html = _get(client, scope=f"team-{cast.team.pk}").content.decode()
    assert "People with a baseline and a follow-up: fewer than 5." in html
    assert "Too few people to say (fewer than 5)" in html
    assert "(3)" not in html
    # A "from" date on the day after their baselines still counts them: the month is whole.
    baseline = days_ago(150)
    if baseline.month == days_ago(149).month:
        after = _get(
            client, scope=f"team-{cast.team.pk}", since=days_ago(149).strftime("%d/%m/%Y")
        ).content.decode()
        assert "People with a baseline and a follow-up: fewer than 5." in after


def test_too_few_to_say_is_never_beside_the_exact_count_even_for_the_team(sign_in, cast):
    _fill(cast.team, 3)
    html = _get(sign_in(cast.practitioner)).content.decode()
    assert "Fewer than 5 people have a baseline and a follow-up." in html
    assert "Too few people to say (fewer than 5)" in html
    assert "3 people" not in html
    assert re.search(r'numeric">\s*3\s*<', html) is None  # not in the table's People column
    assert "(3)" not in html


def test_staff_see_their_own_numbers_exactly_from_5(sign_in, cast):
    _fill(cast.team, 5)
    html = _get(sign_in(cast.practitioner)).content.decode()
    assert "5 people have a baseline and a follow-up." in html
    assert re.search(r'numeric">\s*5\s*<', html)
