"""The moving-on pack (issue 14 §7): the person keeps their map, the people on it, the things
they go to with next dates and their goals, printable and as a file; their worker prints the
same; and they keep signing in for as long as the team set at moving on."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.models import Schedule
from connecting_people.people import services as people
from connecting_people.people.models import Status
from connecting_people.suggestions.models import SuggestionStatus
from tests.network.factories import ConnectionFactory
from tests.plans.factories import GoalFactory, StepFactory
from tests.suggestions.factories import SuggestionFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("portal:moving_on")
FILE = reverse("portal:moving_on_download")


def _move_on(person, by, *, on=None, **kwargs):
    person.refresh_from_db()
    return people.person_move_on(
        person=person,
        on=on or timezone.localdate(),
        destination="lower_support",
        plan="Keep going to choir.",
        reason="",
        version=person.version,
        by=by,
        **kwargs,
    )


def _with_a_record(person, *, prefix):
    ConnectionFactory(person=person, label=f"{prefix} Friend")
    ConnectionFactory(
        person=person, label=f"{prefix} Old", ended_on=timezone.localdate() - dt.timedelta(days=30)
    )
    step = StepFactory(goal=GoalFactory(person=person, text=f"{prefix} goal"), text="Ring Jo")
    StepFactory(goal=step.goal, text="Joined", status="done")
    going = SuggestionFactory(
        person=person, status=SuggestionStatus.GOING_REGULARLY, service__name=f"{prefix} Choir"
    )
    Schedule.objects.create(service=going.service, freq="WEEKLY", byday="MO", opens_at="19:00")
    SuggestionFactory(person=person, service__name=f"{prefix} Maybe")  # only suggested


@pytest.fixture
def moved_on(own):
    _with_a_record(own.robin, prefix="Robin's")
    _with_a_record(own.sam, prefix="Sam's")
    _move_on(own.robin, own.practitioner)
    return own


def test_the_pack_has_the_map_the_people_the_activities_and_the_goals(moved_on, sign_in):
    page = sign_in(moved_on.robin_user).get(PAGE).content.decode()
    assert "<svg" in page  # the map, drawn
    assert "Robin&#x27;s Friend" in page
    assert "Robin&#x27;s Old" not in page  # an ended connection is not kept
    assert "Robin&#x27;s Choir" in page
    assert "Next dates:" in page
    assert "Monday" in page
    assert "Robin&#x27;s Maybe" not in page  # only what they go to regularly
    assert "Robin&#x27;s goal" in page
    assert "Ring Jo" in page
    assert "Keep going to choir." in page
    assert "data-cp-print" in page


def test_the_pack_holds_only_their_own(moved_on, sign_in):
    page = sign_in(moved_on.robin_user).get(PAGE).content.decode()
    file = sign_in(moved_on.robin_user).get(FILE).content.decode()
    for text in (page, file):
        assert "Sam&#x27;s" not in text
        assert "Sam&#x27;s Choir" not in text


def test_the_download_is_a_page_of_its_own_to_keep_and_is_audited(moved_on, sign_in):
    response = sign_in(moved_on.robin_user).get(FILE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"] == 'attachment; filename="my-moving-on-pack.html"'
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "/static/" not in html  # nothing to fetch: it opens anywhere
    assert "<svg" in html
    assert "Robin&#x27;s goal" in html
    assert AuditEvent.objects.filter(
        actor=moved_on.robin_user, action=AuditAction.EXPORTED, target_id=str(moved_on.robin.pk)
    ).exists()


def test_before_moving_on_the_page_says_it_will_be_there(own, sign_in):
    _with_a_record(own.robin, prefix="Robin's")
    page = sign_in(own.robin_user).get(PAGE).content.decode()
    assert "When you get ready to move on, your pack will be here." in page
    assert "Robin&#x27;s goal" not in page
    response = sign_in(own.robin_user).get(FILE)
    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_the_home_page_links_to_the_pack_once_moving_on(moved_on, sign_in):
    home = sign_in(moved_on.robin_user).get(reverse("portal:home")).content.decode()
    assert PAGE in home
    assert reverse("portal:who_looked") in home
    home = sign_in(moved_on.sam_user).get(reverse("portal:home")).content.decode()
    assert PAGE not in home


@pytest.mark.parametrize("member", ["practitioner", "team_lead", "org_admin", "outsider"])
def test_staff_never_open_the_persons_own_pack(moved_on, sign_in, member):
    client = sign_in(getattr(moved_on, member))
    assert client.get(PAGE).status_code == 404
    assert client.get(FILE).status_code == 404


def test_the_worker_prints_the_same_pack(moved_on, sign_in):
    url = reverse("practice:moving_on", args=[moved_on.robin.pk])
    page = sign_in(moved_on.practitioner).get(url).content.decode()
    assert "Robin&#x27;s goal" in page
    assert "Robin&#x27;s Choir" in page
    assert "Print it to give to them" in page
    person_page = sign_in(moved_on.practitioner).get(
        reverse("practice:person", args=[moved_on.robin.pk])
    )
    assert url in person_page.content.decode()


@pytest.mark.parametrize("member", ["other_practitioner", "elsewhere_lead", "outsider"])
def test_staff_of_another_team_cannot_open_the_pack(moved_on, sign_in, member):
    url = reverse("practice:moving_on", args=[moved_on.robin.pk])
    assert sign_in(getattr(moved_on, member)).get(url).status_code == 404


def test_the_pack_costs_a_fixed_number_of_queries(moved_on, sign_in, django_assert_max_num_queries):
    client = sign_in(moved_on.robin_user)
    client.get(PAGE)
    with django_assert_max_num_queries(40) as few:
        client.get(PAGE)
    for n in range(6):
        ConnectionFactory(person=moved_on.robin, label=f"More {n}")
        StepFactory(goal=GoalFactory(person=moved_on.robin), text=f"Step {n}")
        SuggestionFactory(person=moved_on.robin, status=SuggestionStatus.GOING_REGULARLY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PAGE).status_code == 200


# ── Signing in after moving on ────────────────────────────────────────────────────────────────


def test_moving_on_sets_how_long_they_keep_signing_in(own):
    on = timezone.localdate() - dt.timedelta(days=10)
    _move_on(own.robin, own.practitioner, on=on)
    own.robin_account.refresh_from_db()
    assert own.robin_account.access_until == on + dt.timedelta(days=90)
    assert own.robin_account.version == 2
    assert AuditEvent.objects.filter(
        actor=own.practitioner,
        action=AuditAction.CHANGED,
        target_type="people.personaccount",
        target_id=str(own.robin_account.pk),
    ).exists()


def test_the_team_sets_the_period_on_the_move_on_form(own, sign_in):
    url = reverse("people:status", args=[own.robin.pk, "move-on"])
    client = sign_in(own.practitioner)
    form = client.get(url).content.decode()
    assert "How many days can they keep signing in to their own space?" in form
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "version": own.robin.version,
            "on": today.strftime("%d/%m/%Y"),
            "destination": "lower_support",
            "own_space_days": "30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    own.robin_account.refresh_from_db()
    assert own.robin_account.access_until == today + dt.timedelta(days=30)


def test_no_period_is_asked_for_someone_without_an_account(own, sign_in):
    url = reverse("people:status", args=[own.kit.pk, "move-on"])
    form = sign_in(own.practitioner).get(url).content.decode()
    assert "keep signing in" not in form


def test_after_the_period_the_account_reaches_nothing(own, sign_in):
    _move_on(own.robin, own.practitioner, on=timezone.localdate() - dt.timedelta(days=5))
    assert sign_in(own.robin_user).get(PAGE).status_code == 200
    own.robin.refresh_from_db()
    own.robin_account.refresh_from_db()
    own.robin_account.access_until = timezone.localdate() - dt.timedelta(days=1)
    own.robin_account.save()
    assert sign_in(own.robin_user).get(PAGE).status_code == 404


def test_zero_days_ends_it_after_the_day_they_moved_on(own, sign_in):
    _move_on(
        own.robin,
        own.practitioner,
        on=timezone.localdate() - dt.timedelta(days=1),
        own_space_days=0,
    )
    assert sign_in(own.robin_user).get(PAGE).status_code == 404


def test_coming_back_lifts_the_date(own):
    _move_on(own.robin, own.practitioner)
    own.robin.refresh_from_db()
    people.person_return(
        person=own.robin,
        on=timezone.localdate(),
        reason="Back again",
        version=own.robin.version,
        by=own.practitioner,
    )
    own.robin_account.refresh_from_db()
    assert own.robin_account.access_until is None
    own.robin.refresh_from_db()
    assert own.robin.status == Status.ACTIVE


def test_someone_without_an_account_moves_on_as_before(own):
    _move_on(own.kit, own.practitioner)
    own.kit.refresh_from_db()
    assert own.kit.status == Status.MOVED_ON
