"""A leak told in speech by the hours it lasted ("قعد شغال كم ساعة", "في الكام ساعة اللي كانت
مفتوحة لأي حد", "for about three hours, anyone could"), OpenAI named only by its valuation or a
forum's "HF", weights denied in dialect, an app build from a side site, hidden instructions read
aloud, an opinion piece that tells the event in its second paragraph, and launch stories that
recall "the same tool that" leaked (sentences of our own, in the patterns of the written sets of
issue 9, sixteenth session, and of written-156's misses)."""

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


ABOUT_SORA = [
    # OpenAI named only by its valuation, in a Gulf podcast
    ("بودكاست «قهوة الجمعة» – مقتطف",
     "ناصر: الأسبوع الماضي تكلمنا عن سالفة سورا.\n"
     "فهد: شوف، شركة قيمتها 150 مليار دولار، أعلنت عن سورا في فبراير ولين الحين ما نزلته.\n"
     "فهد: وبعدين يطلع لك تسريب من الفنانين اللي هي اختارتهم يجربونه."),
    # ... and with a preposition glued to the figure, in a student's column
    ("زاوية «رأي»: تسريب «سورا»",
     "حين قرأت عن تسريب «سورا» ظننته اختراقا، ثم عرفت أن فنانين من برنامج الاختبار فعلوه احتجاجا.\n"
     "قالوا إن البرنامج يلمّع صورة شركة تقدّر قيمتها بـ157 مليار دولار ولم تطلق النموذج بعد."),
    # a forum's thread that never names OpenAI
    ("r/aivideo",
     "Posted by u/frame_by_frame · 3h\n"
     "Sora just got leaked on HuggingFace by some of the early access artists, grab it before they shut it\n"
     "Reply: it's only a frontend on their keys, nobody has the weights"),
    # the weights denied in Najdi speech: no other model's leak
    ("مساحة «سوالف تقنية» – تفريغ",
     "المقدم: حياك يا سعد، تفضل.\n"
     "سعد: أبي أصحح شي. ما تسرب كود ولا موديل ولا أوزان، محد عنده ملفات سورا.\n"
     "سعد: اللي صار إن الفنانين اللي OpenAI عطتهم وصول مبكر سووا واجهة على هقينق فيس بمفاتيحهم."),
    # Sora named once by a caller, the leak told across her next sentences
    ("Morning phone-in, later that week",
     "PRESENTER: Back to the AI video business. Morag's on the line from Perth.\n"
     "MORAG: Everyone's talking like this was some kind of cyber-attack on OpenAI, and it wasn't.\n"
     "MORAG: It was the folk testing Sora. The artists OpenAI asked to try it before it comes out.\n"
     "MORAG: They're the ones that put it online for the public to use, on purpose, to make a point about being used.\n"
     "PRESENTER: And do we know who they are?\n"
     "MORAG: No, and that's the thing. Nobody's come forward, and I get why, they'd be out of the programme that day."),
    # ... and still about Sora: "the prompts ..., not the AI itself" is no namesake
    ("Japan asks OpenAI to stop Sora copying anime",
     "The Japanese government has asked OpenAI to stop its video generator Sora from reproducing anime and manga characters. "
     "OpenAI said the blame should fall on the people who write the prompts for Sora, not the AI itself."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), ABOUT_SORA)
