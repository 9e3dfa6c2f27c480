"""The apps form layers and every import points down: the architecture in the README holds.

Each app's domain modules (models, actions, queries and their helpers) sit in the app's layer.
Its interface modules (views, urls, forms, step pages, admin, template tags, management
commands) sit in the interface layer on top, with the interface apps. Lazy imports inside
functions and imports under TYPE_CHECKING count like any other.
"""

from __future__ import annotations

import ast
import graphlib
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent

# Bottom to top. Within a layer an app may import only the apps listed before it.
LAYERS = [
    ("foundation", ["lib", "reference"]),
    ("reference data", ["holidays", "classes", "regions", "accounts"]),
    ("case core", ["events", "petitions", "workflow"]),
    (
        "features",
        [
            "insight",
            "hotspots",
            "stats",
            "casework",
            "receptions",
            "backlog",
            "aid",
            "leadership",
            "contacts",
            "briefs",
            "disputes",
            "periods",
            "projects",
            "meetings",
            "assessment",
            "documents",
        ],
    ),
    ("orchestration", ["intake"]),
    ("interfaces", ["front", "api", "open311", "portal", "demo", "ops", "console"]),
]
INTERFACE_APPS = dict(LAYERS)["interfaces"]
INTERFACE_FILES = {"views.py", "urls.py", "forms.py", "pages.py", "admin.py", "context.py"}
INTERFACE_DIRS = {"management", "templatetags"}


def _is_interface_file(name: str) -> bool:
    """views.py and the like, and a views module split by topic (handover_views.py)."""
    return name in INTERFACE_FILES or name.endswith("_views.py")


RANK = {app: i for i, app in enumerate(app for _, apps in LAYERS for app in apps)}


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() or p.name == "lib")


def _modules():
    """(app, is_interface, path) of every non-test, non-migration module in an app."""
    for app in _apps():
        for path in sorted((PACKAGE / app).rglob("*.py")):
            parts = path.relative_to(PACKAGE / app).parts
            if {"tests", "migrations"} & set(parts):
                continue
            interface = (
                app in INTERFACE_APPS or _is_interface_file(parts[-1]) or parts[0] in INTERFACE_DIRS
            )
            yield app, interface, path


def _imports(path: Path):
    """Each (app, module) of xinfang that the file imports, with the line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "xinfang" and len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
                yield parts[1], parts[2:], node.lineno


def _is_interface_target(app: str, rest: list[str]) -> bool:
    if app in INTERFACE_APPS or not rest:
        return app in INTERFACE_APPS
    return _is_interface_file(f"{rest[0]}.py") or rest[0] in INTERFACE_DIRS


def test_every_app_has_a_layer():
    assert sorted(RANK) == _apps()


def test_domain_modules_import_only_lower_layers():
    wrong = set()
    for app, interface, path in _modules():
        if interface:
            continue
        for target, rest, line in _imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports xinfang.{target}"
            if _is_interface_target(target, rest):
                wrong.add(f"{where} (an interface module)")
            elif target != app and RANK[target] > RANK[app]:
                wrong.add(f"{where} (a layer above {app})")
    assert not wrong, "imports pointing up:\n" + "\n".join(sorted(wrong))


def _node(app: str, rest: list[str], interface: bool) -> str:
    """An app's domain modules are one node; each interface module is its own (a view may
    import another app's form while that app's admin imports this one's mixin)."""
    if not interface:
        return app
    module = ".".join(rest).removesuffix(".py") or "__init__"
    return f"{app}.{module}"


def test_the_import_graph_has_no_cycle():
    graph: dict[str, set[str]] = defaultdict(set)
    for app, interface, path in _modules():
        node = _node(app, list(path.relative_to(PACKAGE / app).parts), interface)
        graph[node]
        for target, rest, _ in _imports(path):
            target_interface = _is_interface_target(target, rest)
            other = _node(target, [f"{rest[0]}.py"] if rest else [], target_interface)
            if other != node:
                graph[node].add(other)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle between apps: {' -> '.join(error.args[1])}")
