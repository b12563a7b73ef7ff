"""Charts of a claim's spread: cumulative sightings per language, first sightings marked.

Headless: figures are built with matplotlib's object API on the Agg/SVG canvases, never through
pyplot's GUI state. Axis text stays English: matplotlib lays out Arabic letters unjoined and
left to right, so an outlet named in Arabic script is labelled by its host (the HTML report and
the tables show the name properly).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from datetime import UTC, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: never a display

from matplotlib import dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from cli.files import write_atomically  # noqa: E402
from monitor.errors import UsageError  # noqa: E402
from monitor.safe_text import clean_text  # noqa: E402
from monitor.spread import Bucket, first_by_language, timeline  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["PLOT_FORMATS", "spread_figure", "save_spread_plot", "spread_svg"]

PLOT_FORMATS = ("png", "svg")
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
COLOURS = {"ar": "#1b7f5f", "en": "#c4511a"}
OTHER_COLOURS = ("#5b5ea6", "#9b2335", "#6b7b8c", "#a0752b")
_STYLES = ("-", (0, (5, 2)), (0, (1, 1.5)), "-.")
_RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# No mathtext: "$150 billion" in a claim's text must print as written, not as math.
_RC: dict[RcKeyType, Any] = {
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "axes.titlesize": 12,
}


def _language_label(language: str) -> str:
    name = LANGUAGE_NAMES.get(language)
    return f"{name} ({language})" if name else language


def _outlet_label(source: str, url: str) -> str | None:
    """The outlet's name, or its host when the name is in a right-to-left script."""
    name = clean_text(source, max_len=32)
    if name and _RTL_SCRIPT.search(name):
        name = clean_text(urlsplit(url).hostname or "", max_len=32)
    return name or None


