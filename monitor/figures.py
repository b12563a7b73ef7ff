"""Find figures (money, durations, resolutions, dates, years) in a sentence and normalise them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from monitor.text import fold

__all__ = [
    "MONTHS",
    "UNITS",
    "Figure",
    "figures_of",
    "find_figures",
    "format_duration",
    "format_money",
]

UNITS = ("money", "duration", "resolution", "date", "year")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """One figure found in a sentence.

    `value` is in a comparable base: US dollars for money, seconds for durations, lines for
    resolutions, the month number (1-12) for dates, the year for years. `year` is a date's
    year when the sentence gives one. `variant` is the normalised form ("$157 billion",
    "3 hours", "1080p", "February 2024", "2024").
    """

    unit: str
    value: float
    variant: str
    year: int | None = None


# --- vocabulary (written naturally, folded once at import so it matches fold()ed text) -------


def _folded(mapping: dict[str, float]) -> dict[str, float]:
    return {fold(key): value for key, value in mapping.items()}


_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    # French, as Maghrebi speech mixes it in ("بعد حوالي trois heures"); not "sept" (September).
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
_AR_UNITS = _folded({
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
    "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "أربعون": 40, "أربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "ثلاثمئة": 300, "ثلاثمائة": 300, "أربعمئة": 400, "أربعمائة": 400, "خمسمئة": 500,
    "خمسمائة": 500, "ألف": 1000, "ألفين": 2000, "ألفان": 2000,
    # Spoken forms (Egyptian, Levantine): تلات ساعات، اتنين، تمانية، مية.
    "اتنين": 2, "تنين": 2, "تلات": 3, "تلاتة": 3, "تمان": 8, "تمانية": 8, "تلاتين": 30,
    "تمانين": 80, "مية": 100,
    # Maghrebi: تلت سوايع; Iraqi: ثلث ساعات.
    "تلت": 3, "تلاث": 3, "تلاثة": 3, "ثلث": 3,
})  # fmt: skip
# Maghrebi "تلت سوايع" and Iraqi "ثلث ساعات" are three hours; Egyptian "تلت ساعة" is a third of
# an hour, "الأيام التي تلت" the days that followed, and "ثلث" anywhere else a third.
_THIRD_OR_THREE = fold("تلت")
_THIRD = fold("ثلث")
_SINGULAR_HOUR = fold("ساعة")
_RELATIVES = frozenset(fold(w) for w in ("التي", "الذي", "اللي", "اللتي", "ما"))


def _not_three(toks: list[_Tok], i: int, unit: str) -> bool:
    return unit == _SINGULAR_HOUR or (i > 0 and toks[i - 1].text in _RELATIVES)
# Arabic 11-19 are two words: أحد عشر، اثنا عشر، ثلاثة عشر ...
_AR_TEEN_FIRST = _folded({
    "أحد": 1, "إحدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
}) | {k: v for k, v in _AR_UNITS.items() if 3 <= v <= 9}  # fmt: skip
_AR_TEN = set(_folded({"عشر": 0, "عشرة": 0}))

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "trillion": 1e12, "tn": 1e12, "milliard": 1e9, "milliards": 1e9,
} | _folded({
    "ألف": 1e3, "آلاف": 1e3, "مليون": 1e6, "مليونا": 1e6, "ملايين": 1e6, "مليار": 1e9,
    "مليارا": 1e9, "مليارات": 1e9, "بليون": 1e9, "تريليون": 1e12, "تريليونا": 1e12,
})  # fmt: skip
# Single letters are scales only right after a currency-marked number ("$150b"), never alone.
_LETTER_SCALES = {"k", "m", "b"}

_CURRENCY_BEFORE = {"$", "usd", "us$"}
_CURRENCY_AFTER = {"dollar", "dollars", "usd", "$"} | set(
    _folded({"دولار": 0, "دولارا": 0, "دولارات": 0, "دولاراً": 0})
)

# "ثلاث ساعات ونصف", "ساعتين ونص": and a half, after the unit.
_AR_AND_A_HALF = frozenset(_folded({"ونصف": 1, "ونص": 1}))

# Duration unit word -> (seconds per unit, count implied by the word itself or None).
_DURATIONS: dict[str, tuple[str, float, int | None]] = {
    "hour": ("hour", 3600, None), "hours": ("hour", 3600, None), "hr": ("hour", 3600, None),
    "hrs": ("hour", 3600, None), "h": ("hour", 3600, None),
    "minute": ("minute", 60, None), "minutes": ("minute", 60, None),
    "min": ("minute", 60, None), "mins": ("minute", 60, None),
    "second": ("second", 1, None), "seconds": ("second", 1, None),
    "sec": ("second", 1, None), "secs": ("second", 1, None),
    "day": ("day", 86400, None), "days": ("day", 86400, None),
    "week": ("week", 604800, None), "weeks": ("week", 604800, None),
    "heure": ("hour", 3600, None), "heures": ("hour", 3600, None),
    "seconde": ("second", 1, None), "secondes": ("second", 1, None),
}  # fmt: skip
for _word, _spec in {
    "ساعة": ("hour", 3600, None), "ساعات": ("hour", 3600, None), "سوايع": ("hour", 3600, None),
    "ساعتين": ("hour", 3600, 2), "ساعتان": ("hour", 3600, 2),
    "دقيقة": ("minute", 60, None), "دقائق": ("minute", 60, None),
    "دقيقتين": ("minute", 60, 2), "دقيقتان": ("minute", 60, 2),
    "ثانية": ("second", 1, None), "ثوان": ("second", 1, None), "ثواني": ("second", 1, None),
    "ثانيتين": ("second", 1, 2), "ثانيتان": ("second", 1, 2),
    "يوم": ("day", 86400, None), "أيام": ("day", 86400, None), "يوما": ("day", 86400, None),
    "يومين": ("day", 86400, 2), "يومان": ("day", 86400, 2),
    "أسبوع": ("week", 604800, None), "أسابيع": ("week", 604800, None),
    "أسبوعين": ("week", 604800, 2),
}.items():  # fmt: skip
    _DURATIONS[fold(_word)] = _spec

_EN_MONTHS = {name.lower(): i for i, name in enumerate(MONTHS, 1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_AR_MONTHS = {
    fold(k): v
    for k, v in {
        "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
        "يوليو": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
        "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "أيلول": 9,
        "جانفي": 1, "فيفري": 2, "أفريل": 4, "جوان": 6, "جويلية": 7, "أوت": 8,
    }.items()
}  # fmt: skip
# Two-word Levantine months: كانون الثاني (Jan), كانون الأول (Dec), تشرين الأول/الثاني.
_AR_MONTH_PAIRS = {
    (fold(a), fold(b)): v
    for (a, b), v in {
        ("كانون", "الثاني"): 1, ("كانون", "الأول"): 12,
        ("تشرين", "الأول"): 10, ("تشرين", "الثاني"): 11,
    }.items()
}  # fmt: skip
# Words that are also months but too ambiguous alone: they count only next to a year or day.
_AMBIGUOUS_MONTHS = {"may", "mar", "jan", "dec", "sep", "oct", "aug", "jun", "jul", "apr"} | {
    fold("آب"),
    fold("ماي"),
    fold("مارس"),
}
_AR_MONTHS[fold("آب")] = 8
_AR_MONTHS[fold("ماي")] = 5

# "N s" is read as seconds up to here; beyond it the "s" is more likely a plural ("the 1990s").
_MAX_BARE_SECONDS = 600

_RESOLUTIONS = {240, 360, 480, 576, 720, 1080, 1440, 2160, 4320}
_PIXELS = {"p", "pixels", "pixel", "px"} | {fold("بكسل"), fold("بيكسل")}

_AR_CONJ = "و"
_ARABIC_NOUN = re.compile(r"[\u0621-\u064a]")
_AR_PLURAL_ENDINGS = (fold("ات"), fold("ان"), "ع", "ق")  # ساعات، ثوان، أسابيع، دقائق
_AR_PROCLITICS = ("وب", "ول", "فب", "ب", "ل", "و", "ف", "ك")

# Tokens: numbers (with separators), letter runs, and the symbols that carry meaning for money.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[$]")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int


def _tokens(folded: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _parse_digits(text: str) -> float | None:
    """The value of a run of digits; None for what is no one number (a version "1.0.0", a date
    "26.11.2024", an address "127.0.0.1")."""
    # "150,000" groups thousands; "1,5" / "6.6" are decimals.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    return None


def _ar_word(token: str, table: Mapping[str, float]) -> float | None:
    """The value of an Arabic number word, allowing a leading و/ب/ل clitic."""
    if token in table:
        return table[token]
    for prefix in _AR_PROCLITICS:
        if token.startswith(prefix) and token[len(prefix) :] in table:
            return table[token[len(prefix) :]]
    return None


def _number(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """Parse a number starting at toks[i]; return (value, index after it)."""
    text = toks[i].text
    if text[0].isdigit():
        # Digits are their own token ("ب150" splits into "ب" and "150").
        value = _parse_digits(text)
        return None if value is None else (value, i + 1)
    if text in _EN_UNITS or text in ("a", "an", "hundred", "dozen"):
        return _english_number(toks, i)
    if _ar_word(text, _AR_UNITS) is not None or _ar_word(text, _AR_TEEN_FIRST) is not None:
        return _arabic_number(toks, i)
    return None


def _english_number(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(toks):
        word = toks[j].text
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word in ("a", "an") and not seen:
            # "a hundred", "an hour", "a billion": never "a three-hour" or "a second look".
            after = toks[j + 1].text if j + 1 < len(toks) else ""
            if after in ("second", "minute") or (
                after not in ("hundred", "dozen", "thousand")
                and after not in _DURATIONS
                and after not in _SCALES
            ):
                return None
            current = 1
        elif word in ("hundred", "dozen") and (seen or current == 0):
            current = (current or 1) * (100 if word == "hundred" else 12)
        elif word == "thousand" and seen:
            total += current * 1000
            current = 0
        elif word == "and" and seen and j + 1 < len(toks) and toks[j + 1].text in _EN_UNITS:
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def _arabic_number(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    total, j = 0.0, i
    while j < len(toks):
        word = toks[j].text
        if j > i and not word.startswith(_AR_CONJ):
            # 11-19: "ثلاثة عشر", after the unit word.
            if word in _AR_TEN and j == i + 1 and 1 <= total <= 9:
                total += 10
                j += 1
            break
        stem = word[1:] if j > i else word
        value = _ar_word(stem, _AR_UNITS)
        if value is None and j == i:
            value = _ar_word(stem, _AR_TEEN_FIRST)
        if value is None:
            break
        total = total * value if value >= 1000 and total else total + value
        j += 1
    if j == i:
        return None
    return total, j


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def format_money(dollars: float) -> str:
    """'$157 billion', '$6.6 billion', '$500 million', '$1 trillion', '$900'."""
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if dollars >= scale:
            return f"${_fmt_number(round(dollars / scale, 2))} {name}"
    return f"${_fmt_number(round(dollars, 2))}"


def format_duration(count: float, unit: str) -> str:
    """'3 hours', '1 hour', '10 seconds', '30 minutes'."""
    return f"{_fmt_number(count)} {unit}{'' if count == 1 else 's'}"


def _adjacent(toks: list[_Tok], a: int, b: int, folded: str, gap: str = r"[\s\-]*") -> bool:
    return re.fullmatch(gap, folded[toks[a].end : toks[b].start]) is not None


def _year_at(toks: list[_Tok], j: int) -> int | None:
    if j < len(toks) and re.fullmatch(r"(19[89]\d|20[0-4]\d)", toks[j].text):
        return int(toks[j].text)
    return None


def _month_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """(month, index after the month name) if toks[i] is a month name."""
    word = toks[i].text
    if i + 1 < len(toks) and (word, toks[i + 1].text) in _AR_MONTH_PAIRS:
        return _AR_MONTH_PAIRS[(word, toks[i + 1].text)], i + 2
    if word in _EN_MONTHS:
        return _EN_MONTHS[word], i + 1
    month = _ar_word(word, _AR_MONTHS)
    if month is not None:
        return int(month), i + 1
    return None


def _find_date(toks: list[_Tok], i: int, folded: str) -> tuple[Figure, int] | None:
    found = _month_at(toks, i)
    if found is None:
        return None
    month, j = found
    # Levantine and Egyptian names given together ("شباط/فبراير 2025", "فبراير (شباط)") are one
    # date: a year after the second name belongs to both.
    if j < len(toks) and _adjacent(toks, j - 1, j, folded, r"\s*[/(\-]?\s*"):
        second = _month_at(toks, j)
        if second is not None and second[0] == month:
            j = second[1]
    # "February 15, 2024", "February of 2024", "فبراير من عام 2024", "فبراير 2024".
    k = j
    if k < len(toks) and re.fullmatch(r"\d{1,2}", toks[k].text):
        k += 1
    while k < len(toks) and toks[k].text in ("of", "in", fold("من"), fold("عام"), fold("سنة")):
        k += 1
    year = _year_at(toks, k)
    day_before = i > 0 and re.fullmatch(r"\d{1,2}", toks[i - 1].text) is not None
    if year is None and toks[i].text in _AMBIGUOUS_MONTHS and not day_before:
        return None
    name = MONTHS[month - 1]
    variant = f"{name} {year}" if year else name
    return Figure("date", month, variant, year), (k + 1 if year else j)


def _find_after_number(
    toks: list[_Tok], i: int, value: float, j: int, folded: str, currency_before: bool
) -> tuple[Figure, int] | None:
    nxt = toks[j].text if j < len(toks) else ""
    if toks[i].text == _THIRD and (nxt not in _DURATIONS or _not_three(toks, i, nxt)):
        return None  # "ثلث المستخدمين", "ثلث مليار": a third, not three
    # money: [currency] N [scale] [currency]
    scale = 1.0
    k = j
    if nxt in _SCALES and (nxt not in _LETTER_SCALES or currency_before):
        scale, k = _SCALES[nxt], j + 1
    elif currency_before and nxt in _LETTER_SCALES and _adjacent(toks, j - 1, j, folded, ""):
        scale, k = _SCALES[nxt], j + 1
    after = toks[k].text if k < len(toks) else ""
    currency_after = after in _CURRENCY_AFTER or (
        after == "us" and k + 1 < len(toks) and toks[k + 1].text in ("dollar", "dollars")
    )
    if currency_before or currency_after or scale >= 1e9:
        end = k + (2 if after == "us" else 1) if currency_after else k
        return Figure("money", value * scale, format_money(value * scale)), end
    # durations: N unit, "N-hour", Arabic "N ساعات"; "three and a half hours", "ثلاث ساعات ونصف"
    half = [t.text for t in toks[j : j + 3]] == ["and", "a", "half"]
    if half and j + 3 < len(toks) and toks[j + 3].text in _DURATIONS:
        unit, seconds, _implied = _DURATIONS[toks[j + 3].text]
        value += 0.5
        return Figure("duration", value * seconds, format_duration(value, unit)), j + 4
    if nxt in _DURATIONS and not (toks[i].text == _THIRD_OR_THREE and _not_three(toks, i, nxt)):
        unit, seconds, _implied = _DURATIONS[nxt]
        if j + 1 < len(toks) and toks[j + 1].text in _AR_AND_A_HALF:
            value, j = value + 0.5, j + 1
        return Figure("duration", value * seconds, format_duration(value, unit)), j + 1
    # "10 s" / "10s", the spec-sheet abbreviation; only after digits ("it s", "Sora s" are not
    # durations) and never a decade ("the 1990s", "the 80s").
    decade = value % 10 == 0 and i > 0 and toks[i - 1].text == "the"
    if nxt == "s" and toks[i].text[0].isdigit() and value <= _MAX_BARE_SECONDS and not decade:
        return Figure("duration", value, format_duration(value, "second")), j + 1
    # resolutions: 1080p, 1080 pixels, 4K
    if value in (4, 8) and nxt == "k" and _adjacent(toks, j - 1, j, folded, ""):
        return Figure("resolution", 540 * value, f"{int(value)}K"), j + 1
    if value in _RESOLUTIONS and nxt in _PIXELS:
        return Figure("resolution", value, f"{int(value)}p"), j + 1
    return None


def _find_at(toks: list[_Tok], i: int, folded: str) -> tuple[Figure, int] | None:
    word = toks[i].text
    date = _find_date(toks, i, folded)
    if date:
        return date
    currency_before = False
    start = i
    if word == "$" or word == "usd":
        currency_before, start = True, i + 1
    elif word == "us" and i + 1 < len(toks) and toks[i + 1].text == "$":
        currency_before, start = True, i + 2
    if start < len(toks):
        number = _number(toks, start)
        if number is not None:
            value, j = number
            found = _find_after_number(toks, start, value, j, folded, currency_before)
            if found:
                return found
            year = _year_at(toks, start)
            if year is not None and not currency_before:
                return Figure("year", year, str(year)), start + 1
    # A duration word that carries its own count (ساعتين) or "half an hour".
    unit, seconds, own_count = _DURATIONS.get(word, ("", 0.0, None))
    if own_count is not None:
        halves = i + 1 < len(toks) and toks[i + 1].text in _AR_AND_A_HALF  # "ساعتين ونص"
        own = own_count + (0.5 if halves else 0)
        return Figure("duration", own * seconds, format_duration(own, unit)), i + 1 + halves
    if word == "half" and [t.text for t in toks[i + 1 : i + 3]] in (["an", "hour"], ["hour"]):
        return Figure("duration", 1800, format_duration(30, "minute")), i + 3
    noun = word[2:] if word.startswith("ال") else word
    if noun in _DURATIONS and i + 1 < len(toks) and _ARABIC_NOUN.match(noun):
        # Arabic may put the number after the noun: "ساعة واحدة", "الساعات الثلاث".
        after = toks[i + 1].text
        count = _ar_word(after[2:] if after.startswith("ال") else after, _AR_UNITS)
        if count is not None and (count == 1 or noun.endswith(_AR_PLURAL_ENDINGS)):
            unit, seconds, _ = _DURATIONS[noun]
            return Figure("duration", count * seconds, format_duration(count, unit)), i + 2
    # Spoken: "ten-eighty p", "ten eighty p".
    if word == "ten" and [t.text for t in toks[i + 1 : i + 3]] == ["eighty", "p"]:
        return Figure("resolution", 1080, "1080p"), i + 3
    if word in ("full", "fhd") and (
        word == "fhd" or toks[i + 1 : i + 2] and toks[i + 1].text == "hd"
    ):
        return Figure("resolution", 1080, "1080p"), i + (1 if word == "fhd" else 2)
    return None


# "three-ish hours", "10ish seconds": the number, said loosely.
_LOOSELY = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|ninety|hundred)-?ish\b"
)


def find_figures(text: str) -> list[Figure]:
    """All figures in `text` (any language), in reading order."""
    folded = _LOOSELY.sub(r"\1", fold(text))
    toks = _tokens(folded)
    figures: list[Figure] = []
    i = 0
    while i < len(toks):
        found = _find_at(toks, i, folded)
        if found:
            figure, i = found
            figures.append(figure)
        else:
            i += 1
    return figures


def figures_of(text: str, units: Iterable[str]) -> list[Figure]:
    """The figures of `text` whose unit is one of `units`."""
    wanted = set(units)
    return [f for f in find_figures(text) if f.unit in wanted]
