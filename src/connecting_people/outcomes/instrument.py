"""An instrument definition read into typed, immutable parts, with every number exact.

`parse(data)` expects a definition that `validation.validate` has accepted; the scoring engine
works on what it returns. Nothing here needs Django.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

ALL_REQUIRED = "all_required"
PRORATE = "prorate"
SCORE_ANSWERED = "score_answered"

SUM = "sum"
MEAN = "mean"
ITEM = "item"


def exact(number: int | float | Decimal | Fraction) -> Fraction:
    """The exact value of a JSON number: 9.51 is 951/100, not the nearest binary fraction."""
    if isinstance(number, float):
        return Fraction(Decimal(repr(number)))
    return Fraction(number)


def content_hash(data: Mapping[str, Any]) -> str:
    """A hash of the definition's content, blind to key order and layout, so reformatting a file
    does not make a new version but changing any word or number does."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Option:
    value: int
    label: str | None


@dataclass(frozen=True)
class Item:
    id: str
    position: int  # 1-based, in the published order
    text: str | None
    about: str | None
    recall_period: str | None
    options: tuple[Option, ...]
    reverse: bool = False
    recode: Mapping[int, int] | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    def label_for(self, value: int) -> str | None:
        return next((o.label for o in self.options if o.value == value), None)

    def scored(self, value: int) -> int:
        """The score an answer value counts for: recoded, reversed, or the value itself."""
        if self.recode is not None:
            return self.recode[value]
        if self.reverse:
            return min(self.values) + max(self.values) - value
        return value

    @property
    def scored_values(self) -> tuple[int, ...]:
        return tuple(self.scored(v) for v in self.values)


@dataclass(frozen=True)
class Bound:
    value: Fraction
    inclusive: bool


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    lower: Bound
    upper: Bound

    def contains(self, x: Fraction) -> bool:
        above = x > self.lower.value or (self.lower.inclusive and x == self.lower.value)
        below = x < self.upper.value or (self.upper.inclusive and x == self.upper.value)
        return above and below


@dataclass(frozen=True)
class Rounding:
    method: str  # "half_up" (halves away from zero) or "half_even"
    decimals: int

    def apply(self, x: Fraction) -> Fraction:
        scale = 10**self.decimals
        scaled = x * scale
        if self.method == "half_even":
            whole = round(scaled)
        else:
            magnitude = int(abs(scaled) + Fraction(1, 2))  # floor(|x| + 1/2)
            whole = magnitude if scaled >= 0 else -magnitude
        return Fraction(whole, scale)


@dataclass(frozen=True)
class Lookup:
    title: str | None
    table: Mapping[int, Fraction]


@dataclass(frozen=True)
class Score:
    id: str
    title: str
    method: str
    items: tuple[str, ...]
    subscale: str | None
    rounding: Rounding | None
    lookup: Lookup | None
    range: tuple[Fraction, Fraction]
    higher_is: str
    bands: tuple[Band, ...]
    # The smallest move we call a change for the better or worse, and where it comes from.
    change_points: Fraction | None = None
    change_why: str | None = None

    def band_for(self, x: Fraction) -> Band | None:
        return next((band for band in self.bands if band.contains(x)), None)


@dataclass(frozen=True)
class Subscale:
    id: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Missing:
    rule: str
    max_missing: int = 0


@dataclass(frozen=True)
class Licence:
    name: str
    url: str | None
    terms: str
    holder: str | None
    wording_included: bool


@dataclass(frozen=True)
class Definition:
    id: str
    version: str
    title: str
    short_title: str
    language: str | None
    citation: str
    licence: Licence
    recall_period: str
    instructions: str
    notes: str | None
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    scores: tuple[Score, ...]
    missing: Missing
    by_id: Mapping[str, Item] = field(repr=False, compare=False, default_factory=dict)

    @property
    def needs_wording(self) -> bool:
        """True when the question wording must come from an organisation that holds a licence."""
        return not self.licence.wording_included or any(i.text is None for i in self.items)


def _item(data: Mapping[str, Any], position: int) -> Item:
    recode = data.get("recode")
    return Item(
        id=data["id"],
        position=position,
        text=data.get("text"),
        about=data.get("about"),
        recall_period=data.get("recall_period"),
        options=tuple(Option(o["value"], o.get("label")) for o in data["options"]),
        reverse=bool(data.get("reverse", False)),
        recode=None if recode is None else {r["answer"]: r["scored"] for r in recode},
    )


def _bound(data: Mapping[str, Any]) -> Bound:
    return Bound(exact(data["value"]), bool(data["inclusive"]))


def _score(
    data: Mapping[str, Any], items: tuple[Item, ...], subscales: dict[str, Subscale]
) -> Score:
    if "items" in data:
        members = tuple(data["items"])
    elif "subscale" in data:
        members = subscales[data["subscale"]].items
    else:
        members = tuple(item.id for item in items)
    rounding = data.get("rounding")
    lookup = data.get("lookup")
    change = data.get("change")
    return Score(
        id=data["id"],
        title=data["title"],
        method=data["method"],
        items=members,
        subscale=data.get("subscale"),
        rounding=None if rounding is None else Rounding(rounding["method"], rounding["decimals"]),
        lookup=None
        if lookup is None
        else Lookup(lookup.get("title"), {r["raw"]: exact(r["value"]) for r in lookup["table"]}),
        range=(exact(data["range"]["min"]), exact(data["range"]["max"])),
        higher_is=data["higher_is"],
        bands=tuple(
            Band(b["id"], b["label"], _bound(b["lower"]), _bound(b["upper"]))
            for b in data.get("bands", ())
        ),
        change_points=None if change is None else exact(change["points"]),
        change_why=None if change is None else change["why"],
    )


def parse(data: Mapping[str, Any]) -> Definition:
    """Read a definition that validation has accepted (anything else may raise KeyError)."""
    items = tuple(_item(item, n) for n, item in enumerate(data["items"], 1))
    subscales = {
        s["id"]: Subscale(s["id"], s["title"], tuple(s["items"])) for s in data.get("subscales", ())
    }
    licence = data["licence"]
    missing = data["missing"]
    return Definition(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        short_title=data["short_title"],
        language=data.get("language"),
        citation=data["citation"],
        licence=Licence(
            name=licence["name"],
            url=licence.get("url"),
            terms=licence["terms"],
            holder=licence.get("holder"),
            wording_included=licence["wording_included"],
        ),
        recall_period=data["recall_period"],
        instructions=data["instructions"],
        notes=data.get("notes"),
        items=items,
        subscales=tuple(subscales.values()),
        scores=tuple(_score(s, items, subscales) for s in data["scores"]),
        missing=Missing(missing["rule"], missing.get("max_missing", 0)),
        by_id={item.id: item for item in items},
    )
