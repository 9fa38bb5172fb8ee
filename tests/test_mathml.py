"""The book's maths as MathML (`ggsite.mathml`): a small Sphinx project built with the
renderer alone, then the pieces it is made of."""

from __future__ import annotations

import re

import pytest
from sphinx.cmd.build import build_main

from ggsite import mathml

PAGE = r"""# Maths

Inline $f'(x) = \big(1 - x\big)$, $\tanh'(a)$ and a display equation:

$$
a_t = W_{hh}\, h_{t-1} + b_h
$$ (eq-first)

Equation {eq}`eq-first` and {eq}`eq-second`, named before it is defined.

$$
c &= d \\
e &= f
$$ (eq-second)

\begin{align}
x &= y
\end{align}
"""

CONF = """
extensions = ["myst_parser", "ggsite.mathml"]
myst_enable_extensions = ["dollarmath", "amsmath"]
html_math_renderer = "ggsite-mathml"
"""


def build(tmp_path, page: str) -> tuple[int, str]:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(page)
    code = build_main(["-b", "html", "-q", "-W", str(src), str(out)])
    html = (out / "index.html").read_text() if (out / "index.html").exists() else ""
    return code, html


def test_numbered_equations_labels_and_links(tmp_path):
    code, html = build(tmp_path, PAGE)
    assert code == 0
    assert "tex-chtml" not in html and "MathJax" not in html  # no script typesets it
    assert html.count("<math") == 5  # two inline, three display
    blocks = re.findall(r'<div class="math notranslate" id="(equation-[\w-]+)">', html)
    assert blocks == ["equation-eq-first", "equation-eq-second"]
    for n, label in ((1, "eq-first"), (2, "eq-second")):
        assert f'<span class="eqno">({n})<a class="headerlink" href="#equation-{label}"' in html
        assert f'href="#equation-{label}"' in html.split("Equation", 1)[1]  # {eq} links
    # a block with rows (`\\`) is aligned; the amsmath environment is not numbered twice
    assert html.count("<mtable") == 2 and "<mtext>(1)</mtext>" not in html
    # the corrections: no space inside \big( ... \big), a prime at the base size
    assert '<mo minsize="1.2em" maxsize="1.2em" lspace="0" rspace="0">(</mo>' in html
    assert '<mrow><mi>f</mi><mo lspace="0" rspace="0">′</mo></mrow>' in html
    assert '<mi>tanh</mi></mrow><mo lspace="0" rspace="0">′</mo></mrow>' in html
    assert r'alttext="a_t = W_{hh}\, h_{t-1} + b_h"' in html
    font = tmp_path / "out" / "_static" / "fonts"
    assert (font / mathml.FONT_FILE).stat().st_size > 1000
    assert "SIL OPEN FONT LICENSE" in (font / mathml.LICENCE_FILE).read_text()


def test_a_formula_that_does_not_convert_fails_the_build_named(tmp_path, capsys):
    code, _ = build(tmp_path, "# Maths\n\nFine $x$.\n\n$$\n\\frac{a\n$$\n")
    assert code != 0
    said = capsys.readouterr().err
    assert "index (line 5)" in said and "'\\\\frac{a'" in said, said


def test_convert_names_every_failure():
    with pytest.raises(mathml.MathError) as error:
        mathml.convert([("x", False), (r"\nothere", True), ("a\\\nb", False)], ["p1", "p2", "p3"])
    assert "p2: " in str(error.value) and "p3: " in str(error.value)
    assert "p1" not in str(error.value)


def test_font_subset_keeps_what_stretches_and_is_deterministic():
    from io import BytesIO

    from fontTools.ttLib import TTFont

    points = mathml.math_characters("(x)∑⏟")
    assert {0x1D465, ord("x")} <= points  # x and the italic x a browser draws for <mi>x</mi>
    data = mathml.subset_font(points)
    assert data == mathml.subset_font(points)
    font = TTFont(BytesIO(data))
    assert "MATH" in font
    variants = font["MATH"].table.MathVariants
    assert variants.VertGlyphCount > 0 and variants.HorizGlyphCount > 0
    assert len(font.getGlyphOrder()) < 400
