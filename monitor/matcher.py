"""Find which catalogue claims an article carries, sentence by sentence, with evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from monitor.articles import ClaimMatch
from monitor.claims import GAP, MAX_GAP, Catalogue, Claim, LanguageRules, Term
from monitor.figures import Figure, find_figures
from monitor.semantic import NEGATED_EXTRA, Bank, BankSet, Reading, Resemblance, denies
from monitor.states import Layer
from monitor.text import fold, split_sentences, strip_clitics

__all__ = ["ClaimMatch", "ClaimMatcher", "Layer", "RuleMatcher", "claim_bank"]

# The similarity a sentence must reach to carry a claim that the catalogue does not calibrate
# (a user's claim given as one sentence).
DEFAULT_THRESHOLD = 0.6


class ClaimMatcher(Protocol):
    """Anything that finds claims in an article."""

    def match(
        self, title: str, text: str, language: str | None, reading: Reading | None = None
    ) -> list[ClaimMatch]: ...


def claim_bank(claim: Claim) -> Bank:
    """What the semantic layer compares sentences with for `claim`."""
    return Bank(claim.id, claim.statements, claim.counters, claim.threshold or DEFAULT_THRESHOLD)


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
_CLOSERS = " \t\"'»”’)]*"


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
        if token.startswith("هال") and len(token) > 5:
            # The spoken demonstrative ("هالفنانين", these artists) before a noun.
            forms.update((token[3:], "ال" + token[3:]))
    return frozenset(forms)


_QUESTION_THEN_SITE = re.compile(r"[?؟]\s*[|–—]\s*[^?؟|]{1,60}$")
# A headline that asks, then goes on: "Was Sora's Source Code Leaked? Everything You Need to
# Know". What it asks is the part up to the question mark.
_ASKED_FIRST = re.compile(r"^([^?؟]{8,}[?؟])\s+\S")
# Only a yes-or-no question asks its claim ("Was Sora's code leaked?"); "Who leaked Sora?
# Artists from its own programme" tells it, and so does "Is Sora a threat? Absolutely, ...".
_AUXILIARIES = "was|were|is|are|did|does|do|has|have|can|could|will|would|should|هل"
_WH_WORDS = "who|what|why|how|when|where|which"
_YES_OR_NO = re.compile(rf"\b(?:{_AUXILIARIES})\b", re.IGNORECASE)
_ASKS_WHO = re.compile(rf"^\W*(?:{_WH_WORDS}|من|ماذا|لماذا|كيف|متى|اين|أين)\b", re.IGNORECASE)
# A headline that asks and answers no at once: "Sora SOURCE CODE LEAKED?! (no... here's what
# actually happened)".
_ANSWERED_NO = re.compile(r"[?؟][!?؟]*\s*[(\[—–-]?\s*(?:no|nope|لا)\b", re.IGNORECASE)
_ANSWERED_YES = re.compile(
    r"^\W*(?:yes|yep|absolutely|indeed|definitely|of course|نعم|اجل|أجل|بالتاكيد|طبعا)\b",
    re.IGNORECASE,
)


# "Sora source code leaked?": a yes-or-no question without its auxiliary, a few words around a
# participle (not "Unpaid R&D? Artists leak Sora ...", "A $157bn company? Artists say ...").
_ELLIPTICAL = re.compile(r"^\W*(?:\S+\s+){1,5}\S*(?:ed|en)\W*[?؟]$", re.IGNORECASE)


def _asks_first(text: str) -> re.Match[str] | None:
    """The question a headline asks before it goes on, when it asks its claim."""
    asked = _ASKED_FIRST.match(text)
    if asked is None or _ASKS_WHO.match(asked.group(1)):
        return None
    if not _YES_OR_NO.search(asked.group(1)) and not _ELLIPTICAL.match(asked.group(1)):
        return None
    return None if _ANSWERED_YES.match(text[asked.end(1) :]) else asked


class _Sentence:
    """One sentence prepared for matching: folded text, tokens with their forms, figures."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        # A question asks about a claim ("Did Sora's source code leak?"), it does not assert it.
        # A headline's question may come before its site's name: "... ؟ | مرصد تحقق".
        # "Remember when testers put Sora on Hugging Face?" asks nothing: it recalls.
        self.question = (
            text.rstrip(_CLOSERS).rstrip("!").endswith(("?", "؟"))
            or bool(_QUESTION_THEN_SITE.search(text))
            or bool(_asks_first(text))
            or bool(_ANSWERED_NO.search(text))
        ) and not (
            _REMEMBER.match(self.folded)
            or _TENTATIVE_FIGURE.search(self.folded)
            or (_HEDGED_FIGURE.search(self.folded) and not _ASKING_OPENING.match(self.folded))
        )
        self.tokens = [_forms(t) for t in _WORD.findall(self.folded)]
        self.all_forms = set().union(*self.tokens) if self.tokens else set()
        self.prefixes = {f[:i] for f in self.all_forms for i in range(1, len(f) + 1)}
        self._figures: list[Figure] | None = None
        self._seen: dict[int, bool] = {}
        # Set by the matcher: the sentence that tells the leak, without a word the catalogue's
        # anchors name ("they made a little site and opened it to the whole world").
        self.tells_leak = False
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
        found = self._seen.get(id(term))
        if found is None:
            found = self._seen[id(term)] = self._has_term(term)
        return found

    def _has_term(self, term: Term) -> bool:
        words = term.words
        # Every word somewhere in the sentence first (has_form, inlined: ~100,000 calls an
        # article), then in order.
        for w in words:
            if w == GAP:
                continue
            if w.endswith("*"):
                if w[:-1] not in self.prefixes:
                    return False
            elif w not in self.all_forms:
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

    def has_any(self, terms: tuple[Term, ...]) -> bool:
        # Only the terms whose first word the sentence has can be in it (of an anchor list's
        # dozens, most sentences have none).
        index = _index(terms)
        for t in index.gapped:
            if self.has_term(t):
                return True
        for word in index.exact_firsts.intersection(self.all_forms):
            for t in index.exact[word]:
                if self.has_term(t):
                    return True
        for prefix in index.prefix_firsts.intersection(self.prefixes):
            for t in index.prefix[prefix]:
                if self.has_term(t):
                    return True
        return False

    def satisfies(self, group: _Group) -> bool:
        if not self.all_forms.isdisjoint(group.words) or not self.prefixes.isdisjoint(
            group.prefixes
        ):
            return True
        return self.has_any(group.phrases)


