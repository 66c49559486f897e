"""Stories a person agreed to share with their team: kept only with their agreement, shown on the
team page, taken back whenever they say so; only their team reaches them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.network.models import Connection, SharedStory
from connecting_people.network.services import story_share
from tests.plans.factories import PersonFactory

STORY = "Fran and I walk to the allotment on Sundays now"


@pytest.fixture
def ada(cast):
    return PersonFactory(team=cast.team, preferred_name="Adaline")


@pytest.fixture
def fran(ada):
    return Connection.objects.create(person=ada, label="Fran", kind="friend", ring="close")


def _share(client, person, **data):
    return client.post(reverse("team:stories", args=[person.pk]), data)


def test_a_story_is_kept_with_their_agreement_and_shown_on_the_team_page(sign_in, cast, ada, fran):
    client = sign_in(cast.practitioner)
    response = _share(client, ada, text=f"  {STORY} ", connection=fran.pk, agreed="on")
    assert response.status_code == 302
    story = SharedStory.objects.get(person=ada)
    assert (story.text, story.connection, story.written_by) == (STORY, fran, cast.practitioner)
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, target_id=str(story.pk)).exists()
    page = client.get(reverse("team:page")).content.decode()
    assert STORY in page
    assert "about Fran" in page


def test_without_their_agreement_nothing_is_kept_and_the_words_stay(sign_in, cast, ada):
    response = _share(sign_in(cast.practitioner), ada, text=STORY)
    assert response.status_code == 200
    assert "Ask them first" in response.content.decode()
    assert STORY in response.content.decode()
    assert not SharedStory.objects.exists()


def test_a_story_cannot_be_about_someone_elses_connection(sign_in, cast, ada):
    other = PersonFactory(team=cast.team)
    theirs = Connection.objects.create(person=other, label="Gus", kind="friend", ring="close")
    response = _share(
        sign_in(cast.practitioner), ada, text=STORY, connection=theirs.pk, agreed="on"
    )
    assert response.status_code == 200
    assert not SharedStory.objects.exists()


def test_taking_a_story_back_deletes_it_and_the_audit_keeps_no_words(sign_in, cast, ada):
    story = story_share(person=ada, text=STORY, by=cast.practitioner)
    url = reverse("team:story_withdraw", args=[ada.pk, story.pk])
    assert sign_in(cast.team_lead).post(url).status_code == 302
    assert not SharedStory.objects.exists()
    event = AuditEvent.objects.filter(action=AuditAction.DELETED).get()
    assert STORY not in str(event.detail)


@pytest.mark.parametrize("who", ["other_practitioner", "elsewhere_lead", "org_admin"])
def test_anyone_outside_the_team_is_refused_and_nothing_changes(sign_in, cast, ada, who):
    story = story_share(person=ada, text=STORY, by=cast.practitioner)
    client = sign_in(getattr(cast, who))
    assert client.get(reverse("team:stories", args=[ada.pk])).status_code == 404
    assert _share(client, ada, text="Another", agreed="on").status_code == 404
    url = reverse("team:story_withdraw", args=[ada.pk, story.pk])
    assert client.post(url).status_code == 404
    assert list(SharedStory.objects.values_list("text", flat=True)) == [STORY]
    assert AuditEvent.objects.filter(actor=getattr(cast, who), action="refused").count() == 3


def test_another_persons_story_is_not_reached_through_someone_else(sign_in, cast, ada):
    other = PersonFactory(team=cast.team)
    theirs = story_share(person=other, text=STORY, by=cast.practitioner)
    url = reverse("team:story_withdraw", args=[ada.pk, theirs.pk])
    assert sign_in(cast.practitioner).post(url).status_code == 404
    assert SharedStory.objects.filter(pk=theirs.pk).exists()
