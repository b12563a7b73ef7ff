"""The extraction-quality and throughput benchmarks: their metric, their corpus, a quality floor."""

from __future__ import annotations

import gzip
import importlib.util
import json
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
