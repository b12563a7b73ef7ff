"""The spiders: `cycle` (and `feeds`, `sites`, `sitemaps` for one kind each) and `check`.

All on one base that hands each response to the handler of its source's kind.
"""
