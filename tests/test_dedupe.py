"""Tests for monitor.dedupe: content hashes, MinHash signatures, LSH band keys."""

from __future__ import annotations

import importlib.resources
import json
import os
import pickle
import subprocess
import sys

import pytest
from datasketch import MinHash, MinHashLSH

from monitor.dedupe import (
    BANDS,
    NUM_PERM,
    ROWS,
    MinHashSignature,
    band_keys,
    content_hash,
    jaccard,
    shingles,
    signature,
)
from monitor.text import words

SEED_PATH = importlib.resources.files("monitor") / "data" / "seed" / "sora-seed-article.ar.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")

WIRE = """OpenAI briefly suspended access to its Sora video generator on Tuesday after a group of
artists who had been testing the tool published a way for anyone to use it on Hugging Face.
The group, which said it had been invited to test Sora before its public release, posted an
open letter accusing the company of using artists for unpaid research and development and
for what it called art washing. Users generated hundreds of short clips before the company
closed the access about three hours later. OpenAI said participation in the early access
programme was voluntary and that testers were under no obligation to provide feedback.
The company has not said when Sora will be released to the public. It first showed the model
in February, with clips of up to a minute long. Rivals including Google and Runway have since
launched their own video generation models, and several start-ups in China have released
tools that produce similar results."""

BOILERPLATE_EN = """Sign up for our newsletter to get the latest technology news every morning.
Copyright 2024 Example Media Group. All rights reserved. Follow us on X and Facebook.
Related: The best AI tools of the year, ranked by our editors."""

BOILERPLATE_AR = """اقرأ أيضا: أفضل هواتف العام بحسب محررينا
جميع الحقوق محفوظة لموقع التقنية اليوم 2024 - تابعونا على فيسبوك وتويتر ويوتيوب
اشترك في النشرة البريدية لتصلك آخر الأخبار"""

OTHER_STORY_EN = """Apple on Monday announced a new line of laptops powered by its latest chips,
promising longer battery life and faster graphics. The computers will be available in stores
next week, starting at 1,299 dollars, the company said at an event in California. Analysts said
the update was expected and would help the company in a slowing personal computer market,
where shipments fell for the third year in a row according to industry estimates."""

OTHER_STORY_AR = """أعلنت وزارة الصحة اليوم الثلاثاء عن تسجيل انخفاض في عدد الإصابات بالإنفلونزا
الموسمية خلال الأسبوع الماضي، ودعت المواطنين إلى الحصول على اللقاح في المراكز الصحية
المنتشرة في جميع المحافظات، مؤكدة أن الكميات المتوفرة تكفي الجميع حتى نهاية الموسم."""


def shares_key(a: str, b: str) -> bool:
    return bool(set(band_keys(signature(a))) & set(band_keys(signature(b))))


# --- exact duplicates ------------------------------------------------------------------------


def test_content_hash_ignores_spelling_noise() -> None:
    a = "أعلنت OpenAI عن منصة Sora في فبراير الماضي.\n\nوقالت الشركة إنها ستُحدث ثورة."
    b = " أعلنت  openai عن منصه Sora في فبراير الماضي. وقالت الشركه انها ستحدث ثورة. "
    assert content_hash(a) == content_hash(b)
    assert len(content_hash(a)) == 64 and int(content_hash(a), 16) >= 0


def test_content_hash_differs_on_content() -> None:
    assert content_hash(WIRE) != content_hash(WIRE.replace("three hours", "four hours"))
    assert content_hash(SEED) != content_hash(SEED + " اقرأ أيضا")


# --- signatures ------------------------------------------------------------------------------


def test_signature_is_the_datasketch_minhash_of_5_shingles() -> None:
    expected = MinHash(num_perm=128, seed=1, scheme="affine32")
    expected.update_batch(shingles(words(WIRE)))
    sig = signature(WIRE)
    assert list(sig.hashvalues) == list(expected.hashvalues)
    assert sig.minhash().jaccard(expected) == 1.0
    assert shingles(["a", "b", "c", "d", "e", "f"]) == [b"a b c d e", b"b c d e f"]
    assert shingles(["a", "b"]) == [b"a b"]


def test_signature_bytes_round_trip_and_pickle() -> None:
    sig = signature(SEED)
    data = sig.to_bytes()
    assert isinstance(data, bytes) and len(data) == NUM_PERM * 4
    assert MinHashSignature.from_bytes(data) == sig
    assert pickle.loads(pickle.dumps(sig)) == sig
    assert band_keys(MinHashSignature.from_bytes(data)) == band_keys(sig)


