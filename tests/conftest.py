"""Shared test set-up: tier markers are required, Airflow gets a throw-away home, helpers for runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]

# Airflow reads its configuration when first imported: give the test process its own home first.
os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="cgtwatch-test-airflow-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
FIXTURES = ROOT / "tests" / "fixtures"
DEMO_SNAPSHOT = ROOT / "cgtwatch" / "snapshot"
TIERS = {"unit", "integration", "live"}


# tryfirst: pytest-xdist turns the xdist_group marks into groups in its own collection hook, which
# otherwise runs before this one and sees none (each file's tests were then spread over both workers,
# each building the deployment or the demo warehouse again).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test declares its tier; live tests run only when asked for."""
    missing = [item.nodeid for item in items if not TIERS & {m.name for m in item.iter_markers()}]
    if missing:
        raise pytest.UsageError(f"tests without a tier marker (unit/integration/live): {missing}")
    # Under pytest-xdist (`make test`: -n 2 --dist loadgroup) a file's tests share one worker, so its
    # module fixtures (a deployment, a browser) are built once; the files that read the shared demo
    # warehouse share one worker too, so it is built once per run.
    demo_files = {item.path for item in items if "demo_run" in getattr(item, "fixturenames", ())}
    for item in items:
        item.add_marker(pytest.mark.xdist_group("demo" if item.path in demo_files else str(item.path)))
    if os.environ.get("CGTWATCH_LIVE_TESTS") != "1":
        skip = pytest.mark.skip(reason="live test: set CGTWATCH_LIVE_TESTS=1 to reach the real sites")
        for item in items:
            if "live" in {m.name for m in item.iter_markers()}:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite Airflow home shared by the tests that run DAGs."""
    home = tmp_path_factory.mktemp("airflow_home")
    env = {**os.environ, **airflow_env(home)}
    subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True, timeout=300
    )
    return home


def airflow_env(home: Path) -> dict[str, str]:
    """Environment for an embedded Airflow rooted at ``home``."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``cgtwatch`` command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cgtwatch", *args],
        # The developer's own CGTWATCH_* settings must not leak into a test run.
        env={**{k: v for k, v in os.environ.items() if not k.startswith("CGTWATCH_")}, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=env.get("CGTWATCH_DATA_DIR", str(ROOT)),
        check=False,
    )


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CGTWATCH_* variables leak in from the developer's shell."""
    for name in list(os.environ):
        if name.startswith("CGTWATCH_"):
            monkeypatch.delenv(name)


DATA_TABLES = ("documents", "quarantine", "entities", "entity_mentions", "events", "event_evidence", "transform_state")


def env_for(tmp: Path, airflow_home: Path, **extra: str) -> dict[str, str]:
    """Environment for a CLI run whose data directory is ``tmp``."""
    return {**airflow_env(airflow_home), "CGTWATCH_DATA_DIR": str(tmp), "CGTWATCH_HTTP_MIN_INTERVAL": "0", **extra}


def table_digest(db: Path, table: str) -> list[tuple]:
    """Every row of a table, ordered: equal digests mean equal tables."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory, airflow_home: Path
) -> tuple[Path, Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str], dict[str, list[tuple]]]:
    """`cgtwatch run --offline` (every source) twice over the bundled snapshot, built once per session.

    Returns the data directory, the demo warehouse, both runs and the tables after the first run. The
    warehouse is what a fresh machine's demo leaves (the second run changes nothing, which
    tests/e2e checks); tests only read it.
    """
    tmp = tmp_path_factory.mktemp("demo")
    env = env_for(tmp, airflow_home)
    first = run_cli(["run", "--offline"], env, timeout=900)
    db = tmp / "demo.duckdb"
    snapshot_after_first = {t: table_digest(db, t) for t in DATA_TABLES} if db.exists() else {}
    second = run_cli(["run", "--offline"], env, timeout=900)
    return tmp, db, first, second, snapshot_after_first
