"""The explorers of chapter 12, over the character models trained on *Moby-Dick*:

- `unit_text_explorer`: a passage, each character coloured by one unit's state or gate;
- `connectivity_explorer`: ‖∂L_t/∂x_k‖ over the characters k before t, RNN, LSTM and GRU;
- `samples_explorer`: what each model writes, at a few temperatures and checkpoints.

Text travels as uint8 codes into the alphabet, colours as uint8 levels: the page stays small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .._checks import as_bool, as_choice, as_float, as_float_array, as_int, as_int_list
from ..charmodel import (
    CHECKPOINT_EPOCHS,
    KINDS,
    QUANTITIES,
    connectivity,
    load_char_model,
    run_char_model,
    sample_text,
    training_log,
)
from ..text import FEATURES, encode
from .base import Explorer, control, grid_array

MODEL_NAMES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
QUANTITY_NAMES = {
    "c": "cell state c",
    "tanh_c": "tanh c",
    "h": "state h",
    "i": "input gate i",
    "f": "forget gate f",
    "g": "candidate g",
    "o": "output gate o",
    "z": "update gate z",
    "r": "reset gate r",
    "h_tilde": "candidate h̃",
}
SIGNED = {"c", "tanh_c", "h", "g", "h_tilde"}  # drawn from blue (−) through none to orange (+)
# The state searched for features: what carries memory forward and reaches the output (the
# LSTM's cell through tanh: a cell far beyond ±3 is flat under it and invisible downstream).
STATE = {"rnn": "h", "lstm": "tanh_c", "gru": "h"}
FEATURE_KEYS = ("quotes", "line", "word", "punct")  # array names for FEATURES, in order


def epoch_label(epoch: int) -> str:
    """ "untrained", "1 epoch", "5 epochs"."""
    epoch = as_int(epoch, "epoch", minimum=0)
    return "untrained" if epoch == 0 else f"{epoch} epoch{'s' * (epoch != 1)}"


def _alphabet_of(chars: str, **texts: str) -> list[np.ndarray]:
    """The codes of each text (named by its argument) in the alphabet `chars`, which must be
    the one the models were trained with (code k is the model's input k)."""
    trained = training_log()["alphabet"]
    if chars != trained:
        got = f"{len(chars)} characters" if isinstance(chars, str) else type(chars).__name__
        raise ValueError(
            f"chars: expected the models' alphabet ({len(trained)} characters, "
            f"training_log()['alphabet']), got {got}"
        )
    codes = []
    for name, text in texts.items():
        if not isinstance(text, str) or not text:
            got = "an empty string" if text == "" else type(text).__name__
            raise TypeError(f"{name}: expected a non-empty string, got {got}")
        missing = sorted(set(text) - set(chars))
        if missing:
            raise ValueError(
                f"{name}: expected characters of chars, got {missing[:10]} outside them"
            )
        codes.append(encode(text, chars))
    return codes


def colour_levels(values: np.ndarray, signed: bool, scale: float) -> np.ndarray:
    """Values as uint8 levels: signed, −scale … scale → 0 … 255 (0 at 127.5); else 0 … 1."""
    values = as_float_array(values, "values")
    signed = as_bool(signed, "signed")
    scale = as_float(scale, "scale", minimum=0.0, strict_minimum=True)
    unit = (values / scale + 1) / 2 if signed else values
    return np.round(255 * np.clip(unit, 0, 1))


def unit_text_explorer(
    kind: str,
    chars: str,
    passage: str,
    context: str,
    units: Sequence[int],
    correlations: Mapping[int, Mapping[str, np.ndarray]],
) -> Explorer:
    """The `passage`, read after `context` from a zero state, each character coloured by a
    unit's state or gate, at every checkpoint. `units`: the units the slider reaches (in
    numeric order; it opens on the first given);
    `correlations[epoch][feature]`: each unit's r with a feature of `text.FEATURES` (H,),
    for the readout."""
    kind = as_choice(kind, "kind", list(KINDS))
    passage_codes, context_codes = _alphabet_of(chars, passage=passage, context=context)
    H = load_char_model(kind, CHECKPOINT_EPOCHS[-1]).units
    units = as_int_list(units, "units", minimum=0)
    if not units or max(units) >= H:
        raise ValueError(f"units: expected units from 0 to {H - 1}, got {units}")
    if len(set(units)) < len(units):
        raise ValueError(f"units: expected distinct units, got {units}")
    first, units = units[0], sorted(units)  # the slider runs in numeric order
    if not isinstance(correlations, Mapping):
        raise TypeError(
            f"correlations: expected a mapping from epochs to features' r, got "
            f"{type(correlations).__name__}"
        )
    for epoch in CHECKPOINT_EPOCHS:
        given = correlations.get(epoch, {})
        missing = set(FEATURES) - set(given if isinstance(given, Mapping) else ())
        if missing:
            raise ValueError(
                f"correlations[{epoch}]: expected every feature, got {sorted(missing)} missing"
            )
        for feature in FEATURES:
            as_float_array(
                given[feature],
                f"correlations[{epoch}][{feature!r}]",
                shape=(H,),
                finite=False,  # NaN: a unit that never changes
                sizes_from="the model's units",
            )
    quantities = QUANTITIES[kind]
    shape = (len(units), len(quantities), len(CHECKPOINT_EPOCHS))
    levels = np.zeros((*shape, len(passage_codes)))
    low, high, scale = (np.zeros(shape) for _ in range(3))
    r = {key: np.zeros((len(units), len(CHECKPOINT_EPOCHS))) for key in FEATURE_KEYS}
    for e, epoch in enumerate(CHECKPOINT_EPOCHS):
        model = load_char_model(kind, epoch)
        warm = run_char_model(model, context_codes).state
        run = run_char_model(model, passage_codes, warm)
        for q, name in enumerate(quantities):
            values = run.quantities[name][:, units].T  # (units, P)
            signed = name in SIGNED
            bound = np.abs(values).max(axis=1) if name == "c" else np.ones(len(units))
            for u in range(len(units)):
                levels[u, q, e] = colour_levels(values[u], signed, bound[u])
            low[:, q, e], high[:, q, e], scale[:, q, e] = values.min(1), values.max(1), bound
        for key, feature in zip(FEATURE_KEYS, FEATURES, strict=True):
            r[key][:, e] = np.asarray(correlations[epoch][feature])[units]
    dims = ["unit", "quantity", "epoch"]  # grid_array drops a quantity axis of one (the RNN's)
    controls = [control("unit", "unit (by number)", units)]
    if len(quantities) > 1:
        controls.append(
            control("quantity", "colour by", [QUANTITY_NAMES[q] for q in quantities], radio=True)
        )
    controls.append(
        control("epoch", "weights", [epoch_label(e) for e in CHECKPOINT_EPOCHS], radio=True)
    )
    quantity = "{quantity}" if len(quantities) > 1 else QUANTITY_NAMES[quantities[0]]
    signed = [float(q in SIGNED) for q in quantities]
    data = {
        "controls": controls,
        "chars": chars,
        "arrays": {
            "codes": grid_array(passage_codes, [], dtype="uint8"),
            "colour": grid_array(levels, dims, dtype="uint8"),
            "signed": grid_array(np.array(signed), ["quantity"]),
            "scale": grid_array(scale, dims),
            "low": grid_array(low, dims),
            "high": grid_array(high, dims),
            **{key: grid_array(r[key], ["unit", "epoch"]) for key in FEATURE_KEYS},
        },
        "description": f"A passage of the validation text, each character coloured by one unit "
        f"of the {MODEL_NAMES[kind]} after reading it.",
        "explain": [
            f"Unit {{unit}}, {quantity}, {{epoch}}: from {{low}} to {{high}} over this passage.",
            f"Over the validation text, this unit's {QUANTITY_NAMES[STATE[kind]]} correlates "
            "with: inside quotes r = {quotes}, position in the line r = {line}, inside a word "
            "r = {word}, after punctuation r = {punct}.",
        ],
    }
    start = {c["name"]: 0 for c in controls} | {"epoch": len(CHECKPOINT_EPOCHS) - 1}
    start["unit"] = units.index(first)
    if len(quantities) > 1:
        start["quantity"] = quantities.index(STATE[kind])  # opens on the state searched
    return Explorer(
        "text",
        title=f"What one unit of the {MODEL_NAMES[kind]} does as it reads",
        data=data,
        selection=start,
    )


def _snippet(text: str, width: int = 24) -> str:
    shown = text[-width:].replace("\n", "↵")
    return ("…" if len(text) > width else "") + shown


def connectivity_explorer(
    chars: str, text: str, targets: Sequence[int], *, reach: int = 150, origin: int = 0
) -> Explorer:
    """For each index p in `targets` (into `text`: the character to predict), log10 ‖∂L/∂x_k‖
    for the `reach` characters x_k read before it, the last read first, for each model at each
    checkpoint. Every model reads those characters from a zero state. The slider shows each p
    counted from `origin` (where a passage starts)."""
    (codes,) = _alphabet_of(chars, text=text)
    origin = as_int(origin, "origin")
    reach = as_int(reach, "reach", minimum=2)
    targets = as_int_list(targets, "targets", minimum=reach)
    if not targets or max(targets) >= len(codes):
        raise ValueError(
            f"targets: expected positions from {reach} to {len(codes) - 1}, got {targets}"
        )
    curves = np.zeros((len(KINDS), len(targets), len(CHECKPOINT_EPOCHS), reach))
    for m, kind in enumerate(KINDS):
        for e, epoch in enumerate(CHECKPOINT_EPOCHS):
            model = load_char_model(kind, epoch)
            for k, t in enumerate(targets):
                norms = connectivity(model, codes[t - reach : t + 1])
                with np.errstate(divide="ignore"):
                    curves[m, k, e] = np.log10(norms[::-1])  # x = 0: the last character read
    data = {
        "controls": [
            control(
                "target",
                "character to predict, its position in the passage",
                [t - origin for t in targets],
            ),
            control("epoch", "weights", [epoch_label(e) for e in CHECKPOINT_EPOCHS], radio=True),
        ],
        "x_max": reach - 1,
        "series": [
            {"name": "rnn", "label": "SimpleRNN", "className": "gg-rnn"},
            {"name": "lstm", "label": "LSTM", "className": "gg-measured"},
            {"name": "gru", "label": "GRU", "className": "gg-gru"},
        ],
        "arrays": {
            **{kind: grid_array(curves[m], ["target", "epoch"]) for m, kind in enumerate(KINDS)},
            "context": grid_array(np.arange(len(targets)), ["target"]),
        },
        "phrases": {
            "context": [
                f"Predicting “{text[t].replace(chr(10), '↵')}” after “{_snippet(text[:t])}”."
                for t in targets
            ]
        },
        "x_label": "characters back from the last one read (t − k)",
        "y_label": "‖∂Lₜ/∂xₖ‖ (log scale)",
        "y_range": [-12, 2],
        "y_step": 2,
        "description": "How much the loss of predicting one character depends on each of the "
        f"{reach} characters read before it, for the three models.",
        "explain": [
            "{context:phrase}",
            " ".join(
                f"{x} characters back: SimpleRNN {{rnn[{x}]:pow10}}, LSTM {{lstm[{x}]:pow10}}, "
                f"GRU {{gru[{x}]:pow10}}."
                for x in sorted({min(10, reach - 1), min(100, reach - 1)})  # within the curves
            ),
        ],
    }
    start = {"target": 0, "epoch": len(CHECKPOINT_EPOCHS) - 1}
    return Explorer(
        "curves", title="Where the gradient of one prediction reaches", data=data, selection=start
    )


def samples_explorer(
    chars: str,
    prime: str,
    *,
    length: int = 300,
    temperatures: Sequence[float] = (0.5, 1.0),
    seed: int = 0,
    valid_bits: Mapping[str, Sequence[float]],
) -> Explorer:
    """What each model writes after `prime`, at each checkpoint and temperature: `length`
    characters drawn with numpy's generator from `seed`. `valid_bits[kind][epoch]`: the
    validation bits per character the training recorded after each epoch."""
    (prime_codes,) = _alphabet_of(chars, prime=prime)
    length = as_int(length, "length", minimum=1)
    if isinstance(temperatures, str | bytes) or not isinstance(temperatures, Sequence):
        raise TypeError(
            f"temperatures: expected a list of numbers, got {type(temperatures).__name__}"
        )
    temps = [as_float(t, "temperatures", minimum=0.0, strict_minimum=True) for t in temperatures]
    if not temps:
        raise ValueError("temperatures: expected at least one temperature, got none")
    seed = as_int(seed, "seed", minimum=0)
    bits = np.zeros((len(KINDS), len(CHECKPOINT_EPOCHS)))
    for m, kind in enumerate(KINDS):
        for e, epoch in enumerate(CHECKPOINT_EPOCHS):
            try:
                recorded = valid_bits[kind][epoch]
            except (KeyError, IndexError, TypeError):
                raise ValueError(
                    f"valid_bits: expected valid_bits[{kind!r}][{epoch}], the validation bits "
                    f"after epoch {epoch}, got {type(valid_bits).__name__} without it"
                ) from None
            bits[m, e] = as_float(recorded, f"valid_bits[{kind!r}][{epoch}]")
    codes = np.zeros((len(KINDS), len(CHECKPOINT_EPOCHS), len(temps), length))
    for m, kind in enumerate(KINDS):
        for e, epoch in enumerate(CHECKPOINT_EPOCHS):
            model = load_char_model(kind, epoch)
            for k, temperature in enumerate(temps):
                codes[m, e, k] = sample_text(model, prime_codes, length, temperature, seed)
    data = {
        "controls": [
            control("model", "model", [MODEL_NAMES[k] for k in KINDS], radio=True),
            control("epoch", "weights", [epoch_label(e) for e in CHECKPOINT_EPOCHS], radio=True),
            control("temperature", "temperature", temps, radio=True),
        ],
        "chars": chars,
        "prime": prime,
        "arrays": {
            "codes": grid_array(codes, ["model", "epoch", "temperature"], dtype="uint8"),
            "bits": grid_array(bits, ["model", "epoch"]),
        },
        "description": f"{length} characters each model wrote after “{prime}”.",
        "explain": "The {model}, {epoch}, at temperature {temperature}; its validation loss: "
        "{bits} bits per character.",
    }
    start = {"model": 1, "epoch": len(CHECKPOINT_EPOCHS) - 1, "temperature": 0}
    return Explorer("text", title="What each model writes", data=data, selection=start)
