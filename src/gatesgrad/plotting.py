"""One figure style for the book, and the diagrams it draws itself (no images from
the web: the site must work offline)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._checks import as_float, as_float_array, as_instance, as_int

BLUE, ORANGE, GREEN, RED, GREY = "#1f6fb4", "#d9620b", "#2e8b57", "#c0392b", "#6b6b6b"

BOOK_STYLE = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "axes.prop_cycle": mpl.cycler(color=[BLUE, ORANGE, GREEN, RED, "#7b4fa0", GREY]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titleweight": "bold",
    "font.size": 11,
    "legend.frameon": False,
    "image.cmap": "RdBu_r",
    "svg.hashsalt": "gates-and-gradients",  # same figure, same file
}


def use_book_style() -> None:
    """Apply the book's matplotlib style (an explicit call; importing changes nothing)."""
    mpl.rcParams.update(BOOK_STYLE)


def plot_log10_norms(
    ax: Axes, log10_norms: np.ndarray, *, label: str | None = None, **line_options
) -> None:
    """Plot log10 ‖·‖ against t = 0 … T on a log y axis; −inf (exact 0) is left out."""
    as_instance(ax, Axes, "ax")
    y = as_float_array(log10_norms, "log10_norms", ndim=1, finite=False)
    t = np.arange(y.size)
    shown = np.isfinite(y)
    ax.semilogy(t[shown], 10.0 ** np.clip(y[shown], -300, 300), label=label, **line_options)
    ax.set_xlabel("time step $t$")


def _box(
    ax: Axes, xy: tuple[float, float], text: str, color: str, w: float = 0.9, h: float = 0.6
) -> None:
    x, y = xy
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.04",
            facecolor=color,
            edgecolor="black",
            linewidth=1.2,
            alpha=0.9,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=13, color="white")


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    color: str = "black",
    style: str = "-",
    label: str | None = None,
    label_offset=(0.0, 0.18),
    rad: float = 0.0,
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            color=color,
            linestyle=style,
            linewidth=1.5,
            connectionstyle=f"arc3,rad={rad}",
        )
    )
    if label:
        mx, my = (
            (start[0] + end[0]) / 2 + label_offset[0],
            (start[1] + end[1]) / 2 + label_offset[1],
        )
        ax.text(mx, my, label, ha="center", va="center", fontsize=11, color=color)


def draw_unrolled_rnn(ax: Axes, steps: int = 4, *, backward: bool = False) -> None:
    """The RNN folded (a loop through W_hh) and unrolled over `steps` time steps.

    With `backward`, the gradient's path is drawn too: from h_T back to h_1 through
    the transposed step Jacobians J_tᵀ = (∂h_t/∂h_{t−1})ᵀ.
    """
    as_instance(ax, Axes, "ax")
    steps = as_int(steps, "steps", minimum=1, maximum=8)
    ax.set_axis_off()
    ax.set_aspect("equal")
    # folded
    _box(ax, (0, 0), "$h$", BLUE)
    _box(ax, (0, -1.4), "$x_t$", GREEN, w=0.7, h=0.5)
    _arrow(ax, (0, -1.15), (0, -0.32))
    ax.add_patch(
        FancyArrowPatch(
            (0.45, 0.15),
            (0.45, -0.15),
            arrowstyle="-|>",
            mutation_scale=14,
            connectionstyle="arc3,rad=-2.2",
            linewidth=1.5,
            color="black",
        )
    )
    ax.text(1.05, 0.0, "$W_{hh}$", fontsize=11, va="center")
    ax.text(0.1, -0.75, "$W_{xh}$", fontsize=11)
    ax.text(1.9, 0.0, "=", fontsize=22, va="center", ha="center")
    # unrolled
    x0, dx = 3.0, 1.9
    ax.text(x0 - 0.35, 0, "$h_0$", fontsize=13, va="center", ha="right")
    for k in range(1, steps + 1):
        x = x0 + (k - 0.5) * dx
        label = f"$h_{{{k}}}$" if k < steps else "$h_T$"
        xlabel = f"$x_{{{k}}}$" if k < steps else "$x_T$"
        _box(ax, (x, 0), label, BLUE)
        _box(ax, (x, -1.4), xlabel, GREEN, w=0.7, h=0.5)
        _arrow(ax, (x, -1.15), (x, -0.32))
        start = x0 - 0.3 if k == 1 else x - dx + 0.47
        _arrow(ax, (start, 0), (x - 0.47, 0), label="$W_{hh}$" if not backward else None)
        if backward:
            _arrow(
                ax,
                (x - 0.47, 0.55),
                (start, 0.55),
                color=RED,
                style="--",
                label=f"$J_{{{k if k < steps else 'T'}}}^\\top$",
                label_offset=(0, 0.22),
                rad=0.0,
            )
    if backward:
        xT = x0 + (steps - 0.5) * dx
        ax.text(xT + 0.6, 0.55, r"$\partial L/\partial h_T$", color=RED, fontsize=11, va="center")
    ax.set_xlim(-0.8, x0 + steps * dx + (1.2 if backward else 0.2))
    ax.set_ylim(-1.8, 1.1)


