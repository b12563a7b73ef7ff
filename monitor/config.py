"""The configuration: TOML read into frozen dataclasses; errors name the file, line and key.

Resolution: an explicit path, else $SORA_MONITOR_CONFIG, else ./sora-monitor.toml if present, else
the built-in defaults. A file that lists [[sources]] replaces the built-in source list; every other
section overrides the defaults key by key. Secrets never come from the file: [alerts.email]
password_env names the environment variable that holds the SMTP password.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import importlib.resources
import ipaddress
import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.durations import format_duration, parse_duration
from monitor.errors import ConfigError

ENV_VAR = "SORA_MONITOR_CONFIG"
LOCAL_FILE = "sora-monitor.toml"
SOURCE_KINDS = ("feed", "site", "sitemap", "search")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # one of SOURCE_KINDS
    url: str
    language: str | None = None  # a hint, never trusted over detection
    enabled: bool = True
    follow: tuple[str, ...] = ()  # URL regexes worth following (site and sitemap sources)
    max_depth: int = 2


@dataclass(frozen=True)
class DatabaseConfig:
    url: str | None = None


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


@dataclass(frozen=True)
class EmailConfig:
    smtp_host: str | None = None
    smtp_port: int = 587
    security: str = "starttls"  # starttls | ssl | none
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
class AlertsConfig:
    mode: str = "immediate"  # immediate | digest | both
    languages: tuple[str, ...] = ("ar", "en")
    min_relevance: float = 0.5
    email: EmailConfig = field(default_factory=EmailConfig)


@dataclass(frozen=True)
class ScheduleConfig:
    poll_every: timedelta = timedelta(minutes=15)
    crawl_every: timedelta = timedelta(hours=1)
    digest_at: datetime.time = datetime.time(8, 0)


@dataclass(frozen=True)
class ClaimsConfig:
    catalogue: Path | None = None  # resolved against the config file's directory
    mode: str = "extend"  # extend | replace


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig
    crawl: CrawlConfig
    sources: tuple[Source, ...]
    alerts: AlertsConfig
    schedule: ScheduleConfig
    claims: ClaimsConfig
    path: Path | None = None  # the file it was loaded from; None for the built-in defaults

    def replace(self, **changes: Any) -> Config:
        """A copy with some fields changed (dataclasses.replace)."""
        return dataclasses.replace(self, **changes)

    @property
    def enabled_sources(self) -> tuple[Source, ...]:
        return tuple(source for source in self.sources if source.enabled)


# ---------------------------------------------------------------------------------------------
# Where keys are: tomllib reports no positions, so a line scanner maps key paths to line numbers.

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_AOT_RE = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_RE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEYVAL_RE = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_PART_RE = re.compile(_PART)

KeyPath = tuple[str | int, ...]


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PART_RE.findall(dotted))


class _Locator:
    """Maps key paths such as ("sources", 2, "url") to the line that defines them."""

    def __init__(self, text: str) -> None:
        self.lines: dict[KeyPath, int] = {}
        aot_index: dict[KeyPath, int] = {}
        table: KeyPath = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2:
                    in_multiline = None
                continue
            if match := _AOT_RE.match(line):
                parent = self._resolve(_split_key(match[1])[:-1], aot_index)
                base = parent + (_split_key(match[1])[-1],)
                aot_index[base] = aot_index.get(base, -1) + 1
                table = base + (aot_index[base],)
                self._record(table, number)
            elif match := _TABLE_RE.match(line):
                table = self._resolve(_split_key(match[1]), aot_index)
                self._record(table, number)
            elif match := _KEYVAL_RE.match(line):
                key = table + _split_key(match[1])
                # Keys inside an inline table are on its line: the lookup falls back to it.
                self._record(key, number)
                for quote in ('"""', "'''"):
                    if match[2].count(quote) % 2:
                        in_multiline = quote

    @staticmethod
    def _resolve(parts: tuple[str, ...], aot_index: dict[KeyPath, int]) -> KeyPath:
        # A [sources.x] header after [[sources]] belongs to the latest sources element.
        resolved: list[str | int] = []
        for part in parts:
            resolved.append(part)
            if tuple(resolved) in aot_index:
                resolved.append(aot_index[tuple(resolved)])
        return tuple(resolved)

    def _record(self, key: KeyPath, number: int) -> None:
        for end in range(1, len(key) + 1):
            self.lines.setdefault(key[:end], number)

    def line(self, key: KeyPath) -> int | None:
        """The line of the key, else of its nearest enclosing table or key that has one."""
        for end in range(len(key), 0, -1):
            if key[:end] in self.lines:
                return self.lines[key[:end]]
        return None


