"""What the network's over-time charts show: the kit in core.charts draws them."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.core.charts import LineChart, Series, line_chart
from connecting_people.network.measures import Measures


def _share(part: int, whole: int) -> str:
    if not whole:
        return _("none")
    return _("%(part)s of %(whole)s (%(percent)s%%)") % {
        "part": part,
        "whole": whole,
        "percent": round(100 * part / whole),
    }


def network_over_time(points: Sequence[tuple[str, Measures]], *, id_prefix: str) -> LineChart:
    """How big the person's network was at each snapshot, how much of it was outside services
    and how much of it felt supportive."""
    first, last = points[0][1], points[-1][1]
    description = _(
        "From %(first)s to %(last)s: %(size_then)s to %(size_now)s connections, "
        "%(outside_then)s to %(outside_now)s outside services, "
        "%(supportive_then)s to %(supportive_now)s supportive."
    ) % {
        "first": points[0][0],
        "last": points[-1][0],
        "size_then": first.size,
        "size_now": last.size,
        "outside_then": first.outside_services,
        "outside_now": last.outside_services,
        "supportive_then": first.supportive,
        "supportive_now": last.supportive,
    }
    if len(points) == 1:
        description = ngettext(
            "One snapshot, on %(date)s: %(size)s connection, %(outside)s outside services, "
            "%(supportive)s supportive.",
            "One snapshot, on %(date)s: %(size)s connections, %(outside)s outside services, "
            "%(supportive)s supportive.",
            first.size,
        ) % {
            "date": points[0][0],
            "size": first.size,
            "outside": first.outside_services,
            "supportive": first.supportive,
        }
    measures = [m for _label, m in points]
    return line_chart(
        title=_("The network over time"),
        description=description,
        x_title=_("Snapshot"),
        y_title=_("Connections"),
        x_labels=[label for label, _m in points],
        series=[
            Series(_("All connections"), tuple(m.size for m in measures)),
            Series(
                _("Outside services"),
                tuple(m.outside_services for m in measures),
                tuple(_share(m.outside_services, m.size) for m in measures),
            ),
            Series(_("Supportive"), tuple(m.supportive for m in measures)),
        ],
        id_prefix=id_prefix,
    )


def team_over_time(
    months: Sequence[str], people: Sequence[int], connections: Sequence[int]
) -> LineChart:
    """Month by month: how many people made a new connection outside services, and how many
    such connections there were. Counts only, never who."""
    return line_chart(
        title=_("New connections outside services, month by month"),
        description=_(
            "Over the %(count)s months from %(first)s to %(last)s, people made %(connections)s "
            "new connections outside services. The most people in one month was %(people)s."
        )
        % {
            "count": len(months),
            "first": months[0],
            "last": months[-1],
            "connections": sum(connections),
            "people": max(people, default=0),
        },
        x_title=_("Month"),
        y_title=_("Count"),
        x_labels=months,
        series=[
            Series(_("New connections"), tuple(connections)),
            Series(_("People"), tuple(people)),
        ],
        id_prefix="team-chart",
    )
