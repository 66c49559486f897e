"""The practice prompts beside ideas to try, moving on and barriers: shown to signed-in staff,
hidden by a worker who knows them, brought back from their account. The screens below practice
only mark the spot (core/prompts.py); practice fills it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from connecting_people.core import prompts as spots
from connecting_people.practice.guidance.models import HiddenPrompt
from connecting_people.practice.guidance.prompts import PROMPTS
from tests.factories import PersonFactory


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Ayo", keyworker=cast.practitioner)


def _pages(person):
    return {
        "ideas": reverse("suggestions:page", args=[person.pk]),
        "moving-on": reverse("people:status", args=[person.pk, "moving-on"]),
        "barriers": reverse("plans:barrier_create", args=[person.pk]),
    }


@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_each_prompt_shows_beside_its_screen(sign_in, cast, person, key):
    html = sign_in(cast.practitioner).get(_pages(person)[key]).content.decode()
    assert f'id="cp-prompt-{key}-heading"' in html
    assert (
        str(PROMPTS[key].questions[0]).replace("'", "&#x27;") in html
        or str(PROMPTS[key].questions[0]) in html
    )
    assert reverse("guidance:prompt_hide", args=[key]) in html


def test_a_prompt_shows_only_on_its_own_screen(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(_pages(person)["barriers"]).content.decode()
    assert 'id="cp-prompt-ideas-heading"' not in html
    assert 'id="cp-prompt-moving-on-heading"' not in html


def test_a_worker_hides_a_prompt_and_goes_back_to_where_they_were(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    page = _pages(person)["barriers"]
    response = client.post(reverse("guidance:prompt_hide", args=["barriers"]), {"next": page})
    assert response.url == page
    assert 'id="cp-prompt-barriers-heading"' not in client.get(page).content.decode()
    # Only for them: the team lead still sees it.
    lead = sign_in(cast.team_lead).get(page).content.decode()
    assert 'id="cp-prompt-barriers-heading"' in lead


def test_hiding_twice_keeps_one_choice_and_never_sends_anyone_off_site(sign_in, cast):
    client = sign_in(cast.practitioner)
    url = reverse("guidance:prompt_hide", args=["ideas"])
    client.post(url)
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("guidance:about")
    assert HiddenPrompt.objects.filter(user=cast.practitioner).count() == 1


def test_an_unknown_prompt_cannot_be_hidden(sign_in, cast):
    response = sign_in(cast.practitioner).post(reverse("guidance:prompt_hide", args=["nothing"]))
    assert response.status_code == 404
    assert not HiddenPrompt.objects.exists()


def test_hiding_needs_a_post_and_a_sign_in(client, db):
    url = reverse("guidance:prompt_hide", args=["ideas"])
    assert client.post(url).status_code == 302  # to sign in
    assert not HiddenPrompt.objects.exists()


def test_account_settings_offers_the_prompts_again_only_once_some_are_hidden(sign_in, cast):
    client = sign_in(cast.practitioner)
    settings_page = reverse("accounts:settings")
    assert "Show the prompts again" not in client.get(settings_page).content.decode()
    client.post(reverse("guidance:prompt_hide", args=["ideas"]))
    client.post(reverse("guidance:prompt_hide", args=["moving-on"]))
    assert "Show the prompts again" in client.get(settings_page).content.decode()
    response = client.post(reverse("guidance:prompts_show"))
    assert response.url == settings_page
    assert not HiddenPrompt.objects.filter(user=cast.practitioner).exists()


def test_a_page_with_prompts_reads_the_hidden_ones_once(cast, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = cast.practitioner
    template = Template('{% load prompts %}{% prompt "ideas" %}{% prompt "barriers" %}')
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))
    assert "cp-prompt-ideas-heading" in html
    assert "cp-prompt-barriers-heading" in html


def test_a_spot_shows_nothing_to_someone_signed_out_or_without_a_request(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert spots.prompts_for(request, "ideas") == ""
    assert spots.prompts_for(None, "ideas") == ""


def test_a_providers_plain_text_is_escaped(monkeypatch):
    monkeypatch.setattr(spots, "_providers", [lambda request, key: "<b>plain</b>"])
    assert spots.prompts_for(None, "x") == "&lt;b&gt;plain&lt;/b&gt;"
