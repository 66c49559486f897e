"""Charts drawn on the server as accessible SVG: no JavaScript, the same bytes every time.

One kit for every chart in the app, knowing nothing of what the charts are about:

- `svg`: the pieces (the envelope with its title and description, numbers, scales, axes, lines
  and markers, the styles that tell series apart without colour);
- `line`: a few series over the same points, each named at the end of its line;
- `score`: one score over time on a fixed scale, with shaded bands;
- `change`: mean changes with their confidence intervals either side of no change.

Every SVG has `role="img"`, a title and a description, and the page shows the same numbers in a
table beneath it. The apps say what to draw (network/charts.py, outcomes/change.py, the team
report); everything about how is here.
"""

from connecting_people.core.charts.change import ChangeChart, ChangeRow
from connecting_people.core.charts.line import LineChart, Series, line_chart
from connecting_people.core.charts.score import BandArea, ScoreChart, band_areas

__all__ = [
    "BandArea",
    "ChangeChart",
    "ChangeRow",
    "LineChart",
    "ScoreChart",
    "Series",
    "band_areas",
    "line_chart",
]
