"""The layering DESIGN.md asks for: the domain loads neither Scrapy nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, cli_env

DOMAIN = [
    "monitor.analysis",
    "monitor.claims",
    "monitor.clusters",
    "monitor.config",
    "monitor.dedupe",
    "monitor.documents",
    "monitor.durations",
    "monitor.errors",
    "monitor.extract",
    "monitor.figures",
    "monitor.language",
    "monitor.matcher",
    "monitor.relevance",
    "monitor.safe_text",
    "monitor.seedcopy",
    "monitor.text",
    "monitor.urls",
]


def test_domain_modules_load_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        f"for name in {DOMAIN!r}: __import__(name)\n"
        "heavy = ('scrapy', 'sqlalchemy', 'twisted')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_cli_starts_without_loading_scrapy() -> None:
    code = "import sys, cli.main; print(any(m.startswith('scrapy') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr
