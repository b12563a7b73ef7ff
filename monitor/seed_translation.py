"""Translations of the seed: an article in another language that says the seed, sentence by
sentence, which no shingle of words can see."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from monitor.seedcopy import COPY_THRESHOLD, FULL_CREDIT_SHARE, seed_text
from monitor.semantic import Reading
from monitor.text import split_sentences

__all__ = ["ALIGNED_AT", "Translation", "translated_seed"]

# The cosine at which a sentence and a seed sentence say the same thing across the two
# languages. On the written sets, translations align 71-83% of the seed's sentences at it,
# independent coverage of the same leak at most 21%.
ALIGNED_AT = 0.6
# Fewer aligned sentences is a brief that shares the seed's facts, not a translation of it.
_MIN_ALIGNED = 8
# The share of the article's sentences that must have a counterpart in the seed, and the share
# of the seed's that must be carried (a translation may be cut short, as a copy may).
_ARTICLE_SHARE = 0.6
_SEED_SHARE = 0.35


@dataclass(frozen=True)
class Translation:
    """How far an article is the seed in other words, sentence by sentence."""

    similarity: float
    """In [0, 1], as a copy's: the share of the article that is the seed, capped by how much
    of the seed it carries."""
    copy: bool
    article_in_seed: float
    """Share of the article's sentences with a counterpart in the seed."""
    seed_in_article: float
    """Share of the seed's sentences with a counterpart in the article."""


@functools.cache
def _seed_reading() -> Reading:
    title, _, body = seed_text().partition("\n")
    return Reading(title, split_sentences(body))


def _aligned(similarity: np.ndarray, positions: list[int]) -> np.ndarray:
    """Per sentence (a sentence may be read as several clauses), its best cosine."""
    spans: dict[int, list[int]] = {}
    for unit, position in enumerate(positions):
        spans.setdefault(position, []).append(unit)
    return np.array([similarity[units].max() for units in spans.values()])


def translated_seed(reading: Reading) -> Translation:
    """Compare an article, read by meaning, with the seed read the same way."""
    seed = _seed_reading()
    if not reading.units:
        return Translation(0.0, False, 0.0, 0.0)
    similarity = reading.vectors @ seed.vectors.T
    article = _aligned(similarity.max(axis=1), reading.positions) >= ALIGNED_AT
    carried = _aligned(similarity.max(axis=0), seed.positions) >= ALIGNED_AT
    article_in_seed, seed_in_article = float(article.mean()), float(carried.mean())
    score = round(min(article_in_seed, seed_in_article / FULL_CREDIT_SHARE, 1.0), 4)
    copy = (
        score >= COPY_THRESHOLD
        and int(article.sum()) >= _MIN_ALIGNED
        and article_in_seed >= _ARTICLE_SHARE
        and seed_in_article >= _SEED_SHARE
    )
    return Translation(score, copy, article_in_seed, seed_in_article)
