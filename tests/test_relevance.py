"""Tests for monitor.relevance: OpenAI's Sora versus everything else called Sora; leak reports."""

from __future__ import annotations

import pytest

from monitor.relevance import RELEVANT_AT, Relevance, assess
from monitor.seedcopy import seed_text

# --- about OpenAI's Sora ---------------------------------------------------------------------

EN_LEAK = (
    "Artists leak access to OpenAI's Sora in protest",
    "A group of artists who were testing OpenAI's unreleased Sora video generator leaked access "
    "to it on Hugging Face on Tuesday. The leaked front end called an internal Sora API and let "
    "anyone generate 10-second clips. OpenAI shut it down about three hours later. The testers "
    "said they were being used as unpaid R&D.",
)
EN_LEAK_NO_WORD = (
    "Hackers briefly open OpenAI's Sora to the public via Hugging Face",
    "Outsiders with stolen API credentials posted a web interface on Hugging Face that anyone "
    "could use to make clips with the unreleased model. Within three hours OpenAI had revoked "
    "the credentials and the page stopped working.",
)
EN_SORA2 = (
    "OpenAI launches Sora 2 with sound and a TikTok-style app",
    "OpenAI on Tuesday released Sora 2, a video generation model that also produces synchronized "
    "dialogue and sound effects, together with an invite-only iPhone app called Sora. Users can "
    "insert themselves into scenes with a feature called cameos. Sam Altman said the model was "
    "a ChatGPT moment for video. Unlike last year, there were no leaks before the launch.",
)
EN_SORA2_ANIME = (
    "Japan asks OpenAI to stop Sora 2 from copying anime and manga characters",
    "The Japanese government has formally asked OpenAI to stop Sora 2 users from generating "
    "videos of anime and manga characters, after clips featuring Nintendo and Pokemon characters "
    "spread online. Sora, which means sky in Japanese, lets anyone create ten-second videos "
    "from a text prompt. OpenAI said it would give rights holders more control.",
)
EN_SORA_DRONE_SHOT = (
    "What OpenAI's Sora can and cannot do",
    "OpenAI's Sora turns text prompts into videos up to a minute long. One demo shows a drone "
    "shot of waves crashing against the cliffs of Big Sur; another shows woolly mammoths in "
    "snow. The AI model still struggles with physics, OpenAI admits.",
)
AR_SORA2 = (
    "أوبن إيه آي تطلق تطبيق Sora للهواتف",
    "أطلقت شركة OpenAI تطبيق Sora الجديد القائم على نموذج Sora 2 لتوليد الفيديو بالذكاء "
    "الاصطناعي، ويتيح التطبيق للمستخدمين إنشاء مقاطع فيديو قصيرة مع الصوت. وقال سام ألتمان إن "
    "النموذج الجديد يمثل لحظة فارقة، مؤكدا أنه لا توجد أي تسريبات قبل الإطلاق هذه المرة.",
)
AR_LEAK = (
    "تسريب أداة سورا على منصة Hugging Face",
    "سرّبت مجموعة من الفنانين المشاركين في اختبار أداة سورا من أوبن إيه آي إمكانية الوصول إلى "
    "الأداة عبر منصة Hugging Face. وأتاح المشروع المسرب للمستخدمين توليد مقاطع فيديو مدتها عشر "
    "ثوان، قبل أن تغلقه الشركة بعد ثلاث ساعات من التسريب.",
)
AR_SORA_LATIN_ONLY = (
    "كيف تستخدم Sora لإنشاء فيديو من نص",
    "يمكنك الآن تحويل النص إلى فيديو باستخدام Sora من OpenAI. اكتب وصفا للمشهد الذي تريده، "
    "وسيقوم النموذج بتوليد مقطع فيديو خلال دقائق.",
)


@pytest.mark.parametrize(
    ("article", "leak"),
    [
        (EN_LEAK, True),
        (EN_LEAK_NO_WORD, True),
        (AR_LEAK, True),
        (("", seed_text()), True),
        (EN_SORA2, False),
        (EN_SORA2_ANIME, False),
        (EN_SORA_DRONE_SHOT, False),
        (AR_SORA2, False),
        (AR_SORA_LATIN_ONLY, False),
    ],
)
def test_relevant_articles(article: tuple[str, str], leak: bool) -> None:
    result = assess(*article, None)
    assert result.relevant, result.signals
    assert RELEVANT_AT <= result.score <= 1.0
    assert result.leak_report is leak, result.signals


# --- everything else called Sora, and AI news without Sora -----------------------------------

HARD_NEGATIVES = {
    "kingdom-hearts-en": (
        "Kingdom Hearts 4 trailer shows Sora in a realistic new world",
        "Square Enix released a new trailer for Kingdom Hearts 4 showing Sora exploring the "
        "realistic city of Quadratum. Sora, Riku and Kairi return, and Tetsuya Nomura says the "
        "Keyblade wielder's story enters a new saga. The video shows Sora fighting Heartless.",
    ),
    "smash-en": (
        "Sora is the final Super Smash Bros. Ultimate DLC fighter",
        "Masahiro Sakurai revealed that Sora from Kingdom Hearts joins Smash Bros. Ultimate as "
        "the last DLC fighter. Nintendo will release Sora on October 18, with an amiibo later.",
    ),
    "soranews-en": (
        "SoraNews24 tries Tokyo's new all-you-can-eat ramen shop",
        "Our reporter at SoraNews24 spent an afternoon at a ramen shop in Shibuya that charges a "
        "flat fee for unlimited bowls. SoraNews24 previously reviewed the chain's curry menu.",
    ),
    "person-en": (
        "Sora Amamiya announces new single and concert tour",
        "Voice actress and singer Sora Amamiya will release her new single in March, followed by "
        "a concert tour across Japan. Amamiya is known for her roles in popular anime series.",
    ),
    "japanese-word-en": (
        "Sora: a rooftop bar with a view of the Kyoto sky",
        "The bar is called Sora, the Japanese word for sky, and it sits on the tenth floor of a "
        "hotel near Kyoto station. Sora serves local sake and small plates until midnight.",
    ),
    "drone-sora-en": (
        "EASA publishes guidance on SORA 2.5 for drone operators",
        "The European Union Aviation Safety Agency has published new acceptable means of "
        "compliance for the Specific Operations Risk Assessment (SORA) developed by JARUS. "
        "UAS operators must assess the ground risk and air risk before BVLOS flights; SORA 2.5 "
        "simplifies the SAIL determination.",
    ),
    "openai-no-sora-en": (
        "OpenAI releases GPT-5 to all ChatGPT users",
        "OpenAI said on Thursday that GPT-5 is now the default model in ChatGPT. Sam Altman "
        "called it the company's smartest model so far. The AI model also powers video analysis.",
    ),
    "ai-video-no-sora-en": (
        "Google's Veo 3 generates video with sound",
        "Google has released Veo 3, a text-to-video model that produces clips with dialogue and "
        "sound effects. Runway and Pika have also updated their AI video generators this month.",
    ),
    "kingdom-hearts-ar": (
        "سورا يعود في الإعلان الجديد للعبة كينغدم هارتس 4",
        "كشفت سكوير إنكس عن إعلان جديد للعبة كينغدم هارتس 4 يظهر فيه سورا في مدينة جديدة، إلى "
        "جانب ريكو وكايري. وقال المخرج تيتسويا نومورا إن قصة سورا تدخل مرحلة جديدة في ألعاب "
        "الفيديو.",
    ),
    "smash-ar": (
        "انضمام سورا إلى سماش براذرز ألتيميت",
        "أعلنت نينتندو أن شخصية سورا من سلسلة مملكة القلوب ستنضم إلى لعبة سماش براذرز كآخر "
        "مقاتل في المحتوى الإضافي، وستتوفر الشخصية للاعبين في أكتوبر.",
    ),
    "person-ar": (
        "المغنية اليابانية سورا أماميا تطلق ألبوما جديدا",
        "أعلنت الممثلة الصوتية والمغنية اليابانية سورا أماميا عن ألبومها الجديد، وتشتهر أماميا "
        "بأدوارها في مسلسلات الأنمي الشهيرة، وستبدأ جولة غنائية في طوكيو الشهر المقبل.",
    ),
    "japanese-word-ar": (
        "مقهى سورا في كيوتو: إطلالة على السماء",
        "يحمل المقهى اسم سورا، وهي كلمة يابانية تعني السماء، ويقع في الطابق العاشر من فندق قرب "
        "محطة كيوتو، ويقدم الشاي الأخضر والحلويات اليابانية حتى منتصف الليل.",
    ),
    "drone-sora-ar": (
        "الطيران المدني يعتمد منهجية SORA لتقييم مخاطر الطائرات بدون طيار",
        "اعتمدت الهيئة العامة للطيران المدني منهجية SORA الصادرة عن JARUS لتقييم مخاطر العمليات "
        "المحددة للطائرات بدون طيار، ويتعين على المشغلين تقييم المخاطر الأرضية والجوية قبل "
        "الطيران.",
    ),
    "quran-ar": (
        "تفسير سورة البقرة الآية 255",
        "آية الكرسي هي الآية 255 من سورة البقرة، وهي أعظم آية في القرآن الكريم. وتأتي سورة البقرة "
        "في مقدمة سور القرآن من حيث الطول، وقد ورد في فضلها أحاديث كثيرة.",
    ),
    "quran-careless-ar": (
        "فضل قراءه سوره الكهف يوم الجمعه",
        "يحرص المسلمون علي قراءه سوره الكهف يوم الجمعه، وقد ورد في فضل هذه السوره احاديث كثيره، "
        "وتبدا السوره بالحمد لله الذي انزل علي عبده الكتاب.",
    ),
    "openai-no-sora-ar": (
        "أوبن إيه آي تطلق GPT-5 لجميع مستخدمي شات جي بي تي",
        "أعلنت شركة OpenAI أن نموذج GPT-5 أصبح النموذج الافتراضي في ChatGPT، وقال سام ألتمان إنه "
        "أذكى نموذج للذكاء الاصطناعي طورته الشركة حتى الآن.",
    ),
    "ai-video-no-sora-ar": (
        "جوجل تطلق Veo 3 لتوليد الفيديو بالذكاء الاصطناعي",
        "أطلقت جوجل نموذج Veo 3 القادر على توليد الفيديو مع الصوت انطلاقا من وصف نصي، في منافسة "
        "مباشرة مع أدوات توليد الفيديو الأخرى مثل Runway وPika.",
    ),
    "soranews-ar": (
        "موقع SoraNews24 يجرب مطعم رامن جديدا في طوكيو",
        "جرب محرر موقع SoraNews24 الياباني مطعم رامن يقدم أطباقا غير محدودة مقابل سعر ثابت في "
        "حي شيبويا، وسبق للموقع أن كتب عن سلسلة المطاعم نفسها.",
    ),
}


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives(name: str) -> None:
    result = assess(*HARD_NEGATIVES[name], None)
    assert not result.relevant, result.signals
    assert not result.leak_report
    assert 0.0 <= result.score < RELEVANT_AT


