"""Consistency checks on the labelled evaluation set in tests/data/eval (labels.toml + articles)."""

from __future__ import annotations

import html
import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "data" / "eval"
LABELS = EVAL_DIR / "labels.toml"
CATALOGUE = ROOT / "monitor" / "data" / "claims.toml"
SEED = ROOT / "monitor" / "data" / "seed" / "sora-seed-article.ar.txt"
NOT_ARTICLES = {"labels.toml", "README.md"}

# The fixed ids of the seed story's claims; the shipped catalogue must agree (checked below).
CLAIM_IDS = frozenset({
    "openai-valuation-150b", "sora-announced-february", "source-code-leaked",
    "leaked-on-hugging-face", "video-gen-endpoint", "release-delayed-gemini", "videos-spread-on-x",
    "ten-seconds-1080p", "leaked-by-testers", "artists-unpaid-rnd", "pr-stunt",
    "shut-down-three-hours", "leakers-anonymous", "threat-to-creators", "available-2024",
})
# Claims that only a report of the leak can carry: they must never be labelled on other articles.
LEAK_CLAIMS = frozenset({
    "source-code-leaked", "leaked-on-hugging-face", "video-gen-endpoint", "videos-spread-on-x",
    "ten-seconds-1080p", "leaked-by-testers", "artists-unpaid-rnd", "pr-stunt",
    "shut-down-three-hours", "leakers-anonymous",
})
# The variant conventions documented at the top of labels.toml.
VARIANT_RULES = {
    "openai-valuation-150b": re.compile(r"\$\d+ billion"),
    "shut-down-three-hours": re.compile(r"\d+ hours?"),
    "ten-seconds-1080p": re.compile(r"10 seconds, 1080p|10 seconds|1080p"),
    "sora-announced-february": re.compile(r"February 2024"),
    "available-2024": re.compile(r"2024"),
}
NEGATIVE_KINDS = {
    "negative-kingdom-hearts", "negative-smash-bros", "negative-soranews24", "negative-person",
    "negative-japanese-word", "negative-drone-sora", "negative-quran-surah",
    "negative-openai-no-sora", "negative-ai-video-no-sora", "negative-hugging-face-other-leak",
    "negative-other-sora",
}
# How a figure may be written in an article, for checking that a labelled variant is really there.
NUMBER_WORDS = {"3": ("three", "ثلاث"), "10": ("ten", "عشر")}


def _articles() -> list[dict]:
    with open(LABELS, "rb") as handle:
        return tomllib.load(handle)["article"]


ARTICLES = _articles()


def _text(name: str) -> str:
    """The article's readable text: tags stripped from HTML pages, digits made ASCII."""
    raw = (EVAL_DIR / name).read_text(encoding="utf-8")
    if name.endswith(".html"):
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw)


def _count(kind: str, language: str | None = None) -> int:
    return sum(1 for a in ARTICLES
               if a["kind"] == kind and (language is None or a["language"] == language))


def test_labels_have_the_documented_fields_and_types():
    for article in ARTICLES:
        assert isinstance(article["file"], str) and article["file"], article
        assert article["language"] in {"ar", "en"}, article["file"]
        for flag in ("relevant", "leak_report", "seed_copy"):
            assert isinstance(article[flag], bool), (article["file"], flag)
        assert isinstance(article["kind"], str) and article["kind"], article["file"]
        assert isinstance(article["note"], str) and article["note"], article["file"]
        assert isinstance(article.get("claims", {}), dict), article["file"]


def test_every_file_exists_and_is_listed_exactly_once():
    listed = Counter(a["file"] for a in ARTICLES)
    assert [name for name, n in listed.items() if n > 1] == []
    on_disk = {p.name for p in EVAL_DIR.iterdir() if p.is_file()} - NOT_ARTICLES
    assert sorted(set(listed) - on_disk) == [], "labelled but missing"
    assert sorted(on_disk - set(listed)) == [], "on disk but not labelled"
    assert all(name.endswith((".html", ".txt")) for name in listed)


def test_claim_ids_are_the_catalogue_ids():
    with open(CATALOGUE, "rb") as handle:
        assert set(tomllib.load(handle)["claims"]) == CLAIM_IDS
    for article in ARTICLES:
        unknown = set(article.get("claims", {})) - CLAIM_IDS
        assert not unknown, (article["file"], unknown)


