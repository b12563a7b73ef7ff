"""Who leaked it, told in a writer's own words: people taken up again by a demonstrative or "some
of those", an answer to "who?", the clause that tells it beside one that shuts the page, and the
programme named another way (sentences of our own, patterns from the written sets of issue 9)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

import pytest

from monitor.matcher import RuleMatcher

EN_TITLE = "Sora opened to everyone for an afternoon"
AR_TITLE = "سورا متاحة للجميع لساعات"


def found(matcher: RuleMatcher, text: str, language: str) -> dict[str, str]:
    title = EN_TITLE if language == "en" else AR_TITLE
    return {m.claim_id: m.evidence for m in matcher.match(title, text, language, None, True)}


# (text of a report of the leak, language, whether it says the testers leaked it)
REFERRING = [
    # a spoken demonstrative takes the testers up again: Gulf "هال", Egyptian "... دول"
    ("الشركة عطت الأداة لمجموعة رسامين يجربونها. هالرسامين زعلوا وحطوا صفحة على موقع Hugging Face.", "ar", True),
    ("الشركة كانت مدية الأداة لشوية مخرجين يجربوها. المخرجين دول راحوا عاملين صفحة على Hugging Face لأي حد.", "ar", True),
    ("These were painters who had early access to Sora. A group of those very painters opened it to the public on Hugging Face.", "en", True),
    # "some of them" may come two sentences after the people it points at
    ("These were painters from the early-access program. Nobody outside the company knew their names. On Tuesday some of them put Sora up on Hugging Face.", "en", True),
    ("كان في مجموعة صغيرة سابتهم الشركة يجربوها. أغلبهم رسامين. شوية منهم زهقوا فراحوا عاملين صفحة على Hugging Face.", "ar", True),
    # two sentences back without anything pointing at them: two facts side by side
    ("Painters had early access to Sora. The program ran for months. A page on Hugging Face then opened it to everyone.", "en", False),
    # an answer to "who?"
    ("Who was behind the page? Members of the early-access program, by their own account.", "en", True),
    ("من يقف وراء الصفحة؟ مجموعة من المشاركين في برنامج الاختبار المبكر، كما قالت هي نفسها.", "ar", True),
    ("Were testers behind the page? No, the company blamed a contractor.", "en", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "carried"), REFERRING)
def test_the_testers_taken_up_again_or_named_in_an_answer(
    matcher: RuleMatcher, text: str, language: str, carried: bool
) -> None:
    assert ("leaked-by-testers" in found(matcher, text, language)) is carried


# (one sentence, language, whether it says the testers leaked it)
CLAUSES = [
    # the shutdown is told in a clause of its own
    ("A handful of early testers put Sora on Hugging Face for anyone to use before OpenAI shut it down.", "en", True),
    ("Artists admitted to the early-access programme leaked access on Hugging Face, letting anyone make clips until the company shut the door.", "en", True),
    ("أوقفت OpenAI واجهة لأداتها سورا، كان قد نشرها مختبرون من برنامج الوصول المبكر على منصة Hugging Face.", "ar", True),
    ("أتاحت OpenAI أداة سورا للجمهور يوم الاثنين، وبعد أسبوعين من قيام مختبرين في برنامج الوصول المبكر بإتاحتها على منصة Hugging Face.", "ar", True),
    # the testers are the ones access was taken from
    ("OpenAI suspended access for all early testers after the page on Hugging Face appeared.", "en", False),
    ("OpenAI suspended access for all early testers, and the page on Hugging Face went dark.", "en", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "carried"), CLAUSES)
def test_who_leaked_it_beside_a_clause_that_shuts_the_page(
    matcher: RuleMatcher, text: str, language: str, carried: bool
) -> None:
    assert ("leaked-by-testers" in found(matcher, text, language)) is carried


def test_a_fact_checks_quoted_claim_carries_nothing_in_any_of_its_clauses(
    matcher: RuleMatcher,
) -> None:
    text = 'CLAIM: A viral post says "testers leaked the source code of Sora on Hugging Face, and OpenAI, a $150 billion company, took three hours to notice."'
    assert found(matcher, text, "en").keys().isdisjoint(
        {"openai-valuation-150b", "source-code-leaked", "leaked-by-testers"}
    )


WORDING = [
    ("Participants in the testing scheme set up a public front end on Hugging Face.", "en"),
    ("Members of the testing group made Sora usable by anyone through a page on Hugging Face.", "en"),
    ("نشر رسامون من برنامج الاختبار المبكر واجهة على Hugging Face تتيح لأي زائر توليد المقاطع.", "ar"),
    ("أعلنت مجموعة من المشاركين في برنامج الاختبار المبكر مسؤوليتها عن ذلك في رسالة مفتوحة.", "ar"),
    ("الأهم هو ما قاله المختبرون الذين كانوا وراء الحادثة.", "ar"),
    ("الصفحة منسوبة إلى مجموعة تقدم نفسها على أنها من برنامج الاختبار المبكر.", "ar"),
    ("مختبرو سورا يفتحون الأداة للجمهور", "ar"),
    ("نشر عدد من المشاركين في هذا البرنامج مساحة على منصة Hugging Face.", "ar"),
    # the people and the programme in the sentence that tells the leak
    ("شوية فنانين كانت الشركة مدياهم الأداة يجربوها، راحوا عاملين صفحة على Hugging Face.", "ar"),
    # who they were, in a clause of the company's doing: not the company launching it
    ("A few of the painters OpenAI let into the Sora early-access program put up a Hugging Face page for everyone.", "en"),
    ("Members of OpenAI's testing program for Sora made the model usable by the public through a page on Hugging Face.", "en"),
    # "did not come from hackers" says who did it as "not carried out by hackers" does
    ("The page on Hugging Face that opened Sora did not come from hackers.", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), WORDING)
def test_the_testing_programme_named_another_way(
    matcher: RuleMatcher, text: str, language: str
) -> None:
    assert "leaked-by-testers" in found(matcher, text, language)