def test_no_sora_means_score_zero() -> None:
    result = assess(*HARD_NEGATIVES["ai-video-no-sora-en"], "en")
    assert result == Relevance(False, 0.0, False, ("no-sora",))


def test_surah_is_not_sora_even_after_ta_marbuta_folding() -> None:
    # fold() turns سورة into سوره; neither may count as a mention of Sora.
    result = assess("سورة الكهف", "سورة الكهف سوره الكهف سوره يس", "ar")
    assert result.signals == ("no-sora",)


def test_counter_signals_are_reported() -> None:
    result = assess(*HARD_NEGATIVES["kingdom-hearts-en"], "en")
    assert "-game" in result.signals and "unanchored" in result.signals


def test_signals_explain_a_relevant_article() -> None:
    result = assess(*EN_LEAK, "en")
    assert {"sora-in-title", "openai"} <= set(result.signals)
    assert any(s.startswith("sora:") for s in result.signals)
    assert any(s.startswith("leak:") for s in result.signals)


def test_title_weighs_more_than_body() -> None:
    body = "The company also mentioned Sora in passing, with its other AI products from OpenAI."
    in_body = assess("OpenAI quarterly update", body, "en")
    in_title = assess("OpenAI's Sora update", body, "en")
    assert in_title.score > in_body.score


# --- leak reports: not every mention of a leak is one ----------------------------------------


@pytest.mark.parametrize(
    "article",
    [
        (
            "Sora 2 has no leaks this time",
            "OpenAI kept Sora 2 under wraps: there were no leaks of the model, its API or the "
            "app before launch. Sora 2 is available to the public in the US and Canada.",
        ),
        (
            "OpenAI tightens security to prevent leaks of Sora",
            "OpenAI said it will prevent leaks of Sora by limiting API access for testers.",
        ),
        (
            "لا تسريبات هذه المرة: أوبن إيه آي تطلق Sora 2",
            "أطلقت OpenAI نموذج Sora 2 لتوليد الفيديو، ولم يتم تسريب أي شيء قبل الإطلاق. "
            "وأصبح التطبيق متاحا للجميع في الولايات المتحدة.",
        ),
        (
            "Sora 2 review: the best AI video app yet",
            "We tested OpenAI's Sora 2 app for a week. Sora 2 makes convincing videos with sound, "
            "and the cameo feature is fun. Last year's leak is long forgotten.",
        ),
    ],
)
def test_relevant_but_not_a_leak_report(article: tuple[str, str]) -> None:
    result = assess(*article, None)
    assert result.relevant, result.signals
    assert not result.leak_report, result.signals


def test_leak_vocabulary_without_sora_is_no_leak_report() -> None:
    result = assess(
        "Water leak floods Tokyo station",
        "A burst pipe leaked water into the Sora line platform; the leak was fixed by noon.",
        "en",
    )
    assert not result.relevant and not result.leak_report


def test_empty_input() -> None:
    assert assess("", "", None) == Relevance(False, 0.0, False, ("no-sora",))


