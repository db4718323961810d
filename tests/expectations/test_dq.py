"""dq_runs / dq_results: recording a run's outcomes twice leaves one copy."""

from __future__ import annotations

import json

import duckdb
import pytest

from expectations.runner import ExpectationOutcome, SuiteOutcome
from warehouse.db import migrations
from warehouse.dq import record_dq

pytestmark = pytest.mark.unit


def outcome(source: str, bad: int = 1) -> SuiteOutcome:
    return SuiteOutcome(
        suite="documents.staged",
        source=source,
        run_id="run-1",
        rows=10,
        success=bad == 0,
        validated_at="2025-01-31T12:00:00+00:00",
        expectations=(
            ExpectationOutcome("e1", "expect_column_values_to_be_unique", "doc_id", "critical", True, 0, (), ""),
            ExpectationOutcome(
                "e2",
                "expect_column_values_to_match_regex",
                "url",
                "critical",
                bad == 0,
                bad,
                ("ftp://x",) * bad,
                "regex=^https?://",
                ("k1",) * bad,
            ),
            ExpectationOutcome(
                "e3",
                "expect_table_row_count_to_be_between",
                None,
                "warning",
                True,
                0,
                (),
                "min_value=1",
                note="rows in 3 of the last 3 runs",
            ),
        ),
    )


@pytest.fixture
def con():
    # Only this migration: the dq tables stand alone, and the test should not fail on others' work.
    (migration,) = [m for m in migrations() if m.name.endswith("_data_quality.sql")]
    connection = duckdb.connect()
    connection.execute(migration.sql)
    yield connection
    connection.close()


def test_dq_migration_is_in_the_numbered_sequence():
    assert any(m.name.endswith("_data_quality.sql") for m in migrations())


def test_record_dq_is_idempotent_per_run(con):
    outcomes = [outcome("nmpa"), outcome("cde", bad=0)]
    record_dq(con, "run-1", outcomes)
    record_dq(con, "run-1", outcomes)
    assert con.execute("SELECT count(*) FROM dq_runs").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM dq_results").fetchone() == (6,)
    row = con.execute("SELECT critical_failures, warnings, success FROM dq_runs WHERE source = 'nmpa'").fetchone()
    assert row == (1, 0, False)
    sample, note = con.execute(
        "SELECT unexpected_sample, note FROM dq_results WHERE source = 'nmpa' AND expectation_id = 'e2'"
    ).fetchone()
    assert json.loads(sample) == ["ftp://x"]
    assert note is None


def test_re_recording_replaces_only_that_suite_and_source(con):
    record_dq(con, "run-1", [outcome("nmpa"), outcome("cde")])
    record_dq(con, "run-1", [outcome("nmpa", bad=0)])
    rows = dict(con.execute("SELECT source, critical_failures FROM dq_runs ORDER BY source").fetchall())
    assert rows == {"cde": 1, "nmpa": 0}
    record_dq(con, "run-2", [outcome("nmpa")])
    assert con.execute("SELECT count(DISTINCT run_id) FROM dq_results").fetchone() == (2,)
