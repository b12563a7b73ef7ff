"""The Scrapy project: spiders and their handlers, SourceHealth, middlewares, pipelines."""
