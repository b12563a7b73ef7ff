"""A `text/plain` article: its title line, and the HTML the extraction reads for it."""

from __future__ import annotations

import html as html_lib
import re

__all__ = ["plain_text_html", "split_title"]


def split_title(text: str) -> tuple[str | None, str]:
    """A plain-text article: a short first line followed by a blank line is its title."""
    lines = text.strip().splitlines()
    if len(lines) >= 3 and lines[0].strip() and not lines[1].strip() and len(lines[0]) <= 300:
        return lines[0].strip(), "\n".join(lines[2:]).strip()
    return None, text.strip()


def plain_text_html(text: str) -> str:
    """A `text/plain` article as the HTML extraction reads: its title (a short first line
    followed by a blank line) as the heading, each block of lines a paragraph, all escaped."""
    title, body = split_title(text)
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", body)]
    parts = [f"<p>{html_lib.escape(p)}</p>" for p in paragraphs if p]
    head = f"<title>{html_lib.escape(title)}</title>" if title else ""
    heading = f"<h1>{html_lib.escape(title)}</h1>" if title else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{heading}{''.join(parts)}</article></body></html>"
    )
