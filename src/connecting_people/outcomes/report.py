"""The team and organisation report: paired change from baseline to the latest follow-up.

For each person, each questionnaire's *baseline* is their first completed response to it, and
their *latest follow-up* is their latest completed response to it taken at least
FOLLOW_UP_AT_LEAST_DAYS (8 weeks) after the baseline; someone without one does not count for that
questionnaire. Each score is paired on its own (a score that was not worked out on either date
leaves that person out of that score). The network measures pair the person's first snapshot with
their latest snapshot at least as long after it (a snapshot replaced by a correction does not
count): the size is the number of current connections (those not ended) and the outside share is
the percentage of them outside services, as network.measures counts them (a map with no current
connections has no share, so it leaves that person out of the share). Both kinds of pair are kept
ready in ChangePair (outcomes.pairs), so the database adds them up.

The period filters by the date of the baseline (from and to, both included). Every sum is kept
per team (`TeamSums`), so the same numbers serve a team, a whole organisation, and the check
that a small group cannot be worked out by subtracting one row from another (`withheld`). The
numbers are summarised by stats.paired_change_from_sums: n, the mean at baseline and latest, the
mean change with its 95% confidence interval (t distribution) and Cohen's d_z. Fewer than
stats.TOO_FEW people and only n is shown: "too few people to say". No person's own values ever
leave this module.

Three queries whatever the number of people: the current instruments, the sums per team and
measure, and the people with a pair of anything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from connecting_people.core.models import Team
from connecting_people.outcomes import pairs, schedules, stats
from connecting_people.outcomes.models import ChangePair, Instrument
from connecting_people.outcomes.pairs import FOLLOW_UP_AT_LEAST_DAYS

__all__ = ["FOLLOW_UP_AT_LEAST_DAYS", "Measure", "Report", "Row", "TeamSums", "change_report"]
NETWORK = "network"
SIZE, OUTSIDE = pairs.SIZE, pairs.OUTSIDE


@dataclass(frozen=True)
class Measure:
    """One thing the report measures: a score of a questionnaire, or a network measure."""

    group: str  # the instrument id, or NETWORK
    id: str  # the score id, or SIZE / OUTSIDE
    group_title: str
    title: str
    higher_is: str  # "better", "worse" or "neither"
    unit: str = ""  # "points", "connections", "percentage points"

    @property
    def key(self) -> str:
        return f"{self.group}:{self.id}"


@dataclass(frozen=True)
class Row:
    measure: Measure
    change: stats.PairedChange | None
    # Held back so that a small group elsewhere cannot be worked out by subtraction (withheld()).
    withheld: bool = False
    withheld_n: int = 0

    @property
    def n(self) -> int:
        if self.withheld:
            return self.withheld_n
        return self.change.n if self.change else 0

    @property
    def too_few(self) -> bool:
        return self.withheld or self.change is None or self.change.too_few


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    people: int = 0  # people with at least one pair of anything
    people_withheld: bool = False  # the count is held back like a row (withheld())

    def groups(self) -> list[tuple[str, list[Row]]]:
        """The rows by questionnaire (then the network), in order."""
        found: dict[str, list[Row]] = {}
        for row in self.rows:
            found.setdefault(row.measure.group_title, []).append(row)
        return list(found.items())


def _instrument_measures(team_ids: Collection[int]) -> list[Measure]:
    """Each score of each current instrument these teams' organisation can ask (query 1): its
    own versions and the deployment's, never another organisation's."""
    measures = []
    organisation = Team.objects.filter(pk__in=sorted(team_ids)).values("organisation_id")[:1]
    own = Instrument.objects.filter(
        is_current=True, organisation_id=Subquery(organisation), slug=OuterRef("slug")
    )
    rows = (
        Instrument.objects.current()
        .filter(needs_wording=False)
        .filter(
            Q(organisation_id=Subquery(organisation)) | Q(organisation__isnull=True) & ~Exists(own)
        )
        .order_by("short_title", "slug")
    )
    usual = {slug: n for n, slug in enumerate(schedules.DEFAULT_INSTRUMENTS)}
    seen: set[str] = set()
    for instrument in sorted(rows, key=lambda i: usual.get(i.slug, len(usual))):
        if instrument.slug in seen:  # one version of each questionnaire
            continue
        seen.add(instrument.slug)
        for score in instrument.parsed.scores:
            measures.append(
                Measure(
                    group=instrument.slug,
                    id=score.id,
                    group_title=instrument.short_title,
                    title=score.title,
                    higher_is=score.higher_is,
                    unit=_("points"),
                )
            )
    return measures


def network_measures_list() -> list[Measure]:
    """The network measures, each in a group of its own (their units differ)."""
    return [
        Measure(
            NETWORK,
            SIZE,
            _("Network map: size"),
            _("Connections on the map"),
            "better",
            _("connections"),
        ),
        Measure(
            NETWORK,
            OUTSIDE,
            _("Network map: outside services"),
            _("Share of connections outside services (%)"),
            "better",
            _("percentage points"),
        ),
    ]


TeamSums = dict[str, dict[int, stats.Sums]]  # measure key → team id → sums


def _pairs(
    team_ids: Collection[int],
    slugs: Collection[str],
    since: dt.date | None,
    until: dt.date | None,
    research_only: bool,
) -> QuerySet[ChangePair]:
    # A pair is a person's, or an erased person's (kept so the counts do not drop, ADR 0018).
    found = ChangePair.objects.annotate(
        team=Coalesce("person__team_id", "erased__team_id"),
        whose=Coalesce("person_id", -F("erased_id")),
    ).filter(team__in=sorted(team_ids), instrument__in=sorted(slugs))
    if since is not None:
        found = found.filter(baseline_on__gte=since)
    if until is not None:
        found = found.filter(baseline_on__lte=until)
    if research_only:
        found = found.filter(Q(person__research_opt_out=False) | Q(erased__research_opt_out=False))
    return found.order_by()


def _sums(
    team_ids: Collection[int],
    measures: list[Measure],
    since: dt.date | None,
    until: dt.date | None,
    research_only: bool,
) -> tuple[TeamSums, set[tuple[int, int]]]:
    """Measure key → team → sums, added up by the database (query 2); who had any (query 3)."""
    kept = {NETWORK: pairs.NETWORK}  # the network's pairs are kept under an id of their own
    wanted = {(kept.get(m.group, m.group), m.id): m.key for m in measures}
    found = _pairs(team_ids, {k for k, _ in wanted}, since, until, research_only)
    change = F("after") - F("before")
    rows = (
        found.values("team", "instrument", "score")  # type: ignore[misc]  # annotated in _pairs
        .annotate(
            n=Count("pk"),
            sum_before=Sum("before"),
            sum_after=Sum("after"),
            sum_change=Sum(change),
            sum_squared=Sum(change * change),
        )
        .values_list(
            "team",
            "instrument",
            "score",
            "n",
            "sum_before",
            "sum_after",
            "sum_change",
            "sum_squared",
        )
    )
    sums: TeamSums = {}
    for team_id, slug, score_id, n, before, after, change_sum, squared in rows:
        key = wanted.get((slug, score_id))
        if key is None:
            continue
        sums.setdefault(key, {})[team_id] = stats.Sums(
            n=n,
            before=float(before),
            after=float(after),
            change=float(change_sum),
            change_squared=float(squared),
        )
    people = set(found.values_list("team", "whose").distinct())  # type: ignore[misc]
    return sums, people


@dataclass
class Found:
    """Everything the report needs, kept per team: the measures in order, their sums per team,
    and the people with at least one pair of anything in each team."""

    measures: list[Measure]
    sums: TeamSums  # with PEOPLE: team id → the people with a pair of anything, as n

    def people_in(self, team_ids: Collection[int]) -> int:
        return sum(s.n for t, s in self.sums.get(PEOPLE, {}).items() if t in team_ids)

    def total(self, key: str, team_ids: Collection[int]) -> stats.Sums | None:
        """The sums of these teams for one measure (None when none of them has a pair)."""
        parts = [s for t, s in self.sums.get(key, {}).items() if t in team_ids]
        if not parts:
            return None
        return stats.Sums(
            n=sum(p.n for p in parts),
            before=math.fsum(p.before for p in parts),
            after=math.fsum(p.after for p in parts),
            change=math.fsum(p.change for p in parts),
            change_squared=math.fsum(p.change_squared for p in parts),
        )

    def n(self, key: str, team_id: int) -> int:
        found = self.sums.get(key, {}).get(team_id)
        return found.n if found else 0


def find(
    team_ids: Collection[int],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    research_only: bool = False,
) -> Found:
    """The sums per team for these teams' people whose baseline falls in the period.

    research_only leaves out the people who asked to be left out of research (for evaluators).
    """
    if not team_ids:
        return Found([], {})
    measures = _instrument_measures(team_ids) + network_measures_list()
    sums, people = _sums(team_ids, measures, since, until, research_only)
    counted: dict[int, int] = {}
    for team_id, _person in people:
        counted[team_id] = counted.get(team_id, 0) + 1
    # The count of people is held back by the same rule as the rows (withheld(found, PEOPLE)).
    sums[PEOPLE] = {t: stats.Sums(n, 0.0, 0.0, 0.0, 0.0) for t, n in counted.items()}
    return Found(measures, sums)


def report_from(found: Found, team_ids: Collection[int], withheld: Collection[str] = ()) -> Report:
    """The report for these teams (all of `found`'s teams when they are the same set)."""
    report = Report(people=found.people_in(team_ids), people_withheld=PEOPLE in withheld)
    for measure in found.measures:
        total = found.total(measure.key, team_ids)
        if measure.key in withheld:
            n = total.n if total else 0
            report.rows.append(Row(measure, None, withheld=True, withheld_n=n))
        else:
            change = stats.paired_change_from_sums(total) if total else None
            report.rows.append(Row(measure, change))
    return report


def change_report(
    team_ids: Collection[int],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    research_only: bool = False,
) -> Report:
    """Paired change for the people of these teams whose baseline falls in the period."""
    found = find(team_ids, since=since, until=until, research_only=research_only)
    return report_from(found, team_ids)


ORGANISATION = 0  # stands for the organisation's own row in withheld()
PEOPLE = "people"  # the key of the count of people with a pair of anything, for withheld()


def withheld(
    found: Found,
    key: str,
    *,
    teams: Collection[int],
    visible: Collection[int],
    known: Collection[int],
) -> set[int]:
    """Which rows of one measure to hold back so that nobody can work out the numbers of fewer
    than stats.TOO_FEW people by subtracting rows they can see from the organisation's row.

    `found` covers every team of the organisation (`teams`); the reader may ask for the row of
    each team in `visible` and of the whole organisation, and already knows the people of the
    teams in `known` one by one (their own teams). Rows of fewer than TOO_FEW people never show
    their numbers anyway. What the reader cannot see, or sees without numbers, is the hidden
    remainder; while it holds 1 to TOO_FEW - 1 people, the smallest team row they can see (not
    one of their own, which would not help) is held back too, and when there is none, the
    organisation's row. Returns team ids, and ORGANISATION for the organisation's row.
    """
    shown = {t for t in teams if t in known or (t in visible and found.n(key, t) >= stats.TOO_FEW)}
    hidden = sum(found.n(key, t) for t in teams if t not in shown)
    held: set[int] = set()
    while 0 < hidden < stats.TOO_FEW:
        others = sorted((found.n(key, t), t) for t in shown if t not in known)
        if not others:
            held.add(ORGANISATION)
            break
        n, team = others[0]
        shown.discard(team)
        held.add(team)
        hidden += n
    return held
