"""The audit trail in the app (issue 15): team leads search their teams' events, data protection
leads their whole organisation's; everyone in a person's team sees who has looked at the record.

The access layer (`core.access.audit`) decides whose events a reader may search; the selectors in
`core.trail` read them. Searching the trail is itself audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from connecting_people.core.access import trail_team_ids
from connecting_people.core.audit import audit_record
from connecting_people.core.forms import LengthLimits
from connecting_people.core.models import AuditAction
from connecting_people.core.trail import (
    LOOKED_DAYS,
    TrailQuery,
    in_words,
    looked_at,
    staff_name,
    trail_search,
    who_has_looked_at_person,
)
from connecting_people.people.access import person_for

PAGE_SIZE = 50


class TrailForm(LengthLimits, forms.Form):
    """The search form: every field optional; anything not understood is shown as an error."""

    person = forms.IntegerField(label=_("Person's record number"), required=False, min_value=1)
    staff = forms.TypedChoiceField(label=_("Staff member"), required=False, coerce=int)
    action = forms.ChoiceField(label=_("What they did"), required=False)
    since = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False)
    until = forms.DateField(label=_("To (YYYY-MM-DD)"), required=False)

    def __init__(self, *args: Any, team_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model()
            .objects.filter(team_memberships__team_id__in=team_ids)
            .distinct()
            .order_by("name")
        )
        staff_field: Any = self.fields["staff"]
        staff_field.choices = [("", _("Anyone"))] + [(u.pk, str(u)) for u in staff]
        action_field: Any = self.fields["action"]
        action_field.choices = [("", _("Anything")), *AuditAction.choices]

    def query(self) -> TrailQuery:
        data = self.cleaned_data
        return TrailQuery(
            person=str(data["person"] or ""),
            staff=data["staff"] or None,
            action=data["action"],
            since=data["since"],
            until=data["until"],
        )


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    team_ids = trail_team_ids(request)
    form = TrailForm(request.GET or None, team_ids=team_ids)
    query = form.query() if form.is_bound and form.is_valid() else TrailQuery()
    events = trail_search(team_ids=team_ids, query=query)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"event": e, "words": in_words(e)} for e in page.object_list]
    filters = {k: str(v) for k, v in vars(query).items() if v}
    audit_record(
        by=request.user,
        action=AuditAction.VIEWED,
        request=request,
        detail={"list": "audit trail", "filters": filters, "page": page.number},
    )
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": kept.urlencode()}
    return render(request, "practice/audit_trail.html", context)


@login_required
@require_GET
def who_has_looked(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    events = who_has_looked_at_person(person.pk, team_id=person.team_id)
    rows = [
        {"event": e, "who": staff_name(e), "role": e.role_label, "what": looked_at(e)}  # type: ignore[attr-defined]
        for e in events
    ]
    context = {"person": person, "rows": rows, "days": LOOKED_DAYS}
    return render(request, "practice/person_looked.html", context)
