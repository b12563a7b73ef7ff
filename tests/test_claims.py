"""The claim catalogue: the built-in claims, extending/replacing it, and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.claims import Catalogue, Claim, load_catalogue, parse_catalogue
from monitor.errors import CatalogueError, ConfigError
from monitor.figures import Figure

SEED_IDS = {
    "openai-valuation-150b", "sora-announced-february", "source-code-leaked",
    "leaked-on-hugging-face", "video-gen-endpoint", "release-delayed-gemini",
    "videos-spread-on-x", "ten-seconds-1080p", "leaked-by-testers", "artists-unpaid-rnd",
    "pr-stunt", "shut-down-three-hours", "leakers-anonymous", "threat-to-creators",
    "available-2024",
}  # fmt: skip

MINIMAL = """
[claims.my-claim]
text_en = "Sora costs $20 a month"
text_ar = "اشتراك Sora بعشرين دولارا شهريا"
kind = "figure"
figures = [{ value = "$20" }]

[claims.my-claim.en]
require.price = ["costs", "price*", "subscription"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_catalogue_has_the_fifteen_seed_claims() -> None:
    catalogue = load_catalogue()
    assert set(catalogue.ids()) == SEED_IDS
    assert len(catalogue) == 15
    for claim in catalogue.claims:
        assert claim.text_en and claim.text_ar and claim.kind
        assert set(claim.rules) == {"en", "ar"}, claim.id


def test_builtin_claim_details() -> None:
    catalogue = load_catalogue()
    valuation = catalogue.get("openai-valuation-150b")
    assert valuation.kind == "figure"
    (spec,) = valuation.figures
    assert (spec.unit, spec.value, spec.required) == ("money", 150e9, True)
    assert spec.accepts(Figure("money", 157e9, "$157 billion"))
    # A later (or earlier) valuation is the claim with another figure; a round is not.
    assert spec.accepts(Figure("money", 86e9, "$86 billion"))
    assert spec.accepts(Figure("money", 500e9, "$500 billion"))
    assert not spec.accepts(Figure("money", 6.6e9, "$6.6 billion"))
    assert not spec.accepts(Figure("money", 2e12, "$2 trillion"))
    assert not spec.accepts(Figure("duration", 150e9, "x"))
    february = catalogue.get("sora-announced-february").figures[0]
    assert february.accepts(Figure("date", 2, "February", None))
    assert february.variant(Figure("date", 2, "February", None)) == "February 2024"
    assert not february.accepts(Figure("date", 2, "February 2025", 2025))
    assert not february.accepts(Figure("date", 12, "December", None))
    leak = catalogue.get("leaked-on-hugging-face").rules["ar"]
    # Arabic terms are stored folded: written naturally, matched against folded text.
    words = {t.words for group in leak.require for t in group.terms}
    assert ("هاج*", "فيس") in words and ("تسريب*",) in words
    with pytest.raises(KeyError):
        catalogue.get("no-such-claim")


def test_claims_are_frozen() -> None:
    claim = load_catalogue().claims[0]
    assert isinstance(claim, Claim)
    with pytest.raises(AttributeError):
        claim.id = "x"  # type: ignore[misc]


def test_extend_adds_a_claim(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, MINIMAL))
    assert set(catalogue.ids()) == SEED_IDS | {"my-claim"}
    claim = catalogue.get("my-claim")
    assert claim.figures[0].unit == "money"
    # The built-in defaults (anchors) apply to the user's claims too.
    assert [t.source for t in claim.rules["en"].anchor] == ["sora", "openai", "open ai"]


def test_extend_overrides_by_id(tmp_path: Path) -> None:
    text = MINIMAL.replace("my-claim", "pr-stunt")
    catalogue = load_catalogue(write(tmp_path, text), mode="extend")
    assert len(catalogue) == 15
    assert catalogue.get("pr-stunt").text_en == "Sora costs $20 a month"


