"""The seed said in another language, or edited in every sentence, is still a copy of it; other
coverage of the same leak, however many of its facts it shares, is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis import analyze_text
from monitor.seedcopy import COPY_THRESHOLD, seed_match, seed_text
from monitor.text import split_sentences

TRANSLATION = Path(__file__).parent / "data" / "translation" / "seed.en.txt"


def _translation() -> tuple[str, str]:
    title, _, body = TRANSLATION.read_text(encoding="utf-8").partition("\n")
    return title, body


def test_an_english_translation_of_the_seed_is_a_copy() -> None:
    found = analyze_text(*_translation())
    assert found.seed_copy and found.seed_similarity > 0.8
    assert any(s.startswith("seed-translation:") for s in found.relevance_signals)


def test_a_translation_cut_short_is_still_a_copy() -> None:
    title, body = _translation()
    paragraphs = [p for p in body.split("\n") if p.strip()]
    found = analyze_text(title, "\n\n".join(paragraphs[:6]))
    assert found.seed_copy, found.seed_similarity


def test_the_end_of_a_translation_alone_is_still_a_copy() -> None:
    title, body = _translation()
    paragraphs = [p for p in body.split("\n") if p.strip()]
    found = analyze_text(title, "\n\n".join(paragraphs[-7:]))
    assert found.seed_copy, found.seed_similarity


def test_a_few_translated_sentences_in_a_story_of_its_own_are_no_copy() -> None:
    title, body = _translation()
    quoted = " ".join(split_sentences(body)[5:8])
    text = (
        "Artists in OpenAI's early-access programme put a page on Hugging Face on Tuesday that let "
        "anyone make videos with Sora, the company's unreleased video model. "
        f"An Arabic tech site summed it up in words we translate here: {quoted} "
        "OpenAI closed the page within hours and paused the programme. "
        "The artists' letter said they were tired of working for nothing. "
        "Several of them told us they expect to be dropped from the programme. "
        "The company has not said when Sora will open to the public. "
        "Its rivals have shipped video tools of their own this year."
    )
    assert not analyze_text("Sora testers open the model to everyone", text).seed_copy


# An editor's hand in every sentence: words swapped for synonyms, a word added here and there.
SYNONYMS = {
    "منصة": "خدمة", "شركة": "مؤسسة", "مقاطع": "لقطات", "الفيديو": "المرئيات", "تسريب": "نشر",
    "المطورين": "المبرمجين", "الفنانين": "المبدعين", " أن ": " بأن ", " في ": " ضمن ",
    " من ": " عن ", " على ": " فوق ",
}


def _edited_in_every_sentence(text: str) -> str:
    for word, synonym in SYNONYMS.items():
        text = text.replace(word, synonym)
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        lines.append(" ".join(w + (" فعلًا" if i % 7 == 3 else "") for i, w in enumerate(words)))
    return "\n".join(lines)


def test_a_copy_edited_in_every_sentence_is_still_a_copy() -> None:
    edited = _edited_in_every_sentence(seed_text())
    assert seed_match(edited).similarity < COPY_THRESHOLD  # too few shingles left to tell
    title, _, body = edited.partition("\n")
    found = analyze_text(title, body)
    assert found.seed_copy, found.seed_similarity
    assert any(s.startswith("seed-reworded:") for s in found.relevance_signals)


ENGLISH_BRIEF = (
    "A group of artists who had early access to OpenAI's Sora put a working front end on "
    "Hugging Face, letting anyone generate videos with the unreleased model.\n"
    "The page sent prompts to sora.openai.com/backend/video_gen and returned clips of up to "
    "ten seconds at 1080p.\n"
    "Dozens of the clips spread on X before OpenAI shut the page about three hours later.\n"
    "The artists, who did not sign their names, said in an open letter that they were not the "
    "company's unpaid R&D and called the programme a PR stunt.\n"
    "OpenAI, valued at about $150 billion, announced Sora in February but has not released "
    "it, perhaps wary of a backlash like the one over Google's Gemini images.\n"
    "Many video editors see the model as a threat to their work.\n"
    "The company says Sora will be available later this year.\n"
    "It declined to comment on the protest."
)
ARABIC_BRIEF = (
    "نشر فنانون من برنامج الاختبار المبكر لأداة Sora صفحة على منصة Hugging Face تتيح لأي شخص "
    "توليد مقاطع فيديو بالنموذج الذي لم تطرحه OpenAI بعد.\n"
    "وكانت الصفحة ترسل الطلبات إلى sora.openai.com/backend/video_gen وتعيد مقاطع لا تتجاوز عشر "
    "ثوان بدقة 1080p.\n"
    "وانتشرت عشرات المقاطع على منصة X قبل أن تغلق الشركة الصفحة بعد نحو ثلاث ساعات.\n"
    "ولم يوقع الفنانون بأسمائهم، وقالوا في رسالة مفتوحة إنهم ليسوا أداة بحث وتطوير مجانية، "
    "ووصفوا البرنامج بأنه حيلة دعائية.\n"
    "وكانت OpenAI، التي تقدر قيمتها بنحو 150 مليار دولار، قد كشفت عن Sora في فبراير دون أن "
    "تطرحه، ربما تحسبا لأزمة كالتي واجهتها Gemini من جوجل.\n"
    "ويرى كثير من محرري الفيديو في الأداة تهديدا لعملهم.\n"
    "وتقول الشركة إن الأداة ستتاح في وقت لاحق من هذا العام.\n"
    "ورفضت الشركة التعليق على احتجاج الفنانين."
)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param("Sora leaked by artists in protest", ENGLISH_BRIEF, id="english"),
        pytest.param("فنانون يفتحون Sora للجميع احتجاجا", ARABIC_BRIEF, id="arabic"),
    ],
)
def test_independent_coverage_of_the_same_facts_is_no_copy(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.leak_report and not found.seed_copy, found.seed_similarity
