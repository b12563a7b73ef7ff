"""langdetect's algorithm over langdetect's own profiles, held as sparse numpy arrays."""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.language import Language
from langdetect.utils.ngram import NGram

from monitor.encoder_cache import cached_arrays

__all__ = ["Profiles", "all_probabilities", "load_profiles", "probabilities"]

# langdetect's constants (Detector's class attributes), named here so the loop below reads as
# the algorithm it reproduces.
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_PROB_THRESHOLD = Detector.PROB_THRESHOLD
_CONV_THRESHOLD = Detector.CONV_THRESHOLD
_BASE_FREQ = Detector.BASE_FREQ
_TRIALS = 7  # Detector.n_trial, an instance attribute there
_CHECK_EVERY = 5  # langdetect normalises and tests convergence after every fifth update


@dataclass(frozen=True)
class Profiles:
    """langdetect's n-gram probabilities in compressed sparse rows.

    langdetect keeps a dict from each n-gram to a Python list of one float per language (~36 MB
    for 87,598 n-grams); most of those floats are zero. Here the n-grams are one sorted array
    (row r is `keys[r]`, found by binary search), and a row holds only the languages its
    n-gram occurs in: `indices[indptr[r]:indptr[r + 1]]`, their probabilities in `values`.
    """

    languages: tuple[str, ...]
    keys: npt.NDArray[np.str_]  # the n-grams (1 to 3 characters), sorted
    indptr: npt.NDArray[np.int32]
    indices: npt.NDArray[np.uint8]
    values: npt.NDArray[np.float64]

    def rows_of(self, grams: list[str]) -> list[int]:
        """The row of each n-gram, -1 for those no profile has."""
        wanted = np.array(grams, dtype=self.keys.dtype)
        found = np.searchsorted(self.keys, wanted)
        found[found == len(self.keys)] = 0
        rows: list[int] = np.where(self.keys[found] == wanted, found, -1).tolist()
        return rows

    def dense(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """The full per-language probabilities of `rows` (distinct), one line each, zeros where
        a language lacks the n-gram."""
        starts = self.indptr[rows].astype(np.intp)
        ends = self.indptr[rows + 1].astype(np.intp)
        counts = ends - starts
        # The positions of the rows' entries: runs of consecutive numbers, made as the running
        # sum of steps of one with a jump at each row's start.
        steps = np.ones(int(counts.sum()), dtype=np.intp)
        steps[0] = starts[0]
        steps[np.cumsum(counts)[:-1]] = starts[1:] - ends[:-1] + 1
        entries = np.cumsum(steps)
        width = len(self.languages)
        lines = np.repeat(np.arange(len(rows), dtype=np.intp) * width, counts)
        table = np.zeros(len(rows) * width)
        table[lines + self.indices[entries]] = self.values[entries]
        return table.reshape(len(rows), width)


_PROFILES_FORMAT = 1  # of the arrays below: a change of how they are built changes it
_PROFILE_FIELDS = {"languages", "keys", "indptr", "indices", "values"}


@functools.cache
def load_profiles() -> Profiles:
    """Load langdetect's profiles once, in sorted order; read back from the user's cache folder
    after the first process (parsing the 55 JSON profiles takes a third of a second)."""
    try:
        version = metadata.version("langdetect")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed without its metadata
        version = "unknown"
    folder = resources.files("langdetect") / "profiles"
    # The profiles' bytes too, for a patched release that kept its version number.
    size = sum(Path(str(entry)).stat().st_size for entry in folder.iterdir())
    arrays = cached_arrays("profiles", f"{_PROFILES_FORMAT}:{version}:{size}", _profile_arrays)
    if set(arrays) != _PROFILE_FIELDS:  # an archive of ours, but not of these fields
        arrays = _profile_arrays()
    return Profiles(
        languages=tuple(str(language) for language in arrays["languages"]),
        keys=arrays["keys"],
        indptr=arrays["indptr"],
        indices=arrays["indices"],
        values=arrays["values"],
    )


def _profile_arrays() -> dict[str, np.ndarray]:
    """langdetect's profiles as arrays, languages in sorted order.

    langdetect's own loader follows os.listdir order, which decides the index of each language
    and so, with the random sampling, can change results between machines; sorting fixes it.
    The probabilities are computed as DetectorFactory.add_profile computes them.
    """
    folder = resources.files("langdetect") / "profiles"
    entries = sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=str)
    languages: list[str] = []
    grams, indices, values = [], [], []
    for index, entry in enumerate(entries):
        profile = json.loads(entry.read_text(encoding="utf-8"))
        languages.append(profile["name"])
        # Only these lengths have probabilities (and a text yields no other n-gram).
        freq = {word: count for word, count in profile["freq"].items() if 1 <= len(word) <= 3}
        words = np.array(list(freq), dtype="U3")
        lengths = np.char.str_len(words)
        # 1.0 * count / n_words[length - 1], as add_profile computes it (float64 divisions).
        counts = np.array(list(freq.values()), dtype=np.float64)
        values.append(counts / np.array(profile["n_words"], dtype=np.float64)[lengths - 1])
        grams.append(words)
        indices.append(np.full(len(words), index, dtype=np.uint8))
        del profile, freq
    # Profile by profile into arrays, then sorted at once: no dict of every n-gram is built,
    # whose ~15 MB of small objects would stay in the process's memory once freed.
    keys, rows = np.unique(np.concatenate(grams), return_inverse=True)
    order = np.argsort(rows, kind="stable")  # languages stay ascending within a row
    indptr = np.zeros(len(keys) + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=len(keys)), out=indptr[1:])
    return {
        "languages": np.array(languages),
        "keys": keys,
        "indptr": indptr,
        "indices": np.concatenate(indices)[order],
        "values": np.concatenate(values)[order],
    }


