"""The composition root for DAG tasks: settings are read here and handed to the pipeline stages.

DAG files call these from inside their ``@task`` functions, so nothing here runs at DAG parse time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cgtwatch import pipeline
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
