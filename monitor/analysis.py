"""From a fetched page (or a feed entry whose page failed) to a stored article: the pure step.

`analyze_page` takes plain, picklable data and returns plain, picklable data, so the crawler can
run it in a process pool: extraction is the CPU-bound part of a run.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from functools import lru_cache

from monitor import dedupe
from monitor.articles import DEFAULT_OPTIONS, AnalysisOptions, ArticleAnalysis, ClaimMatch, Page

# Requests pickled before the data classes moved to monitor.articles (in a scrapy-redis queue)
# name them here: FeedEntry stays importable, as the others this module uses do.
from monitor.articles import FeedEntry as FeedEntry
from monitor.claims import load_catalogue
from monitor.extract import extract, skim
from monitor.language import detect_language
from monitor.matcher import RuleMatcher, claim_bank
from monitor.relevance import (
    Relevance,
    assess,
    debunks,
    launch_story,
    names_hugging_face,
    recalls_the_leak,
    set_later,
    story_background,
    tells_another_kind_of_leak,
    warns_of_a_scam,
)
from monitor.safe_text import clean_text
from monitor.seed_translation import translated_seed
from monitor.seedcopy import SEED_LANGUAGE, seed_match
from monitor.semantic import BankSet, Reading, find_leak, leak_bank
from monitor.states import BodySource, Layer
from monitor.text import fold, split_sentences
from monitor.urls import canonicalize, same_site

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@dataclass(frozen=True)
class Decision:
    """Why the analysis concluded what it did about one thing: `subject` is "relevant",
    "leak_report" or a claim id; `layer` what decided it ("" when nothing did: then `sentence`
    is the closest miss, if any), `score` its score, `detail` the signals or the example
    statement the sentence resembled."""

    subject: str
    value: bool
    layer: str
    sentence: str
    score: float
    detail: str


@dataclass(frozen=True)
class TextAnalysis:
    """What the monitor concludes from an article's title and text."""

    language: str | None
    relevant: bool
    relevance_score: float
    relevance_signals: tuple[str, ...]
    leak_report: bool
    seed_similarity: float
    seed_copy: bool
    content_hash: str
    signature: bytes
    band_keys: tuple[str, ...]
    claims: tuple[ClaimMatch, ...]
    decisions: tuple[Decision, ...] = ()


@lru_cache(maxsize=8)
def claim_matcher(options: AnalysisOptions) -> RuleMatcher:
    """One matcher per process and catalogue: loading the catalogue compiles its rules, and the
    semantic banks (the leak's and each claim's) are encoded once, on first use."""
    catalogue = load_catalogue(options.catalogue, options.catalogue_mode)
    banks = BankSet([leak_bank(), *(claim_bank(claim) for claim in catalogue.claims)])
    return RuleMatcher(catalogue, banks)


def _explain(
    verdict: Relevance,
    leak: Decision,
    claims: tuple[ClaimMatch, ...],
    matcher: RuleMatcher,
    reading: Reading | None,
) -> tuple[Decision, ...]:
    decisions = [
        Decision(
            "relevant", verdict.relevant, Layer.LEXICAL, "", verdict.score,
            " ".join(verdict.signals),
        ),
        leak,
    ]
    found = {c.claim_id: c for c in claims}
    for claim in matcher.catalogue.claims:
        match = found.get(claim.id)
        if match is not None:
            decisions.append(
                Decision(claim.id, True, match.layer, match.evidence, match.score, match.detail)
            )
            continue
        near = matcher.closest(claim.id, reading) if reading is not None else None
        why = ""
        if near is not None and matcher.banks is not None:
            needed = matcher.banks.banks[claim.id].threshold_for(near.sentence)
            why = f"needs {needed:.2f}, no other claim closer; closest example: {near.example}"
        decisions.append(
            Decision(
                claim.id, False, "", near.sentence if near else "", near.score if near else 0.0,
                why,
            )
        )
    return tuple(decisions)


