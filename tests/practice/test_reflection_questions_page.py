"""An organisation admin changes the reflection questions their teams answer, in the app."""

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.practice.reflection import selectors
from connecting_people.practice.reflection.forms import QuestionSetForm
from connecting_people.practice.reflection.models import ReflectionArea, ReflectionQuestion


def _url(cast):
    return reverse("reflection:questions", args=[cast.organisation.pk])


def _data(cast, **changes):
    initial = QuestionSetForm.initial_for(selectors.organisation_questions(cast.organisation.pk))
    return {**initial, **changes}


def test_the_page_shows_the_questions_the_teams_answer_now(sign_in, cast):
    html = sign_in(cast.org_admin).get(_url(cast)).content.decode()
    first = ReflectionQuestion.objects.filter(organisation=None, area__key="agency").first()
    assert first.text.replace("'", "&#x27;") in html
    assert "the questions the app starts with" in html


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "evaluator", "elsewhere_lead"])
def test_only_the_organisations_admins_may_change_them(sign_in, cast, who):
    client = sign_in(getattr(cast, who))
    assert client.get(_url(cast)).status_code == 404
    assert client.post(_url(cast), _data(cast, area_agency="Hijacked.")).status_code == 404
    assert not ReflectionQuestion.objects.filter(organisation__isnull=False).exists()


def test_an_admin_saves_the_organisations_own_questions(sign_in, cast):
    data = _data(cast, area_agency="We hold an open morning.\n\n  We know the library.  ")
    response = sign_in(cast.org_admin).post(_url(cast), data)
    assert response.status_code == 302
    asked = selectors.questions_to_answer(cast.team)
    agency = [q.text for q in asked if q.area.key == "agency"]
    assert agency == ["We hold an open morning.", "We know the library."]
    assert all(q.organisation_id == cast.organisation.pk for q in asked)
    assert (
        len(asked)
        == 2
        + ReflectionQuestion.objects.filter(organisation=None, in_use=True)
        .exclude(area__key="agency")
        .count()
    )
    assert AuditEvent.objects.filter(actor=cast.org_admin, action=AuditAction.IMPORTED).exists()


def test_an_empty_area_or_too_many_questions_is_refused_with_the_words_kept(sign_in, cast):
    many = "\n".join(f"Question {n}" for n in range(9))
    data = _data(cast, area_agency="", area_person=many)
    html = sign_in(cast.org_admin).post(_url(cast), data).content.decode()
    assert "Give at least one question for this area." in html
    assert "Keep it to 8 questions." in html
    assert "Question 8" in html
    assert not ReflectionQuestion.objects.filter(organisation__isnull=False).exists()


def test_saving_over_someone_elses_change_is_refused(sign_in, cast):
    stale = _data(cast, area_agency="Mine.")
    ReflectionQuestion.objects.create(
        area=ReflectionArea.objects.get(key="agency"),
        organisation=cast.organisation,
        text="Theirs.",
    )
    html = sign_in(cast.org_admin).post(_url(cast), stale).content.decode()
    assert "Someone else changed the questions" in html
    assert not ReflectionQuestion.objects.filter(text="Mine.").exists()
