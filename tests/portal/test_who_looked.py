"""Who has looked at my record (issue 14 §6): staff roles from the audit trail, names only where
the organisation chooses, the person's own changes as "You"; their own record only."""

import pytest
from django.urls import reverse

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent, Organisation
from connecting_people.people import services as people
from tests.plans.factories import StepFactory

pytestmark = pytest.mark.django_db
URL = reverse("portal:who_looked")


def _page(sign_in, user, **query):
    response = sign_in(user).get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_who_looked_appear_by_role_with_no_names(own, sign_in):
    sign_in(own.practitioner).get(reverse("practice:person", args=[own.robin.pk]))
    step = StepFactory(goal__person=own.robin)
    audit_record(by=own.team_lead, action=AuditAction.CHANGED, target=step)
    page = _page(sign_in, own.robin_user)
    assert "A practitioner looked at your record." in page
    assert "A team lead changed your step." in page
    assert "Pat Practitioner" not in page
    assert "Lee Lead" not in page
    assert "not their name" in page


def test_a_change_to_their_account_reads_plainly(own, sign_in):
    audit_record(by=own.team_lead, action=AuditAction.CHANGED, target=own.robin_account)
    assert "A team lead changed your account." in _page(sign_in, own.robin_user)


def test_names_are_shown_where_the_organisation_chooses(own, sign_in):
    Organisation.objects.filter(pk=own.organisation.pk).update(show_staff_names_to_people=True)
    sign_in(own.practitioner).get(reverse("practice:person", args=[own.robin.pk]))
    page = _page(sign_in, own.robin_user)
    assert "Pat Practitioner, practitioner looked at your record." in page


def test_the_persons_own_changes_are_you_and_their_own_looks_are_left_out(own, sign_in):
    own.robin.refresh_from_db()
    people.person_update(
        person=own.robin,
        changes={"what_matters": "Music"},
        version=own.robin.version,
        by=own.robin_user,
    )
    page = _page(sign_in, own.robin_user)  # opening the page is a look of their own
    assert "You changed your record." in page
    assert "You looked at" not in page


def test_refusals_and_the_systems_work_are_left_out(own, sign_in):
    sign_in(own.other_practitioner).get(reverse("practice:person", args=[own.robin.pk]))
    assert AuditEvent.objects.filter(actor=own.other_practitioner, action="refused").exists()
    audit_record(by=None, action=AuditAction.CHANGED, target=own.robin)
    page = _page(sign_in, own.robin_user)
    assert "No one has looked at your record yet." in page


def test_only_their_own_record(own, sign_in):
    sign_in(own.practitioner).get(reverse("practice:person", args=[own.sam.pk]))
    assert "No one has looked at your record yet." in _page(sign_in, own.robin_user)
    assert "A practitioner looked at your record." in _page(sign_in, own.sam_user)


@pytest.mark.parametrize("member", ["practitioner", "team_lead", "org_admin", "outsider"])
def test_staff_never_open_it(own, sign_in, member):
    assert sign_in(getattr(own, member)).get(URL).status_code == 404


def test_an_account_that_may_not_sign_in_now_sees_nothing(own, sign_in):
    own.robin_account.status = "paused"
    own.robin_account.save()
    assert sign_in(own.robin_user).get(URL).status_code == 404


def test_paged_in_constant_queries(own, sign_in, django_assert_max_num_queries):
    for _ in range(5):
        audit_record(by=own.practitioner, action=AuditAction.VIEWED, target=own.robin)
    client = sign_in(own.robin_user)
    client.get(URL)  # the session, once
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _ in range(60):
        audit_record(by=own.team_lead, action=AuditAction.VIEWED, target=own.robin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(URL).content.decode()
    assert first.count("looked at your record.") == 30
    second = client.get(URL, {"page": 3}).content.decode()
    assert second.count("looked at your record.") == 5


def test_the_organisations_admins_choose_on_its_page(own, sign_in):
    url = reverse("accounts:organisation", args=[own.organisation.pk])
    client = sign_in(own.org_admin)
    assert "What people see about who looked" in client.get(url).content.decode()
    response = client.post(url, {"names-show_staff_names": "yes", "names-was": "no"})
    assert response.status_code == 302
    own.organisation.refresh_from_db()
    assert own.organisation.show_staff_names_to_people
    assert AuditEvent.objects.filter(
        actor=own.org_admin, action=AuditAction.CHANGED, target_type="accounts.organisation"
    ).exists()


def test_a_stale_choice_is_not_saved_over_a_newer_one(own, sign_in):
    Organisation.objects.filter(pk=own.organisation.pk).update(show_staff_names_to_people=True)
    url = reverse("accounts:organisation", args=[own.organisation.pk])
    response = sign_in(own.org_admin).post(url, {"names-show_staff_names": "no", "names-was": "no"})
    assert response.status_code == 200
    assert "Someone else changed this setting" in response.content.decode()
    own.organisation.refresh_from_db()
    assert own.organisation.show_staff_names_to_people


def test_a_choice_not_made_is_named(own, sign_in):
    url = reverse("accounts:organisation", args=[own.organisation.pk])
    response = sign_in(own.org_admin).post(url, {"names-was": "no"})
    assert response.status_code == 200
    assert "Choose whether people see staff names" in response.content.decode()


def test_a_team_lead_cannot_choose(own, sign_in):
    url = reverse("accounts:organisation", args=[own.organisation.pk])
    response = sign_in(own.team_lead).post(
        url, {"names-show_staff_names": "yes", "names-was": "no"}
    )
    assert response.status_code == 404
    own.organisation.refresh_from_db()
    assert not own.organisation.show_staff_names_to_people
