"""Leak reports and claims by meaning: an article's sentences compared with example statements.

A *bank* holds example statements of one thing (a claim, or "Sora was leaked"), in any
language, and near misses that are not it (a launch is not a leak). A sentence resembles the
bank when its vector is close enough to one of the examples (the bank's threshold, calibrated on
real coverage) and closer to it than to any near miss. This layer sits beside the lexical rules:
it finds what they miss when the same thing is said in other words or in the other language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from monitor.encoder import Encoder, UniversalSentenceEncoder, default_encoder
from monitor.encoder_cache import cached_vectors
from monitor.text import fold

__all__ = [
    "Bank",
    "BankSet",
    "LeakFinding",
    "Reading",
    "Resemblance",
    "find_leak",
    "leak_bank",
]

# The sentences of an article that are read by meaning: the title and the first body sentences.
# A news story states its events early; past this the lexical rules still read everything.
MAX_SENTENCES = 24
MIN_WORDS = 4
LEDE = 4  # body sentences that, with the title, make the opening of a story
# A sentence longer than this is read whole and clause by clause: one statement among several is
# lost in the vector of the whole (a claim's words make up less of it).
LONG_SENTENCE = 28
_CLAUSE_BREAK = re.compile(r"[,\u060c;\u061b:]\s+|\s[-\u2013\u2014]\s")


# A sentence compared with statements in the other language only (a user's claim given in
# English, an Arabic article) comes out this much less similar, names above all: "Martin Luther
# King" and "مارتن لوثر كينغ" are different tokens. Measured on the development corpus.
CROSS_LANGUAGE_DISCOUNT = 0.1
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@lru_cache(maxsize=4096)  # every bank asks it of the same sentences
def script_language(sentence: str) -> str:
    """"ar" for a sentence mostly in Arabic letters, else "en" (Latin names do not count)."""
    arabic = len(_ARABIC_LETTER.findall(sentence))
    latin = len(re.findall(r"[A-Za-z]", sentence))
    return "ar" if arabic and arabic >= 0.3 * (arabic + latin) else "en"


@dataclass(frozen=True)
class Bank:
    """Example statements of one thing and near misses that are not it."""

    name: str
    examples: tuple[str, ...]
    counters: tuple[str, ...] = ()
    threshold: float = 0.6

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages the examples are written in."""
        return frozenset(script_language(e) for e in self.examples)

    def threshold_for(self, sentence: str) -> float:
        """The similarity `sentence` must reach: lower when no example is in its language."""
        if script_language(sentence) in self.languages:
            return self.threshold
        return self.threshold - CROSS_LANGUAGE_DISCOUNT


@dataclass(frozen=True)
class Resemblance:
    """How close one sentence comes to a bank."""

    sentence: str
    position: int  # 0 = the title, 1.. = body sentences in order
    score: float  # cosine to the closest example
    example: str
    counter: float  # cosine to the closest near miss (0 when the bank has none)

    @property
    def margin(self) -> float:
        return self.score - self.counter


def _units(sentence: str) -> list[str]:
    """What of a sentence is encoded: the sentence, and the clauses of a long one."""
    if len(sentence.split()) <= LONG_SENTENCE:
        return [sentence]
    clauses = [c for c in _CLAUSE_BREAK.split(sentence) if len(c.split()) >= MIN_WORDS]
    return [sentence, *clauses] if len(clauses) > 1 else [sentence]


