"""The book's maths as MathML, written at build time: no script renders it in the browser.

- Each chapter's formulas are converted together when Sphinx reads the chapter (math-core's
  `convert_all`), and the MathML is kept on the node, so a rebuild that reads nothing
  converts nothing. A formula that does not convert fails the build, named with its chapter,
  line and LaTeX.
- The HTML writer (the math renderer `ggsite-mathml`) writes that MathML: inline in a
  `span.math`; display maths in a `div.math` with Sphinx's equation number and its link, the
  formula in a block that scrolls sideways with a visible cue (and a tab stop) when it is
  wider than the page. Each <math> carries its LaTeX as `alttext`.
- The browser draws it with STIX Two Math (SIL Open Font License 1.1; the font file is read
  from the wheel `ziamath` at build time), cut down to the characters the book uses and the
  glyphs its MATH table needs to stretch them: `_static/fonts/stix-two-math.woff2`, with
  the licence beside it.
"""

from __future__ import annotations

import hashlib
import html
import re
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "ggsite-mathml"
FONT_FAMILY = "STIX Two Math"
FONT_DIR = "fonts"  # under _static
FONT_FILE = "stix-two-math.woff2"
LICENCE_FILE = "stix-two-math-OFL.txt"
OFL_TEXT = Path(__file__).with_name("OFL-1.1.txt")
SCROLLER = "gg-math-scroll"  # scrolls a display formula sideways; the number stays in view
CUE = "gg-scroll-cue"  # a block that scrolls sideways shows shadows at the edges it hides

# TeX's \big( ... \big) are opening and closing delimiters with no space inside; MathML Core
# gives a sized <mo> the spacing of an infix operator. Chromium draws a prime in a superscript
# at script size (TeX's \prime is drawn large for that place): set it at the base size,
# after its base, as OpenType maths fonts draw U+2032 (raised).
SIZED_DELIMITER = re.compile(r'<mo minsize="([^"]+)" maxsize="([^"]+)">')
PRIME = re.compile(
    r"<msup>(<mi>[^<]*</mi>|<mrow><mspace/><mi>[^<]*</mi></mrow>)<mo>(′+)</mo></msup>"
)
# Numbered environments: Sphinx numbers the block (myst's `(label)` and amsmath), as MathJax
# did with its default `tags: none`; math-core would number the rows again.
NUMBERED_ENV = re.compile(r"\\(begin|end)\{(equation|align|alignat|gather|multline|flalign)\}")


class MathError(ExtensionError):
    category = "Maths error"


def tex_of(node: nodes.Element) -> str:
    """The LaTeX MathML is made from: an inline formula's text; a display block's parts
    (separated by blank lines) aligned one per row, and a part with `\\\\` in `aligned`,
    as sphinx.ext.mathjax writes them; an amsmath environment, unnumbered."""
    text = node.astext()
    if isinstance(node, nodes.math):
        return text
    if node.get("nowrap"):
        return NUMBERED_ENV.sub(r"\\\1{\2*}", text)
    parts = [p for p in text.split("\n\n") if p.strip()]
    parts = [rf"\begin{{aligned}}{p}\end{{aligned}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{aligned}" + r" \\ ".join(parts) + r"\end{aligned}"
    return parts[0] if parts else ""


def converter() -> Any:
    from math_core import LatexToMathML  # at build time only

    return LatexToMathML(fancy_error=False, annotation=False)


def polish(mathml: str) -> str:
    """What math-core writes, with the two corrections above."""
    mathml = SIZED_DELIMITER.sub(r'<mo minsize="\1" maxsize="\2" lspace="0" rspace="0">', mathml)
    return PRIME.sub(r'<mrow>\1<mo lspace="0" rspace="0">\2</mo></mrow>', mathml)


def convert(snippets: list[tuple[str, bool]], where: list[str]) -> list[str]:
    """MathML for each (latex, display) snippet of one page, converted together. Raises
    MathError naming every snippet that does not convert (`where` says where each is)."""
    from math_core import LatexError

    mathml = converter()
    try:
        return [polish(m) for m in mathml.convert_all(snippets)]
    except LatexError:
        pass
    failures = []
    for (latex, display), place in zip(snippets, where, strict=True):
        try:
            converter().convert_all([(latex, display)])
        except LatexError as error:
            failures.append(f"{place}: {error} in formula {latex.strip()!r}")
    raise MathError("LaTeX that does not convert to MathML:\n  " + "\n  ".join(failures))


def math_nodes(doctree: nodes.Node) -> list[nodes.Element]:
    return [n for n in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))]


def _convert_doc(app: Sphinx, doctree: nodes.document) -> None:
    """Convert the chapter's formulas as Sphinx reads it; record the characters they use."""
    found = math_nodes(doctree)
    docname = app.env.docname
    where = [f"{docname} (line {n.line or '?'})" for n in found]
    converted = convert([(tex_of(n), isinstance(n, nodes.math_block)) for n in found], where)
    for node, mathml in zip(found, converted, strict=True):
        node["mathml"] = mathml
    app.env.ggsite_math_text = getattr(app.env, "ggsite_math_text", {})
    app.env.ggsite_math_text[docname] = "".join(sorted(set("".join(map(text_of, converted)))))


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "ggsite_math_text", {}).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    env.ggsite_math_text = getattr(env, "ggsite_math_text", {})
    env.ggsite_math_text.update(getattr(other, "ggsite_math_text", {}))


