"""Tests for monitor.language: script check, seeded langdetect, hints and failure-free behaviour."""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import trafilatura

from monitor.language import detect_language

SEED = importlib.resources.files("monitor") / "data" / "seed" / "sora-seed-article.ar.txt"

ARABIC_WITH_LATIN = (
    "أعلنت OpenAI عن Sora 2 مع تطبيق جديد على iOS، ويمكن للمستخدمين إنشاء مقاطع فيديو "
    "بدقة 1080p عبر sora.com باستخدام ChatGPT Plus."
)
PERSIAN = "این یک متن فارسی است که درباره هوش مصنوعی و ساخت ویدیو با مدل سورا نوشته شده است."
URDU = "یہ ایک اردو متن ہے جو مصنوعی ذہانت اور ویڈیو بنانے والے ماڈل کے بارے میں لکھا گیا ہے۔"
ENGLISH = "OpenAI has released Sora 2, its new video generation model, alongside an iPhone app."
FRENCH = "OpenAI a dévoilé Sora, un modèle capable de générer des vidéos à partir de texte."
JAPANESE = "今日は空がとても青くてきれいです。ソラという名前のキャラクターも人気があります。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED.read_text(encoding="utf-8"), "ar"),
        (ARABIC_WITH_LATIN, "ar"),
        (PERSIAN, "fa"),
        (URDU, "ur"),
        (ENGLISH, "en"),
        (FRENCH, "fr"),
        (JAPANESE, "ja"),
    ],
)
def test_detects(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_arabic_with_one_persian_letter_in_a_name_is_still_arabic() -> None:
    text = ARABIC_WITH_LATIN + " وقالت شركة گوگل إنها تعمل على نموذج منافس لتوليد الفيديو."
    assert detect_language(text) == "ar"


def test_tashkeel_and_eastern_digits_do_not_matter() -> None:
    assert detect_language("تُقَدَّرُ قِيمَتُهَا السُّوقِيَّةُ بِـ ١٥٠ مِلْيَارَ دُولَارٍ") == "ar"


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "12345 67890 2024-11-26 10:00", "!!! ... ؟؟؟ ،،،", "Sora 2", "سورا الجديد", None],
)
def test_undecidable_is_none_and_never_raises(text: str | None) -> None:
    assert detect_language(text) is None  # type: ignore[arg-type]


def test_digits_with_few_letters_do_not_raise() -> None:
    assert detect_language("1080p 1080p 1080p 2024 150 150 150 10 10 10 3 3 3 3 3 3") is None


def test_hint_breaks_a_tie_only() -> None:
    # A word salad on which seeded langdetect splits evenly between Dutch and English.
    text = "nuevo modelo het the video openai"
    assert detect_language(text) in {"nl", "en"}
    assert detect_language(text, hint="en") == "en"
    assert detect_language(text, hint="nl-NL") == "nl"
    assert detect_language(text, hint="en_GB") == "en"
    # A hint cannot turn clear English or Arabic into something else.
    assert detect_language(ENGLISH, hint="ar") == "en"
    assert detect_language(ARABIC_WITH_LATIN, hint="en") == "ar"
    assert detect_language(ENGLISH, hint="not a language") == "en"


def test_identical_across_processes() -> None:
    ties = ["nuevo modelo het the video openai", "novo der video est modell"]
    texts = [ENGLISH, FRENCH, PERSIAN, *ties]
    code = (
        "import json, sys; from monitor.language import detect_language as d; "
        "print(json.dumps([d(t) for t in json.loads(sys.stdin.read())]))"
    )
    results = []
    for hashseed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        results.append(json.loads(out))
    assert results[0] == results[1] == results[2]
    assert results[0] == [detect_language(t) for t in texts]


SHARED_PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "pages"
# Real Persian and Urdu pages of the shared test material beside the checkout (skipped when
# absent): Arabic script, not Arabic.
REAL_NON_ARABIC = [
    ("htmldate/tests/test_set/1523806243.html", "fa"),
    ("htmldate/tests/test_set/1602557452.html", "fa"),
    ("fetch_util/spec_fixtures/jang_liveblog_article.html", "ur"),
]


@pytest.mark.parametrize(("name", "expected"), REAL_NON_ARABIC)
def test_real_persian_and_urdu_pages_are_not_arabic(name: str, expected: str) -> None:
    path = SHARED_PAGES / name
    if not path.is_file():
        pytest.skip(f"shared test material not found at {path}")
    extracted = trafilatura.bare_extraction(path.read_bytes().decode("utf-8", errors="replace"))
    assert extracted is not None and extracted.text
    assert detect_language(extracted.text) == expected
