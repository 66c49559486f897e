"""What the directory's pages show, each in a fixed number of queries however big the directory.

Only the current team's layer is ever read: what other teams know about a service stays theirs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from connecting_people.core import access
from connecting_people.core.models import Team, TeamMembership
from connecting_people.directory.fit import ACCESS_FEATURES, AUDIENCES, as_words
from connecting_people.directory.fit_records import ACCESS_TAXONOMY_ID as ACCESS_ID
from connecting_people.directory.fit_records import AUDIENCE_TAXONOMY_ID as AUDIENCE_ID
from connecting_people.directory.fit_records import FIT_TAXONOMY_IDS
from connecting_people.directory.hsds.interests import INTEREST_TAXONOMY_ID
from connecting_people.directory.models import (
    Attribute,
    CommunityConnector,
    CostOption,
    Feedback,
    Schedule,
    Service,
    ServiceKnower,
    TaxonomyTerm,
    TeamService,
)
from connecting_people.directory.models.hsds import LocationType
from connecting_people.directory.models.team import FeedbackRating
from connecting_people.directory.search.query import Match, SearchPage
from connecting_people.directory.search.reasons import distance_words
from connecting_people.directory.team.editing import is_simple
from connecting_people.taxonomy.models import InterestCategory

LATEST_SAID = 5
COST_ORDER = (F("amount").asc(nulls_last=True), "option", "id")


def describe(schedule: Schedule) -> str:
    """A schedule in plain words (from directory.sessions.events when it is there)."""
    try:
        from connecting_people.directory.sessions.events import describe_schedule
    except ImportError:  # pragma: no cover - until the events module lands
        return schedule.description
    return describe_schedule(schedule) or schedule.description


def next_sessions_for(services: list[Service], limit: int) -> dict[uuid.UUID, list[Any]]:
    """Each service's next sessions (from directory.sessions.events when it is there)."""
    try:
        from connecting_people.directory.sessions.events import next_sessions_for as found
    except ImportError:  # pragma: no cover - until the events module lands
        return {s.id: [] for s in services}
    return found(services, limit=limit)


def hours(session: Any) -> str:
    """A session's hours as people say them: "7pm to 9pm", "All day"."""
    from connecting_people.directory.sessions.events import describe_hours

    if session.all_day:
        return _("All day")
    ends = session.ends_at.timetz() if session.ends_at else None
    return describe_hours(session.starts_at.timetz(), ends)


def cost_lines(service: Service) -> list[str]:
    """What the service page says about the cost, each thing once ("Free", "£3.00 a session")."""
    lines: list[str] = []
    for cost in service.cost_options.all():
        if cost.amount == 0:
            words = [cost.amount_description or _("Free")]
        elif cost.amount is not None:
            words = [f"£{cost.amount.quantize(Decimal('0.01'))}", cost.option]
            words.append(f"({cost.amount_description})" if cost.amount_description else "")
        else:
            words = [cost.option, cost.amount_description]
        lines.append(" ".join(w for w in words if w))
    lines.append(service.fees_description)
    return _once(lines)


def _once(lines: list[str]) -> list[str]:
    """Leave out empty lines and repeats: a line already said inside a longer one goes."""
    kept: dict[str, str] = {}
    for line in lines:
        key = line.strip().rstrip(".").casefold()
        if not key or any(key in other for other in kept):
            continue
        for shorter in [other for other in kept if other in key]:
            del kept[shorter]
        kept[key] = line.strip()
    return list(kept.values())


def cost_summary(service: Service) -> str:
    """ "free", "£2.50", or "" when not known; needs `cost_options` prefetched."""
    amounts = [c.amount for c in service.cost_options.all() if c.amount is not None]
    words = " ".join(c.option for c in service.cost_options.all()).casefold()
    if any(a == 0 for a in amounts) or (not amounts and "free" in words):
        return "free"
    if amounts:
        return f"£{min(amounts).quantize(Decimal('0.01'))}"
    return ""


def checked_words(entry: TeamService, today: dt.date | None = None) -> str:
    """Words for when it was checked: today, 3 months ago, or never."""
    today = today or timezone.localdate()
    if entry.last_checked_on is None:
        return _("Never checked")
    if entry.last_checked_on >= today:
        return _("Checked today")
    return _("Checked %(ago)s ago") % {"ago": timesince(entry.last_checked_on, today, depth=1)}


# Browse ---------------------------------------------------------------------------------------


@dataclass
class Result:
    service: Service
    reasons: list[str]
    distance_km: float | None
    entry: TeamService | None
    cost: str
    when: list[str]
    town: str

    @property
    def distance(self) -> str:
        return "" if self.distance_km is None else distance_words(self.distance_km)

    @property
    def checked(self) -> str:
        return checked_words(self.entry) if self.entry else ""


