import pytest
from django.urls import reverse
from django.utils import formats
from django.utils.dateparse import parse_date

from connecting_people.core.middleware import SESSION_KEY


@pytest.mark.parametrize("name", ["guidance:about", "core:privacy", "core:accessibility"])
def test_public_pages_open_without_signing_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'lang="en-GB"' in response.content
    assert b"Skip to main content" in response.content


def test_home_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_home_for_staff_in_a_team_is_their_caseload(sign_in, cast):
    response = sign_in(cast.both_teams).get(reverse("core:home"))
    assert response.url == reverse("practice:caseload")


def test_home_for_an_organisation_admin_lists_their_organisations(sign_in, cast):
    response = sign_in(cast.org_admin).get(reverse("core:home"))
    assert response.status_code == 200
    assert b"Riverside Trust" in response.content


def test_home_for_an_evaluator_leads_to_the_report_and_the_export(sign_in, cast):
    html = sign_in(cast.evaluator).get(reverse("core:home")).content.decode()
    assert reverse("outcomes:report") in html
    assert reverse("research:export") in html
    assert "not part of a team yet" not in html


def test_home_for_an_organisation_admin_offers_the_report_but_not_the_export(sign_in, cast):
    html = sign_in(cast.org_admin).get(reverse("core:home")).content.decode()
    assert reverse("research:export") not in html
    assert reverse("outcomes:report") in html


@pytest.mark.parametrize("who", ["evaluator", "org_admin", "outsider"])
def test_home_page_title_is_just_its_name(sign_in, cast, who):
    html = sign_in(getattr(cast, who)).get(reverse("core:home")).content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.startswith("Home \u2013 ")
    assert "<" not in title


def test_home_tells_someone_without_a_team_what_to_do(sign_in, cast):
    response = sign_in(cast.outsider).get(reverse("core:home"))
    assert b"not part of a team yet" in response.content
    assert b"North Team" not in response.content


def test_team_switcher_shows_only_for_staff_in_several_teams(sign_in, cast):
    page = reverse("guidance:about")
    assert b'name="team"' in sign_in(cast.both_teams).get(page).content
    assert b'name="team"' not in sign_in(cast.practitioner).get(page).content


def test_switch_team_to_own_team(sign_in, cast):
    client = sign_in(cast.both_teams)
    response = client.post(reverse("core:switch_team"), {"team": cast.other_team.pk, "next": "/"})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == cast.other_team.pk
    assert client.get(reverse("guidance:about")).context["current_team"] == cast.other_team


def test_switch_team_to_someone_elses_team_is_ignored(sign_in, cast):
    client = sign_in(cast.practitioner)
    client.post(reverse("core:switch_team"), {"team": cast.other_team.pk})
    assert SESSION_KEY not in client.session
    assert client.get(reverse("guidance:about")).context["current_team"] == cast.team


def test_switch_team_does_not_redirect_off_site(sign_in, cast):
    response = sign_in(cast.both_teams).post(
        reverse("core:switch_team"), {"team": cast.team.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("core:home")


def test_health_answers_ok(client, db):
    response = client.get(reverse("core:health"))
    assert response.content == b"ok"


def test_dates_are_shown_the_uk_way():
    assert formats.date_format(parse_date("2026-11-26")) == "26 November 2026"
