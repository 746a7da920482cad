"""The layers of ARCHITECTURE.md, read from the imports of each app's modules (tests aside): an
app imports only from its own layer or below."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}

# ARCHITECTURE.md's layers, lowest first; core and config sit below them all.
LAYERS = [
    {"core", "config"},
    {"people", "programs"},
    {"documents", "notifications", "signin"},
    {"communities"},
    {"reviews", "outcomes"},
    {"summaries", "center"},
    {"printing", "api"},
    {"portal", "demo"},
]
LAYER = {app: number for number, apps in enumerate(LAYERS) for app in apps}
# Not apps of the platform: what only the tests use.
SUPPORT = {"testsupport", "bench"}


def test_every_app_has_a_layer():
    assert PROJECT_APPS - SUPPORT - set(LAYER) == set()


def imported_apps(app: str) -> list[tuple[str, str]]:
    """(module path:line, project app) for every absolute import of a project app in ``app``."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in PROJECT_APPS and top != app:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", top))
    return found


@pytest.mark.parametrize("app", sorted(PROJECT_APPS - SUPPORT))
def test_an_app_imports_nothing_from_a_layer_above(app):
    upward = [
        (where, top)
        for where, top in imported_apps(app)
        if top in LAYER and LAYER[top] > LAYER[app]
    ]
    assert upward == []


def test_nothing_imports_the_test_support():
    assert [
        (where, top)
        for app in PROJECT_APPS - SUPPORT
        for where, top in imported_apps(app)
        if top in SUPPORT
    ] == []


def test_documents_imports_only_core_people_and_programs():
    assert {top for _, top in imported_apps("documents")} <= {"core", "people", "programs"}
