"""The execution cache never outlives the package that filled it (`ggsite.freshness`): every
file of the package counts, and only a build that succeeds records the package it ran."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

import gatesgrad

PACKAGE = Path(gatesgrad.__file__).parent


def freshness():
    from ggsite import freshness

    return freshness


def test_every_data_file_of_the_package_counts():
    hashed = {p.relative_to(PACKAGE).as_posix() for p in freshness().package_files(PACKAGE)}
    weights = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.glob("data/charmodels/*.npz")}
    assert weights, "the package ships the character models' weights"
    assert weights <= hashed, f"not hashed: {sorted(weights - hashed)}"
    assert {"data/moby-dick.txt", "data/charmodels/training.json"} <= hashed
    assert not [name for name in hashed if "__pycache__" in name or name.endswith(".pyc")]


def package(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "__init__.py").write_text("X = 1\n")
    (folder / "data" / "weights.npz").write_bytes(b"\x00\x01")
    return folder


def test_touching_a_weight_file_changes_the_hash_and_a_cache_file_does_not(tmp_path):
    f = freshness()
    root = package(tmp_path / "pkg")
    before = f.package_hash(root)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"bytecode")
    (root / ".ipynb_checkpoints").mkdir()
    (root / ".ipynb_checkpoints" / "x.py").write_text("draft")
    assert f.package_hash(root) == before
    (root / "data" / "weights.npz").write_bytes(b"\x00\x02")
    assert f.package_hash(root) != before
    # a file's bytes cannot pass for the next file's name: lengths are hashed too
    (root / "data" / "weights.npz").write_bytes(b"\x00\x01")
    (root / "data" / "z").write_bytes(b"")
    assert f.package_hash(root) != before


def test_package_hash_names_a_missing_folder(tmp_path):
    with pytest.raises(NotADirectoryError, match=r"root: expected the package's folder"):
        freshness().package_hash(tmp_path / "nowhere")


def fake_app(build_dir: Path) -> SimpleNamespace:
    """What the extension's handlers read of Sphinx's application."""
    config = SimpleNamespace(nb_execution_cache_path="")
    return SimpleNamespace(outdir=str(build_dir / "html"), config=config)


def start(app: SimpleNamespace) -> None:
    from ggsite import hooks as ggsite  # here: the build's hooks import Sphinx

    ggsite._watch_warnings(app)
    ggsite._clear_stale_cache(app, app.config)


def stamp(build_dir: Path) -> Path:
    return build_dir / freshness().STAMP


def cached(build_dir: Path) -> Path:
    cache = build_dir / ".jupyter_cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "executed").write_text("outputs of some earlier code")
    return cache


def test_a_build_that_succeeds_records_the_package(tmp_path):
    from ggsite import hooks as ggsite  # here: the build's hooks import Sphinx

    app = fake_app(tmp_path)
    start(app)
    assert app.gatesgrad_source_changed  # no record yet: every chapter is read
    ggsite._record_package(app, None)
    assert stamp(tmp_path).read_text() == freshness().package_hash(PACKAGE)

    cache = cached(tmp_path)
    again = fake_app(tmp_path)
    start(again)
    assert not again.gatesgrad_source_changed and (cache / "executed").exists()
    ggsite._record_package(again, None)


@pytest.mark.parametrize("how", ["an exception", "a warning", "an interruption"])
def test_a_failed_build_leaves_no_stamp_and_the_next_one_starts_afresh(tmp_path, how):
    from ggsite import hooks as ggsite  # here: the build's hooks import Sphinx

    stamp(tmp_path).write_text("the package of an earlier build")
    cache = cached(tmp_path)
    app = fake_app(tmp_path)
    start(app)
    assert app.gatesgrad_source_changed and not cache.exists()
    assert not stamp(tmp_path).exists(), "the stale stamp is gone before anything runs"

    cached(tmp_path)  # the failing build executed some chapters with the new code
    if how == "an exception":
        ggsite._record_package(app, RuntimeError("a cell failed"))
    elif how == "a warning":
        logging.getLogger("sphinx.ggsite.test").warning("a broken reference")
        ggsite._record_package(app, None)
    assert not stamp(tmp_path).exists()

    following = fake_app(tmp_path)  # even with the package as it was: nothing is trusted
    start(following)
    assert following.gatesgrad_source_changed and not cache.exists()
    ggsite._record_package(following, None)
    if how == "an interruption":
        logging.getLogger("sphinx").removeHandler(app.gatesgrad_warnings)
