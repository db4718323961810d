"""Production DAGs: one extract DAG per source on its own schedule, and the process DAG on their Assets.

    cgtwatch_extract_<source>:  fetch ─► stage  (emits Asset cgtwatch://landing/<source>)
    cgtwatch_process:           collect ─► transform[batch] ─► validate[batch] ─► load ─► check

An extract run's data interval is its fetch window; it stages one batch and queues it. The process DAG
runs when any landing Asset is updated and loads every queued batch (``cgtwatch.orchestration``
explains the handoff). Wiring only: cgtwatch is imported inside tasks and callbacks, never at parse time.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pendulum
from airflow.sdk import DAG, Asset, AssetAny, CronDataIntervalTimetable, Param, dag, get_current_context, task

from extractors.schedules import SCHEDULES

if TYPE_CHECKING:
    from airflow.sdk import Context

TIMEZONE = "Asia/Shanghai"
START_DATE = pendulum.datetime(2025, 1, 1, tz=TIMEZONE)
EXTRACT_DAG_PREFIX = "cgtwatch_extract_"
PROCESS_DAG_ID = "cgtwatch_process"
WAREHOUSE_POOL = "cgtwatch_warehouse"
# extractors.schedules has no imports, so reading it keeps parsing light (the registry is heavy).
DEFAULT_SCHEDULES = SCHEDULES

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "cgtwatch",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    # No task may hang a run: a stalled site or parser fails its task, and the run reports it.
    "execution_timeout": timedelta(minutes=int(os.environ.get("CGTWATCH_TASK_TIMEOUT_MINUTES", "60"))),
}


def landing_asset(source: str) -> Asset:
    """The Asset an extract DAG updates when it has staged a batch of ``source``."""
    return Asset(name=f"cgtwatch_landing_{source}", uri=f"cgtwatch://landing/{source}", group="cgtwatch")


def extract_timetable(source: str) -> CronDataIntervalTimetable | None:
    """``CGTWATCH_SCHEDULE_<SOURCE>`` (a cron expression, or ``none`` for manual runs only) or the default.

    A data-interval timetable, not Airflow 3's default trigger timetable, because the interval is the
    fetch window: a run covers [data_interval_start, data_interval_end] and a backfill re-fetches history.
    """
    cron = os.environ.get(f"CGTWATCH_SCHEDULE_{source.upper()}", "").strip() or DEFAULT_SCHEDULES[source]
    if cron.lower() == "none":
        return None
    return CronDataIntervalTimetable(cron, timezone=TIMEZONE)


def _interval(context: Context) -> tuple[datetime, datetime] | None:
    start, end = context.get("data_interval_start"), context.get("data_interval_end")
    return (start, end) if start is not None and end is not None else None


def record_extract_failure(context: Context) -> None:
    """on_failure_callback: write the failed extract run (and its source's reason) into the warehouse run log."""
    from cgtwatch.tasks import extract_failure_task

    dag_id = context["dag"].dag_id
    extract_failure_task(
        context["params"],
        dag_id.removeprefix(EXTRACT_DAG_PREFIX),
        dag_id,
        context["run_id"],
        _interval(context),
        context["dag_run"].run_after,
        f"{dag_id} task {context['ti'].task_id} failed: {context.get('exception')}",
    )


def record_process_failure(context: Context) -> None:
    """on_failure_callback: mark the run's still-pending batches failed in the warehouse run log."""
    from cgtwatch.tasks import process_failure_task

    ti = context["ti"]
    selected = ti.xcom_pull(task_ids="collect") if ti.task_id != "collect" else None
    process_failure_task(
        selected,
        context["dag"].dag_id,
        context["run_id"],
        context["dag_run"].run_after,
        f"{PROCESS_DAG_ID} task {ti.task_id} failed: {context.get('exception')}",
    )


def extract_dag(source: str) -> DAG:
    """The extract DAG of one source."""
    asset = landing_asset(source)

    @dag(
        dag_id=f"{EXTRACT_DAG_PREFIX}{source}",
        description=f"Fetch and parse {source} for the data interval into the staging area",
        schedule=extract_timetable(source),
        start_date=START_DATE,
        catchup=False,
        max_active_runs=1,
        default_args={**DEFAULT_ARGS, "on_failure_callback": record_extract_failure},
        tags=["cgtwatch", "extract", source],
        params={
            "since": Param(None, type=["null", "string"], description="Window start YYYY-MM-DD (default: interval)"),
            "until": Param(None, type=["null", "string"], description="Window end YYYY-MM-DD (default: interval)"),
            "refetch": Param(False, type="boolean", description="Fetch the whole window even if covered before"),
        },
    )
    def extract() -> None:
        @task
        def fetch() -> dict[str, Any]:
            from cgtwatch.tasks import extract_fetch_task

            context = get_current_context()
            return extract_fetch_task(
                context["params"],
                source,
                context["dag"].dag_id,
                context["run_id"],
                _interval(context),
                context["dag_run"].run_after,
            )

        @task(outlets=[asset])
        def stage(batch: dict[str, Any]) -> dict[str, Any]:
            from cgtwatch.tasks import extract_stage_task

            extra = extract_stage_task(batch)
            get_current_context()["outlet_events"][asset].extra = extra
            return extra

        # TaskFlow returns XComArgs here, not the annotated return types, hence Any.
        fetched: Any = fetch()
        stage(fetched)

    built: DAG = extract()
    return built


for _source in DEFAULT_SCHEDULES:
    globals()[f"{EXTRACT_DAG_PREFIX}{_source}"] = extract_dag(_source)


@dag(
    dag_id=PROCESS_DAG_ID,
    description="Transform, validate and load every staged batch into the DuckDB warehouse",
    schedule=AssetAny(*(landing_asset(s) for s in DEFAULT_SCHEDULES)),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "on_failure_callback": record_process_failure},
    tags=["cgtwatch", "process"],
    params={
        "sources": Param([], type="array", description="Only batches of these sources; empty means all"),
        "since": Param(None, type=["null", "string"], description="Only batches whose window ends on or after"),
        "until": Param(None, type=["null", "string"], description="Only batches whose window starts on or before"),
    },
)
def cgtwatch_process() -> None:
    @task
    def collect() -> list[dict[str, Any]]:
        from cgtwatch.tasks import process_collect_task

        context = get_current_context()
        announced = [
            str(event.extra["batch"])
            for events in context["triggering_asset_events"].values()
            for event in events
            if "batch" in event.extra
        ]
        return process_collect_task(context["params"], announced)

    @task
    def transform(batch: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import process_transform_task

        return process_transform_task(batch)

    @task
    def validate(batch: dict[str, Any]) -> dict[str, Any]:
        from cgtwatch.tasks import process_validate_task

        return process_validate_task(batch)

    # The one DuckDB writer: a one-slot pool serialises loads across DAG runs and workers. all_done,
    # so that the batches that validated load even when another batch's transform failed; the
    # upstream XCom list holds only the batches whose validate succeeded.
    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def load(batches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from cgtwatch.tasks import process_load_task

        return process_load_task(list(batches))

    # No failure callback: the task that left a batch pending already recorded why.
    @task(retries=0, on_failure_callback=None)
    def check(batches: list[dict[str, Any]]) -> None:
        from cgtwatch.tasks import process_check_task

        process_check_task(batches)

    # TaskFlow returns XComArgs here, not the annotated return types, hence Any.
    selected: Any = collect()
    validated: Any = validate.expand(batch=transform.expand(batch=selected))
    loaded: Any = load(validated)
    loaded >> check(selected)


process_dag = cgtwatch_process()
