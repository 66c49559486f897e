"""The map rendered as an inline SVG, labelled for screen readers."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from connecting_people.core.charts.svg import FONT_FAMILY
from connecting_people.network.drawing.layout import _centre_radius, layout_map
from connecting_people.network.drawing.model import (
    _ID,
    BANDS,
    BRAND,
    ELLIPSIS,
    FEELS_STYLES,
    KIND_STYLES,
    LABEL_FONT,
    MUTED,
    RING_FONT,
    RING_ORDER,
    TEXT,
    TRACK,
    WHITE,
    Box,
    MapLayout,
    MapNode,
    PlacedNode,
    _words,
    clean_label,
    label_lines,
)
from connecting_people.network.drawing.shapes import _n, shape_svg
from connecting_people.network.drawing.words import map_text_alternative


def _describe(node: MapNode, words: dict[str, str]) -> str:
    parts = [
        words[node.kind],
        words[f"ring-{node.ring}"],
        words[f"feels-{node.feels}"],
        words["inside" if node.inside_services else "outside"],
    ]
    parts += [words[flag] for flag in ("new", "ended") if getattr(node, f"is_{flag}")]
    return f"{clean_label(node.label)}: {', '.join(parts)}"


def _node_svg(p: PlacedNode, words: dict[str, str]) -> str:
    node, style = p.node, KIND_STYLES[p.node.kind]
    state = " cp-map__node--inside" if node.inside_services else ""
    state += " cp-map__node--new" if node.is_new else ""
    state += " cp-map__node--ended" if node.is_ended else ""
    out = [f'<g class="cp-map__node cp-map__node--{node.kind}{state}">']
    out.append(f"<title>{escape(_describe(node, words))}</title>")
    if node.is_new:
        halo = p.size * 1.3 + (3.75 if node.inside_services else 0.0) + 2.2
        out.append(
            f'<circle class="cp-map__halo" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(halo)}" '
            f'fill="none" stroke="{BRAND}" stroke-width="2.5"/>'
        )
    if node.inside_services:
        paint = f'class="cp-map__outline" fill="none" stroke="{style.colour}" stroke-width="1.5"'
        out.append(shape_svg(style.shape, p.x, p.y, p.size + 2.3, paint))
    if node.is_ended:
        paint = (f'class="cp-map__shape" fill="{WHITE}" stroke="{style.colour}" '
                 'stroke-width="2" stroke-dasharray="3 2"')  # fmt: skip
    else:
        paint = f'class="cp-map__shape" fill="{style.colour}" stroke="{WHITE}" stroke-width="1.5"'
    out.append(shape_svg(style.shape, p.x, p.y, p.size, paint))
    if p.box is not None:
        out.append(_label_svg(p, p.box))
    out.append("</g>")
    return "".join(out)


def _taps_svg(layout: MapLayout, link: str) -> str:
    """A clear layer over the map, the same size, where a tap on a node or its label goes to the
    element `link` + the node's key (its row in the table below the map). The map stays one
    image to screen readers (a link inside an image would be lost to them); this layer is hidden
    from them and out of the tab order, as the same table is the next thing on the page."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-map-taps" viewBox="0 0 {layout.size} '
        f'{layout.size}" aria-hidden="true" focusable="false">'
    ]
    for p in layout.nodes:
        boxes = [p.node_box, *([p.box] if p.box is not None else [])]
        out.append(f'<a class="cp-map__link" href="#{link}{escape(p.node.key)}" tabindex="-1">')
        out += [
            f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
            f'height="{_n(bottom - top)}" fill="transparent"/>'
            for left, top, right, bottom in boxes
        ]
        out.append("</a>")
    out.append("</svg>")
    return "".join(out)


def _label_svg(p: PlacedNode, box: Box) -> str:
    left, top, right, _bottom = box
    x = left + 1 if p.anchor == "start" else right - 1 if p.anchor == "end" else (left + right) / 2
    line = p.font * 1.25
    baseline = top + line / 2 + p.font * 0.35
    muted = p.node.is_ended
    first, *more = label_lines(p.text)
    # A second line starts a new chunk of text at the same x, one line further down.
    rest = "".join(
        f'<tspan class="cp-map__label-line" x="{_n(x)}" dy="{_n(line)}">{escape(text)}</tspan>'
        for text in more
    )
    flag = ""
    if p.flag and p.show_flag:
        colour = MUTED if muted else BRAND
        flag = (f'<tspan class="cp-map__flag" font-weight="700" fill="{colour}">'
                f" {escape(p.flag)}</tspan>")  # fmt: skip
    return (
        f'<text class="cp-map__label{" cp-map__label--ended" if muted else ""}" x="{_n(x)}" '
        f'y="{_n(baseline)}" text-anchor="{p.anchor}" font-size="{_n(p.font)}" '
        f'fill="{MUTED if muted else TEXT}" stroke="{WHITE}" stroke-width="{_n(p.font * 0.27)}" '
        f'stroke-linejoin="round" paint-order="stroke">{escape(first)}{rest}{flag}</text>'
    )


def _line_svg(p: PlacedNode, line: tuple[float, float, float, float], thin: float) -> str:
    width, dashes, cap = FEELS_STYLES[p.node.feels]
    width *= thin
    x1, y1, x2, y2 = line
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (
        f'<line class="cp-map__line cp-map__line--{p.node.feels}" x1="{_n(x1)}" '
        f'y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{MUTED}" stroke-width="{_n(width)}" stroke-linecap="{cap}"{dash}/>'
    )