@dataclass(frozen=True)
class _Group:
    """A term group split for speed: one-word terms as sets (exact words and prefixes), and the
    phrases as terms (looked up by their first word, as every term list is: `_TermIndex`)."""

    words: frozenset[str]
    prefixes: frozenset[str]
    phrases: tuple[Term, ...]

    @classmethod
    def of(cls, terms: Iterable[Term]) -> _Group:
        terms = tuple(terms)
        single = [t.words[0] for t in terms if len(t.words) == 1]
        return cls(
            frozenset(w for w in single if not w.endswith("*")),
            frozenset(w[:-1] for w in single if w.endswith("*")),
            tuple(t for t in terms if len(t.words) > 1),
        )


class _TermIndex:
    """Terms by their first word (exact, or a prefix for a `*` word); terms that start with a
    gap, which any sentence may hold."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self.exact: dict[str, list[Term]] = {}
        self.prefix: dict[str, list[Term]] = {}
        self.gapped: list[Term] = []
        for term in terms:
            first = next((w for w in term.words if w != GAP), None)
            if first is None or term.words[0] == GAP:
                self.gapped.append(term)
            elif first.endswith("*"):
                self.prefix.setdefault(first[:-1], []).append(term)
            else:
                self.exact.setdefault(first, []).append(term)
        self.exact_firsts = frozenset(self.exact)
        self.prefix_firsts = frozenset(self.prefix)


# Per term tuple, by identity (the index keeps its tuple alive, so an id is not reused while it
# is here); bounded, for processes that load many catalogues.
_INDEXES: dict[int, _TermIndex] = {}
_MAX_INDEXES = 4096


def _index(terms: tuple[Term, ...]) -> _TermIndex:
    index = _INDEXES.get(id(terms))
    if index is None or index.terms is not terms:
        if len(_INDEXES) >= _MAX_INDEXES:
            _INDEXES.clear()
        index = _INDEXES[id(terms)] = _TermIndex(terms)
    return index


def _word_matches(word: str, forms: frozenset[str]) -> bool:
    if word.endswith("*"):
        prefix = word[:-1]
        return any(f.startswith(prefix) for f in forms)
    return word in forms


class RuleMatcher:
    """The data-driven matcher: the catalogue's term groups, patterns, anchors and figures."""

    def __init__(self, catalogue: Catalogue, banks: BankSet | None = None) -> None:
        self.catalogue = catalogue
        self.banks = banks
        # Per rule set (by identity; the catalogue keeps every one alive).
        self._groups = {
            id(variant): tuple(_Group.of(g.terms) for g in variant.require)
            for claim in catalogue.claims
            for rules in claim.rules.values()
            for variant in rules.variants
        }

    def __reduce__(self) -> tuple[type[RuleMatcher], tuple[Catalogue]]:
        # Picklable for process pools: rebuilt from the catalogue on the other side.
        return (RuleMatcher, (self.catalogue,))

    def match(
        self,
        title: str,
        text: str,
        language: str | None,
        reading: Reading | None = None,
        leak_report: bool = False,
        leak_sentences: frozenset[str] = frozenset(),
    ) -> list[ClaimMatch]:
        """At most one match per claim (its best evidence), sorted by claim id.

        With a `reading` (the article's sentences encoded by meaning), a claim the lexical rules
        did not find is looked for by meaning too; a claim told only of the leak, only when the
        article is a `leak_report`. `leak_sentences`, those that tell the leak (found by the
        caller), anchor the leak's details as its words do.
        """
        taken: set[str] = set()
        best = self._lexical(title, text, language, leak_report, taken, leak_sentences)
        if reading is not None and self.banks is not None:
            title_sentence = _Sentence(title or "")
            for claim in self.catalogue.claims:
                if claim.id in best or claim.id not in self.banks.banks:
                    continue
                if claim.leak_story and not leak_report:
                    continue
                # A sentence the rules read as one claim is that claim's evidence, not another's
                # by meaning ("The people who leaked Sora were not hackers" tells who leaked, not
                # that they hid their names); events, figures and dates share sentences.
                found = self._semantic(
                    claim, reading, title_sentence, set() if claim.kind in _SHARED else taken
                )
                if found is not None:
                    best[claim.id] = found
        return sorted(best.values(), key=lambda m: m.claim_id)

    def closest(self, claim_id: str, reading: Reading) -> Resemblance | None:
        """The sentence that comes closest to the claim by meaning (for explanations)."""
        if self.banks is None or claim_id not in self.banks.banks:
            return None
        found = self.banks.resemblances(reading, claim_id)
        return max(found, key=lambda r: r.score) if found else None

    def _semantic(
        self,
        claim: Claim,
        reading: Reading,
        title: _Sentence,
        taken: frozenset[str] | set[str] = frozenset(),
    ) -> ClaimMatch | None:
        assert self.banks is not None
        bank = self.banks.banks[claim.id]
        found: ClaimMatch | None = None
        rivals = [c.id for c in self.catalogue.claims if c.id != claim.id]
        for r in self.banks.resemblances(reading, claim.id, rivals):
            needed = bank.threshold_for(r.sentence)
            if r.score < needed or r.margin <= 0 or r.sentence in taken:
                continue
            if denies(r.sentence) and not denies(r.example) and r.score < needed + NEGATED_EXTRA:
                continue
            sentence = _Sentence(r.sentence)
            if sentence.question:
                continue
            if 0 < r.position < len(reading.body) and _withdrawn(
                sentence, _Sentence(reading.body[r.position])
            ):
                continue
            if len(_REJECTED.sub(" ", sentence.folded).split()) < _TOLD_OUTSIDE_REJECTION:
                continue  # "ولا يقنعني التفسير الرائج بأن ...": all of it set up to be rejected
            lang = "ar" if "ar" in sentence.languages else "en"
            rules = claim.rules.get(lang) or self.catalogue.defaults.get(lang) or LanguageRules()
            if sentence.has_any(rules.exclude) or any(
                p.search(sentence.folded) for p in rules.exclude_patterns
            ):
                continue
            if claim.semantic_require and not self._keeps(claim, rules, reading, r, title):
                continue
            variant, _ = _variant(claim, rules, sentence)
            if variant is None:
                continue
            if found is None or r.score > found.score:
                found = ClaimMatch(
                    claim.id, r.sentence, variant, r.score, Layer.SEMANTIC, r.example
                )
        return found

    def _keeps(
        self,
        claim: Claim,
        rules: LanguageRules,
        reading: Reading,
        found: Resemblance,
        title: _Sentence,
    ) -> bool:
        """Whether the sentence (or the one before it, or the title) still satisfies the
        require groups the claim cannot go without."""
        groups = {g.name: _Group.of(g.terms) for g in rules.require}
        wanted = [groups[name] for name in claim.semantic_require if name in groups]
        previous = [
            s for p, s in zip(reading.positions, reading.sentences, strict=True)
            if p == found.position - 1
        ]
        context = [_Sentence(found.sentence), title, *(_Sentence(s) for s in previous[:1])]
        return all(any(s.satisfies(g) for s in context) for g in wanted)

    def _lexical(
        self,
        title: str,
        text: str,
        language: str | None,
        leak_report: bool = False,
        taken: set[str] | None = None,
        leak_sentences: frozenset[str] = frozenset(),
    ) -> dict[str, ClaimMatch]:
        """The best match of each claim the rules find; every sentence they read as a claim goes
        into `taken`."""
        title_sentence = _Sentence(title or "")
        sentences = [_Sentence(s) for s in split_sentences(text or "")]
        for sentence in (title_sentence, *sentences):
            sentence.tells_leak = sentence.text in leak_sentences
        # The title can carry a claim too; it is also every sentence's context for anchors.
        candidates = ([title_sentence] if title_sentence.tokens else []) + sentences
        best: dict[str, ClaimMatch] = {}
        about: dict[tuple[str, ...], bool | frozenset[int]] = {}
        possible: dict[int, bool] = {}
        for claim in self.catalogue.claims:
            for index, sentence in enumerate(candidates):
                langs = _languages(sentence, language, claim)
                for lang in langs:
                    for rules in claim.rules[lang].variants:
                        if not self._possible(rules, candidates, possible):
                            continue
                        if not _about(rules, candidates, about):
                            continue
                        if rules.context and not _in_context(rules, candidates, about):
                            continue
                        # In a report of the leak, the whole article is about it: its
                        # details need Sora named anywhere before them, not close by ("Social
                        # media buzzed with sample videos"; a podcast's "shut it after 3 hours").
                        window = (
                            max(rules.window, index)
                            if leak_report and claim.leak_story and rules.window
                            else rules.window
                        )
                        found = self._match_sentence(
                            claim, rules, candidates, index, title_sentence, window
                        )
                        if found is None and (leak_report or not claim.leak_story):
                            found = self._match_pair(
                                claim, rules, candidates, index, title_sentence, window
                            )
                        if found and taken is not None and claim.kind not in _SHARED:
                            taken.add(found.evidence)
                        if found and (
                            claim.id not in best or _rank(found) > _rank(best[claim.id])
                        ):
                            best[claim.id] = found
        return best

    def _possible(
        self, rules: LanguageRules, candidates: list[_Sentence], seen: dict[int, bool]
    ) -> bool:
        """Whether the article can tell the claim by these rules at all: each term group met by
        some sentence, or a pattern found in one. Every reading (a sentence, its clauses, two
        sentences together) is made of the words of its sentences, so most claims of most
        articles are ruled out here once, not sentence by sentence."""
        found = seen.get(id(rules))
        if found is None:
            groups = self._groups[id(rules)]
            found = seen[id(rules)] = (
                bool(groups) and all(any(s.satisfies(g) for s in candidates) for g in groups)
            ) or any(p.search(s.folded) for p in rules.patterns for s in candidates)
        return found

    def _match_sentence(
        self,
        claim: Claim,
        rules: LanguageRules,
        sentences: list[_Sentence],
        index: int,
        title: _Sentence,
        window: int,
        asked: _Sentence | None = None,
    ) -> ClaimMatch | None:
        sentence = sentences[index]
        if index + 1 < len(sentences) and _withdrawn(sentence, sentences[index + 1]):
            return None
        if index + 1 < len(sentences) and _CONFIRMED.match(sentences[index + 1].folded):
            # A fact check's claim that its verdict confirms is told: 'CLAIM 4: "OpenAI shut it
            # down after three hours." VERDICT: TRUE'.
            stated = _CLAIM_HEADING.sub("", sentence.text, count=1)
            if stated != sentence.text:
                sentence = _Sentence(stated)
        if sentence.question:
            # A question asks about a claim; what it takes as given may still tell one: "Why
            # is Sora not out, although OpenAI announced it in February?"
            found = [
                self._match_sentence(
                    claim, rules, [*sentences[:index], part], index, title, window, sentence
                )
                for part in _taken_as_given(sentence)
            ]
            return max((f for f in found if f), key=_rank, default=None)
        by_groups, by_pattern = self._tells(rules, sentence)
        if not (by_groups or by_pattern):
            return None
        told = sentence  # where the claim is told: the sentence, or its clause
        rejected = list(_REJECTED.finditer(sentence.folded))
        if rejected:
            # "Contrary to what some sites wrote, the testers signed their letter": the claim
            # must be told outside the clauses that set it up to reject it.
            folded = sentence.folded
            last = rejected[-1]
            if (
                len(folded[last.end() :].split()) < 3
                and last.start() > 0
                and _POINTS_BACK.search(last.group())
            ):
                return None  # "..., that Sora is a threat to every editor: I don't buy that."
            told = _Sentence(_REJECTED.sub(" ", folded))
            by_groups, by_pattern = self._tells(rules, told)
            if not (by_groups or by_pattern):
                return None
        if _excluded(rules, told):
            # "OpenAI shut access down after testers posted it", "Testers put it online before
            # OpenAI shut it": each clause is told as a fact of its own, and the exclusion (here
            # "shut") belongs to the other one. An exclusion of the whole sentence (a fact
            # check's "CLAIM:" heading) holds for each of its clauses.
            if _excluded_whole(rules, told):
                return None
            for clause in _clauses(rules, told):
                if not _excluded(rules, clause):
                    by_groups, by_pattern = self._tells(rules, clause)
                    if by_groups or by_pattern:
                        told = clause
                        break
            else:
                return None
        story = claim.leak_story
        anchor_here = not rules.anchor or any(
            _holds_anchor(s, rules, story) for s in (sentence, asked) if s is not None
        )
        if not anchor_here and not _anchored_before(
            rules, sentences, index, title, window, story
        ):
            return None
        variant, figure_found = _variant(claim, rules, told)
        if variant is None:
            return None
        score = 0.6 + (0.2 if anchor_here else 0.0)
        score += 0.1 if (figure_found or by_pattern) else 0.0
        score += 0.1 if (by_groups and by_pattern) or _strong(rules, told) else 0.0
        evidence = (asked or sentence).text
        return ClaimMatch(claim.id, evidence, variant, round(min(score, 1.0), 2))

    def _tells(self, rules: LanguageRules, sentence: _Sentence) -> tuple[bool, bool]:
        """Whether the sentence meets every term group of the rules, and whether a pattern."""
        groups = self._groups[id(rules)]
        return (
            bool(groups) and all(sentence.satisfies(g) for g in groups),
            any(p.search(sentence.folded) for p in rules.patterns),
        )

    def _match_pair(
        self,
        claim: Claim,
        rules: LanguageRules,
        sentences: list[_Sentence],
        index: int,
        title: _Sentence,
        window: int,
    ) -> ClaimMatch | None:
        """The claim told across this sentence and the one before it: "Some of the artists had
        early access. On Tuesday they put it on Hugging Face." Each sentence must hold part of
        it, neither all of it, and neither may rule it out. Who did it may be told two sentences
        back ("These are artists from the program. It began on Tuesday. Some of them put it
        online."). The caller asks it of the leak's details only in a report of the leak."""
        # The title is not the first sentence's neighbour: it is every sentence's context.
        first = 1 if sentences[0] is title else 0
        if index - 1 < first:
            return None
        before, here = sentences[index - 1], sentences[index]
        groups = self._groups[id(rules)]
        if before.question and not here.question and claim.figures and groups:
            # A question that names the event and an answer that gives its figure: "When did
            # OpenAI announce Sora? In February 2024."
            answered = self._answered(claim, rules, sentences, index, title, window)
            if answered is not None:
                return answered
        if len(groups) == 1 and claim.figures:
            # The figures alone, after the sentence that names what they measure: "We asked
            # for a lighthouse and got a clip. Ten seconds, 1080p."
            return self._figures_of(claim, rules, sentences, index, title, window)
        if len(groups) < 2 or claim.kind in ONE_SENTENCE_KINDS:
            return None
        if claim.kind not in REFERRING_KINDS:
            return self._pair(claim, rules, sentences, index - 1, index, title, window)
        # Who did what: the second sentence points back at the people of the first, or answers
        # a question that asks who ("Who was behind the page? Members of the program.").
        if before.question:
            return self._pair(claim, rules, sentences, index - 1, index, title, window)
        if not _refers_back(here):
            return None
        found = self._pair(claim, rules, sentences, index - 1, index, title, window)
        if found is None and index - 2 >= first and not sentences[index - 2].question:
            found = self._pair(claim, rules, sentences, index - 2, index, title, window)
        return found

    def _pair(
        self,
        claim: Claim,
        rules: LanguageRules,
        sentences: list[_Sentence],
        at: int,
        index: int,
        title: _Sentence,
        window: int,
    ) -> ClaimMatch | None:
        """The claim told by the sentence at `at` and the one at `index`, together."""
        groups = self._groups[id(rules)]
        before, here = sentences[at], sentences[index]
        # A question that the next sentence answers tells the story as a storyteller or an
        # explainer does ("Where did the clips go? Users swapped dozens on X"), unless the
        # answer is no.
        if here.question or (before.question and denies(here.text)):
            return None

        # A variant without the part the claim cannot go without ("on X") is a loose reading,
        # held together by one sentence; two would stretch it.
        if not set(claim.semantic_require) <= {g.name for g in rules.require}:
            return None
        met_here = [here.satisfies(g) for g in groups]
        met_before = [before.satisfies(g) for g in groups]
        if all(met_here) or all(met_before) or not any(met_here):
            return None
        if (
            before.question
            and claim.kind in _OPINION_KINDS
            and not _ASKS_WHO.match(_SPEAKER.sub("", before.folded))
            and not _ANSWERED_YES.match(_SPEAKER.sub("", here.folded))
            and not met_here[0]
        ):
            # An opinion asked for a yes or a no ("Is this a threat to Indian jobs?") is told by
            # a yes, or by an answer that holds the opinion itself, its first term group ("Many
            # experts see a real danger to their jobs"); "Editors are watching closely" says
            # nothing of it. ("Who should be worried? Anyone who edits video" answers.)
            return None
        if not all(h or b for h, b in zip(met_here, met_before, strict=True)):
            return None
        if _excluded(rules, before) or _excluded(rules, here):
            return None
        # Outside the leak's story (an opinion, an explanation), a pair is two sentences of an
        # argument: one that denies ("it will not replace editors") turns it around. (The
        # story's own details are often told in the negative: not paid, no names given.)
        if not claim.leak_story and (_denies_any(before, groups) or _denies_any(here, groups)):
            return None
        told = _Sentence(f"{before.text} {here.text}")
        if not _anchored(rules, told, sentences, at, title, window, claim.leak_story):
            return None
        variant, figure_found = _variant(claim, rules, told)
        if variant is None:
            return None
        # Below any single sentence's evidence: a claim said in one sentence is better shown.
        return ClaimMatch(claim.id, told.text, variant, 0.55 + (0.1 if figure_found else 0.0))

    def _answered(
        self,
        claim: Claim,
        rules: LanguageRules,
        sentences: list[_Sentence],
        index: int,
        title: _Sentence,
        window: int,
    ) -> ClaimMatch | None:
        groups = self._groups[id(rules)]
        question, answer = sentences[index - 1], sentences[index]
        if not all(question.satisfies(g) for g in groups):
            return None
        if _excluded(rules, question) or _excluded(rules, answer) or denies(answer.text):
            return None
        if not _anchored(rules, question, sentences, index - 1, title, window, claim.leak_story):
            return None
        variant, stated = _variant(claim, rules, answer)
        if variant is None or not stated:
            return None
        return ClaimMatch(claim.id, f"{question.text} {answer.text}", variant, 0.65)

    def _figures_of(
        self,
        claim: Claim,
        rules: LanguageRules,
        sentences: list[_Sentence],
        index: int,
        title: _Sentence,
        window: int,
    ) -> ClaimMatch | None:
        """Every figure of the claim in a fragment, and what they measure in the sentence
        before or after it (a claim of one term group, which neither tells alone)."""
        (group,) = self._groups[id(rules)]
        before, here = sentences[index - 1], sentences[index]
        if here.question or before.question:
            return None
        # The figures in a fragment after the sentence that names what they measure, or before
        # it, as a timeline dates its entries ("26 November, about three hours later" over
        # "OpenAI disables the page").
        # A timeline's heading may name the event too ("February 15, 2024 — The reveal" over
        # "OpenAI introduces Sora"): the fragment is then the one that holds the figures.
        fragments = [
            s
            for s, other in ((before, here), (here, before))
            if other.satisfies(group)
            # A fragment that names the event too must be a heading that opens on its date
            # ("Feb. 15, 2024 - The reveal."), not a sentence ("It announced price cuts in
            # February.").
            and (not s.satisfies(group) or bool(_DATED_HEADING.match(s.text)))
        ]
        fragment = next(
            (
                f
                for f in fragments
                # A fragment, not a sentence of its own: a few words, more when the claim has
                # two figures.
                if len(f.tokens) <= _FRAGMENT_WORDS * len(claim.figures)
                and all(any(spec.accepts(x) for x in f.figures) for spec in claim.figures)
            ),
            None,
        )
        if fragment is None:
            return None
        if _excluded(rules, before) or _excluded(rules, here) or denies(fragment.text):
            return None
        told = _Sentence(f"{before.text} {here.text}")
        if not _anchored(rules, told, sentences, index - 1, title, window, claim.leak_story):
            return None
        variant, _ = _variant(claim, rules, told)
        if variant is None:
            return None
        return ClaimMatch(claim.id, told.text, variant, 0.65)


# A fact check's heading over the claim it rates, and a verdict that confirms it.
_CLAIM_HEADING = re.compile(
    r"^\W*(?:the\s+)?(?:claim|الادعاء|الإدعاء|ادعاء|إدعاء)(?:\s+#?[^\s:|]+)?\s*[|:：]\s*",
    re.IGNORECASE,
)
_CONFIRMED = re.compile(
    r"^\W*(?:(?:verdict|rating|the verdict|الحكم|التقييم|النتيجه)\s*[|:]?\W*)?"
    r"(?:true|correct|accurate|confirmed|صحيح|صحيحه|مؤكد)(?!\w)(?!\W*(?:but|لكن|ولكن|مع|with))"
)


# Claims that are what someone thinks: asked, they are told only by the answer.
_OPINION_KINDS = frozenset({"opinion"})


# Kinds of claims told beside others in one sentence ("Testers put it on Hugging Face; OpenAI
# shut it three hours later").
_SHARED = frozenset({"event", "figure", "date"})


_DATED_HEADING = re.compile(r"^\W*(?:\d|[^\W\d_]{3,9}\.?\s+\d)")


# Words a sentence of figures alone may have, per figure of the claim ("Ten seconds, 1080p.",
# "It was ten seconds long, in 1080p.", "كلها كده حوالي تلات ساعات وخلاص"); "In February, it
# raised prices for ChatGPT." is a sentence of its own.
_FRAGMENT_WORDS = 6


