"""Score the ranking on one set of labelled personas: per persona and overall; and write the
report for both sets (tuning and held-out), with the aims checked on the held-out set.

`evaluate` takes the ranking as a function, so tests can hand it a fake one; the command
(`__main__`) hands it `suggestions.ranking.rank` on a throwaway database holding the demo.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import metrics
from .personas import Persona, profile_of
from .violations import Record, Verdict, check, connector_key, out_of_order, service_key

K_PRECISION = 5
K_NDCG = 10
LIMIT = 10
# The aims on the held-out set (issue 17).
AIM_VIOLATIONS = 0
AIM_PRECISION = 0.7
AIM_LARGEST_SHARE = 0.3


@dataclass
class Row:
    key: str
    about: str
    returned: int
    connectors: int
    labelled: int
    precision_at_5: float | None  # None when nothing fits them (no labels)
    ndcg_at_10: float | None
    violating: int  # results breaking a limit or a must
    out_of_order: int  # "not known" results ranked above a "known to fit" one
    top: list[dict[str, Any]] = field(default_factory=list)
    missed_great: list[str] = field(default_factory=list)  # grade-2 labels not in the top 10


@dataclass
class Summary:
    personas: int
    precision_at_5: float | None  # mean over personas with labels
    ndcg_at_10: float | None
    labelled_personas: int
    suggestions: int  # services and connectors returned
    violating: int
    out_of_order: int
    violations: int  # violating + out_of_order: the aim is 0
    largest_share: float
    most_shared: list[str]
    coverage: float
    active_services: int
    empty_results: int
    nothing_fits: int  # personas with no labels
    nothing_fits_given_ideas: int  # … who were offered services all the same


def evaluate(
    personas: Sequence[Persona],
    *,
    rank: Callable[..., list[Any]],
    records: Mapping[Hashable, Record],
    team_id: int | None,
) -> tuple[Summary, list[Row]]:
    """Rank for every persona and measure it. `records` must hold every service (by key) and
    the team's connectors; a result missing from them counts as breaking a limit."""
    rows, tops = [], []
    for persona in personas:
        row, top_ids = _measure(persona, rank(profile_of(persona), team_id=team_id, limit=LIMIT),
                                records)  # fmt: skip
        rows.append(row)
        tops.append(top_ids)
    names = {k: r.name for k, r in records.items()}
    active = [k for k, r in records.items() if r.active and r.kind == "service"]
    share, most = metrics.largest_share(tops)
    violating = sum(r.violating for r in rows)
    ordering = sum(r.out_of_order for r in rows)
    unlabelled = [r for r in rows if not r.labelled]
    summary = Summary(
        personas=len(rows),
        precision_at_5=metrics.mean(r.precision_at_5 for r in rows),
        ndcg_at_10=metrics.mean(r.ndcg_at_10 for r in rows),
        labelled_personas=sum(bool(r.labelled) for r in rows),
        suggestions=sum(r.returned + r.connectors for r in rows),
        violating=violating,
        out_of_order=ordering,
        violations=violating + ordering,
        largest_share=share,
        most_shared=[names.get(k, str(k)) for k in most],
        coverage=metrics.coverage(tops, active),
        active_services=len(active),
        empty_results=sum(r.returned == 0 for r in rows),
        nothing_fits=len(unlabelled),
        nothing_fits_given_ideas=sum(r.returned > 0 for r in unlabelled),
    )
    return summary, rows


def _key_of(result: Any) -> Hashable:
    if result.kind == "service":
        return service_key(result.service_id)
    return connector_key(result.connector_id)


def _measure(
    persona: Persona, ranked: Sequence[Any], records: Mapping[Hashable, Record]
) -> tuple[Row, list[Hashable]]:
    profile = profile_of(persona)
    verdicts = [
        check(profile, records[_key_of(r)])
        if _key_of(r) in records
        else Verdict(broken=("not in the directory",))
        for r in ranked
    ]
    late = set(out_of_order(verdicts))
    services = [r for r in ranked if r.kind == "service"]
    names = [r.name for r in services]
    top = [
        {
            "name": r.name,
            "kind": r.kind,
            "score": round(r.score, 4),
            "grade": persona.relevant.get(r.name, 0) if r.kind == "service" else None,
            "violations": list(v.broken),
            "not_known": list(v.unknown),
            "out_of_order": i in late,
            "reasons": list(r.reasons)[:3],
        }
        for i, (r, v) in enumerate(zip(ranked, verdicts, strict=True))
    ]
    labelled = bool(persona.relevant)
    row = Row(
        key=persona.key,
        about=persona.about,
        returned=len(services),
        connectors=len(ranked) - len(services),
        labelled=len(persona.relevant),
        precision_at_5=metrics.precision_at_k(names, persona.relevant, K_PRECISION)
        if labelled
        else None,
        ndcg_at_10=metrics.ndcg_at_k(names, persona.relevant, K_NDCG),
        violating=sum(bool(v.broken) for v in verdicts),
        out_of_order=len(late),
        top=top,
        missed_great=sorted(n for n, g in persona.relevant.items() if g == 2 and n not in names),
    )
    return row, [_key_of(r) for r in services]