class _Text(Detector):
    """langdetect's own text preparation (URLs and e-mail addresses out, Vietnamese normalised,
    runs of spaces collapsed, the length cut, Latin dropped from mostly non-Latin text), without
    the detector's state: Detector.append and Detector.cleaning_text only use these two fields."""

    def __init__(self, max_chars: int) -> None:
        self.text = ""
        self.max_text_length = max_chars


class _Normalized(dict[int, str]):
    """A str.translate table giving each character's NGram.normalize (a Unicode block lookup,
    most of the n-gram extraction's cost), filled as characters are met."""

    def __missing__(self, code: int) -> str:
        normalized: str = NGram.normalize(chr(code))
        if len(self) < 16384:  # characters are finitely many, but a hostile page holds many
            self[code] = normalized
        return normalized


_NORMALIZED = _Normalized()


class _NGram(NGram):
    """langdetect's n-gram window, normalising through the table above."""

    @classmethod
    def normalize(cls, ch: str) -> str:
        return _NORMALIZED[ord(ch)]


_WORD = re.compile(r"[^ ]+")

WORD = re.compile(r"[^ ]+")


# Each word's rows once worked out, forgotten all at once when this many are kept (a page's
# words are mostly common ones, met again on the next page).
_WORDS_KEPT = 8192
_WORDS: dict[tuple[str, bool], tuple[int, ...]] = {}


def _word_grams(word: str, spaced: bool) -> list[str]:
    """The n-grams langdetect's Detector._extract_ngrams takes from `word` (and the space after
    it when `spaced`), in order, before it asks which ones the profiles know."""
    result = []
    ngram = _NGram()
    for ch in (word + " ") if spaced else word:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        grams = ngram.grams
        for n in (1, 2, 3):
            if len(grams) < n:
                break
            gram = grams[-n:]
            if gram != " ":
                result.append(gram)
    return result


def _learn(words: list[tuple[str, bool]]) -> dict[tuple[str, bool], tuple[int, ...]]:
    """The rows of the known n-grams of each of `words`, looked up together, and remembered."""
    grams = [_word_grams(word, spaced) for word, spaced in words]
    found = load_profiles().rows_of([gram for some in grams for gram in some])
    if len(_WORDS) + len(words) > _WORDS_KEPT:
        _WORDS.clear()
    learnt = {}
    start = 0
    for word, some in zip(words, grams, strict=True):
        rows = tuple(row for row in found[start : start + len(some)] if row >= 0)
        start += len(some)
        learnt[word] = _WORDS[word] = rows
    return learnt


