"""'Nothing found for …' on a person's ideas, and the team's "What is missing" page."""

from __future__ import annotations

from tests.suggestions.test_views_person import _gardening_service, _page_url, person

__all__ = ["person"]  # the fixture


def _missing(html: str) -> str:
    if 'id="ideas-missing"' not in html:
        return ""
    start = html.index('id="ideas-missing"')
    return html[start : html.index("</div>", start)]


def test_nothing_free_names_the_interest_and_the_nearest_that_charges(sign_in, cast, person):
    _gardening_service("Pricey Plots", free=False)
    client = sign_in(cast.practitioner)
    missing = _missing(client.get(_page_url(person) + "?free=on").content.decode())
    assert "Nothing free for gardening." in missing
    assert "The nearest is Pricey Plots, from £8.00" in missing
    assert _missing(client.get(_page_url(person)).content.decode()) == ""  # without "Free"
