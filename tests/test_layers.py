"""The dependency rule (DESIGN.md §4): imports run one way, from the faces down to the core.

The kernel rule (docs/adr/0016-who-works-where-is-the-kernel.md): `core` is the bottom layer and
imports no domain app, `accounts` included. Who works where (organisations, teams, memberships,
organisation roles) is part of the kernel, in `core.models`, because the access layer decides
everything from it; `accounts` (the User model, sign-in, the staff and team screens) imports
`core`, never the other way round. Core names the user model only as `settings.AUTH_USER_MODEL`.

Read from the source with `ast`, so a forbidden import fails here even if no test runs it.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "connecting_people"
DOMAIN = [
    "accounts",
    "taxonomy",
    "people",
    "plans",
    "network",
    "directory",
    "suggestions",
    "outcomes",
    "research",
    "practice",
    "demo",
]

# app -> apps it must never import
FORBIDDEN = {
    # core is the kernel: it imports no domain app, not even accounts (who works where is core's).
    "core": DOMAIN,
    "taxonomy": [
        "people",
        "plans",
        "network",
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
        "demo",
    ],
    "accounts": [
        "people",
        "plans",
        "network",
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
        "demo",
    ],
    "people": [
        "plans",
        "network",
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
        "demo",
    ],
    "plans": ["network", "directory", "suggestions", "outcomes", "research", "practice", "demo"],
    "network": ["directory", "suggestions", "outcomes", "research", "practice", "demo"],
    "directory": [
        "people",
        "plans",
        "network",
        "suggestions",
        "outcomes",
        "research",
        "practice",
        "demo",
    ],
    "suggestions": ["outcomes", "research", "practice", "demo"],
    # outcomes reads the record, the plan and the map; it knows nothing of the directory or
    # suggestions, and nothing of the faces.
    "outcomes": ["directory", "suggestions", "research", "practice", "demo"],
    # research reads every domain app below it to export it; nothing below it imports it.
    "research": ["practice", "demo"],
    "practice": ["demo"],
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_nothing_above_it(app):
    offences = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        for module in _imports(path):
            for other in FORBIDDEN[app]:
                if module == f"connecting_people.{other}" or module.startswith(
                    f"connecting_people.{other}."
                ):
                    offences.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offences == []


def test_the_rule_would_catch_an_offence(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from connecting_people.people.models import Person\n")
    assert "connecting_people.people.models" in _imports(sample)
