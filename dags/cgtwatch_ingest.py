"""Ingest: fetch each source, parse, tag and extract events, validate (GX), load; fail loudly if a source failed.

Wiring only: each task is a short call into ``cgtwatch.tasks``; imports happen inside tasks so that
parsing this file does no I/O and loads no heavy library.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "cgtwatch",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    # No task may hang a run: a stalled site or parser fails its task, and the run reports it.
    "execution_timeout": timedelta(minutes=int(os.environ.get("CGTWATCH_TASK_TIMEOUT_MINUTES", "60"))),
}
# The all-in-one DAG runs daily on a laptop; a deployment running the per-source extract DAGs and the
# process DAG (cgtwatch_production.py) sets CGTWATCH_INGEST_SCHEDULE=none so nothing is fetched twice.
INGEST_SCHEDULE = os.environ.get("CGTWATCH_INGEST_SCHEDULE", "").strip() or "@daily"


@dag(
    dag_id="cgtwatch_ingest",
    description="Fetch, parse and load CGT news and filings into the DuckDB warehouse",
    schedule=None if INGEST_SCHEDULE.lower() == "none" else INGEST_SCHEDULE,
    start_date=pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["cgtwatch", "ingest"],
    params={
        "sources": Param([], type="array", description="Source names; empty means every registered source"),
        "since": Param(None, type=["null", "string"], description="Window start YYYY-MM-DD"),
        "until": Param(None, type=["null", "string"], description="Window end YYYY-MM-DD"),
        "refetch": Param(False, type="boolean", description="Fetch the whole window even if covered before"),
    },
)
def cgtwatch_ingest() -> None:
    @task
    def plan() -> list[dict[str, Any]]:
        from airflow.sdk.exceptions import AirflowFailException

        from cgtwatch.errors import ConfigError
        from cgtwatch.tasks import plan_task

        context = get_current_context()
        try:
            return plan_task(context["params"], context["run_id"], context["dag_run"].run_after)
        except ConfigError as exc:  # bad params: retrying cannot fix them
            raise AirflowFailException(str(exc)) from exc

    @task(max_active_tis_per_dag=2)
    def fetch(job: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import fetch_task

        return fetch_task(job)

    @task
    def parse(job: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import parse_task

        return parse_task(job)

    @task
    def transform(job: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import transform_task

        return transform_task(job)

    @task
    def validate(job: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import validate_task

        return validate_task(job)

    @task(trigger_rule="all_done")
    def load(jobs: list[dict[str, Any]]) -> dict[str, Any]:
        from airflow.sdk.exceptions import AirflowFailException

        from cgtwatch.errors import WarehouseBusyError, WarehouseCorruptedError
        from cgtwatch.tasks import load_task

        try:
            return load_task(jobs)
        except (WarehouseBusyError, WarehouseCorruptedError) as exc:  # already waited its bound / cannot heal
            raise AirflowFailException(str(exc)) from exc

    @task(retries=0)
    def check(summary: dict[str, Any]) -> None:
        from cgtwatch.tasks import check_task

        check_task(summary)

    # TaskFlow returns XComArgs here, not the annotated return types, hence Any.
    jobs: Any = plan()
    validated = validate.expand(job=transform.expand(job=parse.expand(job=fetch.expand(job=jobs))))
    loaded: Any = load(jobs)
    validated >> loaded
    check(loaded)


ingest_dag = cgtwatch_ingest()
