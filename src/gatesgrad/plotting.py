"""One figure style for the book, and the diagrams it draws itself (no images from
the web: the site must work offline)."""

from __future__ import annotations

import hashlib
import html
import inspect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import StringIO

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import FuncFormatter, LogFormatterSciNotation

from ._checks import as_choice, as_float, as_float_array, as_instance, as_int

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


def _fs(scale: float = 1.0) -> float:
    """A font size relative to the figure's base size (rcParams["font.size"])."""
    return scale * float(mpl.rcParams["font.size"])


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
    ax.text(x, y, text, ha="center", va="center", fontsize=_fs(1.15), color="white")


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    color: str = "black",
    style: str = "-",
    label: str | None = None,
    label_offset=(0.0, 0.2),
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
        ax.text(mx, my, label, ha="center", va="center", fontsize=_fs(), color=color)


def draw_unrolled_rnn(
    ax: Axes, steps: int = 4, *, backward: bool = False, layout: str = "wide"
) -> None:
    """The RNN folded (a loop through W_hh) and unrolled over `steps` time steps: side by
    side in the `wide` layout, the folded cell above the unrolled one in the `narrow` one.

    With `backward`, the gradient's path is drawn too: from h_T back to h_1 through
    the transposed step Jacobians J_tᵀ = (∂h_t/∂h_{t−1})ᵀ.
    """
    as_instance(ax, Axes, "ax")
    steps = as_int(steps, "steps", minimum=1, maximum=8)
    narrow = as_choice(layout, "layout", LAYOUTS) == "narrow"
    ax.set_axis_off()
    ax.set_aspect("equal")
    # folded
    fx, fy = (0.6, 3.5 if backward else 2.9) if narrow else (0.0, 0.0)
    _box(ax, (fx, fy), "$h$", BLUE)
    _box(ax, (fx, fy - 1.4), "$x_t$", GREEN, w=0.7, h=0.5)
    _arrow(ax, (fx, fy - 1.15), (fx, fy - 0.32))
    ax.add_patch(
        FancyArrowPatch(
            (fx + 0.45, fy + 0.15),
            (fx + 0.45, fy - 0.15),
            arrowstyle="-|>",
            mutation_scale=14,
            connectionstyle="arc3,rad=-2.2",
            linewidth=1.5,
            color="black",
        )
    )
    ax.text(fx + 1.05, fy, "$W_{hh}$", fontsize=_fs(), va="center")
    ax.text(fx + 0.1, fy - 0.75, "$W_{xh}$", fontsize=_fs())
    if narrow:
        ax.text(fx + 2.3, fy, "= the same cell, once per step:", fontsize=_fs(), va="center")
    else:
        ax.text(1.9, 0.0, "=", fontsize=_fs(2.0), va="center", ha="center")
    # unrolled
    x0, dx = (0.6, 1.9) if narrow else (3.0, 1.9)
    ax.text(x0 - 0.35, 0, "$h_0$", fontsize=_fs(1.15), va="center", ha="right")
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
                label_offset=(0, 0.25),
                rad=0.0,
            )
    xT = x0 + (steps - 0.5) * dx
    if backward and narrow:
        ax.text(xT, 1.25, r"$\partial L/\partial h_T$", color=RED, fontsize=_fs(), ha="center")
    elif backward:
        ax.text(
            xT + 0.6, 0.55, r"$\partial L/\partial h_T$", color=RED, fontsize=_fs(), va="center"
        )
    right = x0 + steps * dx + (1.2 if backward and not narrow else 0.2)
    ax.set_xlim(-0.8 if not narrow else -0.3, right)
    ax.set_ylim(-1.8, fy + 0.7 if narrow else 1.1)


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


def _node(ax: Axes, xy: tuple[float, float], symbol: str, width: float, height: float) -> None:
    ax.add_patch(
        mpl.patches.Ellipse(
            xy, width, height, facecolor="white", edgecolor="black", lw=1.3, zorder=3
        )
    )
    ax.text(*xy, symbol, ha="center", va="center", fontsize=_fs(), zorder=4)


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


GATE_NAMES = {"f": "forget", "i": "input", "g": "candidate", "o": "output"}