def analyze_text(
    title: str | None,
    text: str,
    *,
    declared_language: str | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    explain: bool = False,
) -> TextAnalysis:
    """Language, relevance, leak report, seed copy, duplicate signature and claims of a text.

    Articles about Sora are read twice: by the lexical rules and by meaning (the semantic
    layer), which decides a leak report or a claim only where the rules found none. With
    `explain`, `decisions` says for each verdict which sentence and which layer decided it.
    """
    title = title or ""
    language = detect_language(text if len(text) >= 200 else f"{title}\n{text}", declared_language)
    verdict = assess(title, text, language)
    seed = seed_match(text)
    seed_similarity, seed_copy = seed.similarity, seed.copy
    signature = dedupe.signature(f"{title}\n{text}")
    signals = list(verdict.signals)
    claims: tuple[ClaimMatch, ...] = ()
    leak_report = verdict.leak_report
    leak = Decision(
        "leak_report", leak_report, Layer.LEXICAL if leak_report else "",
        verdict.leak_evidence, 1.0 if leak_report else 0.0, "",
    )
    decisions: tuple[Decision, ...] = ()
    if verdict.relevant:
        matcher = claim_matcher(options)
        sentences = split_sentences(text)
        reading = Reading(title, sentences) if options.semantic else None
        if reading is not None and not seed_copy:
            # A translation of the seed shares no shingle of words with it, and a copy edited
            # in every sentence few: both still say the seed's sentences, one by one.
            translation = translated_seed(reading)
            if translation.copy:
                seed_similarity, seed_copy = translation.similarity, True
                how = "reworded" if language == SEED_LANGUAGE else "translation"
                signals.append(f"seed-{how}:{translation.similarity}")
        # A fact check's "leaked clips" are the claim it checks, not a leak it reports.
        checks = debunks(title, text)
        background = story_background(title, text)
        if reading is not None and not leak_report and matcher.banks is not None and not checks:
            # A sentence of a later story's look back is no report by meaning either.
            finding = find_leak(
                reading,
                matcher.banks,
                recalls=lambda sentence: sentence in background or recalls_the_leak(sentence),
            )
            if finding.leak:
                best = finding.evidence[0]
                leak_report = True
                signals.append(f"leak-semantic:{best.score}")
                leak = Decision(
                    "leak_report", True, Layer.SEMANTIC, best.sentence, best.score, best.example
                )
            elif finding.closest is not None:
                near = finding.closest
                leak = Decision(
                    "leak_report", False, "", near.sentence, near.score,
                    f"closest example: {near.example}",
                )
        # The sentence that tells the leak anchors the story's details, whatever its words;
        # not in a story set later, nor when its leak is of another kind (a key, drafts).
        later = set_later(title, text)

        def anchoring(sentence: str) -> frozenset[str]:
            if not sentence or sentence in background or later:
                return frozenset()
            return frozenset() if tells_another_kind_of_leak(sentence) else frozenset({sentence})

        said = anchoring(leak.sentence) if leak.value else frozenset()
        claims = tuple(matcher.match(title, text, language, reading, leak_report, said))
        story, read_again = claims, False
        told_so_far = verdict.leak_sentences >= 1 or _tells_an_event(claims, matcher)
        # Named Hugging Face, the place, with no leak sentence and no event found: the event
        # must then be told in one sentence of its own, not pieced together from two ("has an
        # account on Hugging Face. Last month he published a model there").
        by_the_place = not leak_report and not told_so_far and names_hugging_face(text)
        if not leak_report and (told_so_far or by_the_place):
            # Read as a report would be (the story's details farther from the leak's name, or
            # across two sentences), by the rules alone, to see whether the story is told: a
            # podcast may name Sora once, minutes before "they built a little interface on
            # Hugging Face".
            said = anchoring(verdict.leak_evidence)
            story = tuple(matcher.match(title, text, language, None, True, said))
            read_again = True
        if by_the_place:
            whole = {title, *sentences}
            story = tuple(
                c for c in story
                if c.evidence in whole or not matcher.catalogue.get(c.claim_id).leak_event
            )
        told, evidence = _leak_story_told(
            verdict, story, matcher, background, launch_story(title),
            checks and not later and not warns_of_a_scam(title),
        )
        if not leak_report and told:
            # One leak sentence past the opening is a reminder ("after the leak, OpenAI ..."),
            # unless the article goes on to tell the leak's story (where, who, how long): a
            # report that opens on something else (the letter, the valuation, Sora's history),
            # one that tells the event without ever calling it a leak, or a fact check that
            # corrects a detail ("not the source code") and confirms the rest.
            leak_report = True
            signals.append("leak-story:" + ",".join(told))
            why = (
                "a leak sentence, and" if verdict.leak_evidence
                else "a fact check, but" if checks
                else "no leak word, but"
            )
            leak = Decision(
                "leak_report", True, Layer.LEXICAL, evidence, 1.0,
                f"{why} the leak's story told: " + ", ".join(told),
            )
            claims = tuple(matcher.match(title, text, language, reading, leak_report, said))
        elif background and read_again:
            # A story set later that recalls the leak in a passage still says what it recalls:
            # read that passage as a report's details are read (across its two sentences).
            have = {c.claim_id for c in claims}
            recalled = [
                c for c in story
                if c.claim_id not in have and _in_background(c.evidence, background)
            ]
            claims = tuple(sorted((*claims, *recalled), key=lambda c: c.claim_id))
        if later:
            claims = _not_of_a_later_leak(claims, matcher, background, sentences)
        if explain:
            decisions = _explain(verdict, leak, claims, matcher, reading)
    elif explain:
        decisions = (
            Decision(
                "relevant", False, Layer.LEXICAL, "", verdict.score, " ".join(verdict.signals)
            ),
        )
    return TextAnalysis(
        language=language,
        relevant=verdict.relevant,
        relevance_score=round(verdict.score, 4),
        relevance_signals=tuple(signals),
        leak_report=leak_report,
        seed_similarity=round(seed_similarity, 4),
        seed_copy=seed_copy,
        content_hash=dedupe.content_hash(text),
        signature=signature.to_bytes(),
        band_keys=tuple(dedupe.band_keys(signature)),
        claims=claims,
        decisions=decisions,
    )


