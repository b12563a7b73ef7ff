"""JSON-LD in web pages: the objects of their `<script type="application/ld+json">` blocks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def json_ld_objects(scripts: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Every JSON object in these script texts, in document order: the top-level objects, the
    items of top-level lists and the members of `@graph`. A script that is not JSON is skipped."""
    for text in scripts:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        yield from _objects(data)


def json_ld_types(item: dict[str, Any]) -> list[str]:
    """The object's `@type`s, lowercased (a string or a list of them)."""
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [value.lower() for value in kinds if isinstance(value, str)]


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"))