# Claims a pair of sentences never tells: a framing is a wording ("the source code leaked"),
# said in one phrase or not at all.
ONE_SENTENCE_KINDS = frozenset({"framing"})
# Claims of who did what, which a pair tells only when its second sentence points back at the
# people of the first ("Some artists had early access. They put it online."): otherwise early
# access in one sentence and the leak in the next are two facts side by side.
REFERRING_KINDS = frozenset({"attribution"})
_REFERENCE = re.compile(
    r"^(?:(?:and|but|so|then)\s+)?(?:they|some|several|one|many|few|those|these)\b"
    r"|\b(?:of them|among them|of (?:those|these)|(?:those|these) very)\b"
    # "The artists then put it online": the people named before, taken up again.
    r"|^(?:(?:and|but|so|then)\s+)?the (?:group|artists|testers|participants|members)\b"
    # The spoken demonstratives: Gulf "هالفنانين", "هذولا"/"هدول", Egyptian "الفنانين دول".
    r"|^[وف]?(?:هال\S{3,}|هذول\S*|هدول|هاذول\S*)(?=\s|$)|^[وف]?ال\S+\s+(?:دول|دي)(?=\s|$)"
    # Arabic: "منهم" (of them), "هؤلاء"/"أولئك", or a verb in the plural first ("وضعوا",
    # "فقد نشروا", "حطوها").
    r"|(?:^|\s)(?:[وف]?منهم|[وف]?بينهم|هولاء|اوليك)(?=\s|$)"
    r"|^(?:[وف]?(?:قد|لقد|ثم)\s+)?[وف]?\S{2,}(?:وا|وها|وه|وهم)(?=\s|$)"
)


