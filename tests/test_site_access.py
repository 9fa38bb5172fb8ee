"""The website for every reader: axe-core as bundled by axe-playwright-python (test_site.py
runs it on every page), dark mode that keeps explorers and figures readable (test_site.py
switches the pages of DARK_PAGES to it after their light-mode checks), search that
works from disk, icons from the theme's own webfont."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.site

BLOCKING = {"serious", "critical"}

# Only the violations are read, so axe details no other kind of result (its own advice for
# speed: a fifth less time on the longest pages). `rules` limits a run to some of its rules.
RUN_AXE = """
async (rules) => (await axe.run(document, {
  resultTypes: ["violations"],
  ...(rules ? { runOnly: { type: "rule", values: rules } } : {}),
})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
}))
"""
# The rules whose outcome depends on the colours: in dark mode the page is the same but for
# them, and test_site.py runs every rule on every page in light mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe's violations on the page: every rule, or only `rules`."""
    from axe_playwright_python.base import AXE_SCRIPT  # here: collecting stays quick

    page.add_script_tag(content=AXE_SCRIPT)
    return page.evaluate(RUN_AXE, rules)


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations)


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
    // a text view's character backgrounds at full strength (--gg-a = 1), and its text colour
    strongest: [".gg-tx-pos", ".gg-tx-neg"].map(s => root.querySelector(s)).filter(Boolean)
      .map(span => {
      const before = span.style.getPropertyValue("--gg-a");
      span.style.setProperty("--gg-a", "1");
      const fill = parse(getComputedStyle(span).backgroundColor);
      span.style.setProperty("--gg-a", before);
      return { ...fill, text: colour(span, "color") };
    }),
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


# Pages with explorers, and whether each shows matplotlib figures too: between them every
# view and every series colour (chapter 11's curves draw chapter 8's but its ∏ f, which is
# chapter 3's bound colour, and the GRU's two; chapter 6 has the gate view of chapters 5 and 7
# and the sequence view; chapter 12 has the text view, plain and coloured, and the SimpleRNN's
# series colour; chapter 13 the trainer).
DARK_PAGES = {
    "book/03-vanishing-gradients": True,
    "book/06-input-gate": True,
    "book/11-gru": True,
    "book/12-character-model": True,
    "book/13-train-it-yourself": False,
}


def check_dark_mode(page, subtests, doc: str) -> None:
    """The reader's system switches to dark colours (test_site.py, after the page's light-mode
    checks): the book follows it, explorers go dark and stay readable, figures stay on a light
    card, and axe finds no serious colour violation."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    # and the theme's colour transitions have ended (axe would read a colour half-way)
    page.wait_for_function(
        "() => !document.getAnimations()"
        ".some((a) => a instanceof CSSTransition && a.playState === 'running')"
    )
    with subtests.test("dark mode: explorers are dark and readable"):
        roots = page.locator(".gg-explorer-root").all()
        assert roots
        for root in roots:
            colours = root.evaluate(COLOURS)
            background = colours["background"]
            assert luminance(background) < 0.05, f"{doc}: the explorer sits on a light background"
            assert contrast(colours["text"], background) >= 7, colours
            for stroke in colours["series"]:  # curves: WCAG's 3:1 for graphics
                assert contrast(stroke, background) >= 3, (stroke, background)
            for fill in colours["nodes"]:  # operator circles show their symbol in the text colour
                assert contrast(colours["text"], fill) >= 4.5, (fill, colours["text"])
            for fill in colours["strongest"]:  # a character on its strongest colour: WCAG's 4.5:1
                seen_on = [
                    fill["alpha"] * c + (1 - fill["alpha"]) * b
                    for c, b in zip(fill["rgb"], background, strict=True)
                ]
                assert contrast(fill["text"], seen_on) >= 4.5, (fill, seen_on)
    with subtests.test("dark mode: figures stay on a light card"):
        figures = page.locator(".cell_output img, .cell_output .gg-figure svg").all()
        assert bool(figures) == DARK_PAGES[doc], f"{doc}: {len(figures)} figures"
        for img in figures:
            colours = img.evaluate(COLOURS)
            # Matplotlib draws dark ink on white: the figure keeps a light card.
            assert luminance(colours["background"]) > 0.5, colours["background"]
    with subtests.test("dark mode: no serious colour violation"):
        blocking = [v for v in axe_violations(page, COLOUR_RULES) if v["impact"] in BLOCKING]
        assert not blocking, describe(blocking)


ICONS = """
() => [...document.querySelectorAll(".article-header-buttons i[class*='fa-']")].map(i => {
  const before = getComputedStyle(i, "::before");
  return { icon: i.className, glyph: before.content, font: before.fontFamily,
           width: i.getBoundingClientRect().width, shown: i.checkVisibility() };
})
"""


def test_icons_come_from_the_theme_webfont(visit, book):
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
    # The site's fonts are cut down to the icons it draws (ggsite/icon_fonts.py): each icon's
    # character is one of those kept.
    kept = served_icon_characters(book.html)
    for icon in icons:
        assert icon["glyph"].strip('"') in kept, f"{icon} has no glyph in the served fonts"
    seen.assert_clean()


def served_icon_characters(site) -> set[str]:
    """The characters the site's Font Awesome woff2 files hold (brotli decodes them)."""
    from fontTools.ttLib import TTFont

    fonts = sorted((site / "_static").rglob("webfonts/*.woff2"))
    assert fonts, "the site ships no icon font"
    return {chr(c) for font in fonts for c in TTFont(font).getBestCmap()}
