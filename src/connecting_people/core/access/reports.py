"""Who may see which team and organisation reports, and how much of them.

Scopes: staff see any team they are in; team leads also see the whole of their team's
organisation; an organisation's evaluators and admins see any of its teams, or the whole
organisation. Anything else is "not found", and the refusal is audited.

Disclosure: anyone looking beyond their own teams sees no exact small numbers ("coarse"), as in
the research export, and an evaluator's period runs in whole months: sliding it a day at a time,
or reading an n of 1, would otherwise single a person out. Team leads and admins looking beyond
their team see all time only: they have no research export, and taking one period from a longer
one could single out someone in another team. Evaluators never count the people who asked to be
left out of research. (The arithmetic of which rows to hold back stays with the report.)
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from connecting_people.core.access.records import (
    administered_organisation_ids,
    is_evaluator,
    organisations_evaluated,
    refuse,
    team_ids_for,
)
from connecting_people.core.models import Organisation, Team


@dataclass(frozen=True)
class ReportScope:
    """One team, or the whole of one organisation, whose report a user may see."""

    value: str  # "team-3" or "organisation-1"
    label: str
    target: Team | Organisation
    team_ids: frozenset[int]
    organisation_id: int

    @property
    def is_organisation(self) -> bool:
        return isinstance(self.target, Organisation)

    @property
    def organisation(self) -> Organisation:
        """The organisation the scope is in (no query: teams come with theirs)."""
        target = self.target
        return target if isinstance(target, Organisation) else target.organisation


@dataclass(frozen=True)
class Disclosure:
    """How much of a report this reader may see for the scope they chose."""

    coarse: bool  # beyond their own teams: "fewer than 5", whole months, rows held back
    all_time: bool  # a lead or admin beyond their team: the whole period only
    research_only: bool  # an evaluator: never the people left out of research
    known: frozenset[int]  # the teams the reader is in

    def period(self, since: dt.date | None, until: dt.date | None) -> dict[str, dt.date | None]:
        """The period they asked for, as much of it as they may have."""
        if self.all_time:
            return {"since": None, "until": None}
        if self.coarse:
            return whole_months(since, until)
        return {"since": since, "until": until}


def report_scopes_for(user: Any) -> list[ReportScope]:
    """The teams (and whole organisations) whose report this user may see, in order: the teams
    they are in; every team of an organisation they evaluate or run; and the whole of an
    organisation they evaluate, run, or lead a team in."""
    if not getattr(user, "is_authenticated", False):
        return []
    overseen = _overseen(user)
    teams = list(
        Team.objects.filter(Q(pk__in=team_ids_for(user)) | Q(organisation__in=overseen))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    found = [
        ReportScope(f"team-{t.pk}", t.name, t, frozenset({t.pk}), t.organisation_id) for t in teams
    ]
    led = {t.organisation_id for t in teams if t.pk in team_ids_for(user, lead=True)}
    organisations = Organisation.objects.filter(pk__in=overseen | led).order_by("name")
    whole = dict(
        Team.objects.filter(organisation__in=organisations).values_list("pk", "organisation")
    )
    for organisation in organisations:
        ids = frozenset(t for t, o in whole.items() if o == organisation.pk)
        label = _("All of %(organisation)s") % {"organisation": organisation.name}
        value = f"organisation-{organisation.pk}"
        found.append(ReportScope(value, label, organisation, ids, organisation.pk))
    return found


def _overseen(user: Any) -> set[int]:
    """Organisations whose every team's report this user may see: they evaluate or run it."""
    evaluated = {o.pk for o in organisations_evaluated(user)}
    return evaluated | set(administered_organisation_ids(user))


def report_scope_for(
    request: HttpRequest, scopes: list[ReportScope], *, report: str
) -> ReportScope:
    """The scope asked for with ?scope= (else the team being worked in, else the first), if it
    is one of `scopes`; 404, audited, otherwise."""
    wanted = request.GET.get("scope", "").strip()
    if not wanted:
        current = request.team  # type: ignore[attr-defined]
        wanted = f"team-{current.pk}" if current else (scopes[0].value if scopes else "")
    scope = next((s for s in scopes if s.value == wanted), None)
    if scope is None:
        refuse(request, scope=wanted[:64], report=report)
        raise Http404
    return scope


def disclosure_for(user: Any, scope: ReportScope) -> Disclosure:
    """What this reader may see of the scope's report (from the roles already read)."""
    member = team_ids_for(user)
    coarse = not scope.team_ids <= member
    evaluating = is_evaluator(user, scope.organisation)
    return Disclosure(
        coarse=coarse,
        all_time=coarse and not evaluating,
        research_only=coarse and evaluating,
        known=member,
    )


def whole_organisation(scope: ReportScope, scopes: list[ReportScope]) -> ReportScope | None:
    """The whole-organisation scope of the scope's organisation, when the reader may see it."""
    return next(
        (s for s in scopes if s.is_organisation and s.organisation_id == scope.organisation_id),
        None,
    )


def team_ids_shown(scopes: list[ReportScope]) -> set[int]:
    """The teams whose own report the reader may see, one by one."""
    return {t for s in scopes if not s.is_organisation for t in s.team_ids}


def whole_months(since: dt.date | None, until: dt.date | None) -> dict[str, dt.date | None]:
    """From the first of the "from" month to the last day of the "up to" month."""
    if since is not None:
        since = since.replace(day=1)
    if until is not None:
        until = until.replace(day=calendar.monthrange(until.year, until.month)[1])
    return {"since": since, "until": until}


def organisations_side_by_side_for(user: Any) -> list[Organisation]:
    """The organisations whose teams this user may see side by side (counts only): those they
    run, and those they lead a team in. Evaluators have the report of change instead."""
    led = Team.objects.filter(pk__in=team_ids_for(user, lead=True)).values("organisation")
    return list(
        Organisation.objects.filter(
            Q(pk__in=administered_organisation_ids(user)) | Q(pk__in=led)
        ).order_by("name")
    )


def organisation_side_by_side_for(
    request: HttpRequest, organisations: list[Organisation], *, report: str
) -> Organisation:
    """The organisation asked for with ?organisation= (else that of the team being worked in,
    else the first), if it is one of `organisations`; 404, audited, otherwise."""
    wanted = request.GET.get("organisation", "").strip()
    if not wanted:
        current = request.team  # type: ignore[attr-defined]
        wanted = str(current.organisation_id) if current else ""
        if not any(str(o.pk) == wanted for o in organisations) and organisations:
            wanted = str(organisations[0].pk)
    found = next((o for o in organisations if str(o.pk) == wanted), None)
    if found is None:
        refuse(request, organisation=wanted[:64], report=report)
        raise Http404
    return found