# What a negation in a sentence of an argument denies: the words after it, up to a "but" or
# "; it is" that sets something against it ("For people like me this isn't a tool.", "not a
# novelty; it is a direct threat", "ليست أداة، بل تهديد").
_NEGATION_WORD = re.compile(
    r"\b(?:not|never|no|nor|deny|denies|denied|without)\b|n['’]t\b"
    # "the clips are too short and inconsistent to replace professional work"
    r"|\btoo \w+(?: and \w+)? to\b"
    r"|(?:^|\s)[وف]?(?:لم|لن|لا|ليس|ليست|ليسوا|مش|مو|موش|نفت|ينفي|تنفي|دون|بدون)(?=\s|$)"
)
_SET_AGAINST = re.compile(
    r"(?:[;:,—–-]\s*|\s)(?:it is|it['’]s|this is|that is|that['’]s|they are|they['’]re|but"
    r"|rather|instead)\s"
    r"|(?:^|\s)[وف]?(?:بل|وانما|انما|لكن|ولكن)\s"
)


_DENIALS_READ = 8  # negations of one sentence read
_DENIED_CHARS = 200  # characters after a negation that it may deny


def _denies_any(sentence: _Sentence, groups: Sequence[_Group]) -> bool:
    """Whether a negation in the sentence denies words of the claim: what follows it, up to
    what is set against it, meets one of the claim's term groups ("it will not replace
    editors"; not "this isn't a tool")."""
    folded = sentence.folded
    for n, negation in enumerate(_NEGATION_WORD.finditer(folded)):
        if n == _DENIALS_READ:
            break
        # What a negation denies is its clause, not the rest of a hostile run-on sentence.
        end = min(len(folded), negation.end() + _DENIED_CHARS)
        against = _SET_AGAINST.search(folded, negation.end(), end)
        if against is not None:
            end = against.start()
        denied = _Sentence(folded[negation.end() : end])
        if any(denied.satisfies(g) for g in groups):
            return True
    return False


