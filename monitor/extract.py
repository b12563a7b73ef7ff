"""Main-text and metadata extraction from an article page (trafilatura, plus exact timestamps)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
import trafilatura.metadata as trafilatura_metadata
from lxml import etree
from trafilatura.settings import Document, set_date_params

from monitor.jsonld import json_ld_objects
from monitor.safe_text import strip_escape_sequences

logger = logging.getLogger(__name__)


def _no_categories_or_tags(*_args: object, **_kwargs: object) -> list[str]:
    return []


def _no_license(*_args: object, **_kwargs: object) -> None:
    return None


# trafilatura works out every page's categories, tags and licence (~2 ms of ~24 on real news
# pages); nothing here reads them, so in this process those steps find nothing.
if hasattr(trafilatura_metadata, "extract_catstags"):
    trafilatura_metadata.extract_catstags = _no_categories_or_tags
if hasattr(trafilatura_metadata, "extract_license"):
    trafilatura_metadata.extract_license = _no_license

# Meta tags and JSON-LD keys that carry a full publication timestamp. trafilatura's own date
# (htmldate) is a day only; spread reports bucket by the hour, so the time matters.
# Numeric references to C0/C1 control characters (`&#27;` is ESC) make lxml give up on the
# whole document; they carry nothing worth keeping, so they go before parsing.
_CONTROL_REFERENCES = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|12[7-9]|1[3-5][0-9])"
    r"|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F]));"
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ESC written as a reference starts a terminal escape sequence like a raw ESC does: both go
# whole (`&#27;[31m`), or "[31m" would be left in titles as litter.
_ESC_REFERENCE = re.compile(r"&#(?:0*27|[xX]0*1[bB]);")

DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
)
_DATE_META_KEYS = frozenset(key.lower() for key in DATE_META)

# trafilatura settings, chosen on the article-extraction-benchmark (benchmarks/extraction.py):
# tables often hold part of the story (F1 0.957 without them, 0.960 with), and favouring
# precision drops "related articles" headline lists, which would otherwise feed relevance and
# claim matching with other stories' words (F1 0.964, above trafilatura's default 0.953).
#
# Dates: htmldate's extensive search reads free text and footers, and turns "© 2019" or a year
# in the body into 2019-01-01, which then claims to be first in the spread reports. Without it
# a page with no date markup gets none, and the feed's date stands in. On htmldate's own 200
# real pages (eval_mediacloud_2020): wrong dates 27 -> 21, no date 5 -> 20, right 168 -> 159.
@dataclass(frozen=True)
class Extracted:
    """What a page says about itself."""

    title: str | None
    text: str
    published_at: datetime | None
    author: str | None
    canonical_url: str | None
    outlinks: tuple[str, ...]
    declared_language: str | None
    description: str | None
    site_name: str | None = None  # the publisher's own name (og:site_name, JSON-LD publisher)


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp as an aware UTC datetime (naive ones taken as UTC)."""
    if not value:
        return None
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _meta_timestamp(tree: lxml.html.HtmlElement) -> datetime | None:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META_KEYS:
            stamp = parse_timestamp(meta.get("content"))
            if stamp is not None:
                return stamp
    for item in json_ld_objects(_json_ld_scripts(tree)):
        stamp = parse_timestamp(str(item.get("datePublished") or ""))
        if stamp is not None:
            return stamp
    for node in tree.iter("time"):
        stamp = parse_timestamp(node.get("datetime"))
        if stamp is not None and stamp.hour + stamp.minute + stamp.second:
            return stamp
    return None


def _site_name(tree: lxml.html.HtmlElement) -> str | None:
    """The name the page gives its publisher: og:site_name, else JSON-LD publisher.name.

    Not trafilatura's `sitename`, which guesses one from the title (a headline with a dot in
    it, "Sora 2.0 leaked ...", became the outlet) or falls back to the host and port.
    """
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:site_name":
            name = (meta.get("content") or "").strip()
            if name:
                return name
    for item in json_ld_objects(_json_ld_scripts(tree)):
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            name = publisher["name"].strip()
            if name:
                return name
    return None


def _json_ld_scripts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            yield script.text


_TAB_NEWLINE = str.maketrans("", "", "\t\r\n")


def _outlinks(tree: lxml.html.HtmlElement, url: str) -> tuple[str, ...]:
    """Links from the article's content to other sites (the article's sources and citations)."""
    containers = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body")
    own_host = urlsplit(url).hostname
    seen: dict[str, None] = {}
    for container in containers[:1]:
        for anchor in container.iter("a"):
            href = anchor.get("href")
            if not href:
                continue
            href = href.strip()
            # Without a scheme or a host (urlsplit drops tabs and newlines anywhere), a link
            # resolves to this page's own host: not an outlink, and no urljoin needed (most
            # links of a page; urljoin took ~5% of an extraction).
            bare = href.translate(_TAB_NEWLINE)
            if ":" not in bare and not bare.startswith("//"):
                continue
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            if parts.scheme in {"http", "https"} and parts.hostname and parts.hostname != own_host:
                seen.setdefault(absolute, None)
    return tuple(seen)


def _document_root(parsed: lxml.html.HtmlElement | None, html: str) -> lxml.html.HtmlElement | None:
    """The <html> element of the page, also for fragments trafilatura declines to parse."""
    if parsed is not None:
        return parsed.getroottree().getroot()
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _clean_markup(html: str) -> str:
    # Each pass only where its characters occur: most pages have none, and a regular expression
    # over 100 kB costs about a millisecond.
    if "&#" in html:
        html = _CONTROL_REFERENCES.sub("", _ESC_REFERENCE.sub("\x1b", html))
    if "\x1b" in html or "\x9b" in html:
        html = strip_escape_sequences(html)
    return _CONTROL_CHARACTERS.sub("", html)


# What of a page's paragraphs `skim` keeps: enough for its language and an exact-copy hash.
SKIM_CHARS = 2000


def _first(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        text = (value if isinstance(value, str) else value.text_content()).strip()
        if text:
            return text
    return None


def skim(html: str, url: str) -> Extracted:
    """What a page says about itself without extracting its article: title, canonical link,
    date, language, description and publisher, and the opening of its paragraphs as `text`.

    For pages that cannot be about Sora (they never name it): one lxml parse, a few
    milliseconds, where a full extraction costs fifteen to thirty.
    """
    tree = _document_root(None, _clean_markup(html))
    if tree is None:
        return Extracted(None, "", None, None, None, (), None, None)
    for junk in tree.xpath("//script|//style|//noscript|//template"):
        junk.drop_tree()
    paragraphs: list[str] = []
    size = 0
    for node in tree.iter("p"):
        text = " ".join(node.text_content().split())
        if text:
            paragraphs.append(text)
            size += len(text)
            if size >= SKIM_CHARS:
                break
    return Extracted(
        title=_first(tree, "//meta[@property='og:title']/@content|//title|//h1"),
        text="\n".join(paragraphs)[:SKIM_CHARS],
        published_at=_meta_timestamp(tree),
        author=_first(tree, "//meta[@name='author']/@content"),
        canonical_url=_first(tree, "//link[@rel='canonical']/@href"),
        outlinks=(),
        declared_language=(tree.get("lang") or "").split("-")[0].lower() or None,
        description=_first(
            tree, "//meta[@name='description']/@content|//meta[@property='og:description']/@content"
        ),
        site_name=_site_name(tree),
    )


def extract(html: str, url: str) -> Extracted:
    """Extract the article from `html` (already decoded) fetched from `url`."""
    html = _clean_markup(html)
    # One parse serves both trafilatura (which copies the tree before changing it) and the
    # reads below (a second parse cost ~1.4 ms of ~35 ms on the benchmark's pages).
    parsed = trafilatura.load_html(html)
    found = trafilatura.bare_extraction(
        parsed if parsed is not None else html,
        url=url,
        date_extraction_params=set_date_params(extensive=False),  # today as the latest date
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    document = found if isinstance(found, Document) else None  # a dict only with as_dict
    tree = _document_root(parsed, html)
    text = ""
    title = author = canonical = description = site_name = None
    if document is not None:
        text = document.text or ""
        title = document.title
        author = document.author
        canonical = document.url
        description = document.description
    published = None
    declared_language = None
    outlinks: tuple[str, ...] = ()
    if tree is not None:
        site_name = _site_name(tree)
        published = _meta_timestamp(tree)
        declared_language = (tree.get("lang") or "").split("-")[0].lower() or None
        outlinks = _outlinks(tree, url)
    if published is None and document is not None and document.date:
        published = parse_timestamp(document.date)
    return Extracted(
        title=title.strip() if title else None,
        text=text.strip(),
        published_at=published,
        author=author,
        canonical_url=canonical,
        outlinks=outlinks,
        declared_language=declared_language,
        description=description,
        site_name=site_name,
    )
