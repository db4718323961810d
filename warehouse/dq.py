"""Recording data-quality outcomes in ``dq_runs`` and ``dq_results``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from expectations.runner import SuiteOutcome

_DELETE_RUNS = "DELETE FROM dq_runs WHERE run_id = ? AND suite = ? AND source = ?"
_DELETE_RESULTS = "DELETE FROM dq_results WHERE run_id = ? AND suite = ? AND source = ?"
_INSERT_RUN = """
    INSERT INTO dq_runs (run_id, suite, source, rows, success, critical_failures, warnings, validated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_RESULT = """
    INSERT INTO dq_results (
        run_id, suite, source, expectation_id, expectation_type, column_name, severity, success,
        unexpected_count, unexpected_sample, kwargs, note
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def record_dq(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: Sequence[SuiteOutcome]) -> None:
    """Write suite outcomes of a run; recording the same run, suite and source again replaces them.

    Replacement is per (run, suite, source), so a run may record its raw suites after fetch and
    its staged suites at load without one call erasing the other. The caller owns the
    transaction (the load stage's), so a failed load leaves no half-recorded outcomes.

    Args:
        con: An open warehouse connection, migrated to include 0004_data_quality.
        run_id: The pipeline run id the outcomes belong to.
        outcomes: Outcomes from :func:`expectations.runner.validate`.
    """
    for outcome in outcomes:
        scope = [run_id, outcome.suite, outcome.source]
        con.execute(_DELETE_RESULTS, scope)
        con.execute(_DELETE_RUNS, scope)
        con.execute(
            _INSERT_RUN,
            [*scope, outcome.rows, outcome.success, outcome.critical_failures, outcome.warnings, outcome.validated_at],
        )
        rows = [
            [
                *scope,
                e.expectation_id,
                e.expectation_type,
                e.column,
                e.severity,
                e.success,
                e.unexpected_count,
                json.dumps(list(e.unexpected_sample), ensure_ascii=False),
                e.kwargs,
                e.note,
            ]
            for e in outcome.expectations
        ]
        if rows:
            con.executemany(_INSERT_RESULT, rows)