# A clause that sets up what others said in order to reject it, up to its comma: "Contrary to
# what some outlets claimed", "I don't share the view of those who repeat that ...", "على خلاف
# ما روّجته بعض المواقع من أن ...", "لا أشارك الذين يرددون أن ...". Not "unlike what happened
# with Gemini": only what was said is rejected.
_REJECTED = re.compile(
    r"(?:\b(?:contrary to|unlike)\s(?:what\s|the\s)?(?:[^\W_]+\s){0,5}?"
    r"(?:said|say|says|claimed|claims|claim|reported|reports|wrote|writes|alleged"
    r"|suggested|repeated)\b[^,;:]*"
    r"|\bi (?:do not|don['’]?t) (?:share|agree with|buy)\b[^,;:]*"
    r"|(?:\b|\bب|\b[وف])(?:خلاف|عكس)ا?\s(?:ما|لما)\s(?:[^\W_]+\s)?"
    r"(?:روج|ردد|يردد|يروج|قال|قيل|كتب|نشر|زعم|تداول|اشيع|يشاع|ذكر|اورد|ورد|جاء)[^\W_]*[^،,;؛:]*"
    r"|(?:^|\s)[وف]?لا (?:اشارك|اتفق|اوافق)[^\W_]*[^،,;؛:]*"
    # "What I find less convincing is the framing, common in the coverage, that ..."
    r"|\bi find (?:less |un|not )?convincing\b[^.;!?]*"
    # "the people saying 'this will wipe out editors' are overdoing it", "People calling this an
    # extinction event for creators are, in my opinion, wrong."
    # "Anyone telling you this is an existential threat to artists is selling something."
    r"|\b(?:the )?(?:people|those|folks|anyone) (?:saying|calling|telling you"
    r"|who (?:say|call|claim))\b"
    r"[^.;!?]*\b(?:wrong|overdoing it|exaggerating|overstating it|mistaken|selling something)\b"
    r"|\bi['’]?(?:m| am) not (?:one of|among) (?:those|the people)\b[^,;:]*"
    r"|(?:^|\s)[وف]?(?:لست|لسنا) (?:ممن|من الذين|مع الذين|مع من)\s[^،,;؛:]*"
    r"|(?:^|\s)[وف]?(?:لكنني |ولكنني |لكني )?(?:اختلف|نختلف) مع\s[^،,;؛:]*"
    r"|\bi (?:disagree with|take issue with)\b[^,;:]*"
    # "ولا يقنعني التفسير الرائج بأن ...", "I'm not convinced by the theory that ..."
    r"|(?:^|\s)[وف]?(?:لا|لم) (?:يقنعني|تقنعني|يقنعنا|تقنعنا)\s[^،,;؛:]*"
    r"|\bi['’]?(?:m| am) not convinced (?:by|that)\b[^,;:]*"
    # "..., وخصوصا النغمة التي تصف سورا بأنه تهديد": the rejection goes on past its comma.
    r")(?:[،,]\s*(?:[وف]?خصوصا|[وف]?بخاصه|ولا سيما|especially|particularly)[^،,;؛:]*)?"
    # "أختلف مع فكرة منتشرة: أن Sora سيقضي على ...": what is rejected, after its colon.
    r"(?:[:,،]\s*(?:ان|بان|that)\s[^.;؛!?؟]*)?"
)


# Words a sentence must keep outside its rejected clauses to tell anything by meaning.
_TOLD_OUTSIDE_REJECTION = 4

# A rejection at a sentence's end that points back at what came before ("I don't buy that");
# "..., contrary to what early reports said" rejects the others, and the sentence is told.
_POINTS_BACK = re.compile(
    r"\b(?:that|this|it|ذلك|هذا|هذه)\W*$"
    # "..., فلا أشاركه": the verb's own pronoun points back
    r"|(?:اشارك|اتفق|اوافق|اصدق|اقبل)(?:ه|ها)\W*$"
)


# A transcript's speaker ("GUEST: ", "كريم: ") before what is said.
_SPEAKER = re.compile(r"^\W*[^\W\d_]+(?:\s[^\W\d_]+)?\s?:\s+")


def _refers_back(sentence: _Sentence) -> bool:
    """Whether the sentence points back at people named before it (a pronoun, "some of them",
    a demonstrative, an Arabic verb in the plural at its head)."""
    return bool(_REFERENCE.search(_SPEAKER.sub("", sentence.folded).lstrip(" \"'«“(")))


def _anchored(
    rules: LanguageRules,
    told: _Sentence,
    sentences: list[_Sentence],
    at: int,
    title: _Sentence,
    window: int,
    story: bool = False,
) -> bool:
    """Whether what tells the claim (a sentence, or two joined) holds its anchor, or the
    sentences before `at` or the title do (or the claim needs none)."""
    return (
        not rules.anchor
        or _holds_anchor(told, rules, story)
        or _anchored_before(rules, sentences, at, title, window, story)
    )


def _anchored_before(
    rules: LanguageRules,
    sentences: list[_Sentence],
    index: int,
    title: _Sentence,
    window: int,
    story: bool = False,
) -> bool:
    """Whether the anchor is in the `window` sentences before `index`, or the title (window =
    0 asks for it in the sentence itself, not even in the title)."""
    context = sentences[max(0, index - window) : index]
    if window:
        context.append(title)
    return any(_holds_anchor(s, rules, story) for s in context)


def _holds_anchor(sentence: _Sentence, rules: LanguageRules, story: bool) -> bool:
    """Whether the sentence holds one of the rules' anchors; for a detail of the leak's `story`,
    the sentence the article tells the leak in is one, in whatever words."""
    return (story and sentence.tells_leak) or sentence.has_any(rules.anchor)


def _rank(match: ClaimMatch) -> tuple[float, int]:
    """Better evidence first by score, then by how many of the claim's figures it states."""
    return (match.score, len(match.variant.split(", ")) if match.variant else 0)


def _about(
    rules: LanguageRules,
    sentences: list[_Sentence],
    cache: dict[tuple[str, ...], bool | frozenset[int]],
) -> bool:
    """Whether the article mentions one of the rules' article anchors (cached per article)."""
    if not rules.article_anchor:
        return True
    key = tuple(t.source for t in rules.article_anchor)
    if key not in cache:
        cache[key] = any(s.has_any(rules.article_anchor) for s in sentences)
    return bool(cache[key])


def _in_context(
    rules: LanguageRules,
    sentences: list[_Sentence],
    cache: dict[tuple[str, ...], bool | frozenset[int]],
) -> bool:
    """Whether sentences of the article (this one too) satisfy each of the rules' context
    groups, without an exclusion (a sentence that denies the context does not supply it)."""
    for group in rules.context:
        key = ("context", *(t.source for t in group.terms))
        where = cache.get(key)
        if not isinstance(where, frozenset):
            where = frozenset(
                n for n, s in enumerate(sentences)
                if s.has_any(group.terms) and not _excluded(rules, s)
            )
            cache[key] = where
        if not where:
            return False
    return True


# "after" that introduces a clause of its own ("after a group of testers posted it").
_AFTER = re.compile(r"(?<!clip )(?<!video )\b(?:after|بعد ان|بعدما|عقب ان)\s")
# What ends a clause told before it: "... on Hugging Face before OpenAI shut it down", "until
# the company shut the door", "and OpenAI shut it within hours"; Arabic "قبل أن", "حتى",
# and a relative clause after a comma ("أوقفت الشركة واجهة، كان قد نشرها مختبرون").
_NEXT_CLAUSE = re.compile(
    r"\s(?:before|until|till|and then|then)\s|[,;]\s(?:and|but|while)\s|;\s"
    # what came of it: "..., prompting OpenAI to pause the program", "..., which OpenAI shut
    # down within hours", "... on Hugging Face and the company shut it off"
    r"|,\s(?:prompting|forcing|leading|causing|which)\s"
    r"|\sand (?=(?:the company|openai|open ai)\s)"
    r"|\sقبل ان\s|\sحتى\s|[،;؛]\s"
)


