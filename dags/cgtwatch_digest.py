"""Weekly digest: for each week (Monday to Sunday, Beijing time) write data/digests/<ISO week>.html and .md.

Wiring only: the task is a short call into ``cgtwatch.digest``, imported inside the task so that parsing
this file does no I/O and loads no heavy library. The data interval is the week, so a back-fill
(``airflow backfill create --dag-id cgtwatch_digest --from-date … --to-date …``) writes past weeks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import CronDataIntervalTimetable, dag, get_current_context, task

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "cgtwatch",
    "retries": 2,
    # The warehouse cannot be opened for reading while a load holds it: wait and try again.
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}


@dag(
    dag_id="cgtwatch_digest",
    description="Weekly digest of CGT events as self-contained HTML and Markdown",
    # Monday 00:00 to the next Monday 00:00 in Beijing: the run starts when the week is over.
    schedule=CronDataIntervalTimetable("0 0 * * 1", timezone="Asia/Shanghai"),
    start_date=pendulum.datetime(2025, 1, 6, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["cgtwatch", "digest"],
)
def cgtwatch_digest() -> None:
    @task
    def digest() -> dict[str, str]:
        from airflow.sdk.exceptions import AirflowSkipException

        from cgtwatch.digest import digest_task
        from cgtwatch.errors import WarehouseMissingError

        context = get_current_context()
        try:
            return digest_task(context["data_interval_start"], context["data_interval_end"])
        except WarehouseMissingError as exc:
            # A new deployment's first week may end before anything was loaded: nothing to digest yet.
            raise AirflowSkipException(str(exc)) from exc

    digest()


digest_dag = cgtwatch_digest()
