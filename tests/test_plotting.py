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
