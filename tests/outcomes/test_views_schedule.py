"""The team's questionnaire schedule: members see it, team leads change it, others get nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connecting_people.outcomes import services
from connecting_people.outcomes.models import MeasureSchedule

URL = reverse("outcomes:schedule")


def _data(**changes):
    return {"version": 0, "months": "6, 12", "instruments": ["ucla3", "ons4"], **changes}


def test_a_team_without_its_own_schedule_sees_the_usual_one(sign_in, cast):
    html = sign_in(cast.practitioner).get(URL).content.decode()
    assert "asked at the start and at 3, 6, 9 and 12 months" in html
    assert "the team has not set its own" in html
    for title in ("Personal wellbeing", "Loneliness (three questions)", "How often lonely"):
        assert title in html
    assert "The team lead can change the schedule." in html
    assert 'name="months"' not in html


def test_a_team_lead_sets_the_schedule(sign_in, cast):
    client = sign_in(cast.team_lead)
    form = client.get(URL).content.decode()
    assert 'value="3, 6, 9, 12"' in form
    assert 'value="swemwbs"' not in form  # cannot be asked without its wording
    response = client.post(URL, _data())
    assert response.status_code == 302
    saved = MeasureSchedule.objects.get(team=cast.team)
    assert (saved.months, sorted(saved.instruments), saved.updated_by) == (
        [6, 12],
        ["ons4", "ucla3"],
        cast.team_lead,
    )
    html = client.get(URL).content.decode()
    assert "asked at the start and at 6 and 12 months" in html


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("", "Give at least one follow-up, like 3, 6, 9, 12"),
        ("3, six", "Write the months as whole numbers separated by commas"),
        ("3, ³", "Write the months as whole numbers separated by commas"),  # a digit, not 0-9
        ("0, 3", "Each follow-up must be from 1 to 120 months after the start"),
        ("3, 500", "Each follow-up must be from 1 to 120 months after the start"),
    ],
)
def test_months_that_make_no_sense_are_refused_and_kept(sign_in, cast, months, message):
    html = sign_in(cast.team_lead).post(URL, _data(months=months)).content.decode()
    assert message in html
    assert f'value="{months}"' in html or not months
    assert not MeasureSchedule.objects.exists()


def test_a_schedule_with_nothing_asked_is_allowed(sign_in, cast):
    sign_in(cast.team_lead).post(URL, _data(instruments=[]))
    assert MeasureSchedule.objects.get(team=cast.team).instruments == []


def test_an_instrument_without_wording_cannot_be_scheduled(sign_in, cast):
    html = sign_in(cast.team_lead).post(URL, _data(instruments=["swemwbs"])).content.decode()
    assert "Choose from the questionnaires listed" in html
    assert not MeasureSchedule.objects.exists()


def test_a_conflicting_schedule_save_is_refused(sign_in, cast):
    services.schedule_save(
        team=cast.team, by=cast.org_admin, months=[3], instruments=["ons4"], version=0
    )
    html = sign_in(cast.team_lead).post(URL, _data()).content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "Personal wellbeing" in html
    assert MeasureSchedule.objects.get(team=cast.team).months == [3]


def test_a_schedule_clash_reads_as_the_form_writes_it(sign_in, cast):
    services.schedule_save(
        team=cast.team, by=cast.org_admin, months=[3], instruments=["ons4"], version=0
    )
    html = sign_in(cast.team_lead).post(URL, _data()).content.decode()
    table = html[html.index("What is different") : html.index("</table>")]
    cells = [cell.split("</td>")[0] for cell in table.split('<td class="govuk-table__cell">')[1:]]
    assert cells == [
        "3",
        "6, 12",
        "Personal wellbeing",
        "Loneliness (three questions), Personal wellbeing",
    ]
    assert str(cast.org_admin) not in table  # who saved is not a row of the table


def test_a_practitioner_cannot_change_the_schedule(sign_in, cast):
    response = sign_in(cast.practitioner).post(URL, _data())
    assert response.status_code == 403
    assert not MeasureSchedule.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "evaluator"])
def test_no_schedule_for_those_in_no_team(sign_in, cast, who):
    client = sign_in(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, _data()).status_code == 404
    assert not MeasureSchedule.objects.exists()


def test_signed_out_go_to_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response.url
