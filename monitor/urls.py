"""URL canonicalisation (tracking junk dropped) and the safety policy for what may be fetched."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url as _w3lib_canonicalize

from monitor.errors import UnsafeURLError

# Query parameters that only say how a reader arrived; dropping them merges the same article
# seen through a newsletter, a feed or a social network.
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "__hs", "hsa_", "oly_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "ncid",
        "ref_src",
        "ref_url",
        "smid",
        "smtyp",
        "rss",
        "feed",
        "at_medium",
        "at_campaign",
        "guccounter",
    }
)

# Never fetched, whatever the configuration says: link-local addresses, where cloud metadata
# services live (169.254.169.254, fd00:ec2::254), hand out credentials to whoever asks.
ALWAYS_FORBIDDEN = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """The URL's canonical form: no fragment, no tracking parameters, normalised encoding.

    Query parameters are sorted and the host lower-cased (w3lib's canonical form), so that two
    links that differ only in those respects are one article.
    """
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    netloc = parts.netloc
    if parts.port is not None and (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        netloc = netloc.rsplit(":", 1)[0]
    path = parts.path or "/"
    cleaned = urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
    return _w3lib_canonicalize(cleaned, keep_fragments=False)


# The Public Suffix List snapshot that ships with tldextract: never fetched from the network.
# Private suffixes count (github.io, blogspot.com): two blogs there are two sites.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


def site_of(url: str) -> str:
    """The registrable domain of `url`'s host (bbc.co.uk for www.bbc.co.uk), or the host
    itself when it has none (an IP address, localhost)."""
    host = (urlsplit(url).hostname or "").lower()
    return _SUFFIXES(host).top_domain_under_public_suffix or host


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site (m.example.com and www.example.com are)."""
    return site_of(url) == site_of(other)


def _parse_network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


Resolver = Callable[[str], Sequence[str]]


def resolve_host(host: str) -> list[str]:
    """The host's addresses (empty when it does not resolve: the download will say so)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class URLPolicy:
    """Which URLs may be fetched: schemes, and which non-public hosts are allowed.

    `private_hosts` lists hostnames, addresses or networks (CIDR) that may be fetched although
    they are loopback or private; tests list "127.0.0.1". Link-local and cloud-metadata
    addresses are refused whatever is listed.
    """

    allowed_schemes: frozenset[str] = frozenset({"http", "https"})
    private_hosts: tuple[str, ...] = ()
    resolver: Resolver = field(default=resolve_host, compare=False, repr=False)

    @classmethod
    def from_settings(cls, schemes: Iterable[str], private_hosts: Iterable[str]) -> URLPolicy:
        return cls(frozenset(s.lower() for s in schemes), tuple(private_hosts))

    def check_syntax(self, url: str) -> str:
        """Refuse what can be refused without DNS; return the lower-cased host."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as exc:
            raise UnsafeURLError(url, "malformed", str(exc)) from exc
        scheme = parts.scheme.lower()
        if scheme not in self.allowed_schemes:
            raise UnsafeURLError(url, "scheme", f"only {', '.join(sorted(self.allowed_schemes))}")
        if not host:
            raise UnsafeURLError(url, "no-host")
        return host.lower()

    def check(self, url: str) -> None:
        """Raise UnsafeURLError unless `url` may be fetched. Resolves the host name."""
        host = self.check_syntax(url)
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in self.resolver(host)]
        for address in addresses:
            self._check_address(url, host, address)

    def _check_address(
        self, url: str, host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address
    ) -> None:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(
            address in network for network in ALWAYS_FORBIDDEN if address.version == network.version
        ):
            raise UnsafeURLError(url, "link-local", f"{host} is {address}, never fetched")
        public = address.is_global and not address.is_multicast
        if public:
            return
        for entry in self.private_hosts:
            if entry.lower() == host:
                return
            network = _parse_network(entry)
            if network is not None and network.version == address.version and address in network:
                return
        raise UnsafeURLError(
            url,
            "private-address",
            f"{host} is {address}; list it in [crawl] private_hosts to allow it",
        )