def spread_figure(
    claim_id: str,
    sightings: Sequence[Any],
    *,
    bucket: Bucket = "day",
    subtitle: str | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    firsts: Mapping[str, Any] | None = None,
) -> Figure:
    """The cumulative sightings of one claim per language, stepping at each bucket, with the
    first sighting in each language marked and labelled (when, and the outlet).

    `rows` (the claim's `timeline` in `bucket`) and `firsts` (its first sighting per language)
    stand for `sightings` when the caller has them already."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(9, 4.6), dpi=110)
        # Fixed margins: constrained layout would double the drawing time of each chart.
        figure.subplots_adjust(left=0.07, right=0.985, top=0.86, bottom=0.13)
        axes = figure.add_subplot()
        figure.suptitle(
            f"{claim_id}: cumulative sightings by language", x=0.01, ha="left", fontweight="bold"
        )
        if subtitle:
            axes.set_title(
                textwrap.shorten(clean_text(subtitle), 120), loc="left", fontsize=9.5,
                color="#555555",
            )  # fmt: skip
        if rows is None:
            rows = timeline(sightings, bucket)
        if not rows:
            axes.text(0.5, 0.5, "no sightings yet", ha="center", va="center",
                      transform=axes.transAxes, color="#777777")  # fmt: skip
            axes.set_yticks([])
            axes.set_xticks([])
            return figure
        step = timedelta(hours=1) if bucket == "hour" else timedelta(days=1)
        end = max(row["bucket_start"] for row in rows) + step
        if firsts is None:
            firsts = first_by_language(sightings)
        others = iter(OTHER_COLOURS * 4)
        for index, language in enumerate(sorted({row["language"] for row in rows})):
            points = [
                (r["bucket_start"], r["cumulative"]) for r in rows if r["language"] == language
            ]
            xs = [x for x, _ in points] + [end]
            ys = [y for _, y in points] + [points[-1][1]]
            colour = COLOURS.get(language) or next(others)
            # Curves that coincide must stay visible: the first drawn is wider, the others
            # dashed on top of it.
            label = f"{_language_label(language)}: {ys[-1]}"
            axes.step(xs, ys, where="post", color=colour, label=label,
                      linewidth=3.4 if index == 0 else 2.0, linestyle=_STYLES[index % len(_STYLES)],
                      zorder=2 + index)  # fmt: skip
            first = firsts[language]
            # At its own time on the first step (which holds the whole bucket), not at the
            # bucket's start: two languages first seen the same day keep two visible marks.
            x0 = mdates.date2num(first.seen_at.astimezone(UTC))
            y0 = points[0][1]
            axes.plot([x0], [y0], marker="o", markersize=9 if index == 0 else 6.5, color=colour,
                      markeredgecolor="white", zorder=5 + index)  # fmt: skip
            label = f"first in {LANGUAGE_NAMES.get(language, language)}: "
            label += f"{first.seen_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
            outlet = _outlet_label(first.source, first.url)
            if outlet:
                label += f"\n{outlet}"
            axes.annotate(
                label, xy=(x0, y0), textcoords="axes fraction",
                # Labels sit side by side in the headroom above the curves, not on them.
                xytext=(0.26 + 0.36 * (index % 2), 0.9 - 0.14 * (index // 2)), va="top",
                fontsize=8.5, color=colour,
                arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1},
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": colour, "lw": 0.6},
            )  # fmt: skip
        axes.set_ylabel("sightings (cumulative)")
        axes.set_xlabel(f"publication time (UTC), by {bucket}")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max(row["cumulative"] for row in rows)
        axes.set_ylim(0, top * 1.35 + 1)
        locator = mdates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        # Month and day on every day tick, no offset: the offset names the last tick's month
        # ("2024-Dec" under a chart of November, when the last step ends on 1 December).
        axes.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(
                locator,
                formats=["%Y", "%b %Y", "%b %d", "%H:%M", "%H:%M", "%S.%f"],
                zero_formats=["", "%Y", "%b %d", "%b %d", "%H:%M", "%H:%M"],
                show_offset=False,
            )
        )
        axes.grid(True, color="#e4e4e4", linewidth=0.8)
        axes.set_axisbelow(True)
        axes.legend(loc="upper left", frameon=False)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    return figure


def _figure_bytes(figure: Figure, fmt: str, *, salt: str, text_as_text: bool = False) -> bytes:
    buffer = io.BytesIO()
    rc: dict[RcKeyType, Any] = {
        "svg.hashsalt": salt,
        "svg.fonttype": "none" if text_as_text else "path",
    }
    with matplotlib.rc_context(rc):
        metadata = {"Date": None} if fmt == "svg" else None
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def save_spread_plot(
    path: str | Path,
    claim_id: str,
    sightings: Sequence[Any],
    *,
    bucket: Bucket = "day",
    subtitle: str | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    firsts: Mapping[str, Any] | None = None,
) -> Path:
    """Draw the claim's spread into `path` (.png or .svg), atomically; return the path."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise UsageError(f"--plot {str(path)!r}: give a file name ending in .png or .svg")
    data = _figure_bytes(
        spread_figure(
            claim_id, sightings, bucket=bucket, subtitle=subtitle, rows=rows, firsts=firsts
        ),
        fmt,
        salt=claim_id,
    )
    write_atomically(path, data)
    return path


def spread_svg(
    claim_id: str,
    sightings: Sequence[Any],
    *,
    bucket: Bucket = "day",
    subtitle: str | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    firsts: Mapping[str, Any] | None = None,
) -> str:
    """The chart as an `<svg>` element to inline in HTML: text kept as text (the browser's
    fonts), ids salted by claim so that several charts in one page do not collide."""
    figure = spread_figure(
        claim_id, sightings, bucket=bucket, subtitle=subtitle, rows=rows, firsts=firsts
    )
    svg = _figure_bytes(figure, "svg", salt=claim_id, text_as_text=True).decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # The RDF metadata block names its vocabularies by URL; a report that reads offline
    # carries none.
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib numbers its groups the same in every figure (figure_1, axes_1, ...): several
    # charts in one page would repeat ids. Keep only the ids something refers to (salted).
    referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    svg = re.sub(r'\sid="([^"]*)"', lambda m: m.group(0) if m.group(1) in referenced else "", svg)
    # Text stays text; browsers without DejaVu Sans fall back to their sans-serif.
    return svg.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")
