"""Patterns found in real coverage, reproduced in sentences of our own, with a floor each.

tests/data/patterns/patterns.toml holds the cases (see its header). A pattern's floor is the
share of its cases the analysis must get right: a change that loses a pattern fails here even
when the rest of the suite passes.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from monitor.analysis import analyze_text

CASES = tomllib.loads(
    (Path(__file__).parent / "data" / "patterns" / "patterns.toml").read_text(encoding="utf-8")
)["case"]

# The share of each pattern's cases that must come out right (what the analysis does today,
# rounded down a little where a case is hard for every layer).
FLOORS = {
    "leak-as-event": 1.0,
    "launch-not-leak": 1.0,
    "testers-paraphrase": 1.0,
    "art-washing": 1.0,
    "scant-compensation": 1.0,
    "huggingface-one-word": 1.0,
    "videos-on-x": 1.0,
    "proximity": 1.0,
    "rival-tool": 1.0,
}


def failures(case: dict[str, Any]) -> list[str]:
    found = analyze_text(case["title"], case["text"])
    claims = {c.claim_id for c in found.claims}
    wrong = []
    for label in ("relevant", "leak_report"):
        if label in case and getattr(found, label) != case[label]:
            wrong.append(f"{label}: expected {case[label]}, got {getattr(found, label)}")
    wrong += [f"missed {c}" for c in case.get("claims", []) if c not in claims]
    wrong += [f"wrong {c}" for c in case.get("not_claims", []) if c in claims]
    return wrong


def test_every_pattern_has_a_floor_and_cases_in_both_languages_where_it_can() -> None:
    patterns = {case["pattern"] for case in CASES}
    assert patterns == set(FLOORS)
    languages = defaultdict(set)
    for case in CASES:
        languages[case["pattern"]].add(case["language"])
    assert sum(1 for langs in languages.values() if langs == {"ar", "en"}) >= 7


@pytest.mark.parametrize("pattern", sorted(FLOORS))
def test_pattern_holds_its_floor(pattern: str) -> None:
    cases = [case for case in CASES if case["pattern"] == pattern]
    wrong = {case["title"]: failures(case) for case in cases}
    wrong = {title: why for title, why in wrong.items() if why}
    right = 1 - len(wrong) / len(cases)
    assert right >= FLOORS[pattern], wrong
