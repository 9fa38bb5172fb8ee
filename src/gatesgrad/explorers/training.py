"""The training explorer: what the gradient reaches at every checkpoint of the adding-problem
runs (chapters 10 and 11 train them; `gatesgrad.checkpoints` measures each one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._checks import as_float_array
from ..checkpoints import Probe
from .base import Explorer, control, grid_array

# What the readout says of each kind of cell, beside the gradient.
CELL_LINES = {
    "rnn": "‖∂h_T/∂h₀‖ = {reach:pow10}. Its units: a share of {saturated:sig} of all |hₜ| "
    "beyond 0.95, mean tanh′ {slope:sig}, ρ(Wₕₕ) = {rho:sig}.",
    "lstm": "‖∂c_T/∂c₀‖ = {reach:pow10}. Its memory unit (the one the read-out takes most "
    "from): forget gate {at_marks:sig} at the two markers, {between:sig} between them; the "
    "most open unit's, between them: {most_open:sig}.",
    "gru": "‖∂h_T/∂h₀‖ = {reach:pow10}. Its memory unit (the one the read-out takes most "
    "from): update gate {at_marks:sig} at the two markers, {between:sig} between them; the "
    "most open unit's, between them: {most_open:sig}.",
}


@dataclass(frozen=True)
class Summary:
    """What the explorer shows of one checkpoint."""

    one: np.ndarray  # (T,) log10 ‖∂L/∂x_t‖ of the first probe sequence
    median: np.ndarray  # (T,) log10 of its median over the probe batch
    first: float  # log10 median ‖∂L/∂x_t‖ at each sequence's first marker
    second: float  # … at its second marker
    reach: float  # median log10 ‖∂s_T/∂s_0‖
    saturated: float
    slope: float
    rho: float
    at_marks: float  # the memory unit's gate at the markers (mean over the batch)
    between: float  # … at the steps between the two markers
    most_open: float  # the largest of every unit's mean gate between the markers
    open_unit: int  # the unit that has it (0 for the SimpleRNN)


def marker_steps(x: np.ndarray) -> np.ndarray:
    """The two marked steps of every sequence, 0-based, (B, 2), from the marker channel."""
    x = as_float_array(x, "x", shape=(None, None, 2), nonempty=True)
    marks = [np.flatnonzero(seq[:, 1]) for seq in x]
    if any(len(m) != 2 for m in marks):
        raise ValueError("x: expected exactly two marked steps in every sequence")
    return np.array(marks)


def summarise(probe: Probe, x: np.ndarray) -> Summary:
    """The explorer's numbers for one checkpoint probed on the sequences x (B, T, 2)."""
    marks = marker_steps(x)
    rows = np.arange(len(marks))
    grads = probe.input_grads
    with np.errstate(divide="ignore"):
        log_grads = np.log10(grads)
    at_marks = between = most_open = saturated = slope = rho = 0.0  # 0: no such number
    open_unit = 0
    if probe.gate is None:
        saturated, slope, rho = probe.saturated_share, probe.mean_slope, float(probe.rho)
    else:
        inside = np.zeros(probe.gate.shape[:2], dtype=bool)  # (B, T)
        for b, (t1, t2) in enumerate(marks):
            inside[b, t1 + 1 : t2] = True
        kept = probe.gate[inside].mean(axis=0)  # (H,) each unit's mean gate between the markers
        gate = probe.gate[:, :, int(np.argmax(probe.use))]  # the memory unit's, (B, T)
        at_marks, between = float(gate[rows[:, None], marks].mean()), float(gate[inside].mean())
        open_unit = int(np.argmax(kept))
        most_open = float(kept[open_unit])
    return Summary(
        one=log_grads[0],
        median=np.log10(np.median(grads, axis=0)),
        first=float(np.log10(np.median(grads[rows, marks[:, 0]]))),
        second=float(np.log10(np.median(grads[rows, marks[:, 1]]))),
        reach=float(np.median(probe.log10_reach)),
        saturated=saturated,
        slope=slope,
        rho=rho,
        at_marks=at_marks,
        between=between,
        most_open=most_open,
        open_unit=open_unit,
    )


