"""A `text/plain` article: its title line, and the HTML the extraction reads for it."""

from __future__ import annotations

import html as html_lib
import re

__all__ = ["plain_text_html", "split_title"]


# A headline does not end as a sentence does, though it may ask or exclaim ("... هل يقترب من
# Sora؟") or end on a quoted name (`... أمام "سورا ٢"`); a quoted sentence ends inside its
# quotes (`He said: "It works."`).
_SENTENCE_END = (".", "\u2026", ":")
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb"


def split_title(text: str) -> tuple[str | None, str]:
    """A plain-text article: a short first line is its title when a blank line follows it, or
    when it is headline-short and does not end as a sentence does (a headline, then the body)."""
    lines = text.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(lines) >= 3 and first and not lines[1].strip() and len(first) <= 300:
        return first, "\n".join(lines[2:]).strip()
    ends = first.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)
    if len(lines) >= 2 and first and len(first) <= 200 and not ends:
        return first, "\n".join(lines[1:]).strip()
    return None, text.strip()


def plain_text_html(text: str) -> str:
    """A `text/plain` article as the HTML extraction reads: its title (`split_title`) as the
    heading, each block of lines a paragraph, all escaped."""
    title, body = split_title(text)
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", body)]
    parts = [f"<p>{html_lib.escape(p)}</p>" for p in paragraphs if p]
    head = f"<title>{html_lib.escape(title)}</title>" if title else ""
    heading = f"<h1>{html_lib.escape(title)}</h1>" if title else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{heading}{''.join(parts)}</article></body></html>"
    )
