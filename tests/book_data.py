"""Reading the built book: its table of contents, executed notebooks and glued numbers."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ggsite.prerun import is_chapter

if TYPE_CHECKING:
    import nbformat
    from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
GLUE_MIME = "application/papermill.record/text/plain"
# The pages that carry explorers, and how many each has.
EXPLORERS = {
    "book/01-recurrent-networks": 1,
    "book/03-vanishing-gradients": 1,
    "book/05-forget-gate": 1,
    "book/06-input-gate": 2,
    "book/07-output-gate": 1,
    "book/08-lstm-gradients": 1,
    "book/10-adding-problem": 3,
    "book/11-gru": 2,
    "book/12-character-model": 5,
    "book/13-train-it-yourself": 1,
}
# The explorers among them that are trainers (their JavaScript computes; tests/test_trainer_*
# test them): page → their places among the page's explorers.
TRAINERS = {"book/13-train-it-yourself": (0,)}


def drawing_explorers() -> list[tuple[str, int]]:
    """(page, k) of every explorer that only draws what Python computed."""
    return [
        (doc, k)
        for doc, count in EXPLORERS.items()
        for k in range(count)
        if k not in TRAINERS.get(doc, ())
    ]


GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`(?:[\w./-]+::)?([A-Za-z0-9_.]+)(?::([^`]+))?`")


def toc_files() -> list[str]:
    """Every document in _toc.yml, root first, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def notebooks() -> list[str]:
    """The toc entries that are notebooks (they have a kernelspec)."""
    return [f for f in toc_files() if is_chapter(ROOT / f"{f}.md")]


@cache
def executed(doc: str) -> nbformat.NotebookNode:
    """The notebook as the build executed it (from the execution cache)."""
    import jupytext  # here, not at import: collecting the tests stays quick
    from jupyter_cache import get_cache

    nb = jupytext.read(ROOT / f"{doc}.md")
    _, merged = get_cache(BUILD / ".jupyter_cache").merge_match_into_notebook(nb)
    return merged


def glued(nb: nbformat.NotebookNode) -> dict[str, object]:
    """Every value a notebook glued, as Python objects."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                values[record["name"]] = ast.literal_eval(output["data"][GLUE_MIME])
    return values


def glue_references(doc: str) -> list[tuple[str, str | None]]:
    """Every {glue}`key` and {glue:text}`key:format` the chapter's prose uses (a key pasted
    from another chapter, `doc::key`, by its key)."""
    return GLUE_ROLE.findall((ROOT / f"{doc}.md").read_text())


@cache
def page_soup(page: Path) -> BeautifulSoup:
    """A built page, parsed once per test process (html.parser); its readers only read it."""
    from bs4 import BeautifulSoup  # here, not at import: collecting the tests stays quick

    return BeautifulSoup(page.read_text(), "html.parser")


def page_assets(page: Path) -> list[str]:
    """Every file a built page refers to: scripts, images, frames, sources, links."""
    soup = page_soup(page)
    urls = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe", "source"])]
    urls += [tag.get("href") for tag in soup.find_all("link")]
    return [u for u in urls if u]


def own_weight(page: Path) -> int:
    """Bytes of a built page and of the figures only it shows."""
    images = [
        (page.parent / u.split("?")[0]).resolve() for u in page_assets(page) if "_images/" in u
    ]
    return page.stat().st_size + sum(p.stat().st_size for p in images)
