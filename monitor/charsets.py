"""Which charset a fetched body is in, decided by its bytes before what anybody declares.

Headers and `<meta charset>` lie (a UTF-8 Arabic page served as `iso-8859-1`, a windows-1256
one served as `utf-8`), and a wrong choice stores mojibake that no analysis recovers from. So:

1. a byte-order mark decides;
2. bytes that decode cleanly as UTF-8 are UTF-8, whatever is declared (text in another
   charset almost never is valid UTF-8 by chance; 7-bit ISO-2022, whose escape sequences are,
   is told by them);
3. otherwise a declared charset (the HTTP header's, then the document's own `<meta>` or XML
   declaration) is used only if the bytes decode in it without error and the result looks like
   text in the script that charset is for: Arabic letters for windows-1256, a few accented
   letters among plain ones for the Latin charsets (not the runs of accented capitals that
   Arabic bytes read as Latin-1 make), no control characters;
4. else the charset is detected (charset-normalizer), and, failing that, windows-1252 with
   the undecodable bytes replaced.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# The script (first word of a character's Unicode name) a charset's non-ASCII letters are in.
_SCRIPTS: dict[str, frozenset[str]] = {}
for _names, _scripts in (
    (("cp1256", "iso8859-6", "mac-arabic", "cp720", "cp864"), {"ARABIC"}),
    (("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"), {"CYRILLIC"}),
    (("cp1253", "iso8859-7", "mac-greek"), {"GREEK"}),
    (("cp1255", "iso8859-8", "cp862"), {"HEBREW"}),
    (("cp874", "tis-620", "iso8859-11"), {"THAI"}),
    (
        ("shift_jis", "cp932", "euc_jp", "iso2022_jp", "gbk", "gb2312", "gb18030", "big5",
         "big5hkscs", "cp950", "euc_kr", "cp949", "iso2022_kr"),
        {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC"},
    ),
):  # fmt: skip
    for _name in _names:
        _SCRIPTS[codecs.lookup(_name).name] = frozenset(_scripts)
_LATIN = frozenset(
    codecs.lookup(name).name
    for name in (
        "latin-1", "cp1252", "iso8859-15", "iso8859-2", "cp1250", "iso8859-3", "iso8859-4",
        "iso8859-9", "cp1254", "iso8859-13", "cp1257", "iso8859-16", "mac-roman", "cp1258",
    )
)  # fmt: skip
# A Latin-script text in a Latin charset: at most this share of its letters is non-ASCII
# (French or Polish run to ~5-15%; Arabic or Cyrillic bytes read as Latin-1 to ~100%).
MAX_LATIN_ACCENTED = 0.4
# Of the non-ASCII letters, at least this share in the charset's script.
MIN_SCRIPT_SHARE = 0.8
# Non-ASCII punctuation and symbols that real text uses; mojibake strews others among letters.
_COMMON_MARKS = frozenset("،؛؟«»“”‘’„–—°€£¥©®™·§¡¿")
MAX_ODD_SYMBOLS = 0.1
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MARKUP = re.compile(r"<!\[CDATA\[|\]\]>|<[^>]*>|&#?\w{1,10};|\b(?:https?|ftp)://\S+")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Of the words with accented letters, at most this share made of accented letters only.
MAX_FOREIGN_WORDS = 0.3
_XML_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")
SAMPLE = 64 * 1024  # the script check reads this much of a body


@dataclass(frozen=True)
class Decoded:
    """A body as text, the charset it was read in, and how that was decided."""

    text: str
    encoding: str  # a Python codec name: utf-8, cp1256...
    how: str  # bom | utf-8 | declared | detected | fallback


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label (`windows-1256` -> `cp1256`), None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """The charsets the header and the document itself declare, header first, as codecs."""
    labels = [
        http_content_type_encoding(content_type) if content_type else None,
        html_body_declared_encoding(body[:4096]),
    ]
    match = _XML_DECLARED.match(body[:1024])
    if match:
        labels.append(match[1].decode("ascii"))
    found = [codec_name(label) for label in labels]
    return list(dict.fromkeys(name for name in found if name))


def looks_like(text: str, encoding: str) -> bool:
    """Whether `text`, read in `encoding`, looks like text in that charset's script: no
    control characters, and its non-ASCII letters in the script the charset is for."""
    sample = text[:SAMPLE]
    if _CONTROLS.search(sample):
        return False
    # Judge the prose, not the markup: tag names, attributes and URLs are ASCII in any charset.
    sample = _MARKUP.sub(" ", sample)
    non_ascii = [ch for ch in sample if ord(ch) > 0x7F and not ch.isspace()]
    odd = sum(
        1
        for ch in non_ascii
        if unicodedata.category(ch)[0] in "PS" and ch not in _COMMON_MARKS
    )
    if odd > MAX_ODD_SYMBOLS * len(non_ascii):
        return False  # mojibake: letters interleaved with stray symbols (‚ § ‡ ...)
    letters = [ch for ch in sample if ch.isalpha()]
    foreign = [ch for ch in letters if ord(ch) > 0x7F]
    if not foreign:
        return True  # plain ASCII reads the same in every charset that matters here
    if encoding in _LATIN:
        return (
            len(foreign) <= MAX_LATIN_ACCENTED * len(letters)
            and _share(foreign, frozenset({"LATIN"})) >= MIN_SCRIPT_SHARE
            and not _foreign_words(sample)
        )
    scripts = _SCRIPTS.get(encoding)
    if scripts is None:
        return True  # a charset we cannot judge: decoding without error must do
    return _share(foreign, scripts) >= MIN_SCRIPT_SHARE


def _foreign_words(sample: str) -> bool:
    """Whether the words with accented letters are mostly made of nothing else: what another
    script's bytes read as Latin look like ("çãùåú"), not French or Polish ("été", "się")."""
    accented = [w for w in _WORD.findall(sample) if any(ord(ch) > 0x7F for ch in w)]
    whole = sum(1 for w in accented if all(ord(ch) > 0x7F for ch in w))
    return len(accented) >= 3 and whole > MAX_FOREIGN_WORDS * len(accented)


def _share(letters: list[str], scripts: frozenset[str]) -> float:
    inside = sum(1 for ch in letters if unicodedata.name(ch, "?").split(" ")[0] in scripts)
    return inside / len(letters)


def detect(body: bytes) -> str | None:
    """charset-normalizer's best guess for the body, as a codec name."""
    best = charset_normalizer.from_bytes(body[: 4 * SAMPLE]).best()
    return codec_name(best.encoding) if best is not None else None


def decode_body(body: bytes, content_type: str | None = None) -> Decoded:
    """The body as text, its charset decided by its bytes first (see the module's rules)."""
    bom, _ = read_bom(body)
    if bom:
        encoding = codec_name(bom) or "utf-8"
        return Decoded(body.decode(encoding, errors="replace").lstrip("\ufeff"), encoding, "bom")
    try:
        text = body.decode("utf-8")
        # ESC is no text: 7-bit ISO-2022 (Japanese, Korean) is valid UTF-8 but is not it.
        if "\x1b" not in text:
            return Decoded(text, "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in declared_charsets(body, content_type):
        if encoding in ("utf-8", "utf-8-sig"):
            continue  # it is not
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_like(text, encoding):
            return Decoded(text, encoding, "declared")
    detected = detect(body)
    if detected:
        try:
            return Decoded(body.decode(detected, errors="replace"), detected, "detected")
        except LookupError:
            pass
    return Decoded(body.decode("cp1252", errors="replace"), "cp1252", "fallback")
