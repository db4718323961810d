"""The ``cgtwatch`` command line."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError, EtlError, WarehouseError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
# Summaries are often piped into logs; give tables room even without a terminal.
console = Console(width=None if Console().is_terminal else 150)
errors = Console(stderr=True, width=None if Console(stderr=True).is_terminal else 150)

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"


def snapshot_roots() -> list[Path]:
    """The snapshots an offline run replays: ``CGTWATCH_SNAPSHOT_DIRS`` (comma-separated), else the bundled ones."""
    chosen = os.environ.get("CGTWATCH_SNAPSHOT_DIRS")
    if chosen:
        return [Path(p.strip()).resolve() for p in chosen.split(",") if p.strip()]
    return sorted(p.parent for p in SNAPSHOT_DIR.glob("*/manifest.jsonl"))


def snapshot_window(roots: list[Path]) -> tuple[str, str]:
    """The widest window the bundled snapshots were recorded for."""
    windows = [json.loads((root / "snapshot.json").read_text(encoding="utf-8"))["window"] for root in roots]
    return min(w["since"] for w in windows), max(w["until"] for w in windows)


DemoOption = Annotated[bool, typer.Option("--demo", help="Use the offline demo warehouse (data/demo.duckdb)")]


def _settings(demo: bool = False) -> Settings:
    """Settings for a command that reads the warehouse; ``--demo`` picks the demo one."""
    env = dict(os.environ)
    if demo:
        env["CGTWATCH_OFFLINE"] = "1"
    try:
        return Settings.from_env(env)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _fail(message: str, hint: str | None = None) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}")
    if hint:
        errors.print(hint)
    return typer.Exit(code=1)


@app.command()
def run(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Source to run (repeatable)")] = None,
    since: Annotated[str | None, typer.Option(help="Window start, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Window end, YYYY-MM-DD")] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Use the bundled snapshot on 127.0.0.1; writes data/demo.duckdb")
    ] = False,
    refetch: Annotated[
        bool, typer.Option("--refetch", help="Fetch the whole window even where earlier runs covered it")
    ] = False,
) -> None:
    """Run the ingest DAG in-process (Airflow dag.test) and print the per-source summary."""
    from cgtwatch.embedded import prepare_airflow_env, run_ingest_dag
    from cgtwatch.snapshot_server import SnapshotServer
    from cgtwatch.summary import render_summary, run_rows

    for value, name in ((since, "--since"), (until, "--until")):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise _fail(f"{name} must be YYYY-MM-DD, got {value!r}") from None
    server = None
    try:
        if offline:
            roots = snapshot_roots()
            if not roots:
                raise _fail(f"no offline snapshot found under {SNAPSHOT_DIR}")
            default_since, default_until = snapshot_window(roots)
            since, until = since or default_since, until or default_until
            os.environ["CGTWATCH_OFFLINE"] = "1"
            if not os.environ.get("CGTWATCH_ROUTE_ALL_TO"):
                # An already running snapshot server (tests, a shared demo box) is used as is.
                server = SnapshotServer(roots).start()
                os.environ["CGTWATCH_ROUTE_ALL_TO"] = server.url
            errors.print(
                f"[cyan]offline demo:[/] replaying {', '.join(r.name for r in roots)} snapshot(s) from "
                f"{os.environ['CGTWATCH_ROUTE_ALL_TO']}"
            )
        try:
            settings = Settings.from_env()
            prepare_airflow_env()
        except ConfigError as exc:
            raise _fail(str(exc)) from None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        log_path = settings.data_dir / "logs" / f"run-{stamp}.log"
        conf = {"sources": list(source or []), "since": since, "until": until, "refetch": refetch}
        errors.print(f"running the ingest DAG in-process; Airflow's log: {log_path}")
        run_id, state = run_ingest_dag(conf, log_path)
    finally:
        if server is not None:
            server.stop()
    try:
        record, rows = run_rows(settings.warehouse_path, run_id)
    except WarehouseError as exc:
        raise _fail(f"run {run_id} ended {state} without a warehouse record: {exc}", f"see {log_path}") from None
    render_summary(console, settings.warehouse_path, record, rows)
    if state != "success" or record is None or record["status"] != "ok":
        hint = None if offline else "No internet, or a site is blocking? Try the offline demo: make demo"
        failed = [r for r in rows if r["status"] in {"failed", "blocked"}]
        for row in failed:
            errors.print(f"[bold red]{row['source']} {row['status']}:[/] {row['reason']}")
        raise _fail(f"run {run_id} finished {state}; Airflow's log: {log_path}", hint)


@app.command()
def sources(demo: DemoOption = False) -> None:
    """List the registered sources and the status of each one's last run."""
    from extractors.registry import SOURCES
    from warehouse.db import open_reader

    settings = _settings(demo)
    last: dict[str, dict[str, object]] = {}
    if settings.warehouse_path.exists():
        try:
            with open_reader(settings.warehouse_path) as con:
                rows = con.execute(
                    """
                    SELECT s.source, s.status, s.reason, s.loaded, r.finished_at
                    FROM run_sources s JOIN runs r USING (run_id)
                    QUALIFY row_number() OVER (PARTITION BY s.source ORDER BY r.finished_at DESC) = 1
                    """
                ).fetchall()
        except (WarehouseError, EtlError) as exc:
            raise _fail(str(exc)) from None
        last = {r[0]: {"status": r[1], "reason": r[2], "loaded": r[3], "at": r[4]} for r in rows}
    table = Table(title=f"sources (warehouse {settings.warehouse_path})", title_justify="left")
    for column in ("source", "schedule", "description", "last run", "status", "loaded", "reason"):
        table.add_column(column, overflow="fold")
    for name, spec in SOURCES.items():
        info = last.get(name, {})
        at = info.get("at")
        table.add_row(
            name,
            spec.schedule,
            spec.description,
            at.strftime("%Y-%m-%d %H:%M") if isinstance(at, datetime) else "never",
            str(info.get("status", "-")),
            str(info.get("loaded", "-")),
            str(info.get("reason") or ""),
        )
    console.print(table)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the warehouse (read-only)")],
    csv_out: Annotated[bool, typer.Option("--csv", help="Comma-separated values")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per row")] = False,
    demo: DemoOption = False,
) -> None:
    """Run SQL against the warehouse (read-only) and print an aligned table, CSV or JSON Lines."""
    import csv
    import sys

    import duckdb

    from warehouse.db import open_reader

    if csv_out and json_out:
        raise _fail("choose one of --csv and --json")
    settings = _settings(demo)
    try:
        with open_reader(settings.warehouse_path) as con:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchall()
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    except duckdb.Error as exc:
        raise _fail(f"query failed: {exc}") from None
    if csv_out:
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    elif json_out:
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=str) + "\n")
    else:
        table = Table(*names, title=f"{len(rows)} rows", title_justify="left")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Output directory")],
    fmt: Annotated[str, typer.Option("--format", help="parquet (the only format)")] = "parquet",
    demo: DemoOption = False,
) -> None:
    """Export every table and view of the warehouse, one Parquet file each."""
    from warehouse.db import open_reader

    if fmt != "parquet":
        raise _fail(f"unsupported format {fmt!r}; use parquet")
    settings = _settings(demo)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with open_reader(settings.warehouse_path) as con:
            names = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
                ).fetchall()
            ]
            for name in names:
                target = directory / f"{name}.parquet"
                # Names come from the catalog, quoted as identifiers; the path is a bound parameter.
                con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target.as_posix()}' (FORMAT parquet)")
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    console.print(f"exported {len(names)} tables and views to {directory}")