@pytest.mark.parametrize(
    "article",
    [
        (
            "Fan makes AI-generated Kingdom Hearts 4 trailer starring Sora",
            "A fan used generative AI to make an AI-generated trailer in which Sora and Riku "
            "fight in a realistic city. The AI video went viral among Kingdom Hearts fans.",
        ),
        # "سورا" is also the accusative plural of سورة, and سوريا is Syria.
        ("", "قرأ الإمام سورا قصيرة من القرآن الكريم في صلاة الفجر، ثم ألقى درسا في الآيات."),
        ("سوريا اليوم", "أعلنت الحكومة في سوريا عن خطة جديدة لإعادة الإعمار في عدة محافظات."),
        # "تطبيق SORA" is applying the drone-risk method, here beside a swarm (سرب) of drones
        # and video from their cameras.
        (
            "هيئة الطيران تعتمد منهجية SORA للطائرات المسيرة",
            "قررت الهيئة اعتماد منهجية SORA لتقييم مخاطر تشغيل الطائرات المسيرة في المدن. "
            "وقال مدير السلامة إن تطبيق SORA سيوحد التقييم، وإن من يشغل سربا من الطائرات "
            "يحتاج تقييما منفصلا. وستحلل الهيئة بالذكاء الاصطناعي مقاطع الفيديو التي تسجلها "
            "كاميرات الطائرات، وكانت مسودة الدليل قد تسربت قبل صدوره.",
        ),
        # A filmmaker called Sora, whose AI-assisted short leaked before its premiere.
        (
            "Sora Whitfield's AI-assisted short leaks before its premiere",
            "Animator Sora Whitfield says a screener of her short film leaked online a week before "
            "its festival premiere. The film mixes painted backgrounds with shots made with an AI "
            "video generator. Clips spread on X within hours, Whitfield said, and the upload was "
            "taken down after a copyright complaint.",
        ),
        # The Italian town, and its AI-made promotional video (made with another model).
        (
            "بلدة سورا الإيطالية تسحب فيديو مولدا بالذكاء الاصطناعي",
            "سحبت بلدية سورا في إقليم فروزينوني بمنطقة لاتسيو فيديو ترويجيا أنتج بأداة لتوليد "
            "الفيديو بالذكاء الاصطناعي، بعد سخرية السكان من مشاهد لا تشبه بلدتهم ولا نهر ليري.",
        ),
        # A footballer called Sora, whose surname then goes on alone; a fake clip of him.
        (
            "Sora Tanabe's move abroad: a forged video adds to the confusion",
            "Midfielder Sora Tanabe is close to a loan move to Portugal, according to papers "
            "posted on a fan forum. Tanabe's club says no deal is signed. A clip made with an AI "
            "video generator that showed Tanabe in a Lisbon shirt spread on X on Sunday, and the "
            "club called it fabricated. Tanabe trained with his team as usual on Monday.",
        ),
        # The town again, where OpenAI is named only to tell the two apart.
        (
            "بلدة سورا الإيطالية تروج لنفسها بفيديو مولد وتوضح: لا علاقة لنا بأداة OpenAI",
            "أطلقت بلدية سورا في إقليم فروزينوني فيديو ترويجيا صنعته شركة محلية بأداة إيطالية "
            "لتوليد الفيديو بالذكاء الاصطناعي. وظن مستخدمون أن المقطع من إنتاج أداة سورا التابعة "
            "لشركة OpenAI، فأوضحت البلدية أنه لا علاقة لها بالشركة الأمريكية.",
        ),
        # Another model's leak, which names Sora only as what the model rivals.
        (
            "Testers leak Marlin, a startup's unreleased video model, on Hugging Face",
            "Marlin, pitched by its makers as a rival to Sora and Veo, was posted on Hugging Face "
            "by members of its closed beta on Friday and stayed up for about three hours. "
            "Clips made with it spread on X. The startup, which sells Marlin as a cheaper "
            "alternative to OpenAI's Sora, said the testers had broken their agreements and "
            "that its paid service will launch next month as planned.",
        ),
        # The town again, whose name it shares "by coincidence" with OpenAI's tool.
        (
            "In the Italian town of Sora, a film festival turns away AI films",
            "The Liri runs through Sora, a town in the province of Frosinone. Its short-film "
            "festival will no longer take films made with generative AI video tools. The town "
            "shares its name, by coincidence, with OpenAI's video generator, and locals joked "
            "about it online.",
        ),
        # Another model's leak, which names Sora once, as the episode it echoes.
        (
            "Testers post the Heron video model's weights on Hugging Face",
            "Beta testers of Heron, a startup's unreleased AI video model, uploaded its weights "
            "to Hugging Face over the weekend in protest at working unpaid. The files were "
            "mirrored on torrent sites before a takedown. Anyone with a large graphics card can "
            "now run the model without its filters. The protest echoes an episode involving "
            "OpenAI's Sora in November 2024, when artists in its early-access programme leaked "
            "access to it on Hugging Face. The startup says Heron will still launch in April, and "
            "that it is weighing legal action against the testers.",
        ),
        # Another model's leak; Sora named once, six words after the rival's word.
        (
            "Beta testers leak Quill Labs' unreleased Inkwell 2 video model",
            "Quill Labs shut down a public demo of its unreleased Inkwell 2 model on Thursday "
            "after members of its closed beta leaked access to it on Hugging Face. The demo ran "
            "for two hours and dozens of its clips were shared on X. The testers said they had "
            "been paid with a T-shirt. The leak comes as smaller labs compete for attention "
            "with OpenAI's Sora 2 and Google's Veo.\nQuill said no model weights were exposed.",
        ),
        # Another model's weights, compared with Sora's leak "as happened before".
        (
            "تسريب أوزان نموذج مفتوح لتوليد الفيديو",
            "تداول مطورون هذا الأسبوع ملفات قيل إنها الأوزان الكاملة لنموذج ناشئ لتوليد الفيديو "
            "بالذكاء الاصطناعي، ونشرت نسخ منها على منصات لمشاركة الملفات. وقالت الشركة المطورة "
            "إنها تحقق في الأمر مع شركائها في برنامج الاختبار. ويقول باحث إن الأوزان حين تخرج "
            "لا يمكن استعادتها، والفرق بينها وبين تسريب واجهة استخدام، كما حدث سابقا مع سورا، أن "
            "الواجهة تغلق بضغطة زر. وتقول الشركة إنها ستطلق النموذج رسميا الشهر المقبل كما كان "
            "مقررا، وإنها ستراجع عقود المختبرين جميعا بعد الحادثة.",
        ),
        # An animator called Sora, joking about the OpenAI tool that shares her first name.
        (
            "An animator called Sora wins with a hand-drawn short",
            "Sora Ito drew every frame of her short film by hand. People ask at festivals whether "
            "she is the AI, Ito said, meaning the video generator from OpenAI that shares her "
            "first name. Her name means sky in Japanese.",
        ),
        # Another model's weights on Hugging Face: Sora listed with a rival, then the precedent
        # the story recalls, then "in Sora's case" (written-43).
        (
            "تسريب ملفات نموذج «سحاب» لتوليد الفيديو على Hugging Face",
            "رفع مستخدم ملفات نموذج «سحاب» لتوليد الفيديو إلى Hugging Face قبل موعد إطلاقه. "
            "وتقدمه الشركة منافسا لأدوات مغلقة مثل «سورا» من OpenAI و«Veo» من جوجل. "
            "وأعادت الواقعة إلى الأذهان ما جرى مع «سورا» قبل عام. "
            "ويقول مطور إن الأمر في حالة سورا كان واجهة فقط، أما هنا فالملفات نفسها صارت متاحة.",
        ),
        # A hand-painted short called Sora, at a festival that talks of AI video (written-48).
        (
            "A hand-painted Sora at the festival",
            "Sora, a short by a fictional director, is painted frame by frame; sora, in "
            "Japanese, is the sky it shows. Everyone at the festival talked about AI video "
            "generators, and the director was asked whether she had used one.",
        ),
        # The namesake disowns OpenAI's Sora, whatever else it names (written-54, -56, -57).
        (
            "Three quiet days in Sora (no, not that Sora)",
            "Friends asked whether I meant OpenAI's video app. I meant the town on the Liri, "
            "its castle and its river, ninety minutes from Rome by train.",
        ),
        (
            "Sora Labs raises $14M for call-centre voices",
            "Sora Labs builds voice agents for customer-service lines. The start-up has no "
            "connection to OpenAI's Sora video generator, its founder said, and the name means "
            "sky in Japanese.",
        ),
        (
            "عملة SORA تقفز 18% في يوم",
            "ارتفعت عملة XOR الخاصة بشبكة SORA بعد تصدر كلمة Sora محركات البحث. ونؤكد لقرائنا: "
            "لا توجد أي علاقة بين شبكة SORA وأداة OpenAI، ولا تملك الشركة عملة رقمية.",
        ),
        (
            "A junior's AI-video detector wins the science fair",
            "Sora Hale, 17, trained a model to spot machine-made clips, using videos from tools "
            "by Google, Runway and OpenAI. Hale said the detector is right nine times in ten. "
            "Hale plans to publish the code this summer.",
        ),
        # A footballer called Sora, scouted with an AI video platform (written-60).
        (
            "الياباني سورا كاتاياما ينضم إلى نادي الساحل",
            "أعلن النادي التعاقد مع لاعب الوسط الياباني سورا كاتاياما في صفقة انتقال حر. وتابع "
            "الجهاز الفني سورا بمنصة لتحليل الفيديو بالذكاء الاصطناعي ترصد تحركات اللاعبين.",
        ),
        (
            "وثيقة مسربة: رنواي دربت نموذجها على مقاطع يوتيوب",
            "عالم التقنية اليوم\n"
            "الجمعة 26 يوليو 2024 – ترجمة وتحرير: فريق الموقع\n"
            "كشفت وثيقة داخلية مسربة أن شركة رنواي دربت نموذجها Gen-3 Alpha على مقاطع من يوتيوب. "
            "ويعد Gen-3 Alpha من أبرز المنافسين لنموذج سورا الذي لم تطرحه OpenAI بعد، وقال "
            "موظفون في رنواي إن الفريق جمع آلاف المقاطع دون إذن أصحابها.",
        ),
    ],
    ids=["kingdom-hearts-trailer", "surah-plural", "syria", "sora-method-applied",
         "a-filmmaker-called-sora", "the-town-of-sora", "a-footballer-called-sora",
         "the-town-told-apart-from-openais-sora", "a-rival-that-names-sora-as-its-yardstick",
         "the-town-that-shares-its-name-by-coincidence", "a-leak-that-echoes-soras",
         "compete-for-attention-with-sora", "as-happened-before-with-sora-ar",
         "an-animator-who-shares-the-name", "listed-recalled-and-compared-ar",
         "a-hand-painted-short-called-sora", "not-that-sora", "no-connection-to-openais-sora",
         "no-connection-to-openai-ar", "a-student-called-sora-beside-openais-tools",
         "a-footballer-scouted-by-ai-video-ar", "a-rivals-leak-named-among-soras-competitors-ar"],
)
def test_more_hard_negatives(article: tuple[str, str]) -> None:
    assert not assess(*article, None).relevant


@pytest.mark.parametrize(
    "article",
    [
        # Other Sora-worlds' words and an everyday "nothing to do with", far from a namesake.
        (
            "Artists leak OpenAI's Sora",
            "A group of artists leaked access to Sora, OpenAI's unreleased video generator, on "
            "Hugging Face. Users made clips of anime characters and sweeping drone shots. The "
            "artists said the protest had nothing to do with money.",
        ),
        # Rival words that make no rival model of Sora's subject.
        (
            "Artists leak OpenAI's video generator",
            "Testers leaked access to OpenAI's unreleased video model on Hugging Face. "
            "Illustrators and animators said they could never compete with Sora.",
        ),
        (
            "Artists leak OpenAI's video generator",
            "Testers leaked access to OpenAI's unreleased video model on Hugging Face. OpenAI "
            "did not answer questions about Sora.",
        ),
        (
            "Artists leak OpenAI's video generator",
            "Testers leaked access to OpenAI's unreleased video model on Hugging Face while "
            "rivals were racing to ship alternatives. Sora, as the tool is called, was usable "
            "by anyone for three hours.",
        ),
    ],
    ids=["nothing-to-do-with-money", "never-compete-with-sora", "did-not-answer",
         "alternatives-then-sora-in-the-next-sentence"],
)
def test_sora_articles_with_look_alike_words_stay_about_sora(article: tuple[str, str]) -> None:
    found = assess(*article)
    assert found.relevant and found.leak_report, found.signals


def test_a_fake_file_disowned_beside_openais_app_is_still_about_sora() -> None:
    """The file has no connection to OpenAI's app: the article is about Sora 2, not a namesake."""
    found = assess(
        "تحذير: «نسخة سورا المسربة» على واتساب برنامج خبيث",
        "يتداول مستخدمون رسالة تعد بتحميل نسخة مسربة من تطبيق Sora 2. وتؤكد فحوصاتنا أن الملف "
        "لا علاقة له بتطبيق OpenAI، وأنه برنامج خبيث يسرق رموز التحقق المصرفية.",
    )
    assert found.relevant and not found.leak_report, found.signals


