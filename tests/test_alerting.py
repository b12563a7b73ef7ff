"""The alert policy: which articles start a story, backoff, batch keys, digest time, stories."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from monitor.alerting import (
    MAX_ATTEMPTS,
    StoryMember,
    batch_key,
    build_alert,
    build_story,
    channels_for,
    digest_due_at,
    email_unusable,
    kinds_for_mode,
    kinds_taken,
    qualifies,
    refusal,
    retry_at,
    webhook_unusable,
)
from monitor.config import AlertsConfig, EmailConfig, WebhookConfig
from monitor.states import AlertKind
from scheduler.mail import (
    DEFAULT_DOMAIN,
    build_message,
    key_from_message_id,
    mail_domain,
    message_id_for,
)

NOW = datetime(2024, 11, 27, 9, 0, tzinfo=UTC)


@dataclass
class Facts:
    language: str | None = "en"
    relevant: bool | None = True
    relevance_score: float | None = 0.9
    leak_report: bool | None = True
    seed_copy: bool | None = False


def test_a_relevant_leak_report_in_a_configured_language_qualifies() -> None:
    config = AlertsConfig()
    assert qualifies(Facts(), config)
    assert qualifies(Facts(language="ar"), config)


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (Facts(leak_report=False), "not a leak report"),
        (Facts(leak_report=None), "not a leak report"),
        (Facts(relevant=False), "not about OpenAI's Sora"),
        (Facts(relevance_score=0.3), "relevance 0.30 below 0.50"),
        (Facts(seed_copy=True), "a copy of the seed article (its story is known)"),
        (Facts(language="fr"), "language fr not in ar, en"),
        (Facts(language=None), "language unknown not in ar, en"),
    ],
)
def test_what_does_not_alert_and_why(facts: Facts, reason: str) -> None:
    assert refusal(facts, AlertsConfig()) == reason
    assert not qualifies(facts, AlertsConfig())


def test_language_filter_and_minimum_relevance_come_from_the_config() -> None:
    arabic_only = AlertsConfig(languages=("ar",), min_relevance=0.95)
    assert refusal(Facts(language="en", relevance_score=0.99), arabic_only) == (
        "language en not in ar"
    )
    assert refusal(Facts(language="ar"), arabic_only) == "relevance 0.90 below 0.95"
    assert qualifies(Facts(language="ar", relevance_score=0.95), arabic_only)


def test_modes_map_to_outbox_kinds() -> None:
    assert kinds_for_mode("immediate") == (AlertKind.IMMEDIATE,)
    assert kinds_for_mode("digest") == (AlertKind.DIGEST,)
    assert kinds_for_mode("both") == (AlertKind.IMMEDIATE, AlertKind.DIGEST)
    with pytest.raises(ValueError, match="unknown alert mode 'hourly'"):
        kinds_for_mode("hourly")


def test_rows_left_by_an_earlier_mode_go_out_the_current_way() -> None:
    assert kinds_taken("immediate", AlertKind.IMMEDIATE) == (AlertKind.IMMEDIATE, AlertKind.DIGEST)
    assert kinds_taken("digest", AlertKind.DIGEST) == (AlertKind.DIGEST, AlertKind.IMMEDIATE)
    assert kinds_taken("both", AlertKind.IMMEDIATE) == (AlertKind.IMMEDIATE,)
    assert kinds_taken("both", AlertKind.DIGEST) == (AlertKind.DIGEST,)
    assert kinds_taken("immediate", AlertKind.DIGEST) == ()


def test_backoff_retries_at_the_next_runs_then_grows_exponentially_to_a_cap() -> None:
    delays = [retry_at(NOW, n) for n in range(1, MAX_ATTEMPTS)]
    assert all(d is not None for d in delays)
    gaps = [d - NOW for d in delays if d is not None]
    assert gaps[:2] == [timedelta(0), timedelta(0)]  # the next runs retry at once
    assert gaps[2:6] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert max(gaps) == timedelta(hours=6) and gaps == sorted(gaps)
    assert retry_at(NOW, MAX_ATTEMPTS) is None  # given up: `failed`, until `alerts retry`


INSTANCE = "59395c1f-769c-4d59-bec3-71cbf168b11b"
OTHER_INSTANCE = "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"


def test_batch_keys_are_stable_and_distinct() -> None:
    assert batch_key("leak", [3, 1, 2], INSTANCE) == batch_key("leak", [1, 2, 3, 3], INSTANCE)
    assert batch_key("leak", [1, 2, 3], INSTANCE) != batch_key("leak", [1, 2, 4], INSTANCE)
    assert batch_key("leak", [1], INSTANCE) != batch_key("digest", [1], INSTANCE)
    # Another database's rows 1, 2, 3 are another mail: a mail service that drops repeated
    # Message-IDs must not swallow it.
    assert batch_key("leak", [1, 2, 3], INSTANCE) != batch_key("leak", [1, 2, 3], OTHER_INSTANCE)
    key = batch_key("leak", range(1, 500), INSTANCE)
    assert key.startswith("leak-1-499-") and len(key) < 40
    message_id = message_id_for(key, "example.org")
    assert key_from_message_id(message_id) == key
    with pytest.raises(ValueError):
        batch_key("leak", [], INSTANCE)


def test_message_id_domain_is_the_senders() -> None:
    assert mail_domain(EmailConfig(from_addr="Monitor <monitor@News.Example.org>")) == (
        "news.example.org"
    )
    assert mail_domain(EmailConfig(from_addr=None)) == DEFAULT_DOMAIN
    assert mail_domain(EmailConfig(from_addr="monitor@[127.0.0.1]")) == DEFAULT_DOMAIN


def test_what_keeps_alerts_from_being_mailed() -> None:
    assert "smtp_host" in (email_unusable(EmailConfig()) or "")
    assert "from" in (email_unusable(EmailConfig(smtp_host="h")) or "")
    assert "to" in (email_unusable(EmailConfig(smtp_host="h", from_addr="a@b.c")) or "")
    assert email_unusable(EmailConfig(smtp_host="h", from_addr="a@b.c", to=("d@e.f",))) is None


def test_a_story_is_written_for_every_configured_channel() -> None:
    hook = WebhookConfig(url="https://hooks.example.org/sora")
    # Nothing configured: e-mail rows wait for an SMTP server, as they always have.
    assert channels_for(AlertsConfig(email=EmailConfig(to=("a@b.c",)))) == {
        "email": {"recipients": ["a@b.c"]}
    }
    assert channels_for(AlertsConfig(webhook=hook)) == {"webhook": {}}
    both = AlertsConfig(email=EmailConfig(smtp_host="smtp.example.org"), webhook=hook)
    assert list(channels_for(both)) == ["email", "webhook"]
    assert "[alerts.webhook] url" in (webhook_unusable(WebhookConfig()) or "")
    assert webhook_unusable(hook) is None


def test_the_digest_is_due_at_digest_at_in_the_time_zone_of_now() -> None:
    at = time(8, 0)
    assert digest_due_at(datetime(2024, 11, 27, 9, 30, tzinfo=UTC), at) == datetime(
        2024, 11, 27, 8, 0, tzinfo=UTC
    )
    # Before today's moment the due digest is yesterday's.
    assert digest_due_at(datetime(2024, 11, 27, 7, 59, tzinfo=UTC), at) == datetime(
        2024, 11, 26, 8, 0, tzinfo=UTC
    )
    riyadh = timezone(timedelta(hours=3))
    due = digest_due_at(datetime(2024, 11, 27, 8, 0, tzinfo=riyadh), at)
    assert due == datetime(2024, 11, 27, 5, 0, tzinfo=UTC)


def member(article_id: int, published_day: int, **changes: object) -> StoryMember:
    values: dict = {
        "article_id": article_id,
        "url": f"https://news.example/{article_id}",
        "title": f"Headline {article_id}",
        "outlet": f"Outlet {article_id}",
        "language": "en",
        "published_at": datetime(2024, 11, published_day, 9, 0, tzinfo=UTC),
        "first_seen_at": NOW,
        "claims": (),
    }
    values.update(changes)
    return StoryMember(**values)


def test_a_story_leads_with_its_earliest_article_and_gathers_the_clusters_claims() -> None:
    members = [
        member(1, 26, claims=("leaked-by-testers",)),
        member(2, 27, claims=("leaked-on-hugging-face", "leaked-by-testers"), language="ar"),
        member(3, 25),
    ]
    texts = {
        "leaked-by-testers": ("By testers", "من المختبرين"),
        "leaked-on-hugging-face": ("On Hugging Face", "على Hugging Face"),
        "pr-stunt": ("A PR stunt", "حيلة"),
    }
    # Article 2 alerted, but article 3 was published first: it leads, whatever the store order.
    story = build_story(7, 2, members, texts)
    assert story.key == "story-7"
    assert story.headline.url == "https://news.example/3"
    assert [a.url for a in story.others] == ["https://news.example/1", "https://news.example/2"]
    assert build_story(7, 2, list(reversed(members)), texts) == story
    assert story.claims == ("leaked-by-testers", "leaked-on-hugging-face")
    # The claims read in the headline's language; claims the story lacks are not carried.
    assert dict(story.claim_texts) == {
        "leaked-on-hugging-face": "On Hugging Face",
        "leaked-by-testers": "By testers",
    }
    # Published at the same time: the alerting article leads.
    tied = [member(1, 26), member(2, 26)]
    assert build_story(8, 2, tied, texts).headline.url == "https://news.example/2"
    with pytest.raises(ValueError, match="story 7 has no articles"):
        build_story(7, 2, [], texts)


def test_an_alert_lists_stories_oldest_first_and_mails_with_the_batch_key() -> None:
    late = build_story(1, 1, [member(1, 28, title="Late")], {})
    early = build_story(2, 2, [member(2, 26, title="Early")], {})
    undated = build_story(3, 3, [member(3, 27, published_at=None)], {})
    alert = build_alert("leak-1-3-abc", [late, undated, early], NOW)
    assert [s.key for s in alert.stories] == ["story-2", "story-1", "story-3"]
    message = build_message(alert, sender="m@example.org", recipients=["a@example.org"])
    assert message["Subject"] == "[sora-monitor] 3 new leak stories: Early"
    assert message["Message-ID"] == "<alert-leak-1-3-abc@sora-monitor.invalid>"


def test_the_policy_module_imports_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, monitor.alerting; "
        "print(sorted(m for m in ('scrapy', 'sqlalchemy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