def heatmap(
    ax: Axes,
    values: np.ndarray,
    *,
    xlabel: str = "time step $t$",
    ylabel: str = "unit",
    symmetric: bool = True,
    colorbar_label: str | None = None,
    x_start: int = 1,
) -> None:
    """A (units × time) heatmap with a colour bar; symmetric around 0 by default."""
    as_instance(ax, Axes, "ax")
    v = as_float_array(values, "values", ndim=2, nonempty=True)
    limit = float(np.max(np.abs(v))) or 1.0
    options = {"vmin": -limit, "vmax": limit} if symmetric else {}
    image = ax.imshow(
        v,
        aspect="auto",
        interpolation="nearest",
        origin="lower",
        extent=(x_start - 0.5, x_start + v.shape[1] - 0.5, -0.5, v.shape[0] - 0.5),
        **options,
    )
    ax.grid(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.02)
    if colorbar_label:
        bar.set_label(colorbar_label)


def new_figure(
    ncols: int = 1,
    *,
    nrows: int = 1,
    width: float | None = None,
    height: float | None = None,
    sharey: bool = False,
) -> tuple[plt.Figure, Sequence[Axes]]:
    """A figure in the book's size with nrows × ncols axes (always a flat list, row by row)."""
    ncols = as_int(ncols, "ncols", minimum=1, maximum=4)
    nrows = as_int(nrows, "nrows", minimum=1, maximum=4)
    w, h = BOOK_STYLE["figure.figsize"]
    if width is not None:
        w = as_float(width, "width", minimum=0.0, strict_minimum=True)
    if height is not None:
        h = as_float(height, "height", minimum=0.0, strict_minimum=True)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(w, h),
        sharey=sharey,
        layout="constrained",
        squeeze=False,
    )
    return fig, list(axes.ravel())


def _node(ax: Axes, xy: tuple[float, float], symbol: str, width: float = 0.34) -> None:
    ax.add_patch(
        mpl.patches.Ellipse(xy, width, 0.34, facecolor="white", edgecolor="black", lw=1.3, zorder=3)
    )
    ax.text(*xy, symbol, ha="center", va="center", fontsize=11 if len(symbol) > 1 else 14, zorder=4)


def _line(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    color: str = "black",
    lw: float = 1.5,
    arrow: bool = True,
) -> None:
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=color, lw=lw, zorder=1, solid_capstyle="butt")
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        ax.add_patch(
            FancyArrowPatch(
                (x1 - 0.01 * (x1 - x0), y1 - 0.01 * (y1 - y0)),
                (x1, y1),
                arrowstyle="-|>",
                mutation_scale=14 + 2 * lw,
                color=color,
                lw=0,
                zorder=2,
            )
        )


