"""Incremental state: the part of a window still to fetch, and how the covered range grows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cgtwatch.pipeline import IngestState, effective_window
from extractors.base import FetchWindow
from warehouse import loaders
from warehouse.db import open_writer

pytestmark = pytest.mark.unit
D = date.fromisoformat


def state(since: str, until: str) -> IngestState:
    return IngestState(D(since), D(until), None)


@pytest.mark.parametrize(
    ("window", "covered", "expected"),
    [
        (("2025-01-01", "2025-12-31"), None, ("2025-01-01", "2025-12-31")),
        (("2025-01-01", "2025-12-31"), ("2025-01-01", "2025-12-31"), ("2025-12-28", "2025-12-31")),
        (("2025-12-01", "2026-01-10"), ("2025-01-01", "2025-12-31"), ("2025-12-28", "2026-01-10")),
        (("2025-03-01", "2025-03-31"), ("2025-01-01", "2025-12-31"), None),
        (("2024-06-01", "2025-02-01"), ("2025-01-01", "2025-12-31"), ("2024-06-01", "2025-02-01")),
        (("2026-02-01", "2026-02-07"), ("2025-01-01", "2025-12-31"), ("2026-02-01", "2026-02-07")),
    ],
    ids=["no-state", "same-window", "extends-forward", "inside-covered", "starts-before-covered", "after-a-gap"],
)
def test_effective_window(window, covered, expected):
    result = effective_window(FetchWindow(D(window[0]), D(window[1])), state(*covered) if covered else None, 3)
    assert result == (FetchWindow(D(expected[0]), D(expected[1])) if expected else None)


def test_covered_range_grows_only_when_contiguous(tmp_path):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with open_writer(tmp_path / "w.duckdb", "r") as con:
        loaders.advance_ingest_state(con, "cde", D("2025-01-01"), D("2025-06-30"), "r1", now)
        loaders.advance_ingest_state(con, "cde", D("2025-07-01"), D("2025-07-07"), "r2", now)
        assert con.execute("SELECT covered_since, covered_until, load_id FROM ingest_state").fetchall() == [
            (D("2025-01-01"), D("2025-07-07"), "r2")
        ]
        loaders.advance_ingest_state(con, "cde", D("2025-09-01"), D("2025-09-07"), "r3", now)
        assert con.execute("SELECT covered_since, covered_until FROM ingest_state").fetchall() == [
            (D("2025-09-01"), D("2025-09-07"))
        ]