TAG = re.compile(r"<[^>]*>")


def text_of(mathml: str) -> str:
    """The characters a formula draws (its elements' text)."""
    return html.unescape(TAG.sub("", mathml.replace("&ApplyFunction;", "")))


def mathml_of(self: Any, node: nodes.Element) -> str:
    """The node's MathML with its LaTeX as alttext (read by some screen readers instead)."""
    mathml = node.get("mathml")
    if mathml is None:  # a formula made after reading (none in the book): convert it alone
        where = [f"{self.builder.current_docname} (line {node.line or '?'})"]
        mathml = convert([(tex_of(node), isinstance(node, nodes.math_block))], where)[0]
    alt = html.escape(" ".join(node.astext().split()), quote=True)
    return mathml.replace("<math", f'<math alttext="{alt}"', 1)


def visit_math(self: Any, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(mathml_of(self, node) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(f'<div class="{SCROLLER} {CUE}">{mathml_of(self, node)}</div></div>\n')
    raise nodes.SkipNode


def math_characters(text: str) -> set[int]:
    """The code points a subset needs for `text`: each character, and for letters the
    mathematical italic forms that browsers use for a one-letter <mi>."""
    points = {ord(c) for c in text if not c.isspace()} | {ord(" "), 0xA0}
    for c in text:
        if "a" <= c <= "z" or "A" <= c <= "Z":
            base = 0x1D434 if c.isupper() else 0x1D44E
            offset = ord(c) - (ord("A") if c.isupper() else ord("a"))
            points.add(0x210E if c == "h" else base + offset)
        elif "α" <= c <= "ω" or "Α" <= c <= "Ω":
            base = 0x1D6FC if c.islower() else 0x1D6E2
            points.add(base + ord(c) - (ord("α") if c.islower() else ord("Α")))
    return points


def font_source() -> Path:
    """STIX Two Math as the wheel `ziamath` ships it (found, not imported: only the file is
    used)."""
    spec = find_spec("ziamath")
    if spec is None or not spec.submodule_search_locations:
        raise MathError("the maths font comes from the package ziamath: pip install ziamath")
    return Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"


def subset_font(characters: set[int]) -> bytes:
    """STIX Two Math cut down to `characters`, keeping its MATH table (and so the size
    variants and parts that stretch them), as WOFF2; the same characters give the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.name_IDs = ["*"]  # copyright, licence and its address stay in the file
    font = TTFont(str(font_source()), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    out = BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=True)
    return out.getvalue()


def licence_text() -> str:
    from fontTools.ttLib import TTFont

    name = TTFont(str(font_source()), lazy=True)["name"]
    return (
        f"{FONT_FAMILY}, as subset for this site from STIXTwoMath-Regular.ttf "
        f"({name.getDebugName(5)}).\n{name.getDebugName(0)}\n\n"
        + OFL_TEXT.read_text(encoding="utf-8")
    )


def _write_font(app: Sphinx, exception: Exception | None) -> None:
    """Write the font subset for every formula of the book and its licence."""
    if exception is not None or app.builder.format != "html":
        return
    text = "".join(getattr(app.env, "ggsite_math_text", {}).values())
    folder = Path(app.outdir) / "_static" / FONT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    characters = math_characters(text)
    # Subsetting takes seconds: kept between builds, under the characters it was cut for.
    key = hashlib.sha256(repr(sorted(characters)).encode()).hexdigest()[:16]
    cached = Path(app.doctreedir) / f"stix-two-math-{key}.woff2"
    if not cached.exists():
        for old in Path(app.doctreedir).glob("stix-two-math-*.woff2"):
            old.unlink()
        cached.write_bytes(subset_font(characters))
    data = cached.read_bytes()
    target = folder / FONT_FILE
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    (folder / LICENCE_FILE).write_text(licence_text(), encoding="utf-8")
    logger.info(
        "[ggsite] maths font: %d characters, %d bytes (sha256 %s)",
        len(characters),
        len(data),
        hashlib.sha256(data).hexdigest()[:12],
    )


# The display blocks that scroll sideways get a tab stop, as the theme gives scrolling code
# blocks and tables one, so that a keyboard can scroll them; again when the width changes.
TAB_STOPS = """
addEventListener("DOMContentLoaded", () => {
  const update = () => document.querySelectorAll("div.gg-math-scroll").forEach((e) => {
    if (e.scrollWidth > e.clientWidth + 1) e.tabIndex = 0; else e.removeAttribute("tabindex");
  });
  update();
  addEventListener("resize", update);
});
"""


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the renderer and its hooks (`hooks.setup` calls it; the tests load this module
    alone as an extension)."""
    app.add_html_math_renderer(
        RENDERER,
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    app.connect("doctree-read", _convert_doc)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write_font)
    app.add_js_file(None, body=TAB_STOPS)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
