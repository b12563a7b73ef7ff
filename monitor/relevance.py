"""Is an article about OpenAI's Sora, and does it report a leak of Sora? Arabic and English."""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass

from monitor.text import fold, normalize, split_sentences, strip_clitics

__all__ = ["Relevance", "assess", "RELEVANT_AT"]

RELEVANT_AT = 0.5
"""Score from which an article counts as relevant."""


@dataclass(frozen=True)
class Relevance:
    """The verdict on one article."""

    relevant: bool
    score: float
    """In [0, 1]: confidence that the article is about OpenAI's Sora."""
    leak_report: bool
    signals: tuple[str, ...]
    """What decided it: "sora:N", "sora-in-title", context groups, "-<counter group>",
    "leak:N" (leak sentences, the title counting as one), "unanchored" (nothing ties Sora to
    OpenAI), "passing-mention", "no-sora" when Sora is never named."""
    leak_evidence: str = ""
    """The first sentence (or the title) the lexical leak rule counted, when there is one."""
    leak_sentences: int = 0
    """Sentences (the title counting as one) the lexical leak rule counted."""


# Tokens as monitor.text.words(), except that decimals stay whole: "SORA 2.5" (the drone risk
# method's version) must not read as "Sora 2".
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
# Open-Sora, the open-source project named after OpenAI's model, is one word: not a Sora. (Not
# "open Sora to the public".)
_OPEN_SORA = re.compile(r"\bOpen-?Sora\b")


def _tokens(text: str) -> list[str]:
    return [
        strip_clitics(_DIGITS_AFTER_CLITIC.sub("", w) if w[-1].isdigit() else w)
        for w in _TOKEN.findall(fold(_OPEN_SORA.sub("OpenSora", text)))
    ]


# "بـ157 مليار" is "157 مليار" with its preposition: a number keeps no clitic.
_DIGITS_AFTER_CLITIC = re.compile(r"^[وفبلك]{1,2}(?=\d+$)")


def _phrases(*texts: str) -> tuple[str, ...]:
    """Phrases in the same folded, clitic-stripped, space-padded form as _Doc.stream."""
    return tuple(" " + " ".join(_tokens(t)) + " " for t in texts)


# Arabic spellings of Hugging Face seen in the wild (ج and غ both render the English g).
_HUGGING_FACE_AR = tuple(
    f"{h}{g}{i}ن{g2} فيس"
    for h in ("ها", "ه")
    # (Gulf writers spell the English g with ق: "هاقنق فيس"; Iraqi with گ: "هاگنگ فيس".)
    for g, g2 in (
        ("ج", "ج"), ("ج", "غ"), ("غ", "ج"), ("غ", "غ"), ("ق", "ق"), ("گ", "گ"), ("ك", "ك")
    )
    for i in ("ي", "")
)

# "تطبيق سورا" is the Sora app, and also "applying SORA", the drone-risk method.
_APPLYING_SORA = _phrases("تطبيق Sora", "تطبيق سورا")

# Context that ties "Sora" to OpenAI's model: (weight, phrases). Weights are logit increments.
_CONTEXT: dict[str, tuple[float, tuple[str, ...]]] = {
    # "اوبن اي" also matches اوبن اي اي / اوبن ايه اي and the other Arabic spellings.
    "openai": (2.5, _phrases("OpenAI", "Open AI", "أوبن إي", "أوبن إيه", "اوبن اياي")),
    "sora-product": (
        2.5,
        _phrases(
            "Sora 2", "Sora2", "سورا 2", "Sora app", *_APPLYING_SORA, "sora.com",
            "OpenAI's Sora", "Sora Turbo", "Sora by OpenAI", "Sora from OpenAI",
        ),
    ),
    "chatgpt": (
        1.0,
        _phrases(
            "ChatGPT", "Chat GPT", "GPT-4", "GPT-4o", "GPT-5", "جي بي تي", "شات جيبيتي",
            # its reasoning models, named where a subscriber weighs the Pro tier
            "o1 pro", "o1-pro", "o1-preview", "o3",
        ),
    ),
    "altman": (1.0, _phrases("Altman", "ألتمان", "التمان")),
    "openai-products": (0.5, _phrases("DALL-E", "DALLE", "دال إي")),
    "video-ai": (
        1.5,
        _phrases(
            "text-to-video", "text to video", "video generation", "video generator",
            "video-generation", "video-generating", "generate videos", "generates videos",
            "generate video", "generated videos", "generating videos", "AI video", "AI videos",
            "AI-generated", "video model", "video tool", "generative video", "deepfake",
            "deepfakes", "cameo", "cameos", "توليد الفيديو", "توليد فيديو", "توليد مقاطع",
            "إنشاء مقاطع", "إنشاء فيديو", "النص إلى فيديو", "مولد فيديو", "مولد الفيديو",
            "فيديوهات مولدة", "مقاطع فيديو", "مقطع فيديو", "مقاطع الفيديو", "إنشاء الفيديو",
            "توليد الفيديوهات", "الفيديو بالذكاء الاصطناعي", "فيديوهات بالذكاء الاصطناعي",
            "video app", "videos from text", "video from text", "text prompt", "text prompts",
        ),
    ),
    "ai": (
        1.0,
        _phrases(
            "artificial intelligence", "AI", "generative", "GenAI", "machine learning",
            "الذكاء الاصطناعي", "ذكاء اصطناعي", "التوليدي", "نموذج",
        ),
    ),
    # Sora named as a tool, model or platform ("أداة سورا المسربة", "Sora clips"): what short
    # Arabic briefs say instead of naming OpenAI. No person, game or surah is called so.
    "sora-tool": (
        1.5,
        _phrases(
            "أداة سورا", "منصة سورا", "نموذج سورا", "مقاطع سورا", "فيديوهات سورا",
            "الوصول المبكر إلى سورا", "برنامج سورا المبكر", "Sora tool", "Sora model",
            "Sora videos", "Sora clips", "Sora platform", "early access to Sora",
            "Sora the AI", "Sora an AI", "Sora AI", "AI tool Sora",
            # "forwards me a Sora clip", "the fear around tools like Sora"
            "Sora clip", "Sora video", "tools like Sora", "أدوات مثل سورا",
            # Sora in Latin letters in Arabic ("تسريب أداة Sora"), and its test programme named
            # ("some of the artists in the Sora early access program")
            "أداة Sora", "منصة Sora", "نموذج Sora", "مقاطع Sora", "فيديوهات Sora",
            "لأداة Sora", "بأداة Sora", "لأداة سورا", "بأداة سورا",
            "Sora early access", "Sora early-access", "Sora alpha", "Sora front end",
            "Sora frontend",
        ),
    ),
    "ai-ecosystem": (
        0.5,
        _phrases(
            "Hugging Face", "HuggingFace", *_HUGGING_FACE_AR, "Runway",
            "Pika", "Kling", "Veo", "Midjourney", "Gemini", "جيميني", "Stable Diffusion",
        ),
    ),
}
# Groups that tie Sora to OpenAI's model strongly enough on their own.
_ANCHORS = frozenset({"openai", "sora-product", "chatgpt", "altman"})

# Everything else called Sora: (weight, phrases).
_COUNTER: dict[str, tuple[float, tuple[str, ...]]] = {
    "game": (
        3.5,
        _phrases(
            "Kingdom Hearts", "Riku", "Kairi", "Keyblade", "Square Enix", "Heartless",
            "Smash Bros", "Super Smash", "Smash Ultimate", "Sakurai", "Nintendo", "amiibo", "DLC",
            "Tetsuya Nomura",
            # fans' shorthand: "KH4 leaks: is this Sora's new design?", "r/KingdomHearts"
            "KH1", "KH2", "KH3", "KH4", "KingdomHearts",
            "مملكة القلوب", "كينجدم هارتس", "كينغدم هارتس", "سكوير إنكس", "نينتندو", "سماش",
        ),
    ),
    "soranews": (4.0, _phrases("SoraNews24", "SoraNews", "RocketNews24", "سورا نيوز")),
    "person-anime": (
        2.5,
        _phrases(
            "Amamiya", "Sora Aoi", "seiyuu", "voice actress", "voice actor", "idol", "anime",
            "manga", "singer", "أماميا", "أنمي", "مانجا", "مانغا", "مغنية",
        ),
    ),
    # A Sora who introduces herself, or is called Japanese: "Hi, I'm Sora!", "اسمي سورا",
    # "«سورا» الياباني يوقّع لشباب الأطلس", "المخرجة اليابانية سورا ميازاكي".
    "person-named": (
        2.5,
        _phrases(
            "I'm Sora", "my name is Sora", "اسمي سورا", "سورا الياباني", "سورا اليابانية",
            "الياباني سورا", "اليابانية سورا",
        ),
    ),
    "japanese-word": (
        2.0,
        _phrases(
            "means sky", "meaning sky", "word for sky", "sky in Japanese", "Japanese word", "空",
            "كلمة يابانية", "تعني السماء", "Sora in Japanese", "Japanese for sky",
        ),
    ),
    "sora-method": (
        4.0,
        _phrases(
            "JARUS", "Specific Operations Risk Assessment", "UAS", "UAV", "UAVs", "EASA", "BVLOS",
            "ground risk", "air risk", "operational authorisation", "operational authorization",
            "unmanned", "طائرات بدون طيار", "طائرة بدون طيار", "الطائرات المسيرة",
        ),
    ),
    "drone": (1.0, _phrases("drone", "drones", "درون", "مسيرات")),
    # A footballer called Sora ("اللاعب الياباني سورا كاتاياما ... صفقة انتقال حر").
    "football": (
        2.5,
        _phrases(
            "midfielder", "striker", "goalkeeper", "free transfer", "transfer fee", "J-League",
            "J1 League", "لاعب الوسط", "لاعب وسط", "حارس المرمى", "حارس مرمى",
            "صفقة انتقال", "انتقال حر", "الدوري الياباني", "مباراة دولية", "مباراتين دوليتين",
        ),
    ),
    "town": (
        4.0,
        _phrases(
            "Lazio", "Frosinone", "Liri", "town of Sora", "comune di Sora", "لاتسيو",
            "فروزينوني", "ليري", "بلدة سورا", "بلدية سورا", "مدينة سورا الإيطالية",
        ),
    ),
    "quran": (
        4.0,
        _phrases(
            "القرآن", "قرآن", "آيات", "الآيات", "تلاوة", "مصحف", "سورة البقرة",
            "سورة الفاتحة", "سورة الكهف", "سورة يس", "Quran", "Koran", "surah", "ayah",
        ),
    ),
}
# The text itself tells the two apart, near Sora's name: "Sora shares it, by coincidence, with
# OpenAI's video generator", "لا علاقة لها بالشركة".
_NAMESAKE = _phrases(
    "not to be confused", "no relation to", "no connection to", "by coincidence",
    "shares its name", "shares a name", "shares her name", "shares his name",
    "shares her first name", "shares his first name", "namesake", "لا علاقة لها", "لا علاقة له",
    "لا علاقة لهذا", "لا علاقة لهذه", "ليس له علاقة", "ليست لها علاقة", "wrong Sora",
    "لا صلة لها", "لا صلة له", "بالصدفة", "مصادفة", "تشابه الاسم", "تشابه الأسماء",
    "not that Sora", "لا علاقة لنا",
    # "... the name of OpenAI's video generator, which is an entirely separate story"
    "separate story", "nothing to do with", "قصة أخرى", "قصة مختلفة",
    # "برنامج أمريكي يحمل الاسم نفسه" (an American programme of the same name)
    "the same name", "الاسم نفسه", "نفس الاسم",
    # "Three days shooting plates in Sora (the town, not the model)", "(the Italian town, not the
    # OpenAI video generator)"
    "town not the", "village not the", "town not openai",
    # a SORA filed for a drone flight: "(No, not OpenAI's video model; aviation people had the
    # acronym first.)"
    "not OpenAI's",
)
_DRONE_SHOTS = _phrases(
    "drone shot", "drone shots", "drone footage", "drone-style", "لقطة درون", "لقطات درون",
    "تصوير درون", "لقطة بالدرون", "لقطات بالدرون",
)
_NAMESAKE_REACH = 15  # tokens either side of the name
_NAMESAKE_WEIGHT = 1.0


def _names_an_anchor(doc: _Doc) -> bool:
    """Whether `doc` names what ties Sora to OpenAI (OpenAI, Sora 2 or the app, ChatGPT, Altman)."""
    return any(doc.count(_CONTEXT[name][1]) for name in _ANCHORS)


def _names_a_counter(doc: _Doc) -> bool:
    """Whether `doc` names another Sora's world (a game, a person, a town, the drone method)."""
    return any(doc.count(phrases) for _, phrases in _COUNTER.values())


_OPENING_SENTENCES = 5
# A forum's or a channel's line where a headline would be: "r/japanlife · Posted by u/...".
_FORUM_LINE = re.compile(r" (?:r|u) [a-z_0-9]+ | posted by ")


def _aside_in_a_namesakes_story(head: _Doc, text: str, titled_person: bool = False) -> bool:
    """Whether the headline is another Sora's (a game, a person, a town: a counter-signal and
    no anchor to OpenAI; a person it names, "Q&A: Sora Kitamura on 'The Salt Road'"), or its
    opening introduces a person called Sora ("Hi, I'm Sora! This time I made it to Baghdad"),
    and the body names OpenAI's Sora in one sentence only."""
    lines = split_sentences(text)
    opening = _Doc(" ".join(lines[:_OPENING_SENTENCES]))  # past a page's clutter
    if lines and _FORUM_LINE.search(head.stream) and not head.sora_mentions():
        # A forum's or a channel's line stands where the headline would ("r/japanlife ·
        # Posted by ..."): the story's own headline is the first line under it.
        head = _Doc(lines[0])
    if not (
        titled_person
        or _names_a_counter(head)
        or opening.count(_COUNTER["person-named"][1])
    ):
        return False
    if _names_an_anchor(head):
        return False
    anchored = 0
    for raw in lines:
        sentence = _Doc(raw)
        if _names_an_anchor(sentence):
            anchored += 1
            if anchored > 1:
                return False
    return True


# The article says its Sora is not OpenAI's, with OpenAI named right after: "The start-up has
# no connection to OpenAI's Sora video generator", "لا توجد أي علاقة بين شبكة SORA ... وأداة
# OpenAI". Told so, OpenAI is named only to be disowned, whatever else the article names.
_DISOWNING = _phrases(
    "no connection to", "no connection with", "no relation to", "unrelated to",
    "not affiliated with", "not to be confused with", "لا علاقة", "أي علاقة", "لا صلة",
    "أي صلة", "ليس له علاقة", "ليست لها علاقة", "لا تمت بصلة", "لا يمت بصلة",
    "nothing to do with",
    # Gulf "لا، مو سورا هالمرة، ولا لها دخل بـ OpenAI أبد", Egyptian "ملهاش دعوة"
    "لا لها دخل", "ولا لها دخل", "ولا له دخل", "ما لها دخل", "مالها دخل", "لا له دخل",
    "ما له دخل", "ماله دخل",
    "ملهاش دعوة", "ملهاش علاقة", "ملوش دعوة", "ملوش علاقة",
)
_DISOWNING_REACH = 14  # tokens after the phrase within which OpenAI is named
_SUBJECT_REACH = 2  # tokens before the phrase: the namesake that says it ("Open-Sora has")
_OWNED_REACH = 3  # tokens after OpenAI within which its Sora is named ("OpenAI's Sora")


def _disowns_openai(whole: _Doc, text: str) -> bool:
    """Whether a sentence says its Sora has no connection to OpenAI's: Sora named between the
    phrase and OpenAI ("no relation between the SORA network ... and OpenAI's tool") or right
    after it ("no connection to OpenAI's Sora"). Not a third party that disowns OpenAI in a
    story about Sora ("Nintendo said it has no connection to OpenAI"), nor "the file has no
    connection to OpenAI's app"."""
    if not whole.count(_DISOWNING):
        return False
    for raw in split_sentences(text):
        sentence = _Doc(raw)
        if not sentence.sora_mentions():
            continue
        tokens = sentence.tokens
        for phrase in _DISOWNING:
            for at in _phrase_positions(sentence, phrase):
                reach = tokens[at : at + _DISOWNING_REACH]
                owner = next((i for i, t in enumerate(reach) if t in _OPENAI_TOKENS), None)
                if owner is None:
                    continue
                named = reach[: owner + 1 + _OWNED_REACH]
                # or the namesake disowns it itself: "Open-Sora has nothing to do with OpenAI"
                named += tokens[max(0, at - _SUBJECT_REACH) : at]
                if any(_SORA_TOKEN.match(t) for t in named):
                    return True
    return False


def _owned_by_openai(doc: _Doc) -> bool:
    """Whether some "Sora" follows OpenAI closely ("OpenAI's Sora", "سورا من OpenAI" read the
    other way round: OpenAI just after it)."""
    tokens = doc.tokens
    return any(
        _SORA_TOKEN.match(t)
        and _OPENAI_TOKENS.intersection(tokens[max(0, i - _OWNED_REACH) : i + _OWNED_REACH + 1])
        for i, t in enumerate(tokens)
    )


def _told_apart(doc: _Doc) -> bool:
    """Whether a namesake phrase stands within reach of Sora's name or OpenAI's."""
    if not doc.count(_NAMESAKE):
        return False
    names = [
        i
        for i, token in enumerate(doc.tokens)
        if _SORA_TOKEN.match(token) or token in _OPENAI_TOKENS
    ]
    for phrase in _NAMESAKE:
        size = len(phrase.split())
        for at in _phrase_positions(doc, phrase):
            nearest = bisect.bisect_left(names, at - _NAMESAKE_REACH)
            if nearest < len(names) and names[nearest] <= at + size + _NAMESAKE_REACH:
                return True
    return False


def _phrase_positions(doc: _Doc, phrase: str) -> list[int]:
    """The token indexes at which `phrase` (in _phrases form) starts in `doc`."""
    if phrase not in doc.stream:
        return []
    words = phrase.split()
    size, first = len(words), words[0]
    return [
        i
        for i, token in enumerate(doc.tokens)
        if token == first and doc.tokens[i : i + size] == words
    ]