# Claims of the leak's story that a mere reminder of the leak does not tell.
_STORY_CLAIMS_NEEDED = 2
# Without any leak sentence ("someone published a Space that acted as a front end to Sora"),
# the story is the report when it says where or how it happened and two more of its details.
_UNNAMED_STORY_CLAIMS_NEEDED = 3


def _tells_an_event(claims: tuple[ClaimMatch, ...], matcher: RuleMatcher) -> bool:
    """Whether the rules found the leak itself told (where or how), with or without the word."""
    events = {c.id for c in matcher.catalogue.claims if c.leak_event}
    return any(c.claim_id in events and c.layer == Layer.LEXICAL for c in claims)


def _leak_story_told(
    verdict: Relevance,
    claims: tuple[ClaimMatch, ...],
    matcher: RuleMatcher,
    background: frozenset[str],
    launched: bool = False,
    checked: bool = False,
) -> tuple[tuple[str, ...], str]:
    """The leak-story claims the rules found, when there are enough of them (beside a leak
    sentence, or telling the event itself) to make the article a report of the leak, and the
    sentence that shows it (the leak sentence, or the event's); else ((), ""). In a story
    whose headline is a launch (`launched`), one leak sentence must not tell them all alone."""
    story = {c.id: c for c in matcher.catalogue.claims if c.leak_story}
    # A launch dated by the leak ("two weeks after testers opened it on Hugging Face, a stunt
    # OpenAI shut") carries claims of its own: the story must be told elsewhere.
    found = [
        c for c in claims
        if c.claim_id in story
        and c.layer == Layer.LEXICAL
        and not _in_background(c.evidence, background)
    ]
    if verdict.leak_sentences >= 1:
        # In a launch story, one sentence past the opening that tells the whole episode ("two
        # weeks ago artists briefly made the model usable by anyone through a page on Hugging
        # Face, in protest at unpaid labour") is a reminder: a report goes on to tell it.
        told_in = {c.evidence for c in found}
        if launched and verdict.leak_sentences == 1 and told_in == {verdict.leak_evidence}:
            return (), ""
        if len(found) >= _STORY_CLAIMS_NEEDED:
            return tuple(c.claim_id for c in found), verdict.leak_evidence
        return (), ""
    events = [c for c in found if story[c.claim_id].leak_event]
    # A fact check of the leak's own days that corrects its framing ("هل سُرّب الكود المصدري؟
    # مضلل") and says what happened (where, and who) has told the story.
    needed = _STORY_CLAIMS_NEEDED if checked else _UNNAMED_STORY_CLAIMS_NEEDED
    if events and len(found) >= needed:
        return tuple(c.claim_id for c in found), events[0].evidence
    return (), ""