@pytest.mark.parametrize(
    "article",
    [
        # An exposed key, a prompt an Arabic headline says a user "publishes", access tokens
        # put inside a public page (written-54, -56, -57).
        (
            "An agency's exposed key let strangers run up a $40,000 Sora bill",
            "For nine days, anyone who found the key could make videos with OpenAI's Sora 2 Pro "
            "on the agency's account.",
        ),
        (
            "مستخدم ينشر «التعليمات الخفية» لتطبيق Sora على GitHub",
            "نشر مطور يستخدم اسما مستعارا نصا قال إنه التعليمات التي يعمل بها تطبيق Sora.",
        ),
        (
            "أبواب سورا تفتح رغما عن OpenAI",
            "مجموعة من المشاركين في برنامج الاختبار المبكر لـ«سورا» وضعت رموز الوصول الخاصة بها "
            "داخل صفحة عامة، فصار بإمكان أي زائر أن يطلب مقطعا من الأداة.",
        ),
        (
            "خلل في تطبيق «سورا» يعرض مسودات خاصة لمستخدمين على غرباء",
            "أوقفت OpenAI مؤقتا ميزة إعادة المزج في تطبيقها للفيديو بعد شكاوى المستخدمين.",
        ),
    ],
    ids=["an-exposed-key", "a-user-publishes-the-hidden-instructions-ar",
         "access-tokens-in-a-public-page-ar",
         "a-flaw-that-shows-drafts-to-strangers-in-the-title-ar"],
)
def test_secrets_out_without_the_word(article: tuple[str, str]) -> None:
    found = assess(*article)
    assert found.relevant and found.leak_report, found.signals


@pytest.mark.parametrize(
    "article",
    [
        ("Sora 2 API tips", "OpenAI published advice on what to do with an exposed key."),
        (
            "OpenAI's guide to Sora keys",
            "Nobody has found a stolen API key for Sora 2, OpenAI said.",
        ),
    ],
    ids=["openais-advice-on-exposed-keys", "no-stolen-key-found"],
)
def test_keys_not_out(article: tuple[str, str]) -> None:
    found = assess(*article)
    assert found.relevant and not found.leak_report, found.signals


def test_a_namesake_made_with_openais_sora_is_about_sora() -> None:
    """A fan film about Kingdom Hearts' Sora made with Sora 2: the tool is OpenAI's, named."""
    article = (
        "معجب يصنع فيلما عن سورا بطل Kingdom Hearts بأداة Sora 2",
        "استخدم صانع محتوى تطبيق Sora من OpenAI لإنتاج فيلم قصير عن سورا بطل سلسلة Kingdom "
        "Hearts، وقال إن الاسم نفسه كان نصف الفكرة، وإن شخصية اللعبة لا علاقة لها بالأداة "
        "سوى الاسم. وحصد الفيلم مليون مشاهدة في يومين.",
    )
    assert assess(*article, None).relevant


def test_a_kingdom_hearts_leak_with_one_aside_about_openai_is_about_the_game() -> None:
    """written-47: the game's leak, and OpenAI's Sora 2 named in one aside."""
    english = (
        "Kingdom Hearts 4 footage leaks, and Sora has a new coat",
        "A clip from an internal build of Kingdom Hearts 4 leaked on X on Monday, showing Sora "
        "with his Keyblade in a new city. Square Enix had it taken down within hours. Some fans "
        "asked whether OpenAI's Sora 2 app had made it, which it had not. The clip shows Sora "
        "fighting alongside Donald and Goofy.",
    )
    arabic = (
        "تسريب مقطع من Kingdom Hearts 4 يظهر سورا بملابس جديدة",
        "انتشر على منصة X مقطع مسرب من نسخة داخلية للعبة Kingdom Hearts 4 يظهر فيه سورا "
        "بمفتاحه الشهير. وسارعت سكوير إنكس إلى حذفه. (لا علاقة لهذا الخبر بأداة Sora من "
        "OpenAI.) ويظهر سورا في المقطع في مدينة جديدة.",
    )
    for title, text in (english, arabic):
        assert not assess(title, text).relevant, title


def test_sora_speaking_japanese_is_still_about_sora() -> None:
    found = assess(
        "Sora learns to speak in Japanese",
        "The video generator can now give its characters spoken lines in Japanese. OpenAI "
        "announced the update on Tuesday. Users in Tokyo had asked for it.",
    )
    assert found.relevant, found.signals


def test_a_game_headline_over_a_story_about_openais_sora_is_about_sora() -> None:
    """A namesake's word in the headline, and OpenAI's Sora named throughout the story."""
    found = assess(
        "Kingdom Hearts fans flood feeds with AI trailers",
        "Fans of Kingdom Hearts used OpenAI's Sora 2 app to make trailers for a game that does "
        "not exist. The Sora app's feed filled with them within a day. OpenAI said the clips "
        "follow its rules on characters.",
    )
    assert found.relevant, found.signals


@pytest.mark.parametrize(
    "article",
    [
        (
            "Fact check: those 'leaked Sora 2' videos are fake",
            "Videos said to be leaked from OpenAI's Sora 2 were made with other tools. There is "
            "no evidence that any Sora model or code was exposed, and nothing leaked.",
        ),
        (
            "تقصي الحقيقة: مقاطع «مسربة» من Sora 2 مفبركة",
            "انتشرت مقاطع قيل إنها «مسربة» من نموذج Sora 2 التابع لشركة OpenAI، لكن لا دليل على "
            "تسريب أي شيء، والمقاطع مصنوعة بأدوات أخرى لتوليد الفيديو.",
        ),
        # A fact check's answer in its headline, and its verdict atop the text.
        (
            "No, Sora 2's weights are not on Telegram: the 'leaked model' links carry malware",
            "Verdict: False. Channels shared links said to hold OpenAI's leaked Sora 2 model for "
            "anyone to download; the file is a password stealer.",
        ),
        (
            "روابط نموذج Sora 2 على تيليغرام تحمل برمجيات خبيثة",
            "منصة للتحقق - الحكم: زائف\nتداولت قنوات منشورات تزعم أن نموذج Sora 2 من OpenAI "
            "سُرّب وأن بإمكان أي شخص تنزيله مجانا.",
        ),
        # A "leaked" download that is a trap (the quotes' shadda is no escape).
        (
            "تحذير: «نسخة سورا المسرّبة» تطبيق احتيال يسرق بياناتك",
            "تنتشر رسائل تعد بتحميل نسخة مسرّبة من تطبيق Sora 2 من OpenAI، والملف برنامج خبيث.",
        ),
        # "What if" is a question about a leak that did not happen.
        (
            "What if Sora's weights leaked?",
            "Developers keep asking what would happen if OpenAI's Sora model leaked onto the "
            "internet. It has not happened, and nothing suggests it will.",
        ),
        (
            "تحذير من روابط «سورا المسرّب»",
            "الرياض\nحذر مختصون من روابط تعد بتحميل سورا. وأكد باحث أنه لا يوجد أي دليل على "
            "تسريب نموذج Sora من OpenAI أو أوزانه.",
        ),
        (
            "ماذا لو تسربت أوزان Sora إلى الإنترنت؟",
            "يسأل مطورون عما سيحدث لو تسرب نموذج Sora من OpenAI، وهو ما لم يحدث حتى الآن.",
        ),
        # Secrets of the model out in the open, but only imagined or denied.
        (
            "Forum questions",
            "People keep asking what would happen if the model weights of OpenAI's Sora were "
            "uploaded for anyone to download.",
        ),
        (
            "A correction",
            "Nobody has posted the source code of OpenAI's Sora on Hugging Face, the company said.",
        ),
        (
            "Sora 2 cameos could leak your likeness, experts warn",
            "Privacy experts say OpenAI's Sora 2 cameo feature could leak your face to strangers. "
            "OpenAI says users control who may use their cameo.",
        ),
    ],
)
def test_debunks_and_hypotheticals_are_not_leak_reports(article: tuple[str, str]) -> None:
    result = assess(*article, None)
    assert result.relevant, result.signals
    assert not result.leak_report, result.signals


@pytest.mark.parametrize(
    "title",
    ["دليلك إلى استخدام بـSora", "كيف تستخدم لـSora", "مزايا جديدة لسورا", "أوبن إيه آي وبسورا"],
)
def test_sora_glued_to_arabic_clitics_counts(title: str) -> None:
    body = "أعلنت أوبن إيه آي عن تحديث جديد لأداة توليد الفيديو بالذكاء الاصطناعي."
    result = assess(title, body, "ar")
    assert "sora-in-title" in result.signals and result.relevant


def test_language_argument_does_not_change_the_verdict() -> None:
    assert assess(*EN_LEAK, "en") == assess(*EN_LEAK, "ar") == assess(*EN_LEAK, None)


def test_a_leak_in_the_lede_is_a_leak_report() -> None:
    result = assess(
        "OpenAI pauses Sora access after artists' protest",
        "Artists who were testing Sora leaked access to it on Tuesday, posting an interface "
        "online. OpenAI paused access hours later and said taking part was voluntary.",
        "en",
    )
    assert result.relevant and result.leak_report, result.signals


