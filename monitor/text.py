"""Arabic and English text normalisation, folding, sentence splitting and tokens for matching."""

from __future__ import annotations

import functools
import re
import unicodedata

from pyarabic import araby

__all__ = ["normalize", "fold", "split_sentences", "words", "strip_clitics"]

# Invisible characters that break matching and hashing without changing what a reader sees:
# zero-width space/joiners, LRM/RLM, bidi embeddings and isolates, Arabic letter mark, word
# joiner, soft hyphen and the BOM.
_INVISIBLE = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u061c", "\u2060", "\u00ad", "\ufeff"]
)
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_NORMALIZE_MAP: dict[int, str | None] = {ord(ch): None for ch in _INVISIBLE}
_NORMALIZE_MAP.update(_DIGITS)
_NORMALIZE_MAP.update({0x066B: ".", 0x066C: ","})
_NORMALIZE_TABLE = str.maketrans(_NORMALIZE_MAP)
# Folding for matching only: letters that writers use interchangeably. Hamza/madda alefs and
# hamza seats come from pyarabic (tasheel); alef wasla, alef maqsura, ta marbuta and the Persian
# yeh/keheh that some Arabic sites type are added here.
_FOLD_TABLE = str.maketrans(
    {
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u0629": "\u0647",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
    }
)
_HSPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_WORD = re.compile(r"[^\W_]+")

# Clitic prefixes, longest first. Single ف ب ك ل are stripped only as part of an article combo:
# alone they begin too many stems (فيديو، برنامج، كود) to strip without a lexicon.
_PREFIXES = ("وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "و")
_MIN_STEM = 3
_GLUED_TO_LATIN = re.compile(r"^[\u0621-\u064a]{1,4}(?=[a-z])")


def normalize(text: str) -> str:
    """Return `text` cleaned for display and storage.

    NFKC (Arabic presentation forms become letters), no tashkeel, superscript alef or tatweel,
    ASCII digits, Arabic decimal/thousands separators as '.'/',', no zero-width or bidi controls,
    runs of spaces collapsed to one, lines stripped and blank-line runs collapsed to one.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_NORMALIZE_TABLE)
    text = araby.strip_tatweel(araby.strip_diacritics(text))
    text = _HSPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


# Relevance, seed similarity and the content hash each fold the same body: the first pays.
@functools.lru_cache(maxsize=32)
def fold(text: str) -> str:
    """Return `text` folded for matching: normalize(), casefold, unified alef/hamza/ya/ta."""
    text = normalize(text).casefold()
    text = araby.normalize_hamza(text, method="tasheel")
    return text.translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """Return the letter/digit runs of fold(text), Arabic and Latin alike."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=1 << 16)  # called for every token of every text: words repeat
def strip_clitics(token: str) -> str:
    """Strip one leading conjunction/article clitic (و، ال، وال، بال، لل ...) from a folded token.

    The prefix is removed only when at least three letters remain, so short stems survive.
    Arabic letters glued to a Latin name ("عالـHugging", "بالـSora" once the tatweel is gone)
    are its clitics, whatever they are.
    """
    glued = _GLUED_TO_LATIN.match(token)
    if glued:
        return token[glued.end() :]
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            return token[len(prefix):]
    return token


# --- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt inc ltd co corp vs etc e.g i.e u.s u.k u.n u.a.e no nos
    jan feb mar apr jun jul aug sep sept oct nov dec approx est fig gen gov sen rep dept univ
    al op cf ca""".split()
)
# A run of terminators, then any closing quotes/brackets (or Markdown emphasis: a Q&A's
# "**What happened?** Artists ...") that belong to the sentence.
_BOUNDARY = re.compile(r"(?:[.!?\u2026]+|[\u061f\u061b\u06d4]+)[\"'\u201d\u2019\u00bb)\]*]*")
_ARABIC_TERMINATORS = frozenset("\u061f\u061b\u06d4")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
_TOKEN_REACH = 64  # characters before a stop that hold the token it ends


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    run = match.group()
    end = match.end()
    nxt = line[end] if end < len(line) else ""
    if any(ch in _ARABIC_TERMINATORS for ch in run):
        return True
    if nxt and not nxt.isspace():
        # "1.5", "3.000", "sora.openai.com/x", "video_gen?id=1" stay whole; a missing space
        # before an Arabic letter ("الفيديو.وقال") is a typing slip, so split there.
        return _is_arabic_letter(nxt) and not line[match.start() - 1 : match.start()].isdigit()
    if run.strip("\"'\u201d\u2019\u00bb)]*").strip(".\u2026"):
        return True  # ! or ? end a sentence whatever follows
    rest = line[end:].lstrip()
    # The token before the stop, from the last few characters only: a `$`-anchored search of
    # the whole line would read it again at every stop of a long one.
    before = _TOKEN_BEFORE.search(line[max(0, match.start() - _TOKEN_REACH) : match.start()])
    if before and run == ".":
        token = before.group(1).lower()
        if token in _ABBREVIATIONS or token.rstrip(".") in _ABBREVIATIONS:
            return False
        # Initials and dotted acronyms before a name ("J. K. Rowling", "U.S.A. Today"), but not
        # a one-letter name ending a sentence ("منصة X.").
        if (
            re.fullmatch(r"(?:[a-z]\.)*[a-z]", token)
            and before.group(1)[-1:].isupper()
            and rest[:1].isascii()
            and rest[:1].isupper()
        ):
            return False
    # "approx. five", "p. 3": a sentence does not start with a lowercase Latin letter.
    return not (rest[:1].isascii() and rest[:1].islower())


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" and ch.isalpha()


def split_sentences(text: str) -> list[str]:
    """Split the original `text` into sentences, keeping their wording for quoting as evidence.

    Splits on . ! ? … and Arabic ؟ ؛ ۔ and on every line break; not inside numbers, URLs or
    common abbreviations; the Arabic comma ، does not end a sentence.
    """
    sentences: list[str] = []
    for line in re.split(r"[\r\n\u2028\u2029]+", text or ""):
        start = 0
        for match in _BOUNDARY.finditer(line):
            if _is_boundary(line, match):
                sentences.append(line[start : match.end()])
                start = match.end()
        sentences.append(line[start:])
    return [s for s in (s.strip() for s in sentences) if s]
