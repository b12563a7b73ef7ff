"""Output formats read back the way their readers read them: Markdown through a CommonMark
renderer with GFM tables, so escaping is checked by what a reader sees, not by string shape."""

from __future__ import annotations

from html import unescape

from markdown_it import MarkdownIt

from cli.output import Column, to_markdown

COLUMNS = (Column("title", "title"), Column("url", "url"))


def rendered_cells(rows: list[dict[str, str]]) -> list[str]:
    html = MarkdownIt("commonmark").enable("table").render(to_markdown(rows, COLUMNS))
    body = html.split("<tbody>", 1)[1]
    return [cell.split("</td>", 1)[0] for cell in body.split("<td>")[1:]]


def test_urls_are_links_to_the_very_address() -> None:
    url = "https://news.example/technology_news.xml?a=1&b=2|3"
    [_, cell] = rendered_cells([{"title": "t", "url": url}])
    href = unescape(cell.split('href="', 1)[1].split('"', 1)[0])
    assert href == "https://news.example/technology_news.xml?a=1&b=2%7C3"


def test_text_reads_as_written_and_never_as_markup() -> None:
    title = r"A \| B *not bold* _nor this_ [link](http://x) <script>x</script> # no heading"
    [cell, _] = rendered_cells([{"title": title, "url": ""}])
    assert "<script>" not in cell and "<em>" not in cell and "<a " not in cell
    assert unescape(cell) == title
