"""Tagging time per character against document length: flat from 10k to 1M characters.

One long document is built by joining generated documents' bodies (realistic sentences, entities
and events) until it reaches each size; the whole transform (``TransformEngine.extract``) runs on
it once warm. The ratio that matters is the time per character of the longest document over that of
the 10k-character one, both measured in the same process: 1.0 is linear, the quadratic tagger the
issue #17 found gave ~10 already at 375k characters.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.corpus import generate_documents

SIZES = (10_000, 100_000, 1_000_000)


def long_text(chars: int) -> str:
    """At least ``chars`` characters of generated bodies, cut to exactly ``chars``."""
    parts: list[str] = []
    total = 0
    for row in generate_documents(max(8, chars // 300)):
        parts.append(row["body_text"])
        total += len(row["body_text"]) + 1
        if total >= chars:
            break
    text = "\n".join(parts)
    while len(text) < chars:  # generated bodies ran short: repeat them
        text = f"{text}\n{text}"
    return text[:chars]


def measure_tagging_scale(sizes: Sequence[int] = SIZES, *, cache_dir: Path) -> dict[str, Any]:
    """Seconds and microseconds per character of one ``extract`` per size, and the largest/smallest ratio.

    Returns:
        ``{"sizes": {chars: {"seconds", "us_per_char", "entities", "events"}}, "ratio": float}``.
    """
    from transforms.engine import TransformEngine
    from transforms.types import InputDocument

    engine = TransformEngine(tmp_dir=str(cache_dir))
    engine.extract(InputDocument(id="warm", text=long_text(2_000), title="预热"))
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        text = long_text(size)
        started = time.perf_counter()
        extraction = engine.extract(InputDocument(id=str(size), text=text, title="长文档", published_at="2025-06-30"))
        seconds = time.perf_counter() - started
        results[size] = {
            "seconds": round(seconds, 3),
            "us_per_char": round(seconds / size * 1e6, 3),
            "entities": len(extraction.entities),
            "events": len(extraction.events),
        }
    smallest, largest = min(sizes), max(sizes)
    ratio = results[largest]["us_per_char"] / results[smallest]["us_per_char"]
    return {"sizes": {str(k): v for k, v in results.items()}, "ratio": round(ratio, 3)}


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        print(json.dumps(measure_tagging_scale(cache_dir=Path(scratch)), indent=2))
