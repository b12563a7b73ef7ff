"""A body's charset is decided by its bytes: valid UTF-8 is UTF-8 whatever is declared; a
declared charset is used only when the text it gives looks like that charset's script; else
detection. For pages, feeds and text/plain pages, through the real crawl and in the domain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.charsets import declared_charsets, decode_body, looks_like
from monitor.config import load_config
from monitor.plaintext import plain_text_html
from scheduler.daemon import ChildRunner
from storage.engine import Database
from storage.models import Article
from tests.conftest import invoke_cli, loopback_crawl
from tests.hostile_server import Answer, HostileWeb
from tests.site_server import DEFAULT_ROOT

# Our own sentences (the test web's pages are ours too: tests/data/site/README.md).
ARABIC = "قالت مصادر مطلعة إن نموذج سورا من أوبن إيه آي تسرّب أمس عبر منصة عامة."
FRENCH = "Le modèle Sora a été présenté à Paris; les créateurs l'ont essayé très tôt."
MOJIBAKE = set("ÃØÙÚ\ufffd")


def html(charset: str, text: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'


@pytest.mark.parametrize(
    ("body", "content_type", "encoding", "how"),
    [
        # UTF-8 Arabic served and declared as Latin-1: the bytes say UTF-8.
        (html("iso-8859-1", ARABIC).encode(), "text/html; charset=iso-8859-1", "utf-8", "utf-8"),
        # windows-1256 served as UTF-8: not UTF-8, nothing else declared: detected.
        (html("utf-8", ARABIC).encode("cp1256"), "text/html; charset=utf-8", "cp1256", "detected"),
        # windows-1256 served as Latin-1: Latin-1 decodes it, but into runs of accented capitals.
        (html("x", ARABIC).encode("cp1256"), "text/html; charset=iso-8859-1", "cp1256", "detected"),
        # Declared right: used.
        (html("x", ARABIC).encode("cp1256"), "text/html; charset=windows-1256", "cp1256",
         "declared"),
        # Declared in the page only.
        (html("windows-1256", ARABIC).encode("cp1256"), "text/html", "cp1256", "declared"),
        (html("x", FRENCH).encode("latin-1"), "text/html; charset=iso-8859-1", "cp1252",
         "declared"),
        # A byte-order mark decides.
        (b"\xef\xbb\xbf" + ARABIC.encode(), "text/plain; charset=cp1256", "utf-8", "bom"),
    ],
)  # fmt: skip
def test_the_bytes_decide(body: bytes, content_type: str, encoding: str, how: str) -> None:
    decoded = decode_body(body, content_type)
    assert (decoded.encoding, decoded.how) == (encoding, how)
    assert ARABIC in decoded.text or FRENCH in decoded.text


def test_what_looks_like_text_in_a_script() -> None:
    assert looks_like(ARABIC, "cp1256")
    assert not looks_like(ARABIC.encode("cp1256").decode("latin-1"), "iso8859-1")
    assert not looks_like(ARABIC.encode("utf-8").decode("cp1256"), "cp1256")  # mojibake
    assert looks_like(FRENCH, "cp1252")
    assert not looks_like("ok\x85text", "iso8859-1")  # a C1 control: not text
    assert looks_like("plain ASCII", "cp1251")


def test_declared_charsets_header_first() -> None:
    body = b'<?xml version="1.0" encoding="windows-1256"?><rss/>'
    assert declared_charsets(body, "application/rss+xml; charset=ISO-8859-1") == [
        "cp1252",  # what browsers (and w3lib) read for "iso-8859-1"
        "cp1256",
    ]
    assert declared_charsets(b"<p>x</p>", "text/html; charset=no-such-thing") == []


def test_plain_text_becomes_paragraphs() -> None:
    page = plain_text_html("Sora <leaked>\n\nFirst & one.\nStill first.\n\nSecond.")
    assert "<h1>Sora &lt;leaked&gt;</h1>" in page
    assert "<p>First &amp; one. Still first.</p><p>Second.</p>" in page


# -- through the crawl -----------------------------------------------------------------------


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with HostileWeb() as server:
        yield server


def test_charset_conflicts_through_the_crawl(web: HostileWeb, tmp_path: Path) -> None:
    leak = (DEFAULT_ROOT / "ar/2024/11/sora-leak-hugging-face.html").read_bytes()
    leak = leak.replace(b"{{BASE}}", web.url.encode()).replace(
        b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">'
    )
    legacy = (DEFAULT_ROOT / "ar/legacy-1256.html").read_bytes()
    legacy = legacy.replace(b"{{BASE}}", web.url.encode())
    pages = {
        "/utf8-as-latin1.html": Answer(
            200, leak, {"Content-Type": "text/html; charset=iso-8859-1"}
        ),
        "/cp1256-as-utf8.html": Answer(200, legacy, {"Content-Type": "text/html; charset=utf-8"}),
        "/note.txt": Answer(200, (
            b"OpenAI's Sora was opened to testers\n\nWe wrote this plain-text note for the "
            b"monitor's tests: it says the Sora video model was opened to a few testers.\n\n"
            b"A second paragraph of our own follows, so that there is a body to keep."
        ), {"Content-Type": "text/plain; charset=utf-8"}),
    }  # fmt: skip
    items = ""
    for path, answer in pages.items():
        web.add(path, answer)
        items += f"<item><title>عنوان</title><link>{web.url}{path}</link></item>"
    # A page that is gone: its item is kept from the feed, whose own charset lies.
    items += f"<item><title>{ARABIC}</title><link>{web.url}/gone.html</link>" \
             f"<description>{ARABIC}</description></item>"
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>عالم</title>'
        f"{items}</channel></rss>"
    ).encode("cp1256")
    feed_url = web.add("/feed.rss", Answer(
        200, rss, {"Content-Type": "application/rss+xml; charset=utf-8"}
    ))
    config = tmp_path / "c.toml"
    config.write_text(
        loopback_crawl() + f'[[sources]]\nname = "Lying"\nkind = "feed"\nurl = "{feed_url}"\n',
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = ChildRunner().run(load_config(config), db_url, ("feed",))
    assert result.exit_code == 0, result.message
    database = Database.open(db_url)
    try:
        with database.session() as session:
            articles = {
                a.canonical_url.removeprefix(web.url): a for a in session.scalars(select(Article))
            }
            session.expunge_all()
    finally:
        database.dispose()
    utf8 = articles["/ar/2024/11/sora-leak-hugging-face.html"]  # its canonical link
    assert "فنانون" in (utf8.title or "") and not MOJIBAKE & set(utf8.body or "")
    assert (utf8.language, utf8.leak_report) == ("ar", True)
    cp1256 = articles["/ar/legacy-1256.html"]
    assert "ثلاث ساعات" in (cp1256.body or "") and not MOJIBAKE & set(cp1256.body or "")
    assert cp1256.language == "ar"
    note = articles["/note.txt"]
    assert note.title == "OpenAI's Sora was opened to testers"
    assert "plain-text note" in (note.body or "") and note.body_source == "page"
    gone = articles["/gone.html"]
    assert (gone.title, gone.body_source) == (ARABIC, "feed")


def test_analyze_reads_a_file_as_a_crawl_reads_a_page(tmp_path: Path) -> None:
    """`analyze` says what a run would store: valid UTF-8 behind a lying `<meta charset>`."""
    page = (DEFAULT_ROOT / "ar/2024/11/sora-leak-hugging-face.html").read_bytes()
    path = tmp_path / "lying.html"
    path.write_bytes(page.replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">'))
    result = invoke_cli("analyze", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert "فنانون" in found["title"] and found["language"] == "ar" and found["leak_report"]


def test_the_charset_benchmark_counts_right_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """benchmarks/charsets.py on a corpus of our own sentences, laid out as chardet's."""
    import importlib.util

    for folder, text, codec in (
        ("windows-1256-arabic", ARABIC, "cp1256"),
        ("iso-8859-1", FRENCH, "latin-1"),
        ("utf-8", ARABIC, "utf-8"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.html").write_bytes(html("x", text * 5).encode(codec))
    spec = importlib.util.spec_from_file_location(
        "charsets_benchmark", Path(__file__).resolve().parent.parent / "benchmarks/charsets.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--root", str(tmp_path), "--json"]) == 0
    rows = {row["header"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["the true charset"]["right_ours"] == 3
    lie = rows["charset=utf-8 (a lie)"]
    assert (lie["right_ours"], lie["right_scrapy"]) == (3, 1)  # only the UTF-8 file, for Scrapy
