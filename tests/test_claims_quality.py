"""Claim matching quality on the team's labelled evaluation set stays above its floors."""

from __future__ import annotations

import pytest

from benchmarks.claims_quality import DEFAULT_LABELS, measure_claims

# Targets are micro-F1 >= 0.90 per language and right variants; the floors sit a little under.
F1_FLOOR = 0.85
VARIANT_FLOOR = 0.90


@pytest.fixture(scope="module")
def result() -> dict:
    return measure_claims(DEFAULT_LABELS)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_micro_f1_per_language(result: dict, language: str) -> None:
    scores = result["languages"][language]
    assert scores["tp"] >= 20, "the evaluation set should label claims in both languages"
    assert scores["f1"] >= F1_FLOOR, (scores, result["errors"])


def test_variants_right_where_a_figure_is_given(result: dict) -> None:
    variants = result["variants"]
    assert variants["total"] >= 10
    assert variants["accuracy"] >= VARIANT_FLOOR, variants["wrong"]


def test_every_claim_is_found_somewhere(result: dict) -> None:
    for claim_id, scores in result["claims"].items():
        if scores["tp"] + scores["fn"]:
            assert scores["recall"] > 0.5, (claim_id, scores)


def test_through_the_analysis_as_analyze_runs_it() -> None:
    from benchmarks.claims_quality import PipelineMatcher

    result = measure_claims(DEFAULT_LABELS, matcher=PipelineMatcher())
    for language in ("ar", "en"):
        assert result["languages"][language]["f1"] >= F1_FLOOR, result["errors"]
    assert result["variants"]["accuracy"] >= VARIANT_FLOOR
