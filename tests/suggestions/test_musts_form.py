"""The person's side of issue 17: access needs, group sizes, the most they would pay, their
circumstances and age band, and for each preference a must or would prefer, set on the
preferences form (versioned and audited), read into the profile, and moved over from the old
ticks by the data migration."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.fit import MUST_SLUGS
from connecting_people.suggestions.forms import PreferencesForm
from connecting_people.suggestions.models import Preferences
from connecting_people.suggestions.profile import profile_for
from tests.plans.factories import BarrierFactory, PersonFactory, barrier_type

MIGRATION = import_module("connecting_people.suggestions.migrations.0004_moved_to_musts")
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Morwenna", date_of_birth=None)


def _url(person):
    return reverse("suggestions:preferences", args=[person.pk])


def _data(**extra):
    data = {"version": 0, "area": "", "max_travel_km": "", "ways": ["in_person", "online"]}
    data.update({f"must_{slug}": "prefer" for slug in MUST_SLUGS})
    data.update(extra)
    return data


def _input(html: str, name: str, value: str) -> str | None:
    """The tick box or radio `name`=`value` in the page, or None."""
    found = re.search(rf'<input[^>]*name="{name}" type="\w+" value="{value}"[^>]*>', html)
    return found.group(0) if found else None


def _checked(html: str, name: str, value: str) -> bool:
    """Whether the input `name`=`value` is ticked or chosen in the page."""
    tag = _input(html, name, value)
    assert tag is not None, (name, value)
    return "checked" in tag


# --- initial choices ------------------------------------------------------------------------


def test_never_chosen_a_barrier_on_the_plan_starts_as_a_must():
    barriers = frozenset({"money", "digital-access", "worry-about-groups"})
    initial = PreferencesForm.initial_for(None, barriers=barriers)
    musts = {slug for slug in MUST_SLUGS if initial[f"must_{slug}"] == "must"}
    assert musts == {"cost", "delivery"}
    old = Preferences(needs_accessibility=True)
    initial = PreferencesForm.initial_for(old, barriers=frozenset({"time"}))
    assert {slug for slug in MUST_SLUGS if initial[f"must_{slug}"] == "must"} == {
        "when",
        "access",
    }


def test_once_chosen_the_choice_stands_whatever_the_barriers():
    chosen = Preferences(musts="distance", musts_chosen=True)
    initial = PreferencesForm.initial_for(chosen, barriers=frozenset({"money"}))
    assert {slug for slug in MUST_SLUGS if initial[f"must_{slug}"] == "must"} == {"distance"}


@pytest.mark.django_db
def test_the_page_starts_with_the_plans_musts(sign_in, cast, person):
    BarrierFactory(person=person, kind=barrier_type("transport-or-distance"))
    html = sign_in(cast.practitioner).get(_url(person)).content.decode()
    assert _checked(html, "must_distance", "must")
    assert _checked(html, "must_cost", "prefer")
    assert 'name="age_band"' in html  # no date of birth: asked
    assert _input(html, "access_needs", "step_free")
    assert _input(html, "group_sizes", "one_to_one")
    assert _input(html, "circumstances", "carers")
    assert not _input(html, "helps", "needs_accessibility")  # replaced by the list


@pytest.mark.django_db
def test_the_age_band_is_asked_only_without_a_date_of_birth(sign_in, cast):
    born = PersonFactory(team=cast.team, date_of_birth=dt.date(1950, 1, 1))
    html = sign_in(cast.practitioner).get(_url(born)).content.decode()
    assert 'name="age_band"' not in html


# --- saving ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_sets_the_new_preferences_and_musts_audited(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(
        _url(person),
        _data(
            max_cost="3.50",
            group_sizes=["small", "one_to_one"],
            access_needs=["hearing_loop", "step_free"],
            circumstances=["carers"],
            age_band="65_74",
            must_cost="must",
            must_access="must",
        ),
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(person=person)
    assert prefs.max_cost == Decimal("3.50")
    assert prefs.group_sizes == "one_to_one,small"
    assert prefs.access_needs == "step_free,hearing_loop"
    assert (prefs.circumstances, prefs.age_band) == ("carers", "65_74")
    assert (prefs.musts, prefs.musts_chosen) == ("cost,access", True)
    assert prefs.needs_accessibility  # the old ticks follow
    assert prefs.prefers_small_groups
    event = AuditEvent.objects.get(
        action=AuditAction.CREATED, target_type="suggestions.preferences"
    )
    assert {"musts", "access_needs", "max_cost", "age_band"} <= set(event.detail["fields"])
    profile = profile_for(person, today=TODAY)
    assert profile.musts == {"cost", "access"}
    assert profile.access_needs == {"step_free", "hearing_loop"}
    assert (profile.max_cost, profile.age_band) == (3.5, "65_74")
    assert profile.circumstances == {"carers"}
    html = client.get(reverse("suggestions:page", args=[person.pk])).content.decode()
    respect = html[html.index('id="respect"') :]
    for words in ("Up to £3.50 each time", "A hearing loop", "Carers", "65 to 74", "Cost, Access"):
        assert words in respect, words

    # Saved again with nothing a must: none is, whatever barriers the plan has.
    BarrierFactory(person=person, kind=barrier_type("money"))
    client.post(_url(person), _data(version=1, max_cost="0"))
    prefs.refresh_from_db()
    assert (prefs.musts, prefs.musts_chosen, prefs.max_cost) == ("", True, Decimal("0"))
    assert not prefs.needs_accessibility
    assert profile_for(person, today=TODAY).musts == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_cost": "lots"}, "Enter the most they would pay as an amount in pounds, like 3.50"),
        ({"max_cost": "-1"}, "Enter an amount of 0 or more (0 means free only)"),
        ({"max_cost": "1.505"}, "Enter the amount in pounds and pence, like 3.50"),
        ({"access_needs": ["stairs"]}, "Choose access needs from the list"),
        ({"must_cost": ""}, "Choose whether “Cost” is a must or a preference"),
        ({"age_band": "100_plus"}, "Choose an age band from the list"),
    ],
)
def test_errors_name_the_field_and_keep_what_was_typed(sign_in, cast, person, data, message):
    posted = _data(area="Kept Town", access_needs=["bsl"], group_sizes=["medium"])
    posted.update(data)
    response = sign_in(cast.practitioner).post(_url(person), posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Kept Town"' in html
    assert _checked(html, "group_sizes", "medium")
    if "access_needs" not in data:
        assert _checked(html, "access_needs", "bsl")
    assert not Preferences.objects.filter(person=person).exists()


# --- the migration --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_moves_the_old_ticks_over():
    needs = Preferences.objects.create(person=PersonFactory(), needs_accessibility=True)
    small = Preferences.objects.create(person=PersonFactory(), prefers_small_groups=True)
    kept = Preferences.objects.create(
        person=PersonFactory(),
        needs_accessibility=True,
        access_needs="bsl",
        musts="cost",
        prefers_small_groups=True,
        group_sizes="large",
    )
    neither = Preferences.objects.create(person=PersonFactory())
    MIGRATION.forwards(global_apps, None)
    for prefs in (needs, small, kept, neither):
        prefs.refresh_from_db()
    assert (needs.access_needs, needs.musts, needs.musts_chosen) == ("step_free", "access", False)
    assert needs.needs_accessibility  # the column is kept for now
    assert (small.group_sizes, small.musts) == ("one_to_one,small", "")
    assert (kept.access_needs, kept.musts, kept.group_sizes) == ("bsl", "cost,access", "large")
    assert (neither.access_needs, neither.musts, neither.group_sizes) == ("", "", "")
    # Never chosen: access is still a must, the other musts still come from the plan.
    profile = profile_for(needs.person, today=TODAY)
    assert profile.musts is None
    assert profile.access_needs == {"step_free"}