@app.command()
def report(
    demo: DemoOption = False,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open it in a browser if one exists")] = True,
) -> None:
    """Print the path of the Data Docs site (the data-quality report), and open it where possible."""
    import webbrowser

    from expectations.runner import GxDirs

    settings = _settings(demo)
    index = GxDirs.under(settings.profile_dir).docs_dir / "index.html"
    if not index.exists():
        raise _fail(f"no Data Docs yet at {index}", "run `cgtwatch run` (or `make demo`) first")
    console.print(str(index))
    if open_browser:
        try:
            opened = webbrowser.open(index.as_uri())
        except webbrowser.Error:
            opened = False
        if not opened:
            errors.print("no browser available here; open the path above")


@app.command()
def extract(
    input_path: Annotated[
        Path | None, typer.Argument(metavar="[INPUT]", help="JSON Lines documents; stdin when omitted")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write; stdout when omitted")] = None,
) -> None:
    """Tag entities and extract events from your own documents (JSON Lines in and out, DOMAIN.md contract).

    Malformed lines are reported on stderr with their line number; the other lines still go through,
    and the exit code is 1 when any line was malformed.
    """
    import sys

    from transforms.extract_cli import run_extract

    with contextlib.ExitStack() as stack:
        infile = stack.enter_context(input_path.open(encoding="utf-8")) if input_path else sys.stdin
        outfile = stack.enter_context(output.open("w", encoding="utf-8")) if output else sys.stdout
        code = run_extract(infile, outfile, sys.stderr)
    raise typer.Exit(code)


@app.command()
def record(
    source: Annotated[str, typer.Option("--source", "-s", help="Source to record")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Snapshot directory to write")],
    since: Annotated[str, typer.Option(help="Window start, YYYY-MM-DD")],
    until: Annotated[str, typer.Option(help="Window end, YYYY-MM-DD")],
) -> None:
    """Record a source's live responses over a window as a replayable snapshot (refreshes fixtures)."""
    from extractors.base import FetchWindow
    from extractors.http import HttpClient
    from extractors.registry import get_source_spec

    try:
        settings = Settings.from_env()
        spec = get_source_spec(source)
        window = FetchWindow(date.fromisoformat(since), date.fromisoformat(until))
    except (ConfigError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if (out / "manifest.jsonl").exists():
        raise _fail(f"{out} already holds a snapshot; record into an empty directory")
    out.mkdir(parents=True, exist_ok=True)
    documents = 0
    from extractors.browser import transport_for

    with HttpClient(settings.http, transport=transport_for(source, settings, os.environ), record_to=out) as client:
        try:
            for _ in spec.build(client, settings).fetch(window):
                documents += 1
        except EtlError as exc:
            raise _fail(f"recording {source} stopped: {exc}", f"what was received so far is in {out}") from None
        requests = client.stats.requests
    meta = {
        "source": source,
        "window": {"since": since, "until": until},
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": documents,
        "requests": requests,
    }
    (out / "snapshot.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    console.print(f"recorded {documents} {source} documents in {requests} requests into {out}")


def main() -> None:
    """Entry point for ``python -m cgtwatch``."""
    app()
