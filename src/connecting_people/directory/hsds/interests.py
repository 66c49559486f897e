"""Our interest categories as an HSDS taxonomy, so any directory's terms can be matched to them.

The taxonomy and its terms have fixed identifiers derived from the category codes, so every
deployment publishes the same ids for the same interests, and an imported term can be mapped to
a category (`TaxonomyTerm.interest_category`). A category changed later is saved through
`interest_category_save`, which keeps its term in step (the admin page calls it).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.taxonomy.models import InterestCategory

INTEREST_TAXONOMY_ID = uuid.UUID("5e3b7a2c-6f1d-4c8e-9a47-1f0c2d9b8e61")
INTEREST_TAXONOMY_NAME = "Connecting People interests"
INTEREST_TAXONOMY_DESCRIPTION = (
    "Kinds of interest and community activity, shared by the interests people record and the "
    "services in the directory."
)
INTEREST_TAXONOMY_VERSION = "1"


def term_id_for(slug: str) -> uuid.UUID:
    """The fixed term id for an interest category's code."""
    return uuid.uuid5(INTEREST_TAXONOMY_ID, slug)


def sync_interest_taxonomy(apps: Any = None) -> None:
    """Create or refresh the taxonomy and one term per interest category (idempotent).

    `apps` is the migration state when run from a migration, else the live models.
    """
    taxonomy_model: Any
    term_model: Any
    if apps is None:
        from connecting_people.directory.models import Taxonomy, TaxonomyTerm

        taxonomy_model, term_model = Taxonomy, TaxonomyTerm
        categories = InterestCategory.objects.all()
    else:
        taxonomy_model = apps.get_model("directory", "Taxonomy")
        term_model = apps.get_model("directory", "TaxonomyTerm")
        categories = apps.get_model("taxonomy", "InterestCategory").objects.all()
    taxonomy, _created = taxonomy_model.objects.update_or_create(
        id=INTEREST_TAXONOMY_ID,
        defaults={
            "name": INTEREST_TAXONOMY_NAME,
            "description": INTEREST_TAXONOMY_DESCRIPTION,
            "version": INTEREST_TAXONOMY_VERSION,
        },
    )
    for category in categories:
        _sync_term(term_model, taxonomy, category)


def _sync_term(term_model: Any, taxonomy: Any, category: Any) -> tuple[Any, bool]:
    return term_model.objects.update_or_create(
        id=term_id_for(category.slug),
        defaults={
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "taxonomy": taxonomy.name,
            "taxonomy_detail": taxonomy,
            "language": "en",
            "interest_category_id": category.pk,
        },
    )


def match_terms_by_name() -> int:
    """Match unmatched terms whose name or code is exactly one of our categories' names or codes.

    Returns how many terms were matched. Anything less exact is left for a person to match.
    """
    from connecting_people.directory.models import TaxonomyTerm

    by_word = {}
    for category in InterestCategory.objects.in_use():
        by_word[category.name.casefold()] = category
        by_word[category.slug.casefold()] = category
    matched = []
    from connecting_people.directory.fit_records import FIT_TAXONOMY_IDS

    unmatched = TaxonomyTerm.objects.filter(interest_category__isnull=True)
    for term in unmatched.exclude(taxonomy_detail_id__in=FIT_TAXONOMY_IDS):  # access, audience
        found = by_word.get(term.name.casefold()) or by_word.get(term.code.casefold())
        if found is not None:
            term.interest_category = found
            matched.append(term)
    TaxonomyTerm.objects.bulk_update(matched, ["interest_category"], batch_size=500)
    refresh_search_for_terms([t.id for t in matched])
    return len(matched)


def refresh_search_for_terms(term_ids: list[uuid.UUID]) -> None:
    """Search knows a service's interests through its terms: refresh those services' entries."""
    if term_ids:
        from connecting_people.directory.search.facts import refresh_for_terms

        refresh_for_terms(term_ids)


@transaction.atomic
def interest_category_save(*, category: InterestCategory, by: Any) -> InterestCategory:
    """Save an interest category, and its term in our published taxonomy with it (audited)."""
    category.save()
    term, created = _category_term(category)
    audit_record(
        by=by,
        action=AuditAction.CREATED if created else AuditAction.CHANGED,
        target=term,
        detail={"interest_category": category.slug},
    )
    return category


def _category_term(category: InterestCategory) -> tuple[Any, bool]:
    """The category's term brought in step (the whole taxonomy made first if it is missing)."""
    from connecting_people.directory.models import Taxonomy, TaxonomyTerm

    taxonomy = Taxonomy.objects.filter(id=INTEREST_TAXONOMY_ID).first()
    if taxonomy is None:
        sync_interest_taxonomy()
        return TaxonomyTerm.objects.get(id=term_id_for(category.slug)), True
    return _sync_term(TaxonomyTerm, taxonomy, category)


@transaction.atomic
def terms_match(
    *,
    choices: dict[str, str],
    categories: dict[str, InterestCategory],
    by: Any,
    request: HttpRequest | None = None,
) -> int:
    """Match other directories' terms to our categories (term id -> category key, "" to clear).

    A key that is not one of `categories` (a stale page, a tampered form) is ignored, never a
    clear; ids that are not terms, or are our own taxonomy's, are ignored too. Each change is
    audited (`request` gives the trail the address it came from). Returns how many changed.
    """
    from connecting_people.directory.models import TaxonomyTerm

    terms = TaxonomyTerm.objects.exclude(taxonomy_detail_id=INTEREST_TAXONOMY_ID).filter(
        id__in=[k for k in choices if _is_uuid(k)]
    )
    changed = []
    for term in terms.select_for_update():
        choice = str(choices[str(term.id)]).strip()
        if choice and choice not in categories:
            continue
        category = categories.get(choice) if choice else None
        if (category.pk if category else None) == term.interest_category_id:
            continue
        term.interest_category = category
        term.save(update_fields=["interest_category"])
        changed.append(term)
        audit_record(
            by=by,
            action=AuditAction.CHANGED,
            target=term,
            request=request,
            detail={"interest_category": category.slug if category else None},
        )
    refresh_search_for_terms([t.id for t in changed])
    return len(changed)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
