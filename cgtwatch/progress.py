"""Stage progress lines for people watching a run (stderr), mirrored to the log for task logs."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("cgtwatch.progress")


def report(stage: str, source: str, message: str) -> None:
    """Tell the person running ``cgtwatch run`` (or reading a task log) what a stage just did."""
    line = f"[{stage:<5}] {source:<10} {message}"
    log.info(line)
    # Airflow routes task logging to its own handlers; stderr reaches the terminal of an embedded run.
    print(line, file=sys.stderr, flush=True)
