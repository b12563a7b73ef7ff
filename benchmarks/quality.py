"""Quality of the analysis on the labelled evaluation set (tests/data/eval) and real Arabic pages.

Prints precision, recall and F1 for each label (relevant, leak_report, seed_copy), overall and per
language, language accuracy on the set, and language accuracy on real Arabic article pages
(kept with the shared test material beside the checkout, not in the repository).

    python benchmarks/quality.py            # tables
    python benchmarks/quality.py --json     # one JSON object

Each block of metrics is one function taking the analysed articles; `METRIC_BLOCKS` lists them,
so a new block (claim matching, for one) is a function added to that list.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.language import detect_language
from monitor.relevance import Relevance, assess
from monitor.seedcopy import SeedMatch, seed_match

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "data" / "eval"
SHARED_PAGES = ROOT.parent / "shared" / "data" / "pages"
LABELS = ("relevant", "leak_report", "seed_copy")

# Real Arabic-language article pages of the shared test material; all are "ar".
REAL_ARABIC_PAGES = (
    "trafilatura/eval/assabah.com.tn.article.html",
    "fundus/tests/resources/parser/test_data/lb/LBCGroup_2026_01_08.html.gz",
    "newspaper4k/tests/data/html/arabic_article.html",
    *(
        f"htmldate/tests/test_set/{n}.html"
        for n in (
            "1550981615", "1588107198", "1623715966", "1691196862",
            "1731695567", "1784190729", "1806793639",
        )
    ),
    "fetch_util/spec_fixtures/skynewsarabia_article.html",
    "fetch_util/spec_fixtures/generic_mobile_arabic_article.html",
    "fetch_util/spec_fetch_util_fixtures/almasryalyoum_article.html",
)


@dataclass(frozen=True)
class EvalArticle:
    """One labelled article of labels.toml."""

    file: str
    language: str | None
    relevant: bool
    leak_report: bool
    seed_copy: bool
    kind: str = ""
    note: str = ""
    claims: dict[str, str] = field(default_factory=dict)
    claims_labelled: bool = True  # False: a set labelled for the analysis only


@dataclass(frozen=True)
class Analysed:
    """An evaluation article with what the monitor made of it."""

    article: EvalArticle
    title: str
    text: str
    language: str | None
    relevance: Relevance
    seed: SeedMatch

    def predicted(self, label: str) -> bool:
        if label == "seed_copy":
            return self.seed.copy
        return bool(getattr(self.relevance, label))


def load_labels(eval_dir: Path = EVAL_DIR) -> list[EvalArticle]:
    with open(eval_dir / "labels.toml", "rb") as handle:
        data = tomllib.load(handle)
    known = set(EvalArticle.__dataclass_fields__)
    return [
        EvalArticle(**{k: v for k, v in entry.items() if k in known})
        for entry in data.get("article", [])
    ]


def read_page(path: Path) -> tuple[str, str, str | None]:
    """(title, body text, declared language) of an .html(.gz) page or a .txt article.

    A .txt article is its title line, a blank line, then the body.
    """
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    if path.name.endswith((".html", ".html.gz", ".htm")):
        return _extract_html(raw.decode("utf-8", errors="replace"), path.name)
    content = raw.decode("utf-8")
    title, _, body = content.partition("\n")
    return title.strip(), body.strip(), None


def _extract_html(html: str, name: str) -> tuple[str, str, str | None]:
    try:
        from monitor.extract import extract
    except ImportError:  # the project's extractor not there yet: trafilatura directly
        import trafilatura

        doc = trafilatura.bare_extraction(html, with_metadata=True)
        if doc is None:
            return "", "", None
        return doc.title or "", doc.text or "", None
    extracted = extract(html, f"http://eval.invalid/{name}")
    return extracted.title or "", extracted.text, extracted.declared_language


def analyse(articles: Iterable[EvalArticle], eval_dir: Path = EVAL_DIR) -> list[Analysed]:
    results = []
    for article in articles:
        title, text, declared = read_page(eval_dir / article.file)
        language = detect_language(text, hint=declared)
        results.append(
            Analysed(
                article=article,
                title=title,
                text=text,
                language=language,
                relevance=assess(title, text, language),
                seed=seed_match(text),
            )
        )
    return results


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, truth: bool, predicted: bool, name: str) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append(f"false positive: {name}")
        elif truth:
            self.fn += 1
            self.errors.append(f"false negative: {name}")
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        # No positive prediction means no false one: precision is perfect, not undefined.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "errors": self.errors,
        }


# --- metric blocks: each takes the analysed articles and returns a JSON-able dict -----------


def label_metrics(results: list[Analysed]) -> dict[str, Any]:
    """Precision/recall/F1 per label, overall ("all") and per true language."""
    out: dict[str, Any] = {}
    for label in LABELS:
        scopes: dict[str, Counts] = {"all": Counts()}
        for r in results:
            truth = bool(getattr(r.article, label))
            for scope in ("all", r.article.language or "unknown"):
                scopes.setdefault(scope, Counts()).add(truth, r.predicted(label), r.article.file)
        out[label] = {scope: counts.as_dict() for scope, counts in scopes.items()}
    return out


def language_metrics(results: list[Analysed]) -> dict[str, Any]:
    """Detected language against the labelled one."""
    errors = [
        f"{r.article.file}: expected {r.article.language}, got {r.language}"
        for r in results
        if r.language != r.article.language
    ]
    n = len(results)
    return {"accuracy": round((n - len(errors)) / n, 4) if n else 1.0, "n": n, "errors": errors}


def real_arabic_language_metrics(
    _results: list[Analysed], pages_dir: Path = SHARED_PAGES
) -> dict[str, Any]:
    """Language detected on the real Arabic pages of ../shared/data (extracted like any page)."""
    present = [p for p in REAL_ARABIC_PAGES if (pages_dir / p).is_file()]
    if not present:
        return {"accuracy": None, "n": 0, "errors": [], "skipped": f"no pages under {pages_dir}"}
    errors = []
    for name in present:
        _title, text, declared = read_page(pages_dir / name)
        language = detect_language(text, hint=declared)
        if language != "ar":
            errors.append(f"{name}: expected ar, got {language}")
    n = len(present)
    return {"accuracy": round((n - len(errors)) / n, 4), "n": n, "errors": errors}


def claim_metrics(results: list[Analysed]) -> dict[str, Any]:
    """Claims as the pipeline finds them (detected language, relevant articles only): micro
    precision/recall/F1 per language and per claim, and whether the variant was right."""
    from monitor.analysis import DEFAULT_OPTIONS, claim_matcher

    matcher = claim_matcher(DEFAULT_OPTIONS)
    per_language: dict[str, Counts] = {}
    per_claim: dict[str, Counts] = {}
    variants_right = variants_total = 0
    wrong: list[str] = []
    for r in results:
        if not r.article.claims_labelled:
            continue
        found = {}
        if r.relevance.relevant:
            found = {m.claim_id: m for m in matcher.match(r.title, r.text, r.language)}
        expected = r.article.claims
        language = per_language.setdefault(r.article.language or "unknown", Counts())
        for claim_id in sorted(set(expected) | set(found)):
            claim = per_claim.setdefault(claim_id, Counts())
            for counts in (language, claim):
                counts.add(claim_id in expected, claim_id in found, f"{r.article.file} {claim_id}")
            if claim_id in expected and claim_id in found and expected[claim_id]:
                variants_total += 1
                if found[claim_id].variant == expected[claim_id]:
                    variants_right += 1
                else:
                    wrong.append(
                        f"{r.article.file} {claim_id}: expected {expected[claim_id]!r}, "
                        f"got {found[claim_id].variant!r}"
                    )
    return {
        "languages": {k: v.as_dict() for k, v in sorted(per_language.items())},
        "claims": {k: v.as_dict() for k, v in sorted(per_claim.items())},
        "variants": {
            "right": variants_right,
            "total": variants_total,
            "accuracy": round(variants_right / variants_total, 4) if variants_total else 1.0,
            "wrong": wrong,
        },
    }


METRIC_BLOCKS: dict[str, Callable[[list[Analysed]], dict[str, Any]]] = {
    "labels": label_metrics,
    "language": language_metrics,
    "real_arabic_language": real_arabic_language_metrics,
    "claims": claim_metrics,
}


def measure(eval_dir: Path = EVAL_DIR) -> dict[str, Any]:
    results = analyse(load_labels(eval_dir), eval_dir)
    report: dict[str, Any] = {"articles": len(results)}
    for name, block in METRIC_BLOCKS.items():
        report[name] = block(results)
    return report


def _print_tables(report: dict[str, Any]) -> None:
    print(f"evaluation set: {report['articles']} articles")
    print(f"{'label':<12} {'scope':<6} {'P':>6} {'R':>6} {'F1':>6}  tp fp fn tn")
    errors: list[str] = []
    for label, scopes in report["labels"].items():
        for scope, m in scopes.items():
            print(
                f"{label:<12} {scope:<6} {m['precision']:>6.3f} {m['recall']:>6.3f} "
                f"{m['f1']:>6.3f}  {m['tp']:>2} {m['fp']:>2} {m['fn']:>2} {m['tn']:>2}"
            )
        errors += [f"{label}: {e}" for e in scopes["all"]["errors"]]
    for name in ("language", "real_arabic_language"):
        block = report[name]
        accuracy = "n/a" if block["accuracy"] is None else f"{block['accuracy']:.3f}"
        print(f"{name}: accuracy {accuracy} on {block['n']}" + (
            f" ({block['skipped']})" if block.get("skipped") else ""
        ))
        errors += block["errors"]
    if "claims" in report:
        claims = report["claims"]
        print(f"{'claims':<26} {'P':>6} {'R':>6} {'F1':>6}  tp fp fn")
        for scope in ("languages", "claims"):
            for name, m in claims[scope].items():
                print(
                    f"{name:<26} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}"
                    f"  {m['tp']:>2} {m['fp']:>2} {m['fn']:>2}"
                )
                if scope == "languages":
                    errors += [f"claims: {e}" for e in m["errors"]]
        v = claims["variants"]
        print(f"variants right: {v['right']}/{v['total']} ({v['accuracy']:.3f})")
        errors += [f"variant: {w}" for w in v["wrong"]]
    for name, block in report.items():
        if name not in {"articles", "labels", "language", "real_arabic_language", "claims"}:
            print(f"{name}: {json.dumps(block, ensure_ascii=False)}")
    for error in errors:
        print(f"  {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args(argv)
    if not (args.eval_dir / "labels.toml").is_file():
        print(f"no labels.toml in {args.eval_dir}", file=sys.stderr)
        return 2
    report = measure(args.eval_dir)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_tables(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
