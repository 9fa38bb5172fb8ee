"""Independent recomputations the claims share: plain loops that use none of the package's
numerics, only its storage layout."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def logistic(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def lstm_states(
    params, xs: np.ndarray, gate: Callable[[np.ndarray], np.ndarray] = logistic
) -> tuple[np.ndarray, np.ndarray]:
    """c_0 … c_T and h_0 … h_T, (T+1, H) each, from zero states: z = x K + h R + b over the
    stored `kernel`, `recurrent_kernel` and `bias` (blocks i, f, g, o), `gate` for i, f, o."""
    K, R, b = (
        np.asarray(a, dtype=float) for a in (params.kernel, params.recurrent_kernel, params.bias)
    )
    H = R.shape[0]
    h, c = np.zeros(H), np.zeros(H)
    hs, cs = [h], [c]
    for x_t in xs:
        z = x_t @ K + h @ R + b
        i, f, g, o = gate(z[:H]), gate(z[H : 2 * H]), np.tanh(z[2 * H : 3 * H]), gate(z[3 * H :])
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.array(cs), np.array(hs)
