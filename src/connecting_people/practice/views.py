"""The caseload, the person's page, their history and their printable plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connecting_people.accounts.models import User
from connecting_people.core.access import may_erase_anywhere, may_erase_in, may_search_trail
from connecting_people.core.audit import audit_record
from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction
from connecting_people.network.models import Connection
from connecting_people.network.selectors import network_overview
from connecting_people.outcomes.selectors import measures_overview
from connecting_people.people import services as people_services
from connecting_people.people.access import caseload_for, person_for
from connecting_people.people.lifecycle import lifecycle_actions
from connecting_people.people.models import Person
from connecting_people.people.selectors import consent_current, different_views_of
from connecting_people.plans.access import step_for_person
from connecting_people.plans.forms import StepStatusForm
from connecting_people.plans.models import StepStatus
from connecting_people.plans.selectors import plan_overview, timeline_events
from connecting_people.plans.services import step_set_status
from connecting_people.practice import caseload as caseload_rules
from connecting_people.practice import session as session_rules
from connecting_people.practice.indicators import person_indicators
from connecting_people.practice.subject_access import subject_access_zip
from connecting_people.practice.timeline import person_timeline
from connecting_people.practice.updates.selectors import (
    unseen_counts,
    updates_marker,
    updates_section,
)
from connecting_people.suggestions.selectors import person_suggestions
from connecting_people.suggestions.services import STEPS


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    filters = caseload_rules.CaseloadFilters.from_query(request.GET.dict())
    people = caseload_for(request, mine=filters.view == "mine")
    context = caseload_rules.caseload_page(people, filters, request.GET)
    caseload_rules.caseload_audit(request, filters, context)
    # issue 14 §4: how many updates each person made in their own space that this worker has
    # not seen yet (two queries for the page, whatever its size).
    shown = list(context["page"].object_list)
    updates = unseen_counts(shown, user=request.user)
    for person in shown:
        count = updates.get(person.pk, 0)
        person.updates_unseen = count
        person.updates_marker = updates_marker(count, person.preferred_name) if count else ""
    context["searches_trail"] = may_search_trail(request.user)
    team = request.team  # type: ignore[attr-defined]
    context["keyworkers"] = list(team_keyworkers(team)) if team else []
    context["erases_records"] = may_erase_anywhere(request.user)
    return render(request, "practice/caseload.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    plan = plan_overview(person)
    measures = measures_overview(person, today=timezone.localdate())
    return render(
        request,
        "practice/person_detail.html",
        {
            "person": person,
            "plan": plan,
            "summary": session_rules.person_summary(person, plan, measures),
            "network": network_overview(person),
            "interests": person.interests.prefetch_related("categories"),
            "skills": person.skills.all(),
            "consents": consent_current(person),
            "different_views": different_views_of(person),
            "lifecycle_actions": lifecycle_actions(person),
            "ideas": _ideas_panel(person),
            "measures": measures,
            "practice": person_indicators(person),
            "today": timezone.localdate(),
            "may_erase": may_erase_in(request.user, person.team),
            "updates": updates_section(person, user=request.user),
        },
    )


def _ideas_panel(person: Person) -> dict[str, Any]:
    """The "Ideas to try" panel: counts, and up to three open suggestions, shortlisted first and
    the least far along next. One query."""
    grouped = person_suggestions(person)
    open_ = [s for status in STEPS for s in grouped[status]]
    return {
        "on_list": len(open_),
        "tried": len(grouped["tried"]),
        "going_regularly": len(grouped["going_regularly"]),
        "top": sorted(open_, key=lambda s: (not s.shortlisted, STEPS.index(s.status)))[:3],
    }


@login_required
@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    events = person_timeline(person, plan_events=timeline_events(person))
    return render(request, "practice/person_history.html", {"person": person, "events": events})


@login_required
@require_GET
def person_plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    return render(
        request,
        "practice/person_plan_print.html",
        {
            "person": person,
            "plan": plan_overview(person),
            "interests": person.interests.prefetch_related("categories"),
            "skills": person.skills.all(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person, as a zip, for a subject access request. The person's
    team only (anyone else: 404, audited); the export is audited without any of its values."""
    person = person_for(request, pk, audit=False)  # a refusal is audited outside the export's
    with transaction.atomic():  # transaction, so the 404 does not roll its event back
        data = subject_access_zip(person)
        audit_record(
            by=request.user,
            action=AuditAction.EXPORTED,
            target=person,
            request=request,
            detail={"export": "subject access"},
        )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """Today's session: the contact, steps, someone new, ideas, next steps and the next meeting,
    on one page and saved in one go (practice/session.py). On any refusal nothing is saved and
    the page comes back with everything typed."""
    person = person_for(request, pk)
    parts = session_rules.session_parts(person)
    form = session_rules.SessionForm(request.POST or None, person=person, parts=parts)
    conflict_note = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = session_rules.session_record(
                person=person, by=request.user, **form.session_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as refused:
            current = refused.current
            if isinstance(current, Connection):
                prefix = "connection"
                conflict_note = _(
                    "Someone else changed %(name)s on their map after this page was opened. "
                    "Nothing has been saved, and everything you typed is still here. Check "
                    "their map, then save again."
                ) % {"name": current.label}
            else:
                prefix = "step" if hasattr(current, "goal_id") else "idea"
                what = (
                    _("the step “%(text)s”") % {"text": current.text}  # type: ignore[attr-defined]
                    if prefix == "step"
                    else _("the idea “%(title)s”") % {"title": current.title}  # type: ignore[attr-defined]
                )
                now = current.get_status_display()  # type: ignore[attr-defined]
                conflict_note = _(
                    "Someone else changed %(what)s after this page was opened: it is now marked "
                    "%(status)s. Nothing has been saved, and everything you typed is still here. "
                    "Check it, then save again."
                ) % {"what": what, "status": now}
            data = form.with_versions(
                {f"{prefix}_{current.pk}_version": current.version}  # type: ignore[attr-defined]
            )
            parts = session_rules.session_parts(person)
            form = session_rules.SessionForm(data, person=person, parts=parts)
            form.is_valid()
            status = 409
        else:
            messages.success(request, saved.summary(person))
            return redirect("practice:person", pk=person.pk)
    return render(
        request,
        "practice/session.html",
        {"person": person, "form": form, "conflict_note": conflict_note},
        status=status,
    )


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """One tap on the person's page marks a next step done, over the version the page showed.
    htmx gets the step's line back; without JavaScript, the person's page with a message."""
    person = person_for(request, pk, audit=False)
    step = step_for_person(request, person, step_pk)
    form = StepStatusForm({"status": StepStatus.DONE, "version": request.POST.get("version")})
    notice = ""
    if not form.is_valid():
        notice = _("That step could not be marked done from here. Open its goal to change it.")
    else:
        try:
            step_set_status(
                step=step,
                status=StepStatus.DONE,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except EditConflict as refused:
            step = refused.current  # type: ignore[assignment]
            notice = _(
                "Someone else changed this step after the page was loaded: it is now marked "
                "%(status)s. Nothing has been changed."
            ) % {"status": step.get_status_display()}
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "practice/_next_step.html",
            {"person": person, "step": step, "notice": notice},
        )
    if notice:
        messages.error(request, notice)
    else:
        messages.success(request, _("“%(step)s” is done.") % {"step": step.text})
    return redirect("practice:person", pk=person.pk)


@login_required
@require_POST
def keyworker_move(request: HttpRequest) -> HttpResponse:
    """Move the people ticked on the caseload to another keyworker in the team, in one go. Each
    person is opened through the access layer (anyone else's: 404, audited), carries the
    version the caseload showed, and nobody moves if any of them changed since."""
    back = reverse("practice:caseload")
    query = request.POST.get("query", "")
    if query:
        back = f"{back}?{QueryDict(query).urlencode()}"
    ids = [value for value in request.POST.getlist("people") if value.isascii() and value.isdigit()]
    people = [person_for(request, int(pk), audit=False) for pk in dict.fromkeys(ids)]
    keyworker = None
    wanted = request.POST.get("keyworker", "")
    if wanted.isascii() and wanted.isdigit() and request.team:  # type: ignore[attr-defined]
        keyworker = team_keyworkers(request.team).filter(pk=int(wanted)).first()  # type: ignore[attr-defined]
    if not people:
        messages.error(request, _("Tick the people to move to another keyworker"))
        return redirect(back)
    if keyworker is None:
        messages.error(request, _("Choose the keyworker to move them to"))
        return redirect(back)
    try:
        versions = [(p, int(request.POST.get(f"version-{p.pk}", ""))) for p in people]
    except ValueError:
        messages.error(request, _("The caseload has changed. Reload it and try again."))
        return redirect(back)
    try:
        people_services.keyworker_move(people=versions, keyworker=keyworker, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except EditConflict as refused:
        messages.error(
            request,
            _(
                "Someone changed %(name)s's record after the caseload was loaded, so nobody "
                "has been moved. Check the list, then try again."
            )
            % {"name": refused.current.preferred_name},  # type: ignore[attr-defined]
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d person now has %(name)s as their keyworker.",
                "%(count)d people now have %(name)s as their keyworker.",
                len(people),
            )
            % {"count": len(people), "name": keyworker.name},
        )
    return redirect(back)


def team_keyworkers(team: Any) -> Any:
    """The active members of a team, who may be keyworkers there, by name."""
    return User.objects.filter(team_memberships__team=team, is_active=True).order_by("name")
