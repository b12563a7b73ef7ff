"""Building alert e-mails: plain text and HTML from autoescaped templates, with safe headers."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from typing import TYPE_CHECKING

from monitor.alerting import Alert, Story, StoryArticle
from monitor.config import EmailConfig
from monitor.errors import AddressError
from monitor.safe_text import clean_header, clean_text, language_tag, safe_link, text_direction

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "AddressError",
    "DEFAULT_DOMAIN",
    "build_message",
    "build_test_message",
    "key_from_message_id",
    "mail_domain",
    "message_id_for",
]

DEFAULT_DOMAIN = "sora-monitor.invalid"
SUBJECT_PREFIX = "[sora-monitor]"
_SUBJECT_HEADLINE_LENGTH = 120
_TITLE_LENGTH = 300
_TEXT_LENGTH = 500

_LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
_MESSAGE_ID_PART = re.compile(r"[A-Za-z0-9._-]{1,100}")
_DOMAIN = re.compile(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
_MESSAGE_ID_KEY = re.compile(r"<alert-([A-Za-z0-9._-]{1,100})@[^>]*>")


@dataclass(frozen=True)
class _ArticleView:
    title: str
    outlet: str
    language: str
    lang: str | None
    dir: str
    published: str
    link: str | None
    url_text: str


@dataclass(frozen=True)
class _ClaimView:
    id: str
    text: str
    lang: str | None
    dir: str


@dataclass(frozen=True)
class _StoryView:
    headline: _ArticleView
    others: tuple[_ArticleView, ...]
    claims: tuple[_ClaimView, ...]


@functools.cache
def _environment() -> Environment:
    # Imported here: every run imports this module, most runs send no mail.
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    # Only *.html(.j2) is HTML-escaped; the text part gets already-cleaned strings verbatim
    # so that "AT&T" stays "AT&T" in a plain-text mail.
    return Environment(
        loader=PackageLoader("scheduler", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), default_for_string=True, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(name: str, **context: object) -> str:
    return _environment().get_template(name).render(**context)


def _utc(moment: datetime) -> datetime:
    # Naive datetimes in this project are UTC by convention.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _format_time(moment: datetime | None) -> str:
    return "unknown" if moment is None else _utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _article_view(article: StoryArticle) -> _ArticleView:
    lang = language_tag(article.language)
    primary = lang.split("-")[0] if lang else None
    return _ArticleView(
        title=clean_text(article.title, _TITLE_LENGTH) or "(untitled)",
        outlet=clean_text(article.outlet, _TEXT_LENGTH) or "(unknown outlet)",
        language=_LANGUAGE_NAMES.get(primary or "", lang or "unknown"),
        lang=lang,
        dir=text_direction(article.language, article.title),
        published=_format_time(article.published_at),
        link=safe_link(article.url),
        url_text=clean_text(article.url, _TEXT_LENGTH),
    )


def _story_view(story: Story) -> _StoryView:
    # The claim texts are in the story's language: an Arabic one that opens with a Latin word
    # ("Sora ...") is still laid out right to left.
    lang = language_tag(story.claim_language)
    claims = tuple(
        _ClaimView(
            id=clean_text(claim_id, _TEXT_LENGTH),
            text=(text := clean_text(story.claim_texts.get(claim_id, ""), _TEXT_LENGTH)),
            lang=lang,
            dir=text_direction(story.claim_language, text),
        )
        for claim_id in story.claims
    )
    return _StoryView(
        headline=_article_view(story.headline),
        others=tuple(_article_view(a) for a in story.others),
        claims=claims,
    )


def message_id_for(key: str, domain: str = DEFAULT_DOMAIN) -> str:
    """Return the stable Message-ID (`<alert-KEY@domain>`) of the alert with this key.

    A key with characters a Message-ID cannot carry is replaced by a hash of it, so the id
    stays stable and distinct without smuggling anything into the header.
    """
    part = key if _MESSAGE_ID_PART.fullmatch(key) else "h" + hashlib.sha256(
        key.encode("utf-8", "surrogatepass")
    ).hexdigest()[:32]
    return f"<alert-{part}@{_checked_domain(domain)}>"


def _checked_domain(domain: str) -> str:
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"not a usable Message-ID domain: {domain!r}")
    return domain


def key_from_message_id(message_id: str) -> str:
    """The batch key inside a Message-ID made by `message_id_for`."""
    match = _MESSAGE_ID_KEY.fullmatch(message_id.strip())
    return match.group(1) if match else message_id.strip("<> ")


def mail_domain(email: EmailConfig) -> str:
    """The sender's domain, for Message-IDs (RFC 5322 wants a domain the sender controls)."""
    _, address = parseaddr(email.from_addr or "")
    domain = address.rpartition("@")[2].strip().lower()
    try:
        message_id_for("check", domain)
    except ValueError:
        return DEFAULT_DOMAIN  # an IP literal, IDN or typo: a Message-ID still needs a domain
    return domain