def test_replace_keeps_only_the_users_claims(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, MINIMAL), mode="replace")
    assert catalogue.ids() == ("my-claim",)
    assert isinstance(catalogue, Catalogue)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (MINIMAL.replace('kind = "figure"', 'kind = "figure"\ncolour = "red"'),
         "claims.my-claim.colour", "unknown key"),
        (MINIMAL.replace('text_en = "Sora costs $20 a month"\n', "").replace(
            'text_ar = "اشتراك Sora بعشرين دولارا شهريا"\n', ""),
         "claims.my-claim.text_en", "needs the claim's text"),
        (MINIMAL.replace('text_en = "Sora costs $20 a month"', 'text_en = ""'),
         "claims.my-claim.text_en", "non-empty string"),
        (MINIMAL.replace('kind = "figure"', 'kind = "figure"\nthreshold = 1.5'),
         "claims.my-claim.threshold", "between 0 and 1"),
        (MINIMAL.replace('kind = "figure"', 'kind = "figure"\nsemantic_require = ["place"]'),
         "claims.my-claim.semantic_require", "names no require group"),
        (MINIMAL.replace('kind = "figure"', 'kind = "figure"\nleak_event = "yes"'),
         "claims.my-claim.leak_event", "true or false"),
        (MINIMAL.replace('kind = "figure"', 'kind = "figure"\nleak_event = true'),
         "claims.my-claim.leak_event", "needs leak_story = true"),
        (MINIMAL + 'patterns = ["(unclosed"]\n', "claims.my-claim.en.patterns",
         "bad regular expression"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", unit = "weight"'),
         "claims.my-claim.figures[0].unit", "unknown unit"),
        (MINIMAL.replace('value = "$20"', 'value = "lots"'),
         "claims.my-claim.figures[0].value", "not one figure"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", tolerance = -1'),
         "claims.my-claim.figures[0].tolerance", "non-negative"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", range = ["$10"]'),
         "claims.my-claim.figures[0].range", "two figures"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", range = ["$10", "3 hours"]'),
         "claims.my-claim.figures[0].range", "two figures of the value's unit"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", range = ["$30", "$10"]'),
         "claims.my-claim.figures[0].range", "not be larger"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", range = ["$30", "$40"]'),
         "claims.my-claim.figures[0].range", "must hold the value"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", range = ["$10", "$40"], tolerance = 0.1'),
         "claims.my-claim.figures[0].range", "not both"),
        (MINIMAL.replace('value = "$20"', 'value = "1080p", range = ["720p", "4K"]'),
         "claims.my-claim.figures[0].range", "money and durations"),
        (MINIMAL + 'colour = ["x"]\n', "claims.my-claim.en.colour", "unknown key"),
        (MINIMAL.replace('require.price = ["costs", "price*", "subscription"]', "window = 1"),
         "claims.my-claim.en", "needs 'require'"),
        (MINIMAL.replace('"costs", ', "3, "), "claims.my-claim.en.require.price",
         "list of non-empty strings"),
        (MINIMAL.replace('"costs", ', '"... costs", '), "claims.my-claim.en.require.price",
         "start and end with a word"),
        (MINIMAL.replace("[claims.my-claim.en]\n", "[claims.my-claim.fr]\n"),
         "claims.my-claim.fr", "unknown key"),
        (MINIMAL.replace("claims.my-claim", "claims.My_Claim"), "claims.My_Claim",
         "lowercase"),
        ("[claimz.x]\n", "claimz", "unknown top-level key"),
        (MINIMAL.replace('"costs", "price*", "subscription"', ""),
         "claims.my-claim.en.require.price", "empty group"),
        (MINIMAL.replace('"costs", ', '"*", '), "claims.my-claim.en.require.price", "no letters"),
        (MINIMAL.replace('"costs", ', '"a ?? b", '), "claims.my-claim.en.require.price",
         "no letters"),
        (MINIMAL + "window = -1\n", "claims.my-claim.en.window", "non-negative"),
        (MINIMAL.replace('value = "$20"', 'value = "$20", required = "yes"'),
         "claims.my-claim.figures[0].required", "true or false"),
        ("[defaults.en]\ncolour = 1\n" + MINIMAL, "defaults.en.colour", "unknown key"),
        ("[defaults.fr]\nwindow = 1\n" + MINIMAL, "defaults.fr", "expected [defaults.en]"),
    ],
)  # fmt: skip
def test_malformed_catalogue_names_file_claim_and_key(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    error = caught.value
    assert isinstance(error, ConfigError) and error.exit_code == 2
    assert error.key == key
    assert error.path == str(path)
    assert words in str(error)
    assert str(path) in str(error) and key in str(error)


def test_error_points_at_the_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('kind = "figure"', 'kind = "figure"\ncolour = "red"')
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(write(tmp_path, text))
    line = text.splitlines().index('colour = "red"') + 1
    assert caught.value.line == line
    assert f"line {line}" in str(caught.value)


def test_toml_syntax_error_has_a_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(write(tmp_path, '[claims.x]\ntext_en = "unterminated\n'))
    assert caught.value.line == 2
    assert "not valid TOML" in str(caught.value)


def test_unreadable_file_and_bad_mode(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.toml")
    with pytest.raises(CatalogueError, match="mode"):
        load_catalogue(write(tmp_path, MINIMAL), mode="merge")  # type: ignore[arg-type]
    with pytest.raises(CatalogueError, match="no claims"):
        load_catalogue(write(tmp_path, "# nothing\n"), mode="replace")


def test_parse_catalogue_folds_terms_and_patterns() -> None:
    text = """
[claims.x]
text_en = "x"
text_ar = "س"
kind = "event"
[claims.x.ar]
require.leak = ["تسريبٌ*", "الشفرة المصدرية"]
patterns = ["\\\\Sإلى"]
"""
    (claim,), _ = parse_catalogue(text)
    rules = claim.rules["ar"]
    assert [t.words for t in rules.require[0].terms] == [("تسريب*",), ("الشفره", "المصدريه")]
    # Arabic letters are folded, regex escapes are not casefolded.
    assert rules.patterns[0].pattern == "\\Sالي"


def test_domain_module_imports_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, monitor.claims, monitor.matcher, monitor.figures;"
        "print(sorted(m for m in ('scrapy', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
