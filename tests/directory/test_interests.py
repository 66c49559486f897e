"""Our interest categories, published as an HSDS taxonomy with fixed ids."""

import uuid

import pytest

from connecting_people.directory.interests import (
    INTEREST_TAXONOMY_ID,
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
    category = InterestCategory.objects.create(slug="bell-ringing", name="Bell ringing")
    term = TaxonomyTerm.objects.get(id=term_id_for("bell-ringing"))
    assert term.interest_category == category
    assert term.description == "Bell ringing"


def test_renaming_a_category_renames_its_term():
    category = InterestCategory.objects.first()
    category.name = "Something new"
    category.save()
    assert TaxonomyTerm.objects.get(id=term_id_for(category.slug)).name == "Something new"


def test_syncing_twice_changes_nothing():
    before = list(TaxonomyTerm.objects.order_by("id").values())
    sync_interest_taxonomy()
    sync_interest_taxonomy()
    assert list(TaxonomyTerm.objects.order_by("id").values()) == before
    assert Taxonomy.objects.filter(id=INTEREST_TAXONOMY_ID).count() == 1
