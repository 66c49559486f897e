"""Matching other directories' taxonomy terms to our interest categories.

Imported directories bring their own terms ("Allotments", "Gardening clubs"); matching each to one
of our interest categories lets search and suggestions treat them as that interest. The directory
is shared, so only team leads and organisation admins change the matches, and each change is
audited.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.directory.hsds.interests import (
    INTEREST_TAXONOMY_ID,
    refresh_search_for_terms,
)
from connecting_people.directory.models import TaxonomyTerm
from connecting_people.taxonomy.models import InterestCategory

PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    if not access.may_match_terms(request.user):
        access.refuse(request, model="directory.taxonomyterm", wanted="match")
        raise PermissionDenied
    categories = {str(c.pk): c for c in InterestCategory.objects.in_use()}
    if request.method == "POST":
        changed = _save_matches(request, categories)
        messages.success(
            request,
            _("Matches saved: %(count)s changed.") % {"count": changed},
        )
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    unmatched_only = request.GET.get("show") != "all"
    found = (
        TaxonomyTerm.objects.exclude(taxonomy_detail_id=INTEREST_TAXONOMY_ID)
        .select_related("interest_category", "taxonomy_detail")
        .annotate(uses=Count("attributes"))
        .order_by("taxonomy", "name", "id")
    )
    if unmatched_only:
        found = found.filter(interest_category__isnull=True)
    if query := request.GET.get("q", "").strip():
        found = found.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "categories": categories.values(),
        "unmatched_only": unmatched_only,
        "q": query,
        "query": _query_without_page(request),
    }
    return render(request, "directory/terms.html", context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@transaction.atomic
def _save_matches(request: HttpRequest, categories: dict[str, InterestCategory]) -> int:
    """Apply the posted `term-<id>` choices; an empty choice clears a match, and a value that is
    not one of our categories (a stale page, a tampered form) is ignored, never a clear."""
    posted = {
        key.removeprefix("term-"): value
        for key, value in request.POST.items()
        if key.startswith("term-")
    }
    terms = TaxonomyTerm.objects.exclude(taxonomy_detail_id=INTEREST_TAXONOMY_ID).filter(
        id__in=[k for k in posted if _is_uuid(k)]
    )
    changed = []
    for term in terms.select_for_update():
        choice = str(posted[str(term.id)]).strip()
        if choice and choice not in categories:
            continue
        category = categories.get(choice) if choice else None
        if (category.pk if category else None) == term.interest_category_id:
            continue
        term.interest_category = category
        term.save(update_fields=["interest_category"])
        changed.append(term)
        audit_record(
            by=request.user,
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
