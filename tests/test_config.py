"""Tests for monitor.config and monitor.durations: defaults, resolution, overrides and errors."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from monitor.config import (
    ENV_VAR,
    SOURCE_KINDS,
    AlertsConfig,
    Config,
    CrawlConfig,
    EmailConfig,
    ScheduleConfig,
    Source,
    WebhookConfig,
    config_to_toml,
    default_config,
    load_config,
    parse_config,
)
from monitor.durations import format_duration, parse_duration
from monitor.errors import ConfigError

DATA = Path(__file__).parent / "data" / "config"


def config_error(text: str, label: str = "test.toml") -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, label)
    return info.value


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("15m", timedelta(minutes=15)),
        ("1h", timedelta(hours=1)),
        ("7d", timedelta(days=7)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        (" 1d 12h ", timedelta(days=1, hours=12)),
        ("0s", timedelta(0)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty duration"),
        ("15", "cannot read duration '15'"),
        ("15 minutes", "unknown unit 'minutes'"),
        ("2M", "unknown unit 'M'"),
        ("1.5h", "cannot read duration '1.5h'"),
        ("-5m", "cannot read duration '-5m'"),
        ("30m1h", "largest first"),
        ("1h1h", "at most once"),
        ("1h30", "cannot read duration '1h30'"),
    ],
)
def test_parse_duration_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_duration(text)
    assert fragment in str(info.value)
    assert "'15m'" in str(info.value) or "largest first" in str(info.value)


@pytest.mark.parametrize("text", ["30s", "15m", "1h", "7d", "1h30m", "2d3h4m5s", "0s"])
def test_format_duration_round_trips(text: str) -> None:
    assert format_duration(parse_duration(text)) == text


def test_format_duration_normalises_and_refuses_what_it_cannot_write() -> None:
    assert format_duration(timedelta(minutes=90)) == "1h30m"
    with pytest.raises(ValueError, match="negative"):
        format_duration(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="whole seconds"):
        format_duration(timedelta(milliseconds=1500))


# --- defaults ---------------------------------------------------------------------------------


def test_default_config_values() -> None:
    config = default_config()
    assert config.path is None
    assert config.database.url is None
    assert config.crawl == CrawlConfig()
    assert config.crawl.allowed_schemes == ("http", "https")
    assert config.crawl.timeout == timedelta(seconds=30)
    assert config.crawl.delay == timedelta(seconds=1)
    assert config.crawl.max_page_bytes == 10 * 1024 * 1024
    assert config.alerts.mode == "immediate"
    assert config.alerts.languages == ("ar", "en")
    assert config.alerts.email.security == "starttls"
    assert config.alerts.email.smtp_port == 587
    assert config.schedule.poll_every == timedelta(minutes=15)
    assert config.schedule.crawl_every == timedelta(hours=1)
    assert config.schedule.digest_at == datetime.time(8, 0)
    assert config.claims.catalogue is None and config.claims.mode == "extend"


def test_builtin_sources_are_well_formed() -> None:
    sources = default_config().sources
    assert 18 <= len(sources) <= 30
    assert len({s.name.casefold() for s in sources}) == len(sources)
    for source in sources:
        parts = urlsplit(source.url)
        assert parts.scheme == "https" and parts.hostname, source
        assert source.kind in ("feed", "search"), source
        assert source.language in ("ar", "en"), source
        assert source.enabled
    by_language = {lang: [s for s in sources if s.language == lang] for lang in ("ar", "en")}
    for language, group in by_language.items():
        assert {s.kind for s in group} == {"feed", "search"}, language
    hosts = {urlsplit(s.url).hostname for s in sources}
    for host in (
        "news.google.com",
        "www.bing.com",
        "api.gdeltproject.org",
        "hnrss.org",
        "www.reddit.com",
        "feeds.bbci.co.uk",
        "www.aljazeera.net",
        "aitnews.com",
        "www.theverge.com",
        "techcrunch.com",
        "feeds.arstechnica.com",
        "www.wired.com",
        "www.engadget.com",
        "www.skynewsarabia.com",
        "www.alarabiya.net",
        "arabic.cnn.com",
        "aawsat.com",
    ):
        assert host in hosts, host


def test_builtin_arabic_search_feeds_search_in_arabic() -> None:
    queries = {
        urlsplit(s.url).hostname: parse_qs(urlsplit(s.url).query)
        for s in default_config().sources
        if s.kind == "search" and s.language == "ar"
    }
    assert "سورا" in queries["news.google.com"]["q"][0]
    assert queries["news.google.com"]["hl"] == ["ar"]
    assert "سورا" in queries["www.bing.com"]["q"][0]
    assert queries["www.bing.com"]["setlang"] == ["ar"]
    assert "sourcelang:arabic" in queries["api.gdeltproject.org"]["query"][0]


def test_config_is_frozen_and_replace_copies() -> None:
    config = default_config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.crawl.retries = 5  # type: ignore[misc]
    changed = config.replace(crawl=dataclasses.replace(config.crawl, retries=5))
    assert changed.crawl.retries == 5 and config.crawl.retries == 2
    assert changed.sources is config.sources
    assert isinstance(changed, Config)


def test_enabled_sources_skips_disabled() -> None:
    config = load_config(DATA / "full.toml")
    assert [s.name for s in config.enabled_sources] == ["BBC Arabic", "Example tech site"]


# --- resolution -------------------------------------------------------------------------------


def test_explicit_path_wins_and_is_relative_to_cwd(tmp_path: Path) -> None:
    (tmp_path / "sora-monitor.toml").write_text("[crawl]\nretries = 7\n")
    (tmp_path / "other.toml").write_text("[crawl]\nretries = 5\n")
    (tmp_path / "env.toml").write_text("[crawl]\nretries = 6\n")
    config = load_config("other.toml", environ={ENV_VAR: "env.toml"}, cwd=tmp_path)
    assert config.crawl.retries == 5
    assert config.path == tmp_path / "other.toml"


def test_environment_variable_beats_local_file(tmp_path: Path) -> None:
    (tmp_path / "sora-monitor.toml").write_text("[crawl]\nretries = 7\n")
    (tmp_path / "env.toml").write_text("[crawl]\nretries = 6\n")
    config = load_config(environ={ENV_VAR: str(tmp_path / "env.toml")}, cwd=tmp_path)
    assert config.crawl.retries == 6
    assert config.path == tmp_path / "env.toml"


def test_local_file_in_cwd(tmp_path: Path) -> None:
    (tmp_path / "sora-monitor.toml").write_text("[crawl]\nretries = 7\n")
    config = load_config(environ={ENV_VAR: ""}, cwd=tmp_path)
    assert config.crawl.retries == 7
    assert config.path == tmp_path / "sora-monitor.toml"


def test_defaults_when_nothing_is_configured(tmp_path: Path) -> None:
    assert load_config(environ={}, cwd=tmp_path) == default_config()


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config("nope.toml", environ={}, cwd=tmp_path)
    error = info.value
    assert error.path == str(tmp_path / "nope.toml")
    assert "no such file; pass --config or create ./sora-monitor.toml" in str(error)
    assert str(error).startswith(str(tmp_path / "nope.toml"))


def test_missing_file_named_by_environment(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no such file \(named by \$SORA_MONITOR_CONFIG\)"):
        load_config(environ={ENV_VAR: "gone.toml"}, cwd=tmp_path)


def test_directory_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path, environ={})
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[crawl]\nuser_agent = "caf\xe9"\n')
    with pytest.raises(ConfigError) as info:
        load_config(latin, environ={})
    assert info.value.line == 2 and "UTF-8" in str(info.value)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    bom = tmp_path / "bom.toml"
    bom.write_bytes("\ufeff[crawl]\nretries = 4\n".encode())
    assert load_config(bom, environ={}).crawl.retries == 4


# --- sources and overrides --------------------------------------------------------------------


def test_listed_sources_replace_the_builtin_list() -> None:
    config = load_config(DATA / "loopback-sources.toml", environ={})
    assert config.sources == (
        Source(name="local feed", kind="feed", url="http://127.0.0.1:8000/feed.xml"),
        Source(name="local site", kind="site", url="http://127.0.0.1:8000/", follow=("/news/",)),
    )
    assert parse_config("sources = []\n").sources == ()


def test_other_sections_override_key_by_key() -> None:
    config = load_config(DATA / "minimal.toml", environ={})
    defaults = default_config()
    assert config.sources == defaults.sources
    assert config.crawl == dataclasses.replace(
        defaults.crawl, max_pages_per_site=10, private_hosts=("127.0.0.1",)
    )
    assert config.alerts == dataclasses.replace(
        defaults.alerts, email=EmailConfig(to=("analyst@example.org",))
    )
    assert config.schedule == ScheduleConfig(poll_every=timedelta(minutes=5))
    assert config.database == defaults.database and config.claims == defaults.claims


def test_full_example() -> None:
    config = load_config(DATA / "full.toml", environ={})
    assert config.path == DATA / "full.toml"
    assert config.database.url == "sqlite:///sora-monitor.db"
    assert config.crawl == CrawlConfig(
        user_agent="sora-monitor/0.1 (+https://example.org/contact)",
        max_pages_per_site=50,
        private_hosts=("127.0.0.1", "10.0.0.0/8", "intranet.example", "::1"),
        timeout=timedelta(seconds=20),
        max_page_bytes=5_000_000,
        concurrent_per_domain=4,
        delay=timedelta(seconds=2),
        retries=3,
    )
    assert [s.kind for s in config.sources] == ["feed", "site", "sitemap"]
    assert config.sources[1].follow == (r"/tech/20\d\d/",) and config.sources[1].max_depth == 3
    assert config.sources[2].enabled is False
    assert config.alerts == AlertsConfig(
        mode="both",
        languages=("ar",),
        min_relevance=0.7,
        email=EmailConfig(
            smtp_host="smtp.example.org",
            smtp_port=465,
            security="ssl",
            username="monitor@example.org",
            password_env="SORA_MONITOR_SMTP_PASSWORD",
            from_addr="monitor@example.org",
            to=("analyst@example.org", "desk@example.org"),
            timeout=timedelta(minutes=1),
        ),
        webhook=WebhookConfig(
            url="https://hooks.example.org/sora",
            secret_env="SORA_MONITOR_WEBHOOK_SECRET",
            timeout=timedelta(seconds=10),
        ),
    )
    assert config.schedule == ScheduleConfig(
        timedelta(minutes=10), timedelta(hours=2), datetime.time(7, 30)
    )
    assert config.claims.mode == "replace"


def test_password_comes_from_the_environment() -> None:
    email = load_config(DATA / "full.toml", environ={}).alerts.email
    assert email.password({"SORA_MONITOR_SMTP_PASSWORD": "s3cret"}) == "s3cret"
    assert email.password({}) is None
    assert EmailConfig().password({"SORA_MONITOR_SMTP_PASSWORD": "s3cret"}) is None


def test_webhook_secret_comes_from_the_environment() -> None:
    webhook = load_config(DATA / "full.toml", environ={}).alerts.webhook
    assert webhook.secret({"SORA_MONITOR_WEBHOOK_SECRET": "s3cret"}) == "s3cret"
    assert webhook.secret({}) is None
    assert WebhookConfig().secret({"SORA_MONITOR_WEBHOOK_SECRET": "s3cret"}) is None


def test_claims_catalogue_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "my-claims.toml").write_text("# a catalogue\n")
    (tmp_path / "conf" / "sora.toml").write_text('[claims]\ncatalogue = "my-claims.toml"\n')
    config = load_config("conf/sora.toml", environ={}, cwd=tmp_path)
    assert config.claims.catalogue == tmp_path / "conf" / "my-claims.toml"
    missing = '[claims]\nmode = "extend"\ncatalogue = "x.toml"\n'
    (tmp_path / "conf" / "sora.toml").write_text(missing)
    with pytest.raises(ConfigError) as info:
        load_config("conf/sora.toml", environ={}, cwd=tmp_path)
    assert (info.value.line, info.value.key) == (3, "claims.catalogue")
    assert "no such claim catalogue file" in str(info.value)


def test_addresses_may_carry_display_names() -> None:
    text = '[alerts.email]\nfrom = "Sora Monitor <m@example.org>"\nto = ["a@example.org"]\n'
    assert parse_config(text).alerts.email.from_addr == "Sora Monitor <m@example.org>"
    assert "e-mail address" in str(config_error('[alerts.email]\nfrom = "Sora Monitor <m>"\n'))


def test_local_time_and_string_digest_at() -> None:
    local_time = parse_config("[schedule]\ndigest_at = 06:45:00\n")
    assert local_time.schedule.digest_at == datetime.time(6, 45)
    string = parse_config('[schedule]\ndigest_at = "6:05"\n')
    assert string.schedule.digest_at == datetime.time(6, 5)


@pytest.mark.parametrize("name", ["full.toml", "minimal.toml", "loopback-sources.toml"])
def test_config_to_toml_round_trips(name: str) -> None:
    config = load_config(DATA / name, environ={})
    assert parse_config(config_to_toml(config), str(DATA / name)) == config
    assert parse_config(config_to_toml(default_config())) == default_config()


# --- errors: each names the file, the line and the key ----------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "key", "fragment"),
    [
        (
            "syntax.toml",
            3,
            None,
            "TOML syntax error: Illegal character '\\n' (at line 3, column 27)",
        ),
        (
            "unknown-key.toml",
            3,
            "crawl.max_page_per_site",
            "unknown key 'max_page_per_site'; did you mean 'max_pages_per_site'?",
        ),
        ("wrong-type.toml", 5, "crawl.max_pages_per_site", "expected an integer, got a string"),
        (
            "bad-url.toml",
            14,
            "sources[2].url",
            "URL must start with http:// or https://, got 'ftp://example.org/feed.xml'",
        ),
        ("missing-field.toml", 6, "sources[1].url", "missing required key 'url'"),
        (
            "bad-enum.toml",
            6,
            "alerts.email.security",
            "expected one of 'starttls', 'ssl', 'none', got 'tls'",
        ),
        ("bad-duration.toml", 3, "schedule.poll_every", "unknown unit 'minutes'"),
        (
            "duplicate-name.toml",
            7,
            "sources[1].name",
            "duplicate source name 'bbc arabic' (already used by sources[0])",
        ),
        (
            "bad-regex.toml",
            5,
            "sources[0].follow",
            "element 1: invalid regular expression '/news/(20\\\\d\\\\d/': missing )",
        ),
        (
            "password.toml",
            4,
            "alerts.email.password",
            "secrets never come from the file: put the password in an environment variable",
        ),
    ],
)
def test_bad_files(name: str, line: int, key: str | None, fragment: str) -> None:
    path = DATA / "bad" / name
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    error = info.value
    assert (error.path, error.line, error.key) == (str(path), line, key)
    assert fragment in str(error)
    prefix = f"{path}, line {line}" + (f", key '{key}'" if key else "") + ": "
    assert str(error).startswith(prefix)
    assert error.exit_code == 2


@pytest.mark.parametrize(
    ("text", "line", "key", "fragment"),
    [
        ("[alert]\nmode = 'digest'\n", 1, "alert", "did you mean 'alerts'?"),
        ("[crawl]\nzzz = 1\n", 2, "crawl.zzz", "known keys: user_agent, obey_robots"),
        ("[crawl]\nretries = true\n", 2, "crawl.retries", "expected an integer, got a boolean"),
        ("[crawl]\nretries = -1\n", 2, "crawl.retries", "at least 0, got -1"),
        ("[crawl]\nobey_robots = 'yes'\n", 2, "crawl.obey_robots", "expected a boolean"),
        (
            "[crawl]\nallowed_schemes = ['https', 'ftp']\n",
            2,
            "crawl.allowed_schemes",
            "element 1: expected one of 'http', 'https', got 'ftp'",
        ),
        (
            "[crawl]\nprivate_hosts = ['10.0.0.1/8']\n",
            2,
            "crawl.private_hosts",
            "not a valid IP address or CIDR network",
        ),
        (
            "[crawl]\nprivate_hosts = ['127.0.0.300']\n",
            2,
            "crawl.private_hosts",
            "not a valid IP address",
        ),
        (
            "[crawl]\nprivate_hosts = ['169.254.169.254']\n",
            2,
            "crawl.private_hosts",
            "never fetched",
        ),
        ("[crawl]\nprivate_hosts = ['fd00:ec2::254']\n", 2, "crawl.private_hosts", "never fetched"),
        (
            "[crawl]\nprivate_hosts = ['bad host']\n",
            2,
            "crawl.private_hosts",
            "expected a hostname",
        ),
        ("[crawl]\ntimeout = 30\n", 2, "crawl.timeout", "expected a duration string"),
        ("[schedule]\npoll_every = '0s'\n", 2, "schedule.poll_every", "longer than zero"),
        ("[schedule]\ndigest_at = '25:00'\n", 2, "schedule.digest_at", "HH:MM"),
        ("[alerts]\nmin_relevance = 1.5\n", 2, "alerts.min_relevance", "from 0 to 1, got 1.5"),
        ("[alerts]\nlanguages = []\n", 2, "alerts.languages", "non-empty"),
        ("[alerts]\nlanguages = ['Arabic']\n", 2, "alerts.languages", "ISO 639-1"),
        ("[alerts]\nmode = 'weekly'\n", 2, "alerts.mode", "'immediate', 'digest', 'both'"),
        ("[alerts.email]\nsmtp_port = 70000\n", 2, "alerts.email.smtp_port", "from 1 to 65535"),
        ("[alerts.email]\nto = ['analyst']\n", 2, "alerts.email.to", "e-mail address"),
        (
            "[alerts.email]\npassword_env = 'my password'\n",
            2,
            "alerts.email.password_env",
            "environment variable",
        ),
        ("[database]\nurl = 'sora.db'\n", 2, "database.url", "database URL"),
        ("crawl = 3\n", 1, "crawl", "expected a table, got an integer"),
        ("[sources]\nname = 'x'\n", 1, "sources", "expected an array of [[sources]] tables"),
        (
            "[[sources]]\nname = 'x'\nkind = 'blog'\nurl = 'https://a.example/'\n",
            3,
            "sources[0].kind",
            "'feed', 'site', 'sitemap', 'search'",
        ),
        (
            "[[sources]]\nname = 'x'\nkind = 'feed'\nurl = 'https:///rss'\n",
            4,
            "sources[0].url",
            "URL has no host",
        ),
        (
            "[[sources]]\nname = 'x'\nkind = 'feed'\nurl = 'https://a.example/'\n"
            "follow = ['/a/']\n",
            5,
            "sources[0].follow",
            "follow applies to site and sitemap sources",
        ),
        (
            "[[sources]]\nname = 'x'\nkind = 'site'\nurl = 'https://a.example/'\nmax_depht = 1\n",
            5,
            "sources[0].max_depht",
            "did you mean 'max_depth'?",
        ),
        (
            "[[sources]]\nkind = 'feed'\nurl = 'https://a.example/'\n",
            1,
            "sources[0].name",
            "missing required key 'name'",
        ),
    ],
)
def test_bad_values(text: str, line: int, key: str, fragment: str) -> None:
    error = config_error(text)
    assert (error.path, error.line, error.key) == ("test.toml", line, key)
    assert fragment in str(error)


# --- the key locator: tables, arrays of tables, dotted keys, inline tables ---------------------


def test_locator_inline_and_dotted_keys() -> None:
    inline = '[alerts]\nmode = "digest"\nemail = { smtp_host = "h", security = "tls" }\n'
    assert (config_error(inline).line, config_error(inline).key) == (3, "alerts.email.security")
    dotted = '[alerts]\nmode = "digest"\n\nemail.security = "tls"\n'
    assert config_error(dotted).line == 4
    top_dotted = 'alerts.email.smtp_port = "25"\n'
    assert config_error(top_dotted).line == 1


def test_locator_counts_array_elements_and_skips_multiline_strings() -> None:
    text = (
        '[crawl]\nuser_agent = """\nretries = 1\n[[sources]]\n"""\n'
        "[[sources]]\nname = 'a'\nkind = 'feed'\nurl = 'https://a.example/'\n"
        "[[sources]]\nname = 'b'\nkind = 'feed'\nurl = 'https://b.example/'\n"
        "[[sources]]\n'name' = \"c\"\n\"kind\" = 'feed' # a comment\nurl = 'gopher://c.example/'\n"
    )
    error = config_error(text)
    assert (error.line, error.key) == (17, "sources[2].url")


def test_domain_module_imports_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, monitor.config; "
        "assert not {'scrapy', 'sqlalchemy'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_source_kinds_constant_matches_design() -> None:
    assert SOURCE_KINDS == ("feed", "site", "sitemap", "search")
