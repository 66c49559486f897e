"""Every page of the person's own space reads easily: a Flesch reading ease of at least 70 on the
text of its main part, rendered for Sam (the cast's person_self, tests/cast.py).

The pages are taken from the access table (tests/test_url_access.py): every URL of kind
OWN_SPACE or OWN_RECORD that answers a GET, so a page another change adds to the person's space
is measured here without anyone remembering to add it."""

import pytest

from connecting_people.portal.readability import page_blocks, page_reading
from tests import test_url_access as table

MIN_READING_EASE = 70
PERSON_KINDS = ("OWN_SPACE", "OWN_RECORD")

world = table.world  # the access table's world, built once for this module
_research_key = table._research_key

PAGES = sorted(
    name for name, entry in table.TABLE.items() if entry.kind in PERSON_KINDS and not entry.post
)


def test_the_persons_pages_are_found_in_the_access_table():
    assert {"portal:home", "portal:plan"} <= set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_of_the_persons_space_reads_easily(world, db, name):
    response = table._ask(world, name, "person_self", post=False)
    if response.status_code == 302:  # a page that sends Sam on (nothing to download yet, a
        # questionnaire to finish with the worker): measure the page it sends them to
        response = table._client(world, "person_self").get(response["Location"])
    assert response.status_code == 200, f"{name}: {response.status_code}"
    html = response.content.decode()
    measured = page_reading(html)
    assert measured.words > 5, f"{name}: no text found in <main>"
    assert measured.score >= MIN_READING_EASE, (
        f"{name} reads at {measured.score:.0f} (under {MIN_READING_EASE}): {measured}\n"
        + "\n".join(page_blocks(html))
    )
