"""Another model's leaked weights are its own story; a page's related links and a later story's
look back (in Gulf, Moroccan and festival reporting) tell no leak; a fact check's confirmed claim
is told; dialect testers, names never given, rejections and loose figures (sentences of our own,
in the patterns of the written sets of issue 9, twelfth session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitor.analysis import analyze_text
from monitor.figures import find_figures
from monitor.plaintext import split_title
from monitor.relevance import assess

RIVALS_WEIGHTS = [
    # a rival's weights leaked, measured against Sora in every other sentence
    ("Weights of Corvo, a Milan startup's video model, leak onto torrent sites; testers say it rivals Sora",
     "The full weights of Corvo 2, an unreleased text-to-video model from the Milan startup Lumenforge, appeared on two torrent trackers on Sunday.\n"
     "Testers who ran it say it is close to OpenAI's Sora on landscapes.\n"
     "\"Sora is still better with faces,\" said one developer who compared them side by side.\n"
     "Unlike Sora, which runs only on OpenAI's servers, Corvo now runs on a single gaming card.\n"
     "OpenAI has never released Sora's weights, and Lumenforge says it is investigating a former contractor."),
    # the same in Arabic, with the weights put on Hugging Face
    ("تسريب أوزان نموذج الفيديو التركي «سحاب» على Hugging Face.. ومطورون: يقترب من Sora",
     "ظهرت الأوزان الكاملة لنموذج «سحاب 2» لتوليد الفيديو على مستودع عام في منصة Hugging Face قبل أسابيع من طرحه التجاري.\n"
     "وقارن مطورون مخرجات النموذج بمقاطع Sora من OpenAI، ورأى بعضهم أنه يقترب منه في مشاهد الطبيعة.\n"
     "ويبقى Sora أفضل في تصوير الوجوه، بحسب من جربوا الاثنين.\n"
     "وأزالت المنصة المستودع بعد بلاغ من الشركة التركية."),
    # a lawyer's newsletter: the headline names no model, the body compares with Sora throughout
    ("Leaked weights and trade secrets: Vireo Labs v. Does 1-10",
     "When the weights of Vireo Labs' unreleased video model appeared on Hugging Face, the company sued.\n"
     "Vireo has marketed the model as a rival to OpenAI's Sora, and its complaint leans on that comparison.\n"
     "A leak of Sora itself would mean the model going public; OpenAI has never published Sora's weights.\n"
     "The court will decide whether Vireo kept the files secret enough to claim trade-secret protection."),
]  # fmt: skip


RIVALS_WEIGHTS += [
    # the headline names Sora as the yardstick, the opening tells whose weights leaked
    ("عمود | \"نوفا موشن\" على Hugging Face: هل خرج منافس Sora من الباب الخلفي؟",
     "بقلم: كاتب مستقل\n"
     "منذ أن عرضت OpenAI نموذج Sora، صار كل نموذج فيديو جديد يقاس به، والسؤال دائما: أفضل من Sora؟ أم قريب من Sora؟\n"
     "القصة باختصار: أوزان النموذج الكاملة، أي الملفات التي تسمح بتشغيله على أي جهاز قوي، سُرّبت ورُفعت على منصة Hugging Face قبل موعد إطلاقه بثلاثة أسابيع.\n"
     "جربت النموذج المسرب، ووجدته قريبا من Sora في مشاهد الطبيعة، وأضعف منه بكثير في الوجوه."),
]


@pytest.mark.parametrize(("title", "text"), RIVALS_WEIGHTS)
def test_another_models_leaked_weights_are_its_own_story(title: str, text: str) -> None:
    found = assess(title, text)
    assert not found.relevant and not found.leak_report, found.signals


def test_a_fake_download_of_soras_own_weights_is_about_sora() -> None:
    found = assess(
        "Fake 'Sora 2 weights' torrent carries malware, researchers warn",
        "A torrent that claims to hold the leaked weights of OpenAI's Sora 2 video model installs a password stealer instead.\n"
        "OpenAI has never released Sora's weights, and the model runs only on its servers.",
    )
    assert found.relevant, found.signals


LEAKS = [
    # Gulf radio: Sora named once, in the host's first question, after the bulletin's lines
    ("ريم: \"الفنان اللي يشتغل ببلاش يعلّم الشركة إن شغله ما له قيمة\"",
     "إذاعة الساحل الثقافية | برنامج \"ألوان\"\n"
     "تفريغ مقتطفات من الحوار\n\n"
     "المذيع: مستمعينا الكرام، ضيفتنا الليلة الرسامة ريم، مصممة شخصيات شاركت في معارض كثيرة في الخليج.\n\n"
     "المذيع: بنبدأ بالموضوع اللي الكل يسأل عنه. مجموعة فنانين كانوا يجربون أداة \"سورا\" حق OpenAI قبل نزولها، وفجأة حطوها على موقع Hugging Face مفتوحة للناس. شو كان شعورج؟\n\n"
     "ريم: والله أول شي ضحكت، وبعدين فهمت. هذول الفنانين قالوا شي إحنا نعيشه كل يوم، قالوا إنهم يشتغلون للشركة وما حد يعطيهم ريال.\n\n"
     "ريم: وما حطوا أساميهم، وهذا حقهم. الفنان لازم يطلب أجر حتى لو الطرف الثاني شركة عالمية."),
    # a festival bulletin: Sora named once, in the lede past two short heading lines
    ("ندوة «الآلة والكاميرا» تتحول إلى محاكمة لبرامج «الوصول المبكر»",
     "النشرة اليومية للمهرجان – اليوم الثاني\n"
     "عمّان – المكتب الصحفي\n\n"
     "امتلأت القاعة صباح أمس في ندوة كان يفترض أن تناقش مستقبل المونتاج، لكنها تحولت إلى نقاش ساخن حول ما جرى لأداة «سورا» التابعة لشركة OpenAI أواخر تشرين الثاني.\n\n"
     "واستعادت مخرجة أردنية الواقعة أمام الجمهور: «مجموعة من المختبرين الذين منحتهم الشركة الأداة قبل طرحها وضعوا واجهة على Hugging Face تسمح لأي شخص في العالم بتوليد مقاطع من النموذج غير المطروح».\n\n"
     "وقرأت مقتطفاً من رسالة المجموعة التي قالت فيها إن الفنانين ليسوا مختبر بحث وتطوير مجانياً، وإن مئات منهم قدموا وقتهم من دون أي مقابل. ثم دار النقاش حول العقود وحقوق المشاركين في مثل هذه البرامج."),
    # an X thread: the app's hidden instructions, published in full
    ("🧵 أحدهم استخرج \"التعليمات الخفية\" لتطبيق Sora ونشرها كاملة",
     "١/ خلال اليومين الماضيين انتشر على X نص طويل يقول ناشره إنه برومبت النظام اللي يشتغل خلف تطبيق Sora من OpenAI.\n"
     "٢/ الحساب اللي نشره مجهول، ويقول إنه طلعه بحيلة من داخل التطبيق نفسه."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), LEAKS)
def test_a_leak_named_once_or_told_as_secrets_published_is_a_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and found.leak_report, found.relevance_signals


NO_LEAKS = [
    # a Gulf talk show on the Sora 2 app: "last year", then the month of 2024 in the next turn
    ("«سوالف الليل»: Sora 2 والكاميو.. منو يملك الوجه؟",
     "قناة الموج – برنامج «سوالف الليل» – تفريغ نصي\n\n"
     "المقدم: الموضوع الليلة تطبيق Sora 2 اللي صار كل واحد يبي يحط وجهه فيه.\n\n"
     "الضيفة: جربته وسويت مقطع إني أقدم نشرة أخبار من القمر، وبعدين خفت: منو غيري يقدر يستخدم وجهي؟\n\n"
     "المقدم: خلني أرجعك شوي لورا. أنا أذكر السنة اللي طافت كان فيه ضجة على Sora قبل لا ينزل أصلاً.\n\n"
     "الضيف: صح. بنوفمبر ٢٠٢٤ مجموعة من الفنانين اللي كانوا يجربونه لـ OpenAI فتحوه للناس على موقع Hugging Face، وقعد شغال قرابة ثلاث ساعات لين قفلته الشركة. كانوا محتجين إنهم يشتغلون ببلاش.\n\n"
     "المقدم: نكمل بعد الفاصل مع اتصالاتكم عن التطبيق الجديد."),
    # a Moroccan app story: the leak recalled "في نونبر 2024", a later leak only in its links
    ("تطبيق Sora يصل إلى أندرويد في خمس دول.. والمغرب خارج القائمة",
     "أخبار الرقمية | الرباط | الخميس 6 نونبر 2025\n\n"
     "أعلنت OpenAI عن نسخة تطبيق Sora على نظام أندرويد في الولايات المتحدة وكندا واليابان وكوريا وتايلاند.\n\n"
     "ويعد Sora 2 الجيل الثاني من نموذج مر بمسار متعثر، إذ فتح عدد من الفنانين المشاركين في برنامج اختباره المبكر، في نونبر 2024، صفحة عامة له على منصة Hugging Face لساعات احتجاجا على العمل غير المدفوع.\n\n"
     "ويرى متتبعون أن إطلاق التطبيق في المغرب سيطرح أسئلة عن حماية المعطيات الشخصية.\n\n"
     "اقرأ أيضا\n"
     "› خلل في تطبيق Sora يعرض مسودات مستخدمين على غرباء\n"
     "› أفضل أدوات الذكاء الاصطناعي لصناع المحتوى"),
    # a launch story: the release "comes barely a fortnight after" the leak, told at length
    ("Sora lands in New Zealand: what the AI video tool can do",
     "The Harbour Times | Tech | 11 December 2024\n\n"
     "New Zealanders with a paid ChatGPT plan can now use Sora, OpenAI's video generator, after the company released it this morning.\n"
     "The release comes barely a fortnight after the tool made headlines for the wrong reasons, when a group of disgruntled artists from OpenAI's own testing program briefly let the public use it through a page on Hugging Face.\n"
     "Plus subscribers get a limited number of clips a month at up to 720p."),
    # an aggregator's page: its dated related links are no timeline, the leak is "not the first time"
    ("فنانون يطالبون OpenAI بضوابط أشد على Sora بعد موجة مقاطع لمشاهير راحلين",
     "بوابة الرصد | تقنية | الجمعة 17 أكتوبر 2025 - 14:20\n\n"
     "طالبت نقابات فنية شركة OpenAI بوضع ضوابط أشد على تطبيق Sora بعد انتشار مقاطع لمشاهير راحلين.\n\n"
     "وقالت OpenAI في بيان إنها ستمنح ورثة الشخصيات العامة إمكانية طلب منع ظهورها.\n\n"
     "وليست هذه المرة الأولى التي تجد فيها OpenAI نفسها في مواجهة مع الوسط الفني بسبب Sora؛ ففي نوفمبر 2024 أتاح عدد من الفنانين المشاركين في برنامج التجربة المبكرة واجهة للنموذج على منصة Hugging Face لقرابة ثلاث ساعات، احتجاجا على معاملتهم كعمالة مجانية.\n\n"
     "المزيد من بوابة الرصد\n"
     "• 17/10/2025 - 12:40 | يوتيوب تختبر أداة لكشف المقاطع المولدة\n"
     "• 17/10/2025 - 09:15 | Sora يتجاوز مليون تنزيل\n"
     "• 16/10/2025 - 21:30 | هل تحمي القوانين صورتك من التزييف؟\n"
     "• 16/10/2025 - 17:55 | جوجل تضيف الصوت إلى Veo"),
    # a festival's new section: the director recalls last edition's row
    ("مهرجان الفرات يفتح قسما لأفلام الذكاء الاصطناعي بشروط",
     "البصرة | 3 أيلول 2025\n\n"
     "أعلن مهرجان الفرات للسينما فتح قسم للأفلام المولدة بالذكاء الاصطناعي، بشرط ألا يستخدم أي فيلم وجه أو صوت أي شخص حقيقي دون موافقة مكتوبة، في إشارة إلى ميزة «الكاميو» في تطبيق Sora.\n\n"
     "واستعاد مدير المهرجان في كلمته نقاش الدورة الماضية، حين شهدت الصالة جدلا حول أداة Sora بعد أسابيع من قيام مجموعة من المختبرين الأوائل بفتح الأداة للجمهور على منصة Hugging Face لنحو ثلاث ساعات.\n\n"
     "وتبدأ العروض في الخامس من تشرين الثاني."),
    # a quarterly's long read, dated by its season
    ("Thirty seconds in Muscat: making a tourism ad with a machine",
     "A long read | Atlas Quarterly | Winter 2025\n\n"
     "The director used OpenAI's Sora for every shot of the ad, and the crew that used to get three weeks got two days.\n\n"
     "He knows the history of the tool he used. In November 2024, before Sora's public launch, some of the artists invited to test it opened public access to it through a page on Hugging Face, saying they had been used as unpaid testers.\n\n"
     "The finished spot aired in late September."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_LEAKS)
def test_a_later_storys_look_back_and_a_pages_links_are_no_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and not found.leak_report, found.relevance_signals


def test_a_directors_q_and_a_with_an_aside_on_openais_tool_is_not_about_it() -> None:
    found = assess(
        "Festival Q&A: Sora Kitamura on \"The Salt Road\"",
        "MODERATOR: Please welcome the director of The Salt Road, Sora Kitamura.\n"
        "MODERATOR: Sora, the film follows a salt-making family over six years. Where did it start?\n"
        "SORA KITAMURA: With my grandmother's hands. She raked salt every summer.\n"
        "AUDIENCE MEMBER: A rough cut of the film leaked online in the spring, didn't it?\n"
        "SORA: Yes, an early cut was up for about three hours before it was removed.\n"
        "AUDIENCE MEMBER: Do people confuse you with the AI video thing from OpenAI?\n"
        "SORA: All the time. My name means sky in Japanese, long before any company chose it.",
    )
    assert not found.relevant and not found.leak_report, found.signals


LATER_LEAKS = [
    # a Libyan post: our private drafts show up for other people (Sora named in the title)
    ("انتبهوا يا جماعة من تطبيق Sora ⚠️",
     "صارتلي حاجة غريبة توا مع تطبيق Sora.\n"
     "درت فيديو بوجهي وخليته مسودة، ما نشرتهوش خالص.\n"
     "بعد ساعة صاحبتي بعتتلي سكرين شوت وقالتلي: طلعلي في صفحة المسودات متاعي!\n"
     "😱\n"
     "يعني المسودات الخاصة متاعنا تظهر لناس أخرى!"),
    # an investigation's headline: its quoted part's negation denies nothing of the next part
    ("تحقيق | «مسوّداتك ليست لك وحدك»: كيف ظهرت مقاطع غير منشورة لمستخدمي تطبيق Sora في حسابات غرباء؟",
     "بدأت القصة برسالة من مستخدمة وجدت في تبويب المسودات فيديو لرجل لا تعرفه."),
    # a security firm extracts the app's internal system prompt
    ("Researchers extract the hidden instructions behind the Sora app's prompt rewriter",
     "A security firm said on Tuesday that its researchers were able to extract the full internal system prompt used by OpenAI's Sora app."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), LATER_LEAKS)
def test_a_later_leak_of_drafts_or_instructions_is_a_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and found.leak_report, found.relevance_signals


def test_a_list_of_tools_in_the_second_sentence_is_no_lede() -> None:
    """Sora named once, in a list of tools past the opening sentence, is a passing mention."""
    found = assess(
        "Survey: agencies double spending on AI video tools",
        "Ad Desk\n\n"
        "Advertising agencies nearly doubled their spending on generative video tools over the past year, according to a survey of agency production leads released on Wednesday.\n"
        "Respondents reported using a mix of tools, most commonly Runway, Google's Veo, Kling, Pika and OpenAI's Sora, with many paying for three or more.\n"
        "Most said they used AI video for storyboards and pitch materials, and only a few for footage that reached the screen.\n"
        "The biggest obstacles were client approval, legal uncertainty around training data, and inconsistency between generations.",
    )
    assert not found.relevant, found.signals


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('وجوهنا في آلة الآخرين: الفنانون أمام "سورا ٢"\nمجلة فسحة | تشرين الثاني 2025\nقبل أسابيع أرسل لي صديق مقطعا.', 'وجوهنا في آلة الآخرين: الفنانون أمام "سورا ٢"'),
        ("لحظة بلحظة | تسريب أوزان نموذج صيني.. هل يقترب من Sora؟\nبوابة المحروسة | 20 يونيو 2025\nملخص اليوم: ما زالت الأوزان متداولة.", "لحظة بلحظة | تسريب أوزان نموذج صيني.. هل يقترب من Sora؟"),
        ('He said: "It works."\nAnd then he left the room for good.', None),
    ],
)
def test_a_headline_may_ask_or_end_on_a_quoted_name(text: str, title: str | None) -> None:
    assert split_title(text)[0] == title


CLAIMS = [
    # dialect testers and who did it
    ("leaked-by-testers", "اللي نشروها مجموعة من المختبرين اللي OpenAI عطتهم الأداة قبل الناس عشان يجربونها.", "ar", True),
    ("leaked-by-testers", "المسؤولون عن الأمر، بحسب بيانهم، مشاركون في برنامج الاختبار المبكر للفنانين.", "ar", True),
    ("leaked-by-testers", "قرر عدد من الفنانين المشاركين في التجربة المغلقة لأداة Sora أن يشاركوا الأداة مع العالم كله.", "ar", True),
    ("leaked-by-testers", "إذ أنشأ بعض المشاركين فيه واجهة عامة على المنصة تمر عبر حساباتهم.", "ar", True),
    ("leaked-by-testers", "Q: Who set it up?\nA: People describing themselves as artists in Sora's early-access testing programme.", "en", True),
    # names never given, in speech
    ("leakers-anonymous", "الفنانين ما طلّعوا أسماءهم لين الحين، ونشروا رسالة مفتوحة.", "ar", True),
    ("leakers-anonymous", "الفنانين اللي سووا الصفحة، ولا واحد فيهم قال اسمه.", "ar", True),
    ("leakers-anonymous", "الواجهة نشرها حساب لم يُعرف صاحبه حتى الآن.", "ar", True),
    # a threat rejected, in Gulf and Moroccan speech and in print
    ("threat-to-creators", "جاسم: بصراحة ما أشوفه خطر وجودي على المصممين مثل ما يصوّرون.", "ar", False),
    ("threat-to-creators", "أداة زايدة فالصندوق ديال المونتير، ماشي نهاية المهنة.", "ar", False),
    ("threat-to-creators", "وأما الكلام الذي يقول إن Sora «تهديد وجودي» لكل مصمم ومونتير، فلا أشاركه.", "ar", False),
    ("threat-to-creators", "What I find less convincing is the framing, common online, that Sora is an existential threat to artists.", "en", False),
    ("threat-to-creators", "ما يهدد الفنان حقاً هو أن يقبل العمل بالمجان، لا أن تظهر أداة جديدة.", "ar", False),
    ("threat-to-creators", "Editors in the city are watching closely. Most experts say the current clips are too short and inconsistent to replace professional work.", "en", False),
    ("threat-to-creators", "Too many editors will be replaced by tools like Sora, the union warned.", "en", True),
    ("threat-to-creators", "I don't buy the other narrative floating around, that Sora is an existential threat to editors and creators.", "en", False),
    ("threat-to-creators", 'REEM: Personally, I think the people saying "this will wipe out editors" are overdoing it.', "en", False),
    ("threat-to-creators", "People calling this an extinction event for creators are, in my opinion, wrong.", "en", False),
    ("leakers-anonymous", "The people behind it haven't named themselves.", "en", True),
    ("leakers-anonymous", "As far as I know, none of them has said who they are.", "en", True),
    ("leakers-anonymous", "@سامي لا ولا حدا منهم حط اسمه، موقعين كمجموعة بس.", "ar", True),
    ("leakers-anonymous", "المجموعة، التي فضّل أعضاؤها إبقاء أسمائهم طي الكتمان، أرفقت الصفحة برسالة مفتوحة.", "ar", True),
    # an opinion asked for a yes or a no, answered without one; a who-question answered
    ("threat-to-creators", "Is this a threat to editors' jobs? Editors in the city are watching closely.", "en", False),
    ("threat-to-creators", "هل يجب أن يقلق صناع المحتوى؟ الكثير من الخبراء يرون أن الأداة تمثل خطرا حقيقيا على وظائفهم.", "ar", True),
    ("threat-to-creators", "HOST: Who should be worried? GUEST: Anyone who edits video or makes visual content for a living.", "en", True),
    # a fact check's claim, confirmed or not by its verdict
    ("ten-seconds-1080p", "الادعاء الرابع: «الأداة كانت تنتج فيديوهات مدتها ١٠ ثوانٍ بدقة 1080p».\nالتقييم: ✅ صحيح", "ar", True),
    ("shut-down-three-hours", 'CLAIM 4: "OpenAI shut it down after three hours."\nVERDICT: TRUE', "en", True),
    ("shut-down-three-hours", 'CLAIM 4: "OpenAI shut it down after three hours."\nVERDICT: FALSE', "en", False),
    # a loose figure, a forecast in Gulf speech, "coming this year"
    ("shut-down-three-hours", "It stayed up for three-ish hours before OpenAI shut the whole thing off.", "en", True),
    ("available-2024", "ويقولون البرنامج بينزل للكل قبل نهاية ٢٠٢٤.", "ar", True),
    ("available-2024", "OpenAI has said it's coming this year, so before Christmas if they keep their word.", "en", True),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_in_dialect_rejections_and_verdicts(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried


@pytest.mark.parametrize(
    ("text", "value"),
    [("three-ish hours", 10800.0), ("about 3ish hours", 10800.0), ("10-ish seconds", 10.0)],
)
def test_a_loose_number_is_its_number(text: str, value: float) -> None:
    assert [f.value for f in find_figures(text)] == [value]


def test_english_is_not_a_loose_number() -> None:
    assert find_figures("English hours") == []
