"""A local news web for throughput measurements: N real-template pages on several hosts, with feeds.

The pages are the 181 real news pages of the article-extraction-benchmark
(../shared/data/pages/article-extraction-benchmark), reused in turn: page i is
`site{k}/article-{i}.html` with k = i mod S + 1, so S sites of N/S articles each. Every page is
the real page parsed and written back by lxml, with one marker sentence ("Corpus article i of
site k.") at the start of its article text, so that no two pages are the same.

With `--sora-share F`, a share F of the pages (chosen by the seed) are real Sora coverage in
Arabic and English, half each: the title and body of one of the project's own labelled Sora
texts (tests/data/eval, tests/data/blind, tests/data/holdout, tests/data/patterns, all written by
the team) put into a real page template. The template's article paragraphs (found through the
benchmark's ground truth), headline, `<title>`, title and description metadata and JSON-LD
article fields are replaced; its navigation, boilerplate, scripts and styles stay. Each such
page is extracted as the monitor would extract it, and a template that does not give the text
and title back is passed over for the next one.

Each site has an RSS 2.0 feed of all its articles (newest first, pubDates 7 minutes apart), a
home page with a `rel=alternate` link to the feed and links to every article, a sitemap and a
robots.txt that allows everything. Feeds, home pages and sitemaps hold the placeholder
`@SITE{k}@` for the site's base URL; `serve.py` fills it in when it starts. `manifest.json`
lists every article (path, site, template, kind, language, title, date).

    python benchmarks/corpus.py --n 1000 --out /tmp/sora-peers/corpus
    python benchmarks/corpus.py --n 1000 --sora-share 0.4 --seed 12 --out DIR
    python benchmarks/corpus.py --n 20 --sora-share 0.5 --out DIR --check   # analyse the pages

Deterministic: the same arguments build the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import email.utils
import gzip
import hashlib
import html
import json
import random
import re
import shutil
import statistics
import sys
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.etree as etree
import lxml.html
from w3lib.encoding import html_to_unicode

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK_DIR = ROOT.parent / "shared" / "data" / "pages" / "article-extraction-benchmark"
DATA = ROOT / "tests" / "data"
LABELLED_SETS = ("eval", "blind/analysis", "blind/claims", "holdout")
PATTERNS = DATA / "patterns" / "patterns.toml"
BASE_TIME = datetime(2024, 12, 10, 12, 0, tzinfo=UTC)
MARKER = "@MARKER@"
FETCH_URL = "http://127.0.0.2/site1/article-0.html"  # any loopback page URL, for the check

_SPACE = re.compile(r"\s+")
_DOCTYPE = re.compile(r"^\s*(<!doctype[^>]*>)", re.I)
# Elements whose text may be a paragraph of the article (the ground truth is matched in them).
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
_TITLE_KEYS = {
    "og:title", "twitter:title", "title", "headline", "dc.title", "sailthru.title",
    "parsely-title",
}
_DESCRIPTION_KEYS = {"description", "og:description", "twitter:description", "dc.description"}
_MIN_MATCH = 30  # characters of ground truth an element must hold to count as article text


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- the real pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A real page, ready to be written out: `page` with the marker placeholder at the start of
    the article text, and `tree` with the article paragraphs found (for a Sora text to replace)."""

    sha: str
    title: str
    page: str  # the page as written back by lxml, MARKER where the marker sentence goes
    doctype: str
    tree: lxml.html.HtmlElement
    paragraphs: tuple[lxml.html.HtmlElement, ...]  # the outermost elements holding article text


def decode(raw: bytes) -> str:
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return html_to_unicode(None, raw)[1]


def _page_title(tree: lxml.html.HtmlElement, fallback: str) -> str:
    for found in tree.xpath("//meta[@property='og:title']/@content|//title/text()"):
        title = norm(str(found))
        if title:
            return title[:200]
    return fallback


def article_elements(tree: lxml.html.HtmlElement, truth: str) -> list[lxml.html.HtmlElement]:
    """The outermost elements of the body whose whole text is a part of the ground truth's
    article text (30 characters or more), in document order."""
    body = tree.find("body")
    if body is None or not truth:
        return []
    whole = norm(truth)
    found: list[lxml.html.HtmlElement] = []
    inside: set[lxml.html.HtmlElement] = set()
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIP:
            continue
        parent = element.getparent()
        if parent in inside:
            inside.add(element)
            continue
        text = norm(element.text_content())
        if len(text) >= _MIN_MATCH and text in whole:
            found.append(element)
            inside.add(element)
    return found


