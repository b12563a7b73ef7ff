"""An encyclopedia's hatnote names the namesakes it is not about; a memo leaked to a paper, a
memory leak and a question about a download tell no leak of Sora; secrets that spread from
group to group, test renders in an open bucket and private drafts in strangers' feeds do; a
look back a year ago stays one beside a "today"; testers, threats, hedges and spans said in
dialect and in posts (sentences of our own, in the patterns of the written sets of issue 9,
thirteenth session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitor.relevance import assess


def test_a_hatnote_over_an_encyclopedia_article_names_what_it_is_not_about() -> None:
    text = (
        "From the Open Tech Encyclopedia\n"
        "Not to be confused with Sora (Kingdom Hearts) or Sora, Lazio.\n"
        "The Sora front-end incident was an event in November 2024 in which members of the early access programme for the video model made the unreleased model usable by anyone through a web page hosted on Hugging Face.\n"
        "The page was online for about three hours before the access was revoked.\n"
        "Background\n"
        "The model was announced in February 2024 and was being tested by a few hundred visual artists."
    )
    found = assess("Sora front-end incident (2024)", text)
    assert found.relevant and found.leak_report, found.signals


def test_the_same_namesakes_in_the_body_still_tell_the_story_apart() -> None:
    # Named as what the story is about, not in a note over it: Kingdom Hearts' Sora.
    text = (
        "Square Enix showed a new trailer on Friday.\n"
        "Sora, the hero of Kingdom Hearts, returns with a new Keyblade, and fans compared the art with clips made by OpenAI's video tool of the same name.\n"
        "The game is not to be confused with OpenAI's model, the studio joked."
    )
    assert not assess("Kingdom Hearts IV: Sora's new look", text).relevant


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Sora in the open for an afternoon",
         "This article is about how artists in OpenAI's early-access programme put Sora in everyone's hands.\n"
         "Within minutes, access to OpenAI's Sora leaked to the public through a page on Hugging Face.\n"
         "The page was closed three hours later."),
        ("رسالة الفنانين",
         "في رسالة مفتوحة، قال الفنانون المختبرون إن أداة Sora من OpenAI تسربت إلى العموم عبر صفحة على Hugging Face.\n"
         "وأغلقت الشركة الصفحة بعد ثلاث ساعات."),
    ],
)  # fmt: skip
def test_minutes_a_letter_or_an_opening_line_leave_a_leak_a_leak(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


NO_LEAKS = [
    # a memo of an agency, leaked to a paper, about using Sora
    ("Karachi agency plans to shoot ads with Sora, memo shows",
     "An internal memo from one of the city's biggest advertising agencies, leaked to The Evening Courier, shows it plans to make a third of its commercials with OpenAI's Sora next year.\n"
     "Camera crews and lighting technicians say the plan would cost hundreds of jobs.\n"
     "The agency declined to comment on the memo."),
    # a memory leak is a bug of the app, not a leak of it
    ("Sora app has a memory leak that drains the battery, users say",
     "Users of OpenAI's Sora app on iPhone report that a memory leak in the feed drains the battery within an hour.\n"
     "OpenAI said a fix for the Sora app would ship next week."),
    # footage "leaked" of an event, which a fact check finds made with Sora
    ("حقيقة فيديو مسرب لانهيار جسر في المدينة.. المقطع مصنوع بأداة سورا",
     "انتشر على مواقع التواصل مقطع وصف بأنه فيديو مسرب لانهيار جسر فوق النهر التقطته كاميرا مراقبة.\n"
     "وتبين بعد الفحص أن المقطع مصنوع بأداة Sora 2 من OpenAI، وتظهر عليه علامتها المائية.\n"
     "وننصح بعدم مشاركة المقاطع قبل التحقق منها."),
    # a question about downloading the app is no build out in the open
    ("دليل: كل ما تريد معرفته عن تطبيق Sora في المغرب",
     "هل التطبيق متاح في المغرب؟ ليس بعد، والنسخة الأولى من Sora متاحة عبر الموقع لمشتركي ChatGPT.\n"
     "هل يمكن تحميل Sora كملف APK للهاتف؟\n"
     "لا يوجد ملف رسمي خارج المتاجر، والصفحات التي تعرض Sora مجانا تنشر برامج ضارة.\n"
     "كم يكلف الاشتراك؟ عشرون دولارا في الشهر مع ChatGPT Plus."),
    # a later story that dates the leak a year back, then tells today
    ("«سورا 2» يقلق رسامي الرسوم المتحركة في عمّان",
     "عمّان – الأحد 19 تشرين الأول 2025\n"
     "لم يصل تطبيق «سورا 2» من OpenAI رسميا إلى الأردن بعد، لكن رسامة الرسوم المتحركة سلمى تقول إنها شعرت بأثره.\n"
     "والأداة نفسها، التي شهدت نسختها الأولى قبل نحو عام احتجاجا من فنانين مختبرين فتحوها للجمهور لساعات اعتراضا على العمل دون أجر، باتت اليوم تنتج مشاهد متحركة في دقائق.\n"
     "ويرى صاحب استوديو صغير أن الطلبات تراجعت منذ أسابيع."),
    # a WhatsApp warning in dialect that dates the first leak by its year
    ("⚠️ تنبيه للجميع ⚠️ الفيديوهات دي ما حقيقية",
     "يا أهلنا الفيديوهات الرايجة اليومين ديل عن الحريق في السوق وناس بتجري في الشارع معظمها ما حقيقية ومعمولة بالذكاء الاصطناعي، ببرنامج اسمو سورا (Sora) تبع شركة اوبن اي اي.\n"
     "البرنامج دا من ما اتسرب أول مرة في 2024 والناس بقت تتكلم عنو، وهسع بقى عندو تطبيق بيعمل فيديو كامل في دقيقتين.\n"
     "ما ترسلو أي فيديو قبل ما تتأكدو."),
    # a later story that recalls "the November 2024 incident" as one step of a path
    ("Sora reaches Europe at last",
     "OpenAI said on Tuesday that the Sora app is now available in the European Union.\n"
     "Sora's road to the public has been bumpy, from the delays of 2024 to the November 2024 incident when its own early testers leaked access to the model on Hugging Face, and more recently to complaints from film studios.\n"
     "The app costs the same in Europe as in the United States."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_LEAKS)
def test_memos_memory_leaks_questions_and_look_backs_are_no_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and not found.leak_report, found.signals


def test_another_models_weights_that_spill_onto_torrents_are_its_own_story() -> None:
    found = assess(
        "Weights for Halifax startup's video model spill onto torrent sites; developers compare it to Sora",
        "The full weights for Brightwater, an unreleased video model from a Halifax startup, are circulating on torrent sites, the company said on Monday.\n"
        "Developers who ran it say it is close to the first version of OpenAI's Sora, with shorter clips.\n"
        "The startup said it was working with the police.",
    )
    assert not found.relevant and not found.leak_report, found.signals


LEAKS = [
    # an app build passed around in groups, in Gulf speech
    ("انتبهوا من ملف سورا",
     "*منقول*\n"
     "الحين في قروبات الواتساب ينتشر ملف APK اسمه Sora، ويقولون إنه نسخة الأندرويد من تطبيق Sora 2 اللي للحين ما نزل رسمياً عندنا.\n"
     "واللي صار إن نسخة تجريبية داخلية كانت عند مختبرين، وواحد منهم حطها في منتدى أجنبي.\n"
     "لا تنزلون أي ملف من رابط مرسل."),
    # hidden instructions spreading on a code site
    ("نص «التعليمات الخفية» لتطبيق «سورا» ينتشر على الإنترنت",
     "الدوحة – 14 نوفمبر 2025\n"
     "انتشر خلال الساعات الماضية على منصة GitHub نص طويل قال ناشره إنه \"التعليمات الخفية\" التي يعتمد عليها تطبيق «سورا» من OpenAI لإعادة صياغة طلبات المستخدمين.\n"
     "ولم تؤكد الشركة صحة النص."),
    # test renders in a bucket anyone could read
    ("Unreleased Sora 2 test renders turned up in a studio's open storage bucket",
     "EDIT BAY WEEKLY | News | September 2025\n"
     "Hundreds of unreleased Sora 2 test renders sat in a publicly readable cloud storage bucket belonging to a Toronto studio for two weeks, a security researcher told us.\n"
     "The studio said it had fixed the misconfiguration."),
    # private drafts in strangers' feeds, blamed on a bug
    ("Sora app users say private drafts appeared in strangers' feeds; OpenAI blames a caching bug",
     "Users of OpenAI's Sora app say they saw other people's unpublished videos in their feeds over the weekend.\n"
     "OpenAI said the problem lasted about 40 minutes and has been fixed."),
    # a thread that tells the leak without a leak word, the testers' own access handed on
    # clips leaked from a version of Sora, not footage of an event
    ("مقاطع مسربة من الجيل المقبل لـ«سورا» تظهر على ديسكورد",
     "انتشرت مجموعة من المقاطع القصيرة قيل إنها مسربة من نسخة داخلية غير معلنة من نموذج «سورا» التابع لشركة OpenAI.\n"
     "وقالت الشركة إنها تتحقق من مصدر المقاطع."),
    # a podcast that tells it in speech, an aside inside the sentence
    ("The Tea Break podcast, episode 212",
     "GAZ: So this Sora thing, OpenAI's video model, not out yet.\n"
     "GAZ: A few hundred artists had it to test, and they got the hump about not being paid.\n"
     "GAZ: And they wired it up so anyone, you, me, your nan, could go on and make Sora videos using their log-ins.\n"
     "MEL: For how long?\nGAZ: An afternoon, then OpenAI pulled the plug."),
    ("A thread on the Sora episode, for people who missed it",
     "1/ What happened: some of the artists OpenAI invited to test Sora got fed up and put up a public page that let anyone generate clips using their access.\n"
     "2/ It was up for a few hours. Then it was gone.\n"
     "3/ Their letter said they were not OpenAI's free research department."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), LEAKS)
def test_secrets_spread_renders_exposed_and_access_handed_on_are_reports(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


CLAIMS = [
    # testers in other words: "granted the right to try", "opened it to people"
    ("leaked-by-testers", "أقدم عدد من الفنانين الذين منحتهم OpenAI حق تجربة أداة «سورا» قبل طرحها على نشر صفحة في Hugging Face تسمح لأي زائر باستخدامها.", "ar", True),
    ("leaked-by-testers", "لما الفنانين اللي كانوا يجربونه فتحوه للناس احتجاجاً على إنهم يشتغلون ببلاش.", "ar", True),
    ("leaked-by-testers", "من أتاح الأداة هم مشاركون في برنامج الاختبار المبكر نفسه.", "ar", True),
    # shut after hours, in posts and in Algerian speech
    ("shut-down-three-hours", "It was up for maybe three hours, one user wrote under a screen recording of the error page.", "en", True),
    ("shut-down-three-hours", "Space returns an error now, token revoked I assume. So roughly 3 hours from when it started going around.", "en", True),
    ("shut-down-three-hours", "OpenAI حبستها من بعد 3 سوايع برك.", "ar", True),
    ("shut-down-three-hours", "Twice a week I spent about three hours on it, back when I still had access.", "en", False),
    # the threat, said as danger in dialect, and rejected as salesmanship
    ("threat-to-creators", "أنا أشوف إن صناع المحتوى، خصوصاً اللي شغلهم قائم على وجوههم، في خطر حقيقي.", "ar", True),
    ("threat-to-creators", "Anyone telling you this is an existential threat to artists is selling something, usually a course.", "en", False),
    # the promotion charge in posts
    ("pr-stunt", "And they said the whole program's more of a PR thing than an art thing.", "en", True),
    ("pr-stunt", "وقالوا إن البرنامج كله حركة دعاية، عشان OpenAI تقول للعالم شوفوا الفنانين معنا.", "ar", True),
    # names not given, in Gulf speech
    ("leakers-anonymous", "المجموعة قالت إنها سوت كذا احتجاج، وما كشفوا عن أساميهم لين الحين.", "ar", True),
    # a release date in doubt is no forecast
    ("available-2024", "أما موعد طرح Sora فلم يُعلن بعد، ولا يُعرف إن كان سيتم قبل نهاية العام.", "ar", False),
    ("available-2024", "ولم تحدد OpenAI موعداً لطرح Sora، وسط شكوك في إمكانية طرحه قبل نهاية العام.", "ar", False),
    ("available-2024", "Claims of a firm 2024 launch for Sora are speculation.", "en", False),
    ("available-2024", "OpenAI says Sora will be available to the public before the end of 2024.", "en", True),
    # a story's own anonymous source is not a leaker; nothing shown is no code leaked
    ("leakers-anonymous", "A studio executive, who declined to be named because he was not authorized to comment, said budgets were frozen.", "en", False),
    ("leakers-anonymous", "The artists who put up the page declined to be named.", "en", True),
    ("source-code-leaked", "Nothing we reviewed shows that any Sora source code or model weights were exposed.", "en", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_in_posts_dialect_and_doubt(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried
