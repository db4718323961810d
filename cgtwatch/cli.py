"""The ``cgtwatch`` command line."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError, EtlError, WarehouseCorruptedError, WarehouseError

log = logging.getLogger(__name__)


class _App(typer.Typer):
    """The command group, turning a full disk into one line naming the cause instead of a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            where = f" writing {exc.filename}" if exc.filename else ""
            message = f"disk full (no space left on device){where}; free space and run again"
            Console(stderr=True).print(f"[bold red]error:[/] {message}")
            # The interpreter's last flush of a stdout on the full device would print a second error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise SystemExit(1) from None


app = _App(add_completion=False, no_args_is_help=True, help=__doc__)
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
    """Run the ingest DAG in-process (Airflow dag.test) and print the per-source summary.

    Exits 0 when every source completed, 1 when any failed, 130 when stopped with Ctrl-C.
    """
    from cgtwatch.embedded import (
        INTERRUPTED_EXIT,
        RunInterruptedError,
        prepare_airflow_env,
        run_ingest_dag_supervised,
    )
    from cgtwatch.pipeline import deferred_failure_reason
    from cgtwatch.snapshot_server import SnapshotServer
    from cgtwatch.summary import render_summary, run_rows

    # Everything that can be checked without Airflow is checked before it starts: a typo costs a
    # second, not a run of retries.
    _check_run_arguments(source, since, until, offline)
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
        # The pid keeps two runs started in the same second apart (their logs and result files).
        log_path = settings.data_dir / "logs" / f"run-{stamp}-{os.getpid()}.log"
        conf = {"sources": list(source or []), "since": since, "until": until, "refetch": refetch}
        errors.print(f"running the ingest DAG in-process; Airflow's log: {log_path}")
        try:
            run_id, state = run_ingest_dag_supervised(conf, log_path)
        except RunInterruptedError as exc:
            errors.print(f"[bold red]{exc}[/]")
            raise typer.Exit(code=INTERRUPTED_EXIT) from None
        except ConfigError as exc:
            raise _fail(str(exc)) from None
    finally:
        if server is not None:
            server.stop()
    deferred = deferred_failure_reason(settings, run_id)
    if deferred:
        raise _fail(f"run {run_id} could not load: {deferred}", "it is recorded as failed in `runs` by the next load")
    try:
        record, rows = run_rows(settings.warehouse_path, run_id)
    except WarehouseError as exc:
        raise _fail(f"run {run_id} ended {state} before recording anything: {exc}", f"see {log_path}") from None
    render_summary(console, settings.warehouse_path, record, rows)
    if state != "success" or record is None or record["status"] != "ok":
        hint = None if offline else "No internet, or a site is blocking? Try the offline demo: make demo"
        failed = [r for r in rows if r["status"] in {"failed", "blocked"}]
        for row in failed:
            errors.print(f"[bold red]{row['source']} {row['status']}:[/] {row['reason']}")
        raise _fail(f"run {run_id} finished {state}; Airflow's log: {log_path}", hint)


def _check_run_arguments(source: list[str] | None, since: str | None, until: str | None, offline: bool) -> None:
    """Exit with a clear error on unknown sources, malformed or inverted dates, or a corrupted warehouse."""
    from extractors.registry import get_source_spec
    from warehouse.db import open_reader

    try:
        for name in source or []:
            get_source_spec(name)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    start, end = _day(since, "--since"), _day(until, "--until")
    if start and end and start > end:
        raise _fail(f"--since {start} is after --until {end}")
    settings = _settings(demo=offline)
    if settings.warehouse_path.exists():
        try:
            with open_reader(settings.warehouse_path):
                pass
        except WarehouseCorruptedError as exc:
            raise _fail(str(exc)) from None
        except WarehouseError as exc:
            log.info("warehouse not readable before the run (the load will wait for it): %s", exc)


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


#: Statement kinds ``query`` runs: reads only (DESCRIBE, SHOW, SUMMARIZE and FROM-first parse as SELECT).
QUERY_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})
DEFAULT_QUERY_LIMIT = 10_000


