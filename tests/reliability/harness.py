"""Helpers for fault-injection tests: the real snapshot server with a fault plan, and the real fetch/parse stages.

Most fault modes are exercised in-process through ``cgtwatch.pipeline.fetch_stage`` and
``parse_stage`` (the production code paths, minus Airflow and GX), which takes a fraction of a
second per fault; a few end-to-end CLI runs (``test_e2e_faults.py``) inject several faults at once.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cgtwatch.config import Settings
from cgtwatch.pipeline import RunPlan, fetch_stage, parse_stage
from cgtwatch.snapshot_server import Fault, FaultPlan, SnapshotServer
from extractors.base import FetchWindow
from extractors.landing import LandingZone
from tests.conftest import DEMO_SNAPSHOT

# Short timeouts and backoff so that every retry path finishes in well under a second or two.
FAST_HTTP = {
    "CGTWATCH_HTTP_CONNECT_TIMEOUT": "0.5",
    "CGTWATCH_HTTP_READ_TIMEOUT": "0.5",
    "CGTWATCH_HTTP_MAX_ATTEMPTS": "3",
    "CGTWATCH_HTTP_BACKOFF_BASE": "0.05",
    "CGTWATCH_HTTP_BACKOFF_MAX": "0.2",
    "CGTWATCH_HTTP_DEADLINE": "10",
    "CGTWATCH_HTTP_MIN_INTERVAL": "0",
}


def snapshot_window(source: str) -> FetchWindow:
    """The window a bundled source snapshot was recorded for."""
    window = json.loads((DEMO_SNAPSHOT / source / "snapshot.json").read_text(encoding="utf-8"))["window"]
    return FetchWindow(date.fromisoformat(window["since"]), date.fromisoformat(window["until"]))


@dataclass
class StageResult:
    """What the fetch and parse stages of one source reported, and how long the fetch took."""

    fetch: dict[str, Any]
    parse: dict[str, Any]
    elapsed_s: float
    settings: Settings
    plan: RunPlan

    @property
    def staged(self) -> list[dict[str, Any]]:
        """The staged document rows (what the load stage would load)."""
        path = self.settings.staging_dir / self.plan.key / f"{self.fetch['source']}.documents.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    @property
    def rejected(self) -> list[dict[str, Any]]:
        """The quarantine rows of parse rejects."""
        path = self.settings.staging_dir / self.plan.key / f"{self.fetch['source']}.rejected.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    @property
    def exchanges(self) -> list[dict[str, Any]]:
        """The fetch journal: one line per HTTP exchange."""
        path = Path(self.fetch["exchanges"])
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def landed(self, ref: str) -> bytes:
        """A body kept in the landing zone."""
        return LandingZone(self.settings.landing_dir).resolve(ref).read_bytes()


def run_source(
    source: str, server_url: str, data_dir: Path, env: Mapping[str, str] | None = None, run_id: str = "fault-run"
) -> StageResult:
    """Fetch and parse one source through the production stages against ``server_url``."""
    settings = Settings.from_env(
        {
            "CGTWATCH_OFFLINE": "1",
            "CGTWATCH_DATA_DIR": str(data_dir),
            "CGTWATCH_ROUTE_ALL_TO": server_url,
            **FAST_HTTP,
            **(env or {}),
        }
    )
    plan = RunPlan(run_id, (source,), snapshot_window(source), datetime.now(UTC), offline=True, refetch=True)
    started = time.monotonic()
    fetched = fetch_stage(settings, plan, source)
    elapsed = time.monotonic() - started
    parsed = parse_stage(settings, plan, source)
    return StageResult(fetched, parsed, elapsed, settings, plan)


@contextmanager
def fault_server(*faults: Fault, roots: list[Path] | None = None) -> Iterator[SnapshotServer]:
    """The bundled demo snapshot (or ``roots``) served with ``faults``."""
    all_roots = roots or sorted(p.parent for p in DEMO_SNAPSHOT.glob("*/manifest.jsonl"))
    server = SnapshotServer(all_roots, faults=FaultPlan(tuple(faults))).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def blackhole() -> Iterator[str]:
    """A loopback address whose TCP handshakes never complete: connecting to it times out.

    A listening socket that never accepts, with its one-slot backlog filled by a first connection:
    Linux then drops further SYNs, exactly what a firewalled or overloaded host does.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
