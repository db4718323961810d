"""Streaming transform + load over a generated corpus in batches, and its peak resident memory.

The driver works like the pipeline's transform and load stages, batch by batch: it stages each
batch's document rows as JSON Lines, runs the real ``TransformEngine`` over them and stages the
mention and evidence rows (``cgtwatch.pipeline.extraction_rows``), then loads the batch with the real
loaders (``upsert_documents`` + ``load_extractions``) in one transaction through ``open_writer``, and
deletes the batch's files. Only one document is in Python memory at a time on the way in.

:func:`measure_peak_rss` runs the driver as a child process (``python -m benchmarks.stream``) and
reads the child's peak RSS from ``os.wait4`` (``ru_maxrss`` of that child alone, so earlier or
larger children of the same parent do not mask it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.corpus import DEFAULT_SEED, generate_documents

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BATCH = 5_000
SOURCES = ("cde", "cninfo", "eastmoney", "news", "nmpa", "policy")


def _rss_mb() -> float:
    """Current resident set size of this process (peak if the current value is unavailable)."""
    try:
        import psutil
    except ImportError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return float(psutil.Process().memory_info().rss) / 2**20


def _stage_batch(engine: Any, rows: Any, batch_dir: Path) -> tuple[int, int, int]:
    """Write one batch's documents, mentions and evidence files; returns their row counts."""
    from cgtwatch.pipeline import extraction_rows
    from transforms.types import InputDocument
    from warehouse.loaders import dumps_row

    docs = mentions = events = 0
    batch_dir.mkdir(parents=True, exist_ok=True)
    with (
        (batch_dir / "documents.jsonl").open("w", encoding="utf-8") as docs_out,
        (batch_dir / "mentions.jsonl").open("w", encoding="utf-8") as mentions_out,
        (batch_dir / "evidence.jsonl").open("w", encoding="utf-8") as evidence_out,
    ):
        for row in rows:
            docs_out.write(dumps_row(row) + "\n")
            extraction = engine.extract(
                InputDocument(
                    id=row["doc_id"],
                    text=row["body_text"],
                    title=row["title"],
                    published_at=row["published_at"][:10],
                    source=row["source"],
                    url=row["url"],
                )
            )
            found, evidence = extraction_rows(row, extraction)
            mentions_out.writelines(dumps_row(m) + "\n" for m in found)
            evidence_out.writelines(dumps_row(e) + "\n" for e in evidence)
            docs += 1
            mentions += len(found)
            events += len(evidence)
    return docs, mentions, events


def stream_transform_load(
    count: int, *, work_dir: Path, batch_size: int = DEFAULT_BATCH, seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """Transform and load ``count`` generated documents in batches of ``batch_size``.

    Args:
        count: Documents to generate.
        work_dir: Where the warehouse, the jieba cache and the batch files go.
        batch_size: Documents per staged batch and per load transaction.
        seed: Corpus seed.

    Returns:
        Row counts, transform and load seconds, RSS after each batch and the warehouse size.
    """
    from transforms.engine import TransformEngine
    from transforms.lexicon import load_lexicon
    from transforms.types import ENTITY_TYPES
    from warehouse import loaders
    from warehouse.db import open_writer

    run_id = f"bench_stream_{count}"
    now = datetime.now(UTC)
    engine = TransformEngine(tmp_dir=str(work_dir / "jieba"))
    db_path = work_dir / "stream.duckdb"
    corpus = generate_documents(count, seed=seed)
    totals = {"documents": 0, "mentions": 0, "evidence": 0}
    transform_s = load_s = 0.0
    batches: list[dict[str, float]] = []
    with open_writer(db_path, run_id) as con:
        entries = load_lexicon().entries
        con.execute("BEGIN TRANSACTION")
        loaders.seed_lexicon(
            con, ((e.type, e.canonical, e.aliases, e.company) for e in entries if e.type in ENTITY_TYPES), now
        )
        con.execute("COMMIT")
        for index in range((count + batch_size - 1) // batch_size):
            batch_dir = work_dir / "staging" / f"batch{index:04d}"
            t0 = time.perf_counter()
            size = min(batch_size, count - index * batch_size)
            docs, mentions, events = _stage_batch(engine, (next(corpus) for _ in range(size)), batch_dir)
            t1 = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            try:
                loaders.upsert_documents(con, [batch_dir / "documents.jsonl"], run_id, now)
                extracted = loaders.load_extractions(
                    con,
                    mention_files=[batch_dir / "mentions.jsonl"],
                    evidence_files=[batch_dir / "evidence.jsonl"],
                    transformed_sources=SOURCES,
                    lexicon_version=engine.lexicon_version,
                    now=now,
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            t2 = time.perf_counter()
            for path in batch_dir.iterdir():
                path.unlink()
            batch_dir.rmdir()
            transform_s += t1 - t0
            load_s += t2 - t1
            totals["documents"] += docs
            totals["mentions"] += mentions
            totals["evidence"] += events
            batches.append(
                {"transform_s": round(t1 - t0, 3), "load_s": round(t2 - t1, 3), "rss_mb": round(_rss_mb(), 1)}
            )
        stored = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entity_mentions), "
            "(SELECT count(*) FROM event_evidence), (SELECT count(*) FROM events)"
        ).fetchone()
    if stored is None or stored[0] != count:
        raise RuntimeError(f"the warehouse holds {stored} documents after streaming {count}")
    return {
        **totals,
        "stored_documents": stored[0],
        "stored_mentions": stored[1],
        "stored_evidence": stored[2],
        "events_total": extracted.events_total,
        "batch_size": batch_size,
        "transform_s": round(transform_s, 3),
        "load_s": round(load_s, 3),
        "docs_per_s": count / (transform_s + load_s),
        "warehouse_mb": round(db_path.stat().st_size / 1e6, 1),
        "batches": batches,
        "self_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure_peak_rss(count: int, *, work_dir: Path, batch_size: int = DEFAULT_BATCH) -> dict[str, Any]:
    """Run :func:`stream_transform_load` in a child process and report its peak RSS.

    Returns:
        The child's statistics plus ``peak_rss_mb`` (the child's ``ru_maxrss``) and ``wall_s``.

    Raises:
        RuntimeError: The child failed; its log path is in the message.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    out = work_dir / "stream.json"
    log_path = work_dir / "stream.log"
    args = ["--count", str(count), "--work-dir", str(work_dir), "--batch-size", str(batch_size), "--out", str(out)]
    t0 = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log_file:
        child = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "benchmarks.stream", *args], cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"streaming {count} documents failed (exit {child.returncode}); see {log_path}")
    stats: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    # Linux reports ru_maxrss in KiB.
    return {**stats, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "wall_s": round(time.perf_counter() - t0, 2)}


def main(argv: Sequence[str] | None = None) -> int:
    """Child entry point: stream one corpus and write the statistics to ``--out``."""
    parser = argparse.ArgumentParser(description="stream transform + load over a generated corpus (child)")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    stats = stream_transform_load(args.count, work_dir=args.work_dir, batch_size=args.batch_size, seed=args.seed)
    args.out.write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
