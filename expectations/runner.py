"""Validate a stage's frame against its suite and turn GX's result into plain, JSON-ready outcomes.

The pipeline calls :func:`validate` once per suite and source, uses
:meth:`SuiteOutcome.failing_keys` to quarantine rows that failed a critical expectation, records
the outcomes with :func:`warehouse.dq.record_dq`, and calls :func:`build_data_docs` once at the
end of the run. The GX context is loaded once per process and results directory pair.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expectations.frames import row_key
from expectations.history import row_count_check
from expectations.settings import (
    DOCS_DIR_VARIABLE,
    DOCS_SITE_NAME,
    EVENT_YEARS_AHEAD,
    PROJECT_ROOT,
    RESULTS_DIR_VARIABLE,
    ROW_KEY_COLUMN,
)

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.data_context import AbstractDataContext

log = logging.getLogger(__name__)
SAMPLE_SIZE = 5
_SAMPLE_CHARS = 200
# The row-count expectation whose outcome carries the history verdict as its note.
_ROW_COUNT_TYPE = "expect_table_row_count_to_be_between"


@dataclass(frozen=True)
class GxDirs:
    """Where one deployment's GX output goes; never inside the repository.

    Attributes:
        results_dir: The validation-results store (accumulates across runs: Data Docs history).
        docs_dir: The Data Docs site; ``index.html`` is its entry page.
    """

    results_dir: Path
    docs_dir: Path

    @classmethod
    def under(cls, data_dir: Path) -> GxDirs:
        """The standard layout below a data directory: ``gx/results`` and ``gx/data_docs``."""
        return cls(data_dir / "gx" / "results", data_dir / "gx" / "data_docs")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, in plain Python types.

    Attributes:
        expectation_id: The expectation's stable id in the committed suite.
        expectation_type: GX snake-case type, e.g. ``expect_column_values_to_match_regex``.
        column: The column checked, or None for table-level expectations.
        severity: ``critical`` (blocks the failing rows) or ``warning`` (recorded only).
        success: Whether every row met it.
        unexpected_count: How many rows failed it.
        unexpected_sample: Up to five distinct failing values (or the observed value / error).
        kwargs: Short summary of the resolved arguments other than the column.
        failing_row_keys: Row keys of every failing row (see :func:`expectations.frames.row_key`).
        note: Extra context, e.g. the row-count history verdict.
    """

    expectation_id: str
    expectation_type: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int
    unexpected_sample: tuple[str, ...]
    kwargs: str
    failing_row_keys: tuple[str, ...] = ()
    note: str | None = None

    @property
    def label(self) -> str:
        """``type(column)``, the way reasons name an expectation."""
        return f"{self.expectation_type}({self.column or 'table'})"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExpectationOutcome:
        """Inverse of :meth:`to_dict` (failing row keys are not carried)."""
        return cls(
            expectation_id=str(data["expectation_id"]),
            expectation_type=str(data["expectation_type"]),
            column=data.get("column"),
            severity=str(data["severity"]),
            success=bool(data["success"]),
            unexpected_count=int(data["unexpected_count"]),
            unexpected_sample=tuple(str(v) for v in data.get("unexpected_sample", ())),
            kwargs=str(data.get("kwargs", "")),
            note=data.get("note"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (failing row keys are left to :meth:`SuiteOutcome.failing_keys`)."""
        return {
            "expectation_id": self.expectation_id,
            "expectation_type": self.expectation_type,
            "column": self.column,
            "severity": self.severity,
            "success": self.success,
            "unexpected_count": self.unexpected_count,
            "unexpected_sample": list(self.unexpected_sample),
            "kwargs": self.kwargs,
            "note": self.note,
        }


@dataclass(frozen=True)
class SuiteOutcome:
    """One suite run over one frame.

    Attributes:
        suite: Suite name, e.g. ``documents.staged``.
        source: The source the frame came from (``*`` for a mixed frame).
        run_id: The pipeline run id.
        rows: Rows validated.
        success: GX's verdict: every expectation, warnings included, passed.
        validated_at: When it ran, ISO 8601 with offset.
        expectations: Per-expectation outcomes, in GX's result order.
    """

    suite: str
    source: str
    run_id: str
    rows: int
    success: bool
    validated_at: str
    expectations: tuple[ExpectationOutcome, ...] = field(default_factory=tuple)

    @property
    def critical_failures(self) -> int:
        """Number of failed critical expectations."""
        return sum(1 for e in self.expectations if not e.success and e.severity == "critical")

    @property
    def warnings(self) -> int:
        """Number of failed warning-severity expectations."""
        return sum(1 for e in self.expectations if not e.success and e.severity != "critical")

    def reason(self, outcome: ExpectationOutcome) -> str:
        """The quarantine reason for rows failing ``outcome``."""
        return f"{self.suite}: {outcome.label} failed"

    def failing_keys(self) -> dict[str, list[str]]:
        """Row key -> reasons, for rows failing CRITICAL expectations only (warnings never block)."""
        keys: dict[str, list[str]] = {}
        for outcome in self.expectations:
            if outcome.success or outcome.severity != "critical":
                continue
            for key in outcome.failing_row_keys:
                reasons = keys.setdefault(key, [])
                if self.reason(outcome) not in reasons:
                    reasons.append(self.reason(outcome))
        return keys

    def frame_failures(self) -> list[str]:
        """Critical failures that name no rows (a table-level check, a missing column, a GX error).

        These cannot be quarantined row by row: the caller should block the whole frame.
        """
        return [
            self.reason(o)
            for o in self.expectations
            if not o.success and o.severity == "critical" and not o.failing_row_keys
        ]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SuiteOutcome:
        """Rebuild an outcome written by :meth:`to_dict` (for recording it in the warehouse later)."""
        return cls(
            suite=str(data["suite"]),
            source=str(data["source"]),
            run_id=str(data["run_id"]),
            rows=int(data["rows"]),
            success=bool(data["success"]),
            validated_at=str(data["validated_at"]),
            expectations=tuple(ExpectationOutcome.from_dict(e) for e in data.get("expectations", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, including the failing keys."""
        return {
            "suite": self.suite,
            "source": self.source,
            "run_id": self.run_id,
            "rows": self.rows,
            "success": self.success,
            "validated_at": self.validated_at,
            "critical_failures": self.critical_failures,
            "warnings": self.warnings,
            "expectations": [e.to_dict() for e in self.expectations],
            "failing_keys": self.failing_keys(),
            "frame_failures": self.frame_failures(),
        }


def _ensure_dirs(dirs: GxDirs) -> None:
    dirs.results_dir.mkdir(parents=True, exist_ok=True)
    dirs.docs_dir.mkdir(parents=True, exist_ok=True)


@functools.cache
def load_context(dirs: GxDirs) -> AbstractDataContext:
    """The committed file-based GX project with its output pointed at ``dirs``; once per process.

    The output folders are passed through ``runtime_environment`` (not ``os.environ``), so two
    contexts in one process (demo and live) do not see each other's directories.
    """
    import great_expectations as gx

    _ensure_dirs(dirs)
    return gx.get_context(
        mode="file",
        project_root_dir=str(PROJECT_ROOT),
        runtime_environment={
            RESULTS_DIR_VARIABLE: str(dirs.results_dir.resolve()),
            DOCS_DIR_VARIABLE: str(dirs.docs_dir.resolve()),
        },
    )


def suite_parameters(parameters: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Expand the caller's run parameters into the suites' ``$PARAMETER`` values.

    Args:
        parameters: ``window_end`` (date or ``YYYY-MM-DD``, required) and optionally
            ``row_count_history`` (past row counts of this source, oldest first).

    Returns:
        The GX expectation parameters and the row-count note (None without history).

    Raises:
        ValueError: ``window_end`` is missing or not a date.
    """
    raw_end = parameters.get("window_end")
    if raw_end is None:
        raise ValueError("parameters need window_end (the run window's last date)")
    window_end = raw_end if isinstance(raw_end, date) else date.fromisoformat(str(raw_end)[:10])
    history = parameters.get("row_count_history")
    check = row_count_check(history) if history is not None else None
    values = {
        # Published days are YYYYMMDD integers; a day of slack covers time zones.
        "published_before": int((window_end + timedelta(days=1)).strftime("%Y%m%d")),
        "max_event_year": window_end.year + EVENT_YEARS_AHEAD,
        "min_rows": check.min_rows if check else 0,
    }
    return values, (check.reason if check else None)


def _default_source(suite: str, frame: pd.DataFrame) -> str:
    if suite.startswith("raw_documents."):
        return suite.split(".", 1)[1]
    if "source" in frame.columns:
        values = {str(v) for v in frame["source"].dropna().unique()}
        if len(values) == 1:
            return values.pop()
    return "*"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _SAMPLE_CHARS else text[: _SAMPLE_CHARS - 1] + "…"


def _kwargs_summary(kwargs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in sorted(kwargs.items()):
        if name in {"column", "batch_id"} or value is None:
            continue
        parts.append(f"{name}={_short(value)}")
    return ", ".join(parts)


def _exception_message(info: Any) -> str | None:
    """GX reports errors flat or keyed by metric id; either way, the first message."""
    if not isinstance(info, Mapping):
        return None
    if info.get("raised_exception") and info.get("exception_message"):
        return str(info["exception_message"])
    for nested in info.values():
        if isinstance(nested, Mapping) and nested.get("raised_exception") and nested.get("exception_message"):
            return str(nested["exception_message"])
    return None


def _outcome(result: ExpectationValidationResult, note: str | None) -> ExpectationOutcome:
    config = result.expectation_config
    if config is None:
        raise ValueError("GX returned a result without its expectation configuration")
    details: dict[str, Any] = dict(result.result or {})
    sample: list[str] = []
    for value in details.get("unexpected_list") or ():
        if _short(value) not in sample:
            sample.append(_short(value))
        if len(sample) == SAMPLE_SIZE:
            break
    exception = _exception_message(result.exception_info)
    if exception:
        sample = [_short(exception)]
    elif not sample and not result.success and "observed_value" in details:
        sample = [f"observed {_short(details['observed_value'])}"]
    keys = tuple(
        str(index.get(ROW_KEY_COLUMN)) if isinstance(index, Mapping) else str(index)
        for index in details.get("unexpected_index_list") or ()
    )
    severity = getattr(config.severity, "value", config.severity)
    return ExpectationOutcome(
        expectation_id=str(config.id or ""),
        expectation_type=config.type,
        column=config.kwargs.get("column"),
        severity=str(severity),
        success=bool(result.success),
        unexpected_count=int(details.get("unexpected_count") or 0),
        unexpected_sample=tuple(sample),
        kwargs=_kwargs_summary(config.kwargs),
        failing_row_keys=tuple(dict.fromkeys(keys)),
        note=note if config.type == _ROW_COUNT_TYPE else None,
    )


def validate(
    table: str,
    frame: pd.DataFrame,
    *,
    key_columns: Sequence[str],
    parameters: Mapping[str, Any],
    run_id: str,
    dirs: GxDirs,
    source: str | None = None,
    validated_at: datetime | None = None,
) -> SuiteOutcome:
    """Run the suite ``table`` (e.g. ``documents.staged``) over ``frame`` and store the result.

    Args:
        table: Suite name; its committed checkpoint is run.
        frame: The frame from :mod:`expectations.frames` (staged columns plus derived ones).
        key_columns: Columns identifying a row; failing rows are reported by their values joined
            with ``|`` (e.g. ``["doc_id"]``).
        parameters: Run parameters, see :func:`suite_parameters`.
        run_id: The pipeline run id; with the source it names the run in Data Docs.
        dirs: Where results (and later Data Docs) go.
        source: The source the frame came from; derived from the suite or the frame if omitted.
        validated_at: Run time shown in Data Docs; defaults to now (metadata only).

    Returns:
        The outcome, in plain Python types.

    Raises:
        ValueError: A key column is missing from the frame, or ``window_end`` is missing.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    missing = [c for c in key_columns if c not in frame.columns]
    if missing:
        raise ValueError(f"key columns {missing} are not in the {table} frame")
    context = load_context(dirs)
    checkpoint = context.checkpoints.get(table)
    values, note = suite_parameters(parameters)
    source_name = source or _default_source(table, frame)
    keyed = frame.copy()
    keyed[ROW_KEY_COLUMN] = [row_key(row, key_columns) for row in frame[list(key_columns)].to_dict("records")]
    run_time = validated_at or datetime.now(UTC)
    # The source is part of the run name: results are keyed by suite and run, and documents.staged
    # runs once per source in the same pipeline run.
    gx_run = RunIdentifier(run_name=f"{run_id}.{source_name}", run_time=run_time)
    result = checkpoint.run(batch_parameters={"dataframe": keyed}, expectation_parameters=values, run_id=gx_run)
    suite_result = next(iter(result.run_results.values()))
    outcomes = tuple(_outcome(r, note) for r in suite_result.results)
    outcome = SuiteOutcome(
        suite=table,
        source=source_name,
        run_id=run_id,
        rows=len(frame),
        success=bool(suite_result.success),
        validated_at=run_time.isoformat(),
        expectations=outcomes,
    )
    log.info(
        "%s [%s]: %d rows, %d critical failures, %d warnings",
        table,
        source_name,
        outcome.rows,
        outcome.critical_failures,
        outcome.warnings,
    )
    return outcome


def data_docs_index(dirs: GxDirs) -> Path:
    """Where the Data Docs site's ``index.html`` is (or will be, after the first build)."""
    return dirs.docs_dir / "index.html"


def build_data_docs(dirs: GxDirs) -> Path:
    """Rebuild the Data Docs site from every stored result (all runs so far).

    GX's index table needs CDN scripts; a static run list is added so it also reads offline.

    Returns:
        The site's ``index.html``.
    """
    from expectations.docs import add_run_history

    context = load_context(dirs)
    context.build_data_docs(site_names=[DOCS_SITE_NAME])
    index = data_docs_index(dirs)
    add_run_history(index, dirs.results_dir)
    return index
