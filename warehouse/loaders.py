"""Idempotent loads into the warehouse. Every function takes an open writer connection.

Rows arrive as staged JSON Lines files written by the parse stage; DuckDB reads them directly,
so a load is a handful of set-based statements inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

# The columns of a staged document row, in the order the loader reads them.
STAGED_DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR",
    "source": "VARCHAR",
    "native_id": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "published_at": "TIMESTAMPTZ",
    "doc_type": "VARCHAR",
    "language": "VARCHAR",
    "company_code": "VARCHAR",
    "company_name": "VARCHAR",
    "attachment_url": "VARCHAR",
    "body_text": "VARCHAR",
    "metadata": "JSON",
    "content_hash": "VARCHAR",
    "raw_ref": "VARCHAR",
}
STAGED_QUARANTINE_COLUMNS: dict[str, str] = {
    "quarantine_id": "VARCHAR",
    "source": "VARCHAR",
    "stage": "VARCHAR",
    "native_id": "VARCHAR",
    "reason": "VARCHAR",
    "raw_ref": "VARCHAR",
    "row_json": "JSON",
}


@dataclass(frozen=True)
class UpsertCounts:
    """What an upsert did for one source."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _columns_struct(columns: Mapping[str, str]) -> str:
    # Column names come from the fixed dicts above, never from input.
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"


def _stage(con: duckdb.DuckDBPyConnection, table: str, files: Sequence[Path], columns: Mapping[str, str]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM ({_empty_select(columns)}) WHERE false")
    existing = [str(f) for f in files if f.exists() and f.stat().st_size > 0]
    if existing:
        con.execute(
            f"INSERT INTO {table} SELECT * FROM read_json(?, format = 'newline_delimited', "
            f"columns = {_columns_struct(columns)})",
            [existing],
        )


def _empty_select(columns: Mapping[str, str]) -> str:
    return "SELECT " + ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in columns.items())


def upsert_documents(
    con: duckdb.DuckDBPyConnection, files: Sequence[Path], run_id: str, now: datetime
) -> dict[str, UpsertCounts]:
    """Insert new documents and new versions of changed ones; unchanged rows are not touched.

    Args:
        con: A writer connection inside an open transaction.
        files: Staged document JSON Lines files.
        run_id: The run writing them (``load_id``).
        now: The load time.

    Returns:
        Counts per source.
    """
    _stage(con, "stage_documents", files, STAGED_DOCUMENT_COLUMNS)
    # One row per doc_id even if two files (or two keyword sweeps) staged the same document.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_docs AS "
        "SELECT * FROM stage_documents QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY content_hash) = 1"
    )
    rows = con.execute(
        """
        SELECT s.source,
               count(*) FILTER (WHERE d.doc_id IS NULL) AS new,
               count(*) FILTER (WHERE d.doc_id IS NOT NULL AND d.content_hash <> s.content_hash) AS updated,
               count(*) FILTER (WHERE d.content_hash = s.content_hash) AS unchanged
        FROM stage_docs s LEFT JOIN documents d USING (doc_id)
        GROUP BY s.source
        """
    ).fetchall()
    con.execute(
        """
        UPDATE documents AS d SET
            url = s.url, title = s.title, published_at = s.published_at, doc_type = s.doc_type,
            language = s.language, company_code = s.company_code, company_name = s.company_name,
            attachment_url = s.attachment_url, body_text = s.body_text, metadata = s.metadata,
            content_hash = s.content_hash, raw_ref = s.raw_ref, version = d.version + 1,
            updated_at = ?, load_id = ?
        FROM stage_docs AS s
        WHERE d.doc_id = s.doc_id AND d.content_hash <> s.content_hash
        """,
        [now, run_id],
    )
    con.execute(
        """
        INSERT INTO documents BY NAME
        SELECT s.*, 1 AS version, ?::TIMESTAMPTZ AS first_seen_at, ? AS first_run_id,
               ?::TIMESTAMPTZ AS updated_at, ? AS load_id
        FROM stage_docs AS s
        WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)
        """,
        [now, run_id, now, run_id],
    )
    return {source: UpsertCounts(int(new), int(updated), int(unchanged)) for source, new, updated, unchanged in rows}


def quarantine_rows(con: duckdb.DuckDBPyConnection, files: Sequence[Path], run_id: str, now: datetime) -> int:
    """Record rejected rows with their reason; a row quarantined by an earlier run is not added again.

    Returns:
        The number of rows newly quarantined.
    """
    _stage(con, "stage_quarantine", files, STAGED_QUARANTINE_COLUMNS)
    before = _count(con, "quarantine")
    con.execute(
        """
        INSERT INTO quarantine BY NAME
        SELECT DISTINCT ON (quarantine_id) *, ? AS run_id, ?::TIMESTAMPTZ AS quarantined_at
        FROM stage_quarantine
        ON CONFLICT DO NOTHING
        """,
        [run_id, now],
    )
    return _count(con, "quarantine") - before


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class RunRecord:
    """One row of ``runs``."""

    run_id: str
    started_at: datetime
    finished_at: datetime
    status: str
    window_start: date
    window_end: date
    offline: bool
    sources: Sequence[str]
    message: str | None


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord, source_rows: Iterable[Mapping[str, Any]]) -> None:
    """Write the run and its per-source results; re-recording the same run id replaces them."""
    con.execute("DELETE FROM run_sources WHERE run_id = ?", [run.run_id])
    con.execute("DELETE FROM runs WHERE run_id = ?", [run.run_id])
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.run_id,
            run.started_at,
            run.finished_at,
            run.status,
            run.window_start,
            run.window_end,
            run.offline,
            list(run.sources),
            run.message,
        ],
    )
    for row in source_rows:
        con.execute(
            "INSERT INTO run_sources BY NAME SELECT * FROM (SELECT ? AS run_id, "
            "? AS source, ? AS status, ? AS reason, ? AS requests, ? AS bytes, ? AS retries, ? AS fetched, "
            "? AS new, ? AS updated, ? AS unchanged, ? AS rejected, ? AS loaded, ? AS errors)",
            [
                run.run_id,
                row["source"],
                row["status"],
                row.get("reason"),
                row.get("requests", 0),
                row.get("bytes", 0),
                row.get("retries", 0),
                row.get("fetched", 0),
                row.get("new", 0),
                row.get("updated", 0),
                row.get("unchanged", 0),
                row.get("rejected", 0),
                row.get("loaded", 0),
                row.get("errors", 0),
            ],
        )


def dumps_row(row: Mapping[str, Any]) -> str:
    """Serialise a staged row (dates as ISO strings, CJK kept readable)."""
    return json.dumps(row, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
