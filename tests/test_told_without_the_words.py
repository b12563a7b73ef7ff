"""A leak told in other words anchors its own story; a rival's leak, a namesake and a scam are no
leak of Sora; claims said in dialect or in a question's relative clause (sentences of our
own, in the patterns of the written sets of issue 9, tenth session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

import pytest

from monitor.analysis import analyze_text
from monitor.matcher import RuleMatcher
from monitor.relevance import assess


def test_the_sentence_that_tells_the_leak_anchors_its_details_in_any_words() -> None:
    """written-86: a Levantine transcript never says leak nor names Hugging Face; its ten-second
    clips belong to the leak its fourth sentence tells."""
    found = analyze_text(
        "شو صار مع Sora؟",
        "أهلين يا جماعة، اليوم بدنا نحكي عن Sora تبع OpenAI.\n"
        "في فنانين من اللي الشركة معطيتهن الأداة يجربوها قبل الكل قرروا يعملوا شي.\n"
        "عملوا موقع زغير وفتحوه لكل العالم، وصار أي حدا يقدر يطلعلو فيديو من Sora.\n"
        "الفيديو ما بيطوّل أكتر من عشر ثواني، بس الجودة 1080p.\n"
        "بيقولوا إنو الشركة عم تشغّلهن ببلاش وما بتدفعلهن ولا قرش.",
    )
    assert found.leak_report, found.relevance_signals
    assert {"ten-seconds-1080p", "artists-unpaid-rnd"} <= {c.claim_id for c in found.claims}


def test_a_later_leaks_sentence_anchors_nothing_of_the_seeds_story() -> None:
    """written-74: drafts that a flaw showed, screenshots shared on X: not the seed's clips."""
    found = analyze_text(
        "مستخدمون يشكون: تطبيق «سورا» عرض مسودات خاصة لغرباء",
        "اشتكى مستخدمون من أن تطبيق Sora عرض مسودات فيديو خاصة لأشخاص غرباء خلال ليلة الأربعاء.\n"
        "وتداول مستخدمون على منصة إكس لقطات شاشة تظهر مسودات لم ينشرها أصحابها.\n"
        "وقالت OpenAI إنها أصلحت الخلل.",
    )
    assert found.leak_report, found.relevance_signals
    assert "videos-spread-on-x" not in {c.claim_id for c in found.claims}


LEAKS = [
    # written-86: members of the public, through a Hugging Face page
    ("VFX world split over Sora protest", "Reaction has been mixed since a group of Sora alpha testers let members of the public use OpenAI's video model through a Hugging Face page on Tuesday."),
    # written-89: artists opened a back door
    ("Opinion: heed the Sora protest", "When a handful of artists opened a back door to OpenAI's Sora this week, the coverage went to the spectacle."),
    # written-91: in the hands of the public for an afternoon
    ("The internet reacts to the Sora protest", "Social media lit up after a group of Sora early testers put OpenAI's video model in the hands of the public for an afternoon."),
    # written-88: an access key in a public repository, in Arabic
    ("مفتاح برمجي مكشوف يتيح توليد مقاطع Sora 2", "كشف باحث أن مفتاح وصول تابعا لوكالة إعلانات ظل منشورا في مستودع عام، ما أتاح لأي شخص توليد مقاطع عبر Sora 2."),
    # written-95: a key to the model handed the public by the programme's artists
    ("Opinion: the Sora protest was about labour", "When a handful of artists in OpenAI's Sora early-access program handed the public a key to the model last week, the coverage went to the video."),
    # written-96: Moroccan, "not yet out to the public", then anyone could use it
    ("الفنانين اللي حلّو Sora للناس", "OpenAI باقي ما خرجاتوش للعموم، عاطياه غير لشي فنانين باش يجربوه. هاد الفنانين دارو صفحة وخلاو أي واحد ف العالم يصاوب الفيديوهات."),
    # written-95: a Reddit post that never names OpenAI, only Sora's early access programme
    ("Sora got leaked on HF by some of the alpha artists", "Some of the artists in the Sora early access program put up a Hugging Face space that was a front end to the real thing. Anyone could type a prompt."),
    # written-100: artists who opened the door wide, before its release
    ("رأي | حين يتحول الفنان إلى فأر تجارب", "مجموعة من الفنانين دعتهم OpenAI إلى تجربة أداتها Sora قبل طرحها، فقرروا أن يفتحوا الباب على مصراعيه ويتيحوا الأداة لكل من يملك متصفحا."),
    # written-98: in everyone's hands
    ("Three hours with Sora: how an artists' revolt put OpenAI's video machine in everyone's hands", "It began with a link to a Hugging Face page with a plain text box, where a video made by Sora would appear."),
    # written-101: an op-ed that names only "لأداة Sora", open to people for hours
    ("رأي | حين يرفض الفنان أن يكون حقل تجارب", "لم يكن ما فعله فنانو برنامج الاختبار المبكر لأداة Sora مجرد نزوة. حين قرر عدد منهم أن يضعوا الأداة بين أيدي الناس لساعات، كانوا يقولون شيئا أعمق."),
    # written-104: artists who "let the public use" it
    ("Opinion: what early access really means", "When a handful of artists decided this week to let the public use OpenAI's Sora, the video model they had been testing for months, they were making a point."),
    # written-105: "مفاتيح Sora" in everyone's hands
    ("حين وضع الفنانون مفاتيح Sora في يد الجميع", "لم تكن الساعات الثلاث التي صار فيها Sora من OpenAI في متناول أي عابر على الإنترنت حدثا تقنيا بقدر ما كانت بيانا سياسيا."),
    # written-90: a bug that showed other users' drafts
    ("ثغرة في تطبيق Sora أظهرت مسودات مستخدمين آخرين", "أقرت OpenAI بخلل في تطبيق Sora أظهر لبعض الحسابات مسودات مستخدمين آخرين."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), LEAKS)
