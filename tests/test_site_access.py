"""The website for every reader: no serious accessibility fault on any page (axe-core, as
bundled by axe-playwright-python), a text alternative for every figure, dark mode that keeps
explorers and figures readable, and search that works from disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.book_data import toc_files
from tests.conftest import fetched_bytes

pytestmark = pytest.mark.site

BLOCKING = {"serious", "critical"}

RUN_AXE = """
async () => (await axe.run(document)).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
}))
"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE_SCRIPT)
    return page.evaluate(RUN_AXE)


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations)


@pytest.mark.parametrize("doc", toc_files())
def test_no_serious_accessibility_violation(visit, doc):
    seen = visit(doc)
    blocking = [v for v in axe_violations(seen.page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize("doc", ["book/03-vanishing-gradients", "book/06-input-gate"])
def test_no_serious_accessibility_violation_in_dark_mode(visit_dark, doc):
    seen = visit_dark(doc)
    assert seen.page.evaluate("document.documentElement.dataset.theme") == "dark"
    blocking = [v for v in axe_violations(seen.page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize("doc", toc_files())
def test_every_figure_has_a_text_alternative(visit, doc):
    page = visit(doc).page
    for img in page.locator("article img").all():
        alt, src = img.get_attribute("alt") or "", img.get_attribute("src") or ""
        assert len(alt.split()) >= 3, f"{doc}: {src} has no description (alt={alt!r})"
        assert Path(src).name not in alt, f"{doc}: the alt text of {src} is its file name"
    for svg in page.locator("article svg[role=img]").all():
        assert len((svg.get_attribute("aria-label") or "").split()) >= 3
    for plot in page.locator(".gg-explorer-root svg").all():
        assert plot.get_attribute("role") == "img" or plot.get_attribute("aria-hidden") == "true"


@pytest.mark.parametrize("doc", toc_files())
def test_first_visit_weighs_under_3_mb(visit, book, doc):
    seen = visit(doc)
    total = fetched_bytes(seen.fetched, book.html.as_uri())
    assert 0 < total < 3_000_000, f"{doc}: a first visit fetches {total} bytes"


def test_search_works_offline(visit):
    seen = visit("search?q=forget+gate")
    results = seen.page.locator("#search-results li a")
    results.first.wait_for()
    pages = [a.get_attribute("href") for a in results.all()]
    assert any("book/05-forget-gate.html" in p for p in pages), pages
    seen.assert_clean()


def test_search_box_opens_and_submits(visit):
    seen = visit("book/intro")
    page = seen.page
    assert page.locator(".search-button-field:visible").count() == 1, "one search field"
    page.keyboard.press("Control+k")
    box = page.locator("#pst-search-dialog[open] input[name=q]")
    box.fill("cell state")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=cell+state*")
    page.locator("#search-results li a").first.wait_for()
    seen.assert_clean()


# -- dark mode -----------------------------------------------------------------------------

COLOURS = r"""
root => {
  const parse = c => {
    const rgb = c.match(/rgba?\(([^)]+)\)/), srgb = c.match(/color\(srgb ([^)]+)\)/);
    if (!rgb && !srgb) return null;
    const v = (rgb || srgb)[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return { rgb: v.slice(0, 3).map(x => (srgb ? 255 * x : x)), alpha: v.length > 3 ? v[3] : 1 };
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.alpha > 0.5) return c.rgb;
    }
    return [255, 255, 255];
  };
  const colour = (el, property) => parse(getComputedStyle(el)[property])?.rgb;
  return {
    background: background(root),
    text: colour(root, "color"),
    series: [...root.querySelectorAll(".gg-series")].map(p => colour(p, "stroke")).filter(Boolean),
    nodes: [...root.querySelectorAll(".gg-node")].map(n => colour(n, "fill")).filter(Boolean),
  };
}
"""


def luminance(rgb: list[float]) -> float:
    """WCAG relative luminance of an sRGB colour given in 0..255."""
    linear = [
        (c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: list[float], b: list[float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    "doc", ["book/03-vanishing-gradients", "book/05-forget-gate", "book/08-lstm-gradients"]
)
def test_explorers_are_dark_in_dark_mode(visit_dark, doc):
    seen = visit_dark(doc)
    for root in seen.page.locator(".gg-explorer-root").all():
        colours = root.evaluate(COLOURS)
        background = colours["background"]
        assert luminance(background) < 0.05, f"{doc}: the explorer sits on a light background"
        assert contrast(colours["text"], background) >= 7, colours
        for stroke in colours["series"]:  # curves: WCAG's 3:1 for graphics
            assert contrast(stroke, background) >= 3, (stroke, background)
        for fill in colours["nodes"]:  # operator circles show their symbol in the text colour
            assert contrast(colours["text"], fill) >= 4.5, (fill, colours["text"])
    seen.assert_clean()


def test_figures_stay_readable_in_dark_mode(visit_dark):
    seen = visit_dark("book/05-forget-gate")
    figures = seen.page.locator(".cell_output img").all()
    assert figures
    for img in figures:
        colours = img.evaluate(COLOURS)
        # Matplotlib draws dark ink on white: the theme keeps it on a light card.
        assert luminance(colours["background"]) > 0.5, colours["background"]
    seen.assert_clean()


ICONS = """
() => [...document.querySelectorAll(".article-header-buttons i[class*='fa-']")].map(i => {
  const before = getComputedStyle(i, "::before");
  return { icon: i.className, glyph: before.content, font: before.fontFamily,
           width: i.getBoundingClientRect().width, shown: i.checkVisibility() };
})
"""


def test_icons_come_from_the_theme_webfont(visit):
    """The theme's fontawesome.js is not served; its stylesheet must draw every icon."""
    seen = visit("book/05-forget-gate")
    page = seen.page
    html = page.content()
    assert "fontawesome.js" not in html
    icons = page.evaluate(ICONS)
    assert sum(icon["shown"] for icon in icons) >= 4, icons  # launch, download, full screen...
    for icon in icons:  # ...and those in the menus they open
        assert icon["glyph"] not in ("none", "normal", '""'), icon
        assert "Font Awesome" in icon["font"], icon
        assert icon["width"] > 8 or not icon["shown"], icon
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('900 1em \"Font Awesome 6 Free\"')")
    seen.assert_clean()