def _address(value: str, role: str) -> Address:
    hint = (
        "set [alerts.email] from to a plain address such as monitor@example.org"
        if role == "sender"
        else "list plain addresses such as analyst@example.org in [alerts.email] to "
        "(or give --to once per address)"
    )
    if not value or clean_header(value, max_len=320) != value.strip():
        raise AddressError(f"{role} address {clean_text(value)!r} is not usable: {hint}")
    if len(getaddresses([value])) > 1:
        # parseaddr would keep the first and drop the rest without a word.
        raise AddressError(
            f"{role} address {clean_text(value)!r} holds several addresses: {hint}"
        )
    name, addr_spec = parseaddr(value.strip())
    if "@" not in addr_spec:
        raise AddressError(f"{role} address {clean_text(value)!r} has no '@': {hint}")
    try:
        return Address(display_name=name, addr_spec=addr_spec)
    except (ValueError, HeaderParseError, IndexError) as exc:
        raise AddressError(f"{role} address {clean_text(value)!r} is malformed: {hint}") from exc


def _as_list(recipients: Sequence[str]) -> list[str]:
    # A lone string is one address, not a sequence of one-letter addresses.
    return [recipients] if isinstance(recipients, str) else list(recipients)


def _headers(
    message: EmailMessage,
    *,
    subject: str,
    sender: str,
    recipients: Sequence[str],
    date: datetime,
    message_id: str,
) -> None:
    to = [_address(r, "recipient") for r in _as_list(recipients)]
    if not to:
        raise AddressError("no recipient: list at least one address in [alerts.email] to")
    message["Subject"] = clean_header(subject)
    message["From"] = _address(sender, "sender")
    message["To"] = to
    message["Date"] = format_datetime(_utc(date))
    message["Message-ID"] = message_id
    # RFC 3834: tells vacation responders and mailing lists that this is automatic mail.
    message["Auto-Submitted"] = "auto-generated"


def subject_for(alert: Alert) -> str:
    """Return the subject line of an alert: the number of new stories and the first headline."""
    count = len(alert.stories)
    noun = "story" if count == 1 else "stories"
    headline = clean_header(alert.stories[0].headline.title, _SUBJECT_HEADLINE_LENGTH)
    return f"{SUBJECT_PREFIX} {count} new leak {noun}: {headline or '(untitled)'}"


def build_message(
    alert: Alert,
    *,
    sender: str,
    recipients: Sequence[str],
    domain: str = DEFAULT_DOMAIN,
) -> EmailMessage:
    """Return the multipart (text + HTML) e-mail for `alert`, with a Message-ID stable per key."""
    if not alert.stories:
        raise ValueError(f"alert {alert.key!r} has no stories; there is nothing to mail")
    context = {
        "stories": [_story_view(s) for s in alert.stories],
        "created": _format_time(alert.created_at),
        "key": clean_text(alert.key, _TEXT_LENGTH),
    }
    message = EmailMessage()
    _headers(
        message,
        subject=subject_for(alert),
        sender=sender,
        recipients=recipients,
        date=alert.created_at,
        message_id=message_id_for(alert.key, domain),
    )
    message.set_content(_render("alert.txt.j2", **context))
    message.add_alternative(_render("alert.html.j2", **context), subtype="html")
    return message


def build_test_message(
    *,
    sender: str,
    recipients: Sequence[str],
    now: datetime | None = None,
    domain: str = DEFAULT_DOMAIN,
) -> EmailMessage:
    """Return a short test e-mail (`alerts test`); its Message-ID is new each time."""
    moment = _utc(now or datetime.now(UTC))
    message = EmailMessage()
    _headers(
        message,
        subject=f"{SUBJECT_PREFIX} test message",
        sender=sender,
        recipients=recipients,
        date=moment,
        message_id=make_msgid(idstring="test", domain=_checked_domain(domain)),
    )
    context = {
        "sent": _format_time(moment),
        "sender": clean_text(sender, _TEXT_LENGTH),
        "recipients": [clean_text(r, _TEXT_LENGTH) for r in _as_list(recipients)],
    }
    message.set_content(_render("test.txt.j2", **context))
    message.add_alternative(_render("test.html.j2", **context), subtype="html")
    return message
