"""The worker's updates feed (issue 14 §4): what a person changed in their own space, on the
caseload and their page, marked seen by each worker for themself."""

import pytest
from django.urls import reverse

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people import services as people
from connecting_people.plans import services as plans
from connecting_people.practice.models import UpdateSeen
from connecting_people.practice.updates.selectors import (
    person_updates,
    unseen_counts,
    updates_section,
)
from connecting_people.practice.updates.services import updates_mark_seen
from tests.factories import PersonAccountFactory, PersonFactory
from tests.plans.factories import StepFactory

pytestmark = pytest.mark.django_db


def _what_matters(person, user, text="Being outdoors"):
    person.refresh_from_db()
    return people.person_update(
        person=person, changes={"what_matters": text}, version=person.version, by=user
    )


def _step_done(person, user):
    step = StepFactory(goal__person=person)
    return plans.step_set_status(step=step, status="done", version=step.version, by=user)


def _texts(person, user):
    return [u.text for u in updates_section(person, user=user)["updates"]]


def test_a_persons_own_changes_are_their_updates(own):
    _what_matters(own.robin, own.robin_user)
    _step_done(own.robin, own.robin_user)
    section = updates_section(own.robin, user=own.practitioner)
    assert section["unseen"] == 2
    texts = [u.text for u in section["updates"]]
    assert texts == ["Robin changed a step", "Robin changed their record"]
    details = [u.detail for u in section["updates"]]
    assert details == ["now: done", "what changed: what matters to me"]


def test_staff_changes_looks_and_another_persons_changes_are_not_updates(own, sign_in):
    _what_matters(own.robin, own.practitioner)  # the worker's own change
    sign_in(own.robin_user).get(reverse("portal:home"))  # the person looking: not a change
    _what_matters(own.sam, own.sam_user)  # Sam's change, same team
    assert _texts(own.robin, own.practitioner) == []
    assert _texts(own.sam, own.practitioner) == ["Sam changed their record"]


def test_an_event_by_the_persons_account_about_someone_else_is_not_theirs(own):
    """Only events about the person themself count, even by their own account."""
    audit_record(by=own.robin_user, action=AuditAction.CHANGED, target=own.sam)
    assert _texts(own.robin, own.practitioner) == []
    assert _texts(own.sam, own.practitioner) == []


def test_any_kind_of_record_reads_including_one_the_feed_has_never_heard_of(own):
    goal = StepFactory(goal__person=own.robin).goal
    audit_record(by=own.robin_user, action=AuditAction.CREATED, target=goal)
    AuditEvent.objects.create(  # a kind of record added later, named by the trail only
        actor=own.robin_user,
        action=AuditAction.CREATED,
        target_type="portal.somethingnew",
        target_id="7",
        detail={"subject": own.robin.pk},
    )
    assert _texts(own.robin, own.practitioner) == ["Robin added a record", "Robin added a goal"]


def test_marks_are_per_member_of_staff_and_seen_ones_stay_listed(own):
    _what_matters(own.robin, own.robin_user)
    _step_done(own.robin, own.robin_user)
    newest = person_updates(own.robin, user=own.practitioner).first()
    assert updates_mark_seen(person=own.robin, by=own.practitioner, events=[newest.pk]) == 1
    assert updates_section(own.robin, user=own.practitioner)["unseen"] == 1
    assert updates_section(own.robin, user=own.team_lead)["unseen"] == 2  # their own marks
    listed = list(person_updates(own.robin, user=own.practitioner))
    assert [e.seen for e in listed] == [True, False]
    assert updates_mark_seen(person=own.robin, by=own.practitioner) == 1  # all the rest
    assert updates_section(own.robin, user=own.practitioner)["unseen"] == 0
    assert len(person_updates(own.robin, user=own.practitioner)) == 2
    # Marking is audited as a look at the record, by the worker.
    assert AuditEvent.objects.filter(
        actor=own.practitioner,
        action=AuditAction.VIEWED,
        target_id=str(own.robin.pk),
        detail__updates_seen=1,
    ).exists()


def test_another_persons_update_cannot_be_marked_through_this_person(own):
    _what_matters(own.sam, own.sam_user)
    sams = person_updates(own.sam, user=own.practitioner).first()
    assert updates_mark_seen(person=own.robin, by=own.practitioner, events=[sams.pk]) == 0
    assert not UpdateSeen.objects.exists()


