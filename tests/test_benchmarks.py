"""The extraction-quality and throughput benchmarks: their metric, their corpus, a quality floor."""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    module_name = f"benchmarks_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


extraction = _load("extraction")
throughput = _load("throughput")

if not (extraction.BENCHMARK_DIR / "ground-truth.json").is_file():
    pytest.skip(
        f"article-extraction-benchmark not found at {extraction.BENCHMARK_DIR}",
        allow_module_level=True,
    )


# --- the metric -----------------------------------------------------------------------------

TEXT = "Sora was leaked by a group of artists who had early access to the model"


def test_identical_text_scores_one() -> None:
    result = extraction.evaluate([TEXT], [TEXT])
    assert result == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0}


def test_disjoint_text_scores_zero() -> None:
    result = extraction.evaluate([TEXT], ["Kingdom Hearts fans met the hero in a new trailer"])
    assert result["precision"] == 0.0
    assert result["recall"] == 0.0
    assert result["f1"] == 0.0
    assert result["accuracy"] == 0.0


def test_partial_overlap_counts_four_token_shingles() -> None:
    # "a b c d e" has shingles abcd, bcde; "a b c d x" has abcd, bcdx: one of two in common.
    assert extraction.shingle_matching("a b c d e", "a b c d x") == pytest.approx((1 / 3,) * 3)
    result = extraction.evaluate(["a b c d e"], ["a b c d x"])
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)


def test_truncated_prediction_keeps_precision_and_halves_recall() -> None:
    result = extraction.evaluate(["a b c d e"], ["a b c d"])
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(2 / 3)


def test_repeated_shingles_count_as_often_as_they_occur() -> None:
    # The prediction says the truth twice: shingles abcd, bcda, cdab, dabc, abcd. The truth's one
    # abcd matches once; the second abcd is a false positive like the three new ones.
    tp, fp, fn = extraction.shingle_matching("a b c d", "a b c d a b c d")
    assert fn == 0.0
    assert tp == pytest.approx(1 / 5)
    assert fp == pytest.approx(4 / 5)


def test_empty_prediction_counts_for_recall_only() -> None:
    # As in evaluate.py: precision averages pages that predicted something, recall pages with
    # a true body, and F1 combines the two averages.
    result = extraction.evaluate(["a b c d e", "f g h i j"], ["a b c d e", None])
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["accuracy"] == pytest.approx(0.5)


def test_tokens_are_words_without_punctuation_in_any_script() -> None:
    assert extraction.tokenize("Sora, leaked! (OpenAI)") == ["Sora", "leaked", "OpenAI"]
    assert extraction.tokenize("تسريب «سورا»، اليوم") == ["تسريب", "سورا", "اليوم"]


# --- the corpus -----------------------------------------------------------------------------


def test_decodes_gzipped_pages_in_their_declared_encoding() -> None:
    text = "تسريب نموذج سورا"
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{text}</p></body></html>'
    raw = page.encode("windows-1256")
    assert extraction.decode_html(gzip.compress(raw)) == page
    assert extraction.decode_html(raw) == page


def test_loads_pages_with_their_ground_truth() -> None:
    pages = extraction.load_pages(limit=3)
    assert len(pages) == 3
    assert [p.item_id for p in pages] == sorted(p.item_id for p in pages)
    for page in pages:
        assert page.url.startswith("http")
        assert "<html" in page.html.lower()
        assert len(page.body) > 200


# --- extraction quality ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def subset() -> list:
    return extraction.load_pages(limit=20)


def test_our_extraction_keeps_its_quality_on_twenty_pages(subset: list) -> None:
    # On all 181 pages our extraction scores F1 0.964 (trafilatura's defaults: 0.953); on the
    # first 20 it scores 0.99. The floor leaves room for library updates, not for regressions.
    result = extraction.run(subset, extraction.ours)
    assert result["pages"] == 20
    assert result["f1"] >= 0.93, result
    assert result["precision"] >= 0.90, result
    assert result["recall"] >= 0.90, result


