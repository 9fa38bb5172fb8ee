"""The book's figures: style on request only, diagrams that draw what they promise."""

import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gatesgrad import plotting  # noqa: E402


def test_importing_changes_no_style():
    code = (
        "import sys, matplotlib as mpl; before = dict(mpl.rcParams); "
        "import gatesgrad, gatesgrad.plotting, gatesgrad.explorers; "
        "assert dict(mpl.rcParams) == before, 'rcParams changed on import'; "
        "assert 'tensorflow' not in sys.modules, 'TensorFlow loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_book_style_is_applied_on_request():
    with mpl.rc_context():
        plotting.use_book_style()
        assert mpl.rcParams["axes.spines.top"] is False


@pytest.mark.parametrize("steps", [1, 4, 8])
@pytest.mark.parametrize("backward", [False, True])
def test_unrolled_diagram_draws_one_cell_per_step(steps, backward):
    fig, (ax,) = plotting.new_figure()
    plotting.draw_unrolled_rnn(ax, steps=steps, backward=backward)
    labels = [t.get_text() for t in ax.texts]
    assert sum(bool(re.fullmatch(r"\$h_(\{\d\}|T)\$", label)) for label in labels) == steps
    assert labels.count("$h_T$") == 1
    assert sum(label.startswith("$J_") for label in labels) == (steps if backward else 0)
    plt.close(fig)


def test_log10_plot_leaves_out_exact_zeros():
    fig, (ax,) = plotting.new_figure()
    plotting.plot_log10_norms(ax, np.array([-np.inf, -2.0, 0.0]))
    x, y = ax.lines[0].get_data()
    np.testing.assert_array_equal(x, [1, 2])
    np.testing.assert_allclose(y, [1e-2, 1.0])
    plt.close(fig)


def test_bad_arguments_are_named():
    fig, (ax,) = plotting.new_figure()
    with pytest.raises(ValueError, match="steps: expected a value <= 8, got 9"):
        plotting.draw_unrolled_rnn(ax, steps=9)
    with pytest.raises(ValueError, match="values: expected ndim = 2, got ndim = 1"):
        plotting.heatmap(ax, np.zeros(3))
    plt.close(fig)


def _two_panels(axes, layout):
    for k, ax in enumerate(axes):
        ax.semilogy(
            np.arange(1, 30), np.exp(-np.arange(1, 30) / (k + 2)), marker=".", label="$h_t$"
        )
        ax.set_xlabel("time step $t$")
        ax.legend()


def _draw_counted(seen):
    def draw(axes, layout):
        seen.append(
            (layout, len(axes), tuple(ax.get_subplotspec().get_geometry()[:2] for ax in axes))
        )
        _two_panels(axes, layout)

    return draw


def test_book_figure_draws_both_layouts_side_by_side_then_stacked():
    seen = []
    figure = plotting.book_figure(_draw_counted(seen), alt="two decaying curves", panels=2)
    assert seen == [("wide", 2, ((1, 2), (1, 2))), ("narrow", 2, ((2, 1), (2, 1)))]
    html = figure._repr_html_()
    assert html.count("<svg") == 2 and 'class="gg-figure-narrow" style="display: none"' in html
    for svg in (figure.wide, figure.narrow):
        assert svg.startswith("<svg") and 'role="img" aria-label="two decaying curves"' in svg
        assert "<text" in svg and "<metadata" not in svg and "font-family: var(" in svg
        assert re.search(r">10⁻[¹²³⁴⁵⁶]</text>", svg), (
            "log ticks as text: 10⁻¹, not a mathtext superscript"
        )


def test_book_figure_text_is_readable_where_each_layout_is_shown():
    """The smallest font (pt, 1 pt = one SVG unit) times the scale at the narrowest width each
    layout is shown at (figures.css: wide from 640 CSS px, narrow from 360) is >= 12 px; a
    subscript is 0.7 of its label (mathtext)."""
    figure = plotting.book_figure(
        _two_panels, alt="two decaying curves", panels=2, wide=(9, 3), narrow=(4.4, 5)
    )
    for svg, shown in ((figure.wide, plotting.WIDE_FROM_PX), (figure.narrow, 360)):
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        base = max(sizes)
        assert min(s for s in sizes if s > 0.8 * base) * shown / width >= 12
        assert min(sizes) * shown / width >= 0.69 * 12


def test_book_figure_ids_are_unique_and_resolve():
    a = plotting.book_figure(_two_panels, alt="two decaying curves", panels=2)
    b = plotting.book_figure(
        lambda axes, layout: plotting.draw_lstm_cell(axes[0], highlight="f", layout=layout),
        alt="the LSTM cell diagram",
    )
    page = a._repr_html_() + b._repr_html_()
    ids = re.findall(r' id="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids)), "an id used twice on one page"
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', page):
        assert (ref[0] or ref[1]) in ids, f"a reference to a missing id: {ref}"


def test_book_figure_is_the_same_bytes_twice():
    first = plotting.book_figure(_two_panels, alt="two decaying curves", panels=2)
    second = plotting.book_figure(_two_panels, alt="two decaying curves", panels=2)
    assert first._repr_html_() == second._repr_html_()


@pytest.mark.parametrize("layout", plotting.LAYOUTS)
def test_diagrams_draw_in_both_layouts(layout):
    fig, (ax,) = plotting.new_figure()
    plotting.draw_lstm_cell(ax, highlight="o", layout=layout)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert all(f"${n}_t$" in texts for n in "figo")
    assert ("output" in texts) and ("gates:" in texts) == (layout == "narrow")
    plt.close(fig)


def test_book_figure_names_bad_arguments():
    with pytest.raises(TypeError, match="draw: expected a function"):
        plotting.book_figure("not a function", alt="a figure of things")
    with pytest.raises(TypeError, match="draw: expected a function draw"):
        plotting.book_figure(lambda axes: None, alt="a figure of things")
    with pytest.raises(ValueError, match="narrow_from: expected a value >= 200.0, got 100.0"):
        plotting.book_figure(_two_panels, alt="a figure of things", narrow_from=100)
    with pytest.raises(ValueError, match="alt: expected a description of three words"):
        plotting.book_figure(_two_panels, alt="curves")
    with pytest.raises(ValueError, match="panels: expected a value <= 4, got 5"):
        plotting.book_figure(_two_panels, alt="a figure of things", panels=5)
    with pytest.raises(TypeError, match=r"narrow: expected \(width, height\)"):
        plotting.book_figure(_two_panels, alt="a figure of things", narrow=4.4)
    with pytest.raises(ValueError, match=r"wide\[1\]: expected a number > 0.0, got -1.0"):
        plotting.book_figure(_two_panels, alt="a figure of things", wide=(4, -1))
    with pytest.raises(ValueError, match="grid: expected rows × columns = panels = 2"):
        plotting.book_figure(_two_panels, alt="a figure of things", panels=2, grid=(2, 2))
    fig, (ax,) = plotting.new_figure()
    with pytest.raises(ValueError, match="layout: expected"):
        plotting.draw_lstm_cell(ax, layout="tall")
    plt.close(fig)
