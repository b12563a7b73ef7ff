"""Quality of the analysis on real published coverage, labelled in tests/data/real.

The texts are other people's writing and are not in the repository: `tests/data/real/*.toml`
keeps each one's URL, the query that finds it in the stored public pages, the sha256 of the
text and the labels. Gather the texts into a folder outside the repository (one file per entry,
named as its `file`), then:

    python benchmarks/real_quality.py TEXTS_DIR                  # the development part
    python benchmarks/real_quality.py TEXTS_DIR --split blind    # the blind part (once!)
    python benchmarks/real_quality.py TEXTS_DIR --errors         # what went wrong, per text
    python benchmarks/real_quality.py TEXTS_DIR --json

Each text is read and analysed exactly as `sora-monitor analyze FILE` reads and analyses it.
Claims are scored over the claims of the catalogue in use (`--catalogue FILE` extends the
built-in one, as `[claims] catalogue` does), micro-averaged per language; a claim with the wrong
figure counts as found, and the figure is scored on its own line: right when it has the label's
values in the label's units (`same_figure`), whatever the words.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from monitor.analysis import AnalysisOptions
from monitor.claims import load_catalogue
from monitor.documents import analyze_document, read_document
from monitor.figures import find_figures

ROOT = Path(__file__).resolve().parents[1]
LABELS_DIR = ROOT / "tests" / "data" / "real"
BOOLEAN_LABELS = ("relevant", "leak_report", "seed_copy")


@dataclass(frozen=True)
class RealText:
    """One labelled entry of tests/data/real/*.toml (or of a set in the eval form, whose texts
    are ours: no URL, query or hash, and no split)."""

    file: str
    language: str
    relevant: bool
    leak_report: bool
    seed_copy: bool
    kind: str = ""
    note: str = ""
    claims: dict[str, str] = field(default_factory=dict)
    id: str = ""
    url: str = ""
    query: str = ""
    sha256: str = ""
    split: str = "all"
    claims_labelled: bool = True


def load_labels(labels: Path = LABELS_DIR) -> list[RealText]:
    """Every entry of every labels file in the folder `labels` (or of the file), in order."""
    texts = []
    for path in sorted(labels.glob("*.toml")) if labels.is_dir() else [labels]:
        with path.open("rb") as handle:
            for entry in tomllib.load(handle)["article"]:
                text = RealText(**entry)
                texts.append(text if text.id else replace(text, id=text.file))
    return texts


@dataclass
class Outcome:
    """What the analyser made of one text."""

    text: RealText
    found: dict[str, Any]

    @property
    def claims(self) -> dict[str, str]:
        return {c["id"]: c["variant"] for c in self.found["claims"]}


def analyse(texts: Iterable[RealText], folder: Path, options: AnalysisOptions) -> tuple[
    list[Outcome], list[str]
]:
    """Analyse each text whose file is there and unchanged; say which could not be."""
    outcomes, problems = [], []
    for text in texts:
        path = folder / text.file
        if not path.is_file():
            problems.append(f"{text.id}: {path} is missing")
            continue
        if text.sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != text.sha256:
            problems.append(f"{text.id}: {path} is not the labelled text (sha256 differs)")
            continue
        found = analyze_document(read_document(str(path)), options)
        outcomes.append(Outcome(text, found))
    return outcomes, problems


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = None
    if precision is not None and recall is not None and precision + recall:
        f1 = round(2 * precision * recall / (precision + recall), 3)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def label_scores(outcomes: list[Outcome], label: str) -> dict[str, Any]:
    tp = sum(1 for o in outcomes if getattr(o.text, label) and o.found[label])
    fp = sum(1 for o in outcomes if not getattr(o.text, label) and o.found[label])
    fn = sum(1 for o in outcomes if getattr(o.text, label) and not o.found[label])
    return _prf(tp, fp, fn)


def same_figure(expected: str, found: str | None) -> bool:
    """Whether the analyser's figure is the label's: the same values in the same units, the
    label's own words read as an article's are ("about three hours" is "3 hours"; a month
    without its year matches the month of any year)."""
    if found is None:
        return False
    if expected == found:
        return True
    want, got = find_figures(expected), find_figures(found)
    if not want or len(want) != len(got):
        return False
    return all(
        w.unit == g.unit
        and w.value == g.value
        and (w.year is None or g.year is None or w.year == g.year)
        for w, g in zip(want, got, strict=True)
    )


def claim_scores(outcomes: list[Outcome], claim_ids: set[str]) -> dict[str, Any]:
    """Micro-averaged over the claims in `claim_ids`, and the figures of those found."""
    tp = fp = fn = 0
    variants_right = variants = 0
    for outcome in outcomes:
        truth = {k: v for k, v in outcome.text.claims.items() if k in claim_ids}
        found = {k: v for k, v in outcome.claims.items() if k in claim_ids}
        tp += len(truth.keys() & found.keys())
        fp += len(found.keys() - truth.keys())
        fn += len(truth.keys() - found.keys())
        for claim in truth.keys() & found.keys():
            if truth[claim]:
                variants += 1
                variants_right += same_figure(truth[claim], found[claim])
    scores = _prf(tp, fp, fn)
    scores["variants"] = f"{variants_right}/{variants}"
    return scores


def per_claim(outcomes: list[Outcome], claim_ids: set[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        truth, found = set(outcome.text.claims) & claim_ids, set(outcome.claims) & claim_ids
        for claim in truth & found:
            counts[claim]["tp"] += 1
        for claim in found - truth:
            counts[claim]["fp"] += 1
        for claim in truth - found:
            counts[claim]["fn"] += 1
    return {claim: dict(counts[claim]) for claim in sorted(counts)}


def report(outcomes: list[Outcome], claim_ids: set[str]) -> dict[str, Any]:
    """Every figure, overall and per language."""
    result: dict[str, Any] = {"texts": len(outcomes)}
    groups = {"all": outcomes}
    for language in sorted({o.text.language for o in outcomes}):
        groups[language] = [o for o in outcomes if o.text.language == language]
    for name, group in groups.items():
        block: dict[str, Any] = {"texts": len(group)}
        for label in BOOLEAN_LABELS:
            block[label] = label_scores(group, label)
        block["language_accuracy"] = _ratio(
            sum(o.found["language"] == o.text.language for o in group), len(group)
        )
        block["claims"] = claim_scores(group, claim_ids)
        result[name] = block
    result["per_claim"] = per_claim(outcomes, claim_ids)
    return result


def errors(outcomes: list[Outcome], claim_ids: set[str]) -> list[str]:
    """One line per wrong decision, with the evidence the analyser gave."""
    lines = []
    for o in outcomes:
        for label in BOOLEAN_LABELS:
            if bool(o.found[label]) != getattr(o.text, label):
                lines.append(
                    f"{o.text.id} {label}: expected {getattr(o.text, label)}, got "
                    f"{o.found[label]} (score {o.found['relevance_score']}, "
                    f"signals {' '.join(o.found['signals'])})  [{o.text.kind}]"
                )
        truth = {k: v for k, v in o.text.claims.items() if k in claim_ids}
        found = {c["id"]: c for c in o.found["claims"] if c["id"] in claim_ids}
        for claim in sorted(truth.keys() - found.keys()):
            lines.append(f"{o.text.id} missed {claim}")
        for claim in sorted(found.keys() - truth.keys()):
            lines.append(f"{o.text.id} wrong {claim}: {found[claim]['evidence'][:160]!r}")
        for claim in sorted(truth.keys() & found.keys()):
            if truth[claim] and not same_figure(truth[claim], found[claim]["variant"]):
                lines.append(
                    f"{o.text.id} figure {claim}: expected {truth[claim]!r}, "
                    f"got {found[claim]['variant']!r}"
                )
    return lines


def _table(result: dict[str, Any]) -> str:
    rows = []
    for name, block in result.items():
        if not isinstance(block, dict) or "relevant" not in block:
            continue
        claims = block["claims"]
        rows.append(
            f"{name:>4} {block['texts']:>4} texts | "
            + " | ".join(
                f"{label} P {block[label]['precision']} R {block[label]['recall']}"
                for label in BOOLEAN_LABELS
            )
            + f" | language {block['language_accuracy']}"
            + f" | claims P {claims['precision']} R {claims['recall']} F1 {claims['f1']}"
            + f" (figures {claims['variants']})"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path, help="folder holding the texts (see the docstring)")
    parser.add_argument("--split", choices=("dev", "blind", "all"), default="dev")
    parser.add_argument(
        "--labels", type=Path, default=LABELS_DIR, help="a labels file or a folder of them"
    )
    parser.add_argument("--catalogue", help="a claims file that extends the built-in catalogue")
    parser.add_argument(
        "--lexical-only", action="store_true", help="switch the semantic layer off (to compare)"
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    texts = [t for t in load_labels(args.labels) if args.split in ("all", t.split)]
    if not texts:
        parser.error(f"no {args.split} texts in {args.labels} (a set without splits: --split all)")
    options = AnalysisOptions(args.catalogue, "extend", semantic=not args.lexical_only)
    claim_ids = {c.id for c in load_catalogue(args.catalogue, "extend").claims}
    outcomes, problems = analyse(texts, args.texts, options)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not outcomes:
        print("no text could be analysed", file=sys.stderr)
        return 1
    result = report(outcomes, claim_ids)
    result["split"] = args.split
    result["unreadable"] = len(problems)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"split {args.split}: {len(outcomes)} texts ({len(problems)} unreadable)")
        print(_table(result))
        for claim, counts in result["per_claim"].items():
            print(f"  {claim:<36} {counts}")
    if args.errors:
        print("\n".join(errors(outcomes, claim_ids)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
