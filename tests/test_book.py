"""The book is the test: it builds with -W, every chapter runs, and every number the
prose states is what the chapter computed and says what the prose claims."""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from tests.book_data import (
    EXPLORERS,
    ROOT,
    executed,
    glue_references,
    glued,
    notebooks,
    own_weight,
    page_assets,
    page_soup,
    toc_files,
)
from tests.check_state import asked_precision, check_bytes, check_states_in, notebook_checks
from tests.claims import ALL_CLAIMS, all_glued, collect
from tests.claims.spec import equals
from tests.explorer_state import states_in

if TYPE_CHECKING:
    import nbformat

pytestmark = pytest.mark.book


# -- the build -------------------------------------------------------------------------


def test_every_toc_entry_has_a_page(book):
    for doc in toc_files():
        assert (book.html / f"{doc}.html").is_file(), doc


def test_every_chapter_ran_every_cell(book):
    for doc in notebooks():
        nb = executed(doc)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, doc
        assert all(c.execution_count is not None for c in code), doc
        assert not [o for c in code for o in c.outputs if o.output_type == "error"], doc


# -- the numbers in the prose ------------------------------------------------------------


def test_every_glued_number_has_a_claim(book):
    assert set(all_glued()) == set(ALL_CLAIMS)


def wrong_values(value: object) -> list[object]:
    """Values the glued `value` is not, near and far on both sides: a claim that holds for all of
    them does not check the number the reader sees (one-sided bounds hold for the near ones)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, value + 1000, value - 1000]
    if isinstance(value, float):
        far = 1e6 * (abs(value) + 1)
        return [value * 1.5, value / 1.5, value + 1, value - 1, value + far, value - far]
    if isinstance(value, str):
        return [value + "x", value[:-1]]
    raise TypeError(f"value: expected a bool, int, float or str, got {value!r}")


@pytest.mark.parametrize("key", sorted(ALL_CLAIMS))
def test_claim(book, key):
    """The glued value is what the prose claims, and the claim rejects a wrong value (here, in
    the process that computed the claim's expectations, so they are computed once)."""
    spec, value = ALL_CLAIMS[key], all_glued()[key]
    spec.check(key, value)
    wrong = wrong_values(value)
    assert not all(spec.holds(w) for w in wrong), (
        f"{key}: the claim ({spec.describe()}) holds for {value!r} and for every wrong value"
        f" {wrong}: it does not check the number the reader sees"
    )


def test_a_claim_must_be_a_spec_and_claimed_once():
    bare = SimpleNamespace(__name__="tests.claims.chXX", CLAIMS={"chXX_n": lambda v: v > 0})
    with pytest.raises(TypeError, match=r"chXX\.CLAIMS\['chXX_n'\]: expected a Spec"):
        collect([bare])
    twice = SimpleNamespace(__name__="tests.claims.chXX", CLAIMS={"chXX_n": equals(1)})
    with pytest.raises(ValueError, match=r"CLAIMS\['chXX_n'\]: the key is claimed by an earlier"):
        collect([twice, twice])


def test_prose_shows_the_computed_numbers(book):
    """Each {glue:text}`key:format` reads, on the page, as the value in that format."""
    values = all_glued()
    for doc in notebooks():
        text = page_soup(book.html / f"{doc}.html").get_text()
        text = re.sub(r"\s+", " ", text)
        for key, fmt in glue_references(doc):
            shown = format(values[key], fmt) if fmt else str(values[key])
            assert shown in text, f"{doc}: {key} should read {shown!r}"


def explorer_states(nb: nbformat.NotebookNode) -> list[dict]:
    """Every explorer state a notebook's outputs embed (the arrays as float32 bytes)."""
    html = [
        output["data"]["text/html"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    return [state for h in html for state in states_in(h)]


@pytest.mark.determinism
def test_a_second_run_gives_the_same_numbers_and_explorers(book):
    """Every chapter executed afresh, as the build executes it (two at a time), glues exactly
    the numbers the build glued and embeds exactly the same explorers, array for array."""
    from ggsite.prerun import MAX_PARALLEL_CHAPTERS, execute_chapter

    paths = [ROOT / f"{doc}.md" for doc in notebooks()]
    spawn = multiprocessing.get_context("spawn")  # not fork: a test process runs threads
    with ProcessPoolExecutor(max_workers=MAX_PARALLEL_CHAPTERS, mp_context=spawn) as pool:
        runs = list(pool.map(execute_chapter, paths, [600] * len(paths)))
    for doc, (_, again, _, error) in zip(notebooks(), runs, strict=True):
        assert error is None, f"{doc}: {error}"
        built = executed(doc)
        assert glued(again) == glued(built), f"{doc}: a glued number differs"
        assert explorer_states(again) == explorer_states(built), f"{doc}: an explorer differs"
        assert notebook_checks(again) == notebook_checks(built), f"{doc}: a check differs"
    assert sum(len(explorer_states(executed(doc))) for doc in notebooks()) == sum(
        EXPLORERS.values()
    )


# -- what the pages load -------------------------------------------------------------------


def test_pages_load_nothing_from_outside(book):
    for page in book.html.rglob("*.html"):
        outside = [u for u in page_assets(page) if re.match(r"(https?:)?//", u)]
        assert not outside, f"{page.relative_to(book.html)} loads {outside}"


@pytest.mark.parametrize("doc, count", EXPLORERS.items())
def test_explorer_state_is_embedded_once(book, doc, count):
    page = (book.html / f"{doc}.html").read_text()
    assert page.count('class="gg-explorer-state"') == count
    assert "application/vnd.jupyter.widget-state+json" not in page
    assert "THEBE_JS_URL" not in page


MIN_CHECKS = 2  # checked exercises in every numbered chapter
CHECKS_BYTES = 20_000  # what a page's checks may add to its own weight (the budget)


@pytest.mark.parametrize("doc", notebooks())
def test_every_chapter_has_checked_exercises_embedded_once(book, doc):
    """At least MIN_CHECKS checks in every chapter, each on the page once (as its notebook
    made it) and together under CHECKS_BYTES, each key once in the book (the claims read
    answers by key), each told the precision its exercise asks for (so that check() made
    sure the answer written so holds)."""
    made = notebook_checks(executed(doc))
    page = (book.html / f"{doc}.html").read_text()
    assert len(made) >= MIN_CHECKS, f"{doc}: {len(made)} checked exercises"
    assert [s["data"] for s in check_states_in(page)] == made
    asked = asked_precision((ROOT / f"{doc}.md").read_text())
    for data in made:
        told = {k: data[k] for k in ("sig", "decimals") if k in data}
        assert told == asked[data["key"]], (
            f"{doc}: {data['key']}: its exercise asks {asked[data['key']]}, check() was told {told}"
        )
    count, size = check_bytes(page)
    assert count == len(made) and size < CHECKS_BYTES, f"{doc}: {count} checks, {size} bytes"
    keys = [data["key"] for d in notebooks() for data in notebook_checks(executed(d))]
    assert len(keys) == len(set(keys)), f"a check key used twice: {sorted(keys)}"


def test_each_page_weighs_under_1_mb(book):
    for doc in toc_files():
        weight = own_weight(book.html / f"{doc}.html")
        assert weight < 1_000_000, f"{doc}: {weight} bytes"


def test_no_control_character_in_the_chapters():
    """A tab or other control character inside maths renders wrongly ($\\tanh$ → "anh")."""
    for doc in toc_files():
        for number, line in enumerate((ROOT / f"{doc}.md").read_text().splitlines(), 1):
            bad = [hex(ord(ch)) for ch in line if ord(ch) < 32]
            assert not bad, f"{doc}.md:{number} has control characters {bad}: {line!r}"
