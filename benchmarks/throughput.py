"""Articles per second of the pure analysis (`monitor.analysis.analyze_page`), 1 and N processes.

The corpus is every article page the repository can reach offline: the 181 real news pages of
the article-extraction-benchmark (../shared/data/pages), the HTML pages of the labelled
evaluation set (tests/data/eval) and the pages of the bundled demo web (cli/data/demo, with
`{{BASE}}` filled in). Each page goes through `analyze_page`, exactly as the pipeline calls it:
extraction, language, relevance, seed similarity, MinHash signature and claims.

    python benchmarks/throughput.py                 # 1 process and os.cpu_count() processes
    python benchmarks/throughput.py --workers 4     # 1 and 4
    python benchmarks/throughput.py --profile 15    # also the top 15 functions by cumulative time
    python benchmarks/throughput.py --json --limit 50
    python benchmarks/throughput.py --relevant      # only the pages found to be about Sora
    python benchmarks/throughput.py --corpus DIR    # the article pages corpus.py built in DIR

With `--relevant` the figure is the cost of the full analysis (the semantic layer included) of
an article about Sora; irrelevant pages never pay for it.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from monitor.analysis import Page, analyze_page, analyze_text
from monitor.extract import extract

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "data" / "eval"
DEMO_DIR = ROOT / "cli" / "data" / "demo"
DEMO_BASE = "http://127.0.0.1:8000"
FETCHED_AT = datetime(2024, 11, 27, 12, 0, tzinfo=UTC)


def _sibling(name: str) -> ModuleType:
    """A benchmark script next to this one (benchmarks/ is a folder of scripts, not a package)."""
    module = sys.modules.get(f"benchmarks_{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            f"benchmarks_{name}", Path(__file__).with_name(f"{name}.py")
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def _page(url: str, html: str) -> Page:
    return Page(url=url, final_url=url, html=html, fetched_at=FETCHED_AT)


def load_corpus(limit: int | None = None) -> list[Page]:
    """The corpus as `Page`s: benchmark pages, then eval-set pages, then demo pages."""
    extraction = _sibling("extraction")
    pages = [
        _page(p.url or f"https://example.org/{p.item_id}", p.html) for p in extraction.load_pages()
    ]
    for path in sorted(EVAL_DIR.glob("*.html")):
        html = extraction.decode_html(path.read_bytes())
        pages.append(_page(f"https://eval.example.org/{path.name}", html))
    for path in sorted(DEMO_DIR.rglob("*.html")):
        html = extraction.decode_html(path.read_bytes()).replace("{{BASE}}", DEMO_BASE)
        pages.append(_page(f"{DEMO_BASE}/{path.relative_to(DEMO_DIR).as_posix()}", html))
    return pages[:limit] if limit is not None else pages


def load_built(folder: Path, limit: int | None = None) -> list[Page]:
    """The article pages of a local news web built by corpus.py (its manifest's articles)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    extraction = _sibling("extraction")
    pages = []
    for article in manifest["articles"][:limit]:
        path = folder / article["path"].lstrip("/")
        url = f"{DEMO_BASE}{article['path']}"
        pages.append(_page(url, extraction.decode_html(path.read_bytes())))
    return pages


def relevant_only(pages: Sequence[Page]) -> list[Page]:
    """The pages the analysis finds to be about OpenAI's Sora."""
    kept = []
    for page in pages:
        analysis = analyze_page(page)
        if analysis is not None and analysis.relevant:
            kept.append(page)
    return kept


def _rate(pages: int, seconds: float) -> dict[str, float]:
    return {
        "seconds": seconds,
        "pages_per_second": pages / seconds if seconds > 0 else 0.0,
        "ms_per_page": 1000 * seconds / pages if pages else 0.0,
    }


def run_serial(pages: Sequence[Page]) -> dict[str, float]:
    """Speed of `analyze_page` in this process (warmed up first: catalogues, models, seed).

    Besides wall time, the CPU time of this process: on a machine shared with other work the
    wall figure varies from run to run, the CPU figure much less.
    """
    analyze_page(pages[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    for page in pages:
        analyze_page(page)
    result = _rate(len(pages), time.perf_counter() - started)
    result["cpu_ms_per_page"] = 1000 * (time.process_time() - cpu_started) / len(pages)
    return result


def run_stages(pages: Sequence[Page]) -> dict[str, float]:
    """CPU milliseconds per page of extraction and of the text analysis after it, separately."""
    started = time.process_time()
    extracted = [extract(page.html or "", page.final_url) for page in pages]
    extraction_seconds = time.process_time() - started
    started = time.process_time()
    for item in extracted:
        analyze_text(item.title, item.text, declared_language=item.declared_language)
    analysis_seconds = time.process_time() - started
    return {
        "extract_ms_per_page": 1000 * extraction_seconds / len(pages),
        "analyze_text_ms_per_page": 1000 * analysis_seconds / len(pages),
    }


def run_pool(pages: Sequence[Page], workers: int) -> dict[str, float]:
    """Speed of `analyze_page` fanned out to a process pool, as the pipeline does it.

    Each worker analyses one page when it starts (the initializer), so per-process warm-up
    (loading the claim catalogue, langdetect profiles, the seed) stays out of the timing; pages
    are pickled to the workers and results back, as in production.
    """
    chunksize = max(1, min(16, len(pages) // (4 * workers)))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=analyze_page, initargs=(pages[0],)
    ) as pool:
        list(pool.map(analyze_page, pages[:workers]))  # start every worker before timing
        started = time.perf_counter()
        results = list(pool.map(analyze_page, pages, chunksize=chunksize))
        elapsed = time.perf_counter() - started
    if len(results) != len(pages):
        raise RuntimeError(f"pool returned {len(results)} results for {len(pages)} pages")
    return _rate(len(pages), elapsed)


def profile(pages: Sequence[Page], top: int) -> dict[str, list[dict[str, Any]]]:
    """The `top` functions by cumulative and by own time over one serial pass (cProfile).

    cProfile's overhead per call inflates pure-Python code made of many small calls
    (langdetect's n-gram loop) compared with C code (lxml); the stage times are the fairer split.
    """
    analyze_page(pages[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        analyze_page(page)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, function), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({function})",
                "calls": calls,
                "tottime": tottime,
                "cumtime": cumtime,
            }
        )
    return {
        "by_cumulative": sorted(rows, key=lambda row: row["cumtime"], reverse=True)[:top],
        "by_own_time": sorted(rows, key=lambda row: row["tottime"], reverse=True)[:top],
    }


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def measure(
    pages: Sequence[Page], workers: int, profile_top: int = 0, stages: bool = True
) -> dict[str, Any]:
    """Every measurement of this benchmark over `pages`, as one JSON-ready dictionary."""
    if not pages:
        raise ValueError("the corpus is empty")
    result: dict[str, Any] = {
        "pages": len(pages),
        "cpu_count": os.cpu_count(),
        "serial": run_serial(pages),
        "workers": workers,
        "pool": run_pool(pages, workers),
    }
    if stages:
        result["stages"] = run_stages(pages)
    if profile_top:
        result["profile"] = profile(pages, profile_top)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, help="only the first N pages of the corpus")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="TOP",
        help="also profile a serial pass and show the TOP functions",
    )
    parser.add_argument(
        "--relevant", action="store_true", help="only the pages found to be about Sora"
    )
    parser.add_argument(
        "--corpus", type=Path, metavar="DIR", help="the article pages corpus.py built in DIR"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    pages = load_built(args.corpus, args.limit) if args.corpus else load_corpus(args.limit)
    if args.relevant:
        pages = relevant_only(pages)
    result = measure(pages, args.workers, args.profile)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"analyze_page over {result['pages']} pages ({result['cpu_count']} CPUs)")
    for label, run in (
        ("1 process", result["serial"]),
        (f"{result['workers']} processes", result["pool"]),
    ):
        print(
            f"  {label:<14}{run['pages_per_second']:>8.1f} pages/s"
            f"{run['ms_per_page']:>9.1f} ms/page (wall)"
        )
    print(f"  1 process CPU {result['serial']['cpu_ms_per_page']:.1f} ms/page")
    stages = result["stages"]
    print(
        f"  stages (CPU): extract {stages['extract_ms_per_page']:.1f} ms/page, "
        f"analyze_text {stages['analyze_text_ms_per_page']:.1f} ms/page"
    )
    if args.profile:
        for key, title in (("by_cumulative", "cumulative"), ("by_own_time", "own time")):
            print(f"\ntop {args.profile} by {title} (cProfile, one serial pass)")
            print(f"{'cumtime':>8} {'tottime':>8} {'calls':>8}  function")
            for row in result["profile"][key]:
                print(
                    f"{row['cumtime']:>8.2f} {row['tottime']:>8.2f} {row['calls']:>8}  "
                    f"{row['function']}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
