"""The spiders: `cycle` (every kind of source; `feeds`, `sites`, `sitemaps` for one kind each)
and `check`, on one base that hands each response to its source kind's handler."""