def test_the_person_page_shows_the_updates_and_marks_them_seen_without_javascript(own, sign_in):
    _what_matters(own.robin, own.robin_user)
    client = sign_in(own.practitioner)
    page = client.get(reverse("practice:person", args=[own.robin.pk])).content.decode()
    assert "Updates from Robin" in page
    assert "Robin changed their record" in page
    event = person_updates(own.robin, user=own.practitioner).first()
    response = client.post(
        reverse("practice:updates_seen", args=[own.robin.pk]), {"event": event.pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{own.robin.pk}/#updates")
    page = client.get(reverse("practice:person", args=[own.robin.pk])).content.decode()
    assert "Nothing new from Robin since you last looked" in page
    listed = client.get(reverse("practice:updates", args=[own.robin.pk])).content.decode()
    assert "Robin changed their record" in listed


def test_marking_seen_with_htmx_gives_the_section_back(own, sign_in):
    _what_matters(own.robin, own.robin_user)
    _step_done(own.robin, own.robin_user)
    response = sign_in(own.practitioner).post(
        reverse("practice:updates_seen", args=[own.robin.pk]),
        {"all": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="updates"')
    assert "Nothing new from Robin" in html
    assert UpdateSeen.objects.filter(user=own.practitioner).count() == 2


def test_a_person_without_an_account_has_no_updates_section(own, sign_in):
    page = sign_in(own.practitioner).get(reverse("practice:person", args=[own.kit.pk]))
    assert "Updates from Kit" not in page.content.decode()


@pytest.mark.parametrize("member", ["other_practitioner", "elsewhere_lead", "outsider"])
def test_staff_of_another_team_see_no_updates(own, sign_in, member):
    _what_matters(own.robin, own.robin_user)
    client = sign_in(getattr(own, member))
    assert client.get(reverse("practice:updates", args=[own.robin.pk])).status_code == 404
    response = client.post(reverse("practice:updates_seen", args=[own.robin.pk]), {"all": "on"})
    assert response.status_code == 404
    assert not UpdateSeen.objects.exists()


def test_the_caseload_marks_who_has_updates(own, sign_in):
    _what_matters(own.robin, own.robin_user)
    _step_done(own.robin, own.robin_user)
    _what_matters(own.sam, own.sam_user)
    page = sign_in(own.practitioner).get(reverse("practice:caseload"), {"view": "team"})
    html = page.content.decode()
    assert "2 updates from Robin" in html
    assert "1 update from Sam" in html
    assert "from Kit" not in html


def test_the_caseload_counts_in_constant_queries(own, django_assert_max_num_queries):
    people_ = [own.robin, own.sam, own.kit]
    for n in range(20):
        account = PersonAccountFactory(person=PersonFactory(team=own.team))
        _what_matters(account.person, account.user, text=f"Thing {n}")
        people_.append(account.person)
    _what_matters(own.robin, own.robin_user)
    with django_assert_max_num_queries(2):
        counts = unseen_counts(people_, user=own.practitioner)
    assert counts[own.robin.pk] == 1
    assert len(counts) == 21


def test_the_caseload_page_costs_the_same_for_many_people(own, sign_in, django_assert_num_queries):
    client = sign_in(own.practitioner)
    url = reverse("practice:caseload")
    client.get(url, {"view": "team"})  # warm the session and the team
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"view": "team"})
    for n in range(15):
        account = PersonAccountFactory(person=PersonFactory(team=own.team))
        _what_matters(account.person, account.user, text=f"Thing {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"view": "team"})
    assert response.content.decode().count("1 update from") == 15


def test_the_worker_reads_the_persons_own_words_in_the_feed(own, sign_in):
    """An update written for the worker, and a different view, are shown word for word (the trail
    never holds the words, so the feed reads them from the records, only the person's own)."""
    people.own_update_add(
        person=own.robin, text="The walk was lovely, see you Tuesday", by=own.robin_user
    )
    people.different_view_add(
        person=own.robin,
        about_kind="what_matters",
        about_id=own.robin.pk,
        text="I would put my dog first",
        by=own.robin_user,
    )
    people.own_update_add(person=own.sam, text="Sam's own news", by=own.sam_user)
    words = [u.words for u in updates_section(own.robin, user=own.practitioner)["updates"]]
    assert words == ["I would put my dog first", "The walk was lovely, see you Tuesday"]
    client = sign_in(own.practitioner)
    page = client.get(reverse("practice:person", args=[own.robin.pk])).content.decode()
    assert "The walk was lovely, see you Tuesday" in page
    assert "own news" not in page
    listed = client.get(reverse("practice:updates", args=[own.robin.pk])).content.decode()
    assert "I would put my dog first" in listed


def test_a_questionnaire_filled_in_is_named_warmly_with_its_title(own, sign_in):
    """Not "a measure response": what the person did, and which questionnaire it was."""
    from tests.outcomes.change_helpers import TODAY, take, ucla3

    take(own.robin, "ucla3", ucla3(2, 2, 2), TODAY, by=own.robin_user)
    texts = _texts(own.robin, own.practitioner)
    assert texts == [
        "Robin filled in a questionnaire: Loneliness (three questions)",
        "Robin started a questionnaire: Loneliness (three questions)",
    ]
    client = sign_in(own.practitioner)
    listed = client.get(reverse("practice:updates", args=[own.robin.pk])).content.decode()
    assert "Robin filled in a questionnaire: Loneliness (three questions)" in listed
    assert "measure response" not in listed


def test_a_person_on_their_own_map_and_their_ideas_read_warmly(own):
    from connecting_people.core.trail_words import what_they_did, what_was_done

    def event(kind, action):
        return AuditEvent(actor=own.robin_user, action=action, target_type=kind, target_id="1")

    said = what_they_did(event("network.connection", AuditAction.CREATED))
    assert said == "added someone to their map"
    assert what_they_did(event("suggestions.suggestion", AuditAction.CHANGED)) == (
        "said how an idea went"
    )
    assert what_was_done(event("network.tie", AuditAction.VIEWED)) == (
        "looked at a link between two people on a map"
    )
    assert what_was_done(event("outcomes.response", AuditAction.VIEWED), own=True) == (
        "looked at your answers to a questionnaire"
    )
