"""Article-body extraction quality on the public article-extraction-benchmark, with its own metric.

The corpus is scrapinghub/article-extraction-benchmark (181 real English news pages, stored in
../shared/data/pages/article-extraction-benchmark, ground truth in ground-truth.json). The metric
is a faithful re-implementation of that repository's `evaluate.py` (github.com/scrapinghub/
article-extraction-benchmark, commit 7d95432, MIT; written anew here, not copied): the text is
tokenised with `\\w+`, cut into 4-token shingles (joined n-grams), and true/false positives and
false negatives are counted over shingle multisets, then normalised per page so long articles do
not weigh more. Precision is the mean over pages that predicted something, recall the mean over
pages with a true body, and F1 is the harmonic mean of those two means (not a mean of per-page
F1s). Accuracy is the share of pages whose token list is exactly the truth's.

Three rows: the project's `monitor.extract.extract`, plain `trafilatura.extract(html)`, and
trafilatura as the benchmark itself runs it (`include_comments=False`: its published 0.958-0.960).

    python benchmarks/extraction.py              # table
    python benchmarks/extraction.py --json       # one JSON object
    python benchmarks/extraction.py --limit 20   # the first 20 pages (sorted by id)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura
from w3lib.encoding import html_to_unicode

from monitor.extract import extract

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK_DIR = ROOT.parent / "shared" / "data" / "pages" / "article-extraction-benchmark"
GZIP_MAGIC = b"\x1f\x8b"

TpFpFn = tuple[float, float, float]

# --- The benchmark's metric (evaluate.py of scrapinghub/article-extraction-benchmark) ---------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str | None) -> list[str]:
    """Word tokens as the benchmark counts them (`\\w+`, any language)."""
    return _TOKEN_RE.findall(text or "")


def _ngrams(text: str | None, n: int) -> list[tuple[str, ...]]:
    tokens = tokenize(text)
    # A text shorter than n tokens still yields one (short) shingle, as in evaluate.py.
    return [
        shingle for i in range(max(1, len(tokens) - n + 1)) if (shingle := tuple(tokens[i : i + n]))
    ]


def shingle_matching(true: str | None, pred: str | None, ngram_n: int = 4) -> TpFpFn:
    """Per-page (tp, fp, fn) over 4-token shingles, normalised to sum to 1 (when not all 0)."""
    true_shingles = Counter(_ngrams(true, ngram_n))
    pred_shingles = Counter(_ngrams(pred, ngram_n))
    tp = fp = fn = 0.0
    for key in true_shingles.keys() | pred_shingles.keys():
        true_count = true_shingles.get(key, 0)
        pred_count = pred_shingles.get(key, 0)
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    total = tp + fp + fn
    if total > 0:
        return (tp / total, fp / total, fn / total)
    return (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    """Precision of one page, with the benchmark's conventions for empty cases."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """Recall of one page, with the benchmark's conventions for empty cases."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from_counts(counts: Sequence[TpFpFn]) -> dict[str, float]:
    """Corpus precision, recall and F1 from per-page normalised (tp, fp, fn)."""
    precisions = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(truths: Sequence[str], predictions: Sequence[str | None]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of `predictions` against `truths` (same order)."""
    if len(truths) != len(predictions):
        raise ValueError("predictions and ground truth differ in length")
    counts = [shingle_matching(t, p) for t, p in zip(truths, predictions, strict=True)]
    metrics = metrics_from_counts(counts)
    exact = [float(tokenize(t) == tokenize(p)) for t, p in zip(truths, predictions, strict=True)]
    metrics["accuracy"] = statistics.mean(exact) if exact else 0.0
    return metrics


# --- The corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of the benchmark: its id, URL, decoded HTML and true article body."""

    item_id: str
    url: str
    html: str
    body: str


def decode_html(raw: bytes) -> str:
    """Page bytes (gzipped or not) as text, in the encoding the page declares or looks like."""
    if raw[:2] == GZIP_MAGIC:
        raw = gzip.decompress(raw)
    _encoding, text = html_to_unicode(None, raw)
    return text


def load_pages(root: Path = BENCHMARK_DIR, limit: int | None = None) -> list[BenchmarkPage]:
    """The benchmark's pages with their ground truth, sorted by id (the first `limit` only)."""
    truth_file = root / "ground-truth.json"
    if not truth_file.is_file():
        raise FileNotFoundError(f"benchmark ground truth not found: {truth_file}")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit is not None else sorted(truth)
    pages = []
    for item_id in ids:
        candidates = sorted((root / "html").glob(f"{item_id}.html*"))
        if not candidates:
            raise FileNotFoundError(f"no HTML for benchmark item {item_id} in {root / 'html'}")
        pages.append(
            BenchmarkPage(
                item_id=item_id,
                url=truth[item_id].get("url") or "",
                html=decode_html(candidates[0].read_bytes()),
                body=truth[item_id].get("articleBody") or "",
            )
        )
    return pages


# --- The extractors and the run -------------------------------------------------------------


def ours(page: BenchmarkPage) -> str:
    """The project's extraction, as the pipeline runs it."""
    return extract(page.html, page.url).text


def trafilatura_defaults(page: BenchmarkPage) -> str | None:
    """Plain `trafilatura.extract(html)` with its defaults (comments included)."""
    return trafilatura.extract(page.html)


def trafilatura_as_published(page: BenchmarkPage) -> str | None:
    """trafilatura as the benchmark's extractors/run_trafilatura.py runs it (no comments)."""
    return trafilatura.extract(page.html, include_comments=False)


EXTRACTORS: dict[str, Callable[[BenchmarkPage], str | None]] = {
    "monitor.extract": ours,
    "trafilatura.extract": trafilatura_defaults,
    "trafilatura (published)": trafilatura_as_published,
}


def run(
    pages: Sequence[BenchmarkPage], extractor: Callable[[BenchmarkPage], str | None]
) -> dict[str, Any]:
    """Metrics and speed of one extractor over `pages`."""
    if pages:
        extractor(pages[0])  # one-time imports and caches (htmldate, dateparser) stay out
    started = time.perf_counter()
    predictions = [extractor(page) for page in pages]
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = evaluate([p.body for p in pages], predictions)
    result["pages"] = len(pages)
    result["seconds"] = elapsed
    result["pages_per_second"] = len(pages) / elapsed if elapsed > 0 else 0.0
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--root", type=Path, default=BENCHMARK_DIR, help="benchmark checkout")
    args = parser.parse_args(argv)
    pages = load_pages(args.root, args.limit)
    results = {name: run(pages, extractor) for name, extractor in EXTRACTORS.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"article-extraction-benchmark, {len(pages)} pages (metric: its evaluate.py)")
    print(
        f"{'extractor':<26}{'precision':>10}{'recall':>10}{'F1':>10}{'accuracy':>10}{'pages/s':>10}"
    )
    for name, r in results.items():
        print(
            f"{name:<26}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}"
            f"{r['accuracy']:>10.3f}{r['pages_per_second']:>10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
