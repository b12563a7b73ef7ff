"""Tests for cli.sampleweb, tests.site_server and the test web they serve (real HTTP)."""

from __future__ import annotations

import hashlib
import http.client
import importlib.util
import json
import re
import subprocess
import sys
import threading
import time
import urllib.robotparser
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from cli.sampleweb import DEFAULT_LAST_MODIFIED, SampleWeb
from monitor.errors import ConfigError, SampleWebError
from tests.site_server import DEFAULT_ROOT, running_site

SEED = Path(__file__).resolve().parent.parent / "monitor" / "data" / "seed"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(base_url: str, target: str, method: str = "GET", **headers: str) -> Answer:
    """One request with the target sent exactly as given (no normalisation, no redirects)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, target, headers={k.replace("_", "-"): v for k, v in headers.items()})
        resp = conn.getresponse()
        return Answer(resp.status, dict(resp.getheaders()), resp.read())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def site() -> Iterator[SampleWeb]:
    with SampleWeb(DEFAULT_ROOT) as web:
        yield web


def make_root(tmp_path: Path, files: dict[str, str | bytes], routes: str = "",
              name: str = "root") -> Path:
    root = tmp_path / name
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    root.mkdir(exist_ok=True)
    if routes:
        (root / "_routes.toml").write_text(routes, encoding="utf-8")
    return root


# --- serving files -------------------------------------------------------------------------


def test_placeholder_is_replaced_by_the_base_url(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/feeds/tech-en.rss")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/rss+xml"
    assert b"{{BASE}}" not in answer.body
    assert f"<link>{site.base_url}/tech/2025/09/sora-2-launch.html</link>".encode() in answer.body
    assert site.base_url == f"http://127.0.0.1:{urlsplit(site.base_url).port}"


def test_directory_serves_index_and_unknown_is_404(site: SampleWeb) -> None:
    index = fetch(site.base_url, "/ar/")
    assert index.status == 200
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "عالم التقنية".encode() in index.body
    missing = fetch(site.base_url, "/tech/2024/11/sora-leak-explainer.html")
    assert missing.status == 404
    assert fetch(site.base_url, "/feeds/gone.rss").status == 404


def test_a_directory_without_its_slash_is_redirected(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/ar?ref=home")
    assert answer.status == 301
    assert answer.headers["Location"] == site.base_url + "/ar/?ref=home"
    assert fetch(site.base_url, "/feeds").status == 404  # a directory with no index.html


def test_the_module_needs_neither_scrapy_nor_sqlalchemy() -> None:
    code = ("import sys, cli.sampleweb; "
            "print(sorted(m for m in ('scrapy', 'sqlalchemy', 'twisted') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_head_sends_the_get_headers_without_a_body(site: SampleWeb) -> None:
    get = fetch(site.base_url, "/robots.txt")
    head = fetch(site.base_url, "/robots.txt", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(get.body))
    assert head.headers["ETag"] == get.headers["ETag"]


def test_other_methods_are_refused(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/robots.txt", method="POST")
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("target", [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/sub/../../secret.txt",
    "/sub/..%5c..%5csecret.txt",
    "//secret.txt",
    "/%2F..%2Fsecret.txt",
    "/_routes.toml",
    "/sub%00/ok.txt",
])
def test_paths_cannot_leave_the_root(tmp_path: Path, target: str) -> None:
    (tmp_path / "secret.txt").write_text("the secret")
    root = make_root(tmp_path, {"sub/ok.txt": "fine"}, routes='["/x"]\nstatus = 204\n')
    with SampleWeb(root) as web:
        assert fetch(web.base_url, "/sub/ok.txt").body == b"fine"
        answer = fetch(web.base_url, target)
    assert answer.status == 404
    assert b"secret" not in answer.body and b"status" not in answer.body


def test_a_zip_traversable_can_be_the_root(tmp_path: Path) -> None:
    archive = tmp_path / "web.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("web/index.html", "<a href='{{BASE}}/a.txt'>a</a>")
        zf.writestr("web/_routes.toml", '["/gone"]\nstatus = 410\n')
    root = zipfile.Path(archive, "web/")
    with SampleWeb(root) as web:
        assert fetch(web.base_url, "/").body == f"<a href='{web.base_url}/a.txt'>a</a>".encode()
        assert fetch(web.base_url, "/gone").status == 410
        assert fetch(web.base_url, "/a.txt").status == 404


# --- validators and conditional requests ---------------------------------------------------


def test_etag_is_the_sha1_of_the_served_bytes(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/feeds/arabic.atom")
    assert answer.headers["ETag"] == '"' + hashlib.sha1(answer.body).hexdigest() + '"'
    assert answer.headers["Last-Modified"] == DEFAULT_LAST_MODIFIED


def test_if_none_match_gets_304_with_an_empty_body(site: SampleWeb) -> None:
    etag = fetch(site.base_url, "/feeds/tech-en.rss").headers["ETag"]
    for value in (etag, f"W/{etag}", f'"stale", {etag}', "*"):
        answer = fetch(site.base_url, "/feeds/tech-en.rss", If_None_Match=value)
        assert answer.status == 304, value
        assert answer.body == b""
        assert answer.headers["ETag"] == etag
        assert "Content-Type" not in answer.headers


def test_a_stale_etag_wins_over_a_fresh_date(site: SampleWeb) -> None:
    # RFC 9110: If-Modified-Since is ignored when If-None-Match is present.
    answer = fetch(site.base_url, "/feeds/tech-en.rss", If_None_Match='"stale"',
                   If_Modified_Since="Sat, 01 Nov 2025 00:00:00 GMT")
    assert answer.status == 200 and answer.body


@pytest.mark.parametrize(("since", "status"), [
    (DEFAULT_LAST_MODIFIED, 304),
    ("Thu, 28 Nov 2024 00:00:00 GMT", 304),
    ("Tue, 26 Nov 2024 09:00:00 GMT", 200),
    ("not a date", 200),
])
def test_if_modified_since(site: SampleWeb, since: str, status: int) -> None:
    assert fetch(site.base_url, "/feeds/arabic.atom", If_Modified_Since=since).status == status


def test_validators_can_be_switched_off(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/feeds/no-validators.rss", If_None_Match="*",
                   If_Modified_Since="Sat, 01 Nov 2025 00:00:00 GMT")
    assert answer.status == 200
    assert "ETag" not in answer.headers and "Last-Modified" not in answer.headers


def test_errors_carry_no_validators(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/broken/500.html", If_None_Match="*")
    assert answer.status == 500
    assert b"Internal Server Error" in answer.body
    assert "ETag" not in answer.headers


# --- routes --------------------------------------------------------------------------------


def test_routes_set_status_headers_and_content_type(site: SampleWeb) -> None:
    redirect = fetch(site.base_url, "/go/redirect-metadata")
    assert redirect.status == 302
    assert redirect.headers["Location"] == "http://169.254.169.254/latest/meta-data/"
    local = fetch(site.base_url, "/go/redirect-article")
    assert local.headers["Location"] == site.base_url + "/tech/2024/11/sora-leak-hugging-face.html"
    limited = fetch(site.base_url, "/limited")
    assert (limited.status, limited.headers["Retry-After"]) == (429, "2")
    assert limited.body == b"429 Too Many Requests\n"
    legacy = fetch(site.base_url, "/ar/legacy-1256.html")
    assert legacy.headers["Content-Type"] == "text/html; charset=windows-1256"
    assert fetch(site.base_url, "/ar/legacy-meta.html").headers["Content-Type"] == "text/html"
    encoded = fetch(site.base_url, "/ar/legacy%2D1256.html")  # same path, percent-encoded
    assert encoded.headers["Content-Type"] == "text/html; charset=windows-1256"


def test_delay_holds_the_answer_back(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"slow.html": "late", "fast.html": "now"},
                     routes='["/slow.html"]\ndelay = 0.4\n')
    with SampleWeb(root) as web:
        started = time.monotonic()
        assert fetch(web.base_url, "/slow.html").body == b"late"
        assert time.monotonic() - started >= 0.4
        started = time.monotonic()
        assert fetch(web.base_url, "/fast.html").body == b"now"
        assert time.monotonic() - started < 0.4


def test_stop_does_not_wait_for_a_delayed_answer(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"slow.html": "late"}, routes='["/slow.html"]\ndelay = 30\n')
    web = SampleWeb(root)
    web.start()
    errors: list[BaseException] = []

    def client() -> None:
        try:
            fetch(web.base_url, "/slow.html")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(exc)

    thread = threading.Thread(target=client)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    web.stop()
    thread.join(timeout=5)
    assert time.monotonic() - started < 3
    assert not thread.is_alive() and errors  # the client saw the connection close, no answer
    with pytest.raises(OSError):
        fetch(web.base_url, "/slow.html")


@pytest.mark.parametrize(("routes", "key"), [
    ('["/a"]\nstaus = 500\n', "/a"),
    ('["/a"]\nstatus = 999\n', "/a"),
    ('["/a"]\nheaders = { Location = 5 }\n', "/a"),
    ('["a"]\nstatus = 500\n', "a"),
    ('["/a"]\nlast_modified = "yesterday"\n', "/a"),
])
def test_bad_routes_name_the_file_and_key(tmp_path: Path, routes: str, key: str) -> None:
    root = make_root(tmp_path, {}, routes=routes)
    with pytest.raises(ConfigError) as info:
        SampleWeb(root)
    assert info.value.key == key
    assert str(root / "_routes.toml") in str(info.value)


def test_unparsable_routes_and_bad_roots_are_clear_errors(tmp_path: Path) -> None:
    root = make_root(tmp_path, {}, routes='["/a"\nstatus = 1\n')
    with pytest.raises(ConfigError, match="_routes.toml"):
        SampleWeb(root)
    with pytest.raises(SampleWebError, match="not a directory"):
        SampleWeb(tmp_path / "missing")
    web = SampleWeb(make_root(tmp_path, {"a.txt": "a"}, name="good"))
    with web, pytest.raises(SampleWebError, match="already running"):
        web.start()


# --- the request log -----------------------------------------------------------------------


def test_requests_are_recorded_in_memory_and_in_the_log_file(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    root = make_root(tmp_path, {"feed.rss": "<rss/>", "page.html": "<p>x</p>"})
    with SampleWeb(root, log_path=log) as web:
        first = fetch(web.base_url, "/feed.rss", User_Agent="sora-monitor/test")
        fetch(web.base_url, "/feed.rss", If_None_Match=first.headers["ETag"])
        fetch(web.base_url, "/page.html?utm_source=rss")
        fetch(web.base_url, "/nothing-here")
        records = list(web.requests)
        assert [r.path for r in web.requests_for("/page.html")] == ["/page.html?utm_source=rss"]
    assert [(r.method, r.path, r.status) for r in records] == [
        ("GET", "/feed.rss", 200), ("GET", "/feed.rss", 304),
        ("GET", "/page.html?utm_source=rss", 200), ("GET", "/nothing-here", 404)]
    assert records[0].headers["User-Agent"] == "sora-monitor/test"
    assert records[1].headers["If-None-Match"] == first.headers["ETag"]
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["path"], e["status"]) for e in lines] == [(r.path, r.status) for r in records]
    assert lines[1]["headers"]["If-None-Match"] == first.headers["ETag"]
    assert all(abs(e["time"] - time.time()) < 60 for e in lines)


def test_running_site_subprocess_round_trip(tmp_path: Path) -> None:
    log = tmp_path / "site.jsonl"
    with running_site(log=log) as base_url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        robots = fetch(base_url, "/robots.txt")
        assert robots.status == 200
        assert f"Sitemap: {base_url}/sitemap.xml".encode() in robots.body
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/robots.txt", 200)]
    with pytest.raises(OSError):
        fetch(base_url, "/robots.txt")


def test_running_site_reports_a_server_that_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not a directory"):
        with running_site(root=tmp_path / "missing"):
            pass


# --- the test web's content ----------------------------------------------------------------


def test_malformed_feed_is_recovered_by_feedparser(site: SampleWeb) -> None:
    answer = fetch(site.base_url, "/feeds/malformed.rss")
    parsed = feedparser.parse(answer.body, response_headers=answer.headers)
    assert parsed.bozo == 1
    assert len(parsed.entries) == 3
    for entry in parsed.entries:
        assert entry.link.startswith(site.base_url + "/")
        assert fetch(site.base_url, urlsplit(entry.link).path).status == 200


def test_hostile_feed_carries_its_payloads(site: SampleWeb) -> None:
    parsed = feedparser.parse(fetch(site.base_url, "/feeds/hostile.rss").body)
    titles = [e.title for e in parsed.entries]
    assert any("<script>alert(1)</script>" in t and "\x1b[31m" in t and "[bold red]pwned[/]" in t
               for t in titles)
    links = [e.link for e in parsed.entries]
    assert "http://169.254.169.254/latest/meta-data/" in links
    assert site.base_url + "/go/redirect-metadata" in links
    assert any(link.startswith(("file:", "ftp:", "data:")) for link in links)


def test_tech_feed_links_answer_as_designed(site: SampleWeb) -> None:
    parsed = feedparser.parse(fetch(site.base_url, "/feeds/tech-en.rss").body)
    assert not parsed.bozo
    statuses = {urlsplit(e.link).path: fetch(site.base_url, urlsplit(e.link).path).status
                for e in parsed.entries}
    assert statuses.pop("/tech/2024/11/sora-leak-explainer.html") == 404
    assert statuses.pop("/broken/500.html") == 500
    assert set(statuses.values()) == {200}
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(fetch(site.base_url, "/robots.txt").body.decode().splitlines())
    assert not robots.can_fetch("sora-monitor", site.base_url + "/private/secret.html")
    assert robots.can_fetch("sora-monitor", site.base_url + "/tech/2025/09/sora-2-launch.html")
    amp = fetch(site.base_url, "/amp/tech/2024/11/openai-pauses-sora-access.html").body.decode()
    assert (f'<link rel="canonical" href="{site.base_url}'
            '/tech/2024/11/openai-pauses-sora-access.html">') in amp


def test_windows_1256_pages_decode_to_the_expected_arabic(site: SampleWeb) -> None:
    header_only = fetch(site.base_url, "/ar/legacy-1256.html").body
    meta_only = fetch(site.base_url, "/ar/legacy-meta.html").body
    for body in (header_only, meta_only):
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
    assert "OpenAI تغلق الوصول إلى Sora بعد ثلاث ساعات من التسريب" in header_only.decode("cp1256")
    assert b"charset" not in header_only
    text = meta_only.decode("cp1256")
    assert "«الفنانون ليسوا قسم بحث وتطوير مجانيًا»" in text
    assert '<meta charset="windows-1256">' in text
    assert f'href="{site.base_url}/ar/legacy-meta.html"' in text


def test_legacy_pages_are_what_make_legacy_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_legacy", DEFAULT_ROOT / "make_legacy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for page in module.PAGES:
        assert module.render(page) == (DEFAULT_ROOT / page["path"].lstrip("/")).read_bytes()


def test_seed_copy_page_carries_the_seed_text(site: SampleWeb) -> None:
    page = fetch(site.base_url, "/ar/2024/11/hal-yajib-tawakhi-alhadhar-min-sora.html")
    text = page.body.decode("utf-8")
    seed = (SEED / "sora-seed-article.ar.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.splitlines()[2:] if len(p.strip()) > 80]
    assert len(paragraphs) >= 10
    assert all(p.replace('"', "&quot;") in text or p in text for p in paragraphs)


def test_readme_lists_every_file_of_the_test_web() -> None:
    readme = (DEFAULT_ROOT / "README.md").read_text(encoding="utf-8")
    files = [p.relative_to(DEFAULT_ROOT).as_posix() for p in DEFAULT_ROOT.rglob("*")
             if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts]
    assert files
    assert [f for f in files if f"`{f}`" not in readme] == []
