"""Is an article about OpenAI's Sora, and does it report a leak of Sora? Arabic and English."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from monitor.text import fold, split_sentences, strip_clitics

__all__ = ["Relevance", "assess", "RELEVANT_AT"]

RELEVANT_AT = 0.5
"""Score from which an article counts as relevant."""


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    score: float
    """In [0, 1]: confidence that the article is about OpenAI's Sora."""
    leak_report: bool
    signals: tuple[str, ...]
    """What decided it: "sora:N", "sora-in-title", context groups, "-<counter group>",
    "leak:N" (leak sentences found), "no-sora" when Sora is never named."""


# Tokens as monitor.text.words(), except that decimals stay whole: "SORA 2.5" (the drone risk
# method's version) must not read as "Sora 2".
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")


def _tokens(text: str) -> list[str]:
    return [strip_clitics(w) for w in _TOKEN.findall(fold(text))]


def _phrases(*texts: str) -> tuple[str, ...]:
    """Phrases in the same folded, clitic-stripped, space-padded form as _Doc.stream."""
    return tuple(" " + " ".join(_tokens(t)) + " " for t in texts)


# Context that ties "Sora" to OpenAI's model: (weight, phrases). Weights are logit increments.
_CONTEXT: dict[str, tuple[float, tuple[str, ...]]] = {
    "openai": (2.5, _phrases("OpenAI", "Open AI", "أوبن إيه آي", "اوبن اي اي", "أوبن أيه آي")),
    "sora-product": (
        2.5,
        _phrases(
            "Sora 2", "Sora2", "سورا 2", "Sora app", "تطبيق Sora", "تطبيق سورا", "sora.com",
            "OpenAI's Sora", "Sora Turbo", "Sora by OpenAI", "Sora from OpenAI",
        ),
    ),
    "chatgpt": (
        1.0,
        _phrases(
            "ChatGPT", "Chat GPT", "GPT-4", "GPT-4o", "GPT-5", "شات جي بي تي", "تشات جي بي تي"
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
            "فيديوهات مولدة", "مقاطع فيديو",
        ),
    ),
    "ai": (
        1.0,
        _phrases(
            "artificial intelligence", "AI", "generative", "GenAI", "machine learning",
            "الذكاء الاصطناعي", "ذكاء اصطناعي", "التوليدي", "نموذج",
        ),
    ),
    "ai-ecosystem": (
        0.5,
        _phrases(
            "Hugging Face", "HuggingFace", "هاجينج فيس", "هجينج فيس", "هاغينغ فيس", "Runway",
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
    "japanese-word": (
        2.0,
        _phrases(
            "means sky", "meaning sky", "word for sky", "sky in Japanese", "Japanese word", "空",
            "كلمة يابانية", "تعني السماء",
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
    "quran": (
        4.0,
        _phrases(
            "القرآن", "قرآن", "آيات", "الآيات", "تلاوة", "مصحف", "سورة البقرة",
            "سورة الفاتحة", "سورة الكهف", "سورة يس", "Quran", "Koran", "surah", "ayah",
        ),
    ),
}
# A person called Sora, not the model: these occurrences are not counted as mentions.
_PERSON_PHRASES = _phrases("Sora Amamiya", "Amamiya Sora", "Sora Aoi", "Aoi Sora", "سورا أماميا")

_SORA_TOKEN = re.compile(r"^(?:sora2?|[وفبلك]{0,2}(?:ال)?سورا2?)$")
_SURAH = "سوره"  # fold(سورة): a Quran chapter, unless written right next to OpenAI
_OPENAI_TOKENS = frozenset({"openai", "اوبن"})

_BASE = -2.5
_TITLE_WEIGHT = 2.0
_MENTION_WEIGHT = 1.2
_UNANCHORED_CAP = 0.25
_ANCHORED_PENALTY_CAP = 3.0
_PASSING_CAP = 0.45
_PASSING_MIN_WORDS = 60


class _Doc:
    """Folded, clitic-stripped tokens of a text, and a padded stream for phrase lookups."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.stream = " " + " ".join(self.tokens) + " "

    def count(self, phrases: tuple[str, ...]) -> int:
        return sum(self.stream.count(p) for p in phrases)

    def sora_mentions(self) -> int:
        count = sum(1 for t in self.tokens if _SORA_TOKEN.match(t))
        for i, token in enumerate(self.tokens):
            if token == _SURAH and _OPENAI_TOKENS & set(self.tokens[max(0, i - 3) : i + 4]):
                count += 1
        return max(0, count - self.count(_PERSON_PHRASES))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def assess(title: str, text: str, language: str | None = None) -> Relevance:
    """Decide whether the article is about OpenAI's Sora and whether it reports a Sora leak.

    `language` is accepted for callers that know it; both vocabularies are always checked,
    because Arabic articles name Sora and OpenAI in Latin letters.
    """
    head, body = _Doc(title or ""), _Doc(text or "")
    whole = _Doc(f"{title or ''}\n{text or ''}")
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
    anchored = bool(present & _ANCHORS) or (
        "video-ai" in present and bool(present & {"ai", "ai-ecosystem"})
    )
    penalty = 0.0
    for name, (weight, phrases) in _COUNTER.items():
        if whole.count(phrases):
            signals.append(f"-{name}")
            penalty += weight
    if whole.tokens.count(_SURAH) and "-quran" not in signals:
        signals.append("-surah")
        penalty += 1.5
    # Sora 2 news mentions anime, Nintendo or "sky in Japanese" itself: once the article ties
    # Sora to OpenAI, other Sora-worlds can only weaken it, not outvote it.
    z -= min(penalty, _ANCHORED_PENALTY_CAP) if anchored else penalty
    score = _sigmoid(z)
    if not anchored:
        signals.append("unanchored")
        score = min(score, _UNANCHORED_CAP)
    elif not in_title and mentions == 1 and len(body.tokens) >= _PASSING_MIN_WORDS:
        # Named once in passing ("OpenAI, maker of ChatGPT and Sora, ...") in a story about
        # something else: not an article about Sora.
        signals.append("passing-mention")
        score = min(score, _PASSING_CAP)
    relevant = score >= RELEVANT_AT
    leak = False
    if relevant:
        leak_sentences, title_leak = _leak_evidence(title or "", text or "")
        if leak_sentences or title_leak:
            signals.append(f"leak:{leak_sentences + title_leak}")
        leak = 2 * title_leak + leak_sentences >= 2
    return Relevance(relevant, round(score, 4), leak, tuple(signals))


# --- leak reports ----------------------------------------------------------------------------

_LEAK_TOKEN = re.compile(
    r"^(?:leak(?:s|ed|ing|er|ers|age)?"
    r"|[وفبل]?(?:ال)?(?:تسريب(?:ات|ه)?|تسرب(?:ت)?|يتسرب|مسرب(?:ه|ين|ون)?|سربت|سربوا|يسرب(?:ون)?))$"
)
_LEAK_PHRASES = _phrases(
    "unauthorized access", "unauthorised access", "الوصول غير المصرح", "وصول غير مصرح"
)
_EXPOSED = frozenset({"expose", "exposed", "exposing", "exposes"})
# A leak told without the word: the tool "posted publicly", "opened to the public", "surfaced",
# access "cut off"/"revoked". Launch news uses some of the same words, so such a sentence counts
# only next to what marks an unauthorised release (Hugging Face, stolen credentials, unreleased).
_RELEASE_PHRASES = _phrases(
    "posted publicly", "posted it publicly", "made public", "made it public", "publicly available",
    "publicly accessible", "open to the public", "opened to the public", "to the public",
    "anyone could use", "anyone to use", "without authorization", "without permission",
    "surfaces", "surfaced", "escaped", "cut off access", "cuts off", "revoked", "suspended access",
    "suspends access", "paused access", "took down", "taken down", "للعموم", "للجمهور", "للعالم",
    "متاحا للجميع", "نشرت واجهة", "نشر واجهة", "دون إذن", "بدون إذن", "غير مصرح",
)
_RELEASE_ANCHORS = _phrases(
    "Hugging Face", "HuggingFace", "هاجينج فيس", "هجينج فيس", "هاغينغ فيس", "unreleased",
    "credentials", "stolen", "API key", "API keys", "غير المنشورة", "بيانات اعتماد", "مسروقة",
)
_LEAK_OBJECTS = _phrases(
    "access", "API", "front end", "frontend", "endpoint", "code", "weights", "data", "videos",
    "clips", "model", "tool", "project", "Hugging Face", "الوصول", "واجهة", "كود", "الكود",
    "المصدر", "أوزان", "بيانات", "مقاطع", "فيديو", "الأداة", "المشروع", "المنصة", "النموذج",
    "هاجينج فيس",
)
_NEGATIONS = frozenset(
    "no not never without denied deny denies didn doesn isn hasn haven nor prevent avoid nothing "
    "none nobody fake false fabricated لا لم لن ليس ليست دون بدون عدم نفت نفي ينفي تنفي منع لمنع "
    "تجنب مزيف مزيفه مفبرك مفبركه زائف زائفه كاذب".split()
)
# Whole-sentence denials: "there is no sign that any code was exposed".
_SENTENCE_DENIALS = _phrases(
    "no sign", "no evidence", "no indication", "not true", "لا دليل", "لا يوجد دليل",
    "لا توجد أدلة", "غير صحيح", "غير صحيحة",
)
# A title that debunks a leak ("Fact check: those 'leaked' clips ...") makes the article about a
# claimed leak, not a report of one.
_DEBUNK_TITLE = _phrases(
    "fact check", "fact-check", "hoax", "debunk", "debunked", "fake", "false", "rumor", "rumors",
    "rumour", "rumours", "زائف", "زائفة", "مزيف", "مزيفة", "مفبرك", "مفبركة", "شائعة", "شائعات",
    "كاذب", "كاذبة", "تقصي الحقيقة",
)
# A leak word in scare quotes ('leaked' clips, «تسريب») is somebody else's claim.
_SCARE_QUOTED = re.compile(
    r"[\"'\u201c\u2018\u00ab\u201e]\s?[^\s\"'\u201d\u2019\u00bb]*"
    r"(?:leak|Leak|LEAK|سرب|سريب|تسرب)\S*"
)
_NEGATION_BREAKS = frozenset("who but which بل لكن ولكن وانما".split())
_NEGATION_WINDOW = 3


def _leak_positions(doc: _Doc) -> list[int]:
    """Token positions of leak words that are not negated ("no leaks", "لم يتم تسريب")."""
    found = []
    for i, token in enumerate(doc.tokens):
        if not (_LEAK_TOKEN.match(token) or token in _EXPOSED):
            continue
        if token in _EXPOSED and not doc.count(_LEAK_OBJECTS):
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


def _about_sora(doc: _Doc) -> bool:
    return bool(doc.sora_mentions() or doc.count(_CONTEXT["openai"][1]))


def _leak_evidence(title: str, text: str) -> tuple[int, int]:
    """(leak sentences tied to Sora or what leaked, 1 if the title reports a leak else 0)."""
    if _Doc(title).count(_DEBUNK_TITLE):
        return 0, 0
    head = _Doc(_SCARE_QUOTED.sub(" ", title))
    sentences = [_Doc(_SCARE_QUOTED.sub(" ", s)) for s in split_sentences(text)]
    opening = [head, *sentences[:2]]
    title_leak = int(
        bool(_leak_positions(head))
        or (bool(head.count(_RELEASE_PHRASES)) and any(d.count(_RELEASE_ANCHORS) for d in opening))
    )
    count = 0
    for i, sentence in enumerate(sentences):
        window = sentences[max(0, i - 1) : i + 2]
        if _leak_positions(sentence):
            if any(_about_sora(s) for s in window) or sentence.count(_LEAK_OBJECTS):
                count += 1
        elif sentence.count(_RELEASE_PHRASES) and any(s.count(_RELEASE_ANCHORS) for s in window):
            count += 1
    return count, title_leak
