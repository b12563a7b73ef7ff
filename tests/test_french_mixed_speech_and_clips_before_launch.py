"""Maghrebi speech mixed with French ("valorisée بـ 150 milliards de dollars", "trois heures",
"les testeurs"), a call-in that tries Sora on Hugging Face and never says "OpenAI", clips put on a
Discord server by testers before the launch, an API key "حطه على GitHub", a forum's title line
over a SoraNews24 thread, and a radio segment that remembers the leak with "تذكر لما" (sentences
of our own, in the patterns of the written sets of issue 9, fifteenth session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitor.analysis import AnalysisOptions
from monitor.documents import Document, analyze_document
from monitor.figures import find_figures
from monitor.relevance import assess


def analyse(title: str, text: str, language: str) -> dict:
    return analyze_document(Document("post.txt", title, text, None, language), AnalysisOptions())


def test_a_call_in_that_tries_sora_on_hugging_face_without_naming_openai_is_a_report() -> None:
    title = "«على الهوا» – حلقة: جربناها قبل ما تتسكر"
    text = (
        "المقدم: مرحبا بيكم، الليلة نكملوا حكايتنا على سورا.\n"
        "المتصل: أيه، أنا دخلت. واحد صاحبي بعتلي رابط على موقع هاغينغ فيس وقالي ادخل بسرعة قبل ما يسكروه.\n"
        "المتصل: طلعلي مقطع عشر ثواني، قطوس يلعب بكورة، كأنه حقيقي.\n"
        "المقدم: والموقع قعد مفتوح قداش؟\n"
        "المتصل: قعد يمشي قريب تلات ساعات، وبعدين ولى يعطي خطأ.\n"
        "المقدم: ونفكروا الناس إن اللي فتحوه فنانين من اللي الشركة مخلياتهم يجربوا الأداة، مش هكرز.\n"
        "متصلة: شفت فيديوهات كثيرة نازلة على إكس ذاك اليوم."
    )
    found = analyse(title, text, "ar")
    assert found["relevant"] and found["leak_report"], found["signals"]
    claims = {claim["id"]: claim["variant"] for claim in found["claims"]}
    assert {"leaked-on-hugging-face", "leaked-by-testers", "videos-spread-on-x"} <= claims.keys()
    assert claims.get("shut-down-three-hours") == "3 hours"


NOT_ABOUT_SORA = [
    # a forum's title line over a SoraNews24 thread
    ("r/tokyofood · Posted by u/noodle_nomad · 5h",
     "SoraNews24 ranked every convenience-store egg sandwich and the results are wrong\n"
     "SoraNews24 put the Lawson one last, which is madness.\n"
     "Reply: Sora is right about the Family Mart one though.\n"
     "Reply: I misread the headline as Sora and thought OpenAI had started AI-generated sandwich reviews.\n"
     "Reply: Their ramen rankings are better."),
    # a rival's leak, told as not Sora's in Gulf speech
    ("نموذج فيديو كوري طلع للعلن قبل وقته.. وش السالفة؟",
     "هلا بالربع. اليوم عندي سالفة من عالم الذكاء الاصطناعي، وقبل لا تقولون \"سورا\"، لا، مو سورا هالمرة، ولا لها دخل بـ OpenAI أبد.\n"
     "شركة كورية ناشئة كانت تشتغل على نموذج فيديو، وقبل أسبوع طلعت أوزانه كاملة على منتدى مطورين، ويقولون اللي سربها موظف سابق.\n"
     "يعني أي أحد عنده كرت شاشة زين يقدر يشغله في البيت."),
    # Hugging Face and clips tie no namesake to OpenAI's model: a game, a streamer, Open Sora,
    # a student
    ("Fans share a Sora LoRA",
     "A fan model of Sora from Kingdom Hearts was uploaded to Hugging Face this week.\n"
     "The clips show the Keyblade wielder running through Traverse Town, and Square Enix has not commented."),
    ("Fan uploads Tokino Sora voice clips to Hugging Face",
     "A fan has uploaded hundreds of clips of the virtual streamer Tokino Sora to Hugging Face. The agency said the upload breaks its fan guidelines."),
    ("Open Sora 2.0 lands on Hugging Face",
     "The team behind Open Sora posted version 2.0 on Hugging Face this week. Sample clips show a cat surfing."),
    ("سورا تعرض أعمالها",
     "الفنانة الشابة سورا نشرت على هاغينغ فيس مقاطع من مشروع تخرجها في كلية الفنون."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NOT_ABOUT_SORA)
def test_a_forums_namesake_a_disowned_rival_and_namesakes_on_hugging_face_are_not_about_sora(
    title: str, text: str
) -> None:
    assert not assess(title, text).relevant, assess(title, text).signals


def test_a_headline_without_sora_is_no_forums_line() -> None:
    title = "Studios fight back against AI video"
    text = (
        "Japan's biggest anime studios said on Friday they would take legal action over videos that copy their characters.\n"
        "The videos were made with Sora, the video generator released by OpenAI.\n"
        "Sora clips of famous heroes have flooded TikTok, the studios said."
    )
    assert assess(title, text).relevant, assess(title, text).signals


ABOUT_SORAS_LEAK = [
    # clips put on a Discord server before the launch, said aloud
    ("The Render Room, episode 40: that Sora 2 reel",
     "JO: So have you seen the Sora 2 clips going round?\n"
     "SAM: About ten days before OpenAI launched Sora 2, one of the outside testers posted a pile of clips from some internal reel onto a private Discord.\n"
     "SAM: Within the hour they were on Reddit, and the company was asking for takedowns."),
    # and in Gulf speech, the sentence itself never naming Sora
    ("بودكاست «قهوة تقنية» – حلقة: مقاطع سورا 2 قبل وقتها",
     "سعيد: عندنا قصة عن سورا 2 من OpenAI.\n"
     "منى: أيوه؟\n"
     "سعيد: قبل ما تطلق رسمياً بعشرة أيام، واحد من المختبرين من برا الشركة نزّل مجموعة مقاطع في سيرفر ديسكورد خاص، وخلال ساعات صارت في كل مكان."),
    # "It's not out", then clips posted to a Discord server
    ("Stream notes: Sora 2 clips that should not exist yet",
     "So OpenAI is apparently about to drop Sora 2, with sound and everything. It's not out yet, and there's no announcement.\n"
     "But somebody in one of the closed test groups posted a whole folder of clips to a Discord server last night, and now they're on Reddit too."),
    # an API key put on GitHub, in a forwarded message
    ("تنبيه للي يدورون Sora 2 ببلاش",
     "السلام عليكم، هذا من مصدر يشتغل في البرمجة.\n"
     "واحد مطور في شركة ناشئة نسى مفتاح الـ API حق حسابه في OpenAI داخل كود حطه على GitHub وخلاه عام للكل، والمفتاح هذا كان يشغل Sora 2.\n"
     "ناس لقطوا المفتاح وسووا فيه مواقع فيديو مجانية."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), ABOUT_SORAS_LEAK)
def test_clips_before_launch_a_key_on_github_and_a_tool_in_everyones_reach_are_reports(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


def test_a_reviewers_put_it_out_there_beside_a_hugging_face_space_is_a_report() -> None:
    title = "I tried Sora before OpenAI pulled the plug"
    text = (
        "Hey, it's Max. Quick one today, because the thing I'm reviewing is already gone.\n"
        "Well, it still exists, you just can't use it.\n"
        "On Tuesday my group chat went mad.\n"
        'Someone sent a link to a Hugging Face Space with "SORA???" and nine exclamation marks.\n'
        "Turns out a bunch of the artists OpenAI had testing Sora got fed up with not being paid and just put it out there.\n"
        "Clips were ten seconds max, 1080p.\n"
        "And it died fast: OpenAI cut it off after about three hours.\n"
        "Meanwhile X was flooded with everyone's clips."
    )
    found = analyse(title, text, "en")
    assert found["leak_report"], found["signals"]


NO_REPORT = [
    # official clips before a launch are the company's own
    ("OpenAI teases Sora 2",
     "A week before the launch, OpenAI posted clips on its Discord server and on X to show what Sora 2 can do."),
    # the review's: a rival's clips, the company's own, an app out elsewhere, OpenAI's own
    # programme "before everyone", advice on keys
    ("Rivals steal the thunder", "Days before OpenAI launched Sora 2, users on Reddit shared clips made with Veo 3 and Kling to show what the rivals could already do."),
    ("Sora 2 teaser", "A day ahead of the launch, OpenAI shared clips from Sora 2 with fans on its official Discord server."),
    ("Sora 2 يصل المنطقة", "قبل إطلاق تطبيق Sora 2 رسميا في المنطقة العربية بأسابيع، نشر مستخدمون عرب مقيمون في أمريكا مقاطع صنعوها بالتطبيق على تيليجرام وديسكورد."),
    ("فنانون يجربون سورا قبل الجميع", "منحت OpenAI مجموعة من الفنانين وصانعي الأفلام حق تجربة سورا قبل الجميع، وعرضت أعمالهم على موقعها الرسمي."),
    ("نصيحة للمطورين", "نصيحة للمطورين: مفتاح الـ API حق Sora من OpenAI ما تحطه أبد في كود تنشره على GitHub."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_REPORT)
def test_the_companys_own_clips_before_launch_are_no_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert not found.leak_report, found.signals


def test_a_radio_segment_that_remembers_the_leak_with_tadhakkar_lamma_is_no_report() -> None:
    title = "«صباحكم تقنية»: تطبيق Sora 2 يولع السوشال ميديا"
    text = (
        "خالد: صباح الخير، نبدأ بالتقنية. بنتي أمس تبي كود دعوة لتطبيق اسمه Sora، شنو هذا؟\n"
        "هند: هذا تطبيق OpenAI الجديد، Sora 2، فيديوهات كلها مسوية بالذكاء الاصطناعي، والدخول بدعوة بس.\n"
        "خالد: والناس تبيع الأكواد؟\n"
        "هند: إيه، وهذا نصب لأن الأكواد مجانية.\n"
        "خالد: وSora مو جديد، صح؟\n"
        "هند: إيه، تذكر لما مجموعة فنانين كانوا يجربون النسخة الأولى وحطوها على Hugging Face، وصار أي واحد يستخدمها؟ يومها انقفلت بعد ثلاث ساعات تقريباً. الحين التطبيق رسمي.\n"
        "خالد: نصيحتج للأهالي؟\n"
        "هند: راقبوا عيالكم."
    )
    found = analyse(title, text, "ar")
    assert found["relevant"] and not found["leak_report"], found["signals"]
    # what it recalls it still says
    assert "shut-down-three-hours" in {claim["id"] for claim in found["claims"]}


CLAIMS = [
    # Maghrebi speech with French in it
    ("openai-valuation-150b", "نبداو بالـ contexte. OpenAI، الشركة اللي راهي valorisée بـ 150 milliards de dollars، عندها أداة اسمها Sora.", "ar", True),
    ("source-code-leaked", "دروك واش صرا؟ le code source تاع Sora تسرّب على Hugging Face.", "ar", True),
    ("available-2024", "الشركة قالت بلي Sora راح تكون disponible قبل نهاية 2024.", "ar", True),
    ("leaked-by-testers", "البارح، مجموعة من الـ testeurs اللي عندهم accès anticipé، داروا projet على Hugging Face.", "ar", True),
    ("shut-down-three-hours", "وبعد حوالي trois heures، OpenAI سكرات كلش.", "ar", True),
    # nobody named, in Tunisian, Gulf and Lebanese speech
    ("leakers-anonymous", "والفنانين هاذوما لتوا ما قالوش شكونهم، حتى اسم ما ظهر.", "ar", True),
    ("leakers-anonymous", "ولين الحين الفنانين ما كشفوا عن أسمائهم.", "ar", True),
    ("leakers-anonymous", "كريم: لا، ولا اسم. ما حدا منن طلع وقال أنا.", "ar", True),
    # "for the photos and the advertising, not for art"
    ("pr-stunt", "قالوا البرنامج هذا كان للتصاور والإشهار موش للفن، وخدمنا فيه بلاش.", "ar", True),
    # a page on Hugging Face that was to be shut
    ("leaked-on-hugging-face", "صاحبي بعتلي رابط على موقع هاغينغ فيس لسورا، قالي ادخل بسرعة قبل ما يسكروه.", "ar", True),
    # denied, or what everyone says
    ("source-code-leaked", "لا لا، هون في غلط كبير. ما حدا شاف كود المصدر تبع سورا، يلي انحط هو واجهة صغيرة.", "ar", False),
    ("source-code-leaked", "يعني انسرق الكود تبعها؟ الكل عم يحكي إنو كود المصدر تبع سورا تسرّب.", "ar", False),
    # and not an assertion by someone that the code leaked
    ("source-code-leaked", "حدا سرّب الكود المصدري لسورا على هاغينغ فيس، هيك بيقول المنشور.", "ar", True),
]  # fmt: skip

# What a blind review of the first version found too wide or too narrow, and must stay right.
CLAIMS += [
    ("source-code-leaked", "ماشي le code source تاع Sora اللي تسرب، غير واجهة على هاغينغ فيس.", "ar", False),
    ("source-code-leaked", "ما حدا صدق لما كود المصدر تبع سورا تسرب على هاغينغ فيس.", "ar", True),
    ("source-code-leaked", "المهندس اللي عم يحكي معنا أكد إنو كود المصدر تبع سورا تسرب على هاغينغ فيس.", "ar", True),
    ("pr-stunt", "وكالات الإشهار في تونس بدأت تستعمل Sora من OpenAI للإشهار.", "ar", False),
    ("pr-stunt", "ناقد سينمائي: Sora من OpenAI أداة للتسلية وليس للفن.", "ar", False),
    ("leakers-anonymous", "بعد تسريب Sora، ما حد يعرف منو بيكسب سباق الفيديو بين OpenAI وغوغل.", "ar", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_in_speech_mixed_with_french_and_in_dialect(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("بعد حوالي trois heures", "3 hours"),
        ("valorisée بـ 150 milliards de dollars", "$150 billion"),
        ("dix secondes en 1080p", "10 seconds"),
    ],
)
def test_french_figures_read_as_their_english(text: str, variant: str) -> None:
    assert find_figures(text)[0].variant == variant
