"""Claims and leaks said in other words than the rules' own, in sentences of our own, with floors.

tests/data/patterns/paraphrases.toml holds the cases (see its header). Each claim sentence is
read after a neutral opening that carries no claim, so what is found is the sentence's doing.
A floor is the share of cases the analysis gets right today, rounded down where a case is hard
for every layer: a change that loses a way of saying a claim fails here.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from monitor.analysis import analyze_text

DATA = tomllib.loads(
    (Path(__file__).parent / "data" / "patterns" / "paraphrases.toml").read_text(encoding="utf-8")
)
CONTEXT = {
    "en": (
        "Artists protest OpenAI over Sora",
        "The dispute over OpenAI's video model Sora grew on Tuesday, when access to the "
        "unreleased model was briefly opened to the public.",
    ),
    "ar": (
        "احتجاج فنانين على OpenAI بسبب سورا",
        "تصاعد الجدل حول نموذج الفيديو سورا من OpenAI يوم الثلاثاء بعد فتح الوصول إلى النموذج "
        "غير المطروح أمام الجمهور لفترة قصيرة.",
    ),
}
# (cases, language, positive or near miss) -> the share that must come out right.
CLAIM_FLOORS = {("en", True): 0.95, ("ar", True): 0.95, ("en", False): 1.0, ("ar", False): 1.0}
LEAK_FLOORS = {True: 0.85, False: 0.9}


@cache
def claims_of(language: str, sentence: str = "") -> frozenset[str]:
    title, opening = CONTEXT[language]
    text = f"{opening}\n\n{sentence}" if sentence else opening
    return frozenset(match.claim_id for match in analyze_text(title, text).claims)


def carries(case: dict[str, Any]) -> bool:
    language = case["language"]
    return case["claim"] in claims_of(language, case["text"]) - claims_of(language)


def test_the_opening_carries_no_claim_of_its_own() -> None:
    assert claims_of("en") == claims_of("ar") == frozenset()


@pytest.mark.parametrize(("language", "positive"), sorted(CLAIM_FLOORS))
def test_claims_said_in_other_words_hold_their_floor(language: str, positive: bool) -> None:
    cases = [
        case
        for case in DATA["claim"]
        if case["language"] == language and bool(case.get("neg")) is not positive
    ]
    wrong = [case["text"] for case in cases if carries(case) is not positive]
    right = 1 - len(wrong) / len(cases)
    assert right >= CLAIM_FLOORS[(language, positive)], wrong


def test_every_claim_is_said_in_other_words_in_both_languages() -> None:
    languages: dict[str, set[str]] = {}
    for case in DATA["claim"]:
        if not case.get("neg"):
            languages.setdefault(case["claim"], set()).add(case["language"])
    assert len(languages) >= 13
    assert all(found == {"ar", "en"} for found in languages.values())


@pytest.mark.parametrize("leak", [True, False])
def test_leaks_told_without_the_word_hold_their_floor(leak: bool) -> None:
    cases = [case for case in DATA["leak"] if case["leak"] is leak]
    wrong = [
        case["title"]
        for case in cases
        if analyze_text(case["title"], case["text"]).leak_report is not leak
    ]
    right = 1 - len(wrong) / len(cases)
    assert right >= LEAK_FLOORS[leak], wrong


def test_later_sora_news_is_relevant_and_look_alikes_are_not() -> None:
    wrong = [
        case["title"]
        for case in DATA["relevant"]
        if analyze_text(case["title"], case["text"]).relevant is not case["rel"]
    ]
    assert not wrong