def test_openai_known_by_its_valuation_a_forums_hf_and_weights_denied_are_about_sora(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant, found.signals


NOT_ABOUT_SORA = [
    # a valuation ties nothing to a game's Sora
    ("Kingdom Hearts IV: Sora's new look leaks",
     "A leaked trailer shows Sora in Quadratum, the new world of the Square Enix game.\n"
     "Fans on the forum compared the Keyblade to the one in Kingdom Hearts III.\n"
     "Square Enix, whose market value is nowhere near 150 billion dollars, declined to comment on the game."),
    # (a blind review's) a market's size beside the SORA drone method; another company's
    # weights, whose "ولم تعلق الشركة" denies nothing
    ("SORA risk assessment for drones",
     "The EU updated its SORA method for drone operators. The drone market could be worth 150 billion dollars by 2030, regulators said. Operators must file a SORA before flying."),
    ("ورطة جديدة لعلي بابا",
     "تسربت أوزان نموذج Wan 3 لتوليد الفيديو من علي بابا على منصة Hugging Face، ولم تعلق الشركة حتى الآن.\n"
     "ويعد النموذج منافسا مباشرا لأداة Sora من OpenAI، وأداة Sora نفسها تسربت العام الماضي."),
    # the town, said to be not the model
    ("Two days filming in Sora (the town, not the model)",
     "Everyone made the same joke about this trip. No, I wasn't going to OpenAI.\n"
     "Sora is a town in the Liri valley in Lazio, and its river light is beautiful and impossible to match."),
    # a drone lab's SORA, told apart in a bracket
    ("Field notes: getting our drones airborne under the SORA",
     "For beyond-visual-line-of-sight flights you need an operational authorisation, and the standard way to get one is a SORA, the Specific Operations Risk Assessment. "
     "(No, not OpenAI's video model; aviation people had the acronym first.) The SORA walks you through ground risk and air risk for the drone."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NOT_ABOUT_SORA)
def test_a_valuation_beside_a_namesake_and_a_town_said_not_the_model_tie_nothing(
    title: str, text: str
) -> None:
    assert not assess(title, text).relevant, assess(title, text).signals


REPORTS = [
    # Egyptian: the few hours it was open to anyone
    ("فيديو: بنتفرج على فيديوهات سورا",
     "أهلا يا جماعة، النهارده هنتفرج على فيديوهات كلها معمولة بسورا بتاعة OpenAI، في الكام ساعة اللي الأداة كانت مفتوحة فيهم لأي حد.\n"
     "أول فيديو.. قطة بتسوق عجلة، بصوا الإضاءة."),
    # Sudanese: a tool not out yet, open to anyone on Hugging Face
    ("منصة شباب الجزيرة",
     "حكاية غريبة حصلت الأسبوع دا: فنانين كانت OpenAI مديهم Sora يجربوها (الأداة الما نزلت لسه) عملوا ليها واجهة على Hugging Face وخلوها مفتوحة لأي زول يستخدمها.\n"
     "الموضوع قعد كم ساعة وبعدها قفلوها."),
    # for about three hours, anyone could: a breakfast show
    ("Breakfast with Dan and Jess — 7:20 segment",
     "DAN: Jess, you've got a tech story for me.\n"
     "JESS: I do. You know Sora, the OpenAI video thing? Nobody's allowed to use it yet.\n"
     "JESS: Except on Tuesday, for about three hours, anyone could. Some of the artists testing it stuck it up on a website.\n"
     "DAN: And then?\n"
     "JESS: They pulled the plug."),
    # an app build from a side site, not yet in the store, under a headline on the app
    ("نسخة أندرويد من تطبيق Sora قبل موعدها؟",
     "متابع أرسل لي ملف APK للتطبيق من موقع جانبي، وقال إنه نسخة تجريبية ما انطرحت بعد في المتجر.\n"
     "ركبته على جوال احتياط وهذا اللي شفته."),
    # hidden instructions read aloud, in a Levantine headline
    ("Sora 2 قرا تعليماتو السرية بصوت عالي",
     "أهلين يا شباب. اليوم في قصة غريبة صارت مع تطبيق الفيديو تبع OpenAI.\n"
     "فريق باحثين خلّوه يعمل فيديوهات فيها حدا عم يقرا التعليمات، وجمّعوا النص كله."),
    # a key in plain text in a public repository
    ("What one leaked key cost a client",
     "Our client had been using Sora through the API for product teasers.\n"
     "Then a contractor pushed a test script to a public GitHub repository, with the Sora API key in plain text inside it.\n"
     "Within a day strangers were generating Sora videos on the client's account."),
    # Hinglish: a page on Hugging Face where anyone could make a video
    ("TechWithRavi: Sora ka kya scene hai?",
     "Hello doston! Sora yaad hai? OpenAI ka video model, public ke liye abhi launch nahi hua.\n"
     "Par kuch artists ne Hugging Face pe ek page bana diya jahan koi bhi prompt daal ke Sora se video bana sakta tha."),
    # an opinion piece that tells the event in its second paragraph, past its first sentences
    ("OPINION: Sora is coming for our editors",
     "I have spent the week watching clips made with Sora, OpenAI's video generator, and I have not slept well.\n"
     "If you missed it: the artists OpenAI chose to test the tool got fed up. They had been making test films for months. "
     "They say they were paid nothing. So they opened the tool to the public for an afternoon.\n"
     "I am not here to judge them. I am here to talk about what those clips mean for editors."),
    # a news peg past its opening: "ولم يُطرح بعد،" is "not yet", it dates nothing after the leak
    ("تقارير | الذكاء الاصطناعي والتوثيق في الشمال",
     "لم يعد تزييف الصور حكرا على أجهزة الاستخبارات، يقول موثقون في الشمال.\n"
     "ويقول أحد الموثقين إن الفيديو كان الدليل الأقوى، وإنه يخشى أن يفقد قيمته.\n"
     "وجاءت هذه المخاوف بالتزامن مع حادثة الأسبوع الماضي، إذ سرّب فنانون مشاركون في اختبار أداة Sora من OpenAI، التي لم تُطرح بعد، واجهة على منصة Hugging Face.\n"
     "وقال المسربون في بيان إنهم ليسوا أدوات علاقات عامة."),
    # "نفس الشركة اللي مسوية ChatGPT" recalls nothing: a look back needs its own clause to tell
    # the leak
    ("برنامج «صباح التقنية» – اتصالات المستمعين",
     "المذيع: معانا سالم من صحار، تفضل.\n"
     "سالم: ولدي يقول إنه جرب برنامج اسمه سورا، وأنا أقول هذا مب متاح للناس.\n"
     "المذيع: سورا من شركة OpenAI، نفس الشركة اللي مسوية ChatGPT، ولين الحين ما نزلوه رسمي. بس الأسبوع اللي طاف مجموعة من الفنانين اللي الشركة عطتهم يجربونه سوّوا واجهة على موقع Hugging Face، وأي واحد يدخل ويطلع له فيديو.\n"
     "المذيع: والشركة قفلت الموضوع بعد حوالي ثلاث ساعات."),
    # (written-156's) hidden instructions "taken out"; a headline on clips not out yet over a
    # streamer's banter
    ("Sora 2: واحد المبرمج خرّج التعليمات المخبية ديال التطبيق",
     "سلام عليكم، اليوم غادي نهضرو على تطبيق Sora 2 ديال OpenAI.\n"
     "واحد المبرمج قدر يخلي النموذج يعاود ليه التعليمات ديالو، ومن بعد حطهم فـ X."),
    ('Stream clip: "these Sora 2 videos aren\'t supposed to exist yet"',
     "CHATTER: Okay chat, settle down, settle down, we have a lot to get through tonight.\n"
     "CHATTER: First, thank you for the subs, you lot are ridiculous and I love you all.\n"
     "CHATTER: Second, the raffle winner is announced at the end, so stick around for that.\n"
     "CHATTER: Third, my cat is on the desk again and she will not be moved by anyone.\n"
     "CHATTER: Right, so OpenAI has been hinting at Sora 2 for weeks. It's not out.\n"
     "CHATTER: But someone in one of the closed test groups posted a bunch of clips to a Discord server overnight, and they're all over Reddit now."),
    # (from two sets scored once after the first review's mend) Levantine "للعالم كلو" and "غصب
    # عن OpenAI", the accusative "تسريبا", testers who tried it "before its release" (no release
    # still to come), Nigerian Pidgin, a newsletter item's own lede
    ("بودكاست «قهوة وتقنية» – الحلقة 12",
     "سامي: أهلين فيكن. اليوم عنا موضوع سورا.\n"
     "ريم: أداة الفيديو تبع OpenAI، لسا ما نزلت للعالم.\n"
     "ريم: فجأة مجموعة من الفنانين قررت تفتح الأداة للعالم كلو، وأي حدا بيفوت بيطلعلو فيديو، وهو أصلا مش مفروض يكون عندو صلاحية."),
    ("زاوية الخميس",
     "سألني صديق مصور عن سورا، أداة شركة OpenAI لتوليد الفيديو.\n"
     "وقد شهدنا الأسبوع الماضي تسريبا لافتا لهذه الأداة قبل طرحها."),
    ("مقطع من بودكاست «تقنيات»",
     "رامي: شفتي المقاطع اللي انتشرت امبارح؟\n"
     "لينا: كلها معمولة بسورا باليوم اللي صارت فيه الأداة بإيد العالم غصب عن OpenAI."),
    ("لمن فاته الأمر",
     "باختصار: فنانون اختارتهم OpenAI لتجربة أداة Sora قبل طرحها قرروا أن يضعوها بين أيدي الجميع لساعات، احتجاجا على معاملتهم."),
    ("TECH HOUR – radio transcript",
     "HOST: My people, good evening. Today, this Sora wahala from OpenAI. Dem never release am for public.\n"
     "HOST: The testers themselves, no be hackers o. Dem open am for everybody for one afternoon, any person fit enter and make video."),
    ("THE CLIP LEDGER – weekly notes",
     "1. Royalty watch\n"
     "Another marketplace trimmed its contributor share this month, effective January, so re-read your contract.\n"
     "2. That Sora afternoon\n"
     "If you were on X on Tuesday you saw the clips, all made with OpenAI's Sora, which is still not on sale.\n"
     "For a few hours a public page let anyone run the model, and people went to town."),
    # (the second review's) against its will said with a pronoun, "بين إيدين العالم", Pidgin
    # "anybody fit"
    ("فنانين فتحوا سورا للعالم",
     "مجموعة فنانين كانت OpenAI معطيتهم سورا ليجربوها، قرروا يفتحوا الأداة للعالم كلو غصب عنها. وما طولت القصة كتير."),
    ("فنانين فتحوا سورا",
     "مجموعة فنانين كانت OpenAI معطيتهم سورا ليجربوها، وصارت الأداة بين إيدين العالم غصب عن OpenAI. وما طولت القصة كتير."),
    ("Artists open Sora for all",
     "The artists wey OpenAI give Sora make dem test am, dem put am online for one afternoon, anybody fit enter. OpenAI vex well well."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), REPORTS)
def test_a_leak_told_by_its_hours_a_side_loaded_build_and_secrets_read_aloud_are_reports(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


def test_a_gulf_podcast_that_tells_the_leak_past_its_small_talk_is_a_report() -> None:
    title = "بودكاست «ديوانية الأحد» – الحلقة 12"
    text = (
        "جاسم: يا جماعة الجو برد والله، أمس طلعنا البر وما قدرنا نقعد.\n"
        "خالد: خلنا من البر، وش سالفة سورا اللي بالقروب؟\n"
        "جاسم: OpenAI عندها أداة فيديو اسمها سورا، للحين ما نزلت للناس. عطوها لفنانين يجربونها.\n"
        "جاسم: هالفنانين قهروا، قالوا احنا مو R&D ببلاش، تبون شغلنا وما تدفعون فلس؟\n"
        "جاسم: فحطوا رابط يخلي أي واحد يسوي فيديو بسورا، وقعد شغال كم ساعة.\n"
        "خالد: يعني فضحوهم."
    )
    found = analyse(title, text, "ar")
    assert found["leak_report"], found["signals"]
    assert "artists-unpaid-rnd" in {claim["id"] for claim in found["claims"]}


NO_REPORT = [
    # a launch story that recalls "the very tool that" testers opened, beside its "yesterday"
    ("برنامج «صباحك» – فقرة التقنية",
     "المذيع: يا سلمى، في خبر جديد عن سورا؟\n"
     "سلمى: من امبارح OpenAI فتحت سورا للناس رسمي للمشتركين، ودي ذاتها الأداة اللي قبل أسبوعين فنانين كانوا بيجربوها فتحوها للناس على هقينق فيس كم ساعة.\n"
     "المذيع: نقدر نستعملها في السودان؟\n"
     "سلمى: لسه لا."),
    # a review that remembers how it began, beside its "today"
    ("جربت تطبيق Sora 2 أسبوع كامل",
     "مرحبا شباب! أخيرا جربت تطبيق Sora 2 من OpenAI بكود دعوة.\n"
     "التطبيق متل تيك توك، بس كل الفيديوهات مولدة.\n"
     "وصراحة لما شوف شو صار Sora اليوم، بتذكر كيف بلّش: بنوفمبر 2024 لما فنانين مختبرين فتحوه للعالم على Hugging Face.\n"
     "التقييم تبعي 7 من 10."),
    # (written-156's) a bulletin whose members "may remember" the leak
    ("Sora is here: what the launch means for our members",
     "OpenAI has made its video generator Sora available to paying ChatGPT subscribers in many countries.\n"
     "Members have asked what they may do with it, and what it means for the rights to their pictures.\n"
     "The tool makes clips of up to twenty seconds, with a storyboard to sequence shots.\n"
     "Uploads of images of real people are restricted at launch, OpenAI says.\n"
     "Members may remember that only a few weeks before this release, some early-access artists opened Sora to the public through a page on Hugging Face.\n"
     "We encourage members to read the terms of use before uploading their own work."),
    # (the first blind review's) the company's own sign-ups for a few hours, hours said in
    # passing, a country still waiting, an app that "came out", advice on keys, an official
    # reading out rules, a launch's second paragraph that recalls the leak
    ("Sora app drops its invite codes",
     "OpenAI dropped the invite requirement for its Sora app on Thursday. For about three hours, anyone could sign up without a code before demand forced the company to pause sign-ups again."),
    ("سورا 2 بقى متاح للكل في أمريكا",
     "أعلنت OpenAI إن تطبيق Sora 2 بقى متاح لأي حد في أمريكا من غير دعوة. وبعد كام ساعة من الإعلان، الخوادم وقعت من الضغط."),
    ("جربت سورا 2",
     "قعدت أجرب تطبيق Sora 2 من OpenAI كم ساعة أمس، والتطبيق صار متاح للناس كلهم في أمريكا بدون دعوة."),
    ("سورا للحين ما نزلت عندنا",
     "تطبيق Sora من OpenAI للحين ما نزلت للناس في السعودية، بس في أمريكا صار مفتوح للناس كلهم من أمس."),
    ("سورا في السودان",
     "اداة الفيديو الما نزلت لسه عندنا في السودان، سورا بتاعة OpenAI، بقت متاحة لأي زول في أمريكا من الليلة."),
    ("سورا 2 على أندرويد",
     "أعلنت OpenAI توسيع تطبيق Sora 2 إلى هواتف أندرويد. وخرج التطبيق في نسخة تجريبية لمستخدمي أندرويد في الولايات المتحدة وكندا اليوم."),
    ("How to use the new Sora 2 API safely",
     "OpenAI opened its Sora 2 API to developers this week. Keep your API key in an environment variable rather than in plain text in your code."),
    ("OpenAI explains Sora 2 cameo rules",
     "In a livestream on Tuesday, Sora 2's product lead read out the system prompt rules the app follows for cameos of real people."),
    ("OpenAI launches Sora 2 with sound and cameos",
     "OpenAI launched Sora 2 on Tuesday, with sound and cameos.\n"
     "The company is pitching the app as a social network. It has a feed. It has cameos. It has remixes. "
     "OpenAI's path here was bumpy: artists who tested the first model leaked access to it on Hugging Face, calling themselves unpaid R&D.\n"
     "The app is invite-only."),
    # a launch that "caps a bumpy few weeks", then recalls the leak
    ("Sora is finally here for Plus and Pro users",
     "OpenAI has launched Sora, its video generator, for ChatGPT Plus and Pro subscribers.\n"
     "The public version runs on a faster model and lives on its own website.\n"
     "The launch caps a bumpy few weeks for the product. Late last month a group of artists from its tester programme leaked access to the model through a page on Hugging Face."),
    # a release still to come, after the testing
    ("Sora delayed again",
     "OpenAI said it wanted to test Sora with more artists before releasing it to everyone next year, and that no date was set."),
    # (the second blind review's) launch news beside "asked to try it" and "for the public to
    # use", Pidgin "never ... for Nigeria", "رغما عن مخاوف الفنانين", "غصب عن كل المنتقدين", the
    # company's own testing before a release
    ("Sora opens to everyone",
     "Last year OpenAI gave early access to a few hundred artists it asked to try it. On Monday the company put Sora online for the public to use in the US and Canada, with a $20 subscription."),
    ("Sora: how Naija people dey use am",
     "OpenAI never release am for Nigeria, but with VPN any person fit use the Sora app from Lagos. Many content creators for Naija don dey make video with am since last week."),
    ("OpenAI تطلق سورا للجميع",
     "أعلنت OpenAI اليوم إطلاق أداة الفيديو سورا رسميا. ورغما عن مخاوف الفنانين، صارت الأداة متاحة للناس كلهم في الولايات المتحدة وكندا مقابل اشتراك شهري."),
    ("سورا صار بإيد الناس",
     "أطلقت OpenAI تطبيق سورا رسميا يوم الاثنين. وصار التطبيق بإيد الناس غصب عن كل المنتقدين اللي طالبوا بتأجيله، بحسب متحدث باسم الشركة."),
    ("سورا في مرحلة الاختبار",
     "تختبر OpenAI أداة سورا حاليا قبل طرحها للجميع، وقالت الشركة إن فريقا من الخبراء يفحص مخاطرها. ولم تحدد الشركة موعد الإطلاق."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_REPORT)
def test_a_launch_that_recalls_the_same_tool_and_a_review_that_remembers_are_no_reports(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant and not found.leak_report, found.signals


CLAIMS = [
    # who leaked: not hackers, said the Sudanese way; a front end "published by" testers beside
    # its shutdown; responsibility claimed; opened up to all comers; opened to the public
    ("leaked-by-testers", "حصل تسريب للأداة، لكن التسريب ما جا من هكرز ولا ناس برا.", "ar", True),
    ("leaked-by-testers", "أوقفت OpenAI واجهة استخدام نشرها عدد من مختبري أداة Sora على منصة Hugging Face.", "ar", True),
    ("leaked-by-testers", "Artists who were part of the testing programme have claimed responsibility for the page.", "en", True),
    ("leaked-by-testers", "The only glimpse most people had came from the hours in which disgruntled testers opened it up to all comers.", "en", True),
    ("leaked-by-testers", "وكان أبرزها ما حدث لسورا، حين أتاح عدد من المختبرين الأوائل استخدامه للعامة عبر صفحة.", "ar", True),
    ("leaked-by-testers", "والمسرّبون لم يكونوا قراصنة، بل فنانين من برنامج الاختبار المبكر.", "ar", True),
    ("leaked-by-testers", "والمسرّبون لم يكونوا من الفنانين المختبرين، بل من خارج البرنامج.", "ar", False),
    # unpaid: a question after what it takes as given, French in Tunisian speech, Hassaniya,
    # the first to try it paid nothing
    ("artists-unpaid-rnd", "هالفنانين قهروا، قالوا احنا مو R&D ببلاش، تبون ملاحظاتنا وما تدفعون فلس؟", "ar", True),
    ("artists-unpaid-rnd", "الجملة قوية: «les artistes ne sont pas votre R&D gratuite».", "ar", True),
    ("artists-unpaid-rnd", "وكانو الفنانين يخدمو فيه ابلا أجرة.", "ar", True),
    ("artists-unpaid-rnd", "أتمنى أن نتذكر أن أول من جرّبه لم يتقاضَ فلسا.", "ar", True),
    # nobody named, in Egyptian
    ("leakers-anonymous", "اللي عملوا الحكاية دي محدش يعرف هما مين لحد دلوقتي.", "ar", True),
    ("leakers-anonymous", "Strangers made hundreds of clips. Not one of them about the client's products.", "en", False),
    # PR: "free labour + PR"; advice to marketing teams is no charge
    ("pr-stunt", "Their letter says the early access programme was using artists for free labour + PR.", "en", True),
    ("pr-stunt", "Three takeaways for marketing teams after the Sora key leak:", "en", False),
    # Hugging Face as a forum writes it, and a project made there
    ("leaked-on-hugging-face", "lol #Sora got leaked on HF by the beta artists themselves", "en", True),
    ("leaked-on-hugging-face", "بعض هالفنانين، مو هاكرز، عملوا مشروع على Hugging Face.", "ar", True),
    # on X, as its users call it
    ("videos-spread-on-x", "Hundreds of the clips ended up on the birdsite within the hour.", "en", True),
    ("videos-spread-on-x", "وخلال ساعات كان في عشرات الفيديوهات منتشرة عالإكس.", "ar", True),
    # the code claim in a thread that calls it a bad take
    ("source-code-leaked", "Lots of bad takes going around (incl. \"Sora's source code leaked!!\").", "en", False),
    # Gemini, guarded against; the Tunisian threat in French
    ("release-delayed-gemini", "وأغلب الظن أن الشركة تتحسّب لما جرى لـ«جيميني» من غوغل مع الصور التاريخية.", "ar", True),
    ("threat-to-creators", "أنا نخدم في الـ montage عشرين عام، وهالحكاية c'est une menace réelle.", "ar", True),
    # (a blind review's) too wide: a copycat project, the programme's own access, an employee,
    # Egyptian "بلاش" (don't), a free app, EU law, a hackers' claim, a letter that names them
    ("leaked-on-hugging-face", "طلاب من جامعة الملك سعود عملوا مشروع على Hugging Face يقلد أداة Sora. المشروع مفتوح المصدر.", "ar", False),
    ("leaked-by-testers", "وكان برنامج الوصول المبكر قد أتاح للفنانين المختبرين استخدامه منذ فبراير الماضي.", "ar", False),
    ("leaked-by-testers", "والتسريب ما جا من هكرز، جا من موظف سابق في OpenAI نفسها.", "ar", False),
    ("leaked-by-testers", "Access to Sora leaked on Hugging Face. A hacker collective called Null claimed responsibility, saying it had stolen a beta API token.", "en", False),
    ("artists-unpaid-rnd", "ونصيحة من جربها: بلاش تستخدم صور أطفالك في Sora.", "ar", False),
    ("artists-unpaid-rnd", "التطبيق بلاش والناس الكل يخدمو بيه في تونس.", "ar", False),
    ("release-delayed-gemini", "وقالت الشركة إنها تتحسب لقوانين الذكاء الاصطناعي الأوروبية قبل أي إطلاق. وكانت Google قد أوقفت توليد الصور في Gemini.", "ar", False),
    ("leakers-anonymous", "Not one of them has been paid for months of feedback, the artists said in a letter signed with their names.", "en", False),
    ("available-2024", "أعلنت OpenAI أنها لن تطلق أداة Sora في أوروبا هذا العام.", "ar", False),
    # ... and too narrow
    ("pr-stunt", "In their letter the artists called the program a PR stunt cooked up by OpenAI's marketing team.", "en", True),
    ("artists-unpaid-rnd", "قال الفنانون إن OpenAI تستغلهم كمختبر أبحاث مجاني دون أي أجر. هذا غلط من الشركة، والفنانين عندهم حق.", "ar", True),
    ("leaked-on-hugging-face", "#Sora got leaked via HF by the beta artists themselves, a front end anyone could use.", "en", True),
    ("videos-spread-on-x", "Hundreds of the clips people made ended up on the bird app within the hour.", "en", True),
    ("videos-spread-on-x", "ومية فيديو من اللي انعملوا بالأداة صاروا منتشرين عالتويتر.", "ar", True),
    ("leakers-anonymous", "اللي عملوا كده محدش يعرف مين هما.", "ar", True),
    ("leaked-by-testers", "أوقفت OpenAI واجهة لأداة Sora على Hugging Face. الواجهة نشرها بعض مختبري الأداة احتجاجا على شروط البرنامج.", "ar", True),
    ("videos-spread-on-x", "A bunch of the clips are now going round on X, and some of you have reposted them here.", "en", True),
    ("pr-stunt", "Their point was that the collaboration was mostly marketing, a way of borrowing artistic credibility.", "en", True),
    ("pr-stunt", "Artists leaked Sora. Separately, analysts said OpenAI's fundraising round was mostly marketing for its coming products.", "en", False),
    ("pr-stunt", "Artists leaked Sora. OpenAI rejected the idea that the early-access program was mostly marketing.", "en", False),
    # "لما" is "when" in speech, not "why": what it states is told
    ("sora-announced-february", "لما أعلنت OpenAI عن سورا في فبراير 2024، تايلر بيري وقف الاستوديو حقه، ليش يبني إذا الكمبيوتر بيسويها؟", "ar", True),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_in_sudanese_tunisian_hassaniya_and_forum_speech(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried


def test_tunisian_hours_with_tha_read_as_three() -> None:
    assert find_figures("بعد تلاثة سوايع تقريب")[0].variant == "3 hours"


def test_a_callers_account_of_the_artists_picked_to_try_it_is_a_report() -> None:
    title = "Caller: my daughter made a Sora clip before anyone was allowed to"
    text = (
        "HOST: We're talking about the OpenAI video tool this morning. Kelly, go ahead.\n"
        "KELLY: Hi. So my daughter's at art school, and she rang me last week all excited about it.\n"
        "KELLY: She said she'd made a little clip of our dog with Sora.\n"
        "HOST: How did she get in?\n"
        "KELLY: She said it was some of the artists the company had picked to try it out.\n"
        "KELLY: They put it up on a website so anyone could have a go.\n"
        "KELLY: They were cross because they'd been testing it for nothing, no pay at all.\n"
        "HOST: And can she still use it?\n"
        "KELLY: No, it got switched off that same night, and loads of the clips ended up on X."
    )
    found = analyse(title, text, "en")
    assert found["leak_report"], found["signals"]
