"""Chapter 6's numbers: what its prose says of each.

Independent recomputations: the gate explorer's one-unit cell from its formulas (candidate
tanh(x + h), forget gate σ(x + h + 1), input gate σ(w(x + h) + b)); the sequence explorer's
memory unit 0 as a scalar recursion on the sequence's values (its gates read no h_{t−1}):
c_t = f_t c_{t−1} + σ(10 m_t − 5) tanh(2 v_t), f_t = σ(b_f − 10 m_t), or f held at 1 or 0.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

import gatesgrad as gg
from gatesgrad.explorers.sequence import MARKERS, memory_lstm
from tests.claims.reference import logistic as sigma
from tests.claims.reference import lstm_states
from tests.claims.spec import above, approx, below, equals

T = 30  # the sequence explorer's length
AFTER = T - MARKERS[1]  # steps after the second write


# --- the gate explorer (studied gate: i) ---------------------------------------------------


def written(x: float, h: float, w: float, b: float) -> float:
    """i_t g_t of the explorer's cell."""
    return sigma(w * (x + h) + b) * math.tanh(x + h)


def removed(x: float, h: float, c: float) -> float:
    """c_{t−1} − f_t c_{t−1}: what one step's forgetting takes away."""
    return c * (1 - sigma(x + h + 1))


# --- the sequence explorer ------------------------------------------------------------------


def values() -> np.ndarray:
    """v_1 … v_30: the sequence's first input (seed 0)."""
    return np.random.default_rng(0).uniform(0, 1, T)


@cache
def unit0(mode: str, b_f: float) -> list[float]:
    """c_0 … c_T of the memory unit."""
    c, cs = 0.0, [0.0]
    for t, v in enumerate(values(), start=1):
        m = 1.0 if t in MARKERS else 0.0
        f = {"as computed": sigma(b_f - 10 * m), "held at 1": 1.0, "held at 0": 0.0}[mode]
        c = f * c + sigma(10 * m - 5) * math.tanh(2 * v)
        cs.append(c)
    return cs


def kept(mode: str, b_f: float) -> float:
    cs = unit0(mode, b_f)
    return cs[-1] / cs[MARKERS[1]]


def drift() -> float:
    """What the nearly shut input gate writes after the second marker: σ(−5) Σ tanh(2 v_t)."""
    return sigma(-5) * float(np.tanh(2 * values()[MARKERS[1] :]).sum())


def random_units(forget: float | None) -> float:
    """max |c| of the sequence explorer's random units 1 … 3."""
    markers = [1.0 if t in MARKERS else 0.0 for t in range(1, T + 1)]
    xs = np.stack([values(), markers], axis=1)
    return float(np.abs(lstm_states(memory_lstm(2.0), xs, forget=forget).c[:, 1:]).max())


@cache
def wild() -> np.ndarray:
    """The last exercise's LSTM with large weights on 300 steps: c_0 … c_300."""
    rng = np.random.default_rng(4)
    p = gg.init_lstm(3, 8, rng=rng)
    params = gg.LSTMParams(10 * p.kernel, 10 * p.recurrent_kernel, 5 * rng.normal(size=32))
    return lstm_states(params, 5 * rng.normal(size=(300, 3))).c