def draw_lstm_cell(ax: Axes, *, highlight: str | None = None) -> None:
    """The LSTM cell: the cell state c running along the top, the four gates below.

    `highlight` picks out one part: 'cell' (the path of c), 'f', 'i', 'g' (the candidate)
    or 'o'.
    """
    as_instance(ax, Axes, "ax")
    if highlight not in (None, "cell", "f", "i", "g", "o"):
        raise ValueError(
            f"highlight: expected None, 'cell', 'f', 'i', 'g' or 'o', got {highlight!r}"
        )
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.add_patch(
        FancyBboxPatch(
            (0.4, -0.2),
            7.6,
            3.9,
            boxstyle="round,pad=0.1",
            facecolor="#f4f6f9",
            edgecolor=GREY,
            lw=1,
        )
    )
    hot = ORANGE
    cell_color = hot if highlight == "cell" else BLUE
    _line(ax, [(-0.4, 3.2), (8.9, 3.2)], color=cell_color, lw=3.5)
    _node(ax, (1.8, 3.2), "×")
    _node(ax, (4.2, 3.2), "+")
    gates = [
        ("f", 1.8, r"$\sigma$", "forget $f_t$"),
        ("i", 3.0, r"$\sigma$", "input $i_t$"),
        ("g", 4.2, "tanh", "candidate $g_t$"),
        ("o", 5.6, r"$\sigma$", "output $o_t$"),
    ]
    for name, x, fn, label in gates:
        color = hot if highlight == name else "#4a6a8a"
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.32, 0.95),
                0.64,
                0.5,
                boxstyle="round,pad=0.04",
                facecolor=color,
                edgecolor="black",
                lw=1.2,
                zorder=2,
            )
        )
        ax.text(x, 1.2, fn, ha="center", va="center", color="white", fontsize=11, zorder=3)
        ax.text(x, 0.78, label, ha="center", va="top", fontsize=9)
        _line(ax, [(x, 0.3), (x, 0.95)], arrow=False)
    _line(ax, [(1.8, 1.45), (1.8, 3.03)], color=hot if highlight == "f" else "black")
    _line(ax, [(3.0, 1.45), (3.0, 2.2), (4.03, 2.2)], color=hot if highlight == "i" else "black")
    _line(ax, [(4.2, 1.45), (4.2, 2.03)], color=hot if highlight == "g" else "black")
    _node(ax, (4.2, 2.2), "×")
    _line(ax, [(4.2, 2.37), (4.2, 3.03)], color=hot if highlight in ("i", "g") else "black")
    _line(ax, [(6.6, 3.2), (6.6, 2.57)], arrow=True)
    _node(ax, (6.6, 2.4), "tanh", width=0.75)
    _line(ax, [(6.6, 2.23), (6.6, 1.37)])
    _line(ax, [(5.6, 1.45), (5.6, 1.2), (6.43, 1.2)], color=hot if highlight == "o" else "black")
    _node(ax, (6.6, 1.2), "×")
    _line(ax, [(6.77, 1.2), (7.4, 1.2), (7.4, 0.3), (8.9, 0.3)])
    _line(ax, [(7.4, 1.2), (7.4, 4.1)])
    _line(ax, [(-0.4, 0.3), (5.6, 0.3)], arrow=False)
    _line(ax, [(1.0, -0.6), (1.0, 0.3)], arrow=False)
    ax.text(-0.5, 3.45, "$c_{t-1}$", fontsize=12, ha="left")
    ax.text(8.9, 3.45, "$c_t$", fontsize=12, ha="right")
    ax.text(-0.5, 0.45, "$h_{t-1}$", fontsize=12, ha="left")
    ax.text(8.9, 0.45, "$h_t$", fontsize=12, ha="right")
    ax.text(7.55, 4.0, "$h_t$", fontsize=12)
    ax.text(1.1, -0.6, "$x_t$", fontsize=12)
    ax.set_xlim(-0.7, 9.1)
    ax.set_ylim(-0.8, 4.3)
