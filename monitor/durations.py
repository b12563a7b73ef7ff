"""Durations as written in the configuration and on the command line: `30s`, `15m`, `1h`, `7d`."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_ORDER = "dhms"
_PART = re.compile(r"\s*(\d+)\s*([A-Za-z]+)")
_EXAMPLES = "write whole numbers with units s, m, h or d, e.g. '30s', '15m', '1h', '7d', '1h30m'"


def parse_duration(text: str) -> timedelta:
    """Read `30s`, `15m`, `1h`, `7d` or a combination from largest unit down (`1h30m`, `1d 12h`).

    Raises ValueError with a message that says what was wrong and what is accepted.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected a duration string, got {type(text).__name__}; {_EXAMPLES}")
    stripped = text.strip()
    if not stripped:
        raise ValueError(f"empty duration; {_EXAMPLES}")
    seconds = 0
    position = 0
    last_rank = -1
    while position < len(stripped):
        match = _PART.match(stripped, position)
        if match is None:
            raise ValueError(f"cannot read duration {text!r}: {_EXAMPLES}")
        number, unit = match.groups()
        if unit not in _UNITS:
            # "M" (months?) and "ms" are the usual surprises; name the unit so the fix is obvious.
            raise ValueError(f"unknown unit {unit!r} in duration {text!r}; {_EXAMPLES}")
        rank = _ORDER.index(unit)
        if rank <= last_rank:
            raise ValueError(
                f"cannot read duration {text!r}: give each unit at most once, largest first "
                "(e.g. '1h30m')"
            )
        last_rank = rank
        seconds += int(number) * _UNITS[unit]
        position = match.end()
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(f"duration {text!r} is too long (more than a million years)") from None


def format_duration(td: timedelta) -> str:
    """Write a duration the way parse_duration reads it: `1h30m`, `7d`, `0s`.

    Raises ValueError for negative durations and fractions of a second, which the format cannot
    express.
    """
    if td < timedelta(0):
        raise ValueError(f"cannot write a negative duration ({td})")
    if td.microseconds:
        raise ValueError(f"cannot write {td} in whole seconds")
    remaining = int(td.total_seconds())
    if remaining == 0:
        return "0s"
    parts = []
    for unit in _ORDER:
        count, remaining = divmod(remaining, _UNITS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
