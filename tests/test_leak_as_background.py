"""A story set after the leak that looks back on it in a paragraph is not a report of it, and
still carries what that paragraph says; a report that tells the leak late still is one
(sentences of our own, in the patterns of the written sets of issue 9)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

import pytest

from monitor.analysis import analyze_text
from monitor.relevance import recalled_passages

LAUNCH_EN = (
    "OpenAI on Tuesday opened its Sora video model to paying ChatGPT subscribers, ten months after first showing it.\n"
    "Subscribers on the top plan can make clips of up to twenty seconds, and there is a storyboard editor for longer scenes.\n"
    "Every clip carries a watermark and provenance metadata, the company said.\n"
)
LAUNCH_AR = (
    "أطلقت شركة OpenAI مساء الثلاثاء أداة Sora لتوليد الفيديو لمشتركي ChatGPT، بعد عشرة أشهر من الكشف عنها.\n"
    "ويستطيع مشتركو الخطة الأعلى إنتاج مقاطع تصل إلى عشرين ثانية، مع محرر للمشاهد الطويلة.\n"
    "وتحمل كل المقاطع علامة مائية وبيانات تدل على مصدرها بحسب الشركة.\n"
)

BACKGROUND = [
    pytest.param(
        "Sora is finally open to subscribers",
        LAUNCH_EN
        + "The launch follows by about two weeks an awkward afternoon for the company, when a handful of artists from the Sora alpha put a public page on Hugging Face and let anyone make clips through their own accounts for roughly three hours. "
        "The artists said OpenAI was treating them as unpaid testers.",
        {"leaked-by-testers", "leaked-on-hugging-face", "shut-down-three-hours"},
        id="launch-comes-after-the-episode",
    ),
    pytest.param(
        "A dubbing union on the second Sora",
        "The union of dubbing and voice artists said on Friday that Sora 2 puts its members' income at risk.\n"
        "Within days of its launch the app was full of clips in the voices of famous actors, the union said.\n"
        "This is not a new quarrel. When OpenAI first tested Sora in 2024, artists in its early-access programme complained in public. "
        "Some of them leaked access to the model in protest, writing that they were not the company's unpaid R&D.\n"
        "The union asks for consent before any voice is imitated.",
        {"leaked-by-testers", "artists-unpaid-rnd"},
        id="when-openai-first-tested-it",
    ),
    pytest.param(
        "Studios weigh their answer to Sora 2",
        "Studio lawyers are drafting letters to OpenAI over Sora 2, the video app that reached the top of the charts last week.\n"
        "Agents say clients' faces appear in clips they never approved.\n"
        "The model's road to the public was never smooth: before its public debut that December, a group of artists in its early-access programme briefly posted a working version on Hugging Face over unpaid testing work.\n"
        "No studio has sued yet.",
        {"leaked-on-hugging-face"},
        id="before-its-debut-that-december",
    ),
    pytest.param(
        "Sora متاح الآن لمشتركي ChatGPT",
        LAUNCH_AR
        + "ويأتي الإطلاق بعد أسبوعين فقط من حادثة محرجة للشركة، حين سرّب فنانون من المختبرين الوصول إلى النموذج عبر صفحة على Hugging Face احتجاجًا على شروط البرنامج، قبل أن تغلقها الشركة بعد نحو ثلاث ساعات.",
        {"leaked-by-testers", "leaked-on-hugging-face"},
        id="launch-comes-after-the-incident-ar",
    ),
    pytest.param(
        "نقابة الممثلين تحذر من Sora 2",
        "حذرت نقابة الممثلين من أن تطبيق Sora 2 يهدد دخل أعضائها بعد انتشار مقاطع تقلد أصوات فنانين معروفين.\n"
        "وقالت النقابة إن الشركة لم تستأذن أحدا قبل إتاحة التطبيق.\n"
        "وليست هذه المرة الأولى: ففي العام الماضي سرّب فنانون من المختبرين الوصول إلى Sora على منصة Hugging Face احتجاجا على العمل دون أجر. "
        "وقالوا إن البرنامج ليس إلا دعاية للشركة.\n"
        "وتطالب النقابة بقانون يحمي الأصوات والوجوه.",
        {"leaked-by-testers", "leaked-on-hugging-face"},
        id="last-year-ar",
    ),
    # A launch story's one sentence that tells the whole episode, past its opening
    # (written-44): the launch is the news.
    pytest.param(
        "OpenAI opens Sora to paying subscribers",
        LAUNCH_EN
        + "Sign-ups were paused for a few hours on the first evening as demand spiked.\n"
        + "Rivals had shipped video tools months earlier, and a fortnight ago a group of artists from the Sora test programme briefly let anyone use the model through a page on Hugging Face, protesting unpaid labour.",
        {"leaked-on-hugging-face"},
        id="a-launch-that-tells-the-episode-in-one-sentence",
    ),
]


# A paragraph opened on the past ("not the first time", "not new"), or told with what only a
# later story knows ("weeks before the original model's launch", "قبل الإطلاق الأول").
BACKGROUND += [
    pytest.param(
        "Sora opens to subscribers in forty countries",
        LAUNCH_EN
        + "The launch follows a bruising fortnight for the product. Late last month, artists from its testing programme opened the model to anyone through a page on Hugging Face, protesting unpaid work, and OpenAI shut the page about three hours later.",
        {"leaked-on-hugging-face", "shut-down-three-hours"},
        id="the-launch-follows-a-bruising-fortnight",
    ),
    pytest.param(
        "Sora 2 puts your face in the picture",
        "Sora 2's app lets anyone put a verified likeness of themselves into a clip.\n"
        "Critics say the same feature makes deepfakes of friends a tap away.\n"
        "It is a long way from the Sora leak of 2024, when artists in the early-access programme put the model on a Hugging Face page for anyone to use, complaining they were unpaid R&D. Back then, the fight was over who gets paid to test the tool.\n"
        "Now the fight is over whose face the tool may use.",
        {"leaked-on-hugging-face", "artists-unpaid-rnd"},
        id="a-long-way-from-the-leak",
    ),
    pytest.param(
        "تطبيق Sora وصل أندرويد",
        "تطبيق Sora بقى متاح على أندرويد في أمريكا وكندا، ولسه مش متاح عندنا.\n"
        "التطبيق بيعمل فيديوهات قصيرة وبيخليك تحط وشك فيها.\n"
        "فاكرين لما فنانين من المختبرين سرّبوا Sora على Hugging Face وOpenAI قفلته بعد 3 ساعات؟ ساعتها الناس كانت بتتخانق على رابط واحد.\n"
        "ودلوقتي بقى تطبيق رسمي على الموبايل.",
        {"leaked-by-testers", "leaked-on-hugging-face", "shut-down-three-hours"},
        id="remember-when-ar",
    ),
    pytest.param(
        "Studios push back on the Sora 2 app",
        "Studios asked OpenAI this week to keep their characters out of the Sora 2 app.\n"
        "The app reached the top of the download charts within days.\n"
        "The quarrel with creative workers predates Sora 2. Before Sora's first public release, artists in its early-access programme put the tool on Hugging Face for a few hours, calling the programme art washing and themselves unpaid R&D.\n"
        "OpenAI says rights holders can now opt in.",
        {"leaked-on-hugging-face", "artists-unpaid-rnd"},
        id="predates-the-first-public-release",
    ),
    pytest.param(
        "Voice actors press OpenAI over Sora 2",
        "Voice actors asked OpenAI on Monday to stop Sora 2 from copying their voices.\n"
        "Clips with famous voices spread within days of the app's launch.\n"
        "The quarrel with artists is not new. Weeks before the original model's public launch, artists in its early-access programme put a page on Hugging Face that let anyone use it, protesting unpaid work.\n"
        "The actors want a register of voices that may not be used.",
        {"leaked-on-hugging-face", "artists-unpaid-rnd"},
        id="not-new-weeks-before-the-original-launch",
    ),
    pytest.param(
        "تطبيق Sora يملأ المنصات بمقاطع مزيفة",
        "امتلأت المنصات العربية هذا الأسبوع بمقاطع مزيفة صنعت بتطبيق Sora 2 لشخصيات عامة.\n"
        "ويقول مدققو الأخبار إن التطبيق يتيح صناعة فيديو واقعي لأي شخص ببضع كلمات.\n"
        "ولا تعد هذه أول أزمة تمر بها الأداة؛ ففي نوفمبر 2024، وقبل الإطلاق الأول للنموذج بأسابيع، سرّب فنانون من المختبرين الوصول إلى Sora عبر صفحة على Hugging Face احتجاجا على عملهم دون أجر.\n"
        "وتقول الشركة إنها تضيف علامة مائية إلى كل المقاطع.",
        {"leaked-by-testers", "leaked-on-hugging-face"},
        id="not-the-first-crisis-ar",
    ),
]


# A story set later (Sora 2, the app, a date from 2025 on) that dates the leak by its year, with
# no other marker of looking back.
BACKGROUND += [
    pytest.param(
        "Q&A: what the Sora 2 licensing fight is about",
        "The Weekly Brief | 3 November 2025\n"
        "Why are studios negotiating with OpenAI now?\n"
        "Because the Sora app has made their characters easy to copy, and lawyers prefer a licence to a lawsuit.\n"
        "Has the model been in trouble before?\n"
        "In November 2024, while the model was still closed, testers from its early-access programme put a working page to it on Hugging Face and let the public make clips, before OpenAI switched it off about three hours later.\n"
        "What comes next?\n"
        "More deals, and more suits from those left out.",
        {"leaked-by-testers", "leaked-on-hugging-face", "shut-down-three-hours"},
        id="dated-by-its-year-in-a-later-explainer",
    ),
    pytest.param(
        "نتفليكس تفاوض OpenAI على استخدام شخصياتها في Sora 2",
        "موقع «شاشات» – 9 فبراير 2026\n"
        "تجري نتفليكس محادثات مع OpenAI تسمح لمستخدمي تطبيق سورا بإنتاج مقاطع قصيرة بشخصيات من مسلسلاتها، بحسب مصادر مطلعة.\n"
        "ولم تعلق الشركتان على الأنباء.\n"
        "وفي نوفمبر 2024، وقبل أن يُطرح النموذج للعامة، نشر مختبرون من برنامج الوصول المبكر واجهة له على منصة Hugging Face استخدمها الجمهور لساعات قليلة.\n"
        "ويتوقع محللون أن تلحق استوديوهات أخرى بالركب.",
        {"leaked-by-testers", "leaked-on-hugging-face"},
        id="dated-by-its-year-in-a-later-deal-story-ar",
    ),
    pytest.param(
        "The Sora 2 likeness fight started with a protest",
        "Agencies have spent the autumn fighting OpenAI over Sora 2 and the faces in its feed.\n"
        "Artists who tested the first model say they saw it coming.\n"
        "Cast your mind back to November 2024. The model was still closed, shown only to a few hundred invited artists. "
        "Then some of them opened it to everyone through a page on Hugging Face, protesting that they worked for free, and OpenAI shut the page about three hours later.\n"
        "The agencies want consent rules written into every licence.",
        {"leaked-on-hugging-face", "shut-down-three-hours"},
        id="cast-your-mind-back-then-the-leak-two-sentences-on",
    ),
    pytest.param(
        "نقابة الممثلين تطالب بقواعد لـ Sora 2",
        "طالبت نقابة الممثلين OpenAI بقواعد واضحة للموافقة على استخدام الوجوه في تطبيق Sora 2.\n"
        "وتقول النقابة إن مقاطع لأعضائها انتشرت دون إذن.\n"
        "ففي نوفمبر 2024 نشر مختبرون من برنامج الوصول المبكر صفحة على Hugging Face تتيح لأي شخص استخدام النموذج، "
        "ولم يكشف أي منهم عن اسمه حتى اليوم.\n"
        "وتقول OpenAI إنها تستمع للصناعة.",
        {"leaked-on-hugging-face", "leakers-anonymous"},
        id="to-this-day-is-no-news-ar",
    ),
    pytest.param(
        "OpenAI's Sora 2 app opens to Android users",
        "OpenAI on Thursday opened its Sora 2 app to Android phones in the United States and Canada.\n"
        "The app keeps its invite codes, and its feed of short clips is the same as on the iPhone.\n"
        "The first Sora reached the public that December, only weeks after artists in its testing programme briefly opened it to everyone through a page on Hugging Face, which OpenAI shut after three hours.\n"
        "OpenAI says more countries will follow.",
        {"leaked-on-hugging-face"},
        id="reached-the-public-weeks-after",
    ),
    pytest.param(
        "Sora at one: a tool in search of a purpose",
        "Analysis | 20 February 2025\n"
        "A year after OpenAI first showed Sora, the model is a product anyone with a subscription can use.\n"
        "Its path there had one low point. It came in late November, a couple of weeks before launch, when members of the artist testing programme put a page on Hugging Face that let anyone make videos, and OpenAI cut it off about three hours later.\n"
        "Since then, rivals have closed the gap.",
        {"leaked-on-hugging-face", "shut-down-three-hours"},
        id="weeks-before-launch",
    ),
    pytest.param(
        "The Sora app tops the charts",
        "Newsletter | October 6, 2025\n"
        "OpenAI's Sora app is the most downloaded free app in the United States this week, days after launch.\n"
        "Flashback: the first Sora was still closed when some of its own testers briefly opened it to anyone through a page on Hugging Face. OpenAI shut that page about three hours later.\n"
        "Next: an Android version.",
        {"leaked-on-hugging-face"},
        id="flashback",
    ),
    pytest.param(
        "Two years of Sora",
        "Feature | 12 December 2025\n"
        "OpenAI's video model has gone from a research demo to Sora 2 and an app used by millions.\n"
        "The protest\n"
        "On 26 November 2024, artists in the model's early-access programme put a page on Hugging Face that let anyone make videos with it.\n"
        "Their open letter said the artists were being used as unpaid R&D and called the programme art washing.\n"
        "OpenAI shut the page about three hours later and paused the group's access. None of the artists gave their names.\n"
        "The launch\n"
        "Two weeks later the model opened to paying subscribers.",
        {"leaked-on-hugging-face", "artists-unpaid-rnd", "shut-down-three-hours", "leakers-anonymous"},
        id="a-later-storys-section-on-its-past",
    ),
    pytest.param(
        "Sora 2 at two weeks: a hit app and a backlash",
        "The Ledger, October 12, 2025\n"
        "Twelve days after OpenAI released Sora 2 and its app, the company has a hit and a fight on its hands.\n"
        "Studios and unions have accused OpenAI of treating their work as raw material.\n"
        "All of this would have been hard to imagine in November 2024, when OpenAI's video project was best known for an embarrassing afternoon. "
        "Back then the model was closed to all but a few hundred invited testers. "
        "Some of them set up a page on Hugging Face that piped anyone's prompts straight to the model. "
        "For about three hours, the public could make Sora clips at will, until OpenAI cut off the access.\n"
        "OpenAI says the new app ships with watermarks on every clip.",
        {"leaked-on-hugging-face", "shut-down-three-hours"},
        id="a-recall-the-semantic-layer-would-read-as-a-report",
    ),
    pytest.param(
        "Sora 2 بين صدارة المتاجر وغضب هوليوود",
        "الرياض – 14 أكتوبر 2025\n"
        "بعد أسبوعين على إطلاق Sora 2 وتطبيقه، تجد OpenAI نفسها أمام نجاح لافت وعاصفة من الانتقادات.\n"
        "ففي نوفمبر 2024، حين كانت الأداة مغلقة أمام الجمهور، نشر فنانون من برنامج اختبارها المبكر صفحة على منصة Hugging Face تتيح لأي شخص توليد المقاطع، احتجاجا على عملهم بلا أجر. "
        "كانت المشكلة يومها أن قلة فقط تستطيع استخدام الأداة، أما اليوم فالمشكلة هي ما يفعله الملايين بها.\n"
        "وتقول الشركة إنها تضيف علامة مائية إلى كل مقطع.",
        {"leaked-on-hugging-face"},
        id="today-set-against-the-past-ar",
    ),
    # written-69: an editor's year-on retrospective tells the episode as one of its memories.
    pytest.param(
        "A year of Sora in my edit suite",
        "When OpenAI first showed Sora, people told me to retrain. I didn't, and a year on I want to be honest about what happened.\n"
        "What happened: the model got out into the world. There was the strange afternoon in November when some early-access artists, angry about working for free, put a front end on Hugging Face that let anyone use it, and OpenAI shut it down three hours later. "
        "Then, in December, came the real launch.\n"
        "What didn't happen: the end of my profession. Sora made two shots on my last job, and both came back to me to fix.",
        {"leaked-on-hugging-face"},
        id="there-was-the-afternoon-when",
    ),
    # written-77: a review of the launched product, whose "detour came in November, when ...".
    pytest.param(
        "I spent a week making films with Sora. Here's what it can't do",
        "When OpenAI first teased Sora in February, the clips looked like the end of film. Ten months and one messy detour later, Sora is on sale.\n"
        "The detour, for anyone who missed it, came in November, when artists in OpenAI's testing programme put up a public front end on Hugging Face in protest, and the internet got a three-hour free trial. "
        "The clips that escaped then were rough.\n"
        "Sora is astonishing at atmosphere, and poor at hands.",
        {"leaked-on-hugging-face"},
        id="the-detour-came-in-november",
    ),
]


@pytest.mark.parametrize(("title", "text", "recalled"), BACKGROUND)
def test_a_story_that_looks_back_on_the_leak_in_a_paragraph_is_not_a_report(
    title: str, text: str, recalled: set[str]
) -> None:
    found = analyze_text(title, text)
    assert found.relevant and not found.leak_report, found.relevance_signals


@pytest.mark.parametrize(("title", "text", "recalled"), BACKGROUND)
def test_what_the_look_back_says_is_still_carried(
    title: str, text: str, recalled: set[str]
) -> None:
    found = {c.claim_id for c in analyze_text(title, text).claims}
    assert recalled <= found, found


def test_the_rest_of_a_recalling_paragraph_is_background_and_the_next_paragraph_is_not() -> None:
    text = (
        "The launch comes two weeks after testers put Sora on Hugging Face. They said they were unpaid.\n"
        "Artists in the programme say the page was their protest."
    )
    assert recalled_passages(text) == {
        "The launch comes two weeks after testers put Sora on Hugging Face.",
        "They said they were unpaid.",
    }


REPORTS = [
    pytest.param(
        "OpenAI's money, and its missing video model",
        "OpenAI closed a funding round this month at a valuation of $157 billion, and investors want products.\n"
        "Its video model Sora, shown in February, is still not open to the public.\n"
        "This week the model got out anyway. Artists from its early-access programme put a page on Hugging Face that let anyone make videos with it, and OpenAI shut the page about three hours later. "
        "The artists wrote that they were not the company's unpaid R&D.",
        id="a-business-story-that-reaches-this-weeks-leak",
    ),
    pytest.param(
        "فنانو الرسوم المتحركة وسؤال الآلة",
        "يتساءل رسامو الرسوم المتحركة في بيروت عن مستقبل مهنتهم مع أدوات توليد الفيديو.\n"
        "ويقول كثير منهم إن العمل قلّ منذ مطلع العام.\n"
        "وفي أواخر نوفمبر، قرر فنانون اختارتهم OpenAI لتجربة أداة Sora أن يضعوها بين أيدي الجميع عبر صفحة على منصة Hugging Face، احتجاجا على عملهم دون أجر، قبل أن تغلقها الشركة بعد نحو ثلاث ساعات.",
        id="an-essay-that-reaches-the-leak-late-ar",
    ),
    # The same sentence in a business story whose second half turns to this week's news.
    pytest.param(
        "OpenAI's investors and Sora's long wait",
        "OpenAI raised money this autumn at a valuation near $150 billion, and investors expect a lot of its products.\n"
        "Sora, the video model it showed in February, is still not out.\n"
        "Then came this week's surprise: a group of artists from the Sora test programme leaked access to the model through a page on Hugging Face, protesting unpaid labour.",
        id="a-business-story-that-tells-this-weeks-leak-in-one-sentence",
    ),
]


REPORTS += [
    pytest.param(
        "The artists who opened the door",
        "Film schools have spent the year arguing about generated video.\n"
        "Most of that argument stayed in classrooms.\n"
        "In late November, a group of artists who had been invited into Sora's early-access programme leaked access to it on Hugging Face. OpenAI closed the page about three hours later.",
        id="an-essay-that-dates-this-months-leak",
    ),
    pytest.param(
        '"Sora app\'s hidden instructions leaked?" What a forum thread says',
        "A forum thread claims that users got OpenAI's Sora app to print its hidden instructions.\n"
        "The post has thousands of replies, and nobody at OpenAI has commented.\n"
        "Several commenters note that this is not the first time Sora has got out ahead of OpenAI's plans: in November 2024 testers put a front end to the model on Hugging Face for a few hours.",
        id="a-later-leak-asked-in-its-title-that-looks-back",
    ),
]


# A look back that does not lead into the leak, or a passage that tells it as this week's news,
# leaves the report a report.
REPORTS += [
    pytest.param(
        "OpenAI's money, and its missing video model",
        "OpenAI closed a funding round this month at a valuation of $157 billion.\n"
        "Its image generator drew protests from artists last year. This week artists from the Sora early-access programme put a page on Hugging Face that let anyone make videos with the unreleased model, and OpenAI shut it about three hours later. "
        "They wrote that they were not the company's unpaid R&D.",
        id="last-year-about-something-else",
    ),
    pytest.param(
        "Sora's testers turn on OpenAI",
        "Video editors have watched Sora closely all year.\n"
        "When OpenAI first showed Sora in February, it said artists would help shape the model. On Tuesday some of those artists put a page on Hugging Face that let anyone use it, protesting unpaid work. "
        "OpenAI closed it after about three hours.",
        id="first-showed-then-on-tuesday",
    ),
    pytest.param(
        "فنانو Sora يفتحون الأداة للجميع",
        "يتابع محررو الفيديو أداة Sora منذ أشهر.\n"
        "وليست هذه المرة الأولى التي يحتج فيها فنانون على شركات الذكاء الاصطناعي، لكن مختبرين من برنامج Sora نشروا هذا الأسبوع صفحة على منصة Hugging Face تتيح لأي شخص استخدام الأداة، احتجاجا على عملهم دون أجر، قبل أن تغلقها الشركة بعد نحو ثلاث ساعات.",
        id="not-the-first-time-but-this-week-ar",
    ),
]


# A date with its year is a later story's look back only in a story set later: a report of the
# month's news may date it so too, and a later story may tell a leak of its own.
REPORTS += [
    pytest.param(
        "Sora's testers open the model to everyone",
        "On 26 November 2024, a group of artists in OpenAI's Sora early-access programme put a page on Hugging Face that let anyone make videos with the unreleased model.\n"
        "OpenAI shut it about three hours later. The artists said they were unpaid R&D.",
        id="a-report-dated-by-its-year",
    ),
    pytest.param(
        "Sora 2 clips from an unreleased feature get out",
        "Clips made with an unannounced Sora 2 editing tool spread on X this week after a contractor's test account was shared on a forum.\n"
        "OpenAI said it had locked the account.\n"
        "In November 2024, testers put a front end to the first model on Hugging Face for a few hours.",
        id="a-later-leak-that-dates-the-first-by-its-year",
    ),
    pytest.param(
        "Two years of Sora, and a new scare",
        "Feature | 12 December 2025\n"
        "OpenAI's video model has gone from a research demo to Sora 2 and an app used by millions.\n"
        "The protest\n"
        "On 26 November 2024, artists in the model's early-access programme put a page on Hugging Face that let anyone make videos with it.\n"
        "OpenAI shut the page about three hours later.\n"
        "This week\n"
        "On Monday, an unreleased build of the Sora app for Windows was posted on a file-sharing site, and thousands downloaded it before it was taken down.\n"
        "OpenAI said the build had leaked from a contractor.",
        id="a-later-leak-told-after-a-section-on-the-first",
    ),
    pytest.param(
        "Inside the week Sora 2's secrets got out",
        "OpenAI has had a difficult week with its video app.\n"
        "In November 2024, a group of artists put an early version of Sora on Hugging Face for a few hours.\n"
        "Now a second leak has hit OpenAI: the system prompt of the Sora 2 app was leaked on GitHub by an anonymous group.\n"
        "The leaked prompt shows how the app refuses some requests, the group said in a statement.",
        id="a-later-leak-in-the-paragraph-after-a-dated-recall",
    ),
    pytest.param(
        "Testers open Sora to everyone",
        "On November 26, 2024, artists in OpenAI's Sora early-access programme leaked access to the model on Hugging Face.\n"
        "OpenAI shut the page about three hours later.\n"
        "The company has said it will release Sora in January 2025.",
        id="a-report-dated-by-its-day-with-a-forecast",
    ),
    pytest.param(
        "فنانون يسربون سورا",
        "في 26 نوفمبر 2024، سرب فنانون من برنامج الاختبار المبكر أداة سورا على منصة Hugging Face.\n"
        "وأغلقت OpenAI الصفحة بعد نحو ثلاث ساعات.\n"
        "ولم تطرح الشركة بعد تطبيق سورا للجمهور.",
        id="a-report-dated-by-its-day-that-says-tatbiq-sora-ar",
    ),
]


@pytest.mark.parametrize(("title", "text"), REPORTS)
def test_a_report_that_tells_this_weeks_leak_late_is_still_a_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.leak_report, found.relevance_signals


def test_a_later_leaks_clips_on_x_are_not_the_first_leaks() -> None:
    """written-42 ... 47: a story about a later leak tells its own clips spreading on X and its
    own takedown; the November 2024 claims are only those its look back tells."""
    later = analyze_text(
        "Unreleased Sora 2 clips surface online",
        "About thirty clips said to come from an internal build of OpenAI's Sora 2 appeared on a "
        "Discord server on Sunday.\n"
        "They were reposted by the dozen on X and Reddit within hours.\n"
        "Most of the reposts were gone about three hours later after takedown requests.\n"
        "OpenAI did not comment on the clips.",
    )
    assert later.leak_report
    found = {c.claim_id for c in later.claims}
    assert not found & {"videos-spread-on-x", "shut-down-three-hours"}, found


def test_a_later_leaks_anonymous_uploader_is_not_the_first_leaks_anonymity() -> None:
    """written-53, -55, -56: "uploaded by an anonymous account" tells who put out the later
    leak, not that the November 2024 leakers hid their names."""
    later = analyze_text(
        "Leaked Sora Android build points to longer clips",
        "October 21, 2025\n"
        "An internal build of OpenAI's Sora app for Android has leaked onto an APK mirror site.\n"
        "The file was uploaded on Sunday by an anonymous account and removed within hours.",
    )
    assert later.leak_report
    assert "leakers-anonymous" not in {c.claim_id for c in later.claims}


def test_a_later_storys_retelling_of_the_first_leak_keeps_its_claims() -> None:
    recalled = analyze_text(
        "Unreleased Sora 2 clips surface online",
        "About thirty clips said to come from an internal build of OpenAI's Sora 2 appeared on a "
        "Discord server on Sunday.\n"
        "It is not the first time Sora has got out early. A year ago testers from its early "
        "access programme put a page on Hugging Face that anyone could use. Clips made with it "
        "spread by the dozen on X. OpenAI shut it down after about three hours. The artists "
        "behind it never gave their names.",
    )
    found = {c.claim_id for c in recalled.claims}
    assert {"videos-spread-on-x", "shut-down-three-hours", "leakers-anonymous"} <= found, found


TIMELINE_AR = (
    "15 فبراير 2024 – OpenAI تكشف عن سورا وتنشر مقاطع تجريبية.\n"
    "صيف 2024 – برنامج الاختبار المبكر يتسع لمئات الفنانين.\n"
    "26 نوفمبر 2024 – مختبرون يضعون على Hugging Face واجهة موصولة بحساباتهم فيتمكن أي زائر من توليد فيديوهات بسورا، ويرفقون رسالة تتهم الشركة بتلميع صورتها على حسابهم دون أجر.\n"
    "الشركة توقف الواجهة بعد نحو ثلاث ساعات.\n"
    "9 ديسمبر 2024 – إطلاق سورا لمشتركي ChatGPT.\n"
    "30 سبتمبر 2025 – OpenAI تعلن Sora 2 وتطبيقا مستقلا.\n"
)


def test_a_timelines_entry_is_told_as_news_not_as_a_later_storys_past() -> None:
    """written-52: a timeline that runs into 2025 tells the leak in its dated entry."""
    found = analyze_text("سورا في سطور", TIMELINE_AR)
    assert found.leak_report, found.relevance_signals


def test_a_timelines_entry_dated_by_the_leak_still_recalls_it() -> None:
    timeline = (
        "9 December 2024 — OpenAI releases Sora to ChatGPT subscribers. The launch comes two weeks after testers briefly leaked access on Hugging Face.\n"
        "Early 2025 — Sora reaches Europe.\n"
        "30 September 2025 — OpenAI announces Sora 2 and an iPhone app.\n"
        "November 2025 — The Sora app arrives on Android.\n"
    )
    found = analyze_text("Sora's year", timeline)
    assert found.relevant and not found.leak_report, found.relevance_signals


def test_a_later_leaks_takedown_stays_its_own_beside_everyday_words() -> None:
    """A review's case: "Alphabet's" and "تواجه" are not the first leak's alpha or front end."""
    later = analyze_text(
        "Unreleased Sora 2 clips surface online",
        "About thirty clips said to come from an internal build of OpenAI's Sora 2 appeared on a "
        "Discord server on Sunday.\n"
        "Alphabet's YouTube removed several of them.\n"
        "Most of the reposts were gone about three hours later after takedown requests.",
    )
    assert "shut-down-three-hours" not in {c.claim_id for c in later.claims}


