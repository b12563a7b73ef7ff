"""Counts said in English: `1 source`, `2 sources`, `1 story`, `0 stories`."""

from __future__ import annotations

_IRREGULAR = {"story": "stories", "entry": "entries", "query": "queries"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, the noun in the plural unless `count` is 1: `many` when given, else
    the plural this module knows (`stories`), else the noun with an `s`."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {many or _IRREGULAR.get(noun) or noun + 's'}"
