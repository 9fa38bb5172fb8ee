"""The parallel pre-run caches what myst-nb would compute, and nothing that failed."""

from pathlib import Path

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
