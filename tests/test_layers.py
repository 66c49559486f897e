"""The dependency rule (DESIGN.md §4, drawn in docs/architecture.md): imports run one way, from
the faces down to the kernel, with no exemptions.

`LAYERS` lists the apps from the bottom up. An app may import the apps of any layer below its
own; within its layer only what `SIDEWAYS` allows; and never what `NEVER` names, even from below
(DESIGN.md's own sentences: the directory holds no one's record, people know nothing of plans,
outcomes nothing of the directory). Every app must be in a layer, so a new one cannot slip past.

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

LAYERS = [
    ["core"],  # the kernel: layout, who works where, the access layer, audit, edit flow, charts
    ["accounts", "taxonomy"],  # sign-in and staff screens; the shared interest categories
    ["people"],  # the record
    ["plans", "network", "directory"],  # the plan and the map | the community
    ["suggestions", "outcomes"],  # engines that read the record, the map and the directory
    ["research"],  # pseudonymised exports of everything below it
    ["practice", "portal", "api"],  # faces: staff screens, the person's own space, the APIs
]
# Within a layer, one way only: a connection on the map may say which logged contact it began
# at, so network reads plans, and only through plans' selectors. The JSON API (issue 19) lists
# people with the caseload page's own filters (due for review, status), so it reads that one
# selector of practice, never a view.
SIDEWAYS = {"network": {"plans.selectors"}, "api": {"practice.caseload"}}
NEVER = {
    "directory": {"people", "plans", "network"},
    "people": {"plans"},
    "outcomes": {"directory"},
}
# Modules of the project itself, not apps: settings, URLs, the WSGI entry point, the `cpi` command,
# date formats. Apps may import them (core's `cpi serve` starts the WSGI application).
PROJECT = {"settings", "urls", "wsgi", "cli", "formats"}

LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}
DOMAIN = [app for apps in LAYERS[1:] for app in apps]


def _apps_in_the_package() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - PROJECT


def _allowed(app: str, module: str) -> bool:
    """May `app` import the dotted `module` (a module of this package)?"""
    rest = module.removeprefix("connecting_people.").split(".")
    other = rest[0]
    if other == app or other in PROJECT:
        return True
    if other in NEVER.get(app, ()):
        return False
    if LAYER_OF[other] < LAYER_OF[app]:
        return True
    return any(
        ".".join(rest[: len(allowed.split("."))]) == allowed for allowed in SIDEWAYS.get(app, ())
    )


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _offences(app: str) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted((PACKAGE / app).rglob("*.py"))
        for module in sorted(_imports(path))
        if module.startswith("connecting_people.") and not _allowed(app, module)
    ]


def test_every_app_has_a_layer():
    assert _apps_in_the_package() == set(LAYER_OF)


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_app_imports_only_what_its_layer_allows(app):
    assert _offences(app) == []


@pytest.mark.parametrize(
    ("app", "module", "allowed"),
    [
        ("plans", "connecting_people.people.models", True),
        ("people", "connecting_people.plans.models", False),  # upward
        ("core", "connecting_people.accounts.models", False),  # the kernel imports no app
        ("directory", "connecting_people.people.models", False),  # below, but never
        ("network", "connecting_people.plans.selectors", True),  # sideways, allowed
        ("network", "connecting_people.plans.models", False),  # sideways, not allowed
        ("plans", "connecting_people.network.selectors", False),  # the other way
        ("practice", "connecting_people.api.hsds.views", False),  # one face, another
        ("research", "connecting_people.practice.views", False),  # a face from below
        ("api", "connecting_people.directory.hsds.serialise", True),
        ("core", "connecting_people.wsgi", True),
    ],
)
def test_the_rules_say_what_they_mean(app, module, allowed):
    assert _allowed(app, module) is allowed


def test_the_rule_would_catch_an_offence(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from connecting_people.people.models import Person\n")
    assert "connecting_people.people.models" in _imports(sample)


# --- Inside the directory: its parts, one way (issue 21) ------------------------------------
# The directory is one app in parts. Each part may import its own modules and the parts listed
# before it, never a later one; and no directory module imports itself round a loop.
DIRECTORY = PACKAGE / "directory"
DIRECTORY_LAYERS = [
    ["__init__", "models", "fit"],  # the HSDS objects, the team layer's tables, their words
    ["fit_parse", "fit_records"],  # what fits whom read from words and recorded (issue 17)
    ["search"],  # facts, full text, reasons, the search itself
    ["sessions"],  # schedules expanded, calendars read in
    ["hsds"],  # HSDS in and out (the import refreshes search and reads schedules)
    # What staff change: services, the team layer, connectors, the sources kept in step.
    ["team", "sources", "source_forms"],
    ["selectors", "change_selectors", "templatetags"],  # what the pages show
    ["views", "management", "admin", "apps", "migrations"],
    ["urls"],
]


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