def draw_lstm_cell(ax: Axes, *, highlight: str | None = None, layout: str = "wide") -> None:
    """The LSTM cell: the cell state c running along the top, the four gates below.

    `highlight` picks out one part: 'cell' (the path of c), 'f', 'i', 'g' (the candidate)
    or 'o'. The `narrow` layout names the gates in a key under the cell.
    """
    as_instance(ax, Axes, "ax")
    if highlight not in (None, "cell", "f", "i", "g", "o"):
        raise ValueError(
            f"highlight: expected None, 'cell', 'f', 'i', 'g' or 'o', got {highlight!r}"
        )
    narrow = as_choice(layout, "layout", LAYOUTS) == "narrow"
    r = 0.25 if narrow else 0.19  # the radius of the × and + nodes
    bw = 0.98 if narrow else 0.7  # the width of a gate's box
    tw = 1.05 if narrow else 0.8  # the width of the tanh node
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
    _node(ax, (1.8, 3.2), "×", 2 * r, 2 * r)
    _node(ax, (4.2, 3.2), "+", 2 * r, 2 * r)
    gates = [
        ("f", 1.8, r"$\sigma$"),
        ("i", 3.0, r"$\sigma$"),
        ("g", 4.2, "tanh"),
        ("o", 5.6, r"$\sigma$"),
    ]
    for name, x, fn in gates:
        color = hot if highlight == name else "#4a6a8a"
        ax.add_patch(
            FancyBboxPatch(
                (x - bw / 2, 0.95),
                bw,
                0.5,
                boxstyle="round,pad=0.04",
                facecolor=color,
                edgecolor="black",
                lw=1.2,
                zorder=2,
            )
        )
        ax.text(x, 1.2, fn, ha="center", va="center", color="white", fontsize=_fs(), zorder=3)
        label = f"${name}_t$" if narrow else f"{GATE_NAMES[name]}\n${name}_t$"
        ax.text(x + 0.08, 0.86, label, ha="left", va="top", fontsize=_fs(), linespacing=1.1)
        _line(ax, [(x, 0.3), (x, 0.95)], arrow=False)
    _line(ax, [(1.8, 1.45), (1.8, 3.2 - r)], color=hot if highlight == "f" else "black")
    _line(ax, [(3.0, 1.45), (3.0, 2.2), (4.2 - r, 2.2)], color=hot if highlight == "i" else "black")
    _line(ax, [(4.2, 1.45), (4.2, 2.2 - r)], color=hot if highlight == "g" else "black")
    _node(ax, (4.2, 2.2), "×", 2 * r, 2 * r)
    _line(ax, [(4.2, 2.2 + r), (4.2, 3.2 - r)], color=hot if highlight in ("i", "g") else "black")
    _line(ax, [(6.6, 3.2), (6.6, 2.4 + r)], arrow=True)
    _node(ax, (6.6, 2.4), "tanh", tw, 2 * r)
    _line(ax, [(6.6, 2.4 - r), (6.6, 1.2 + r)])
    _line(ax, [(5.6, 1.45), (5.6, 1.2), (6.6 - r, 1.2)], color=hot if highlight == "o" else "black")
    _node(ax, (6.6, 1.2), "×", 2 * r, 2 * r)
    _line(ax, [(6.6 + r, 1.2), (7.4, 1.2), (7.4, 0.3), (8.9, 0.3)])
    _line(ax, [(7.4, 1.2), (7.4, 4.1)])
    _line(ax, [(-0.4, 0.3), (5.6, 0.3)], arrow=False)
    _line(ax, [(1.0, -0.6), (1.0, 0.3)], arrow=False)
    ax.text(-0.5, 3.45, "$c_{t-1}$", fontsize=_fs(1.1), ha="left")
    ax.text(8.9, 3.45, "$c_t$", fontsize=_fs(1.1), ha="right")
    ax.text(-0.5, 0.45, "$h_{t-1}$", fontsize=_fs(1.1), ha="left")
    ax.text(8.9, 0.45, "$h_t$", fontsize=_fs(1.1), ha="right")
    ax.text(7.55, 4.0, "$h_t$", fontsize=_fs(1.1))
    ax.text(1.1, -0.6, "$x_t$", fontsize=_fs(1.1))
    bottom = -0.8
    if narrow:
        names = [f"${n}_t$ {GATE_NAMES[n]}" for n in "figo"]
        key = f"gates: {names[0]}, {names[1]},\n{names[2]}, {names[3]}"
        ax.text(4.2, -0.75, key, ha="center", va="top", fontsize=_fs(), linespacing=1.3)
        bottom = -1.6
    ax.set_xlim(-0.7, 9.1)
    ax.set_ylim(bottom, 4.3)


# -- figures for the web page: two drawings, each with its text at a readable size ---------------

LAYOUTS = ("wide", "narrow")
MIN_TEXT_PX = 12.0  # the smallest text a reader is shown, in CSS px
WIDE_FROM_PX = 640  # _static/figures.css shows the wide drawing from this width of the column
NARROW_FROM_PX = 360  # the narrow drawing's text is >= MIN_TEXT_PX from this width up (a phone)
FONT_STACK = "var(--pst-font-family-base, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)"


