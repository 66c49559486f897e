"""A barrier as long as a book is refused, plainly, keeping what was typed (issue 15)."""

from django.urls import reverse

from connecting_people.core.forms import LONG_TEXT_MAX
from connecting_people.plans.models import Barrier
from tests.plans.factories import barrier_type


def test_a_million_character_barrier_is_refused_and_what_was_typed_kept(sign_in, cast, person):
    huge = "choir" * 200_000  # 1,000,000 characters
    response = sign_in(cast.practitioner).post(
        reverse("plans:barrier_create", args=[person.pk]),
        {"kind": barrier_type("worry-about-groups").pk, "affects": huge, "plan": "Go together"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Keep “What does it get in the way of?” to 5,000 characters or fewer (it has 1,000,000)"
    ) in html
    assert huge in html  # what was typed is still in the box
    assert not Barrier.objects.exists()


def test_the_longest_barrier_a_person_would_write_is_saved(sign_in, cast, person):
    text = "a" * LONG_TEXT_MAX
    sign_in(cast.practitioner).post(
        reverse("plans:barrier_create", args=[person.pk]),
        {"kind": barrier_type("worry-about-groups").pk, "affects": text, "plan": ""},
    )
    assert Barrier.objects.get(person=person).affects == text
