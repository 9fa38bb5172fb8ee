"""The trainer: a live figure whose JavaScript computes. A SimpleRNN, an LSTM or a GRU (or
two side by side, from the same seed) learns the adding problem in the page, in a Worker
(`trainer_source` in base.py), while the view draws the loss, ‖∂L/∂x_t‖ on a fixed probe batch and
the gates of one probe sequence.

Its contract differs from the other explorers': nothing is precomputed over the controls but
the initial weights. `data` holds
- `controls`: the settings (`networks`, `T`, `H`, `forget`, `update`, `lr`, `seed`), each a
  list of choices; `selection` says which, and any change resets the run(s);
- `networks`: for each choice of `networks`, the architectures it runs;
- `weights[arch][H]`: float32 (seeds, n), each row the parameters of `trainer_weights(arch,
  H, seed)` flattened in the order of `PARAMS`, gate bias 0; `sizes[arch][H]`: each
  parameter's length in that row;
- `gate_biases[arch][choice][H]`: the whole `bias` parameter for a gate-bias choice other
  than 0, float32 (seeds, size), or (seeds, T values, size) for 'chrono' (it depends on T);
- `batch`, `clip`, `probe_every` (steps between probes), `probe_seed`, `probe_size`, `smooth`
  (the steps the drawn loss is averaged over).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._checks import as_choice, as_int
from ..trainer import PARAMS, PROBE_SIZE, trainer_weights, weight_shapes, with_gate_bias
from ..xoshiro import PROBE_SEED
from .base import Explorer, control, encode_array

ARCHS = ("rnn", "lstm", "gru")
NAMES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
# What can run: one network, or two side by side.
NETWORKS = (("rnn",), ("lstm",), ("gru",), ("rnn", "lstm"), ("rnn", "gru"), ("lstm", "gru"))
LENGTHS = (10, 25, 50, 100)
HIDDEN = (8, 16, 32)
SEEDS = (0, 1, 2)
FORGET = (0.0, 1.0, "chrono")  # the LSTM's b_f
UPDATE = (0.0, 1.0)  # the GRU's b_z
RATES = (1e-3, 3e-3, 1e-2, 3e-2)
SMOOTH = 50  # the drawn loss and the readout's: the mean of the last SMOOTH steps' losses


def _shown(choice: float | str) -> str:
    """A gate-bias choice as the control shows it and the page's keys name it: '0', 'chrono'."""
    return choice if isinstance(choice, str) else f"{choice:g}"


def _network_label(archs: Sequence[str]) -> str:
    return " and ".join(NAMES[a] for a in archs)


def _index(values: Sequence[Any], value: Any, name: str) -> int:
    """The index of `value` among the choices `values` (numbers or words)."""
    for k, v in enumerate(values):
        same_word = isinstance(v, str) and isinstance(value, str) and v == value
        same_number = (
            not isinstance(v, str)
            and isinstance(value, int | float | np.integer | np.floating)
            and not isinstance(value, bool)
            and v == value
        )
        if same_word or same_number:
            return k
    raise ValueError(f"{name}: expected one of {list(values)}, got {value!r}")


def _weights() -> tuple[dict, dict, dict]:
    """Every run's initial weights (gate bias 0), the parameters' sizes, and every other gate
    bias, encoded for the page (a copy of what is drawn once per process)."""
    return copy.deepcopy(_drawn_weights())