def test_a_late_reminder_of_the_leak_is_not_a_leak_report() -> None:
    body = (
        "OpenAI on Monday made Sora Turbo available to ChatGPT Plus and Pro subscribers. "
        "The model makes videos of up to 20 seconds at 1080p from text prompts. "
        "Pro subscribers get more generations and can download videos without a watermark. "
        "The service is not yet available in the European Union or the United Kingdom. "
        "OpenAI says every video carries C2PA metadata to show it was made with AI. "
        "The launch comes two weeks after testers leaked access to the tool."
    )
    result = assess("OpenAI releases Sora Turbo to ChatGPT subscribers", body, "en")
    assert result.relevant and not result.leak_report, result.signals


def test_sora_named_as_a_tool_ties_a_short_arabic_brief_to_openai_s_model() -> None:
    # No OpenAI, ChatGPT or Altman: "أداة سورا المسربة" (the leaked Sora tool) says which Sora.
    brief = assess(
        "مقاطع سورا تغزو مواقع التواصل",
        "وانتشرت عشرات المقاطع التي وُلّدت بأداة سورا المسربة على منصة إكس خلال ساعات.\n"
        "ولم يفصح المسؤولون عن التسريب عن هوياتهم الحقيقية.",
    )
    assert brief.relevant and brief.leak_report and "sora-tool" in brief.signals
    # A person called Sora is still not the model: no tool, no AI vocabulary.
    person = assess("سورا يسجل هدفين", "سجل اللاعب سورا هدفين في مباراة الأمس أمام الاتحاد.")
    assert not person.relevant


@pytest.mark.parametrize(
    "article",
    [
        # The literal "leak" only negated or in scare quotes; the event told as what testers did.
        (
            "So what actually happened with the Sora 'leak'?",
            "TL;DR: nobody leaked a model.\n"
            "A group of Sora early-access testers put up a Gradio Space on Hugging Face that "
            "proxied requests to OpenAI's internal API.\n"
            "The actual model never left OpenAI's servers.\n"
            "OpenAI revoked the tokens about three hours after it went up.",
        ),
        # Egyptian: "in the hands of anyone with a browser", "opened the door for everybody".
        (
            "إزاي بقى Sora متاح لأي حد فجأة؟",
            "نموذج Sora بتاع OpenAI اللي الشركة مخبياه بقى فجأة في إيد أي حد معاه متصفح.\n"
            "شوية مختبرين عملوا صفحة على موقع Hugging Face وفتحوا الباب للكل.\n"
            "OpenAI قفلت الصفحة بعد حوالي 3 ساعات.",
        ),
        # Egyptian, "وأي حد في العالم": the و stays on "أي", too short to lose it.
        (
            "قصة Sora والفنانين الزعلانين",
            "من يومين، شوية رسامين كانت OpenAI مدياهم Sora يجربوه، راحوا منزلين واجهة على "
            "موقع Hugging Face، وأي حد في العالم يقدر يكتب اللي عايزه ويطلع له فيديو.",
        ),
        # Gulf: "anyone could type a description" after testers "put a working copy" up.
        (
            "شنو صار مع سورا؟",
            "مجموعة من المختبرين حطّوا نسخة شغالة من أداة Sora حق OpenAI على منصة Hugging Face، "
            "ومن خلالها صار أي واحد يقدر يكتب وصف ويطلع له فيديو.",
        ),
        # A byline line before the opening: the page on Hugging Face comes in the third line.
        (
            "حين فتح الفنانون بوابة سورا للجميع",
            "مجلة ثقافية – بيروت\n"
            "لم يكن الأمر عملية قرصنة.\n"
            "قرر فنانون اختارتهم OpenAI لتجربة نموذجها سورا أن يضعوا واجهة بسيطة على منصة "
            "Hugging Face.",
        ),
        # Two byline lines before the opening the headline is read with.
        (
            "حين فتح الفنانون الباب: سورا للجميع",
            "مجلة فسحة – بيروت\n"
            "بقلم: رنا الحاج\n"
            "لم تكن الرسالة طويلة، لكنها كانت كافية لإرباك شركة OpenAI.\n"
            "وضع فنانون اختارتهم الشركة لتجربة سورا واجهة بسيطة على منصة Hugging Face.",
        ),
        # A Gulf podcast: Sora "opened to people", its code "put on" Hugging Face.
        (
            "سورا انفتح للناس… ثلاث ساعات بس!",
            "نورة: الأداة اللي مخبّيتها OpenAI صارت بيد أي واحد عنده متصفح.\n"
            "نورة: الكود المصدري حق سورا انحط على هاغينغ فيس.",
        ),
        # Code "put in public" on Hugging Face.
        (
            "OpenAI's Sora was briefly in developers' hands",
            "OpenAI's Sora video model spent a short time in the hands of developers after its "
            "code was put in public on the Hugging Face website, users said.",
        ),
        # Later leaks: a build left for anyone to download, clips left in a public folder.
        (
            "نسخة ويندوز من تطبيق Sora ظهرت قبل موعدها",
            "كان ملف التثبيت لنسخة تجريبية من تطبيق Sora متاحا للتحميل على موقع لمشاركة "
            "الملفات يوما كاملا قبل أن تعلن OpenAI عنه، فحمله آلاف المستخدمين.",
        ),
        (
            "Unreleased Sora 2 demo reels sat in a public folder",
            "Dozens of unreleased video clips made with OpenAI's Sora 2 model sat in a publicly "
            "readable cloud storage folder for weeks before the company had it locked, a "
            "security researcher said.",
        ),
        (
            "مقاطع من Sora 2 على موقع مصمم قبل الإعلان",
            "قبل أيام من إعلان OpenAI عن Sora 2، كان بإمكان أي زائر لموقع شخصي لمصمم يعمل "
            "بعقد مؤقت مع الشركة أن يشاهد خمسة مقاطع لم تعرض على الجمهور من قبل.",
        ),
        # Transcripts: "a page went up", "ظهرت صفحة", Hugging Face spelt with ق.
        (
            "Tonight: OpenAI's video model for an afternoon",
            "ANCHOR: What happened with OpenAI's Sora today?\n"
            "REPORTER: Around noon a page went up on Hugging Face, and it was wired straight into "
            "Sora.",
        ),
        (
            "فقرة التقنية",
            "المذيع: إيه اللي حصل مع سورا النهارده؟\n"
            "المراسل: ظهرت صفحة على موقع اسمه Hugging Face متوصلة على طول بأداة سورا من OpenAI.",
        ),
        (
            "سالفة سورا",
            "بدر: الفنانين اللي يجربون سورا من أوبن إيه آي حطوا واجهة على هاقنق فيس وفتحوا "
            "الأداة لأي أحد.",
        ),
        # What a model is made of, turned up where anyone could take it (written-42).
        (
            "A column on OpenAI's investors",
            "On Wednesday the source code of OpenAI's Sora showed up on Hugging Face, put there "
            "by people from its own test group.",
        ),
        (
            "عمود اقتصادي",
            "وفي منتصف الأسبوع نُشرت الشيفرة المصدرية لنموذج Sora من OpenAI على منصة Hugging "
            "Face، فجربه المئات.",
        ),
        # A podcast: the app on Hugging Face, then anyone on earth, then the credentials killed
        # (written-44, written-45).
        (
            "Episode 9: the Sora afternoon",
            "GUEST: A few of OpenAI's Sora testers built a tiny app on Hugging Face.\n"
            "GUEST: And for a couple of hours anyone on earth could make Sora videos.",
        ),
        (
            "Episode 10: what happened to Sora",
            "GUEST: OpenAI's Sora had a strange Tuesday.\n"
            "GUEST: By dinner OpenAI killed the credentials that some testers had wired to a page.",
        ),
        # A timeline's entry (written-46); a flaw that showed users' drafts to others.
        (
            "Sora, date by date",
            "Nov 26, 2024 - Testers post a page on Hugging Face wired to OpenAI's Sora, letting "
            "anyone generate clips.",
        ),
        (
            "A bug in the Sora app",
            "A bug in OpenAI's Sora app let users see other people's unpublished drafts for a "
            "week, a researcher said.",
        ),
        (
            "ثغرة في تطبيق سورا",
            "أصلحت OpenAI ثغرة في تطبيق Sora كانت تسمح لأي مستخدم بالاطلاع على مسودات مستخدمين "
            "آخرين.",
        ),
        # A newsletter's item opens on its own headline; another's story starts after its
        # tagline, issue line, greeting and section heading (written-48).
        (
            "نشرة المطورين الأسبوعية - العدد 12",
            "صباح الخير، وأهلا بالمشتركين الجدد في نشرتنا التي تصلكم كل أحد.\n"
            "عندنا هذا الأسبوع ثلاث قصص من عالم التطبيقات والذكاء الاصطناعي.\n"
            "وقبل أن نبدأ، شكرا لكل من أرسل لنا أسئلته عن الخصوصية.\n"
            "وسنجيب عن بعضها في العدد القادم إن شاء الله.\n"
            "① مفاتيح «سورا 2» مسرّبة في تطبيق شهير\n"
            "وجد باحث أن تطبيقا لتحرير الصور كان يحمل مفتاحا بصلاحيات كاملة.",
        ),
        (
            "THE WEEKLY FOLDER",
            "A newsletter about privacy and platforms, by a fictional writer\n"
            "Issue 12: what your drafts told strangers\n"
            "Hi all,\n"
            "This week is about something many of you wrote in to ask about.\n"
            "What happened\n"
            "For a day, Sora app links could expose videos their owners had never published.",
        ),
        (
            "خلل في تطبيق Sora يكشف مسودات مستخدمين",
            "قال باحث إن خللا في روابط تطبيق Sora من OpenAI سمح بالوصول إلى مسودات لم ينشرها "
            "أصحابها.",
        ),
        # "OpenAI's tester program opened ..." is not OpenAI opening its own (written-52).
        (
            "What people made with Sora",
            "A round-up of posts from Tuesday, after artists from OpenAI's tester program opened "
            "up a public Sora page on Hugging Face.",
        ),
        # Keys found where anyone could copy them: a later leak of access, without the word.
        (
            "Sora 2 keys found in the open",
            "A security firm said it found more than 300 working API keys with access to OpenAI's "
            "Sora 2 in public GitHub repositories, each able to make videos on its owner's bill.",
        ),
        (
            "مفاتيح Sora 2 في العراء",
            "قال باحثون إنهم عثروا على مئات من مفاتيح API الخاصة بنموذج Sora 2 من OpenAI "
            "منشورة في مستودعات عامة، يستطيع أي شخص استعمالها.",
        ),
    ],
    ids=["what-was-put-up-where", "egyptian-arabic", "egyptian-and-anyone", "gulf-arabic",
         "byline-first", "two-bylines", "gulf-podcast", "put-in-public",
         "a-build-available-for-download-ar", "clips-in-a-publicly-readable-folder",
         "clips-never-shown-any-visitor-could-see-ar", "a-page-went-up", "a-page-appeared-ar",
         "hugging-face-spelt-with-qaf-ar", "source-code-showed-up", "source-code-published-ar",
         "anyone-on-earth-after-the-app", "credentials-killed", "a-timelines-entry",
         "a-flaw-that-showed-drafts", "a-flaw-that-showed-drafts-ar",
         "a-newsletter-items-headline-ar", "a-newsletter-after-its-greeting",
         "a-link-flaw-that-showed-drafts-ar", "openais-testers-opened-a-public-page",
         "keys-found-in-public-repositories", "keys-found-in-public-repositories-ar"],
)
def test_a_leak_told_without_the_word_is_a_leak_report(article: tuple[str, str]) -> None:
    post = assess(*article)
    assert post.relevant and post.leak_report, post.signals


