"""The data-quality report that tells the truth: per run and source, what was asked, fetched, loaded and lost.

GX Data Docs judge each validated batch on its own, so an empty batch from a source that failed reads
"Succeeded". This report starts from the run log instead (``runs``, ``run_sources``, ``quarantine``,
``dq_results``): a run in which any source failed, was blocked or never reported is red, whatever its
batches' validations say. The Data Docs stay as the drill-down, linked from the page.

As for the digest: ``load_report_rows`` reads, ``build_report`` is pure, ``render_report_html`` renders one
self-contained page.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from cgtwatch.digest import chart_svg, render_template
from cgtwatch.summary import _records
from warehouse.db import open_reader

log = logging.getLogger(__name__)

Row = Mapping[str, Any]
RED_STATUSES = frozenset({"failed", "blocked", "missing"})
MAX_RUNS = 30
TOP_REASONS = 5
TOP_EXPECTATIONS = 5
STATUS_WORDS = {
    "ok": "ok",
    "no_new_data": "ok, no new data",
    "failed": "FAILED",
    "blocked": "BLOCKED",
    "missing": "MISSING",
}


@dataclass(frozen=True)
class Count:
    """A reason (or an expectation) and how often it occurred."""

    label: str
    count: int


@dataclass(frozen=True)
class SourceResult:
    """One source in one run."""

    source: str
    status: str
    reason: str | None
    counts: Mapping[str, int]
    quarantined: int
    quarantine_reasons: tuple[Count, ...]
    failed_expectations: tuple[Count, ...]
    warnings: int
    verdict: str

    @property
    def status_text(self) -> str:
        """The status in words; unknown statuses shown as they are."""
        return STATUS_WORDS.get(self.status, self.status)


@dataclass(frozen=True)
class RunResult:
    """One run, judged by its worst source."""

    run_id: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    window: str
    offline: bool
    message: str | None
    sources: tuple[SourceResult, ...]
    verdict: str
    headline: str


@dataclass(frozen=True)
class TrendPoint:
    """Rows of one source in one run, for the trend chart."""

    run_id: str
    finished_at: datetime
    source: str
    fetched: int
    loaded: int


@dataclass(frozen=True)
class QualityReport:
    """Everything the report page shows, newest run first."""

    runs: tuple[RunResult, ...]
    trend: tuple[TrendPoint, ...]
    data_docs: str | None

    @property
    def verdict(self) -> str:
        """The latest run's verdict (``none`` before the first run)."""
        return self.runs[0].verdict if self.runs else "none"


# Columns of the per-source table, in order; any a run did not record show as 0.
COUNT_COLUMNS = ("requests", "pages", "fetched", "new", "updated", "unchanged", "skipped", "rejected", "loaded")


def _source_result(row: Row, quarantine: Sequence[Row], failures: Sequence[Row]) -> SourceResult:
    reasons = sorted((Count(str(q["reason"]), int(q["n"])) for q in quarantine), key=lambda c: (-c.count, c.label))
    expectations = sorted(
        (
            Count(
                f"{f['suite']}: {f['expectation_type']}"
                + (f" ({f['column_name']})" if f.get("column_name") else "")
                + f" [{f['severity']}]",
                int(f["unexpected_count"] or 0),
            )
            for f in failures
        ),
        key=lambda c: (-c.count, c.label),
    )
    quarantined = sum(c.count for c in reasons)
    warnings = int(row.get("dq_warnings") or 0)
    status = str(row["status"])
    if status in RED_STATUSES:
        verdict = "red"
    elif quarantined or warnings or int(row.get("rejected") or 0) or expectations:
        verdict = "amber"
    else:
        verdict = "green"
    return SourceResult(
        source=str(row["source"]),
        status=status,
        reason=row.get("reason"),
        counts={c: int(row.get(c) or 0) for c in COUNT_COLUMNS},
        quarantined=quarantined,
        quarantine_reasons=tuple(reasons[:TOP_REASONS]),
        failed_expectations=tuple(expectations[:TOP_EXPECTATIONS]),
        warnings=warnings,
        verdict=verdict,
    )


def _headline(status: str, sources: Sequence[SourceResult]) -> tuple[str, str]:
    bad = [s for s in sources if s.verdict == "red"]
    if bad or status != "ok":
        named = ", ".join(f"{s.source} {s.status}" for s in bad)
        what = f"{len(bad)} of {len(sources)} sources did not complete ({named})" if bad else f"run {status}"
        return "red", f"FAILED: {what}"
    if any(s.verdict == "amber" for s in sources):
        # Rows rejected at parse are quarantined too: the quarantine count alone does not count them twice.
        lost = sum(s.quarantined for s in sources)
        warned = sum(s.warnings for s in sources)
        failed = sum(len(s.failed_expectations) for s in sources)
        what = f"{lost} rows quarantined, {failed} failed expectations, {warned} warnings"
        return "amber", f"Completed with losses: {what}"
    return "green", f"Completed: all {len(sources)} sources ok"