def _query_relation(con: Any, sql: str) -> Any:
    """The relation of one read-only statement, or exit with a clear error (empty, several, not a read)."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise _fail(f"query failed: {str(exc).splitlines()[0]}") from None
    if not statements:
        raise _fail("no SQL given", 'e.g. cgtwatch query "SELECT source, count(*) FROM documents GROUP BY 1"')
    if len(statements) > 1:
        raise _fail(f"one statement at a time, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in QUERY_STATEMENTS:
        raise _fail(f"query runs reads only (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); got a {kind} statement")
    return con.sql(sql)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the warehouse (read-only)")],
    csv_out: Annotated[bool, typer.Option("--csv", help="Comma-separated values")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines, one object per row")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most rows printed")] = DEFAULT_QUERY_LIMIT,
    demo: DemoOption = False,
) -> None:
    """Run one read-only statement against the warehouse and print an aligned table, CSV or JSON Lines.

    The connection can read or write no other file (DuckDB ``enable_external_access=false``, locked
    configuration, the warehouse opened read-only); at most ``--limit`` rows are printed.
    """
    import csv
    import sys

    import duckdb

    from warehouse.db import open_reader

    if csv_out and json_out:
        raise _fail("choose one of --csv and --json")
    settings = _settings(demo)
    try:
        with open_reader(settings.warehouse_path, sandboxed=True) as con:
            relation = _query_relation(con, sql)
            names = list(relation.columns)
            # One row past the cap tells "exactly the cap" from "more"; the rest is never materialised.
            rows = relation.limit(limit + 1).fetchall()
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    except duckdb.Error as exc:
        raise _fail(f"query failed: {str(exc).splitlines()[0]}") from None
    capped = len(rows) > limit
    rows = rows[:limit]
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
    if capped:
        errors.print(f"showing the first {limit:,} rows; the result has more (raise --limit, or add LIMIT/WHERE)")


EXPORT_FORMATS = ("parquet", "csv")


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Output directory")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    demo: DemoOption = False,
) -> None:
    """Export every table and view of the warehouse, one Parquet (or CSV) file each."""
    import duckdb

    from warehouse.db import open_reader

    if fmt not in EXPORT_FORMATS:
        raise _fail(f"unsupported format {fmt!r}; use {' or '.join(EXPORT_FORMATS)}")
    settings = _settings(demo)
    written: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open_reader(settings.warehouse_path) as con:
            names = [
                str(r[0])
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
                ).fetchall()
            ]
            for name in names:
                target = directory / f"{name}.{fmt}"
                # The table name comes from the catalog, quoted as an identifier; the path never enters
                # SQL text: it is an argument of the relation API.
                relation = con.table('"' + name.replace('"', '""') + '"')
                if fmt == "parquet":
                    relation.write_parquet(str(target))
                else:
                    relation.write_csv(str(target), header=True)
                if target.is_file() and target.stat().st_size > 0:
                    written.append(target)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    except (duckdb.Error, OSError) as exc:
        raise _fail(f"export to {directory} failed after {len(written)} files: {str(exc).splitlines()[0]}") from None
    missing = sorted(set(names) - {p.name.rsplit(".", 1)[0] for p in written})
    if missing:
        raise _fail(f"wrote {len(written)} of {len(names)} files to {directory}; missing: {', '.join(missing)}")
    console.print(f"exported {len(written)} tables and views to {len(written)} {fmt} files in {directory}")


@app.command()
def report(
    demo: DemoOption = False,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open it in a browser if one exists")] = True,
) -> None:
    """Build the data-quality report (per run and source: status, counts, losses) and print its path."""
    import webbrowser

    from cgtwatch.report import write_report
    from expectations.runner import GxDirs

    settings = _settings(demo)
    index = GxDirs.under(settings.profile_dir).docs_dir / "index.html"
    if not index.exists():
        errors.print(f"no Data Docs yet at {index}; the report will not link to them")
    try:
        page = write_report(settings.warehouse_path, settings.profile_dir / "reports" / "quality.html", index)
    except WarehouseError as exc:
        raise _fail(str(exc), "run `cgtwatch run` (or `make demo`) first") from None
    # Paths are printed whole (soft wrap) so that scripts can read them back line by line.
    console.print(str(page), soft_wrap=True, highlight=False)
    if index.exists():
        console.print(f"Data Docs (drill-down): {index}", soft_wrap=True, highlight=False)
    if open_browser:
        try:
            opened = webbrowser.open(page.as_uri())
        except webbrowser.Error:
            opened = False
        if not opened:
            errors.print("no browser available here; open the path above")


def _day(value: str | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` option value, or exit with a clear error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{name} must be YYYY-MM-DD, got {value!r}") from None


def _beijing_today() -> date:
    from cgtwatch.digest import BEIJING

    return datetime.now(BEIJING).date()


@app.command()
def digest(
    since: Annotated[str | None, typer.Option(help="Window start, YYYY-MM-DD (default: 6 days before --until)")] = None,
    until: Annotated[str | None, typer.Option(help="Window end, YYYY-MM-DD (default: today in Beijing)")] = None,
    demo: DemoOption = False,
    out_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-o", help="Where to write (default data/digests, data/demo/digests)")
    ] = None,
) -> None:
    """Write the digest of a window (default: the last 7 days) as <DIR>/<ISO week or window>.html and .md."""
    from datetime import timedelta

    from cgtwatch.digest import write_digest

    settings = _settings(demo)
    end = _day(until, "--until") or _beijing_today()
    start = _day(since, "--since") or end - timedelta(days=6)
    if start > end:
        raise _fail(f"--since {start} is after --until {end}")
    try:
        html_path, md_path = write_digest(
            settings.warehouse_path, start, end, out_dir or settings.profile_dir / "digests"
        )
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    console.print(str(html_path), soft_wrap=True, highlight=False)
    console.print(str(md_path), soft_wrap=True, highlight=False)


@app.command()
def events(
    event_type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Event type, e.g. drug_approval (repeatable)")
    ] = None,
    product: Annotated[str | None, typer.Option(help="Part of a product's name or alias")] = None,
    company: Annotated[str | None, typer.Option(help="Part of a company's name or alias")] = None,
    since: Annotated[str | None, typer.Option(help="From this day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day, YYYY-MM-DD")] = None,
    demo: DemoOption = False,
) -> None:
    """Print events with their full evidence sentences and every source URL (nothing cut off)."""
    from cgtwatch.digest import query_events
    from warehouse.db import open_reader

    settings = _settings(demo)
    start, end = _day(since, "--since"), _day(until, "--until")
    try:
        with open_reader(settings.warehouse_path) as con:
            found = query_events(con, since=start, until=end, types=event_type or (), product=product, company=company)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    for item in found:
        subject = " · ".join(v for v in (item.product, item.company, item.indication, item.policy, item.region) if v)
        console.print(
            f"[bold]{item.event_date or item.window_date.isoformat()}  {item.event_type}[/]  {subject}",
            markup=True,
            highlight=False,
        )
        facts = [f"round {item.round}" if item.round else "", f"{item.amount_cny:,.0f} CNY" if item.amount_cny else ""]
        if item.investors:
            facts.append("investors " + "、".join(item.investors))
        if item.acceptance_no:
            facts.append(f"受理号 {item.acceptance_no}")
        if any(facts):
            console.print("  " + " · ".join(f for f in facts if f), markup=False, highlight=False)
        # Wrapped, never truncated: the evidence is what an analyst quotes.
        console.print(f"  {item.evidence}", markup=False, highlight=False, overflow="fold")
        for link in item.sources:
            when = link.published_at.strftime("%Y-%m-%d") if link.published_at else "????-??-??"
            # URLs are printed whole on their own line so that terminals keep them clickable.
            console.print(f"    {link.source} {when} {link.url}", markup=False, highlight=False, soft_wrap=True)
        console.print()
    errors.print(f"{len(found)} events")


@app.command()
def extract(
    input_path: Annotated[
        Path | None, typer.Argument(metavar="[INPUT]", help="JSON Lines documents; stdin when omitted")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write; stdout when omitted")] = None,
) -> None:
    """Tag entities and extract events from your own documents (JSON Lines in and out, DOMAIN.md contract).

    Malformed lines (not UTF-8, binary, not JSON, too deeply nested, not an object, lone surrogates)
    are reported on stderr with their line number; the other lines still go through. Exit code: 0
    every line processed, 1 some lines rejected, 2 could not run (unreadable input, unwritable output).
    """
    import sys

    from transforms.extract_cli import run_extract

    settings = _settings()
    try:
        with contextlib.ExitStack() as stack:
            # Bytes in: a bad byte costs its own line, not the file (a text stream would raise mid-file).
            infile = stack.enter_context(input_path.open("rb")) if input_path else sys.stdin.buffer
            outfile = stack.enter_context(output.open("w", encoding="utf-8")) if output else sys.stdout
            code = run_extract(infile, outfile, sys.stderr, jieba_cache_dir=settings.jieba_cache_dir)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise
        errors.print(f"[bold red]error:[/] {exc.strerror or exc}: {exc.filename or ''}")
        raise typer.Exit(code=2) from None
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