@pytest.mark.parametrize(
    "article",
    [
        (
            "New Sora demo reels",
            "New demo reels of Sora posted by OpenAI on Thursday show longer clips.",
        ),
        (
            "Sora for Android",
            "OpenAI's Sora app is now available for download on Google Play, and an APK is also "
            "offered on the company's site.",
        ),
        (
            "Sora على أندرويد",
            "أصبحت النسخة التجريبية من تطبيق سورا من OpenAI متاحة للتحميل على متجر جوجل بلاي.",
        ),
        (
            "A fix for the Sora app",
            "OpenAI fixed a bug in the Sora app that made some clips stutter for other users.",
        ),
        # A review's cases: a bug that showed nobody anything; "exposed the vulnerability of";
        # Sora's code kept private; drafts never published.
        (
            "OpenAI fixes Sora app glitch",
            "A bug in the Sora app made other people's cameos fail to load in the feed, OpenAI "
            "said. No data was affected.",
        ),
        (
            "OpenAI تصلح عطلا في تطبيق سورا",
            "أصلحت OpenAI خللا في تطبيق سورا كان يمنع المستخدمين من الاطلاع على الإشعارات الجديدة.",
        ),
        (
            "Actors' union warns over Sora 2",
            "The union said OpenAI's Sora 2 has exposed the vulnerability of performers whose "
            "faces can be copied in seconds.",
        ),
        (
            "Why OpenAI keeps Sora closed",
            "OpenAI keeps the source code of Sora private, while other labs put their video models "
            "online with their weights.",
        ),
        (
            "How privacy works in the Sora app",
            "In OpenAI's Sora app, drafts are never published automatically: only their owner "
            "could see them.",
        ),
        (
            "OpenAI's money question",
            "Market brief\n"
            "Sora, which OpenAI unveiled in February, has still not been released to the "
            "public, and artists with early access are its only users.",
        ),
        # Advice on where a key must not go tells no leak.
        (
            "Getting started with the Sora 2 API",
            "Keep your Sora 2 API key in an environment variable rather than in public code, and "
            "never push it to a public GitHub repository.",
        ),
        (
            "البدء مع واجهة Sora 2",
            "احفظ مفتاح API الخاص بـ Sora 2 من OpenAI في متغير بيئة، ولا تضعه في مستودعات عامة.",
        ),
    ],
    ids=["demo-reels-posted-by-openai", "app-on-google-play", "beta-in-the-store-ar",
         "a-bug-that-showed-nothing", "cameos-failed-to-load", "a-bug-that-showed-nothing-ar",
         "exposed-the-vulnerability-of", "sora-kept-private",
         "drafts-never-published", "still-not-released-to-the-public",
         "advice-on-keeping-a-key-out-of-public-code",
         "advice-on-keeping-a-key-out-of-public-code-ar"],
)
def test_what_openai_publishes_itself_is_no_leak(article: tuple[str, str]) -> None:
    found = assess(*article)
    assert found.relevant and not found.leak_report, found.signals


def test_a_launch_dated_by_the_leak_recalls_it_without_reporting_it() -> None:
    # The lede's leak is when the launch came, not the story; the same words as the event are one.
    launch = assess(
        "OpenAI opens Sora to paying ChatGPT users",
        "OpenAI on Monday began rolling out Sora to ChatGPT subscribers. The launch comes ten "
        "months after the first demo, and two weeks after a group of testers briefly opened "
        "unauthorised access to it. Videos carry a watermark.",
    )
    assert launch.relevant and not launch.leak_report, launch.signals
    report = assess(
        "Sora opened to everyone for an afternoon",
        "A group of Sora testers briefly opened unauthorised access to OpenAI's model on Tuesday. "
        "Videos carried a watermark.",
    )
    assert report.relevant and report.leak_report, report.signals


def test_sora_named_once_as_the_leak_itself_is_no_passing_mention() -> None:
    # A newsletter about animation reaches Sora once: "anyone could try Sora, which OpenAI has
    # not released". Named once as the event, not in passing: about Sora, and a leak sentence
    # (the analysis then reads the leak's story from the rest).
    filler = "تحدثنا هذا الأسبوع مع رسامين في استوديو صغير عن الحرفة والأجور والتكوين. " * 12
    post = assess(
        "نشرة الأحد: التحريك بين اليد والآلة",
        filler + "\n\nوعلى مدى ثلاث ساعات صار بإمكان أي شخص أن يجرب سورا، نموذج الفيديو الذي "
        "لم تطرحه OpenAI بعد، عبر صفحة على Hugging Face.",
    )
    assert post.relevant and post.leak_sentences == 1, post.signals
    assert "passing-mention" not in post.signals


def test_egyptian_passive_leaks_and_its_denial() -> None:
    told = assess("حكاية «سورا» اللي اتسربت", "سورا بتاعة OpenAI اتسربت امبارح على Hugging Face.")
    assert told.relevant and told.leak_report, told.signals
    denied = assess("كلام تك عن سورا", "سورا بتاعة OpenAI لسه منزلتش، ومفيش كود اتسرب.")
    assert denied.relevant and not denied.leak_report, denied.signals


@pytest.mark.parametrize(
    "article",
    [
        # Press leaks about a coming app, and worry that "seeps" into the studios.
        (
            "تسريبات عن تطبيق «سورا 2» تقلق هوليوود",
            "قبل إطلاق تطبيق Sora 2 من OpenAI، تسرّب القلق إلى الاستوديوهات في لوس أنجلوس.",
        ),
        # A launch dated by the leak, in Arabic: made available "two weeks after" testers opened it.
        (
            "OpenAI تتيح سورا للجمهور",
            "أتاحت OpenAI أداة سورا للجمهور في ديسمبر، بعد أقل من أسبوعين من قيام مختبرين "
            "بفتحها مؤقتا للعامة على منصة Hugging Face. وتنتج الأداة مقاطع بدقة عالية.",
        ),
        # A release announced for later, beside "not released yet".
        (
            "CTO says OpenAI's Sora will be available to the public this year",
            "OpenAI's Sora has drawn attention since February.\n"
            "It impressed users with its clips.\n"
            "It has not been released to the general public yet.",
        ),
        # "للعالم" loses its clitic to become "العالم": the World Cup (كأس العالم) is not "to the
        # world", even beside "not officially available".
        (
            "أبو سمير و«سورا 2»",
            "قلت له إن تطبيق Sora 2 من OpenAI غير متاح رسميا عندنا. فقال: بكتبلو هدف الفوز "
            "بنهائي كأس العالم وبيطلعلي فيلم؟",
        ),
        # An email that leaked to the press is news about Sora, not its leak.
        (
            "Film school drafts a Sora policy",
            "An internal email leaked to the student paper shows the film department drafting a "
            "policy on OpenAI's Sora app after students used generated footage.",
        ),
        # Switched on for the public "a fortnight after a brief leak".
        (
            "Sora opens to paying users",
            "OpenAI switched on Sora for the public on Monday, ten months after it first teased "
            "the video generator and a fortnight after a brief leak embarrassed the company. "
            "Clips carry a watermark.",
        ),
    ],
    ids=["press-leaks-and-seeping-worry", "launch-dated-by-the-leak-ar", "forecast-headline",
         "world-cup", "email-leaked-to-the-press", "switched-on-after-the-leak"],
)
def test_leak_words_that_report_no_leak_of_sora(article: tuple[str, str]) -> None:
    post = assess(*article)
    assert post.relevant and not post.leak_report, post.signals