def browse_results(page: SearchPage, team: Team | None) -> list[Result]:
    """The page of matches with what each row shows, and the team's own entry for each."""
    services = [match.service for match in page.matches]
    prefetch_related_objects(
        services,
        "organization",
        "cost_options",
        "schedules",
        "service_at_locations__location__addresses",
        "service_at_locations__schedules",
    )
    entries: dict[Any, TeamService] = {}
    if team and services:
        found = TeamService.objects.filter(team=team, service__in=services)
        entries = {entry.service_id: entry for entry in found}
    return [_result(match, entries.get(match.service.id)) for match in page.matches]


def _schedules(service: Service) -> list[Schedule]:
    """The service's own schedules, then those of its places (prefetched)."""
    links = sorted(service.service_at_locations.all(), key=lambda s: str(s.pk))
    return [*service.schedules.all(), *(s for link in links for s in link.schedules.all())]


def _result(match: Match, entry: TeamService | None) -> Result:
    service = match.service
    towns = [
        address.city
        for link in service.service_at_locations.all()
        if link.location and link.location.location_type == LocationType.PHYSICAL
        for address in link.location.addresses.all()
        if address.city
    ]
    distance = distance_words(match.distance_km) if match.distance_km is not None else None
    return Result(
        service=service,
        reasons=[r for r in match.reasons if r != distance],  # shown with "Where" instead
        distance_km=match.distance_km,
        entry=entry,
        cost=cost_summary(service),
        when=[text for s in _schedules(service) if (text := describe(s))][:3],
        town=towns[0] if towns else "",
    )


# One service ----------------------------------------------------------------------------------


@dataclass
class Said:
    """A summary of what people who tried a service said."""

    total: int = 0
    went_well: int = 0
    mixed: int = 0
    not_for_them: int = 0
    kept_going: int = 0
    latest: list[Feedback] = field(default_factory=list)


@dataclass
class ServicePage:
    service: Service
    places: list[Any]  # ServiceAtLocation with location, addresses, accessibility, phones
    online: list[Any]
    schedules: list[tuple[Schedule, str]]
    costs: list[str]
    kept_schedules: int  # schedules too rich for the edit page, kept as they are
    interests: list[str]
    other_terms: list[str]
    next_sessions: list[Any]
    # Issue 17: the access features recorded for its places (labels), whether anything about
    # access is recorded at all, and who it is only for (plain words: "carers").
    access_features: list[str] = field(default_factory=list)
    access_known: bool = False
    audience: list[str] = field(default_factory=list)
    entry: TeamService | None = None
    checked: str = ""
    knowers: list[ServiceKnower] = field(default_factory=list)
    said: Said = field(default_factory=Said)


def _service(pk: Any) -> Service | None:
    return (
        Service.objects.select_related("organization", "owner__organisation")
        .prefetch_related(
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__location__phones",
            "service_at_locations__schedules",
            "phones",
            "contacts__phones",
            Prefetch("cost_options", queryset=CostOption.objects.order_by(*COST_ORDER)),
            "schedules",
            "languages",
            "service_areas",
        )
        .filter(pk=pk)
        .first()
    )


def service_page(pk: Any, team: Team | None, user: Any = None) -> ServicePage | None:
    """Everything the service page shows, or None if no service; with the current team's layer
    when `user` may see it (read through the access layer: the view audits that it was shown)."""
    service = _service(pk)
    if service is None:
        return None
    links = sorted(service.service_at_locations.all(), key=lambda s: str(s.pk))
    schedules = _schedules(service)
    place_ids = [s.location_id for s in links if s.location_id]
    linked = Attribute.objects.filter(
        Q(link_entity="service", link_id=service.id)
        | Q(link_entity="location", link_id__in=place_ids)
    ).select_related("taxonomy_term__interest_category")
    fit: dict[Any, set[str]] = {taxonomy: set() for taxonomy in FIT_TAXONOMY_IDS}
    terms = []
    for attribute in linked:
        term = attribute.taxonomy_term
        if term is not None and term.taxonomy_detail_id in fit:
            fit[term.taxonomy_detail_id].add(term.code)
        elif attribute.link_entity == "service":
            terms.append(attribute)
    interests = {t.taxonomy_term.interest_category for t in terms if t.taxonomy_term}
    page = ServicePage(
        service=service,
        places=[s for s in links if s.location and s.location.location_type != "virtual"],
        online=[s for s in links if s.location and s.location.location_type == "virtual"],
        schedules=[(s, describe(s)) for s in schedules],
        costs=cost_lines(service),
        kept_schedules=sum(1 for s in service.schedules.all() if not is_simple(s)),
        interests=sorted(c.name for c in interests if c is not None),
        other_terms=sorted(
            {
                t.taxonomy_term.name
                for t in terms
                if t.taxonomy_term and t.taxonomy_term.taxonomy_detail_id != INTEREST_TAXONOMY_ID
            }
        ),
        next_sessions=[
            (session, hours(session))
            for session in next_sessions_for([service], limit=3)[service.id]
        ],
        access_features=[str(t.label) for t in ACCESS_FEATURES if t.slug in fit[ACCESS_ID]],
        audience=[as_words(t.label) for t in AUDIENCES if t.slug in fit[AUDIENCE_ID]],
    )
    page.access_known = bool(page.access_features) or any(
        a.description or a.details or a.url
        for link in page.places
        for a in link.location.accessibility.all()
    )
    if team and user is not None:
        _team_layer(page, team, user)
    return page


