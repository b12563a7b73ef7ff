"""Find which catalogue claims an article carries, sentence by sentence, with evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from monitor.claims import GAP, MAX_GAP, Catalogue, Claim, LanguageRules, Term
from monitor.figures import Figure, find_figures
from monitor.text import fold, split_sentences, strip_clitics

__all__ = ["ClaimMatch", "ClaimMatcher", "RuleMatcher"]


@dataclass(frozen=True)
class ClaimMatch:
    """An article carries `claim_id`: `evidence` is the sentence as written, `variant` the
    normalised figure it used ("" when the claim has none), `score` a confidence in (0, 1]."""

    claim_id: str
    evidence: str
    variant: str
    score: float


class ClaimMatcher(Protocol):
    """Anything that finds claims in an article (rules today, embeddings perhaps tomorrow)."""

    def match(self, title: str, text: str, language: str | None) -> list[ClaimMatch]: ...


_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[a-z]")
# Single-letter proclitics (و ف ب ك ل س) that text.strip_clitics leaves alone because they
# begin too many stems; trying them is safe here, since a form only counts when it equals a
# catalogue term.
_PROCLITICS = "وفبكلس"
# و/ف + a negation particle (ولم، فلا): too short for the clitic rule above, and the negation
# is what terms such as "لم يفصح*" look for.
_JOINED_NEGATIONS = frozenset({"ولم", "فلم", "ولن", "فلن", "ولا", "فلا"})
# Closing quotes and brackets that may follow a sentence's final punctuation.
_CLOSERS = " \t\"'»”’)]"


@lru_cache(maxsize=65536)
def _forms(token: str) -> frozenset[str]:
    forms = {token, strip_clitics(token)}
    if _ARABIC_LETTER.match(token):
        rest = token
        for _ in range(2):
            if len(rest) > 3 and rest[0] in _PROCLITICS:
                rest = rest[1:]
                forms.update((rest, strip_clitics(rest)))
        if token.startswith("لل") and len(token) > 4:
            forms.add(token[2:])
        if token in _JOINED_NEGATIONS:
            forms.add(token[1:])
    return frozenset(forms)


class _Sentence:
    """One sentence prepared for matching: folded text, tokens with their forms, figures."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        # A question asks about a claim ("Did Sora's source code leak?"), it does not assert it.
        self.question = text.rstrip(_CLOSERS).endswith(("?", "؟"))
        self.tokens = [_forms(t) for t in _WORD.findall(self.folded)]
        self.all_forms = set().union(*self.tokens) if self.tokens else set()
        self.prefixes = {f[:i] for f in self.all_forms for i in range(1, len(f) + 1)}
        self._figures: list[Figure] | None = None
        self._seen: dict[int, bool] = {}
        arabic = len(_ARABIC_LETTER.findall(self.folded))
        latin = len(_LATIN_LETTER.findall(self.folded))
        # Latin names (Sora, OpenAI, Hugging Face) are common in Arabic sentences.
        self.languages = {"ar"} if arabic >= 0.3 * (arabic + latin) and arabic else set()
        if latin and not arabic:
            self.languages.add("en")

    @property
    def figures(self) -> list[Figure]:
        if self._figures is None:
            self._figures = find_figures(self.text)
        return self._figures

    def has_form(self, word: str) -> bool:
        if word.endswith("*"):
            return word[:-1] in self.prefixes
        return word in self.all_forms

    def has_term(self, term: Term) -> bool:
        # Asked again and again (anchors of neighbouring sentences, terms shared by claims).
        key = id(term)
        if key not in self._seen:
            self._seen[key] = self._has_term(term)
        return self._seen[key]

    def _has_term(self, term: Term) -> bool:
        words = term.words
        if not all(w == GAP or self.has_form(w) for w in words):
            return False
        if len(words) == 1:
            return True
        return any(self._match_at(words, 0, p) for p in range(len(self.tokens)))

    def _match_at(self, words: Sequence[str], k: int, p: int) -> bool:
        if k == len(words):
            return True
        word = words[k]
        if word == GAP:
            return any(
                self._match_at(words, k + 1, q)
                for q in range(p, min(p + MAX_GAP, len(self.tokens)) + 1)
            )
        if p >= len(self.tokens) or not _word_matches(word, self.tokens[p]):
            return False
        return self._match_at(words, k + 1, p + 1)

    def has_any(self, terms: Iterable[Term]) -> bool:
        return any(self.has_term(t) for t in terms)

    def satisfies(self, group: _Group) -> bool:
        return (
            not self.all_forms.isdisjoint(group.words)
            or not self.prefixes.isdisjoint(group.prefixes)
            or self.has_any(group.phrases)
        )


@dataclass(frozen=True)
class _Group:
    """A term group split for speed: one-word terms as sets (exact words and prefixes), the
    phrases as terms."""

    words: frozenset[str]
    prefixes: frozenset[str]
    phrases: tuple[Term, ...]

    @classmethod
    def of(cls, terms: Iterable[Term]) -> _Group:
        single = [t.words[0] for t in terms if len(t.words) == 1]
        return cls(
            frozenset(w for w in single if not w.endswith("*")),
            frozenset(w[:-1] for w in single if w.endswith("*")),
            tuple(t for t in terms if len(t.words) > 1),
        )