def aims(summary: Summary) -> list[tuple[str, str, bool]]:
    """The held-out aims: (what, the value seen, met)."""
    precision = summary.precision_at_5
    return [
        (
            f"Violations = {AIM_VIOLATIONS}",
            str(summary.violations),
            summary.violations == AIM_VIOLATIONS,
        ),
        (
            f"Precision@5 ≥ {AIM_PRECISION}",
            _number(precision),
            precision is not None and precision >= AIM_PRECISION,
        ),
        (
            f"No service in more than {AIM_LARGEST_SHARE:.0%} of lists",
            f"{summary.largest_share:.0%} ({'; '.join(summary.most_shared) or 'none'})",
            summary.largest_share <= AIM_LARGEST_SHARE,
        ),
    ]


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def write(
    sets: Mapping[str, tuple[Summary, Sequence[Row]]], folder: Path, about: Mapping[str, Any]
) -> None:
    """latest.json (everything) and latest.md (the aims, a summary per set, a row per
    persona, and each persona's list). `sets` maps "tuning"/"held-out" to its results."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "about": dict(about),
        "sets": {
            name: {
                "summary": asdict(summary),
                "personas": [asdict(r) for r in rows],
                **({"aims": _aims_json(summary)} if name == "held-out" else {}),
            }
            for name, (summary, rows) in sets.items()
        },
    }
    (folder / "latest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    lines = ["# Suggestions: evaluation on the labelled personas", ""]
    lines += [f"- {k}: {v}" for k, v in about.items()]
    if "held-out" in sets:
        lines += ["", "## Aims on the held-out set", "", "| Aim | Seen | Met |", "|---|---|---|"]
        for what, seen, met in aims(sets["held-out"][0]):
            lines.append(f"| {what} | {seen} | {'pass' if met else 'FAIL'} |")
    for name, (summary, rows) in sets.items():
        lines += ["", f"## The {name} set", "", *_summary_lines(summary), ""]
        lines += _persona_lines(rows)
    for name, (_summary, rows) in sets.items():
        lines += ["", f"## Each {name} persona's top 10", ""]
        lines += _list_lines(rows)
    (folder / "latest.md").write_text("\n".join(lines) + "\n")


def _aims_json(summary: Summary) -> list[dict[str, Any]]:
    return [{"aim": w, "seen": s, "met": m} for w, s, m in aims(summary)]


def _summary_lines(s: Summary) -> list[str]:
    return [
        "| Measure | Value |",
        "|---|---|",
        f"| Personas (with labels) | {s.personas} ({s.labelled_personas}) |",
        f"| Precision@5 (mean over personas with labels) | {_number(s.precision_at_5)} |",
        f"| nDCG@10 (mean over personas with labels) | {_number(s.ndcg_at_10)} |",
        f"| Suggestions returned (services and connectors) | {s.suggestions} |",
        f"| Breaking a limit or a must | {s.violating} |",
        f"| Not known ranked above known to fit | {s.out_of_order} |",
        f"| Largest share of lists one service is in | {s.largest_share:.0%} "
        f"({'; '.join(s.most_shared) or 'none'}) |",
        f"| Coverage of the {s.active_services} running services | {s.coverage:.1%} |",
        f"| Personas with no suggestions | {s.empty_results} |",
        f"| Nothing fits them, yet offered services | {s.nothing_fits_given_ideas} "
        f"of {s.nothing_fits} |",
    ]


def _persona_lines(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| Persona | Returned | Labelled | P@5 | nDCG@10 | Breaking | Out of order "
        "| Great missed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.key} | {r.returned}+{r.connectors} | {r.labelled} | {_number(r.precision_at_5)} "
            f"| {_number(r.ndcg_at_10)} | {r.violating} | {r.out_of_order} "
            f"| {len(r.missed_great)} |"
        )
    return lines


def _list_lines(rows: Sequence[Row]) -> list[str]:
    lines: list[str] = []
    for r in rows:
        lines += [f"### {r.key}", "", r.about, ""]
        for i, t in enumerate(r.top, 1):
            flags = []
            if t["violations"]:
                flags.append(f"BREAKS: {', '.join(t['violations'])}")
            if t["out_of_order"]:
                flags.append(f"NOT KNOWN ({', '.join(t['not_known'])}) above a known fit")
            grade = "connector" if t["kind"] == "connector" else f"grade {t['grade']}"
            flag = f" — {'; '.join(flags)}" if flags else ""
            lines.append(f"{i}. {t['name']} ({grade}, score {t['score']}){flag}")
        if r.missed_great:
            lines.append(f"\nGreat fits not suggested: {'; '.join(r.missed_great)}")
        lines.append("")
    return lines
