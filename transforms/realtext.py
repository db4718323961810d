"""The real-text development corpus: annotations committed, third-party texts cached outside git.

Each record of ``tests/gold/realtext/*.jsonl`` names a public page (``url``, ``url_sha256``, the
``query`` that found it in the page corpus) and the sha256 and length of the excerpt that was
annotated; the excerpt itself lives in the git-ignored cache ``data/realtext/<id>.txt``. The
split is fixed by the URL, so a record never moves between parts: ``test`` when
``int(url_sha256, 16) % 3 == 0``, else ``dev``.

Run ``python -m transforms.realtext check`` to verify the cache, and
``python -m transforms.realtext put ID FILE`` to store one excerpt (cut to the record's length
and verified against its sha256).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

logger = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parent.parent
REALTEXT_DIR = _ROOT / "tests" / "gold" / "realtext"
CACHE_DIR = _ROOT / "data" / "realtext"

Part = Literal["dev", "test"]
PARTS: tuple[Part, ...] = ("dev", "test")

#: How to fill the cache, printed whenever texts are missing.
RECIPE = """\
The real-text cache {cache} lacks {missing} of {total} excerpts{ids}.
To fill it, for each record of tests/gold/realtext/*.jsonl:
  1. search the page corpus (the `search` tool, corpus "pages") with the record's "query";
  2. take the result whose address equals the record's "url" and keep its excerpt, cut to the
     record's "length" characters (the excerpt's first "length" characters);
  3. store it with `python -m transforms.realtext put <id> <file>` (or write it, UTF-8, to
     data/realtext/<id>.txt);
then run `python -m transforms.realtext check`: it verifies every text's length and sha256."""


class RealtextError(Exception):
    """A cached text is missing or does not match its record."""

    def __init__(self, message: str, ids: Sequence[str]) -> None:
        super().__init__(message)
        self.ids = tuple(ids)


class CacheMissing(RealtextError):
    """Some records have no cached text."""


class CacheMismatch(RealtextError):
    """Some cached texts differ from what was annotated (length or sha256)."""


def sha256_hex(value: str) -> str:
    """Return the hex sha256 of a string's UTF-8 bytes."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def part_of(url_sha256: str) -> Part:
    """Return the part a record belongs to, fixed by the sha256 of its URL.

    Args:
        url_sha256: Hex sha256 of the record's URL.

    Returns:
        ``"test"`` for about a third of the URLs, ``"dev"`` for the rest.
    """
    return "test" if int(url_sha256, 16) % 3 == 0 else "dev"


def load_records(directory: Path = REALTEXT_DIR) -> list[dict[str, Any]]:
    """Read every record of the corpus, batch files in name order.

    Args:
        directory: Folder with the ``*.jsonl`` batch files.

    Returns:
        The records (empty when the folder has none).
    """
    records: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records.extend(json.loads(line) for line in fh if line.strip())
    return records


def select(records: Iterable[dict[str, Any]], part: Part | Literal["all"]) -> list[dict[str, Any]]:
    """Keep the records of one part (or all of them)."""
    return [r for r in records if part == "all" or part_of(r["url_sha256"]) == part]


def text_problem(record: dict[str, Any], text: str) -> str | None:
    """Say why a text is not the one a record annotates, or return None when it is."""
    if len(text) != record["length"]:
        return f"length {len(text)} != {record['length']}"
    if sha256_hex(text) != record["sha256"]:
        return "sha256 differs"
    return None


def cache_path(record_id: str, cache_dir: Path = CACHE_DIR) -> Path:
    """Path of one record's cached text."""
    return cache_dir / f"{record_id}.txt"


def load_texts(records: Sequence[dict[str, Any]], cache_dir: Path = CACHE_DIR) -> dict[str, str]:
    """Read and verify the cached text of every record.

    Args:
        records: Corpus records.
        cache_dir: The cache folder.

    Returns:
        Text by record id.

    Raises:
        CacheMismatch: A cached text differs from its record (checked first: it breaks offsets).
        CacheMissing: Some records have no cached text.
    """
    texts: dict[str, str] = {}
    missing: list[str] = []
    mismatched: list[str] = []
    for record in records:
        path = cache_path(record["id"], cache_dir)
        if not path.is_file():
            missing.append(record["id"])
            continue
        text = path.read_text(encoding="utf-8")
        problem = text_problem(record, text)
        if problem:
            mismatched.append(f"{record['id']} ({problem})")
            continue
        texts[record["id"]] = text
    if mismatched:
        raise CacheMismatch(
            f"cached real text does not match its record: {', '.join(mismatched)}; "
            "re-fetch it (python -m transforms.realtext put ID FILE)",
            [m.split(" ", 1)[0] for m in mismatched],
        )
    if missing:
        raise CacheMissing(recipe(cache_dir, missing, len(records)), missing)
    return texts


def recipe(cache_dir: Path, missing: Sequence[str], total: int) -> str:
    """The message that says which texts are missing and how to fill the cache."""
    shown = ", ".join(missing[:12]) + (", …" if len(missing) > 12 else "")
    return RECIPE.format(cache=cache_dir, missing=len(missing), total=total, ids=f" ({shown})" if missing else "")


def as_gold_documents(records: Sequence[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Turn records with cached texts into the document shape ``transforms.evaluate`` scores.

    Args:
        records: Corpus records.
        texts: Text by record id (records without one are left out).

    Returns:
        Documents with ``id``, ``text``, ``title`` (None), ``published_at`` and ``gold``.
    """
    return [
        {
            "id": r["id"],
            "text": texts[r["id"]],
            "title": None,
            "published_at": r.get("published_at"),
            "gold": r["gold"],
        }
        for r in records
        if r["id"] in texts
    ]


def put(record: dict[str, Any], excerpt: str, cache_dir: Path = CACHE_DIR) -> Path:
    """Cut an excerpt to the record's length, verify it and store it in the cache.

    Args:
        record: The corpus record.
        excerpt: The page corpus's excerpt for the record's URL.
        cache_dir: The cache folder.

    Returns:
        The written path.

    Raises:
        CacheMismatch: The cut excerpt does not hash to the record's sha256.
    """
    text = excerpt[: record["length"]]
    problem = text_problem(record, text)
    if problem:
        raise CacheMismatch(f"{record['id']}: the excerpt is not the annotated text ({problem})", [record["id"]])
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_path(record["id"], cache_dir)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Command-line entry point: ``check`` the cache or ``put`` one excerpt into it.

    Args:
        argv: Arguments.
        out: Where to print.

    Returns:
        0 when everything checked is in place, 1 otherwise.
    """
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=Path, default=REALTEXT_DIR)
    parser.add_argument("--cache", type=Path, default=CACHE_DIR)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="verify the length and sha256 of every cached text")
    put_p = sub.add_parser("put", help="store one excerpt (cut to the record's length)")
    put_p.add_argument("id")
    put_p.add_argument("file", type=Path, help="UTF-8 file with the excerpt, '-' for stdin")
    args = parser.parse_args(argv)
    records = load_records(args.records)
    if args.command == "put":
        by_id = {r["id"]: r for r in records}
        if args.id not in by_id:
            out.write(f"no record with id {args.id!r} in {args.records}\n")
            return 1
        excerpt = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8")
        try:
            path = put(by_id[args.id], excerpt, args.cache)
        except CacheMismatch as exc:
            out.write(f"{exc}\n")
            return 1
        out.write(f"wrote {path}\n")
        return 0
    try:
        texts = load_texts(records, args.cache)
    except RealtextError as exc:
        out.write(f"{exc}\n")
        return 1
    out.write(f"{len(texts)} of {len(records)} cached texts verified\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