def draw_map(
    nodes: Sequence[MapNode],
    *,
    title: str,
    description: str = "",
    centre_label: str = "",
    size: int = 640,
    id_prefix: str = "map",
    label_font: float = LABEL_FONT,
    link: str = "",
    flag_words: bool = True,
) -> SafeString:
    """The map as an inline SVG, labelled by its own title and description for screen readers.
    `description` defaults to map_text_alternative(); `id_prefix` keeps two maps' ids apart.
    `label_font` sizes the labels in the drawing's units; with `link` (an id's start, such as
    "connection-"), a tap on a node goes to the element with that id and the node's key; without
    `flag_words`, "new" is shown by the thick ring alone (and said in the node's title)."""
    if not _ID.match(id_prefix):
        raise ValueError("id_prefix must start with a letter and hold only letters, digits, - or _")
    if link and not _ID.match(link):
        raise ValueError("link must start with a letter and hold only letters, digits, - or _")
    layout = layout_map(
        nodes, size=size, centre_label=centre_label, label_font=label_font, flag_words=flag_words
    )
    desc = description or map_text_alternative(nodes, centre_label=centre_label)
    words = _words(get_language())
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cp-map" viewBox="0 0 {layout.size} '
        f'{layout.size}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" focusable="false" '
        f'font-family="{FONT_FAMILY}">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
        *_rings_svg(layout),
        *_lines_svg(layout),
        *_centre_svg(layout, centre_label),
        *_ring_names_svg(layout),
        '<g class="cp-map__nodes">',
        *(_node_svg(p, words) for p in layout.nodes),
        "</g></svg>",
    ]
    if link:
        svg = ['<div class="cp-map-stack">', *svg, _taps_svg(layout, link), "</div>"]
    return mark_safe("".join(svg))  # noqa: S308 - every piece of user text in it is escaped


def _rings_svg(layout: MapLayout) -> list[str]:
    """The three bands (tinted, darkest in the middle) and the ring lines the nodes sit on."""
    c, (r1, r2, r3) = layout.centre, layout.radii
    out = ['<g class="cp-map__rings">']
    edges = (r3 + 31 * layout.size / 640, (r2 + r3) / 2, (r1 + r2) / 2)
    for ring, edge, tint in reversed(list(zip(RING_ORDER, reversed(edges), BANDS, strict=True))):
        out.append(
            f'<circle class="cp-map__band cp-map__band--{ring}" cx="{_n(c)}" cy="{_n(c)}" '
            f'r="{_n(edge)}" fill="{tint}"/>'
        )
    for ring, radius in zip(RING_ORDER, layout.radii, strict=True):
        out.append(
            f'<circle class="cp-map__track cp-map__track--{ring}" cx="{_n(c)}" cy="{_n(c)}" '
            f'r="{_n(radius)}" fill="none" stroke="{TRACK}" stroke-width="1.25"/>'
        )
    out.append("</g>")
    return out


def _lines_svg(layout: MapLayout) -> list[str]:
    """A line from the person to each connection (none to an ended one), and the fine lines
    from nodes to labels that sit a little away from them."""
    thin = 0.75 if len(layout.nodes) > 30 else 1.0  # many lines: lighter, so the map stays calm
    out = ['<g class="cp-map__lines">']
    out += [_line_svg(layout.nodes[i], line, thin) for i, line in layout.spokes.items()]
    out += [
        f'<line class="cp-map__leader" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{TRACK}" stroke-width="1"/>'
        for x1, y1, x2, y2 in (p.leader for p in layout.nodes if p.leader)
    ]
    out.append("</g>")
    return out


def _ring_names_svg(layout: MapLayout) -> list[str]:
    out = ['<g class="cp-map__ring-names">']
    for name, (left, top, right, bottom) in layout.chips:
        out.append(
            f'<rect class="cp-map__chip" x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
            f'height="{_n(bottom - top)}" rx="9" fill="{WHITE}" stroke="{TRACK}" stroke-width="1"/>'
            f'<text class="cp-map__ring-name" x="{_n(layout.centre)}" y="{_n(bottom - 5.5)}" '
            f'text-anchor="middle" font-size="{_n(RING_FONT)}" font-weight="700" fill="{MUTED}">'
            f"{escape(name)}</text>"
        )
    out.append("</g>")
    return out


def _centre_svg(layout: MapLayout, centre_label: str) -> list[str]:
    """The person in the middle, with their name (and in full in a title, if it is shortened)."""
    c, r0 = layout.centre, _centre_radius(layout.size / 640)
    out = ['<g class="cp-map__centre">']
    if layout.centre_text.endswith(ELLIPSIS):
        out.append(f"<title>{escape(clean_label(centre_label))}</title>")
    out.append(
        f'<circle class="cp-map__person" cx="{_n(c)}" cy="{_n(c)}" r="{_n(r0)}" fill="{BRAND}"/>'
    )
    if layout.centre_text:
        font = layout.centre_font
        out.append(
            f'<text class="cp-map__centre-name" x="{_n(c)}" y="{_n(c + font * 0.35)}" '
            f'text-anchor="middle" font-size="{_n(font)}" font-weight="700" fill="{WHITE}">'
            f"{escape(layout.centre_text)}</text>"
        )
    out.append("</g>")
    return out
