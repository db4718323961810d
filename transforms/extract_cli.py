"""The ``cgtwatch extract`` contract: JSON Lines in, one JSON object per valid line out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from transforms.engine import TransformEngine
from transforms.types import InputDocument

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPTIONAL = ("title", "published_at", "source", "url")
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")


class InputError(ValueError):
    """A malformed input line; the message says why."""


def decode_input_line(raw: bytes | str) -> str:
    """The text of one input line, if it is text at all.

    Raises:
        InputError: Invalid UTF-8 (with the byte offset) or binary data (NUL bytes).
    """
    if isinstance(raw, str):
        return raw
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary data (NUL byte at byte {nul + 1}), not a JSON Lines text line")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start + 1} ({raw[exc.start : exc.start + 4]!r})") from None


def parse_input_line(line: str) -> InputDocument:
    """Validate one input line against the contract.

    Args:
        line: One JSON Lines line.

    Returns:
        The document.

    Raises:
        InputError: If the line is not a JSON object with a string ``id`` and ``text`` and
            optional string ``title``/``published_at`` (``YYYY-MM-DD``)/``source``/``url``,
            nests too deeply, or holds a lone surrogate (an escaped U+D800..U+DFFF) that UTF-8 cannot encode.
    """
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
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
    for key in ("id", "text", *_OPTIONAL):
        value = obj.get(key)
        if isinstance(value, str) and (match := _LONE_SURROGATE.search(value)):
            raise InputError(f"field {key!r} holds a lone surrogate (U+{ord(match.group()):04X}) at {match.start()}")
    return InputDocument(
        id=obj["id"],
        text=obj["text"],
        title=obj.get("title"),
        published_at=published or None,
        source=obj.get("source"),
        url=obj.get("url"),
    )


def run_extract(
    infile: Iterable[bytes | str],
    outfile: TextIO,
    errfile: TextIO,
    *,
    engine: TransformEngine | None = None,
    jieba_cache_dir: Path | None = None,
) -> int:
    """Run the extract contract over a stream.

    Blank lines are skipped silently; every other malformed line (not UTF-8, binary, not JSON, too
    deeply nested, not an object, lone surrogates, fields of the wrong type) is reported on
    ``errfile`` as ``line N: reason`` and processing continues with the next line.

    Args:
        infile: JSON Lines input, bytes (decoded here, line by line) or text.
        outfile: Receives one JSON object per valid line, same order, ``ensure_ascii=False``.
        errfile: Receives one message per malformed line.
        engine: A prebuilt engine (tests share one); built on first valid line otherwise.
        jieba_cache_dir: Where a built engine keeps jieba's cache (the project's, not ``/tmp``).

    Returns:
        0 when every line was valid, 1 when some were rejected (the exit codes of ``cgtwatch extract``;
        2, could not run, is the caller's).
    """
    bad = 0
    for lineno, raw in enumerate(infile, start=1):
        try:
            line = decode_input_line(raw)
            if not line.strip():
                continue
            doc = parse_input_line(line)
        except InputError as exc:
            bad += 1
            errfile.write(f"line {lineno}: {exc}\n")
            continue
        if engine is None:
            engine = TransformEngine(tmp_dir=None if jieba_cache_dir is None else str(jieba_cache_dir))
        result = engine.extract(doc)
        outfile.write(json.dumps(result.to_contract_dict(), ensure_ascii=False) + "\n")
    return 1 if bad else 0
