"""Every page on a phone (conftest.PHONE: 400 x 860 CSS px, device scale 2, touch), as a
reader holds it. On each page:

- the text of every explorer and every figure is at least 12 CSS px (an SVG's text: its font
  size times the SVG's scale on screen); a figure label's sub- or superscript, which TeX and
  matplotlib set at 0.7 of its label, at least 0.69 x 12 px beside a label of 12 px or more;
  and no figure is a picture scaled below 0.7, where the text baked into it would fall under
  12 px;
- nothing sticks out of the screen unless a scroll container holds it;
- every control is a target of at least 24 x 24 CSS px (a radio button or a check box inside
  its label: the label, which takes the tap; a slider: its own track);
- no display equation is clipped without a scroll cue (its scrolling box, or one around it,
  scrolls sideways and shows that it does: the class gg-scroll-cue, or shadows drawn as a
  background gradient);
- no explorer is taller than an 800 px screen, and each explorer's drawing is laid out for its
  width (one unit of its viewBox is one CSS px; tests/test_site.py checks 320 px and a
  re-layout on resize);
- every display equation fits or scrolls with a cue and a tab stop, no table sticks out of
  its marked container, no number in a table breaks across lines, and the chapter's first
  code cell (its imports) is not cut off (tests/test_site.py: FIT);
- every figure shows its narrow drawing, its labels at 12 px or more (check_figures).

Solutions are unfolded first, so the figures and equations in them are measured too. One
load of each page serves every check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_data import toc_files
from tests.test_site import FIT, check_figures

pytestmark = pytest.mark.site

MIN_TEXT_PX = 12
MIN_TARGET_PX = 24
MAX_EXPLORER_PX = 800
MIN_PICTURE_SCALE = 0.7
SCRIPT_SCALE = 0.69  # a sub- or superscript against its label

PROBE = (Path(__file__).with_name("phone_probe.js")).read_text()

PROBLEMS = {
    "text": f"explorer or figure text under {MIN_TEXT_PX} px",
    "wide": "wider than the screen, outside a scroll container",
    "targets": f"touch targets under {MIN_TARGET_PX} px",
    "equations": "display equations clipped with no scroll cue",
    "tall": f"explorers taller than {MAX_EXPLORER_PX} px",
    "scaled": "explorer drawings scaled rather than laid out for their width",
}


@pytest.mark.parametrize("doc", toc_files())
def test_page_on_a_phone(visit_phone, doc, subtests):
    seen = visit_phone(doc)
    page = seen.page
    for toggle in page.locator("button.toggle-button").all():  # solutions, hidden cells
        toggle.click()
    page.wait_for_timeout(100)  # the tab stops of what now scrolls follow the layout
    found = page.evaluate(
        PROBE, [MIN_TEXT_PX, MIN_TARGET_PX, MAX_EXPLORER_PX, MIN_PICTURE_SCALE, SCRIPT_SCALE]
    )
    for kind, what in PROBLEMS.items():
        with subtests.test(kind):
            assert not found[kind], f"{what}: {found[kind][:8]} ({len(found[kind])} in all)"
    with subtests.test("equations, tables and the first code cell fit"):
        fit = page.evaluate(FIT)
        assert not any(fit.values()), fit
    with subtests.test("figures: the narrow drawing, readable"):
        check_figures(page, doc, "gg-figure-narrow")
    seen.assert_clean()
