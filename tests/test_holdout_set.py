"""Checks that the blind held-out evaluation set (tests/data/holdout) is labelled consistently."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout"
LABELS = HOLDOUT / "labels.toml"

# The 15 claim ids of the seed story, written out so that this set cannot silently
# follow a renamed catalogue entry.
CLAIM_IDS = frozenset({
    "openai-valuation-150b", "sora-announced-february", "source-code-leaked",
    "leaked-on-hugging-face", "video-gen-endpoint", "release-delayed-gemini",
    "videos-spread-on-x", "ten-seconds-1080p", "leaked-by-testers", "artists-unpaid-rnd",
    "pr-stunt", "shut-down-three-hours", "leakers-anonymous", "threat-to-creators",
    "available-2024",
})
LEAK_ONLY_CLAIMS = frozenset({
    "source-code-leaked", "leaked-on-hugging-face", "video-gen-endpoint", "videos-spread-on-x",
    "ten-seconds-1080p", "leaked-by-testers", "artists-unpaid-rnd", "pr-stunt",
    "shut-down-three-hours", "leakers-anonymous",
})
VARIANTS = {
    "openai-valuation-150b": {"$150 billion", "$157 billion"},
    "shut-down-three-hours": {"3 hours"},
    "ten-seconds-1080p": {"10 seconds, 1080p", "10 seconds", "1080p"},
    "sora-announced-february": {"February 2024"},
    "available-2024": {"2024"},
}
FIELDS = {"file": str, "language": str, "relevant": bool, "leak_report": bool,
          "seed_copy": bool, "kind": str, "note": str, "claims": dict}
KINDS = re.compile(r"^(leak|leak-independent|seed-copy|sora-news|negative-[a-z0-9-]+)$")


def _articles() -> list[dict]:
    with LABELS.open("rb") as fh:
        return tomllib.load(fh)["article"]


ARTICLES = _articles()


def test_labels_parse_with_the_documented_fields_and_types():
    assert len(ARTICLES) == 30
    for art in ARTICLES:
        assert set(art) == set(FIELDS), art.get("file")
        for field, typ in FIELDS.items():
            assert isinstance(art[field], typ), (art["file"], field)
        assert art["language"] in {"ar", "en"}, art["file"]
        assert KINDS.match(art["kind"]), art["file"]
        assert art["note"].strip(), art["file"]


def test_every_file_exists_and_is_listed_exactly_once():
    listed = Counter(art["file"] for art in ARTICLES)
    assert [name for name, n in listed.items() if n > 1] == []
    on_disk = {p.name for p in HOLDOUT.iterdir() if p.suffix in {".html", ".txt"}}
    assert set(listed) == on_disk


def test_claim_ids_are_the_catalogue_ids_and_variants_follow_the_conventions():
    for art in ARTICLES:
        for claim, variant in art["claims"].items():
            assert claim in CLAIM_IDS, (art["file"], claim)
            assert variant in VARIANTS.get(claim, {""}), (art["file"], claim, variant)


def test_label_logic_is_consistent():
    for art in ARTICLES:
        name = art["file"]
        if art["leak_report"]:
            assert art["relevant"], name
        if art["seed_copy"]:
            assert art["language"] == "ar" and art["relevant"] and art["leak_report"], name
            assert art["kind"] == "seed-copy", name
        if not art["relevant"]:
            assert art["kind"].startswith("negative-") and not art["claims"], name
        if not art["leak_report"]:
            assert not LEAK_ONLY_CLAIMS & set(art["claims"]), name
        leak_kinds = {"leak", "leak-independent", "seed-copy"}
        assert art["leak_report"] == (art["kind"] in leak_kinds), name
        assert name.startswith(art["language"] + "-"), name


def test_the_mix_is_the_one_documented_in_the_readme():
    kinds = Counter(a["kind"].split("-")[0] if a["kind"].startswith("negative-") else a["kind"]
                    for a in ARTICLES)
    assert kinds == {"leak": 9, "seed-copy": 3, "leak-independent": 2, "sora-news": 7,
                     "negative": 9}
    assert Counter(a["language"] for a in ARTICLES) == {"ar": 15, "en": 15}
    assert Counter(Path(a["file"]).suffix for a in ARTICLES) == {".html": 15, ".txt": 15}
    claims = Counter(c for a in ARTICLES for c in a["claims"])
    assert set(claims) == CLAIM_IDS


@pytest.mark.parametrize("art", ARTICLES, ids=lambda a: a["file"])
def test_files_are_utf8_and_well_formed(art):
    raw = (HOLDOUT / art["file"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    if art["file"].endswith(".html"):
        assert "<title>" in text and "article:published_time" in text and 'rel="canonical"' in text
        assert re.search(r"<html[^>]*\blang=", text)
    else:
        title, blank, body = text.split("\n", 2)
        assert title.strip() and blank == "" and body.strip()
    # the body language, not the page chrome, decides; on these pages the two agree
    arabic = len(re.findall(r"[\u0600-\u06ff]", text))
    latin = len(re.findall(r"[A-Za-z]", re.sub(r"<[^>]*>", " ", text)))
    assert (arabic > latin) == (art["language"] == "ar")


def test_seed_copies_share_the_seed_text():
    seed = (HOLDOUT / "ar-seed-swapped-retitled.txt").read_text(encoding="utf-8")
    anchor = "المرعب في الأمر أنه لم يتم تسريب المشروع بواسطة فريق من القراصنة"
    for art in ARTICLES:
        text = (HOLDOUT / art["file"]).read_text(encoding="utf-8")
        assert (anchor in text) == art["seed_copy"], art["file"]
    assert anchor in seed
