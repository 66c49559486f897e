"""Matching other directories' taxonomy terms to our interest categories.

Imported directories bring their own terms ("Allotments", "Gardening clubs"); matching each to one
of our interest categories lets search and suggestions treat them as that interest. The directory
is shared, so only team leads and organisation admins change the matches, and each change is
audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connecting_people.core import access
from connecting_people.core.access.directory import may_match_terms
from connecting_people.directory import selectors
from connecting_people.directory.hsds.interests import terms_match

PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    if not may_match_terms(request.user):
        access.refuse(request, model="directory.taxonomyterm", wanted="match")
        raise PermissionDenied
    categories = {str(c.pk): c for c in selectors.interest_categories(in_use=True)}
    if request.method == "POST":
        changed = terms_match(
            choices=_posted_choices(request),
            categories=categories,
            by=request.user,
            request=request,
        )
        messages.success(request, _("Matches saved: %(count)s changed.") % {"count": changed})
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    unmatched_only = request.GET.get("show") != "all"
    query = request.GET.get("q", "").strip()
    found = selectors.terms_to_match(unmatched_only=unmatched_only, text=query)
    context = {
        "page": Paginator(found, PER_PAGE).get_page(request.GET.get("page")),
        "categories": categories.values(),
        "unmatched_only": unmatched_only,
        "q": query,
        "query": _query_without_page(request),
    }
    return render(request, "directory/terms.html", context)


def _posted_choices(request: HttpRequest) -> dict[str, str]:
    """The posted `term-<id>` choices: term id -> category key ("" clears a match)."""
    return {
        key.removeprefix("term-"): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("term-")
    }


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
