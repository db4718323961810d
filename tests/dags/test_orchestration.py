"""The extract → process handoff: data intervals as fetch windows, the batch queue, failures in the run log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from cgtwatch import orchestration
from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError, RunFailedError

pytestmark = pytest.mark.unit

RUN_AFTER = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path, clean_env):
    return Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path)})


def batch(settings, source="cde", run_id="scheduled__1", since="2025-03-01", until="2025-03-02"):
    return orchestration.plan_extract(
        settings, {"since": since, "until": until}, source, f"cgtwatch_extract_{source}", run_id, None, RUN_AFTER
    )


def test_the_data_interval_is_the_fetch_window_in_beijing_dates(settings):
    # 2025-03-01 16:00 UTC is midnight in Beijing: a daily interval covers that Beijing day and the next.
    interval = (datetime(2025, 3, 1, 16, tzinfo=UTC), datetime(2025, 3, 2, 16, tzinfo=UTC))
    planned = orchestration.plan_extract(
        settings, {}, "cde", "cgtwatch_extract_cde", "scheduled__x", interval, RUN_AFTER
    )
    assert (planned.plan.window.since, planned.plan.window.until) == (date(2025, 3, 2), date(2025, 3, 3))
    assert planned.plan.sources == ("cde",)
    assert planned.plan.run_id == "cgtwatch_extract_cde:scheduled__x"
    overridden = orchestration.plan_extract(
        settings, {"since": "2025-01-01", "refetch": True}, "cde", "cgtwatch_extract_cde", "m", interval, RUN_AFTER
    )
    assert (overridden.plan.window.since, overridden.plan.window.until) == (date(2025, 1, 1), date(2025, 3, 3))
    assert overridden.plan.refetch


def test_without_an_interval_the_window_is_the_lookback(settings):
    planned = orchestration.plan_extract(settings, {}, "news", "cgtwatch_extract_news", "manual__1", None, RUN_AFTER)
    assert planned.plan.window.until == date(2025, 3, 10)
    assert (planned.plan.window.until - planned.plan.window.since).days == settings.lookback_days - 1


def test_batches_of_different_sources_never_share_a_staging_key(settings):
    keys = {batch(settings, source).key for source in ("cde", "nmpa")}
    assert len(keys) == 2


def test_a_staged_batch_is_pending_until_loaded(settings):
    staged = batch(settings)
    extra = orchestration.stage_batch(settings, staged)
    assert extra == {
        "batch": staged.key,
        "source": "cde",
        "since": "2025-03-01",
        "until": "2025-03-02",
        "fetched": 0,
        "parsed": 0,
        "rejected": 0,
    }
    assert orchestration.select_batches(settings, {}, [staged.key]) == [staged]
    with pytest.raises(RunFailedError, match=staged.key):
        orchestration.check_batches(settings, [staged])
    orchestration.mark_loaded(settings, staged)
    # Loaded: never selected again, and still known when a late Asset event announces it.
    assert orchestration.select_batches(settings, {}, [staged.key]) == []
    orchestration.check_batches(settings, [staged])


def test_selection_filters_by_source_and_window_and_orders_by_data(settings):
    later = batch(settings, "cde", "r2", "2025-03-05", "2025-03-06")
    earlier = batch(settings, "cde", "r1", "2025-03-01", "2025-03-02")
    other = batch(settings, "nmpa", "r3", "2025-03-03", "2025-03-03")
    for staged in (later, earlier, other):
        orchestration.stage_batch(settings, staged)
    assert orchestration.select_batches(settings, {}, []) == [earlier, other, later]
    assert orchestration.select_batches(settings, {"sources": ["cde"]}, []) == [earlier, later]
    assert orchestration.select_batches(settings, {"since": "2025-03-03", "until": "2025-03-04"}, []) == [other]
    with pytest.raises(ConfigError, match="unknown source"):
        orchestration.select_batches(settings, {"sources": ["nope"]}, [])


def test_an_announced_batch_missing_here_means_unshared_storage(settings):
    with pytest.raises(ConfigError, match="share the same CGTWATCH_DATA_DIR"):
        orchestration.select_batches(settings, {}, ["cgtwatch_extract_cde_elsewhere"])


def runs(settings):
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(
            "SELECT r.run_id, r.status, r.message, s.source, s.status, s.reason "
            "FROM runs r LEFT JOIN run_sources s USING (run_id) ORDER BY 1"
        ).fetchall()
    finally:
        con.close()


def test_a_failed_process_run_logs_its_pending_batches(settings):
    pending, loaded = batch(settings, run_id="r1"), batch(settings, run_id="r2")
    for staged in (pending, loaded):
        orchestration.stage_batch(settings, staged)
    orchestration.mark_loaded(settings, loaded)
    failures = orchestration.process_failures(
        settings, [pending, loaded], "load failed: disk full", "cgtwatch_process", "r", RUN_AFTER
    )
    assert orchestration.record_failures(settings, failures) == [pending.plan.run_id]
    reason = "load failed: disk full (batch kept pending for the next cgtwatch_process run)"
    assert runs(settings) == [(pending.plan.run_id, "failed", reason, "cde", "failed", reason)]


def test_a_failure_never_overwrites_a_successful_load(settings):
    from warehouse import loaders
    from warehouse.db import open_writer

    staged = batch(settings)
    plan = staged.plan
    with open_writer(settings.warehouse_path, plan.run_id) as con:
        loaders.record_run(
            con,
            loaders.RunRecord(
                plan.run_id,
                plan.started_at,
                plan.started_at,
                "ok",
                plan.window.since,
                plan.window.until,
                plan.offline,
                plan.sources,
                None,
            ),
            [{"source": "cde", "status": "ok"}],
        )
    failure = orchestration.Failure(plan, "failed", "late callback")
    assert orchestration.record_failures(settings, [failure]) == []
    assert runs(settings) == [(plan.run_id, "ok", None, "cde", "ok", None)]


def test_a_failed_extract_run_logs_the_sources_own_status(settings):
    staged = batch(settings, "nmpa")
    stage_dir = settings.staging_dir / staged.key
    stage_dir.mkdir(parents=True)
    (stage_dir / "nmpa.fetch.json").write_text('{"status": "blocked", "reason": "HTTP 412 challenge"}')
    failure = orchestration.extract_failure(settings, staged, "fetch failed: RunFailedError")
    orchestration.record_failures(settings, [failure])
    reason = "HTTP 412 challenge"
    assert runs(settings) == [(staged.plan.run_id, "failed", reason, "nmpa", "blocked", reason)]


def test_a_process_run_failing_before_selection_is_logged_itself(settings):
    failures = orchestration.process_failures(settings, [], "collect failed", "cgtwatch_process", "m__1", RUN_AFTER)
    orchestration.record_failures(settings, failures)
    assert runs(settings) == [("cgtwatch_process:m__1", "failed", "collect failed", None, None, None)]


class FakeTaskInstance:
    """The part of a task instance the failure callbacks use."""

    def __init__(self, task_id: str, collected: list | None) -> None:
        self.task_id = task_id
        self.collected = collected

    def xcom_pull(self, task_ids: str) -> list | None:
        assert task_ids == "collect"
        return self.collected


def failure_context(dag_id: str, task_id: str, collected: list | None = None, **extra):
    from types import SimpleNamespace

    return {
        "dag": SimpleNamespace(dag_id=dag_id),
        "ti": FakeTaskInstance(task_id, collected),
        "run_id": "manual__1",
        "dag_run": SimpleNamespace(run_after=RUN_AFTER),
        "params": {},
        "exception": RuntimeError("boom"),
        **extra,
    }


def test_the_dags_failure_callbacks_write_the_run_log(settings, monkeypatch):
    """The callbacks as Airflow calls them: a context in, a failed run row out."""
    import runpy

    from tests.conftest import ROOT

    monkeypatch.setenv("CGTWATCH_DATA_DIR", str(settings.data_dir))
    production = runpy.run_path(str(ROOT / "dags" / "cgtwatch_production.py"))
    interval = {
        "data_interval_start": datetime(2025, 3, 1, 16, tzinfo=UTC),
        "data_interval_end": datetime(2025, 3, 2, 16, tzinfo=UTC),
    }
    production["record_extract_failure"](failure_context("cgtwatch_extract_cde", "fetch", **interval))
    staged = batch(settings, run_id="r1")
    orchestration.stage_batch(settings, staged)
    production["record_process_failure"](failure_context("cgtwatch_process", "validate", [staged.to_dict()]))
    reason = "cgtwatch_process task validate failed: boom (batch kept pending for the next cgtwatch_process run)"
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        rows = con.execute("SELECT run_id, status, window_start, window_end, message FROM runs ORDER BY 1").fetchall()
    finally:
        con.close()
    assert rows == [
        (
            "cgtwatch_extract_cde:manual__1",
            "failed",
            date(2025, 3, 2),
            date(2025, 3, 3),
            "cgtwatch_extract_cde task fetch failed: boom",
        ),
        (staged.plan.run_id, "failed", date(2025, 3, 1), date(2025, 3, 2), reason),
    ]
