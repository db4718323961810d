"""Opening the warehouse: one writer at a time, migrations applied in order inside a transaction."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from cgtwatch.errors import WarehouseBusyError, WarehouseCorruptedError, WarehouseError, WarehouseMissingError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One versioned schema change."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped in ``warehouse/migrations``, in version order."""
    found: list[Migration] = []
    for entry in resources.files("warehouse.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise WarehouseError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply pending migrations (up to ``target``), each in its own transaction; returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    current = schema_version(con)
    applied: list[int] = []
    for migration in migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"migration {migration.name} failed: {exc}") from exc
        applied.append(migration.version)
    return applied


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _holder(lock_path: Path) -> str:
    try:
        info = json.loads(lock_path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "an unknown writer"
    if not info:
        return "an unknown writer"
    return f"run {info.get('run_id', '?')} (pid {info.get('pid', '?')}, since {info.get('since', '?')})"


@contextlib.contextmanager
def writer_lock(db_path: Path, run_id: str, wait_s: float) -> Iterator[None]:
    """Hold the warehouse's single-writer lock, waiting up to ``wait_s`` for another writer.

    Raises:
        WarehouseError: Another writer still holds the warehouse after ``wait_s``; names its run.
    """
    lock_path = _lock_path(db_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseError(
                        f"warehouse {db_path} is being written by {_holder(lock_path)}; "
                        f"gave up after waiting {wait_s:.0f}s"
                    ) from None
                time.sleep(0.2)
        info = {"run_id": run_id, "pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# DuckDB's default buffer pool is 80% of RAM and keeps every page it touched while the writer is
# open, so a long streaming load would grow with the warehouse; beyond this it evicts or spills.
DEFAULT_MEMORY_LIMIT = "512MB"
MEMORY_LIMIT_VARIABLE = "CGTWATCH_DUCKDB_MEMORY_LIMIT"


# DuckDB's own file lock: a process (a reader such as `cgtwatch query` or a DuckDB shell, or a writer)
# has the file open in a mode that excludes ours.
_LOCK_CONFLICT = "Could not set lock on file"
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
# How DuckDB reports a file that is not (or no longer) a database.
_CORRUPTED = ("not a valid DuckDB database file", "Corrupt database file", "checksum", "corrupt")


def _connect(db_path: Path, *, read_only: bool, wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting up to ``wait_s`` for a process holding DuckDB's lock on it.

    Raises:
        WarehouseBusyError: Another process still holds the file after ``wait_s``.
        WarehouseCorruptedError: The file is not a readable DuckDB database.
        WarehouseError: It cannot be opened for another reason.
    """
    limit = os.environ.get(MEMORY_LIMIT_VARIABLE) or DEFAULT_MEMORY_LIMIT
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only, config={"memory_limit": limit})
            break
        except duckdb.IOException as exc:
            message = str(exc)
            if _LOCK_CONFLICT not in message:
                raise _open_error(db_path, exc) from exc
            if time.monotonic() >= deadline:
                found = _LOCK_HOLDER.search(message)
                holder = f"{found.group(1)} (PID {found.group(2)})" if found else "another process"
                # A reader is told which run writes; a writer holds the cgtwatch lock itself.
                writer = _holder(_lock_path(db_path)) if read_only else "an unknown writer"
                known = f", cgtwatch {writer}" if writer != "an unknown writer" else ""
                raise WarehouseBusyError(
                    f"warehouse {db_path} is busy: DuckDB's file lock is held by {holder}{known}; "
                    f"gave up after waiting {wait_s:.0f}s (CGTWATCH_WAREHOUSE_LOCK_WAIT)"
                ) from exc
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise _open_error(db_path, exc) from exc
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    return con


def _open_error(db_path: Path, exc: duckdb.Error) -> WarehouseError:
    message = str(exc)
    if any(marker in message for marker in _CORRUPTED):
        return WarehouseCorruptedError(
            f"warehouse {db_path} is corrupted ({message.splitlines()[0]}); restore it from a backup or move it "
            "away and run again to rebuild it"
        )
    return WarehouseError(f"cannot open warehouse {db_path}: {message}")


@contextlib.contextmanager
def open_writer(db_path: Path, run_id: str, wait_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The only way to write: take the writer lock, open, migrate, yield, close.

    ``wait_s`` bounds each of the two waits: for another cgtwatch writer, then for any process that
    has the file open (a reader holding DuckDB's file lock).

    Raises:
        WarehouseError: Another writer or a reader holds it (:class:`WarehouseBusyError`), the file is
            corrupted (:class:`WarehouseCorruptedError`), or it cannot be opened or migrated.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(db_path, run_id, wait_s):
        con = _connect(db_path, read_only=False, wait_s=wait_s)
        try:
            migrate(con)
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def open_reader(db_path: Path, *, sandboxed: bool = False, wait_s: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for queries and reports.

    Args:
        db_path: The warehouse file.
        wait_s: How long to wait for a load holding the file. Someone typing a query is told at once;
            a scheduled job (the weekly digest) waits out a load instead of failing and retrying later.
        sandboxed: For SQL typed by a user: the connection can read or write no other file
            (``enable_external_access=false``: no ``read_csv``, ``COPY … TO``, ``ATTACH``, extensions)
            and its configuration is locked so the SQL cannot turn that back on.

    Raises:
        WarehouseError: The warehouse does not exist yet, is still being written after ``wait_s``
            (:class:`WarehouseBusyError`) or is corrupted (:class:`WarehouseCorruptedError`).
    """
    if not db_path.exists():
        raise WarehouseMissingError(f"no warehouse at {db_path} yet; run `cgtwatch run` (or `make demo`) first")
    con = _connect(db_path, read_only=True, wait_s=wait_s)
    try:
        if sandboxed:
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()
