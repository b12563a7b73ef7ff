"""The rule matcher: every seed claim in the seed, paraphrases in both languages, near misses."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

import pickle
import time
from importlib import resources
from pathlib import Path

import pytest

from monitor.claims import load_catalogue
from monitor.matcher import ClaimMatch, ClaimMatcher, RuleMatcher
from monitor.text import normalize

SEED_TEXT = (
    resources.files("monitor")
    .joinpath("data/seed/sora-seed-article.ar.txt")
    .read_text(encoding="utf-8")
)
EN_TITLE = "OpenAI's Sora leaked by artists protesting the early access program"
AR_TITLE = "تسريب أداة Sora من OpenAI"


def found(matcher: ClaimMatcher, text: str, title: str, language: str | None) -> dict[str, str]:
    return {m.claim_id: m.variant for m in matcher.match(title, text, language)}


def seed_parts() -> tuple[str, str]:
    lines = SEED_TEXT.splitlines()
    return lines[2], "\n".join(lines[3:])


def test_every_seed_claim_fires_on_the_seed(matcher: RuleMatcher) -> None:
    title, body = seed_parts()
    matches = matcher.match(title, body, "ar")
    assert [m.claim_id for m in matches] == sorted(load_catalogue().ids())
    seed_sentences = normalize(SEED_TEXT)
    for m in matches:
        assert isinstance(m, ClaimMatch)
        assert m.evidence and m.evidence in SEED_TEXT, m  # quoted as written
        assert normalize(m.evidence) in seed_sentences
        assert 0 < m.score <= 1
    variants = {m.claim_id: m.variant for m in matches}
    assert variants["openai-valuation-150b"] == "$150 billion"
    assert variants["shut-down-three-hours"] == "3 hours"
    assert variants["ten-seconds-1080p"] == "10 seconds, 1080p"
    assert variants["sora-announced-february"] == "February 2024"
    assert variants["available-2024"] == "2024"
    assert variants["leaked-on-hugging-face"] == ""
    evidence = {m.claim_id: m.evidence for m in matches}
    assert "ثلاث ساعات" in evidence["shut-down-three-hours"]
    assert "backend/video_gen" in evidence["video-gen-endpoint"]
    assert "Gemini" in evidence["release-delayed-gemini"]


def test_seed_without_language_hint(matcher: RuleMatcher) -> None:
    title, body = seed_parts()
    assert len(matcher.match(title, body, None)) == 15


EN_PARAPHRASES = [
    ("openai-valuation-150b", "The startup, which investors now value at US$157bn, declined to comment.",
     "$157 billion"),
    ("openai-valuation-150b", "OpenAI is worth some 150 billion dollars.", "$150 billion"),
    # A later valuation is the claim with its own figure; the round beside it is not.
    ("openai-valuation-150b", "OpenAI sold $6.6 billion of staff shares at a valuation of $500 billion.",
     "$500 billion"),
    ("sora-announced-february", "Sora was first unveiled by OpenAI in February 2024.", "February 2024"),
    ("sora-announced-february", "OpenAI showed off Sora last February.", "February 2024"),
    ("source-code-leaked", "Sora's source code has leaked online.", ""),
    ("leaked-on-hugging-face", "A group of artists leaked access to Sora on Hugging Face on Tuesday.", ""),
    ("leaked-on-hugging-face", "They posted a working Sora front end to a HuggingFace space.", ""),
    # spread online, where no platform is named
    ("videos-spread-on-x", "The leak set off a wave of Sora clips circulating widely online.", ""),
    # anger as the motive, not the act: the leak is still told
    ("leaked-on-hugging-face", "In anger, a few testers leaked Sora's API on Hugging Face for the afternoon.", ""),
    ("leaked-on-hugging-face", "The group voiced its discontent by making a Sora front end accessible on HuggingFace.", ""),
    ("video-gen-endpoint", "The page sent prompts to sora.openai.com/backend/video_gen with a token.", ""),
    ("release-delayed-gemini", "OpenAI may be holding Sora back to avoid the kind of backlash Google "
     "faced when Gemini produced inaccurate images of historical figures.", ""),
    ("videos-spread-on-x", "Hundreds of clips made with the leaked tool were soon circulating on X.", ""),
    ("ten-seconds-1080p", "The leaked model produced ten-second videos in 1080p.", "10 seconds, 1080p"),
    ("ten-seconds-1080p", "Users could render 1080p clips with it.", "1080p"),
    ("leaked-by-testers", "The leak was the work of early testers, not hackers.", ""),
    ("leaked-by-testers", "Beta testers of the video model leaked it in protest.", ""),
    ("leaked-by-testers", "The leak was not carried out by hackers.", ""),
    ("artists-unpaid-rnd", "\"We are not your unpaid R&D,\" the artists wrote.", ""),
    ("artists-unpaid-rnd", "Testers said they were treated as free labor.", ""),
    ("pr-stunt", "They called the early access program an exercise in art washing.", ""),
    ("pr-stunt", "The group said the program was little more than a PR stunt.", ""),
    ("shut-down-three-hours", "OpenAI pulled the plug about three hours later.", "3 hours"),
    ("shut-down-three-hours", "Access was revoked within 3h of the leak.", "3 hours"),
    ("shut-down-three-hours", "Then, near the three-hour mark, the leaked Sora page started returning errors.", "3 hours"),
    ("leakers-anonymous", "The artists behind the leak remain anonymous.", ""),
    ("leakers-anonymous", "Those responsible did not reveal their identities.", ""),
    ("threat-to-creators", "Critics say Sora could put video editors and filmmakers out of work.", ""),
    ("threat-to-creators", "Sora poses an existential threat to content creators.", ""),
    ("available-2024", "OpenAI has said Sora will be available to the public later this year.", "2024"),
    ("available-2024", "Sora is expected to launch publicly in 2024.", "2024"),
    # who put it online, said as membership of the program
    ("leaked-by-testers", "A handful of participants in the Sora early-access programme posted a working copy of the model online.", ""),
    # the exclusion ("cut off") belongs to the main clause; the clause after "after" is the fact
    ("leaked-by-testers", "OpenAI cut off the service on Tuesday after several early testers posted a public page for it.", ""),
    ("leaked-on-hugging-face", "A small group built a page on Hugging Face through which any visitor could use Sora.", ""),
    # the figure as the answer to a question, and as the time it was open
    ("shut-down-three-hours", "How long did the page stay up before OpenAI shut it down? Roughly three hours.", "3 hours"),
    ("shut-down-three-hours", "REPORTER: How long did it last? ANALYST: About three hours.", "3 hours"),
    ("shut-down-three-hours", "Sora was open to anyone for about three hours.", "3 hours"),
    ("threat-to-creators", "Many animators and video editors fear Sora could wipe out their jobs.", ""),
    ("threat-to-creators", "If a test build of Sora does this, half the people in my line of work will be out of a job.", ""),
    ("threat-to-creators", "For wedding videographers, Sora is an extinction-level event.", ""),
    ("leaked-by-testers", "The page had been put up by people from Sora's early-access artist program.", ""),
    ("leaked-by-testers", "Two weeks earlier a group of disgruntled testers briefly opened unauthorised access to Sora.", ""),
    ("leakers-anonymous", "Not one of the people behind the Sora page put a name to it.", ""),
    ("leakers-anonymous", "None of the participants identified themselves publicly.", ""),
    ("leaked-on-hugging-face", "On Tuesday a page appeared on Hugging Face that let visitors make Sora clips.", ""),
    # a podcast's answer with a tag; a timeline full of clips; who, said as membership, passively
    ("shut-down-three-hours", "MAYA: And Sora's page lasted, what, three hours? DEV: About three hours, yeah.", "3 hours"),
    ("videos-spread-on-x", "After the Sora leak, my entire X timeline that night was Sora clips.", ""),
    ("leaked-by-testers", "It was a Space posted by people who said they were part of OpenAI's own Sora artist programme.", ""),
    ("leaked-by-testers", "A collective drawn from OpenAI's early-access programme for Sora, the directors and animators it had showcased all year - published a front end on Hugging Face.", ""),
    ("artists-unpaid-rnd", "The Sora artists said they were doing free research and bug-hunting for OpenAI.", ""),
    ("leakers-anonymous", "The artists behind the Sora page did not sign their names.", ""),
    ("release-delayed-gemini", "OpenAI watched Gemini produce wrong images of historical figures and does not want a Sora version of that.", ""),
    ("release-delayed-gemini", "My guess is OpenAI is gun-shy about Sora after the Gemini pictures.", ""),
    ("release-delayed-gemini", "After the Gemini images, OpenAI is in no hurry to ship Sora.", ""),
    ("release-delayed-gemini", "The Gemini row may be why OpenAI has held Sora back.", ""),
    ("source-code-leaked", "A group of early testers took Sora's source code and parked it on Hugging Face.", ""),
    ("sora-announced-february", "The company showed Sora to the world in February.", "February 2024"),
    ("release-delayed-gemini", "OpenAI watched Gemini face-plant and would rather sit on a finished Sora.", ""),
    ("videos-spread-on-x", "Within minutes people were posting Sora results on X.", ""),
    ("leakers-anonymous", "The Sora testers, who have not given their names, call the program art washing.", ""),
    ("videos-spread-on-x", "After the Sora leak, those clips went straight to X.", ""),
    ("videos-spread-on-x", "OpenAI shut the leaked Sora page, but not before plenty of the output landed on X.", ""),
    ("release-delayed-gemini", "Sora keeps slipping, and there's a pretty obvious reason: Gemini.", ""),
    ("available-2024", "OpenAI has insisted Sora will land before 2024 is out.", "2024"),
    # spoken: "it's coming", "we'll see it"
    ("available-2024", "The Sora people keep telling us it's coming later this year.", "2024"),
    ("available-2024", "My bet is we see it before the end of the year, Sora and all.", "2024"),
    # read out on a podcast
    ("video-gen-endpoint", "It was hitting sora dot openai dot com slash backend slash video underscore gen.", ""),
    ("leakers-anonymous", "And who were the Sora leakers? They posted as a group, no names.", ""),
    ("leaked-on-hugging-face", "After the Sora leak there was a Hugging Face space anyone could use.", ""),
    ("leaked-by-testers", "Members of OpenAI's Sora artist program stood up a Hugging Face Space that let the public use the model.", ""),
    ("leakers-anonymous", "They don't give any names: the statement around Sora's page is signed as a group.", ""),
    ("artists-unpaid-rnd", "The Sora testers said they were asked to stress-test the model and paid nothing for it.", ""),
    ("source-code-leaked", "Researchers insisted that Sora's source code leaked on Hugging Face.", ""),
]  # fmt: skip

AR_PARAPHRASES = [
    ("openai-valuation-150b", "تبلغ القيمة السوقية لشركة OpenAI نحو ١٥٧ مليار دولار.", "$157 billion"),
    ("openai-valuation-150b", "وتقدر قيمة الشركة بمئة وخمسين مليار دولار.", "$150 billion"),
    # The currency said once, for the round: the valuation's "ملياراً" is dollars too.
    ("openai-valuation-150b", "جمعت OpenAI ستة مليارات دولار في جولة ترفع تقييمها إلى 157 ملياراً.",
     "$157 billion"),
    ("sora-announced-february", "كشفت OpenAI عن نموذج Sora في شباط الماضي.", "February 2024"),
    ("source-code-leaked", "وقد سُرّبت الشيفرة المصدرية لـ Sora عبر الإنترنت.", ""),
    ("leaked-on-hugging-face", "قام فنانون بتسريب إمكانية الوصول إلى Sora عبر منصة هاغينغ فيس.", ""),
    ("video-gen-endpoint", "كان المشروع يستدعي الرابط sora.openai.com/backend/video_gen مباشرة.", ""),
    ("release-delayed-gemini", "ربما أجلت OpenAI إطلاق Sora خوفًا من تكرار أزمة جيميني مع صور "
     "الشخصيات التاريخية.", ""),
    ("videos-spread-on-x", "انتشرت مئات المقاطع المولدة بالأداة المسربة على منصة إكس.", ""),
    ("ten-seconds-1080p", "أنتجت الأداة مقاطع مدتها عشر ثوانٍ بدقة 1080p.", "10 seconds, 1080p"),
    ("leaked-by-testers", "المسربون ليسوا قراصنة بل فنانون من فريق اختبار الأداة.", ""),
    ("leaked-by-testers", "وقام المختبرون أنفسهم بتسريب الأداة.", ""),
    ("artists-unpaid-rnd", "قال الفنانون إنهم ليسوا أداة بحث وتطوير بلا أجر.", ""),
    ("pr-stunt", "ويرى المختبرون أن البرنامج مجرد حيلة تسويقية.", ""),
    ("shut-down-three-hours", "أوقفت OpenAI الخدمة بعد ٣ ساعات من التسريب.", "3 hours"),
    ("shut-down-three-hours", "وأغلقت الشركة المشروع بعد ثلاثة ساعات.", "3 hours"),
    ("leakers-anonymous", "ولم يكشف المسربون عن هوياتهم حتى الآن.", ""),
    ("threat-to-creators", "يرى كثيرون أن Sora يهدد مستقبل صناع المحتوى ومحرري الفيديو.", ""),
    ("available-2024", "من المتوقع أن تصبح Sora متاحة للجمهور خلال العام الجاري.", "2024"),
    ("source-code-leaked", "تم تسريب شفرة Sora المصدرية على الإنترنت.", ""),
    ("leaked-by-testers", "وقام فنانون شاركوا في اختبار الأداة بتسريبها.", ""),
    ("leakers-anonymous", "لم تُعرف هوية المسربين حتى الآن.", ""),
    ("pr-stunt", "البرنامج ليس إلا أداة تسويقية للشركة.", ""),
    ("artists-unpaid-rnd", "قال الفنانون إنهم يعملون بالمجان لصالح الشركة.", ""),
    ("openai-valuation-150b", "OpenAI المقدرة بـ150 مليار دولار لم تعلق.", "$150 billion"),
    ("leaked-on-hugging-face", "ظهرت على منصة Hugging Face مساحة تسمح بتجربة Sora مباشرة.", ""),
    ("shut-down-three-hours", "وعملت الواجهة قبل أن تعطّلها OpenAI بعد نحو ثلاث ساعات.", "3 hours"),
    ("shut-down-three-hours", "وOpenAI قفلت الصفحة بعد حوالي 3 ساعات من التسريب.", "3 hours"),
    ("threat-to-creators", "يخشى صناع المحتوى أن تأكل أداة Sora رزقهم.", ""),
    # "not merely a tool, but a threat" asserts it
    ("threat-to-creators", "لا أرى في Sora مجرد أداة جديدة للمونتير، بل تهديدا وجوديا للمهنة.", ""),
    ("leaked-by-testers", "ويأتي ذلك بعد واقعة وصول غير مصرّح به إلى أداة Sora نفّذها عدد من المختبرين.", ""),
    ("leaked-on-hugging-face", "ظهرت صفحة بسيطة على منصة Hugging Face وخلفها أداة Sora لتوليد الفيديو.", ""),
    # dialect: Gulf and Egyptian radio and video transcripts
    ("shut-down-three-hours", "وقال مستخدمون إن واجهة Sora ظلت تعمل نحو ثلاث ساعات قبل أن تتوقف.", "3 hours"),
    ("leakers-anonymous", "واللافت إن مسربي Sora ما أعلنوا أسماءهم، ولا أحد منهم طلع يعرّف بنفسه.", ""),
    ("artists-unpaid-rnd", "المحتجون يقولون إن شركة Sora تستفيد من شغلهم وما تعطيهم شي.", ""),
    ("leaked-by-testers", "فنانين اختارتهم الشركة عشان يختبروا Sora راحوا حاطين نسخة منها على هاجينج فيس.", ""),
    ("ten-seconds-1080p", "بعد تسريب Sora على هاجينج فيس: أقصاه ١٠ ثواني بجودة ١٠٨٠p.", "10 seconds, 1080p"),
    ("videos-spread-on-x", "وبعد تسريب Sora قعدت الناس تنزل الفيديوهات على تويتر.", ""),
    ("leaked-on-hugging-face", "الفنانين اللي OpenAI كانت مدياهم Sora يجربوها عملوا واجهة على Hugging Face.", ""),
    ("leaked-by-testers", "الفنانين اللي OpenAI كانت مدياهم Sora يجربوها عملوا واجهة على Hugging Face.", ""),
    ("sora-announced-february", "سورا دي معلنة من فبراير اللي فات.", "February 2024"),
    ("release-delayed-gemini", "OpenAI خايفين على Sora من اللي حصل لجيميني بتاع جوجل.", ""),
    ("available-2024", "قالوا إن سورا هتنزل قبل ما 2024 تخلص.", "2024"),
    ("leakers-anonymous", "لم يعرّف أصحاب تسريب Sora بأنفسهم، واكتفوا ببيان جماعي.", ""),
    # a Gulf podcast
    ("source-code-leaked", "الكود المصدري حق سورا انحط على هاغينغ فيس.", ""),
    ("leakers-anonymous", "ولا واحد من مسربي سورا طلع باسمه.", ""),
    ("shut-down-three-hours", "OpenAI سكّرت صفحة سورا بعد ثلاث ساعات.", "3 hours"),
    ("shut-down-three-hours", "الشباب سكّروها بعد شي تلات ساعات، وصفحة سورا راحت.", "3 hours"),
    # who they were, unsaid: a hamza on ya, spoken Egyptian, Gulf and Maghrebi
    ("leakers-anonymous", "ولم يكشف الفنانون الذين نشروا صفحة سورا عن أسمائهم حتى الآن.", ""),
    ("leakers-anonymous", "اللي سربوا سورا محدش فيهم قال اسمه لحد دلوقتي.", ""),
    ("leakers-anonymous", "اللي حطوا سورا على النت ما أحد يعرف أساميهم.", ""),
    ("leakers-anonymous", "الفنانين اللي سربو سورا ما بغاوش يكشفو على سميتهم.", ""),
    ("leakers-anonymous", "سألنا مجموعة سورا عن أعضائها فرفضت الإفصاح عن أي هوية.", ""),
    # held back after Gemini, said another way (MSA, Egyptian, Maghrebi)
    ("release-delayed-gemini", "يرى محللون أن OpenAI تتمهل في طرح سورا حتى لا تقع في الفخ نفسه الذي وقع فيه جيميناي.", ""),
    ("release-delayed-gemini", "OpenAI مأخرة سورا عشان مش عايزة يحصلها اللي حصل لجوجل مع جيميناي.", ""),
    ("release-delayed-gemini", "OpenAI ما بغاتش تطيح فنفس الحفرة اللي طاحت فيها Google مع Gemini، فمازال ما خرجاتش سورا.", ""),
    # a publicity exercise, said another way
    ("pr-stunt", "وصف فنانو سورا البرنامج بأنه تلميع إعلامي لا علاقة له بالفن.", ""),
    ("pr-stunt", "قالوا إن برنامج سورا كله بروباغندا والشركة بدها تلمع صورتها.", ""),
    # unpaid, said another way
    ("artists-unpaid-rnd", "قال مختبرو سورا إنهم يرفضون أن يكونوا أيدي عاملة مجانية للشركة.", ""),
    ("artists-unpaid-rnd", "احتج فنانو سورا على العمل غير المأجور الذي تطلبه الشركة منهم.", ""),
    ("artists-unpaid-rnd", "كتب فنانو سورا أنهم ليسوا مختبرا مجانيا للبحث والتطوير.", ""),
    ("shut-down-three-hours", "OpenAI سدّات صفحة سورا من بعد تلت سوايع.", "3 hours"),
    ("shut-down-three-hours", "بقي الوصول إلى سورا مفتوحا نحو ثلاث ساعات منذ ظهور الرابط.", "3 hours"),
    ("shut-down-three-hours", "علّقت OpenAI الوصول إلى سورا بعد ثلاث ساعات من بدء الاحتجاج.", "3 hours"),
    ("videos-spread-on-x", "وبعدها تويتر انقلب فيديوهات سورا.", ""),
    ("artists-unpaid-rnd", "تعبوا يشتغلون ببلاش لشركة سورا.", ""),
    # The page that appeared on the site, told after a clause about the site.
    ("leaked-on-hugging-face", "ظهرت على موقع Hugging Face، وهو موقع يتشارك فيه المبرمجون النماذج والتجارب، صفحة صغيرة تولد مقاطع بنموذج سورا.", ""),
    ("leaked-by-testers", "أعطت الشركة سورا لفنانين يجربونها، وبعدين هالفنانين فتحوها لكل الناس.", ""),
    ("leakers-anonymous", "وجاء بيان مسربي سورا موقعا باسم المجموعة فقط دون أسماء.", ""),
    ("leakers-anonymous", "البيان لم يحمل أي اسم لمن يقف وراء صفحة سورا.", ""),
    ("artists-unpaid-rnd", "قال مختبرو سورا إنهم استخدموا من أجل البحث والتطوير بدون أن يتم الدفع لهم.", ""),
    ("artists-unpaid-rnd", "نشر مشاركون في برنامج اختبار سورا الصفحة احتجاجا على عدم حصولهم على مقابل مادي لقاء عملهم.", ""),
    ("source-code-leaked", "ورغم أن OpenAI نفت في البداية، أكدت الشركة لاحقا أن الشيفرة المصدرية لسورا تسربت.", ""),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "sentence", "variant"), EN_PARAPHRASES)
def test_english_paraphrases(
    matcher: RuleMatcher, claim_id: str, sentence: str, variant: str
) -> None:
    result = found(matcher, sentence, EN_TITLE, "en")
    assert result.get(claim_id) == variant, result


@pytest.mark.parametrize(("claim_id", "sentence", "variant"), AR_PARAPHRASES)
def test_arabic_paraphrases(
    matcher: RuleMatcher, claim_id: str, sentence: str, variant: str
) -> None:
    result = found(matcher, sentence, AR_TITLE, "ar")
    assert result.get(claim_id) == variant, result


NEAR_MISSES = [
    # pay, names and signatures said of something else
    ("artists-unpaid-rnd", "Early testers of Sora paid nothing to use the tool.", "en"),
    ("artists-unpaid-rnd", "حصل مختبرو سورا على مقابل مادي مجز.", "ar"),
    ("artists-unpaid-rnd", "يمكن لمختبري سورا تجربة الأداة دون دفع أي رسوم.", "ar"),
    ("leakers-anonymous", "The Sora artists were proud to put their name on the open letter.", "en"),
    ("leakers-anonymous", "The Sora letter was signed as the program's official ambassadors.", "en"),
    # the threat denied; Sora "for free" as a search, not the testers' pay
    ("threat-to-creators", "An OpenAI executive rejected the idea that Sora endangers working creatives.", "en"),
    ("artists-unpaid-rnd", "تحميل سورا، سورا مجانا، سورا للفيديو: كلمات يبحث عنها المستخدمون والعاملون في التسويق.", "ar"),
    # the disputed framing reported as others' claim, or refuted
    ("source-code-leaked", "A lot of early posts insisted Sora's source code had been dumped.", "en"),
    ("source-code-leaked", '- "Sora\'s source code is out."', "en"),
    ("source-code-leaked", "الحديث عن تسرب الكود المصدري لأداة سورا مضلل.", "ar"),
    ("source-code-leaked", "تقارير غير مؤكدة تتحدث عن تسريب الشيفرة المصدرية لأداة سورا.", "ar"),
    # a mere keyword
    ("leaked-on-hugging-face", "Hugging Face hosts thousands of open-source video models.", "en"),
    ("leaked-on-hugging-face", "تستضيف منصة هاغينغ فيس آلاف النماذج المفتوحة.", "ar"),
    ("sora-announced-february", "Sora fans met in February to trade Kingdom Hearts cards.", "en"),
    ("openai-valuation-150b", "OpenAI raised $6.6 billion from investors.", "en"),
    ("openai-valuation-150b", "OpenAI, a company that raised $6.6 billion, declined to comment.", "en"),
    # any valuation is the claim, so not another company's
    ("openai-valuation-150b", "Anthropic, a rival of OpenAI, is now valued at $61.5 billion.", "en"),
    ("openai-valuation-150b", "SoftBank is putting $100 billion into Stargate with OpenAI.", "en"),
    # negated or debunked
    ("source-code-leaked", "Sora's source code did not leak; only an API front end was exposed.", "en"),
    ("source-code-leaked", "Some outlets wrongly reported that Sora's source code leaked.", "en"),
    ("source-code-leaked", "لم يتم تسريب الكود المصدري لـ Sora بل واجهة استخدام فقط.", "ar"),
    ("leaked-by-testers", "Outside hackers, not early testers, leaked the tool.", "en"),
    ("leaked-by-testers", "القراصنة، وليس المختبرين، هم من سربوا الأداة.", "ar"),
    ("leakers-anonymous", "The artists revealed their identities in an interview.", "en"),
    # the same words about another subject or another figure
    ("release-delayed-gemini", "Google's Gemini was criticised for images of historical figures.", "en"),
    ("ten-seconds-1080p", "Sora can now generate videos up to 20 seconds long in 1080p.", "en"),
    ("shut-down-three-hours", "OpenAI shut down the tool after two days.", "en"),
    ("shut-down-three-hours", "OpenAI closed the program three weeks later.", "en"),
    ("sora-announced-february", "OpenAI announced Sora 2 in September 2025.", "en"),
    ("available-2024", "Sora was finally released in December 2024.", "en"),
    ("threat-to-creators", "Artists are threatening to leave the program.", "en"),
    ("artists-unpaid-rnd", "The feature reaches free users in the coming months.", "en"),
    ("videos-spread-on-x", "Videos about the leak were discussed at length.", "en"),
    ("pr-stunt", "The artists said the program offered real collaboration.", "en"),
    ("sora-announced-february", "Google released Gemini 1.5 in February.", "en"),
    ("sora-announced-february", "أعلنت OpenAI في فبراير 2025 عن نموذج جديد.", "ar"),
    ("threat-to-creators", "Artists have long worried about AI.", "en"),
    ("leaked-on-hugging-face", "تتيح منصة هاجينج فيس للمطورين رفع نماذجهم.", "ar"),
    ("openai-valuation-150b", "تبلغ قيمة مايكروسوفت 3 تريليونات دولار.", "ar"),
    ("ten-seconds-1080p", "يمكن لـ Sora إنشاء مقاطع فيديو مدتها 20 ثانية بدقة 1080p.", "ar"),
    ("shut-down-three-hours", "أغلقت OpenAI مكتبها في باريس بعد ثلاثة أيام.", "ar"),
    ("artists-unpaid-rnd", "يعمل الفنانون على مشاريع مجانية.", "ar"),
    # denials of the event itself (the blind claims set, 5 December)
    ("leaked-on-hugging-face", "OpenAI's Sora was not leaked on Hugging Face, the company said.", "en"),
    ("leaked-on-hugging-face", "Sora wasn't leaked on Hugging Face.", "en"),
    ("leaked-on-hugging-face", "قالت OpenAI إن أداة سورا لم يتم تسريبها على منصة هاغينغ فيس.", "ar"),
    ("shut-down-three-hours", "OpenAI did not shut down the project after three hours.", "en"),
    ("shut-down-three-hours", "OpenAI didn't shut the project down after three hours.", "en"),
    ("shut-down-three-hours", "ولم تُغلق الشركة المشروع بعد ثلاث ساعات من التسريب.", "ar"),
    # "stunt" names the leak itself here; "video generation" names the tool, not its clips
    ("pr-stunt", "The people behind the stunt were members of the early-access program.", "en"),
    ("videos-spread-on-x", "أفادت تقارير متداولة على مواقع التواصل بتسريب الشيفرة المصدرية لنموذج سورا لتوليد الفيديو.", "ar"),
    # a question about the threat, not the claim; the program named beside the leak, not its members leaking
    ("threat-to-creators", "Commentators still argue about whether Sora will replace video editors.", "en"),
    ("threat-to-creators", "I do not believe Sora is the great threat to animators that people say.", "en"),
    ("threat-to-creators", "لكننا لا نرى في Sora تهديدا وجوديا للمبدعين كما يقول بعض المعلقين.", "ar"),
    ("threat-to-creators", "وقال المخرج إنه لا يرى في Sora تهديدا لصناع الأفلام المستقلين.", "ar"),
    ("source-code-leaked", "Saying Sora's source code leaked is inaccurate: what leaked was access.", "en"),
    # a page that makes clips, posted online, is not the clips spreading
    ("videos-spread-on-x", "Testers posted the leaked Sora page online so anyone could generate videos.", "en"),
    # going to Hugging Face to complain is not leaking there
    ("leaked-on-hugging-face", "The Sora testers went on Hugging Face to express their anger at the program.", "en"),
    ("leaked-by-testers", "In a post accompanying the leak, the group criticised how OpenAI ran its early-access programme.", "en"),
    # anonymous at first, then no longer
    ("leakers-anonymous", "While some members of the group behind the leak were initially anonymous, they later signed their names.", "en"),
    # a headline's question before the site's name; a post quoted to be checked
    ("source-code-leaked", "هل سُرّب الكود المصدري لسورا؟ | مرصد تحقق", "ar"),
    ("source-code-leaked", 'A post shared widely on Facebook says: "Hackers leaked Sora source code."', "en"),
    ("source-code-leaked", "تداولت صفحات منشورا جاء فيه: هاكرز سربوا الكود المصدري لسورا.", "ar"),
    # "not known at once how many clips"; who they do not say is anonymity, not attribution
    ("leakers-anonymous", "ولم يُعرف على الفور عدد مقاطع Sora التي وُلّدت خلال فترة التسريب.", "ar"),
    ("leaked-by-testers", "ولم يكشف المسؤولون عن تسريب Sora عن هوياتهم، واكتفوا ببيان موقّع باسم مجموعة من الفنانين.", "ar"),
    # the law's right of publicity; a post's claim about Sora 2's weights
    ("pr-stunt", "England and Wales have no freestanding image right, unlike the right of publicity in many states.", "en"),
    ("leaked-on-hugging-face", "A post shared thousands of times claims that the full weights of Sora 2 have been leaked on Hugging Face.", "en"),
    # the framing quoted to be examined; "not its source code"; "not mere publicity"
    ("source-code-leaked", '"Source code leak" suggests that Sora can now be run by anyone.', "en"),
    ("source-code-leaked", "وشمل التسريب الوصول إلى أداة Sora لا شيفرتها المصدرية.", "ar"),
    ("pr-stunt", "شعبية تطبيق Sora ليست مجرد دعاية.", "ar"),
    # an outage is not the leaked page taken down; a letter posted is not the tool
    ("shut-down-three-hours", "Sora and ChatGPT suffered an outage that lasted about three hours.", "en"),
    ("shut-down-three-hours", "شهدت خدمات OpenAI ومنها Sora انقطاعا استمر ثلاث ساعات.", "ar"),
    ("leaked-on-hugging-face", "In an open letter posted on Hugging Face, the Sora artists explained their views.", "en"),
    # what happened "earlier this year" is no forecast
    ("available-2024", "Sora, which OpenAI teased earlier this year, drew criticism from artists.", "en"),
    # what came "after" ends at the comma: the rest of the sentence is not part of it
    ("leaked-by-testers", "OpenAI paused the program after talking to its early testers, and a rival posted its own video model the next day.", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "sentence", "language"), NEAR_MISSES)
def test_near_misses_do_not_fire(
    matcher: RuleMatcher, claim_id: str, sentence: str, language: str
) -> None:
    title = EN_TITLE if language == "en" else AR_TITLE
    assert claim_id not in found(matcher, sentence, title, language)


def test_anchor_comes_from_the_previous_sentence_or_the_title(matcher: RuleMatcher) -> None:
    text = "Someone leaked access on Hugging Face."
    assert "leaked-on-hugging-face" not in found(matcher, text, "Tech news roundup", "en")
    assert "leaked-on-hugging-face" in found(matcher, text, "Sora: what happened", "en")
    before = "OpenAI's Sora is in trouble. " + text
    assert "leaked-on-hugging-face" in found(matcher, before, "Sora news", "en")


def test_article_without_sora_carries_no_claim(matcher: RuleMatcher) -> None:
    text = "OpenAI is valued at $157 billion after its latest funding round."
    assert found(matcher, text, "OpenAI funding", "en") == {}
    assert "openai-valuation-150b" in found(matcher, text, "OpenAI funding, and Sora", "en")


def test_one_match_per_claim_with_the_best_evidence(matcher: RuleMatcher) -> None:
    text = (
        "Artists have been unhappy for months. "
        "Someone leaked a video tool on Hugging Face. "
        "Later, OpenAI's Sora was leaked on Hugging Face by artists. "
        "Sora leaked on Hugging Face again, they said."
    )
    matches = matcher.match("Sora news", text, "en")
    matches = [m for m in matches if m.claim_id == "leaked-on-hugging-face"]
    assert len(matches) == 1
    assert matches[0].evidence == "Later, OpenAI's Sora was leaked on Hugging Face by artists."


def test_results_are_sorted_by_claim_id(matcher: RuleMatcher) -> None:
    title, body = seed_parts()
    ids = [m.claim_id for m in matcher.match(title, body, "ar")]
    assert ids == sorted(ids)


def test_mixed_text_runs_both_languages(matcher: RuleMatcher) -> None:
    text = (
        'نقلت الصحف تصريحات الفنانين عن Sora. "Artists are not your unpaid R&D," the letter said.'
    )
    assert "artists-unpaid-rnd" in found(matcher, text, AR_TITLE, "ar")


def test_a_headline_that_asks_then_goes_on_asserts_nothing_it_asks(matcher: RuleMatcher) -> None:
    title = "Sora Leak Explained: Was OpenAI Sora's Source Code Leaked? Everything You Need to Know"
    assert "source-code-leaked" not in found(matcher, "An explainer.", title, "en")
    told = "Sora's Source Code Leaked? No: Testers Put Sora On Hugging Face, And Here Is How"
    assert "leaked-on-hugging-face" in found(matcher, "An explainer.", told, "en")


def test_a_timelines_heading_that_names_the_event_dates_the_entry(matcher: RuleMatcher) -> None:
    text = "Feb. 15, 2024 — The reveal\nOpenAI introduces Sora with a blog post and sample clips."
    assert found(matcher, text, "Sora, a timeline", "en") == {
        "sora-announced-february": "February 2024"
    }
    # A sentence of its own with a February figure dates something else.
    text = "OpenAI introduces Sora with a blog post.\nIn February 2024, it raised prices for ChatGPT."
    assert "sora-announced-february" not in found(matcher, text, "Sora, a timeline", "en")


def test_title_can_be_the_evidence(matcher: RuleMatcher) -> None:
    title = "OpenAI shuts down leaked Sora access after three hours"
    matches = matcher.match(title, "More details soon.", "en")
    assert [(m.claim_id, m.evidence, m.variant) for m in matches] == [
        ("shut-down-three-hours", title, "3 hours")
    ]


def test_empty_input(matcher: RuleMatcher) -> None:
    assert matcher.match("", "", None) == []


def test_matcher_is_a_claim_matcher_and_fast(matcher: RuleMatcher) -> None:
    protocol_user: ClaimMatcher = matcher
    title, body = seed_parts()
    start = time.perf_counter()
    for _ in range(5):
        protocol_user.match(title, body, "ar")
    assert (time.perf_counter() - start) / 5 < 0.25


def test_matcher_survives_pickling_for_process_pools(matcher: RuleMatcher) -> None:
    clone = pickle.loads(pickle.dumps(matcher))
    title, body = seed_parts()
    assert clone.match(title, body, "ar") == matcher.match(title, body, "ar")


def test_user_claims_are_matched(tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(
        """