# Other video models. An article about one of them that names Sora as the yardstick ("a
# Sora-like tool", "to rival OpenAI's Sora") is about the other model.
_RIVALS = _phrases(
    "Kling", "كلينغ", "كلينج", "Runway", "رانواي", "رنواي", "Veo", "فيو 3", "Pika", "Luma",
    "Dream Machine", "Hailuo", "Vidu", "Movie Gen", "Gen-3", "Gen 3", "Gen-4", "Gen 4",
    "Midjourney", "ميدجورني", "Kuaishou", "كوايشو",
    "Wan 2", "Seedance", "Hunyuan", "Stable Video",
    # Other models whose leaks are told beside Sora's ("as with LLaMA's weights on 4chan").
    "LLaMA", "لاما", "Mistral", "ميسترال",
)

# "Sora Nakamura ... Nakamura told us": a first name, whose surname goes on alone, as a
# person does ("Nakamura said", "said Nakamura"). Words that follow the model's name (Sora
# Turbo, the Sora App, the Sora Discord) are no surname.
_FIRST_NAME = re.compile(r"\bSora ([A-Z][a-z]{2,})\b")
_NO_SURNAME = frozenset(
    "Turbo App Pro Plus Max Mini Studio Team Feed Editor Storyboard Android Cameo Cameos Video"
    " Videos Model Beta Alpha Access Discord Disney Website Page Space Clips Leak Remix Recut"
    " Loop Blend Presets Explore Characters Hub Launch Update"
    # Title Case headlines: "Sora Testers Leak Access", "Sora Arrives In Europe"
    " Testers Tester Artists Artist Users User Creators Creator Fans Deepfakes Deepfake Maker"
    " Makers Generator Tool Tools Release Released Leaks Leaked Leaking Protest Protesters"
    " Program Programme Outage Models Footage Shorts Reels Goes Gets Opens Arrives Comes"
    " Launches Hits Now Rivals Returns Expands Adds Lands".split()
)
# A surname goes on alone as its person does: "Kimura's club", "Kimura, who scored nine goals".
_ALONE_AGAIN = 2
_SPEECH = "said|says|told|tells|wrote|writes|added|explained|recalled|recalls"
_SURNAMES_TRIED = 5  # distinct candidates at most: each costs one pass over the text


# The same in Arabic: "الباحثة اليابانية سورا تاناكا ... وأوضحت تاناكا". Words that follow the
# model's name are no surname.
_FIRST_NAME_AR = re.compile(r"(?<!\w)سورا ([\u0621-\u064a]{3,})(?!\w)")
_NO_SURNAME_AR = frozenset(
    "التي الذي التابعة التابع الجديدة الجديد المسربة المسرب تيربو برو وهي وهو لتوليد الخاصة"
    " الشهيرة".split()
)


# A person speaks: "وأوضحت تاناكا", "قالت تاناكا"
_SPEECH_AR = (
    r"(?:قالت|قال|أوضحت|أوضح|اوضحت|اوضح|أضافت|أضاف|اضافت|اضاف|تابعت|تابع|أكدت|أكد|اكدت|اكد"
    r"|أشارت|أشار|اشارت|اشار|ترى|يرى|تقول|يقول)"
)


def _names_a_person_in_arabic(text: str) -> str | None:
    """The surname X of "سورا X" when X goes on alone, speaking ("وأوضحت تاناكا"), and either
    every "سورا" of the text is hers or OpenAI is not named."""
    every = len(re.findall(r"(?<!\w)سورا(?!\w)", text))
    no_openai = not re.search(r"(?i)\bopenai\b|(?<!\w)أوبن|(?<!\w)اوبن", text)
    for surname in {m.group(1) for m in _FIRST_NAME_AR.finditer(text)} - _NO_SURNAME_AR:
        alone = re.findall(rf"(?<!\w)[وف]?{_SPEECH_AR} {surname}(?!\w)", text)
        if alone and (no_openai or every == len(re.findall(rf"سورا {surname}", text))):
            return surname
    return None


def _names_a_person(text: str) -> str | None:
    """The surname X when "Sora" is someone's first name: "Sora X", then X alone, speaking."""
    arabic = _names_a_person_in_arabic(text)
    if arabic:
        return arabic
    tried: set[str] = set()
    for match in _FIRST_NAME.finditer(text):
        surname = match.group(1)
        if surname in _NO_SURNAME or surname in tried:
            continue
        tried.add(surname)
        speaks = re.compile(
            rf"(?<!Sora )\b{surname}(?:'s)? (?:{_SPEECH})\b|\b(?:{_SPEECH}) {surname}\b"
            # a transcript's turns: "SORA KITAMURA: With my grandmother's hands", "SORA: One."
            rf"|^\W*(?:SORA(?: {surname.upper()})?|Sora {surname})\s*:",
            re.MULTILINE,
        )
        if speaks.search(text):
            return surname
        alone = re.findall(rf"(?<!Sora )\b{surname}\b", text)
        if len(alone) >= _ALONE_AGAIN and not re.search(r"\bOpenAI\b", text):
            return surname
        # Every "Sora" of the text is hers, and her surname goes on alone once: "Meet Sora
        # Kimura ... Kimura, who works from a small studio", whatever it says of OpenAI's model.
        if alone and len(re.findall(r"\bSora\b", text)) == len(
            re.findall(rf"\bSora {surname}\b", text)
        ):
            return surname
        if len(tried) >= _SURNAMES_TRIED:
            break
    return None


# A person called Sora, not the model: these occurrences are not counted as mentions.
_PERSON_PHRASES = _phrases("Sora Amamiya", "Amamiya Sora", "Sora Aoi", "Aoi Sora", "سورا أماميا")

# "Sora", "Sora2", "سورا" and the clitic-glued forms بسورا، لسورا، وبSora، لـSora. Not ك:
# كسورا is "fractures".
_SORA_TOKEN = re.compile(r"^(?:[وبل]|وب|ول)?(?:sora|سورا)2?$")
_SURAH = "سوره"  # fold(سورة): a Quran chapter, unless written right next to OpenAI
_OPENAI_TOKENS = frozenset({"openai", "اوبن"})

# OpenAI's video model named by what it is ("OpenAI's unreleased video generator", "أداة
# توليد الفيديو التي كشفت عنها OpenAI"): OpenAI makes one video model, and it is Sora.
_VIDEO_TOKENS = frozenset({"video", "videos", "فيديو", "فيديوهات"})
_MODEL_TOKEN = re.compile(
    r"^[وبل]?(?:model|generator|tool|app|اداه|اداتها|ادواتها|نموذج\w*|مولد|تطبيق\w*)$"
)
_VIDEO_MODEL_REACH = 6  # tokens either side of "OpenAI"


def _names_its_video_model(tokens: list[str], i: int) -> bool:
    """Whether the OpenAI token at `i` comes with a video model or tool beside it, and
    without Sora's name (which is counted as itself: "OpenAI's Sora video tool" is one)."""
    near = tokens[max(0, i - _VIDEO_MODEL_REACH) : i + _VIDEO_MODEL_REACH + 1]
    return (
        bool(_VIDEO_TOKENS.intersection(near))
        and any(_MODEL_TOKEN.match(t) for t in near)
        and not any(
            _SORA_TOKEN.match(t)
            for t in tokens[max(0, i - 2 * _VIDEO_MODEL_REACH) : i + 2 * _VIDEO_MODEL_REACH + 1]
        )
    )


_BASE = -2.5
_TITLE_WEIGHT = 2.0
_MENTION_WEIGHT = 1.2
_UNANCHORED_CAP = 0.25
_WEAK_TIE_WEIGHT = 1.0  # Sora tied to OpenAI by what only its story has (the hub, the valuation)
_ANCHORED_PENALTY_CAP = 3.0
_PASSING_CAP = 0.45
_RIVAL_CAP = 0.45
_WEAK_ANCHOR_TOLERANCE = 2.0
_PASSING_MIN_WORDS = 60
_PERSON_WEIGHT = 2.5


# "1. Runway", "٣) Sora"; not a timeline's "12:03 — A new Space appears".
_NUMBERED = re.compile(r"^\s*(?:\d+|[٠-٩]+)\s*[.)\-–:](?![\d٠-٩])\s*(\S.*)$", re.MULTILINE)
_LIST_MIN_ENTRIES = 4
_LIST_MIN_RIVALS = 3


_LEAD_ITEM_MENTIONS = 3


