"""`report claims` and `report spread` on a database filled by a real run of the demo web.

Expectations come from two places that the report code does not share: the demo's answer key
(cli/data/demo/README.md) and the stored rows read with plain sqlite3.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from monitor.figures import find_figures
from tests.conftest import Invoked, invoke_cli, run_cli
from tests.test_demo_content import CLAIM_IDS, FIGURE_CLAIMS, parse_claims, table

KEY = table("answer-key")
# Claims the matcher finds in exactly the articles the key lists (the three others differ by
# an article or two: a matcher matter, checked against the stored rows below instead).
KEY_CHECKED = sorted(CLAIM_IDS - {"available-2024", "leaked-by-testers", "leakers-anonymous"})


def cli(*args: str) -> Invoked:
    """The CLI in this process (quicker than a new one)."""
    return invoke_cli(*args)


def when(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def path_of(url: str) -> str:
    return urlsplit(url).path


def key_carriers(claim_id: str) -> list[dict[str, str]]:
    rows = [r for r in KEY if claim_id in parse_claims(r["claims"])]
    return sorted(rows, key=lambda r: when(r["published"]))


def normalised(figures: str) -> str:
    """A figure of the key as written ("١٠ ثوانٍ + 1080p") as the matcher normalises it."""
    return ", ".join(find_figures(part)[0].variant for part in figures.split(" + "))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    path = tmp_path_factory.mktemp("reports") / "demo.db"
    url = f"sqlite:///{path}"
    result = run_cli("demo", "--db", url, "--format", "json")
    assert result.returncode == 0, result.stderr
    return url, path


@pytest.fixture(scope="module")
def stored(demo_db: tuple[str, Path]) -> dict[str, list[dict]]:
    """Sightings per claim in relevant articles, read with plain SQL, oldest first."""
    connection = sqlite3.connect(demo_db[1])
    rows = connection.execute(
        "SELECT cs.claim_id, a.canonical_url, a.language, a.published_at, s.name, cs.variant"
        " FROM claim_sightings cs JOIN articles a ON a.id = cs.article_id"
        " LEFT JOIN sources s ON s.id = a.source_id WHERE a.relevant = 1"
    ).fetchall()
    connection.close()
    out: dict[str, list[dict]] = {}
    for claim, url, language, published, source, variant in rows:
        out.setdefault(claim, []).append(
            {
                "path": path_of(url),
                "language": language,
                "at": datetime.fromisoformat(published).replace(tzinfo=UTC),
                "source": source,
                "variant": variant,
            }
        )
    return {k: sorted(v, key=lambda r: (r["at"], r["path"])) for k, v in out.items()}


@pytest.fixture(scope="module")
def claims_json(demo_db: tuple[str, Path]) -> dict[str, dict]:
    result = invoke_cli("report", "claims", "--db", demo_db[0], "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["claim_id"] for r in rows][:2] == ["openai-valuation-150b", "sora-announced-february"]
    return {r["claim_id"]: r for r in rows}


def test_claims_json_has_every_claim_and_the_design_keys(claims_json: dict[str, dict]) -> None:
    assert set(claims_json) == CLAIM_IDS
    design = ["claim_id", "sightings", "articles", "sources", "languages", "first_seen_at",
              "first_url", "last_seen_at", "variants"]  # fmt: skip
    for row in claims_json.values():
        assert list(row)[: len(design)] == design
        assert {"text", "first_source", "first_seen_by_language"} <= set(row)


@pytest.mark.parametrize("claim_id", KEY_CHECKED)
def test_claims_json_matches_the_answer_key(claim_id: str, claims_json: dict[str, dict]) -> None:
    row, carriers = claims_json[claim_id], key_carriers(claim_id)
    assert row["sightings"] == row["articles"] == len(carriers)
    assert row["languages"] == {
        "ar": sum(r["language"] == "ar" for r in carriers),
        "en": sum(r["language"] == "en" for r in carriers),
    }
    assert row["sources"] == len({r["outlet"] for r in carriers})
    assert row["stories"] == len({r["story"] for r in carriers})
    first = carriers[0]
    assert path_of(row["first_url"]) == first["path"]
    assert when(row["first_seen_at"]) == when(first["published"])
    assert when(row["last_seen_at"]) == when(carriers[-1]["published"])
    for language in ("ar", "en"):
        firsts = [r for r in carriers if r["language"] == language]
        seen = row["first_seen_by_language"][language]
        if not firsts:
            assert seen is None
            continue
        assert path_of(seen["url"]) == firsts[0]["path"]
        assert when(seen["at"]) == when(firsts[0]["published"])
    if claim_id in FIGURE_CLAIMS:
        expected = Counter(normalised(parse_claims(r["claims"])[claim_id]) for r in carriers)
        assert row["variants"] == dict(expected)


def test_who_was_first_in_the_demo(claims_json: dict[str, dict]) -> None:
    """Spelled out for two claims: by publication time, across time zones."""
    source_code = claims_json["source-code-leaked"]
    # The outlet by its own name (og:site_name of the source "Daily News").
    assert source_code["first_source"] == "الأخبار اليومية"
    assert source_code["first_seen_at"] == "2024-11-26T18:30:00+00:00"  # 21:30 in Riyadh
    assert source_code["first_seen_by_language"]["en"] is None
    valuation = claims_json["openai-valuation-150b"]
    assert path_of(valuation["first_url"]).endswith("/sora-testers-leak-video-tool-protest.html")
    assert valuation["first_seen_by_language"]["ar"]["source"] == "الأخبار اليومية"
    assert valuation["variants"] == {"$157 billion": 4, "$150 billion": 2}


def test_claims_json_matches_the_stored_sightings(
    claims_json: dict[str, dict], stored: dict[str, list[dict]]
) -> None:
    for claim_id, row in claims_json.items():
        sightings = stored.get(claim_id, [])
        assert row["sightings"] == len(sightings), claim_id
        assert row["languages"]["ar"] == sum(s["language"] == "ar" for s in sightings)
        assert row["languages"]["en"] == sum(s["language"] == "en" for s in sightings)
        assert row["sources"] == len({s["source"] for s in sightings})
        assert row["variants"] == dict(Counter(s["variant"] for s in sightings if s["variant"]))
        assert path_of(row["first_url"]) == sightings[0]["path"]
        assert when(row["last_seen_at"]) == sightings[-1]["at"]


def test_claims_csv_markdown_and_table_show_the_same_numbers(
    demo_db: tuple[str, Path], claims_json: dict[str, dict]
) -> None:
    url = demo_db[0]
    out = cli("report", "claims", "--db", url, "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["claim_id"] for r in rows] == list(claims_json)
    for r in rows:
        j = claims_json[r["claim_id"]]
        assert int(r["sightings"]) == j["sightings"] and int(r["sources"]) == j["sources"]
        assert (int(r["ar"]), int(r["en"])) == (j["languages"]["ar"], j["languages"]["en"])
        assert r["first_url"] == (j["first_url"] or "")
        assert r["first_ar_url"] == ((j["first_seen_by_language"]["ar"] or {}).get("url") or "")
    assert rows[0]["variants"] == "$157 billion (4); $150 billion (2)"

    out = cli("report", "claims", "--db", url, "--format", "markdown")
    lines = out.stdout.splitlines()
    assert lines[0].startswith("| claim | sightings |") and len(lines) == 2 + len(claims_json)
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        j = claims_json[cells[0].replace("\\", "")]
        assert [int(c) for c in cells[1:6]] == [
            j["sightings"], j["stories"], j["sources"], j["languages"]["ar"], j["languages"]["en"]
        ]  # fmt: skip

    out = cli("report", "claims", "--db", url)  # not a terminal: plain rows, one per claim
    header, *body = out.stdout.splitlines()
    assert header.split()[:2] == ["claim", "sightings"] and len(body) == len(claims_json)
    for line in body:
        cells = re.split(r" {2,}", line.strip())  # columns are two spaces apart or more
        assert int(cells[1]) == claims_json[cells[0]]["sightings"]


def test_claims_since_counts_only_later_publications(demo_db: tuple[str, Path]) -> None:
    out = cli("report", "claims", "--db", demo_db[0], "--since", "2024-12-01", "--format",
                  "json")  # fmt: skip
    rows = {r["claim_id"]: r for r in json.loads(out.stdout)}
    assert set(rows) == CLAIM_IDS  # claims not seen in the window are still listed, with 0
    three = rows["shut-down-three-hours"]
    assert three["sightings"] == 1 and three["languages"] == {"ar": 1, "en": 0}
    assert path_of(three["first_url"]) == "/arabtech/2024/12/03/sora-leak-five-questions.html"
    assert rows["source-code-leaked"]["sightings"] == 0
    assert rows["source-code-leaked"]["first_url"] is None


def test_claims_on_a_fresh_database_lists_the_catalogue_with_zeros(tmp_path: Path) -> None:
    fresh = f"sqlite:///{tmp_path / 'new.db'}"
    assert cli("db", "upgrade", "--db", fresh).returncode == 0  # read commands create nothing
    out = cli("report", "claims", "--db", fresh, "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["claim_id"] for r in rows} == CLAIM_IDS
    assert all(r["sightings"] == 0 and r["variants"] == {} for r in rows)


def spread(url: str, claim_id: str, *args: str) -> list[dict]:
    out = cli("report", "spread", claim_id, "--db", url, "--format", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_spread_by_day_and_by_hour(demo_db: tuple[str, Path]) -> None:
    url = demo_db[0]
    daily = spread(url, "shut-down-three-hours")
    assert [(r["bucket_start"][:10], r["language"], r["new_sightings"], r["cumulative"])
            for r in daily] == [
        ("2024-11-26", "ar", 1, 1), ("2024-11-26", "en", 1, 1),
        ("2024-11-27", "ar", 1, 2), ("2024-11-27", "en", 2, 3),
        ("2024-11-28", "ar", 1, 3), ("2024-11-28", "en", 0, 3),
        ("2024-12-03", "ar", 1, 4), ("2024-12-03", "en", 0, 3),
    ]  # fmt: skip
    assert all(r["bucket_start"].endswith("T00:00:00+00:00") for r in daily)
    hourly = spread(url, "shut-down-three-hours", "--bucket", "hour")
    carriers = key_carriers("shut-down-three-hours")
    hours = {when(r["published"]).replace(minute=0) for r in carriers}
    assert {when(r["bucket_start"]) for r in hourly} == hours
    for rows in (daily, hourly):
        assert sum(r["new_sightings"] for r in rows) == len(carriers)
        keys = [(r["bucket_start"], r["language"]) for r in rows]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)


@pytest.mark.parametrize("claim_id", ["openai-valuation-150b", "leaked-on-hugging-face"])
def test_spread_cumulative_ends_at_the_claims_totals(
    claim_id: str, demo_db: tuple[str, Path], claims_json: dict[str, dict]
) -> None:
    rows = spread(demo_db[0], claim_id, "--bucket", "hour")
    last = {r["language"]: r["cumulative"] for r in rows}
    assert last == {k: v for k, v in claims_json[claim_id]["languages"].items() if v}
    for language in last:
        mine = [r for r in rows if r["language"] == language]
        running = 0
        for r in mine:
            running += r["new_sightings"]
            assert r["cumulative"] == running
        first = claims_json[claim_id]["first_seen_by_language"][language]["at"]
        assert when(mine[0]["bucket_start"]) == when(first).replace(minute=0, second=0)


def test_spread_csv_and_table(demo_db: tuple[str, Path]) -> None:
    url = demo_db[0]
    out = cli("report", "spread", "pr-stunt", "--db", url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["bucket_start", "language", "new_sightings", "cumulative"]
    assert sum(int(r["new_sightings"]) for r in rows) == 4
    assert rows[0]["bucket_start"] == "2024-11-26T00:00:00+00:00"
    table_out = cli("report", "spread", "pr-stunt", "--db", url)
    assert "2024-11-26 00:00" in table_out.stdout and table_out.stderr == ""


def test_unknown_claim_id_exits_2_listing_valid_ids(demo_db: tuple[str, Path]) -> None:
    out = invoke_cli("report", "spread", "shut-down-3-hours", "--db", demo_db[0])
    assert out.returncode == 2 and out.stdout == ""
    assert "unknown claim id 'shut-down-3-hours'" in out.stderr
    assert "shut-down-three-hours" in out.stderr and "pr-stunt" in out.stderr


def test_spread_plots_png_and_svg(demo_db: tuple[str, Path], tmp_path: Path) -> None:
    url = demo_db[0]
    png, svg = tmp_path / "spread.png", tmp_path / "spread.svg"
    out = invoke_cli("report", "spread", "openai-valuation-150b", "--db", url, "--format", "json",
                  "--plot", str(png))  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)  # stdout still holds only the data
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    out = invoke_cli("report", "spread", "openai-valuation-150b", "--db", url, "--bucket", "hour",
                  "--format", "csv", "--plot", str(svg))  # fmt: skip
    assert out.returncode == 0, out.stderr
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 50
    bad = invoke_cli("report", "spread", "pr-stunt", "--db", url, "--plot", str(tmp_path / "x.jpg"))
    assert bad.returncode == 2 and ".png or .svg" in bad.stderr and bad.stdout == ""


def test_claim_sightings_query_on_each_database(db_url: str) -> None:
    """Relevant articles only; time falls back from the page's date to the sighting's to first
    seen; `since` and the order use that time; an article without a source shows its host."""
    from storage.claim_reports import claim_sightings, stored_claims
    from storage.engine import Database
    from storage.models import Article, Claim, ClaimSighting, Source

    def t(day: int, hour: int = 12) -> datetime:
        return datetime(2024, 11, day, hour, tzinfo=UTC)

    database = Database.open(db_url)
    try:
        with database.session() as session, session.begin():
            session.add(Claim(id="c", text_en="a claim", text_ar="ادعاء", kind="event"))
            source = Source(name="Tech Wire", kind="feed", url="https://techwire.example/feed")
            session.add(source)
            session.flush()
            specs = [  # url, source, relevant, article date, sighting date, first seen
                ("https://techwire.example/a", source.id, True, t(27), t(27), t(30)),
                ("https://arab.example/b", None, True, None, t(26), t(30)),
                ("https://techwire.example/c", source.id, True, None, None, t(28)),
                ("https://techwire.example/d", source.id, False, t(20), t(20), t(30)),
            ]
            for url, source_id, relevant, published, sighted, first_seen in specs:
                article = Article(
                    canonical_url=url, source_id=source_id, relevant=relevant, language="en",
                    published_at=published, first_seen_at=first_seen,
                )  # fmt: skip
                session.add(article)
                session.flush()
                session.add(ClaimSighting(claim_id="c", article_id=article.id, evidence="e",
                                          variant="", score=1.0, published_at=sighted,
                                          first_seen_at=first_seen))  # fmt: skip
        with database.session() as session, session.begin():
            rows = claim_sightings(session)
            assert [(path_of(r.url), r.seen_at, r.source) for r in rows] == [
                ("/b", t(26), "arab.example"),
                ("/a", t(27), "Tech Wire"),
                ("/c", t(28), "Tech Wire"),
            ]
            later = claim_sightings(session, since=t(27), claim_ids=["c"])
            assert [path_of(r.url) for r in later] == ["/a", "/c"]
            assert claim_sightings(session, claim_ids=["other"]) == []
            assert [c.id for c in stored_claims(session)] == ["c"]
    finally:
        database.dispose()
