"""The spiders: feeds (and later sites and sitemaps)."""
