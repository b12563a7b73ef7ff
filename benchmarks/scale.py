"""The reports and the near-duplicate lookup on a large synthetic archive, SQLite and PostgreSQL.

    python benchmarks/scale.py                          # 1,000,000 articles, both databases
    python benchmarks/scale.py --articles 100000 --db sqlite
    python benchmarks/scale.py --keep --workdir /var/tmp/scale   # keep both databases
    python benchmarks/scale.py --reuse --keep           # measure databases kept by --keep

Generates N stored articles as the monitor stores them (title, a body of 1-3 kB, an outlet, a
language, publication and first-seen times spread over three years up to now, a 1 kB MinHash
signature, 25 LSH band keys, a near-duplicate cluster: 30% of the articles copy an earlier story
and share 10 of its band keys and its claims), with claim sightings on the articles about Sora
(aiming at 5 per article: --sightings; about 4.4 come out), into a SQLite file (executemany
in big transactions, journal off during the load, secondary indexes built after) and into a
PostgreSQL database of
its own (`sora_scale`, COPY, constraints and indexes rebuilt after; dropped at the end unless
--keep). The schema is the one this checkout migrates to; the claim tallies are rebuilt and
statistics gathered (ANALYZE) once loaded, as `sora-monitor db upgrade` does.

Then it measures what a user runs, each command a process of this checkout's CLI, best of
--repeat runs for the time and the largest peak RSS (getrusage of the child): `report new
--since 24h`, `report claims` (table and JSON), `report spread` on the claim seen most,
`report html` (its default window, 7 days), and `report new` on an empty window (the CLI's own
start-up and one indexed read: what every command costs before its work). The near-duplicate
candidate lookup (`storage.queries.cluster_candidates`, as the pipeline calls it for each new
article) is timed in this process on --lookups articles' own band keys: p50 and p99.

Everything talks to 127.0.0.1 only (PostgreSQL: --pg, default the tests' server).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 2**20
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "sora_scale"
SPAN = timedelta(days=3 * 365)
BANDS = 25
SHARED_BANDS = 10
COPY_SHARE = 0.3
LANGUAGES = (("en", 0.55), ("ar", 0.35), ("fr", 0.05), ("es", 0.03), ("de", 0.02))
# Issue 12's targets at 1M articles: seconds, and MB of peak RSS.
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "report new --since 24h": (0.1, None),
    "report claims": (1.0, 500.0),
    "report claims --format json": (None, 500.0),  # its work is the table's
    "report html": (10.0, 500.0),
    "report spread": (1.0, None),
}
LOOKUP_P99_MS = 5.0

WORDS = (
    "the video model from the laboratory was shown to artists and critics who said that the "
    "clips looked real while others asked how the system had been trained and whether the "
    "company would pay the people whose work it learned from during the months before release"
).split()


# --- the synthetic archive ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """What to generate."""

    articles: int
    sightings: int
    relevant_share: float = 0.7
    sources: int = 200
    outlets: int = 2000
    seed: int = 12


@dataclass
class Tables:
    """Rows for each table, as tuples in the column order of `COLUMNS`."""

    articles: list[tuple[Any, ...]] = field(default_factory=list)
    urls: list[tuple[Any, ...]] = field(default_factory=list)
    bands: list[tuple[Any, ...]] = field(default_factory=list)
    sightings: list[tuple[Any, ...]] = field(default_factory=list)


COLUMNS = {
    "articles": (
        "id", "canonical_url", "source_id", "title", "body", "author", "body_source",
        "fetch_status", "outlet", "language", "published_at", "first_seen_at", "fetched_at",
        "content_hash", "signature", "cluster_id", "run_id", "relevant", "relevance_score",
        "leak_report", "seed_similarity", "seed_copy",
    ),
    "article_urls": ("id", "url", "article_id"),
    "article_bands": ("band_key", "article_id"),
    "claim_sightings": (
        "id", "claim_id", "article_id", "evidence", "variant", "score", "layer", "published_at",
        "first_seen_at",
    ),
}  # fmt: skip


def _catalogue() -> list[Any]:
    from monitor.claims import load_catalogue

    return list(load_catalogue().claims)


def _variant(claim: Any, rng: random.Random) -> str:
    figures = getattr(claim, "figures", ())
    if not figures or not figures[0].expected:
        return ""
    return figures[0].expected if rng.random() < 0.8 else f"about {figures[0].expected}"


def generate(shape: Shape, chunk: int = 20_000) -> Iterator[Tables]:
    """The archive in chunks of `chunk` articles, oldest first (ids in storing order)."""
    rng = random.Random(shape.seed)
    claims = _catalogue()
    bodies = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(180, 520))) for _ in range(64)]
    languages = [lang for lang, _ in LANGUAGES]
    weights = [w for _, w in LANGUAGES]
    # Naive UTC, as both databases store it: no time zone arithmetic in the loop.
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    start = now - SPAN
    step = SPAN / max(shape.articles, 1)
    prefixes = [f"{band:02x}" for band in range(BANDS)]
    per_relevant = shape.sightings / max(shape.articles * shape.relevant_share, 1)
    recent: list[tuple[int, int, list[str], list[Any], str]] = []  # id, cluster, keys, claims, lang
    tables = Tables()
    sighting_id = 0
    for article_id in range(1, shape.articles + 1):
        first_seen = start + step * article_id
        published = (
            None if rng.random() < 0.1 else first_seen - timedelta(seconds=rng.randint(0, 6 * 3600))
        )
        relevant = rng.random() < shape.relevant_share
        copy_of = (
            recent[rng.randrange(len(recent))] if recent and rng.random() < COPY_SHARE else None
        )
        digest = rng.randbytes(8 * BANDS).hex()
        keys = [p + digest[16 * i : 16 * i + 16] for i, p in enumerate(prefixes)]
        if copy_of is not None:
            cluster_id, language = copy_of[1], copy_of[4]
            keys[:SHARED_BANDS] = copy_of[2][:SHARED_BANDS]
            carried = copy_of[3] if relevant else []
        else:
            cluster_id = article_id
            language = rng.choices(languages, weights)[0]
            carried = []
            if relevant:
                count = min(len(claims), max(1, round(rng.gauss(per_relevant, 2))))
                carried = rng.sample(claims, count)
        source_id = rng.randint(1, shape.sources)
        outlet = None if rng.random() < 0.1 else f"Outlet {rng.randrange(shape.outlets):04d}"
        url = f"https://news{source_id:03d}.example/{first_seen.year}/story-{article_id}"
        tables.articles.append(
            (
                article_id, url, source_id, f"Synthetic story {article_id} about the video model",
                bodies[article_id % len(bodies)], None, "page", "ok", outlet, language,
                published, first_seen, first_seen, f"{rng.getrandbits(256):064x}",
                rng.randbytes(1024), cluster_id, None, relevant, 0.9 if relevant else 0.1,
                relevant and rng.random() < 0.2, 0.1, False,
            )
        )  # fmt: skip
        tables.urls.append((article_id, url, article_id))
        tables.bands.extend([(key, article_id) for key in keys])
        for claim in carried:
            sighting_id += 1
            tables.sightings.append(
                (
                    sighting_id, claim.id, article_id,
                    f"A sentence we wrote for the benchmark that carries {claim.id}.",
                    _variant(claim, rng), 1.0, "lexical", published or first_seen, first_seen,
                )
            )  # fmt: skip
        recent.append((article_id, cluster_id, keys, carried, language))
        if len(recent) > 2000:
            recent.pop(0)
        if len(tables.articles) >= chunk:
            yield tables
            tables = Tables()
    if tables.articles:
        yield tables


def _fixed_rows(shape: Shape) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    now = datetime.now(UTC).replace(microsecond=0)
    sources = [
        (
            i, f"source-{i:03d}", "search" if i % 10 == 0 else "rss",
            f"https://news{i:03d}.example/feed.xml", None, True, now - timedelta(hours=1), 0.0,
            0, 0, now - SPAN,
        )
        for i in range(1, shape.sources + 1)
    ]  # fmt: skip
    claims = [(c.id, c.text_en, c.text_ar, c.kind) for c in _catalogue()]
    return {
        "sources": (
            ("id", "name", "kind", "url", "language", "enabled", "last_ok_at",
             "consecutive_failures", "unchanged_polls", "failed_polls", "created_at"),
            sources,
        ),
        "claims": (("id", "text_en", "text_ar", "kind"), claims),
    }  # fmt: skip


# --- loading -------------------------------------------------------------------------------------


def _sqlite_time(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite format (naive UTC, always the microseconds).
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def load_sqlite(path: Path, shape: Shape, log: Callable[[str], None]) -> None:
    """Create the schema with this checkout's migrations, then bulk-load the archive."""
    from storage.engine import Database

    Database.open(f"sqlite:///{path}").dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode = OFF", "synchronous = OFF", "cache_size = -2000000",
        "locking_mode = EXCLUSIVE", "temp_store = MEMORY", "foreign_keys = OFF",
    ):  # fmt: skip
        connection.execute(f"PRAGMA {pragma}")
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('articles', 'article_urls', 'article_bands', 'claim_sightings')"
    ).fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    connection.execute("BEGIN")
    for table, (columns, rows) in _fixed_rows(shape).items():
        rows = [tuple(_sqlite_time(v) if isinstance(v, datetime) else v for v in r) for r in rows]
        _sqlite_insert(connection, table, columns, rows)
    loaded = 0
    for tables in generate(shape):
        _sqlite_insert(connection, "articles", COLUMNS["articles"], _texts(tables.articles, 10))
        _sqlite_insert(connection, "article_urls", COLUMNS["article_urls"], tables.urls)
        _sqlite_insert(connection, "article_bands", COLUMNS["article_bands"], tables.bands)
        _sqlite_insert(
            connection, "claim_sightings", COLUMNS["claim_sightings"], _texts(tables.sightings, 7)
        )
        loaded += len(tables.articles)
        if loaded % 200_000 == 0:
            connection.execute("COMMIT")
            connection.execute("BEGIN")
            log(f"sqlite: {loaded:,} articles")
    connection.execute("COMMIT")
    for name, sql in indexes:
        log(f"sqlite: index {name}")
        connection.execute(sql)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()


