"""Throughput benchmarks, each against a baseline measured in the same process run.

* :func:`transform_vs_jieba`: the whole transform (``TransformEngine.extract``) vs bare ``jieba.cut``.
* :func:`two_core_speedup`: the transform in a two-worker pool vs one core.
* :func:`load_vs_naive`: ``warehouse.loaders.upsert_documents`` from staged JSON Lines vs a naive
  row-by-row ``executemany`` INSERT of the same rows into the same schema.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from benchmarks.corpus import document_text

Row = dict[str, Any]


def best_of(fn: Callable[[], object], rounds: int) -> float:
    """Best wall time of ``rounds`` calls (the one least disturbed by other processes)."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _input(row: Row) -> Any:
    from transforms.types import InputDocument

    return InputDocument(
        id=row["doc_id"],
        text=row["body_text"],
        title=row["title"],
        published_at=str(row["published_at"])[:10],
        source=row["source"],
        url=row["url"],
    )


def transform_vs_jieba(rows: Sequence[Row], *, rounds: int, cache_dir: Path) -> dict[str, Any]:
    """Whole-transform throughput over ``rows`` against bare ``jieba.cut`` over the same texts.

    The bare side is its own ``jieba.Tokenizer`` with HMM on (what a jieba user gets by default),
    cutting the title and body joined by a newline; the transform side runs ``extract`` on the same documents
    (input conversion included, row serialisation not). Both are warmed once, then timed best-of.

    Returns:
        Documents, characters, seconds and throughput of both sides, and ``ratio`` (transform
        chars/s ÷ jieba chars/s).
    """
    import jieba

    from transforms.engine import TransformEngine

    jieba.setLogLevel(logging.WARNING)
    texts = [document_text(r) for r in rows]
    chars = sum(len(t) for t in texts)
    engine = TransformEngine(tmp_dir=str(cache_dir))
    bare = jieba.Tokenizer()
    bare.tmp_dir = str(cache_dir)
    bare.initialize()

    def run_jieba() -> None:
        for text in texts:
            for _ in bare.cut(text, HMM=True):
                pass

    def run_transform() -> None:
        for row in rows:
            engine.extract(_input(row))

    run_jieba()
    run_transform()
    t_jieba = best_of(run_jieba, rounds)
    t_transform = best_of(run_transform, rounds)
    return {
        "documents": len(rows),
        "chars": chars,
        "jieba_s": t_jieba,
        "transform_s": t_transform,
        "jieba_docs_per_s": len(rows) / t_jieba,
        "jieba_chars_per_s": chars / t_jieba,
        "transform_docs_per_s": len(rows) / t_transform,
        "transform_chars_per_s": chars / t_transform,
        "ratio": t_jieba / t_transform,
    }


# Two cores --------------------------------------------------------------------------------------

_worker_engine: Any = None


def _worker_init(cache_dir: str, ready: Barrier) -> None:
    """Build this worker's engine once, then wait until every worker (and the timer) is ready."""
    global _worker_engine
    from transforms.engine import TransformEngine

    _worker_engine = TransformEngine(tmp_dir=cache_dir)
    ready.wait()


def _transform_chunk(rows: list[Row]) -> tuple[int, int, int]:
    """Transform a chunk the way the transform stage does: extract, then build the staged rows."""
    from cgtwatch.pipeline import extraction_rows
    from warehouse.loaders import dumps_row

    mentions = events = 0
    for row in rows:
        found, evidence = extraction_rows(row, _worker_engine.extract(_input(row)))
        # Serialised as the stage writes them, so the workers do the stage's whole per-row work.
        lines = [dumps_row(r) for r in (*found, *evidence)]
        mentions += len(found)
        events += len(lines) - len(found)
    return len(rows), mentions, events


def _pool_seconds(workers: int, chunks: list[list[Row]], cache_dir: Path) -> tuple[float, int, int]:
    """Seconds to transform every chunk in a pool of ``workers`` whose engines are already built."""
    context = mp.get_context("spawn")
    ready = context.Barrier(workers + 1)
    with context.Pool(workers, initializer=_worker_init, initargs=(str(cache_dir), ready)) as pool:
        ready.wait()
        t0 = time.perf_counter()
        results = pool.map(_transform_chunk, chunks, chunksize=1)
        seconds = time.perf_counter() - t0
    return seconds, sum(r[1] for r in results), sum(r[2] for r in results)