def _clauses(rules: LanguageRules, sentence: _Sentence) -> list[_Sentence]:
    """The clauses of an excluded sentence that may be read alone: what happened "after" (the
    last such clause, up to its comma), the clauses told before the one that excludes ("...
    put it online before OpenAI shut it"), and one that looks further back ("أوقفت الشركة
    واجهة، كان قد نشرها مختبرون"). Not what follows a hedge ("As pages claimed, the code
    leaked"): the hedge holds for the rest of the sentence."""
    clauses = []
    found = next(reversed(list(_AFTER.finditer(sentence.folded))), None)  # the last one
    if found is not None and found.start() > 0:
        # Up to the next comma: "Months after the launch of X, the company revealed Y" says
        # nothing of its own past "X".
        clauses.append(_Sentence(re.split(r"[,،;]", sentence.folded[found.end():])[0]))
    parts = [_Sentence(p) for p in _NEXT_CLAUSE.split(sentence.folded)]
    if len(parts) > 1:
        excluding = next(i for i, p in enumerate([*parts, sentence]) if _excluded(rules, p))
        if excluding == len(parts):
            # What excludes spans the clauses ("The posts, which began circulating last week,
            # say that ..."): none of them is told alone.
            return clauses
        verdict = parts[excluding].folded
        if _VERDICT_ON_WHAT_CAME.match(verdict) and _VERDICT_WORDS.search(verdict):
            # "..., وهذا غير دقيق", "..., which is wrong": the verdict is on the clauses
            # before it.
            return clauses
        clauses.extend(
            p for i, p in enumerate(parts)
            if len(p.tokens) >= 3 and (i < excluding or _EARLIER.match(p.folded))
        )
    return clauses


# A clause that passes a verdict on what came before it: "وهذا غير دقيق", "which is wrong".
_VERDICT_ON_WHAT_CAME = re.compile(
    r"^\W*(?:[وف]?(?:هذا|هذه|وهذا|ذلك|وهو|وهي)|which|this|that|it)\b"
    # a correction's "..., تضمّن خطأين نعتذر عنهما", "..., which contained two errors"
    r"|^\W*[وف]?(?:تضمن|احتوى|حمل)\w* (?:\S+ )?(?:خطا|خطاين|اخطاء)"
    # "..., ويبقى احتمالا لا أكثر", "..., لكن لا يوجد تأكيد رسمي لذلك", "..., but there is no
    # official confirmation"
    r"|^\W*[وف]?(?:يبق[يى]|يظل|تبق[يى]|تظل) (?:مجرد )?احتمال"
    r"|^\W*(?:[وف]?لكن |ولكن |but )?(?:لا يوجد|لا تاكيد|there is no|there s no|with no) (?:اي )?"
    r"(?:تاكيد|official confirmation|confirmation)"
)


# A sentence that judges the one before it wrong: "That was incorrect.", "والصحيح أن ...".
_WITHDRAWN_BY_NEXT = re.compile(
    r"^\W*(?:(?:that|this|it)(?:['’]s| s| was| is) (?:incorrect|wrong|false|untrue|not true"
    r"|inaccurate|not the case|an error|a mistake)\b"
    # "There's no evidence for that.", "I don't think so.", "لا أظن ذلك."
    r"|(?:there['’]?s|there is) no (?:evidence|proof) (?:for|of) (?:that|this|it)\b"
    r"|i (?:don['’]?t|do not) (?:think|believe|buy) (?:so|that|it)\W*$"
    r"|[وف]?(?:لا اظن|لا اعتقد|لا نعتقد|لا اصدق) (?:ذلك|هذا)\W*$"
    r"|[وف]?(?:الصحيح|الصواب) (?:ان\w*|هو)\b"
    r"|[وف]?(?:هذا|ذلك|وهذا) (?:غير صحيح|غير دقيق|خطا|خاطئ|ليس صحيحا)\W*$"
    # Gulf and Levantine: "هذا غلط يا جماعة، والله غلط."
    r"|[وف]?(?:هذا|هذي|هاد|هذاك|ذا) (?:غلط|مو صحيح|مش صحيح|كلام فاضي)(?:\W*$| يا )"
    # A fact check's verdict on the claim it quoted: "- "Sora will be released before the end
    # of 2024." Unproven.", "الحكم: غير مثبت", "هذا تخمين صحفي لا أكثر"
    r"|(?:(?:verdict|rating|our rating|الحكم|التقييم)\s*:\s*)?(?:unproven|unverified|unsupported"
    r"|not proven|false|misleading|no evidence|غير مثبت|غير مؤكد|غير صحيح|مضلل|زائف|لا دليل)\W*$"
    r"|(?:that|this|it)(?:['’]s| s| is) (?:just |mere |pure )?speculation\W*$"
    # "This week's: 'OpenAI's Sora source code leaked.' It wasn't, and the distinction matters."
    r"|(?:it|that|this) (?:wasn['’]?t|was not|isn['’]?t|is not)(?:\W*$|\s*[,;:—–])"
    r"|[وف]?(?:هذا|ذلك) (?:مجرد )?(?:تخمين|تكهن)\w*)"
)


# "The truth is ...": a verdict on the sentence before, when that one told what others say.
_THE_TRUTH_IS = re.compile(
    r"^\W*(?:[وف]?(?:الحقيقه|في الحقيقه|في الواقع) ان\w*|the truth is|in reality)\b"
)
_OTHERS_SAY = re.compile(
    r"\b(?:[وف]?(?:تداولت|تداول|تناقلت|روجت|زعمت|تزعم|يزعم)"
    r"|(?:some|many|several) (?:sites|outlets|posts|articles|reports|accounts)"
    r" (?:say|said|claim|claimed|wrote|circulated))\b"
)


def _withdrawn(sentence: _Sentence, after: _Sentence) -> bool:
    """Whether the next sentence judges this one wrong: "An article stated that Sora's source
    code had been posted. That was incorrect.", "تداولت مواقع كثيرة مقالا يعد القارئ بأن ...
    والحقيقة أن ...", "One theory online is that ... There's no evidence for that." """
    return bool(
        _WITHDRAWN_BY_NEXT.match(after.folded)
        or (_THE_TRUTH_IS.match(after.folded) and _OTHERS_SAY.search(sentence.folded))
        or (_IT_DID_NOT.match(after.folded) and _SOME_SAID.search(sentence.folded))
    )


