"""Row-count anomalies: is an empty batch from a source normal, or a sign of breakage?

A source that returned rows in most of its recent runs and returns none now has probably changed
its layout, blocked the client or lost its API; one that is often empty (a weekly policy list)
has not. The verdict becomes the ``min_rows`` parameter of the warning-severity
``ExpectTableRowCountToBeBetween`` in ``documents.staged``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

LOOKBACK_RUNS = 10
MIN_HISTORY = 3
# Share of recent runs with rows above which an empty run is treated as anomalous.
PRODUCTIVE_SHARE = 0.6


@dataclass(frozen=True)
class RowCountCheck:
    """The minimum row count expected of this run, and why.

    Attributes:
        min_rows: 1 when an empty batch would be anomalous, else 0 (any count passes).
        reason: Human-readable basis of the verdict, recorded with the outcome.
    """

    min_rows: int
    reason: str


def row_count_check(
    history: Sequence[int],
    *,
    lookback: int = LOOKBACK_RUNS,
    min_history: int = MIN_HISTORY,
    productive_share: float = PRODUCTIVE_SHARE,
) -> RowCountCheck:
    """Decide whether zero rows now would be anomalous for a source, from its past row counts.

    Args:
        history: Row counts of the source's past runs, oldest first (this run excluded).
        lookback: How many of the most recent runs to consider.
        min_history: Fewer past runs than this give no baseline: nothing is anomalous yet.
        productive_share: Share of recent runs with rows at or above which zero rows is anomalous.

    Returns:
        The check to apply to this run's documents frame.
    """
    recent = [max(int(n), 0) for n in history][-lookback:] if lookback > 0 else []
    if len(recent) < min_history:
        return RowCountCheck(0, f"only {len(recent)} past run(s), fewer than {min_history}: no baseline yet")
    productive = sum(1 for n in recent if n > 0)
    typical = median(recent)
    summary = f"rows in {productive} of the last {len(recent)} runs (median {typical:g})"
    if productive / len(recent) >= productive_share:
        return RowCountCheck(1, f"{summary}: zero rows now is anomalous")
    return RowCountCheck(0, f"{summary}: an empty run is normal for this source")
