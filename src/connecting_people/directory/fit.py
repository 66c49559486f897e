"""The shared words for whether an activity fits a person (issue 17).

The directory records what a service offers for access, who it is for and how big its groups
are as facts; a person's access needs, circumstances and preferences use the very same words,
so a need is met only by a recorded feature and nothing is guessed from loose text.

- Access features: recorded in HSDS as `accessibility` records on a location (their words) and
  as attributes under the `ACCESS_TAXONOMY` taxonomy, one term per feature (`code` = the slug),
  linked to the location (or to the service when it has no location). `SearchFacts` keeps them
  as bits (`ACCESS_BITS`), with `access_known` when anything at all about access is recorded.
- Audience: who a service is only for, from HSDS fields and eligibility text, as attributes
  under `AUDIENCE_TAXONOMY` (bits in `SearchFacts.audience`). Ages stay in minimum/maximum age.
- Group size: what the team knows (the team layer) or a connector's own, one of `GROUP_SIZES`.
- Musts: each preference a person can hold as a hard limit ("must") or a wish that only
  scores ("would prefer"), whatever barriers are listed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    bit: int
    label: object  # a lazy string: "Step-free access"


def _terms(*items: tuple[str, object]) -> tuple[Term, ...]:
    return tuple(Term(slug, 1 << n, label) for n, (slug, label) in enumerate(items))


# Never renumber: the bits are stored. Add new ones at the end.
ACCESS_FEATURES = _terms(
    ("step_free", _("Step-free access")),
    ("lift", _("A lift to every floor used")),
    ("accessible_toilet", _("An accessible toilet")),
    ("hearing_loop", _("A hearing loop")),
    ("bsl", _("British Sign Language")),
    ("large_print", _("Large print")),
    ("easy_read", _("Easy read information")),
    ("quiet_space", _("A quiet space to take a break")),
    ("seating", _("Seating throughout")),
    ("blue_badge_parking", _("Blue Badge parking")),
    ("assistance_dogs", _("Assistance dogs welcome")),
)

AUDIENCES = _terms(
    ("women", _("Women")),
    ("men", _("Men")),
    ("carers", _("Carers")),
    ("bereaved", _("People who have lost someone")),
    ("parents", _("Parents and carers of young children")),
    ("lgbtq", _("LGBTQ+ people")),
    ("veterans", _("Veterans")),
    ("condition", _("People living with a particular condition")),
    ("members", _("Members only")),
)

GROUP_SIZES = (
    ("one_to_one", _("One to one")),
    ("small", _("A small group (up to about 8)")),
    ("medium", _("A medium group (about 9 to 20)")),
    ("large", _("A large group (more than 20)")),
)

# A person's age when their date of birth is not recorded, as ONS-style bands (lowest, highest).
AGE_BANDS = (
    ("under_18", _("Under 18"), 0, 17),
    ("18_24", _("18 to 24"), 18, 24),
    ("25_34", _("25 to 34"), 25, 34),
    ("35_49", _("35 to 49"), 35, 49),
    ("50_64", _("50 to 64"), 50, 64),
    ("65_74", _("65 to 74"), 65, 74),
    ("75_plus", _("75 or over"), 75, 130),
)

# A service for young children (at most this old), or for parents with their children, is for
# their grown-ups too: a parent ("parents" among their circumstances) is not "too old" for
# rhyme time, whatever ages it gives for the children.
YOUNG_CHILDREN_MOST = 5


def with_young_children(
    circumstances: Collection[str], maximum_age: float | None, audience: Collection[str] = ()
) -> bool:
    """They come with their child: a parent, and a service for young children or for parents."""
    if "parents" not in circumstances:
        return False
    young = maximum_age is not None and maximum_age <= YOUNG_CHILDREN_MOST
    return young or "parents" in audience


# The preferences a person can mark as a must.
MUSTS = (
    ("cost", _("Cost")),
    ("distance", _("How far")),
    ("when", _("Days and times")),
    ("delivery", _("In person or online")),
    ("group_size", _("Group size")),
    ("access", _("Access")),
)

ACCESS_BITS = {t.slug: t.bit for t in ACCESS_FEATURES}
AUDIENCE_BITS = {t.slug: t.bit for t in AUDIENCES}
GROUP_SIZE_SLUGS = tuple(slug for slug, _label in GROUP_SIZES)
AGE_BAND_SLUGS = tuple(band[0] for band in AGE_BANDS)
MUST_SLUGS = tuple(slug for slug, _label in MUSTS)

# The taxonomies the features and audiences are recorded under in HSDS (stable ids and URIs).
ACCESS_TAXONOMY = {
    "id": "5a0b7c1e-2f4d-4e0a-9b6c-acce55f1e1d0",
    "name": "Connecting People access features",
    "uri": "https://connecting-people.example/taxonomies/access-features",
}
AUDIENCE_TAXONOMY = {
    "id": "5a0b7c1e-2f4d-4e0a-9b6c-a0d1e0ce0001",
    "name": "Connecting People audiences",
    "uri": "https://connecting-people.example/taxonomies/audiences",
}


def to_bits(slugs: Iterable[str], table: dict[str, int]) -> int:
    """The bits of the known slugs (unknown ones are ignored)."""
    return sum({table[s] for s in slugs if s in table})


def from_bits(bits: int, terms: tuple[Term, ...]) -> frozenset[str]:
    return frozenset(t.slug for t in terms if bits & t.bit)


def split_slugs(text: str, allowed: Iterable[str]) -> frozenset[str]:
    """ "a, b" as stored in a text field, keeping only the allowed slugs."""
    known = set(allowed)
    return frozenset(p for p in (part.strip() for part in (text or "").split(",")) if p in known)


def join_slugs(slugs: Iterable[str], order: Iterable[str]) -> str:
    """The slugs as stored in a text field, in the vocabulary's order."""
    chosen = set(slugs)
    return ",".join(s for s in order if s in chosen)


def as_words(label: object) -> str:
    """A label to follow other words: "Carers" as "carers", but "LGBTQ+ people" kept."""
    text = str(label)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def day_names() -> dict[str, str]:
    """Each RFC 5545 day code as its name ("MO" → "Monday"), in the language being used."""
    from django.utils.translation import gettext as _g

    return {
        "MO": _g("Monday"),
        "TU": _g("Tuesday"),
        "WE": _g("Wednesday"),
        "TH": _g("Thursday"),
        "FR": _g("Friday"),
        "SA": _g("Saturday"),
        "SU": _g("Sunday"),
    }
