"""Claim matching quality on the labelled evaluation set: P/R/F1 per language and claim, variants.

Run: python -m benchmarks.claims_quality [LABELS] [-v] [--pipeline]

-v lists every false positive and negative; --pipeline goes through monitor.analysis.analyze_text
(detected language, claims only for relevant articles) instead of the matcher alone with the
labelled language.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from monitor.claims import Catalogue, load_catalogue
from monitor.matcher import ClaimMatch, ClaimMatcher, RuleMatcher

DEFAULT_LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval" / "labels.toml"


def read_article(path: Path) -> tuple[str, str]:
    """(title, body) of an evaluation file: .txt is a title line, a blank line, the body;
    anything else is an HTML page, extracted as the pipeline does."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".txt":
        title, _, body = raw.partition("\n")
        return title.strip(), body.strip()
    from monitor.extract import extract  # trafilatura is slow to import; only for HTML

    extracted = extract(raw, f"http://127.0.0.1/{path.name}")
    return extracted.title or "", extracted.text


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def measure_claims(
    labels_path: Path | str = DEFAULT_LABELS,
    matcher: ClaimMatcher | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    """Match every labelled article and compare with its [article.claims].

    Returns {"languages": {lang: prf}, "claims": {id: prf}, "variants": {"right", "total",
    "accuracy", "wrong": [...]}, "errors": [(file, claim_id, "fp"|"fn", evidence)]}.
    """
    labels_path = Path(labels_path)
    labels = tomllib.loads(labels_path.read_text(encoding="utf-8"))
    catalogue = catalogue or load_catalogue()
    matcher = matcher or RuleMatcher(catalogue)
    counts: dict[str, Counter[str]] = {}
    per_claim: dict[str, Counter[str]] = {cid: Counter() for cid in catalogue.ids()}
    variants_right = variants_total = 0
    wrong_variants: list[tuple[str, str, str, str]] = []
    errors: list[tuple[str, str, str, str]] = []
    for article in labels["article"]:
        path = labels_path.parent / article["file"]
        title, body = read_article(path)
        lang = article["language"]
        expected: dict[str, str] = dict(article.get("claims", {}))
        found: dict[str, ClaimMatch] = {m.claim_id: m for m in matcher.match(title, body, lang)}
        bucket = counts.setdefault(lang, Counter())
        for cid in set(expected) | set(found):
            claim_counts = per_claim.setdefault(cid, Counter())
            if cid in expected and cid in found:
                outcome = "tp"
                if expected[cid]:
                    variants_total += 1
                    if found[cid].variant == expected[cid]:
                        variants_right += 1
                    else:
                        wrong_variants.append(
                            (article["file"], cid, expected[cid], found[cid].variant)
                        )
            elif cid in found:
                outcome = "fp"
                errors.append((article["file"], cid, "fp", found[cid].evidence))
            else:
                outcome = "fn"
                errors.append((article["file"], cid, "fn", ""))
            bucket[outcome] += 1
            claim_counts[outcome] += 1
    return {
        "languages": {lang: _prf(c["tp"], c["fp"], c["fn"]) for lang, c in sorted(counts.items())},
        "claims": {cid: _prf(c["tp"], c["fp"], c["fn"]) for cid, c in per_claim.items()},
        "variants": {
            "right": variants_right,
            "total": variants_total,
            "accuracy": variants_right / variants_total if variants_total else 1.0,
            "wrong": wrong_variants,
        },
        "errors": errors,
    }


class PipelineMatcher:
    """The matcher as `analyze` runs it: detected language, relevant articles only."""

    def match(self, title: str, text: str, language: str | None) -> list[ClaimMatch]:
        from monitor.analysis import analyze_text

        return list(analyze_text(title, text).claims)


def _print(result: dict[str, Any], verbose: bool) -> None:
    print(f"{'':28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for section in ("languages", "claims"):
        for name, m in result[section].items():
            print(
                f"{name:28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}"
                f" {m['tp']:4} {m['fp']:4} {m['fn']:4}"
            )
        print()
    v = result["variants"]
    print(f"variants right: {v['right']}/{v['total']} ({v['accuracy']:.3f})")
    for wrong in v["wrong"]:
        print("  wrong variant:", *wrong)
    if verbose:
        for file, cid, kind, evidence in result["errors"]:
            print(f"  {kind} {cid:26} {file}  {evidence[:120]}")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    matcher = PipelineMatcher() if "--pipeline" in args else None
    paths = [a for a in args if not a.startswith("-")]
    result = measure_claims(paths[0] if paths else DEFAULT_LABELS, matcher=matcher)
    _print(result, verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