# What ties a sentence to the November 2024 leak rather than to a later one: its place, its
# people, its year, its page.
_FIRST_LEAK = re.compile(
    r"\b(?:hugging ?face|2024|november|artists?|testers?|protest\w*|alpha|early[- ]access"
    r"|front ?end|the page|video_gen|backend|first leak|earlier leak"
    r"|before its launch|before launch)\b|هاجينج|هاغينغ|هاجنج|هاقنق|نوفمبر|الوصول المبكر"
    r"|التسريب الاول"
    # Arabic words from their start (after a clitic or the article): not تواجه (faces).
    r"|(?:^|[\s«\"'(])[وفبلك]?(?:ال)?(?:فنان|مختبر|احتجاج|صفح|واجه)",
    re.IGNORECASE,
)


_FIRST_LEAK_REACH = 4  # sentences before the evidence that may name the first leak


def _not_of_a_later_leak(
    claims: tuple[ClaimMatch, ...],
    matcher: RuleMatcher,
    background: frozenset[str],
    sentences: list[str],
) -> tuple[ClaimMatch, ...]:
    """In a story set later (Sora 2, the app, 2025 on), the clips that spread on X, their
    length, the hours until a shutdown and the leakers' anonymity are the later story's own
    ("clips from Sora 2 ... reposted on X", "uploaded by an anonymous account") unless the
    sentence recalls the first leak, or it or the four before it name its place, people or year
    ("... a page on Hugging Face. OpenAI shut it down after about three hours.")."""
    events = {
        c.id
        for c in matcher.catalogue.claims
        if c.leak_story and c.kind in ("event", "figure", "detail")
    }

    def of_the_first(evidence: str) -> bool:
        if _in_background(evidence, background) or _FIRST_LEAK.search(fold(evidence)):
            return True
        at = next((i for i, s in enumerate(sentences) if evidence.startswith(s)), None)
        before = sentences[max(0, at - _FIRST_LEAK_REACH) : at] if at is not None else []
        return any(_FIRST_LEAK.search(fold(s)) for s in before)

    return tuple(c for c in claims if c.claim_id not in events or of_the_first(c.evidence))


def _in_background(evidence: str, background: frozenset[str]) -> bool:
    """Whether evidence (a sentence, or two joined) recalls the leak or is told in a passage
    that does."""
    return recalls_the_leak(evidence) or any(
        evidence == s or evidence.startswith(s + " ") or evidence.endswith(" " + s)
        for s in background
    )


