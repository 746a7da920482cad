"""Test data moves applications only through the workflow (communities.workflow's
``application_transition``), so that every test application has the history rows a real one has.
This reads every test module, conftest and testsupport module (ast) and fails on a status written
past the service: ``.update(status=…)``, ``obj.status = …`` followed by ``obj.save()``, and
``status=`` given to an application's model or factory. Factories may build drafts directly
(their default); other models' own status fields (post_office's Email) are theirs. A statement
marked ``# past the workflow: <why>`` is let through (a migration test's rows of an older
schema, where today's services cannot run)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Models whose own ``status`` is not an application's.
OTHER_MODELS = frozenset({"Email"})
PRAGMA = "# past the workflow:"
CREATORS = frozenset(
    {"create", "get_or_create", "update_or_create", "build", "create_batch", "build_batch"}
)


def _sources() -> list[Path]:
    paths = {
        *ROOT.glob("*/tests/**/*.py"),
        *ROOT.glob("**/conftest.py"),
        *ROOT.glob("testsupport/**/*.py"),
    }
    return sorted(p for p in paths if ".venv" not in p.parts and "node_modules" not in p.parts)


def _chain_names(node: ast.AST) -> list[str]:
    """The names along a call's receiver: ``Application.objects.filter(…).update`` → Application,
    objects, filter, update."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def _builds_an_application(names: list[str]) -> bool:
    """``Application(…)``, ``ApplicationFactory(…)``, ``Application.objects.create(…)``,
    ``ApplicationFactory.create_batch(…)`` and the like (not ``filter`` or ``get``)."""
    if not names:
        return False
    if names[-1] == "Application" or names[-1].endswith("ApplicationFactory"):
        return True
    return names[-1] in CREATORS and any(
        n == "Application" or n.endswith("ApplicationFactory") for n in names
    )


def _has_status_keyword(call: ast.Call) -> bool:
    return any(k.arg == "status" for k in call.keywords)


def shortcuts(source: str, filename: str = "<test>") -> list[str]:
    """Each status written past the workflow in ``source``, as ``file:line: what``."""
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        # The statement's own lines, and a comment line right above it.
        span = lines[max(node.lineno - 2, 0) : (node.end_lineno or node.lineno)]
        if not any(PRAGMA in line for line in span):
            found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _has_status_keyword(node):
            names = _chain_names(node)
            if names and names[0] in OTHER_MODELS:
                continue
            if names and names[-1] == "update":
                report(node, ".update(status=…)")
            elif _builds_an_application(names):
                report(node, f"status= given to {'.'.join(names)}")
        elif isinstance(node, ast.ClassDef) and node.name.endswith("ApplicationFactory"):
            for statement in node.body:
                targets = statement.targets if isinstance(statement, ast.Assign) else []
                if any(isinstance(t, ast.Name) and t.id == "status" for t in targets):
                    report(statement, f"{node.name} declares a status")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assigned: dict[str, ast.AST] = {}
            for inner in ast.walk(node):
                if isinstance(inner, ast.Assign):
                    for target in inner.targets:
                        if (
                            isinstance(target, ast.Attribute)
                            and target.attr == "status"
                            and isinstance(target.value, ast.Name)
                        ):
                            assigned.setdefault(target.value.id, inner)
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "save"
                    and isinstance(inner.func.value, ast.Name)
                    and inner.func.value.id in assigned
                    and inner.lineno > assigned[inner.func.value.id].lineno
                ):
                    name = inner.func.value.id
                    report(assigned.pop(name), f"{name}.status = … then {name}.save()")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "Application.objects.filter(pk=1).update(status='submitted')",
        "applications.update(status=workflow.SUBMITTED)",
        "def f(a):\n    a.status = workflow.SUBMITTED\n    a.save()",
        "ApplicationFactory(status=workflow.APPROVED)",
        "ApplicationFactory.create_batch(3, status='approved')",
        "Application.objects.create(program=p, status='submitted')",
        "Application.objects.bulk_create([Application(status='draft')])",
        "class DraftApplicationFactory:\n    status = 'approved'",
    ],
)
def test_the_check_finds_each_kind_of_shortcut(source):
    assert shortcuts(source)


@pytest.mark.parametrize(
    "source",
    [
        "Email.objects.filter(pk=1).update(status=STATUS.failed)",
        "Email.objects.create(to=['a@example.tw'], status=STATUS.sent)",
        "make_application(school=school, status=workflow.SCHOOL_ACCEPTED)",
        "Application.objects.filter(status=workflow.DRAFT).count()",
        "def f(a):\n    a.status = 'x'\n    assert a.status",
        "ApplicationFactory(name='社群')",
        "Application.objects.create(\n    status='x',  # past the workflow: an older schema\n)",
    ],
)
def test_the_check_leaves_the_rest_alone(source):
    assert shortcuts(source) == []


def test_no_test_or_test_builder_writes_an_application_status_past_the_workflow():
    found = [
        problem
        for path in _sources()
        for problem in shortcuts(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == [], "status written past communities.workflow:\n" + "\n".join(found)
