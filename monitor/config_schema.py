"""The configuration schema: per-section TOML key -> value checker, and the checkers themselves.

A checker takes the TOML value and returns the Python value, or raises BadValue saying how it is
wrong; monitor.config turns that into a ConfigError naming the file, line and key.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.durations import parse_duration
from monitor.errors import BadValue
from monitor.states import AlertMode, CatalogueMode, SMTPSecurity, SourceKind

SOURCE_KINDS = tuple(SourceKind)


Checker = Callable[[Any], Any]
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def kind_of(value: Any) -> str:
    """How an error message names the type of a TOML value ("a string", "an array")."""
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
        raise BadValue(f"expected a string, got {kind_of(value)}")
    if not value.strip():
        raise BadValue("expected a non-empty string")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"expected a boolean (true or false), got {kind_of(value)}")
    return value


def _integer(low: int, high: int | None = None) -> Checker:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(f"expected an integer, got {kind_of(value)}")
        if value < low or (high is not None and value > high):
            raise BadValue(
                f"expected an integer from {low} to {high}, got {value}"
                if high is not None
                else f"expected an integer of at least {low}, got {value}"
            )
        return value

    return check


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"expected a number from 0 to 1, got {kind_of(value)}")
    if not 0 <= value <= 1:
        raise BadValue(f"expected a number from 0 to 1, got {value}")
    return float(value)


def _choice(*allowed: str) -> Checker:
    def check(value: Any) -> str:
        if _string(value) not in allowed:
            raise BadValue(f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")
        return value

    return check


def _member(states: type[StrEnum]) -> Checker:
    """One of the values of `states`, as its member."""
    check_value = _choice(*(state.value for state in states))

    def check(value: Any) -> StrEnum:
        return states(check_value(value))

    return check


def _duration(positive: bool) -> Checker:
    def check(value: Any) -> timedelta:
        if not isinstance(value, str):
            raise BadValue(f'expected a duration string such as "15m", got {kind_of(value)}')
        try:
            td = parse_duration(value)
        except ValueError as exc:
            raise BadValue(str(exc)) from exc
        if positive and not td:
            raise BadValue(f"expected a duration longer than zero, got {value!r}")
        return td

    return check


def _clock(value: Any) -> datetime.time:
    if isinstance(value, datetime.time):  # a TOML local time: digest_at = 08:00:00
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        hour, minute = map(int, value.split(":"))
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    raise BadValue(f'expected a time of day as "HH:MM" (e.g. "08:00"), got {value!r}')


def _array(item: Checker, *, non_empty: bool = False) -> Checker:
    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise BadValue(f"expected an array, got {kind_of(value)}")
        if non_empty and not value:
            raise BadValue("expected a non-empty array")
        checked = []
        for index, element in enumerate(value):
            try:
                checked.append(item(element))
            except BadValue as exc:
                raise BadValue(f"element {index}: {exc}") from exc
        return tuple(checked)

    return check


def _language(value: Any) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", _string(value)):
        raise BadValue(f'expected an ISO 639-1 language code such as "ar" or "en", got {value!r}')
    return value


def _web_url(value: Any) -> str:
    try:
        parts = urlsplit(_string(value).strip())
        host = parts.hostname
    except ValueError as exc:
        raise BadValue(f"not a valid URL ({exc}): {value!r}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BadValue(f"URL must start with http:// or https://, got {value!r}")
    if not host:
        raise BadValue(f"URL has no host: {value!r}")
    if re.search(r"\s", value.strip()):
        raise BadValue(f"URL contains whitespace: {value!r}")
    return value.strip()


def _database_url(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+]*://.*", _string(value)):
        raise BadValue(
            f'expected a database URL such as "sqlite:///sora-monitor.db", got {value!r}'
        )
    return value


def _redis_url(value: Any) -> str:
    text = _string(value).strip()
    if not re.fullmatch(r"(rediss?|unix)://\S+", text):
        raise BadValue(f'expected a Redis URL such as "redis://127.0.0.1:6379/0", got {value!r}')
    if re.match(r"rediss?://[^/@]*:[^/@]+@", text):
        raise BadValue(
            "secrets never come from the file: put Redis's password in an environment variable "
            'and set password_env to its name (e.g. password_env = "SORA_MONITOR_REDIS_PASSWORD")'
        )
    return text


def _key_prefix(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", _string(value)):
        raise BadValue(f"expected letters, digits and _.:- (at most 64), got {value!r}")
    return value


def _scheme(value: Any) -> str:
    # Only web schemes can be allowed: file:, ftp:, data:, s3: are never fetched.
    return _choice("http", "https")(value)


_NEVER_FETCHED = tuple(
    ipaddress.ip_network(net) for net in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128")
)


def _within(network: IPNetwork, outer: IPNetwork) -> bool:
    if isinstance(network, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return network.subnet_of(outer)
    if isinstance(network, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return network.subnet_of(outer)
    return False  # another IP version


def _private_host(value: Any) -> str:
    text = _string(value).strip().lower()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        if "/" in text or re.fullmatch(r"[\d.]+|[0-9a-f]*:[0-9a-f:]*", text):
            raise BadValue(f"not a valid IP address or CIDR network: {value!r} ({exc})") from exc
        if not re.fullmatch(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*", text):
            raise BadValue(
                f"expected a hostname, IP address or CIDR network, got {value!r}"
            ) from exc
        return text
    if any(_within(network, bad) for bad in _NEVER_FETCHED):
        raise BadValue(f"{value!r} is link-local or cloud metadata: never fetched, whatever is set")
    return text


def _webhook_url(value: Any) -> str:
    # The full check (private addresses, DNS) runs before each POST; an address that is never
    # reachable whatever [crawl] private_hosts says is refused at once.
    url = _web_url(value)
    try:
        address = ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return url
    if any(address in bad for bad in _NEVER_FETCHED if bad.version == address.version):
        raise BadValue(f"{value!r} is link-local or cloud metadata: never posted to")
    return url


def _email_address(value: Any) -> str:
    # "Desk <desk@example.org>" is as good as the bare address.
    _, address = parseaddr(_string(value).strip())
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise BadValue(f'expected an e-mail address such as "analyst@example.org", got {value!r}')
    return value.strip()


def _env_name(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", _string(value)):
        raise BadValue(f"expected the name of an environment variable, got {value!r}")
    return value


def _regex(value: Any) -> str:
    try:
        re.compile(_string(value))
    except re.error as exc:
        raise BadValue(f"invalid regular expression {value!r}: {exc}") from exc
    return value


def catalogue_file(base_dir: Path | None) -> Checker:
    def check(value: Any) -> Path:
        catalogue = Path(_string(value)).expanduser()
        if base_dir is None:  # parsed from a string: nothing to resolve against
            return catalogue
        catalogue = base_dir / catalogue
        if not catalogue.is_file():
            raise BadValue(f"no such claim catalogue file: {catalogue}")
        return catalogue

    return check


# ---------------------------------------------------------------------------------------------
# The schema: TOML key -> checker, per section.

DATABASE: dict[str, Checker] = {"url": _database_url, "busy_timeout": _duration(positive=True)}
CRAWL: dict[str, Checker] = {
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
    "idle_alarm": _duration(positive=True),
    "max_decodes": _integer(0),
}
EMAIL: dict[str, Checker] = {
    "smtp_host": _string,
    "smtp_port": _integer(1, 65535),
    "security": _member(SMTPSecurity),
    "username": _string,
    "password_env": _env_name,
    "from": _email_address,
    "to": _array(_email_address),
    "timeout": _duration(positive=True),
}
WEBHOOK: dict[str, Checker] = {
    "url": _webhook_url,
    "secret_env": _env_name,
    "timeout": _duration(positive=True),
}
ALERTS: dict[str, Checker] = {
    "mode": _member(AlertMode),
    "languages": _array(_language, non_empty=True),
    "min_relevance": _fraction,
}
SCHEDULE: dict[str, Checker] = {
    "poll_every": _duration(positive=True),
    "crawl_every": _duration(positive=True),
    "digest_at": _clock,
}
SOURCE: dict[str, Checker] = {
    "name": _string,
    "kind": _member(SourceKind),
    "url": _web_url,
    "language": _language,
    "enabled": _boolean,
    "follow": _array(_regex),
    "max_depth": _integer(0),
}
SCALE: dict[str, Checker] = {
    "redis": _redis_url,
    "password_env": _env_name,
    "prefix": _key_prefix,
    "lease": _duration(positive=True),
    "timeout": _duration(positive=True),
}
CLAIMS_MODE = _member(CatalogueMode)
REQUIRED_SOURCE_KEYS = ("name", "kind", "url")
SECTIONS = ("database", "crawl", "sources", "alerts", "schedule", "claims", "scale")
FIELD_FOR_KEY = {"from": "from_addr"}  # "from" is a Python keyword
HINTS = {
    "password": "secrets never come from the file: put the password in an environment variable "
    'and set password_env to its name (e.g. password_env = "SORA_MONITOR_SMTP_PASSWORD")',
    "secret": "secrets never come from the file: put the webhook's signing secret in an "
    'environment variable and set secret_env to its name (e.g. secret_env = '
    '"SORA_MONITOR_WEBHOOK_SECRET")',
}
