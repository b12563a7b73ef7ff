"""Exact and near-duplicate detection: normalised-text hashes, MinHash signatures and LSH band keys.

One datasketch scheme is used throughout (affine32, 128 permutations, seed 1, word 5-shingles of
folded text), so signatures stored by one run compare with those of any later run. The scheme is
computed here in numpy, value for value as datasketch 2.0 computes it (the tests compare the two):
importing datasketch pulls in scipy, ~60 MB and ~0.8 s in every process that analyses. The LSH index
itself lives in the database: the caller stores `band_keys()` in an indexed table and looks up
candidates by key, then confirms them with `jaccard()`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from monitor.text import fold, words

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SCHEME",
    "SEED",
    "SHINGLE_SIZE",
    "MinHashSignature",
    "band_keys",
    "content_hash",
    "jaccard",
    "signature",
]

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SHINGLE_SIZE = 5
# What datasketch's MinHashLSH(threshold=0.5, num_perm=128) chooses (datasketch.lsh._optimal_param
# with equal false-positive/negative weights): 25 bands of 5 rows, 125 of the 128 values used.
BANDS = 25
ROWS = 5
_DTYPE = np.dtype("<u4")  # affine32 stores uint32; little-endian bytes on every machine
_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's initial value: no shingle was ever hashed
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 applies to each SHA-1 hash first.
_FMIX32 = (
    np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16)
)


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the folded, whitespace-collapsed text: equal for exact duplicates."""
    return hashlib.sha256(" ".join(fold(text).split()).encode("utf-8")).hexdigest()


class MinHashSignature:
    """A datasketch MinHash of an article's shingles, storable as 512 bytes."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        values = np.asarray(hashvalues, dtype=np.uint32)
        if values.shape != (NUM_PERM,):
            raise ValueError(f"a signature has {NUM_PERM} hash values, got shape {values.shape}")
        values = values.copy()
        values.flags.writeable = False
        self.hashvalues = values

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype(_DTYPE).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> MinHashSignature:
        if len(data) != NUM_PERM * _DTYPE.itemsize:
            raise ValueError(
                f"a stored signature is {NUM_PERM * _DTYPE.itemsize} bytes, got {len(data)}"
            )
        return cls(np.frombuffer(data, dtype=_DTYPE))

    @property
    def is_empty(self) -> bool:
        """True for the signature of a text without a single word."""
        return bool((self.hashvalues == _EMPTY).all())

    def minhash(self) -> MinHash:
        """The datasketch MinHash, for use with datasketch's own tools (imported only here)."""
        from datasketch import MinHash

        return MinHash(
            num_perm=NUM_PERM,
            seed=SEED,
            hashvalues=self.hashvalues.astype(np.uint32),
            permutations=_permutations(),
            scheme=SCHEME,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MinHashSignature):
            return NotImplemented
        return bool(np.array_equal(self.hashvalues, other.hashvalues))

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    def __repr__(self) -> str:
        return f"MinHashSignature({self.to_bytes()[:8].hex()}...)"

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        # Pickles small and independent of numpy's array pickling, for process pools.
        return (MinHashSignature.from_bytes, (self.to_bytes(),))


@functools.cache
def _permutations() -> np.ndarray:
    """affine32's (a, b) pairs as datasketch draws them for seed 1: odd 32-bit multipliers and
    32-bit offsets from numpy's legacy RandomState (generated once, reused by every signature)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


def _fmix32(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


def _sha1_32(data: bytes) -> int:
    """datasketch's sha1_hash32: the first four bytes of the SHA-1 digest, little-endian."""
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> list[bytes]:
    """Word `size`-shingles as UTF-8 bytes; a text shorter than `size` words is one shingle."""
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens).encode("utf-8")]
    return [" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)]


def signature(text: str) -> MinHashSignature:
    """MinHash (datasketch affine32, 128 permutations, seed 1) of fold(text)'s word 5-shingles."""
    grams = shingles(words(text))
    if not grams:
        return MinHashSignature(np.full(NUM_PERM, _EMPTY, dtype=np.uint32))
    hashed = _fmix32(np.array([_sha1_32(gram) for gram in grams], dtype=np.uint32).reshape(-1, 1))
    a, b = _permutations()
    permuted = hashed * a + b  # uint32 arrays wrap silently: the scheme's modulo 2^32
    return MinHashSignature(permuted.min(axis=0))


def band_keys(sig: MinHashSignature, bands: int = BANDS, rows: int = ROWS) -> list[str]:
    """LSH band keys: texts whose signatures share any key are near-duplicate candidates.

    Each key is the band's number (two hex digits) and a 64-bit BLAKE2b digest of the band's
    hash values, so keys of different bands never meet. An empty text has no keys: texts without
    words are not near-duplicates of each other.
    """
    if bands * rows > NUM_PERM or bands < 1 or rows < 1:
        raise ValueError(f"{bands} bands x {rows} rows do not fit {NUM_PERM} hash values")
    if sig.is_empty:
        return []
    raw = sig.hashvalues.astype(_DTYPE)
    return [
        f"{band:02x}"
        + hashlib.blake2b(raw[band * rows : (band + 1) * rows].tobytes(), digest_size=8).hexdigest()
        for band in range(bands)
    ]


def jaccard(sig_a: MinHashSignature, sig_b: MinHashSignature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0 when either is empty)."""
    if sig_a.is_empty or sig_b.is_empty:
        return 0.0
    return float(np.count_nonzero(sig_a.hashvalues == sig_b.hashvalues)) / NUM_PERM