def training_explorer(
    runs: Mapping[str, Sequence[Probe]],
    test_mse: Mapping[str, Sequence[float]],
    x: np.ndarray,
    *,
    title: str,
) -> Explorer:
    """`runs` maps a run's label ("LSTM, seed 0") to the Probes of its checkpoints (untrained
    first), all on the probe sequences x (B, T, 2); `test_mse` maps the same labels to each
    checkpoint's test error."""
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(f"runs: expected a non-empty mapping of labels to runs, got {runs!r}")
    labels = list(runs)
    for label, run in runs.items():
        if (
            isinstance(run, str | bytes)
            or not isinstance(run, Sequence)
            or not run
            or not all(isinstance(p, Probe) for p in run)
        ):
            raise TypeError(f"runs[{label!r}]: expected a non-empty list of Probes, got {run!r}")
    checkpoints = len(runs[labels[0]])
    for label, run in runs.items():
        if len(run) != checkpoints:
            raise ValueError(
                f"runs[{label!r}]: expected {checkpoints} checkpoints (as {labels[0]!r} has), "
                f"got {len(run)}"
            )
    if not isinstance(test_mse, Mapping) or list(test_mse) != labels:
        got = list(test_mse) if isinstance(test_mse, Mapping) else type(test_mse).__name__
        raise ValueError(f"test_mse: expected the labels of runs, {labels}, got {got}")
    for label in labels:
        as_float_array(test_mse[label], f"test_mse[{label!r}]", shape=(checkpoints,))
    x = as_float_array(x, "x", shape=(None, None, 2), nonempty=True)
    for label, run in runs.items():
        if any(p.sensitivity.shape != x.shape[:2] for p in run):
            raise ValueError(
                f"x: expected the sequences runs[{label!r}] was probed on, shape "
                f"{run[0].sensitivity.shape + (2,)}, got {x.shape}"
            )
    kinds = [runs[label][0].kind for label in labels]
    summaries = [[summarise(p, x) for p in runs[label]] for label in labels]
    T = len(summaries[0][0].one)

    def grid(field: str) -> np.ndarray:
        return np.array([[getattr(s, field) for s in run] for run in summaries])

    dims = ["run", "epoch"]
    first_seq = marker_steps(x)[0] + 1  # 1-based steps
    data = {
        "controls": [
            control("run", "run", labels, radio=True),
            control("epoch", "epochs of training", list(range(checkpoints))),
        ],
        "x_min": 1,
        "x_max": T,
        "series": [
            {
                "name": "one",
                "label": "‖∂L/∂xₜ‖ of one sequence (its markers dotted)",
                "className": "gg-measured",
            },
            {"name": "median", "label": "median over the probe sequences", "className": "gg-bound"},
        ],
        "arrays": {
            "one": grid_array(grid("one"), dims),
            "median": grid_array(grid("median"), dims),
            "mse": grid_array(np.array([test_mse[label] for label in labels]), dims),
            **{name: grid_array(grid(name), dims) for name in ("first", "second", "reach")},
            **{
                name: grid_array(grid(name), dims)
                for name in ("saturated", "slope", "rho", "at_marks", "between", "most_open")
            },
            "cell": grid_array(np.array([list(CELL_LINES).index(kind) for kind in kinds]), ["run"]),
        },
        "phrases": {"cell": list(CELL_LINES.values())},
        "vlines": [
            {"x": int(first_seq[0]), "label": "first marker", "className": "gg-marker"},
            {"x": int(first_seq[1]), "label": "second marker", "className": "gg-marker"},
        ],
        "x_label": "step t",
        "y_label": "‖∂L/∂xₜ‖ (log scale)",
        "y_range": [-12, 0],
        "y_step": 4,
        "description": "The gradient of the squared error with respect to every input of an "
        "adding-problem sequence, for the training run and epoch chosen, on a log "
        "axis: for one sequence, with its two marked steps drawn as dotted lines, and the median "
        f"over {len(x)} test sequences.",
        "explain": [
            "After {epoch} epochs: test error {mse:sig}. The gradient reaching the first marker: "
            "{first:pow10}, the second: {second:pow10} (medians over the probe sequences).",
            "{cell:phrase}",
        ],
    }
    return Explorer("curves", title=title, data=data, selection={"run": 0, "epoch": 0})
