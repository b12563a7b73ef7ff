"""The claim catalogue: its data types and loading it from TOML (built-in, extended or replaced)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.config_lines import KeyPath, Locator
from monitor.errors import CatalogueError
from monitor.figures import MONTHS, Figure, find_figures
from monitor.states import CatalogueMode
from monitor.text import fold

__all__ = [
    "Catalogue",
    "Claim",
    "FigureSpec",
    "LanguageRules",
    "Term",
    "TermGroup",
    "load_catalogue",
    "parse_catalogue",
]

GAP = "..."  # in a term, up to MAX_GAP words of anything
MAX_GAP = 6
LANGUAGES = ("en", "ar")
_CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff]+")


@dataclass(frozen=True)
class Term:
    """A phrase to find in a sentence's tokens.

    `words` are folded; a word ending in `*` matches any token starting with it; `...` skips up
    to MAX_GAP tokens. Arabic tokens are also tried without their clitics (و ف ب ك ل ال).
    """

    source: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class TermGroup:
    """Named alternatives: a sentence satisfies the group when it contains any one term."""

    name: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class LanguageRules:
    """What the matcher needs to recognise a claim in one language.

    A sentence carries the claim when it satisfies every group in `require` (or matches one of
    `patterns`, regular expressions over folded text), contains nothing of `exclude` /
    `exclude_patterns`, has an `anchor` term in itself, the `window` sentences before it or the
    title (window 0: in itself only; no anchor terms: no anchor needed), and has the claim's
    required figures, which an `implied` term ("this year") may stand for. The article (title
    or body) must contain one of `article_anchor` (no terms: no such condition), and satisfy
    every `context` group in some sentence: what a sentence leaves to the rest of the article
    ("the artists leaked it" in one, "the artists had early access as testers" in another).
    `also` holds further ways to say the claim, each with its own `require`, `patterns` and
    `context`, sharing the rest with these rules.
    """

    require: tuple[TermGroup, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[Term, ...] = ()
    exclude_patterns: tuple[re.Pattern[str], ...] = ()
    anchor: tuple[Term, ...] = ()
    window: int = 2
    implied: tuple[Term, ...] = ()
    article_anchor: tuple[Term, ...] = ()
    context: tuple[TermGroup, ...] = ()
    also: tuple[LanguageRules, ...] = ()

    @property
    def variants(self) -> tuple[LanguageRules, ...]:
        """These rules, then each of `also`."""
        return (self, *self.also)


@dataclass(frozen=True)
class FigureSpec:
    """A figure the claim states: its unit, expected value and how far a variant may differ."""

    unit: str
    value: float
    tolerance: float = 0.0
    required: bool = True
    year: int | None = None  # dates: the year meant when a text gives the month alone
    expected: str = ""  # the normalised expected figure, used when an implied term stands in
    span: tuple[float, float] | None = None
    """The values a variant may state, in place of the tolerance: a later valuation ("$500
    billion") is the same claim with another figure."""

    def accepts(self, figure: Figure) -> bool:
        """Whether `figure` states this claim's figure (within tolerance)."""
        if figure.unit != self.unit:
            return False
        if self.unit == "date":
            return figure.value == self.value and figure.year in (None, self.year)
        if self.unit == "year":
            return abs(figure.value - self.value) <= self.tolerance
        if self.unit == "resolution":
            return figure.value == self.value
        if self.span is not None:
            return self.span[0] <= figure.value <= self.span[1]
        return abs(figure.value - self.value) <= self.tolerance * self.value

    def variant(self, figure: Figure) -> str:
        """The normalised variant string for an accepted figure."""
        if self.unit == "date" and figure.year is None and self.year is not None:
            return f"{MONTHS[int(figure.value) - 1]} {self.year}"
        return figure.variant


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the catalogue: its text (in English, Arabic or both), the
    lexical rules per language (optional), its figures, and what the semantic layer compares
    sentences with: the texts, more `examples` of the claim in other words, and `counters`
    (near misses that do not carry it), with the similarity `threshold` a sentence must reach.
    """

    id: str
    text_en: str
    text_ar: str
    kind: str
    rules: Mapping[str, LanguageRules] = field(hash=False)
    figures: tuple[FigureSpec, ...] = ()
    examples: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()
    threshold: float | None = None
    leak_story: bool = False
    """Told only of the leak: read by meaning only in articles that report a leak."""
    leak_event: bool = False
    """Says where or how a leak happened (the Hugging Face page, the endpoint): with two more
    of the story's claims, the article reports the leak even without a leak word."""
    semantic_require: tuple[str, ...] = ()
    """Names of `require` groups that a sentence found by meaning must still satisfy (in
    itself, the sentence before it or the title): what the claim cannot go without."""

    @property
    def statements(self) -> tuple[str, ...]:
        """Every way the catalogue says the claim: its texts, then its examples."""
        return tuple(t for t in (self.text_en, self.text_ar) if t) + self.examples


@dataclass(frozen=True)
class Catalogue:
    """The claims, in catalogue order, and the exclusions every claim shares per language
    (hedges, debunking), which also guard claims that have no rules of their own."""

    claims: tuple[Claim, ...]
    defaults: Mapping[str, LanguageRules] = field(default_factory=dict, hash=False)

    def get(self, claim_id: str) -> Claim:
        """The claim with this id; KeyError if there is none."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(claim.id for claim in self.claims)

    def __len__(self) -> int:
        return len(self.claims)


# --- loading ----------------------------------------------------------------------------------

_CLAIM_KEYS = {
    "text_en", "text_ar", "kind", "figures", "examples_en", "examples_ar", "counter_en",
    "counter_ar", "threshold", "leak_story", "leak_event", "semantic_require", *LANGUAGES,
}  # fmt: skip
DEFAULT_KIND = "statement"
_RULE_KEYS = {
    "require", "patterns", "exclude", "exclude_patterns", "anchor", "window", "implied",
    "article_anchor", "context", "also",
}  # fmt: skip
# What an `also` rule set takes from the rules it belongs to, unless it says otherwise.
_INHERITED_KEYS = ("exclude", "exclude_patterns", "anchor", "window", "implied", "article_anchor")
_FIGURE_KEYS = {"value", "unit", "tolerance", "required", "range"}
_DEFAULT_KEYS = {"anchor", "window", "exclude", "exclude_patterns", "article_anchor"}


class _Source:
    """Where a catalogue came from, to point errors at a file and line."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.locator = Locator(text)

    def error(self, message: str, claim_id: str | None = None, key: str | None = None) -> None:
        full_key = ".".join(p for p in ("claims", claim_id, key) if p) if claim_id else key
        line = self.locator.line(_key_path(full_key)) if full_key else None
        raise CatalogueError(message, path=self.path, line=line, key=full_key)


def _key_path(key: str) -> KeyPath:
    """`claims.x.figures[0].value` as the locator's ("claims", "x", "figures", 0, "value")."""
    path: list[str | int] = []
    for part in key.split("."):
        name, *indices = re.split(r"\[(\d+)\]", part)
        path.append(name)
        path.extend(int(index) for index in indices if index)
    return tuple(path)


def _strings(src: _Source, value: Any, claim_id: str | None, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        src.error("must be a list of non-empty strings", claim_id, key)
    return list(value)


@lru_cache(maxsize=8192)
def _term(text: str) -> Term:
    # Interned: claims that share a term (anchors, leak verbs) share one object, so a sentence
    # answers for it once.
    words = []
    for raw in text.split():
        if raw == GAP:
            words.append(GAP)
            continue
        star = raw.endswith("*")
        word = fold(raw.rstrip("*"))
        # "video-gen", "r&d": fold into the same letter runs the tokenizer produces.
        parts = re.findall(r"[^\W_]+", word) or [""]
        words.extend(parts[:-1])
        words.append(parts[-1] + ("*" if star else ""))
    return Term(text, tuple(words))


def _terms(src: _Source, value: Any, claim_id: str | None, key: str) -> tuple[Term, ...]:
    terms = tuple(_term(t) for t in _strings(src, value, claim_id, key))
    for term in terms:
        if not term.words or term.words[0] == GAP or term.words[-1] == GAP:
            src.error(f"term {term.source!r} must start and end with a word", claim_id, key)
        if any(w in ("", "*") for w in term.words):
            src.error(f"term {term.source!r} has a word with no letters", claim_id, key)
    return terms


def _patterns(
    src: _Source, value: Any, claim_id: str | None, key: str
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for text in _strings(src, value, claim_id, key):
        try:
            # Fold only the Arabic letters: casefolding the whole source would turn \S into \s.
            compiled.append(re.compile(_ARABIC_RUN.sub(lambda m: fold(m.group()), text), re.I))
        except re.error as exc:
            src.error(f"bad regular expression {text!r}: {exc}", claim_id, key)
    return tuple(compiled)


def _groups(src: _Source, table: Any, claim_id: str, key: str) -> tuple[TermGroup, ...]:
    if not isinstance(table, dict):
        src.error("must be a table of named term lists", claim_id, key)
    groups = tuple(
        TermGroup(name, _terms(src, terms, claim_id, f"{key}.{name}"))
        for name, terms in table.items()
    )
    for group in groups:
        if not group.terms:
            src.error("an empty group can never match", claim_id, f"{key}.{group.name}")
    return groups


def _rules(
    src: _Source, table: Any, claim_id: str, lang: str, defaults: dict[str, Any]
) -> LanguageRules:
    if not isinstance(table, dict):
        src.error("must be a table", claim_id, lang)
    for key in table:
        if key not in _RULE_KEYS:
            src.error(
                f"unknown key (expected one of {sorted(_RULE_KEYS)})", claim_id, f"{lang}.{key}"
            )
    groups = _groups(src, table.get("require", {}), claim_id, f"{lang}.require")
    also = table.get("also", [])
    if not isinstance(also, list) or not all(isinstance(t, dict) for t in also):
        src.error("must be a list of rule tables ([[claims.<id>.<lang>.also]])", claim_id, lang)
    alternatives = []
    for n, alternative in enumerate(also):
        if "also" in alternative:
            src.error("an 'also' rule set cannot have its own 'also'", claim_id, f"{lang}.also")
        inherited = {k: table[k] for k in _INHERITED_KEYS if k in table}
        alternatives.append(
            _rules(src, {**inherited, **alternative}, claim_id, f"{lang}.also[{n}]", defaults)
        )
    patterns = _patterns(src, table.get("patterns", []), claim_id, f"{lang}.patterns")
    if not groups and not patterns:
        src.error("needs 'require' term groups or 'patterns'", claim_id, lang)
    window = table.get("window", defaults.get("window", 2))
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        src.error("must be a non-negative integer", claim_id, f"{lang}.window")
    return LanguageRules(
        require=groups,
        patterns=patterns,
        # The defaults' exclusions (hedges, debunking) apply to every claim, on top of its own.
        exclude=_terms(src, table.get("exclude", []), claim_id, f"{lang}.exclude")
        + _terms(src, defaults.get("exclude", []), None, f"defaults.{lang}.exclude"),
        exclude_patterns=_patterns(
            src, table.get("exclude_patterns", []), claim_id, f"{lang}.exclude_patterns"
        )
        + _patterns(
            src, defaults.get("exclude_patterns", []), None, f"defaults.{lang}.exclude_patterns"
        ),
        anchor=_terms(
            src, table.get("anchor", defaults.get("anchor", [])), claim_id, f"{lang}.anchor"
        ),
        window=window,
        implied=_terms(src, table.get("implied", []), claim_id, f"{lang}.implied"),
        article_anchor=_terms(
            src,
            table.get("article_anchor", defaults.get("article_anchor", [])),
            claim_id,
            f"{lang}.article_anchor",
        ),
        context=_groups(src, table.get("context", {}), claim_id, f"{lang}.context"),
        also=tuple(alternatives),
    )


def _figure(src: _Source, table: Any, claim_id: str, n: int) -> FigureSpec:
    key = f"figures[{n}]"
    if not isinstance(table, dict):
        src.error('must be a table like { value = "$150 billion", tolerance = 0.1 }', claim_id, key)
    for k in table:
        if k not in _FIGURE_KEYS:
            src.error(
                f"unknown key (expected one of {sorted(_FIGURE_KEYS)})", claim_id, f"{key}.{k}"
            )
    value = table.get("value")
    found = find_figures(value) if isinstance(value, str) else []
    if len(found) != 1:
        src.error(
            f'value {value!r} is not one figure (write e.g. "$150 billion", "3 hours", '
            '"1080p", "February 2024", "2024")',
            claim_id,
            f"{key}.value",
        )
    figure = found[0]
    unit = table.get("unit", figure.unit)
    if unit != figure.unit:
        src.error(
            f"unknown unit {unit!r} or not the unit of {value!r} ({figure.unit})",
            claim_id,
            f"{key}.unit",
        )
    tolerance = table.get("tolerance", 0.0)
    if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance < 0:
        src.error("must be a non-negative number", claim_id, f"{key}.tolerance")
    required = table.get("required", True)
    if not isinstance(required, bool):
        src.error("must be true or false", claim_id, f"{key}.required")
    span = _span(src, table.get("range"), unit, claim_id, f"{key}.range")
    if span is not None:
        if unit not in ("money", "duration"):
            src.error(f"is for money and durations, not {unit}", claim_id, f"{key}.range")
        if "tolerance" in table:
            src.error("give a range or a tolerance, not both", claim_id, f"{key}.range")
        if not span[0] <= figure.value <= span[1]:
            src.error(f"must hold the value {value!r}", claim_id, f"{key}.range")
    return FigureSpec(
        unit=unit,
        value=figure.value,
        tolerance=float(tolerance),
        required=required,
        year=figure.year,
        expected=figure.variant,
        span=span,
    )


def _span(
    src: _Source, bounds: Any, unit: str, claim_id: str, key: str
) -> tuple[float, float] | None:
    """The [low, high] figures of a `range`, read as `value` is read, in the value's unit."""
    if bounds is None:
        return None
    usage = (
        f"must be two figures of the value's unit ({unit}), "
        'e.g. ["$50 billion", "$1 trillion"]'
    )
    if not isinstance(bounds, list) or len(bounds) != 2 or not all(
        isinstance(b, str) for b in bounds
    ):
        src.error(usage, claim_id, key)
    found = [find_figures(b) for b in bounds]
    if any(len(f) != 1 or f[0].unit != unit for f in found):
        src.error(usage, claim_id, key)
    low, high = found[0][0].value, found[1][0].value
    if low > high:
        src.error("the first figure must not be larger than the second", claim_id, key)
    return low, high


def _claim(src: _Source, claim_id: str, table: Any, defaults: dict[str, dict[str, Any]]) -> Claim:
    if not _CLAIM_ID.fullmatch(claim_id):
        src.error("claim ids are lowercase letters, digits and hyphens", claim_id)
    if not isinstance(table, dict):
        src.error("must be a table", claim_id)
    for key in table:
        if key not in _CLAIM_KEYS:
            src.error(f"unknown key (expected one of {sorted(_CLAIM_KEYS)})", claim_id, key)
    for key in ("text_en", "text_ar", "kind"):
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            src.error("must be a non-empty string", claim_id, key)
    if "text_en" not in table and "text_ar" not in table:
        src.error(
            "needs the claim's text: text_en, text_ar or both (one sentence is enough)",
            claim_id,
            "text_en",
        )
    rules = {
        lang: _rules(src, table[lang], claim_id, lang, defaults.get(lang, {}))
        for lang in LANGUAGES
        if lang in table
    }
    figures = table.get("figures", [])
    if not isinstance(figures, list):
        src.error("must be a list of tables", claim_id, "figures")
    examples = tuple(
        e
        for key in ("examples_en", "examples_ar")
        for e in _strings(src, table.get(key, []), claim_id, key)
    )
    counters = tuple(
        e
        for key in ("counter_en", "counter_ar")
        for e in _strings(src, table.get(key, []), claim_id, key)
    )
    threshold = table.get("threshold")
    if threshold is not None and (
        not isinstance(threshold, int | float) or isinstance(threshold, bool)
        or not 0 < threshold < 1
    ):
        src.error("must be a number between 0 and 1 (a cosine similarity)", claim_id, "threshold")
    leak_story = table.get("leak_story", False)
    if not isinstance(leak_story, bool):
        src.error("must be true or false", claim_id, "leak_story")
    leak_event = table.get("leak_event", False)
    if not isinstance(leak_event, bool):
        src.error("must be true or false", claim_id, "leak_event")
    elif leak_event and not leak_story:
        src.error("a leak event is told only of the leak: needs leak_story = true", claim_id,
                  "leak_event")
    semantic_require = tuple(
        _strings(src, table.get("semantic_require", []), claim_id, "semantic_require")
    )
    for name in semantic_require:
        if not any(name in (g.name for g in r.require) for r in rules.values()):
            src.error(f"names no require group ({name!r})", claim_id, "semantic_require")
    return Claim(
        id=claim_id,
        text_en=table.get("text_en", ""),
        text_ar=table.get("text_ar", ""),
        kind=table.get("kind", DEFAULT_KIND),
        rules=rules,
        figures=tuple(_figure(src, f, claim_id, n) for n, f in enumerate(figures)),
        examples=examples,
        counters=counters,
        threshold=float(threshold) if threshold is not None else None,
        leak_story=leak_story,
        leak_event=leak_event,
        semantic_require=semantic_require,
    )


def parse_catalogue(
    text: str, path: str = "<catalogue>", base_defaults: dict[str, Any] | None = None
) -> tuple[list[Claim], dict[str, Any]]:
    """Parse catalogue TOML; return its claims and its [defaults] (merged over `base_defaults`)."""
    src = _Source(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogueError(
            f"not valid TOML: {exc}", path=path, line=int(match.group(1)) if match else None
        ) from exc
    for key in data:
        if key not in ("claims", "defaults"):
            src.error("unknown top-level key (expected 'claims' and 'defaults')", key=key)
    defaults = {lang: dict(v) for lang, v in (base_defaults or {}).items()}
    for lang, table in data.get("defaults", {}).items():
        if lang not in LANGUAGES or not isinstance(table, dict):
            src.error("expected [defaults.en] / [defaults.ar] tables", key=f"defaults.{lang}")
        for key in table:
            if key not in _DEFAULT_KEYS:
                src.error(
                    f"unknown key (expected one of {sorted(_DEFAULT_KEYS)})",
                    key=f"defaults.{lang}.{key}",
                )
        defaults.setdefault(lang, {}).update(table)
    claims_table = data.get("claims", {})
    if not isinstance(claims_table, dict):
        src.error("must be a table of claims", key="claims")
    claims = [_claim(src, cid, table, defaults) for cid, table in claims_table.items()]
    return claims, defaults


def _guards(defaults: dict[str, Any], path: str) -> dict[str, LanguageRules]:
    """The [defaults] exclusions per language, as rules of their own."""
    src = _Source(path, "")
    return {
        lang: LanguageRules(
            exclude=_terms(src, table.get("exclude", []), None, f"defaults.{lang}.exclude"),
            exclude_patterns=_patterns(
                src, table.get("exclude_patterns", []), None, f"defaults.{lang}.exclude_patterns"
            ),
        )
        for lang, table in defaults.items()
    }


_BUILTIN = ("monitor", "data/claims.toml")


def _builtin_text() -> str:
    package, name = _BUILTIN
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)  # a run checks the configuration's catalogue, then crawls with it
def _builtin_catalogue() -> tuple[tuple[Claim, ...], dict[str, Any]]:
    """The built-in claims (frozen) and their [defaults], parsed once per process."""
    builtin, defaults = parse_catalogue(_builtin_text(), "monitor/data/claims.toml")
    return tuple(builtin), defaults


def load_catalogue(
    path: Path | str | None = None, mode: CatalogueMode = CatalogueMode.EXTEND
) -> Catalogue:
    """Load the built-in catalogue, extended (claims added or overridden by id) or replaced by
    the catalogue at `path`. A malformed catalogue raises CatalogueError naming file, claim, key.
    """
    if mode not in tuple(CatalogueMode):
        raise CatalogueError(
            f"unknown catalogue mode {mode!r} (extend or replace)", key="claims.mode"
        )
    builtin, defaults = _builtin_catalogue()
    if path is None:
        return Catalogue(builtin, _guards(defaults, "monitor/data/claims.toml"))
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read the claim catalogue: {exc}", path=str(path)) from exc
    user, user_defaults = parse_catalogue(
        text, str(path), defaults if mode == CatalogueMode.EXTEND else None
    )
    if mode == CatalogueMode.REPLACE:
        if not user:
            raise CatalogueError("the catalogue has no claims", path=str(path), key="claims")
        return Catalogue(tuple(user), _guards(user_defaults, str(path)))
    merged = {claim.id: claim for claim in builtin}
    merged.update({claim.id: claim for claim in user})
    return Catalogue(tuple(merged.values()), _guards(user_defaults, str(path)))
