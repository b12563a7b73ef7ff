"""The configuration: TOML read into frozen dataclasses; errors name the file, line and key.

Resolution: an explicit path, else $SORA_MONITOR_CONFIG, else ./sora-monitor.toml if present, else
the built-in defaults. A file that lists [[sources]] replaces the built-in source list; every other
section overrides the defaults key by key. Secrets never come from the file: [alerts.email]
password_env names the environment variable that holds the SMTP password, [alerts.webhook]
secret_env the one that holds the webhook's signing secret.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import importlib.resources
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from monitor import config_schema as schema
from monitor.config_lines import KeyPath, Locator, dotted_key
from monitor.config_schema import SOURCE_KINDS as SOURCE_KINDS
from monitor.durations import format_duration
from monitor.errors import BadValue, ConfigError
from monitor.states import CRAWL_KINDS, AlertMode, CatalogueMode, SMTPSecurity, SourceKind

ENV_VAR = "SORA_MONITOR_CONFIG"
DB_ENV_VAR = "SORA_MONITOR_DB"
LOCAL_FILE = "sora-monitor.toml"


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind
    url: str
    language: str | None = None  # a hint, never trusted over detection
    enabled: bool = True
    follow: tuple[str, ...] = ()  # URL regexes worth following (site and sitemap sources)
    max_depth: int = 2


@dataclass(frozen=True)
class DatabaseConfig:
    url: str | None = None
    # How long a SQLite write waits for another process's write lock before it is retried.
    busy_timeout: timedelta = timedelta(seconds=30)


@dataclass(frozen=True)
class CrawlConfig:
    user_agent: str = "sora-monitor/0.1 (+https://github.com/sora-monitor/sora-monitor#contact)"
    obey_robots: bool = True
    max_pages_per_site: int = 200
    allowed_schemes: tuple[str, ...] = ("http", "https")
    private_hosts: tuple[str, ...] = ()  # hostnames, IP addresses or CIDR networks
    timeout: timedelta = timedelta(seconds=30)
    max_page_bytes: int = 10 * 1024 * 1024
    concurrent_per_domain: int = 2
    delay: timedelta = timedelta(seconds=1)  # download delay per domain
    retries: int = 2
    # Weighted consecutive failures (404 or refused 3, DNS 2, timeout or 5xx 1) after which a
    # source is disabled, with the reason recorded; `sources enable NAME` brings it back.
    disable_after: int = 12
    # A run that polls nothing (every source disabled or backing off) fails once nothing has
    # been polled for this long.
    idle_alarm: timedelta = timedelta(hours=24)
    # Opaque Google News links decoded per run (two requests each to Google's undocumented
    # endpoint); the rest are kept feed-only and decoded by later runs. 0: never decode.
    max_decodes: int = 100


@dataclass(frozen=True)
class EmailConfig:
    smtp_host: str | None = None
    smtp_port: int = 587
    security: SMTPSecurity = SMTPSecurity.STARTTLS
    username: str | None = None
    password_env: str | None = None
    from_addr: str | None = None  # TOML key "from"
    to: tuple[str, ...] = ()
    timeout: timedelta = timedelta(seconds=30)

    def password(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """The SMTP password from the environment variable named by password_env, if any."""
        if not self.password_env:
            return None
        return environ.get(self.password_env)


@dataclass(frozen=True)
class WebhookConfig:
    url: str | None = None  # the endpoint; None: no webhook
    secret_env: str | None = None  # the variable holding the HMAC-SHA256 signing secret
    timeout: timedelta = timedelta(seconds=30)

    def secret(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """The signing secret from the environment variable named by secret_env, if any."""
        if not self.secret_env:
            return None
        return environ.get(self.secret_env)


@dataclass(frozen=True)
class AlertsConfig:
    mode: AlertMode = AlertMode.IMMEDIATE
    languages: tuple[str, ...] = ("ar", "en")
    min_relevance: float = 0.5
    email: EmailConfig = field(default_factory=EmailConfig)
    webhook: WebhookConfig = field(default_factory=WebhookConfig)


@dataclass(frozen=True)
class ScheduleConfig:
    poll_every: timedelta = timedelta(minutes=15)
    crawl_every: timedelta = timedelta(hours=1)
    digest_at: datetime.time = datetime.time(8, 0)


@dataclass(frozen=True)
class ClaimsConfig:
    catalogue: Path | None = None  # resolved against the config file's directory
    mode: CatalogueMode = CatalogueMode.EXTEND


@dataclass(frozen=True)
class ScaleConfig:
    """[scale]: crawl on workers that share a Redis queue (None: in this process, as before)."""

    redis: str | None = None  # redis://host:6379/0
    password_env: str | None = None  # the variable holding Redis's password, if it needs one
    prefix: str = "sora-monitor"  # of every Redis key, so deployments can share one server
    lease: timedelta = timedelta(seconds=60)  # a silent worker's requests go back after this
    timeout: timedelta = timedelta(hours=1)  # how long `run` waits for the workers to finish

    def password(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """Redis's password from the environment variable named by password_env, if any."""
        return environ.get(self.password_env) if self.password_env else None


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig
    crawl: CrawlConfig
    sources: tuple[Source, ...]
    alerts: AlertsConfig
    schedule: ScheduleConfig
    claims: ClaimsConfig
    path: Path | None = None  # the file it was loaded from; None for the built-in defaults
    scale: ScaleConfig = field(default_factory=ScaleConfig)

    def replace(self, **changes: Any) -> Config:
        """A copy with some fields changed (dataclasses.replace)."""
        return dataclasses.replace(self, **changes)

    @property
    def enabled_sources(self) -> tuple[Source, ...]:
        return tuple(source for source in self.sources if source.enabled)