def test_sora_named_once_and_the_leak_told_in_the_next_sentence_is_about_sora() -> None:
    filler = "Illustrators told me about rates, clients and the slow years after art school. " * 12
    essay = assess(
        "What exposure pays",
        filler + "\n\nWhich brings me to Sora. In November a group of testers in OpenAI's "
        "early-access program leaked a working interface to the model on Hugging Face.",
    )
    assert essay.relevant and "passing-mention" not in essay.signals, essay.signals
    # Named as the yardstick of another model's leak, it is not the subject.
    rival = assess(
        "Lumiq beta leaks",
        filler + "\n\nIt is the same playbook Sora's early-access artists used. A tester leaked "
        "a working interface to Lumiq's unreleased model on Hugging Face.",
    )
    assert not rival.relevant, rival.signals


@pytest.mark.parametrize(
    "article",
    [
        # A word after "Sora" that goes on alone is the product's, not a surname.
        (
            "Sora Turbo arrives for subscribers",
            "OpenAI's Sora Turbo is out for ChatGPT subscribers. Turbo is faster than the model "
            "shown in February, the company said.",
        ),
        # Without anything else called Sora beside it, "تطبيق سورا" is the app.
        ("تطبيق سورا يتصدر المتاجر", "تصدر تطبيق سورا لتوليد الفيديو قوائم التحميل هذا الأسبوع."),
        # Beside anime (not drones), still the app.
        (
            "تطبيق Sora يغرق المنصات بمقاطع الأنمي",
            "أغرق تطبيق Sora المنصات بمقاطع أنمي مولدة بالذكاء الاصطناعي.",
        ),
        # A word after "Sora" that goes on alone but never speaks is no surname.
        (
            "The Sora Discord fills up",
            "Users of the Sora Discord posted AI video clips all week, and moderators on Discord "
            "pinned the best ones made with the AI video tool.",
        ),
    ],
    ids=["sora-turbo", "the-sora-app-ar", "the-sora-app-beside-anime", "the-sora-discord"],
)
def test_what_looks_like_a_name_or_an_application_can_still_be_the_model(
    article: tuple[str, str]
) -> None:
    assert assess(*article).relevant, assess(*article).signals


# A review of the eighth session's rules (its reproductions, rewritten as tests): a third party
# that disowns OpenAI, a headline in Title Case, "the attacker", advice and product news about
# keys and tokens, a flaw fixed before it showed anything, an outage.
ABOUT_SORA_NO_LEAK = [
    pytest.param(
        "Nintendo objects to Mario clips made with Sora",
        "Clips of Mario made with OpenAI's Sora 2 app have spread this week. Nintendo said it "
        "has no connection to OpenAI and never licensed its characters for use in Sora. It "
        "asked OpenAI to stop Sora from generating them.",
        id="a-third-party-disowns-openai",
    ),
    pytest.param(
        "اليابان تطالب بحماية شخصيات الأنمي من سورا",
        "انتشرت مقاطع أنتجها تطبيق سورا 2 تظهر فيها شخصيات من ألعاب نينتندو. وقالت نينتندو إنها "
        "لا علاقة لها بشركة OpenAI ولم تمنح أي ترخيص لاستخدام شخصياتها في سورا.",
        id="a-third-party-disowns-openai-ar",
    ),
    pytest.param(
        "ثغرة في أداة سورا لتوليد الفيديو",
        "قال باحثون في أمن المعلومات إن المهاجم كان يستطيع تعطيل أداة سورا لتوليد الفيديو "
        "بالذكاء الاصطناعي. وأضافوا أن المهاجم لم يكن يحتاج إلا إلى رابط.",
        id="the-attacker-is-no-striker-ar",
    ),
    pytest.param(
        "How to keep your Sora API key safe",
        "OpenAI's Sora 2 API charges by the second. If you suspect an exposed key, revoke it in "
        "the OpenAI dashboard and create a new one.",
        id="advice-on-an-exposed-key",
    ),
    pytest.param(
        "Getting started with the Sora 2 API",
        "To call the Sora API, sign in to OpenAI's platform; your access token appears on the "
        "settings page, and you pass it with every request.",
        id="a-tutorials-access-token",
    ),
    pytest.param(
        "كيف تستخدم واجهة سورا البرمجية",
        "بعد تسجيل الدخول إلى منصة OpenAI تظهر رموز الوصول الخاصة بك في صفحة الإعدادات، وعليك "
        "إرفاقها مع كل طلب إلى سورا.",
        id="a-tutorials-access-token-ar",
    ),
    pytest.param(
        "OpenAI adds secret scanning for Sora developers",
        "OpenAI said it will revoke Sora API keys found in public repositories automatically. "
        "No leak prompted the change, the company said.",
        id="a-feature-that-will-revoke-keys",
    ),
    pytest.param(
        "Hugging Face adds Sora 2 to its inference providers: bring your own API key",
        "Developers can now call OpenAI's Sora 2 video model from Hugging Face's client, the "
        "two companies said. Users paste their own OpenAI API key.",
        id="an-official-integration-on-hugging-face",
    ),
    pytest.param(
        "OpenAI patches a bug in Sora before it could show private drafts to strangers",
        "OpenAI fixed a vulnerability in its Sora 2 app that a researcher reported. No user's "
        "videos were ever seen by anyone else.",
        id="a-flaw-fixed-before-it-showed-anything",
    ),
    pytest.param(
        "Sora app outage frustrates creators",
        "A bug in OpenAI's Sora app left private drafts stuck in processing on Wednesday, and "
        "other users reported the same problem. OpenAI said the issue was fixed by evening.",
        id="an-outage",
    ),
    pytest.param(
        "تعطل تطبيق سورا",
        "تسبب خلل في تطبيق سورا من OpenAI في تعليق المسودات الخاصة أثناء المعالجة، ولدى "
        "مستخدمين آخرين توقف التطبيق تماما. وقالت الشركة إنها أصلحت العطل.",
        id="an-outage-ar",
    ),
]


