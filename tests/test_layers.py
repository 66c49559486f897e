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
    # plans and network sit side by side, and one way: a connection on the map may say which
    # logged contact it began at, so network reads plans, only through plans' selectors (its
    # models, services and views stay plans' own); plans knows nothing of the map.
    "plans": ["network", "directory", "suggestions", "outcomes", "research", "practice"],
    "network": [
        *sorted(
            f"plans.{module.stem}"
            for module in (PACKAGE / "plans").iterdir()
            if module.stem not in {"__init__", "__pycache__", "selectors"}
        ),
        "directory",
        "suggestions",
        "outcomes",
        "research",
        "practice",
    ],
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


# --- Inside the directory: its parts, one way (issue 21) ------------------------------------
# The directory is one app in parts. Each part may import its own modules and the parts listed
# before it, never a later one; and no directory module imports itself round a loop.
DIRECTORY = PACKAGE / "directory"
DIRECTORY_LAYERS = [
    ["__init__", "models"],  # the HSDS objects and the team layer's tables
    ["search"],  # facts, full text, reasons, the search itself
    ["sessions"],  # schedules expanded, calendars read in
    ["hsds"],  # HSDS in and out (the import refreshes search and reads schedules)
    ["team"],  # what staff change: services, the team layer, connectors
    ["selectors", "templatetags"],  # what the pages show
    ["views", "management", "admin", "apps", "migrations"],
    ["urls"],
]
# Faces (DESIGN.md §4) that no app below them may import, and what each face may not import.
FACES = {"api": ["practice"]}


def _directory_part(module: str) -> str:
    """The directory part a dotted module belongs to: `search` for `...directory.search.facts`."""
    rest = module.removeprefix("connecting_people.directory")
    return rest.lstrip(".").split(".")[0] or "__init__"


def _directory_rank(module: str) -> int:
    part = _directory_part(module)
    return next(i for i, parts in enumerate(DIRECTORY_LAYERS) if part in parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolved_imports(path: Path, known: set[str]) -> set[str]:
    """The modules a file imports, `from package import module` read as the module itself."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                inner = f"{base}.{alias.name}"
                found.add(inner if inner in known else base)
    return found


def _directory_graph() -> dict[str, set[str]]:
    paths = sorted(DIRECTORY.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    return {_module_name(p): {m for m in _resolved_imports(p, known) if m in known} for p in paths}


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} imports {other}"
        for module, imports in sorted(graph.items())
        for other in sorted(imports)
        if _directory_rank(other) > _directory_rank(module)
    ]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each loop of imports found by a depth-first walk (empty when the graph has none)."""
    loops, done, path = [], set(), []

    def walk(module: str) -> None:
        if module in path:
            loops.append([*path[path.index(module) :], module])
            return
        if module in done:
            return
        path.append(module)
        for other in sorted(graph.get(module, ())):
            walk(other)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        walk(module)
    return loops


def test_every_directory_module_belongs_to_a_part():
    for module in _directory_graph():
        assert any(_directory_part(module) in parts for parts in DIRECTORY_LAYERS), module


def test_directory_parts_import_only_parts_below_them():
    assert _upward(_directory_graph()) == []


def test_no_directory_module_imports_itself_round_a_loop():
    assert _cycles(_directory_graph()) == []


def test_the_directory_rules_would_catch_an_upward_import_and_a_loop():
    engine, services = (
        "connecting_people.directory.search.engine",
        "connecting_people.directory.team.services",
    )
    graph = {engine: {services}, services: {engine}}
    assert _upward(graph) == [f"{engine} imports {services}"]
    assert _cycles(graph) == [[engine, services, engine]]


def test_the_directory_graph_reads_package_imports_as_modules():
    sample = DIRECTORY / "search" / "engine.py"
    known = {_module_name(p) for p in DIRECTORY.rglob("*.py")}
    assert "connecting_people.directory.search.fulltext" in _resolved_imports(sample, known)


@pytest.mark.parametrize("face", sorted(FACES))
def test_a_face_imports_no_other_face(face):
    offences = []
    for path in sorted((PACKAGE / face).rglob("*.py")):
        for module in _imports(path):
            for other in FACES[face]:
                if module == f"connecting_people.{other}" or module.startswith(
                    f"connecting_people.{other}."
                ):
                    offences.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offences == []


@pytest.mark.parametrize("app", ["core", *DOMAIN])
def test_nothing_below_the_faces_imports_one(app):
    offences = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted((PACKAGE / app).rglob("*.py"))
        for module in _imports(path)
        for face in FACES
        if module == f"connecting_people.{face}" or module.startswith(f"connecting_people.{face}.")
    ]
    assert offences == []


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
