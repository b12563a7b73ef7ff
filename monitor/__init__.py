"""sora-monitor: track how news about OpenAI's Sora spreads through Arabic and English media."""

__version__ = "0.1.0"