CLAIMS = {
    # gate explorer, "things to try"
    "ch6_try_i_shut": approx(sigma(-3), rel=1e-12),
    "ch6_try_shut_written": approx(written(1.5, 0.9, 0.0, -3.0), rel=1e-9),
    "ch6_try_cue_i_-1.5": approx(sigma(-4.5), rel=1e-12),
    "ch6_try_cue_i_+1.5": approx(sigma(4.5), rel=1e-12),
    "ch6_try_cue_written_-1.5": approx(written(-1.5, 0.0, 3.0, 0.0), rel=1e-9),
    "ch6_try_cue_written_+1.5": approx(written(1.5, 0.0, 3.0, 0.0), rel=1e-9),
    "ch6_try_flip_written": approx(written(-1.5, 0.0, -3.0, 0.0), rel=1e-9) & below(0.0),
    # "no setting writes as much as 1": the largest write is at x + h = 2.4, w = b = 3
    "ch6_try_max_written": approx(written(1.5, 0.9, 3.0, 3.0), rel=1e-9) & below(1.0),
    "ch6_try_wipe_f": approx(sigma(-1.4), rel=1e-9),
    # "forgetting has no such limit": one step removes more than 1
    "ch6_try_wipe_removed": approx(removed(-1.5, -0.9, 3.0), rel=1e-9) & above(1.0),
    # sequence explorer
    "ch6_i_marker": approx(sigma(5), rel=1e-12),
    "ch6_i_between": approx(sigma(-5), rel=1e-12),
    "ch6_stored": approx(lambda: unit0("as computed", 2.0)[MARKERS[1]], rel=1e-9),
    "ch6_kept_2": approx(lambda: kept("as computed", 2.0), rel=1e-9),
    "ch6_kept_4": approx(lambda: kept("as computed", 4.0), rel=1e-9),
    # "at b_f = 6 … more than it stored"
    "ch6_kept_6": approx(lambda: kept("as computed", 6.0), rel=1e-9) & above(1.0),
    "ch6_forget_only_2": approx(sigma(2) ** AFTER, rel=1e-12),
    "ch6_forget_only_4": approx(sigma(4) ** AFTER, rel=1e-12),
    "ch6_forget_only_6": approx(sigma(6) ** AFTER, rel=1e-12),
    "ch6_mean_g": approx(lambda: float(np.tanh(2 * values()[MARKERS[1] :]).mean()), rel=1e-12),
    "ch6_drift_expected": approx(drift, rel=1e-12),
    # "with the forget gate held at 1 the cell gains exactly" the expected drift; the last
    # exercise: "−5 is not shut enough" to keep it within 0.01
    "ch6_drift": approx(drift, rel=1e-9) & above(0.01),
    "ch6_drift_share": approx(lambda: drift() / unit0("as computed", 2.0)[MARKERS[1]], rel=1e-9),
    "ch6_stored_held_1": approx(lambda: unit0("held at 1", 2.0)[MARKERS[1]], rel=1e-9),
    "ch6_kept_held_1": approx(lambda: 1 + drift() / unit0("held at 1", 2.0)[MARKERS[1]], rel=1e-9),
    "ch6_random_c_held_1": approx(lambda: random_units(1.0), rel=1e-9),
    "ch6_random_c_computed": approx(lambda: random_units(None), rel=1e-9),
    # "only the last step's write σ(−5) tanh(2 v_30)", relative to σ(5) tanh(2 v_16)
    "ch6_kept_held_0": approx(
        lambda: (
            sigma(-5)
            * math.tanh(2 * values()[-1])
            / (sigma(5) * math.tanh(2 * values()[MARKERS[1] - 1]))
        ),
        rel=1e-9,
    ),
    # exercise: "the bound … is reached with equality in floating point"
    "ch6_ex_max_written": equals(1.0),
    # "the change |c_t − c_{t−1}| has no such bound: here it reaches …"
    "ch6_ex_max_change": approx(lambda: float(np.abs(np.diff(wild(), axis=0)).max()), rel=1e-9)
    & above(1.0),
    # checked exercises: σ(1) g = 0.5 gives z^g = artanh(0.5 / σ(1)) = artanh((1 + e^{−1}) / 2);
    # 14 σ(b_i) = 0.01 gives b_i = ln(p / (1 − p)) with p = 0.01/14, that is −ln(1399)
    "ch6_check_z_g": approx(math.atanh((1 + math.exp(-1)) / 2), rel=1e-12),
    "ch6_check_b_i": approx(-math.log(1399), rel=1e-12),
}
