"""An Atom 1.0 feed of alerted stories, so any feed reader can follow the alerts."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime

from monitor.alerting import Story, StoryArticle
from monitor.safe_text import clean_text, language_tag, safe_link

__all__ = ["ATOM_NS", "build_feed", "entry_id", "feed_id"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TITLE_LENGTH = 300
_GENERATOR = "sora-monitor"

ET.register_namespace("", ATOM_NS)


def _tag(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _utc(moment: datetime) -> datetime:
    # Naive datetimes in this project are UTC by convention.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _rfc3339(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def entry_id(story_key: str, instance: str) -> str:
    """Return the stable Atom id of a story: a name-based UUID of the story's key within the
    database `instance` (a UUID), so two databases never share an id."""
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(instance), story_key)}"


def feed_id(instance: str) -> str:
    """Return the stable Atom id of the alerts feed of the database `instance`."""
    return entry_id("alerts-feed", instance)


def _text(parent: ET.Element, name: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attrib)
    element.text = text
    return element


def _describe(article: StoryArticle) -> str:
    parts = [clean_text(article.outlet) or "unknown outlet"]
    if article.language:
        parts.append(language_tag(article.language) or "unknown language")
    if article.published_at is not None:
        parts.append(_rfc3339(article.published_at))
    return ", ".join(parts)


def _summary(story: Story) -> str:
    # Plain text (type="text"): the reader escapes it, so nothing in a title can become markup.
    lines = [f"Reported by {_describe(story.headline)}."]
    if story.claims:
        claims = []
        for claim_id in story.claims:
            text = clean_text(story.claim_texts.get(claim_id, ""))
            claims.append(f"{clean_text(claim_id)}: {text}" if text else clean_text(claim_id))
        lines.append("Claims: " + "; ".join(claims) + ".")
    if story.others:
        others = "; ".join(
            f"{clean_text(a.title, _TITLE_LENGTH)} ({_describe(a)})" for a in story.others
        )
        lines.append(f"Also reported by: {others}.")
    return "\n".join(lines)


def _entry(feed: ET.Element, story: Story, alerted_at: datetime, instance: str) -> None:
    headline = story.headline
    entry = ET.SubElement(feed, _tag("entry"))
    language = language_tag(headline.language)
    if language:
        entry.set(_XML_LANG, language)
    _text(entry, "id", entry_id(story.key, instance))
    _text(entry, "title", clean_text(headline.title, _TITLE_LENGTH) or "(untitled)", type="text")
    _text(entry, "updated", _rfc3339(alerted_at))
    if headline.published_at is not None:
        _text(entry, "published", _rfc3339(headline.published_at))
    author = ET.SubElement(entry, _tag("author"))
    _text(author, "name", clean_text(headline.outlet) or "unknown outlet")
    link = safe_link(headline.url)
    if link:
        ET.SubElement(entry, _tag("link"), {"rel": "alternate", "type": "text/html", "href": link})
    for other in story.others:
        other_link = safe_link(other.url)
        if other_link:
            ET.SubElement(entry, _tag("link"), {"rel": "related", "href": other_link})
    for claim_id in story.claims:
        ET.SubElement(entry, _tag("category"), {"term": clean_text(claim_id)})
    # content (not summary): RFC 4287 then allows an entry without an http(s) alternate link.
    _text(entry, "content", _summary(story), type="text")


def build_feed(
    stories: Sequence[tuple[Story, datetime]],
    *,
    instance: str,
    title: str,
    self_url: str | None,
    updated: datetime | None = None,
) -> bytes:
    """Return a UTF-8 Atom 1.0 document of the alerted stories, newest alert first.

    Each pair is a story and when it was alerted (the entry's `updated`). The feed's `updated`
    is the newest alert time, else `updated`, else now: an empty feed is still valid.
    """
    ordered = sorted(stories, key=lambda pair: (_utc(pair[1]), pair[0].key), reverse=True)
    feed = ET.Element(_tag("feed"))
    _text(feed, "id", feed_id(instance))
    _text(feed, "title", clean_text(title) or "sora-monitor alerts", type="text")
    newest = ordered[0][1] if ordered else (updated or datetime.now(UTC))
    _text(feed, "updated", _rfc3339(newest))
    _text(feed, "generator", _GENERATOR)
    author = ET.SubElement(feed, _tag("author"))
    _text(author, "name", "sora-monitor")
    link = safe_link(self_url)
    if link:
        ET.SubElement(
            feed, _tag("link"), {"rel": "self", "type": "application/atom+xml", "href": link}
        )
    for story, alerted_at in ordered:
        _entry(feed, story, alerted_at, instance)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
