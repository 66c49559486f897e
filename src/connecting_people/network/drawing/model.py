"""The map's colours, sizes and data classes, and the measuring and cleaning of its words."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from connecting_people.network.vocab import Feels, Kind, Ring

# Colours: each kind's colour is at least 4.4:1 against white and against the palest band tint,
# so white-on-colour and colour-on-white both pass WCAG 1.4.11 (3:1) with room to spare.
TEXT, MUTED, TRACK, BRAND, WHITE = "#0b0c0c", "#505a5f", "#6f777b", "#00665e", "#ffffff"
BANDS = ("#e6f0ef", "#eef5f4", "#f7faf9")  # close, middle and outer bands, from the centre out


@dataclass(frozen=True)
class KindStyle:
    shape: str
    colour: str


KIND_STYLES: dict[str, KindStyle] = {
    Kind.FAMILY.value: KindStyle("house", "#a8430a"),
    Kind.PARTNER.value: KindStyle("heart", "#b0164a"),
    Kind.FRIEND.value: KindStyle("star", "#1d70b8"),
    Kind.NEIGHBOUR.value: KindStyle("square", "#4d6b00"),
    Kind.COLLEAGUE.value: KindStyle("diamond", "#4c2c92"),
    Kind.PEER.value: KindStyle("triangle", "#8a5300"),
    Kind.WORKER.value: KindStyle("cross", "#505a5f"),
    Kind.GROUP.value: KindStyle("hexagon", "#00703c"),
    Kind.FAITH.value: KindStyle("dome", "#912b88"),
    Kind.ONLINE.value: KindStyle("screen", "#003078"),
    Kind.PET.value: KindStyle("triangle-down", "#6b4a2b"),
    Kind.OTHER.value: KindStyle("circle", "#0b0c0c"),
}
# How it feels: (stroke width, dash pattern, line cap). Supportive is the boldest line.
FEELS_STYLES: dict[str, tuple[float, str, str]] = {
    Feels.SUPPORTIVE.value: (3.5, "", "butt"),
    Feels.MIXED.value: (2.25, "9 5", "butt"),
    Feels.DIFFICULT.value: (2.75, "0.1 6", "round"),
}
RING_ORDER = [r.value for r in Ring]
KIND_ORDER = [k.value for k in Kind]

# Geometry, in units of a 640-wide drawing (scaled by size / 640). Text is not scaled: labels are
# 13 units high whatever the size (or `label_font`, for a drawing shown larger or smaller than
# its units: the person's map page asks for labels that show at the body text size).
CENTRE_R, RING_R, MAX_OUTER = 42.0, (108.0, 172.0, 236.0), 250.0
LABEL_FONT, LABEL_HEIGHT, RING_FONT, GAP, EDGE = 14.0, 17.5, 14.0, 2.0, 3.0  # TYPE_SCALE's small
NODE_SIZES = (10.0, 9.0, 8.0, 7.0, 6.5, 6.0, 5.5)  # tried in turn until the rings fit
LABEL_ARC = 30.0  # room along a ring that one label likes to have, when the rings can give it
# How much of a name a label shows, tried in turn: all of it on one line, all of it on two lines,
# then (only on the most crowded maps) so many characters and an ellipsis.
FULL, TWO_LINES = 10_000, 9_999
LEVELS = (FULL, TWO_LINES, 18, 14, 11, 9, 7, 5, 4, 3, 2, 1)
ELLIPSIS = "…"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

Box = tuple[float, float, float, float]  # left, top, right, bottom
# A place for a label: its anchor point, how far the box grows back from it (0 to 1 of its width
# and height), the text-anchor, and the fine line back to the node when it is not beside it.
Spot = tuple[float, float, float, float, str, tuple[float, float, float, float] | None]


@dataclass(frozen=True)
class MapNode:
    key: str  # stable id
    label: str  # the name the person chose; user input, escaped when drawn
    kind: str  # vocab.Kind value
    ring: str  # vocab.Ring value
    feels: str  # vocab.Feels value
    inside_services: bool
    is_new: bool = False  # highlighted: new since the snapshot it is compared with
    is_ended: bool = False  # drawn hollow and dashed, with no line (then-and-now only)


@dataclass
class PlacedNode:
    """A node where the layout put it, and its label (text is "" when nothing fitted)."""

    node: MapNode
    x: float
    y: float
    angle: float
    size: float  # the shape's radius
    extent: float  # half the side of the square that holds the shape and its marks
    name: str = ""  # the label, cleaned
    text: str = ""  # the label as shown: the name, or the start of it and an ellipsis
    flag: str = ""  # "new" or "ended", in bold after the label
    flag_width: float = 0.0
    font: float = LABEL_FONT  # the label's font size, in the drawing's units
    show_flag: bool = True  # only the most crowded maps leave the word out (the marks stay)
    box: Box | None = None
    anchor: str = "middle"
    leader: tuple[float, float, float, float] | None = None
    spots: list[Spot] = field(default_factory=list)
    far_spots: list[Spot] = field(default_factory=list)
    limit: float = 637.0  # the furthest right or down a label may reach
    texts: dict[int, str] = field(default_factory=dict)  # the label cut to each length in LEVELS

    @property
    def node_box(self) -> Box:
        e = self.extent
        return (self.x - e, self.y - e, self.x + e, self.y + e)


@dataclass
class MapLayout:
    size: int
    centre: float
    radii: tuple[float, ...]
    nodes: list[PlacedNode]
    fixed: list[Box] = field(default_factory=list)  # the centre and the ring names
    chips: list[tuple[str, Box]] = field(default_factory=list)
    centre_text: str = ""
    centre_font: float = 16.0
    label_font: float = LABEL_FONT
    # The line from the person to each connection, as drawn: (x1, y1, x2, y2) by node index.
    spokes: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    lines_kept_clear: bool = False  # whether every label keeps clear of every line to a node


@lru_cache(maxsize=2048)
def _char_width(ch: str) -> float:
    """Roughly how wide a character is, in ems: on the wide side of DejaVu Sans, one of the widest
    of the fonts a system-ui stack may find, so the real text is never wider than its box."""
    if unicodedata.east_asian_width(ch) in "WF" or ch in "…—":
        return 1.05
    if ch in "iljI.,:;'|!`":
        return 0.36
    if ch in ' ftr()[]{}"-/':
        return 0.46
    if ch in "mwMW@%":
        return 1.02
    if ch.isupper() or ch.isdigit():
        return 0.82 if ch in "OQGCDHNU" else 0.77
    return 0.66


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """A generous estimate of how wide `text` is, so boxes built from it are never too small."""
    return sum(map(_char_width, text)) * font_size * (1.1 if bold else 1.0)


def clean_label(label: str) -> str:
    """The label as drawn: control characters gone, white space collapsed, never empty."""
    return " ".join(_UNSAFE.sub(" ", str(label)).split()) or "?"


def shorten(text: str, chars: int) -> str:
    """The first `chars` characters and an ellipsis (never for the sake of one character);
    TWO_LINES gives the whole name on two lines (split by a newline) where it has a space."""
    if chars == TWO_LINES:
        return two_lines(text)
    return text if len(text) <= chars + 1 else text[:chars].rstrip() + ELLIPSIS


def two_lines(text: str) -> str:
    """The name on two lines, split at the space that keeps the wider line narrowest."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    at = min(spaces, key=lambda i: max(text_width(text[:i], 1.0), text_width(text[i + 1 :], 1.0)))
    return text[:at] + "\n" + text[at + 1 :]


def label_lines(text: str) -> list[str]:
    return text.split("\n")


@lru_cache(maxsize=32)
def _words(language: str | None) -> dict[str, str]:
    """The drawing's own words, translated once per language (gettext is slow in a loop)."""
    return {
        **{k.value: str(k.label) for k in Kind},
        **{r.value: str(r.label) for r in Ring},
        "ring-close": _("close ring"),
        "ring-middle": _("middle ring"),
        "ring-outer": _("outer ring"),
        "feels-supportive": _("feels supportive"),
        "feels-mixed": _("feels mixed"),
        "feels-difficult": _("feels difficult"),
        "inside": _("inside services"),
        "outside": _("outside services"),
        "new": _("new"),
        "ended": _("ended"),
    }
