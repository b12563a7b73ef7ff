"""Reading files for `sora-monitor analyze`: HTML or plain text, in whatever encoding."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from monitor.analysis import (
    DEFAULT_OPTIONS,
    AnalysisOptions,
    analyze_text,
    clean_body,
    clean_title,
)
from monitor.charsets import decode_body
from monitor.errors import AnalysisError
from monitor.extract import extract

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|p|div|article)\b",
    re.I | re.S,
)
MAX_INPUT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    path: str
    title: str | None
    text: str
    published_at: datetime | None
    declared_language: str | None


def decode_text(data: bytes) -> str:
    """The file as text, its charset decided by its bytes as a crawl decides a page's
    (`monitor.charsets`): UTF-8 when it is, whatever a `<meta charset>` says; else a declared
    charset that fits, else the detected one (cp1256, ...)."""
    return decode_body(data).text


def is_html(path: str, data: bytes) -> bool:
    if Path(path).suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    return bool(_HTML_START.match(data[:4096]))


# A headline does not end as a sentence does.
_SENTENCE_END = (".", "!", "?", "\u061f", "\u2026", ":", '"', "\u201d", "\u00bb")


def _split_title(text: str) -> tuple[str | None, str]:
    """A plain-text article: a short first line is its title when a blank line follows it, or
    when it is headline-short and does not end as a sentence does (a headline, then the body)."""
    lines = text.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(lines) >= 3 and first and not lines[1].strip() and len(first) <= 300:
        return first, "\n".join(lines[2:]).strip()
    if len(lines) >= 2 and first and len(first) <= 200 and not first.endswith(_SENTENCE_END):
        return first, "\n".join(lines[1:]).strip()
    return None, text.strip()


def plain_text_html(text: str) -> str:
    """A `text/plain` article as the HTML extraction reads: its title (a short first line
    followed by a blank line) as the heading, each block of lines a paragraph, all escaped."""
    title, body = _split_title(text)
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", body)]
    parts = [f"<p>{html_lib.escape(p)}</p>" for p in paragraphs if p]
    head = f"<title>{html_lib.escape(title)}</title>" if title else ""
    heading = f"<h1>{html_lib.escape(title)}</h1>" if title else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{heading}{''.join(parts)}</article></body></html>"
    )


def read_document(path: str, stdin: BinaryIO | None = None) -> Document:
    """Read `path` (`-` is standard input) into a title and a body; raise AnalysisError."""
    try:
        if path == "-":
            if stdin is None:
                raise AnalysisError("-: no standard input")
            data = stdin.read(MAX_INPUT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise AnalysisError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise AnalysisError(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise AnalysisError(f"{path}: empty")
    if is_html(path, data):
        html = decode_text(data)
        url = "http://localhost/" + (Path(path).name if path != "-" else "stdin.html")
        extracted = extract(html, url)
        if not extracted.text:
            raise AnalysisError(f"{path}: no article text found in this HTML")
        return Document(
            path,
            clean_title(extracted.title),
            clean_body(extracted.text),
            extracted.published_at,
            extracted.declared_language,
        )
    # Cleaned as the pipeline cleans what it stores, so `analyze` says what a run would store.
    title, body = _split_title(decode_text(data))
    return Document(path, clean_title(title), clean_body(body), None, None)


def analyze_document(
    document: Document, options: AnalysisOptions = DEFAULT_OPTIONS, explain: bool = False
) -> dict[str, Any]:
    """The `analyze --format json` object for one input (the documented contract, plus signals,
    each claim's layer, and with `explain` an "explain" list: per decision, which sentence and
    which layer decided it, with the score)."""
    found = analyze_text(
        document.title,
        document.text,
        declared_language=document.declared_language,
        options=options,
        explain=explain,
    )
    result: dict[str, Any] = {
        "path": document.path,
        "language": found.language,
        "title": document.title,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "relevant": found.relevant,
        "relevance_score": found.relevance_score,
        "leak_report": found.leak_report,
        "seed_similarity": found.seed_similarity,
        "seed_copy": found.seed_copy,
        "claims": [
            {
                "id": c.claim_id,
                "evidence": c.evidence,
                "variant": c.variant,
                "score": c.score,
                "layer": str(c.layer),
            }
            for c in found.claims
        ],
        "signals": list(found.relevance_signals),
    }
    if explain:
        result["explain"] = [
            {
                "subject": d.subject,
                "value": d.value,
                "layer": str(d.layer) or None,
                "score": d.score,
                "sentence": d.sentence,
                "detail": d.detail,
            }
            for d in found.decisions
        ]
    return result
