"""What the site leaves out of a page's weight: the icons it never draws
(_ext/ggsite/icon_fonts.py), and stylesheets and scripts a page does not use
(_ext/ggsite/hooks.py)."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from ggsite.hooks import THEME_FONTS, _unused_assets
from ggsite.icon_fonts import (
    codepoints,
    icon_rules,
    subset_font,
    trim_icon_rules,
    used_codepoints,
)

CSS = (
    '.fa-rocket:before{content:"\\f135"}'
    '.fa-github:before,.fa-brands-github::before{content:"\\f09b"}'
    '.admonition>.admonition-title:after{content:"\\f05a";color:red}'
    ':root{--pst-icon-bell:"\uf0f3"}'
    '.fa-unused:before{content:"\\f7ff"}'
)


def test_icon_rules_split_classes_from_what_rules_draw_themselves():
    classes, drawn = icon_rules(CSS)
    assert classes == {
        "fa-rocket": {0xF135},
        "fa-github": {0xF09B},
        "fa-brands-github": {0xF09B},
        "fa-unused": {0xF7FF},
    }
    assert drawn == {0xF05A, 0xF0F3}
    assert codepoints('content:"\\f135" "\ue005" "a"') == {0xF135, 0xE005}


def test_used_codepoints_are_the_classes_pages_name_and_what_css_draws(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.css").write_text(CSS)
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-rocket"></i>')
    (tmp_path / "_static" / "fontawesome.js").write_text('"fa-github"')  # never loaded
    assert used_codepoints(tmp_path) == {0xF135, 0xF05A, 0xF0F3}


@pytest.mark.parametrize("font", ["fa-solid-900.woff2", "fa-brands-400.woff2"])
def test_a_subset_keeps_exactly_the_asked_glyphs_the_same_bytes_each_time(tmp_path, font):
    source = THEME_FONTS / font
    have = set(TTFont(source).getBestCmap())
    asked = set(sorted(have)[:3]) | {0x10FFFF - 3}  # three it has, one it cannot have
    first, second = tmp_path / "a.woff2", tmp_path / "b.woff2"
    assert subset_font(source, first, asked) == 3
    subset_font(source, second, asked)
    assert set(TTFont(first).getBestCmap()) == asked & have
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size < source.stat().st_size / 10


def test_the_stylesheet_keeps_the_icon_rules_the_site_names_and_every_other_rule():
    trimmed = trim_icon_rules(CSS, {"fa-brands-github", "fa-solid"})
    assert trimmed == (
        '.fa-github:before,.fa-brands-github::before{content:"\\f09b"}'
        '.admonition>.admonition-title:after{content:"\\f05a";color:red}'
        ':root{--pst-icon-bell:"\uf0f3"}'
    )


def test_pages_without_sphinx_design_elements_leave_its_files_out():
    assert _unused_assets("<p>text</p>") == {
        "sphinx-thebe.css",
        "sphinx-design.min.css",
        "design-tabs.js",
    }
    assert _unused_assets('<div class="sd-card sd-shadow">') == {"sphinx-thebe.css"}
