"""The indicators worked out for a set of people: now, quarter by quarter, and who is behind
each number.

Reading beyond one's own team follows the report of change's small-number rule
(core.access.reports: disclosure): a count from 1 to 4 is shown as "fewer than 5", and a
percentage that would let the reader work out such a count is not shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from connecting_people.core.models import Team
from connecting_people.outcomes.stats import TOO_FEW
from connecting_people.people.models import Person
from connecting_people.practice.indicators.definitions import BY_KEY, INDICATORS, Indicator
from connecting_people.practice.indicators.records import Records, gather

QUARTERS = 4


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for a set of people: met out of `of`, and where to see who."""

    key: str
    name: str
    definition: str
    met: int
    of: int
    url: str
    coarse: bool = False  # shown beyond the reader's own team: small numbers held back

    @property
    def percent(self) -> int | None:
        """Whole per cent met, or None when nobody is counted or a small number would show."""
        if not self.of or (self.coarse and self.held_back):
            return None
        return round(100 * self.met / self.of)

    @property
    def held_back(self) -> bool:
        """Would an exact figure single out fewer than 5 people?"""
        return any(0 < n < TOO_FEW for n in (self.met, self.of, self.of - self.met))

    @property
    def met_shown(self) -> str:
        """The count met, as the reader may see it. Beyond the team, when those not met are 1 to
        4, "all but fewer than 5": "8 of 12" beside the count it holds back would give it away."""
        if self.coarse and self.met >= TOO_FEW and 0 < self.of - self.met < TOO_FEW:
            return _("all but fewer than %(n)s") % {"n": TOO_FEW}
        return _shown(self.met, coarse=self.coarse)

    @property
    def of_shown(self) -> str:
        return _shown(self.of, coarse=self.coarse)


def _shown(n: int, *, coarse: bool) -> str:
    if coarse and 0 < n < TOO_FEW:
        return _("fewer than %(n)s") % {"n": TOO_FEW}
    return str(n)


@dataclass(frozen=True)
class Quarter:
    label: str
    on: dt.date  # the day the figures are read as at: the quarter's end, or today
    results: list[IndicatorResult]


def evaluate(records: Records, *, url: str = "", coarse: bool = False) -> list[IndicatorResult]:
    """Every indicator for the people in `records`, in the order of INDICATORS. `url` is the
    drill-down page's address with "KEY" in place of the indicator's key (empty for none)."""
    return [_result(indicator, records, url=url, coarse=coarse) for indicator in INDICATORS]


def _result(indicator: Indicator, records: Records, *, url: str, coarse: bool) -> IndicatorResult:
    of, met = indicator.rule(records)
    return IndicatorResult(
        key=indicator.key,
        name=str(indicator.name),
        definition=str(indicator.definition),
        met=len(met),
        of=len(of),
        url=url.replace("KEY", indicator.key) if url else "",
        coarse=coarse,
    )


def people_indicators(
    people: QuerySet[Person], *, today: dt.date | None = None, url: str = "", coarse: bool = False
) -> list[IndicatorResult]:
    """The indicators for these people (already limited by the access layer), as at today."""
    return evaluate(gather(people, on=today or timezone.localdate()), url=url, coarse=coarse)


def team_summary(
    team: Team, *, today: dt.date | None = None, coarse: bool = False
) -> list[IndicatorResult]:
    """How fully the team practises the model, indicator by indicator, as at today.

    The caller has already checked that the reader may see this team's figures; pass
    `coarse=True` when the reader is not in the team (core.access.reports.disclosure_for).
    Each result's url is the team's own drill-down page, for readers in the team.
    """
    people = Person.objects.filter(team=team)
    url = "" if coarse else detail_url()
    return people_indicators(people, today=today, url=url, coarse=coarse)


def detail_url() -> str:
    """The drill-down page's address, with KEY in place of the key."""
    return reverse("indicators:detail", args=["KEY"])


def by_quarter(
    people: QuerySet[Person], *, today: dt.date | None = None, quarters: int = QUARTERS
) -> list[Quarter]:
    """The indicators as they stood at the end of each of the last `quarters` quarters, oldest
    first; this quarter is read as at today."""
    today = today or timezone.localdate()
    found = []
    for label, on in quarter_ends(today, quarters):
        found.append(Quarter(label=label, on=on, results=evaluate(gather(people, on=on))))
    return found


def quarter_ends(today: dt.date, quarters: int) -> list[tuple[str, dt.date]]:
    """(label, last day) of this quarter (today, so far) and the ones before it, oldest first."""
    ends = []
    year, first_month = today.year, 3 * ((today.month - 1) // 3) + 1
    for step in range(quarters):
        start = dt.date(year, first_month, 1)
        end = today if step == 0 else _last_day(year, first_month + 2)
        ends.append((_quarter_label(start), end))
        year, first_month = (year, first_month - 3) if first_month > 1 else (year - 1, 10)
    return ends[::-1]


def _last_day(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _quarter_label(start: dt.date) -> str:
    end = _last_day(start.year, start.month + 2)
    return f"{date_format(start, 'M')}\N{EN DASH}{date_format(end, 'M')} {start.year}"


@dataclass(frozen=True)
class Behind:
    """The people behind one indicator's number: for whom it is met, and for whom not yet."""

    indicator: Indicator
    met: list[Person]
    not_yet: list[Person]


def people_behind(
    people: QuerySet[Person], key: str, *, today: dt.date | None = None
) -> Behind | None:
    """Who is counted in indicator `key` (None for an unknown key), by name, from `people` as
    the access layer limited them."""
    indicator = BY_KEY.get(key)
    if indicator is None:
        return None
    of, met = indicator.rule(gather(people, on=today or timezone.localdate()))
    shown = people.filter(pk__in=of).select_related("keyworker").order_by("preferred_name", "pk")
    rows = list(shown)
    return Behind(
        indicator=indicator,
        met=[p for p in rows if p.pk in met],
        not_yet=[p for p in rows if p.pk not in met],
    )


def person_indicators(
    person: Person, *, today: dt.date | None = None
) -> list[tuple[Indicator, bool]]:
    """For one person: each indicator that is about them, and whether it is met."""
    records = gather(Person.objects.filter(pk=person.pk), on=today or timezone.localdate())
    found = []
    for indicator in INDICATORS:
        of, met = indicator.rule(records)
        if person.pk in of:
            found.append((indicator, person.pk in met))
    return found
