"""Reading files for `sora-monitor analyze`: HTML or plain text, in whatever encoding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from monitor.analysis import analyze_text, clean_body, clean_title
from monitor.articles import DEFAULT_OPTIONS, AnalysisOptions
from monitor.charsets import decode_body
from monitor.errors import AnalysisError
from monitor.extract import extract
from monitor.plaintext import split_title

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
    title, body = split_title(decode_text(data))
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