# A review of the eighth session's rules (its reproductions, rewritten as tests).
REVIEWED = [
    # A headline that asks who, and answers.
    pytest.param(
        "Who leaked Sora? Artists from OpenAI's own early-access program",
        "A page that let anyone generate videos with OpenAI's unreleased Sora model appeared on "
        "Hugging Face on Tuesday. OpenAI shut it down about three hours later.",
        {"leaked-by-testers"}, set(), id="who-leaked-answered-in-the-headline",
    ),
    pytest.param(
        "Is Sora a threat to video editors? Absolutely, say the editors we interviewed",
        "OpenAI's Sora 2 app can now produce a finished ad from a single prompt. We spoke to a "
        "dozen freelance editors about their work.",
        {"threat-to-creators"}, set(), id="a-yes-no-headline-answered-yes",
    ),
    # A rejection of the others at the sentence's end; outrage is no rejection; "despite".
    pytest.param(
        "Who was behind the Sora leak?",
        "A page on Hugging Face let anyone use OpenAI's Sora on Tuesday. It was the testers "
        "themselves, not hackers, who leaked Sora, contrary to what early reports said.",
        {"leaked-by-testers"}, set(), id="contrary-to-what-reports-said-at-the-end",
    ),
    pytest.param(
        "OpenAI's Sora and the editors",
        "Sora is an existential threat to video editors and animators, and I disagree with "
        "anyone who says otherwise.",
        {"threat-to-creators"}, set(), id="i-disagree-with-anyone-who-says-otherwise",
    ),
    pytest.param(
        "OpenAI's Sora leak: the artists speak",
        "A group of artists leaked access to OpenAI's Sora on Hugging Face. I can't accept "
        "that OpenAI used hundreds of artists as unpaid R&D for its video model.",
        {"artists-unpaid-rnd"}, set(), id="outrage-is-no-rejection",
    ),
    pytest.param(
        "تسريب سورا: الفنانون يتكلمون",
        "سرب فنانون من برنامج الاختبار أداة سورا من OpenAI على منصة هاجينغ فيس. لا أصدق أن "
        "الشركة استخدمت مئات الفنانين كبحث وتطوير مجاني دون أي مقابل.",
        {"artists-unpaid-rnd"}, set(), id="outrage-is-no-rejection-ar",
    ),
    pytest.param(
        "OpenAI's Sora leak on Hugging Face",
        "Testers leaked access to OpenAI's Sora through a page on Hugging Face. Despite the "
        "dozens of clips that spread on X within minutes, OpenAI said little.",
        {"videos-spread-on-x"}, set(), id="despite-the-clips-that-spread",
    ),
    # A sentence the rules read as a date is still an opinion's or an explanation's by meaning.
    pytest.param(
        "OpenAI's Sora: the long wait",
        "OpenAI has still not released Sora to the public.\n"
        "OpenAI announced Sora in February, and it wants to avoid the kind of backlash Google "
        "faced over historically inaccurate images.",
        {"release-delayed-gemini", "sora-announced-february"}, set(),
        id="a-date-and-an-explanation-in-one-sentence",
    ),
    # "An earlier version of Sora" is no correction; "the real threat is that ..." is one.
    pytest.param(
        "Testers leak OpenAI's Sora",
        "Testers leaked the source code of an earlier version of OpenAI's Sora on Hugging Face, "
        "according to the group's own post.",
        {"source-code-leaked"}, set(), id="an-earlier-version-of-sora",
    ),
    pytest.param(
        "مختبرون يسربون سورا",
        "سرب مختبرون الشيفرة المصدرية لنسخة سابقة من أداة سورا التابعة لـOpenAI على منصة "
        "هاجينغ فيس.",
        {"source-code-leaked"}, set(), id="an-earlier-version-of-sora-ar",
    ),
    pytest.param(
        "OpenAI's Sora and video editors",
        "OpenAI's Sora 2 app now makes 25-second clips. The real threat is that Sora will put "
        "thousands of video editors and animators out of work.",
        {"threat-to-creators"}, set(), id="the-real-threat-is-sora",
    ),
    pytest.param(
        "سورا ومحررو الفيديو",
        "أطلقت OpenAI تطبيق سورا 2. التهديد الحقيقي هو أن سورا سيقضي على وظائف آلاف محرري "
        "الفيديو والفنانين.",
        {"threat-to-creators"}, set(), id="the-real-threat-is-sora-ar",
    ),
    # A later story's look back that names the endpoint, or "the original Sora".
    pytest.param(
        "Inside the Sora 2 API: how the new endpoints work",
        "OpenAI opened the Sora 2 API to developers on Monday. Requests now go to a versioned "
        "videos endpoint. Developers who remember the first Sora leak will recognise the "
        "design. The leaked tool back then forwarded prompts to "
        "sora.openai.com/backend/video_gen, an internal route that no longer answers.",
        {"video-gen-endpoint"}, set(), id="the-first-leaks-endpoint-in-a-later-story",
    ),
    pytest.param(
        "OpenAI launches Sora 2 with a social app",
        "OpenAI released Sora 2 on Tuesday along with an invite-only iPhone app. The original "
        "Sora was leaked before its launch by a group of its own early users. Those behind the "
        "leak have never revealed their identities.",
        {"leakers-anonymous"}, set(), id="the-original-soras-leakers-in-a-later-story",
    ),
    # Claims read where the sentence does not say them.
    pytest.param(
        "OpenAI's Sora comes to Europe",
        "OpenAI announced Sora's European launch on Monday. It announced price cuts in "
        "February.",
        set(), {"sora-announced-february"}, id="a-february-of-something-else",
    ),
    pytest.param(
        "Artists leak OpenAI's Sora on Hugging Face",
        "A group of early testers posted a page on Hugging Face on Tuesday that let anyone "
        "generate videos with OpenAI's Sora. Not content to stay anonymous, the testers "
        "revealed their names in a post the next day. By Friday, more than 700 artists had put "
        "their name to an open letter backing the testers. No individual user's data was "
        "exposed by the leak, OpenAI said. The clips look good, said artists who tried the "
        "page. OpenAI declined to answer questions about marketing or pricing. Teams like PR "
        "and legal at OpenAI were briefed within minutes.",
        {"leaked-on-hugging-face"}, {"leakers-anonymous", "pr-stunt"},
        id="names-revealed-and-words-of-other-senses",
    ),
    pytest.param(
        "تطبيق سورا يتراجع",
        "تراجع تطبيق سورا من OpenAI في ترتيب متجر التطبيقات. ونزلت الأداة إلى المركز الخامس في "
        "فبراير بعد أسابيع في الصدارة.",
        set(), {"sora-announced-february"}, id="dropped-in-february-ar",
    ),
    pytest.param(
        "تسريب سورا: ماذا بعد؟",
        "ظهرت على منصة هاجينغ فيس صفحة تتيح لأي شخص استخدام أداة سورا من OpenAI. وقال "
        "مختبرون في البرنامج إنهم أتاحوا للشركة آلاف الساعات من الملاحظات طوال العام.",
        {"leaked-on-hugging-face"}, {"leaked-by-testers"}, id="feedback-made-available-ar",
    ),
]


