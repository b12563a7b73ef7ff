"""The exceptions sora-monitor raises, in one hierarchy.

Every error a user can cause or meet has its own class, with a message that says what to do.
The CLI maps them to exit codes: configuration and usage errors exit 2, a failed run exits 1,
a run that finds the lock taken exits 75. (The crawl's Scrapy signals, which must subclass
Scrapy's exceptions, are in crawler.exceptions.)

    SoraMonitorError
    ├── ConfigError            bad or unreadable configuration (exit 2)
    │   └── CatalogueError     a malformed claim catalogue
    ├── BadValue               a configuration value is wrong (the reader makes it a ConfigError)
    ├── UsageError             arguments that cannot work (exit 2)
    │   └── UnknownSource      no source of that name is configured or stored
    ├── StorageError           the database cannot be opened, migrated or written (exit 1)
    ├── OutputError            a report, chart or feed file cannot be written (exit 1)
    ├── LockHeld               another run holds the lock (exit 75)
    ├── RunFailed              no source could be reached (exit 1)
    ├── RunInterrupted         SIGINT or SIGTERM stopped the run (exit 130 or 143)
    ├── QueueError             the shared crawl queue ([scale] redis) cannot be reached (exit 1)
    ├── UnsafeURLError         a URL the crawl policy refuses (scheme, host, address)
    ├── NotASitemap            a body that is not a sitemap or sitemap index
    ├── AggregatorFormatError  an aggregator's answer is no longer shaped as expected
    ├── AnalysisError          an input to `analyze` cannot be read
    ├── SampleWebError         the demo's sample web cannot be served
    └── NotificationError      an alert could not be delivered (e-mail or webhook)
        ├── AddressError       a sender or recipient address is unusable (exit 2)
        ├── SMTPConnectError   the server cannot be reached
        ├── SMTPSecurityError  the server cannot give the transport security asked for
        ├── SMTPAuthError      the server refused the credentials
        ├── SMTPSenderError    the server refused the sender
        ├── SMTPRecipientsError the server refused every recipient
        ├── SMTPRejectedError  the server refused the message itself
        └── WebhookError       the webhook endpoint could not be reached or refused the POST
"""

from __future__ import annotations


class SoraMonitorError(Exception):
    """Base class of every error raised on purpose by sora-monitor."""

    exit_code: int = 1


class ConfigError(SoraMonitorError):
    """The configuration is unreadable or invalid; the message names the file, line and key."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.key = key
        where = path or "<config>"
        if line is not None:
            where += f", line {line}"
        if key:
            where += f", key '{key}'"
        super().__init__(f"{where}: {message}")


class CatalogueError(ConfigError):
    """The claim catalogue is malformed."""


class BadValue(SoraMonitorError):
    """A configuration value is wrong; the message says how. The configuration reader turns it
    into a ConfigError naming the file, line and key."""

    exit_code = 2


class UsageError(SoraMonitorError):
    """A command was called with arguments that cannot work."""

    exit_code = 2


class UnknownSource(UsageError):
    """No source of that name is configured or stored."""


class StorageError(SoraMonitorError):
    """The database cannot be opened, migrated or written."""

    exit_code = 1


class OutputError(SoraMonitorError):
    """A report, chart or feed file cannot be written (a full disk, an I/O error)."""

    exit_code = 1


class LockHeld(SoraMonitorError):
    """Another run holds the lock."""

    exit_code = 75


class RunFailed(SoraMonitorError):
    """The run could not do its work (no source could be reached)."""

    exit_code = 1


class RunInterrupted(SoraMonitorError):
    """A signal stopped the run (Ctrl-C, SIGTERM): it is recorded as interrupted, and the next
    run fetches what was left. The exit code is the shell's for that signal, 128 + its number:
    130 for SIGINT, 143 for SIGTERM."""

    exit_code = 130

    def __init__(self, message: str, signum: int = 2, *, at_once: bool = False) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        self.at_once = at_once  # stopped at once: work still under way is to be abandoned
        super().__init__(message)


class QueueError(SoraMonitorError):
    """The shared crawl queue ([scale] redis) cannot be reached or used."""

    exit_code = 1


class UnsafeURLError(SoraMonitorError):
    """The crawl policy refuses this URL; `reason` is a short machine-readable word."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        self.url = url
        self.reason = reason
        self.detail = detail
        super().__init__(f"refused {url!r}: {reason}" + (f" ({detail})" if detail else ""))


class NotASitemap(SoraMonitorError, ValueError):
    """The body is not a sitemap or sitemap index."""


class AggregatorFormatError(SoraMonitorError, ValueError):
    """An aggregator (Google News) answered in a shape the decoder does not know: it changed
    its undocumented pages or endpoint. Its items are kept feed-only until the decoder is
    updated (a newer sora-monitor)."""

    def __init__(self, aggregator: str, detail: str) -> None:
        self.aggregator = aggregator
        self.detail = detail
        super().__init__(
            f"{aggregator} changed its link format ({detail}); its items are kept as "
            "feed-only articles until sora-monitor is updated"
        )


class AnalysisError(SoraMonitorError):
    """An input to `analyze` cannot be read."""


class SampleWebError(SoraMonitorError):
    """The sample web cannot be served (bad root, port taken, started twice)."""


class NotificationError(SoraMonitorError):
    """An alert could not be delivered (an e-mail sent, a webhook called)."""


class SMTPConnectError(NotificationError):
    """The SMTP server cannot be reached or dropped the connection."""


class SMTPAuthError(NotificationError):
    """The SMTP server refused the credentials."""


class SMTPRecipientsError(NotificationError):
    """The SMTP server refused every recipient."""


class AddressError(NotificationError):
    """A sender or recipient address cannot be used in a mail header."""

    exit_code = 2


class SMTPSecurityError(NotificationError):
    """The server cannot give the transport security the configuration asks for."""


class SMTPSenderError(NotificationError):
    """The server refused the sender (From) address."""


class SMTPRejectedError(NotificationError):
    """The server refused the message itself after accepting its recipients."""


class WebhookError(NotificationError):
    """The webhook endpoint could not be reached, or did not accept the POST.

    `retry`: trying again later may help (a server error, an outage), unlike a refusal that
    only a changed configuration fixes. `reachable`: the endpoint answered at all.
    """

    def __init__(self, message: str, *, retry: bool = True, reachable: bool = True) -> None:
        self.retry = retry
        self.reachable = reachable
        super().__init__(message)
