"""``python -m benchmarks.run --quick`` writes every result key as a positive number (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

RATIO_KEYS = (
    "transform_vs_jieba",
    "two_core_speedup",
    "load_vs_naive",
    "rerun_vs_cold",
    "peak_rss_mb_10k",
    "peak_rss_mb_100k",
    "minhash_handwritten_vs_datasketch",
    "tagging_per_char_1m_vs_10k",
)


def test_quick_bench_writes_every_key(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out), "--work-dir", str(tmp_path / "work")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    for key in RATIO_KEYS:
        value = results[key]
        assert isinstance(value, int | float), key
        assert not isinstance(value, bool), key
        assert value > 0, key
        assert key in results["passed"]
    assert results["mode"] == "quick"
    assert {"cpu_model", "cores", "ram_gib", "python", "os", "date"} <= results["machine"].keys()
    assert results["machine"]["cores"] > 0
    for name in ("transform", "two_core", "load", "rerun", "memory_small", "memory_large", "reposts", "tagging_scale"):
        assert name in results["raw"]
    assert "benchmark" in done.stdout
