"""Rendering rows as a terminal table, plain rows, JSON, CSV or Markdown, with untrusted text
made safe.

A table on a terminal fits its width: prose columns wrap at spaces, and when that is not enough
the columns least worth keeping are left out (its caption says which); ids, dates, URLs and
numbers are never broken. Piped or redirected, `--format table` prints plain aligned rows, one
line each, that grep, cut and cron's mail read as they are.

Values from the web reach every format: the table shows them as Rich `Text` (never parsed as
markup) with control characters removed; Markdown escapes HTML and table syntax; CSV defuses
spreadsheet formulas. JSON carries the data as it is stored (already free of control characters).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from monitor.safe_text import clean_text

FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class Column:
    """A column of a report.

    In a terminal table, values are never broken (ids, dates, URLs, numbers, names) unless the
    column is `wrap` (prose: a title, an error): that wraps at spaces, between `min_width`
    (WRAP_FLOOR by default) and `max_width` columns wide, and keeps dates whole. When a table
    does not fit the terminal, the columns with the lowest `keep` are left out first.
    """

    key: str
    header: str
    max_width: int | None = None
    justify: JustifyMethod = "left"
    wrap: bool = False
    keep: int = 50
    min_width: int | None = None


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return clean_text(str(value))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(rows: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=_json_default)


def _csv_cell(value: Any) -> str:
    text = _plain(value) if not isinstance(value, datetime) else value.isoformat()
    # A cell starting like a formula runs in spreadsheets: make it text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(c.key)) for c in columns])
    return buffer.getvalue()


# In an autolink nothing is escaped, so what would end it or the cell is percent-encoded.
_LINK_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in "<>| \\`"}


def _markdown_cell(value: Any) -> str:
    text = _plain(value)
    if text.startswith(("http://", "https://")) and not any(c.isspace() for c in text):
        # An autolink: backslash escapes would become part of the address (`a\_b`).
        return "<" + text.translate(_LINK_UNSAFE) + ">"
    text = text.replace("\\", "\\\\")
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, escaped)
    for char in "[]*_`#":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    lines = [
        "| " + " | ".join(c.header for c in columns) + " |",
        "|" + "|".join("---:" if c.justify == "right" else "---" for c in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_markdown_cell(row.get(c.key)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


# The narrowest a prose column gets before columns are left out instead.
WRAP_FLOOR = 12
# A date and time as _plain writes it: one token, never split at its space.
_TOKEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d|\S+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def wrap_cell(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces only (a date and its time stay
    together); a word wider than the column is cut short with an ellipsis, never folded."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if cell_len(token) > width:
            token = _truncate(token, width)
        candidate = f"{line} {token}" if line else token
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = token
    if line or not lines:
        lines.append(line)
    return lines


def _truncate(text: str, width: int) -> str:
    shown = Text(text)
    shown.truncate(width, overflow="ellipsis")
    return shown.plain


@dataclass
class _Fit:
    column: Column
    cells: list[str]
    natural: int  # as wide as it would like
    minimum: int  # no narrower than this
    width: int = 0


def _measure(column: Column, cells: list[str]) -> _Fit:
    widest = max((cell_len(c) for c in cells), default=0)
    if not column.wrap:
        width = max(widest, cell_len(column.header))
        return _Fit(column, cells, width, width)
    cap = column.max_width or 10_000
    natural = min(cap, max(widest, cell_len(column.header)))
    words = [cell_len(t) for c in [column.header, *cells] for t in _tokens(c)]
    floor = column.min_width or WRAP_FLOOR
    minimum = min(natural, max(floor, min(cap, max(words, default=0))))
    return _Fit(column, cells, natural, minimum)


def fit_columns(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], width: int
) -> tuple[list[_Fit], list[Column]]:
    """The columns that fit a table `width` cells wide, each with its width, and the columns
    left out (least worth keeping first) to make it fit."""
    fits = [_measure(c, [_plain(row.get(c.key)) for row in rows]) for c in columns]
    dropped: list[Column] = []

    def overflow() -> int:
        # Rich's box: a border before each column and after the last, a space either side.
        return sum(f.minimum for f in fits) + 3 * len(fits) + 1 - width

    while overflow() > 0 and len(fits) > 1:
        least = min(range(len(fits)), key=lambda i: (fits[i].column.keep, -i))
        dropped.append(fits.pop(least).column)
    spare = max(0, -overflow())
    for fit in fits:
        fit.width = fit.minimum
    growing = [f for f in fits if f.natural > f.width]
    while spare and growing:
        share = max(1, spare // len(growing))
        for fit in growing:
            grow = min(share, fit.natural - fit.width, spare)
            fit.width += grow
            spare -= grow
        growing = [f for f in growing if f.natural > f.width]
    return fits, dropped


def to_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    width: int,
    title: str | None = None,
) -> Table:
    """A Rich table no wider than `width` (when its columns can be): prose columns wrap, the
    least useful columns are left out (the caption says which), nothing else is broken."""
    fits, dropped = fit_columns(rows, columns, width)
    caption = None
    if dropped:
        names = ", ".join(c.header for c in columns if c in dropped)
        caption = f"not shown in {width} columns: {names} (widen the terminal, or --format json)"
    table = Table(title=title, caption=caption, header_style="bold")
    for fit in fits:
        table.add_column(
            "\n".join(wrap_cell(fit.column.header, fit.width)),
            width=fit.width,
            justify=fit.column.justify,
            no_wrap=True,
            overflow="ellipsis",
        )
    for index in range(len(rows)):
        table.add_row(*(Text("\n".join(wrap_cell(f.cells[index], f.width))) for f in fits))
    return table


def to_plain(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    """The table for a pipe or a file: a header and one line per row, columns aligned and
    separated by two spaces; no box, no tabs, nothing folded or cut."""
    grid = [[c.header for c in columns]]
    grid += [[_plain(row.get(c.key)) for c in columns] for row in rows]
    widths = [max(cell_len(line[i]) for line in grid) for i in range(len(columns))]
    lines = []
    for line in grid:
        cells = []
        for text, column, width in zip(line, columns, widths, strict=True):
            pad = " " * (width - cell_len(text))
            cells.append(pad + text if column.justify == "right" else text + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def console(file: IO[str] | None = None, width: int | None = None) -> Console:
    return Console(file=file or sys.stdout, width=width, highlight=False, soft_wrap=False)


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    file: IO[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
    width: int | None = None,
    plain_title: bool = False,
) -> None:
    """Print `rows` in `fmt` (one of FORMATS) to `file` (stdout by default).

    The table format is a table fitted to the terminal on a terminal (or at `width`), and
    plain aligned rows anywhere else (a pipe, a file, cron's mail); those carry the title on a
    line of its own only when `plain_title` (several tables in one output).
    """
    out = file or sys.stdout
    if fmt == "json":
        out.write(to_json(rows) + "\n")
    elif fmt == "csv":
        out.write(to_csv(rows, columns))
    elif fmt == "markdown":
        out.write(to_markdown(rows, columns))
    elif width is None and not out.isatty():
        if plain_title and title:
            out.write(clean_text(title) + "\n")
        out.write(to_plain(rows, columns) if rows else empty + "\n")
    elif not rows:
        console(out, width).print(Text(empty, style="dim"))
    else:
        terminal = console(out, width)
        terminal.print(to_table(rows, columns, width=terminal.width, title=title))