def _text_points(width: float, shown_from_px: float) -> float:
    """The font size (pt) at which a drawing `width` inches wide, shown scaled to
    `shown_from_px` CSS px, has its text at MIN_TEXT_PX (and 3 % to spare)."""
    width = as_float(width, "width", minimum=0.0, strict_minimum=True)
    shown = as_float(shown_from_px, "shown_from_px", minimum=0.0, strict_minimum=True)
    return round(1.03 * MIN_TEXT_PX * width * 72 / shown, 1)


def _layout_style(width: float, shown_from: float, layout: str) -> dict:
    size = max(_text_points(width, shown_from), 10.0 if layout == "narrow" else 11.0)
    return {
        **BOOK_STYLE,
        "font.size": size,
        # every text at the base size or larger: none at matplotlib's "small" sizes
        **{
            f"{k}size": "medium"
            for k in ("xtick.label", "ytick.label", "legend.font", "axes.label")
        },
        "legend.title_fontsize": "medium",
        "axes.titlesize": "medium",
        "svg.fonttype": "none",  # text as text: the browser draws it, a reader can select it
        "svg.image_inline": True,
        "lines.markersize": 5,
    }


_NUMBER = re.compile(r"(-?\d+\.\d\d)\d+")
_ATTRIBUTE_NUMBERS = re.compile(r'\b(d|x|y|width|height|transform|points)="([^"]*)"')
_TSPAN = re.compile(r'<tspan x="([^"]+)" y="([^"]+)" style="([^"]*)">([^<]*)</tspan>\s*')


def _merge_glyphs(text: str) -> str:
    """Mathtext writes one <tspan> per glyph, not in reading order; join the glyphs that are
    neighbours along one baseline in one style (the browser then spaces them itself)."""
    glyphs = sorted(
        ((float(x), y, style, chars) for x, y, style, chars in _TSPAN.findall(text)),
        key=lambda g: g[0],
    )
    runs: list[list] = []
    for x, y, style, chars in glyphs:
        if runs and runs[-1][1:3] == [y, style]:
            runs[-1][3] += chars
        else:
            runs.append([x, y, style, chars])
    return "".join(f'<tspan x="{x:g}" y="{y}" style="{s}">{c}</tspan>' for x, y, s, c in runs)


def _drop_bare_groups(svg: str) -> str:
    """Leave out the <g> elements that carry nothing (no attribute), keeping their content."""
    kept: list[bool] = []
    out = []
    for token in re.split(r"(<g>|<g [^>]*>|</g>)", svg):
        if token == "<g>":
            kept.append(False)
        elif token.startswith("<g "):
            kept.append(True)
            out.append(token)
        elif token == "</g>":
            if kept.pop():
                out.append(token)
        else:
            out.append(token)
    return "".join(out)