def _one_entry_of_a_list(body: _Doc, text: str) -> bool:
    """Whether Sora is one numbered entry among other video models (a list of tools), or one
    tool among others in a later entry of a list about something else ("4. Video tools: Sora,
    Runway, CapCut"). Not a newsletter's lead item, which tells its own story ("1. Sora,
    briefly, for everyone": Sora named again and again, no rival beside it)."""
    starts = [m.start() for m in _NUMBERED.finditer(text)]
    entries = [_Doc(m.group(1)) for m in _NUMBERED.finditer(text)]
    if len(entries) < _LIST_MIN_ENTRIES or not any(e.sora_mentions() for e in entries):
        return False
    sections = [_Doc(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    named = [k for k, section in enumerate(sections) if section.sora_mentions()]
    first = sections[0]
    if named == [0] and first.sora_mentions() >= _LEAD_ITEM_MENTIONS and not first.count(_RIVALS):
        return False
    rivals = {p for p in _RIVALS if body.count((p,))}
    if len(rivals) >= _LIST_MIN_RIVALS and body.count(_RIVALS) >= body.sora_mentions():
        return True
    # Sora named no more often than the tools beside it, and nothing of its own told (a
    # round-up's third item "Artists leak OpenAI's Sora ... Rivals such as Runway ..." is news).
    entry = sections[named[0]] if len(named) == 1 else None
    return (
        entry is not None
        and named[0] > 0
        and entry.sora_mentions() == body.sora_mentions()
        and entry.count(_RIVALS) >= entry.sora_mentions()
        and not _leak_positions(entry)
    )


def _lede(text: str) -> str:
    """The opening of an article: its first two sentences."""
    return " ".join(split_sentences(text)[:2])


def _lede_names_sora(text: str) -> bool:
    """Whether the opening (its first two sentences, past a bulletin's name and a dateline
    line) names Sora as its subject, not as another model's yardstick ("a would-be competitor
    to OpenAI's Sora")."""
    opening, told = [], 0
    for sentence in (_Doc(s) for s in split_sentences(text)):
        opening.append(sentence)
        told += len(sentence.tokens) >= _BYLINE_WORDS
        if told >= 2:
            break
    # Not one name in a list of tools ("Runway, Google's Veo, Kling, Pika and OpenAI's Sora").
    return any(
        d.sora_mentions() and not d.count(_RIVAL_TO) and d.count(_RIVALS) < 2 for d in opening
    )


class _Doc:
    """Folded, clitic-stripped tokens of a text, and a padded stream for phrase lookups."""

    def __init__(self, text: str = "", tokens: list[str] | None = None) -> None:
        self.tokens = _tokens(text) if tokens is None else tokens
        self.stream = " " + " ".join(self.tokens) + " "

    def __add__(self, other: _Doc) -> _Doc:
        return _Doc(tokens=self.tokens + other.tokens)

    def count(self, phrases: tuple[str, ...]) -> int:
        return sum(self.stream.count(p) for p in phrases)

    def sora_mentions(self) -> int:
        count = sum(1 for t in self.tokens if _SORA_TOKEN.match(t))
        for i, token in enumerate(self.tokens):
            if token == _SURAH and _OPENAI_TOKENS & set(self.tokens[max(0, i - 3) : i + 4]):
                count += 1
            elif token in _OPENAI_TOKENS and _names_its_video_model(self.tokens, i):
                count += 1
        return max(0, count - self.count(_PERSON_PHRASES))


# Words that make what follows them a yardstick: "a rival to Sora", "an alternative to OpenAI's
# Sora", "ينافس Sora". "compete" only beside another model ("compete with OpenAI's Sora 2 and
# Google's Veo"): animators "could never compete with Sora" are no rival model.
# Folded and stripped like the tokens they meet ("المنافس" is "منافس" there; "الرد" keeps its
# article, too short a stem to lose it).
_YARDSTICK_TOKENS = frozenset(
    _tokens(
        "rival rivals competitor competitors alternative alternatives challenger challengers"
        " منافس منافسا ينافس تنافس منافسه بديل بديلا منافسين منافسي"
        # "China's answer to Sora", "الرد الصيني على Sora", "رد الصين على Sora"
        " answer الرد رد"
        # "الملقب بقاتل سورا" (dubbed the Sora killer)
        " قاتل كمنافس كبديل"
    )
)
# After the name: "a 'Sora killer'", "a Sora rival", "a Sora clone", "Sora-level quality", "a
# Sora challenger".
_YARDSTICK_AFTER = frozenset(
    "killer killers rival rivals clone clones competitor competitors challenger challengers"
    " alternative alternatives league level style".split()
)
_COMPETING_TOKENS = frozenset("compete competes competing".split())
# Sora as another story's precedent or its point of comparison ("تعيد الحادثة إلى الأذهان ما
# جرى مع سورا", "في حالة سورا", "unlike Sora"), once a rival's word is in the article.
_PRECEDENT_TOKENS = frozenset(
    "echoes echoed echoing reminiscent parallels unlike case اذهان حاله بخلاف عكس".split()
)
# With another video model named in the sentence, a list: "closed tools such as Sora and Veo".
_LISTED_TOKENS = frozenset("like such مثل including includes بينها منها".split())
# "matches or exceeds Sora and Veo on its benchmarks"
_BEATING_TOKENS = frozenset(
    "matches match exceeds exceed beats beat outperforms outperform surpasses surpass "
    "يتفوق تتفوق يضاهي تضاهي".split()
)
# "comparing them, unfavorably, with OpenAI's Sora and Google's Veo"
# Folded like the tokens they meet ("مقارنة" is "مقارنه" there).
_COMPARING_TOKENS = frozenset(_tokens("with compared comparing comparison مقارنة بمقارنة مع"))
# Every comparison, once the headline names Sora only as the yardstick.
_COMPARISON_WORDS = (
    _COMPETING_TOKENS | _LISTED_TOKENS | _COMPARING_TOKENS | _BEATING_TOKENS
    | frozenset(
        _tokens(
            "level league beside than comparisons against versus vs relative بجانب مستوى أقل"
            " أفضل ردا رد"
            # the race's starting gun: "since OpenAI unveiled Sora", "منذ كشفت OpenAI عن Sora"
            " since منذ"
            # "Before anyone asks: this is not Sora."
            " not"
        )
    )
)
_YARDSTICK_REACH = 6  # tokens before the name: "compete for attention with OpenAI's Sora 2"
# Once the headline names Sora only as the yardstick: "The episode echoes the November 2024
# protest in which Sora's own early-access artists ..."
_HEADLINED_REACH = 10


def _only_a_yardstick(body: _Doc, text: str, title: str = "") -> bool:
    """Whether every mention of Sora in `text` (read as `body`, with the `title` if given)
    follows a rival's word in its sentence, or is called a "Sora killer"."""
    if (
        not _YARDSTICK_TOKENS.intersection(body.tokens)
        and not _YARDSTICK_AFTER.intersection(body.tokens)
        and not body.count(_RIVALS)
    ):
        return False  # most articles: no rival's word at all, nothing to split
    broad: frozenset[str] = frozenset()
    reach = _YARDSTICK_REACH
    if title:
        # A headline that names Sora only as the yardstick ("Startup's 'Sora killer' model
        # leaked") makes the story the other model's: the body's comparisons ("close to the
        # level of OpenAI's Sora", "beside Sora clips") measure against it too.
        head = _Doc(title)
        if not head.sora_mentions() or not _all_measured(head, _yardstick_words(head)):
            return False
        broad, reach = _COMPARISON_WORDS, _HEADLINED_REACH
    seen = 0
    for raw in split_sentences(text):
        sentence = _Doc(raw)
        mentions = sentence.sora_mentions()
        if not mentions:
            continue
        if not _all_measured(sentence, _yardstick_words(sentence) | broad, reach):
            return False
        seen += mentions
    return seen > 0 or bool(title)


def _yardstick_words(sentence: _Doc) -> frozenset[str]:
    words = _YARDSTICK_TOKENS | _PRECEDENT_TOKENS
    if sentence.count(_RIVALS):
        words |= _COMPETING_TOKENS | _LISTED_TOKENS | _COMPARING_TOKENS | _BEATING_TOKENS
    return words


def _all_measured(
    sentence: _Doc, words: frozenset[str], reach: int = _YARDSTICK_REACH
) -> bool:
    """Whether each Sora of the sentence has one of `words` shortly before it, or is named as a
    class of models or a "Sora killer" ("OpenAI's video generator" alone is not measured)."""
    tokens, measured = sentence.tokens, 0
    for i, token in enumerate(tokens):
        if not _SORA_TOKEN.match(token):
            continue
        # The word after the name, or after its possessive: "not in Sora's league".
        after = tokens[i + 2 : i + 3] if tokens[i + 1 : i + 2] == ["s"] else tokens[i + 1 : i + 2]
        if after != ["class"] and not _YARDSTICK_AFTER.intersection(after):
            if not words.intersection(tokens[max(0, i - reach) : i]):
                return False
        measured += 1
    return measured >= sentence.sora_mentions()


# Weights that leaked are another model's: Sora's never left OpenAI's servers. A headline on
# a model's leaked weights ("تسريب أوزان نموذج الفيديو الصيني «يونمو»", "Weights for Chinese
# video model 'Hailan-V' leak onto torrent sites") is that model's story, however often it
# measures the model against Sora; not "Sora 2 weights leaked? It's malware".
_WEIGHTS = frozenset(_tokens("weights checkpoint checkpoints أوزان"))
_OWNER_REACH = 3  # tokens either side of "weights" within which their model is named
# What is passed from hand to hand: "circulating on forums", "ينتشر ملف APK اسمه Sora".
_SPREADING = _phrases("circulating", "ينتشر", "تنتشر", "انتشرت")
# Weights get out in other words too: "spill onto torrent sites".
_SPILLED = (
    *_phrases("spill", "spills", "spilled", "spilt", "torrent", "torrents", "dumped"),
    *_SPREADING,
)


def _weights_leaked(sentence: _Doc) -> bool:
    """Whether the sentence tells of a model's weights leaking, not Sora's."""
    tokens = sentence.tokens
    out = _leak_positions(sentence) or sentence.count(_SPILLED)
    if not out or _NEGATIONS.intersection(tokens) or _NOBODY.intersection(tokens):
        return False
    return any(
        token in _WEIGHTS
        and tokens[i - 1 : i] != ["ولا"]
        and not any(
            _SORA_TOKEN.match(t) for t in tokens[max(0, i - _OWNER_REACH) : i + _OWNER_REACH + 1]
        )
        for i, token in enumerate(tokens)
    )


# A dialect's "nobody" denies the weights leaked: "ما تسرب كود ولا موديل ولا أوزان، محد عنده
# ملفات سورا" (nobody has Sora's files).
_NOBODY = frozenset("محد ماحد محدش ماحدش".split())


# Sora named in a headline only as the precedent: "بعد سورا.. تسريب نسخة من Kling 3".
_PRECEDENT_IN_TITLE = frozenset("after بعد".split())


def _another_models_leak(title: str) -> bool:
    """Whether the headline tells of another model leaking, Sora named in it only as the
    precedent or the yardstick ("Runway beta testers leak Gen-5 access in Sora-style protest",
    "بعد سورا.. تسريب نسخة تجريبية من نموذج Kling 3"): some clause has a leak word and a rival,
    nearer the leak than any Sora, and no clause's leak word is Sora's or OpenAI's ("After Sora
    backlash, artists leak OpenAI's video tool as Runway watches", "After Sora's testers leaked
    it, Runway locks down its own beta")."""
    rivals_leak = False
    for clause in (_Doc(c) for c in _CLAUSES.split(title)):
        sora = [i for i, t in enumerate(clause.tokens) if _SORA_TOKEN.match(t)]
        if sora and not _all_measured(clause, _yardstick_words(clause) | _PRECEDENT_IN_TITLE, 2):
            return False
        leaks = [i for i in _leak_positions(clause) if i >= 0]
        if clause.count(_UNRELEASED_MODEL):
            # "Meta's unreleased video model surfaces on a file-sharing forum"
            leaks += [i for p in _SURFACED for i in _phrase_positions(clause, p)]
        if not leaks:
            continue
        rivals = [i for p in (*_RIVALS, *_MAKERS) for i in _phrase_positions(clause, p)]
        if clause.count(_CONTEXT["openai"][1]):
            return False
        if not rivals:
            # "Training data for 'Sora rival' leaked": the thing leaked is named as Sora's rival.
            named = [_YARDSTICK_AFTER.intersection(clause.tokens[i + 1 : i + 2]) for i in sora]
            if sora and all(named):
                rivals_leak = True
                continue
            return False
        for leak in leaks:
            nearest = min(rivals, key=lambda i: abs(leak - i))
            between = clause.tokens[min(leak, nearest) + 1 : max(leak, nearest)]
            # "artists leak access and Runway, Pika rush to court creators": another subject
            if _JOINING.intersection(between) or any(
                abs(leak - i) <= abs(leak - nearest) for i in sora
            ):
                return False
        rivals_leak = True
    return rivals_leak


# Another maker's model out before its time: "Meta's unreleased video model surfaces on a
# file-sharing forum days after Sora 2 launch".
_UNRELEASED_MODEL = _phrases("unreleased video model", "unreleased model", "نموذج غير منشور")
_SURFACED = _phrases("surfaces", "surfaced", "appears", "appeared", "dumped", "ظهر", "ظهرت")
_MAKERS = _phrases(
    "Meta", "ميتا", "Google", "غوغل", "جوجل", "ByteDance", "بايت دانس", "Alibaba", "علي بابا",
    "Tencent", "تينسنت", "Adobe", "أدوبي", "Stability",
)
# Words that join another subject on: the rival after them is not what leaked.
_JOINING = frozenset("and as while amid but وسط بينما لكن".split())


def _another_models_weights(head: _Doc, text: str, title: str = "") -> bool:
    """Whether the headline, or the opening of a story whose headline names Sora only as a
    yardstick ("هل خرج منافس Sora من الباب الخلفي؟") or not at all, tells of another model's
    weights leaking ("أوزان النموذج الكاملة ... سُرّبت ورُفعت على منصة Hugging Face")."""
    if _weights_leaked(head):
        return True
    parts = _TITLE_PARTS.split(title)
    if len(parts) > 1 and any(_weights_leaked(_Doc(part)) for part in parts):
        # A part asks what if (its "لو" would deny the whole): "تسريب أوزان نموذج فيديو صيني على
        # Hugging Face يعيد سؤال الأمان.. «لو حدث هذا لسورا؟»"
        return True
    if head.sora_mentions() and not _all_measured(head, _yardstick_words(head)):
        return False
    opening = [_Doc(s) for s in split_sentences(text)]
    opening = [d for d in opening if len(d.tokens) >= _BYLINE_WORDS][:_OPENING_SENTENCES]
    return any(_weights_leaked(d) for d in opening)


# An encyclopedia's note over its article ("Not to be confused with Sora (Kingdom Hearts) or
# Sora, Lazio.", "هذه المقالة عن نموذج توليد الفيديو. لمعانٍ أخرى، انظر سورا (توضيح)."): the
# namesakes it names are what the article is not about.
_HATNOTE = re.compile(
    r"^\W*(?:not to be confused with|for other uses|this article is about[^\n]*\bfor other uses"
    r"|[^\n]{1,80}? redirects here"
    r"|هذه المقال[ةه] عن[^\n]*(?:لمعان|انظر)|لمعان[ٍ]? أخرى|لا ينبغي الخلط|لا يجب الخلط)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HATNOTE_LINES = 8  # a hatnote sits over the article, among its first lines


def _without_hatnotes(text: str) -> str:
    lines = text.split("\n")
    top = "\n".join(lines[:_HATNOTE_LINES])
    if not _HATNOTE.search(top):
        return text
    return "\n".join([_HATNOTE.sub("", top), *lines[_HATNOTE_LINES:]])


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def assess(title: str, text: str, language: str | None = None) -> Relevance:
    """Decide whether the article is about OpenAI's Sora and whether it reports a Sora leak.

    `language` is accepted for callers that know it; both vocabularies are always checked,
    because Arabic articles name Sora and OpenAI in Latin letters.
    """
    text = _without_hatnotes(text or "")
    head, body = _Doc(title or ""), _Doc(text)
    whole = head + body
    in_title = head.sora_mentions()
    mentions = in_title + body.sora_mentions()
    signals: list[str] = []
    if not mentions:
        return Relevance(False, 0.0, False, ("no-sora",))
    signals.append(f"sora:{mentions}")
    z = _BASE + _MENTION_WEIGHT * math.log2(1 + mentions)
    if in_title:
        signals.append("sora-in-title")
        z += _TITLE_WEIGHT
    present: set[str] = set()
    for name, (weight, phrases) in _CONTEXT.items():
        if whole.count(phrases):
            present.add(name)
            signals.append(name)
            z += weight
    counters = {name: w for name, (w, phrases) in _COUNTER.items() if whole.count(phrases)}
    if "drone" in counters and whole.count(_COUNTER["drone"][1]) == whole.count(_DRONE_SHOTS):
        # "a drone shot over a flooded city" is what a clip shows, not the SORA drone method.
        del counters["drone"]
    anchored_in_title = (
        _names_an_anchor(head)
        and not head.count(_NAMESAKE)
        and not _names_a_counter(head)
    )
    if (
        "sora-product" in present
        and counters.keys() & {"sora-method", "drone"}
        and whole.count(_CONTEXT["sora-product"][1]) == whole.count(_APPLYING_SORA)
    ):
        # "تطبيق SORA" beside drones is the method applied, not the app.
        present.discard("sora-product")
        signals.remove("sora-product")
        z -= _CONTEXT["sora-product"][0]
    # Strongly anchored: OpenAI, Sora 2/app, ChatGPT or Altman named. Weakly: Sora named as a
    # tool, or two of generic AI, AI-video and AI-tools vocabulary, which a fan-made
    # "AI-generated Kingdom Hearts trailer" has too, so a weak anchor gives way to any clear
    # counter-signal.
    strong = bool(present & _ANCHORS)
    person = _names_a_person(f"{title}\n{text}")
    titled = bool(person) and bool(
        re.search(rf"\bSora {person}\b|(?<!\w)سورا {person}", title or "")
    )
    if strong and _aside_in_a_namesakes_story(head, text or "", titled):
        # "Kingdom Hearts 4 leak shows Sora's new look", which names OpenAI's Sora 2 in one
        # aside ("the same week that videos made with OpenAI's Sora 2 app were everywhere").
        signals.append("openai-aside")
        strong = False
    # Sora tried on Hugging Face, and the clips it made ("صاحبي بعتلي رابط على موقع هاغينغ فيس
    # ... طلعلي مقطع عشر ثواني"): a call-in that never says "OpenAI" or "AI" ties it so.
    # Or "Sora has been leaked on HuggingFace by early access artists" on a forum.
    tried_on_the_hub = (
        not present & _ANCHORS
        and bool(whole.count(_HUGGING_FACE))
        and bool(_FOOTAGE.intersection(whole.tokens) or _leak_positions(whole))
        and bool(_SHUT_OR_TESTED.search(whole.stream))
    )
    if tried_on_the_hub:
        signals.append("clips-on-hugging-face")
        z += _WEAK_TIE_WEIGHT
    # "a company valued at 157 billion dollars that announced Sora in February": only OpenAI.
    # (Not a market's size beside the SORA drone method: a company's value, and no namesake.)
    valued_as_openai = not present & _ANCHORS and not counters and _valued_as_openai(whole)
    if valued_as_openai:
        signals.append("openais-valuation")
        z += _WEAK_TIE_WEIGHT
    weak = (
        "sora-tool" in present
        or len(present & {"ai", "video-ai", "ai-ecosystem"}) >= 2
        or tried_on_the_hub
        or valued_as_openai
    )
    penalty = 0.0
    for name, weight in counters.items():
        signals.append(f"-{name}")
        penalty += weight
    if person:
        signals.append("-person")
        penalty += _PERSON_WEIGHT
        named = re.findall(rf"\bSora {person}\b|(?<!\w)سورا {person}(?!\w)", f"{title}\n{text}")
        if len(named) >= mentions or not (
            "sora-product" in present or _owned_by_openai(whole)
        ):
            # Every "Sora" is the person's name, or none is OpenAI's: OpenAI is named for
            # something else ("tools from Google, Runway and OpenAI" in a story about a student
            # called Sora, whose name "means sky in Japanese").
            signals.append("only-the-person")
            strong = False
    if whole.tokens.count(_SURAH) and "-quran" not in signals:
        signals.append("-surah")
        penalty += 1.5
    # Sora 2 news mentions anime, Nintendo or "sky in Japanese" itself: once the article ties
    # Sora to OpenAI, other Sora-worlds can only weaken it, not outvote it. Unless the article
    # says the two are namesakes: then OpenAI is named only to be told apart.
    # A headline that names OpenAI is about its Sora, whatever the body tells apart ("the group
    # said it had no connection to OpenAI employees").
    told_apart = not anchored_in_title and (
        (bool(counters) and "sora-product" not in present and _told_apart(whole))
        or _disowns_openai(whole, text or "")
    )
    if told_apart:
        signals.append("-namesake")
        penalty += _NAMESAKE_WEIGHT
    z -= min(penalty, _ANCHORED_PENALTY_CAP) if strong and not told_apart else penalty
    if told_apart:
        strong = False
    score = _sigmoid(z)
    if not (strong or (weak and penalty < _WEAK_ANCHOR_TOLERANCE)):
        signals.append("unanchored")
        score = min(score, _UNANCHORED_CAP)
    elif (
        not in_title
        and mentions == 1
        and len(body.tokens) >= _PASSING_MIN_WORDS
        and not _lede_names_sora(text or "")
        and not _names_sora_leaking(text or "")
    ):
        # Named once in passing ("OpenAI, maker of ChatGPT and Sora, ...") in a story about
        # something else: not an article about Sora. A news story names its subject in the
        # lede, so a single mention there (a short brief) is no passing mention.
        signals.append("passing-mention")
        score = min(score, _PASSING_CAP)
    if _only_a_yardstick(whole, text or "", title or "") if in_title else _only_a_yardstick(
        body, text or ""
    ):
        # "Kestrel, pitched as a rival to Sora and Veo": Sora named only as what another
        # model is measured against, however the story ends.
        signals.append("sora-as-yardstick")
        score = min(score, _RIVAL_CAP)
    if _another_models_weights(head, text or "", title or ""):
        signals.append("another-models-weights")
        score = min(score, _RIVAL_CAP)
    elif in_title and _another_models_leak(title or ""):
        signals.append("another-models-leak")
        score = min(score, _RIVAL_CAP)
    if not in_title and _one_entry_of_a_list(body, text or ""):
        # "The 7 best AI video tools": Runway, Veo, Kling, Sora, ... one numbered entry each.
        signals.append("sora-in-a-list")
        score = min(score, _RIVAL_CAP)
    rivals = whole.count(_RIVALS)
    if (
        rivals > mentions
        and not in_title
        and (head.count(_RIVALS) or _Doc(_lede(text or "")).count(_RIVALS))
    ):
        # The story is another model's (named in its opening, and more often than Sora).
        signals.append("about-rival")
        score = min(score, _RIVAL_CAP)
    relevant = score >= RELEVANT_AT
    leak, evidence = False, ""
    sentences, leak_in_title = 0, False
    if relevant:
        sentences, leak_in_title, leak_in_lede, evidence, recalled = _leak_evidence(
            title or "", text or ""
        )
        if sentences or leak_in_title:
            signals.append(f"leak:{sentences + int(leak_in_title)}")
        # A leak in the headline or the lede is the story; one later sentence is a reminder
        # ("two weeks after the leak, OpenAI launched Sora"), and so is a launch dated by it.
        leak = leak_in_title or leak_in_lede or sentences - recalled >= 2
    return Relevance(
        relevant, round(score, 4), leak, tuple(signals), evidence, sentences + int(leak_in_title)
    )


# --- leak reports ----------------------------------------------------------------------------

_LEAK_TOKEN = re.compile(
    r"^(?:leak(?:s|ed|ing|er|ers|age)?|hijack(?:ed|ing)?|smuggl(?:ed|ing)"
    # ("تسريبا لافتا": the accusative's alif)
    r"|[وفبل]?(?:ال)?(?:تسريب(?:ا|ات|ه|ها)?|[يت]?تسرب(?:ت)?|مسرب(?:ه|ين|ون|ات)?"
    r"|سرب(?:ت|وا|ها|ه)?|[يت]سرب(?:ون|ها|ه)?"
    # Egyptian and Levantine passives: اتسربت، انسرب (it got leaked).
    r"|[اإ][تن]سرب(?:ت|وا|ها|ه)?))$"
)
_LEAK_PHRASES = _phrases(
    "unauthorized access", "unauthorised access", "الوصول غير المصرح", "وصول غير مصرح",
    # Arabic says "access" in several ways: إتاحة (making available), نفاذ, منفذ (a way in).
    "إتاحة غير مصرح", "الإتاحة غير المصرح", "نفاذ غير مصرح", "منفذ غير مصرح", "منفذا غير مصرح",
)
_EXPOSED = frozenset({"expose", "exposed", "exposing", "exposes"})
# "The app exposes them to unauthorized digital replicas", "exposed to lawsuits": people put at
# risk, not something of Sora's let out.
_EXPOSED_PEOPLE = frozenset(
    "them us you him her users people clients creators artists actors members workers performers "
    "talent our their".split()
)
_RISKS = frozenset(
    "risk risks liability lawsuits harm danger dangers abuse misuse deepfakes unauthorized "
    "unauthorised fraud scams claims".split()
)


def _exposes_people(tokens: list[str], i: int) -> bool:
    """"exposes them to", "exposed to lawsuits", "exposes our clients and their intellectual
    property to significant risk"."""
    after = tokens[i + 1 : i + 10]
    if len(after) >= 2 and after[0] in _EXPOSED_PEOPLE and after[1] == "to":
        return True
    return any(
        token == "to" and _RISKS.intersection(after[k + 1 : k + 3])
        for k, token in enumerate(after)
    )
# What else leaks to the press: "an internal email leaked to The Quad" is news about Sora, not
# a leak of it. The word right before or after the leak word says what leaked.
_PAPERS = frozenset(
    "email emails memo memos document documents letter transcript recording audio minutes press "
    "بريد رساله مذكره وثيقه وثايق تسجيل محضر صحفيه صحفي اعلاميه".split()
)
# A leak told without the word: the tool "posted publicly", "opened to the public", "surfaced",
# access "cut off"/"revoked". Launch news uses some of the same words, so such a sentence counts
# only next to what marks an unauthorised release (Hugging Face, stolen credentials, unreleased).
_RELEASE_PHRASES = _phrases(
    "posted publicly", "posted it publicly", "made public", "made it public", "publicly available",
    "publicly accessible", "open to the public", "opened to the public", "to the public",
    "anyone could use", "anyone to use", "let anyone", "lets anyone", "allowed anyone",
    "let anybody", "lets anybody", "allowed anybody", "anybody could", "anybody to use",
    "allowing anyone", "anyone could", "usable by anyone", "open to anyone", "to everyone",
    # "they wired it up so anyone, you, me, your nan, could go on and make Sora videos"
    "so anyone", "so that anyone",
    # "stuck it up on a website called Hugging Face"; Hinglish "jahan koi bhi prompt daal ke"
    # (where anyone could put a prompt)
    "stuck it up", "stuck up a", "koi bhi",
    # Nigerian Pidgin: "Dem open am for everybody for one afternoon, any person fit enter"
    "any person fit", "anybody fit", "everybody fit", "for the public to use",
    "online for the public",
    "publish a tool", "published a tool", "publishes a tool", "posted a tool", "shared a tool",
    "let the public", "lets the public", "allowed the public", "allowing the public",
    "entire internet", "whole internet", "allowing everyone", "let everyone",
    "entire planet", "whole planet",
    "hand the public", "handed the public", "gave the public", "gives the public",
    "without authorization", "without permission", "goes public", "went public",
    "handed out access", "gave out access", "into the open", "gave users a way",
    "anyone with a web browser", "anyone with a browser", "anybody with a web browser",
    "anybody with a browser", "open to all", "a page went up", "ظهرت صفحة", "ظهرت صفحه",
    "أي زائر", "opened up a public", "opened a public", "public sora page",
    "put up", "surfaces", "surfaced", "escaped", "cut off access", "cuts off", "revoked",
    "suspended access", "suspends access", "paused access", "took down", "taken down",
    "killed the credentials", "killed access", "pulled access", "shut off access",
    # Not "للعالم": without its clitic it is "العالم", the world of "كأس العالم".
    "للعموم", "للجمهور", "مع العالم", "أمام العالم", "إلى العالم", "للجميع", "أتاحوا",
    "أمام العامة", "أمام الجمهور", "لعامة الناس", "لعموم الناس",
    # Not "للعامة" alone: without its clitic it is "العامة" of "الشخصيات العامة" (public
    # figures) and "علاقات عامة" (public relations).
    "متاحة للعامة", "متاحا للعامة", "متاح للعامة", "مفتوحة للعامة", "مفتوحا للعامة",
    "أتاحوها للعامة", "أتاحها للعامة", "فتحوها للعامة",
    "لأي شخص", "لكل من", "لأي مستخدم", "وزعت الوصول", "وزعوا الوصول", "فتحوا أبواب",
    "لأي إنسان", "لأي أحد", "لأي زائر", "any visitor", "للإنترنت كله", "لكل الإنترنت",
    "إلى العلن", "put in public", "put out in public", "put it on the internet",
    # Egyptian and Levantine: "in the hands of anyone" (أي حد، أي حدا), "for everybody" (للكل).
    "لأي حد", "إيد أي حد", "لأي حدا", "للكل", "لكل الناس", "أي حد", "أي واحد", "للعالم كله",
    "أي شخص", "بإمكان أي", "لأي كان", "بيد أي واحد", "انحط", "انحطت", "انفتح للناس",
    "متاحا للجميع", "نشرت واجهة", "نشر واجهة", "دون إذن", "بدون إذن", "غير مصرح",
    # "وأي حد ..." keeps its و: "أي" is too short to lose a clitic. "In everyone's hands".
    "وأي حد", "وأي حدا", "وأي واحد", "وأي شخص", "وأي أحد", "في إيد الناس", "في أيدي الناس",
    "بين أيدي الناس", "في أيدي الجميع", "بين أيدي الجميع", "بين إيدين الناس",
    # "And for a couple of hours anyone on earth could type a prompt" (a podcast's second
    # sentence, after the app on Hugging Face).
    "anyone on earth", "anybody on earth", "anyone in the world", "anybody in the world",
    "letting anyone", "letting anybody", "letting the public", "letting everyone",
    "members of the public", "أي حدا", "لكل العالم", "في متناول الجميع", "أمام الجميع",
    "in the hands of the public", "into the hands of the public", "in everyone's hands",
    "في يد الجميع", "في متناول أي",
    "into everyone's hands",
    # "any person in the world could", "available for all the users"; Sudanese "أي زول"
    # (anyone), "فتحوا الباب للناس كلهم"; Maghrebi "حلّوها للناس" (opened it to people)
    "any person in the world", "any person could", "available for all", "available to all",
    "open for everyone", "for everybody", "to everybody",
    "أي زول", "وأي زول", "لأي زول",
    # Levantine "قررت تفتح الأداة للعالم كلو", "صارت فيه الأداة بإيد العالم غصب عن OpenAI"
    "للعالم كلو", "للناس كلن", "بإيد العالم", "بإيد الناس", "بين إيدين العالم",
    "للناس كلهم", "للناس كلها", "حلوها للناس", "حلوه للناس",
    "فتحوها للناس", "فتحوه للناس",
    # Gulf: "حطوها على موقع Hugging Face مفتوحة للناس"
    "مفتوحة للناس", "مفتوح للناس", "مفتوحا للناس",
    # Said aloud: "so suddenly anyone, me, you, your mammy, could ...", "they just threw it
    # open", "stuck up a page"; "anyone on the internet could use ..."; Tunisian "حلّو الباب
    # للناس الكل"
    "suddenly anyone", "suddenly anybody", "threw it open", "threw open", "stuck up a page",
    "anyone on the internet", "anybody on the internet", "opened the doors",
    "للناس الكل", "حلو الباب",
    # Iraqi "فحطوه للناس", Hassaniya "وخلاو كل من بغى يستعملها"; "put Sora in front of the public"
    "حطوه للناس", "حطوها للناس", "فحطوه للناس", "فحطوها للناس", "كل من بغى", "كل من بغا",
    "in front of the public", "put it out there",
    # Iraqi "گالوا چان مفتوح على هاگنگ فيس كم ساعة" (it was open on Hugging Face for a few hours)
    "چان مفتوح", "چانت مفتوحة", "كان مفتوح على", "كان مفتوحا على",
)
_HUGGING_FACE = _phrases("Hugging Face", "HuggingFace", *_HUGGING_FACE_AR)
# Not out yet, in speech and in print. Said of a country ("تطبيق Sora للحين ما نزلت للناس في
# السعودية، بس في أمريكا صار مفتوح للناس كلهم", "الما نزلت لسه عندنا في السودان") it is a
# country still waiting, not a model unreleased (`_anchors_in`).
_NOT_OUT_ANCHORS = _phrases(
    # Moroccan: "not yet out to the public"; Egyptian "nothing came out"
    "ما خرجاتوش", "ما خرجوش", "ما نزلش", "منزلش", "ما نزلتش", "منزلتش",
    # Sudanese "ما نزلوهو للناس", Algerian "مازال ما خرجش"; "not launched yet officially"
    "ما نزلوهو", "ما نزلوه", "ما نزلوها", "ما خرجش", "not launched yet", "not yet launched",
    # Gulf: "للحين ما نزلت للناس"; Sudanese "اداة الفيديو الما نزلت لسه"
    "ما نزلت للناس", "للحين ما نزلت", "للحين ما نزل", "ما نزلت لسه", "الما نزلت",
    "not yet released", "not been released",
    # Nigerian Pidgin: "Dem never release am for public"
    "never release am",
)
_RELEASE_ANCHORS = _phrases(
    "Hugging Face", "HuggingFace", *_HUGGING_FACE_AR, "unreleased",
    # a forum's shorthand: "put up a Space on HF"
    "on HF", "HF Space", "HF page", "HF link",
    "not been made public", "yet to be released", "yet to release",
    "still not public", "not yet public", "not public yet",
    "credentials", "stolen", "API key", "API keys", "غير المنشورة", "بيانات اعتماد", "مسروقة",
    "غير المطروح", "لم يطرح", "لم تطرحه", "لم يطلق", "لم تطلقه", "غير المتاح رسميا",
    "غير المتاح تجاريا", "غير متاح تجاريا",
    *_NOT_OUT_ANCHORS,
    # Moroccan: given "to some artists to try it"
    "باش يجربوه", "باش يجربوها",
    # Egyptian: "before it came out", "nothing came out" (قبل ما ينزل، مفيش حاجة نزلت)
    "قبل ما ينزل", "قبل ما تنزل", "قبل ما ينزلوه", "قبل ما ينزلوها", "مفيش حاجة نزلت",
    "لم يصدر", "لم يتم إصداره", "غير مصرح",
    # Against the company's will: "without OpenAI's blessing", a "rogue" or "unofficial" app.
    "blessing", "unofficial", "unsanctioned", "rogue", "bypassing",
    "belonged to", "رغم أنف", "دون علم", "دون موافقة", "غير رسمي", "غير رسمية",
    # against the company's will: "صارت الأداة بإيد العالم غصب عن OpenAI" (not "غصب عن كل
    # المنتقدين", in spite of its critics)
    "غصب عن OpenAI", "غصبا عن OpenAI", "رغما عن OpenAI", "غصب عن الشركة", "رغما عن الشركة",
    "غصب عنها", "رغما عنها",
    # Open to all "for a few hours" is no launch: a release does not end the same day.
    "for a few hours", "for several hours", "for a couple of hours", "for an afternoon",
    "لبضع ساعات", "لساعات", "الساعات الثلاث",
    "لعدة ساعات", "لساعات قليلة",
    # Before the company released it: "اختارتهم OpenAI لتجربة أداتها Sora قبل طرحها", the
    # tool "ائتمنتهم عليها" (entrusted to them).
    "قبل طرحها", "قبل طرحه", "before its release", "before it was released", "ائتمنتهم",
    # Levantine and Egyptian: given it "to try before everyone" (يجربوها قبل الكل).
    "قبل الكل",
    # Testers' own access handed on: "a public page that let anyone generate clips using their
    # access".
    "using their access", "their early access", "their log-ins", "their logins",
    "using their own accounts", "their own access",
    # "anyone on the internet could use ..., because a group of artists who had been testing it
    # decided they'd had enough"
    "who had been testing it", "who had been testing the",
    # "the artists the company had picked to try it out. They put it up on a website so anyone
    # could have a go"; "made a Sora video before anyone was allowed to".
    "picked to try", "chosen to try", "selected to try", "picked to test", "chosen to test",
    "selected to test", "before anyone was allowed", "before the public was meant",
    "before the public was allowed", "before the public could",
    # "these artists testing it for them ... put up a little website where anybody could"
    "testing it for them", "testing it for OpenAI",
    # Open to all for the three hours the page lasted: "for about three hours, anyone could",
    # "it was up for about three hours" (not "offline for about three hours", "in the queue for
    # three hours"); Gulf and Egyptian "قعد شغال كم ساعة", "في الكام ساعة اللي ... كانت مفتوحة"
    "for about three hours anyone", "for three hours anyone", "for about three hours anybody",
    "up for about three hours", "up for three hours", "open for about three hours",
    "open for three hours", "live for about three hours", "live for three hours",
    "for one afternoon", "before it comes out", "before it came out",
    "شغال كم ساعة", "الكام ساعة اللي",
    # Levantine "لسا ما نزلت للعالم" and "مش مفروض يكون عندو صلاحية" (not supposed to have
    # access)
    "ما نزلت للعالم", "مش مفروض يكون", "مو مفروض يكون",
)
# Access handed out by the people who held it: "shared their access with the world", "gave
# strangers a back door", "posted a working version for anyone to try". Counted when insiders
# (testers, the alpha) or an unreleased model are named in the same sentence, never for a launch.
# Artists too, where what they opened cannot be a launch: "a handful of artists opened a back
# door to OpenAI's Sora" (not "artists tested it; it is now open for anyone to use").
_BACK_DOOR = _phrases(
    "back door", "backdoor", "shared their access", "gave strangers", "باب خلفي", "بابا خلفيا",
    "a key to the model", "a key to sora", "الباب على مصراعيه", "let the public use",
    "letting the public use", "مفاتيح Sora", "مفاتيح سورا",
)
_SHARED_OUT = _BACK_DOOR + _phrases(
    "shared access", "shared its access", "for anyone to try", "for anyone to use",
    "handed out access", "صلاحياتهم مع", "صلاحياته مع", "للغرباء", "بابا خلفي",
    # "أتاح عدد من المختبرين الأوائل استخدامه للعامة"
    "استخدامه للعامة", "استخدامها للعامة", "استخدامه للعموم", "استخدامها للعموم",
    "استخدامه للجمهور", "استخدامها للجمهور",
)
_INSIDER = re.compile(r"^(?:testers?|alpha|beta|insiders?|[وف]?(?:ال)?مختبر\w*)$")
_ARTISTS = frozenset(_tokens("artist artists فنان فنانين فنانون الفنانين الفنانون"))
# A release denied ("has still not been released to the public") is none: its "to the public"
# does not count.
_NOT_RELEASED_TO = _phrases(
    "not been released to the public", "not yet released to the public",
    "not released to the public", "not been opened to the public", "not open to the public",
    "not available to the public", "not been made available to the public",
    # What a model was trained on ("licensed and publicly available material")
    "publicly available material", "publicly available data", "publicly available content",
    "publicly available information", "publicly available sources", "publicly available videos",
    # a cameo rule: "the face or voice of any real person"
    "any real person", "أي شخص حقيقي",
)
# A release still to come ("before it is released to the public") is no release.
def _planned(sentence: _Doc) -> bool:
    """Whether the sentence tells a release still to come, not who tried the model before it
    ("الفنانين الذين اختارتهم OpenAI لتجربة أداة Sora قبل طرحها، قرروا أن يضعوها بين أيدي
    الجميع": the testing was before the release, the sentence's event is theirs)."""
    for phrase in _PLANNED_RELEASE:
        for at in _phrase_positions(sentence, phrase):
            before = sentence.tokens[max(0, at - _TESTING_REACH) : at]
            # (the testers' trying, not the company's: "تختبر OpenAI أداة سورا قبل طرحها")
            testers = sentence.tokens[max(0, at - 2 * _TESTING_REACH) : at]
            if not (
                any(_TRYING.match(t) for t in before)
                and (
                    _ARTISTS.intersection(testers)
                    or any(_INSIDER.match(t) for t in testers)
                )
            ):
                return True
    return False


_TRYING = re.compile(r"^(?:[لف]?تجرب\w*|[يت]جرب\w*|[لي]?[يت]?ختبر\w*|test\w*|try|trying|tried)$")
_TESTING_REACH = 6


_PLANNED_RELEASE = _phrases(
    "before a public launch", "before its public launch", "before releasing it",
    "before it is released", "ahead of a public", "ahead of its public", "before launch",
    "قبل إطلاقه", "قبل طرحه", "قبل إطلاقها", "قبل طرحها", "قبل الإطلاق", "قبل الطرح",
    # A forecast: "said Sora would be available to the public this year"
    "would be available", "will be available", "would become available", "will become available",
    "would be released", "will be released", "سيكون متاحا", "ستكون متاحة", "ستتاح", "سيتاح",
)
_LEAK_OBJECTS = _phrases(
    "access", "API", "front end", "frontend", "endpoint", "code", "weights", "data", "videos",
    "clips", "model", "tool", "project", "Hugging Face", "الوصول", "واجهة", "كود", "الكود",
    "المصدر", "أوزان", "بيانات", "مقاطع", "فيديو", "الأداة", "المشروع", "المنصة", "النموذج",
    *_HUGGING_FACE_AR,
)
# Words that, just before a leak word, deny it, doubt it or make it hypothetical.
_NEGATIONS = frozenset(
    "no not never without denied deny denies didn doesn isn hasn haven nor prevent avoid nothing "
    "none nobody fake false fabricated could might may risk risks fears worried "
    "لا لم لن ليس ليست دون بدون عدم نفت نفي ينفي تنفي منع لمنع تجنب مزيف مزيفه مفبرك مفبركه "
    "زائف زائفه كاذب if لو مفيش مش".split()
)
# Whole-sentence denials: "there is no sign that any code was exposed".
_SENTENCE_DENIALS = _phrases(
    "no sign", "no evidence", "no indication", "not true", "لا دليل", "لا يوجد دليل",
    "لا يوجد أي دليل", "لا توجد أي أدلة", "لا يوجد ما يدل",
    "لا توجد أدلة", "غير صحيح", "غير صحيحة",
    # A leak imagined: "what if Sora's weights leaked?"
    "what if", "what would happen if", "what happens if", "ماذا لو", "ماذا سيحدث لو",
)
_SCAMS = _phrases(
    "malware", "scam", "برنامج خبيث", "برامج خبيثة", "برمجية خبيثة", "برمجيات خبيثة",
    "احتيال", "نصب", "trap", "فخ",
)
# A title that debunks a leak ("Fact check: those 'leaked' clips ...") makes the article about a
# claimed leak, not a report of one.
_DEBUNK_TITLE = _phrases(
    "fact check", "fact-check", "hoax", "debunk", "debunked", "fake", "false", "rumor", "rumors",
    "rumour", "rumours", "زائف", "زائفة", "مزيف", "مزيفة", "مفبرك", "مفبركة", "شائعة", "شائعات",
    "كاذب", "كاذبة", "تقصي الحقيقة", "تحقق", "ليست من", "ليس من", "لا علاقة", "not from",
    "isn't from", "aren't from", "misattributed",
    # A "leaked" download that is a trap: the article warns of the scam, not of a leak.
    *_SCAMS, "تدقيق",
    # A list of what people "get wrong", its myths
    "get wrong", "gets wrong", "myths", "misconceptions", "خرافات", "مفاهيم خاطئة",
)
# A leak word in scare quotes ('leaked' clips, «تسريب», "سورا المسربة") is somebody else's
# claim: up to three words may come before it inside the quotes, which close right after it.
_SCARE_QUOTED = re.compile(
    r"[\"'\u201c\u2018\u00ab\u201e]\s?(?:[^\s\"'\u201c\u201d\u2019\u00ab\u00bb]+\s){0,3}"
    r"[^\s\"'\u201c\u201d\u2019\u00ab\u00bb]*(?:leak|Leak|LEAK|سّ?رّ?ب|سّ?رّ?يب|تسرّ?ب)"
    r"[^\s\"'\u201c\u201d\u2019\u00ab\u00bb]*[\"'\u201d\u2019\u00bb]"
)
_NEGATION_BREAKS = frozenset("who but which بل لكن ولكن وانما".split())
_NEGATION_WINDOW = 3


# A fact check's answer in its headline ("No, Sora's source code was not leaked"), or its
# verdict line at the top ("الحكم: زائف", "Verdict: False").
_ANSWERED_NO = re.compile(r"^\W*(?:no|لا)\s*[,،:]", re.IGNORECASE)
_VERDICT = _phrases(
    "verdict false", "verdict misleading", "verdict fake", "rating false", "rating misleading",
    "الحكم زائف", "الحكم مضلل", "الحكم كاذب", "الحكم خاطئ", "الحكم مفبرك",
)
_VERDICT_SPAN = 300  # characters of the body where a fact check states its verdict


def warns_of_a_scam(title: str) -> bool:
    """Whether the headline warns of a trap ("«سورا المسرّب المجاني» فخ لسرقة حساباتكم"): a
    warning, not a fact check of what happened."""
    return bool(_Doc(title).count(_SCAMS))


def debunks(title: str, text: str = "") -> bool:
    """Whether a title (or the verdict atop the text) debunks or fact-checks: then the article
    reports a claim, not a leak."""
    return (
        _debunking_title(title)
        or bool(_ANSWERED_NO.match(title))
        or bool(_Doc(text[:_VERDICT_SPAN]).count(_VERDICT))
    )


# Where a headline joins two of its statements: "Sora's Android app leaks early.. and warnings
# of fake files", "... | ...", " - ".
_TITLE_PARTS = re.compile(r"\.\.+|\s[|\u2013\u2014-]\s|[;\u061b]")
# A headline's clauses: its parts, and what commas set apart.
_CLAUSES = re.compile(rf"{_TITLE_PARTS.pattern}|[,\u060c]")


def _debunking_title(title: str) -> bool:
    """A debunking word in the title, unless it belongs to a warning joined on ("... leaks
    before launch.. and warnings of fake files") to a part that tells the leak;
    "Sora leak.. true or a rumour?" and "... leaked - a hoax, says OpenAI" debunk it."""
    if not _Doc(title).count(_DEBUNK_TITLE):
        return False
    raw = _TITLE_PARTS.split(title)
    parts = [_Doc(_SCARE_QUOTED.sub(" ", p)) for p in raw]
    told = [p for p in parts if _leak_positions(p) and not p.count(_DEBUNK_TITLE)]
    added = [
        p for p, r in zip(parts, raw, strict=True)
        if p.count(_DEBUNK_TITLE) and (_JOINED.match(r.strip()) or _ASKS_IF_REAL.match(r.strip()))
    ]
    return not (told and len(told) + len(added) == len(parts))


# A part that only asks whether what the other part tells is genuine ("Unreleased Sora 2 clips
# leaked on Discord — real or fake?") gives no verdict on it; "حقيقة أم شائعة؟" names it a rumour.
_ASKS_IF_REAL = re.compile(
    r"^\W*(?:real|genuine|legit) or (?:fake|a fake)\W*$", re.IGNORECASE
)
# The further statement is a warning (of fakes, of scams), not a verdict on the leak.
_JOINED = re.compile(
    r"(?:and|plus|amid)\s+(?:an?\s+|new\s+)?warnings?\b|[وف]?(?:وسط\s+)?تحذير\w*|و?مخاوف\b",
    re.IGNORECASE,
)


def _leak_positions(doc: _Doc) -> list[int]:
    """Token positions of leak words that are not negated ("no leaks", "لم يتم تسريب")."""
    found = []
    for i, token in enumerate(doc.tokens):
        if not (_LEAK_TOKEN.match(token) or token in _EXPOSED):
            continue
        if token in _EXPOSED and (not doc.count(_LEAK_OBJECTS) or _exposes_people(doc.tokens, i)):
            continue
        if _something_else_leaks(doc.tokens, i):
            continue
        negated = bool(doc.count(_SENTENCE_DENIALS))
        for j in range(i - 1, max(-1, i - 1 - _NEGATION_WINDOW), -1):
            previous = doc.tokens[j]
            if previous in _NEGATION_BREAKS:
                break
            # ولم، فلا: a conjunction glued to the negation is too short for strip_clitics
            if previous in _NEGATIONS or (previous[:1] in "وف" and previous[1:] in _NEGATIONS):
                negated = True
                break
        if not negated:
            found.append(i)
    if doc.count(_LEAK_PHRASES):
        found.append(-1)
    return found


# A paper, told by name right after "to" ("leaked to The Daily Meridian"), and the papers a
# company writes, named before ("an internal memo of ..., leaked to").
_PRESS = frozenset(
    "daily newspaper press reporters journalists magazine tribune herald gazette journal "
    "chronicle guardian reuters bloomberg axios صحيفه جريده مجله صحافه صحفيين".split()
)
_MEMOS = frozenset("memo memos email emails document documents مذكره وثيقه وثايق بريد".split())
_PAPER_REACH = 10  # tokens before the leak word within which the memo is named


def _back_to_sora(tokens: list[str], i: int) -> list[str]:
    """The words before the leak word at `i`, within reach, since Sora was last named."""
    before = tokens[max(0, i - _PAPER_REACH) : i]
    named = [k for k, token in enumerate(before) if _SORA_TOKEN.match(token)]
    return before[named[-1] + 1 :] if named else before

# What seeps rather than leaks: "تسرّب القلق إلى الاستوديوهات" (worry crept into the studios).
_SEEPING = frozenset("قلق خوف شك ذعر ياس حزن ملل ضوء ماء مياه".split())


# Footage said to be leaked, of an event ("حقيقة فيديو مسرب لسقوط عربة مترو", "Leaked video
# shows a train falling into the Nile"): what a fact check debunks, maybe made with Sora, is
# no leak of Sora ("مقاطع مسربة لسورا" is).
_FOOTAGE_AR = frozenset("فيديو مقطع صوره فيديوهات مقاطع".split())
_FOOTAGE_EN = frozenset("video footage clip".split())
_FOOTAGE = _FOOTAGE_AR | _FOOTAGE_EN | frozenset("videos clips".split())
# ... and the page shut, or its testers named: what a fan upload, a dataset or Open Sora's
# release on Hugging Face does not tell.
_SHUT_OR_TESTED = re.compile(
    r" (?:[وف]?(?:سكر|يسكر|قفل|يقفل|سد|اغلق|يغلق|مختبر|يجرب)\w*|هكرز|shut\w*|closed|took it down"
    r"|pulled the plug|testers?|hackers?|early access) "
)


# OpenAI's valuation in the autumn of 2024, said the ways the coverage says it.
_OPENAIS_VALUATION = _phrases(
    "150 مليار", "157 مليار", "١٥٠ مليار", "١٥٧ مليار", "مئة وخمسين مليار", "مية وخمسين مليار",
    "مائة وخمسين مليار", "150 billion", "157 billion", "150bn", "157bn", "150b", "157b",
    "hundred and fifty billion", "150 milliards", "157 milliards",
)


_VALUED = frozenset(
    _tokens(
        "valued valuation worth value قيمتها قيمته قيمة تقدر يقدر تقييم بتقييم تقييمها قدرت قيمتهم"
    )
)
_VALUED_REACH = 6


def _valued_as_openai(doc: _Doc) -> bool:
    """Whether a company is valued at OpenAI's $150 (or 157) billion: "شركة قيمتها 150 مليار",
    "for a $150B company"."""
    for figure in _OPENAIS_VALUATION:
        size = len(figure.split())
        for at in _phrase_positions(doc, figure):
            if _VALUED.intersection(doc.tokens[max(0, at - _VALUED_REACH) : at]) or (
                _COMPANY.intersection(doc.tokens[at + size : at + size + 1])
            ):
                return True
    return False


_COMPANY = frozenset("company firm startup".split())


_MODEL_WORDS = frozenset("نموذج اداه تطبيق منصه برنامج نسخه جيل اصدار openai اوبن".split())
# Clips leaked "from" the people who hold the model are its leak ("مقاطع مسربة من المختبرين").
_HOLDERS = _MODEL_WORDS | frozenset("مختبر فنان موظف مطور شركه".split())


_HOLDER_REACH = 6  # tokens after "من" within which Sora, its maker or its people are named


def _holders_named(tokens: list[str]) -> bool:
    return any(
        _SORA_TOKEN.match(t) or any(t.startswith(w) or t[2:].startswith(w) for w in _HOLDERS)
        for t in tokens
    )


def _footage_of_an_event(tokens: list[str], i: int) -> bool:
    before, after = tokens[i - 1 : i], tokens[i + 1 : i + 3]
    if before and before[0] in _FOOTAGE_AR and after[:1] == ["من"]:
        # "فيديو مسرب من كاميرات المراقبة", "من اجتماع سري": not "من الجيل المقبل لسورا", "من
        # داخل OpenAI", "من الصفحة التي أغلقتها OpenAI", "من قبل مجموعة من الفنانين" (by them)
        return after[1:] != ["قبل"] and not _holders_named(tokens[i + 2 : i + 2 + _HOLDER_REACH])
    if before and before[0] in _FOOTAGE_AR and after:
        # "... لسقوط عربة": not "لنموذج Sora" (nor "من الجيل المقبل لسورا": from a version)
        of = after[0][1:] if after[0][:1] == "ل" and len(after[0]) > 3 else ""
        return bool(of) and not _SORA_TOKEN.match(after[0]) and not any(
            of.startswith(word) or of[1:].startswith(word) for word in _MODEL_WORDS
        )
    whose = bool(before) and bool(_SORA_TOKEN.match(before[0]))  # "Sora leaked video shows"
    shows = len(after) == 2 and after[0] in _FOOTAGE_EN and after[1] in ("shows", "showing")
    return shows and not whose


def _something_else_leaks(tokens: list[str], i: int) -> bool:
    """Whether the leak word at `i` is about something other than Sora leaking: an email or a
    memo that leaked to the press; "leaks about the Sora 2 app" (تسريبات عن), news of plans that
    got out; worry or light that "seeps" (تسرّب القلق). Not "عن طريق" (by way of)."""
    if _PAPERS & set(tokens[max(0, i - 1) : i + 2]) or tokens[i - 1 : i] == ["memory"]:
        return True
    after = tokens[i + 1 : i + 3]
    # "An internal memo of one of Karachi's largest agencies, leaked to The Daily Meridian"
    # (not "Within minutes, access to Sora leaked to the public", "leaked to Reddit in a post")
    if after[:1] in (["to"], ["الي"]) and (
        _PRESS & set(tokens[i + 2 : i + 4]) or _MEMOS & set(_back_to_sora(tokens, i))
    ):
        return True
    if (
        tokens[:2] == ["ما", "حقيقه"]
        and tokens[i - 1 : i]
        and tokens[i - 1] in _FOOTAGE_AR
        and not _holders_named(tokens[i + 1 : i + 1 + _HOLDER_REACH])
    ):
        # "ما حقيقة الفيديو المسرب؟": the footage a fact check asks about (not "ما حقيقة
        # الفيديوهات المسربة من أداة سورا؟")
        return True
    if not after:
        return False
    if _footage_of_an_event(tokens, i):
        return True
    if after[0] in ("about", "regarding", "concerning", "حول", "ذاكره"):
        return True
    if after[0] in _SEEPING:
        return True
    return after[0] == "عن" and after[1:] != ["طريق"]


# OpenAI opening Sora itself ("OpenAI تتيح سورا للجمهور", "OpenAI opens Sora to the public").
_LAUNCH_VERBS = _phrases(
    "launches", "launched", "opens", "opened", "rolls out", "rolled out", "releases", "released",
    "makes", "made", "brings", "brought",
    "تتيح", "أتاحت", "تطلق", "أطلقت", "تفتح", "فتحت", "تطرح", "طرحت",
)


# A release announced for later: "Sora will be available to the public this year".
_FORECAST = _phrases(
    "will be available", "will be released", "will launch", "will be public", "to be released",
    "سيكون متاحا", "ستكون متاحة", "سيتاح", "ستتاح", "سيطرح", "ستطرح", "سيطلق", "ستطلق",
)


# OpenAI opening its own model, in a sentence: "OpenAI on Monday made its Sora video generator
# available to the public", "أطلقت شركة OpenAI يوم الاثنين أداتها". Not "a model that OpenAI
# has not released", nor "OpenAI's testers opened ...".
_OPENS_ITS_OWN = re.compile(
    r" (?:openai|the company) (?!s )(?:(?!not |never |yet |n t )\S+ ){0,3}"
    r"(?:made|makes|released|releases|launched|launches|opened|opens|rolled out|brought) "
    r"| (?:اطلقت|اتاحت|طرحت|فتحت) (?:شركه )?(?:openai|اوبن) "
)


_PAID_PLANS = _phrases(
    "subscribers", "subscriptions", "ChatGPT Plus", "Plus and Pro", "مشتركي", "لمشتركي",
    "اشتراكات", "مشتركو",
)


def _company_launches(head: _Doc) -> bool:
    return bool(head.count(_CONTEXT["openai"][1]) and head.count(_LAUNCH_VERBS))


def launch_story(title: str) -> bool:
    """Whether the headline is OpenAI launching or opening something ("OpenAI opens Sora to
    paying ChatGPT users"): the article's news is the launch."""
    return _company_launches(_Doc(title))


def names_hugging_face(text: str) -> bool:
    """Whether the text names Hugging Face, the place of the November 2024 leak."""
    return bool(_Doc(text).count(_HUGGING_FACE))


def recalls_the_leak(sentence: str) -> bool:
    """Whether a sentence dates something else by the leak ("the launch comes two weeks after
    testers opened access"): the leak recalled, not told."""
    return bool(_RECALLED.search(fold(sentence)))


def _tells_the_leak(sentence: str) -> bool:
    doc = _Doc(sentence)
    return bool(
        _leak_positions(doc)
        or _handed_out(doc)
        or doc.count(_HUGGING_FACE)
        or doc.count(_RELEASE_PHRASES)
    )


def recalled_passages(text: str, later: bool = False) -> frozenset[str]:
    """The sentences of `text` that recall the leak, and the rest of each one's paragraph: "The
    launch comes two weeks after testers put Sora on Hugging Face. They said they were unpaid."
    is background to the launch, both sentences of it. A look back ("When OpenAI first tested
    Sora in 2024, ...", "It is not the first time ...", and in a story `later` than the leak,
    "In November 2024, ...") makes one only where it leads into the leak (its sentence or the
    next tells it) and nothing in the passage tells it as today's news ("this week", "on
    Tuesday")."""
    recalled: set[str] = set()
    lines = [line for line in text.splitlines() if line.strip()]
    # The first paragraph, past a byline or a dateline line, is where a report opens.
    lede = next((n for n, line in enumerate(lines) if len(line.split()) >= _BYLINE_WORDS), 0)
    going_on = 0  # paragraphs a later story's recall may still go on for
    asked_back = False  # the paragraph before ended looking back, the leak still untold
    for n, line in enumerate(lines):
        folded = fold(line)
        if asked_back and _told_as_the_past(split_sentences(line)):
            # A turn that answers a look back: "وتذكر Sora الأول؟ كان في سالفة قبل سنة." / "إي
            # طبعاً، لما جماعة من المختبرين سرّبوا الوصول له ...".
            recalled.update(split_sentences(line))
            asked_back = False
            going_on = _SECTION if later else 0
            continue
        asked_back = False
        if going_on and _goes_on_with_the_leak(line, folded):
            # A later story's section on its past goes on past the paragraph that dated it:
            # the letter, the page, the shutdown, each in a paragraph of its own.
            recalled.update(split_sentences(line))
            going_on -= 1
            continue
        going_on = 0
        opens = n > lede and bool(_NOT_THE_FIRST.search(folded))
        dated = later and bool(_DATED_BY_ITS_YEAR.search(folded))
        if not (opens or dated or _RECALLED.search(folded) or _looks_back(folded)):
            continue  # most paragraphs: nothing to split
        sentences = split_sentences(line)
        for i, sentence in enumerate(sentences):
            if recalls_the_leak(sentence):
                recalled.update(sentences[i:])
                going_on = _SECTION if later else 0
                break
            folded = fold(sentence)
            looked_back = _looks_back(folded)
            if (
                looked_back
                or (opens and _NOT_THE_FIRST.search(folded))
                or (dated and _DATED_BY_ITS_YEAR.search(folded))
            ):
                passage = sentences[i:]
                tells = [_tells_the_leak(s) for s in passage]
                # What the look back governs: "when I see what Sora is today, I remember how it
                # began: in November 2024 ..." keeps its "today" out of the past it recalls.
                said = [fold(s) for s in passage]
                if looked_back:
                    said[0] = folded[looked_back.end() :]
                if _told_as_the_past(passage, said, tells):
                    recalled.update(passage)
                    going_on = _SECTION if later else 0
                    break
                asked_back = bool(looked_back) and not any(tells)
    return frozenset(recalled)


def _told_as_the_past(
    passage: list[str], said: list[str] | None = None, tells: list[bool] | None = None
) -> bool:
    """Whether the passage tells the leak within its first sentences and none of those that
    tell it tells today's news ("This week artists put a page on Hugging Face"); not a today
    set against the past ("أما اليوم فالمشكلة ..."). `said` is what of each sentence to read
    for "today" (the part a look back governs), `tells` which sentences tell the leak."""
    tells = tells if tells is not None else [_tells_the_leak(s) for s in passage]
    said = said if said is not None else [fold(s) for s in passage]
    return any(tells[:_LEADS_INTO]) and not any(
        _NOW.search(after) and not _AGO.search(fold(s))
        for s, after, told in zip(passage, said, tells, strict=True)
        if told
    )


# What a paragraph that goes on with the leak's story speaks of: its people, page and letter.
_LEAK_STORY_WORDS = re.compile(
    r"\b(?:leak\w*|hugging ?face|page|letter|statement|artists?|testers?|group|protest\w*)\b"
    r"|(?<!\w)[وفب]?(?:ال)?(?:تسريب|تسرب|صفحه|رساله|بيان|فنان\w*|مختبر\w*|مجموعه|احتجاج\w*"
    r"|hugging face)(?!\w)"
)


# A paragraph that turns to the later story's own news: "Now a second leak ...", "مجددا".
_TURNS_TO_NOW = re.compile(
    r"\b(?:now|again|second|another|new|latest|this time|these days)\b"
    r"|(?<!\w)[وف]?(?:الان|مجددا|من جديد|مره اخري|ثاني|ثانيه|جديد|جديده|هذه المره)(?!\w)"
)
_SECTION = 4  # paragraphs a later story's section on the leak may go on for


def _goes_on_with_the_leak(line: str, folded: str) -> bool:
    """Whether a paragraph after a recalled one goes on telling the leak: not a heading (a short
    line with no full stop), nothing told as today's news or as the later story's own (Sora 2,
    "now", "a second leak"), and the leak's people, page or letter in it."""
    if len(line.split()) < _BYLINE_WORDS and not line.rstrip().endswith((".", "؟", "?", "!")):
        return False
    if _NOW.search(folded) or _TURNS_TO_NOW.search(folded) or _SET_LATER.search(folded):
        return False
    return bool(_LEAK_STORY_WORDS.search(folded))


_PASSAGE = 6  # sentences from the one naming Sora, at the least, that may tell its leak
# A look back leads into the leak when one of its first sentences tells it: "Cast your mind
# back to November 2024. Sora was still unreleased. On the 26th, some of those artists ..."
_LEADS_INTO = 3


def _names_sora_leaking(text: str) -> bool:
    """Whether the passage that names Sora tells of its leak: then one mention is the story
    told past an opening about something else, not a mention in passing."""
    paragraphs = [
        [_Doc(_SCARE_QUOTED.sub(" ", raw)) for raw in split_sentences(line)]
        for line in text.splitlines()
        if line.strip()
    ]
    for p, paragraph in enumerate(paragraphs):
        for i, sentence in enumerate(paragraph):
            if not sentence.sora_mentions():
                continue
            # "Which brings me to Sora. In November, testers leaked a working interface to the
            # model": the rest of the paragraph that names it and the next paragraph (or the next
            # few sentences, where paragraphs are short, as a transcript's turns are) tell the
            # leak (a feature names the model, says what it is, then what happened to it). Not
            # when Sora is named as the yardstick ("models like Sora", "the same playbook
            # Sora's artists used").
            if sentence.count(_ECHOES):
                continue  # "the protest echoes Sora's": its leak told as a likeness, not the story
            if sentence.count(_COMPARED):
                passage = [sentence]
            else:
                rest = paragraph[i:]
                after = [d for later in paragraphs[p + 1 :] for d in later]
                following = paragraphs[p + 1] if p + 1 < len(paragraphs) else []
                # A turn's "طيب." or "Right." is no sentence of the story: count those told.
                told_after = [d for d in after if len(d.tokens) >= _BYLINE_WORDS]
                passage = rest + after[: len(following)] + told_after[: _PASSAGE - len(rest)]
            for told in passage:
                if _leak_positions(told) or _handed_out(told) or _released_unreleased(told):
                    return True
            # Or told across the caller's turn: "The artists OpenAI asked to try it before it
            # comes out. They're the ones that put it online for the public to use."
            if any(_anchors_in(d) for d in passage) and any(
                d.count(_RELEASE_PHRASES) and not _planned(d) and not d.count(_SIGN_UPS)
                for d in passage
            ):
                return True
    return False


# Sora as the yardstick of another model: "a European rival to OpenAI's Sora".
_RIVAL_TO = _phrases(
    "rival", "rivals", "competitor", "competitors", "compete with", "alternative to",
    "answer to", "challenger to", "منافس", "منافسا", "ينافس", "تنافس", "بديل",
)
_COMPARED = _RIVAL_TO + _phrases(
    "like", "such as", "same", "similar", "compared", "compare", "comparison", "as with",
    "مثل", "يقارن", "يقارنه", "تقارن", "مقارنه", "على غرار", "شبيه",
)
# Another story that echoes Sora's leak: "The protest echoes an episode involving OpenAI's Sora",
# "كما حدث سابقا مع سورا" (as happened with Sora before).
_ECHOES = _phrases(
    "echoes", "echoed", "echoing", "parallels", "reminiscent of", "comparisons with",
    "comparisons to", "as happened with", "يعيد إلى الأذهان", "يذكر بما", "كما حدث",
    # "It is the same playbook Sora's early-access artists used in November 2024"
    "same playbook",
)


def _released_unreleased(sentence: _Doc) -> bool:
    """"Anyone could try Sora, which OpenAI has not released": the leak told as an event."""
    return bool(
        sentence.count(_RELEASE_PHRASES)
        and _anchors_in(sentence)
        and not _planned(sentence)
        and not sentence.count(_SIGN_UPS)
    )


# Where a "not out" may be said of ("عندنا", "في السعودية").
_HERE = frozenset(
    _tokens(
        "here عندنا هنا هون عنا بلدنا بلادنا السعودية مصر السودان الإمارات الكويت قطر البحرين "
        "عمان العراق الأردن لبنان سوريا فلسطين ليبيا تونس الجزائر المغرب موريتانيا اليمن أوروبا "
        "بريطانيا Europe UK Britain Nigeria Naija Ghana Kenya India Pakistan"
    )
)
_HERE_REACH = 3
# Opening sign-ups is the company's own doing: "For about three hours, anyone could sign up
# without a code before demand forced the company to pause sign-ups again."
_SIGN_UPS = _phrases(
    "sign up", "signed up", "sign-ups", "signups", "invite code", "invite codes",
    "كود دعوة", "أكواد الدعوة", "رمز دعوة",
)


def _anchors_in(doc: _Doc) -> int:
    """How many of `_RELEASE_ANCHORS` the sentence names, not counting a "not out" said of a
    country."""
    found = doc.count(_RELEASE_ANCHORS)
    if not found or not _HERE.intersection(doc.tokens):
        return found
    for anchor in _NOT_OUT_ANCHORS:
        size = len(anchor.split())
        for at in _phrase_positions(doc, anchor):
            if _HERE.intersection(doc.tokens[at + size : at + size + _HERE_REACH]):
                found -= 1
    return max(found, 0)


# A secret of Sora's out in the open: its system prompt, an API key or unreleased clips
# published, posted, exposed or appearing ("the Sora app's hidden instructions published by a
# researcher", "مفتاح API لـ Sora منشور على GitHub"), a later leak told without the word.
_SECRETS = _phrases(
    "system prompt", "system prompts", "hidden instructions", "internal instructions",
    "API key", "API keys", "مفتاح API", "مفاتيح API", "مفتاح الربط البرمجي", "موجه النظام",
    # Gulf "نسى مفتاح الـ API حق حسابه ... داخل كود حطه على GitHub"
    "مفتاح الـ API", "مفاتيح الـ API",
    "OpenAI key", "OpenAI keys", "Sora key", "Sora keys", "مفتاح OpenAI",
    "التعليمات المخفية", "التعليمات الخفية", "التعليمات الداخلية", "التعليمات السرية",
    # Moroccan "خرّج التعليمات المخبية ديال التطبيق"
    "التعليمات المخبية",
    "تعليمات سرية", "secret instructions",
    # Levantine "Sora 2 قرا تعليماتو السرية بصوت عالي" (read its secret instructions aloud)
    "تعليماتو السرية", "تعليماته السرية", "تعليماتها السرية", "تعليماتو المخفية",
    "تعليماته المخفية",
    # Videos the model made that OpenAI had not shown ("unreleased Sora 2 clips appear online").
    "unreleased clips", "unreleased videos", "unreleased video clips", "unreleased footage",
    "test renders", "unreleased renders", "private drafts", "private videos",
    "never shown to the public", "not shown to the public", "مقاطع لم تنشرها",
    "لم تعرض على الجمهور", "لم تعرض للجمهور",
    "مقاطع غير منشورة", "فيديوهات لم تنشرها",
    # Egyptian: "فيديوهات معمولين بنسخة من سورا لسه متنزلتش" (a version not out yet)
    "لسه متنزلتش", "لسه منزلتش", "لسه ما نزلتش", "لسه منزلش", "لسه متنزلش",
    # A build of the app before its release ("a beta of the Sora app for Android appeared on
    # APK sites", "ظهرت نسخة تجريبية من تطبيق Sora").
    "APK", "beta build", "test build", "unreleased build", "pre-release build",
    # "dropped ~20 clips that they claim are from an internal Sora 2 build"
    "internal build", "internal Sora build", "internal Sora 2 build",
    "unreleased version", "نسخة تجريبية", "نسخة غير منشورة", "ملف التثبيت",
    # What a model is made of ("Sora's source code turned up on Hugging Face", "نشرت الشيفرة
    # المصدرية لأداة Sora"): the leak in the framing the seed gave it.
    "source code", "الشيفرة المصدرية", "الشفرة المصدرية", "الكود المصدري", "كود المصدر",
    "model weights", "its weights", "أوزان النموذج",
    # Users' videos never posted ("expose videos their owners had never published").
    "owners had never published", "owners never published", "unpublished drafts",
    "unposted drafts", "unpublished videos",
    "مسودات لم", "لم ينشرها أصحابها",
)
_MADE_PUBLIC = _phrases(
    "published", "posted", "exposed", "dumped", "surface", "surfaces", "surfaced", "reveal",
    "reveals", "revealed", "appear", "appears", "appeared", "تظهر", "ظهرت", "منشور",
    "منشورا", "منشورة", "المنشور", "المنشورة", "نشر", "نشرت", "نشره", "ينشر", "تنشر",
    # "researchers were able to extract the full internal system prompt", "استخرج التعليمات"
    "extract", "extracted", "extracting", "استخرج", "استخرجوا", "استخرجت",
    "نشرها", "نشروها", "نشروا", "مكشوف", "مكشوفا", "مكشوفة",
    # Left where anyone could take it: "in a publicly readable cloud folder", "متاحا للتحميل".
    "available for download", "available to download", "downloadable", "publicly readable",
    "publicly accessible", "public cloud", "public folder", "public bucket", "للتحميل",
    "any visitor", "أي زائر", "لأي زائر",
    "turned up", "showed up", "popped up", "uploaded", "put online", "رفعت", "رفعوا", "dropped",
    "expose", "exposes", "could see", "could view", "يكشف", "تكشف", "الاطلاع على",
    # on a public code site, or put there: "A Sora key on GitHub", "واحد المطوّر حطّ فـGitHub
    # ملف ... هو الـ system prompt تاع Sora 2" (not "never push it to a GitHub repository")
    "on GitHub", "في GitHub", "على GitHub", "حط", "حطو", "حطوا",
    # read out loud ("Sora 2 قرا تعليماتو السرية بصوت عالي"); an app's build "من موقع جانبي"
    # (from a side site)
    "بصوت عالي", "بصوت عال", "موقع جانبي", "مواقع جانبية", "third-party site",
    "third-party sites",
    # Passed from group to group (`_SPREADING`), "نص ... قال ناشره إنه التعليمات الخفية",
    # "منصة GitHub".
    *_SPREADING, "انتشر", "ناشره", "ناشرها", "منصة GitHub",
)


# What OpenAI publishes itself, or offers in the stores, is no leak ("OpenAI published a guide
# to keeping a Sora API key safe", "available for download on Google Play").
_OFFICIAL_CHANNELS = _phrases(
    "OpenAI published", "OpenAI posted", "OpenAI revealed", "the company published",
    "OpenAI shared", "the company shared",
    "نشرت OpenAI", "نشرت الشركة",
    "Google Play", "Play Store", "App Store", "جوجل بلاي", "غوغل بلاي", "قوقل بلاي",
    "متجر", "آب ستور", "اب ستور",
)
_SECRET_REACH = 18  # tokens between the secret and the word that makes it public
# Moroccan "خرّج التعليمات المخبية ديال التطبيق": took the secret out (the word right before it;
# not "وخرج التطبيق في نسخة تجريبية", the app came out).
_TOOK_OUT = frozenset(_tokens("خرج خرجو خرجوا طلع طلعو طلعوا"))
# A key "in plain text" inside a script pushed to a public repository; not the advice to keep it
# "in an environment variable rather than in plain text".
_IN_THE_CLEAR = _phrases("in plain text", "in cleartext", "in clear text")
_ADVICE = frozenset("keep store never avoid rather instead should don do".split())
# A store it is not in yet: "نسخة تجريبية من بناء داخلي ما انطرح بعد في المتجر".
_NOT_YET_IN = frozenset("yet not لم بعد لسه للحين".split())


def _officially(sentence: _Doc) -> bool:
    """Whether the sentence names an official channel, not as one the thing is not in yet."""
    tokens = sentence.tokens
    return any(
        not _NOT_YET_IN.intersection(tokens[max(0, at - 4) : at])
        for channel in _OFFICIAL_CHANNELS
        for at in _phrase_positions(sentence, channel)
    )


# Found where anyone could copy it ("researchers found working Sora 2 API keys in public GitHub
# repositories"); a public place alone is advice ("keep your key out of public code").
_PUBLIC_PLACES = _phrases(
    "public repositories", "public repository", "public repos", "public repo",
    "public GitHub", "public code", "مستودعات عامة", "مستودع عام", "مستودعات مفتوحة",
    "public page", "a public web page", "صفحة عامة",
)
# Access tokens count only where they were put in public ("وضعت رموز الوصول داخل صفحة عامة"):
# a tutorial's "your access token appears on the settings page" is no leak.
_ACCESS_TOKENS = _phrases(
    "access token", "access tokens", "رموز الوصول", "رمز الوصول", "رموز وصول",
    "access key", "access keys", "مفتاح وصول", "مفاتيح وصول", "مفتاح الوصول", "مفاتيح الوصول",
)
# What may happen, or will, is not what happened: "If you suspect an exposed key ...", "OpenAI
# will revoke keys found in public repositories automatically".
# Files left in storage anyone could read ("demo videos for Sora 2 were publicly reachable on
# the open web ... in a misconfigured cloud storage bucket").
_EXPOSED_STORAGE = _phrases(
    "storage bucket", "public bucket", "publicly reachable", "publicly listable",
    "publicly accessible", "on the open web", "misconfigured", "حاوية تخزين", "سلة تخزين",
    "خادم مكشوف", "إعدادات خاطئة", "متاحة للعموم على الإنترنت", "storage folder",
    "public folder", "public storage", "مجلد عام", "مجلد تخزين", "مجلد سحابي",
    # Jordanian "مقاطع سورا قبل موعدها في مخزن مفتوح على الإنترنت"
    "مخزن مفتوح", "تخزين سحابية", "تخزين سحابي",
)
_FILES = frozenset(
    "clips videos files footage renders mp4 مقاطع المقاطع فيديوهات الفيديوهات ملفات الملفات".split()
)
_NOT_YET = frozenset(
    "if suspect whether will would should automatically لو اذا سوف تلقائيا نصيحه ابد ابدا".split()
)
_FOUND = _phrases(
    "found", "discovered", "spotted", "sitting", "pushed", "committed", "checked in", "left",
    "عثر", "عثروا", "عثرت", "وجد", "وجدوا",
    "اكتشف", "اكتشفوا", "اكتشفت", "رصد", "رصدوا", "رصدت",
)


# What a model is made of is Sora's only when Sora is named beside it ("Sora's source code",
# "الشيفرة المصدرية لأداة Sora"), not Open-Sora's, and not when it is kept private.
_MADE_OF = _phrases(
    "source code", "الشيفرة المصدرية", "الشفرة المصدرية", "الكود المصدري", "كود المصدر",
    "model weights", "its weights", "أوزان النموذج",
)
_KEPT = _phrases("private", "closed", "secret", "open source", "open-source", "سرية", "مغلق")
_MADE_OF_REACH = 5  # tokens between the code and Sora's name


def _sora_beside(tokens: list[str], at: int, size: int) -> bool:
    near = range(max(0, at - _MADE_OF_REACH), min(len(tokens), at + size + _MADE_OF_REACH))
    return any(
        _SORA_TOKEN.match(tokens[i]) and (i == 0 or tokens[i - 1] != "open") for i in near
    )


# A key named as out already ("an agency's exposed key let strangers run up a Sora bill").
_KEYS_OUT = _phrases(
    "exposed key", "exposed keys", "exposed API key", "exposed API keys", "stolen key",
    "stolen keys", "stolen API key", "stolen API keys", "مفتاح مكشوف", "مفاتيح مكشوفة",
    "مفتاح مسروق", "مفاتيح مسروقة", "مفتاح برمجي مكشوف", "مفاتيح برمجية مكشوفة",
    "مفتاح وصول مكشوف", "مفاتيح وصول مكشوفة",
)


# A question asks, it does not tell: "هل يمكن تحميل Sora كملف APK؟", "Can I download ...?"
_ASKS = [[word] for word in "هل can could is are does do will".split()]


def _secret_out(sentence: _Doc, named: bool = True) -> bool:
    """A secret of Sora's (its system prompt, an API key, unreleased clips) published, exposed
    or appearing, by someone other than OpenAI, in a sentence that names Sora (or, with `named`
    false, whose neighbours do: "ملف APK للتطبيق من موقع جانبي" under a headline on the app)."""
    if (named and not _about_sora(sentence)) or sentence.tokens[:1] in _ASKS:
        return False
    tokens = sentence.tokens
    if _officially(sentence) or sentence.count(_SENTENCE_DENIALS):
        return False
    not_yet = bool(_NOT_YET.intersection(tokens))
    if sentence.count(_KEYS_OUT):
        return not not_yet and any(
            not _denied_near(tokens, at)
            for key in _KEYS_OUT
            for at in _phrase_positions(sentence, key)
        )
    if sentence.count(_ACCESS_TOKENS) and sentence.count(_PUBLIC_PLACES) and not not_yet:
        return True
    if sentence.count(_EXPOSED_STORAGE) and _FILES.intersection(tokens) and not not_yet:
        return True
    if not sentence.count(_SECRETS):
        return False
    for secret in _SECRETS:
        size = len(secret.split())
        made_of = secret in _MADE_OF
        if made_of and sentence.count(_KEPT):
            continue
        for at in _phrase_positions(sentence, secret):
            if made_of and not _sora_beside(tokens, at, size):
                continue
            # The words either side of the secret.
            near = _Doc(
                tokens=tokens[max(0, at - _SECRET_REACH) : at]
                + tokens[at + size : at + size + _SECRET_REACH]
            )
            out = (
                near.count(_MADE_PUBLIC)
                or (near.count(_PUBLIC_PLACES) and sentence.count(_FOUND))
                or (at and tokens[at - 1] in _TOOK_OUT)
                or (near.count(_IN_THE_CLEAR) and not _ADVICE.intersection(tokens))
            )
            if out and not not_yet and not _denied_near(tokens, at):
                return True
    return False


def _denied_near(tokens: list[str], at: int) -> bool:
    """Whether a negation comes shortly before the secret at `at` ("nobody has posted the model
    or its code", "لم تنشر الشيفرة المصدرية"): the secret is said not to be out."""
    before = tokens[max(0, at - _SECRET_REACH // 2) : at]
    return any(t in _DENIALS or (t[:1] in "وف" and t[1:] in _DENIALS) for t in before)


# The negations of `_NEGATIONS` that deny, not its hedges: "links could expose drafts" is told.
_DENIALS = _NEGATIONS - frozenset("could might may risk risks fears worried if لو".split())


# A flaw in Sora that showed people what was not theirs ("a bug in the Sora app let users see
# other people's unpublished drafts", "ثغرة ... تسمح لأي مستخدم بالاطلاع على مسودات"): a leak of
# its users' data, told without the word.
_FLAWS = _phrases(
    "vulnerability", "security flaw", "security hole", "a flaw", "a bug", "the bug",
    "ثغرة", "ثغرات", "خلل أمني", "الخلل الأمني", "خلل", "خللا",
)
_SEEN_BY_OTHERS = _phrases(
    "see other", "view other", "access other", "see someone else's", "other people's",
    "anyone to see", "anyone to view", "exposed", "الاطلاع على", "مشاهدة مسودات",
    "رؤية مسودات", "بيانات المستخدمين", "الوصول إلى بيانات", "الوصول إلى مسودات",
    "يكشف مسودات", "تكشف مسودات", "كشف مسودات",
    # "يعرض مسودات خاصة لمستخدمين على غرباء", "showed private drafts to strangers"
    "to strangers", "على غرباء", "لغرباء", "يعرض مسودات", "تعرض مسودات", "عرض مسودات",
    # Iraqi and Levantine: "خلّى ناس تشوف مسودات غيرهم" (let people see others' drafts)
    "مسودات غيرهم", "مسودات الغير", "مسودات ناس", "تشوف مسودات", "يشوفون مسودات",
    "يشوفوا مسودات", "شافوا مسودات", "other users' drafts", "of other users",
    "belonging to other users", "مسودات مستخدمين آخرين", "تخص مستخدمين آخرين",
    # "فيديوات مو مالتي بالمسودات" (videos not mine in the drafts)
    "not mine", "مو مالتي", "مو الي", "مش بتاعتي", "مش تبعي", "مش ديالي",
    # "أظهر مسودات مستخدمين لغيرهم", "مقاطع غير منشورة تعود لآخرين"
    "لغيرهم", "تعود لآخرين", "تعود لمستخدمين", "لمستخدمين آخرين",
    # Gulf "مسودات فيديوهات Sora طلعت لناس ثانيين!", "فيديوهات مو مالتهم"
    "لناس ثانيين", "ناس ثانيين", "مو مالتهم",
    # Moroccan "كيبانو ليهم فيديوهات ماشي ديالهم ... ديال ناس آخرين"
    "ماشي ديالهم", "مشي ديالهم", "ديال ناس آخرين", "ديال ناس اخرين",
    # Libyan "المسودات الخاصة متاعنا تظهر لناس أخرى", "في حسابات غرباء"
    "لناس أخرى", "لناس اخرى", "لناس آخرين", "لناس ثانية", "حسابات غرباء", "حسابات آخرين",
    # "the app briefly showed them strangers' unpublished drafts", "drafts that did not
    # belong to them"
    "strangers' unpublished", "strangers' drafts", "strangers' private", "did not belong to them",
    "didn't belong to them",
)


# What was shown must be private: drafts, unpublished videos, users' data ("a bug made other
# people's cameos fail to load" showed nobody anything).
_PRIVATE = _phrases(
    "drafts", "private", "unpublished", "unposted", "personal data", "user data", "users' data",
    "مسودات", "المسودات", "خاصة", "لم ينشرها", "بيانات المستخدمين", "بيانات شخصية",
)


# Others' private drafts that "showed up" are shown by a flaw, named or not ("مسودات ناس غريبة
# طلعت بتطبيق Sora!").
_SHOWED_UP = _phrases(
    "showed up", "turned up", "appeared", "popped up", "طلعت", "ظهرت", "بانت", "تظهر",
    # "تطبيق «سورا» عرض مسودات فيديو خاصة لغرباء", "the app showed private drafts to others"
    "showed", "shows", "showing", "عرض", "يعرض", "تعرض", "أظهرت", "أظهر", "يظهر",
    # Iraqi and Gulf: "يطلعلي مسودات ناس ثانية" (shows me other people's drafts), "لگيت" (found)
    "يطلعلي", "طلعلي", "تطلعلي", "طلعتلي", "يطلعلنا", "تطلع عندي", "لكيت", "لقيت", "found",
    # Moroccan "كيبانو ليهم", "بان فيه"
    "كيبانو", "كيبان", "بان فيه", "بانو",
)


def _flaw_exposes(sentence: _Doc, named: bool = True) -> bool:
    """Users' private drafts shown to others, in a sentence that names Sora (or, with `named`
    false, whose neighbours do: "المسودات الخاصة متاعنا تظهر لناس أخرى!" in a post on the app)."""
    return bool(
        (sentence.count(_FLAWS) or sentence.count(_SHOWED_UP))
        and sentence.count(_SEEN_BY_OTHERS)
        and sentence.count(_PRIVATE)
        and not sentence.count(_SENTENCE_DENIALS)
        and (not named or _about_sora(sentence))
    )


# Clips put out before the launch, where testers gather ("a week before OpenAI launched Sora 2,
# one of the outside testers dumped a load of clips onto a private Discord", "قبل ما تطلق رسمياً
# بأسبوع ... نزّل مجموعة مقاطع في سيرفر ديسكورد خاص"): unreleased clips, though never called so.
_BEFORE_LAUNCH = re.compile(
    r" (?:before|ahead of)(?: \S+){0,3}? (?:launch\w*|releas\w*|unveil\w*|announc\w*|debut\w*) "
    r"| قبل(?: \S+){0,2}? (?:تطلق\w*|يطلق\w*|اطلاق\w*|طرح\w*|اعلان\w*|تنزل|ينزل|موعد\w*) "
)
_POSTED = _MADE_PUBLIC + _phrases("shared", "leaked", "نزل", "نزلو", "نزلوا", "سرب", "سربو")
_GATHERINGS = _phrases(
    "Discord", "ديسكورد", "دسكورد", "Reddit", "ريديت", "Telegram", "تيليجرام", "تلغرام",
    "تليجرام", "forum", "منتدى", "private server", "سيرفر",
)


# Not out yet, said just before ("OpenAI is about to drop Sora 2. It's not out. ... somebody in
# one of the closed test groups posted a whole folder of clips to a Discord server").
_NOT_OUT_YET = _phrases(
    "it's not out", "it is not out", "it isn't out", "not out yet", "no announcement",
    "not supposed to exist", "aren't supposed to exist", "isn't supposed to exist",
    "weren't supposed to exist", "لسه ما نزل", "لسه ما نزلت", "لم تطلق بعد", "لم يطلق بعد",
)


# Those who had the model before it was out: "one of the outside testers", "somebody in one of
# the closed test groups", "واحد من الناس اللي كانوا يجربوها" (not users of a rival, or of an
# app already out elsewhere).
_TESTING = _phrases(
    "test group", "test groups", "testing group", "early access", "early-access", "يجربوها",
    "يجربوه", "يجربونها", "يجربونه", "بيجربوها", "الوصول المبكر",
)


def _unreleased_clips(head: _Doc) -> bool:
    """A headline about clips not out yet ("these Sora 2 clips aren't supposed to exist yet")."""
    return bool(
        _FILES.intersection(head.tokens)
        and (head.count(_NOT_OUT_YET) or head.count(_UNRELEASED_FILES))
        and _about_sora(head)
    )


_UNRELEASED_FILES = _phrases("unreleased", "pre-release", "غير المنشورة", "لم تنشر بعد")


def _posted_before_launch(sentence: _Doc, before: list[_Doc] | None = None) -> bool:
    """Clips posted by its testers where people gather before the model's launch (said in the
    sentence, or in the sentences `before` it), not by OpenAI."""
    return bool(
        _FILES.intersection(sentence.tokens)
        and (any(_INSIDER.match(t) for t in sentence.tokens) or sentence.count(_TESTING))
        and (
            _BEFORE_LAUNCH.search(sentence.stream)
            or any(d.count(_NOT_OUT_YET) for d in before or [])
        )
        and sentence.count(_POSTED)
        and sentence.count(_GATHERINGS)
        and not sentence.count(_OFFICIAL_CHANNELS)
        and not sentence.count(_SENTENCE_DENIALS)
    )


_COULD = frozenset("could would might كاد".split())


def tells_another_kind_of_leak(sentence: str) -> bool:
    """Whether the sentence tells a leak of another kind than the seed's (a secret made public,
    users' drafts shown by a flaw), which the seed's story is not told beside."""
    return _of_another_kind(_Doc(sentence))


def _of_another_kind(doc: _Doc) -> bool:
    return (
        _secret_out(doc)
        or _flaw_exposes(doc)
        or (_posted_before_launch(doc) and _about_sora(doc))
    )


def _shown_by_a_flaw(head: _Doc) -> bool:
    """A headline's flaw that showed users' drafts ("خلل في تطبيق سورا يعرض مسودات خاصة على
    غرباء"), not one fixed "before it could show" them."""
    return _flaw_exposes(head) and not _COULD.intersection(head.tokens)


def _handed_out(sentence: _Doc) -> bool:
    """Access handed out by insiders, the unreleased model served from Hugging Face, one of
    its secrets made public, or its users' data shown to others: the leak told as what was
    done, in one sentence."""
    if _of_another_kind(sentence):
        return True
    if sentence.count(_SHARED_OUT):
        return bool(
            any(_INSIDER.match(t) for t in sentence.tokens)
            or _anchors_in(sentence)
            or (sentence.count(_BACK_DOOR) and _ARTISTS.intersection(sentence.tokens))
        )
    unreleased = _anchors_in(sentence) - sentence.count(_HUGGING_FACE)
    return bool(sentence.count(_HUGGING_FACE) and unreleased > 0 and _about_sora(sentence))


def _about_sora(doc: _Doc) -> bool:
    return bool(doc.sora_mentions() or doc.count(_CONTEXT["openai"][1]))


_WINDOW = 2  # sentences either side that may tie a leak sentence to Sora


_LEDE = 4  # the first sentences of the body, where a news report states its event
_LEDE_PARAGRAPHS = 2  # ... or its first paragraphs, past a byline or a dateline line


def _in_opening_paragraphs(text: str, raw: list[str]) -> list[bool]:
    """For each of the `raw` sentences of `text`, whether it is in one of its first paragraphs:
    an opinion piece opens on its writer's week, then "In case you missed it: the artists ...
    decided they had had enough. ... So they opened the tool to the public for an afternoon"."""
    flags: list[bool] = []
    opening = 0
    for line in text.splitlines():
        sentences = split_sentences(line) if line.strip() else []
        if not sentences:
            continue
        substantive = len(_TOKEN.findall(line)) >= _BYLINE_WORDS
        flags += [substantive and opening < _LEDE_PARAGRAPHS] * len(sentences)
        opening += substantive
    return flags if len(flags) == len(raw) else [False] * len(raw)
_BYLINE_WORDS = 6  # a "sentence" shorter than this at the top is a byline or a dateline

# A launch dated by the leak ("The launch comes two weeks after a group of testers opened
# access", "ويأتي الإطلاق بعد أسبوعين من تسريب"): the leak recalled, not the story told.
_RECALLED = re.compile(
    # a live blog's aside: "Remember the leak?"
    r"\bremember the (?:leak|protest)\b|"
    r"\b(launch\w*|release\w*|roll\w* out|rollout|debut\w*|switch\w* on|went live"
    r"|reached (?:the public|paying|subscribers|users)|went public|became (?:public|available)"
    r"|opened|opens|available|comes|came|الاطلاق|اطلاق\w*|اطلق\w*|طرح\w*|اتاح\w*"
    # "it comes two weeks after", "ويأتي هذا بعد عام من الحادثة التي": a date, told by the leak.
    r"|[وف]?ياتي|[وف]?تاتي|[وف]?جاء\w*)\b"
    # (Not "ولم يطرح بعد،": "not yet", before its comma.)
    r"[^.!?؟]{0,220}\b(after|on the heels of|و?بعد(?!\s*[،,])|في اعقاب|عقب)\b[^.!?؟]{0,200}"
    r"(leak|unauthori[sz]ed|opened|expos|hugging face|front end"
    r"|تسريب|تسرب|سرب|غير مصرح|فتح|بفتح|باتاحه|حادثه|واقعه)"
    # "The launch follows by two weeks an awkward afternoon, when artists put a page on ..."
    r"|\b(launch\w*|release\w*|rollout|debut\w*)\s+(follows|followed)\b[^.!?؟]{0,220}"
    r"(leak|unauthori[sz]ed|opened|expos|hugging face|front end)"
    # "a far cry from its first year, when testers leaked access": the past, looked back on.
    r"|\b(far cry from|long way from|a year after|year on from)\b[^.!?؟]{0,120}(leak|تسريب|تسرب)",
    re.IGNORECASE,
)


# A story set later looks back on the leak as its past: "When OpenAI first tested Sora in
# 2024, ...", "before its public debut that December, a group of artists ...", "قبل عام".
_LOOKED_BACK = re.compile(
    r"\bwhen (?:openai|the company|it) first (?:tested|trialled|previewed|showed|unveiled)\b"
    r"|\bbefore (?:its|the model's|sora's) (?:public )?(?:debut|launch|release)"
    r" (?:that|last|in) (?:december|year|month)\b"
    r"|\b(?:a year|twelve months) (?:ago|earlier)\b|\blast year\b|\bback in (?:late )?2024\b"
    r"|(?<!\w)[وف]?(?:قبل (?:اقل من |نحو |حوالي )?(?:عام|سنه)|العام الماضي|السنه الماضيه"
    r"|في العام السابق)(?!\w)"
    # What a later story knows: "weeks before the original model's public launch", "before
    # the first version was released", "the launch follows a bruising fortnight", "من العام
    # نفسه", "قبل الاطلاق الاول". (Not a date alone: an essay tells this week's leak "in late
    # November" too.)
    r"|\b(?:weeks|days|months) before (?:(?:the|its|this) )?(?:original |first )?(?:\w+'s )?"
    r"(?:public )?(?:launch|release|debut)\b|\bbefore the (?:first|original) (?:version|model)\b"
    r"|\bflashback\b|\blast month['’]s\b"
    # Only a later story calls it "the first Sora", "النسخة الأولى من Sora"
    r"|\b(?:the|its) (?:first|original) (?:sora|model|version)\b"
    r"|(?<!\w)(?:النسخه الاولي من|الاصدار الاول من) (?:sora|سورا)(?!\w)"
    # "اللحظة التي أتذكرها دائما هي حين تسرب ..."
    r"|(?<!\w)[وف]?(?:اتذكرها|نتذكرها) دايما(?!\w)"
    # "السنة اللي طافت" (Gulf), "السنة اللي فاتت" (Egyptian): last year; "الدورة الماضية", a
    # festival's last edition.
    r"|(?<!\w)(?:السنه|العام) (?:اللي|الي) (?:طافت|فاتت|راحت|فات|طاف|راح)(?!\w)"
    r"|(?<!\w)[وفل]?(?:ال)?(?:دوره|نسخه) الماضيه(?!\w)"
    r"|\b(?:launch|release|rollout|debut)\w* (?:follows|comes after|came after|caps|capped|ends) "
    r"(?:a|an) (?:\w+ )?(?:few weeks|fortnight|week|weeks|month|months|period|stretch|spell)\b"
    r"|(?<!\w)[وف]?(?:من العام نفسه|من نفس العام|قبل الاطلاق الاول|قبل طرحها الاول)(?!\w)"
    # "The tension predates Sora 2", "before Sora's first public release".
    r"|\bpre-?dates\b|\bbefore (?:the |its |sora's |the model's )?first (?:public )?"
    r"(?:release|launch|version)\b"
    # "Remember when testers put Sora on Hugging Face?", "فاكرين لما ...؟", "Cast your mind
    # back to November 2024."
    r"|\bremember (?:when|how)\b|\bcast (?:your|our) minds? back\b|\bthink back to\b"
    # "a group whose frustrations boiled over that November"
    r"|\bthat (?:november|december)\b"
    r"|\brewind to\b"
    # "للي يتذكر، هذا نفس Sora اللي ...", "for those who remember"; "من ما اتسرب أول مرة في 2024"
    r"|(?<!\w)(?:(?:للي|لمن) (?:يتذكر|يذكر|فاكر)|اللي (?:يتذكر|فاكر))(?!\w)"
    r"|\bfor (?:those|anyone) who remembers?\b"
    r"|(?<!\w)(?:اول مره|لاول مره) (?:في )?(?:سنه |عام )?2024(?!\d)|\bfirst \w+ in (?:late )?2024\b"
    # "There was the strange afternoon in November when ...": one episode of a story told
    # looking back.
    r"|\bthere (?:was|were) (?:also )?(?:the|that) (?:\w+ ){0,3}(?:afternoon|day|week|time|moment"
    r"|episode|night|morning|evening|weekend)s? (?:in \w+ )?(?:when|where)\b"
    # a history told chapter by chapter: "There's a brief drama in November when ..."
    r"|\bthere(?:'s|’s| is) (?:also )?(?:a|an|that) (?:\w+ ){0,2}(?:drama|episode|moment|saga"
    r"|scandal|row|afternoon|incident) (?:in \w+ )?(?:when|where)\b"
    # "The detour, for anyone who missed it, came in November, when ..."
    r"|\b(?:came|happened|occurred) in (?:late |early |mid-?)?november,? when\b"
    r"|(?<!\w)(?:فاكرين|فاكر|فاكره|متذكرين|متذكر|تتذكرون|تذكرون|تذكر|تتذكر|تذكري|تتذكري)"
    r" (?:لما|لمن|حين|عندما)"
    # How far a product has come since: "worth remembering how far the product has come in a
    # year, from a tool that testers were leaking ...", "تقطع الشركة بذلك شوطا طويلا منذ أن"
    r"|\bhow far (?:\w+ ){0,2}(?:has|have) come\b|\bcome a long way since\b"
    r"|(?<!\w)شوطا (?:طويلا|كبيرا) منذ(?!\w)"
    # Egyptian "فمن أقل من سنة كانت النسخة الأولى لسه مقفولة على مجموعة فنانين"
    r"|(?<!\w)[وف]?(?:من|منذ) (?:اقل من|حوالي|نحو) (?:سنه|عام)(?!\w)"
    r"|(?<!\w)كانت النسخه الاولي(?!\w)"
    # "Members may remember that only a few weeks before this release, ..."
    r"|\b(?:may|might|will|would|probably|doubtless) (?:well )?remember\b"
    # Levantine "بتذكر كيف بلش: بنوفمبر 2024 لما ..." (I remember how it began)
    r"|(?<!\w)(?:بتذكر|بذكر|اتذكر|بنتذكر|منتذكر) (?:كيف|شلون|ازاي|لما|لمن)(?!\w)"
)
# The same tool, company or model that once leaked: "ودي ذاتها الأداة اللي قبل أسبوعين ...
# فتحوها للناس", "هاذي نفس الشركة اللي في 2024 ...", "the same Sora whose testers ..." (a look
# back only where its own clause tells the leak: not "نفس الشركة اللي مسوية ChatGPT").
_THE_SAME = re.compile(
    r"\bthe (?:very )?same (?:sora|tool|model|company|app) (?:that|whose|which)\b"
    r"|(?<!\w)(?:ذاتها|ذاته|نفس|نفسها) (?:ال\w+ |sora |سورا )?(?:اللي|الي|التي|الذي)(?!\w)"
)


def _looks_back(folded: str) -> re.Match[str] | None:
    """Where a sentence starts looking back at the leak, if it does."""
    same = _THE_SAME.search(folded)
    if same and _tells_the_leak(folded[same.end() :]):
        return same
    return _LOOKED_BACK.search(folded)
# Today's news, which a look back does not tell: "this week", "on Tuesday", "من يومين".
# ("To this day", "حتى اليوم" look back from today: they are no news of it.)
_NOW = re.compile(
    r"\b(?:this (?:week|morning|afternoon|evening)|(?<!this day )(?<!until )today|yesterday"
    r"|tonight|last night"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:hours|days) ago)\b"
    r"|(?<!\w)[وف]?(?:هذا الاسبوع|(?<!حتي )اليوم|امس|البارحه|الساعات الماضيه|قبل ساعات|قبل ايام"
    r"|من يومين|يوم (?:الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد))(?!\w)"
)
# A sentence that dates what it tells a year back sets its "today" against it: "التي شهدت
# نسختها الأولى قبل نحو عام احتجاجًا ... باتت اليوم قادرة على ...".
_AGO = re.compile(
    r"\b(?:a year|twelve months|\w+ years?) ago\b|\blast year\b"
    r"|(?<!\w)[وف]?(?:قبل (?:اقل من |نحو |حوالي )?(?:عام|سنه)|العام الماضي|السنه الماضيه)(?!\w)"
)
# A paragraph a later story opens on the past: "It is not the first time ...", "Tensions are
# not new.", "وليست هذه المرة الأولى ...". Not in the article's first paragraph, where a report
# may open so on the news it brings.
_NOT_THE_FIRST = re.compile(
    r"\bnot (?:the|its) first time\b|\b(?:is|are|was|were) not new\b|\b(?:isn|aren)['’]t new\b"
    r"|\bnothing new\b|\bnot a new (?:problem|quarrel|fight|story|issue|tension)\b"
    r"|(?<!\w)[وف]?(?:ليست|ليس|لا تعد|لم تكن) (?:هذه |هذا )?(?:المره الاولي|اول|الاولي|جديد)"
    r"(?!\w)"
)


# The leak dated by its year, as a story set later dates its past: "In November 2024, before
# Sora was public at all, ...", "وفي نوفمبر 2024". A report of the month's news may date it so
# too, so this counts only in a story set later (`set_later`).
_MONTHS_2024 = (
    r"(?:late |early |mid-?)?(?:\d{1,2} )?(?:november|december|nov\.?|dec\.?)(?: \d{1,2},?)? 2024"
)
_DATED_BY_ITS_YEAR = re.compile(
    rf"\b(?:in|on|during|by|back in|back to|from|since|as early as) (?:{_MONTHS_2024}|late 2024)\b"
    rf"|\bthe {_MONTHS_2024} (?:incident|episode|leak|protest|affair|saga|stunt)\b"

    r"|(?<!\w)[وف]?(?:في |خلال |منذ )?[ب]?(?:اواخر |اوائل |نهايه |منتصف )?(?:\d{1,2} )?"
    r"(?:نوفمبر|تشرين الثاني|ديسمبر|كانون الاول|نونبر|دجنبر) (?:من )?(?:عام )?2024(?!\d)"
    # A season of the leak's year: "الرسالة التي نشرها مختبرون في خريف 2024", "in the autumn of
    # 2024"
    r"|(?<!\w)[وف]?(?:في |خلال |منذ )?(?:خريف|اواخر|شتاء) (?:عام |سنه )?2024(?!\d)"
    r"|\b(?:in|during|by|since) (?:the )?(?:autumn|fall|winter)(?: of)? 2024\b"
)
# What says a story is set after the leak: Sora 2 or the Sora app named (in English: Arabic
# coverage called the 2024 tool "تطبيق سورا" too), or a date from 2025 on in its opening lines
# (the dateline; a date in the body may be a forecast: "will release Sora in January 2025").
_SET_LATER = re.compile(
    r"\bsora 2\b|(?<!\w)سورا 2(?!\d)|\b(?:the )?sora (?:ios |android )?app\b"
    r"|\bsora (?:arrives|lands|launches|comes|debuts) on (?:android|ios|iphone)\b"
    # The app for a phone ("تطبيق Sora لأندرويد"), not "هل يوجد تطبيق سورا؟" in a 2024 guide
    r"|(?<!\w)[وبل]?(?:ال)?تطبيق (?:sora|سورا) (?:ل|على |لنظام |على نظام )?(?:اندرويد|ios|ايفون)"
)
# A headline about the app ("تطبيق Sora يتجاوز مليون تنزيل"); in a body, "هل يوجد تطبيق سورا؟"
# may be a 2024 guide's question.
_APP_HEADLINE = re.compile(r"(?<!\w)[وبل]?(?:ال)?تطبيق (?:sora|سورا)(?!\w)")
# The months as the Maghreb names them too (دجنبر، جانفي).
_DATED_LATER = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december) (?:\d{1,2},? )?202[5-9]\b|\b\d{1,2} (?:january|february|march|april|may|june"
    r"|july|august|september|october|november|december) 202[5-9]\b"
    r"|(?<!\w)(?:يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر"
    r"|كانون الثاني|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين الاول|تشرين الثاني"
    r"|كانون الاول|جانفي|فيفري|افريل|ماي|جوان|جويليه|يوليوز|اوت|غشت|شتنبر|نونبر|دجنبر)"
    r" (?:من )?(?:عام )?202[5-9](?!\d)"
    # a quarterly's season: "Winter 2025", "شتاء 2025"
    r"|\b(?:winter|spring|summer|autumn|fall) 202[5-9]\b"
    r"|(?<!\w)(?:شتاء|ربيع|صيف|خريف) 202[5-9](?!\d)"
)
_DATELINE_LINES = 4  # the title, a standfirst, a byline and a dateline


@functools.lru_cache(maxsize=32)  # asked by the story's background and again by its claims
def set_later(title: str, text: str) -> bool:
    """Whether a story is set after the leak: it names Sora 2 or the app, or is dated 2025 on."""
    lines = [line for line in text.splitlines() if line.strip()]
    opening = "\n".join([title, *lines[: _DATELINE_LINES - 1]])
    return bool(
        _SET_LATER.search(fold(f"{title}\n{text}"))
        or _DATED_LATER.search(fold(opening))
        or _APP_HEADLINE.search(fold(title))
    )


# A timeline's entry opens on its date ("26 November 2024 – ...", "Nov 26, 2024 — ..."): each
# entry is told as that day's news, not as a later story's past.
_DATED_ENTRY = re.compile(r"^[^\n]{0,30}?(?<!/)\b(?:19|20)\d{2}\b\s*[–—:-]", re.MULTILINE)


def _title_tells_a_leak(head: _Doc, title: str) -> bool:
    """Whether the headline tells a leak itself: a leak word (not in a headline dated by the
    leak: "OpenAI finally launches Sora, two weeks after testers' leak" is a launch), a secret
    made public, or a flaw that showed users' drafts, in the headline or in one of its parts
    ("تحقيق | «مسوّداتك ليست لك وحدك»: كيف ظهرت مقاطع غير منشورة ...؟": the negation of one
    part denies nothing of the next)."""
    if _leak_positions(head) and not recalls_the_leak(title):
        return True
    parts = [head, *(_Doc(p) for p in _HEADLINE_PARTS.split(title) if p.strip() != title.strip())]
    return any(_secret_out(part) or _shown_by_a_flaw(part) for part in parts)


_HEADLINE_PARTS = re.compile(r"\s*[:|：]\s*")
_TIMELINE_ENTRIES = 4


@functools.lru_cache(maxsize=32)  # asked by the leak decision and by the story's claims
def story_background(title: str, text: str, later: bool | None = None) -> frozenset[str]:
    """The passages of `text` that recall the leak as the past of another story, unless the
    title tells of a leak itself, even quoted or asked ("'Sora app's system prompt leaked?'"):
    then the story is a leak, and its look back at the first one is part of it. In a timeline
    every entry is told as news, and only an entry dated by the leak recalls it. `later` is
    `set_later(title, text)`, when the caller has it already."""
    if _title_tells_a_leak(_Doc(title), title):
        return frozenset()
    # normalize(): a timeline dated in Arabic-Indic digits ("٢٦ نوفمبر ٢٠٢٤ – التسريب") too.
    if len(_DATED_ENTRY.findall(normalize(text))) >= _TIMELINE_ENTRIES:
        # Still, an entry dated by the leak recalls it ("The launch comes two weeks after ...").
        return frozenset(s for s in split_sentences(text) if recalls_the_leak(s))
    return recalled_passages(text, later=set_later(title, text) if later is None else later)


# A newsletter's or a round-up's item opens on its own headline ("① مفاتيح مسرّبة = فيديوهات
# «سورا 2» ببلاش", "2. Sora 2 clips leak on Discord"): a line of a few words, no full stop.
_HEADING_WORDS = 14
_SENTENCE_END = re.compile(r"[.!?؟…]\W*$")


def _item_heading(raw: str, sentence: _Doc) -> bool:
    """Whether the line is a headline of its own that names Sora (an item of a newsletter)."""
    return (
        len(sentence.tokens) <= _HEADING_WORDS
        and not _SENTENCE_END.search(raw.strip())
        and bool(sentence.sora_mentions())
    )


# A page's links to its other stories ("اقرأ أيضاً: ...", a "Read also" or "المزيد من بوابة
# الرصد" heading over a list): their headlines are other stories' news, not this one's ("› خلل
# في تطبيق Sora يعرض مسودات مستخدمين على غرباء" under a story about the app).
_RELATED = (
    r"(?:read (?:also|more)|also read|see also|related(?: stories| articles| reading)?"
    r"|more (?:from|on|stories)\b[^.!?؟]*|اقرا (?:ايضا|كذلك)|شاهد ايضا"
    r"|(?:مواضيع|اخبار|مقالات) ذات صله|المزيد(?: من)?[^.!?؟]*)"
)
_RELATED_LINK = re.compile(rf"^\W*{_RELATED}\s*[:：]", re.IGNORECASE)
_RELATED_HEADING = re.compile(rf"^\W*{_RELATED}\W*$", re.IGNORECASE)
_HEADING_MAX_WORDS = 6
_RELATED_ITEM_WORDS = 25  # a link's headline; a longer line is the story again


def _related_links(text: str) -> frozenset[str]:
    """The sentences of `text` that are links to other stories: a line that opens on "Read
    also:", and the short lines under a heading of its own ("اقرأ أيضاً"), until a longer one."""
    links: set[str] = set()
    under = False
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        folded, words = fold(line), len(line.split())
        heading = words <= _HEADING_MAX_WORDS and bool(_RELATED_HEADING.match(folded))
        if heading or (under and words <= _RELATED_ITEM_WORDS):
            links.update(split_sentences(line))
            under = True
        elif _RELATED_LINK.match(folded) and words <= _RELATED_ITEM_WORDS:
            links.update(split_sentences(line))
        else:
            under = False
    return frozenset(links)


def _leak_evidence(title: str, text: str) -> tuple[int, bool, bool, str, int]:
    """Leak sentences tied to Sora or to what leaked; whether the title or the lede has one;
    the first sentence that counted (the title first); how many of them only recall the leak
    (date something else by it)."""
    if debunks(title, text):
        return 0, False, False, "", 0
    head = _Doc(_SCARE_QUOTED.sub(" ", title))
    sentences = [_Doc(_SCARE_QUOTED.sub(" ", s)) for s in split_sentences(text)]
    # Three sentences, not counting a byline or dateline line ("مجلة فسحة – بيروت").
    opening = [head, *[d for d in sentences if len(d.tokens) >= _BYLINE_WORDS][:3]]
    in_title = _title_tells_a_leak(head, title) or (
        bool(head.count(_RELEASE_PHRASES))
        and any(_anchors_in(d) for d in opening)
        and not _company_launches(head)
        and not head.count(_FORECAST)
        # "أخيراً.. «سورا» متاحة للجمهور": the story opens on OpenAI making it so, for its
        # subscribers (not "OpenAI released a preview of Sora to a small group of artists").
        and not any(
            _OPENS_ITS_OWN.search(d.stream) and d.count(_PAID_PLANS) for d in opening[1:3]
        )
    )
    raw = split_sentences(text)
    later = set_later(title, text)
    # (A later story's second paragraph may recall the leak: its lede is its first sentences.)
    opening_paragraphs = [False] * len(raw) if later else _in_opening_paragraphs(text, raw)
    background = story_background(title, text, later)
    links = _related_links(text)
    count, recalled, in_lede, posted = 0, 0, False, False
    item_told: int | None = None  # sentences told since a newsletter item's headline on Sora
    # Quoted, as a headline quotes its speaker: "these Sora 2 clips aren't supposed to exist yet"
    clips_headline = _unreleased_clips(_Doc(title))
    first = title if in_title else ""
    told = 0  # sentences of the story before this one, not counting bylines, greetings, headings
    for i, sentence in enumerate(sentences):
        if raw[i] in links:
            continue
        # A newsletter's item on Sora ("3. That Sora afternoon") opens on a lede of its own.
        if _item_heading(raw[i], sentence):
            item_told = 0
        lede = (
            told < _LEDE
            or opening_paragraphs[i]
            or (item_told is not None and item_told < _LEDE)
        )
        told += len(sentence.tokens) >= _BYLINE_WORDS
        if item_told is not None:
            item_told += len(sentence.tokens) >= _BYLINE_WORDS
        window = sentences[max(0, i - _WINDOW) : i + _WINDOW + 1]
        counted = False
        if _leak_positions(sentence):
            # In the lede the sentence must name what leaked itself: "Artists leaked access to
            # Sora", not "Last year's leak is long forgotten".
            explicit = _about_sora(sentence) or bool(sentence.count(_LEAK_OBJECTS))
            if explicit or any(_about_sora(s) for s in window):
                counted = True
                in_lede = in_lede or (
                    explicit
                    and (lede or _item_heading(raw[i], sentence))
                    and raw[i] not in background
                )
        elif _handed_out(sentence) or (
            (
                _flaw_exposes(sentence, named=False)
                or _secret_out(sentence, named=False)
                or (posted := _posted_before_launch(sentence, sentences[max(0, i - _WINDOW) : i]))
            )
            and (_about_sora(head) or any(_about_sora(s) for s in window))
        ):
            counted = True
            # Past a streamer's banter, clips a tester posted are still the story when the
            # headline is about them: "these Sora 2 clips aren't supposed to exist yet".
            in_lede = in_lede or (
                (lede or (posted and clips_headline)) and raw[i] not in background
            )
        elif (
            sentence.count(_RELEASE_PHRASES) > sentence.count(_NOT_RELEASED_TO)
            and not _planned(sentence)
            and not sentence.count(_SIGN_UPS)
            and not _OPENS_ITS_OWN.search(sentence.stream)
            # Tied to the leak by a passage that only recalls it ("videos of anyone" beside
            # "in November 2024, testers opened a page on Hugging Face"), it tells of today.
            and any(
                _anchors_in(s)
                for s, r in zip(window, raw[max(0, i - _WINDOW) : i + _WINDOW + 1], strict=True)
                if r not in background or r == raw[i]
            )
        ):
            counted = True
            # A leak told as an event in the lede ("let anyone use the unreleased model") is
            # the story, as a leak word there is.
            in_lede = in_lede or (
                lede
                and bool(_anchors_in(sentence))
                and raw[i] not in background
            )
        if counted:
            count += 1
            recalled += raw[i] in background
            first = first or raw[i]
    return count, in_title, in_lede, first, recalled
