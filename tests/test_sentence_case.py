"""Page titles and main headings in sentence case, everywhere (issue 16 §7): every template's
`{% block title %}` and `<h1>`, read as the words they show (each `translate` and
`blocktranslate`, and the plain text between tags; a variable is a gap that is nobody's first
word). The rendered pages' own titles are checked by the axe walk
(tests/browser/test_axe_everywhere.py), whose views may fill a title in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from connecting_people.core.templatetags.titles import sentence_case
from tests.sentence_case import title_case_words

SOURCE = Path(__file__).resolve().parent.parent / "src"
TEMPLATES = sorted(SOURCE.rglob("templates/**/*.html"))

TITLE = re.compile(r"{%\s*block (?:title|head_title)\s*%}(.*?){%\s*endblock", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TRANSLATED = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1.*?%}""", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate\b.*?%}(.*?){%\s*endblocktranslate\s*%}", re.S)
VARIABLE = re.compile(r"{{.*?}}", re.S)
TAG = re.compile(r"{%.*?%}|{#.*?#}|<[^>]+>", re.S)
GAP = "\u2022"  # stands for a variable: not a word, and not a capital


def _shown(markup: str) -> list[str]:
    """The titles a piece of template can show: each translated string, and the plain text."""
    found = [m.group(2) for m in TRANSLATED.finditer(markup)]
    found += [VARIABLE.sub(GAP, m.group(1)) for m in BLOCK.finditer(markup)]
    rest = VARIABLE.sub(GAP, TAG.sub(" ", BLOCK.sub(" ", TRANSLATED.sub(" ", markup))))
    if re.search(r"[A-Za-z]", rest):
        found.append(rest)
    # "Error: " goes before a title whose form has errors; it is a title of its own.
    return [" ".join(text.split()) for text in found if text.strip() != "Error:"]


def _titles() -> list[tuple[str, str]]:
    titles = []
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        for match in [*TITLE.finditer(text), *H1.finditer(text)]:
            titles += [(str(template.relative_to(SOURCE)), t) for t in _shown(match.group(1))]
    return titles


def test_the_templates_have_titles_to_check():
    """The reading works: it finds the titles we know are there."""
    titles = {title for _where, title in _titles()}
    assert len(titles) > 100
    assert "Log a contact" in titles
    assert f"Contacts with {GAP}" in titles


def test_every_title_and_main_heading_is_in_sentence_case():
    wrong = [
        f"{where}: {title!r} ({words})"
        for where, title in _titles()
        if (words := title_case_words(title))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("title", "wrong"),
    [
        ("Today's Session", ["Session"]),
        ("Today's session", []),
        (f"{GAP}'s Plan", ["Plan"]),
        (f"Then and now: {GAP}'s map", []),
        ("About the Connecting People model", []),
        ("Sorry, Connecting People is not available just now", []),
        ("Scores: the Wellbeing Scale", ["Wellbeing", "Scale"]),
        ("Ring NHS 111 or Samaritans", []),
    ],
)
def test_title_case_is_told_apart_from_sentence_case(title, wrong):
    assert title_case_words(title) == wrong


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Change Password", "Change password"),
        ("\n  Two-Factor Authentication\n", "\n  Two-factor authentication\n"),
        ("Sign In to Connecting People", "Sign in to Connecting People"),
        ("Add WebAuthn Key", "Add WebAuthn key"),
        ("NHS Number", "NHS number"),
    ],
)
def test_the_filter_puts_a_title_in_sentence_case(title, shown):
    assert sentence_case(title) == shown


def test_allauth_pages_show_their_titles_in_sentence_case(client, db):
    html = client.get(reverse("account_reset_password")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).split(" \u2013 ")[0]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert " ".join(title.split()) == "Password reset"
    assert " ".join(heading.split()) == "Password reset"