# ---------------------------------------------------------------------------------------------
# Reading a parsed document: values checked by monitor.config_schema, keys located by
# monitor.config_lines.


class _Reader:
    """Checks one parsed document and turns problems into ConfigErrors that point into it."""

    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self.label = label

    @functools.cached_property
    def locator(self) -> Locator:
        return Locator(self.text)  # only built when there is an error to report

    def error(self, key: KeyPath, message: str) -> ConfigError:
        return ConfigError(
            message, path=self.label, line=self.locator.line(key), key=dotted_key(key)
        )

    def unknown(self, key: KeyPath, known: list[str]) -> ConfigError:
        name = str(key[-1])
        if name in schema.HINTS:
            return self.error(key, schema.HINTS[name])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        return self.error(key, f"unknown key {name!r}; {hint}")

    def table(
        self,
        key: KeyPath,
        value: Any,
        spec: dict[str, schema.Checker],
        nested: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Check a table against spec; returns dataclass field -> value for the keys it has."""
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {schema.kind_of(value)}")
        changes: dict[str, Any] = {}
        for name, raw in value.items():
            if name in nested:
                continue
            if name not in spec:
                raise self.unknown(key + (name,), [*spec, *nested])
            try:
                changes[schema.FIELD_FOR_KEY.get(name) or name] = spec[name](raw)
            except BadValue as exc:
                raise self.error(key + (name,), str(exc)) from None
        return changes

    def sources(self, value: Any) -> tuple[Source, ...]:
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            got = schema.kind_of(value)
            raise self.error(("sources",), f"expected an array of [[sources]] tables, got {got}")
        sources: list[Source] = []
        first_use: dict[str, int] = {}
        for index, entry in enumerate(value):
            key: KeyPath = ("sources", index)
            for required in schema.REQUIRED_SOURCE_KEYS:
                if required not in entry:
                    raise self.error(
                        key + (required,),
                        f"missing required key {required!r} (a source needs name, kind and url)",
                    )
            source = Source(**self.table(key, entry, schema.SOURCE))
            if source.follow and source.kind not in CRAWL_KINDS:
                kind = source.kind.value
                message = f"follow applies to site and sitemap sources, not {kind!r} ones"
                raise self.error(key + ("follow",), message)
            folded = source.name.strip().casefold()
            if folded in first_use:
                earlier = f"sources[{first_use[folded]}]"
                message = f"duplicate source name {source.name!r} (already used by {earlier})"
                raise self.error(key + ("name",), message)
            first_use[folded] = index
            sources.append(source)
        return tuple(sources)


def _parse_toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found[1]) if found else None
        raise ConfigError(f"TOML syntax error: {exc}", path=label, line=line) from exc


def _build(text: str, label: str, file: Path | None) -> Config:
    data = _parse_toml(text, label)
    reader = _Reader(text, label)
    for name in data:
        if name not in schema.SECTIONS:
            raise reader.unknown((name,), list(schema.SECTIONS))
    base = default_config()
    alerts = data.get("alerts", {})
    alert_changes = reader.table(
        ("alerts",), alerts, schema.ALERTS, nested=("email", "webhook")
    )
    email = reader.table(("alerts", "email"), alerts.get("email", {}), schema.EMAIL)
    webhook = reader.table(("alerts", "webhook"), alerts.get("webhook", {}), schema.WEBHOOK)
    claims_spec = {
        "catalogue": schema.catalogue_file(file.parent if file else None),
        "mode": schema.CLAIMS_MODE,
    }
    return Config(
        database=dataclasses.replace(
            base.database, **reader.table(("database",), data.get("database", {}), schema.DATABASE)
        ),
        crawl=dataclasses.replace(
            base.crawl, **reader.table(("crawl",), data.get("crawl", {}), schema.CRAWL)
        ),
        sources=reader.sources(data["sources"]) if "sources" in data else base.sources,
        alerts=dataclasses.replace(
            base.alerts,
            email=dataclasses.replace(base.alerts.email, **email),
            webhook=dataclasses.replace(base.alerts.webhook, **webhook),
            **alert_changes,
        ),
        schedule=dataclasses.replace(
            base.schedule, **reader.table(("schedule",), data.get("schedule", {}), schema.SCHEDULE)
        ),
        claims=dataclasses.replace(
            base.claims, **reader.table(("claims",), data.get("claims", {}), claims_spec)
        ),
        path=file,
        scale=dataclasses.replace(
            base.scale, **reader.table(("scale",), data.get("scale", {}), schema.SCALE)
        ),
    )


# ---------------------------------------------------------------------------------------------
# Public entry points.

BUILTIN_SOURCES = "sources.toml"  # in monitor/data


@functools.cache
def _builtin_sources() -> tuple[Source, ...]:
    resource = importlib.resources.files("monitor") / "data" / BUILTIN_SOURCES
    text = resource.read_text(encoding="utf-8")
    label = f"<built-in {BUILTIN_SOURCES}>"
    data = _parse_toml(text, label)
    reader = _Reader(text, label)
    for name in data:
        if name != "sources":
            raise reader.unknown((name,), ["sources"])
    return reader.sources(data.get("sources", []))


def default_config() -> Config:
    """The built-in defaults with the built-in source list."""
    return Config(
        database=DatabaseConfig(),
        crawl=CrawlConfig(),
        sources=_builtin_sources(),
        alerts=AlertsConfig(),
        schedule=ScheduleConfig(),
        claims=ClaimsConfig(),
    )


def parse_config(text: str, path: str = "<string>") -> Config:
    """Read configuration text; `path` names it in errors and anchors relative paths in it."""
    file = None if path == "<string>" else Path(path)
    return _build(text, path, file)


def database_url(config: Config, given: str | None = None) -> str | None:
    """The database to use: `given` (--db), else $SORA_MONITOR_DB, else [database] url; None
    means the default SQLite file in the user's data directory."""
    return given or os.environ.get(DB_ENV_VAR) or config.database.url


def load_config(
    path: str | Path | None = None,
    environ: Mapping[str, str] = os.environ,
    cwd: Path | None = None,
) -> Config:
    """Find and read the configuration: `path`, else $SORA_MONITOR_CONFIG, else
    ./sora-monitor.toml (relative to `cwd`) if present, else the built-in defaults."""
    here = Path(cwd) if cwd is not None else Path.cwd()
    if path is not None:
        return _load_file(here / Path(path).expanduser(), "")
    if environ.get(ENV_VAR):
        return _load_file(here / Path(environ[ENV_VAR]).expanduser(), f" (named by ${ENV_VAR})")
    local = here / LOCAL_FILE
    if local.is_file():
        return _load_file(local, "")
    return default_config()


def _load_file(file: Path, origin: str) -> Config:
    label = str(file)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"no such file{origin}; pass --config or create ./{LOCAL_FILE}", path=label
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"is a directory, not a TOML file{origin}", path=label) from None
    except OSError as exc:
        message = f"cannot read the file{origin}: {exc.strerror or exc}"
        raise ConfigError(message, path=label) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte {raw[exc.start]:#04x}); save the file as UTF-8"
        raise ConfigError(message, path=label, line=line) from exc
    return _build(text, label, file)


def config_to_toml(config: Config) -> str:
    """The configuration as TOML that parse_config reads back to the same values."""
    out: list[str] = []
    sections: list[tuple[str, Any]] = [
        ("database", config.database),
        ("crawl", config.crawl),
        ("alerts", config.alerts),
        ("alerts.email", config.alerts.email),
        ("alerts.webhook", config.alerts.webhook),
        ("schedule", config.schedule),
        ("claims", config.claims),
        ("scale", config.scale),
    ]
    for header, section in sections:
        out.append(f"[{header}]")
        for item in dataclasses.fields(section):
            value = getattr(section, item.name)
            if value is not None and not isinstance(value, EmailConfig | WebhookConfig):
                key = "from" if item.name == "from_addr" else item.name
                out.append(f"{key} = {_toml_value(value)}")
        out.append("")
    for source in config.sources:
        out.append("[[sources]]")
        for item in dataclasses.fields(source):
            value = getattr(source, item.name)
            if item.name in schema.REQUIRED_SOURCE_KEYS or value not in (None, item.default):
                out.append(f"{item.name} = {_toml_value(value)}")
        out.append("")
    return "\n".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, timedelta):
        return _toml_value(format_duration(value))
    if isinstance(value, datetime.time):
        return value.isoformat() if value.second or value.microsecond else f'"{value:%H:%M}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(element) for element in value) + "]"
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
