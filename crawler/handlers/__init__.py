"""One handler object per kind of source (feed, site, sitemap) and one for `sources check`."""
