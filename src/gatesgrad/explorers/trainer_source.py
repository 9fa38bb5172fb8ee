"""The in-page trainer's JavaScript as one classic script: the source of the Worker a
trainer view builds from a Blob (and what a test page runs on its main thread).

The files of js/trainer/ define everything on one namespace, `GGTrain`; `worker.js` serves
the Worker's messages only inside a Worker. js/trainer/ is not a view: `views()` reads js/*.js.
"""

from __future__ import annotations

from functools import cache

from .base import _served

TRAINER_JS = (
    "xoshiro.js",  # the seeded generator and adding-problem batches
    "linalg.js",  # the products every cell uses, σ
    "rnn.js",
    "lstm.js",
    "gru.js",
    "optimizer.js",  # clipping and Adam
    "training.js",  # createRun: batches, step, probe
    "worker.js",  # the message loop
)


@cache
def trainer_source() -> str:
    """The files of js/trainer/ in the order of `TRAINER_JS`, without whole-line comments."""
    return "\n".join(_served(f"trainer/{name}") for name in TRAINER_JS) + "\n"