class Reading:
    """An article's sentences as the semantic layer reads them, encoded once.

    `sentences[i]` is the sentence (as written) that unit `i` comes from, `positions[i]` its
    place (0 = the title); a long sentence gives one unit per clause. `body` holds every
    sentence of the text, read or not (a short "That was incorrect." judges the one before).
    """

    def __init__(
        self,
        title: str,
        sentences: Sequence[str],
        encoder: Encoder | None = None,
        limit: int = MAX_SENTENCES,
    ):
        self.encoder = encoder or default_encoder()
        self.body = tuple(sentences)
        picked: list[tuple[int, str]] = []
        if len(title.split()) >= 3:
            picked.append((0, title))
        for n, sentence in enumerate(sentences, start=1):
            if len(picked) >= limit:
                break
            if len(sentence.split()) >= MIN_WORDS:
                picked.append((n, sentence))
        self.positions: list[int] = []
        self.sentences: list[str] = []
        self.units: list[str] = []
        for position, sentence in picked:
            for unit in _units(sentence):
                self.positions.append(position)
                self.sentences.append(sentence)
                self.units.append(unit)
        self.scores: dict[int, np.ndarray] = {}
        # The units of each sentence read clause by clause (more than one unit).
        spans: dict[int, list[int]] = {}
        for i, position in enumerate(self.positions):
            spans.setdefault(position, []).append(i)
        self.multi_unit = [units for units in spans.values() if len(units) > 1]

    @cached_property
    def vectors(self) -> np.ndarray:
        return self.encoder.encode(self.units)


class BankSet:
    """The vectors of several banks' examples, computed once (per process and catalogue)."""

    def __init__(self, banks: Sequence[Bank], encoder: Encoder | None = None) -> None:
        self.banks = {bank.name: bank for bank in banks}
        self.encoder = encoder or default_encoder()

    @cached_property
    def _matrix(self) -> tuple[np.ndarray, dict[str, tuple[int, int, int]]]:
        texts: list[str] = []
        spans: dict[str, tuple[int, int, int]] = {}
        for bank in self.banks.values():
            start = len(texts)
            texts.extend(bank.examples)
            middle = len(texts)
            texts.extend(bank.counters)
            spans[bank.name] = (start, middle, len(texts))
        if isinstance(self.encoder, UniversalSentenceEncoder):
            # The same examples in every process: encoded once, then read back.
            vectors = cached_vectors(texts, self.encoder.encode, self.encoder.fingerprint)
            return vectors, spans
        return self.encoder.encode(texts), spans

    def _scores(self, reading: Reading) -> np.ndarray:
        # Every sentence against every example, once per reading (the reading keeps it).
        cached = reading.scores.get(id(self))
        if cached is None:
            matrix, _ = self._matrix
            cached = reading.vectors @ matrix.T
            reading.scores[id(self)] = cached
        return cached

    def resemblances(
        self, reading: Reading, name: str, rivals: Sequence[str] = ()
    ) -> list[Resemblance]:
        """How close each of the reading's sentences comes to bank `name`. A sentence closer
        to one of the `rivals` banks' examples than to this bank's counts that as a near miss
        too: it says something else."""
        if not reading.sentences:
            return []
        bank = self.banks[name]
        scores = self._scores(reading)
        _, spans = self._matrix
        start, middle, end = spans[name]
        own = scores[:, start:middle]
        best = own.argmax(axis=1)
        against = np.zeros(len(reading.sentences), dtype=np.float32)
        columns = [range(middle, end)] + [range(spans[r][0], spans[r][1]) for r in rivals]
        for span in columns:
            if len(span):
                against = np.maximum(against, scores[:, span.start : span.stop].max(axis=1))
        # A sentence read clause by clause is one statement: a near miss by any of its parts
        # holds back all of them.
        for units in reading.multi_unit:
            against[units] = against[units].max()
        return [
            Resemblance(
                sentence=sentence,
                position=position,
                score=round(float(own[i, best[i]]), 3),
                example=bank.examples[int(best[i])],
                counter=round(float(against[i]), 3),
            )
            for i, (position, sentence) in enumerate(
                zip(reading.positions, reading.sentences, strict=True)
            )
        ]


# --- leak reports ----------------------------------------------------------------------------