def _team_layer(page: ServicePage, team: Team, user: Any) -> None:
    knowers = ServiceKnower.objects.select_related("user").order_by("user__name", "pk")
    entries = TeamService.objects.filter(team=team, service=page.service)
    page.entry = (
        access.records_for(user, entries)
        .select_related("last_checked_by")
        .prefetch_related(Prefetch("knowers", queryset=knowers))
        .first()
    )
    if page.entry is None:
        return
    page.knowers = list(page.entry.knowers.all())
    page.checked = checked_words(page.entry)
    feedback = Feedback.objects.filter(entry=page.entry)
    counts = feedback.aggregate(
        total=Count("id"),
        went_well=Count("id", filter=Q(rating=FeedbackRating.WENT_WELL)),
        mixed=Count("id", filter=Q(rating=FeedbackRating.MIXED)),
        not_for_them=Count("id", filter=Q(rating=FeedbackRating.NOT_FOR_THEM)),
        kept_going=Count("id", filter=Q(kept_going=True)),
    )
    page.said = Said(**counts, latest=list(feedback.order_by("-recorded_on", "-pk")[:LATEST_SAID]))


def team_members(team: Team) -> list[Any]:
    """The team's active staff, by name, for "who on the team knows it"."""
    memberships = TeamMembership.objects.filter(team=team, user__is_active=True)
    memberships = memberships.select_related("user")
    return sorted((m.user for m in memberships), key=lambda u: (u.name.casefold(), u.pk))


# To check -------------------------------------------------------------------------------------


def due_entries(team: Team, today: dt.date | None = None) -> QuerySet[TeamService]:
    """The team's entries due a check (never checked, or due by today), oldest due first."""
    today = today or timezone.localdate()
    return (
        TeamService.objects.filter(team=team)
        .filter(Q(check_due_on__isnull=True) | Q(check_due_on__lte=today))
        .select_related("service__organization", "last_checked_by")
        .order_by(F("check_due_on").asc(nulls_first=True), "service__name", "pk")
    )


# For the team layer's and the terms' screens ---------------------------------------------------


def service_with_organisation(pk: Any) -> Service | None:
    """One service with its organisation and the one of ours that keeps it, or None (also for an
    id that is not a UUID)."""
    return (
        Service.objects.select_related("organization", "owner__organisation").filter(pk=pk).first()
    )


def owner_of(service: Service) -> Any:
    """The organisation of ours that keeps this service (fetched with it), or None."""
    owner = getattr(service, "owner", None)
    return owner.organisation if owner is not None else None


def team_entries(team: Team, service: Service) -> QuerySet[TeamService]:
    """The team's entry for a service (none or one), for the access layer to filter."""
    return TeamService.objects.filter(team=team, service=service)


def entries_used(team: Team) -> int:
    """How many services the team uses."""
    return TeamService.objects.filter(team=team).count()


def knower_of(entry: TeamService, pk: int) -> ServiceKnower | None:
    """One of the people the entry says know the service, or None."""
    return ServiceKnower.objects.filter(entry=entry, pk=pk).first()


def connectors() -> QuerySet[CommunityConnector]:
    """Connectors with what their pages show fetched alongside, for the access layer to filter."""
    found = CommunityConnector.objects.select_related("team", "known_by", "last_checked_by")
    return found.prefetch_related("interests")


def interest_categories(*, in_use: bool = False) -> list[InterestCategory]:
    """Our interest categories in their order (only those offered, with `in_use`)."""
    found = InterestCategory.objects.in_use() if in_use else InterestCategory.objects.all()
    return list(found)


def terms_to_match(*, unmatched_only: bool, text: str = "") -> QuerySet[TaxonomyTerm]:
    """Other directories' terms, with how many services use each; by taxonomy, then name. Not
    our own: the interests, nor the access features and audiences (`directory.fit`), which say
    what fits whom, not a kind of activity."""
    found = (
        TaxonomyTerm.objects.exclude(taxonomy_detail_id=INTEREST_TAXONOMY_ID)
        .exclude(taxonomy_detail_id__in=(ACCESS_ID, AUDIENCE_ID))
        .select_related("interest_category", "taxonomy_detail")
        .annotate(uses=Count("attributes"))
        .order_by("taxonomy", "name", "id")
    )
    if unmatched_only:
        found = found.filter(interest_category__isnull=True)
    if text:
        found = found.filter(Q(name__icontains=text) | Q(code__icontains=text))
    return found
