"""The layers between the apps (docs/ARCHITECTURE.md, "Layers"), held by import-linter in
`make lint`: the contracts pass on the code as it is, and fail when a forbidden import is added.
Function-local imports of the project's own modules each say why they are not on top."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from onboarding.models import ROUTE_VIEWS, route_view

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "portal",
    "guidance",
    "accounts",
    "search",
    "checklists",
    "eligibility",
    "onboarding",
    "figures",
    "directory",
    "reporting",
)


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` (as `make lint` runs it) on the project's code under `root`."""
    script = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True, no_logo=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    """The apps' Python modules and pyproject.toml, in a folder of their own."""
    root = tmp_path_factory.mktemp("code")
    shutil.copy(ROOT / "pyproject.toml", root)
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            root / app,
            ignore=lambda folder, names: [
                n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
            ],
        )
    return root


def test_the_contracts_pass():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        # The foundation importing an app above it.
        ("portal/selectors.py", "from checklists.models import County", "portal is not allowed"),
        # guidance below search.
        ("guidance/selectors.py", "import search.analysis", "guidance is not allowed"),
        # accounts (sign-in) knows nothing of the tillsyn tool built on it.
        ("accounts/services.py", "from checklists import staff", "accounts is not allowed"),
        # A function-local import is an import all the same.
        (
            "checklists/selectors.py",
            "def f():\n    from reporting import selectors",
            "checklists is not allowed",
        ),
        # Models never import views.
        ("onboarding/models.py", "from onboarding import views", "onboarding.models is not"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(copy_of_the_code, module, line, message):
    path = copy_of_the_code / module
    original = path.read_text()
    path.write_text(f"{original}\n{line}\n")
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        path.write_text(original)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
    assert message in result.stdout


def test_the_unchanged_copy_keeps_the_contracts(copy_of_the_code):
    """The copy itself is sound: the failures above come from the added line alone."""
    assert lint_imports(copy_of_the_code).returncode == 0


def _function_local_imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level == 0:
                    names = [inner.module or ""]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                else:
                    continue
                if any(name.split(".")[0] in APPS for name in names):
                    yield node, inner


def test_each_function_local_import_says_why():
    """Only where Django's app loading (or a module that imports the models) requires it, with
    a comment ("Imported here…") between the function's start and the import."""
    silent = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = path.read_text().splitlines()
            for function, statement in _function_local_imports(path):
                before = lines[function.lineno - 1 : statement.lineno - 1]
                if not any("# Imported here" in line for line in before):
                    silent.append(f"{path.relative_to(ROOT)}:{statement.lineno}")
    assert silent == []


def test_the_onboarding_routes_name_existing_views():
    """The page names its views by their place in onboarding.views, as a URLconf does."""
    for name in ROUTE_VIEWS:
        assert callable(route_view(name))
        assert route_view(name) is import_string(f"onboarding.views.{name}")


# Modules a newcomer can hold in their head (docs/CONTRIBUTING.md): a module that outgrows this
# becomes a package by responsibility, as guidance/models/ and portal/content_pack/ did.
MOST_LINES = 500


def test_no_module_of_the_apps_or_the_tests_is_over_500_lines():
    modules = [
        path
        for folder in (*APPS, "bench", "tools", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(modules) > 100  # the apps' code, not an empty walk
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert too_long == {}