def _dotted(key: KeyPath) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# ---------------------------------------------------------------------------------------------
# Checking values. A checker takes the TOML value and returns the Python value, or raises _Bad.


class _Bad(Exception):
    """A value is wrong; the message says how. Turned into a ConfigError with file, line, key."""


Checker = Callable[[Any], Any]


def _kind(value: Any) -> str:
    kinds = [
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a float"),
        (str, "a string"),
        (list, "an array"),
        (dict, "a table"),
        (datetime.datetime, "a date-time"),
        (datetime.date, "a date"),
        (datetime.time, "a time"),
    ]
    return next((name for cls, name in kinds if isinstance(value, cls)), type(value).__name__)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(f"expected a string, got {_kind(value)}")
    if not value.strip():
        raise _Bad("expected a non-empty string")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected a boolean (true or false), got {_kind(value)}")
    return value


def _integer(low: int, high: int | None = None) -> Checker:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"expected an integer, got {_kind(value)}")
        if value < low or (high is not None and value > high):
            raise _Bad(
                f"expected an integer from {low} to {high}, got {value}"
                if high is not None
                else f"expected an integer of at least {low}, got {value}"
            )
        return value

    return check


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"expected a number from 0 to 1, got {_kind(value)}")
    if not 0 <= value <= 1:
        raise _Bad(f"expected a number from 0 to 1, got {value}")
    return float(value)


