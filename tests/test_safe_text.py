"""Cleaning of untrusted text for terminals, mail bodies and headers."""

from __future__ import annotations

import unicodedata

import pytest
from rich.console import Console

from monitor.safe_text import clean_header, clean_text, escape_rich, language_tag, safe_link


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("Sora \x1b[31mleak\x1b[0m", "Sora leak"),  # SGR colour
        ("a\x1b[2J\x1b[Hb", "ab"),  # clear screen, cursor home
        ("x\x1b]0;pwned title\x07y", "xy"),  # OSC window title, BEL-terminated
        ("x\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\y", "xclicky"),  # OSC 8 link
        ("a\x1bcb", "ab"),  # RIS: full terminal reset
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x00b\x07c\x7fd\x85e\x9ff", "abcd ef"),  # C0, DEL, NEL (a line break), C1
        ("line one\r\nBcc: evil@example.org", "line one Bcc: evil@example.org"),
        ("a\u2028b\u2029c\vd\fe", "a b c d e"),
        ("\u202etxt.exe\u202c", "txt.exe"),  # RLO ... PDF
        ("\u2066isolated\u2069 \u2067x\u2069", "isolated x"),
        ("\ufeffBOM", "BOM"),
        ("  lots \t of   space  ", "lots of space"),
    ],
)
def test_clean_text_removes_what_no_escaping_can_make_safe(hostile: str, expected: str) -> None:
    assert clean_text(hostile) == expected


def test_clean_text_leaves_ordinary_text_alone() -> None:
    arabic = "سورا\u200f: تسريب «النموذج» — 3 ساعات"  # RLM is a mark, not an override
    assert clean_text(arabic) == arabic
    assert clean_text("<script>AT&T</script>") == "<script>AT&T</script>"


def test_clean_text_normalises_to_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert clean_text(decomposed) == unicodedata.normalize("NFC", decomposed) == "Café"


def test_clean_text_drops_characters_xml_and_utf8_cannot_carry() -> None:
    assert clean_text("a\ud800b\ufffec\ufdd0d") == "abcd"
    clean_text("a\ud800b").encode("utf-8")  # no UnicodeEncodeError


def test_unterminated_osc_keeps_its_text_but_loses_the_escape() -> None:
    assert clean_text("x\x1b]0;rest") == "x0;rest"


def test_max_len_cuts_with_an_ellipsis() -> None:
    assert clean_text("abcdefghij", max_len=5) == "abcd\u2026"
    assert clean_text("abcde", max_len=5) == "abcde"
    assert len(clean_header("x" * 1000)) == 200


def test_clean_header_is_one_line() -> None:
    header = clean_header("Sora\r\nSubject: injected\r\n\r\nbody")
    assert "\r" not in header and "\n" not in header
    assert header == "Sora Subject: injected body"


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=1&c=<2>", "http://127.0.0.1:8080/x", "HTTPS://Example.org/"],
)
def test_safe_link_accepts_http_and_https(url: str) -> None:
    assert safe_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "//example.org/x",
        "/relative/path",
        "http:///no-host",
        "https://example.org/a b",
        "java\nscript:alert(1)",
        "https://exa\tmple.org/",
        "https://example.org/\u202egnp.exe",
        "http://[::1",
        "http://example.org:99999/",
        "",
        None,
    ],
)
def test_safe_link_refuses_everything_else(url: str | None) -> None:
    assert safe_link(url) is None


def test_escape_rich_neutralises_markup_and_escapes() -> None:
    hostile = "[bold red]fake[/] \x1b[31mred [link=https://evil.example]x[/link]"
    console = Console(record=True, width=200, color_system="truecolor", force_terminal=True)
    console.print(escape_rich(hostile))
    output = console.export_text(styles=False).strip()
    assert output == "[bold red]fake[/] red [link=https://evil.example]x[/link]"
    assert "\x1b" not in console.export_text(styles=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ar", "ar"), ("EN", "en"), ("en-GB", "en-gb"), ('ar" onload="x', None), ("", None),
     (None, None), ("a", None)],
)
def test_language_tag(value: str | None, expected: str | None) -> None:
    assert language_tag(value) == expected
