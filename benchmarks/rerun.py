"""Cold run vs re-run of the real pipeline stages over the demo snapshot, each run in a fresh process.

Every run calls ``cgtwatch.pipeline``'s stages in the DAG's order (fetch → parse → transform →
validate per source, then one load) against ``cgtwatch.snapshot_server`` on 127.0.0.1, exactly as
the DAG's task wrappers do, minus Airflow's scheduling. Each run is a separate ``python -m
benchmarks.rerun`` process, so both pay the same imports and neither inherits the other's caches.

The child wraps a few pipeline collaborators with timers (engine construction, each GX suite, Data
Docs, lexicon seeding, the loaders) to say where a run's time goes; the wrappers only measure.

Runs measured by :func:`measure_reruns`:

* ``cold``: a fresh data directory (no warehouse, no jieba cache, no landing zone).
* ``rerun``: the same window again with ``refetch`` so the unchanged sources hand the pipeline
  the same raw documents; the headline ratio compares parse → load (fetch excluded on both sides,
  because replaying from a local server says nothing about fetching from the real sites).
* ``incremental``: the same window again without ``refetch``: what ``cgtwatch run`` does by default
  (only the overlap days are fetched). Reported, not used for the ratio.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STAGES = ("fetch", "parse", "transform", "validate", "load")
PROCESSING_STAGES = STAGES[1:]
ROOT = Path(__file__).resolve().parent.parent


class _Timers:
    """Seconds and call counts by label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def add(self, label: str, seconds: float) -> None:
        self.seconds[label] = self.seconds.get(label, 0.0) + seconds
        self.calls[label] = self.calls.get(label, 0) + 1

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Replace ``owner.name`` by a timed pass-through."""
        original: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(label, time.perf_counter() - t0)

        setattr(owner, name, timed)


def _instrument(timers: _Timers) -> None:
    """Time the parts of each stage that a re-run could skip; behaviour is unchanged."""
    import expectations.runner
    import transforms.engine
    from cgtwatch import pipeline
    from warehouse import loaders

    timers.wrap(transforms.engine.TransformEngine, "extract", "transform.extract")
    timers.wrap(transforms.engine, "TransformEngine", "transform.engine_build")
    timers.wrap(expectations.runner, "validate", "validate.gx_suite")
    timers.wrap(pipeline, "_build_data_docs", "load.build_data_docs")
    timers.wrap(pipeline, "_seed_lexicon", "load.seed_lexicon")
    timers.wrap(pipeline, "_record_quality", "load.record_quality")
    timers.wrap(pipeline, "_row_count_history", "validate.row_count_history")
    timers.wrap(pipeline, "read_ingest_state", "fetch.read_ingest_state")
    timers.wrap(loaders, "upsert_documents", "load.upsert_documents")
    timers.wrap(loaders, "load_extractions", "load.load_extractions")
    timers.wrap(loaders, "quarantine_rows", "load.quarantine_rows")


def run_once(
    *, data_dir: Path, route_to: str, run_id: str, sources: Sequence[str], since: str, until: str, refetch: bool
) -> dict[str, Any]:
    """Run every stage of one pipeline run in this process and time it.

    Args:
        data_dir: ``CGTWATCH_DATA_DIR`` of the run (warehouse, landing, staging, jieba cache).
        route_to: URL of the running snapshot server.
        run_id: The run id.
        sources: Sources to run.
        since: Window start (YYYY-MM-DD).
        until: Window end.
        refetch: Fetch the whole window even where an earlier run covered it.

    Returns:
        Seconds per stage, per stage and source, per instrumented part, and the load summary.
    """
    timers = _Timers()
    t_import = time.perf_counter()
    from cgtwatch import pipeline
    from cgtwatch.config import Settings

    _instrument(timers)
    imports = time.perf_counter() - t_import
    env = {"CGTWATCH_OFFLINE": "1", "CGTWATCH_DATA_DIR": str(data_dir), "CGTWATCH_ROUTE_ALL_TO": route_to}
    settings = Settings.from_env(env)
    params = {"sources": list(sources), "since": since, "until": until, "refetch": refetch}
    plan = pipeline.plan_run(params, run_id, datetime.now(UTC), settings)
    stage_seconds = dict.fromkeys(STAGES, 0.0)
    per_source: dict[str, dict[str, float]] = {}
    reports: dict[str, dict[str, Any]] = {}
    stage_fns: dict[str, Callable[..., dict[str, Any]]] = {
        "fetch": pipeline.fetch_stage,
        "parse": pipeline.parse_stage,
        "transform": pipeline.transform_stage,
        "validate": pipeline.validate_stage,
    }
    for source in plan.sources:
        for stage, fn in stage_fns.items():
            t0 = time.perf_counter()
            reports.setdefault(source, {})[stage] = fn(settings, plan, source)
            elapsed = time.perf_counter() - t0
            stage_seconds[stage] += elapsed
            per_source.setdefault(source, {})[stage] = round(elapsed, 4)
    t0 = time.perf_counter()
    summary = pipeline.load_stage(settings, plan)
    stage_seconds["load"] = time.perf_counter() - t0
    return {
        "run_id": run_id,
        "refetch": refetch,
        "import_s": round(imports, 4),
        "stage_s": {k: round(v, 4) for k, v in stage_seconds.items()},
        "processing_s": round(sum(stage_seconds[s] for s in PROCESSING_STAGES), 4),
        "total_s": round(sum(stage_seconds.values()), 4),
        "per_source_s": per_source,
        "parts_s": {k: round(v, 4) for k, v in sorted(timers.seconds.items())},
        "parts_calls": dict(sorted(timers.calls.items())),
        "status": summary["status"],
        "documents": {r["source"]: r["fetched"] for r in summary["sources"]},
        "loaded": {r["source"]: r["loaded"] for r in summary["sources"]},
        "unchanged": {r["source"]: r["unchanged"] for r in summary["sources"]},
        "source_status": {r["source"]: r["status"] for r in summary["sources"]},
        "transformed_docs": sum(int(r["transform"]["documents"]) for r in reports.values()),
        "staging_dir": str(settings.staging_dir / plan.key),
    }


def _run_child(args: list[str], log_path: Path) -> dict[str, Any]:
    out = log_path.with_suffix(".json")
    with log_path.open("w", encoding="utf-8") as log_file:
        subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "benchmarks.rerun", *args, "--out", str(out)],
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=True,
        )
    loaded: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return loaded


def measure_reruns(work_dir: Path, *, sources: Sequence[str] = (), incremental: bool = True) -> dict[str, Any]:
    """Cold run, then re-runs over the same snapshot, each in a child process.

    Args:
        work_dir: Scratch directory (data dir and logs go here).
        sources: Sources to run; all registered ones when empty.
        incremental: Also measure the default (non-refetch) re-run.

    Returns:
        The runs' timings and ``ratio`` = re-run parse→load seconds ÷ cold parse→load seconds.
    """
    from cgtwatch.cli import snapshot_roots, snapshot_window
    from cgtwatch.snapshot_server import SnapshotServer

    roots = snapshot_roots()
    since, until = snapshot_window(roots)
    data_dir = work_dir / "data"
    server = SnapshotServer(roots).start()
    try:
        common = ["--data-dir", str(data_dir), "--route-to", server.url, "--since", since, "--until", until]
        for name in sources:
            common += ["--source", name]
        runs = {"cold": _run_child([*common, "--run-id", "bench_cold"], work_dir / "cold.log")}
        runs["rerun"] = _run_child([*common, "--run-id", "bench_rerun", "--refetch"], work_dir / "rerun.log")
        if incremental:
            runs["incremental"] = _run_child([*common, "--run-id", "bench_incremental"], work_dir / "incremental.log")
    finally:
        server.stop()
    cold, rerun = runs["cold"], runs["rerun"]
    result: dict[str, Any] = {
        "window": [since, until],
        "runs": runs,
        "ratio": rerun["processing_s"] / cold["processing_s"],
        "ratio_with_fetch": rerun["total_s"] / cold["total_s"],
        "dominant_stage": max(PROCESSING_STAGES, key=lambda s: rerun["stage_s"][s]),
    }
    if "incremental" in runs:
        result["incremental_ratio_with_fetch"] = runs["incremental"]["total_s"] / cold["total_s"]
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Child entry point: one timed pipeline run, its numbers written to ``--out`` as JSON."""
    parser = argparse.ArgumentParser(description="one timed pipeline run over the snapshot (child process)")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--route-to", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--since", required=True)
    parser.add_argument("--until", required=True)
    parser.add_argument("--source", action="append", default=[])
    parser.add_argument("--refetch", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = run_once(
        data_dir=args.data_dir,
        route_to=args.route_to,
        run_id=args.run_id,
        sources=args.source,
        since=args.since,
        until=args.until,
        refetch=args.refetch,
    )
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