def _word_matches(word: str, forms: frozenset[str]) -> bool:
    if word.endswith("*"):
        prefix = word[:-1]
        return any(f.startswith(prefix) for f in forms)
    return word in forms


class RuleMatcher:
    """The data-driven matcher: the catalogue's term groups, patterns, anchors and figures."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._groups = {
            (claim.id, lang): tuple(_Group.of(g.terms) for g in rules.require)
            for claim in catalogue.claims
            for lang, rules in claim.rules.items()
        }

    def __reduce__(self) -> tuple[type[RuleMatcher], tuple[Catalogue]]:
        # Picklable for process pools: rebuilt from the catalogue on the other side.
        return (RuleMatcher, (self.catalogue,))

    def match(self, title: str, text: str, language: str | None) -> list[ClaimMatch]:
        """At most one match per claim (its best evidence), sorted by claim id."""
        title_sentence = _Sentence(title or "")
        sentences = [_Sentence(s) for s in split_sentences(text or "")]
        # The title can carry a claim too; it is also every sentence's context for anchors.
        candidates = ([title_sentence] if title_sentence.tokens else []) + sentences
        best: dict[str, ClaimMatch] = {}
        about: dict[tuple[str, ...], bool] = {}
        for claim in self.catalogue.claims:
            for index, sentence in enumerate(candidates):
                langs = _languages(sentence, language, claim)
                for lang in langs:
                    rules = claim.rules[lang]
                    if not _about(rules, candidates, about):
                        continue
                    found = self._match_sentence(
                        claim, lang, rules, candidates, index, title_sentence
                    )
                    if found and (claim.id not in best or _rank(found) > _rank(best[claim.id])):
                        best[claim.id] = found
        return sorted(best.values(), key=lambda m: m.claim_id)

    def _match_sentence(
        self,
        claim: Claim,
        lang: str,
        rules: LanguageRules,
        sentences: list[_Sentence],
        index: int,
        title: _Sentence,
    ) -> ClaimMatch | None:
        sentence = sentences[index]
        if sentence.question:
            return None
        groups = self._groups[(claim.id, lang)]
        by_groups = bool(groups) and all(sentence.satisfies(g) for g in groups)
        by_pattern = any(p.search(sentence.folded) for p in rules.patterns)
        if not (by_groups or by_pattern):
            return None
        if sentence.has_any(rules.exclude) or any(
            p.search(sentence.folded) for p in rules.exclude_patterns
        ):
            return None
        anchor_here = not rules.anchor or sentence.has_any(rules.anchor)
        if not anchor_here:
            # window = 0 asks for the anchor in the sentence itself, not even in the title.
            context = sentences[max(0, index - rules.window) : index]
            if rules.window:
                context.append(title)
            if not any(s.has_any(rules.anchor) for s in context):
                return None
        variant, figure_found = _variant(claim, rules, sentence)
        if variant is None:
            return None
        score = 0.6 + (0.2 if anchor_here else 0.0)
        score += 0.1 if (figure_found or by_pattern) else 0.0
        score += 0.1 if (by_groups and by_pattern) or _strong(rules, sentence) else 0.0
        return ClaimMatch(claim.id, sentence.text, variant, round(min(score, 1.0), 2))


def _rank(match: ClaimMatch) -> tuple[float, int]:
    """Better evidence first by score, then by how many of the claim's figures it states."""
    return (match.score, len(match.variant.split(", ")) if match.variant else 0)


def _about(
    rules: LanguageRules, sentences: list[_Sentence], cache: dict[tuple[str, ...], bool]
) -> bool:
    """Whether the article mentions one of the rules' article anchors (cached per article)."""
    if not rules.article_anchor:
        return True
    key = tuple(t.source for t in rules.article_anchor)
    if key not in cache:
        cache[key] = any(s.has_any(rules.article_anchor) for s in sentences)
    return cache[key]


def _languages(sentence: _Sentence, language: str | None, claim: Claim) -> list[str]:
    # The sentence's script picks its rules; the article's language adds its own (an Arabic
    # article's Latin-only sentence is still read with the Arabic rules). Without a language
    # and without letters to go by, every language's rules run.
    wanted = set(sentence.languages)
    if language is None:
        if not wanted:
            wanted.update(claim.rules)
    elif language in claim.rules:
        wanted.add(language)
    return [lang for lang in claim.rules if lang in wanted]


def _strong(rules: LanguageRules, sentence: _Sentence) -> bool:
    """Two different terms of some group: more than a passing mention."""
    return any(sum(sentence.has_term(t) for t in g.terms) >= 2 for g in rules.require)


def _variant(claim: Claim, rules: LanguageRules, sentence: _Sentence) -> tuple[str | None, bool]:
    """The claim's variant in this sentence; None when its figures rule the sentence out."""
    if not claim.figures:
        return "", False
    parts: list[str] = []
    satisfied = 0
    for spec in claim.figures:
        same_unit = [f for f in sentence.figures if f.unit == spec.unit]
        accepted = [f for f in same_unit if spec.accepts(f)]
        if accepted:
            parts.append(spec.variant(accepted[0]))
            satisfied += 1
        elif same_unit:
            return None, False  # the sentence states a different figure: another fact
        elif spec.required:
            if not sentence.has_any(rules.implied):
                return None, False
            parts.append(spec.expected)
    if not any(spec.required for spec in claim.figures) and not satisfied:
        return None, False
    return ", ".join(parts), satisfied > 0
