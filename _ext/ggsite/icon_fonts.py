"""The theme's icon fonts, cut down to the icons the site shows.

The theme ships Font Awesome's solid, regular and brands fonts whole (156, 25 and 118 kB as
woff2) and a page fetches each one it draws a glyph from: the brands font for one GitHub
icon. After a build, each font in the site is replaced by a subset that holds the icons the
site can draw:

- every `fa-NAME` class in the site's pages and scripts, through the theme's stylesheet
  rule `.fa-NAME:before{content:"\\fXXX"}`;
- every icon the stylesheets draw by themselves (an admonition's icon, a dropdown's arrow):
  the private-use characters and `\\fXXX` escapes in every rule that is not such an icon rule.

The theme's stylesheet loses the icon rules of the classes the site never names (1,881 rules,
86 kB, of which the site names about 30).

Both are cut from the theme's own files, not from the site's copies, so a later build that
needs one more icon finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?before$")
CODEPOINT = re.compile(r"\\([0-9a-fA-F]{4,5})|([\ue000-\uf8ff])")
CLASS = re.compile(r"\bfa-[a-z0-9-]+")
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")


def codepoints(text: str) -> set[int]:
    """The icon characters a piece of CSS names: `\\fXXX` escapes and private-use characters."""
    return {int(escape, 16) if escape else ord(char) for escape, char in CODEPOINT.findall(text)}


def icon_rules(css: str) -> tuple[dict[str, set[int]], set[int]]:
    """From a stylesheet: each `fa-NAME` class's characters, and the characters every other
    rule draws by itself."""
    classes: dict[str, set[int]] = {}
    drawn: set[int] = set()
    for selectors, body in RULE.findall(css):
        names = [ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        if all(names):
            for match in names:
                classes.setdefault(match.group(1), set()).update(codepoints(body))
        else:
            drawn |= codepoints(body)
    return classes, drawn


def named_classes(site: Path) -> set[str]:
    """The `fa-NAME` classes the site's pages and scripts name (the icon library's own
    script aside: the site never loads it)."""
    names: set[str] = set()
    for page in _files(site, ("*.html", "*.js")):
        if page.name != "fontawesome.js":
            names |= set(CLASS.findall(page.read_text(encoding="utf-8", errors="ignore")))
    return names


def used_codepoints(site: Path) -> set[int]:
    """Every icon character the site at `site` can draw (see the module's docstring)."""
    classes: dict[str, set[int]] = {}
    drawn: set[int] = set()
    for sheet in site.rglob("*.css"):
        sheet_classes, sheet_drawn = icon_rules(sheet.read_text(encoding="utf-8", errors="ignore"))
        for name, chars in sheet_classes.items():
            classes.setdefault(name, set()).update(chars)
        drawn |= sheet_drawn
    for name in named_classes(site):
        drawn |= classes.get(name, set())
    return drawn


def trim_icon_rules(css: str, names: set[str]) -> str:
    """`css` less the icon rules (`.fa-NAME:before{...}`) of which no class is in `names`."""

    def keep(rule: re.Match) -> str:
        found = [ICON_SELECTOR.match(s.strip()) for s in rule.group(1).split(",")]
        if all(found) and not any(match.group(1) in names for match in found):
            return ""
        return rule.group(0)

    return RULE.sub(keep, css)


def trim_theme_stylesheet(site: Path, source: Path) -> int:
    """Write the theme's stylesheet `source` to the site, less the icon rules of classes the
    site never names; the bytes saved."""
    target = site / "_static" / "styles" / source.name
    css = source.read_text(encoding="utf-8")
    trimmed = trim_icon_rules(css, named_classes(site))
    target.write_text(trimmed, encoding="utf-8")
    return len(css.encode()) - len(trimmed.encode())


def subset_font(source: Path, target: Path, chars: Iterable[int]) -> int:
    """Write to `target` the glyphs of `source` for `chars` (those it has), as woff2; the
    number of characters kept."""
    font = TTFont(source, recalcTimestamp=False)  # the same bytes, build after build
    kept = sorted(set(chars) & set(font.getBestCmap()))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return len(kept)


def subset_icon_fonts(site: Path, theme_fonts: Path) -> dict[str, int]:
    """Replace the site's Font Awesome woff2 files by subsets of the theme's; the number of
    characters each keeps. Fonts the site does not ship are left alone."""
    chars = used_codepoints(site)
    kept = {}
    for target in site.rglob("webfonts/*.woff2"):
        if target.name in FONTS and (theme_fonts / target.name).exists():
            kept[target.name] = subset_font(theme_fonts / target.name, target, chars)
    return kept


def _files(root: Path, patterns: Iterable[str]) -> Iterable[Path]:
    for pattern in patterns:
        yield from root.rglob(pattern)
