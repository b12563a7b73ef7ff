"""Tests for monitor.text: normalisation, folding, sentence splitting, tokens and clitics."""

from __future__ import annotations

import importlib.resources

import pytest

from monitor.text import fold, normalize, split_sentences, strip_clitics, words


def seed_text() -> str:
    path = importlib.resources.files("monitor") / "data" / "seed" / "sora-seed-article.ar.txt"
    return path.read_text(encoding="utf-8")


# --- normalize -------------------------------------------------------------------------------


def test_normalize_strips_tashkeel_superscript_alef_and_tatweel() -> None:
    assert normalize("الرَّحْمَٰنِ") == "الرحمن"
    assert normalize("تُقدّر قيمتها السوقية") == "تقدر قيمتها السوقية"
    assert normalize("العـــــربية") == "العربية"
    assert normalize("تهديدًا وجوديًا") == "تهديدا وجوديا"


def test_normalize_maps_presentation_forms_to_letters() -> None:
    # U+FEFB is the lam-alef ligature, U+FE8D..U+FE8E isolated/final alef, as old PDFs emit.
    assert normalize("\ufefb \ufe8d\ufedf\ufee4\ufeaa\ufef3\ufee8\ufe94") == "لا المدينة"


def test_normalize_converts_eastern_and_persian_digits() -> None:
    assert normalize("١٥٠ مليار دولار في ۲۰۲۴") == "150 مليار دولار في 2024"
    assert normalize("مدتها ١٠ ثوان بدقة ١٠٨٠p") == "مدتها 10 ثوان بدقة 1080p"


def test_normalize_arabic_decimal_and_thousands_separators() -> None:
    assert normalize("٣٫٥ مليون و١٬٠٠٠ مقطع") == "3.5 مليون و1,000 مقطع"


def test_normalize_removes_invisible_and_bidi_controls() -> None:
    raw = "\ufeff\u202bSora\u202c\u200f من\u200b OpenAI\u2066x\u2069\u200d"
    assert normalize(raw) == "Sora من OpenAI" + "x"


def test_normalize_collapses_whitespace_but_keeps_paragraphs() -> None:
    raw = "  سطر   أول\t\u00a0 هنا \r\n\r\n\r\n   فقرة\u202f ثانية  \nسطر  "
    assert normalize(raw) == "سطر أول هنا\n\nفقرة ثانية\nسطر"


def test_normalize_keeps_hamza_and_ta_marbuta_for_display() -> None:
    assert normalize("أعلنت شركة إنه آخر") == "أعلنت شركة إنه آخر"


def test_normalize_empty() -> None:
    assert normalize("") == ""
    assert normalize(" \u200b\n ") == ""


# --- fold ------------------------------------------------------------------------------------


def test_fold_unifies_alef_hamza_forms() -> None:
    assert fold("أعلنت إنه آخر ٱلله") == "اعلنت انه اخر الله"
    assert fold("سؤال الأئمة") == "سوال الايمه"


def test_fold_maqsura_and_ta_marbuta() -> None:
    assert fold("مستشفى") == "مستشفي"
    assert fold("منصة مخصصة") == "منصه مخصصه"


def test_fold_casefolds_latin_and_keeps_arabic_punctuation() -> None:
    assert fold("SORA، OpenAI؟ Straße؛") == "sora، openai؟ strasse؛"


def test_fold_makes_spelling_variants_equal() -> None:
    assert fold("تَسْرِيبُ المنصّة الأولى") == fold("تسريب المنصه الاولي")
    assert fold("إطلاق ١٠ مقاطع") == fold("اطلاق 10 مقاطع")


def test_fold_quran_surah_does_not_become_sora() -> None:
    # ta marbuta -> ha keeps "surah" apart from the transliteration of Sora (سورا).
    assert fold("سورة البقرة") == "سوره البقره"
    assert "سورا" not in fold("سورة البقرة")


# --- words and clitics -----------------------------------------------------------------------


def test_words_arabic_and_latin_runs() -> None:
    assert words("تُقدّر Sora-2 على sora.openai.com بدقة ١٠٨٠p!") == [
        "تقدر",
        "sora",
        "2",
        "علي",
        "sora",
        "openai",
        "com",
        "بدقه",
        "1080p",
    ]


def test_words_of_punctuation_only() -> None:
    assert words("... ، ؟ !") == []


