"""DAG integrity: every DAG imports cleanly, follows the house rules, and its file does no I/O at import."""

from __future__ import annotations

import runpy
import socket
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_no_import_errors(dagbag):
    from extractors.registry import SOURCES

    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {
        "cgtwatch_ingest",
        "cgtwatch_process",
        "cgtwatch_digest",
        *(f"cgtwatch_extract_{name}" for name in SOURCES),
    }


def test_house_rules(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, f"{dag_id} has no tags"
        assert dag.catchup is False, f"{dag_id} must set catchup explicitly (off)"
        assert dag.max_active_runs == 1, f"{dag_id} writes DuckDB and must not overlap itself"
        for task in dag.tasks:
            assert task.owner == "cgtwatch"
            if task.task_id != "check":
                assert task.retries >= 2, f"{dag_id}.{task.task_id} retries {task.retries}"


def test_ingest_task_graph_is_pinned(dagbag):
    dag = dagbag.dags["cgtwatch_ingest"]
    edges = {(up.task_id, down) for up in dag.tasks for down in up.downstream_task_ids}
    assert edges == {
        ("plan", "fetch"),
        ("plan", "load"),
        ("fetch", "parse"),
        ("parse", "transform"),
        ("transform", "validate"),
        ("validate", "load"),
        ("load", "check"),
    }
    assert dag.get_task("load").trigger_rule == "all_done"
    assert dag.get_task("check").retries == 0


def test_dag_files_do_no_io_and_no_heavy_imports_at_parse_time():
    """Importing a DAG file with the network cut off must work and load none of the pipeline's heavy modules."""
    probe = textwrap.dedent(
        f"""
        import socket, sys, runpy
        def refuse(*a, **k):
            raise RuntimeError("network access at DAG parse time")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        for path in {sorted(str(p) for p in (ROOT / "dags").glob("*.py"))!r}:
            runpy.run_path(path)
        names = ("jieba", "duckdb", "great_expectations", "pypdf", "bs4", "cgtwatch", "transforms",
                 "warehouse", "expectations")
        heavy = [m for m in names if m in sys.modules]
        # Of the extractors package only the import-free schedule list may be read.
        heavy += [m for m in sys.modules if m.startswith("extractors.") and m != "extractors.schedules"]
        print("HEAVY", heavy)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HEAVY []" in done.stdout
    assert socket.socket.connect is not None


def callback_names(callbacks) -> list[str]:
    """Airflow keeps a task's callbacks as given: one callable, a list, or None."""
    listed = callbacks if isinstance(callbacks, list) else [callbacks] if callbacks else []
    return [cb.__name__ for cb in listed]


def parse_dag_file(name: str) -> dict[str, Any]:
    """A DAG file's globals from a fresh parse, as the DAG processor does it (reading the environment)."""
    return runpy.run_path(str(ROOT / "dags" / name))


def test_one_extract_dag_per_registered_source_with_its_schedule(dagbag):
    """One extract DAG per registered source, on the schedule the registry shows (extractors.schedules)."""
    from airflow.sdk import CronDataIntervalTimetable

    from extractors.registry import SOURCES

    production = parse_dag_file("cgtwatch_production.py")
    assert list(production["DEFAULT_SCHEDULES"]) == list(SOURCES)
    assert {name: spec.schedule for name, spec in SOURCES.items()} == production["DEFAULT_SCHEDULES"]
    hourly = {name for name, cron in production["DEFAULT_SCHEDULES"].items() if cron == "0 * * * *"}
    assert hourly == {"cninfo", "eastmoney", "news"}
    for name, cron in production["DEFAULT_SCHEDULES"].items():
        dag = dagbag.dags[f"cgtwatch_extract_{name}"]
        # A data-interval timetable: the interval is the fetch window, so backfills re-fetch history.
        assert dag.timetable == CronDataIntervalTimetable(cron, timezone="Asia/Shanghai")
        assert set(dag.tags) == {"cgtwatch", "extract", name}
        assert {(up.task_id, down) for up in dag.tasks for down in up.downstream_task_ids} == {("fetch", "stage")}
        assert [a.uri for a in dag.get_task("stage").outlets] == [f"cgtwatch://landing/{name}"]
        assert set(dag.params) == {"since", "until", "refetch"}
        for task in dag.tasks:
            assert callback_names(task.on_failure_callback) == ["record_extract_failure"]


def test_schedules_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CGTWATCH_SCHEDULE_NEWS", "*/30 * * * *")
    monkeypatch.setenv("CGTWATCH_SCHEDULE_NMPA", "none")
    monkeypatch.setenv("CGTWATCH_INGEST_SCHEDULE", "none")
    production = parse_dag_file("cgtwatch_production.py")
    assert production["cgtwatch_extract_news"].timetable.expression == "*/30 * * * *"
    assert production["cgtwatch_extract_nmpa"].timetable.__class__.__name__ == "NullTimetable"
    assert production["cgtwatch_extract_cde"].timetable.expression == "0 0 * * *"
    ingest = parse_dag_file("cgtwatch_ingest.py")
    assert ingest["ingest_dag"].timetable.__class__.__name__ == "NullTimetable"


def test_process_dag_runs_on_any_landing_asset_and_loads_in_the_pool(dagbag):
    process = dagbag.dags["cgtwatch_process"]
    extract_outlets = {
        asset.uri
        for dag_id, dag in dagbag.dags.items()
        if dag_id.startswith("cgtwatch_extract_")
        for asset in dag.get_task("stage").outlets
    }
    condition = process.timetable.asset_condition
    assert type(condition).__name__ == "AssetAny"
    assert {asset.uri for asset in condition.objects} == extract_outlets
    edges = {(up.task_id, down) for up in process.tasks for down in up.downstream_task_ids}
    assert edges == {
        ("collect", "transform"),
        ("collect", "check"),
        ("transform", "validate"),
        ("validate", "load"),
        ("load", "check"),
    }
    load = process.get_task("load")
    assert load.pool == "cgtwatch_warehouse"
    assert load.trigger_rule == "all_done"
    assert load.retry_exponential_backoff
    assert set(process.params) == {"sources", "since", "until"}
    callbacks = {t.task_id: callback_names(t.on_failure_callback) for t in process.tasks}
    assert callbacks == {
        "collect": ["record_process_failure"],
        "transform": ["record_process_failure"],
        "validate": ["record_process_failure"],
        "load": ["record_process_failure"],
        "check": [],
    }
