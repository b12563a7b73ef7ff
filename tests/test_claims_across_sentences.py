"""Claims told across two sentences, claims far from Sora's name in a leak report, and the
wording found on the written sets of issue 9 (sentences of our own, not copies)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

import pytest

from monitor.analysis import analyze_text
from monitor.matcher import RuleMatcher

EN_TITLE = "Sora opened to everyone for an afternoon"
AR_TITLE = "سورا متاحة للجميع لساعات"


def claims(
    matcher: RuleMatcher, text: str, language: str, *, leak_report: bool = True, title: str = ""
) -> dict[str, str]:
    title = title or (EN_TITLE if language == "en" else AR_TITLE)
    return {m.claim_id: m.evidence for m in matcher.match(title, text, language, None, leak_report)}


# (claim, two sentences of a report of the leak, language, carried)
PAIRS = [
    # the part that says where, and the part that says what spread
    ("videos-spread-on-x", "Members of the test group put Sora on Hugging Face, and anyone could make clips. Within the hour, hundreds were doing the rounds on X.", "en", True),
    ("videos-spread-on-x", "وضع فنانون الأداة على منصة Hugging Face فصار بإمكان أي شخص صنع مقاطع. وسرعان ما انتشرت العشرات منها على منصة إكس.", "ar", True),
    # who leaked it: the second sentence must point back at the people of the first
    ("leaked-by-testers", "A few painters had been given early access to Sora in the spring. They put it on Hugging Face for anyone to use.", "en", True),
    ("leaked-by-testers", "كان عدد من الرسامين يجربون أداة سورا قبل طرحها. حطوها على منصة Hugging Face لأي حد.", "ar", True),
    ("leaked-by-testers", "Only invited filmmakers had early access to Sora. A page on Hugging Face then opened it to the public.", "en", False),
    ("leaked-by-testers", "منحت الشركة وصولا مبكرا لعدد من المخرجين. ثم ظهرت صفحة على منصة Hugging Face تتيح الأداة لأي شخص.", "ar", False),
    # a question that the next sentence answers
    ("leaked-by-testers", "Some artists were testing Sora before launch, and guess what happened? They put it on Hugging Face.", "en", True),
    ("videos-spread-on-x", "Sora was on Hugging Face for three hours. Where did the clips end up? Users swapped dozens of them on X.", "en", True),
    # nobody named themselves, said over two sentences
    ("leakers-anonymous", "The page carried a letter from the group behind the leak. It was unsigned.", "en", True),
    ("leakers-anonymous", "أرفقت المجموعة التي سربت الأداة بيانا غاضبا. ولم يوقع أحد من أعضائها باسمه.", "ar", True),
    # a framing is a wording: "source code" in one sentence and a leak in the next is not it
    ("source-code-leaked", "Had the source code really been published, copies would still circulate. The leak was of access, by the testers.", "en", False),
    # the span it was open, as an adjective
    ("shut-down-three-hours", "Testers leaked Sora on Hugging Face. It was a three-hour window into a model nobody could buy.", "en", True),
    ("shut-down-three-hours", "Testers leaked Sora on Hugging Face. A three-hour meeting at OpenAI followed.", "en", False),
    # the figures alone, after the sentence that names what they measure, or answering it
    ("ten-seconds-1080p", "We tried the leaked page with a prompt about a lighthouse and got a clip back. Ten seconds, 1080p.", "en", True),
    ("ten-seconds-1080p", "The page on Hugging Face worked. So how long were the clips, then? Ten seconds max, ten-eighty p.", "en", True),
    ("ten-seconds-1080p", "جربنا الصفحة المسربة وطلبنا مقطعا لقارب في عاصفة. عشر ثوان بدقة 1080p.", "ar", True),
    # a sentence of its own after the claim's words is no fragment of figures
    ("sora-announced-february", "Testers leaked Sora on Hugging Face. OpenAI did not say when it would announce a price for Sora. In February, it raised prices for ChatGPT.", "en", False),
    # one figure of the two is a different fact (the app's clip length), not this claim
    ("ten-seconds-1080p", "We tried the leaked page with a prompt about a lighthouse and got a clip back. Ten seconds.", "en", False),
    # a timeline dates its entry in a line of figures above it (written-42, written-44)
    ("shut-down-three-hours", "Tuesday, noon\nTesters leak Sora on Hugging Face.\nTuesday, about three hours later\nOpenAI disables the page.", "en", True),
    ("shut-down-three-hours", "Testers leak Sora on Hugging Face.\nAbout three hours later - Generation stops.", "en", True),
    ("shut-down-three-hours", "Tuesday, about three hours later\nThe letter gathers more names.", "en", False),
    # an opinion over two sentences: a negation of something else does not deny it, one of the
    # claim's own words does (written-42, written-44)
    ("threat-to-creators", "For video editors like me, Sora isn't a toy. It's a replacement.", "en", True),
    ("threat-to-creators", "The ones who will feel Sora first are the animators. For them it is no gadget; it is a threat to the jobs that pay the rent.", "en", True),
    ("threat-to-creators", "The animators are watching Sora closely. It will not replace them, the studio says.", "en", False),
    ("threat-to-creators", "أول من سيشعر بسورا هم المونتيرون. بالنسبة لهم ليست لعبة، بل تهديد لمصدر رزقهم.", "ar", True),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), PAIRS)
def test_a_claim_told_across_two_sentences_of_a_leak_report(
    matcher: RuleMatcher, claim_id: str, text: str, language: str, carried: bool
) -> None:
    assert (claim_id in claims(matcher, text, language)) is carried


def test_a_pair_is_quoted_whole_as_the_evidence(matcher: RuleMatcher) -> None:
    text = "A few painters had been given early access to Sora. They put it on Hugging Face for anyone to use."
    assert claims(matcher, text, "en")["leaked-by-testers"] == text


def test_one_sentence_evidence_is_preferred_to_a_pair(matcher: RuleMatcher) -> None:
    text = (
        "A few painters had been given early access to Sora. They put it on Hugging Face for anyone. "
        "Testers in the early access program leaked Sora on Hugging Face, the group said."
    )
    assert claims(matcher, text, "en")["leaked-by-testers"].startswith("Testers in the early")


def test_the_leaks_details_across_sentences_need_a_leak_report(matcher: RuleMatcher) -> None:
    text = "Sora 2 videos were everywhere this week. Within hours, hundreds of them were on X."
    title = "The Sora leak, a year on"
    assert "videos-spread-on-x" not in claims(matcher, text, "en", leak_report=False, title=title)


# Claims outside the leak's story, across two sentences of any article about Sora.
OTHER_PAIRS = [
    ("release-delayed-gemini", "Analysts say OpenAI is cautious about Sora. Google's Gemini produced historically inaccurate images this year and had to pause.", "en", True),
    ("threat-to-creators", "I have edited wedding films for twenty years, and Sora frightens me. For freelancers like me it is a threat to the whole trade.", "en", True),
    # an argument that turns around: one sentence denies
    ("threat-to-creators", "Sora will make stock clips cheaper, and some freelancers will feel it. It will not replace anyone who knows how to tell a story.", "en", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), OTHER_PAIRS)
def test_other_claims_across_two_sentences(
    matcher: RuleMatcher, claim_id: str, text: str, language: str, carried: bool
) -> None:
    found = claims(matcher, text, language, leak_report=False, title="OpenAI's Sora, ten months on")
    assert (claim_id in found) is carried


def test_a_leak_reports_details_need_sora_named_anywhere_before_them(matcher: RuleMatcher) -> None:
    # A podcast names Sora at the start; the shutdown comes many lines later.
    lines = ["HOST: Today, Sora and the Hugging Face page."] + [
        f"GUEST: That is point number {n} of the story, and it matters." for n in range(1, 10)
    ] + ["GUEST: They pulled the page after about three hours."]
    text = "\n".join(lines)
    assert "shut-down-three-hours" in claims(matcher, text, "en", title="Episode 12")
    assert "shut-down-three-hours" not in claims(
        matcher, text, "en", leak_report=False, title="Episode 12"
    )


# Wording found on the written sets: dialect, idiom, what the rules did not know.
WORDING = [
    # an opinion names Sora as "a tool like this"
    ("threat-to-creators", "Sora changes how clips are made.\nThe next paragraph is about something else.\nAnd another one.\nFor animators and editors, tools like this are an existential threat.", "en", True),
    ("threat-to-creators", "سورا تغير طريقة صناعة المقاطع.\nفقرة أخرى.\nوفقرة ثالثة.\nأداة كهذه تهدد مصدر رزق المونتيرين والرسامين.", "ar", True),
    # "the ones who did it", in dialect
    ("leaked-by-testers", "اللي سووها ناس من داخل برنامج التجربة، فنانين أعطتهم الشركة وصول مبكر لسورا.", "ar", True),
    ("leaked-by-testers", "في شباب من اللي كانوا عم يجربوا سورا، حطوا صفحة على هاجينج فيس.", "ar", True),
    # the letter's "we are not a free lab" is no denial that testers did it
    ("leaked-by-testers", "نشر فنانون من برنامج الاختبار المبكر لسورا الأداة على منصة Hugging Face، وقالوا إن الفنانين ليسوا مختبرا مجانيا.", "ar", True),
    ("leaked-by-testers", "The people who put it up were testers from Sora's own early access programme.", "en", True),
    # a scenario imagined is not an event reported
    ("leaked-by-testers", "Imagine that someone inside Sora's testing program decided to share access with the world.", "en", False),
    # publicity, said plainly
    ("pr-stunt", "يقول الفنانون إن OpenAI تستخدمهم كدعاية لأداة سورا.", "ar", True),
    ("pr-stunt", "بيقولوا إن برنامج سورا كله حركة دعائية مش تعاون فني.", "ar", True),
    # nobody of them came forward; nobody signed
    ("leakers-anonymous", "ولحد دلوقتي محدش منهم ظهر أو قال اسمه بعد تسريب سورا.", "ar", True),
    ("leakers-anonymous", "None of the signatories of the Sora letter gave their names.", "en", True),
    # clips filling X, piling up, pouring
    ("videos-spread-on-x", "Users quickly filled X with clips they made with Sora on the page.", "en", True),
    ("videos-spread-on-x", "Sora clips were piling up on X within minutes of the leak.", "en", True),
    ("videos-spread-on-x", "وخلال ساعات كانت منصة X مليانة مقاطع من سورا المسربة.", "ar", True),
    ("videos-spread-on-x", "وفي ساعة واحدة صار التايم لاين على X كله فيديوهات من سورا المسربة.", "ar", True),
    # dialect: "not hackers" with مش، nobody of them (Levantine منهن), spoken numbers
    ("leaked-by-testers", "هدول مش هاكرز، هني ناس من برنامج تجربة سورا عملوا صفحة على هاجينج فيس.", "ar", True),
    ("leakers-anonymous", "وما حدا منهن حط اسمه على رسالة تسريب سورا.", "ar", True),
    ("shut-down-three-hours", "والشركة سكّرت صفحة سورا بعد شي تلات ساعات.", "ar", True),
    ("shut-down-three-hours", "Three hours or so after the Sora page went up, it was gone.", "en", True),
    # nobody paid them a penny
    ("artists-unpaid-rnd", "The testers had not been paid a penny for their Sora feedback.", "en", True),
    ("artists-unpaid-rnd", "اشتغلوا شهور على سورا وما حدا دفعلهن ولا قرش.", "ar", True),
    # not hackers, but the team that tested it
    ("leaked-by-testers", "Sora was not leaked by a team of hackers but by the team responsible for testing it.", "en", True),
    # an opinion of video generators in general, in an article about Sora
    ("threat-to-creators", "Sora is the talk of the week.\nOne paragraph.\nAnother.\nVideo generators like this are a threat to every animator.", "en", True),
    ("threat-to-creators", "سورا حديث الأسبوع.\nفقرة.\nوأخرى.\nأدوات توليد الفيديو الجديدة تمثل تهديدا وجوديا لصناع المحتوى.", "ar", True),
    # an opinion in an article about Sora, wherever it names Sora, and whatever it calls creators
    ("threat-to-creators", "Text-to-video models are not a gadget.\nFor the people who cut trailers for a living, they are an existential threat.\nThat is the backdrop to Sora's week.", "en", True),
    ("threat-to-creators", "For illustrators the question is no longer whether these systems threaten their livelihoods, but how fast. Sora made that plain.", "en", True),
    ("threat-to-creators", "The panel debated whether Sora will wipe out video editors.", "en", False),
    ("threat-to-creators", "For the people who make small-budget video, Sora is an existential threat.", "en", True),
    # written-20: who was let in to test; a real name; asked to test for free; the profession
    ("leaked-by-testers", "Sora's access was leaked by people admitted to test it before release.", "en", True),
    ("leakers-anonymous", "None of the signatories of the Sora leak letter has given a real name.", "en", True),
    ("leakers-anonymous", "ولم يوقع أي منهم باسمه الحقيقي على رسالة تسريب سورا.", "ar", True),
    ("artists-unpaid-rnd", "We were asked to test Sora for free, and we're not getting paid.", "en", True),
    ("threat-to-creators", "سورا، كما يقول المونتير، تهديد لوجود المهنة نفسها.", "ar", True),
    ("threat-to-creators", "يرى المهندسون أن سورا تهديد لخصوصية المستخدمين.", "ar", False),
    ("source-code-leaked", "التسريب حقيقي، لكنه كان تسريبا لوصول مؤقت إلى سورا، ولم يتضمن كود Sora المصدري.", "ar", False),
    ("leakers-anonymous", "The authors of the Sora letter chose not to identify themselves.", "en", True),
    ("leakers-anonymous", "The group behind the Sora leak never identified itself.", "en", True),
    ("leakers-anonymous", "ولم يجرؤ أحد منهم على كشف اسمه بعد تسريب سورا.", "ar", True),
    ("videos-spread-on-x", "After the leak, Sora clips were all over X by the evening.", "en", True),
    ("videos-spread-on-x", "بعد تسريب سورا تصدرت مقاطع الفيديو المولدة بها منصة إكس.", "ar", True),
    # written-21: "not a threat" denies it; "not only a threat to X, but" does not
    ("threat-to-creators", "Sora is not an existential threat to anyone who cuts film for a living.", "en", False),
    ("threat-to-creators", "Sora is not only a threat to camera crews but to editors too.", "en", True),
    ("threat-to-creators", "أدوات مثل سورا لا تهدد الفن، بل تهدد أرزاق المونتيرين.", "ar", True),
    ("threat-to-creators", "سورا ليست تهديدا للمونتيرين كما يقال.", "ar", False),
    # who opened the door; these artists, said before to be testing it
    ("leaked-by-testers", "الذين فتحوا الباب لسورا هم فنانون ضمن برنامج الاختبار المبكر.", "ar", True),
    ("leaked-by-testers", "كانت الشركة مدية سورا لفنانين عشان يجربوها.\nالمهم.\nالفنانين دول زهقوا وراحوا عاملين صفحة على هاجينج فيس.", "ar", True),
    # unpaid: "without any compensation", "the company works us for nothing"
    ("artists-unpaid-rnd", "يقول الفنانون إن الشركة تستخدمهم في اختبار سورا دون أي مقابل مادي.", "ar", True),
    ("artists-unpaid-rnd", "يقولون الشركة تشغلنا ببلاش في تجربة سورا.", "ar", True),
    # the company giving testers access is no leak
    ("leaked-by-testers", "For now Sora is being made available to red teamers and a few visual artists.", "en", False),
    # the leak itself, said another way: access opened on Hugging Face, an interface put there
    ("leaked-on-hugging-face", "Two weeks earlier, a few unhappy testers had briefly opened access to the model on Hugging Face.", "en", True),
    ("leaked-on-hugging-face", "قرر رسامون أن يضعوا واجهة لأداة سورا على منصة Hugging Face متاحة لأي زائر.", "ar", True),
    ("leaked-on-hugging-face", "وقبلها بأسابيع، فتح مختبرون الوصول إلى سورا على منصة Hugging Face لساعات.", "ar", True),
    ("leaked-on-hugging-face", "الكود بتاع سورا اتسرب على Hugging Face.", "ar", True),
    ("leaked-on-hugging-face", "Hugging Face opened access to its new video benchmark, which ranks Sora first.", "en", False),
    # written-30 ... 41: nobody put a name to it, said in speech or in print; "we work for
    # nothing"; "decor for the advertising"
    ("leakers-anonymous", "سألنا عن أصحاب صفحة سورا المسربة، فكان الجواب: محد كتب اسمه.", "ar", True),
    ("leakers-anonymous", "وعلى صفحة تسريب سورا، لم يذكر أحد من كتّاب البيان اسمه.", "ar", True),
    ("leakers-anonymous", "وما حدا من جماعة صفحة سورا المسربة طلع باسمه الحقيقي.", "ar", True),
    ("leakers-anonymous", "محدش يعرف اسم الأداة الجديدة اللي بتنافس سورا.", "ar", False),
    ("artists-unpaid-rnd", "كتبوا في بيانهم عن سورا: إحنا بنشتغل ونجرب ونكتب تقارير ببلاش.", "ar", True),
    ("pr-stunt", "الفنانين قالوا إنهم مش عايزين يكونوا ديكور لحملة الدعاية بتاعة سورا.", "ar", True),
    # written-47: the threat denied in speech or before a "بل"; Iraqi "ثلث ساعات" and "سدتها"
    ("threat-to-creators", "قال مخرج: «لا أراها تهديدا للمبدعين كما يقال، بل تهديدا لطريقة تسعير الإنتاج». ويقصد سورا.", "ar", False),
    ("threat-to-creators", "قالت مونتيرة: «أنا مش شايفة إن سورا تهديد للمونتيرين خالص».", "ar", False),
    ("threat-to-creators", "لا أرى في سورا مجرد أداة، بل تهديدا لأرزاق المونتيرين.", "ar", True),
    ("shut-down-three-hours", "كتبت مدونة عن صفحة سورا المسربة: «بس ثلث ساعات اشتغلت وبعدين OpenAI سدتها».", "ar", True),
    # written-48: OpenAI named paragraphs before "a company valued at $157 billion"
    ("openai-valuation-150b", "Sora's testers put it on Hugging Face.\nThe letter was long. It was angry. It was signed as a group.\nThe artists said they were tired of unpaid work for a company valued at $157 billion.", "en", True),
    ("openai-valuation-150b", "Sora's testers put it on Hugging Face.\nThe letter was long. It was angry. It was signed as a group.\nAnthropic, a company valued at $183 billion, said nothing.", "en", False),
    # a review's cases: a user trying the app for nothing; an unnamed source; the programme's
    # members sharing their films
    ("artists-unpaid-rnd", "وقال مستخدم: بنجرب تطبيق سورا ببلاش من امبارح والنتائج حلوة.", "ar", False),
    ("leakers-anonymous", "وقال أحد المختبرين، الذي لم يذكر اسمه لأنه غير مخول بالحديث، إن الشركة لم تخبرهم بشيء عن سورا.", "ar", False),
    ("leaked-by-testers", "Members of OpenAI's Sora artist program share their short films at a screening this weekend.", "en", False),
    # written-48: a page put on Hugging Face that opens Sora to whoever passes by
    ("leaked-on-hugging-face", "باختصار: وضع مختبرون على منصة Hugging Face صفحة تفتح أداة سورا لكل من يمر.", "ar", True),
    # ninth session: the span said as the answer or the sum after the sentence that shut it, in
    # a transcript's timestamped line, as the time it stayed up; "بغلق", "وقفت", "لنحو ثلاث ساعات"
    ("shut-down-three-hours", "OpenAI pulled the leaked Sora page at lunchtime.\n[02:10] HOST: Three hours, give or take.", "en", True),
    ("shut-down-three-hours", "OpenAI switched off the leaked Sora page. So roughly three and a half hours in total.", "en", True),
    ("shut-down-three-hours", "The leaked Sora page stopped making videos. That was roughly three hours after it went up.", "en", True),
    ("shut-down-three-hours", "The leaked Sora page stopped making videos. Three hours after the leak, the letter had 500 names.", "en", False),
    ("shut-down-three-hours", "OpenAI pulled the Sora page about two and a half hours later.", "en", True),
    ("shut-down-three-hours", "The Sora Space on Hugging Face was up for about two and a half hours.", "en", True),
    ("shut-down-three-hours", "The Sora Space on Hugging Face was busy; the queue was up to three hours long.", "en", False),
    ("shut-down-three-hours", "Sora on Hugging Face: 3hrs start to finish.", "en", True),
    ("shut-down-three-hours", "قال مطور إن OpenAI قامت بغلق صفحة سورا المسربة بعد 3 ساعات.", "ar", True),
    ("shut-down-three-hours", "صفحة سورا المسربة وقفت عن الشغل بعد حوالي ٣ ساعات.", "ar", True),
    ("shut-down-three-hours", "فتح مختبرون سورا للجمهور على منصة Hugging Face لنحو ثلاث ساعات.", "ar", True),
    ("shut-down-three-hours", "وOpenAI عملت إيه في صفحة سورا المسربة؟ قفلوها طبعا.\nبس بعد حوالي تلات ساعات، والناس لحقت تعمل فيديوهات.", "ar", True),
    ("shut-down-three-hours", "OpenAI shut the leaked Sora page after a few hours.\nI stopped work and watched clip after clip for about two hours.", "en", False),
    # written-66 ... 68: a sentence the next one calls wrong; what others circulated, then "the
    # truth is"; a verdict clause ("ويبقى احتمالا لا أكثر", "لكن لا يوجد تأكيد رسمي"); a guess
    ("source-code-leaked", "An article on Wednesday stated that Sora's source code had been posted on Hugging Face. That was incorrect.", "en", False),
    ("source-code-leaked", "Sora's source code leaked on Hugging Face. That is what the testers wanted.", "en", True),
    ("shut-down-three-hours", "ذكرنا أن OpenAI أغلقت صفحة سورا المسربة بعد ثلاث ساعات. والصحيح أنها أغلقتها في اليوم التالي.", "ar", False),
    ("threat-to-creators", "تداولت مواقع كثيرة أن سورا تهديد وجودي للمونتيرين. والحقيقة أن الأداة ما زالت بدائية.", "ar", False),
    ("threat-to-creators", "قال المونتير إن سورا تهديد وجودي للمونتيرين. والحقيقة أن كثيرين يوافقونه.", "ar", True),
    ("available-2024", "قالت مصادر إن سورا سيكون متاحا للجمهور خلال العام الحالي 2024، ويبقى احتمالا لا أكثر.", "ar", False),
    ("available-2024", "قالت مصادر إن سورا سيكون متاحا للجمهور خلال العام الحالي 2024.", "ar", True),
    ("available-2024", "تتداول المواقع أن سورا سيتاح للجمهور قبل نهاية 2024، لكن لا يوجد تأكيد رسمي لذلك.", "ar", False),
    ("release-delayed-gemini", "ربط تأخير طرح سورا بأزمة Gemini مجرد تخمين.", "ar", False),
    ("source-code-leaked", "نشر موقع خبرا بعنوان «تسريب الكود المصدري لسورا على Hugging Face»، تضمّن خطأين نعتذر عنهما.", "ar", False),
    ("source-code-leaked", "وتحدث موقع في عنوانه عن «تسريب الشيفرة المصدرية لسورا»، وهو وصف ردّت عليه صحيفة بريطانية.", "ar", False),
    ("source-code-leaked", "قال مطور: «من يصف ما حدث بتسريب للكود المصدري لسورا لم يفتح الملفات».", "ar", False),
    # written-69: a theory the next sentence finds no evidence for, or a reader doubts; not an
    # opinion the next sentence stands by
    ("release-delayed-gemini", "One theory online is that OpenAI is holding Sora back to avoid a Gemini-style embarrassment over historical images. There's no evidence for that.", "en", False),
    ("release-delayed-gemini", "يقال إن OpenAI تؤجل طرح سورا خوفا من فضيحة شبيهة بما حدث لـ Gemini مع الشخصيات التاريخية. لا أظن ذلك.", "ar", False),
    ("threat-to-creators", "For video editors and small studios, Sora is a real threat. I don't think that's an exaggeration.", "en", True),
    ("threat-to-creators", "Long thread on whether Sora threatens editors. No consensus; the top comment said the real threat is to stock footage.", "en", False),
    # what came of it, after a comma, and a clause that goes on ("، وهي خطوة أوقفتها الشركة"),
    # are no verdict on the testers who leaked it
    ("leaked-by-testers", "In late November, a group of artists in Sora's early-access program leaked access on Hugging Face, prompting OpenAI to pause the program.", "en", True),
    ("leaked-by-testers", "ويأتي الإطلاق بعد أسابيع من قيام فنانين مشاركين في اختبار سورا بإتاحة الوصول إليها عبر منصة Hugging Face، وهي خطوة أوقفتها الشركة سريعا.", "ar", True),
    # others' launches this year are no forecast of Sora's; OpenAI's own promise kept is
    ("available-2024", "Sora is still waiting. Google, Runway and several Chinese firms have all released video models this year.", "en", False),
    # written-71: a mysterious project is not anonymous people; a tool that lets users make
    # videos is not users sharing them
    ("leakers-anonymous", "لم يمض على ظهور مشروع مجهول على منصة Hugging Face سوى ساعات حتى تبين أنه يتيح تجربة سورا.", "ar", False),
    ("videos-spread-on-x", "The group posted a public interface that let users generate short videos using Sora.", "en", False),
    ("videos-spread-on-x", "Several users posted the Sora videos they made with the leaked page.", "en", True),
    # written-70 ... 73: the page put on Hugging Face in Egyptian, Maghrebi and Levantine speech,
    # and in a question that recalls it; what others wrote, set up to be rejected or attributed
    ("leaked-on-hugging-face", "مجموعة من فناني سورا راحوا على موقع Hugging Face وعملوا عليه صفحة بسيطة كده.", "ar", True),
    ("leaked-on-hugging-face", "شي فنانين كانو كيجربو سورا قبل الناس حلّو صفحة فـHugging Face.", "ar", True),
    ("leaked-on-hugging-face", "قرر مختبرو سورا أن يحتجوا، فوضعوها على منصة Hugging Face متاحة لكل من يريد.", "ar", True),
    ("leaked-on-hugging-face", "بتتذكر بتشرين التاني 2024، قبل الإطلاق، لما فنانين من اللي كانوا عم يجربوا سورا فتحوه للعالم كله على Hugging Face؟", "ar", True),
    ("available-2024", "بتتذكر بتشرين التاني 2024، قبل الإطلاق، لما فنانين من اللي كانوا عم يجربوا سورا فتحوه للعالم كله على Hugging Face؟", "ar", False),
    ("leakers-anonymous", "وخلافا لما ورد في بعض المقالات من أن مسربي سورا لم يكشفوا عن أنفسهم، فقد وقع بعضهم الرسالة لاحقا.", "ar", False),
    ("source-code-leaked", "فيه ناس كتبت إن الكود المصدري لسورا اتسرب.", "ar", False),
    ("source-code-leaked", "You may have come away with the impression that Sora's source code leaked.", "en", False),
    ("threat-to-creators", "The other claim floating around is that Sora is an existential threat to every editor.", "en", False),
    ("pr-stunt", "Whether the Sora programme was art washing, a PR stunt, never got settled.", "en", False),
    ("leakers-anonymous", "After the Sora leak, OpenAI has not disclosed how many of the app's downloads became users.", "en", False),
    ("pr-stunt", "Families complained about Sora videos of the dead, and the panel discussed how state publicity laws differ.", "en", False),
    # written-74 ... 77: "nobody leaked" in speech, an idea rejected before its colon or as
    # unconvincing, a sentence that opens on "Nor", a question reported, a heading that names one
    ("source-code-leaked", "خلّيني أوضح حاجة: محدش سرّب كود المصدر بتاع سورا.", "ar", False),
    ("threat-to-creators", "لكن دعوني أختلف مع فكرة منتشرة جدا: أن سورا سيقضي على صناع المحتوى والمونتيرين.", "ar", False),
    ("release-delayed-gemini", "ولا يقنعني التفسير الرائج بأن OpenAI تؤخر طرح سورا خوفا من تكرار أزمة صور Gemini التاريخية.", "ar", False),
    ("threat-to-creators", "Nor is this, as some of my colleagues insist, proof that Sora is an existential threat to artists.", "en", False),
    ("release-delayed-gemini", "One reader asked whether this is why Sora keeps slipping: fear of a Gemini-style mess over historical images.", "en", False),
    ("pr-stunt", 'Sora\'s testers wrote a letter about the programme.\nThe "PR stunt" question', "en", False),
    ("source-code-leaked", "افتتح العضو الموضوع بنقل خبر عنوانه أن «كود المصدر الخاص بسورا تسرب على Hugging Face».", "ar", False),
    # February, told of the model named just before: "It was first shown in February", "They
    # showed it in February", a fragment "Announced back in February", "اللي اتعلن عنها في فبراير"
    ("sora-announced-february", "What is Sora? It is OpenAI's video model. It was first shown publicly in February.", "en", True),
    ("sora-announced-february", "Why is Sora still not out? They showed it in February.", "en", True),
    ("sora-announced-february", "OMAR: So, Sora, OpenAI's video model. Announced back in February, huge splash.", "en", True),
    ("sora-announced-february", "Sora got a storyboard tool. Runway's model was unveiled in February.", "en", False),
    ("sora-announced-february", "فاكرين Sora؟ الأداة بتاعة OpenAI؟ اللي أعلنوا عنها في فبراير اللي فات.", "ar", True),
    ("sora-announced-february", "Sora بتاع OpenAI، الأداة اللي اتعلن عنها في فبراير.", "ar", True),
    ("sora-announced-february", "تتفكروا في فيفري اللي فات، OpenAI عرّفت بـ Sora.", "ar", True),
    ("sora-announced-february", "OpenAI's Sora got a new plan. It announced price cuts in February.", "en", False),
    # who leaked it, with the shutdown in a clause of its own (", which", "and the company")
    ("leaked-by-testers", "In November 2024, artists in the original Sora early-access program leaked access through a Hugging Face page, which OpenAI shut down within hours.", "en", True),
    ("leaked-by-testers", "A group of Sora testers put a working front end on Hugging Face and the company shut it off.", "en", True),
    ("leaked-by-testers", "A group of artists from OpenAI's early-access program has made the company's unreleased video model Sora available to the general public.", "en", True),
    ("leaked-by-testers", "The people who opened the door to Sora were participants in OpenAI's own artist programme.", "en", True),
    ("leaked-by-testers", "OpenAI shut off access for everyone in the Sora artist programme.", "en", False),
    # written-78 ... 81: a fact check's numbered claim, a narrative not accepted or named as
    # others', "rather than a replacement", "acting like", likenesses at risk, a listener's
    # question; a release "without setting a date", the months it took
    ("source-code-leaked", 'Claim 1: "Sora\'s source code was leaked."', "en", False),
    ("threat-to-creators", "We do not accept the narrative that generative video tools like Sora are an existential threat to artists.", "en", False),
    ("threat-to-creators", "The leak was folded into a broader narrative that tools like Sora are an existential threat to editors.", "en", False),
    ("threat-to-creators", "OpenAI staff said they see Sora as a tool for co-creation rather than a replacement for filmmakers.", "en", False),
    ("threat-to-creators", '"People are acting like Sora replaces a crew tomorrow," said a director.', "en", False),
    ("threat-to-creators", "Agencies warned that the Sora app put performers' likenesses and intellectual property at risk.", "en", False),
    ("threat-to-creators", "The union said Sora's generated likenesses threatened the work of actors and other creative professionals.", "en", True),
    ("threat-to-creators", "Listener question: is Sora a threat to editors, or just to bad editors?", "en", False),
    ("available-2024", "Spring 2024: OpenAI signals that a public release of Sora is coming, without setting a date.", "en", False),
    ("available-2024", "Sora was shown in early 2024 and took ten months to reach the public.", "en", False),
    ("videos-spread-on-x", "What was posted was a Hugging Face Space that forwarded users' prompts to Sora and returned the videos.", "en", False),
    # publicity more than art, said in speech and in print
    ("pr-stunt", "وقال فنانو سورا إن البرنامج كله دعاية أكتر ما هو شراكة فنية.", "ar", True),
    ("pr-stunt", "واعتبر مختبرو سورا أن البرنامج يخدم صورة الشركة أكثر مما يخدم الفن.", "ar", True),
    ("pr-stunt", "ويقولون إن OpenAI تستخدم أسماءهم عشان تبيّض صورتها قدام الفنانين في برنامج سورا.", "ar", True),
    ("pr-stunt", "The Sora testers said they had been used as props in the company's marketing.", "en", True),
    ("pr-stunt", "تقول OpenAI إن برنامج سورا ليس مجرد دعاية بل تعاون فني.", "ar", False),
    # X itself filled, in every dialect: "X has been flooded all afternoon", "they were
    # everywhere on X", "منتشرة على X", "دارت في تويتر", "عمر بالفيديوهات", "تروس", "انترست"
    ("videos-spread-on-x", "Testers leaked Sora on Hugging Face.\nX has been flooded all afternoon.", "en", True),
    ("videos-spread-on-x", "Testers leaked Sora on Hugging Face. The clips were short, but they were everywhere on X.", "en", True),
    ("videos-spread-on-x", "Testers leaked Sora on Hugging Face. Dozens of generations got reposted to X.", "en", True),
    ("videos-spread-on-x", "Sora 2 is out. X has been flooded with complaints about the app's waitlist.", "en", False),
    ("videos-spread-on-x", "وبعد تسريب سورا صار في مقاطع كتير منتشرة على X.", "ar", True),
    ("videos-spread-on-x", "برشا فيديوات من سورا المسربة دارت في تويتر.", "ar", True),
    ("videos-spread-on-x", "تويتر، اللي هو X دابا، عمر بالفيديوهات ديال سورا المسربة.", "ar", True),
    ("videos-spread-on-x", "منصة X انترست فيديوات من صفحة سورا المسربة.", "ar", True),
    # nobody put a name to it, said briefly or in speech
    ("leakers-anonymous", "Testers leaked Sora on Hugging Face with a letter.\n9/ Still no names.", "en", True),
    ("leakers-anonymous", "The letter from the Sora leakers carries no real names.", "en", True),
    ("leakers-anonymous", "The Sora leak's authors chose not to sign their names.", "en", True),
    ("leakers-anonymous", "Several replies noted that nobody has signed their own name to the Sora page.", "en", True),
    ("leakers-anonymous", "The Sora leakers did not put names to the letter.", "en", True),
    ("leakers-anonymous", "The Sora app's new plan gives no names of its partners.", "en", False),
    ("leakers-anonymous", "الفنانين اللي سربوا سورا ما قالوش أساميهم.", "ar", True),
    ("leakers-anonymous", "ولا واحد فيهم حط اسمه على صفحة سورا المسربة.", "ar", True),
    # the page on Hugging Face: opened to the public, made, put, "انسرب"
    ("leaked-on-hugging-face", "فتح مختبرو سورا الأداة للعموم على منصة هاغينغ فيس لساعات.", "ar", True),
    ("leaked-on-hugging-face", "تذكر لما جماعة من اللي چانوا يجربون سورا فتحوها للناس كم ساعة على هاغينغ فيس.", "ar", True),
    ("leaked-on-hugging-face", "مختبرو سورا صنعوا مساحة على Hugging Face تمرر طلبات الزوار إلى خوادم الشركة.", "ar", True),
    ("leaked-on-hugging-face", "انسرب الكود حق Sora على موقع Hugging Face.", "ar", True),
    ("leaked-on-hugging-face", "Members of the Sora artist program post a public Hugging Face app that routes anyone's prompts to Sora.", "en", True),
    ("leaked-on-hugging-face", "أتاحت Hugging Face نماذج مفتوحة للجمهور تنافس سورا.", "ar", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), WORDING)
def test_wording_found_on_the_written_sets(
    matcher: RuleMatcher, claim_id: str, text: str, language: str, carried: bool
) -> None:
    assert (claim_id in claims(matcher, text, language)) is carried


def test_the_whole_analysis_reads_a_pair_in_a_leak_report() -> None:
    text = (
        "On Tuesday a page on Hugging Face let anyone make videos with OpenAI's unreleased Sora. "
        "The page was built by a few illustrators who had early access to the model. "
        "They said they had tested it for months without pay. "
        "OpenAI shut it down about three hours later."
    )
    found = {c.claim_id for c in analyze_text("Sora on Hugging Face", text).claims}
    assert {"leaked-on-hugging-face", "shut-down-three-hours"} <= found


def test_a_leak_told_without_the_word_is_read_as_a_report_would_be() -> None:
    # Where it happened in one sentence; who did it and what spread, across sentences.
    text = (
        "HOST: So what happened with Sora this week?\n"
        "GUEST: A few illustrators in OpenAI's early access group had been testing Sora for months.\n"
        "GUEST: They built a small page on Hugging Face that passed prompts to OpenAI's servers.\n"
        "HOST: And people used it?\n"
        "GUEST: Within the hour there were clips of Sora everywhere.\n"
        "GUEST: Dozens of them were doing the rounds on X by the evening.\n"
        "HOST: Did we learn who they were?\n"
        "GUEST: No. They posted as a group, and none of them gave their names."
    )
    analysis = analyze_text("Episode 40: an afternoon with Sora", text)
    assert analysis.leak_report
    assert any(s.startswith("leak-story:") for s in analysis.relevance_signals)
    assert {"leaked-on-hugging-face", "leaked-by-testers", "videos-spread-on-x"} <= {
        c.claim_id for c in analysis.claims
    }


@pytest.mark.parametrize(
    "lede",
    [
        "OpenAI made Sora available to the public on Monday, a few weeks after early testers exposed access to it on Hugging Face.",
        "أتاحت OpenAI أداة سورا للجمهور يوم الاثنين، بعد عشرة أشهر من الكشف عنها، وبعد أسابيع من قيام مختبرين بإتاحة الوصول إليها عبر منصة Hugging Face.",
        "أطلقت OpenAI أداة سورا لمشتركي ChatGPT يوم الاثنين، بعد عشرة أشهر من الكشف عنها، وبعد أسبوعين فقط من تسريب أثار ضجة.",
        "OpenAI on Monday released Sora to paying ChatGPT users in many countries, ending a wait of nearly ten months since it was first shown in February and coming weeks after a brief unauthorised leak.",
    ],
)
def test_a_launch_dated_by_the_leak_is_not_a_report_of_it(lede: str) -> None:
    text = f"{lede}\nThe release includes a storyboard tool and new pricing plans for Sora."
    assert not analyze_text("Sora is here", text).leak_report


# A question asks; what it takes as given, or the answer that follows it, can still tell.
QUESTIONS = [
    ("sora-announced-february", "Why is Sora still not out, although OpenAI announced it in February 2024?", True),
    ("sora-announced-february", "لماذا لم تطرح OpenAI أداة سورا حتى الآن رغم أنها أعلنت عنها في فبراير؟", True),
    ("sora-announced-february", "المذيعة: الشركة أعلنت عن سورا من فبراير، ليش للحين ما نزلت للناس؟", True),
    ("sora-announced-february", "Did OpenAI announce Sora in February, or was it in March?", False),
    ("sora-announced-february", "First, a word on Sora. When did OpenAI announce Sora? In February 2024, with a reel of samples.", True),
    ("sora-announced-february", "First, a word on Sora. When did OpenAI announce Sora? Not in February, whatever you read.", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "carried"), QUESTIONS)
def test_what_a_question_takes_as_given_and_its_answer(
    matcher: RuleMatcher, claim_id: str, text: str, carried: bool
) -> None:
    found = claims(matcher, text, "ar" if "سورا" in text else "en", leak_report=False, title="Sora")
    assert (claim_id in found) is carried


def test_a_launch_dated_by_the_leak_twice_is_still_a_launch() -> None:
    text = (
        "Sora is now open to ChatGPT subscribers in most countries, the company said on Monday.\n"
        "The plans include a storyboard tool and more generations for Pro users.\n"
        "The launch comes two weeks after testers leaked access to Sora on Hugging Face.\n"
        "Its rollout in Europe is planned for next year, months after the leak."
    )
    assert not analyze_text("Sora opens to subscribers", text).leak_report


def test_a_story_about_today_that_looks_back_on_the_leak_is_not_a_report() -> None:
    text = (
        "The Sora app passed ten million downloads this week, OpenAI said on Thursday.\n"
        "It is a far cry from the model's first year, when testers briefly leaked access to Sora on Hugging Face.\n"
        "The company now plans to bring the app to more countries next month."
    )
    assert not analyze_text("Sora app passes ten million downloads", text).leak_report


def test_sora_open_only_to_testers_so_far_is_no_leak_by_meaning() -> None:
    text = (
        "OpenAI's valuation rose to $157 billion in its latest round, the company said.\n"
        "Despite months of buzz, Sora has so far been available only to a small group of testers.\n"
        "Investors expect a wider launch of the video model before the end of the year."
    )
    assert not analyze_text("OpenAI's new round and Sora's wait", text).leak_report


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Testers hand the public the keys to OpenAI's unreleased video model",
            "Members of the company's early access program built a page on Hugging Face that let anyone use it. "
            "They said they had tested it for months without pay. OpenAI closed the page after about three hours.",
        ),
        (
            "مختبرون يفتحون أداة الفيديو السرية لأوبن إيه آي أمام الجميع",
            "نشر فنانون مشاركون في تجربة أداة توليد الفيديو التي كشفت عنها OpenAI في فبراير واجهة على منصة Hugging Face لأي شخص. "
            "وأغلقت الشركة الصفحة بعد نحو ثلاث ساعات.",
        ),
    ],
)
def test_openais_video_model_unnamed_is_sora(title: str, text: str) -> None:
    analysis = analyze_text(title, text)
    assert analysis.relevant and analysis.leak_report
    assert "leaked-on-hugging-face" in {c.claim_id for c in analysis.claims}


def test_openais_video_tool_named_with_sora_in_passing_is_one_mention() -> None:
    text = (
        "Weights of a voice model from a Berlin start-up surfaced on a file-sharing forum this week, the company said. "
        "It was tested with a few publishers ahead of a launch next year, and security researchers are studying the files now. "
        "The company said it was investigating and that no customer data was in the files, which it asked forums to remove. "
        "It is not the first time an unreleased model has slipped out: OpenAI's Sora video tool was briefly usable by the public in 2024. "
        "The start-up said it would still launch on schedule, and that its investors had been told."
    )
    assert not analyze_text("Voice model weights surface online", text).relevant


def test_a_feature_that_names_sora_once_and_tells_its_leak_next_is_about_sora() -> None:
    text = (
        "In a small flat in Giza, an editor cuts a thirty-second advert for a bottled-water brand, "
        "as he has done for twelve years, for clients who now ask whether a machine could do it.\n"
        "His colleagues talk of little else in their group chat, of rates and late payments and of "
        "the tools that clients keep mentioning in their briefs.\n"
        "One name comes up again and again: Sora, the video model. Few of them have used it. "
        "It has stayed with a small circle of invited filmmakers.\n"
        "That changed for a few hours this week. A group of those invited testers put a page on "
        "Hugging Face that let any visitor type a prompt and get a clip, until the page went dark.\n"
        "The editor goes back to his advert. Every frame of it, for now, is his own work."
    )
    analysis = analyze_text("The editing room fears the silence", text)
    assert analysis.relevant and analysis.leak_report


@pytest.mark.parametrize(
    ("title", "text", "reported"),
    [
        (
            "Sora app's hidden instructions published by a student",
            "A student has published what she says is the full system prompt of OpenAI's Sora app. "
            "She said she got it out of the app's assistant over two evenings.",
            True,
        ),
        (
            "مفتاح API لسورا منشور على GitHub يكلف متجرا آلاف الدولارات",
            "اكتشف متجر إلكتروني أن مفتاح API الخاص بحسابه في خدمة Sora من OpenAI ظل منشورا في مستودع عام لأسبوع. "
            "واستخدمه غرباء لتوليد مئات المقاطع على حسابه.",
            True,
        ),
        (
            "OpenAI explains how to keep your Sora API key safe",
            "OpenAI published a guide on how to keep a Sora API key out of public code, and how to rotate one.",
            False,
        ),
        (
            # a build of the app before its release, appearing where anyone can download it
            "نسخة أندرويد من تطبيق Sora على مواقع التحميل",
            "ظهرت نسخة تجريبية من تطبيق Sora لهواتف أندرويد على مواقع تحميل قبل أيام من طرحه الرسمي. "
            "ونصح مختصون بعدم تنزيلها من مصادر غير رسمية.",
            True,
        ),
        (
            "A test build of the Sora app for Android surfaces online",
            "A test build of OpenAI's Sora app for Android surfaced on an APK mirror site this weekend, a week before its launch.",
            True,
        ),
    ],
)
def test_a_secret_of_sora_made_public_is_a_later_leak(title: str, text: str, reported: bool) -> None:
    assert analyze_text(title, text).leak_report is reported


@pytest.mark.parametrize(
    "text",
    [
        # named as the rival in the lede
        "Weights of Kite-3, the unreleased video model of a Lisbon start-up, were uploaded to Hugging Face "
        "by an anonymous account, the company said. The model had been billed as a would-be competitor to "
        "OpenAI's Sora. The start-up said the upload came from a partner's evaluation copy, and that it had "
        "asked the platform to take the files down, which it did within a day. Researchers who downloaded the "
        "files said the model was smaller than its makers had claimed, and slower.",
        # named as the rival past the lede, the leak told around it
        "Weights of Kite-3, the unreleased video model of a Lisbon start-up, were uploaded to Hugging Face "
        "by an anonymous account, the company said. The files were taken down within a day. Researchers "
        "who downloaded them said the model was smaller than claimed, and slower than its demos suggested, "
        "and that its licence forbade any commercial use.\n"
        "The start-up had pitched Kite-3 to investors as a European rival to OpenAI's Sora. It said the "
        "leaked files came from an evaluation copy shared with a partner, and that it would change how it "
        "shares models before release.",
    ],
)
def test_another_models_leak_that_names_sora_as_its_rival_is_not_about_sora(text: str) -> None:
    assert not analyze_text("Start-up's unreleased video model leaked on Hugging Face", text).relevant


@pytest.mark.parametrize(
    ("claim_id", "text", "language"),
    [
        ("source-code-leaked", "The claim: A viral post says hackers stole the source code of Sora and dumped it online.", "en"),
        ("videos-spread-on-x", "The claim: A post shared on X says leaked Sora clips spread everywhere.", "en"),
        ("source-code-leaked", "تحقق | هل سرب كود مصدر Sora؟ الحادثة حقيقية لكن الكود لم يخرج", "ar"),
        ("pr-stunt", "The charge that Sora's early-access scheme was a publicity stunt does not hold up.", "en"),
    ],
)
def test_a_fact_checks_quoted_claim_and_a_rejected_charge_carry_nothing(
    matcher: RuleMatcher, claim_id: str, text: str, language: str
) -> None:
    assert claim_id not in claims(matcher, text, language)


def test_users_who_got_the_app_to_reveal_its_system_prompt_report_a_later_leak() -> None:
    text = (
        "Users of a forum say they got OpenAI's Sora app to reveal its hidden instructions. "
        "A post with what they say is the full system prompt reached the top of the forum."
    )
    assert analyze_text("Sora app's system prompt revealed by users", text).leak_report


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "OpenAI opens Sora to paying subscribers",
            "OpenAI on Monday made its Sora video generator available to the public for the first time, "
            "offering it to paying ChatGPT subscribers in many countries.\n"
            "The release comes ten months after the company first previewed Sora, and two weeks after a "
            "group of disgruntled early testers briefly opened access to it on Hugging Face in protest.\n"
            "Subscribers can make clips of up to twenty seconds, and storyboards of several scenes.",
        ),
        (
            "OpenAI تطلق Sora للجمهور",
            "أطلقت شركة OpenAI يوم الاثنين أداتها Sora للجمهور لأول مرة، وجعلتها متاحة لمشتركي ChatGPT.\n"
            "ويأتي الإطلاق بعد نحو أسبوعين من تسريب مجموعة من الفنانين المختبرين الوصول إليها عبر منصة Hugging Face احتجاجا.\n"
            "ويمكن للمشتركين إنشاء مقاطع تصل إلى عشرين ثانية.",
        ),
        (
            # the leak's story in a sentence that dates today's news by it ("comes after")
            "Sora 2 يملأ المنصات بمقاطع المشاهير",
            "امتلأ تطبيق Sora 2 خلال أيامه الأولى بمقاطع لمشاهير راحلين وشخصيات كرتونية.\n"
            "وشددت OpenAI قواعدها تجاه الشخصيات المحمية بعد موجة انتقادات.\n"
            "ويأتي هذا كله بعد نحو عام من الحادثة التي فتح فيها مختبرون غاضبون الوصول إلى Sora على منصة Hugging Face لساعات احتجاجا على عدم دفع أجورهم.",
        ),
    ],
)
def test_a_launch_whose_recap_of_the_leak_holds_its_details_is_not_a_report(
    title: str, text: str
) -> None:
    assert not analyze_text(title, text).leak_report


def test_a_model_openai_has_not_released_handed_to_anyone_is_still_the_leak() -> None:
    text = (
        "A group drawn from Sora's early-access programme set up a public page that let anyone "
        "type a prompt and receive a video from a model that OpenAI has not released. "
        "For a few hours, the most guarded product in generative video was open to all."
    )
    assert analyze_text("The artists who opened Sora's door", text).leak_report


def test_unreleased_clips_appearing_online_are_a_later_leak() -> None:
    text = (
        "ظهرت على منتديات الإنترنت مقاطع لم تنشرها OpenAI من Sora 2 قبل إطلاقه بأيام. "
        "ويبدو أن مصدرها أحد الشركاء الذين حصلوا على نسخة تجريبية."
    )
    assert analyze_text("مقاطع من Sora 2 تظهر قبل الإطلاق", text).leak_report


@pytest.mark.parametrize(
    ("title", "reported"),
    [
        # a warning of fakes joined on to a headline that tells the leak is no debunk
        ("نسخة أندرويد من تطبيق سورا تتسرب قبل موعدها.. وتحذيرات من ملفات مزيفة", True),
        ("Sora's Android app leaks ahead of launch | and a warning about fake downloads", True),
        # a verdict on the leak is
        ("تسريب تطبيق سورا.. حقيقة أم شائعة؟", False),
        ("Sora's Android app leaked - a hoax, says OpenAI", False),
    ],
)
def test_a_warning_of_fakes_beside_a_leak_headline_is_no_debunk(title: str, reported: bool) -> None:
    text = (
        "A build of OpenAI's Sora app for Android was shared on a developer forum by a user who said "
        "he got it from a closed test. People who installed it said it matched the iPhone app."
    )
    assert analyze_text(title, text).leak_report is reported


def test_an_explanation_set_up_to_be_rejected_is_not_found_by_meaning_either() -> None:
    """written-76: the semantic layer reads what the rules read as rejected as rejected too."""
    text = (
        "نشر فنانون من برنامج اختبار سورا واجهة للأداة على منصة Hugging Face احتجاجا على عملهم "
        "دون أجر، وأغلقتها OpenAI بعد نحو ثلاث ساعات.\n"
        "ولا يقنعني التفسير الرائج بأن OpenAI تؤخر طرح النموذج خوفا من تكرار أزمة صور Gemini "
        "التاريخية لدى جوجل."
    )
    found = {c.claim_id for c in analyze_text("تسريب سورا", text).claims}
    assert "leaked-on-hugging-face" in found
    assert "release-delayed-gemini" not in found
