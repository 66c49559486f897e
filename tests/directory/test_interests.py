"""Our interest categories, published as an HSDS taxonomy with fixed ids."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.hsds.interests import (
    INTEREST_TAXONOMY_ID,
    interest_category_save,
    sync_interest_taxonomy,
    term_id_for,
)
from connecting_people.directory.models import Taxonomy, TaxonomyTerm
from connecting_people.taxonomy.models import InterestCategory

pytestmark = pytest.mark.django_db


def test_every_interest_category_has_a_term_in_the_interest_taxonomy():
    categories = list(InterestCategory.objects.all())
    assert categories, "the built-in categories are seeded by a migration"
    taxonomy = Taxonomy.objects.get(id=INTEREST_TAXONOMY_ID)
    for category in categories:
        term = TaxonomyTerm.objects.get(id=term_id_for(category.slug))
        assert term.interest_category == category
        assert term.taxonomy_detail == taxonomy
        assert term.name == category.name
        assert term.code == category.slug


def test_term_ids_are_the_same_in_every_deployment():
    assert term_id_for("gardening") == uuid.uuid5(INTEREST_TAXONOMY_ID, "gardening")
    assert term_id_for("gardening") != term_id_for("music")


def test_a_category_added_later_gets_its_term_straight_away():
    category = InterestCategory(slug="bell-ringing", name="Bell ringing")
    interest_category_save(category=category, by=None)
    term = TaxonomyTerm.objects.get(id=term_id_for("bell-ringing"))
    assert term.interest_category == category
    assert term.description == "Bell ringing"


def test_renaming_a_category_renames_its_term():
    category = InterestCategory.objects.first()
    category.name = "Something new"
    interest_category_save(category=category, by=None)
    assert TaxonomyTerm.objects.get(id=term_id_for(category.slug)).name == "Something new"


def test_saving_a_category_audits_the_term_it_writes(cast):
    category = InterestCategory(slug="bell-ringing", name="Bell ringing")
    interest_category_save(category=category, by=cast.org_admin)
    category.name = "Change ringing"
    interest_category_save(category=category, by=cast.org_admin)
    events = AuditEvent.objects.filter(target_type="directory.taxonomyterm").order_by("pk")
    assert [(e.action, e.actor, e.target_id) for e in events] == [
        (AuditAction.CREATED, cast.org_admin, str(term_id_for("bell-ringing"))),
        (AuditAction.CHANGED, cast.org_admin, str(term_id_for("bell-ringing"))),
    ]
    assert events[0].detail == {"interest_category": "bell-ringing"}


def test_saving_a_category_with_no_interest_taxonomy_makes_it():
    Taxonomy.objects.filter(id=INTEREST_TAXONOMY_ID).delete()
    category = InterestCategory(slug="bell-ringing", name="Bell ringing")
    interest_category_save(category=category, by=None)
    assert TaxonomyTerm.objects.get(id=term_id_for("bell-ringing")).taxonomy_detail_id == (
        INTEREST_TAXONOMY_ID
    )


def test_a_bare_save_writes_no_term_behind_the_scenes():
    """No signal does domain work: the term is written only where the service is called."""
    InterestCategory.objects.create(slug="bell-ringing", name="Bell ringing")
    assert not TaxonomyTerm.objects.filter(id=term_id_for("bell-ringing")).exists()


def test_the_admin_page_saves_a_category_through_the_service(client):
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="pw")
    client.force_login(admin)
    response = client.post(
        "/django-admin/taxonomy/interestcategory/add/",
        {"slug": "bell-ringing", "name": "Bell ringing", "position": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    term = TaxonomyTerm.objects.get(id=term_id_for("bell-ringing"))
    assert term.name == "Bell ringing"
    assert AuditEvent.objects.filter(target_id=str(term.pk), actor=admin).exists()


def test_syncing_twice_changes_nothing():
    before = list(TaxonomyTerm.objects.order_by("id").values())
    sync_interest_taxonomy()
    sync_interest_taxonomy()
    assert list(TaxonomyTerm.objects.order_by("id").values()) == before
    assert Taxonomy.objects.filter(id=INTEREST_TAXONOMY_ID).count() == 1
