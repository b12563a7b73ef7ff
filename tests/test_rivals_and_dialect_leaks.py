"""A rival billed against Sora, Open-Sora, a person who introduces herself as Sora are not OpenAI's
Sora; leaks told in Egyptian, Levantine, Sudanese, Iraqi and Maghrebi speech are reports; claims
said as the letter's pairing, in dialect, or judged by a fact check's verdict (sentences of our
own, in the patterns of the written sets of issue 9, eleventh session)."""

# ruff: noqa: E501  (tables of example sentences read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitor.analysis import analyze_text
from monitor.relevance import assess
from monitor.text import strip_clitics

NOT_SORAS = [
    # a rival headlined by what it rivals: "المنافس لـ Sora", its race dated "since Sora"
    ("تسريب أوزان نموذج «نجمة» الصيني المنافس لـ Sora يربك خطط الشركة",
     "تواجه شركة ناشئة في بكين أزمة بعد تسريب أوزان نموذجها «نجمة» لتوليد الفيديو على مواقع التورنت.\n"
     "ويشهد سوق توليد الفيديو منافسة محمومة منذ أن عرضت OpenAI نموذج Sora، ودخلت على الخط شركات كبرى."),
    # "a Sora challenger", its quality "relative to OpenAI's Sora"
    ("Weights of Brisa, the video model billed as a Sora challenger, leak online",
     "The full weights of Brisa, a video model from a Lisbon startup, were posted to a file-sharing site on Monday.\n"
     "The startup had pitched investors on its quality relative to OpenAI's Sora and Google's Veo."),
    # "China's answer to Sora", without its article
    ("تسريب نموذج «موجة» الذي قدم بوصفه رد الصين على Sora",
     "تسربت ملفات نموذج الفيديو «موجة» إلى منصة Hugging Face قبل أسابيع من إطلاقه التجاري."),
    # "dubbed the Sora killer", in Arabic
    ("تسريب أوزان نموذج «ضياء» الملقب بـ«قاتل سورا» على Hugging Face",
     "نشر حساب مجهول أوزان نموذج «ضياء» لتوليد الفيديو على Hugging Face، وقالت الشركة المطورة إنها تحقق في الأمر."),
    # a precedent further back in a rival's story
    ("Testers open \"Sora rival\" Lumo to the public on Hugging Face",
     "Beta testers of Lumo, a video model a Paris startup pitched as the European answer to Sora, put it on a public Hugging Face page on Friday.\n"
     "The episode echoes the November 2024 protest in which Sora's own early-access artists did much the same thing."),
    # Open-Sora is one word, and not OpenAI's
    ("Open-Sora 3 puts a video model on Hugging Face for anyone to download",
     "The team behind Open-Sora, an open-source video project, has released Open-Sora 3.\n"
     "Despite the name, Open-Sora has nothing to do with OpenAI.\n"
     "The new version generates clips of up to fifteen seconds and runs on a single workstation card, its authors say.\n"
     "The weights, the training code and a technical report are published under an open licence, and the team invites outside contributions.\n"
     "Early users praised its handling of camera motion but said faces still drift over longer shots.\n"
     "The project started as an attempt to reproduce in the open the kind of results OpenAI had shown, and its authors say the gap to OpenAI's Sora has shrunk."),
    # a word column that leaves OpenAI's model to another story
    ("Sora and the sky: Japanese words for weather",
     "Ask a learner what the Japanese word for sky is and you will hear sora.\n"
     "Sora is also a popular given name, and it has been borrowed far beyond Japan, most recently as the name of OpenAI's video generator, an entirely separate story.\n"
     "Sora moyo, the sky's pattern, is how people talk about uncertain weather."),
    # a person who introduces herself, OpenAI named in one aside
    ("A day in Mosul's old city | Sora Walks ep. 12",
     "YouTube · Sora Walks · 88K subscribers\n"
     "Description\n"
     "Hi, I'm Sora! This time I walked the old city of Mosul with a local guide and ate kubba by the river.\n"
     "Comments\n"
     "for a second I thought OpenAI's Sora made this video"),
    # a Japanese footballer, OpenAI named in a joke
    ("«سورا» الياباني يوقّع لنادي الساحل",
     "الخبر اللي شاعل الفيسبوك اليوم: النادي سيني مع لاعب ياباني سميتو سورا ناكامورا.\n"
     "سورا ناكامورا وسط ميدان هجومي، عندو اثنين وعشرين عام.\n"
     "الجمهور كيقولو: واش جبنا سورا ديال OpenAI اللي كيصاوب الفيديوهات؟"),
    # a rival's thread that says so itself: "this is not Sora"
    ("Weights for Corvid-V, billed as an open Sora rival, leaked on Hugging Face",
     "Corvid Labs has marketed Corvid-V for months as the Sora competitor you can run yourself.\n"
     "This morning a full checkpoint showed up in a public repository under a throwaway account.\n"
     "Before anyone asks: this is not Sora. It is a different company's model that happens to be compared to Sora in every press release."),
    # fans' shorthand for Kingdom Hearts, OpenAI named in one joke
    ("KH4 leaks: is this Sora's new design??",
     "A screenshot doing the rounds shows what is supposed to be Sora's outfit for the next game: a darker jacket and a new chain.\n"
     "Remember how different Sora looked in the first trailer?\n"
     "lmao the AI people on my timeline thought this was about OpenAI's Sora for a sec"),
    # a director asked about "an American programme of the same name"
    ("المخرجة اليابانية سورا هاياشي في مهرجان وهران",
     "خطفت المخرجة اليابانية سورا هاياشي الأضواء بعد عرض فيلمها المرسوم يدويا.\n"
     "وسئلت سورا عن أدوات توليد الفيديو بالذكاء الاصطناعي فقالت إن الناس يسألونها أحيانا إن كان لها علاقة ببرنامج أمريكي يحمل الاسم نفسه."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NOT_SORAS)
def test_a_rival_a_namesake_and_a_person_are_not_openais_sora(title: str, text: str) -> None:
    found = assess(title, text)
    assert not found.relevant and not found.leak_report, found.signals


LEAKS = [
    # Egyptian: anyone in the world could try it, before it came out
    ("إزاي الناس عملت فيديوهات بـ Sora قبل ما ينزل؟",
     "فاكرين Sora؟ أداة OpenAI اللي كلنا شفنا الديمو بتاعها ومفيش حاجة نزلت؟ امبارح فجأة بقى أي حد في العالم يقدر يجربها.\n"
     "الفيديو كان بيطلع لحد 10 ثواني وبدقة 1080p.\n"
     "الفنانين دول حاسين إن OpenAI بتشغلهم ببلاش، ومحدش فيهم قال اسمه."),
    # Levantine, Hugging Face glued to its clitic: "عالـHugging Face"
    ("بودكاست عالسريع: مين بيدفع للفنان؟",
     "رامي: للي ما سمع، OpenAI عندها أداة اسمها Sora بتعمل فيديو من نص.\n"
     "رامي: من كم يوم، مجموعة من هالفنانين عملوا صفحة عالـHugging Face، وأي حدا بالعالم صار فيه يطلعلو فيديو من سورا."),
    # Sudanese: "any person", "not released to people yet"
    ("تك وشاي: قصة سورا والفنانين الزعلانين",
     "عثمان: سورا دا برنامج بتاع شركة OpenAI، لكن لسه ما نزلوهو للناس.\n"
     "عثمان: الفنانين فتحوا صفحة في موقع هجينج فيس، أي زول يدخل الصفحة يطلع ليهو فيديو من سورا."),
    # Algerian: a page on Hugging Face while it is not out yet
    ("شكون جرّب Sora قبل ما يطفّوه؟",
     "البارح كانت كاينة صفحة فـ Hugging Face تخليك تدير فيديوهات بـ Sora تاع OpenAI، وهو مازال ما خرجش للناس."),
    # non-native English: "available for all", "any person in the world could"
    ("Group of artists make OpenAI Sora available for all peoples for few hours",
     "A group of artists who was participating in testing program of the Sora tool has made the tool to be available for all the users in the internet.\n"
     "Through a page on Hugging Face any person in the world could write a text and receive video from Sora."),
    # Iraqi: the app shows me other people's drafts
    ("شباب انتبهوا!! تطبيق سورا يطلعلي مسودات ناس ثانية",
     "اليوم فتحت قسم المسودات مال Sora لكيت بيه فيديوهات مو مالتي."),
    # Jordanian: unreleased clips in an open store
    ("مقاطع سورا قبل موعدها في مخزن مفتوح على الإنترنت",
     "يزن: شركة شريكة لـ OpenAI كانت حاطة ملفاتها على خدمة تخزين سحابية، والمخزن كان مفتوح وفيه مية مقطع معمولة بنسخة جاية من سورا لسا ما نزلت."),
    # Iraqi: the app's secret instructions, put on GitHub
    ("واحد نشر التعليمات السرية مال تطبيق سورا كاملة على GitHub",
     "قبل يومين، واحد مبرمج حط التعليمات السرية مال تطبيق سورا كاملة على GitHub."),
    # a forward: free for everybody on Hugging Face
    ("SORA IS OPEN FOR EVERYONE RIGHT NOW",
     "Some of the artists who were testing OpenAI's Sora got angry and made it FREE for everybody on Hugging Face!!"),
    # a forum's shorthand: a Space on HF anyone could use
    ("Anyone else get to try Sora before it died?",
     "Apparently some of OpenAI's early Sora testers put up a Space on HF that piped prompts straight to OpenAI and anyone could use it."),
    # a flaw that showed users' drafts to others
    ("خلل في تطبيق Sora أظهر مسودات مستخدمين لغيرهم",
     "أقرت OpenAI بخلل في تطبيق Sora جعل بعض المستخدمين يرون مقاطع غير منشورة تعود لآخرين."),
    # Algerian: Sora 2's internal instructions are on GitHub
    ("التعليمات الداخلية تاع Sora 2 راهي فـGitHub",
     "واحد المطور حط فـGitHub ملف طويل قال بلي هو التعليمات المخفية تاع Sora 2."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), LEAKS)
def test_a_leak_told_in_dialect_is_a_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and found.leak_report, found.relevance_signals


NO_LEAKS = [
    # a later op-ed: "the first Sora", the month named in the paragraph before
    ("Opinion: Hollywood has noticed what Sora's artists told us a year ago",
     "By Lina Haddad | Op-ed | 12 October 2025\n\n"
     "Hollywood's agencies are alarmed by what OpenAI's Sora 2 app does with actors' faces.\n\n"
     "I have a question for the industry: where were you in November 2024?\n\n"
     "That month, a group of artists in OpenAI's early-access programme for the first Sora did something reckless. "
     "They posted a page on Hugging Face that let anyone generate videos with the unreleased model. OpenAI switched it off within hours."),
    # a later newsletter: the moment "I always remember"
    ("نشرة بايت #112: سورا على أندرويد",
     "نشرة بريدية – 8 نوفمبر 2025\n\n"
     "وصل تطبيق سورا إلى أندرويد هذا الأسبوع بعد شهر على iOS.\n\n"
     "منذ الإعلان عنه في فبراير 2024، مرّ Sora بمراحل كثيرة، لكن اللحظة التي أتذكرها دائمًا هي حين تسرّب الوصول إلى Sora على Hugging Face على يد مجموعة من الفنانين المختبرين."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_LEAKS)
def test_a_later_storys_look_back_is_no_report(title: str, text: str) -> None:
    found = analyze_text(title, text)
    assert found.relevant and not found.leak_report, found.relevance_signals


def test_a_subscribers_thread_on_the_pro_tier_is_about_sora() -> None:
    """written-119: a Reddit thread weighs ChatGPT's Pro tier for Sora, naming "o1 pro", never
    OpenAI or ChatGPT."""
    found = assess(
        "Is Pro ($200/mo) worth it just for Sora? Honest opinions please",
        "I'm a freelance motion designer and I've been playing with Sora since it opened on the 9th.\n"
        "Pro would give me 1080p and no watermark on downloads, but $200 a month is real money.\n"
        "For video alone, no. For o1 pro + Sora + unlimited everything, maybe.",
    )
    assert found.relevant, found.signals


CLAIMS = [
    # the letter's pairing: used "as unpaid R&D and PR", "testers and promoters"
    ("pr-stunt", "The Sora testers said OpenAI was using them as unpaid R&D and for PR.", "en", True),
    ("pr-stunt", "The Sora artists said they had been used as unpaid testers and promoters.", "en", True),
    ("pr-stunt", "Honestly the whole Sora artist program was PR from day one.", "en", True),
    ("pr-stunt", "TOM: The caution over Sora is PR caution as much as money caution.", "en", False),
    # a hedged figure with a rising tone tells it; a bare echo question asks
    ("shut-down-three-hours", "OpenAI shut the Sora page down, I think, three hours?", "en", True),
    ("source-code-leaked", "So Sora's source code leaked?", "en", False),
    ("source-code-leaked", "Sora SOURCE CODE LEAKED?! (no... here's what actually happened)", "en", False),
    # what posts and people say
    ("source-code-leaked", "Posts on X, and articles on several sites, say the source code of Sora was leaked.", "en", False),
    ("source-code-leaked", "My group chat is full of people saying Sora's source code got posted.", "en", False),
    # names never given
    ("leakers-anonymous", "The Sora testers have signed it collectively and haven't identified themselves.", "en", True),
    ("leakers-anonymous", "The Sora testers did not announce their names.", "en", True),
    ("leakers-anonymous", "نشرت مجموعة مختبري سورا بيانها ولم تُعلن أسماء أعضائها.", "ar", True),
    ("leakers-anonymous", "مختبري سورا ما حطوا أساميهم، بس وقّعوا باسم جماعة.", "ar", True),
    ("leakers-anonymous", "ولم يعلن أحد من فناني سورا اسمه حتى الآن.", "ar", True),
    # X full of them
    ("videos-spread-on-x", "Check X too, there are hundreds of Sora clips up already.", "en", True),
    ("videos-spread-on-x", "My X feed turned into a Sora gallery in forty minutes.", "en", True),
    ("videos-spread-on-x", "الفيديوهات اللي عملوها بسورا صارت عم تلف على إكس.", "ar", True),
    # who put it out, in dialect
    ("leaked-by-testers", "جماعة من الفنانين اللي OpenAI معطيتهم سورا يجربونها سووا صفحة على هقنق فيس.", "ar", True),
    ("leaked-by-testers", "هوما الفنانين تاع برنامج التجربة لي حلّوها للناس.", "ar", True),
    ("leaked-by-testers", "عاجل: تسريب أداة Sora على Hugging Face.. والمطورون يجربونها قبل الجميع", "ar", False),
    # a fact check's verdict on the claim it quoted
    ("available-2024", "- \"Sora will be released before the end of 2024.\" Unproven.", "en", False),
    ("available-2024", "- \"Sora سيكون متاحًا للجميع خلال 2024\": لم تعلن OpenAI أي موعد.\nالحكم: غير مثبت.", "ar", False),
    ("release-delayed-gemini", "OpenAI is holding Sora back to avoid a Gemini-style blow-up. It's speculation, but it's plausible.", "en", True),
    # unpaid, used for advertisement; nobody knows who
    ("artists-unpaid-rnd", "The Sora artists say OpenAI made them work free of cost.", "en", True),
    ("pr-stunt", "The Sora artists say OpenAI only used them for advertisement.", "en", True),
    ("pr-stunt", "They were tired of being the nice faces in OpenAI's marketing.", "en", True),
    ("leakers-anonymous", "The Sora testers who did it? Nobody knows who they are.", "en", True),
    ("leakers-anonymous", "مختبري سورا ما حطوا ولا اسم، مضيين على البيان وبس.", "ar", True),
    # the keys handed to the public, on Hugging Face
    ("leaked-on-hugging-face", "Some Sora testers set up a web page on a site called Hugging Face and handed the keys to the public.", "en", True),
    # an aggregator's time stamp; a fact check's numbered claim; headlines quoted as a kind
    ("shut-down-three-hours", "والشركة توقف الوصول إلى سورا المصدر: البوابة الرقمية · منذ 3 ساعات", "ar", False),
    ("available-2024", "ادعاء ثانٍ: \"سورا سيُطرح قبل نهاية 2024\"", "ar", False),
    ("threat-to-creators", "قرأت عناوين من قبيل \"سورا يهدد وجود المصممين\".", "ar", False),
    # not saying it; the threat is something else; a launch nobody confirmed
    ("threat-to-creators", "I am not saying Sora is an existential threat to artists.", "en", False),
    ("threat-to-creators", "What threatens artists is not Sora.", "en", False),
    ("available-2024", "Reports have pointed to a Sora launch before the end of 2024, but the company has not confirmed that.", "en", False),
    ("available-2024", "OpenAI has not confirmed a date, but Sora is widely expected to launch before the end of 2024.", "en", True),
    # a forecast with "تطرح"; not released is no forecast, unless one follows
    ("available-2024", "ومن المنتظر أن تطرح OpenAI أداة سورا رسميًا قبل نهاية ٢٠٢٤.", "ar", True),
    ("available-2024", "كشفت الشركة عن سورا في فبراير من هذا العام لكنها لم تطرح الأداة للعموم حتى الآن.", "ar", False),
    ("available-2024", "أداة سورا لم تُطرح للجمهور بعد، ومن المنتظر أن تصبح متاحة للجميع خلال عام 2024.", "ar", True),
    ("available-2024", "تزعم بعض المنشورات أن سورا ستُطرح رسميًا قبل نهاية 2024.", "ar", False),
    # Levantine: opened it to the world
    ("leaked-by-testers", "مجموعة فنانين من اللي عم يجربوا سورا فتحوه للعالم كلها احتجاج.", "ar", True),
    # a claim called media exaggeration
    ("threat-to-creators", "لكنه رأى أن الحديث عن «تهديد وجودي» يمثله سورا للمحررين وصناع المحتوى «مبالغة إعلامية».", "ar", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "text", "language", "carried"), CLAIMS)
def test_claims_in_pairings_dialect_and_verdicts(
    claims_told: Callable[[str, str], set[str]], claim_id: str, text: str, language: str,
    carried: bool,
) -> None:
    assert (claim_id in claims_told(text, language)) is carried


@pytest.mark.parametrize(
    ("token", "stem"),
    [("عالhugging", "hugging"), ("لsora", "sora"), ("بالchatgpt", "chatgpt"), ("الفنانين", "فنانين")],
)
def test_arabic_glued_to_a_latin_name_is_its_clitic(token: str, stem: str) -> None:
    assert strip_clitics(token) == stem
