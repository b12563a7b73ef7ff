"""Floors on the held-out set (tests/data/holdout), written blind to the analysis code.

The team's evaluation set was used to tune the analysers; this one measures what they do on
text they were not tuned on. Floors sit a little under what was measured, so that a change that
only helps the tuning set and hurts new text fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.quality import measure

HOLDOUT = Path(__file__).parent / "data" / "holdout"


@pytest.fixture(scope="module")
def report() -> dict:
    return measure(HOLDOUT)


def test_language_relevance_and_seed_copies(report: dict) -> None:
    assert report["language"]["accuracy"] == 1.0
    relevant = report["labels"]["relevant"]["all"]
    assert relevant["precision"] >= 0.95 and relevant["recall"] >= 0.95
    seed = report["labels"]["seed_copy"]["all"]
    assert seed["precision"] == 1.0 and seed["recall"] == 1.0


def test_leak_reports(report: dict) -> None:
    leak = report["labels"]["leak_report"]["all"]
    assert leak["precision"] >= 0.95 and leak["recall"] >= 0.9


def test_claims_per_language(report: dict) -> None:
    for language in ("ar", "en"):
        assert report["claims"]["languages"][language]["f1"] >= 0.9, language
    assert report["claims"]["variants"]["accuracy"] >= 0.9
