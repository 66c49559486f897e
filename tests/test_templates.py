"""Every word a template shows is marked for translation, so Welsh can follow later."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "connecting_people"
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))

_REMOVE = [
    re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style|code)\b.*?</\1>", re.S),  # code, such as cookie names
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]
_TAG = re.compile(r"<[^>]*>", re.S)
_TEXT_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')
_WORD = re.compile(r"[A-Za-z]{2,}")


def _untranslated(source: str) -> list[str]:
    found = [
        value
        for value in _TEXT_ATTRIBUTE.findall(source)
        if _WORD.search(value) and "{%" not in value and "{{" not in value
    ]
    for pattern in _REMOVE:
        source = pattern.sub(" ", source)
    text = _TAG.sub(" ", source)
    found += [line.strip() for line in text.splitlines() if _WORD.search(line)]
    return found


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(template):
    assert _untranslated(template.read_text()) == []


def test_the_checker_finds_unmarked_text():
    assert _untranslated('<p class="govuk-body">Hello there</p>') == ["Hello there"]
    assert _untranslated('<a aria-label="Close it">{% translate "x" %}</a>') == ["Close it"]
    assert _untranslated('<p>{% translate "Hello there" %}</p>') == []
