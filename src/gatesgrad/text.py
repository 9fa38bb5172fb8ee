"""Real text for the character models of Part III: *Moby-Dick*, its alphabet, its split into
training and validation text, the unigram baseline, and named features of every position.

The text ships with the package (`data/moby-dick.txt`, provenance in `data/README.md`); the
loader refuses any other bytes, so every build reads the same book.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache
from importlib import resources

import numpy as np

from ._checks import as_float, as_int, as_rng

TEXT_FILE = "moby-dick.txt"
TEXT_SHA256 = "fe282a57094ed62e7144fb7c804a9748fc1c909bf3b49d06e7276015f9f67240"
VALID_FRACTION = 0.1  # the last tenth of the book is the validation text
PUNCTUATION = ".,;:!?"
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
FEATURES = ("inside quotes", "position in the line", "inside a word", "after punctuation")


@cache
def moby_dick() -> str:
    """The vendored text of *Moby-Dick* (1,190,317 characters), checked by its sha256."""
    raw = resources.files("gatesgrad").joinpath("data", TEXT_FILE).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != TEXT_SHA256:
        raise RuntimeError(
            f"{TEXT_FILE}: expected the vendored bytes (sha256 {TEXT_SHA256}), got sha256 {digest}"
        )
    return raw.decode("utf-8")


def _as_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str) or not text:
        got = "an empty string" if text == "" else type(text).__name__
        raise TypeError(f"{name}: expected a non-empty string, got {got}")
    return text


def _as_array(codes: object, name: str = "codes") -> np.ndarray:
    """`np.asarray(codes)`, with a ragged nested list refused by name."""
    try:
        return np.asarray(codes)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name}: expected an array of integer codes, got a ragged {type(codes).__name__}"
        ) from None


def alphabet(text: str) -> str:
    """The distinct characters of `text`, sorted: character k has code k."""
    return "".join(sorted(set(_as_text(text))))


def encode(text: str, chars: str) -> np.ndarray:
    """The codes of `text` in the alphabet `chars` (int64, one per character); `chars` holds
    each character once, as `alphabet` makes it."""
    text, chars = _as_text(text), _as_text(chars, "chars")
    repeated = sorted(c for c, n in Counter(chars).items() if n > 1)
    if repeated:
        raise ValueError(f"chars: expected distinct characters, got {repeated[:10]} more than once")
    lookup = {c: k for k, c in enumerate(chars)}
    missing = sorted(set(text) - set(lookup))
    if missing:
        raise ValueError(
            f"text: expected characters of the alphabet, got {missing[:10]} outside it"
        )
    return np.fromiter((lookup[c] for c in text), dtype=np.int64, count=len(text))


def one_hot(codes: np.ndarray, size: int) -> np.ndarray:
    """Codes (any shape) as one-hot float32 vectors of length `size` (a new last axis)."""
    size = as_int(size, "size", minimum=1)
    codes = _as_array(codes)
    if (
        not np.issubdtype(codes.dtype, np.integer)
        or codes.size
        and not (codes.min() >= 0 and codes.max() < size)
    ):
        raise ValueError(f"codes: expected integers from 0 to {size - 1}, got {codes.dtype} codes")
    return np.eye(size, dtype=np.float32)[codes]


def split_text(text: str, valid_fraction: float = VALID_FRACTION) -> tuple[str, str]:
    """The text cut in two where the last `valid_fraction` of it begins: (train, valid)."""
    text = _as_text(text)
    fraction = as_float(valid_fraction, "valid_fraction", minimum=0.0, maximum=1.0)
    cut = round(len(text) * (1 - fraction))
    if not 0 < cut < len(text):
        raise ValueError(f"valid_fraction: expected both parts non-empty, got a cut at {cut}")
    return text[:cut], text[cut:]


def unigram_bits(train: str, valid: str) -> float:
    """Bits per character of `valid` under the character frequencies of `train`: the best a
    model that ignores every earlier character can learn from `train`."""
    train, valid = _as_text(train, "train"), _as_text(valid, "valid")
    chars = alphabet(train + valid)
    counts = np.bincount(encode(train, chars), minlength=len(chars))
    unseen = sorted(set(valid) - set(train))
    if unseen:
        raise ValueError(
            f"valid: expected only characters that occur in train, got {unseen[:10]} that do not"
        )
    probs = counts / counts.sum()
    return float(-np.mean(np.log2(probs[encode(valid, chars)])))


def text_features(text: str) -> dict[str, np.ndarray]:
    """For every position t, what a reader knows after reading character t (float arrays):

    - inside quotes: 1 from an opening “ to the next ” (a new “ reopens a quote, as a
      paragraph inside a long speech does);
    - position in the line: characters since the last newline (0 at the newline);
    - inside a word: 1 on a letter, or on an apostrophe after a letter (whale’s);
    - after punctuation: 1 from one of . , ; : ! ? until the next letter or digit.
    """
    text = _as_text(text)
    n = len(text)
    quotes, column, word, after = (np.zeros(n) for _ in range(4))
    inside, col, punct = 0.0, 0, 0.0
    for t, c in enumerate(text):
        if c == OPEN_QUOTE:
            inside = 1.0
        elif c == CLOSE_QUOTE:
            inside = 0.0
        col = 0 if c == "\n" else col + 1
        if c in PUNCTUATION:
            punct = 1.0
        elif c.isalnum():
            punct = 0.0
        quotes[t], column[t], after[t] = inside, col, punct
        word[t] = c.isalpha() or (c in "'’" and t > 0 and text[t - 1].isalpha())
    return dict(zip(FEATURES, (quotes, column, word, after), strict=True))


def windows(codes: np.ndarray, length: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Non-overlapping windows of `length` + 1 codes (inputs and the next characters), (n, L+1).

    With `rng`, the windows start at a random offset below `length` and come shuffled: one
    epoch of training data. Without, they start at 0, in order: the validation windows.
    """
    codes = _as_array(codes)
    if codes.ndim != 1 or not np.issubdtype(codes.dtype, np.integer):
        raise ValueError(
            f"codes: expected a 1-d array of integer codes, got {codes.dtype} {codes.shape}"
        )
    if codes.size and codes.min() < 0:
        raise ValueError(f"codes: expected codes >= 0, got {int((codes < 0).sum())} negative")
    L = as_int(length, "length", minimum=1)
    gen = None if rng is None else as_rng(rng)
    offset = 0 if gen is None else int(gen.integers(L))
    n = (len(codes) - offset - 1) // L
    if n < 1:
        raise ValueError(f"codes: expected more than {L + offset} codes, got {len(codes)}")
    starts = offset + L * np.arange(n)
    if gen is not None:
        starts = gen.permutation(starts)
    return codes[starts[:, None] + np.arange(L + 1)]