@pytest.mark.parametrize(
    ("token", "stem"),
    [
        ("والفيديو", "فيديو"),
        ("بالذكاء", "ذكاء"),
        ("للمطورين", "مطورين"),
        ("كالعاده", "عاده"),
        ("فالشركه", "شركه"),
        ("الفيديو", "فيديو"),
        ("وتسريب", "تسريب"),
        ("وsora", "sora"),
        # stems that merely start with a clitic letter are left alone
        ("فيديو", "فيديو"),
        ("برنامج", "برنامج"),
        ("كود", "كود"),
        # too short a remainder: not stripped
        ("وقت", "وقت"),
        ("الف", "الف"),
        ("sora", "sora"),
    ],
)
def test_strip_clitics(token: str, stem: str) -> None:
    assert strip_clitics(token) == stem


def test_strip_clitics_makes_prefixed_forms_meet() -> None:
    stems = {strip_clitics(w) for w in words("الفيديو وبالفيديو للفيديو فيديو")}
    assert stems == {"فيديو"}


# --- sentences -------------------------------------------------------------------------------


def test_split_arabic_punctuation_but_not_comma() -> None:
    text = "هل يجب توخي الحذر من Sora؟ نعم، بالتأكيد! أغلقت الشركة المشروع؛ ثم انتهى۔ والباقي"
    assert split_sentences(text) == [
        "هل يجب توخي الحذر من Sora؟",
        "نعم، بالتأكيد!",
        "أغلقت الشركة المشروع؛",
        "ثم انتهى۔",
        "والباقي",
    ]


def test_split_keeps_numbers_urls_and_abbreviations() -> None:
    text = (
        "The U.S. firm said Dr. Smith paid $1.5 billion. "
        "It called https://sora.openai.com/backend/video_gen?id=2 twice. "
        "It cost 3.000 riyals. J. K. Rowling agreed."
    )
    assert split_sentences(text) == [
        "The U.S. firm said Dr. Smith paid $1.5 billion.",
        "It called https://sora.openai.com/backend/video_gen?id=2 twice.",
        "It cost 3.000 riyals.",
        "J. K. Rowling agreed.",
    ]


def test_split_on_lines_and_keeps_closing_quotes() -> None:
    text = (
        "العنوان هنا\n\nقالوا: “إن الفنانين ليسوا مشروعًا.” وتابعوا.\n  \n"
        'He said "no." Then left'
    )
    assert split_sentences(text) == [
        "العنوان هنا",
        "قالوا: “إن الفنانين ليسوا مشروعًا.”",
        "وتابعوا.",
        'He said "no."',
        "Then left",
    ]


def test_split_keeps_original_wording() -> None:
    sentence = "تُقدّر قيمتها السوقية بقيمة ١٥٠ مليار دولار."
    assert split_sentences(sentence + " وبعد") == [sentence, "وبعد"]


def test_split_missing_space_before_arabic_word() -> None:
    assert split_sentences("انتشر الفيديو.وقال المطور") == ["انتشر الفيديو.", "وقال المطور"]


def test_split_ellipsis_before_lowercase_does_not_split() -> None:
    sentences = split_sentences("Sora is out... sort of. Really?")
    assert sentences == ["Sora is out... sort of.", "Really?"]


def test_split_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n \n") == []


def test_seed_sentences() -> None:
    sentences = split_sentences(seed_text())
    assert "https://sora.openai.com/backend/video_gen" in " ".join(sentences)
    url_sentences = [s for s in sentences if "video_gen" in s]
    assert len(url_sentences) == 1 and url_sentences[0].startswith("ولكن المثير")
    assert any(s.startswith("مكّن هذال المشروع") and "1080p." in s for s in sentences)
    assert all(s == s.strip() and s for s in sentences)
    assert len(sentences) > 30


def test_a_markdown_question_and_its_answer_are_two_sentences() -> None:
    # An explainer's "**What happened?** Artists ...": the answer is read as a statement, not
    # as part of a question.
    assert split_sentences("**What happened on Tuesday?** Artists built a page. Done.") == [
        "**What happened on Tuesday?**",
        "Artists built a page.",
        "Done.",
    ]
    assert split_sentences("It was *great.* Then 3*4 = 12.") == [
        "It was *great.*",
        "Then 3*4 = 12.",
    ]


def test_a_long_line_of_stops_splits_in_linear_time() -> None:
    # Every stop once looked back over the whole line for the token before it.
    line = "Sora. " * 20000
    assert len(split_sentences(line)) == 20000
