"""`sora-monitor analyze`: analyse files without touching the database."""

from __future__ import annotations

import json
import logging
import sys

import click

from cli.common import format_option
from cli.output import Column, render
from scheduler.startup import setup_logging

# Each key with how much it is worth keeping on a narrow terminal.
ANALYZE_COLUMNS_KEYS = (
    ("path", 100),
    ("language", 80),
    ("relevant", 90),
    ("relevance_score", 50),
    ("leak_report", 85),
    ("seed_similarity", 40),
    ("seed_copy", 45),
    ("claims", 70),
    ("title", 60),
)
EXPLAIN_COLUMNS = (
    Column("subject", "decision", keep=100),
    Column("value", "verdict", keep=90),
    Column("layer", "layer", keep=60),
    Column("score", "score", justify="right", keep=70),
    Column("sentence", "sentence", max_width=70, wrap=True, keep=80, min_width=30),
    Column("detail", "why", max_width=50, wrap=True, keep=50),
)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (for [claims]).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Say for each decision which sentence and which layer (lexical rules or meaning) "
    "decided it, with the score; for a claim not found, the closest sentence.",
)
@format_option("json", "table", default="json")
def analyze(paths: tuple[str, ...], config_path: str | None, explain: bool, fmt: str) -> None:
    """Analyse HTML or text files without touching the database; `-` reads standard input.

    Prints one JSON object per input and line (language, relevance, leak report, similarity to
    the seed, claims with evidence and figures), or a table. An input that cannot be read is
    reported on stderr and the others still run; the exit code is then 1. With --explain, the
    JSON gains an "explain" list and the table a second table per input.

    Example:

        sora-monitor analyze article.html notes.txt --format table

        sora-monitor analyze article.html --explain --format table
    """
    setup_logging(logging.ERROR)
    from monitor.articles import AnalysisOptions
    from monitor.config import load_config
    from monitor.documents import analyze_document, read_document
    from monitor.errors import AnalysisError

    config = load_config(config_path)
    catalogue = str(config.claims.catalogue) if config.claims.catalogue else None
    options = AnalysisOptions(catalogue, config.claims.mode)
    results, failed = [], 0
    for path in paths:
        try:
            result = analyze_document(read_document(path, sys.stdin.buffer), options, explain)
        except AnalysisError as exc:
            failed += 1
            click.echo(f"sora-monitor: error: {exc}", err=True)
            continue
        if fmt == "json":
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            results.append({**result, "claims": [c["id"] for c in result["claims"]]})
    if fmt == "table":
        columns = [
            Column(key, key.replace("_", " "), max_width=60, wrap=True, keep=keep)
            if key in ("title", "claims")
            else Column(key, key.replace("_", " "), keep=keep)
            for key, keep in ANALYZE_COLUMNS_KEYS
        ]
        render(results, columns, "table", title="Analysis")
        for result in results if explain else ():
            why = f"Why: {result['path']}"
            render(result["explain"], EXPLAIN_COLUMNS, "table", title=why, plain_title=True)
    if failed:
        sys.exit(1)
