"""Which story an article belongs to: the same text, or nearly (syndication, light edits)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

# Estimated Jaccard similarity of word 5-shingles above which two articles are one story. The
# LSH bands (monitor.dedupe.BANDS x ROWS) are tuned for 0.5, so candidates below it are rare.
NEAR_DUPLICATE = 0.5

# Stored signatures are read here without monitor.dedupe, which computes them with numpy: the
# crawl's main process stores what its workers analysed and need not load numpy for that.
_SIGNATURE_BYTES = 512  # monitor.dedupe: NUM_PERM (128) little-endian uint32 values
_EMPTY = b"\xff" * _SIGNATURE_BYTES  # the signature of a text without a single word


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
    mine = _hash_values(signature)
    best_cluster, best = None, NEAR_DUPLICATE
    for candidate in candidates:
        if candidate.signature is None:
            continue
        similarity = _similarity(mine, _hash_values(candidate.signature))
        if similarity >= best:
            best_cluster, best = candidate.cluster_id, similarity
    return best_cluster


def _hash_values(data: bytes) -> list[bytes]:
    """A stored signature's 128 hash values, each as its 4 bytes (as MinHashSignature.from_bytes
    reads it, a wrong length is an error)."""
    if len(data) != _SIGNATURE_BYTES:
        raise ValueError(f"a stored signature is {_SIGNATURE_BYTES} bytes, got {len(data)}")
    if data == _EMPTY:
        return []
    return [data[i : i + 4] for i in range(0, _SIGNATURE_BYTES, 4)]


def _similarity(a: list[bytes], b: list[bytes]) -> float:
    """monitor.dedupe.jaccard of two signatures' hash values: the share that are equal, 0 when
    either text was empty."""
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
