"""Cleaning untrusted text (titles, outlets, URLs) before it reaches a terminal, mail or header.

Everything that comes from a crawled page is hostile until cleaned: a title may carry terminal
escape sequences (which rewrite the analyst's screen), bidi overrides (which make text read in a
different order than it is stored), CR/LF (which break out of a mail header), or Rich markup
(which restyles or hides CLI output). Markup escaping for HTML/XML stays the job of the
autoescaping template or serializer; these functions remove what no escaping can make safe.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from rich.markup import escape as _rich_escape

__all__ = [
    "clean_text",
    "clean_header",
    "escape_rich",
    "language_tag",
    "safe_link",
    "strip_escape_sequences",
    "text_direction",
]

# ECMA-48 sequences (ESC ..., and the 8-bit CSI U+009B): the whole sequence goes, not only the
# ESC, or "[31m" would be left behind as litter. An unterminated string sequence (OSC, DCS) loses
# only its introducer; its text stays, inert once the controls are gone.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]                   # CSI ... final byte
  | \x1b[\]PX^_] .*? (?:\x07|\x1b\\|\x9c)                  # OSC/DCS/SOS/PM/APC ... terminator
  | \x1b [ -/]* [0-~]                                      # two/three-byte escapes (ESC c, ESC ( B)
    """,
    re.VERBOSE | re.DOTALL,
)

# Line breaks of every kind become a space: a title is one line.
_LINE_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"

# Embeddings, overrides and isolates ("Trojan Source"); LRM/RLM/ALM marks stay, Arabic text
# legitimately uses them and they cannot reorder anything beyond a neutral character.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_REMOVE: dict[int, str | None] = {ord(c): None for c in _BIDI_CONTROLS + "\ufeff"}
_REMOVE.update({ord(c): " " for c in _LINE_BREAKS + "\t"})

_WHITESPACE_RUN = re.compile(r"\s+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

DEFAULT_HEADER_LENGTH = 200
ELLIPSIS = "\u2026"


def _is_unsafe_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Cc: C0, DEL and C1 controls; Cs: lone surrogates (cannot be encoded); Cn covers
    # noncharacters such as U+FFFE, which XML forbids.
    return category in ("Cc", "Cs") or (category == "Cn" and _is_noncharacter(ch))


def _is_noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def strip_escape_sequences(s: str) -> str:
    """`s` without terminal escape sequences, each removed whole (other text untouched)."""
    return _ESCAPE_SEQUENCE.sub("", s)


def clean_text(s: str, max_len: int | None = None) -> str:
    """Return `s` as one clean line: NFC, no escape sequences, controls or bidi overrides.

    Runs of whitespace (newlines included) collapse to one space; the result is stripped and,
    when `max_len` is given, cut to at most `max_len` characters ending in an ellipsis.
    """
    if not s:
        return ""
    text = _ESCAPE_SEQUENCE.sub("", str(s))
    text = text.translate(_REMOVE)
    text = "".join(ch for ch in text if not _is_unsafe_char(ch))
    text = unicodedata.normalize("NFC", text)
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    if max_len is not None and len(text) > max_len:
        if max_len <= 1:
            return text[:max_len]
        text = text[: max_len - 1].rstrip() + ELLIPSIS
    return text


def clean_header(s: str, max_len: int = DEFAULT_HEADER_LENGTH) -> str:
    """Return `s` fit for a mail header value: one line, no CR/LF or controls, bounded length.

    Folding and encoding (RFC 2047 for non-ASCII) are left to the `email` package.
    """
    return clean_text(s, max_len=max_len)


def safe_link(url: str | None) -> str | None:
    """Return `url` if it is an absolute http(s) URL safe to render as a link, else None.

    `javascript:`, `data:`, `file:` and friends, scheme-relative URLs, URLs without a host and
    URLs carrying whitespace or control characters (which browsers strip, changing the target)
    are refused rather than repaired.
    """
    if not url:
        return None
    candidate = str(url).strip()
    if any(ch.isspace() or _is_unsafe_char(ch) for ch in candidate):
        return None
    if any(ch in _BIDI_CONTROLS for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def escape_rich(s: str) -> str:
    """Return `s` cleaned and with Rich markup escaped, for printing through a Rich console."""
    return _rich_escape(clean_text(s))


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "yi"})
_RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def text_direction(language: str | None, text: str = "") -> str:
    """The HTML `dir` of `text` in `language`: `rtl` for a right-to-left language whatever the
    text opens with (an Arabic claim that starts with "Sora", which `dir="auto"` would lay out
    left to right), `ltr` for any other known language; without one, `rtl` when the text holds
    right-to-left letters, else `auto`."""
    tag = language_tag(language)
    primary = tag.split("-")[0] if tag and tag != "und" else None
    if primary in RTL_LANGUAGES:
        return "rtl"
    if primary:
        return "ltr"
    return "rtl" if _RTL_SCRIPT.search(text) else "auto"


def language_tag(language: str | None) -> str | None:
    """Return `language` lower-cased if it is a well-formed language tag ("ar", "en-gb"), else None.

    Detected languages end up in `lang`/`xml:lang` attributes; anything else is dropped there.
    """
    if language and _LANGUAGE_TAG.fullmatch(language.strip()):
        return language.strip().lower()
    return None
