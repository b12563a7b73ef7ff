"""Which story an article belongs to: the same text, or nearly (syndication, light edits)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from monitor.dedupe import MinHashSignature, jaccard

# Estimated Jaccard similarity of word 5-shingles above which two articles are one story. The
# LSH bands (monitor.dedupe.BANDS x ROWS) are tuned for 0.5, so candidates below it are rare.
NEAR_DUPLICATE = 0.5


class Candidate(Protocol):
    """A stored article that may hold the same text (read-only)."""

    @property
    def article_id(self) -> int: ...

    @property
    def cluster_id(self) -> int | None: ...

    @property
    def content_hash(self) -> str | None: ...

    @property
    def signature(self) -> bytes | None: ...


def choose_cluster(
    content_hash: str | None, signature: bytes | None, candidates: Iterable[Candidate]
) -> int | None:
    """The cluster of the exact duplicate, else of the most similar near duplicate, else None."""
    candidates = [c for c in candidates if c.cluster_id is not None]
    exact = [
        c.cluster_id
        for c in candidates
        if c.cluster_id is not None and content_hash and c.content_hash == content_hash
    ]
    if exact:
        return min(exact)
    if signature is None:
        return None
    mine = MinHashSignature.from_bytes(signature)
    best_cluster, best = None, NEAR_DUPLICATE
    for candidate in candidates:
        if candidate.signature is None:
            continue
        similarity = jaccard(mine, MinHashSignature.from_bytes(candidate.signature))
        if similarity >= best:
            best_cluster, best = candidate.cluster_id, similarity
    return best_cluster