def test_command_prints_every_extractor_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert extraction.main(["--json", "--limit", "3"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"monitor.extract", "trafilatura.extract", "trafilatura (published)"}
    for result in report.values():
        assert result["pages"] == 3
        assert 0.0 <= result["f1"] <= 1.0
        assert result["pages_per_second"] > 0


# --- throughput -----------------------------------------------------------------------------


def test_corpus_holds_benchmark_eval_and_demo_pages() -> None:
    corpus = throughput.load_corpus()
    eval_pages = len(list(throughput.EVAL_DIR.glob("*.html")))
    demo_pages = len(list(throughput.DEMO_DIR.rglob("*.html")))
    assert eval_pages and demo_pages
    assert len(corpus) == 181 + eval_pages + demo_pages
    assert not [p.url for p in corpus if "{{BASE}}" in (p.html or "")]
    assert len({p.url for p in corpus}) == len(corpus)


def test_throughput_runs_serial_pool_stages_and_profile() -> None:
    pages = throughput.load_corpus()[-5:]  # demo pages: small, and some about Sora
    result = throughput.measure(pages, workers=2, profile_top=5)
    assert result["pages"] == 5
    assert result["workers"] == 2
    for run in (result["serial"], result["pool"]):
        assert run["pages_per_second"] > 0
        assert run["ms_per_page"] > 0
    assert result["stages"]["extract_ms_per_page"] > 0
    assert len(result["profile"]["by_own_time"]) == 5
    cumulative = result["profile"]["by_cumulative"]
    assert len(cumulative) == 5
    assert any("analyze_page" in row["function"] for row in cumulative)


def test_throughput_refuses_an_empty_corpus() -> None:
    with pytest.raises(ValueError, match="empty"):
        throughput.measure([], workers=1)


# --- real_quality.py ----------------------------------------------------------------------------

real_quality = _load("real_quality")

OUR_TEXTS = {
    "leak.txt": (
        "Artists leak access to OpenAI's Sora\n\nA group of artists leaked access to OpenAI's Sora "
        "on Hugging Face on Tuesday, in protest at how the company treats its testers.",
        {"relevant": True, "leak_report": True, "claims": {"leaked-on-hugging-face": ""}},
    ),
    "game.txt": (
        "Kingdom Hearts IV\n\nSora and Riku return with a new Keyblade in the Square Enix game.",
        {"relevant": False, "leak_report": False, "claims": {}},
    ),
}


def _labelled_folder(tmp_path: Path, tamper: bool = False) -> Path:
    import hashlib

    lines = []
    for name, (text, labels) in OUR_TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        lines += [
            "[[article]]",
            f'id = "{name}"\nfile = "{name}"\nurl = "https://example.org/{name}"\nquery = "q"',
            f'sha256 = "{digest}"\nsplit = "dev"\nlanguage = "en"\nseed_copy = false\nkind = "x"',
            f"relevant = {str(labels['relevant']).lower()}",
            f"leak_report = {str(labels['leak_report']).lower()}",
            "[article.claims]",
            *(f'"{claim}" = "{variant}"' for claim, variant in labels["claims"].items()),
        ]
    (tmp_path / "labels.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if tamper:
        (tmp_path / "game.txt").write_text("changed", encoding="utf-8")
    return tmp_path


def test_real_quality_scores_texts_it_can_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _labelled_folder(tmp_path)
    assert real_quality.main([str(folder), "--labels", str(folder / "labels.toml"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["texts"] == 2 and result["unreadable"] == 0
    assert result["all"]["relevant"]["precision"] == 1.0
    assert result["all"]["leak_report"]["recall"] == 1.0
    assert result["all"]["claims"]["tp"] == 1


def test_real_quality_leaves_out_a_text_that_is_not_the_labelled_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _labelled_folder(tmp_path, tamper=True)
    assert real_quality.main([str(folder), "--labels", str(folder / "labels.toml"), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["unreadable"] == 1
    assert "sha256 differs" in captured.err


def test_the_real_corpus_labels_are_consistent() -> None:
    texts = real_quality.load_labels()
    assert len(texts) >= 150
    assert {t.language for t in texts} == {"ar", "en"}
    assert {t.split for t in texts} == {"dev", "blind"}
    for text in texts:
        assert text.url.startswith("http") and text.query and len(text.sha256) == 64
        assert text.split == ("blind" if text.sha256[0] in "012345" else "dev")
        assert not text.leak_report or text.relevant
        assert not text.claims or text.relevant


@pytest.mark.parametrize(
    ("name", "count"), [("real-3", 70), ("real-4", 54), ("real-5", 49), ("real-6", 40)]
)
def test_a_later_real_sample_is_kept_apart_with_its_labels(name: str, count: int) -> None:
    # tests/data/real/real-N: measured with --labels, never mixed into the default corpus.
    texts = real_quality.load_labels(real_quality.LABELS_DIR / name / "labels.toml")
    assert len(texts) == count and not {t.url for t in texts} & {
        t.url for t in real_quality.load_labels()
    }
    for text in texts:
        assert text.url.startswith("http") and text.query and len(text.sha256) == 64
        assert not text.leak_report or text.relevant


@pytest.mark.parametrize(
    ("expected", "found", "same"),
    [
        ("about three hours", "3 hours", True),
        ("February", "February 2024", True),
        ("15 February 2024", "February 2024", True),
        ("$150B", "$150 billion", True),
        ("3 ساعات", "3 hours", True),
        ("by the end of 2024", "2024", True),
        ("two hours", "3 hours", False),
        ("10 seconds, 1080p", "1080p", False),
        ("March", "February 2024", False),
        ("$157 billion", None, False),
    ],
)
def test_a_figure_is_right_when_its_values_are_the_labels(
    expected: str, found: str | None, same: bool
) -> None:
    assert real_quality.same_figure(expected, found) is same


# --- the local news web and the peers (corpus.py, serve.py, peers.py) -------------------------

corpus = _load("corpus")
serve = _load("serve")
peers = _load("peers")


@pytest.fixture(scope="module")
def tiny_web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "corpus"
    built = corpus.build(out, n=20, sites=10, sora_share=0.5, seed=12)
    assert "20 articles over 10 sites" in built.summary()
    return out


def test_corpus_puts_the_teams_sora_texts_into_real_templates(tiny_web: Path) -> None:
    manifest = json.loads((tiny_web / "manifest.json").read_text(encoding="utf-8"))
    articles = manifest["articles"]
    assert [a["path"] for a in articles] == [
        f"/site{i % 10 + 1}/article-{i}.html" for i in range(20)
    ]
    sora = [a for a in articles if a["kind"] == "sora"]
    assert len(sora) == 10
    assert sorted(a["language"] for a in sora) == ["ar"] * 5 + ["en"] * 5
    assert all(a["text"].split("/")[0] in {"eval", "blind", "holdout", "patterns"} for a in sora)
    for record in sora:
        page = (tiny_web / record["path"].lstrip("/")).read_text(encoding="utf-8")
        assert f"<title>{html.escape(record['title'], quote=False)}</title>" in page
        assert len(page) > 5_000  # the template's boilerplate is still there
    other = next(a for a in articles if a["kind"] == "other")
    page = (tiny_web / other["path"].lstrip("/")).read_text(encoding="utf-8")
    assert f"Corpus article {other['i']} of site {other['site']}." in page
    for k in range(1, 11):
        for name in ("feed.xml", "index.html", "sitemap.xml", "robots.txt"):
            assert f"@SITE{k}@" in (tiny_web / f"site{k}" / name).read_text(encoding="utf-8")


def test_corpus_is_deterministic(tiny_web: Path, tmp_path: Path) -> None:
    again = corpus.build(tmp_path / "again", n=20, sites=10, sora_share=0.5, seed=12)
    first = json.loads((tiny_web / "manifest.json").read_text(encoding="utf-8"))
    assert first["digest"] == json.loads(
        (again.out / "manifest.json").read_text(encoding="utf-8")
    )["digest"]
    for record in first["articles"]:
        path = record["path"].lstrip("/")
        assert (tiny_web / path).read_bytes() == (again.out / path).read_bytes()


def test_the_sora_pages_analyse_as_relevant_and_the_others_do_not(tiny_web: Path) -> None:
    assert corpus.check(tiny_web, semantic=False) == {
        "sora": 10, "sora_relevant": 10, "other": 10, "other_relevant": 0,
    }


def test_the_server_serves_feeds_pages_and_robots_on_each_sites_host(tiny_web: Path) -> None:
    import urllib.error
    import urllib.request

    import feedparser

    def get(url: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    web = serve.Web(tiny_web, port=0).start()
    try:
        port = web.port
        feeds = get(f"http://127.0.0.1:{port}/feeds.txt")[1].decode().split()
        assert feeds == [f"http://127.0.0.{k + 1}:{port}/site{k}/feed.xml" for k in range(1, 11)]
        parsed = feedparser.parse(get(feeds[2])[1])
        links = [entry.link for entry in parsed.entries]
        assert links == [f"http://127.0.0.4:{port}/site3/article-{i}.html" for i in (2, 12)]
        status, page = get(links[0])
        assert status == 200 and page == (tiny_web / "site3" / "article-2.html").read_bytes()
        status, robots = get(f"http://127.0.0.4:{port}/robots.txt")
        assert status == 200 and b"Allow: /" in robots and f":{port}/site3/".encode() in robots
        status, home = get(f"http://127.0.0.4:{port}/")
        assert b'type="application/rss+xml"' in home and feeds[2].encode() in home
        assert get(f"http://127.0.0.4:{port}/nothing.html")[0] == 404
        stats = json.loads(get(f"http://127.0.0.1:{port}/__stats")[1])
        assert stats["article"] == 1 and stats["feed"] == 1 and stats["robots"] == 1
        assert stats["not_found"] == 1
        assert json.loads(get(f"http://127.0.0.1:{port}/__reset")[1])["total"] == 0
    finally:
        web.stop()


def test_measure_samples_the_whole_process_trees_memory_and_cpu(tmp_path: Path) -> None:
    # A parent holding 60 MB starts a child holding 80 MB: the tree's peak holds both.
    child = "import time; b = bytearray(80 * 2**20); time.sleep(0.6)"
    parent = (
        "import subprocess, sys; a = bytearray(60 * 2**20); "
        f"subprocess.run([sys.executable, '-c', {child!r}]); sum(range(3_000_000))"
    )
    measured = peers.measure(
        [sys.executable, "-c", parent], stdout=tmp_path / "out", stderr=tmp_path / "err"
    )
    assert measured.exit_code == 0 and not measured.timed_out
    assert measured.peak_tree_mb >= 140
    assert 80 <= measured.peak_process_mb < measured.peak_tree_mb
    assert measured.cpu_s > 0
    assert 0.6 <= measured.wall_s < 20
    assert measured.samples >= 4


def test_measure_kills_a_run_that_takes_too_long(tmp_path: Path) -> None:
    measured = peers.measure(
        ["sleep", "30"], stdout=tmp_path / "out", stderr=tmp_path / "err", timeout=0.3
    )
    assert measured.timed_out and measured.exit_code != 0 and measured.wall_s < 5


def _run(tool: str, collected: int, wall: float, cpu: float, tree: float, round_: int = 1):
    measured = peers.Measured(0, wall, cpu, tree, tree, 10)
    return peers.Run(tool, round_, collected, measured, collected, 0.1)


def test_the_table_gives_medians_and_the_monitors_ratios() -> None:
    runs = [
        _run("sora-monitor", 1000, 10.0, 20.0, 300.0, 1),
        _run("sora-monitor", 1000, 20.0, 22.0, 320.0, 2),
        _run("sora-monitor", 1000, 12.5, 21.0, 310.0, 3),
        _run("scrapy-trafilatura", 1000, 20.0, 18.0, 150.0),
        _run("trafilatura-cli", 998, 10.0, 14.0, 100.0),
    ]
    summary = peers.summarise(runs)
    assert summary["sora-monitor"]["articles_per_s"] == 80.0
    assert summary["sora-monitor"]["articles_per_s_min"] == 50.0
    assert summary["sora-monitor"]["cpu_s"] == 21.0
    ratios = peers.ratios(summary)
    assert ratios["scrapy-trafilatura"]["articles_per_s"] == pytest.approx(1.6)
    assert ratios["trafilatura-cli"]["peak_tree_mb"] == pytest.approx(3.1)
    table = peers.render(summary, 1000)
    assert "| **sora-monitor** | 1000 / 1000 | 12.5 | 80.0 (50.0-100.0) | 21.0 | 310 |" in table
    assert "| scrapy-trafilatura | 1.60x | 1.17x | 2.07x | >= 1.5x: met |" in table
    assert "| trafilatura-cli | 0.80x | 1.50x | 3.10x | >= 1.3x: missed |" in table
    assert "310 MB (target < 400 MB: met)" in table
    assert ">= 1.0x: met" in peers.render(summary, 1000, sora_share=0.4)


def test_the_monitors_benchmark_config_is_valid(tmp_path: Path) -> None:
    from monitor.config import load_config

    feeds = [f"http://127.0.0.{k + 1}/site{k}/feed.xml" for k in range(1, 11)]
    config = load_config(peers.monitor_config(tmp_path / "m.toml", feeds, per_site=100))
    assert [s.url for s in config.sources] == feeds
    assert config.crawl.obey_robots and config.crawl.concurrent_per_domain == 16
    assert config.crawl.delay.total_seconds() == 0
    assert config.crawl.max_pages_per_site >= 100


def test_trafilaturas_config_has_no_sleep_and_no_ssrf_protection(tmp_path: Path) -> None:
    written = peers.trafilatura_config(Path(sys.executable), tmp_path / "t.cfg").read_text()
    assert "\nSLEEP_TIME = 0\n" in written and "\nSSRF_PROTECTION = off\n" in written


def test_peers_runs_the_monitor_on_the_web_and_counts_what_it_stored(
    tiny_web: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The web is reused (same arguments); the server takes a free port, so only the monitor runs.
    shutil.copytree(tiny_web, tmp_path / "corpus")
    argv = ["--n", "20", "--sora-share", "0.5", "--runs", "1", "--only", "sora-monitor",
            "--port", "0", "--work", str(tmp_path), "--json"]
    assert peers.main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    (run,) = result["every_run"]
    assert run["measured"]["exit_code"] == 0
    assert run["collected"] == 20 and run["article_requests"] == 20
    assert run["detail"]["relevant"] == 10 and run["detail"]["said_new"] == 20
    assert run["measured"]["peak_tree_mb"] > 50 and run["measured"]["cpu_s"] > 0
    assert result["summary"]["sora-monitor"]["collected"] == 20


# --- scale.py: the reports on a large synthetic archive ---------------------------------------

scale = _load("scale")


def _scale_loaded(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from storage.engine import Database
    from storage.models import Article, ArticleBand, ClaimSighting, ClaimTally

    database = Database.open(url, migrate=False)
    try:
        with database.session() as session:
            counted = select(func.count()).select_from(ClaimSighting).join(Article).where(
                Article.relevant.is_(True)
            )  # fmt: skip
            return {
                "articles": session.scalar(select(func.count()).select_from(Article)),
                "bands": session.scalar(select(func.count()).select_from(ArticleBand)),
                "sightings": session.scalar(select(func.count()).select_from(ClaimSighting)),
                "counted": session.scalar(counted),
                "tallied": session.scalar(
                    select(func.sum(ClaimTally.n)).where(ClaimTally.kind == "claim")
                ),
            }
    finally:
        database.dispose()


def _scale_reports_match_counting(url: str) -> None:
    from cli.reports import counted_rows
    from monitor.spread import summarize_claim
    from storage.claim_reports import claim_sightings
    from storage.engine import Database

    claims = scale._catalogue()
    database = Database.open(url, migrate=False)
    try:
        with database.session() as session, session.begin():
            sightings = claim_sightings(session)
            expected = [
                summarize_claim(c, [s for s in sightings if s.claim_id == c.id]) for c in claims
            ]
            assert counted_rows(session, claims) == expected
    finally:
        database.dispose()


def test_scale_loads_an_archive_whose_tallies_match_its_sightings(tmp_path: Path) -> None:
    shape = scale.Shape(articles=300, sightings=1500)
    path = tmp_path / "scale.sqlite3"
    scale.load_sqlite(path, shape, lambda _: None)
    url = f"sqlite:///{path}"
    scale.finish_load(url, lambda _: None)
    loaded = _scale_loaded(url)
    assert loaded["articles"] == 300 and loaded["bands"] == 300 * scale.BANDS
    assert 1000 < loaded["sightings"] < 2000
    assert loaded["tallied"] == loaded["counted"] > 0
    _scale_reports_match_counting(url)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SORA_MONITOR_DB": url}
    measured = scale.run_cli(["report", "claims", "--format", "json"], repeat=1, timeout=60,
                             env=env)  # fmt: skip
    assert measured.ok and measured.seconds > 0 and 20 < measured.peak_mb < 500
    assert 0 < measured.cpu
    failed = scale.run_cli(["report", "spread", "no-such-claim"], repeat=1, timeout=60, env=env)
    assert not failed.ok and failed.note.startswith("exit 2: ")
    assert "unknown claim id 'no-such-claim'" in failed.note
    for what in ("report claims", "report spread"):
        wall, cpu = scale.inner(what, url, "pr-stunt")
        assert wall > 0 and cpu > 0
    p50, p99, _ = scale.lookup_latencies(url, 20, 300, seed=1)
    assert 0 < p50 <= p99


@pytest.mark.postgres
def test_scale_copies_the_archive_into_postgresql(postgres_server: str) -> None:
    server = postgres_server.rsplit("/", 1)[0]
    name = f"sora_scale_test_{os.getpid()}"
    try:
        scale.load_postgres(server, scale.Shape(articles=200, sightings=1000), lambda _: None, name)
        url = f"{server}/{name}"
        scale.finish_load(url, lambda _: None)
        loaded = _scale_loaded(url)
        assert loaded["articles"] == 200 and loaded["bands"] == 200 * scale.BANDS
        assert loaded["tallied"] == loaded["counted"] > 0
        _scale_reports_match_counting(url)
    finally:
        scale.drop_pg(server, name)


def test_scale_table_holds_each_measure_against_its_target() -> None:
    commands = {
        "report claims": {"seconds": 1.4, "peak_mb": 90.0, "ok": True, "note": "",
                          "work_seconds": 0.05},
        "report html": {"seconds": 30.0, "peak_mb": 700.0, "ok": True, "note": "",
                        "work_seconds": 25.0},
        "report spread": {"seconds": 9.0, "peak_mb": 90.0, "ok": False, "note": "exit 1"},
    }  # fmt: skip
    result = {"database": "sqlite", "commands": commands,
              "lookup": {"p50_ms": 0.5, "p99_ms": 1.5, "peak_mb": 100}}  # fmt: skip
    text = scale.table([result], scale.Shape(1000, 5000), {"sqlite": "10 MB"})
    lines = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert "work 0.050 s (cpu 0.000) ok" in lines["report claims"]
    assert "over" in lines["report html"] and "FAIL" in lines["report spread"]
    assert "p99 1.50 ms ok" in lines["near-duplicate lookup"]