[claims.sora-price-20]
text_en = "Sora costs $20 a month"
text_ar = "اشتراك Sora بعشرين دولارا شهريا"
kind = "figure"
figures = [{ value = "$20", tolerance = 0.1 }]

[claims.sora-price-20.en]
require.price = ["cost*", "price*", "subscription*"]

[claims.sora-price-20.ar]
require.price = ["اشتراك*", "سعر*", "تكلف*"]
""",
        encoding="utf-8",
    )
    user = RuleMatcher(load_catalogue(path, mode="replace"))
    assert found(user, "A Sora subscription costs $20 a month.", "Sora", "en") == {
        "sora-price-20": "$20"
    }
    assert found(user, "ويبلغ سعر الاشتراك في Sora عشرين دولارا.", "Sora", "ar") == {
        "sora-price-20": "$20"
    }
    assert found(user, "A Sora subscription costs $200 a month.", "Sora", "en") == {}


def test_evidence_stating_more_figures_wins(matcher: RuleMatcher) -> None:
    title = "Leaked Sora tool made 10-second videos"
    text = "The Sora front end produced 10-second videos in 1080p from a prompt."
    (match,) = [m for m in matcher.match(title, text, "en") if m.claim_id == "ten-seconds-1080p"]
    assert (match.evidence, match.variant) == (text, "10 seconds, 1080p")


@pytest.mark.parametrize(("claim_id", "sentence", "language"), NEAR_MISSES)
def test_near_misses_without_a_language_hint(
    matcher: RuleMatcher, claim_id: str, sentence: str, language: str
) -> None:
    title = EN_TITLE if language == "en" else AR_TITLE
    assert claim_id not in found(matcher, sentence, title, None)


@pytest.mark.parametrize(("claim_id", "sentence", "variant"), EN_PARAPHRASES + AR_PARAPHRASES)
def test_paraphrases_without_a_language_hint(
    matcher: RuleMatcher, claim_id: str, sentence: str, variant: str
) -> None:
    assert found(matcher, sentence, f"{EN_TITLE} {AR_TITLE}", None).get(claim_id) == variant


@pytest.mark.parametrize(
    ("claim_id", "sentence"),
    [
        ("ten-seconds-1080p", "The new Sora app lets anyone create 10-second videos in 1080p."),
        ("videos-spread-on-x", "Hundreds of Sora 2 videos flooded X this week."),
    ],
)
def test_claims_about_the_leaked_tool_need_the_leak_nearby(
    matcher: RuleMatcher, claim_id: str, sentence: str
) -> None:
    assert claim_id not in found(matcher, sentence, "OpenAI launches the Sora 2 app", "en")
    assert claim_id in found(matcher, sentence, "After the Sora leak", "en")


# Categories found on the held-out set and the demo web (never tuned on their sentences): each
# row is a new sentence of the category, the claim, and whether the sentence carries it.
CATEGORY_CASES = [
    # a question asks about a claim, it does not assert it
    ("source-code-leaked", "Was the source code of Sora really leaked on Hugging Face?", "en", False),
    ("source-code-leaked", "هل سُرّب الكود المصدري لأداة Sora فعلًا؟", "ar", False),
    ("leaked-by-testers", "Did the early testers leak Sora themselves?", "en", False),
    # naming the framing is not asserting it
    ("source-code-leaked", "Forum posters keep calling it Sora's source code leak, which it was not.", "en", False),
    ("source-code-leaked", "Critics call this the great Sora source code leak.", "en", False),
    ("source-code-leaked", "وزعمت بعض المواقع أن الشيفرة المصدرية لـ Sora تسربت.", "ar", False),
    ("source-code-leaked", "كما تداولت صفحات كثيرة، تسرب الكود المصدري لأداة Sora.", "ar", False),
    # a negation in the main clause does not deny the leak reported after "that" / أن
    ("source-code-leaked", "It is no surprise that Sora's source code leaked this week.", "en", True),
    ("source-code-leaked", "لا عجب أن الكود المصدري لـ Sora قد تسرب هذا الأسبوع.", "ar", True),
    ("source-code-leaked", "لم يهدأ الجدل لأن الكود المصدري لأداة Sora تسرب كاملًا.", "ar", True),
    ("source-code-leaked", "لم تتسرب أي شيفرة مصدرية لـ Sora، بل واجهة فقط.", "ar", False),
    ("source-code-leaked", "Sora's code was not what leaked; it was a front end.", "en", False),
    # "unauthorised" access put on Hugging Face, in Arabic
    ("leaked-on-hugging-face", "ظهر رابط غير مصرح به لأداة Sora على هاجينج فيس لساعات.", "ar", True),
    ("leaked-on-hugging-face", "فتح مختبرون منفذًا غير مصرح به إلى Sora عبر تطبيق على منصة هاغينغ فيس.", "ar", True),
    ("leaked-by-testers", "أتاحت OpenAI أداة Sora للجمهور بعد أشهر من الوصول المبكر لعدد من الفنانين.", "ar", False),
    ("leaked-by-testers", "OpenAI opened Sora to the public after months of testing by alpha testers.", "en", False),
    # testers described as the people chosen to try the model, or publishing its front end
    ("leaked-by-testers", "من سرّب الأداة فنانون اختارتهم الشركة لتجربة Sora قبل إطلاقها.", "ar", True),
    ("leaked-by-testers", "نشر مشاركون في برنامج الاختبار الواجهة التي تتصل بخوادم Sora.", "ar", True),
    ("leaked-by-testers", "The leak came from artists OpenAI had invited to try Sora.", "en", True),
    # the people behind the leak did not come forward / "they did not reveal"
    ("leakers-anonymous", "So far nobody in the group has come forward to claim the Sora leak.", "en", True),
    ("leakers-anonymous", "One of the Sora testers came forward on Friday to explain the leak.", "en", False),
    ("leakers-anonymous", "واكتفوا ببيان جماعي ولم يفصحوا عن أسمائهم.", "ar", True),
    ("leakers-anonymous", "يطلب من المستخدمين التحقق من هوياتهم قبل استخدام Sora.", "ar", False),
    # freelancers and people who film for a living are creators
    ("threat-to-creators", "Sora is a real threat to freelancers who edit wedding films.", "en", True),
    ("threat-to-creators", "Sora endangers everyone who shoots video for a living.", "en", True),
    # a February date of another year given in two month names is not the announcement
    ("sora-announced-february", "أعلنت OpenAI في شباط/فبراير 2025 عن توفر Sora في بريطانيا.", "ar", False),
    ("sora-announced-february", "كشفت OpenAI عن Sora في فبراير (شباط) 2024.", "ar", True),
    # "rumour" describing Sora's past is not a hedge; reporting a rumour is
    ("sora-announced-february", "Sora was only a rumour until OpenAI unveiled it in February 2024.", "en", True),
    ("source-code-leaked", "Rumours say Sora's source code has leaked.", "en", False),
    ("source-code-leaked", "A rumor claims that Sora's source code leaked overnight.", "en", False),
    ("leaked-on-hugging-face", "The rumour is that Sora was leaked on Hugging Face.", "en", False),
    # "this year" dates the release only when it is the release's time
    ("available-2024", "Sora, first previewed earlier this year, is available today to Pro users.", "en", False),
    ("available-2024", "Rival video models were pilloried this year, so OpenAI is wary of a broad Sora release.", "en", False),
    ("available-2024", "OpenAI plans to release Sora to the public this year.", "en", True),
    ("available-2024", "Sora should reach the public before the year is out.", "en", True),
    ("available-2024", "قالت الشركة إن Sora ستصل إلى المستخدمين قبل نهاية هذا العام.", "ar", True),
    # what others said, set up to be rejected, is not told; what the sentence goes on to say is
    ("leakers-anonymous", "وعلى خلاف ما روّجته بعض المواقع من أن فناني Sora لم يكشفوا عن هوياتهم، حملت رسالتهم عشرين اسما.", "ar", False),
    ("threat-to-creators", "لا أشارك الذين يرددون أن Sora تهديد وجودي للفنانين ومحرري الفيديو.", "ar", False),
    ("threat-to-creators", "They keep saying Sora is an existential threat to every video editor alive: I don't buy that.", "en", False),
    ("source-code-leaked", "Contrary to what some sites claimed, Sora's source code never left OpenAI; testers shared access on Hugging Face.", "en", False),
    ("leaked-on-hugging-face", "Contrary to what some sites claimed, Sora's source code never left OpenAI; testers shared access on Hugging Face.", "en", True),
    ("leaked-on-hugging-face", "على عكس ما كتبته مواقع عن سرقة الشيفرة، نشر مختبرو Sora واجهة للأداة على Hugging Face.", "ar", True),
    ("release-delayed-gemini", "Unlike what happened with Google's Gemini and its wrong historical images, OpenAI wants Sora's release to go smoothly, so it is holding it back.", "en", True),
    ("leakers-anonymous", "Contrary to several reports, the Sora testers did not hide their identities.", "en", False),
    ("threat-to-creators", "لا أتفق مع كل ما فعلوه، ولست ممن يرون في Sora تهديدًا وجوديًا للمبدعين.", "ar", False),
    ("threat-to-creators", "I'm not one of those who think Sora is an existential threat to video editors.", "en", False),
    # the programme as marketing, in other words; not the group's name, not OpenAI's PR crisis
    ("pr-stunt", "The testers said the Sora programme felt like marketing, not a collaboration.", "en", True),
    ("pr-stunt", "Their letter calls the Sora programme PR, not art.", "en", True),
    ("pr-stunt", "They felt the programme existed mainly to make Sora look good to creatives.", "en", True),
    ("pr-stunt", "The leak turned into a PR crisis for OpenAI's Sora team.", "en", False),
    ("pr-stunt", "وقالوا إن برنامج Sora لا يعدو كونه واجهة تسويقية.", "ar", True),
    ("pr-stunt", "وقالوا إن OpenAI تستغل فناني Sora لأغراض الدعاية.", "ar", True),
    ("pr-stunt", "ووصفوا برنامج Sora بأنه حملة تلميع إعلامية تستعير أسماء الفنانين.", "ar", True),
    ("pr-stunt", "واعترضوا على أن برنامج Sora صمم ليكون غسيلًا فنيًا.", "ar", True),
    ("pr-stunt", "ونشرت مجموعة تطلق على نفسها اسم «دمى العلاقات العامة» واجهة Sora على المنصة.", "ar", False),
    ("pr-stunt", "وقالت مجموعة «دمى العلاقات العامة» إن برنامج Sora يتعلق بالعلاقات العامة أكثر من الفن.", "ar", True),
    ("pr-stunt", "تحولت قصة Sora إلى أزمة علاقات عامة لشركة OpenAI.", "ar", False),
    # the threat said to be something else than the tool; not "this is the real threat"
    ("threat-to-creators", "The threat to people like me is not a model; it is a set of terms that take our work for free.", "en", False),
    ("threat-to-creators", "التهديد الحقيقي ليس أداة Sora، بل العلاقة مع الفنانين.", "ar", False),
    ("threat-to-creators", "هذا هو التهديد الحقيقي لفناني الفيديو، وأداة Sora تهديد وجودي للمونتيرين.", "ar", True),
    ("threat-to-creators", "Sora is a real threat to freelancers who edit wedding films.", "en", True),
    # a correction names the framing it withdraws
    ("source-code-leaked", "Correction: an earlier version of this entry said Sora's source code had been leaked.", "en", False),
    # who put the tool out, told as testers opening it or putting it in a public page
    ("leaked-by-testers", "مجموعة من المشاركين في برنامج الاختبار المبكر لسورا وضعت رموز الوصول داخل صفحة عامة، فصار بإمكان أي زائر أن يطلب مقطعا.", "ar", True),
    ("leaked-by-testers", "الذين أتاحوا أداة سورا هم أنفسهم مختبروها.", "ar", True),
    # Maghrebi and Iraqi speech: made a page, without pay, nothing but advertising, one
    # collective name, "وگفت" (stopped) with گ for ق
    ("leaked-on-hugging-face", "شي وحدين من هاد الفنانين دارو صفحة فـ Hugging Face باش الناس تجرب سورا.", "ar", True),
    ("leaked-on-hugging-face", "جماعة منهم زعلوا، فسوّوا صفحة على موقع هغنغ فيس وربطوها بحسابات سورا.", "ar", True),
    ("artists-unpaid-rnd", "كيقولو بلي شركة سورا كتخدّمهم بلا خلاص.", "ar", True),
    ("pr-stunt", "وكيقولو بلي برنامج سورا كامل غير إشهار.", "ar", True),
    ("leakers-anonymous", "فناني سورا ما بانوش بسمياتهم، سيّنيو باسم جماعي وصافي.", "ar", True),
    ("shut-down-three-hours", "صفحة سورا بقت حوالي ثلث ساعات، وبعدين وگفت.", "ar", True),
    # more ways to say who put it out, and what the programme was for
    ("leaked-by-testers", "قسم من هذولة الفنانين، مو هكرية، نفس الناس اللي الشركة اختارتهم لتجربة سورا، سووا صفحة على موقع Hugging Face.", "ar", True),
    ("leaked-by-testers", "عرفت سورا واقعة فتح فيها عدد من مختبريها الوصول إليها للعموم لساعات.", "ar", True),
    ("leaked-by-testers", "A year ago a group of its own Sora testers threw the model open to the public for an afternoon.", "en", True),
    ("threat-to-creators", "لكنني أختلف مع كثير مما كتب حول الحادثة، وخصوصًا النغمة التي تصف سورا بأنه تهديد وجودي لصناع المحتوى.", "ar", False),
    ("pr-stunt", "They also said the whole Sora program felt like PR, not a real creative collaboration.", "en", True),
    ("pr-stunt", "The artists protested what they called the use of artists for OpenAI's marketing of Sora.", "en", True),
    ("pr-stunt", "يقولون إن برنامج سورا كله واجهة إعلامية مو تعاون فني.", "ar", True),
    ("pr-stunt", "وقالوا إن برنامج سورا مجرد غطاء دعائي.", "ar", True),
    ("pr-stunt", "والشركة قيمتها مليارات وتستخدمنا دعاية لسورا.", "ar", True),
    # a verdict on what came before it; who had it is not who leaked it
    ("source-code-leaked", "انتشر على صفحات كثيرة أن \"كود سورا المصدري تسرب\"، وهذا غير دقيق.", "ar", False),
    ("leaked-by-testers", "Sora, which OpenAI has so far made available only to safety testers and a small group of artists, can make minute-long clips.", "en", False),
    # Egyptian "came out in February"
    ("sora-announced-february", "أداة سورا اللي طلعت في فبراير 2024 لسه محدش يقدر يستخدمها.", "ar", True),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "sentence", "language", "carried"), CATEGORY_CASES)
def test_claim_categories(
    matcher: RuleMatcher, claim_id: str, sentence: str, language: str, carried: bool
) -> None:
    title = "Sora after the leak" if language == "en" else "Sora بعد التسريب"
    assert (claim_id in found(matcher, sentence, title, language)) is carried
