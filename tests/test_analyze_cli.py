"""`sora-monitor analyze`: files and stdin in, the documented JSON out, no database touched."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, invoke_cli

SITE = ROOT / "tests" / "data" / "site"
SEED = ROOT / "monitor" / "data" / "seed" / "sora-seed-article.ar.txt"
CONTRACT_KEYS = {
    "path",
    "language",
    "title",
    "published_at",
    "relevant",
    "relevance_score",
    "leak_report",
    "seed_similarity",
    "seed_copy",
    "claims",
}


def analyze(*args: str, **kwargs) -> list[dict]:  # type: ignore[no-untyped-def]
    result = invoke_cli("analyze", *args, **kwargs)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_json_object_per_input_with_the_contract_keys(tmp_path: Path) -> None:
    pages = [
        SITE / "ar" / "legacy-1256.html",
        SITE / "games/2024/11/kingdom-hearts-sora-retrospective.html",
    ]
    first, second = analyze(*map(str, pages), cwd=tmp_path)
    assert CONTRACT_KEYS <= set(first) and CONTRACT_KEYS <= set(second)
    assert first["path"] == str(pages[0])
    # windows-1256 bytes with the charset only in the HTTP header: as a file, detection reads it
    assert first["language"] == "ar" and "ثلاث ساعات" in first["title"]
    assert first["relevant"] is True and first["leak_report"] is True
    assert first["published_at"] == "2024-11-27T07:00:00+00:00"
    assert 0 <= first["seed_similarity"] <= 1 and first["seed_copy"] is False
    shut_down = next(c for c in first["claims"] if c["id"] == "shut-down-three-hours")
    assert shut_down["variant"] == "3 hours" and "ثلاث ساعات" in shut_down["evidence"]
    assert second["language"] == "en" and second["relevant"] is False and second["claims"] == []
    assert list(tmp_path.iterdir()) == []  # nothing written, no database created


def test_the_seed_read_from_stdin_is_a_copy_of_itself() -> None:
    (result,) = analyze("-", input=SEED.read_text(encoding="utf-8"))
    assert result["path"] == "-" and result["language"] == "ar"
    assert result["seed_copy"] is True and result["seed_similarity"] == 1.0
    assert len(result["claims"]) >= 14
    for claim in result["claims"]:
        assert claim["evidence"] in SEED.read_text(encoding="utf-8")


def test_unreadable_inputs_are_reported_and_the_rest_still_run(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = invoke_cli("analyze", str(tmp_path / "missing.html"), str(empty), str(SEED))
    assert result.returncode == 1
    assert "missing.html: cannot read" in result.stderr and "empty.txt: empty" in result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(SEED)]


def test_table_format_escapes_what_it_prints(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "[bold red]pwned[/] \x1b[31mOpenAI Sora leak\n\nOpenAI's Sora was leaked on "
        "Hugging Face by artists; OpenAI shut it down three hours later.\n"
    )
    result = invoke_cli("analyze", "--format", "table", str(hostile))
    assert result.returncode == 0, result.stderr
    assert "[bold red]pwned[/]" in result.stdout and "\x1b" not in result.stdout
    # Piped, with --explain: plain rows, and each input's explanation says whose it is.
    explained = invoke_cli("analyze", "--format", "table", "--explain", str(hostile), str(SEED))
    lines = explained.stdout.splitlines()
    assert f"Why: {hostile}" in lines and f"Why: {SEED}" in lines
    assert not set(explained.stdout) & set("│┃━─\t")


def test_json_carries_text_as_a_run_would_store_it(tmp_path: Path) -> None:
    # Tags and escape sequences out of the title, NUL (which PostgreSQL refuses) out of the body.
    odd = tmp_path / "odd.txt"
    odd.write_bytes(
        b"Sora leak\x1b[31m <b>now</b>\n\nOpenAI's Sora leaked on Hugging Face\x00 today, "
        b"artists said. OpenAI shut it down three hours later.\n"
    )
    result = invoke_cli("analyze", "--format", "json", str(odd))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["title"] == "Sora leak now"
    assert found["claims"] and all("\x00" not in c["evidence"] for c in found["claims"])


def test_a_user_catalogue_from_the_config_extends_the_claims(tmp_path: Path) -> None:
    (tmp_path / "my-claims.toml").write_text(
        """
[claims.sora-eu-launch]
text_en = "Sora launched in the EU and the UK"
text_ar = "إطلاق Sora في الاتحاد الأوروبي والمملكة المتحدة"
kind = "event"

[claims.sora-eu-launch.en]
require.launch = ["launch*", "available", "rolled out", "arrive*"]
require.where = ["europe*", "eu", "european union", "uk", "united kingdom"]
""",
        encoding="utf-8",
    )
    config = tmp_path / "sora-monitor.toml"
    config.write_text('[claims]\ncatalogue = "my-claims.toml"\n', encoding="utf-8")
    text = (
        "OpenAI Sora arrives in Europe\n\nOpenAI said on Friday that Sora, its video model, is "
        "now available in the European Union and the UK. OpenAI shut the leaked access down "
        "three hours after the leak last year.\n"
    )
    (result,) = analyze("--config", str(config), "-", input=text)
    assert {c["id"] for c in result["claims"]} >= {"sora-eu-launch", "shut-down-three-hours"}
    broken = tmp_path / "broken.toml"
    broken.write_text('[claims]\ncatalogue = "bad.toml"\n', encoding="utf-8")
    (tmp_path / "bad.toml").write_text('[claims.x]\nkind = "event"\n', encoding="utf-8")
    failed = invoke_cli("analyze", "--config", str(broken), "-", input=text)
    assert failed.returncode == 2 and "bad.toml" in failed.stderr and "claims.x" in failed.stderr


def test_a_headline_on_the_first_line_is_the_title_with_or_without_a_blank_line(
    tmp_path: Path,
) -> None:
    body = "OpenAI's Sora was briefly open to everyone on Tuesday.\nArtists said so."
    (tmp_path / "a.txt").write_text(f"Fact check: no, Sora was not hacked\n{body}\n")
    (tmp_path / "b.txt").write_text(f"Fact check: no, Sora was not hacked\n\n{body}\n")
    # A first line that ends as a sentence does is the body's first sentence.
    (tmp_path / "c.txt").write_text(f"{body}\nMore to come.\n")
    found = analyze("--format", "json", *(str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")))
    assert [f["title"] for f in found] == [
        "Fact check: no, Sora was not hacked",
        "Fact check: no, Sora was not hacked",
        None,
    ]