@functools.cache
def _drawn_weights() -> tuple[dict, dict, dict]:
    weights: dict[str, dict[str, Any]] = {}
    sizes: dict[str, dict[str, list[int]]] = {}
    others = {"lstm": FORGET[1:], "gru": UPDATE[1:]}  # the gate biases other than 0
    biases: dict[str, dict[str, dict[str, Any]]] = {
        arch: {_shown(c): {} for c in choices} for arch, choices in others.items()
    }
    for arch in ARCHS:
        weights[arch], sizes[arch] = {}, {}
        for H in HIDDEN:
            drawn = [trainer_weights(arch, H, seed) for seed in SEEDS]
            rows = [np.concatenate([w[name].ravel() for name in PARAMS]) for w in drawn]
            weights[arch][str(H)] = encode_array(np.array(rows))
            sizes[arch][str(H)] = [int(np.prod(s)) for s in weight_shapes(arch, H).values()]
            for choice in others.get(arch, ()):
                lengths = LENGTHS if choice == "chrono" else LENGTHS[:1]  # only chrono uses T
                set_bias = [
                    [
                        with_gate_bias(w, arch, choice, seed=seed, T=T)["bias"].ravel()
                        for T in lengths
                    ]
                    for seed, w in zip(SEEDS, drawn, strict=True)
                ]
                values = np.array(set_bias)
                biases[arch][_shown(choice)][str(H)] = encode_array(
                    values if choice == "chrono" else values[:, 0]
                )
    return weights, sizes, biases


def trainer_explorer(
    *,
    title: str = "Train it yourself: the adding problem",
    archs: Sequence[str] = ("rnn", "lstm"),
    T: int = 100,
    H: int = 16,
    lr: float = 1e-2,
    seed: int = 0,
    forget_bias: str | float = 1.0,
    update_bias: float = 0.0,
    batch: int = 16,
    probe_every: int = 10,
) -> Explorer:
    """The trainer, its controls at `archs` (one architecture or two: 'rnn', 'lstm', 'gru'),
    `T` (10, 25, 50 or 100; by default 100, where the SimpleRNN fails even after thousands of
    steps), `H`, `lr`, `seed`, the LSTM's `forget_bias` (0, 1 or 'chrono') and the GRU's
    `update_bias` (0 or 1); `batch` sequences a step, a probe every `probe_every` steps."""
    if isinstance(archs, str) or not isinstance(archs, Sequence):
        raise TypeError(f"archs: expected a list of one or two architectures, got {archs!r}")
    pair = tuple(as_choice(a, "archs", ARCHS) for a in archs)
    if pair not in NETWORKS:
        raise ValueError(
            f"archs: expected one of {[list(n) for n in NETWORKS]}, got {list(archs)!r}"
        )
    selection = {
        "networks": NETWORKS.index(pair),
        "T": _index(LENGTHS, T, "T"),
        "H": _index(HIDDEN, H, "H"),
        "forget": _index(FORGET, forget_bias, "forget_bias"),
        "update": _index(UPDATE, update_bias, "update_bias"),
        "lr": _index(RATES, lr, "lr"),
        "seed": _index(SEEDS, seed, "seed"),
    }
    with_lstm = [k for k, n in enumerate(NETWORKS) if "lstm" in n]
    with_gru = [k for k, n in enumerate(NETWORKS) if "gru" in n]
    weights, sizes, biases = _weights()
    data = {
        "controls": [
            control("networks", "network", [_network_label(n) for n in NETWORKS], radio=True),
            control("T", "length T", LENGTHS, radio=True),
            control("H", "units H", HIDDEN, radio=True),
            control(
                "forget",
                "LSTM bias b_f",
                [_shown(c) for c in FORGET],
                radio=True,
                enabled_when={"networks": with_lstm},
                disabled_note="(no LSTM)",
            ),
            control(
                "update",
                "GRU bias b_z",
                [_shown(c) for c in UPDATE],
                radio=True,
                enabled_when={"networks": with_gru},
                disabled_note="(no GRU)",
            ),
            control("lr", "learning rate", RATES, radio=True),
            control("seed", "seed", SEEDS, radio=True),
        ],
        "arrays": {},
        "networks": [list(n) for n in NETWORKS],
        "names": NAMES,
        "weights": weights,
        "sizes": sizes,
        "gate_biases": biases,
        "batch": as_int(batch, "batch", minimum=1),
        "clip": 1.0,
        "probe_every": as_int(probe_every, "probe_every", minimum=1),
        "probe_seed": PROBE_SEED,
        "probe_size": PROBE_SIZE,
        "smooth": SMOOTH,
    }
    return Explorer("trainer", title=title, data=data, selection=selection)