# A sentence that denies or doubts what it says ("the model was not opened to the public") must
# resemble a leak by this much more.
NEGATED_EXTRA = 0.08
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|n't|deny|denies|denied|without)\b|n't\b"
    r"|(?:^|\s)(?:[وف]?(?:لم|لن|لا|ليس|ليست|ليسوا|مش|مو|موش)|نفت|ينفي|تنفي|دون|بدون)(?=\s|$)"
)
# "Not yet released" describes the model (unreleased), it does not deny the event.
_NOT_RELEASED = re.compile(
    r"\b(?:not|never)\s+(?:yet\s+)?(?:been\s+|be\s+)?(?:publicly\s+|officially\s+)?"
    r"(?:released|launched|public|available)\b"
    r"|(?:^|\s)[وف]?(?:لم|لا)\s+(?:يتم\s+|تتم\s+)?(?:يعد\s+|بعد\s+)?"
    r"(?:[يت]?(?:طرح|صدر|اصدار|اطلاق|طلق|تاح)\S*|متاح\S*)"
)
_QUESTION_END = re.compile(r"[?\u061f][\s\"'\u201d\u2019\u00bb)\]]*$")


def denies(sentence: str) -> bool:
    """Whether the sentence holds a negation or a denial (either language)."""
    return bool(_NEGATION.search(_NOT_RELEASED.sub(" ", fold(sentence))))


def asks(sentence: str) -> bool:
    return bool(_QUESTION_END.search(sentence.strip()))


@dataclass(frozen=True)
class LeakFinding:
    """Why the semantic layer does or does not read the article as reporting a leak."""

    leak: bool
    evidence: tuple[Resemblance, ...]  # the sentences that count, best first
    closest: Resemblance | None  # the closest sentence, whether it counted or not


# "Claim: ...", "Verdict: ...": a fact check quoting what it checks.
_CHECKED = re.compile(r"^\W*(?:claim|verdict|rating|الادعاء|ادعاء|الحكم)\s*:", re.I)


# Availability planned, not what happened: "the model will not be available to the public for
# now", "لن يكون متاحا للجمهور في الوقت الحالي" (OpenAI's own announcement).
_PLANNED = re.compile(
    r"\b(?:will|won['’]?t|would)\s+(?:not\s+)?(?:yet\s+)?be\s+(?:\S+\s+)?(?:available|open)"
    r"|(?:^|\s)[وف]?(?:لن|سوف|سـ?)\s*(?:\S+\s+)?(?:يكون|تكون|يصبح|تصبح)\s+(?:\S+\s+)?متاح"
)


def _counts(r: Resemblance, bank: Bank) -> bool:
    needed = bank.threshold_for(r.sentence) + (NEGATED_EXTRA if denies(r.sentence) else 0.0)
    return (
        r.score >= needed
        and r.margin > 0
        and not asks(r.sentence)
        and not _CHECKED.match(r.sentence)
        and not _PLANNED.search(fold(r.sentence))
    )


def find_leak(
    reading: Reading,
    banks: BankSet,
    name: str = "leak",
    recalls: Callable[[str], bool] | None = None,
) -> LeakFinding:
    """A leak told in the title or the opening, or in two sentences anywhere (as the lexical
    rule reads leak words). A sentence that `recalls` the leak (dates a launch by it) does
    not count: the leak is recalled there, not told."""
    found = banks.resemblances(reading, name)
    if not found:
        return LeakFinding(False, (), None)
    bank = banks.banks[name]
    counting = sorted(
        (r for r in found if _counts(r, bank) and not (recalls and recalls(r.sentence))),
        key=lambda r: -r.score,
    )
    in_opening = any(r.position <= LEDE for r in counting)
    closest = max(found, key=lambda r: r.score)
    return LeakFinding(in_opening or len(counting) >= 2, tuple(counting), closest)


_LEAK_FILE = ("monitor", "data/leak.toml")


@lru_cache(maxsize=1)
def leak_bank() -> Bank:
    """The built-in bank of leak statements (monitor/data/leak.toml)."""
    package, name = _LEAK_FILE
    data = tomllib.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
    return Bank(
        "leak",
        tuple(data["examples_en"] + data["examples_ar"]),
        tuple(data["counter_en"] + data["counter_ar"]),
        float(data["threshold"]),
    )