def two_core_speedup(rows: Sequence[Row], *, cache_dir: Path, chunk_size: int = 50) -> dict[str, Any]:
    """Transform throughput with two worker processes vs one, same chunks, engines built beforehand.

    Both sides use the same pool machinery (spawned workers, one engine each, built before the
    clock starts), so the ratio shows the scaling, not process start-up.

    Returns:
        Seconds and docs/s of both, and ``speedup`` (one-core seconds ÷ two-core seconds).
    """
    chunks = [list(rows[i : i + chunk_size]) for i in range(0, len(rows), chunk_size)]
    one, mentions_1, events_1 = _pool_seconds(1, chunks, cache_dir)
    two, mentions_2, events_2 = _pool_seconds(2, chunks, cache_dir)
    if (mentions_1, events_1) != (mentions_2, events_2):
        raise RuntimeError("one- and two-core runs extracted different rows")
    return {
        "documents": len(rows),
        "chunk_size": chunk_size,
        "one_core_s": one,
        "two_core_s": two,
        "one_core_docs_per_s": len(rows) / one,
        "two_core_docs_per_s": len(rows) / two,
        "cpu_count": mp.cpu_count(),
        "speedup": one / two,
    }


# Load -------------------------------------------------------------------------------------------


def write_staged(rows: Sequence[Row], path: Path) -> Path:
    """Write staged document rows as the parse stage does (one ``dumps_row`` line each)."""
    from warehouse.loaders import dumps_row

    with path.open("w", encoding="utf-8") as out:
        out.writelines(dumps_row(r) + "\n" for r in rows)
    return path


def _naive_insert(db_path: Path, staged: Path, run_id: str, now: datetime) -> float:
    """Seconds for the naive load: read the staged file in Python, INSERT row by row with executemany."""
    from warehouse.db import open_writer
    from warehouse.loaders import STAGED_DOCUMENT_COLUMNS

    columns = [*STAGED_DOCUMENT_COLUMNS, "version", "first_seen_at", "first_run_id", "updated_at", "load_id"]
    sql = f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    with open_writer(db_path, run_id) as con:
        t0 = time.perf_counter()
        with staged.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        params = [
            [
                *(json.dumps(r[c], ensure_ascii=False) if c == "metadata" else r[c] for c in STAGED_DOCUMENT_COLUMNS),
                *(1, now, run_id, now, run_id),
            ]
            for r in rows
        ]
        con.execute("BEGIN TRANSACTION")
        con.executemany(sql, params)
        con.execute("COMMIT")
        seconds = time.perf_counter() - t0
        count = con.execute("SELECT count(*) FROM documents").fetchone()
    if not count or count[0] != len(rows):
        raise RuntimeError(f"naive load wrote {count} rows, expected {len(rows)}")
    return seconds


def _real_upsert(db_path: Path, staged: Path, run_id: str, now: datetime) -> tuple[float, int]:
    """Seconds for ``upsert_documents`` (inside its transaction, commit included) and the rows it added."""
    from warehouse import loaders
    from warehouse.db import open_writer

    with open_writer(db_path, run_id) as con:
        t0 = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        counts = loaders.upsert_documents(con, [staged], run_id, now)
        con.execute("COMMIT")
        seconds = time.perf_counter() - t0
    return seconds, sum(c.new for c in counts.values())


def load_vs_naive(rows: Sequence[Row], *, work_dir: Path) -> dict[str, Any]:
    """Rows/s of the real loader vs a naive row-by-row INSERT, both from the same staged file.

    Each side loads into its own freshly migrated warehouse (``open_writer``), so both write the
    same schema with its primary key; migration time is outside the clock.

    Returns:
        Seconds and rows/s of both, and ``ratio`` (loader rows/s ÷ naive rows/s).
    """
    staged = write_staged(rows, work_dir / "load.documents.jsonl")
    now = datetime.now(UTC)
    real_s, added = _real_upsert(work_dir / "real.duckdb", staged, "bench_load", now)
    if added != len(rows):
        raise RuntimeError(f"loader added {added} rows, expected {len(rows)}")
    naive_s = _naive_insert(work_dir / "naive.duckdb", staged, "bench_load", now)
    return {
        "rows": len(rows),
        "staged_mb": staged.stat().st_size / 1e6,
        "loader_s": real_s,
        "naive_s": naive_s,
        "loader_rows_per_s": len(rows) / real_s,
        "naive_rows_per_s": len(rows) / naive_s,
        "ratio": naive_s / real_s,
    }


def scratch_dir(parent: Path, prefix: str) -> Path:
    """A fresh directory under ``parent``."""
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