def _sqlite_insert(
    connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _texts(rows: list[tuple[Any, ...]], first: int) -> list[tuple[Any, ...]]:
    """The rows with their times (from column `first` to the end of the times) as SQLite text."""
    last = first + 3 if first == 10 else first + 2
    return [
        (*row[:first], *(_sqlite_time(v) for v in row[first:last]), *row[last:]) for row in rows
    ]


def _pg_admin(pg: str) -> Any:
    import psycopg

    return psycopg.connect(_libpq(pg, "postgres"), autocommit=True)


def _libpq(pg: str, database: str) -> str:
    return pg.replace("postgresql+psycopg://", "postgresql://") + f"/{database}"


def create_pg(pg: str, database: str = PG_DATABASE) -> None:
    with _pg_admin(pg) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')


def drop_pg(pg: str, database: str = PG_DATABASE) -> None:
    with _pg_admin(pg) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def load_postgres(
    pg: str, shape: Shape, log: Callable[[str], None], database: str = PG_DATABASE
) -> None:
    """Create the schema with this checkout's migrations, then COPY the archive in."""
    import psycopg

    from storage.engine import Database

    create_pg(pg, database)
    Database.open(f"{pg}/{database}").dispose()
    tables = ("articles", "article_urls", "article_bands", "claim_sightings")
    with psycopg.connect(_libpq(pg, database), autocommit=True) as connection:
        connection.execute("SET maintenance_work_mem = '512MB'")
        constraints = connection.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE (conrelid::regclass::text = ANY(%s) "
            "AND contype IN ('p', 'u', 'f')) OR (confrelid::regclass::text = ANY(%s) "
            "AND contype = 'f') ORDER BY contype = 'f'",
            (list(tables), list(tables)),
        ).fetchall()
        indexes = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (list(tables),),
        ).fetchall()
        for table, name, _, _ in reversed(constraints):
            connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        for table, (columns, rows) in _fixed_rows(shape).items():
            _pg_copy(connection, table, columns, rows)
        loaded = 0
        for chunk in generate(shape):
            with connection.transaction():
                _pg_copy(connection, "articles", COLUMNS["articles"], chunk.articles)
                _pg_copy(connection, "article_urls", COLUMNS["article_urls"], chunk.urls)
                _pg_copy(connection, "article_bands", COLUMNS["article_bands"], chunk.bands)
                _pg_copy(connection, "claim_sightings", COLUMNS["claim_sightings"], chunk.sightings)
            loaded += len(chunk.articles)
            if loaded % 200_000 == 0:
                log(f"postgresql: {loaded:,} articles")
        for table, name, definition, _ in constraints:
            log(f"postgresql: {table} {name}")
            connection.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            log(f"postgresql: index {name}")
            connection.execute(definition)
        for table in ("sources", *tables):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
                if table != "article_bands"
                else "SELECT 1"
            )


