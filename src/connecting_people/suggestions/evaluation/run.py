"""Score the ranking on the labelled personas: per persona and overall.

`evaluate` takes the ranking as a function, so tests can hand it a fake one; the command
(`__main__`) hands it `suggestions.ranking.rank` on a throwaway database holding the demo.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import metrics
from .personas import Persona, profile_of
from .violations import ServiceFacts, violations

K_PRECISION = 5
K_NDCG = 10
LIMIT = 10


@dataclass
class Row:
    key: str
    about: str
    returned: int
    connectors: int
    labelled: int
    precision_at_5: float
    ndcg_at_10: float | None
    violating: int
    top: list[dict[str, Any]] = field(default_factory=list)
    missed_great: list[str] = field(default_factory=list)  # grade-2 labels not in the top 10


@dataclass
class Summary:
    personas: int
    precision_at_5: float | None
    ndcg_at_10: float | None
    ndcg_personas: int  # personas with at least one relevant label (the others have no nDCG)
    suggestions: int
    violating: int
    violation_share: float
    coverage: float
    active_services: int
    empty_results: int


def evaluate(
    personas: Sequence[Persona],
    *,
    rank: Callable[..., list[Any]],
    facts: Mapping[uuid.UUID, ServiceFacts],
    team_id: int | None,
) -> tuple[Summary, list[Row]]:
    """Rank for every persona and measure it. `facts` must hold every service (by id)."""
    rows, tops = [], []
    for persona in personas:
        profile = profile_of(persona)
        ranked = rank(profile, team_id=team_id, limit=LIMIT)
        services = [r for r in ranked if r.kind == "service"]
        names = [r.name for r in services]
        tops.append([r.service_id for r in services])
        top, violating = [], 0
        for r in services:
            found = violations(profile, facts[r.service_id]) if r.service_id in facts else []
            if r.service_id not in facts:
                found = ["not in the directory"]
            violating += bool(found)
            top.append(
                {
                    "name": r.name,
                    "score": round(r.score, 4),
                    "grade": persona.relevant.get(r.name, 0),
                    "violations": found,
                    "reasons": list(r.reasons)[:3],
                }
            )
        rows.append(
            Row(
                key=persona.key,
                about=persona.about,
                returned=len(services),
                connectors=len(ranked) - len(services),
                labelled=len(persona.relevant),
                precision_at_5=metrics.precision_at_k(names, persona.relevant, K_PRECISION),
                ndcg_at_10=metrics.ndcg_at_k(names, persona.relevant, K_NDCG),
                violating=violating,
                top=top,
                missed_great=sorted(
                    n for n, g in persona.relevant.items() if g == 2 and n not in names
                ),
            )
        )
    active = [sid for sid, f in facts.items() if f.is_active]
    suggestions = sum(r.returned for r in rows)
    violating = sum(r.violating for r in rows)
    summary = Summary(
        personas=len(rows),
        precision_at_5=metrics.mean(r.precision_at_5 for r in rows),
        ndcg_at_10=metrics.mean(r.ndcg_at_10 for r in rows),
        ndcg_personas=sum(r.ndcg_at_10 is not None for r in rows),
        suggestions=suggestions,
        violating=violating,
        violation_share=violating / suggestions if suggestions else 0.0,
        coverage=metrics.coverage(tops, active),
        active_services=len(active),
        empty_results=sum(r.returned == 0 for r in rows),
    )
    return summary, rows


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def write(summary: Summary, rows: Sequence[Row], folder: Path, about: Mapping[str, Any]) -> None:
    """latest.json (everything) and latest.md (the summary table and a row per persona)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"about": dict(about), "summary": asdict(summary), "personas": [asdict(r) for r in rows]}
    (folder / "latest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    lines = [
        "# Suggestions: evaluation on the labelled personas",
        "",
        *(f"- {k}: {v}" for k, v in about.items()),
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Personas | {summary.personas} |",
        f"| Precision@5 (mean) | {_number(summary.precision_at_5)} |",
        f"| nDCG@10 (mean over the {summary.ndcg_personas} personas with relevant labels) "
        f"| {_number(summary.ndcg_at_10)} |",
        f"| Suggestions returned | {summary.suggestions} |",
        f"| Breaking a stated barrier (must be 0) | {summary.violating} "
        f"({summary.violation_share:.1%}) |",
        f"| Coverage of the {summary.active_services} running services | {summary.coverage:.1%} |",
        f"| Personas with no suggestions | {summary.empty_results} |",
        "",
        "| Persona | Returned | Labelled | P@5 | nDCG@10 | Breaking | Great fits missed |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.key} | {r.returned} | {r.labelled} | {r.precision_at_5:.2f} "
            f"| {_number(r.ndcg_at_10)} | {r.violating} | {len(r.missed_great)} |"
        )
    lines += ["", "## Each persona's top 10", ""]
    for r in rows:
        lines += [f"### {r.key}", "", r.about, ""]
        for i, t in enumerate(r.top, 1):
            flag = f" — BREAKS: {', '.join(t['violations'])}" if t["violations"] else ""
            lines.append(f"{i}. {t['name']} (grade {t['grade']}, score {t['score']}){flag}")
        if r.missed_great:
            lines.append(f"\nGreat fits not suggested: {'; '.join(r.missed_great)}")
        lines.append("")
    (folder / "latest.md").write_text("\n".join(lines))
