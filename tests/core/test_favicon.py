"""The product's icon on every page (issue 16 §7): the SVG, a PNG for browsers that cannot draw
an SVG icon, and the icon a phone puts on its home screen, linked from the one base template, so
on the sign-in pages, a person's own space and the error pages alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from connecting_people.core import errors

IMAGES = Path(__file__).resolve().parents[2] / "src/connecting_people/static/images"
ICONS = {
    ("icon", "favicon.svg"),
    ("icon", "favicon-32.png"),
    ("apple-touch-icon", "apple-touch-icon.png"),
}
# The file's name, without the fingerprint the manifest storage may add before its extension.
LINK = re.compile(
    r'<link rel="(icon|apple-touch-icon)" href="[^"]*/images/([\w.-]+?)(?:\.\w{12})?(\.\w+)"'
)


def _icons(html: str) -> set[tuple[str, str]]:
    return {(rel, name + ext) for rel, name, ext in LINK.findall(html)}


def test_the_icons_are_files_of_ours():
    for _rel, name in ICONS:
        assert (IMAGES / name).stat().st_size > 0, name
    assert (IMAGES / "favicon-32.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "address", ["/account/login/", "/my/sign-in/", "/about/", "/no-such-page/"]
)
def test_every_kind_of_page_links_the_icons(client, db, address):
    response = client.get(address)
    assert _icons(response.content.decode()) == ICONS


def test_a_signed_in_page_and_the_server_error_page_link_the_icons(client, cast):
    client.force_login(cast.practitioner)
    assert _icons(client.get(reverse("practice:caseload")).content.decode()) == ICONS
    answer = errors.server_error(RequestFactory().get("/"))
    assert answer.status_code == 500
    assert _icons(answer.content.decode()) == ICONS
