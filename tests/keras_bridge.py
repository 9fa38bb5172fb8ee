"""`km`: the Keras bridge (`gatesgrad.keras_models`), imported when one of its public names is
first used. Collecting the tests does not import TensorFlow (seconds, in every test process);
running them does, in one process (the `keras` group: conftest.py)."""

import importlib


class LazyModule:
    """Module `name`, imported when one of its public names is first used. The private and
    special names that pytest's collection probes on every module-level object
    (`__wrapped__`, `_mock_name`, …) do not import it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)


km = LazyModule("gatesgrad.keras_models")
