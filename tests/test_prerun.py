"""The parallel pre-run caches what myst-nb would compute, and nothing that failed."""

from concurrent.futures import Future
from pathlib import Path

import pytest

from ggsite import prerun
from ggsite.prerun import execute_in_parallel, is_chapter, stale_chapters

HEADER = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

"""


def chapter(folder: Path, name: str, code: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(HEADER + f"# {name}\n\n```{{code-cell}} ipython3\n{code}\n```\n")
    return path


def test_successes_are_cached_and_failures_are_left_to_myst_nb(tmp_path):
    import jupytext  # here: every test process collects this module
    from jupyter_cache import get_cache

    good = chapter(tmp_path, "good", "from pathlib import Path\nprint(Path.cwd().name, 6 * 7)")
    bad = chapter(tmp_path, "bad", "1 / 0")
    prose = tmp_path / "notes.md"
    prose.write_text("# Not a notebook\n")
    cache = tmp_path / "cache"
    assert [p for p in (good, bad, prose) if is_chapter(p)] == [good, bad]
    assert stale_chapters([good, bad], cache) == [good, bad]

    outcome = execute_in_parallel([good, bad], cache, timeout=60)

    assert outcome[good] is None
    assert outcome[bad].startswith("CellExecutionError")
    assert stale_chapters([good, bad], cache) == [bad]

    _, executed = get_cache(cache).merge_match_into_notebook(jupytext.read(good))
    output = executed.cells[-1].outputs[0]["text"]
    assert output == f"{tmp_path.name} 42\n"  # run in the chapter's own folder


class RecordingPool:
    """Stands in for `ProcessPoolExecutor`: records its size, runs nothing."""

    sizes: list[int] = []

    def __init__(self, max_workers: int):
        self.sizes.append(max_workers)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, path, timeout):
        job = Future()
        job.set_result((path, None, 0.0, "not run"))
        return job


@pytest.mark.parametrize(
    ("chapters", "cores", "expected"), [(12, 12, 2), (12, None, 1), (1, 12, 1), (3, 1, 1)]
)
def test_at_most_two_chapters_run_at_once(tmp_path, monkeypatch, chapters, cores, expected):
    """Two kernels, however many cores (the training chapters each keep one busy), fewer
    only when there are fewer chapters or cores."""
    monkeypatch.setattr(prerun, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(prerun.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(RecordingPool, "sizes", [])
    paths = [tmp_path / f"{n:02d}.md" for n in range(chapters)]

    outcome = prerun.execute_in_parallel(paths, tmp_path / "cache", timeout=60)

    assert RecordingPool.sizes == [expected]
    assert prerun.MAX_PARALLEL_CHAPTERS == 2
    assert outcome == dict.fromkeys(paths, "not run")
