"""`sora-monitor demo`: the real cycle against the bundled sample web, offline."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke_cli, run_cli


def test_demo_lists_arabic_and_english_articles_with_titles_dates_and_bodies(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run_cli("demo", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 15
    assert all(row["title"] and row["published_at"] and row["body"] for row in rows)
    hosts = {row["url"].split("/")[2].split(":")[0] for row in rows}
    assert hosts == {"127.0.0.1"}  # the demo never leaves the machine
    arabic = [r for r in rows if any("\u0600" <= ch <= "\u06ff" for ch in r["body"][:200])]
    english = [r for r in rows if r not in arabic]
    assert len(arabic) >= 5 and len(english) >= 5
    assert "run 1" in result.stderr
    # The named database keeps what the demo stored; a second look shows the same articles.
    again = json.loads(
        invoke_cli("report", "new", "--db", db, "--since", "1h", "--all", "--format", "json").stdout
    )
    off_topic = [r for r in again if r["relevant"] is False]
    assert len(again) == len(rows) + len(off_topic) and off_topic
    # The summary counts every new article; the demo says how many it leaves out, and how to
    # see them.
    assert f"{len(again)} new articles" in result.stderr
    assert (
        f"{len(off_topic)} articles are off-topic (not about OpenAI's Sora) and left out below: "
        "`sora-monitor demo --all` lists them too"
    ) in result.stderr
    # A second demo into it serves the same URLs: nothing is new, nothing stored twice; with
    # --all it lists the off-topic articles too.
    second = run_cli("demo", "--all", "--format", "json", "--db", db)
    assert second.returncode == 0, second.stderr
    assert "run 2 ok" in second.stderr and " 0 new articles" in second.stderr
    assert "off-topic" not in second.stderr
    assert sorted(r["url"] for r in json.loads(second.stdout)) == sorted(r["url"] for r in again)


def test_demo_uses_a_throwaway_database_by_default(tmp_path: Path) -> None:
    result = run_cli("demo", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("first_seen_at,")
    assert list(tmp_path.iterdir()) == []
