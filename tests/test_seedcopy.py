"""Tests for monitor.seedcopy: copies of the seed article against independent coverage."""

from __future__ import annotations

import random

import pytest

from monitor.seedcopy import COPY_THRESHOLD, is_seed_copy, seed_match, seed_similarity, seed_text

SEED = seed_text()
PARAGRAPHS = [p for p in SEED.split("\n\n") if p.strip()]

INDEPENDENT_AR = """كشفت تقارير أن مجموعة من الفنانين الذين شاركوا في اختبار أداة Sora من
OpenAI قاموا بتسريب إمكانية الوصول إليها عبر منصة Hugging Face احتجاجا على طريقة تعامل الشركة معهم.
وقال الفنانون في رسالة مفتوحة إنهم ليسوا أداة للبحث والتطوير دون مقابل، متهمين الشركة
باستغلالهم لأغراض دعائية. وأغلقت OpenAI الوصول بعد نحو ثلاث ساعات، فيما انتشرت مقاطع فيديو
عديدة على منصة X. وأكدت الشركة أن المشاركة في البرنامج طوعية، وأنها لم تحدد بعد موعد إطلاق
Sora للجمهور. ويأتي ذلك بعد أن أعلنت OpenAI عن منصة Sora في فبراير الماضي، وسط منافسة متزايدة
من جوجل وشركات ناشئة صينية في مجال توليد الفيديو بالذكاء الاصطناعي."""

# Independent coverage that borrows two phrases of the seed word for word.
INDEPENDENT_WITH_PHRASES = (
    INDEPENDENT_AR
    + "\nويرى مراقبون أن الأداة تُشكل تهديدًا وجوديًا خطيرًا على صناع المحتوى والفنانين ومحررين "
    "الفيديو، وأن الرسالة جاءت بالنص: “إن الفنانين ليسوا مشروعًا للبحث والتطوير الغير مدفوع الأجر”."
)

ENGLISH_TRANSLATION = """If you think OpenAI's ChatGPT is the most dangerous face of artificial
intelligence so far, you have surely not heard of Sora. Sora is an upcoming AI video platform from
a company valued at 150 billion dollars. Recently the source code of Sora leaked on Hugging Face,
a platform for developers, letting many developers test the real abilities of the model."""

BOILERPLATE = """الرئيسية أخبار تقنية ألعاب هواتف
اشترك في نشرتنا البريدية لتصلك آخر أخبار التقنية كل صباح
جميع الحقوق محفوظة © 2024 موقع عالم التقنية - سياسة الخصوصية - اتصل بنا"""


def truncated(share: float) -> str:
    return SEED[: int(len(SEED) * share)]


def edited(text: str, every: int, seed: int = 7) -> str:
    """Replace one word in `every` with another, as a rewriting site does."""
    rng = random.Random(seed)
    tokens = text.split(" ")
    fillers = ["جدا", "أيضا", "حقا", "الجديدة", "ذلك", "كذلك"]
    return " ".join(
        rng.choice(fillers) if i % every == every // 2 else token for i, token in enumerate(tokens)
    )


def respelled(text: str) -> str:
    """Careless retyping: no hamza on alef, ha for ta marbuta, Eastern digits, no tashkeel."""
    table = str.maketrans({"أ": "ا", "إ": "ا", "ة": "ه", "1": "١", "0": "٠", "5": "٥", "ّ": None})
    return text.translate(table)


def reordered(seed: int = 3) -> str:
    paragraphs = PARAGRAPHS[:]
    random.Random(seed).shuffle(paragraphs)
    return "\n\n".join(paragraphs)


COPIES = {
    "verbatim": SEED,
    "retitled": "ما قصة تسريب Sora؟ كل ما تريد معرفته\n\n" + "\n\n".join(PARAGRAPHS[2:]),
    "truncated-60": truncated(0.6),
    "truncated-50": truncated(0.5),
    "truncated-40": truncated(0.4),
    "reordered": reordered(),
    "edited-every-10th-word": edited(SEED, 10),
    "edited-and-truncated": edited(truncated(0.5), 8),
    "respelled": respelled(SEED),
    "with-site-boilerplate": BOILERPLATE + "\n" + SEED + "\n" + BOILERPLATE,
    "paragraphs-dropped": "\n\n".join(PARAGRAPHS[:4] + PARAGRAPHS[6:12]),
}

NOT_COPIES = {
    "independent": INDEPENDENT_AR,
    "independent-with-two-phrases": INDEPENDENT_WITH_PHRASES,
    "english-translation": ENGLISH_TRANSLATION,
    "one-quoted-paragraph": INDEPENDENT_AR + "\n" + PARAGRAPHS[4],
    "boilerplate-only": BOILERPLATE,
    "empty": "",
    "sora-2-news": "أطلقت OpenAI تطبيق Sora 2 لتوليد مقاطع الفيديو بالذكاء الاصطناعي مع الصوت.",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copies_are_found(name: str) -> None:
    match = seed_match(COPIES[name])
    assert match.copy, match
    assert COPY_THRESHOLD <= match.similarity <= 1.0
    assert is_seed_copy(COPIES[name])


@pytest.mark.parametrize("name", sorted(NOT_COPIES))
def test_independent_coverage_is_not_a_copy(name: str) -> None:
    match = seed_match(NOT_COPIES[name])
    assert not match.copy, match
    assert 0.0 <= match.similarity < COPY_THRESHOLD


def test_seed_itself_scores_one() -> None:
    assert seed_similarity(SEED) == 1.0


def test_order_does_not_matter() -> None:
    assert seed_similarity(reordered(1)) == pytest.approx(seed_similarity(reordered(2)), abs=0.03)


def test_similarity_falls_with_editing() -> None:
    light, heavy = seed_similarity(edited(SEED, 12)), seed_similarity(edited(SEED, 3))
    assert light > heavy
    assert heavy < COPY_THRESHOLD


def test_a_short_excerpt_is_not_a_copy() -> None:
    # A fifth of the seed is an excerpt, not a republication.
    assert not is_seed_copy(truncated(0.15))


def test_containment_figures() -> None:
    match = seed_match(truncated(0.5))
    assert match.article_in_seed > 0.95
    assert 0.4 < match.seed_in_article < 0.6