def _ngram_rows(text: str) -> list[int]:
    """The profile rows of the n-grams of `text`, in order: what Detector._extract_ngrams finds.

    langdetect's n-gram window starts afresh after each (normalised) space, so a word's
    n-grams never depend on what came before it: each word's are worked out once and
    remembered. A word here is a run of characters that NGram.normalize does not make a space.
    """
    normalized = text.translate(_NORMALIZED)
    last = len(text)
    words = [(text[m.start() : m.end()], m.end() < last) for m in _WORD.finditer(normalized)]
    known = {word: _WORDS.get(word) for word in words}
    unknown = [word for word, rows in known.items() if rows is None]
    if unknown:
        known.update(_learn(unknown))
    result: list[int] = []
    for word in words:
        rows = known[word]
        assert rows is not None
        result.extend(rows)
    return result


def probabilities(text: str, *, seed: int, max_chars: int) -> list[Language]:
    """What langdetect's Detector.get_probabilities gives for `text` with this seed and
    set_max_text_length(`max_chars`), value for value: the languages above its threshold, most
    probable first; [] where langdetect raises for want of n-grams."""
    values = all_probabilities(text, seed=seed, max_chars=max_chars)
    if not values:
        return []
    languages = load_profiles().languages
    result = [
        Language(lang, p) for lang, p in zip(languages, values, strict=True) if p > _PROB_THRESHOLD
    ]
    result.sort(reverse=True)
    return result


def all_probabilities(text: str, *, seed: int, max_chars: int) -> list[float]:
    """Every language's probability, in `load_profiles().languages` order: langdetect's
    Detector.langprob after get_probabilities; [] where it raises for want of n-grams.

    The same random draws are made in the same order, and every probability is computed by
    the same float operations in the same order: numpy adds and divides element by element and
    multiplies the updates' factors in turn, and the sum is Python's own over the same list, so
    the results are bit-identical.
    """
    profiles = load_profiles()
    prepared = _Text(max_chars)
    prepared.append(text)
    prepared.cleaning_text()
    grams = _ngram_rows(prepared.text)
    if not grams:
        return []
    # The text's distinct n-grams as dense lines of probabilities, and each one's line.
    distinct = list(dict.fromkeys(grams))
    line = {row: index for index, row in enumerate(distinct)}
    table = profiles.dense(np.array(distinct, dtype=np.intp))
    count = len(profiles.languages)
    rng = random.Random(seed)
    choice = rng.choice
    total = np.zeros(count)
    # Row 0: the probabilities; rows 1..5: the factors of the updates before the next test.
    block = np.empty((_CHECK_EVERY + 1, count))
    for _ in range(_TRIALS):
        block[0] = 1.0 / count
        alpha = _ALPHA + rng.gauss(0.0, 1.0) * _ALPHA_WIDTH
        weight = alpha / _BASE_FREQ
        i = 0
        while True:
            # Updates i..check, then langdetect's normalisation and convergence test at `check`.
            check = i + (-i) % _CHECK_EVERY
            updates = check - i + 1
            chosen = [line[choice(grams)] for _ in range(updates)]
            factors = block[1 : updates + 1]
            np.take(table, chosen, axis=0, out=factors)
            factors += weight  # weight + p, as langdetect computes it (an addition: same value)
            # A product along the rows is taken in order, row by row, as langdetect's updates.
            prob = np.multiply.reduce(block[: updates + 1], axis=0)
            i = check
            now = prob.tolist()
            total_now = sum(now)
            # The largest quotient is the largest value's (division rounds monotonically).
            converged = max(now) / total_now > _CONV_THRESHOLD
            np.divide(prob, total_now, out=block[0])
            if converged or i >= _ITERATION_LIMIT:
                break
            i += 1
        total += block[0] / _TRIALS
    values: list[float] = total.tolist()
    return values
