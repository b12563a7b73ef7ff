"""The spiders: feeds (RSS, Atom, search feeds), sites and sitemaps, on a shared source base."""
