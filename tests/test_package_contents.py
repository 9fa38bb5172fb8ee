"""The package `gatesgrad` is the book's code, what the chapters import: the website's build
tooling lives beside the book, in the Sphinx extension `_ext/ggsite`."""

import ast
import fnmatch
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


# Every file of the package that is not a module: the views, the book's text and its
# provenance, the character models' checkpoints and training log (chapter 12).
PACKAGE_DATA = {
    "explorers/js/*.js": None,  # any view
    "explorers/js/trainer/*.js": None,  # the in-page trainer's Worker source
    "explorers/js/*.css": None,
    "data/*.txt": {"data/moby-dick.txt"},
    "data/*.md": {"data/README.md"},
    "data/charmodels/*.npz": {
        f"data/charmodels/{kind}-epoch{epoch:02d}.npz"
        for kind in ("rnn", "lstm", "gru")
        for epoch in (0, 1, 5, 20)
    }
    | {"data/charmodels/gru-matched-epoch20.npz"},  # the GRU as large as the LSTM
    "data/charmodels/*.json": {"data/charmodels/training.json"},
}


def matches(path: str, pattern: str) -> bool:
    """`path` matches the package-data glob `pattern` folder by folder (* stays in one)."""
    parts, globs = path.split("/"), pattern.split("/")
    return len(parts) == len(globs) and all(map(fnmatch.fnmatchcase, parts, globs))


def test_the_package_holds_only_modules_views_and_the_chapter_12_data():
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    data = sorted(p.relative_to(PACKAGE).as_posix() for p in files if p.suffix != ".py")
    unlisted = [f for f in data if not any(matches(f, pattern) for pattern in PACKAGE_DATA)]
    assert not unlisted, unlisted
    for pattern, expected in PACKAGE_DATA.items():
        found = {f for f in data if matches(f, pattern)}
        assert found, pattern
        if expected is not None:
            assert found == expected, (pattern, found ^ expected)


def test_pyproject_ships_every_kind_of_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = pyproject["tool"]["setuptools"]["package-data"]["gatesgrad"]
    assert sorted(package_data) == sorted(PACKAGE_DATA)


def test_the_glob_matching_is_folder_by_folder():
    assert matches("data/charmodels/rnn-epoch00.npz", "data/charmodels/*.npz")
    assert not matches("data/charmodels/notes.txt", "data/*.txt")  # * does not cross a folder
    assert not matches("data/moby-dick.txt.bak", "data/*.txt")
    assert not matches("explorers/js/view.js.map", "explorers/js/*.js")