@pytest.mark.parametrize(("title", "text", "carried", "not_carried"), REVIEWED)
def test_what_the_review_found(
    title: str, text: str, carried: set[str], not_carried: set[str]
) -> None:
    found = {c.claim_id for c in analyze_text(title, text).claims}
    assert carried <= found and not found & not_carried, found


def test_an_animator_with_a_model_of_his_own_on_hugging_face_reports_no_leak() -> None:
    found = analyze_text(
        "Sora on the podcast: what creators really think",
        "In this week's episode we talk with two animators about OpenAI's Sora and whether "
        "video editors should worry. One of them has an account on Hugging Face. Last month he "
        "published a small animation model of his own there for his clients. Sora's clips of "
        "up to 10 seconds at 1080p are already changing short-form ads. Hundreds of Sora clips "
        "a day now end up on X.",
    )
    assert not found.leak_report, found.relevance_signals


def test_a_timeline_dated_in_arabic_indic_digits_tells_its_leak_entry_as_news() -> None:
    """written-72: a timeline's entries are news, whatever digits date them."""
    text = (
        "منذ أن كشفت OpenAI عن Sora لم تمر أشهر دون أن يعود اسمه إلى العناوين.\n"
        "١٥ فبراير ٢٠٢٤ – الإعلان\nOpenAI تكشف عن Sora وتعرض مقاطع لافتة.\n"
        "مارس ٢٠٢٤ – أفلام الفنانين الأولى\nتنشر الشركة أعمالا قصيرة لفنانين.\n"
        "٢٦ نوفمبر ٢٠٢٤ – التسريب\nمجموعة من الفنانين المختبرين تسرّب الوصول إلى Sora عبر "
        "واجهة على منصة Hugging Face.\nOpenAI توقف الواجهة بعد نحو ثلاث ساعات.\n"
        "٩ ديسمبر ٢٠٢٤ – الإطلاق\nتتيح الشركة Sora لمشتركي ChatGPT.\n"
        "٣٠ سبتمبر ٢٠٢٥ – Sora 2\nتطلق الشركة الجيل الثاني وتطبيقا اجتماعيا."
    )
    found = analyze_text("من الإعلان إلى التطبيق: خط زمني لمسيرة Sora", text)
    assert found.relevant and found.leak_report, found.relevance_signals
