"""Module boundaries: no module of gatesgrad uses another module's private (_underscored)
names. A private module (`_checks`, `explorers/_grid`) may be imported, its public names
used; what a module keeps to itself stays there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import gatesgrad

PACKAGE = Path(gatesgrad.__file__).parent


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """The dotted name of a module file of the package under `root`."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, module: str, modules: set[str]) -> list[str]:
    """Every use in `source` (the module `module`) of a private name of another module of
    `modules`: `from .x import _y`, `from gatesgrad.x import _y`, and `x._y` for a module x
    bound by an import (`import gatesgrad.x`, `from . import x`, `import gatesgrad.x as x`)."""
    package = module.split(".")[0]
    is_package = module in {m for m in modules if any(n.startswith(m + ".") for n in modules)}
    here = module if is_package else module.rpartition(".")[0]  # what `.` means
    bound: dict[str, str] = {}  # a local name → the module it names
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = here.rsplit(".", node.level - 1)[0] if node.level else ""
            source_module = ".".join(p for p in (base, node.module or "") if p)
            if source_module.split(".")[0] != package:
                continue
            for alias in node.names:
                target = f"{source_module}.{alias.name}"
                if target in modules:  # a module imported by name: fine, even a private one
                    bound[alias.asname or alias.name] = target
                elif is_private(alias.name) and source_module != module:
                    found.append(f"line {node.lineno}: from {source_module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package:
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        bound[package] = package
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            owner = _module_of(node.value, bound, modules)
            if owner is not None and owner != module:
                found.append(f"line {node.lineno}: {owner}.{node.attr}")
    return found


def _module_of(node: ast.expr, bound: dict[str, str], modules: set[str]) -> str | None:
    """The module an expression names (`x`, `gatesgrad.x`), or None."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _module_of(node.value, bound, modules)
        if owner is not None and f"{owner}.{node.attr}" in modules:
            return f"{owner}.{node.attr}"
    return None


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_uses_another_modules_private_names(module):
    source = MODULES[module].read_text(encoding="utf-8")
    assert private_uses(source, module, set(MODULES)) == []


def test_every_module_is_checked():
    assert {"gatesgrad", "gatesgrad.explorers._grid", "gatesgrad._checks"} <= set(MODULES)
    assert "gatesgrad.explorers.gru_flow" in MODULES


FAKE = {"gatesgrad", "gatesgrad._checks", "gatesgrad.gradients", "gatesgrad.explorers"}
FAKE |= {f"gatesgrad.explorers.{m}" for m in ("_grid", "base", "decay", "gradient_flow")}


@pytest.mark.parametrize(
    "module, source, expected",
    [
        (
            "gatesgrad.explorers.decay",
            "from .gradient_flow import LENGTHS, _curves",
            ["line 1: from gatesgrad.explorers.gradient_flow import _curves"],
        ),
        (
            "gatesgrad.explorers.decay",
            "from ..gradients import _block",
            ["line 1: from gatesgrad.gradients import _block"],
        ),
        (
            "gatesgrad.explorers.decay",
            "from gatesgrad.explorers.base import _read",
            ["line 1: from gatesgrad.explorers.base import _read"],
        ),
        (
            "gatesgrad.explorers",  # the package: `.` is itself
            "from .base import _read",
            ["line 1: from gatesgrad.explorers.base import _read"],
        ),
        (
            "gatesgrad.explorers.decay",
            "from . import gradient_flow as flow\nflow._inputs(3, 0)",
            ["line 2: gatesgrad.explorers.gradient_flow._inputs"],
        ),
        (
            "gatesgrad.explorers.decay",
            "import gatesgrad.gradients\ngatesgrad.gradients._block(None, 'r', 2)",
            ["line 2: gatesgrad.gradients._block"],
        ),
        (
            "gatesgrad.explorers.decay",
            "from .. import gradients\nfrom . import _grid\ngradients._square\n_grid._x",
            ["line 3: gatesgrad.gradients._square", "line 4: gatesgrad.explorers._grid._x"],
        ),
        # fine: public names of a private module, a module's own private names, other packages
        ("gatesgrad.explorers.decay", "from ._grid import finite_run, inputs", []),
        ("gatesgrad.explorers.decay", "from .. import _checks\n_checks.as_int(1, 'n')", []),
        ("gatesgrad.explorers.decay", "def _own(): pass\n_own()\nx.__class__", []),
        ("gatesgrad.explorers.decay", "import numpy as np\nnp._NoValue", []),
        ("gatesgrad.explorers.decay", "from numpy import _globals", []),
        ("gatesgrad.explorers.decay", "from .decay import _own", []),
    ],
)
def test_the_check_sees_every_kind_of_private_use(module, source, expected):
    assert private_uses(source, module, FAKE) == expected
