"""The execution cache never outlives the code that filled it.

Every executed chapter depends on the package `gatesgrad`: its code, the explorers' views
and stylesheet (each explorer's saved widget state carries them) and its data (chapter 12
reads the trained weights in `data/charmodels/`). A build records a digest of all of it in
a stamp, and only when it succeeds. A build that starts with a stamp that is missing or
differs removes the stamp first, then clears the cache and reads every chapter again, so a
build that fails or is interrupted leaves no stamp behind and the next one starts afresh.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

STAMP = ".gatesgrad-source-hash"  # in the build folder, beside html/ and .jupyter_cache/


def is_cache(path: Path, root: Path) -> bool:
    """Python's bytecode and hidden files (editor and tool caches): nothing a chapter reads."""
    parts = path.relative_to(root).parts
    return path.suffix == ".pyc" or any(p == "__pycache__" or p.startswith(".") for p in parts)


def package_files(root: Path) -> list[Path]:
    """Every file below `root` but caches, in a fixed order."""
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"root: expected the package's folder, got {str(root)!r}")
    return sorted(p for p in root.rglob("*") if p.is_file() and not is_cache(p, root))


def package_hash(root: Path) -> str:
    """A digest of `package_files(root)`: their names and contents."""
    digest = hashlib.sha256()
    for path in package_files(root):
        name = path.relative_to(root).as_posix().encode()
        digest.update(len(name).to_bytes(8, "big") + name)
        content = path.read_bytes()
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def begin_build(build_dir: Path, cache_dir: Path, current: str) -> bool:
    """Whether the package differs from the last successful build's (or none is recorded);
    if so, the stamp and the execution cache are removed before anything runs."""
    stamp = Path(build_dir) / STAMP
    if stamp.is_file() and stamp.read_text() == current:
        return False
    stamp.unlink(missing_ok=True)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return True


def finish_build(build_dir: Path, current: str, *, succeeded: bool) -> None:
    """Record `current` as the package the cache was computed with, if the build succeeded."""
    if succeeded:
        Path(build_dir).mkdir(parents=True, exist_ok=True)
        (Path(build_dir) / STAMP).write_text(current)
