"""The two doors (core/own_space.py): a person's account reaches only its own space and its own
record; staff never open the person's space; paused, ended and past-date accounts reach nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.services import OtherOrganisationError, membership_set
from connecting_people.core import access
from connecting_people.core.models import AuditAction, AuditEvent, TeamRole
from connecting_people.people.models import Interest, Person

pytestmark = pytest.mark.django_db


def test_a_person_opens_their_own_space(own, sign_in):
    response = sign_in(own.robin_user).get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Hello, Robin" in response.content.decode()
    assert AuditEvent.objects.filter(
        actor=own.robin_user, action=AuditAction.VIEWED, target_id=str(own.robin.pk)
    ).exists()


def test_the_home_page_sends_a_person_to_their_own_space(own, sign_in):
    response = sign_in(own.robin_user).get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("practice:caseload", []),
        ("practice:person", ["robin"]),
        ("practice:person", ["sam"]),
        ("team:page", []),
        ("directory:browse", []),
        ("accounts:settings", []),
        ("reminders:list", []),
        ("trail:search", []),
    ],
)
def test_a_persons_account_gets_a_404_on_every_staff_page(own, sign_in, name, args):
    args = [getattr(own, a).pk for a in args]
    response = sign_in(own.robin_user).get(reverse(name, args=args))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=own.robin_user, action=AuditAction.REFUSED).exists()


@pytest.mark.parametrize("member", ["practitioner", "team_lead", "org_admin", "outsider"])
def test_staff_never_open_a_persons_space(own, sign_in, member):
    response = sign_in(getattr(own, member)).get(reverse("portal:home"))
    assert response.status_code == 404


def test_someone_not_signed_in_is_sent_to_the_persons_own_sign_in(own, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:sign_in')}?next=%2Fmy%2F"


@pytest.mark.parametrize(
    "change",
    [
        {"status": "paused"},
        {"status": "ended"},
        {"status": "invited"},
        {"access_until": datetime.date(2020, 1, 1)},
    ],
)
def test_an_account_that_may_not_sign_in_now_reaches_nothing(own, sign_in, change):
    for field, value in change.items():
        setattr(own.robin_account, field, value)
    own.robin_account.save()
    assert access.own_person_id(own.robin_user) is None
    assert sign_in(own.robin_user).get(reverse("portal:home")).status_code == 404


def test_access_until_today_still_reaches_the_space(own, sign_in):
    own.robin_account.access_until = timezone.localdate()
    own.robin_account.save()
    assert sign_in(own.robin_user).get(reverse("portal:home")).status_code == 200


def test_own_records_holds_only_the_persons_own(own):
    Interest.objects.create(person=own.robin, description="Birdwatching", when="do_now")
    Interest.objects.create(person=own.sam, description="Chess", when="do_now")
    labels = access.own_records(own.robin_user, Interest.objects.all()).values_list(
        "description", flat=True
    )
    assert list(labels) == ["Birdwatching"]
    people = access.own_records(own.robin_user, Person.objects.all())
    assert list(people) == [own.robin]
    # A staff account is not a person's: it reaches no one through this door.
    assert not access.own_records(own.practitioner, Person.objects.all()).exists()


def test_staff_rules_give_a_persons_account_nothing(own):
    assert not access.records_for(own.robin_user, Person.objects.all()).exists()


def test_a_persons_account_can_never_be_given_a_staff_role(own):
    with pytest.raises(OtherOrganisationError, match="cannot be given a staff role"):
        membership_set(
            user=own.robin_user, team=own.team, role=TeamRole.PRACTITIONER, by=own.team_lead
        )


def test_every_model_with_a_persons_path_is_reached_through_it():
    """Each model that belongs to a person names the path to them, directly or through its team
    path; the models that belong to no person are refused outright."""
    from django.apps import apps

    from connecting_people.core.access.own import person_path

    for model in apps.get_models():
        team_path = getattr(model, "access_team_path", None)
        if team_path is None:
            continue
        if "person" in team_path.split("__") or model is Person:
            assert person_path(model).endswith(("person", "pk")), model
        else:
            with pytest.raises(TypeError):
                person_path(model)


def test_a_person_can_choose_a_password_and_add_a_second_step_from_their_space(own, sign_in):
    client = sign_in(own.robin_user)
    home = client.get(reverse("portal:home")).content.decode()
    for name in ("account_change_password", "mfa_index"):
        assert reverse(name) in home
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code in (200, 302)
