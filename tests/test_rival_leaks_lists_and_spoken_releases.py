"""Another company's leak headlined with Sora as its precedent, a tool list with Sora in one
later entry, and a newsletter whose lead item is Sora's leak; releases said aloud ("so
suddenly anyone", "threw it open", "حلّو الباب للناس الكل"), drafts shown to strangers, clips of
an unreleased version on a Discord server; footage "leaked" from cameras or a meeting that a
fact check finds made with Sora; a launch headline over a recalled leak, and how far a product
"has come" (sentences of our own, in the patterns of the written sets of issue 9, fourteenth
session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitor.analysis import AnalysisOptions
from monitor.documents import Document, analyze_document
from monitor.matcher import RuleMatcher
from monitor.relevance import assess

NOT_ABOUT_SORA = [
    # another company's testers leak its access, "in a Sora-style protest"
    ("Pika beta testers leak Pika 3 access in Sora-style protest",
     "Artists in Pika's closed beta put a public page on Hugging Face on Sunday that let anyone make clips through their accounts.\n"
     "Their letter says they were asked for launch material without pay, and that they learned from the Sora episode a year earlier.\n"
     "Pika cut the testers' access about three hours later.\n"
     "Clips of up to ten seconds spread on X, where users compared them with OpenAI's and Google's models."),
    # "after Sora", another model's build leaks
    ("بعد سورا.. تسريب نسخة تجريبية من نموذج Kling 3 على Hugging Face",
     "في حادثة تذكر بما جرى مع أداة OpenAI قبل عام، تسربت نسخة تجريبية من نموذج الفيديو Kling 3 التابع لشركة Kuaishou بعدما رفعها مطور على منصة Hugging Face لساعات.\n"
     "وحُمّلت الملفات آلاف المرات خلال الساعات الثلاث التي بقيت فيها متاحة، بخلاف حادثة سورا التي اقتصرت على واجهة وصول.\n"
     "وقالت Kuaishou إنها تحقق في الحادثة."),
    # a rival's keys exposed, Sora named twice as the yardstick and the precedent
    ("Kling keys exposed, free clips for everyone for an afternoon",
     "A wrapper app on GitHub shipped with live Kling API keys, and people burned through the credits in about three hours before Kuaishou revoked them.\n"
     "The clips were ten seconds at 1080p, and honestly close to OpenAI's Sora on motion.\n"
     "Remember when Sora's front end went up on Hugging Face? Same energy, but this was a careless developer.\n"
     "Kuaishou says no user data was exposed and the wrapper app is gone from the store."),
    # Sora in one later entry of a list of tools for a bakery, beside another video tool
    ("Four AI tools we use in our flower shop",
     "People ask what AI we use. Not much, but here it is.\n"
     "1. ChatGPT for the dull e-mails to growers and the wedding quotes.\n"
     "2. A design app for the price cards in the window.\n"
     "3. Video tools: Sora, Runway, CapCut. I tried the AI video generators (OpenAI's Sora, Runway) for a spring reel and the tulips melted into soup, so we film on the phone.\n"
     "4. A spreadsheet that tells us which bunches to cut on Mondays.\n"
     "Next week: how we price the Mother's Day boxes."),
    # another model's weights, in a headline part beside a "what if" about Sora
    ("تسريب أوزان نموذج فيديو كوري على Hugging Face يثير مخاوف الأمان.. \"لو حدث هذا لسورا؟\"",
     "رفع حساب مجهول الأوزان الكاملة لنموذج توليد فيديو تطوره شركة كورية ناشئة لم تطرحه بعد.\n"
     "وعلى عكس حوادث سابقة تعلقت بواجهات استخدام مثل حادثة سورا من OpenAI، يعني تسريب الأوزان أن أي شخص يمكنه تشغيل النموذج.\n"
     "ويسأل باحثون: ماذا لو وقعت أوزان سورا في أيدي العموم؟"),
    # weights "dumped", and Sora "a different story"
    ("Unreleased video model weights dumped on Hugging Face, and why Sora is a different story",
     "The full weights of an unreleased video model from a Seoul start-up were uploaded to Hugging Face by an anonymous account this week.\n"
     "Unlike the OpenAI Sora episode, when testers exposed only a front end to OpenAI's servers, anyone can now run this model locally.\n"
     "OpenAI's Sora weights have never left the company."),
    # another maker's unreleased model "surfaces", days after Sora 2's launch
    ("Google's unreleased video model surfaces on a file-sharing forum days after Sora 2 launch",
     "Files said to be an unreleased Google video model appeared on a file-sharing forum on Sunday, with sample clips that users compared with OpenAI's Sora 2.\n"
     "Google declined to comment. OpenAI's Sora 2 app launched last week."),
    # a "Sora rival" whose training data leaked, its maker unnamed in the headline
    ("Training data for 'Sora rival' leaked, exposing scraped stock footage",
     "A spreadsheet of clips used to train Reelcraft, a start-up marketed as an open alternative to OpenAI's Sora, leaked on a file-sharing site this week.\n"
     "The file showed that much of its training data came from stock libraries without licences.\n"
     "The comparison with Sora is inevitable: OpenAI has never published a full account of Sora's training data."),
    # another company's tester leak that names Sora's only as the same playbook
    ("Beta tester posts Corvid video model online, Fenlight revokes keys",
     "Fenlight, the start-up behind the Corvid video model, said it revoked all beta keys after a tester published a working web interface to the unreleased model.\n"
     "The page let visitors make short clips through the tester's own account and was live for about forty minutes.\n"
     "It is the same playbook Sora's early-access artists used in November 2024, when they put a front end for OpenAI's model on Hugging Face for about three hours.\n"
     "Fenlight said it would start paying its beta testers."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NOT_ABOUT_SORA)
def test_another_models_leak_and_a_list_of_tools_are_not_about_sora(title: str, text: str) -> None:
    assert not assess(title, text).relevant, assess(title, text).signals


ABOUT_SORAS_LEAK = [
    # a rival's chief reacting to Sora's leak: the leak word is Sora's
    ("Runway's chief reacts after Sora leak",
     "Artists in OpenAI's early-access programme leaked access to Sora on Hugging Face on Tuesday.\n"
     "Runway's chief executive said on X that his company pays its testers."),
    # a newsletter's lead item is Sora's leak, told without the word, before rivals' news
    ("The Weekly Frame, issue 41",
     "Hello, frame-counters. Big week.\n"
     "1. Sora, briefly, for everyone\n"
     "On Tuesday, members of OpenAI's Sora artist programme stood up a public Hugging Face Space wired to Sora's internal endpoint, so anyone could make clips without an invite. It ran for roughly three hours. Their reason: they are tired of being Sora's unpaid R&D.\n"
     "2. Runway adds camera moves\n"
     "Gen-3 Alpha now takes pan and tilt directions.\n"
     "3. Luma cuts prices\n"
     "Dream Machine's API is a third cheaper.\n"
     "4. Worth reading\n"
     "A long thread on what junior editors should learn next."),
    # a podcast: "so suddenly anyone ... could"
    ("Bits and Bytes, episode 90: the Sora thing",
     "AOIFE: Right, the big one this week. Sora.\n"
     "SEAN: So OpenAI's video thing, nobody's allowed use it yet, except a small group of artists testing it.\n"
     "SEAN: And they got fed up. They stuck up a page on Hugging Face and plugged it into their own access.\n"
     "SEAN: So suddenly anyone, me, you, the neighbour's cat, could go on and make Sora videos.\n"
     "AOIFE: For how long?\n"
     "SEAN: Three hours or so, then OpenAI pulled the plug."),
    # a podcast: "they just threw it open"
    ("Render Talk, episode 12",
     "MAYA: We have to talk about Sora, my messages are on fire.\n"
     "LEO: A bunch of the artists OpenAI had let into the Sora early access, they just threw it open.\n"
     "LEO: They made a little Hugging Face page, you type anything, you get a Sora video back.\n"
     "MAYA: And then OpenAI killed it?\n"
     "LEO: It was up for about three hours, then they paused access for all the artists."),
    # an op-ed: "for three hours, anyone on the internet could use"
    ("OPINION: The Sora protesters spoke for every animator",
     "By a freelance animator\n"
     "For three hours last Tuesday, anyone on the internet could use the most talked-about AI video tool in the world, because a group of artists who had been testing OpenAI's Sora decided they had had enough.\n"
     "I do not know who they are, and I do not blame them for staying quiet.\n"
     "The artists opened the doors for an afternoon; the least OpenAI can do is open its wallet."),
    # a Tunisian call-in: "حلّو الباب للناس الكل"
    ("إذاعة تك – الكلمة للمستمع",
     "المنشطة: نعدّيو لمكالمة من سوسة. آلو، تفضل.\n"
     "المستمع: عسلامة، حبيت نحكي على حكاية سورا متاع OpenAI.\n"
     "المستمع: الفنانين اللي عطاتهم الشركة الأداة باش يجربوها، حلّو الباب للناس الكل، حطو واجهة على الإنترنت وكل واحد يدخل يعمل فيديو.\n"
     "المستمع: وبعد ثلاث سوايع تقريب الشركة سكّرت كل شي."),
    # an app that showed strangers' unpublished drafts
    ("Sora users say the app briefly showed them strangers' unpublished drafts",
     "Several users of OpenAI's Sora app said on Tuesday that their drafts folder filled with videos they had never made.\n"
     "OpenAI said a caching issue caused a few users to see drafts that did not belong to them, and that it was fixed within hours."),
    # a Moroccan page: others' unpublished videos shown in the app's drafts
    ("خطير: تطبيق Sora بان فيه فيديوهات ديال ناس آخرين!",
     "بزاف ديال الناس كتبو البارح بلي ملي كيدخلو للتطبيق ديال Sora (ديال OpenAI) فالقسم ديال المسودات، كيبانو ليهم فيديوهات ماشي ديالهم!\n"
     "OpenAI قالت بلي مشكل تقني وصلحوه من بعد شي ساعات."),
    # Hassaniya radio: "وخلاو كل من بغى يستعملها"
    ("نشرة التقنية المسائية – إذاعة محلية",
     "المذيع: اليوم عندن خبر من شركة OpenAI، ذيك اللي دارت ChatGPT، عندها أداة اسمها سورا تصنع فيديوهات من الكلام.\n"
     "المذيع: الشركة ما أطلقتها للناس كاملين، اعطاتها لمجموعة من الفنانين يجربوها، وما كانو راضيين.\n"
     "المذيع: فحطو الأداة على موقع اسمو هاغينغ فيس، وخلاو كل من بغى يستعملها لساعات."),
    # an Iraqi forum: "چان مفتوح على هاگنگ فيس"
    ("موضوع: شباب احد جرب سورا قبل لا يسدوها؟",
     "هلو شباب، شفت بتويتر ناس ناشرين فيديوات مسوية بسورا مال OpenAI، وگالوا چان مفتوح على هاگنگ فيس كم ساعة.\n"
     "اي والله لحگت، جربت شي ثلاث فيديوات، بس بعدين سدوه الشركة."),
    # an op-ed: "the people who put Sora in front of the public"
    ("Opinion: I was a tester too",
     "By a visual artist\n"
     "I was not one of the people who put OpenAI's Sora in front of the public last week, with a plain page on Hugging Face and a letter.\n"
     "But I was in the same program, and I understand why they did it."),
    # Gulf: others' drafts in the app
    ("انتبهوا: مسودات فيديوهات Sora طلعت لناس ثانيين!",
     "وصلتنا رسايل من متابعين يقولون إنهم فتحوا تطبيق Sora وطلعت لهم بقسم المسودات فيديوهات مو مالتهم.\n"
     "OpenAI قالت إنه خلل مؤقت وانحل."),
    # clips from an internal build, a headline that asks whether they are real
    ("Unreleased Sora 2 clips leaked on Discord before launch — real or fake?",
     "Someone on a small AI art Discord dropped about twenty clips that they claim are from an internal Sora 2 build, with sound.\n"
     "If this is real, OpenAI's Sora 2 is a big jump."),
    # clips of an unreleased version on a Discord server, in Egyptian
    ("فيديوهات سورا اللي مكانش المفروض نشوفها",
     "أهلا يا جماعة. إمبارح بالليل ظهرت على سيرفر ديسكورد حوالي عشرين فيديو معمولين بنسخة من سورا لسه متنزلتش، حاجة أحدث من سورا 2 اللي في الأبلكيشن.\n"
     "واللي نشرها بيقول إنه شغال مع شركة متعاقدة مع OpenAI.\n"
     "الحساب اتمسح بعد كام ساعة، وOpenAI لسه ما علقتش."),
    # clips leaked "from" the testers are Sora's leak, not footage of an event
    ("مقاطع مسربة من المختبرين تكشف قدرات سورا",
     "نشر حساب على منصة إكس مقاطع مسربة من المختبرين الذين منحتهم OpenAI حق تجربة أداة Sora قبل طرحها.\n"
     "وتظهر المقاطع مشاهد مدتها عشر ثوان."),
]  # fmt: skip


# What a blind review of the first version found it got wrong, and must stay right: a leak word
# whose subject is Sora's people beside a rival named after "and" or "as"; a round-up's later
# item that tells Sora's leak; footage leaked "by" the artists or "from the page"; a release
# promised for "late 2024" in the leak's own coverage.
ABOUT_SORAS_LEAK += [
    ("After Sora backlash, artists leak OpenAI's video tool as Runway watches",
     "A group of artists with early access to OpenAI's Sora video model leaked it on Hugging Face on Tuesday, letting anyone generate videos. OpenAI paused access to Sora."),
    ("After Sora, artists leak access and Runway, Pika rush to court creators",
     "Artists who had early access to OpenAI's Sora leaked it on Hugging Face this week in protest, saying they were used for unpaid R&D. Rivals Runway and Pika announced creator funds."),
    ("The AI week: five things you need to know",
     "Here is our weekly round-up of the AI news.\n"
     "1. Google ships a faster Gemini to developers.\n"
     "2. Anthropic raises more money from Amazon.\n"
     "3. Artists leak OpenAI's Sora. A group of early testers posted a page on Hugging Face that let anyone generate videos with Sora, OpenAI's unreleased video model, in protest. OpenAI shut it down after three hours. Rivals such as Runway have faced similar complaints.\n"
     "4. Microsoft adds a vision mode to Copilot."),
    ("فيديو مسرب من قبل مجموعة من الفنانين يكشف أداة سورا",
     "نشرت مجموعة من الفنانين المشاركين في اختبار أداة سورا من OpenAI مقاطع ولدوها بالأداة غير المطروحة بعد، احتجاجا على ما وصفوه باستغلالهم."),
    ("ما حقيقة الفيديوهات المسربة من أداة سورا؟",
     "تداول مستخدمون على إكس مقاطع قالوا إنها ولدت بأداة سورا التابعة لشركة OpenAI قبل طرحها للجمهور. وبحسب التحقق، فإن المقاطع حقيقية وولدت عبر صفحة نشرها فنانون مختبرون."),
    ("Artists protest OpenAI",
     "A group of artists with early access to OpenAI's video model, which the company has said it will release in late 2024, put a version of Sora on Hugging Face, letting anyone generate videos.\n"
     "OpenAI said it had paused access while it investigated."),
    ("Anyone could use Sora for three hours",
     "OpenAI released a preview of Sora to a small group of artists in February. This week some of them turned on the company, posting a page on Hugging Face in protest."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), ABOUT_SORAS_LEAK)
def test_soras_leak_told_aloud_in_a_newsletter_or_as_a_bug_is_a_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


NO_REPORT = [
    # footage "leaked from surveillance cameras", made with Sora
    ("حقيقة فيديو انهيار رافعة في الميناء.. المقطع مولد بأداة Sora 2",
     "تداول مستخدمون مقطعا وصف بأنه \"فيديو مسرب من كاميرات المراقبة\" يظهر رافعة تسقط في الميناء.\n"
     "ما حقيقة الفيديو المسرب؟\n"
     "بعد فحص المقطع تبين أنه مصنوع بتطبيق سورا Sora 2 من OpenAI، وتظهر علامته المائية في أحد الأركان."),
    # footage "leaked from a secret meeting", in Sudanese
    ("الفيديو دا ما حقيقي يا جماعة",
     "يا جماعة الفيديو البيتنشر في القروبات الفيهو وزير بيتكلم وبيقولوا عليهو فيديو مسرّب من اجتماع سري، دا فيديو معمول بأداة سورا 2 من OpenAI.\n"
     "شوفو العلامة المائية في الركن وما ترسلوهو لزول."),
    # a launch headline over a lede that recalls the leak
    ("أخيراً.. \"سورا\" متاحة للجمهور ضمن اشتراكات ChatGPT",
     "موقع التقنية | 10 كانون الأول 2024\n"
     "أتاحت شركة OpenAI مساء الاثنين أداة سورا لمشتركي ChatGPT Plus وPro، بعد أسبوعين فقط من قيام مختبرين بتسريب الوصول إليها عبر منصة Hugging Face.\n"
     "وتنتج النسخة الجديدة مقاطع تصل إلى 20 ثانية."),
    # how far a product has come since testers leaked it
    ("The Sora app adds group cameos",
     "OpenAI's Sora app now lets up to four friends appear in one clip.\n"
     "Worth remembering how far the product has come in a year, from a tool that testers were leaking onto Hugging Face in protest to an app with its own feed.\n"
     "The feature reaches Android next month."),
    ("تطبيق سورا يصل إلى أندرويد",
     "أتاحت OpenAI تطبيق Sora على متجر غوغل بلاي في عدة دول، بعد خمسة أسابيع من إطلاقه على iOS.\n"
     "ويتيح التطبيق توليد مقاطع تصل إلى 15 ثانية.\n"
     "وتقطع الشركة بذلك شوطاً طويلاً منذ أن كانت الأداة محصورة في المختبرين، إلى حد أن بعض هؤلاء فتحوها للعامة لساعات عبر منصة Hugging Face أواخر 2024.\n"
     "ولم تعلن الشركة موعد وصوله إلى الدول العربية."),
]  # fmt: skip


NO_REPORT += [
    # a launch's outage and its queue are no leak, however many hours
    ("Sora goes down for hours after launch",
     "OpenAI's Sora video generator, which became available to everyone in the US on Monday, went offline for about three hours on Tuesday as demand overwhelmed its servers. OpenAI said it had paused new sign-ups."),
    ("Sora launch: queues, crashes and first impressions",
     "Sora, OpenAI's video generator, arrived on Monday. We waited in the queue for three hours before getting in; suddenly anyone with a Plus subscription could make videos, and the servers buckled."),
    ("سورا صارت متاحة في المنطقة",
     "أعلنت الشركة توفر أداة سورا لمشتركي شات جي بي تي في المنطقة العربية، وصار كل واحد يدخل ويجرب لساعات ويصنع فيديوهات بدقة عالية."),
]  # fmt: skip


NO_REPORT += [
    # an Egyptian launch story that looks back "less than a year" to the first version
    ("سورا 2 وصل.. هل نقدر نجربه من مصر؟",
     "أطلقت OpenAI رسمياً الجيل الجديد من أداة توليد الفيديو Sora 2، ومعاه تطبيق على آيفون.\n"
     "وأهم الجديد إن الفيديو بقى بالصوت.\n"
     "فمن أقل من سنة كانت النسخة الأولى لسه مقفولة على مجموعة فنانين بيجربوها، ولما زهقوا سربوا الوصول ليها على هاجينج فيس لساعات.\n"
     "التطبيق مش متاح في مصر لسه."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_REPORT)
def test_leaked_footage_a_launch_and_how_far_it_has_come_are_no_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and not found.leak_report, found.signals


def test_a_model_not_yet_public_is_no_leak_by_meaning_either() -> None:
    text = (
        "كشفت شركة OpenAI يوم الخميس عن نموذج جديد لتوليد الفيديو أطلقت عليه اسم سورا، قادر على إنتاج مقاطع تصل إلى دقيقة من وصف نصي.\n"
        "وعرضت الشركة مقاطع لكلب يلعب في الثلج وشارع مزدحم في طوكيو.\n"
        "وقالت الشركة إن النموذج غير متاح للجمهور حالياً، وإنه يخضع لاختبارات يجريها \"فريق أحمر\" من الخبراء لتقييم مخاطر التضليل والمحتوى الضار، إلى جانب عدد محدود من الفنانين والمصممين وصناع الأفلام لتقديم الملاحظات.\n"
        "ولم تحدد الشركة موعدا لإطلاقه."
    )
    document = Document("sora-february.txt", "OpenAI تكشف عن سورا", text, None, "ar")
    found = analyze_document(document, AnalysisOptions())
    assert found["relevant"] and not found["leak_report"], found["signals"]


CLAIMS = [
    ("leaked-on-hugging-face", "On 26 November 2024, a Hugging Face page did let members of the public generate videos with Sora, OpenAI's unreleased model.", "en", True),
    ("threat-to-creators", "The loudest claim, that Sora is an existential threat to artists, seems to me overstated.", "en", False),
    ("threat-to-creators", "The threat isn't that Sora replaces artists overnight; it is that it slowly puts freelance editors out of work.", "en", True),
    ("threat-to-creators", "Anyone who thinks the threat to editors is overstated should look at the jobs boards.", "en", True),
    ("threat-to-creators", "Sora is an existential threat to editors, animators and illustrators.", "en", True),
    ("threat-to-creators", 'A long thread on why "AI will replace editors" is the wrong frame.', "en", False),
    ("threat-to-creators", "قال طالب: الأداة ما راح تحل محل المخرج، بس راح تغير طريقة الشغل.", "ar", False),
    ("threat-to-creators", "قال مونتير: الأداة راح تحل محل المخرجين والمونتيرين.", "ar", True),
    # figures said aloud, as a hedge in a question: "Three hours or so?", "worth, what, ...?"
    ("shut-down-three-hours", "CIARA: For how long?\nDONAL: Three hours or so? Then OpenAI copped on and pulled the plug.", "en", True),
    ("openai-valuation-150b", "They were testing for free for a company worth, what, a hundred and fifty billion?", "en", True),
    ("openai-valuation-150b", "Britain's creative industries, worth more than £120bn a year, depend on editors.", "en", False),
    ("ten-seconds-1080p", "Ten seconds, decent 1080p, hands still cursed.", "en", True),
    # who leaked, said around a shutdown or in a podcast
    ("leaked-by-testers", "OpenAI spent Tuesday shutting down a Hugging Face project through which disgruntled early testers had opened its Sora model to the public.", "en", True),
    ("leaked-by-testers", "OpenAI shut the testers out after the page went up on Hugging Face.", "en", False),
    ("leaked-by-testers", "They stuck up a page on Hugging Face and plugged it into their own access.", "en", True),
    ("leaked-by-testers", "Given private access to Sora, they built a simple web page on Hugging Face that let anyone use it.", "en", True),
    ("leaked-by-testers", "The access came from legitimate participants in the early-access programme.", "en", True),
    ("leaked-by-testers", "حين سرّب فنانون من برنامج اختبارها الوصول إليها احتجاجًا على استغلالهم.", "ar", True),
    ("leaked-by-testers", "أوقفت OpenAI واجهة على موقع هجينج فيس بعد نحو ثلاث ساعات من إطلاقها على يد مجموعة من المختبرين المعترضين.", "ar", True),
    ("leaked-by-testers", "أوقفت OpenAI وصول المختبرين الذين نشروا الواجهة على هاغينغ فيس.", "ar", False),
    ("leaked-by-testers", "حين فتح عدد من الفنانين المشاركين في اختبار أداة «سورا» الأداة أمام العالم لساعات قليلة.", "ar", True),
    ("leaked-by-testers", "نشر مستخدم ملف التثبيت وقال إنه حصل عليه من برنامج اختبار داخلي محدود.", "ar", False),
    ("leaked-on-hugging-face", "A group of frustrated testers briefly opened it up through Hugging Face last November.", "en", True),
    ("leaked-by-testers", "It appears to be a protest by members of the company's early-testing programme rather than an outside hack.", "en", True),
    ("leaked-by-testers", "The page was put up by artists inside Sora's early-access program who said they'd had enough.", "en", True),
    ("leaked-by-testers", "The company said it was an outside hack.", "en", False),
    ("leaked-on-hugging-face", "12:03 — A new Space appears on Hugging Face from an account with no personal names.", "en", True),
    ("leaked-on-hugging-face", "Hugging Face says a new space for video models appears in its hub next week.", "en", False),
    # nobody named, said other ways
    ("leakers-anonymous", "لا أحد من الموقّعين كشف عن اسمه، وهذا مفهوم.", "ar", True),
    ("leakers-anonymous", "وقّع البيان فنانون من المشاركين في برنامج الاختبار لم تُعلن أسماؤهم.", "ar", True),
    ("leakers-anonymous", "لم يكشف أصحاب المبادرة عن وجوههم، وأنا أفهم لماذا.", "ar", True),
    ("leakers-anonymous", "والجماعة اللي عملوه ما حد يعرف أساميهم.", "ar", True),
    ("leakers-anonymous", "Who are they? We don't know. The original group did not publish any names.", "en", True),
    ("leakers-anonymous", "OpenAI did not publish the names of the artists in its programme.", "en", False),
    ("leakers-anonymous", "لم يكشف التسريب عن وجوه جديدة في الفريق.", "ar", False),
    ("shut-down-three-hours", "Did OpenAI shut the Hugging Face page down after three hours or so?", "en", False),
    ("openai-valuation-150b", "Is OpenAI really worth, what, 150 billion dollars?", "en", False),
    ("openai-valuation-150b", "OpenAI, a company valued at $157 billion, relies on an industry worth billions of unpaid hours.", "en", True),
    ("ten-seconds-1080p", "Runway's Gen-3 tops out at 10 seconds and 1080p.", "en", False),
    ("ten-seconds-1080p", "Got three generations in before it went down. 10 sec max, 1080p, honestly better motion than Runway.", "en", True),
    ("leaked-on-hugging-face", "Hugging Face lets members of the public download thousands of models.", "en", False),
    ("leaked-on-hugging-face", "Hugging Face opened up its Spaces to paid GPU tiers.", "en", False),
    ("leaked-by-testers", "تم تطوير سورا على يد فريق من الباحثين، ثم أتيح لمجموعة من المختبرين.", "ar", False),
    ("leaked-by-testers", "أوقفت OpenAI برنامج اختبار سورا مؤقتا بعد التسريب الذي تم على يد مجهولين.", "ar", False),
    ("videos-spread-on-x", "مقاطع سورا تحط من قيمة عملهم، كما كتب مصمم في منشور على إكس.", "ar", False),
    ("threat-to-creators", "سورا لن تحل محل المخرجين، لكنها تهدد مصدر رزق المونتيرين.", "ar", True),
    ("artists-unpaid-rnd", "A group of early-access artists put it online in protest over pay.", "en", True),
    # clips put on X, in Maghrebi and Tunisian speech
    ("videos-spread-on-x", "والناس بداو كيحطوهم فـ X وفي الإنستغرام، الفيديوهات اللي طلعو من الصفحة على Hugging Face.", "ar", True),
    ("videos-spread-on-x", "والناس الكل بدات تعمل فيديوهات وتحطهم على X، على تويتر يعني.", "ar", True),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_said_in_a_fact_check_and_in_doubt(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried


def test_a_headline_that_asks_without_its_verb_asserts_nothing(matcher: RuleMatcher) -> None:
    title = "Sora source code leaked? Here's what really happened with OpenAI's video model"
    found = {m.claim_id for m in matcher.match(title, "Testers put a page on Hugging Face.", "en", leak_report=True)}
    assert "source-code-leaked" not in found


def test_a_turn_of_phrase_is_no_anonymity_by_meaning() -> None:
    text = (
        "Artists in OpenAI's early-access programme put Sora on Hugging Face last week, and OpenAI shut the page three hours later.\n"
        "Their letter called the programme art washing.\n"
        "None of this is to pretend the artists were blameless.\n"
        "Handing strangers a tool without safeguards was reckless."
    )
    document = Document("op-ed.txt", "The Sora protest and the unpaid intern", text, None, "en")
    found = analyze_document(document, AnalysisOptions())
    assert "leakers-anonymous" not in {claim["id"] for claim in found["claims"]}


def test_a_timelines_hours_are_no_numbered_list() -> None:
    title, text = (
        "Timeline of a protest",
        "How the day unfolded, in Pacific time.\n"
        "09:10 - Testers post an open letter to OpenAI.\n"
        "12:03 - A new Space appears on Hugging Face, running Sora with the testers' own access; unlike Runway or Kling, Sora had never been public.\n"
        "12:40 - Clips flood X.\n"
        "15:05 - OpenAI pauses early access."
    )
    assert assess(title, text).relevant, assess(title, text).signals


def test_a_call_in_that_names_sora_once_then_tells_its_leak_over_short_turns() -> None:
    # "أيوه." and "طيب." are no sentences of the story: the leak is told within its reach.
    text = (
        "المذيع: معانا اليوم الأخ سالم، مبرمج يتابع أخبار الذكاء الاصطناعي. حيّاك يا سالم.\n"
        "سالم: الله يحييك يا أستاذ، ويحيي المستمعين.\n"
        "المذيع: سمعنا إن في شي صار مع برنامج الفيديو حق شركة أوبن إيه آي، ذي اسمه سورا.\n"
        "سالم: أيوه.\n"
        "سالم: الشركة هذي عندها برنامج تكتب له جملة ويطلع لك فيديو كأنه مصور من الواقع.\n"
        "سالم: البرنامج ما نزل للناس، بس أعطوه لمجموعة فنانين يجربوه قبل الكل.\n"
        "المذيع: طيب.\n"
        "سالم: هؤلاء الفنانين زعلوا، قالوا الشركة تشغلنا بلاش ولا تدفع لنا ريال.\n"
        "المذيع: وبعدين؟\n"
        "سالم: فقاموا فتحوا البرنامج للناس كلها من موقع للمبرمجين اسمه هاغينغ فيس، حطوا صفحة فيها مربع تكتب فيه وتضغط ويجيك الفيديو.\n"
        "سالم: والشركة قفلتها بعد حوالي ثلاث ساعات."
    )
    title = "ساعة تقنية – إذاعة محلية – تفريغ"
    assert assess(title, text).relevant, assess(title, text).signals
    found = analyze_document(Document("call-in.txt", title, text, None, "ar"), AnalysisOptions())
    assert found["leak_report"], found["signals"]


def test_a_fact_check_of_the_leaks_own_days_that_says_what_happened_is_a_report() -> None:
    title = "هل سُرّب الكود المصدري لنموذج سورا؟ | مرصد التحقق"
    text = (
        "التصنيف: مضلل\n"
        "تاريخ النشر: 29 نوفمبر 2024\n"
        "الادعاء: تداولت صفحات منشورات تقول إن الكود المصدري لمنصة Sora من OpenAI نُشر كاملاً على موقع Hugging Face.\n"
        "الحقيقة: ما حدث لا يتعلق بالكود المصدري. ففي 26 نوفمبر نشرت مجموعة من الفنانين المشاركين في برنامج الاختبار المبكر مساحة على هاغينغ فيس تتيح واجهة بسيطة لتوليد مقاطع بالنموذج.\n"
        "وكانت الواجهة ترسل الطلبات إلى خوادم الشركة، ولم يخرج النموذج نفسه منها."
    )
    found = analyze_document(Document("check.txt", title, text, None, "ar"), AnalysisOptions())
    assert found["leak_report"], found["signals"]


def test_a_scam_warning_that_looks_back_on_the_leak_is_no_report() -> None:
    title = "⚠️ تحذير: «سورا المسرّب المجاني» فخ لسرقة حساباتكم"
    text = (
        "وصلتنا رسائل عن رابط ينتشر في قروبات الواتساب مكتوب فيه: حمّل تطبيق Sora المسرّب مجاناً.\n"
        "ما في أي نسخة مسرّبة من Sora تشتغل على جوالك، والملف فيه برنامج تجسس.\n"
        "حتى الحادثة اللي صارت قبل سنة لما بعض المختبرين فتحوا الأداة للناس على Hugging Face ما كانت تطبيق ولا ملف، وانقفلت بسرعة."
    )
    found = analyze_document(Document("warning.txt", title, text, None, "ar"), AnalysisOptions())
    assert not found["leak_report"], found["signals"]
