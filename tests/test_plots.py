"""Tests for cli.plots: real PNG and SVG files, inline SVG fit for HTML, headless."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cli.plots import save_spread_plot, spread_figure, spread_svg
from monitor.errors import UsageError
from tests.conftest import ROOT, cli_env
from tests.test_spread import THREE_HOURS, Sighting, at

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


def test_png_is_a_real_non_trivial_image(tmp_path: Path) -> None:
    path = save_spread_plot(
        tmp_path / "spread.png", "shut-down-three-hours", THREE_HOURS, subtitle="It shut down"
    )
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (990, 506)  # 9 x 4.6 inches at 110 dpi
    assert len(data) > 20_000  # curves, labels and axes, not a blank canvas
    assert [p.name for p in tmp_path.iterdir()] == ["spread.png"]  # no temporary file left


def test_svg_file_parses_and_draws_both_curves(tmp_path: Path) -> None:
    path = save_spread_plot(tmp_path / "spread.SVG", "c", THREE_HOURS, bucket="hour")
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    paths = root.iter(f"{SVG}path")
    colours = Counter(re.search(r"stroke: (#[0-9a-f]{6})", p.get("style", "")) and
                      re.search(r"stroke: (#[0-9a-f]{6})", p.get("style", "")).group(1)
                      for p in paths)  # fmt: skip
    assert colours["#1b7f5f"] >= 1 and colours["#c4511a"] >= 1  # Arabic and English curves
    assert path.stat().st_size > 20_000


def test_first_sightings_are_marked_and_labelled() -> None:
    figure = spread_figure("c", THREE_HOURS)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "first in Arabic: 2024-11-26 18:30 UTC\nDaily News" in texts
    assert "first in English: 2024-11-26 17:45 UTC\nTech Wire" in texts
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["Arabic (ar): 4", "English (en): 3"]


def test_outlets_named_in_arabic_script_are_labelled_by_their_host() -> None:
    # matplotlib would draw the name's letters unjoined and left to right.
    sightings = [Sighting("c", 1, at(26, 18), "ar", "الأخبار اليومية")]
    texts = [t.get_text() for t in spread_figure("c", sightings).axes[0].texts]
    assert texts == ["first in Arabic: 2024-11-26 18:00 UTC\nnews.example"]


def test_first_sightings_of_one_day_are_marked_at_their_own_times() -> None:
    # Arabic at 18:30 and English at 17:45 fall in one day bucket; their marks must not be one.
    axes = spread_figure("c", THREE_HOURS).axes[0]
    marks = [line.get_xydata()[0] for line in axes.lines if line.get_marker() == "o"]
    assert len(marks) == 2 and marks[0][0] != marks[1][0]
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert "Nov 26" in ticks and not axes.xaxis.get_major_formatter().get_offset()


def test_dollar_figures_print_as_written_not_as_mathtext(tmp_path: Path) -> None:
    # "$150 billion ... $157 billion" would be parsed as math between the dollars.
    figure = spread_figure("c", THREE_HOURS, subtitle="valued at $150 billion, or $157 billion")
    assert figure.axes[0].get_title(loc="left") == "valued at $150 billion, or $157 billion"
    save_spread_plot(tmp_path / "x.png", "c", THREE_HOURS, subtitle="$a_b^c$ and $x")


def test_inline_svg_is_escaped_has_unique_ids_and_no_metadata() -> None:
    hostile = [
        Sighting("c", 1, at(26, 17), "en", "<script>alert(1)</script> & Co"),
        *THREE_HOURS[1:],
    ]
    one = spread_svg("claim-one", hostile)
    two = spread_svg("claim-two", THREE_HOURS)
    root = ElementTree.fromstring(one)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script"))
    assert "<script" not in one and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in one
    assert "<metadata" not in one and "<?xml" not in one and "DOCTYPE" not in one
    assert "first in English" in one  # text kept as text for the browser to shape
    ids_one = set(re.findall(r'\sid="([^"]+)"', one))
    ids_two = set(re.findall(r'\sid="([^"]+)"', two))
    assert ids_one and not ids_one & ids_two
    for svg in (one, two):
        referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
        assert referenced == set(re.findall(r'\sid="([^"]+)"', svg))


def test_a_claim_without_sightings_still_draws(tmp_path: Path) -> None:
    path = save_spread_plot(tmp_path / "empty.png", "quiet", [])
    assert path.read_bytes().startswith(PNG_MAGIC)
    assert [t.get_text() for t in spread_figure("quiet", []).axes[0].texts] == ["no sightings yet"]


def test_other_formats_and_unwritable_places_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.png or \.svg"):
        save_spread_plot(tmp_path / "spread.gif", "c", THREE_HOURS)
    with pytest.raises(UsageError, match="cannot write"):
        save_spread_plot(tmp_path / "missing" / "spread.png", "c", THREE_HOURS)
    assert list(tmp_path.iterdir()) == []


def test_plotting_needs_no_display_and_never_loads_pyplot() -> None:
    code = (
        "import sys, cli.plots as p\n"
        "from tests.test_spread import THREE_HOURS\n"
        "p.spread_svg('c', THREE_HOURS)\n"
        "import matplotlib\n"
        "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)\n"
    )
    env = cli_env(DISPLAY="", MPLBACKEND="")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.lower().split() == ["agg", "false"]