def _serialise(tree: lxml.html.HtmlElement, doctype: str) -> str:
    markup = etree.tostring(tree, method="html", encoding="unicode")
    return f"{doctype}\n{markup}" if doctype else markup


def load_template(path: Path, truth: str) -> Template:
    """One benchmark page with its article paragraphs located (none when they hold less than
    half of its ground truth: then the page is never a Sora text's template) and the marker's
    place at the start of its article text (else right after <body>)."""
    sha = path.name.split(".")[0]
    text = decode(path.read_bytes())
    match = _DOCTYPE.match(text)
    doctype = match.group(1) if match else ""
    tree = lxml.html.document_fromstring(text)
    found = article_elements(tree, truth)
    covered = sum(len(norm(e.text_content())) for e in found)
    paragraphs = tuple(found) if truth and covered >= len(norm(truth)) / 2 else ()
    marked = copy.deepcopy(tree)
    body = marked.find("body")
    if body is None:
        raise ValueError(f"{path}: no <body>")
    spots = article_elements(marked, truth)
    if spots:  # a span inside the first paragraph: part of the text that extractors find
        span = etree.Element("span", {"class": "corpus-marker"})
        span.text = MARKER
        span.tail = " " + (spots[0].text or "")
        spots[0].text = None
        spots[0].insert(0, span)
    else:
        paragraph = etree.Element("p", {"class": "corpus-marker"})
        paragraph.text = MARKER
        body.insert(0, paragraph)
    return Template(
        sha, _page_title(tree, sha[:12]), _serialise(marked, doctype), doctype, tree, paragraphs
    )


class Templates:
    """The benchmark's pages, sorted by id, each parsed when first needed."""

    def __init__(self, src: Path = BENCHMARK_DIR) -> None:
        self.paths = sorted((src / "html").glob("*.html.gz"))
        if not self.paths:
            raise FileNotFoundError(f"no *.html.gz pages under {src / 'html'}")
        truth_file = src / "ground-truth.json"
        self.truths: dict[str, dict[str, Any]] = (
            json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.is_file() else {}
        )
        self.loaded: dict[int, Template] = {}

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> Template:
        if index not in self.loaded:
            path = self.paths[index]
            truth = self.truths.get(path.name.split(".")[0], {}).get("articleBody", "")
            self.loaded[index] = load_template(path, str(truth))
        return self.loaded[index]


# --- the project's own Sora texts ---------------------------------------------------------------


@dataclass(frozen=True)
class SoraText:
    """One labelled text about Sora written by the team: where it comes from, its language,
    title and paragraphs, and its labels."""

    origin: str  # path under tests/data (and the case number for patterns)
    language: str
    title: str
    paragraphs: tuple[str, ...]
    leak_report: bool | None


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def load_sora_texts(data: Path = DATA) -> list[SoraText]:
    """Every labelled text about Sora (relevant, a leak report, or carrying a claim) in the
    project's own sets, read as `sora-monitor analyze` reads them; one copy of each text."""
    from monitor.documents import read_document

    texts: list[SoraText] = []
    for name in LABELLED_SETS:
        folder = data / name
        labels = tomllib.loads((folder / "labels.toml").read_text(encoding="utf-8"))
        for article in labels["article"]:
            about_sora = article.get("relevant", bool(article.get("claims")))
            if not about_sora:
                continue
            document = read_document(str(folder / article["file"]))
            if not document.title or not document.text:
                continue
            texts.append(
                SoraText(
                    f"{name}/{article['file']}", article["language"], document.title,
                    _paragraphs(document.text), article.get("leak_report"),
                )
            )
    cases = []
    if PATTERNS.is_file():
        cases = tomllib.loads(PATTERNS.read_text(encoding="utf-8"))["case"]
    for number, case in enumerate(cases):
        if case.get("relevant") or case.get("leak_report") or case.get("claims"):
            texts.append(
                SoraText(
                    f"patterns/{case['pattern']}#{number}", case["language"], norm(case["title"]),
                    _paragraphs(case["text"]), case.get("leak_report"),
                )
            )
    unique: dict[tuple[str, ...], SoraText] = {}
    for text in texts:
        unique.setdefault(text.paragraphs, text)
    return list(unique.values())


# --- a Sora text in a real page -----------------------------------------------------------------


def _json_ld(value: Any, title: str, body: str, description: str) -> Any:
    if isinstance(value, dict):
        replaced = {}
        for key, item in value.items():
            if key in ("headline", "alternativeHeadline"):
                replaced[key] = title
            elif key == "articleBody":
                replaced[key] = body
            elif key == "description":
                replaced[key] = description
            else:
                replaced[key] = _json_ld(item, title, body, description)
        return replaced
    if isinstance(value, list):
        return [_json_ld(item, title, body, description) for item in value]
    return value


def _same_headline(heading: str, title: str) -> bool:
    heading, title = norm(heading).lower(), title.lower()
    if not heading:
        return False
    if heading in title or title in heading:
        return True
    words, others = set(heading.split()), set(title.split())
    return len(words & others) >= 0.6 * max(1, len(words))


def sora_page(template: Template, text: SoraText) -> str:
    """The template with the text's title and paragraphs in place of its own article."""
    if not template.paragraphs:
        raise ValueError(f"template {template.sha[:12]} has no located article paragraphs")
    tree = copy.deepcopy(template.tree)
    originals = set(map(id, template.paragraphs))
    elements = [
        copied for original, copied in zip(template.tree.iter(), tree.iter(), strict=True)
        if id(original) in originals
    ]
    body = "\n\n".join(text.paragraphs)
    description = text.paragraphs[0][:200]
    first = elements[0]
    for paragraph in text.paragraphs:
        element = etree.Element("p")
        element.text = paragraph
        element.tail = "\n"
        first.addprevious(element)
    for element in elements:
        element.drop_tree()
    for heading in tree.iter("h1"):
        if _same_headline(heading.text_content(), template.title):
            for child in list(heading):
                heading.remove(child)
            heading.text = text.title
    for title in tree.iter("title"):
        title.text = text.title
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _TITLE_KEYS and meta.get("content") is not None:
            meta.set("content", text.title)
        elif key in _DESCRIPTION_KEYS and meta.get("content") is not None:
            meta.set("content", description)
        elif key == "og:locale":
            meta.set("content", "ar_AR" if text.language == "ar" else "en_US")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            script.drop_tree()
            continue
        script.text = json.dumps(_json_ld(data, text.title, body, description), ensure_ascii=False)
    tree.set("lang", text.language)
    if text.language == "ar":
        tree.set("dir", "rtl")
    return _serialise(tree, template.doctype)


def gives_back(page: str, text: SoraText) -> bool:
    """Whether the monitor's extraction finds the text's title and (nine tenths of) its body in
    the page, and not much else (at most a fifth more: a template whose own article text or
    comments come along would change what a short text is found to be)."""
    from monitor.analysis import clean_body, clean_title
    from monitor.extract import extract

    found = extract(page, FETCH_URL)
    if clean_title(found.title) != clean_title(text.title):
        return False
    extracted = norm(clean_body(found.text))
    wanted = [norm(p) for p in text.paragraphs]
    kept = sum(len(p) for p in wanted if p in extracted)
    size = len(norm(" ".join(wanted)))
    return kept >= 0.9 * size and len(extracted) <= 1.2 * size + 100


# --- the web --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    i: int
    site: int
    path: str
    kind: str  # "sora" | "other"
    template: str  # the benchmark page's id (first 12 characters)
    text: str | None  # the Sora text's origin
    language: str | None  # the Sora text's language (None: the benchmark page's own)
    title: str
    pub_date: str
    iso: str
    bytes: int


def _feed(k: int, articles: Sequence[Article]) -> str:
    base = f"@SITE{k}@"
    items = []
    for a in articles:
        link = html.escape(base + a.path)
        items.append(
            f"<item><title>{html.escape(a.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid><pubDate>{a.pub_date}</pubDate>'
            f"<description>Article {a.i} of site {k}.</description></item>"
        )
    last = articles[0].pub_date if articles else email.utils.format_datetime(BASE_TIME)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Site {k} news</title><link>{base}/site{k}/</link>"
        f"<description>Local news site {k}</description><lastBuildDate>{last}</lastBuildDate>\n"
        + "\n".join(items) + "\n</channel></rss>\n"
    )


def _home(k: int, articles: Sequence[Article]) -> str:
    base = f"@SITE{k}@"
    links = "\n".join(
        f'<li><a href="{base}{a.path}">{html.escape(a.title)}</a></li>' for a in articles
    )
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Site {k} news</title>'
        f'<link rel="alternate" type="application/rss+xml" title="Site {k}" '
        f'href="{base}/site{k}/feed.xml"></head>'
        f"<body><h1>Site {k} news</h1><ul>\n{links}\n</ul></body></html>\n"
    )


def _sitemap(k: int, articles: Sequence[Article]) -> str:
    urls = "\n".join(
        f"<url><loc>@SITE{k}@{a.path}</loc><lastmod>{a.iso}</lastmod></url>" for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    )


def _cycle(items: Sequence[Any]) -> Iterator[Any]:
    while True:
        yield from items


@dataclass
class Built:
    out: Path
    articles: list[Article]
    templates: int
    sora_templates: int
    sora_texts: int
    passed_over: int  # template and text pairs whose extraction did not give the text back

    def summary(self) -> str:
        sora = [a for a in self.articles if a.kind == "sora"]
        sizes = [a.bytes for a in self.articles]
        line = (
            f"built {len(self.articles)} articles over "
            f"{len({a.site for a in self.articles})} sites into {self.out}: "
            f"{sum(sizes) / 1e6:.1f} MB of article HTML, median page "
            f"{statistics.median(sizes) / 1e3:.0f} kB; "
            f"{len(self.articles) - len(sora)} from the {self.templates} benchmark pages"
        )
        if sora:
            languages = {lang: sum(a.language == lang for a in sora) for lang in ("ar", "en")}
            line += (
                f", {len(sora)} about Sora ({languages['ar']} Arabic, {languages['en']} English; "
                f"{self.sora_texts} labelled texts in {self.sora_templates} templates, "
                f"{self.passed_over} template pairings passed over)"
            )
        return line


def build(
    out: Path,
    n: int = 1000,
    sites: int = 10,
    sora_share: float = 0.0,
    seed: int = 12,
    src: Path = BENCHMARK_DIR,
) -> Built:
    """Write the web under `out` (replaced) and return what was built."""
    if not 0.0 <= sora_share <= 1.0:
        raise ValueError("the Sora share is between 0 and 1")
    if not 1 <= sites <= 250:
        raise ValueError("between 1 and 250 sites (127.0.0.2 to 127.0.0.251)")
    templates = Templates(src)
    rng = random.Random(seed)
    sora_at = set(rng.sample(range(n), round(n * sora_share)))
    texts = load_sora_texts() if sora_at else []
    by_language = {
        lang: rng.sample(group, len(group))
        for lang in ("ar", "en")
        if (group := [t for t in texts if t.language == lang])
    }
    if sora_at and len(by_language) < 2:
        raise ValueError("the labelled sets hold no Sora texts in both Arabic and English")
    streams = {lang: _cycle(group) for lang, group in by_language.items()}
    # Sora texts take the templates in an order of the seed's, passing over pages whose
    # article paragraphs were not found and pairings whose extraction loses the text.
    template_stream = _cycle(rng.sample(range(len(templates)), len(templates)))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    articles: list[Article] = []
    used_templates: set[str] = set()
    used_texts: set[str] = set()
    passed_over = 0
    sora_count = 0
    for i in range(n):
        k = i % sites + 1
        path = f"/site{k}/article-{i}.html"
        when = BASE_TIME - timedelta(minutes=7 * i)
        if i in sora_at:
            text: SoraText = next(streams["ar" if sora_count % 2 == 0 else "en"])
            sora_count += 1
            for _ in range(len(templates)):
                template = templates[next(template_stream)]
                if not template.paragraphs:
                    continue
                page = sora_page(template, text)
                if gives_back(page, text):
                    break
                passed_over += 1
            else:
                raise RuntimeError(f"no template gives back {text.origin}")
            used_templates.add(template.sha)
            used_texts.add(text.origin)
            kind, title, origin, language = "sora", text.title, text.origin, text.language
        else:
            template = templates[i % len(templates)]
            marker = f"Corpus article {i} of site {k}."
            page = template.page.replace(MARKER, marker)
            kind, title, origin, language = "other", f"{template.title} [site {k} #{i}]", None, None
        data = page.encode("utf-8")
        (out / f"site{k}").mkdir(exist_ok=True)
        (out / path.lstrip("/")).write_bytes(data)
        articles.append(
            Article(
                i, k, path, kind, template.sha[:12], origin, language, title,
                email.utils.format_datetime(when), when.isoformat(), len(data),
            )
        )
    for k in range(1, sites + 1):
        mine = sorted((a for a in articles if a.site == k), key=lambda a: a.iso, reverse=True)
        folder = out / f"site{k}"
        folder.mkdir(exist_ok=True)
        (folder / "feed.xml").write_text(_feed(k, mine), encoding="utf-8")
        (folder / "index.html").write_text(_home(k, mine), encoding="utf-8")
        (folder / "sitemap.xml").write_text(_sitemap(k, mine), encoding="utf-8")
        (folder / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: @SITE{k}@/site{k}/sitemap.xml\n", encoding="utf-8"
        )
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Local news web</title></head>'
        "<body><ul>\n"
        + "\n".join(f'<li><a href="@SITE{k}@/site{k}/">Site {k}</a></li>'
                    for k in range(1, sites + 1))
        + "\n</ul></body></html>\n",
        encoding="utf-8",
    )
    built = Built(out, articles, len(templates), len(used_templates), len(used_texts), passed_over)
    manifest = {
        "n": n, "sites": sites, "sora_share": sora_share, "seed": seed,
        "source_pages": len(templates), "builder": builder(), "digest": _digest(articles),
        "articles": [asdict(a) for a in articles],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    return built


def builder() -> str:
    """This script's version, kept in the manifest: a web built by other code is not reused."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def _digest(articles: Sequence[Article]) -> str:
    return hashlib.sha256(json.dumps([asdict(a) for a in articles]).encode()).hexdigest()[:16]


def check(out: Path, semantic: bool = True) -> dict[str, int]:
    """Analyse every page of a built web as the monitor's pipeline does; count the Sora pages
    found relevant and the other pages found relevant (both should be: all and none).
    Relevance is the rules' verdict: `semantic=False` spares loading the sentence encoder."""
    from monitor.analysis import AnalysisOptions, Page, analyze_page

    options = AnalysisOptions(semantic=semantic)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = {"sora": 0, "sora_relevant": 0, "other": 0, "other_relevant": 0}
    for record in manifest["articles"]:
        url = f"http://127.0.0.{record['site'] + 1}{record['path']}"
        page = (out / record["path"].lstrip("/")).read_text(encoding="utf-8")
        found = analyze_page(Page(url, url, page, BASE_TIME), options)
        relevant = bool(found is not None and found.relevant)
        counts[record["kind"]] += 1
        counts[f"{record['kind']}_relevant"] += relevant
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="A share of Sora pages needs the monitor importable (the project's venv).",
    )
    parser.add_argument("--n", type=int, default=1000, help="article pages (default 1000)")
    parser.add_argument("--sites", type=int, default=10, help="sites, one host each (default 10)")
    parser.add_argument("--sora-share", type=float, default=0.0, metavar="F",
                        help="share of the pages that are Sora coverage (0 to 1, default 0)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--src", type=Path, default=BENCHMARK_DIR,
                        help="the article-extraction-benchmark folder (html/, ground-truth.json)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sora-peers/corpus"),
                        help="output folder (replaced)")
    parser.add_argument("--check", action="store_true",
                        help="then analyse every page and count the relevant ones")
    args = parser.parse_args(argv)
    try:
        built = build(args.out, args.n, args.sites, args.sora_share, args.seed, args.src)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        parser.error(str(exc))
    print(built.summary())
    if args.check:
        counts = check(args.out)
        print(
            f"analysed: {counts['sora_relevant']} of {counts['sora']} Sora pages relevant, "
            f"{counts['other_relevant']} of {counts['other']} other pages relevant"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
