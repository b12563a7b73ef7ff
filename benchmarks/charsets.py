"""How often a body's text comes out right when its header is missing, right or lying:
`monitor.charsets.decode_body` beside Scrapy's own choice (w3lib's `html_to_unicode`, which
trusts the header, then the BOM, then `<meta charset>`, then detection).

    python benchmarks/charsets.py [--root DIR] [--json]

The corpus is chardet's test files in `../shared/data/encodings/chardet/tests` (one folder per
true encoding: feeds, pages and snippets in 40-odd encodings, Arabic windows-1256 and
ISO-8859-6 among them), read in place, never copied. A file counts as right when the text is
exactly the bytes decoded in their true encoding (a leading BOM aside).
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
import time
from pathlib import Path

from w3lib.encoding import html_to_unicode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.charsets import decode_body  # noqa: E402

DEFAULT_ROOT = ROOT.parent / "shared" / "data" / "encodings" / "chardet" / "tests"
HEADERS = {
    "no charset": "text/html",
    "the true charset": "text/html; charset={true}",
    "charset=utf-8 (a lie)": "text/html; charset=utf-8",
    "charset=iso-8859-1 (a lie)": "text/html; charset=iso-8859-1",
}


def true_codec(folder: str) -> str | None:
    """The codec a chardet test folder is named for (`windows-1250-czech` -> cp1250)."""
    parts = folder.split("-")
    for end in range(len(parts), 0, -1):
        label = "-".join(parts[:end])
        for candidate in (label, label.replace("Mac", "mac-")):
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return None


def corpus(root: Path) -> list[tuple[str, bytes, str]]:
    files = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        codec = true_codec(folder.name)
        if codec is None or codec.startswith(("utf-16", "utf-32")):
            continue  # no Python codec, or not a web charset
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            try:
                expected = data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError:
                continue  # a file the folder's own codec cannot read
            files.append((codec, data, expected))
    return files


def measure(root: Path) -> dict[str, object]:
    files = corpus(root)
    rows = []
    for scenario, template in HEADERS.items():
        ours = scrapy = 0
        ours_time = scrapy_time = 0.0
        for codec, data, expected in files:
            content_type = template.format(true=codec)
            start = time.perf_counter()
            mine = decode_body(data, content_type).text.lstrip("\ufeff")
            ours_time += time.perf_counter() - start
            start = time.perf_counter()
            _, theirs = html_to_unicode(content_type, data)
            scrapy_time += time.perf_counter() - start
            ours += mine == expected
            scrapy += theirs.lstrip("\ufeff") == expected
        rows.append(
            {
                "header": scenario,
                "files": len(files),
                "right_ours": ours,
                "right_scrapy": scrapy,
                "ms_per_file_ours": round(1000 * ours_time / len(files), 2),
                "ms_per_file_scrapy": round(1000 * scrapy_time / len(files), 2),
            }
        )
    return {"root": str(root), "encodings": len({c for c, _, _ in files}), "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"no corpus at {args.root}", file=sys.stderr)
        return 2
    result = measure(args.root)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['encodings']} encodings, {result['rows'][0]['files']} files")  # type: ignore[index]
    print(f"{'header':28} {'right: ours':>12} {'scrapy':>8} {'ms/file: ours':>14} {'scrapy':>8}")
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(
            f"{row['header']:28} {row['right_ours']:>12} {row['right_scrapy']:>8} "
            f"{row['ms_per_file_ours']:>14} {row['ms_per_file_scrapy']:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
