"""Time ``cgtwatch digest`` over the demo year, as an analyst runs it: a fresh process, imports included."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def measure_digest(warehouse: Path, since: str, until: str, out_dir: Path) -> dict[str, Any]:
    """Run the real CLI once over ``since``..``until`` and time it end to end.

    Args:
        warehouse: The demo warehouse a benchmark run built.
        since: Window start (YYYY-MM-DD).
        until: Window end.
        out_dir: Where the pages go.

    Returns:
        Wall seconds of the command, and the size of the page it wrote.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CGTWATCH_")}
    env["CGTWATCH_WAREHOUSE"] = str(warehouse)
    t0 = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "cgtwatch", "digest", "--since", since, "--until", until, "-o", str(out_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - t0
    page = Path(done.stdout.split()[0])
    return {"window": [since, until], "seconds": round(seconds, 2), "html_bytes": page.stat().st_size}