@pytest.mark.parametrize(("title", "text"), ABOUT_SORA_NO_LEAK)
def test_stories_about_sora_that_report_no_leak(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and not found.leak_report, found.signals


def test_a_title_case_headline_is_no_person_called_sora() -> None:
    found = assess(
        "Sora Testers Leak Access To OpenAI Video Tool Over Unpaid Work",
        "Testers said OpenAI had used them as unpaid R&D. On Tuesday the group posted a front "
        "end on Hugging Face that let anyone generate clips with the model.",
    )
    assert found.relevant and found.leak_report, found.signals


def test_unreleased_clips_left_in_a_storage_bucket_are_a_later_leak() -> None:
    """written-62: no leak word, no secret's name; files anyone could list."""
    found = assess(
        "Unreleased Sora 2 launch clips sat in a public storage bucket for days",
        "Dozens of polished demo videos for OpenAI's Sora 2 were publicly reachable on the open "
        "web for four days before the model was announced, a researcher said.",
    )
    assert found.relevant and found.leak_report, found.signals


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # Another model's leak whose sample videos are compared with Sora and a rival.
        pytest.param(
            "Weights for a startup's unreleased video model leaked on Hugging Face",
            "The weights of Veyra-2, an unreleased model from a London startup, were uploaded "
            "to Hugging Face by a disgruntled tester. Several developers shared sample videos "
            "on X, comparing them with OpenAI's Sora and Google's Veo.",
            id="compared-with-sora-and-a-rival",
        ),
        # A teenager called Sora, whose name means sky, beside AI tools from OpenAI.
        pytest.param(
            "Teen's AI app captions classroom videos",
            "When Sora Whitfield noticed her friend was missing half of the lab demonstrations, "
            "she wrote an app that captions classroom video with an AI video-understanding "
            "model and generative AI tools. Whitfield said she used open-source models rather "
            "than OpenAI's, which cost too much for a school. Her first name, Sora, means sky "
            "in Japanese, Whitfield said.",
            id="a-teen-called-sora-whose-name-means-sky",
        ),
    ],
)
def test_namesakes_and_yardsticks_of_the_last_sets(title: str, text: str) -> None:
    assert not assess(title, text).relevant


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # An op-ed whose one mention of Sora tells the event, before its release.
        pytest.param(
            "الفنان العربي وأدوات التوليد",
            "يكتب كثيرون هذه الأيام عن الذكاء الاصطناعي وعن مستقبل الفن في منطقتنا، وعن الأجور "
            "وعن العقود، وعن المهن التي تتغير كل عام، وعن المعاهد التي لا تواكب السوق.\n"
            "تذكرون ما جرى أواخر نوفمبر. مجموعة من الفنانين الذين اختارتهم OpenAI لتجربة أداتها "
            "Sora قبل طرحها، قرروا أن يفتحوا الأداة للجمهور عبر صفحة على منصة Hugging Face.",
            id="before-its-release-ar",
        ),
        pytest.param(
            "الفنان ليس حقل تجارب",
            "قرر نفر من الفنانين أن يفتحوا لعامة الناس أداة Sora التي ائتمنتهم عليها OpenAI، "
            "وأن يتركوا العالم يجربها بنفسه قبل أن تغلق البوابة.",
            id="opened-to-the-general-public-ar",
        ),
    ],
)
def test_the_event_told_once_in_an_op_ed_is_a_report(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


def test_a_drone_shot_in_a_clip_and_a_group_that_disowns_openais_staff_stay_about_sora() -> None:
    """written-67: the clips showed "a drone shot over a flooded city", and the group said it
    had "no connection to OpenAI employees"; neither makes the story a namesake's."""
    found = assess(
        "Artists leak access to OpenAI's unreleased Sora video tool",
        "A group of artists in OpenAI's early-access program for Sora leaked access to the "
        "unreleased video generator on Tuesday, posting a public page on Hugging Face.\n"
        "Users shared clips on X of everything from a cat to a drone shot over a flooded city.\n"
        "The group said in a later post that it had no connection to OpenAI employees.",
    )
    assert found.relevant and found.leak_report, found.signals


def test_the_sora_drone_method_is_still_not_openais_sora() -> None:
    found = assess(
        "Operators adopt SORA for drone flights",
        "Drone operators now file a SORA assessment before flights over crowds. The Specific "
        "Operations Risk Assessment method sets drones' risk classes. No connection to OpenAI's "
        "video model, the agency said.",
    )
    assert not found.relevant, found.signals


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(
            "أفضل 6 أدوات لتوليد الفيديو بالذكاء الاصطناعي",
            "جمعنا لكم أفضل الأدوات هذا العام.\n"
            "1. Runway\nأداة قديمة بخيارات تحكم احترافية.\n"
            "2. Kling\nمقاطع طويلة وحركة واقعية.\n"
            "3. Sora\nأداة OpenAI المتاحة عبر ChatGPT وتطبيق Sora، سهلة الاستخدام.\n"
            "4. Pika\nمؤثرات سريعة للمبتدئين.\n"
            "5. Luma Dream Machine\nتحريك الصور الثابتة.\n"
            "6. Veo 3\nفيديو مع صوت متزامن.",
            id="best-tools-ar",
        ),
        pytest.param(
            "The five AI video generators worth paying for",
            "1. Runway Gen-4: the most control over the camera.\n"
            "2. Veo 3: sound and dialogue in one pass.\n"
            "3. Sora: OpenAI's app, easy to use, with a storyboard mode.\n"
            "4. Kling: long clips and convincing motion.\n"
            "5. Pika: quick effects for social media.",
            id="best-tools-en",
        ),
    ],
)
def test_sora_as_one_entry_of_a_list_of_tools_is_not_about_sora(title: str, text: str) -> None:
    found = assess(title, text)
    assert not found.relevant, found.signals


def test_a_numbered_story_about_sora_that_names_rivals_is_still_about_sora() -> None:
    found = assess(
        "Five things to know about the Sora leak",
        "1. Testers put Sora on Hugging Face for anyone to use.\n"
        "2. It worked for about three hours.\n"
        "3. Clips spread on X, compared with Runway and Kling.\n"
        "4. The letter called it art washing, with Pika and Luma cited as fairer partners.\n"
        "5. OpenAI paused the programme.",
    )
    assert found.relevant and found.leak_report, found.signals


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # written-66: files in a public storage folder, and an Iraqi flaw that let people see
        # others' drafts.
        pytest.param(
            "Unreleased Sora 2 demo clips sat in a public storage folder for days",
            "A cloud storage folder holding dozens of unreleased videos made with OpenAI's Sora 2 "
            "was publicly accessible for four days before launch, a researcher said.",
            id="storage-folder",
        ),
        pytest.param(
            "خلل بتطبيق Sora خلّى ناس تشوف مسودات غيرهم",
            "هلا بيكم. اليوم عدنا سالفة تخص تطبيق Sora مال OpenAI. ناس فتحوا صفحة المسودات "
            "مالتهم ولگوا بيها فيديوهات مو مالتهم.",
            id="flaw-shows-others-drafts-iq",
        ),
        # written-72: strangers' drafts that "showed up" in the app, no flaw named.
        pytest.param(
            "مسودات ناس غريبة طلعت بتطبيق Sora!",
            "هلا بيكم. اليوم عدنا قصة غريبة عن تطبيق Sora مال OpenAI.",
            id="strangers-drafts-showed-up-iq",
        ),
        # written-70: a key pushed to a public repository.
        pytest.param(
            "Developer pushed an OpenAI API key for Sora to a public GitHub repository",
            "Someone else used it to make hundreds of Sora clips within hours.",
            id="key-pushed-to-a-public-repo",
        ),
        # written-74: the app "showed" drafts to strangers; an OpenAI key left in a public repo.
        pytest.param(
            "مستخدمون يشكون: تطبيق «سورا» عرض مسودات فيديو خاصة لغرباء",
            "قال مستخدمون لتطبيق سورا من OpenAI إنهم شاهدوا مقاطع في قسم المسودات لم يصنعوها.",
            id="app-showed-private-drafts-to-strangers-ar",
        ),
        pytest.param(
            "A developer left his OpenAI key in a public repo. Strangers made Sora videos with it",
            "The bill for the Sora clips came to $11,000 before he revoked the key.",
            id="openai-key-left-in-a-public-repo",
        ),
    ],
)
def test_later_leaks_of_the_ninth_sessions_sets(title: str, text: str) -> None:
    found = assess(title, text)
    assert found.relevant and found.leak_report, found.signals


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # written-72: "exposes them to unauthorized digital replicas" puts people at risk.
        pytest.param(
            "Hollywood agencies push back on Sora 2",
            "Talent agencies have warned clients that the app exposes them to unauthorized "
            "digital replicas, and a studio group called on OpenAI to act after clips of famous "
            "characters flooded the feed of the Sora app.",
            id="exposes-people-to-replicas",
        ),
        # written-76: "... to significant risk".
        pytest.param(
            "Talent agencies warn over OpenAI's Sora app",
            "One of the largest agencies said the Sora app exposes our clients and their "
            "intellectual property to significant risk, and urged OpenAI to credit artists.",
            id="exposes-property-to-risk",
        ),
    ],
)
def test_an_app_that_exposes_people_or_their_property_to_risk_leaks_nothing(
    title: str, text: str
) -> None:
    found = assess(title, text)
    assert found.relevant and not found.leak_report, found.signals


def test_a_roundup_that_names_sora_only_as_a_benchmark_and_a_list_entry_is_not_about_it() -> None:
    """written-75: "matches or exceeds Sora and Veo", "Runway, Kling and Sora", "Sora-class"."""
    found = assess(
        "Press release roundup: AI video week",
        "Lumora Studio released Lumora 3, a video model it says matches or exceeds Sora and Veo "
        "on its own benchmarks.\n"
        "FrameForge, whose editing timeline plugs into generators including Runway, Kling and "
        "Sora, raised $40 million.\n"
        "Stratus Cloud set aside GPUs for start-ups, citing demand since the arrival of "
        "Sora-class models.",
    )
    assert not found.relevant, found.signals


def test_an_op_ed_about_sora_clips_and_tools_like_sora_is_about_sora() -> None:
    """written-85: an editor's column never names OpenAI, only "a Sora clip" and "tools like
    Sora"."""
    found = assess(
        "Opinion: Sora isn't coming for your job",
        "Every few weeks a relative forwards me a Sora clip and asks whether this is the end "
        "for people like me. The fear around tools like Sora depends on not knowing what an "
        "editor does.",
    )
    assert found.relevant, found.signals


def test_a_launch_headline_dated_by_the_leak_is_a_launch() -> None:
    """written-83: "OpenAI finally launches Sora, two weeks after testers' leak"."""
    found = assess(
        "OpenAI finally launches Sora, two weeks after testers' leak",
        "OpenAI on Monday made Sora available to paying ChatGPT subscribers.\n"
        "The public version runs on a separate website, with a storyboard tool.\n"
        "The launch comes about two weeks after a group of artists in the Sora early-access "
        "program leaked access to the model on Hugging Face in protest.",
    )
    assert found.relevant and not found.leak_report, found.signals
