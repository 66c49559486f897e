"""The words `cpi demo --people N` builds generated people from (data/crowd_words.json).

All fictional. Names are first names only, sometimes with an initial: never a surname.
"""

from __future__ import annotations

from typing import Any

from connecting_people_demo.data import load

_WORDS: dict[str, Any] = load("crowd_words")
SHE: list[str] = _WORDS["she"]
HE: list[str] = _WORDS["he"]
ANYONE: list[str] = _WORDS["anyone"]
INITIALS: str = _WORDS["initials"]
WHAT_MATTERS: list[str] = _WORDS["what_matters"]
# (interest, interest category slugs, a goal it might lead to)
INTERESTS: list[tuple[str, list[str], str]] = [(i, s, g) for i, s, g in _WORDS["interests"]]
OTHER_GOALS: list[str] = _WORDS["other_goals"]
STEPS: list[tuple[str, str]] = [(text, who) for text, who in _WORDS["steps"]]  # (step, who)
SKILLS: list[str] = _WORDS["skills"]
# Barrier type slug: (what it gets in the way of, the plan)
BARRIERS: dict[str, tuple[str, str]] = {k: (a, p) for k, (a, p) in _WORDS["barriers"].items()}
CONTACTS: dict[str, list[str]] = _WORDS["contacts"]  # contact kind: what might have happened
PEOPLE_MET: list[str] = _WORDS["people_met"]
# For their network maps (network_crowd.py): group names, labels by kind, why one ended.
GROUPS: list[str] = _WORDS["groups"]
LABELS: dict[str, list[str]] = _WORDS["labels"]
END_REASONS: list[str] = _WORDS["end_reasons"]