def test_from_bytes_rejects_wrong_length() -> None:
    with pytest.raises(ValueError, match="512 bytes"):
        MinHashSignature.from_bytes(b"\x00" * 100)


def test_clusters_read_stored_signatures_as_jaccard_does() -> None:
    # monitor.clusters compares stored signatures without numpy; the same estimates.
    from monitor.clusters import _hash_values, _similarity

    copy = "عنوان جديد تماما للمقال\n" + SEED + "\n" + BOILERPLATE_AR
    texts = [SEED, OTHER_STORY_AR, copy, "", SEED[: len(SEED) // 2], SEED[len(SEED) // 3 :]]
    sigs = [signature(t) for t in texts]
    for a in sigs:
        for b in sigs:
            stored = _similarity(_hash_values(a.to_bytes()), _hash_values(b.to_bytes()))
            assert stored == jaccard(a, b)
    with pytest.raises(ValueError, match="512 bytes"):
        _hash_values(b"\x00" * 100)


def test_jaccard_estimates() -> None:
    assert jaccard(signature(SEED), signature(SEED)) == 1.0
    assert jaccard(signature(SEED), signature(OTHER_STORY_AR)) < 0.05
    copy = "عنوان جديد تماما للمقال\n" + SEED + "\n" + BOILERPLATE_AR
    assert jaccard(signature(SEED), signature(copy)) > 0.8
    assert jaccard(signature(""), signature("")) == 0.0


# --- LSH band keys ---------------------------------------------------------------------------


def test_banding_matches_datasketch_for_threshold_half() -> None:
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    keys = band_keys(signature(WIRE))
    assert len(keys) == BANDS == len(set(keys))
    assert all(len(k) == 18 and int(k, 16) >= 0 for k in keys)
    assert [k[:2] for k in keys] == [f"{i:02x}" for i in range(BANDS)]


def test_syndicated_copy_with_new_headline_and_boilerplate_shares_a_key() -> None:
    en_copy = "Artists leak OpenAI video tool in protest\n" + WIRE + "\n" + BOILERPLATE_EN
    ar_copy = "تسريب أداة سورا: ماذا حدث؟\n" + SEED + "\n" + BOILERPLATE_AR
    assert shares_key(WIRE, en_copy)
    assert shares_key(SEED, ar_copy)


def test_agrees_with_datasketch_lsh_on_candidates() -> None:
    docs = {
        "wire": WIRE,
        "copy": "New headline\n" + WIRE + "\n" + BOILERPLATE_EN,
        "apple": OTHER_STORY_EN,
        "seed": SEED,
        "health": OTHER_STORY_AR,
    }
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    for name, text in docs.items():
        lsh.insert(name, signature(text).minhash())
    for name, text in docs.items():
        ours = {
            other
            for other, other_text in docs.items()
            if set(band_keys(signature(text))) & set(band_keys(signature(other_text)))
        }
        assert ours == set(lsh.query(signature(text).minhash())), name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (WIRE, OTHER_STORY_EN),
        (SEED, OTHER_STORY_AR),
        (WIRE, SEED),
        (OTHER_STORY_EN, OTHER_STORY_AR),
    ],
)
def test_unrelated_texts_share_no_key(a: str, b: str) -> None:
    assert not shares_key(a, b)


def test_texts_without_words_have_no_keys() -> None:
    assert band_keys(signature("")) == []
    assert band_keys(signature("... ، !!")) == []
    assert band_keys(signature("كلمة")) != []


def test_band_keys_rejects_impossible_banding() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        band_keys(signature(WIRE), bands=20, rows=8)


def test_identical_across_processes() -> None:
    code = (
        "import json, sys; from monitor.dedupe import signature, band_keys, content_hash; "
        "texts = json.loads(sys.stdin.read()); "
        "print(json.dumps([[signature(t).to_bytes().hex(), band_keys(signature(t)), "
        "content_hash(t)] for t in texts]))"
    )
    texts = [WIRE, SEED]
    outputs = []
    for hashseed in ("0", "7", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    here = [
        [signature(t).to_bytes().hex(), band_keys(signature(t)), content_hash(t)] for t in texts
    ]
    assert outputs[0] == here
