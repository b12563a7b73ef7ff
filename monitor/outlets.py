"""Which outlet published an article: the name reports and alerts show for it."""

from __future__ import annotations

from urllib.parse import urlsplit

from monitor.states import SourceKind

# Sources of these kinds gather many publishers: their name is not the outlet's.
AGGREGATING_KINDS = frozenset({SourceKind.SEARCH})


def outlet_name(
    outlet: str | None, source_name: str | None, source_kind: str | None, url: str
) -> str:
    """The publisher's own name (from its page or the aggregator's item), else the configured
    source's name unless that source is a search feed, else the article's host."""
    if outlet:
        return outlet
    if source_name and source_kind not in AGGREGATING_KINDS:
        return source_name
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
