"""Checks that the bundled sample news web of `sora-monitor demo` is consistent and parseable."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import pytest

DEMO = Path(str(files("cli") / "data" / "demo"))
SEED = Path(str(files("monitor") / "data" / "seed" / "sora-seed-article.ar.txt"))
BASE = "http://127.0.0.1:43123"

# The default catalogue's ids (the seed story's 15 claims); the demo must use no others.
CLAIM_IDS = {
    "openai-valuation-150b",
    "sora-announced-february",
    "source-code-leaked",
    "leaked-on-hugging-face",
    "video-gen-endpoint",
    "release-delayed-gemini",
    "videos-spread-on-x",
    "ten-seconds-1080p",
    "leaked-by-testers",
    "artists-unpaid-rnd",
    "pr-stunt",
    "shut-down-three-hours",
    "leakers-anonymous",
    "threat-to-creators",
    "available-2024",
}
FIGURE_CLAIMS = {"openai-valuation-150b", "ten-seconds-1080p", "shut-down-three-hours"}
ROLES = {"leak", "syndicated", "seed-copy", "non-leak", "negative"}
FEED_FORMATS = {"feed.xml": "rss20", "rss.xml": "rss20", "atom.xml": "atom10"}


def served(path: Path) -> str:
    """A file's text as the demo server sends it."""
    return path.read_text(encoding="utf-8").replace("{{BASE}}", BASE)


class Page(HTMLParser):
    """Collects what the tests need from an article page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.canonical: list[str | None] = []
        self.meta: dict[str, str | None] = {}
        self.paragraphs: list[str] = []
        self._in_article = 0
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href"))
        elif tag == "meta" and a.get("property"):
            self.meta[a["property"] or ""] = a.get("content")
        elif tag == "article":
            self._in_article += 1
        # Body paragraphs carry no class; bylines, standfirsts and tags do.
        elif tag == "p" and self._in_article and "class" not in a:
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag == "p" and self._para is not None:
            self.paragraphs.append(" ".join("".join(self._para).split()))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._para is not None:
            self._para.append(data)


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def article_files() -> set[str]:
    """Paths of the article pages: every HTML file but home pages and the admin page."""
    out = set()
    for f in DEMO.rglob("*.html"):
        rel = "/" + f.relative_to(DEMO).as_posix()
        if f.name != "index.html":
            out.add(rel)
    return out


def table(name: str) -> list[dict[str, str]]:
    """The rows of a README table between `<!-- name:start -->` and `<!-- name:end -->`."""
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert m, f"README.md has no {name} block"
    lines = [ln.strip() for ln in m.group(1).strip().splitlines()]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert set(lines[1].replace("|", "").strip()) == {"-"}
    rows = []
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        assert len(cells) == len(header), ln
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def parse_claims(cell: str) -> dict[str, str | None]:
    if cell == "-":
        return {}
    out: dict[str, str | None] = {}
    for part in cell.split("; "):
        m = re.fullmatch(r"([a-z0-9-]+)(?: \((.+)\))?", part)
        assert m, f"bad claim entry {part!r}"
        assert m.group(1) not in out, f"claim {m.group(1)} listed twice"
        out[m.group(1)] = m.group(2)
    return out


def yes_no(cell: str) -> bool:
    assert cell in {"yes", "no"}, cell
    return cell == "yes"


def body(rel: str) -> str:
    """The article's body text (its unclassed paragraphs), from its answer-key path."""
    return " ".join(parse_page(DEMO / rel.lstrip("/")).paragraphs)


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


KEY = table("answer-key")
BY_PATH = {row["path"]: row for row in KEY}


def sources() -> list[dict]:
    return tomllib.loads((DEMO / "sources.toml").read_text(encoding="utf-8"))["sources"]


def feed_paths() -> list[Path]:
    return [DEMO / src["url"].removeprefix("{{BASE}}/") for src in sources()]