def html_to_text(fragment: str | None) -> str:
    """Plain text from a feed summary, which may hold HTML (and entities, and junk)."""
    if not fragment:
        return ""
    text = _TAGS.sub(" ", fragment)
    text = html_lib.unescape(text)
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def clean_title(title: str | None) -> str | None:
    """A title as plain, printable text: tags, entities, control and bidi characters removed.

    Pages and feeds put markup and worse in titles; what is stored is text only, and every
    output escapes it again for its medium.
    """
    if not title:
        return None
    return clean_text(html_to_text(title), max_len=500) or None


# The longest long-form articles run to ~60,000 characters. Past this, a "body" is a page that
# is not an article (or one built to stall the analysis, which costs ~5 µs a character): it is
# cut at the last paragraph break before the limit, for storage and analysis alike.
MAX_BODY_CHARS = 100_000


def clean_body(text: str) -> str:
    """Body text without control characters (newlines between paragraphs are kept), at most
    MAX_BODY_CHARS long."""
    text = _CONTROL.sub("", text).strip()
    if len(text) > MAX_BODY_CHARS:
        cut = text.rfind("\n", 0, MAX_BODY_CHARS)
        text = text[: cut if cut > MAX_BODY_CHARS // 2 else MAX_BODY_CHARS].rstrip()
    return text


def _choose_canonical(page: Page, declared: str | None) -> str:
    """The page's own canonical link when it is a plain http(s) URL on the same site, else the
    fetched URL. A canonical on another site would let any page take another site's article's
    place (stored under its URL, that article would never be fetched)."""
    if declared:
        candidate = declared.strip()
        if candidate.lower().startswith(("http://", "https://")) and same_site(
            candidate, page.final_url
        ):
            return canonicalize(candidate)
    return canonicalize(page.final_url)


# Sora in Arabic script, diacritics or tatweel allowed between the letters; سورة/سوره too,
# which careless writing puts next to OpenAI. A match sends a page to the full analysis: a
# "Soraya" or a surah costs an extraction, a page about Sora is never skimmed.
_ARABIC_SORA = re.compile(
    r"س[\u064b-\u065f\u0640]*و[\u064b-\u065f\u0640]*ر[\u064b-\u065f\u0640]*[اةه]"
)
# Arabic letters written as numeric character references (&#1587; is س).
_ARABIC_REFERENCE = re.compile(r"&#(?:1[5-7]\d\d|[xX]0*6[0-9a-fA-F]{2});")


# OpenAI's video model named by what it is, not by name ("OpenAI's unreleased video
# generator", "أداة الفيديو من OpenAI"): relevance.py reads it as Sora.
_OPENAI_VIDEO = re.compile(
    r"(?:openai|open ai|[اأ]وبن\s?[اإأ]ي)[^<>]{0,80}(?:video|فيديو)"
    r"|(?:video|فيديو)[^<>]{0,80}(?:openai|open ai|[اأ]وبن\s?[اإأ]ي)",
    re.IGNORECASE,
)


def names_sora(*texts: str | None) -> bool:
    """Whether any of the texts (a page's HTML, a feed entry's title and summary) names Sora,
    in either script, or OpenAI's video model: what a page must do to be about Sora at all.
    Fast on large pages (substring tests first; a regular expression only where they pass)."""
    for text in texts:
        if not text:
            continue
        lowered = text.lower()
        if "sora" in lowered:
            return True
        if ("openai" in lowered or "وبن" in text) and (
            "video" in lowered or "فيديو" in text
        ) and _OPENAI_VIDEO.search(text):
            return True
        if "\u0633" in text and _ARABIC_SORA.search(text):
            return True
        if _ARABIC_REFERENCE.search(text) and _ARABIC_SORA.search(html_lib.unescape(text)):
            return True
    return False


def needs_extraction(page: Page) -> bool:
    """Whether `analyze_page` will extract the page (the costly part) rather than skim it."""
    feed = page.feed
    return page.html is not None and names_sora(
        page.html, feed.title if feed else None, feed.summary if feed else None
    )


SKIM_LANGUAGE_CHARS = 400


def _skimmed(title: str | None, text: str, declared_language: str | None) -> TextAnalysis:
    """The analysis of a page that never names Sora: it cannot be relevant, a leak report, a
    copy of the seed or carry a claim, so only its language and an exact-copy hash are worked
    out (no near-duplicate signature: clusters are stories about Sora)."""
    # The opening settles the language of a page nobody will read for Sora (a shorter sample
    # than the full analysis reads: a third of the time).
    sample = f"{title or ''}\n{text}"[:SKIM_LANGUAGE_CHARS]
    return TextAnalysis(
        language=detect_language(sample, declared_language),
        relevant=False,
        relevance_score=0.0,
        relevance_signals=("no-sora",),
        leak_report=False,
        seed_similarity=0.0,
        seed_copy=False,
        content_hash=dedupe.content_hash(f"{title or ''}\n{text}"),
        signature=b"",
        band_keys=(),
        claims=(),
    )


def analyze_page(
    page: Page, options: AnalysisOptions = DEFAULT_OPTIONS
) -> ArticleAnalysis | None:
    """Extract and analyse one page; None when there is nothing worth storing.

    A page that never names Sora (nor does its feed entry) is skimmed, not extracted: it cannot
    be about Sora, and what reports and exact-copy checks need comes from its markup.
    """
    feed = page.feed
    feed_title = html_to_text(feed.title) if feed and feed.title else None
    feed_summary = html_to_text(feed.summary) if feed else ""
    urls = {page.url, canonicalize(page.final_url)}
    if feed is not None:
        urls.add(canonicalize(feed.link))

    outlet = feed.outlet if feed else None
    skimming = page.html is not None and not needs_extraction(page)
    if page.html is not None:
        extracted = skim(page.html, page.final_url) if skimming else extract(
            page.html, page.final_url
        )
        outlet = extracted.site_name or outlet
        canonical = _choose_canonical(page, extracted.canonical_url)
        body = extracted.text
        body_source = BodySource.SKIMMED if skimming else BodySource.PAGE
        if not body and feed_summary:
            body, body_source = feed_summary, BodySource.FEED
        title = extracted.title or feed_title
        published = extracted.published_at or (feed.published_at if feed else None)
        author = extracted.author or (feed.author if feed else None)
        outlinks, declared = extracted.outlinks, extracted.declared_language
    else:
        canonical = page.url
        body, body_source = feed_summary, BodySource.FEED
        title = feed_title
        published = feed.published_at if feed else None
        author = feed.author if feed else None
        outlinks, declared = (), (feed.language if feed else None)

    title = clean_title(title)
    author = clean_title(author)
    outlet = clean_title(outlet)
    body = clean_body(body)
    if not body and not title:
        return None
    urls.add(canonical)
    hint = declared or (feed.language if feed else None)
    if skimming:
        found = _skimmed(title, body, hint)
    else:
        found = analyze_text(title, body, declared_language=hint, options=options)
    return ArticleAnalysis(
        canonical_url=canonical,
        urls=tuple(sorted(urls)),
        source=feed.source if feed else None,
        title=title,
        body=body,
        body_source=body_source,
        author=author,
        published_at=published,
        fetched_at=page.fetched_at if page.html is not None else None,
        fetch_status=page.fetch_status,
        fetch_error=page.error,
        outlinks=outlinks,
        declared_language=declared,
        outlet=outlet[:200] if outlet else None,
        provenance_url=feed.provenance if feed else None,
        language=found.language,
        relevant=found.relevant,
        relevance_score=found.relevance_score,
        relevance_signals=found.relevance_signals,
        leak_report=found.leak_report,
        seed_similarity=found.seed_similarity,
        seed_copy=found.seed_copy,
        content_hash=found.content_hash,
        signature=found.signature or None,
        band_keys=found.band_keys,
        claims=found.claims,
    )
