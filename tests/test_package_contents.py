"""The package `gatesgrad` is the book's code, what the chapters import: the website's build
tooling lives beside the book, in the Sphinx extension `_ext/ggsite`."""

import ast
import tomllib
from pathlib import Path

import gatesgrad
from tests.book_data import ROOT

PACKAGE = Path(gatesgrad.__file__).parent
BUILD_TOOLING = {
    "docutils",
    "ggsite",
    "jupyter_book",
    "jupyter_cache",
    "jupytext",
    "myst_nb",
    "myst_parser",
    "nbformat",
    "sphinx",
}


def imported(path: Path) -> set[str]:
    """The top-level modules a Python file imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_the_package_imports_build_tooling():
    offending = {
        path.relative_to(PACKAGE).as_posix(): sorted(imported(path) & BUILD_TOOLING)
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert offending and not any(offending.values()), {k: v for k, v in offending.items() if v}


def test_the_package_holds_only_modules_and_the_explorers_views():
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    data = sorted(p.relative_to(PACKAGE).as_posix() for p in files if p.suffix != ".py")
    assert data and all(f.startswith("explorers/js/") for f in data), data
    assert {Path(f).suffix for f in data} == {".js", ".css"}

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = pyproject["tool"]["setuptools"]["package-data"]["gatesgrad"]
    assert package_data == ["explorers/js/*.js", "explorers/js/*.css"]
