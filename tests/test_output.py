"""Output formats read back the way their readers read them: Markdown through a CommonMark
renderer with GFM tables, so escaping is checked by what a reader sees, not by string shape;
terminal tables at several widths, checked for what a reader needs whole (ids, dates, URLs)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len

from cli.output import Column, _plain, fit_columns, render, to_markdown

COLUMNS = (Column("title", "title"), Column("url", "url"))


def rendered_cells(rows: list[dict[str, str]]) -> list[str]:
    html = MarkdownIt("commonmark").enable("table").render(to_markdown(rows, COLUMNS))
    body = html.split("<tbody>", 1)[1]
    return [cell.split("</td>", 1)[0] for cell in body.split("<td>")[1:]]


def test_urls_are_links_to_the_very_address() -> None:
    url = "https://news.example/technology_news.xml?a=1&b=2|3"
    [_, cell] = rendered_cells([{"title": "t", "url": url}])
    href = unescape(cell.split('href="', 1)[1].split('"', 1)[0])
    assert href == "https://news.example/technology_news.xml?a=1&b=2%7C3"


def test_text_reads_as_written_and_never_as_markup() -> None:
    title = r"A \| B *not bold* _nor this_ [link](http://x) <script>x</script> # no heading"
    [cell, _] = rendered_cells([{"title": title, "url": ""}])
    assert "<script>" not in cell and "<em>" not in cell and "<a " not in cell
    assert unescape(cell) == title


# Rows as the reports give them: long URLs, Arabic, dates in prose columns, long claim ids.
WHEN = datetime(2024, 11, 26, 17, 45, tzinfo=UTC)
NEW_ROWS = [
    {
        "first_seen_at": WHEN,
        "published_at": WHEN,
        "language": "ar" if i % 2 else "en",
        "outlet": "الأخبار اليومية" if i % 2 else "The Global Post",
        "title": ("تسريب الكود المصدري لأداة Sora من OpenAI على منصة Hugging Face" if i % 2
                  else "Artists briefly hand the public OpenAI's unreleased video AI"),
        "flags": "leak, seed copy" if i % 3 == 0 else "",
        "url": f"https://www.example-news.org/technology/2024/11/27/story-{i}-artists-hand-"
               "public-openai-secret-video-ai.html?ref=rss",
    }
    for i in range(4)
]  # fmt: skip
CLAIM_ROWS = [
    {
        "claim_id": claim_id,
        "sightings": 7,
        "stories": 6,
        "sources": 4,
        "ar": 4,
        "en": 3,
        "first": "2024-11-26 17:45 Tech Wire",
        "first_ar": "2024-11-26 18:30 الأخبار اليومية",
        "first_en": "2024-11-26 17:45 Tech Wire",
        "last_seen_at": WHEN,
        "variants": "$157 billion (4); $150 billion (2)",
    }
    for claim_id in ("shut-down-three-hours", "sora-announced-february", "release-delayed-gemini")
]
DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")


def _table(rows: list[dict[str, Any]], columns: Sequence[Column], width: int) -> list[str]:
    out = io.StringIO()
    render(rows, columns, "table", file=out, width=width, title="t")
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 100, 160])
@pytest.mark.parametrize("table", ["new", "claims", "sources", "alerts"])
def test_tables_fit_the_terminal_and_never_break_ids_dates_or_urls(
    table: str, width: int
) -> None:
    from cli.commands.alerts import TABLE_COLUMNS
    from cli.reports import CLAIM_COLUMNS, NEW_COLUMNS, SOURCE_COLUMNS

    rows, columns = {
        "new": (NEW_ROWS, NEW_COLUMNS),
        "claims": (CLAIM_ROWS, CLAIM_COLUMNS),
        "sources": (
            [
                {"name": "Google News (ar) search", "kind": "search", "language": "ar",
                 "enabled": True, "articles": 12, "last_ok_at": WHEN,
                 "consecutive_failures": 3.0, "last_error": "HTTP 404 Not Found at the feed URL",
                 "next_allowed_at": WHEN, "disabled_reason": None,
                 "url": NEW_ROWS[0]["url"]},
            ],
            SOURCE_COLUMNS,
        ),
        "alerts": (
            [
                {"story": 1234, "kind": "leak", "status": "pending", "attempts": 2,
                 "created_at": WHEN, "sent_at": None, "title": NEW_ROWS[1]["title"],
                 "last_error": "cannot connect to the SMTP server 127.0.0.1:2525"},
            ],
            TABLE_COLUMNS,
        ),
    }[table]  # fmt: skip
    lines = _table(rows, columns, width)
    text = "\n".join(lines)
    assert all(cell_len(line) <= width for line in lines), text
    fits, dropped = fit_columns(rows, columns, width)
    kept = [fit.column for fit in fits]
    for row in rows:
        for column in kept:
            value = _plain(row.get(column.key))
            # Values that are not prose appear whole, on one line; in prose, dates stay whole.
            wholes = DATE.findall(value) if column.wrap else [value]
            for whole in wholes:
                assert any(whole in line for line in lines), (whole, text)
        for column in dropped:  # left out whole, and said so
            value = _plain(row.get(column.key))
            if value.startswith("http"):
                assert value[:30] not in text
    for column in dropped:
        assert column.header in " ".join(line.strip(" │") for line in lines[-3:])
    if width == 160 and table in ("claims", "alerts"):
        assert not dropped  # everything fits a wide terminal
    assert columns[0] in kept  # what names the row stays


def test_a_narrower_terminal_leaves_out_the_least_useful_columns_first() -> None:
    from cli.reports import CLAIM_COLUMNS

    left_out = [
        {c.key for c in fit_columns(CLAIM_ROWS, CLAIM_COLUMNS, width)[1]}
        for width in (160, 100, 60)
    ]
    assert left_out[0] <= left_out[1] <= left_out[2]
    assert {"first_ar", "first_en"} <= left_out[1]  # per-language firsts go before totals
    assert "sightings" not in left_out[2] and "first" not in left_out[2]


def test_piped_tables_are_plain_rows_one_per_line() -> None:
    from cli.reports import NEW_COLUMNS

    out = io.StringIO()  # not a terminal
    render(NEW_ROWS, NEW_COLUMNS, "table", file=out, title="New")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + len(NEW_ROWS)
    assert lines[0].split() == ["first", "seen", "published", "lang", "outlet", "title",
                                "flags", "url"]  # fmt: skip
    for line, row in zip(lines[1:], NEW_ROWS, strict=True):
        assert "\t" not in line and not set(line) & set("│┃━─┏┗")
        assert row["url"] in line and row["title"] in line and "2024-11-26 17:45" in line
        assert line.endswith(row["url"])  # columns apart by two spaces, nothing folded
        assert "  " + row["url"] in line