# "Some have said the leak 'exposed Sora's source code.' It didn't, and ...": what others said,
# answered no (not "people asked me whether the Space contained the model. It did not").
_IT_DID_NOT = re.compile(r"^\W*(?:it|that|they) (?:didn['’]?t|did not)(?:\W*$|\s*[,;:—–])")
_SOME_SAID = re.compile(
    r"\b(?:some|many|several|others|people|posts|reports|headlines?)\b[^.]{0,40}"
    r"\b(?:said|say|says|claimed|claim|claims|wrote|reported)\b"
)


# What makes such a clause a verdict, not a clause of its own ("، وهي خطوة أوقفتها الشركة").
_VERDICT_WORDS = re.compile(
    r"غير دقيق|غير صحيح|خطا|خاطئ|مغلوط|مضلل|مبالغ|احتمال|تاكيد|\b(?:wrong|incorrect|false|untrue"
    r"|inaccurate|not true|misleading|exaggerat\w*|confirm\w*|mistaken|an error)\b"
    # "..., وهو وصف ردّت عليه صحيفة": a framing that others answered
    r"|وصف|رد[تو]? عليه|نفت|نفاه"
)


# A clause that tells what had happened before ("، كان قد نشرها", ", which had been posted",
# "، وبعد أسبوعين من قيام مختبرين بإتاحتها").
_EARLIER = re.compile(
    r"^\W*(?:[وف]?(?:كان|كانت|كانوا) قد|[وف]?بعد|which had|who had|that had)\s"
)


# A statement that hedges its figure with a rising tone asks nothing: "Like three hours?", "It
# was up maybe three hours?", "OpenAI killed it in, I think, three hours?". "So the code
# leaked?" still asks.
_TENTATIVE_FIGURE = re.compile(
    r"\b(?:like|maybe|around|about|roughly|i think|i guess|i believe)\W+"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of)[- ]"
    r"(?:and a half )?[^\W\d_]+[?!.]*$"
)
# A figure hedged aloud, in a sentence that asks nothing else: "Three hours or so?", "a company
# worth, what, a hundred and fifty billion?" (not "Did OpenAI shut it after three hours or so?",
# "Is OpenAI really worth, what, 150 billion dollars?").
_HEDGED_FIGURE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) [^\W\d_]+ or so[?!.]*$"
    r"|, what, (?:like |about |maybe )?(?:\$?\d|a hundred|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)[^?!]*[?!.]*$"
)
_ASKING_OPENING = re.compile(rf"^\W*(?:[^\W\d_]+:\s*)?(?:{_AUXILIARIES}|{_WH_WORDS})\b")


# A question that recalls: "Remember when ...?", "فاكرين لما ...؟" (after a speaker's name).
_REMEMBER = re.compile(
    r"^\W*(?:[^\W\d_]+:\s*)?(?:do you |you )?(?:remember (?:when|how)"
    r"|(?:فاكرين|فاكر|فاكره|متذكرين|متذكر|تتذكرون|تذكرون|بتتذكر|بتتذكري|بتتذكروا|بتذكر"
    r"|فاكرين يا جماعه)(?: [^؟?]{0,40}?)? (?:لما|لمن|حين|عندما|يوم))\b"
)


# "although", "رغم أن": what follows is granted, even in a question.
_CONCESSIVE = re.compile(
    r"\b(?:although|even though|though|despite the fact that|given that"
    r"|رغم ان\w*|بالرغم من ان\w*|برغم ان\w*|مع ان\w*|علما بان\w*)\s"
)
_RELATIVE = re.compile(r"^\W*(?:اللي|اللى|التي|الذي|الذين|which|who)\s")
# A part of a sentence that asks: it opens with a question word (after a speaker's name).
_ASKS = re.compile(
    r"^\W*(?:[^\W\d_]+:\s*)?[وف]?(?:why|how|when|what|who|whom|where|which|did|does|do|is|are"
    # (Not "لما": in speech it is "when", "لما أعلنت OpenAI عن سورا في فبراير، ...".)
    r"|was|were|will|would|can|could|should|has|have|هل|لماذا|ليش|ليه|متى|امتى|كيف|ازاي|ماذا"
    r"|شو|ايش|وش|اين|وين|فين|هو|هي)\b"
)


def _taken_as_given(question: _Sentence) -> list[_Sentence]:
    """What a question states rather than asks: the clause after "although", and the
    comma-separated parts before the asking one ("The company announced Sora in February, so
    why is it not out?")."""
    folded = question.folded
    answered = _ANSWERED_NO.search(folded)
    if answered:
        # "Sora's Source Code Leaked? No: Testers Put Sora On Hugging Face": the answer.
        rest = folded[answered.end() :]
        return [_Sentence(rest)] if len(rest.split()) >= 3 else []
    asked_first = _asks_first(folded)
    if asked_first:
        # "Was Sora's code leaked? Everything you need to know": what follows the question.
        rest = folded[asked_first.end(1) :]
        return [_Sentence(rest)] if len(rest.split()) >= 3 else []
    given = []
    concession = _CONCESSIVE.search(folded)
    if concession:
        given.append(re.split(r"[,،;؛?؟]", folded[concession.end():])[0])
    parts = re.split(r"[,،;؛]\s", folded)
    stated = [p for p in parts[:-1] if not _ASKS.match(p)]
    given.extend(stated)
    if len(stated) > 1:
        # Together, as one statement: "هالفنانين قهروا، قالوا احنا مو R&D ببلاش، تبون شغلنا وما
        # تدفعون فلس؟" (these artists ..., said we are not free R&D, ..., and you pay nothing?)
        given.append(", ".join(stated))
    if len(parts) > 1 and _RELATIVE.match(parts[-1]):
        # The asking part is a relative clause, which describes what is asked about: "الأداة
        # بتاعة OpenAI، اللي عرضوها في فبراير؟" (the tool ..., which they showed in February?).
        given.append(parts[-1].rstrip(_CLOSERS + "?؟"))
    return [_Sentence(g) for g in given if len(g.split()) >= 3]


def _excluded(rules: LanguageRules, sentence: _Sentence) -> bool:
    return sentence.has_any(rules.exclude) or any(
        p.search(sentence.folded) for p in rules.exclude_patterns
    )


def _excluded_whole(rules: LanguageRules, sentence: _Sentence) -> bool:
    """Excluded by a pattern anchored at the sentence's start (a heading), which no clause
    escapes."""
    return any(
        p.pattern.startswith("^") and p.search(sentence.folded) for p in rules.exclude_patterns
    )


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
