"""Ideas for me (issue 14): the suggestions put to the person, why and when they next run, and
saying "interested" or "not for me" through the suggestions services, as themselves."""

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.suggestions import services
from connecting_people.suggestions.models import (
    NotForMeReason,
    Suggestion,
    SuggestionChange,
    SuggestionStatus,
)
from connecting_people.suggestions.ranking import Ranked
from connecting_people.suggestions.views.person import why_of
from tests.directory.factories import ScheduleFactory, ServiceFactory
from tests.suggestions.factories import SuggestionFactory
from tests.suggestions.test_ranking_reasons import THIRD_PERSON, _cards

pytestmark = pytest.mark.django_db
S = SuggestionStatus


def _idea(person, name="Riverside Walkers", **fields):
    fields.setdefault("why", "You said you like walking")
    return SuggestionFactory(person=person, service=ServiceFactory(name=name), **fields)


def test_ideas_shows_my_own_with_why_and_next_dates(own, sign_in):
    mine = _idea(own.sam)
    ScheduleFactory(service=mine.service, byday="TU")
    _idea(own.robin, "Robin Choir")
    html = sign_in(own.sam_user).get(reverse("portal:ideas")).content.decode()
    assert "Riverside Walkers" in html
    assert "You said you like walking" in html
    assert "Tuesday" in html  # its next dates, from the directory's schedule
    assert "Choir" not in html


def test_an_activity_with_no_dates_known_says_so(own, sign_in):
    _idea(own.sam)
    html = sign_in(own.sam_user).get(reverse("portal:ideas")).content.decode()
    assert "No dates known yet." in html


def test_saying_interested_puts_it_on_my_shortlist_audited_as_me(own, sign_in):
    idea = _idea(own.sam)
    client = sign_in(own.sam_user)
    response = client.post(
        reverse("portal:idea_interested", args=[idea.pk]), {"version": idea.version}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.shortlisted is True
    assert idea.status == S.SUGGESTED
    assert AuditEvent.objects.filter(
        actor=own.sam_user, action=AuditAction.CHANGED, target_id=str(idea.pk)
    ).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Your worker will see you are interested in Riverside Walkers." in html
    assert "You are interested" in html


def test_interested_on_a_page_shown_before_the_worker_moved_it_is_a_clash(own, sign_in):
    idea = _idea(own.sam)
    shown = idea.version
    services.suggestion_move(
        suggestion=idea, by=own.practitioner, to_status=S.NOT_FOR_ME, version=shown, reason="cost"
    )
    response = sign_in(own.sam_user).post(
        reverse("portal:idea_interested", args=[idea.pk]), {"version": shown}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed Riverside Walkers while you were looking" in html
    idea.refresh_from_db()
    assert (idea.status, idea.shortlisted) == (S.NOT_FOR_ME, False)


def test_saying_not_for_me_with_a_reason_moves_it_audited_as_me(own, sign_in):
    idea = _idea(own.sam)
    response = sign_in(own.sam_user).post(
        reverse("portal:idea_not_for_me", args=[idea.pk]),
        {"version": idea.version, "reason": "too_far", "note": "Two buses each way"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.reason, idea.note) == (S.NOT_FOR_ME, "too_far", "Two buses each way")
    change = SuggestionChange.objects.filter(suggestion=idea, to_status=S.NOT_FOR_ME).get()
    assert change.by == own.sam_user
    event = AuditEvent.objects.filter(actor=own.sam_user, action=AuditAction.CHANGED).get()
    assert event.detail["to"] == S.NOT_FOR_ME


def test_saying_not_for_me_without_a_reason_is_not_something_i_am_into(own, sign_in):
    idea = _idea(own.sam)
    sign_in(own.sam_user).post(
        reverse("portal:idea_not_for_me", args=[idea.pk]), {"version": idea.version}
    )
    idea.refresh_from_db()
    assert (idea.status, idea.reason) == (S.NOT_FOR_ME, NotForMeReason.NOT_INTERESTED)


def test_not_for_me_with_a_made_up_reason_says_what_to_fix_and_keeps_the_note(own, sign_in):
    idea = _idea(own.sam)
    response = sign_in(own.sam_user).post(
        reverse("portal:idea_not_for_me", args=[idea.pk]),
        {"version": idea.version, "reason": "bored", "note": "Kept words"},
    )
    html = response.content.decode()
    assert "Choose one of the reasons listed" in html
    assert "Kept words" in html
    idea.refresh_from_db()
    assert idea.status == S.SUGGESTED


def test_not_for_me_after_the_worker_moved_it_shows_the_clash_and_keeps_their_move(own, sign_in):
    idea = _idea(own.sam)
    shown = idea.version
    services.suggestion_move(
        suggestion=idea, by=own.practitioner, to_status=S.TALKED_ABOUT, version=shown
    )
    response = sign_in(own.sam_user).post(
        reverse("portal:idea_not_for_me", args=[idea.pk]),
        {"version": shown, "reason": "cost", "note": "Too dear"},
    )
    html = response.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "Talked about" in html
    assert "Too dear" in html
    idea.refresh_from_db()
    assert idea.status == S.TALKED_ABOUT
    # Saving again over the version now stored goes through.
    assert f'name="version" value="{idea.version}"' in html


@pytest.mark.parametrize("whose", ["robin", "kit"])
@pytest.mark.parametrize("name", ["portal:idea_interested", "portal:idea_not_for_me"])
def test_someone_elses_idea_is_the_same_404_as_a_missing_one(own, sign_in, whose, name):
    theirs = _idea(getattr(own, whose))
    client = sign_in(own.sam_user)
    data = {"version": theirs.version, "reason": "cost"}
    assert client.post(reverse(name, args=[theirs.pk]), data).status_code == 404
    assert client.post(reverse(name, args=[theirs.pk + 1000]), data).status_code == 404
    assert Suggestion.objects.get(pk=theirs.pk).status == S.SUGGESTED
    assert not Suggestion.objects.get(pk=theirs.pk).shortlisted
    assert AuditEvent.objects.filter(actor=own.sam_user, action=AuditAction.REFUSED).count() == 2


def test_ideas_takes_the_same_queries_however_many_ideas(
    own, sign_in, django_assert_max_num_queries
):
    ScheduleFactory(service=_idea(own.sam, "First").service, byday="MO")
    client = sign_in(own.sam_user)
    client.get(reverse("portal:ideas"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("portal:ideas"))
    for n in range(15):
        ScheduleFactory(service=_idea(own.sam, f"Idea {n}").service, byday="WE")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portal:ideas"))
    assert "Idea 14" in response.content.decode()


def test_each_idea_card_speaks_to_me_even_with_the_rankings_reasons(own, sign_in):
    """The reasons kept from the ranking, as they are read together: no "they" or "them"."""
    ranked = Ranked(
        kind="service",
        service_id=None,
        connector_id=None,
        name="Page Turners",
        score=1.0,
        reasons=[
            "Reading and writing, which you'd like to try",
            "First Monday of the month, in the afternoon, when you're free",
            "Alex from the team knows it and could go along with you",
            "Not checked yet — worth a call first",  # a warning: not kept
        ],
    )
    _idea(own.sam, why=why_of(ranked))
    html = sign_in(own.sam_user).get(reverse("portal:ideas")).content.decode()
    cards = _cards(html, '<li class="cp-card" id="idea-')
    assert len(cards) == 1
    assert "First Monday of the month" in cards[0]
    assert "Not checked" not in cards[0]
    assert not THIRD_PERSON.search(cards[0]), cards[0]