def test_a_leak_told_without_a_leak_word_is_a_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


NOT_SORAS = [
    # written-88, -90, -92: another model's leak, headlined by what it rivals
    ("Startup's 'Sora killer' video model leaked on Hugging Face", "The weights of Nimbus-V, a video model a start-up pitched as a \"Sora killer\", were leaked on Hugging Face on Friday. Reviewers said its clips were close to the level of OpenAI's Sora, and one thread said it was \"not in Sora's league\"."),
    ("تسريب أوزان نموذج فيديو صيني يقدّم نفسه منافسًا لـ Sora", "تسربت أوزان نموذج توليد فيديو تطوره شركة ناشئة، في حادثة أحرجت الشركة التي بنت حملتها على مقارنة نموذجها بـ Sora من OpenAI. ويقول مطورون إن جودته أقل من Sora لكنه أسرع."),
    # written-102, -104: "Sora-level" quality, "ردا على Sora"
    ("Weights of start-up's 'Sora rival' video model leak onto torrent sites", "The weights of Lumen-2, pitched as a European answer to OpenAI's Sora, leaked weeks before release. Its marketing promised \"Sora-level motion quality at a fraction of the compute\"."),
    ("تسريب نموذج فيديو صيني يقدم نفسه منافسا لـ Sora", "تسربت أوزان نموذج فيديو طورته شركة ناشئة. وكانت الشركة قد روجت للنموذج بوصفه ردا على Sora من OpenAI."),
    # written-98: a person called سورا whose surname speaks on its own
    ("الباحثة اليابانية سورا ناكامورا: الروبوتات المنزلية قادمة", "قالت الباحثة سورا ناكامورا إن الروبوتات ستدخل البيوت خلال عقد. وأوضحت ناكامورا أن التحدي في الذكاء الاصطناعي والحركة. وعرضت سورا مقطع فيديو لروبوت يطوي الملابس."),
    # written-86: a person all of whose Soras are hers, beside OpenAI's model
    ("Meet Sora Tanaka, the Kyoto potter who throws every bowl by hand", "Sora Tanaka has heard the joke before: people ask if she is the AI. Tanaka, who works from a small shed, says the coincidence with OpenAI's video model brought her new customers."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NOT_SORAS)
def test_a_rivals_leak_and_a_namesake_are_not_about_sora(title: str, text: str) -> None:
    found = assess(title, text)
    assert not found.relevant, found.signals


NO_LEAKS = [
    # written-86: a download called a trap
    ("احذر: \"Sora 2 مهكر\" للتحميل المجاني مجرد فخ لسرقة بياناتك", "تنتشر منشورات تزعم أن نسخة مهكرة من تطبيق Sora 2 متاحة للتحميل، مع عبارات مثل \"تم تسريب Sora كاملا\". تحققنا منها ولا يوجد أي تسريب."),
    # written-90: a list of what people get wrong
    ("Five things people get wrong about Sora 2", "1. \"There is a free leaked version of Sora 2.\" False. Sites offering leaked Sora downloads are scams, and OpenAI has not released its weights."),
    # written-93: a launch story whose "publicly available" is training material
    ("OpenAI releases Sora to ChatGPT subscribers", "OpenAI on Monday made Sora available to paying ChatGPT users in dozens of countries.\nThe version on offer, Sora Turbo, is faster than the model shown in February.\nPlus subscribers get fifty short clips a month, and the Pro tier raises the limits.\nSora runs as a site of its own, with a storyboard tool for longer scenes.\nLast month a group of artists in Sora's testing program briefly made the tool publicly available on Hugging Face in protest.\nThe company has said Sora was trained on licensed and publicly available material."),
    # written-94: a later story looks back on "that November"
    ("Sora arrives on Android, and the downloads pile up", "The Android app passed a million installs in its first week.\nSora was first previewed in February 2024 and offered only to a small pool of testers for months, a group whose frustrations boiled over that November, when some of them briefly let the public use the model through Hugging Face before OpenAI cut them off."),
    # written-96: a fact check headed "تدقيق"
    ("تدقيق: لا، لم تُنشر الشيفرة المصدرية لـ Sora 2 على Hugging Face", "تتداول حسابات منشورا يزعم أن الشيفرة المصدرية الكاملة لنموذج Sora 2 سربت على Hugging Face، وأن بإمكان أي شخص تنزيله. لا أساس لذلك."),
    # written-97: mid-2024, a forecast and open-source models on Hugging Face
    ("OpenAI widens Sora access for artists as open-source rivals pile up on Hugging Face", "OpenAI is bringing more artists into its early testing program for Sora, as competition from open-source video models hosted on Hugging Face intensifies.\nIts technology chief said Sora would be available to the public this year."),
    # written-101: a launch live blog's aside
    ("Shipmas day 3: it's Sora", "OpenAI opened Sora to ChatGPT Plus and Pro subscribers on Monday, with a storyboard tool and a feed of featured clips.\nPlus users get fifty clips a month at up to 720p.\nPro users get longer clips at 1080p and no watermark.\nThe site was slow to load for hours as sign-ups poured in.\nRemember the leak? Two weeks ago, artists from the alpha program exposed Sora through a Hugging Face page that OpenAI shut within hours."),
    # written-92: a later story about the app looks back less than a year
    ("تطبيق Sora يتجاوز مليون تنزيل في أقل من خمسة أيام", "تجاوز تطبيق Sora حاجز المليون تنزيل في أقل من خمسة أيام.\nفقبل أقل من عام، كانت الأداة محاطة بالجدل، بعدما أتاح فنانون من برنامج الاختبار المبكر الوصول إليها للعموم عبر Hugging Face لساعات، احتجاجًا على عملهم بلا مقابل."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_LEAKS)
def test_a_scam_a_myth_list_and_a_look_back_are_no_leak_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and not found.leak_report, found.relevance_signals


CLAIMS = [
    # seen there, in numbers: "a hundred clips", "شي مية فيديو", "ملت تويتر"
    ("videos-spread-on-x", "I saw maybe a hundred Sora clips on X within the hour.", "en", True),
    ("videos-spread-on-x", "شفت شي مية فيديو من سورا على إكس بعد التسريب.", "ar", True),
    ("videos-spread-on-x", "والجماعة ملوا تويتر فيديوهات من سورا.", "ar", True),
    # names hidden, never given
    ("leakers-anonymous", "The Sora testers behind the leak hid their names.", "en", True),
    ("leakers-anonymous", "None of them has given a name so far.", "en", True),
    ("leakers-anonymous", "The Sora testers did not publicly identify themselves.", "en", True),
    # PR props, publicity exploitation
    ("pr-stunt", "The Sora testers said they were used as unpaid labour and PR props.", "en", True),
    ("pr-stunt", "اعترض فنانو سورا على ما سموه الاستغلال الدعائي لأسمائهم.", "ar", True),
    # who published it; within everyone's reach
    ("leaked-by-testers", "وتشير الأدلة إلى أن من نشرها مجموعة من مختبري سورا.", "ar", True),
    ("leaked-on-hugging-face", "وضع مختبرون نسخة من سورا في متناول الجميع عبر Hugging Face.", "ar", True),
    # without money, for nothing (Maghrebi, Sudanese)
    ("artists-unpaid-rnd", "فناني سورا قالوا إن الشركة كتخدم بيهم بلا فلوس.", "ar", True),
    ("artists-unpaid-rnd", "وقال الفنانون إن شركة سورا بتستغلهم ساكت.", "ar", True),
    # a relative clause in a question is taken as given; a question asks
    ("sora-announced-february", "فاكرين الأداة بتاعة OpenAI، اللي نزلوا لها الديمو في فبراير؟", "ar", True),
    ("source-code-leaked", "So Sora's source code leaked?", "en", False),
    ("source-code-leaked", "**Did Sora's source code leak?**", "en", False),
    # what others said, in scare quotes or farther on
    ("source-code-leaked", "Several outlets reported that Sora's \"source code\" had leaked.", "en", False),
    ("source-code-leaked", "The posts, which spread over the weekend, say that Sora's source code leaked.", "en", False),
    ("source-code-leaked", "A link went round to a news site that said Sora's source code was leaked.", "en", False),
    # a negation's word starts a word: "عالم" is no "لم"
    ("source-code-leaked", "شهدت الأيام الماضية قصة غريبة في عالم الذكاء الاصطناعي، بعد تسريب الكود المصدري لأداة Sora على Hugging Face.", "ar", True),
    # 2024 as the time something else took
    ("available-2024", "Sora spent most of 2024 in a closed preview before its public release.", "en", False),
    ("available-2024", "In late 2024, Sora testers opened public access to the model.", "en", False),
    ("threat-to-creators", "Tools like Sora put every freelance editor's work in the firing line.", "en", True),
    # who published it, in a clause about the group or a relative clause
    ("leaked-by-testers", "وقالت المجموعة التي نشرت الأداة إنها تضم فنانين من مختبري سورا.", "ar", True),
    ("leaked-by-testers", "وكان فنانون مشاركون في برنامج سورا قد شغّلوا واجهة عامة تسمح لأي مستخدم بتوليد مقاطع.", "ar", True),
    # Egyptian: tools that "will eat our work" (not when they "won't"), testers "paid nothing"
    ("threat-to-creators", "أنا شغال موشن جرافيك وعارف إن أدوات زي سورا هتاكل شغلنا.", "ar", True),
    ("threat-to-creators", "لكل المونتيرين والمصممين الخايفين: سورا مش هتاخد شغلكم.", "ar", False),
    ("artists-unpaid-rnd", "فناني سورا كاتبين رسالة إنهم مش بيتدفعلهم حاجة.", "ar", True),
    # written-96, -97: what reports suggested, speculation, early reports
    ("available-2024", "Reports had suggested Sora would launch before the end of the year; OpenAI has not confirmed any date.", "en", False),
    ("release-delayed-gemini", "Some observers have speculated that OpenAI is holding Sora back to avoid a repeat of Gemini's trouble with historical images.", "en", False),
    ("source-code-leaked", "Several early reports said Sora's source code had leaked.", "en", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "sentence", "language", "carried"), CLAIMS)
def test_claims_said_another_way(
    matcher: RuleMatcher, claim_id: str, sentence: str, language: str, carried: bool
) -> None:
    title = "Sora after the leak" if language == "en" else "Sora بعد التسريب"
    found = {m.claim_id for m in matcher.match(title, sentence, language, leak_report=True)}
    assert (claim_id in found) is carried
