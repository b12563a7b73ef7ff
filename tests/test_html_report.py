"""`report html` on a database filled by a real run of the demo web, plus one hostile article."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.conftest import invoke_cli, run_cli
from tests.test_demo_content import CLAIM_IDS, table
from tests.test_reports import cli

KEY = table("answer-key")
HOSTILE_TITLE = (
    '<script>alert("title")</script><img src="http://evil.example/x.png" onerror="alert(1)">'
    " Sora leak & </td></table><b>bold</b>"
)
HOSTILE_SOURCE = "<script>alert('outlet')</script> & Wire"
HOSTILE_URL = "javascript:alert(document.cookie)//https://news.example/sora"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    """The demo database with a hostile article added, and its HTML report (default window)."""
    folder = tmp_path_factory.mktemp("html")
    url = f"sqlite:///{folder / 'demo.db'}"
    result = run_cli("demo", "--db", url, "--format", "json")
    assert result.returncode == 0, result.stderr
    insert_hostile_article(url)
    out = folder / "report.html"
    out.write_text("an older report", encoding="utf-8")
    result = invoke_cli("report", "html", "--db", url, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "report written to" in result.stderr
    return url, out, out.read_text(encoding="utf-8")


def insert_hostile_article(url: str) -> None:
    """An English article, published before every other, with markup in every web field."""
    from storage.engine import Database
    from storage.models import Article, ClaimSighting, Source

    database = Database.open(url)
    published = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)
    try:
        with database.session() as session, session.begin():
            source = Source(name=HOSTILE_SOURCE, kind="feed", url="http://127.0.0.1:9/feed")
            session.add(source)
            session.flush()
            article = Article(
                canonical_url=HOSTILE_URL, source_id=source.id, title=HOSTILE_TITLE,
                body="…", language="en", published_at=published, relevant=True,
                leak_report=True, seed_copy=False, first_seen_at=datetime.now(UTC),
            )  # fmt: skip
            session.add(article)
            session.flush()
            article.cluster_id = article.id
            session.add(
                ClaimSighting(
                    claim_id="shut-down-three-hours", article_id=article.id,
                    evidence='It was shut after "3 hours" <iframe src="http://evil.example/">',
                    variant="3 hours<svg onload=alert(1)>", score=0.9,
                    published_at=published, first_seen_at=article.first_seen_at,
                )
            )  # fmt: skip
    finally:
        database.dispose()


def test_the_report_parses_and_has_no_scripts_or_external_resources(
    report: tuple[str, Path, str],
) -> None:
    _, path, html = report
    document = lxml.html.document_fromstring(html)
    assert "<script" not in html.lower()
    assert not document.xpath("//script | //iframe | //object | //embed | //link")
    for element in document.xpath("//*[@src]"):
        assert not element.get("src").startswith(("http:", "https:", "//")), element.tag
    for attribute in document.xpath("//@*"):
        # no event handlers anywhere, no resources pulled by style
        assert not attribute.attrname.lower().startswith("on")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    for anchor in document.xpath("//a[@href]"):
        href = anchor.get("href")
        assert href.startswith("#") or urlsplit(href).scheme in ("http", "https"), href
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".report")] == []


def test_hostile_values_are_shown_as_text(report: tuple[str, Path, str]) -> None:
    _, _, html = report
    document = lxml.html.document_fromstring(html)
    titles = [td for td in document.xpath("//td[contains(@class, 'title')]")
              if "Sora leak &" in td.text_content()]  # fmt: skip
    assert len(titles) == 2  # new coverage and the claim's history
    for cell in titles:
        assert cell.text_content().startswith('<script>alert("title")</script><img src=')
        assert not cell.xpath(".//a")  # a javascript: URL is never a link
        assert "not a web link" in cell.text_content()
    assert not document.xpath("//img | //b | //iframe")
    assert "javascript:" not in " ".join(document.xpath("//@href"))
    assert HOSTILE_SOURCE in document.text_content()
    assert "3 hours<svg onload=alert(1)>" in document.text_content()
    assert "&lt;iframe" in html and "<iframe" not in html


def test_arabic_titles_are_right_to_left(report: tuple[str, Path, str]) -> None:
    _, _, html = report
    document = lxml.html.document_fromstring(html)
    rtl = document.xpath("//td[contains(@class, 'title')][@dir='rtl'][@lang='ar']")
    ltr = document.xpath("//td[contains(@class, 'title')][@dir='ltr']")
    arabic = re.compile(r"[\u0600-\u06ff]{3}")
    assert rtl and all(arabic.search(td.text_content()) for td in rtl)
    assert ltr and not any(td.get("lang") == "ar" for td in ltr)
    new_coverage = document.xpath("//h2[@id='new']/following-sibling::table[1]//tbody/tr")
    relevant_ar = [r for r in KEY if r["language"] == "ar" and r["relevant"] == "yes"]
    in_new = [tr for tr in new_coverage if tr.xpath("td[@dir='rtl'][@lang='ar']")]
    assert len(in_new) == len(relevant_ar) == 9
    # Outlets by the names they give themselves, as in the claims table and the mails.
    outlets = {tr.xpath("td")[3].text_content() for tr in in_new}
    assert outlets == {"الأخبار اليومية", "عرب تك"}


def test_claims_table_matches_report_claims(report: tuple[str, Path, str]) -> None:
    url, _, html = report
    expected = {
        r["claim_id"]: r
        for r in json.loads(cli("report", "claims", "--db", url, "--format", "json").stdout)
    }
    document = lxml.html.document_fromstring(html)
    rows = document.xpath("//h2[@id='claims']/following-sibling::table[1]//tbody/tr")
    assert len(rows) == len(CLAIM_IDS) == len(expected)
    for tr in rows:
        cells = tr.xpath("td")
        claim_id = cells[0].xpath(".//code")[0].text
        numbers = [int(td.text_content()) for td in cells[1:6]]
        row = expected[claim_id]
        assert numbers == [row["sightings"], row["stories"], row["sources"],
                           row["languages"]["ar"], row["languages"]["en"]]  # fmt: skip
    # the hostile article is now the first English sighting of its claim, shown as text
    assert expected["shut-down-three-hours"]["first_source"] == HOSTILE_SOURCE


def test_one_inline_chart_per_claim_seen(report: tuple[str, Path, str]) -> None:
    _, _, html = report
    document = lxml.html.document_fromstring(html)
    sections = document.xpath("//section[@class='claim']")
    assert {s.get("id") for s in sections} == {f"claim-{c}" for c in CLAIM_IDS}
    for section in sections:
        charts = section.xpath(".//div[@class='chart']/svg")
        assert len(charts) == 1 and "cumulative sightings by language" in charts[0].text_content()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # charts do not repeat each other's ids


def test_copies_and_independent_reports(report: tuple[str, Path, str]) -> None:
    _, _, html = report
    document = lxml.html.document_fromstring(html)
    section = document.xpath("//section[@id='claim-openai-valuation-150b']")[0]
    roles = {}
    for tr in section.xpath(".//tbody/tr"):
        link = tr.xpath(".//td[contains(@class, 'title')]//a/@href")[0]
        roles[urlsplit(link).path] = tr.xpath("td")[-1].text_content().strip()
    wire = [r["path"] for r in KEY if r["story"] == "wire-meridian"]
    assert roles[wire[0]] == "independent"  # Tech Wire, 08:30
    assert roles[wire[1]] == "copy of Tech Wire, 2024-11-27 08:30"  # The Global Post, 09:15
    seed = next(r["path"] for r in KEY if r["role"] == "seed-copy")
    assert roles[seed] == "independent copy of the seed article"
    others = set(roles) - {wire[1]}
    assert all(roles[p].startswith("independent") for p in others) and len(roles) == 6
    summary = section.xpath("p[@class='muted']")[0].text_content()
    assert "5 independent reports, 1 copy" in summary


def test_since_all_includes_every_relevant_article(
    report: tuple[str, Path, str], tmp_path: Path
) -> None:
    url, _, _ = report
    out = tmp_path / "all.html"
    result = cli("report", "html", "--db", url, "-o", str(out), "--since", "all")
    assert result.returncode == 0, result.stderr
    document = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    rows = document.xpath("//h2[@id='new']/following-sibling::table[1]//tbody/tr")
    assert len(rows) == sum(r["relevant"] == "yes" for r in KEY) + 1  # + the hostile one
    bad = cli("report", "html", "--db", url, "-o", str(out), "--since", "lately")
    assert bad.returncode == 2 and "--since 'lately'" in bad.stderr
