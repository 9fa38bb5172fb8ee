"""Execute the chapters whose outputs are not cached, two at a time, before Sphinx reads them.

myst-nb executes notebooks one after another as Sphinx reads them, and a chapter's kernel
keeps about one core busy, so on a two-core machine half of it idles for the whole build.
Here every stale chapter runs first, in two worker processes (`MAX_PARALLEL_CHAPTERS`; one on
a one-core machine), exactly as myst-nb would
run it (jupyter-cache's `single_nb_execution`, in the chapter's folder, errors not allowed),
and lands in the same execution cache; myst-nb then finds it there. A chapter that fails is
not cached, so myst-nb runs it again itself and reports the error as usual.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def is_chapter(path: Path) -> bool:
    """A MyST notebook: a Markdown file whose front matter names a kernel."""
    return "kernelspec" in path.read_text(encoding="utf-8")[:400]


def stale_chapters(paths: list[Path], cache_dir: Path) -> list[Path]:
    """The chapters whose code has no executed match in the cache."""
    import jupytext  # the build needs these, the tests that import is_chapter do not
    from jupyter_cache import get_cache

    cache = get_cache(cache_dir)
    stale = []
    for path in paths:
        try:
            cache.match_cache_notebook(jupytext.read(path))
        except KeyError:
            stale.append(path)
    return stale


# What every chapter's kernel runs with. One BLAS thread: two kernels share two cores, and
# numpy's OpenBLAS would start a thread per core in each, which then fight the other kernel
# (often TensorFlow training) for the cores; measured, chapter 12 took 127 s beside chapter
# 10 instead of about 40. The same setting in every run keeps the numbers the same.
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1"}


def use_kernel_env() -> None:
    """Kernels started from this process from now on run with `KERNEL_ENV` (unless the
    environment already sets those variables)."""
    for name, value in KERNEL_ENV.items():
        os.environ.setdefault(name, value)


def execute_chapter(path: Path, timeout: int) -> tuple[Path, object, float, str | None]:
    """Run one chapter as the build does: (path, executed notebook, seconds, error or None)."""
    import jupytext
    from jupyter_cache.executors.utils import single_nb_execution

    use_kernel_env()
    notebook = jupytext.read(path)
    result = single_nb_execution(
        notebook, cwd=str(path.parent), timeout=timeout, allow_errors=False, meta_override=True
    )
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


# At most two chapters run at once, however many cores the machine has: the training
# chapters of Part III each keep a core busy for minutes, every kernel holds its own
# TensorFlow and data in memory, and every build then runs the chapters as the timings
# (benchmarks/RESULTS.md) and the determinism check were measured, so the numbers stay the
# same. On a twelve-core laptop, one worker per core would start twelve kernels at once.
MAX_PARALLEL_CHAPTERS = 2


def execute_in_parallel(
    paths: list[Path], cache_dir: Path, *, timeout: int
) -> dict[Path, str | None]:
    """Execute `paths` in at most `MAX_PARALLEL_CHAPTERS` worker processes (no more than the
    machine has cores) and cache each success; {path: error or None}.

    Chapters start in the order given, so put the longest first.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    workers = max(1, min(len(paths), MAX_PARALLEL_CHAPTERS, os.cpu_count() or 1))
    cache = get_cache(cache_dir)
    outcome: dict[Path, str | None] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(execute_chapter, path, timeout) for path in paths]
        for job in jobs:
            path, notebook, seconds, error = job.result()
            outcome[path] = error
            if error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
    return outcome
