"""Floors on the blind sets (tests/data/blind), written without reading the analysers' code.

They caught what the tuning set did not (short Arabic briefs naming Sora only as a tool, a bare
"stunt", negated claims); the floors keep those fixes, and the rest, in place.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.claims_quality import PipelineMatcher, measure_claims
from benchmarks.quality import measure

BLIND = Path(__file__).parent / "data" / "blind"


def test_analysis_on_the_blind_set() -> None:
    report = measure(BLIND / "analysis")
    assert report["articles"] == 71
    assert report["language"]["accuracy"] == 1.0
    for label, floor in (("relevant", 0.97), ("leak_report", 0.95)):
        for language in ("ar", "en"):
            scores = report["labels"][label][language]
            assert scores["precision"] >= floor and scores["recall"] >= floor, (label, language)
    seed = report["labels"]["seed_copy"]["all"]
    assert seed["precision"] == 1.0 and seed["recall"] == 1.0


def test_claims_on_the_blind_set() -> None:
    result = measure_claims(BLIND / "claims" / "labels.toml", matcher=PipelineMatcher())
    for language in ("ar", "en"):
        assert result["languages"][language]["f1"] >= 0.95, (language, result["errors"])
    assert result["variants"]["accuracy"] == 1.0, result["variants"]["wrong"]