def _clean_svg(svg: str, prefix: str, alt: str) -> str:
    """matplotlib's SVG made fit to inline in a page: no prolog, metadata or comments; ids
    kept only where referenced, and prefixed (unique on the page); the page's font;
    coordinates to 0.01 pt; role="img" with the text alternative."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*|<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"\s*font-family:[^;\"]*(;|(?=\"))", "", svg)
    svg = re.sub(r' transform="rotate\(-0 [^)]*\)"', "", svg)
    svg = re.sub(
        r"<text>(.*?)</text>", lambda m: f"<text>{_merge_glyphs(m[1])}</text>", svg, flags=re.S
    )
    svg = _ATTRIBUTE_NUMBERS.sub(lambda m: m[1] + '="' + _NUMBER.sub(r"\1", m[2]) + '"', svg)
    svg = re.sub(r">\s+<", "><", re.sub(r"\s*\n\s*", " ", svg))
    used = set(re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg))
    used = {a or b for a, b in used}
    svg = re.sub(r' id="([^"]+)"', lambda m: f' id="{prefix}{m[1]}"' if m[1] in used else "", svg)
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m[1]}{prefix}{m[2]}", svg)
    svg = _drop_bare_groups(svg)
    label = html.escape(alt, quote=True)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" style="font-family: {FONT_STACK}" ',
        1,
    ).strip()


@dataclass(frozen=True)
class _BookFigure:
    """One figure drawn twice, as inline SVG: `wide` (panels side by side) and `narrow`
    (panels stacked, for a phone). The page shows the one that fits its column
    (_static/figures.css); elsewhere (JupyterLab, Colab) the wide one shows."""

    wide: str
    narrow: str
    alt: str

    def _repr_html_(self) -> str:
        return (
            '<div class="gg-figure">'
            f'<div class="gg-figure-wide">{self.wide}</div>'
            f'<div class="gg-figure-narrow" style="display: none">{self.narrow}</div>'
            "</div>"
        )

    def __repr__(self) -> str:
        return f"<_BookFigure: {self.alt}>"


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position: int) -> str:
    """'10⁻²' for a power of ten, '' for any other tick (as matplotlib's log axes label)."""
    if not value > 0:
        return ""
    exponent = round(math.log10(value))
    if not math.isclose(value, 10.0**exponent, rel_tol=1e-9):
        return ""
    return "10" + str(exponent).translate(_SUPERSCRIPTS)


def _draw_svg(
    draw: Callable[[list[Axes], str], object],
    layout: str,
    size: tuple[float, float],
    panels: int,
    grid: tuple[int, int],
    sharey: bool,
    shown_from: float,
) -> str:
    width, height = size
    with mpl.rc_context(_layout_style(width, shown_from, layout)):
        fig = Figure(figsize=(width, height), layout="constrained")
        rows, cols = grid if layout == "wide" else (panels, 1)
        axes = fig.subplots(rows, cols, squeeze=False, sharey=sharey and layout == "wide")
        draw(list(axes.ravel()), layout)
        for ax in fig.axes:  # log axes read 10⁻² as text, at the labels' size
            for axis in (ax.xaxis, ax.yaxis):
                if (
                    axis.get_scale() == "log"
                    and type(axis.get_major_formatter()) is LogFormatterSciNotation
                ):
                    axis.set_major_formatter(FuncFormatter(_power_of_ten))
        out = StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _size(value: object, name: str) -> tuple[float, float]:
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise TypeError(f"{name}: expected (width, height) in inches, got {value!r}")
    return (
        as_float(value[0], f"{name}[0]", minimum=0.0, strict_minimum=True),
        as_float(value[1], f"{name}[1]", minimum=0.0, strict_minimum=True),
    )


def book_figure(
    draw: Callable[[list[Axes], str], object],
    *,
    alt: str,
    panels: int = 1,
    grid: tuple[int, int] | None = None,
    wide: tuple[float, float] = (7.0, 3.2),
    narrow: tuple[float, float] = (4.4, 3.0),
    sharey: bool = False,
    narrow_from: float = NARROW_FROM_PX,
) -> _BookFigure:
    """A figure for the book's pages: `draw(axes, layout)` is called twice, for the `wide`
    layout (`panels` axes side by side, or rows × columns as `grid` says) and the `narrow`
    one (stacked), each of size (width, height) in inches. The font size follows from the
    width, so that text is at least MIN_TEXT_PX CSS px wherever the layout is shown: the wide
    one from WIDE_FROM_PX, the narrow one from `narrow_from` CSS px (less for a figure in an
    indented box). `alt` describes the figure."""
    try:
        inspect.signature(draw).bind([], "wide")
    except (TypeError, ValueError):
        raise TypeError(f"draw: expected a function draw(axes, layout), got {draw!r}") from None
    if not isinstance(alt, str) or len(alt.split()) < 3:
        raise ValueError(f"alt: expected a description of three words or more, got {alt!r}")
    panels = as_int(panels, "panels", minimum=1, maximum=4)
    narrow_from = as_float(narrow_from, "narrow_from", minimum=200.0, maximum=WIDE_FROM_PX)
    if grid is None:
        grid = (1, panels)
    elif not isinstance(grid, tuple | list) or len(grid) != 2:
        raise TypeError(f"grid: expected (rows, columns), got {grid!r}")
    else:
        grid = (as_int(grid[0], "grid[0]", minimum=1), as_int(grid[1], "grid[1]", minimum=1))
        if grid[0] * grid[1] != panels:
            raise ValueError(f"grid: expected rows × columns = panels = {panels}, got {grid}")
    sizes = {"wide": _size(wide, "wide"), "narrow": _size(narrow, "narrow")}
    svgs = {
        layout: _draw_svg(
            draw,
            layout,
            sizes[layout],
            panels,
            grid,
            bool(sharey),
            WIDE_FROM_PX if layout == "wide" else narrow_from,
        )
        for layout in LAYOUTS
    }
    key = hashlib.sha1("".join(svgs.values()).encode()).hexdigest()[:8]
    wide_svg, narrow_svg = (
        _clean_svg(svgs[layout], f"gg{key}{layout[0]}-", alt) for layout in LAYOUTS
    )
    return _BookFigure(wide=wide_svg, narrow=narrow_svg, alt=alt)
