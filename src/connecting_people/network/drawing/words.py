"""The map in words (its text alternative) and the legend of its marks."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connecting_people.network.drawing.model import (
    BRAND,
    FEELS_STYLES,
    KIND_STYLES,
    MUTED,
    RING_ORDER,
    TEXT,
    WHITE,
    MapNode,
    clean_label,
)
from connecting_people.network.drawing.shapes import _n, shape_svg
from connecting_people.network.vocab import Kind


def map_text_alternative(nodes: Sequence[MapNode], *, centre_label: str) -> str:
    """The map in one plain paragraph, for its description and for anyone not looking at it."""
    name = clean_label(centre_label) if centre_label.strip() else _("This person")
    current = [n for n in nodes if not n.is_ended]
    ended = len(nodes) - len(current)
    total = len(current)
    if not total:
        text = _("%(name)s has no connections on the map yet. The three rings are ready.")
        sentences = [text % {"name": name}]
    else:
        sentences = [_where(name, current), _outside(current), _feels(current)]
        new = sum(n.is_new for n in current)
        if new:
            sentences.append(ngettext("%(n)d is new.", "%(n)d are new.", new) % {"n": new})
    if ended:
        sentences.append(
            ngettext("%(n)d connection has ended.", "%(n)d connections have ended.", ended)
            % {"n": ended}
        )
    return " ".join(sentences)


def _where(name: str, current: list[MapNode]) -> str:
    total = len(current)
    counts = {ring: sum(n.ring == ring for n in current) for ring in RING_ORDER}
    if total == 1:
        one = {
            "close": _("%(name)s has 1 connection, a close one."),
            "middle": _("%(name)s has 1 connection, in the middle ring."),
            "outer": _("%(name)s has 1 connection, further out."),
        }
        return one[current[0].ring] % {"name": name}
    only = [ring for ring, count in counts.items() if count == total]
    if only:
        where = {"close": _("close"), "middle": _("in the middle ring"), "outer": _("further out")}
        text = ngettext(
            "%(name)s has %(n)d connection, all %(where)s.",
            "%(name)s has %(n)d connections, all %(where)s.",
            total,
        )
        return text % {"name": name, "n": total, "where": where[only[0]]}
    phrases = {
        "close": lambda n: ngettext("%(n)d close", "%(n)d close", n),
        "middle": lambda n: ngettext("%(n)d in the middle ring", "%(n)d in the middle ring", n),
        "outer": lambda n: ngettext("%(n)d further out", "%(n)d further out", n),
    }
    parts = [phrases[r](count) % {"n": count} for r, count in counts.items() if count]
    text = ngettext(
        "%(name)s has %(n)d connection: %(parts)s.",
        "%(name)s has %(n)d connections: %(parts)s.",
        total,
    )
    return text % {"name": name, "n": total, "parts": get_text_list(parts, _("and"))}


def _outside(current: list[MapNode]) -> str:
    total, outside = len(current), sum(not n.inside_services for n in current)
    if outside == 0:
        return ngettext(
            "It is part of health and social care services.",
            "All of them are part of health and social care services.",
            total,
        )
    if outside == total > 1:
        return _("All of them are outside services.")
    text = ngettext("%(n)d is outside services.", "%(n)d are outside services.", outside)
    return text % {"n": outside}


def _feels(current: list[MapNode]) -> str:
    words = {
        "supportive": lambda n: ngettext("%(n)d supportive", "%(n)d supportive", n),
        "mixed": lambda n: ngettext("%(n)d mixed", "%(n)d mixed", n),
        "difficult": lambda n: ngettext("%(n)d difficult", "%(n)d difficult", n),
    }
    counts = [(feels, sum(n.feels == feels for n in current)) for feels in words]
    parts = [words[feels](count) % {"n": count} for feels, count in counts if count]
    text = ngettext("How it feels: %(parts)s.", "How they feel: %(parts)s.", len(current))
    return text % {"parts": get_text_list(parts, _("and"))}


# The legend ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    swatch: SafeString  # a small decorative SVG (hidden from screen readers: the label says it)


@dataclass(frozen=True)
class LegendGroup:
    key: str
    title: str
    items: list[LegendItem]


def _swatch(body: str, width: int = 32, height: int = 28) -> SafeString:
    return mark_safe(  # noqa: S308 - built from our own constants only
        f'<svg class="cp-map-legend__swatch" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-hidden="true" '
        f'focusable="false">{body}</svg>'
    )


def kind_swatch(kind: str) -> SafeString:
    """The kind's shape in its colour, for a legend or a table row beside the map."""
    style = KIND_STYLES[kind]
    return _swatch(shape_svg(style.shape, 16, 14, 9, f'fill="{style.colour}"'))


def legend_items(nodes: Iterable[MapNode] | None = None) -> list[LegendGroup]:
    """What each mark on the map means; given nodes, only the marks those nodes use."""
    shown = None if nodes is None else list(nodes)
    kinds = {n.kind for n in shown} if shown is not None else set(KIND_STYLES)
    feels = {n.feels for n in shown if not n.is_ended} if shown is not None else set(FEELS_STYLES)
    groups = []
    if kinds:
        items = [
            LegendItem(k.value, str(k.label), kind_swatch(k.value)) for k in Kind if k in kinds
        ]
        groups.append(LegendGroup("kind", _("Kind of connection"), items))
    if feels:
        words = {
            "supportive": _("Supportive: a solid line"),
            "mixed": _("Mixed: a dashed line"),
            "difficult": _("Difficult: a dotted line"),
        }
        items = [LegendItem(f, words[f], _feels_swatch(f)) for f in FEELS_STYLES if f in feels]
        groups.append(LegendGroup("feels", _("How it feels"), items))
    marks = _marks(shown)
    if marks:
        groups.append(LegendGroup("marks", _("Other marks"), marks))
    return groups


def _feels_swatch(feels: str) -> SafeString:
    width, dashes, cap = FEELS_STYLES[feels]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return _swatch(
        f'<line x1="3" y1="14" x2="45" y2="14" stroke="{MUTED}" stroke-width="{_n(width)}" '
        f'stroke-linecap="{cap}"{dash}/>',
        width=48,
    )


def _marks(shown: list[MapNode] | None) -> list[LegendItem]:
    def used(test) -> bool:
        return shown is None or any(test(n) for n in shown)

    dark = f'fill="{TEXT}" stroke="{WHITE}" stroke-width="1.5"'
    items = []
    if used(lambda n: n.inside_services):
        body = shape_svg("circle", 16, 14, 11, f'fill="none" stroke="{TEXT}" stroke-width="1.5"')
        body += shape_svg("circle", 16, 14, 7.5, dark)
        label = _("Double outline: part of health and social care services")
        items.append(LegendItem("inside", label, _swatch(body)))
    if used(lambda n: n.is_new):
        body = f'<circle cx="16" cy="14" r="11.5" fill="none" stroke="{BRAND}" stroke-width="3"/>'
        body += shape_svg("circle", 16, 14, 6.5, dark)
        label = _("Thick ring: a new connection")
        items.append(LegendItem("new", label, _swatch(body)))
    if used(lambda n: n.is_ended):
        body = shape_svg(
            "circle", 16, 14, 8, f'fill="{WHITE}" stroke="{TEXT}" stroke-width="2" '
            'stroke-dasharray="3 2"'
        )  # fmt: skip
        label = _("Hollow, dashed and with no line: a connection that has ended")
        items.append(LegendItem("ended", label, _swatch(body)))
    return items
