"""Rendering rows as a terminal table, JSON, CSV or Markdown, with untrusted text made safe.

Values from the web reach every format: the table shows them as Rich `Text` (never parsed as
markup) with control characters removed; Markdown escapes HTML and table syntax; CSV defuses
spreadsheet formulas. JSON carries the data as it is stored (already free of control characters).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from monitor.safe_text import clean_text

FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    max_width: int | None = None
    justify: JustifyMethod = "left"


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


def to_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, title: str | None = None
) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(
            column.header,
            max_width=column.max_width,
            justify=column.justify,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(Text(_plain(row.get(c.key))) for c in columns))
    return table


def console(file: IO[str] | None = None) -> Console:
    out = file or sys.stdout
    interactive = out.isatty()
    width = None if interactive else max(shutil.get_terminal_size((160, 24)).columns, 160)
    return Console(file=out, width=width, highlight=False, soft_wrap=False)


def render(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    file: IO[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
) -> None:
    """Print `rows` in `fmt` (one of FORMATS) to `file` (stdout by default)."""
    out = file or sys.stdout
    if fmt == "json":
        out.write(to_json(rows) + "\n")
    elif fmt == "csv":
        out.write(to_csv(rows, columns))
    elif fmt == "markdown":
        out.write(to_markdown(rows, columns))
    elif not rows:
        console(out).print(Text(empty, style="dim"))
    else:
        console(out).print(to_table(rows, columns, title=title))
