"""The code stays tidy: ruff's checks and format hold for the package, the Sphinx extension,
tests, benchmarks and tools, and for the chapters' code cells (through tools/ruff-chapters,
which reads each chapter with jupytext as one notebook)."""

import subprocess
import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["src", "_ext", "tests", "benchmarks", "tools"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def chapters():
    """tools/ruff-chapters as a module (it has no suffix), so jupytext is imported only once."""
    loader = SourceFileLoader("ruff_chapters", str(ROOT / "tools" / "ruff-chapters"))
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_ruff_check():
    done = ruff("check", *PATHS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format():
    done = ruff("format", "--check", *PATHS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_reads_the_tools_without_suffix():
    done = ruff("check", "--show-files", "tools")
    read = {Path(line).name for line in done.stdout.split()}
    assert {"train-char-models", "ruff-chapters"} <= read, done.stdout + done.stderr


def test_ruff_check_chapters(chapters, capsys):
    clean = [chapters.check(path, fix=False) for path in chapters.CHAPTERS]
    assert all(clean), capsys.readouterr().out


def test_ruff_format_chapters(chapters, capsys):
    clean = [chapters.format_(path, only_check=True) for path in chapters.CHAPTERS]
    assert all(clean), capsys.readouterr().out