def parsed_feed(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(served(path).encode("utf-8"))


def test_sources_list_one_feed_per_outlet() -> None:
    srcs = sources()
    assert len(srcs) >= 4
    assert len({s["name"] for s in srcs}) == len(srcs)
    outlets = {s["url"].removeprefix("{{BASE}}/").split("/")[0] for s in srcs}
    assert outlets == {row["outlet"] for row in KEY}
    for s in srcs:
        assert s["kind"] == "feed"
        assert s["url"].startswith("{{BASE}}/")
        assert s["language"] in {"ar", "en"}
    assert {s["language"] for s in srcs} == {"ar", "en"}


@pytest.mark.parametrize("path", feed_paths(), ids=lambda p: p.relative_to(DEMO).as_posix())
def test_feed_parses_cleanly(path: Path) -> None:
    d = parsed_feed(path)
    assert d.bozo == 0, d.get("bozo_exception")
    assert d.version == FEED_FORMATS[path.name]
    assert d.feed.title and d.entries
    for e in d.entries:
        assert e.title and e.summary and e.id
        assert e.link.startswith(BASE + "/")
        assert e.get("published_parsed") or e.get("updated_parsed")


def test_feed_links_resolve_and_cover_every_article_once() -> None:
    seen: dict[str, list[str]] = {}
    with_query = []
    for path in feed_paths():
        outlet = path.relative_to(DEMO).parts[0]
        lang = next(s["language"] for s in sources() if f"/{outlet}/" in s["url"])
        for e in parsed_feed(path).entries:
            url = urlsplit(e.link)
            assert (DEMO / url.path.lstrip("/")).is_file(), e.link
            assert url.path.startswith(f"/{outlet}/"), "a feed links another outlet's article"
            assert BY_PATH[url.path]["language"] == lang
            if url.query:
                with_query.append(url.query)
            seen.setdefault(url.path, []).append(outlet)
    assert set(seen) == article_files()
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    assert with_query == ["utm_source=rss&utm_campaign=x"]


def test_feed_dates_match_pages() -> None:
    for path in feed_paths():
        for e in parsed_feed(path).entries:
            when = e.get("published_parsed") or e.updated_parsed
            page = datetime.fromisoformat(BY_PATH[urlsplit(e.link).path]["published"])
            assert datetime(*when[:6], tzinfo=UTC) == page.astimezone(UTC), e.link


@pytest.mark.parametrize("rel", sorted(article_files()))
def test_article_page_metadata(rel: str) -> None:
    page = parse_page(DEMO / rel.lstrip("/"))
    row = BY_PATH[rel]
    assert page.canonical == ["{{BASE}}" + rel]
    published = page.meta.get("article:published_time")
    assert published == row["published"]
    assert datetime.fromisoformat(published).tzinfo is not None
    assert page.html_attrs.get("lang") == row["language"]
    if row["language"] == "ar":
        assert page.html_attrs.get("dir") == "rtl"
    assert 4 <= len(page.paragraphs) <= (20 if row["role"] == "seed-copy" else 8)


def test_answer_key_matches_files() -> None:
    assert len(KEY) == len(BY_PATH), "a path is listed twice"
    assert set(BY_PATH) == article_files()
    for row in KEY:
        rel = row["path"]
        assert rel.split("/")[1] == row["outlet"]
        assert row["role"] in ROLES
        relevant, leak, copy = (yes_no(row[k]) for k in ("relevant", "leak_report", "seed_copy"))
        assert relevant == (row["role"] != "negative")
        assert leak == (row["role"] in {"leak", "syndicated", "seed-copy"})
        assert copy == (row["role"] == "seed-copy")
        claims = parse_claims(row["claims"])
        assert set(claims) <= CLAIM_IDS
        assert relevant or not claims, "an irrelevant article carries a claim"
        text = body(rel)
        for cid, variant in claims.items():
            assert (variant is not None) == (cid in FIGURE_CLAIMS), (rel, cid)
            for figure in (variant or "").split(" + "):
                assert figure in text, f"{rel}: figure {figure!r} of {cid} is not in the text"


def test_answer_key_spread() -> None:
    published = [datetime.fromisoformat(r["published"]).astimezone(UTC) for r in KEY]
    assert published == sorted(published), "rows are in publication order"
    in_2024 = [p for p in published if p.year == 2024]
    assert min(in_2024).date().isoformat() == "2024-11-26"
    assert max(in_2024).date().isoformat() == "2024-12-12"
    assert {p.year for p in published} == {2024, 2025}
    roles = [r["role"] for r in KEY]
    assert roles.count("seed-copy") == 1
    assert roles.count("syndicated") == 2
    assert roles.count("negative") >= 4
    assert {r["language"] for r in KEY if r["role"] == "leak"} == {"ar", "en"}
    assert {r["language"] for r in KEY if r["role"] == "non-leak"} == {"ar", "en"}
    carried = set().union(*(parse_claims(r["claims"]) for r in KEY))
    assert carried == CLAIM_IDS


def test_claim_totals_match_answer_key() -> None:
    totals = {r["claim"]: r for r in table("claim-totals")}
    assert set(totals) == CLAIM_IDS
    for cid, row in totals.items():
        carriers = [r for r in KEY if cid in parse_claims(r["claims"])]
        assert int(row["articles"]) == len(carriers), cid
        assert int(row["ar"]) == sum(r["language"] == "ar" for r in carriers), cid
        assert int(row["en"]) == sum(r["language"] == "en" for r in carriers), cid
        first = min(carriers, key=lambda r: datetime.fromisoformat(r["published"]))
        assert row["first"] == first["path"], cid
        variants = {parse_claims(r["claims"])[cid] for r in carriers} - {None}
        assert set(row["variants"].split("; ")) - {"-"} == variants, cid


def test_counts_match_answer_key() -> None:
    counts = {r["measure"]: int(r["value"]) for r in table("counts")}
    flag = {k: [yes_no(r[k]) for r in KEY] for k in ("relevant", "leak_report", "seed_copy")}
    leak_stories = {r["story"] for r in KEY if r["leak_report"] == "yes" and r["seed_copy"] == "no"}
    assert counts == {
        "articles": len(KEY),
        "relevant": sum(flag["relevant"]),
        "leak_reports": sum(flag["leak_report"]),
        "seed_copies": sum(flag["seed_copy"]),
        "negatives": len(KEY) - sum(flag["relevant"]),
        "arabic": sum(r["language"] == "ar" for r in KEY),
        "english": sum(r["language"] == "en" for r in KEY),
        "stories": len({r["story"] for r in KEY}),
        "alerting_leak_stories": len(leak_stories),
    }
    assert 20 <= counts["articles"] <= 24


def test_duplicates_are_exactly_the_declared_ones() -> None:
    """The seed copy is near the seed, a story's articles are near each other, nothing else is."""
    texts = {r["path"]: shingles(body(r["path"])) for r in KEY}
    seed = shingles(SEED.read_text(encoding="utf-8"))
    for row in KEY:
        similarity = jaccard(texts[row["path"]], seed)
        if row["seed_copy"] == "yes":
            assert similarity > 0.85
        else:
            assert similarity < 0.1, row["path"]
    paths = sorted(texts)
    for i, a in enumerate(paths):
        for b in paths[i + 1 :]:
            similarity = jaccard(texts[a], texts[b])
            if BY_PATH[a]["story"] == BY_PATH[b]["story"]:
                assert similarity > 0.8, (a, b)
            else:
                assert similarity < 0.3, (a, b)
    stories = [r["story"] for r in KEY]
    shared = {s for s in stories if stories.count(s) > 1}
    assert {r["role"] for r in KEY if r["story"] in shared} == {"syndicated"}


def test_negatives_only_look_like_sora_news() -> None:
    for row in KEY:
        text = body(row["path"])
        names_sora = re.search(r"sora|سورا", text, re.I) is not None
        if row["relevant"] == "yes":
            assert "Sora" in text, row["path"]
        else:
            # each negative either uses the name, a surah, or is OpenAI news without Sora
            assert names_sora or "سورة" in text or "OpenAI" in text, row["path"]
    negatives = [r for r in KEY if r["role"] == "negative"]
    texts = [body(r["path"]) for r in negatives]
    assert any("OpenAI" in t and not re.search("sora", t, re.I) for t in texts)
    assert any("سورة" in t for t in texts)
    assert any("Kingdom Hearts" in t for t in texts)
    assert any("SoraNews24" in t for t in texts)


def test_robots_keeps_crawlers_out_of_admin_only() -> None:
    robots = RobotFileParser()
    robots.parse(served(DEMO / "robots.txt").splitlines())
    assert not robots.can_fetch("sora-monitor", BASE + "/admin/")
    for rel in article_files():
        assert robots.can_fetch("sora-monitor", BASE + rel)
    assert (DEMO / "admin" / "index.html").is_file()


def test_home_pages_and_sitemap_list_every_article() -> None:
    sitemap = served(DEMO / "sitemap.xml")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(loc.removeprefix(BASE) for loc in locs) == sorted(article_files())
    index = (DEMO / "index.html").read_text(encoding="utf-8")
    for outlet in {r["outlet"] for r in KEY}:
        assert f'href="/{outlet}/"' in index
        home = (DEMO / outlet / "index.html").read_text(encoding="utf-8")
        linked = set(re.findall(r'href="(/[^"#?]+\.html)"', home))
        assert linked == {r["path"] for r in KEY if r["outlet"] == outlet}


def test_routes_point_at_files_and_publication_times() -> None:
    routes = tomllib.loads((DEMO / "_routes.toml").read_text(encoding="utf-8"))
    for path, spec in routes.items():
        assert (DEMO / path.lstrip("/")).is_file(), path
        assert set(spec) <= {"content_type", "last_modified"}, path
    for row in KEY:
        stamp = parsedate_to_datetime(routes[row["path"]]["last_modified"])
        assert stamp == datetime.fromisoformat(row["published"]), row["path"]
    for path in feed_paths():
        spec = routes["/" + path.relative_to(DEMO).as_posix()]
        when = [e.published_parsed for e in parsed_feed(path).entries]
        newest = max(datetime(*w[:6], tzinfo=UTC) for w in when)
        assert parsedate_to_datetime(spec["last_modified"]) == newest
        if path.name == "atom.xml":
            assert spec["content_type"] == "application/atom+xml"


def test_text_files_are_utf8_with_only_the_base_placeholder() -> None:
    for f in DEMO.rglob("*"):
        if f.is_file():
            text = f.read_text(encoding="utf-8")
            assert "\ufffd" not in text
            assert re.sub(r"\{\{BASE\}\}", "", text).count("{{") == 0, f
