"""Alert e-mails: content, headers, right-to-left Arabic, and hostile input neutralised."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import lxml.html
import pytest

from monitor.alerting import Alert, Story, StoryArticle
from monitor.errors import AddressError
from scheduler.mail import build_message, build_test_message, message_id_for
from tests.conftest import unavailable

SENDER = "Sora Monitor <monitor@example.org>"
TO = ["analyst@example.org", "desk@example.org"]
HOSTILE_TITLE = (
    "Sora <script>alert('x')</script> \x1b[31mleak\x1b[0m\r\nBcc: victim@example.org"
    " [bold]fake[/] \u202eevil\u202c <img src=x onerror=alert(1)>"
)


def article(**overrides: object) -> StoryArticle:
    values: dict = {
        "url": "https://news.example/2024/11/sora-leak?id=1&ref=rss",
        "title": "Artists leak OpenAI's Sora",
        "outlet": "Example News",
        "language": "en",
        "published_at": datetime(2024, 11, 26, 14, 5, tzinfo=UTC),
    }
    values.update(overrides)
    return StoryArticle(**values)


ARABIC = article(
    url="https://arabic.example/tech/sora",
    title="فنانون يسربون نموذج سورا من أوبن إيه آي",
    outlet="البوابة التقنية",
    language="ar",
    published_at=datetime(2024, 11, 26, 19, 30, tzinfo=timezone(timedelta(hours=3))),
)


def story(key: str = "17", **overrides: object) -> Story:
    values: dict = {
        "key": key,
        "headline": article(),
        "others": (),
        "claims": ("shut-down-three-hours",),
        "claim_texts": {"shut-down-three-hours": "OpenAI shut the access down after 3 hours"},
    }
    values.update(overrides)
    return Story(**values)


def make_alert(*stories: Story, key: str = "run-17") -> Alert:
    return Alert(key=key, stories=stories or (story(),), created_at=datetime(2024, 11, 27, 8, 0))


def roundtrip(message: EmailMessage) -> EmailMessage:
    """What a receiving server would parse out of the bytes we send."""
    return message_from_bytes(message.as_bytes(policy=policy.SMTP), policy=policy.default)


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def test_subject_counts_stories_and_names_the_first_headline() -> None:
    one = build_message(make_alert(story()), sender=SENDER, recipients=TO)
    assert one["Subject"] == "[sora-monitor] 1 new leak story: Artists leak OpenAI's Sora"
    two = build_message(
        make_alert(story(headline=ARABIC), story("18")), sender=SENDER, recipients=TO
    )
    assert two["Subject"] == f"[sora-monitor] 2 new leak stories: {ARABIC.title}"
    assert roundtrip(two)["Subject"] == two["Subject"]  # survives RFC 2047 encoding


def test_headers_and_both_parts() -> None:
    message = roundtrip(build_message(make_alert(), sender=SENDER, recipients=TO))
    assert message["From"] == SENDER
    assert message["To"] == "analyst@example.org, desk@example.org"
    assert message["Date"] == "Wed, 27 Nov 2024 08:00:00 +0000"
    assert message["Message-ID"] == "<alert-run-17@sora-monitor.invalid>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]


def test_each_story_shows_its_details_in_both_parts() -> None:
    cluster = story(others=(ARABIC, article(outlet="Wire Service", url="https://wire.example/x")))
    message = build_message(make_alert(cluster), sender=SENDER, recipients=TO)
    for body in (text_of(message), html_of(message)):
        assert "Artists leak OpenAI" in body
        assert "Example News" in body and "English" in body
        assert "2024-11-26 14:05 UTC" in body
        assert "shut-down-three-hours" in body
        assert "OpenAI shut the access down after 3 hours" in body
        assert "البوابة التقنية" in body and "Wire Service" in body
        assert "2024-11-26 16:30 UTC" in body  # the Arabic outlet's +03:00 time, in UTC
    doc = lxml.html.fromstring(html_of(message))
    hrefs = doc.xpath("//a/@href")
    assert "https://news.example/2024/11/sora-leak?id=1&ref=rss" in hrefs
    assert {"https://arabic.example/tech/sora", "https://wire.example/x"} <= set(hrefs)


def test_arabic_items_are_right_to_left() -> None:
    message = build_message(
        make_alert(story(headline=ARABIC, others=(article(),))), sender=SENDER, recipients=TO
    )
    doc = lxml.html.fromstring(html_of(message))
    rtl = doc.xpath('//*[@lang="ar" and @dir="rtl"]')
    assert any(ARABIC.title in el.text_content() for el in rtl)
    # The English item in the same story stays left-to-right.
    ltr = doc.xpath('//*[@lang="en" and @dir="ltr"]')
    assert any("Artists leak OpenAI" in el.text_content() for el in ltr)
    assert not any("Artists leak OpenAI" in el.text_content() for el in rtl)


# From the built-in catalogue: an Arabic claim that opens with a Latin word.
THREAT = "Sora تشكل تهديدا وجوديا لصناع المحتوى والفنانين ومحرري الفيديو"


def arabic_story() -> Story:
    return story(
        headline=ARABIC,
        claims=("threat-to-creators",),
        claim_texts={"threat-to-creators": THREAT},
        claim_language="ar",
    )


def test_arabic_claims_are_right_to_left_by_their_language() -> None:
    message = build_message(make_alert(arabic_story()), sender=SENDER, recipients=TO)
    doc = lxml.html.fromstring(html_of(message))
    [claim] = doc.xpath("//li/span")
    # dir="auto" would follow the first strong letter (the S of Sora) and run left to right.
    assert (claim.get("lang"), claim.get("dir"), claim.text) == ("ar", "rtl", THREAT)
    english = lxml.html.fromstring(
        html_of(build_message(make_alert(), sender=SENDER, recipients=TO))
    )
    assert [(s.get("lang"), s.get("dir")) for s in english.xpath("//li/span")] == [("en", "ltr")]


# Chromium may reach nothing: no DNS (every name fails), no background or component traffic.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
)  # fmt: skip
# Writes each element's computed direction into the DOM that --dump-dom prints.
PROBE = """<script>
for (const el of document.querySelectorAll("[dir], [lang], #control")) {
  el.setAttribute("data-direction", getComputedStyle(el).direction);
}
</script>"""


def in_chromium(html: str, directory: Path) -> lxml.html.HtmlElement:
    """The page's DOM after headless Chromium laid it out (from a file: URL)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        unavailable("headless Chromium is not installed (apt-get install -y chromium)")
    page = directory / "alert.html"
    page.write_text(html.replace("</body>", f"{PROBE}</body>"), encoding="utf-8")
    result = subprocess.run(
        [
            chromium, *CHROMIUM_FLAGS, f"--user-data-dir={directory / 'profile'}",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return lxml.html.fromstring(result.stdout)


def test_a_browser_lays_arabic_claims_out_right_to_left(tmp_path: Path) -> None:
    message = build_message(make_alert(arabic_story(), story()), sender=SENDER, recipients=TO)
    # A control beside the mail: the same claim as the mail used to mark it, dir="auto".
    control = f'<p id="control" dir="auto">{THREAT}</p>'
    html = html_of(roundtrip(message)).replace("</body>", f"{control}</body>")
    doc = in_chromium(html, tmp_path)
    directions = {
        el.text_content().strip(): el.get("data-direction")
        for el in doc.xpath("//li/span[@data-direction]")
    }
    assert directions == {THREAT: "rtl", "OpenAI shut the access down after 3 hours": "ltr"}
    [headline] = doc.xpath('//h2[@lang="ar"]')
    assert headline.get("data-direction") == "rtl"
    [auto] = doc.xpath('//*[@id="control"]')
    assert auto.get("data-direction") == "ltr"  # what the mail showed before


def test_hostile_title_is_neutralised_everywhere() -> None:
    hostile = story(headline=article(title=HOSTILE_TITLE, outlet="Evil <b>Outlet</b>\x1b[5m"))
    sent = build_message(make_alert(hostile), sender=SENDER, recipients=TO)
    raw = sent.as_bytes(policy=policy.SMTP)
    message = roundtrip(sent)
    # No header smuggled in: exactly the headers we set, one recipient list.
    assert sorted(message.keys()) == sorted(
        ["Subject", "From", "To", "Date", "Message-ID", "Auto-Submitted", "MIME-Version",
         "Content-Type"]
    )
    assert message["Bcc"] is None
    assert "victim@example.org" not in message["To"]
    assert b"\x1b" not in raw and "\x1b" not in message["Subject"]
    assert "\u202e" not in message["Subject"]
    html = html_of(message)
    assert "<script" not in html and "<img" not in html and "<b>Outlet" not in html
    assert "&lt;script&gt;" in html
    assert "\x1b" not in html and "\u202e" not in html
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//script") == [] and doc.xpath("//img") == []
    assert doc.xpath("//@onerror") == []
    text = text_of(message)
    assert "\x1b" not in text and "\r" not in text.replace("\r\n", "")
    # The title is one line in the text part: its CR/LF did not start a new line.
    assert any(line.strip().startswith("1. Sora <script>") and "Bcc: victim" in line
               for line in text.splitlines())


def test_only_http_links_become_links() -> None:
    bad_urls = ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>",
                "file:///etc/passwd", "https://ok.example/\u202efdp.exe"]
    others = tuple(article(url=u, outlet=f"Outlet {i}") for i, u in enumerate(bad_urls[1:]))
    message = build_message(
        make_alert(story(headline=article(url=bad_urls[0]), others=others)),
        sender=SENDER, recipients=TO,
    )
    doc = lxml.html.fromstring(html_of(message))
    assert doc.xpath("//a") == []
    html = html_of(message)
    assert "javascript:alert(document.cookie)" in html  # shown as plain, escaped text
    assert "not a web link" in text_of(message)


def test_text_part_is_not_html_escaped_but_html_part_is() -> None:
    message = build_message(
        make_alert(story(headline=article(title="AT&T says \"Sora\" <leaked>"))),
        sender=SENDER, recipients=TO,
    )
    assert 'AT&T says "Sora" <leaked>' in text_of(message)
    assert "&amp;" not in text_of(message)
    assert "AT&amp;T says &#34;Sora&#34; &lt;leaked&gt;" in html_of(message)


def test_message_id_is_stable_per_alert_key() -> None:
    first = build_message(make_alert(key="digest-2024-11-27"), sender=SENDER, recipients=TO)
    again = build_message(make_alert(key="digest-2024-11-27"), sender=SENDER, recipients=TO)
    other = build_message(make_alert(key="digest-2024-11-28"), sender=SENDER, recipients=TO)
    expected = "<alert-digest-2024-11-27@sora-monitor.invalid>"
    assert first["Message-ID"] == again["Message-ID"] == expected
    assert other["Message-ID"] != first["Message-ID"]
    assert message_id_for("run-1", "mail.example.org") == "<alert-run-1@mail.example.org>"


def test_odd_keys_give_stable_distinct_safe_message_ids() -> None:
    a, b = message_id_for("a b>\r\nX: y"), message_id_for("a b>\r\nX: z")
    assert a == message_id_for("a b>\r\nX: y") and a != b
    for mid in (a, b):
        assert mid.startswith("<alert-h") and mid.endswith("@sora-monitor.invalid>")
        assert " " not in mid and "\n" not in mid and mid.count(">") == 1
    with pytest.raises(ValueError, match="domain"):
        message_id_for("run-1", "bad domain>")


@pytest.mark.parametrize(
    ("sender", "recipients"),
    [
        ("monitor@example.org\r\nBcc: x@example.org", TO),
        (SENDER, ["analyst@example.org\nBcc: x@example.org"]),
        ("not an address", TO),
        (SENDER, []),
        (SENDER, ["a@@b"]),
    ],
)
def test_unusable_addresses_are_refused(sender: str, recipients: list[str]) -> None:
    with pytest.raises(AddressError):
        build_message(make_alert(), sender=sender, recipients=recipients)


def test_single_string_recipient_is_one_address() -> None:
    message = build_message(make_alert(), sender=SENDER, recipients="analyst@example.org")
    assert message["To"] == "analyst@example.org"


def test_alert_without_stories_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no stories"):
        build_message(Alert("run-1", (), datetime.now(UTC)), sender=SENDER, recipients=TO)


def test_long_lines_and_arabic_survive_smtp_serialisation() -> None:
    long_title = "سورا " * 200
    message = build_message(
        make_alert(story(headline=article(title=long_title, language="ar"))),
        sender=SENDER, recipients=TO,
    )
    raw = message.as_bytes(policy=policy.SMTP)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    back = roundtrip(message)
    assert back["Subject"].endswith("\u2026")
    assert "سورا سورا" in html_of(back)


def test_test_message() -> None:
    now = datetime(2024, 11, 27, 9, 15, tzinfo=UTC)
    first = build_test_message(sender=SENDER, recipients=["me@example.org"], now=now)
    second = build_test_message(sender=SENDER, recipients=["me@example.org"], now=now)
    assert first["Subject"] == "[sora-monitor] test message"
    assert first["Message-ID"] != second["Message-ID"]  # each test is a new mail
    assert first["Date"] == "Wed, 27 Nov 2024 09:15:00 +0000"
    assert "2024-11-27 09:15 UTC" in text_of(first)
    assert "me@example.org" in html_of(first)
