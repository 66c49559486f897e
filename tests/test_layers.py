"""The dependency rule (DESIGN.md §4): imports run one way, from the faces down to the core.

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
]

# app -> apps it must never import
FORBIDDEN = {
    # accounts sits beside core (DESIGN.md: "accounts, core"): the access layer knows teams.
    "core": [app for app in DOMAIN if app != "accounts"],
    "taxonomy": [
        "people",
        "plans",
        "network",
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
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
    ],
    "people": [
        "plans",
        "network",
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
    ],
    "plans": ["network", "directory", "suggestions", "outcomes", "research", "practice"],
    "network": ["directory", "suggestions", "outcomes", "research", "practice"],
    "directory": [
        "people",
        "plans",
        "network",
        "suggestions",
        "outcomes",
        "research",
        "practice",
    ],
    "suggestions": ["outcomes", "research", "practice"],
    # outcomes reads the record, the plan and the map; it knows nothing of the directory or
    # suggestions, and nothing of the faces.
    "outcomes": ["directory", "suggestions", "research", "practice"],
    # research reads every domain app below it to export it; nothing below it imports it.
    "research": ["practice"],
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


def test_nothing_in_the_app_imports_the_demo():
    """The demo is a separate package that production does not install (docs/adr/0015)."""
    offences = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for module in _imports(path)
        if module.split(".")[0] == "connecting_people_demo"
        or module.startswith("connecting_people.demo")
    ]
    assert offences == []
