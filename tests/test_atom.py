"""The Atom feed of alerted stories, read back by feedparser and by an XML parser."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone

import feedparser

from cli.atom import ATOM_NS, build_feed, entry_id, feed_id
from monitor.alerting import Story, StoryArticle

INSTANCE = "59395c1f-769c-4d59-bec3-71cbf168b11b"
SELF = "https://alerts.example.org/alerts.xml"


def story(key: str, title: str, *, url: str = "", language: str | None = "en",
          others: tuple[StoryArticle, ...] = (), claims: tuple[str, ...] = ()) -> Story:
    headline = StoryArticle(
        url=url or f"https://news.example/{key}",
        title=title,
        outlet=f"Outlet {key}",
        language=language,
        published_at=datetime(2024, 11, 26, 12, 0, tzinfo=UTC),
    )
    return Story(key=key, headline=headline, others=others, claims=claims,
                 claim_texts={c: f"text of {c}" for c in claims})


def parse(stories, **kwargs):
    kwargs.setdefault("instance", INSTANCE)
    kwargs.setdefault("title", "sora-monitor alerts")
    kwargs.setdefault("self_url", SELF)
    document = build_feed(stories, **kwargs)
    return document, feedparser.parse(document)


def test_round_trip_through_feedparser_newest_first() -> None:
    t0 = datetime(2024, 11, 27, 8, 0, tzinfo=UTC)
    stories = [
        (story("1", "Oldest"), t0),
        (story("3", "Newest"), t0 + timedelta(hours=2)),
        # Written in +03:00, its text sorts after "Newest": ordering compares instants.
        (story("2", "Middle"), (t0 + timedelta(hours=1)).astimezone(timezone(timedelta(hours=3)))),
    ]
    _, parsed = parse(stories)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == feed_id(INSTANCE) and parsed.feed.id.startswith("urn:uuid:")
    assert parsed.feed.title == "sora-monitor alerts"
    assert parsed.feed.updated == "2024-11-27T10:00:00Z"
    assert any(link.rel == "self" and link.href == SELF for link in parsed.feed.links)
    assert [e.title for e in parsed.entries] == ["Newest", "Middle", "Oldest"]
    assert [e.id for e in parsed.entries] == [
        entry_id("3", INSTANCE), entry_id("2", INSTANCE), entry_id("1", INSTANCE)
    ]
    assert parsed.entries[1].updated == "2024-11-27T09:00:00Z"
    assert parsed.entries[0].link == "https://news.example/3"
    assert parsed.entries[0].published == "2024-11-26T12:00:00Z"


def test_entry_ids_are_stable_across_builds() -> None:
    when = datetime(2024, 11, 27, tzinfo=UTC)
    first = parse([(story("cluster 9/ä", "A"), when)])[1]
    later = parse([(story("x", "B"), when + timedelta(days=1)),
                   (story("cluster 9/ä", "A"), when)])[1]
    assert first.entries[0].id == later.entries[1].id == entry_id("cluster 9/ä", INSTANCE)
    assert first.entries[0].id.startswith("urn:uuid:") and " " not in first.entries[0].id
    # The same story key in another database is another story to a feed reader.
    other = parse([(story("cluster 9/ä", "A"), when)], instance=str(uuid.uuid4()))[1]
    assert other.entries[0].id != first.entries[0].id


def test_hostile_titles_are_escaped_text_not_markup() -> None:
    hostile = "Sora <script>alert(1)</script> & \x1b[31mred\x1b[0m ]]> \u202eevil"
    document, parsed = parse([(story("1", hostile), datetime(2024, 11, 27, tzinfo=UTC))])
    assert parsed.bozo == 0
    assert b"<script" not in document and b"\x1b" not in document
    assert "\u202e".encode() not in document
    entry = parsed.entries[0]
    assert entry.title == "Sora <script>alert(1)</script> & red ]]> evil"
    assert entry.title_detail.type == "text/plain"
    # A strict XML parser agrees: the title is text, the entry holds no script element.
    root = ET.fromstring(document)
    assert root.find(f".//{{{ATOM_NS}}}script") is None


def test_only_http_links_and_languages_per_entry() -> None:
    arabic = story("ar1", "تسريب سورا", url="javascript:alert(1)", language="ar",
                   others=(StoryArticle("https://other.example/x", "copy", "Other", "en", None),
                           StoryArticle("data:text/html,x", "bad", "Bad", "en", None)),
                   claims=("shut-down-three-hours",))
    document, parsed = parse([(arabic, datetime(2024, 11, 27, tzinfo=UTC))], self_url="file:///x")
    assert parsed.bozo == 0
    assert b"javascript:" not in document and b"data:text" not in document
    assert b"file:///x" not in document
    entry = parsed.entries[0]
    assert entry.title_detail.language == "ar"
    hrefs = [link.href for link in entry.links]
    assert hrefs == ["https://other.example/x"]
    assert entry.tags[0].term == "shut-down-three-hours"
    assert "text of shut-down-three-hours" in entry.content[0].value


def test_empty_feed_is_valid() -> None:
    fixed = datetime(2024, 11, 27, 8, 0, tzinfo=UTC)
    _, parsed = parse([], updated=fixed)
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated == "2024-11-27T08:00:00Z"
