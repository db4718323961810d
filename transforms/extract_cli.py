"""The ``cgtwatch extract`` contract: JSON Lines in, one JSON object per valid line out."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from transforms.engine import TransformEngine
from transforms.types import InputDocument

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPTIONAL = ("title", "published_at", "source", "url")


class InputError(ValueError):
    """A malformed input line; the message says why."""


def parse_input_line(line: str) -> InputDocument:
    """Validate one input line against the contract.

    Args:
        line: One JSON Lines line.

    Returns:
        The document.

    Raises:
        InputError: If the line is not a JSON object with a string ``id`` and ``text`` and
            optional string ``title``/``published_at`` (``YYYY-MM-DD``)/``source``/``url``.
    """
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    for key in ("id", "text"):
        if key not in obj:
            raise InputError(f"missing required field {key!r}")
        if not isinstance(obj[key], str):
            raise InputError(f"field {key!r} must be a string, got {type(obj[key]).__name__}")
    for key in _OPTIONAL:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(f"field {key!r} must be a string or null, got {type(obj[key]).__name__}")
    published = obj.get("published_at")
    if published and not _DATE_RE.match(published):
        raise InputError(f"field 'published_at' must be YYYY-MM-DD, got {published!r}")
    return InputDocument(
        id=obj["id"],
        text=obj["text"],
        title=obj.get("title"),
        published_at=published or None,
        source=obj.get("source"),
        url=obj.get("url"),
    )


def run_extract(infile: TextIO, outfile: TextIO, errfile: TextIO, *, engine: TransformEngine | None = None) -> int:
    """Run the extract contract over a stream.

    Blank lines are skipped silently; every other malformed line is reported on ``errfile``
    as ``line N: reason`` and processing continues.

    Args:
        infile: JSON Lines input.
        outfile: Receives one JSON object per valid line, same order, ``ensure_ascii=False``.
        errfile: Receives one message per malformed line.
        engine: A prebuilt engine (tests share one); built on first valid line otherwise.

    Returns:
        0 when every line was valid, 1 otherwise.
    """
    bad = 0
    for lineno, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        try:
            doc = parse_input_line(line)
        except InputError as exc:
            bad += 1
            errfile.write(f"line {lineno}: {exc}\n")
            continue
        if engine is None:
            engine = TransformEngine()
        result = engine.extract(doc)
        outfile.write(json.dumps(result.to_contract_dict(), ensure_ascii=False) + "\n")
    return 1 if bad else 0
