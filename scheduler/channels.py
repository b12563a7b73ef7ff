"""The alert channels delivery knows: e-mail through SMTP, and the webhook.

Each implements `monitor.alerting.Channel`: it renders a batch its own way (a multipart mail, a
JSON document) and says what happened; `scheduler.deliver` does the rest, the same for both.
"""

from __future__ import annotations

import dataclasses

from monitor.alerting import Alert, Channel, Delivery, email_unusable
from monitor.config import Config, EmailConfig
from monitor.errors import NotificationError, SMTPConnectError
from monitor.states import AlertChannel
from scheduler.mail import build_message, key_from_message_id, mail_domain, message_id_for
from scheduler.notify import Notifier, SMTPNotifier
from scheduler.webhook import WebhookChannel

__all__ = ["EmailChannel", "WebhookChannel", "channels_of"]


class EmailChannel:
    """One multipart mail per batch through the SMTP server of `[alerts.email]`; the batch id
    is the mail's Message-ID, so a resend after a crash is the same mail to the reader."""

    name = AlertChannel.EMAIL

    def __init__(self, config: EmailConfig, notifier: Notifier | None = None) -> None:
        self.config = config
        self._notifier = notifier

    def unusable(self) -> str | None:
        return email_unusable(self.config)

    def batch_id(self, key: str) -> str:
        return message_id_for(key, mail_domain(self.config))

    def send(self, alert: Alert) -> Delivery:
        email = self.config
        try:
            if self._notifier is None:
                self._notifier = SMTPNotifier(email)
            message = build_message(
                dataclasses.replace(alert, key=key_from_message_id(alert.key)),
                sender=email.from_addr or "",
                recipients=email.to,
                domain=mail_domain(email),
            )
            # The claimed id is authoritative: a resend must carry exactly the same Message-ID.
            message.replace_header("Message-ID", alert.key)
            result = self._notifier.send(message)
        except NotificationError as exc:
            return Delivery(False, str(exc), reachable=not isinstance(exc, SMTPConnectError))
        note = None
        if result.refused:
            refused = ", ".join(f"{a} ({r})" for a, r in result.refused.items())
            note = f"refused by the server: {refused}"
        return Delivery(True, note, data={"recipients": list(result.accepted)})


def channels_of(config: Config, *, notifier: Notifier | None = None) -> list[Channel]:
    """Every channel, configured or not (the rows of one that is not wait, and are counted);
    `notifier` replaces the SMTP transport (tests)."""
    return [EmailChannel(config.alerts.email, notifier), WebhookChannel.from_config(config)]
