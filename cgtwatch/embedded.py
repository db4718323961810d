"""Running the ingest DAG in-process (Airflow's ``dag.test()``) with a project-local SQLite metadata DB."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cgtwatch.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DAGS_DIR = PROJECT_ROOT / "dags"
INGEST_DAG_FILE = DAGS_DIR / "cgtwatch_ingest.py"
log = logging.getLogger(__name__)
#: Exit status of a run stopped with Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED_EXIT = 130


def prepare_airflow_env(env: dict[str, str] | None = None) -> Path:
    """Point Airflow at a project-local home, no examples, quiet logs; create its metadata DB once.

    Args:
        env: The environment to complete (``os.environ`` when omitted); existing values win.

    Returns:
        The Airflow home directory.

    Raises:
        ConfigError: ``airflow db migrate`` failed; its output is in ``<home>/db-migrate.log``.
    """
    target = os.environ if env is None else env
    home = Path(target.setdefault("AIRFLOW_HOME", str(Path.cwd() / ".airflow")))
    target.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    target.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(DAGS_DIR))
    target.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    target.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "False")
    home.mkdir(parents=True, exist_ok=True)
    db_file = _sqlite_file(home, target.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", ""))
    if db_file is None:
        return home  # a server database (PostgreSQL) is set up by its operator
    # Two first runs at once would both migrate the same file: the second waits for the first.
    with _exclusive(home / "airflow-setup.lock"):
        if db_file.exists() and not metadata_db_complete(db_file):
            log.warning("Airflow metadata DB %s is incomplete (an interrupted set-up); rebuilding it", db_file)
            _remove_sqlite(db_file)
        if not db_file.exists():
            _migrate_atomically(db_file, home, target)
    return home


# Tables a usable metadata DB must have; an interrupted `airflow db migrate` leaves some out.
_REQUIRED_TABLES = frozenset({"alembic_version", "dag", "dag_run", "task_instance", "serialized_dag", "slot_pool"})


def metadata_db_complete(db_file: Path) -> bool:
    """Whether a SQLite Airflow metadata DB was migrated to the end (has every core table and a version)."""
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not _REQUIRED_TABLES <= tables:
            return False
        row = con.execute("SELECT count(*) FROM alembic_version").fetchone()
        return row is not None and int(row[0]) == 1
    except sqlite3.Error:
        return False
    finally:
        con.close()


def _sqlite_file(home: Path, sql_conn: str) -> Path | None:
    if not sql_conn:
        return home / "airflow.db"
    if sql_conn.startswith("sqlite:///"):
        return Path(sql_conn.removeprefix("sqlite:///"))
    return None


def _migrate_atomically(db_file: Path, home: Path, env: Mapping[str, str]) -> None:
    """Migrate into a temporary file and rename it into place, so an interrupted set-up leaves no DB at all."""
    partial = db_file.with_name(f"{db_file.name}.partial")
    _remove_sqlite(partial)
    log_path = home / "db-migrate.log"
    with log_path.open("w") as log_file:
        done = subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"],
            env={**os.environ, **env, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{partial}"},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode == 0:
        # Fold any write-ahead log into the file, so that the rename moves the whole database.
        con = sqlite3.connect(partial)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    if done.returncode != 0 or not metadata_db_complete(partial):
        _remove_sqlite(partial)
        raise ConfigError(f"airflow db migrate failed (exit {done.returncode}); see {log_path}")
    partial.replace(db_file)
    _remove_sqlite(partial)


def _remove_sqlite(db_file: Path) -> None:
    """Delete a SQLite file with its write-ahead log and shared-memory index."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (released when the process dies, however it dies)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def stdout_to(path: Path) -> Iterator[None]:
    """Send everything written to file descriptor 1 (Airflow's console logging) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    saved = os.dup(1)
    with path.open("ab") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def run_ingest_dag(conf: Mapping[str, Any], log_path: Path) -> tuple[str, str]:
    """Run the ingest DAG once in-process.

    Args:
        conf: The run's params (sources, since, until).
        log_path: Where Airflow's own console output goes.

    Returns:
        The run id and the final DAG run state.
    """
    spec = importlib.util.spec_from_file_location("cgtwatch_ingest_dag", INGEST_DAG_FILE)
    if spec is None or spec.loader is None:
        raise ConfigError(f"cannot load the ingest DAG from {INGEST_DAG_FILE}")
    module = importlib.util.module_from_spec(spec)
    with stdout_to(log_path):
        spec.loader.exec_module(module)
        dag = _find_dag(module)
        dag_run = dag.test(run_conf=dict(conf))
    return str(dag_run.run_id), str(dag_run.state)


class RunInterruptedError(Exception):
    """The person running ``cgtwatch run`` pressed Ctrl-C; the whole run was stopped."""


def run_ingest_dag_supervised(conf: Mapping[str, Any], log_path: Path) -> tuple[str, str]:
    """Run the ingest DAG in a child process that Ctrl-C stops as a whole.

    Inside ``dag.test()`` a Ctrl-C only fails the task it lands in, and Airflow retries that task:
    the run goes on. So the DAG runs in a child in its own session (the terminal's SIGINT does not
    reach it) and this process, on SIGINT or SIGTERM, stops the child's whole process group. The
    load is one DuckDB transaction, so a stopped run leaves nothing half-loaded; the next run
    fetches what this one did not load.

    Returns:
        The run id and the final DAG run state.

    Raises:
        RunInterruptedError: Ctrl-C (or SIGTERM) stopped the run.
        ConfigError: The child ended without reporting a result; see ``log_path``.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    result_path = log_path.with_suffix(".result.json")
    result_path.unlink(missing_ok=True)
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module; conf travels as one JSON argument
        [sys.executable, "-m", "cgtwatch.embedded", json.dumps(dict(conf)), str(log_path), str(result_path)],
        start_new_session=True,
    )
    stopped: list[float] = []  # when each SIGINT/SIGTERM arrived

    def stop(_signum: int, _frame: Any) -> None:
        stopped.append(time.monotonic())
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while child.poll() is None:
            if stopped and time.monotonic() - stopped[0] > 5:
                # Airflow did not stop within 5 s of SIGTERM: end the group the hard way.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopped:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # whatever the child started is stopped too
        raise RunInterruptedError("interrupted: the run was stopped; nothing half-loaded, the next run fetches again")
    if not result_path.exists():
        raise ConfigError(f"the ingest run ended (exit {child.returncode}) without a result; see {log_path}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result_path.unlink(missing_ok=True)
    return str(result["run_id"]), str(result["state"])


def _find_dag(module: Any) -> Any:
    from airflow.sdk import DAG

    dags = [value for value in vars(module).values() if isinstance(value, DAG)]
    if len(dags) != 1:
        raise ConfigError(f"expected one DAG in {INGEST_DAG_FILE}, found {len(dags)}")
    return dags[0]


def _child_main(argv: list[str]) -> int:
    """``python -m cgtwatch.embedded CONF LOG RESULT``: run the DAG, write ``{"run_id", "state"}`` to RESULT."""
    conf, log_path, result_path = json.loads(argv[0]), Path(argv[1]), Path(argv[2])
    # SIGTERM from the supervising CLI ends this process like Ctrl-C would, unwinding open transactions.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    run_id, state = run_ingest_dag(conf, log_path)
    result_path.write_text(json.dumps({"run_id": run_id, "state": state}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
