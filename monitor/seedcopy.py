"""Copies of the seed article: how much of an article is the seed, and whether it is a copy."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from monitor.text import strip_clitics, words

__all__ = [
    "COPY_THRESHOLD",
    "FULL_CREDIT_SHARE",
    "SEED_LANGUAGE",
    "SeedMatch",
    "is_seed_copy",
    "seed_match",
    "seed_similarity",
    "seed_text",
]

SEED_LANGUAGE = "ar"

SHINGLE_SIZE = 3
COPY_THRESHOLD = 0.45
# A copy cut down to this share of the seed still counts fully (truncated republications keep
# the first 40-60%); a shorter excerpt scores in proportion.
FULL_CREDIT_SHARE = 0.4
# Fewer shared shingles than this is a quoted phrase or two, whatever the ratios say.
_MIN_SHARED = 12


@dataclass(frozen=True)
class SeedMatch:
    """How an article overlaps the seed, in shingles of three clitic-stripped folded words."""

    similarity: float
    """In [0, 1]: the share of the article that is the seed, capped by how much of the seed it
    carries; 1.0 for the seed itself, a truncated or a lightly edited copy."""
    copy: bool
    article_in_seed: float
    """Share of the article's shingles found in the seed."""
    seed_in_article: float
    """Share of the seed's shingles found in the article."""


def seed_text() -> str:
    """The seed article, as shipped in the package."""
    path = resources.files("monitor") / "data" / "seed" / "sora-seed-article.ar.txt"
    return path.read_text(encoding="utf-8")


def _shingles(text: str) -> frozenset[str]:
    # Clitics stripped so that an edit adding or dropping و/ال does not break three shingles.
    tokens = [strip_clitics(token) for token in words(text)]
    if len(tokens) < SHINGLE_SIZE:
        return frozenset()
    return frozenset(
        " ".join(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1)
    )


@functools.cache
def _seed_shingles() -> frozenset[str]:
    return _shingles(seed_text())


def seed_match(text: str) -> SeedMatch:
    """Compare `text` with the seed.

    Shingle sets ignore order, so re-ordered paragraphs score like the original; containment of
    the article in the seed ignores what was cut, so truncated copies score like whole ones.
    Independent coverage that quotes a phrase or two shares only a few shingles and scores low.
    """
    seed = _seed_shingles()
    article = _shingles(text)
    shared = len(article & seed)
    if not article or shared < _MIN_SHARED:
        in_seed = shared / len(article) if article else 0.0
        return SeedMatch(0.0, False, in_seed, shared / len(seed))
    article_in_seed = shared / len(article)
    seed_in_article = shared / len(seed)
    similarity = max(
        min(article_in_seed, seed_in_article / FULL_CREDIT_SHARE, 1.0),
        # The whole seed inside a longer page (comments, a second story) is still the seed.
        seed_in_article**2,
    )
    similarity = round(min(1.0, similarity), 4)
    return SeedMatch(similarity, similarity >= COPY_THRESHOLD, article_in_seed, seed_in_article)


def seed_similarity(text: str) -> float:
    """In [0, 1]: how much `text` is a copy of the seed article."""
    return seed_match(text).similarity


def is_seed_copy(text: str) -> bool:
    """True for a republished, lightly edited, re-titled, re-ordered or truncated seed copy."""
    return seed_match(text).copy