def _choice(*allowed: str) -> Checker:
    def check(value: Any) -> str:
        if _string(value) not in allowed:
            raise _Bad(f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")
        return value

    return check


def _duration(positive: bool) -> Checker:
    def check(value: Any) -> timedelta:
        if not isinstance(value, str):
            raise _Bad(f'expected a duration string such as "15m", got {_kind(value)}')
        try:
            td = parse_duration(value)
        except ValueError as exc:
            raise _Bad(str(exc)) from exc
        if positive and not td:
            raise _Bad(f"expected a duration longer than zero, got {value!r}")
        return td

    return check


def _clock(value: Any) -> datetime.time:
    if isinstance(value, datetime.time):  # a TOML local time: digest_at = 08:00:00
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        hour, minute = map(int, value.split(":"))
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    raise _Bad(f'expected a time of day as "HH:MM" (e.g. "08:00"), got {value!r}')


def _array(item: Checker, *, non_empty: bool = False) -> Checker:
    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Bad(f"expected an array, got {_kind(value)}")
        if non_empty and not value:
            raise _Bad("expected a non-empty array")
        checked = []
        for index, element in enumerate(value):
            try:
                checked.append(item(element))
            except _Bad as exc:
                raise _Bad(f"element {index}: {exc}") from exc
        return tuple(checked)

    return check


def _language(value: Any) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", _string(value)):
        raise _Bad(f'expected an ISO 639-1 language code such as "ar" or "en", got {value!r}')
    return value


def _web_url(value: Any) -> str:
    try:
        parts = urlsplit(_string(value).strip())
        host = parts.hostname
    except ValueError as exc:
        raise _Bad(f"not a valid URL ({exc}): {value!r}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise _Bad(f"URL must start with http:// or https://, got {value!r}")
    if not host:
        raise _Bad(f"URL has no host: {value!r}")
    if re.search(r"\s", value.strip()):
        raise _Bad(f"URL contains whitespace: {value!r}")
    return value.strip()


def _database_url(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+]*://.*", _string(value)):
        raise _Bad(f'expected a database URL such as "sqlite:///sora-monitor.db", got {value!r}')
    return value


def _scheme(value: Any) -> str:
    # Only web schemes can be allowed: file:, ftp:, data:, s3: are never fetched.
    return _choice("http", "https")(value)


_NEVER_FETCHED = tuple(
    ipaddress.ip_network(net) for net in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128")
)


def _private_host(value: Any) -> str:
    text = _string(value).strip().lower()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        if "/" in text or re.fullmatch(r"[\d.]+|[0-9a-f]*:[0-9a-f:]*", text):
            raise _Bad(f"not a valid IP address or CIDR network: {value!r} ({exc})") from exc
        if not re.fullmatch(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*", text):
            raise _Bad(f"expected a hostname, IP address or CIDR network, got {value!r}") from exc
        return text
    if any(network.version == bad.version and network.subnet_of(bad) for bad in _NEVER_FETCHED):
        raise _Bad(f"{value!r} is link-local or cloud metadata: never fetched, whatever is set")
    return text


def _email_address(value: Any) -> str:
    # "Desk <desk@example.org>" is as good as the bare address.
    _, address = parseaddr(_string(value).strip())
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise _Bad(f'expected an e-mail address such as "analyst@example.org", got {value!r}')
    return value.strip()


def _env_name(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", _string(value)):
        raise _Bad(f"expected the name of an environment variable, got {value!r}")
    return value


def _regex(value: Any) -> str:
    try:
        re.compile(_string(value))
    except re.error as exc:
        raise _Bad(f"invalid regular expression {value!r}: {exc}") from exc
    return value


def _catalogue(base_dir: Path | None) -> Checker:
    def check(value: Any) -> Path:
        catalogue = Path(_string(value)).expanduser()
        if base_dir is None:  # parsed from a string: nothing to resolve against
            return catalogue
        catalogue = base_dir / catalogue
        if not catalogue.is_file():
            raise _Bad(f"no such claim catalogue file: {catalogue}")
        return catalogue

    return check


# ---------------------------------------------------------------------------------------------
# The schema: TOML key -> checker, per section.

_DATABASE: dict[str, Checker] = {"url": _database_url}
_CRAWL: dict[str, Checker] = {
    "user_agent": _string,
    "obey_robots": _boolean,
    "max_pages_per_site": _integer(1),
    "allowed_schemes": _array(_scheme, non_empty=True),
    "private_hosts": _array(_private_host),
    "timeout": _duration(positive=True),
    "max_page_bytes": _integer(1),
    "concurrent_per_domain": _integer(1),
    "delay": _duration(positive=False),
    "retries": _integer(0),
    "disable_after": _integer(1),
}
_EMAIL: dict[str, Checker] = {
    "smtp_host": _string,
    "smtp_port": _integer(1, 65535),
    "security": _choice("starttls", "ssl", "none"),
    "username": _string,
    "password_env": _env_name,
    "from": _email_address,
    "to": _array(_email_address),
    "timeout": _duration(positive=True),
}
_ALERTS: dict[str, Checker] = {
    "mode": _choice("immediate", "digest", "both"),
    "languages": _array(_language, non_empty=True),
    "min_relevance": _fraction,
}
_SCHEDULE: dict[str, Checker] = {
    "poll_every": _duration(positive=True),
    "crawl_every": _duration(positive=True),
    "digest_at": _clock,
}
_SOURCE: dict[str, Checker] = {
    "name": _string,
    "kind": _choice(*SOURCE_KINDS),
    "url": _web_url,
    "language": _language,
    "enabled": _boolean,
    "follow": _array(_regex),
    "max_depth": _integer(0),
}
_CLAIMS_MODE = _choice("extend", "replace")
_REQUIRED_SOURCE_KEYS = ("name", "kind", "url")
_SECTIONS = ("database", "crawl", "sources", "alerts", "schedule", "claims")
_FIELD_FOR_KEY = {"from": "from_addr"}  # "from" is a Python keyword
_HINTS = {
    "password": "secrets never come from the file: put the password in an environment variable "
    'and set password_env to its name (e.g. password_env = "SORA_MONITOR_SMTP_PASSWORD")',
}


class _Reader:
    """Checks one parsed document and turns problems into ConfigErrors that point into it."""

    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self.label = label

    @functools.cached_property
    def locator(self) -> _Locator:
        return _Locator(self.text)  # only built when there is an error to report

    def error(self, key: KeyPath, message: str) -> ConfigError:
        return ConfigError(message, path=self.label, line=self.locator.line(key), key=_dotted(key))

    def unknown(self, key: KeyPath, known: list[str]) -> ConfigError:
        name = str(key[-1])
        if name in _HINTS:
            return self.error(key, _HINTS[name])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        return self.error(key, f"unknown key {name!r}; {hint}")

    def table(
        self, key: KeyPath, value: Any, spec: dict[str, Checker], nested: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """Check a table against spec; returns dataclass field -> value for the keys it has."""
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {_kind(value)}")
        changes = {}
        for name, raw in value.items():
            if name in nested:
                continue
            if name not in spec:
                raise self.unknown(key + (name,), [*spec, *nested])
            try:
                changes[_FIELD_FOR_KEY.get(name, name)] = spec[name](raw)
            except _Bad as exc:
                raise self.error(key + (name,), str(exc)) from None
        return changes

    def sources(self, value: Any) -> tuple[Source, ...]:
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            got = _kind(value)
            raise self.error(("sources",), f"expected an array of [[sources]] tables, got {got}")
        sources: list[Source] = []
        first_use: dict[str, int] = {}
        for index, entry in enumerate(value):
            key: KeyPath = ("sources", index)
            for required in _REQUIRED_SOURCE_KEYS:
                if required not in entry:
                    raise self.error(
                        key + (required,),
                        f"missing required key {required!r} (a source needs name, kind and url)",
                    )
            source = Source(**self.table(key, entry, _SOURCE))
            if source.follow and source.kind not in ("site", "sitemap"):
                message = f"follow applies to site and sitemap sources, not {source.kind!r} ones"
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
        if name not in _SECTIONS:
            raise reader.unknown((name,), list(_SECTIONS))
    base = default_config()
    alerts = data.get("alerts", {})
    alert_changes = reader.table(("alerts",), alerts, _ALERTS, nested=("email",))
    email = reader.table(("alerts", "email"), alerts.get("email", {}), _EMAIL)
    claims_spec = {"catalogue": _catalogue(file.parent if file else None), "mode": _CLAIMS_MODE}
    return Config(
        database=dataclasses.replace(
            base.database, **reader.table(("database",), data.get("database", {}), _DATABASE)
        ),
        crawl=dataclasses.replace(
            base.crawl, **reader.table(("crawl",), data.get("crawl", {}), _CRAWL)
        ),
        sources=reader.sources(data["sources"]) if "sources" in data else base.sources,
        alerts=dataclasses.replace(
            base.alerts, email=dataclasses.replace(base.alerts.email, **email), **alert_changes
        ),
        schedule=dataclasses.replace(
            base.schedule, **reader.table(("schedule",), data.get("schedule", {}), _SCHEDULE)
        ),
        claims=dataclasses.replace(
            base.claims, **reader.table(("claims",), data.get("claims", {}), claims_spec)
        ),
        path=file,
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
    for header, section in [
        ("database", config.database),
        ("crawl", config.crawl),
        ("alerts", config.alerts),
        ("alerts.email", config.alerts.email),
        ("schedule", config.schedule),
        ("claims", config.claims),
    ]:
        out.append(f"[{header}]")
        for item in dataclasses.fields(section):
            value = getattr(section, item.name)
            if value is not None and not isinstance(value, EmailConfig):
                key = "from" if item.name == "from_addr" else item.name
                out.append(f"{key} = {_toml_value(value)}")
        out.append("")
    for source in config.sources:
        out.append("[[sources]]")
        for item in dataclasses.fields(source):
            value = getattr(source, item.name)
            if item.name in _REQUIRED_SOURCE_KEYS or value not in (None, item.default):
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
