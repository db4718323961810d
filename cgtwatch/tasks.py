"""The composition root for DAG tasks: settings are read here and handed to the pipeline stages and glue.

DAG files call these from inside their ``@task`` functions, so nothing here runs at DAG parse time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cgtwatch import orchestration, pipeline
from cgtwatch.config import Settings


def plan_task(params: Mapping[str, Any], run_id: str, run_after: datetime) -> list[dict[str, Any]]:
    """Resolve the run plan into one job per source (``{"plan": ..., "source": name}``) to map over."""
    plan = pipeline.plan_run(params, run_id, run_after, Settings.from_env())
    return [{"plan": plan.to_dict(), "source": name} for name in plan.sources]


def fetch_task(job: Mapping[str, Any]) -> dict[str, Any]:
    """Fetch one source into the landing zone; returns its job with the fetch report added."""
    report = pipeline.fetch_stage(Settings.from_env(), pipeline.RunPlan.from_dict(job["plan"]), str(job["source"]))
    return {**job, "fetch": report}


def parse_task(job: Mapping[str, Any]) -> dict[str, Any]:
    """Parse what one source fetched; returns the job with the parse report added."""
    report = pipeline.parse_stage(Settings.from_env(), pipeline.RunPlan.from_dict(job["plan"]), str(job["source"]))
    return {**job, "parse": report}


def transform_task(job: Mapping[str, Any]) -> dict[str, Any]:
    """Tag entities and extract events from what one source parsed; returns the job."""
    plan = pipeline.RunPlan.from_dict(job["plan"])
    return {**job, "transform": pipeline.transform_stage(Settings.from_env(), plan, str(job["source"]))}


def validate_task(job: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one source's staged rows; failing rows are quarantined."""
    plan = pipeline.RunPlan.from_dict(job["plan"])
    return pipeline.validate_stage(Settings.from_env(), plan, str(job["source"]))


def load_task(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    """Load all staged rows and the run record (stage reports are read from files, not XCom)."""
    return pipeline.load_stage(Settings.from_env(), pipeline.RunPlan.from_dict(jobs[0]["plan"]))


def check_task(summary: Mapping[str, Any]) -> None:
    """Fail the DAG run when a source failed."""
    pipeline.check_stage(summary)


# The per-source extract DAGs and the process DAG (cgtwatch.orchestration explains the handoff).


def extract_fetch_task(
    params: Mapping[str, Any],
    source: str,
    dag_id: str,
    run_id: str,
    interval: tuple[datetime, datetime] | None,
    run_after: datetime,
) -> dict[str, Any]:
    """Fetch one source for the run's data interval; returns the batch for the parse task."""
    settings = Settings.from_env()
    batch = orchestration.plan_extract(settings, params, source, dag_id, run_id, interval, run_after)
    orchestration.fetch_batch(settings, batch)
    return batch.to_dict()


def extract_stage_task(batch: Mapping[str, Any]) -> dict[str, Any]:
    """Parse the fetched batch and queue it; returns the Asset event's ``extra``."""
    return orchestration.stage_batch(Settings.from_env(), orchestration.Batch.from_dict(batch))


def extract_failure_task(
    params: Mapping[str, Any],
    source: str,
    dag_id: str,
    run_id: str,
    interval: tuple[datetime, datetime] | None,
    run_after: datetime,
    error: str,
) -> list[str]:
    """Record a failed extract run in the warehouse run log; returns the run ids recorded."""
    settings = Settings.from_env()
    batch = orchestration.plan_extract(settings, params, source, dag_id, run_id, interval, run_after)
    return orchestration.record_failures(settings, [orchestration.extract_failure(settings, batch, error)])


def process_collect_task(params: Mapping[str, Any], announced: list[str]) -> list[dict[str, Any]]:
    """The pending batches this process run handles (one mapped transform/validate per batch)."""
    return [b.to_dict() for b in orchestration.select_batches(Settings.from_env(), params, announced)]


def process_transform_task(batch: Mapping[str, Any]) -> dict[str, Any]:
    """Tag entities and extract events from one batch; returns the batch."""
    orchestration.transform_batch(Settings.from_env(), orchestration.Batch.from_dict(batch))
    return dict(batch)


def process_validate_task(batch: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one batch's staged rows; returns the batch for the load task."""
    orchestration.validate_batch(Settings.from_env(), orchestration.Batch.from_dict(batch))
    return dict(batch)


def process_load_task(batches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Load the validated batches, one warehouse transaction each; returns their run summaries."""
    return orchestration.load_batches(Settings.from_env(), [orchestration.Batch.from_dict(b) for b in batches])


def process_check_task(batches: list[dict[str, Any]]) -> None:
    """Fail the process run when a selected batch was not loaded."""
    orchestration.check_batches(Settings.from_env(), [orchestration.Batch.from_dict(b) for b in batches])


def process_failure_task(
    selected: list[dict[str, Any]] | None, dag_id: str, run_id: str, run_after: datetime, error: str
) -> list[str]:
    """Record a failed process run's pending batches in the warehouse run log; returns the run ids recorded."""
    settings = Settings.from_env()
    batches = [orchestration.Batch.from_dict(b) for b in selected or []]
    failures = orchestration.process_failures(settings, batches, error, dag_id, run_id, run_after)
    return orchestration.record_failures(settings, failures)
