"""The production DAGs' glue: per-source extract runs hand staged batches to the process DAG.

An extract run (``cgtwatch_extract_<source>``) fetches and parses one source for its data interval
into a staging directory of its own (the batch, keyed by the extract run), then files a *pending
marker* for it under ``<staging>/queue/pending/`` and emits the source's landing Asset. The process
DAG (``cgtwatch_process``) runs on any of those Assets, takes every pending batch, transforms,
validates and loads each one, and moves a batch's marker to ``queue/loaded/`` only after its load
transaction committed. So:

- a batch is loaded once: a loaded batch is never selected again;
- a batch is never lost: when a process run fails, its batches stay pending and the next process run
  (the next Asset event, or a manual run) picks them up; the failure callback records them in the
  warehouse run log meanwhile;
- reloading after a crash between the commit and the marker move is harmless: loads are idempotent
  (content hashes) and recording the same run id replaces its row.

The Asset events carry the batch key in their ``extra`` for lineage in the UI; the process DAG only
checks that each announced batch exists here, which catches workers that do not share the data
directory. The queue, not the events, decides what is loaded, because events consumed by a failed
run are not delivered again.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cgtwatch import pipeline
from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError, RunFailedError
from extractors.base import FetchWindow
from extractors.landing import atomic_write_bytes
from extractors.registry import SOURCES

PROCESS_DAG_ID = "cgtwatch_process"


def batch_run_id(dag_id: str, run_id: str) -> str:
    """The warehouse run id of an extract run's batch: unique across the per-source DAGs.

    No ``/``: the run id is part of Great Expectations' result keys, which must not contain one.
    """
    return f"{dag_id}:{run_id}"


@dataclass(frozen=True)
class Batch:
    """One extract run's staged output for one source."""

    plan: pipeline.RunPlan
    source: str

    @property
    def key(self) -> str:
        """The batch's staging directory name and landing batch id."""
        return self.plan.key

    def to_dict(self) -> dict[str, Any]:
        """XCom- and file-friendly form."""
        return {"plan": self.plan.to_dict(), "source": self.source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Batch:
        """Inverse of :meth:`to_dict`."""
        return cls(pipeline.RunPlan.from_dict(data["plan"]), str(data["source"]))


def _queue_dir(settings: Settings, state: str) -> Path:
    path = settings.staging_dir / "queue" / state
    path.mkdir(parents=True, exist_ok=True)
    return path


def _marker(settings: Settings, state: str, key: str) -> Path:
    return _queue_dir(settings, state) / f"{key}.json"


def _stage_report(settings: Settings, batch: Batch, stage: str) -> dict[str, Any] | None:
    # The layout of pipeline's per-run staging directory: <staging>/<plan key>/<source>.<stage>.json.
    path = settings.staging_dir / batch.key / f"{batch.source}.{stage}.json"
    if not path.exists():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _beijing_date(moment: datetime) -> date:
    return moment.astimezone(pipeline.BEIJING).date()


def plan_extract(
    settings: Settings,
    params: Mapping[str, Any],
    source: str,
    dag_id: str,
    run_id: str,
    interval: tuple[datetime, datetime] | None,
    run_after: datetime,
) -> Batch:
    """The batch an extract run fetches: its data interval is the fetch window.

    ``since``/``until`` params (manual runs) win over the interval; without either (an unscheduled
    DAG triggered without a logical date) the window is the usual lookback ending on the run's day.

    Raises:
        ConfigError: Unknown source or malformed dates.
    """
    since, until = params.get("since"), params.get("until")
    if interval is not None:
        since = since or _beijing_date(interval[0]).isoformat()
        until = until or _beijing_date(interval[1]).isoformat()
    plan_params = {"sources": [source], "since": since, "until": until, "refetch": params.get("refetch")}
    plan = pipeline.plan_run(plan_params, batch_run_id(dag_id, run_id), run_after, settings)
    return Batch(plan, source)


def fetch_batch(settings: Settings, batch: Batch) -> dict[str, Any]:
    """Fetch the batch's source into the landing zone.

    Raises:
        RunFailedError: The source failed or was blocked; the task fails so that Airflow retries it
            later, and no batch is queued (the failure callback records it in the run log).
    """
    report = pipeline.fetch_stage(settings, batch.plan, batch.source)
    if report["status"] in pipeline.FAILING_STATUSES:
        raise RunFailedError(f"{batch.source} {report['status']}: {report['reason']}")
    return report


def stage_batch(settings: Settings, batch: Batch) -> dict[str, Any]:
    """Parse the fetched batch and queue it for the process DAG.

    Returns:
        The Asset event's ``extra``: batch key, source, window and counts.
    """
    parsed = pipeline.parse_stage(settings, batch.plan, batch.source)
    fetched = _stage_report(settings, batch, "fetch") or {}
    extra = {
        "batch": batch.key,
        "source": batch.source,
        "since": batch.plan.window.since.isoformat(),
        "until": batch.plan.window.until.isoformat(),
        "fetched": int(fetched.get("fetched", 0)),
        "parsed": int(parsed["parsed"]),
        "rejected": int(parsed["rejected"]),
    }
    marker = {**batch.to_dict(), "queued_at": datetime.now(UTC).isoformat(), "event": extra}
    # Written last and atomically: a batch is visible to the process DAG only once fully staged.
    atomic_write_bytes(_marker(settings, "pending", batch.key), json.dumps(marker, ensure_ascii=False).encode())
    return extra


def _read_markers(directory: Path) -> list[Batch]:
    return [Batch.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.json"))]


def _load_order(batch: Batch) -> tuple[date, date, datetime]:
    # Oldest data first, so that a source's ingest state and document versions advance in order.
    return batch.plan.window.since, batch.plan.window.until, batch.plan.started_at


def pending_batches(
    settings: Settings, sources: Collection[str] = (), since: date | None = None, until: date | None = None
) -> list[Batch]:
    """The queued batches, oldest data first, optionally only some sources or windows overlapping a range."""
    chosen = [
        b
        for b in _read_markers(_queue_dir(settings, "pending"))
        if (not sources or b.source in sources)
        and (since is None or b.plan.window.until >= since)
        and (until is None or b.plan.window.since <= until)
    ]
    return sorted(chosen, key=_load_order)


def is_pending(settings: Settings, batch: Batch) -> bool:
    """Whether the batch still waits for a successful load."""
    return _marker(settings, "pending", batch.key).exists()


def select_batches(settings: Settings, params: Mapping[str, Any], announced: Iterable[str]) -> list[Batch]:
    """The batches one process run handles: the pending ones matching its params.

    Args:
        settings: The deployment's settings.
        params: ``sources`` (empty: all), ``since`` and ``until`` (optional window filter).
        announced: Batch keys from the triggering Asset events.

    Raises:
        ConfigError: A source name or date is malformed, or an announced batch is neither pending nor
            loaded here: this worker does not see the extract workers' data directory.
    """
    sources = tuple(params.get("sources") or ())
    unknown = sorted(set(sources) - set(SOURCES))
    if unknown:
        raise ConfigError(f"unknown source(s) {unknown}; known sources: {', '.join(sorted(SOURCES))}")
    missing = [
        key
        for key in announced
        if not _marker(settings, "pending", key).exists() and not _marker(settings, "loaded", key).exists()
    ]
    if missing:
        raise ConfigError(
            f"batches {missing} were announced by extract runs but are not under {settings.staging_dir / 'queue'}; "
            "every Airflow worker must share the same CGTWATCH_DATA_DIR"
        )
    since = pipeline.parse_date_param(params.get("since"), "since")
    until = pipeline.parse_date_param(params.get("until"), "until")
    return pending_batches(settings, sources, since, until)


def transform_batch(settings: Settings, batch: Batch) -> dict[str, Any]:
    """Tag entities and extract events from the batch's parsed documents."""
    return pipeline.transform_stage(settings, batch.plan, batch.source)


def validate_batch(settings: Settings, batch: Batch) -> dict[str, Any]:
    """Validate the batch's staged rows (failing rows are quarantined)."""
    return pipeline.validate_stage(settings, batch.plan, batch.source)


def load_batches(settings: Settings, batches: Iterable[Batch]) -> list[dict[str, Any]]:
    """Load each still-pending batch in its own warehouse transaction, oldest data first.

    A batch leaves the queue right after its load committed, so when a later one fails the earlier
    ones are not loaded again by the retry.

    Returns:
        One run summary per batch loaded.
    """
    summaries = []
    for batch in sorted(batches, key=_load_order):
        if not is_pending(settings, batch):
            continue  # loaded by an earlier try of this task
        summaries.append(pipeline.load_stage(settings, batch.plan))
        mark_loaded(settings, batch)
    return summaries


def mark_loaded(settings: Settings, batch: Batch) -> None:
    """Take a batch off the queue once its load transaction committed."""
    _marker(settings, "pending", batch.key).replace(_marker(settings, "loaded", batch.key))


def check_batches(settings: Settings, batches: Iterable[Batch]) -> None:
    """Fail the process run when a selected batch is still pending (its transform or validate failed).

    Raises:
        RunFailedError: Names the batches left for the next process run.
    """
    left = [b.key for b in batches if is_pending(settings, b)]
    if left:
        raise RunFailedError(f"{len(left)} batch(es) not loaded and still pending for the next process run: {left}")


@dataclass(frozen=True)
class Failure:
    """A run that did not reach the warehouse, for the run log."""

    plan: pipeline.RunPlan
    source_status: str
    reason: str


def extract_failure(settings: Settings, batch: Batch, error: str) -> Failure:
    """The run-log entry of a failed extract run: the fetch report's status and reason when it has one."""
    fetched = _stage_report(settings, batch, "fetch")
    if fetched and fetched.get("status") in pipeline.FAILING_STATUSES:
        return Failure(batch.plan, str(fetched["status"]), str(fetched["reason"]))
    return Failure(batch.plan, "failed", error)


def record_failures(settings: Settings, failures: Sequence[Failure]) -> list[str]:
    """Write a ``failed`` run (and a row per source) for each failure into the warehouse run log.

    A run id that already has a successful record is left alone: its batch was loaded after the
    failure happened (callbacks may run after a downstream load), and the load's record is the truth.
    A later successful load of the same batch replaces the failed record.

    Returns:
        The run ids recorded.
    """
    from warehouse import loaders
    from warehouse.db import open_writer

    recorded: list[str] = []
    if not failures:
        return recorded
    now = datetime.now(UTC)
    with open_writer(settings.warehouse_path, "failure-callback") as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for failure in failures:
                plan = failure.plan
                existing = con.execute("SELECT status FROM runs WHERE run_id = ?", [plan.run_id]).fetchone()
                if existing and existing[0] != "failed":
                    continue
                loaders.record_run(
                    con,
                    loaders.RunRecord(
                        run_id=plan.run_id,
                        started_at=plan.started_at,
                        finished_at=now,
                        status="failed",
                        window_start=plan.window.since,
                        window_end=plan.window.until,
                        offline=plan.offline,
                        sources=plan.sources,
                        message=failure.reason,
                    ),
                    [
                        {"source": s, "status": failure.source_status, "reason": failure.reason, "errors": 1}
                        for s in plan.sources
                    ],
                )
                recorded.append(plan.run_id)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return recorded


def process_failures(
    settings: Settings, selected: Iterable[Batch], reason: str, dag_id: str, run_id: str, run_after: datetime
) -> list[Failure]:
    """The run-log entries of a failed process run: each selected batch still pending.

    Without a selection (the run failed while choosing its batches) the process run itself is logged.
    """
    batches = list(selected)
    if not batches:
        day = _beijing_date(run_after)
        plan = pipeline.RunPlan(batch_run_id(dag_id, run_id), (), FetchWindow(day, day), run_after, settings.offline)
        return [Failure(plan, "failed", reason)]
    note = f"{reason} (batch kept pending for the next {PROCESS_DAG_ID} run)"
    return [Failure(b.plan, "failed", note) for b in batches if is_pending(settings, b)]
