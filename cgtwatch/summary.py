"""Reading run results back from the warehouse and showing them as tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.table import Table

from warehouse.db import open_reader

SUMMARY_COLUMNS = (
    "requests",
    "pages",
    "fetched",
    "new",
    "updated",
    "unchanged",
    "rejected",
    "loaded",
    "errors",
    "dq_warnings",
)
STATUS_STYLE = {"ok": "green", "no_new_data": "cyan", "blocked": "magenta", "failed": "red", "partial": "yellow"}


def run_rows(warehouse: Path, run_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The ``runs`` row and ``run_sources`` rows of one run (``None`` if it was never recorded)."""
    with open_reader(warehouse) as con:
        run = _records(con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]))
        sources = _records(con.execute("SELECT * FROM run_sources WHERE run_id = ? ORDER BY source", [run_id]))
    return (run[0] if run else None), sources


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def render_summary(console: Console, warehouse: Path, run: dict[str, Any] | None, rows: list[dict[str, Any]]) -> None:
    """Print the per-source summary table of a run and the warehouse path."""
    table = Table(title=f"cgtwatch run {run['run_id'] if run else '(not recorded)'}", title_justify="left")
    table.add_column("source")
    table.add_column("status")
    for name in SUMMARY_COLUMNS:
        table.add_column(name, justify="right")
    table.add_column("reason", overflow="fold", min_width=30)
    for row in rows:
        style = STATUS_STYLE.get(row["status"], "")
        table.add_row(
            row["source"],
            f"[{style}]{row['status']}[/]",
            *(str(row[name]) for name in SUMMARY_COLUMNS),
            row.get("reason") or "",
        )
    console.print(table)
    if run:
        console.print(
            f"window {run['window_start']} ~ {run['window_end']}  status [bold]{run['status']}[/]"
            + ("  (offline snapshot)" if run["offline"] else "")
        )
    console.print(f"warehouse: {warehouse}")
