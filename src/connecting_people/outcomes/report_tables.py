"""The team and organisation report as the page shows it: each group of measures with its table
rows and chart, numbers written with their signs, and "fewer than 5" for a small count when the
reader is outside the team (core/access/reports.py says who is), or whoever reads it beside "too
few people to say": the page never says too few beside the exact count it stands for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connecting_people.core.charts import ChangeChart, ChangeRow
from connecting_people.outcomes import report as reports
from connecting_people.outcomes import stats

MINUS = "\u2212"
NONE = "\u2013"  # an en dash, for a number that cannot be worked out
WITHHELD_COUNT = gettext_lazy("not shown, so that a few people elsewhere cannot be counted")
WITHHELD = gettext_lazy(
    "Not shown, so that the answers of a few people elsewhere cannot be worked out"
)


def signed(value: float | None, decimals: int = 2) -> str:
    """+1.25, -0.50 (with a real minus sign), 0.00: a change with its sign."""
    if value is None:
        return NONE
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        return f"{0:.{decimals}f}"
    return text.replace("-", MINUS)


def plain(value: float | None, decimals: int = 2) -> str:
    return NONE if value is None else f"{value:.{decimals}f}".replace("-", MINUS)


def _label(measure: reports.Measure) -> str:
    if measure.higher_is == "worse":
        return _("%(title)s (lower is better)") % {"title": measure.title}
    if measure.higher_is == "better":
        return _("%(title)s (higher is better)") % {"title": measure.title}
    return measure.title


def people(found: reports.Report, *, coarse: bool) -> str:
    """How many people the report is about, as the reader may see it: "fewer than 5" for 1 to 4
    whoever reads it, since then every row says "too few people to say"."""
    if found.people_withheld:
        return str(WITHHELD_COUNT)
    return _count(found.people, coarse=coarse or too_few(found.people))


def too_few(n: int) -> bool:
    """1 to 4: a count the page never shows beside "too few people to say"."""
    return 0 < n < stats.TOO_FEW


def _count(n: int, *, coarse: bool) -> str:
    """How many, or "fewer than 5" for 1 to 4 when the reader is outside the team."""
    if coarse and 0 < n < stats.TOO_FEW:
        return _("fewer than %(n)s") % {"n": stats.TOO_FEW}
    return str(n)


def _row(row: reports.Row, *, coarse: bool = False) -> dict[str, Any]:
    """A table row: n always; the statistics only when there are enough people to say."""
    change = row.change
    # Beside "too few people to say", never the exact count it stands for (1 to 4).
    n = NONE if row.withheld else _count(row.n, coarse=coarse or row.too_few)
    cells: dict[str, Any] = {
        "label": _label(row.measure),
        "n": n,
        "too_few": True,
        "withheld": row.withheld,
    }
    if row.too_few or change is None:
        return cells
    interval = {"low": signed(change.ci_low), "high": signed(change.ci_high)}
    return {
        **cells,
        "too_few": False,
        "before": plain(change.mean_before),
        "after": plain(change.mean_after),
        "change": signed(change.mean_change),
        "ci": _("%(low)s to %(high)s") % interval,
        "d_z": plain(change.d_z),
    }


def _charted(row: reports.Row, cell: dict[str, Any]) -> tuple[ChangeRow, str]:
    """The row as the chart draws it, and as its description says it."""
    change = row.change
    if cell["withheld"] or cell["too_few"] or change is None:
        note = str(WITHHELD) if cell["withheld"] else _("Too few people to say (%(n)s)") % cell
        return ChangeRow(cell["label"], None, None, None, note), f"{cell['label']}: {note}"
    said = _(
        "%(label)s: mean change %(change)s (95%% confidence interval %(ci)s), %(n)s people"
    ) % {"label": cell["label"], "change": cell["change"], "ci": cell["ci"], "n": row.n}
    return ChangeRow(cell["label"], change.mean_change, change.ci_low, change.ci_high, ""), said


def groups(found: reports.Report, *, coarse: bool = False) -> list[dict[str, Any]]:
    """Each group of measures with its chart and table rows."""
    shown = []
    for n, (title, rows) in enumerate(found.groups()):
        cells = [_row(r, coarse=coarse) for r in rows]
        charted = [_charted(row, cell) for row, cell in zip(rows, cells, strict=True)]
        chart = ChangeChart(
            id_prefix=f"change-{n}",
            title=_("%(title)s: mean change from baseline") % {"title": title},
            description="; ".join(said for _drawn, said in charted) + ".",
            x_title=_("Mean change from baseline (%(unit)s)") % {"unit": rows[0].measure.unit},
            rows=tuple(drawn for drawn, _said in charted),
        )
        shown.append({"title": title, "rows": cells, "chart": chart, "id": f"group-{n}"})
    return shown
