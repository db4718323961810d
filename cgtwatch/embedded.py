"""Running the ingest DAG in-process (Airflow's ``dag.test()``) with a project-local SQLite metadata DB."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cgtwatch.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DAGS_DIR = PROJECT_ROOT / "dags"
INGEST_DAG_FILE = DAGS_DIR / "cgtwatch_ingest.py"


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
    sql_conn = target.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "")
    if (not sql_conn or sql_conn.startswith("sqlite")) and not (home / "airflow.db").exists():
        log_path = home / "db-migrate.log"
        with log_path.open("w") as log_file:
            done = subprocess.run(
                [sys.executable, "-m", "airflow", "db", "migrate"],
                env={**os.environ, **target},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise ConfigError(f"airflow db migrate failed (exit {done.returncode}); see {log_path}")
    return home


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


def _find_dag(module: Any) -> Any:
    from airflow.sdk import DAG

    dags = [value for value in vars(module).values() if isinstance(value, DAG)]
    if len(dags) != 1:
        raise ConfigError(f"expected one DAG in {INGEST_DAG_FILE}, found {len(dags)}")
    return dags[0]
