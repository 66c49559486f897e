"""The network map, drawn on the server as an inline SVG: no database, no JavaScript.

The person sits in the centre with three rings round them: close, middle and outer. Each
connection sits on its ring. Its kind shows as a shape, a colour and words (the legend, and each
node's title); how it feels shows as the style of the line to it (solid, dashed, dotted); a double
outline marks a connection inside health and social care services; a thick ring and the word "new"
mark a new one. Shapes and line styles carry the meaning, so it prints in black and white.

The layout is deterministic (the same connections in any order give the same bytes):

1. Nodes are sorted by ring, kind and key, and spread round their ring, each with room for its
   marks (and for a label, when the rings have it to give), leaving the top of each ring clear for
   the ring's name. A crowded ring moves out, and on the busiest maps the nodes shrink.
2. Each ring is turned a little so that the lines to it miss the nodes on the rings inside it.
3. Labels are placed with a collision check: each label's box (from a generous estimate of its
   width) must keep clear of every other label, every node, the centre and the ring names. A label
   goes in the first free place from a short list: outside its node, inside, beside it, then a
   line or more further away, joined to its node by a fine line. All labels get the longest common
   length at which they all fit (found by halving); then the shortened ones grow together, a step
   at a time, while there is room. A shortened label ends in an ellipsis, and the node's title
   always holds the full name, for hover and for anyone reading the markup.
4. A label that still finds no room moves a few neighbours aside; failing that, the layout is
   tried again with smaller nodes. Labels never overlap: the check makes sure of it.
"""

from connecting_people.network.drawing.labels import (
    FAR_WAYS,
    NEAR_WAYS,
    boxes_overlap,
    overlapping_labels,
)
from connecting_people.network.drawing.layout import layout_map
from connecting_people.network.drawing.model import (
    BANDS,
    BRAND,
    CENTRE_R,
    EDGE,
    ELLIPSIS,
    FEELS_STYLES,
    GAP,
    KIND_ORDER,
    KIND_STYLES,
    LABEL_ARC,
    LABEL_FONT,
    LABEL_HEIGHT,
    LEVELS,
    MAX_OUTER,
    MUTED,
    NODE_SIZES,
    RING_FONT,
    RING_ORDER,
    RING_R,
    TEXT,
    TRACK,
    WHITE,
    Box,
    KindStyle,
    MapLayout,
    MapNode,
    PlacedNode,
    Spot,
    clean_label,
    shorten,
    text_width,
)
from connecting_people.network.drawing.shapes import shape_svg
from connecting_people.network.drawing.svg import draw_map
from connecting_people.network.drawing.words import (
    LegendGroup,
    LegendItem,
    kind_swatch,
    legend_items,
    map_text_alternative,
)

__all__ = [
    "BANDS",
    "BRAND",
    "CENTRE_R",
    "EDGE",
    "ELLIPSIS",
    "FAR_WAYS",
    "FEELS_STYLES",
    "GAP",
    "KIND_ORDER",
    "KIND_STYLES",
    "LABEL_ARC",
    "LABEL_FONT",
    "LABEL_HEIGHT",
    "LEVELS",
    "MAX_OUTER",
    "MUTED",
    "NEAR_WAYS",
    "NODE_SIZES",
    "RING_FONT",
    "RING_ORDER",
    "RING_R",
    "TEXT",
    "TRACK",
    "WHITE",
    "Box",
    "KindStyle",
    "LegendGroup",
    "LegendItem",
    "MapLayout",
    "MapNode",
    "PlacedNode",
    "Spot",
    "boxes_overlap",
    "clean_label",
    "draw_map",
    "kind_swatch",
    "layout_map",
    "legend_items",
    "map_text_alternative",
    "overlapping_labels",
    "shape_svg",
    "shorten",
    "text_width",
]