def test_variants_follow_the_conventions():
    for article in ARTICLES:
        for claim, variant in article.get("claims", {}).items():
            rule = VARIANT_RULES.get(claim)
            if rule is None:
                assert variant == "", (article["file"], claim, variant)
            else:
                assert rule.fullmatch(variant), (article["file"], claim, variant)


def test_labelled_figures_occur_in_the_article():
    for article in ARTICLES:
        text = _text(article["file"]).lower()
        for claim, variant in article.get("claims", {}).items():
            if claim == "sora-announced-february":
                # "last February" is labelled "February 2024" too: only the month must be there.
                assert "february" in text or "فبراير" in text, (article["file"], claim)
                continue
            for number in re.findall(r"\d+", variant):
                forms = (number, *NUMBER_WORDS.get(number, ()))
                assert any(form in text for form in forms), (article["file"], claim, variant)


def test_label_logic_is_consistent():
    for article in ARTICLES:
        name, claims = article["file"], set(article.get("claims", {}))
        if article["leak_report"]:
            assert article["relevant"], name
        if article["seed_copy"]:
            assert article["relevant"] and article["language"] == "ar", name
        assert article["seed_copy"] == (article["kind"] == "seed-copy"), name
        if not article["relevant"]:
            assert not claims, name
            assert article["kind"] in NEGATIVE_KINDS, name
        if not article["leak_report"]:
            assert not claims & LEAK_CLAIMS, (name, claims & LEAK_CLAIMS)
        if article["kind"] in {"leak", "leak-independent", "seed-copy"}:
            assert article["leak_report"] and claims, name
        if article["kind"] == "sora-news":
            assert article["relevant"] and not article["leak_report"], name


def test_counts_meet_the_minimums():
    assert len(ARTICLES) >= 48
    languages = Counter(a["language"] for a in ARTICLES)
    assert min(languages["ar"], languages["en"]) >= 0.4 * len(ARTICLES), languages
    pages = sum(1 for a in ARTICLES if a["file"].endswith(".html"))
    assert 0.45 * len(ARTICLES) <= pages <= 0.55 * len(ARTICLES), pages
    for language in ("ar", "en"):
        assert _count("leak", language) >= 5, language
        assert _count("sora-news", language) >= 4, language
        negatives = sum(1 for a in ARTICLES if not a["relevant"] and a["language"] == language)
        assert negatives >= 6, language
    assert _count("leak") >= 12
    assert _count("leak-independent") >= 4
    assert _count("seed-copy") >= 6
    assert _count("sora-news") >= 8
    assert {a["kind"] for a in ARTICLES if not a["relevant"]} == NEGATIVE_KINDS
    for claim in CLAIM_IDS:
        carriers = [a for a in ARTICLES if claim in a.get("claims", {})]
        assert {a["language"] for a in carriers} == {"ar", "en"}, claim


@pytest.mark.parametrize("name", sorted(a["file"] for a in ARTICLES))
def test_files_are_utf8_and_well_formed(name):
    data = (EVAL_DIR / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    text = data.decode("utf-8")
    if name.endswith(".txt"):
        title, blank, body = text.split("\n", 2)
        assert title.strip() and blank == "" and body.strip(), name
        assert not title.startswith("<")
    else:
        assert text.lstrip().lower().startswith("<!doctype html>")
        for marker in ("<html lang=", "<title>", "<nav", "<footer", "cookie"):
            assert marker in text.lower(), (name, marker)


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text)
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_seed_copies_reuse_the_seed_and_other_articles_do_not():
    # Containment of the seed's word 4-grams: a truncated copy keeps about half of them, a
    # transliterated one most; independent coverage quoting a phrase or a paragraph a few percent.
    seed = _shingles(SEED.read_text(encoding="utf-8"))
    for article in ARTICLES:
        contained = len(seed & _shingles(_text(article["file"]))) / len(seed)
        if article["seed_copy"]:
            assert contained >= 0.4, (article["file"], contained)
        else:
            assert contained <= 0.1, (article["file"], contained)
