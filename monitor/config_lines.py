"""Where keys are in a TOML text: a line scanner for error positions, which tomllib lacks."""

from __future__ import annotations

import re

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_AOT_RE = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_RE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEYVAL_RE = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_PART_RE = re.compile(_PART)

KeyPath = tuple[str | int, ...]


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PART_RE.findall(dotted))


class Locator:
    """Maps key paths such as ("sources", 2, "url") to the line that defines them."""

    def __init__(self, text: str) -> None:
        self.lines: dict[KeyPath, int] = {}
        aot_index: dict[KeyPath, int] = {}
        table: KeyPath = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2:
                    in_multiline = None
                continue
            if match := _AOT_RE.match(line):
                parent = self._resolve(_split_key(match[1])[:-1], aot_index)
                base = parent + (_split_key(match[1])[-1],)
                aot_index[base] = aot_index.get(base, -1) + 1
                table = base + (aot_index[base],)
                self._record(table, number)
            elif match := _TABLE_RE.match(line):
                table = self._resolve(_split_key(match[1]), aot_index)
                self._record(table, number)
            elif match := _KEYVAL_RE.match(line):
                key = table + _split_key(match[1])
                # Keys inside an inline table are on its line: the lookup falls back to it.
                self._record(key, number)
                for quote in ('"""', "'''"):
                    if match[2].count(quote) % 2:
                        in_multiline = quote

    @staticmethod
    def _resolve(parts: tuple[str, ...], aot_index: dict[KeyPath, int]) -> KeyPath:
        # A [sources.x] header after [[sources]] belongs to the latest sources element.
        resolved: list[str | int] = []
        for part in parts:
            resolved.append(part)
            if tuple(resolved) in aot_index:
                resolved.append(aot_index[tuple(resolved)])
        return tuple(resolved)

    def _record(self, key: KeyPath, number: int) -> None:
        for end in range(1, len(key) + 1):
            self.lines.setdefault(key[:end], number)

    def line(self, key: KeyPath) -> int | None:
        """The line of the key, else of its nearest enclosing table or key that has one."""
        for end in range(len(key), 0, -1):
            if key[:end] in self.lines:
                return self.lines[key[:end]]
        return None


def dotted_key(key: KeyPath) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