def build_report(
    runs: Sequence[Row],
    run_sources: Sequence[Row],
    quarantine: Sequence[Row],
    failures: Sequence[Row],
    *,
    data_docs: str | None = None,
) -> QualityReport:
    """Judge each run by its sources (pure).

    Args:
        runs: ``runs`` rows, newest first.
        run_sources: ``run_sources`` rows of those runs (extra columns ignored).
        quarantine: ``(run_id, source, reason, n)`` rows: quarantined rows per reason.
        failures: Failed ``dq_results`` rows (``run_id, source, suite, expectation_type, column_name,
            severity, unexpected_count``).
        data_docs: Link to the GX Data Docs index, relative to the report page.

    Returns:
        The report. A run is red when it did not end ``ok`` or any source failed, was blocked, or is listed
        in the run but never reported (``missing``); amber when rows were rejected or quarantined or
        expectations failed; green otherwise.
    """
    by_run: dict[str, list[Row]] = defaultdict(list)
    for row in run_sources:
        by_run[str(row["run_id"])].append(row)
    lost: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in quarantine:
        lost[(str(row["run_id"]), str(row["source"]))].append(row)
    failed: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in failures:
        failed[(str(row["run_id"]), str(row["source"]))].append(row)
    results: list[RunResult] = []
    trend: list[TrendPoint] = []
    for run in runs:
        run_id = str(run["run_id"])
        rows = {str(r["source"]): r for r in by_run.get(run_id, [])}
        for name in run.get("sources") or ():
            rows.setdefault(
                str(name), {"source": name, "status": "missing", "reason": "listed in the run but never reported"}
            )
        sources = tuple(
            _source_result(rows[name], lost.get((run_id, name), []), failed.get((run_id, name), []))
            for name in sorted(rows)
        )
        verdict, headline = _headline(str(run["status"]), sources)
        results.append(
            RunResult(
                run_id=run_id,
                started_at=run.get("started_at"),
                finished_at=run.get("finished_at"),
                status=str(run["status"]),
                window=f"{run.get('window_start')} ~ {run.get('window_end')}",
                offline=bool(run.get("offline")),
                message=run.get("message"),
                sources=sources,
                verdict=verdict,
                headline=headline,
            )
        )
        if run.get("finished_at") is not None:
            trend.extend(
                TrendPoint(run_id, run["finished_at"], s.source, s.counts["fetched"], s.counts["loaded"])
                for s in sources
            )
    trend.sort(key=lambda p: (p.finished_at, p.source))
    return QualityReport(tuple(results), tuple(trend), data_docs)


def load_report_rows(con: duckdb.DuckDBPyConnection, max_runs: int = MAX_RUNS) -> dict[str, list[dict[str, Any]]]:
    """The rows ``build_report`` needs, for the latest ``max_runs`` runs.

    Args:
        con: A warehouse connection.
        max_runs: How many runs to show, newest first.

    Returns:
        ``runs``, ``run_sources``, ``quarantine`` and ``failures`` rows.
    """
    latest = "SELECT run_id FROM runs ORDER BY finished_at DESC, run_id DESC LIMIT ?"
    return {
        "runs": _records(con.execute("SELECT * FROM runs ORDER BY finished_at DESC, run_id DESC LIMIT ?", [max_runs])),
        "run_sources": _records(con.execute(f"SELECT * FROM run_sources WHERE run_id IN ({latest})", [max_runs])),
        "quarantine": _records(
            con.execute(
                f"SELECT run_id, source, reason, count(*) AS n FROM quarantine WHERE run_id IN ({latest}) GROUP BY ALL",
                [max_runs],
            )
        ),
        "failures": _records(
            con.execute(
                "SELECT run_id, source, suite, expectation_type, column_name, severity, unexpected_count "
                f"FROM dq_results WHERE NOT success AND run_id IN ({latest})",
                [max_runs],
            )
        ),
    }


def _trend_svgs(report: QualityReport) -> dict[str, str | None]:
    """Fetched and loaded rows per source, one point per run in time order (runs as labelled steps)."""
    label = {p.run_id: p.finished_at.strftime("%Y-%m-%d %H:%M:%S") for p in report.trend}
    points = [
        {"run": label[p.run_id], "source": p.source, "fetched": p.fetched, "loaded": p.loaded} for p in report.trend
    ]
    runs = list(dict.fromkeys(label[p.run_id] for p in report.trend))
    return {
        measure: chart_svg(
            points,
            mark="line",
            x="run",
            x_domain=runs,
            y=measure,
            color="source",
            title=f"Rows {measure} per source, per run",
        )
        for measure in ("fetched", "loaded")
    }


def render_report_html(report: QualityReport, *, generated_at: datetime | None = None) -> str:
    """The report as one self-contained HTML page (autoescaped: reasons quote third-party responses).

    Args:
        report: The model to show.
        generated_at: Shown in the header when given.

    Returns:
        The page.
    """
    return render_template(
        "report.html",
        report=report,
        charts=_trend_svgs(report),
        columns=COUNT_COLUMNS,
        generated_at=generated_at,
    )


def write_report(warehouse: Path, out: Path, data_docs_index: Path | None, max_runs: int = MAX_RUNS) -> Path:
    """Build the report from the warehouse and write it to ``out``.

    Args:
        warehouse: The DuckDB file, opened read-only.
        out: The HTML file to write.
        data_docs_index: The GX Data Docs index to link to, if it exists.
        max_runs: How many runs to show.

    Returns:
        ``out``.

    Raises:
        WarehouseError: The warehouse is missing or being written.
    """
    with open_reader(warehouse) as con:
        rows = load_report_rows(con, max_runs)
    docs = None
    if data_docs_index is not None and data_docs_index.exists():
        docs = Path(os.path.relpath(data_docs_index, out.parent)).as_posix()
    report = build_report(rows["runs"], rows["run_sources"], rows["quarantine"], rows["failures"], data_docs=docs)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_report_html(report, generated_at=datetime.now().astimezone()), encoding="utf-8")
    tmp.replace(out)
    log.info("data-quality report of %d runs (latest %s) written to %s", len(report.runs), report.verdict, out)
    return out
