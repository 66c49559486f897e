"""The team's contact details and crisis advice (issue 14): set by its leads on the team's page,
shown in each person's own space; the UK-wide advice until they are set."""

import pytest
from django.urls import reverse

from connecting_people.accounts.services import team_contact_save
from connecting_people.core.models import AuditAction, AuditEvent, TeamContact
from tests.factories import PersonAccountFactory
from tests.plans.factories import PersonFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "version": 1,
    "phone": "01234 567890",
    "email": "north@example.org",
    "hours": "Monday to Friday, 9am to 5pm",
    "crisis_what_to_do": "Ring the crisis team. They are there all night.",
    "crisis_who": "The crisis team",
    "crisis_phone": "0800 111 222",
}


@pytest.fixture
def robin(cast):
    return PersonAccountFactory(person=PersonFactory(team=cast.team, preferred_name="Robin"))


def test_until_the_team_sets_it_the_person_sees_uk_wide_help(cast, robin, sign_in):
    page = sign_in(robin.user).get(reverse("portal:home")).content.decode()
    assert "If you need help now" in page
    assert "116 123" in page
    assert "999" in page
    assert "NHS 111" in page


def test_a_team_lead_sets_the_details_and_the_person_sees_them(cast, robin, sign_in):
    client = sign_in(cast.team_lead)
    response = client.post(reverse("accounts:team_contact", args=[cast.team.pk]), FILLED)
    assert response.status_code == 302
    contact = TeamContact.objects.get(team=cast.team)
    assert contact.crisis_phone == "0800 111 222"
    assert AuditEvent.objects.filter(
        actor=cast.team_lead, action=AuditAction.CHANGED, target_id=str(contact.pk)
    ).exists()
    team_page = client.get(reverse("accounts:team", args=[cast.team.pk])).content.decode()
    assert "0800 111 222" in team_page
    page = sign_in(robin.user).get(reverse("portal:home")).content.decode()
    for shown in ("01234 567890", "north@example.org", "Ring the crisis team", "0800 111 222"):
        assert shown in page
    assert "116 123" not in page


def test_a_practitioner_may_not_change_them(cast, sign_in):
    response = sign_in(cast.practitioner).post(
        reverse("accounts:team_contact", args=[cast.team.pk]), FILLED
    )
    assert response.status_code == 403
    assert not TeamContact.objects.exists()


def test_another_leads_newer_save_is_not_overwritten(cast, sign_in):
    team_contact_save(team=cast.team, changes={"phone": "111"}, version=1, by=cast.team_lead)
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_contact", args=[cast.team.pk]), FILLED
    )
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in response.content.decode()
    assert TeamContact.objects.get().phone == "111"


def test_a_badly_written_email_is_named(cast, sign_in):
    response = sign_in(cast.team_lead).post(
        reverse("accounts:team_contact", args=[cast.team.pk]), FILLED | {"email": "not an email"}
    )
    assert "Enter the team email address in the right format" in response.content.decode()
