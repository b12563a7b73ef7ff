"""The layers, checked: imports point one way (cli > scheduler > crawler > storage > monitor), and
the domain loads neither Scrapy, Twisted nor SQLAlchemy.

The rules themselves are import-linter contracts in pyproject.toml ([tool.importlinter]); this
test runs them, so the README's test command checks them too. The subprocess tests check what
is really loaded at run time, which static imports cannot show.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import monitor
from tests.conftest import ROOT, cli_env

HEAVY = ("scrapy", "sqlalchemy", "twisted")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120
    )


def _lint_imports() -> str:
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert found, "import-linter is not installed: pip install -e '.[test]'"
    return found


def test_import_contracts_are_kept() -> None:
    result = _run(_lint_imports(), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def domain_modules() -> list[str]:
    """Every module of the domain package, found on disk (not a list kept by hand).

    `monitor.__main__` is left out: it only hands `python -m monitor` over to the CLI.
    """
    found = [
        info.name
        for info in pkgutil.walk_packages(monitor.__path__, prefix="monitor.")
        if info.name != "monitor.__main__"
    ]
    assert len(found) > 20, found
    return sorted(found)


def test_no_domain_module_loads_scrapy_sqlalchemy_or_twisted() -> None:
    modules = domain_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(','.join(bad))\n"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_cli_starts_without_loading_scrapy() -> None:
    code = "import sys, cli.main; print(any(m.startswith('scrapy') for m in sys.modules))"
    result = _run(sys.executable, "-c", code)
    assert result.stdout.strip() == "False", result.stderr


def test_the_crawl_process_does_not_load_the_analysis() -> None:
    # What only the analysis needs (it runs in worker processes) stays out of the crawl's own
    # process: every crawler module, the run and the command line, imported together.
    crawler_modules = sorted(
        m.name for m in pkgutil.walk_packages([str(ROOT / "crawler")], prefix="crawler.")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {[*crawler_modules, 'scheduler.runonce', 'cli.main']!r}:\n"
        "    importlib.import_module(name)\n"
        "heavy = ('numpy', 'trafilatura', 'langdetect', 'monitor.analysis', 'monitor.encoder')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


PACKAGES = ("cli", "scheduler", "crawler", "storage", "monitor")
_PATH = re.compile(r"`((?:cli|scheduler|crawler|storage|monitor|tests|benchmarks)/[^`\s]*)`")
_DOTTED = re.compile(r"(?<![\w./-])((?:cli|scheduler|crawler|storage|monitor)(?:\.\w+)+)")


def _resolves(dotted: str) -> bool:
    """Whether `a.b.c` names a module, or an attribute of one (a class, a function...)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for name in parts[end:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_the_readmes_name_only_modules_and_paths_that_exist() -> None:
    missing = []
    for readme in (ROOT / "README.md", ROOT / "benchmarks" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        # `monitor/text.py:strip_clitics` names a function in a file: the file must exist.
        paths = [p.split(":")[0] for p in _PATH.findall(text)]
        missing += [p for p in paths if not (ROOT / p).exists()]
        missing += [d for d in _DOTTED.findall(text) if not _resolves(d)]
    assert missing == []