def _pg_copy(
    connection: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def finish_load(url: str, log: Callable[[str], None]) -> None:
    """What `sora-monitor db upgrade` does after migrating: the claim tallies rebuilt (the
    generator writes sightings behind the storage code's back) and the planner's statistics."""
    from storage.engine import Database

    database = Database.open(url, migrate=False)
    try:
        with database.session() as session, session.begin():
            with contextlib.suppress(ImportError):
                from storage.claim_tallies import rebuild_claim_tallies

                log("claim tallies")
                rebuild_claim_tallies(session)
        log("statistics")
        _analyze(database.engine)
    finally:
        database.dispose()


def _analyze(engine: Any) -> None:
    from storage.engine import gather_statistics

    gather_statistics(engine)


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Measure:
    what: str
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    cpu: float = 0.0


# A small process starts each command and reports on it: the child of a big process (this one,
# after generating) would count the parent's pages in its own peak RSS until it exec()s.
LAUNCHER = """
import json, os, resource, subprocess, sys, time
started = time.perf_counter()
try:
    done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=float(sys.argv[1]))
    code = done.returncode
    lines = done.stderr.decode(errors="replace").strip().splitlines() or [""]
    err = f"exit {code}: {lines[-1][:160]}" if code else ""
except subprocess.TimeoutExpired as exc:
    code, err = None, f"killed after {exc.timeout:.0f} s"
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "code": code, "err": err}))
"""


def run_cli(args: Sequence[str], *, repeat: int, timeout: float, env: dict[str, str]) -> Measure:
    """Best wall time of `repeat` runs of the CLI with `args`, and the largest peak RSS."""
    times, cpus, peaks, ok, note = [], [], [], True, ""
    for _ in range(repeat):
        launched = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(timeout), sys.executable, "-m", "cli", *args],
            capture_output=True, text=True, env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        report = json.loads(launched.stdout)
        times.append(report["seconds"])
        cpus.append(report["cpu"])
        peaks.append(report["peak_mb"])
        if report["code"] != 0:
            ok, note = False, report["err"] or f"exit {report['code']}"
            break
    return Measure(" ".join(args), min(times), max(peaks), ok, note, min(cpus))


def inner(what: str, url: str, claim: str) -> tuple[float, float]:
    """Seconds the report's own work takes in a process that has imported everything: what a
    long-lived caller (the daemon, a web view) pays, without the CLI's start-up."""
    from cli.commands.report import _catalogue
    from cli.html_report import build_context, render_report
    from cli.reports import claims_report, new_coverage, parse_since, spread_report
    from monitor.config import default_config
    from storage.engine import Database

    catalogue = _catalogue(default_config())
    database = Database.open_existing(url)
    work: dict[str, Callable[[Any], Any]] = {
        "report new --since 24h": lambda s: new_coverage(s, parse_since("24h")),
        "report claims": lambda s: claims_report(s, catalogue),
        "report spread": lambda s: spread_report(s, catalogue, claim, "day"),
        "report html": lambda s: render_report(
            build_context(s, catalogue, since=parse_since("7d"))
        ),
    }
    with database.session() as session, session.begin():
        session.execute(select_one())  # connect before the clock starts
        # Once to compile the statements and warm the caches, as a long-lived caller has them;
        # the second run is timed (the CLI's own time includes the first).
        work[what](session)
        started, cpu = time.perf_counter(), time.process_time()
        work[what](session)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.dispose()
    return seconds, cpu


def select_one() -> Any:
    from sqlalchemy import text

    return text("SELECT 1")


def inner_seconds(
    what: str, url: str, claim: str, env: dict[str, str], timeout: float
) -> tuple[float, float] | None:
    """The report's own (wall, CPU) seconds, from `inner` in a fresh process."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--inner", what, "--inner-url", url, "--inner-claim", claim],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def lookup_latencies(
    url: str, lookups: int, articles: int, seed: int
) -> tuple[float, float, float]:
    """p50 and p99 (ms) of the near-duplicate candidate lookup, and this process's peak MB."""
    from sqlalchemy import select

    from storage.engine import Database
    from storage.models import Article, ArticleBand
    from storage.queries import cluster_candidates

    rng = random.Random(seed)
    database = Database.open(url, migrate=False)
    samples = []
    try:
        with database.session() as session:
            for _ in range(lookups):
                article_id = rng.randint(1, articles)
                with session.begin():
                    keys = list(
                        session.scalars(
                            select(ArticleBand.band_key).where(ArticleBand.article_id == article_id)
                        )
                    )
                    content_hash = session.scalar(
                        select(Article.content_hash).where(Article.id == article_id)
                    )
                    # In the transaction already begun, as the pipeline calls it.
                    started = time.perf_counter()
                    cluster_candidates(session, content_hash, keys)
                    samples.append((time.perf_counter() - started) * 1000)
    finally:
        database.dispose()
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return statistics.median(samples), p99, peak


def busiest_claim(url: str) -> str:
    from sqlalchemy import func, select

    from storage.engine import Database
    from storage.models import ClaimSighting

    database = Database.open(url, migrate=False)
    try:
        with database.session() as session:
            return session.execute(
                select(ClaimSighting.claim_id)
                .group_by(ClaimSighting.claim_id)
                .order_by(func.count().desc(), ClaimSighting.claim_id)
                .limit(1)
            ).scalar_one()
    finally:
        database.dispose()


def measure(
    name: str, url: str, shape: Shape, *, repeat: int, lookups: int, timeout: float,
    workdir: Path,
) -> dict[str, Any]:  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SORA_MONITOR_DB": url}
    env.pop("SORA_MONITOR_CONFIG", None)
    claim = busiest_claim(url)
    html = workdir / f"report-{name}.html"
    commands = {
        "start-up (report new, empty window)": ["report", "new", "--since", "2999-01-01"],
        "report new --since 24h": ["report", "new", "--since", "24h"],
        "report claims": ["report", "claims"],
        "report claims --format json": ["report", "claims", "--format", "json"],
        "report spread": ["report", "spread", claim],
        "report html": ["report", "html", "-o", str(html)],
    }
    results: dict[str, Any] = {"database": name, "spread_claim": claim, "commands": {}}
    for label, args in commands.items():
        result = run_cli(args, repeat=repeat, timeout=timeout, env=env)
        results["commands"][label] = {
            "seconds": round(result.seconds, 3), "cpu": round(result.cpu, 3),
            "peak_mb": round(result.peak_mb, 1), "ok": result.ok, "note": result.note,
        }  # fmt: skip
        if label in TARGETS and label != "report claims --format json" and result.ok:
            work = inner_seconds(label, url, claim, env, timeout)
            if work is not None:
                results["commands"][label]["work_seconds"] = round(work[0], 4)
                results["commands"][label]["work_cpu"] = round(work[1], 4)
    results["load_average"] = [round(x, 1) for x in os.getloadavg()]
    if html.exists():
        results["html_mb"] = round(html.stat().st_size / MB, 2)
    p50, p99, peak = lookup_latencies(url, lookups, shape.articles, shape.seed)
    results["lookup"] = {"p50_ms": round(p50, 3), "p99_ms": round(p99, 3), "peak_mb": round(peak)}
    return results


# --- the table -----------------------------------------------------------------------------------


def _versions() -> str:
    parts = [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    for package in ("SQLAlchemy", "psycopg"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            parts.append(f"{package} {metadata.version(package)}")
    return ", ".join(parts)


def _verdict(label: str, seconds: float, peak: float, ok: bool) -> str:
    """Time is held against the report's own work (the CLI's start-up alone is half a second
    on this machine), memory against the whole CLI process."""
    if not ok:
        return "FAIL"
    limit_s, limit_mb = TARGETS.get(label, (None, None))
    if limit_s is None and limit_mb is None:
        return ""
    good = (limit_s is None or seconds < limit_s) and (limit_mb is None or peak < limit_mb)
    return "ok" if good else "over"


def table(results: list[dict[str, Any]], shape: Shape, sizes: dict[str, str]) -> str:
    names = [r["database"] for r in results]
    lines = [
        f"{shape.articles:,} articles, {shape.sightings:,} sightings wanted; {_versions()}",
        "",
        "| measure | " + " | ".join(f"{n} ({sizes.get(n, '?')})" for n in names) + " | target |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    labels = list(results[0]["commands"]) if results else []
    for label in labels:
        cells = []
        for r in results:
            c = r["commands"][label]
            work = c.get("work_seconds")
            verdict = _verdict(label, c["seconds"] if work is None else work, c["peak_mb"], c["ok"])
            cell = f"{c['seconds']:.2f} s (cpu {c.get('cpu', 0):.2f}), {c['peak_mb']:.0f} MB"
            if c.get("work_seconds") is not None:
                cell += f"; work {c['work_seconds']:.3f} s (cpu {c.get('work_cpu', 0):.3f})"
            cells.append(
                cell + (f" {verdict}" if verdict else "") + (f" ({c['note']})" if c["note"] else "")
            )
        limit_s, limit_mb = TARGETS.get(label, (None, None))
        target = ", ".join(
            part
            for part in (
                f"< {limit_s:g} s" if limit_s else "",
                f"< {limit_mb:g} MB" if limit_mb else "",
            )
            if part
        )
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    cells = []
    for r in results:
        lookup = r["lookup"]
        verdict = "ok" if lookup["p99_ms"] < LOOKUP_P99_MS else "over"
        cells.append(f"p50 {lookup['p50_ms']:.2f} ms, p99 {lookup['p99_ms']:.2f} ms {verdict}")
    lines.append(
        "| near-duplicate lookup | " + " | ".join(cells) + f" | p99 < {LOOKUP_P99_MS:g} ms |"
    )
    loads = [f"{r['database']} {r['load_average'][0]}" for r in results if "load_average" in r]
    if loads:
        lines.append("")
        lines.append("load average (1 min) at the end of the measures: " + ", ".join(loads))
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------


def _size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return f"{total / 2**30:.1f} GB" if total > 2**30 else f"{total / MB:.0f} MB"


def _pg_size(pg: str, database: str) -> str:
    with _pg_admin(pg) as admin:
        size = admin.execute("SELECT pg_database_size(%s)", (database,)).fetchone()[0]
    return f"{size / 2**30:.1f} GB" if size > 2**30 else f"{size / MB:.0f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--sightings", type=int, default=None, help="default: 5 per article")
    parser.add_argument("--db", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL, no database")
    parser.add_argument("--pg-db", default=PG_DATABASE, help="the database made for the run")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite file goes")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--reuse", action="store_true", help="measure databases kept before")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--load-only", action="store_true", help="load and keep; measure later")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--inner-url", help=argparse.SUPPRESS)
    parser.add_argument("--inner-claim", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        print(*inner(args.inner, args.inner_url, args.inner_claim))
        return 0
    shape = Shape(
        args.articles, args.sightings if args.sightings is not None else 5 * args.articles
    )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sora-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sqlite_file = workdir / "scale.sqlite3"

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results, sizes, load_seconds = [], {}, {}
    try:
        for name in ("sqlite", "postgresql"):
            if args.db not in ("both", name):
                continue
            url = f"sqlite:///{sqlite_file}" if name == "sqlite" else f"{args.pg}/{args.pg_db}"
            if not args.reuse:
                started = time.perf_counter()
                if name == "sqlite":
                    sqlite_file.unlink(missing_ok=True)
                    load_sqlite(sqlite_file, shape, log)
                else:
                    load_postgres(args.pg, shape, log, args.pg_db)
                finish_load(url, log)
                load_seconds[name] = round(time.perf_counter() - started)
                log(f"{name}: loaded in {load_seconds[name]} s")
            if args.load_only:
                continue
            sizes[name] = _size(sqlite_file) if name == "sqlite" else _pg_size(args.pg, args.pg_db)
            log(f"{name}: measuring ({sizes[name]})")
            results.append(
                measure(
                    name, url, shape, repeat=args.repeat, lookups=args.lookups,
                    timeout=args.timeout, workdir=workdir,
                )
            )  # fmt: skip
    finally:
        if not args.keep and not args.load_only:
            if args.db in ("both", "postgresql"):
                drop_pg(args.pg, args.pg_db)
            if args.workdir is None:
                shutil.rmtree(workdir, ignore_errors=True)
            else:
                for path in workdir.glob("scale.sqlite3*"):
                    path.unlink()
    if args.json:
        print(json.dumps({"shape": shape.__dict__, "sizes": sizes, "load_seconds": load_seconds,
                          "results": results}, indent=2, default=str))  # fmt: skip
    else:
        print(table(results, shape, sizes))
        if load_seconds:
            print("\nload (generate, index, tallies, ANALYZE): " + ", ".join(
                f"{n} {s} s" for n, s in load_seconds.items()))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
