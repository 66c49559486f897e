"""The model and its guidance: the About page's diagram links each part to its guidance page,
which says in our words what the part means and which screens support it."""

import re

import pytest
from django.urls import reverse

from connecting_people.practice.guidance.parts import BY_SLUG, PARTS


def test_about_page_explains_the_model_with_a_described_diagram(client, db):
    html = client.get(reverse("guidance:about")).content.decode()
    assert 'role="group" aria-labelledby="cp-model-title" aria-describedby="cp-model-desc"' in html
    assert "<title" in html
    assert "<desc" in html
    assert "barrier" in html.lower()


def test_every_part_of_the_diagram_is_a_plain_link_to_its_guidance(client, db):
    html = client.get(reverse("guidance:about")).content.decode()
    start = html.index('<figure class="cp-model-diagram"')
    svg = html[start : html.index("</svg>", start)]
    linked = re.findall(r'<a class="cp-model-diagram__part" href="/about/model/([a-z-]+)/">', svg)
    assert sorted(linked) == sorted(BY_SLUG)
    # The same parts as ordinary links after the drawing, for anyone who skips it.
    after = html[html.index("</svg>", start) :]
    for part in PARTS:
        assert reverse("guidance:part", args=[part.slug]) in after


def test_the_diagram_is_read_from_the_top_down(client, db):
    html = client.get(reverse("guidance:about")).content.decode()
    start = html.index('<figure class="cp-model-diagram"')
    order = re.findall(r'href="/about/model/([a-z-]+)/"', html[start : html.index("</svg>", start)])
    assert order[:3] == ["attitudinal-barriers", "new-connections", "contextual-barriers"]
    assert order[-3:] == ["agency", "equality", "person-centred"]


@pytest.mark.parametrize("slug", sorted(BY_SLUG))
def test_each_parts_guidance_opens_for_anyone(client, db, slug):
    part = BY_SLUG[slug]
    html = client.get(reverse("guidance:part", args=[slug])).content.decode()
    assert str(part.title) in html
    assert "A question to think about" in html
    assert str(part.guidance[0]).replace("'", "&#x27;") in html or str(part.guidance[0]) in html


def test_a_part_links_to_the_screens_that_support_it_and_no_screen_that_is_missing(client, db):
    html = client.get(reverse("guidance:part", args=["agency"])).content.decode()
    assert reverse("reflection:overview") in html
    for _label, url in BY_SLUG["agency"].links:
        assert url
        assert url in html
    # A screen this version of the app does not have is left out rather than linked to nowhere.
    assert all(s.url or s.url_name not in html for s in BY_SLUG["agency"].screens)


def test_an_unknown_part_is_not_found(client, db):
    assert client.get("/about/model/nothing-here/").status_code == 404


def test_the_about_page_keeps_its_address():
    assert reverse("guidance:about") == "/about/"
    assert reverse("guidance:part", args=["person"]) == "/about/model/person/"


def test_guidance_never_calls_itself_the_published_fidelity_scale():
    for part in PARTS:
        for words in (part.title, part.summary, part.question, *part.guidance):
            assert "fidelity" not in str(words).lower()
