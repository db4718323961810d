"""Row-count anomaly verdicts from a source's past row counts."""

from __future__ import annotations

import pytest

from expectations.history import row_count_check

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("history", "min_rows", "reason_part"),
    [
        ([], 0, "no baseline"),
        ([5, 7], 0, "no baseline"),
        ([5, 7, 9], 1, "rows in 3 of the last 3 runs"),
        ([0, 12, 9, 0, 11, 8, 10, 13, 7, 9], 1, "zero rows now is anomalous"),
        ([0, 0, 0, 4, 0, 0, 0, 0, 2, 0], 0, "an empty run is normal"),
        # Only the last ten runs count: a source that dried up long ago is not anomalous now.
        ([9] * 20 + [0] * 10, 0, "rows in 0 of the last 10 runs"),
    ],
)
def test_row_count_check(history, min_rows, reason_part):
    check = row_count_check(history)
    assert check.min_rows == min_rows
    assert reason_part in check.reason
