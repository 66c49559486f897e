"""'Nothing found for …' on a person's ideas, and the team's "What is missing" page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.suggestions import missing
from connecting_people.suggestions.views import team
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import CostOptionFactory, ServiceFactory, with_interests
from tests.plans.factories import BarrierFactory, InterestFactory, PersonFactory, barrier_type
from tests.suggestions.test_views_person import _gardening_service, _page_url, person

__all__ = ["person"]  # the fixture


def _missing(html: str) -> str:
    if 'id="ideas-missing"' not in html:
        return ""
    start = html.index('id="ideas-missing"')
    return html[start : html.index("</div>", start)]


def test_nothing_free_names_the_interest_and_the_nearest_that_charges(sign_in, cast, person):
    _gardening_service("Pricey Plots", free=False)
    client = sign_in(cast.practitioner)
    missing = _missing(client.get(_page_url(person) + "?free=on").content.decode())
    assert "Nothing free for gardening." in missing
    assert "The nearest is Pricey Plots, from £8.00" in missing
    assert _missing(client.get(_page_url(person)).content.decode()) == ""  # without "Free"


# The team's "What is missing" --------------------------------------------------------------


@pytest.fixture
def fresh(cast):
    """Nothing kept from an earlier test for this team."""
    cache.delete(missing.cache_key(cast.team))
    yield
    cache.delete(missing.cache_key(cast.team))


def _swimmer(team, name: str, *, money: bool):
    someone = PersonFactory(team=team, preferred_name=name)
    interest = InterestFactory(person=someone, when="would_like_to_try", description="swimming")
    interest.categories.add(InterestCategory.objects.get(slug="sport-and-movement"))
    if money:
        BarrierFactory(person=someone, kind=barrier_type("money"))
    return someone


def test_what_is_missing_counts_people_per_kind_and_limit_naming_no_one(
    sign_in, cast, person, fresh
):
    """Two people can't pay for swimming, one can (and finds it); gardening finds nothing at
    all for Morwenna. Counts only, no names, no one's own words; audited as viewed."""
    pool = ServiceFactory(name="Kingsmead Pool", description="Swimming lanes")
    with_interests(pool, "sport-and-movement")
    CostOptionFactory(service=pool, amount=4)
    refresh_for_services([pool.id])
    for name, money in (("Ada", True), ("Bea", True), ("Cy", False)):
        _swimmer(cast.team, name, money=money)
    response = sign_in(cast.team_lead).get(reverse("suggestions_team:missing"))
    html = response.content.decode()
    rows = [" ".join(cell.split()) for cell in html.split('<tr class="govuk-table__row">')[2:]]
    assert any("Sport and movement" in r and "Not free" in r and ">2<" in r for r in rows)
    assert any("Nature and gardening" in r and "Nothing in the directory" in r for r in rows)
    assert "Something is missing for 3 of the 4 people" in " ".join(html.split())
    for private in ("Ada", "Bea", "Morwenna", "swimming", "Kingsmead"):
        assert private not in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, detail__report=team.MISSING_REPORT
    ).exists()


def test_what_is_missing_is_kept_for_an_hour_and_bounded_per_person(
    sign_in, cast, person, fresh, django_assert_max_num_queries
):
    """Worked out once (a bounded number of queries for each person), then read from the
    cache: a person added since is not counted until it is worked out again."""
    for n in range(5):
        _swimmer(cast.team, f"Swimmer {n}", money=True)
    found = missing.team_missing(cast.team)
    assert found.people == 6
    with django_assert_max_num_queries(2 + 6 * 20):
        missing.work_out(cast.team)
    _swimmer(cast.team, "Late", money=True)
    assert missing.team_missing(cast.team).people == 6
    cache.delete(missing.cache_key(cast.team))
    assert missing.team_missing(cast.team).people == 7
