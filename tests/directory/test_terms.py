"""Matching other directories' taxonomy terms to our interest categories."""

import json
import uuid

import pytest
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.hsds.interests import (
    INTEREST_TAXONOMY_ID,
    match_terms_by_name,
    term_id_for,
)
from connecting_people.directory.models import Taxonomy, TaxonomyTerm
from connecting_people.taxonomy.models import InterestCategory

URL = reverse("directory:terms")
ALLOWED = ["team_lead", "org_admin"]
REFUSED = ["practitioner", "other_practitioner", "outsider", "evaluator"]


@pytest.fixture
def imported(db):
    taxonomy = Taxonomy.objects.create(name="Town directory terms", description="Theirs")

    def term(name, code=""):
        return TaxonomyTerm.objects.create(
            name=name, code=code, description=name, taxonomy_detail=taxonomy
        )

    return {"allotments": term("Allotments"), "choirs": term("Choirs", "MUS-1")}


@pytest.fixture
def an_interest():
    return InterestCategory.objects.first()


@pytest.mark.parametrize("role", ALLOWED)
def test_team_leads_and_organisation_admins_see_unmatched_terms(cast, sign_in, imported, role):
    page = sign_in(getattr(cast, role)).get(URL)
    assert page.status_code == 200
    assert "Allotments" in page.text
    assert "Choirs" in page.text
    # Our own interest terms are ours already: never offered for matching.
    assert str(term_id_for(InterestCategory.objects.first().slug)) not in page.text


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_is_refused_and_the_refusal_audited(cast, sign_in, imported, role):
    user = getattr(cast, role)
    assert sign_in(user).get(URL).status_code == 403
    response = sign_in(user).post(URL, {f"term-{imported['choirs'].id}": "1"})
    assert response.status_code == 403
    assert TaxonomyTerm.objects.get(pk=imported["choirs"].pk).interest_category is None
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.REFUSED).count() == 2


def test_signed_out_visitors_are_sent_to_sign_in(client, imported):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_lead_matches_a_term_and_it_is_audited(cast, sign_in, imported, an_interest):
    term = imported["allotments"]
    client = sign_in(cast.team_lead)
    response = client.post(URL, {f"term-{term.id}": str(an_interest.pk)}, follow=True)
    assert "Matches saved: 1 changed." in response.text
    term.refresh_from_db()
    assert term.interest_category == an_interest
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, actor=cast.team_lead)
    assert event.detail == {"interest_category": an_interest.slug}
    # Matched terms leave the default "not matched yet" list, and show under "all".
    assert "Allotments" not in client.get(URL).text
    assert "Allotments" in client.get(URL, {"show": "all"}).text


def test_clearing_a_match_and_ignoring_bad_or_foreign_ids(cast, sign_in, imported, an_interest):
    term = imported["choirs"]
    term.interest_category = an_interest
    term.save()
    ours = TaxonomyTerm.objects.get(id=term_id_for(an_interest.slug))
    client = sign_in(cast.team_lead)
    client.post(
        URL,
        {
            f"term-{term.id}": "",
            "term-not-a-uuid": str(an_interest.pk),
            f"term-{uuid.uuid4()}": str(an_interest.pk),
            f"term-{ours.id}": "",  # our own terms cannot be unmatched from here
        },
    )
    term.refresh_from_db()
    ours.refresh_from_db()
    assert term.interest_category is None
    assert ours.interest_category == an_interest


@pytest.mark.parametrize("value", ["999999", "walking", "not-a-category", "-1"])
def test_an_unknown_category_leaves_the_match_as_it_was(
    cast, sign_in, imported, an_interest, value
):
    term = imported["choirs"]
    term.interest_category = an_interest
    term.save()

    response = sign_in(cast.team_lead).post(URL, {f"term-{term.id}": value}, follow=True)

    term.refresh_from_db()
    assert term.interest_category == an_interest
    assert "Matches saved: 0 changed." in response.text
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


def test_search_finds_terms_by_name_or_code(cast, sign_in, imported):
    page = sign_in(cast.team_lead).get(URL, {"q": "mus-"})
    assert "Choirs" in page.text
    assert "Allotments" not in page.text


def test_terms_named_exactly_like_an_interest_are_matched_automatically(db, imported):
    category = InterestCategory.objects.first()
    exact = TaxonomyTerm.objects.create(name=category.name.upper(), description="x")
    by_code = TaxonomyTerm.objects.create(name="Something", code=category.slug, description="x")
    assert match_terms_by_name() == 2
    exact.refresh_from_db()
    by_code.refresh_from_db()
    assert exact.interest_category == category == by_code.interest_category
    assert TaxonomyTerm.objects.get(pk=imported["allotments"].pk).interest_category is None
    assert Taxonomy.objects.filter(id=INTEREST_TAXONOMY_ID).exists()


def test_an_import_matches_terms_named_like_an_interest_and_search_sees_it(db, tmp_path):
    from connecting_people.directory.hsds.importer import import_path
    from connecting_people.directory.search import engine as search

    category = InterestCategory.objects.first()
    term_id, service_id = uuid.uuid4(), uuid.uuid4()
    page = {
        "total_items": 1,
        "contents": [
            {
                "id": str(service_id),
                "name": "Saturday club",
                "status": "active",
                "attributes": [
                    {
                        "id": str(uuid.uuid4()),
                        "link_id": str(service_id),
                        "link_entity": "service",
                        "taxonomy_term_id": str(term_id),
                        "taxonomy_term": {
                            "id": str(term_id),
                            "name": category.name.lower(),
                            "description": "Their own word",
                        },
                    }
                ],
            }
        ],
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page))
    report = import_path(path)
    assert report.ok, report.lines()
    assert report.terms_matched == 1
    assert any("matched to our interests" in line for line in report.lines())
    assert TaxonomyTerm.objects.get(id=term_id).interest_category == category
    found = search.search_services(search.SearchQuery(categories=[category.slug]))
    assert [m.service.id for m in found.matches] == [service_id]


def test_matching_on_the_page_makes_search_find_the_service_by_interest(
    cast, sign_in, imported, an_interest
):
    from connecting_people.directory.models import Attribute
    from connecting_people.directory.search import engine as search
    from tests.directory.factories import ServiceFactory

    service = ServiceFactory(name="Plot holders")
    term = imported["allotments"]
    Attribute.objects.create(link_entity="service", link_id=service.id, taxonomy_term=term)
    search.refresh_for_services([service.id])
    query = search.SearchQuery(categories=[an_interest.slug])
    assert search.search_services(query).total == 0
    sign_in(cast.team_lead).post(URL, {f"term-{term.id}": str(an_interest.pk)})
    assert [m.service for m in search.search_services(query).matches] == [service]
