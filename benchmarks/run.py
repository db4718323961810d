"""``make bench``: every result as a ratio against a baseline measured in the same run.

Run ``python -m benchmarks.run [--quick] [--out data/bench.json]``. Writes the ratios, the raw
numbers behind them and a ``machine`` block to the JSON file and prints a table with each target and
whether it passed. ``--quick`` runs every benchmark at a toy scale (a smoke test; its numbers are
not comparable with a full run). Timing is never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import corpus, digest, reposts, rerun, stream, tagging_scale, throughput

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "bench.json"


@dataclass(frozen=True)
class Scale:
    """How much work each benchmark does."""

    transform_docs: int
    transform_rounds: int
    snapshot_repeat: int
    parallel_docs: int
    parallel_chunk: int
    load_docs: int
    rerun_sources: tuple[str, ...]
    rerun_incremental: bool
    memory_small: int
    memory_large: int
    memory_batch: int
    repost_docs: int
    # Document lengths of the tagging-scale benchmark (time per character must stay flat).
    tagging_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)


FULL = Scale(
    transform_docs=2_000,
    transform_rounds=3,
    snapshot_repeat=10,
    parallel_docs=4_000,
    parallel_chunk=50,
    load_docs=10_000,
    rerun_sources=(),
    rerun_incremental=True,
    memory_small=10_000,
    memory_large=100_000,
    memory_batch=5_000,
    repost_docs=100_000,
)
QUICK = Scale(
    transform_docs=150,
    tagging_sizes=(10_000, 40_000),
    transform_rounds=1,
    snapshot_repeat=1,
    parallel_docs=200,
    parallel_chunk=25,
    load_docs=1_000,
    rerun_sources=("nmpa",),
    rerun_incremental=False,
    memory_small=300,
    memory_large=600,
    memory_batch=150,
    repost_docs=1_000,
)


@dataclass(frozen=True)
class Target:
    """One row of the result table."""

    key: str
    label: str
    goal: str
    check: Callable[[dict[str, Any]], bool]


TARGETS = (
    Target(
        "transform_vs_jieba", "transform ÷ bare jieba.cut (chars/s)", ">= 0.6", lambda r: r["transform_vs_jieba"] >= 0.6
    ),
    Target("two_core_speedup", "transform, 2 workers ÷ 1", ">= 1.6x", lambda r: r["two_core_speedup"] >= 1.6),
    Target("load_vs_naive", "upsert_documents ÷ row-by-row INSERT", ">= 20x", lambda r: r["load_vs_naive"] >= 20),
    Target("rerun_vs_cold", "re-run ÷ cold run (parse..load)", "<= 0.10", lambda r: r["rerun_vs_cold"] <= 0.10),
    Target("peak_rss_mb_10k", "peak RSS, stream 10k docs (MB)", "(baseline)", lambda r: r["peak_rss_mb_10k"] > 0),
    Target(
        "peak_rss_mb_100k",
        "peak RSS, stream 100k docs (MB)",
        "<= 1536 and < 2x 10k",
        lambda r: r["peak_rss_mb_100k"] <= 1536 and r["peak_rss_mb_100k"] < 2 * r["peak_rss_mb_10k"],
    ),
    Target("digest_year_s", "cgtwatch digest of the demo year (s)", "< 10", lambda r: r["digest_year_s"] < 10),
    Target(
        "tagging_per_char_1m_vs_10k",
        "tagging µs/char, longest ÷ 10k-char doc",
        "<= 1.5 (linear)",
        lambda r: r["tagging_per_char_1m_vs_10k"] <= 1.5,
    ),
    # transforms.dedup uses the faster MinHash/LSH (DEFAULT_METHOD): datasketch while this stays >= 1.
    Target(
        "minhash_handwritten_vs_datasketch",
        "MinHash+LSH, hand-written ÷ datasketch",
        ">= 1.0 (datasketch kept)",
        lambda r: r["minhash_handwritten_vs_datasketch"] >= 1.0,
    ),
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    try:
        import psutil
    except ImportError:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return float(psutil.virtual_memory().total) / 2**30


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import duckdb
    import jieba

    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gib": round(_ram_gib(), 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "duckdb": duckdb.__version__,
        "jieba": jieba.__version__,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _timed(label: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    print(f"… {label}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    result = fn()
    result["bench_wall_s"] = round(time.perf_counter() - t0, 2)
    return result


def run_all(scale: Scale, work: Path) -> dict[str, Any]:
    """Run every benchmark at ``scale`` with scratch files under ``work``.

    Returns:
        The ratios, the raw numbers and the machine block.
    """
    raw: dict[str, Any] = {}
    rerun_dir = throughput.scratch_dir(work, "rerun-")
    raw["rerun"] = _timed(
        "cold run vs re-run over the demo snapshot",
        lambda: rerun.measure_reruns(rerun_dir, sources=scale.rerun_sources, incremental=scale.rerun_incremental),
    )
    # The warehouse those runs built is the demo year: its digest is what an analyst would ask for first.
    year_since, year_until = raw["rerun"]["window"]
    raw["digest"] = _timed(
        "cgtwatch digest of the demo year",
        lambda: digest.measure_digest(
            rerun_dir / "data" / "demo.duckdb", year_since, year_until, throughput.scratch_dir(work, "digest-")
        ),
    )
    snapshot_rows = corpus.read_staged_documents(Path(raw["rerun"]["runs"]["cold"]["staging_dir"]))
    generated = list(corpus.generate_documents(scale.transform_docs))
    cache = throughput.scratch_dir(work, "jieba-")
    raw["transform"] = _timed(
        "transform vs bare jieba.cut",
        lambda: {
            "generated": throughput.transform_vs_jieba(generated, rounds=scale.transform_rounds, cache_dir=cache),
            "snapshot": throughput.transform_vs_jieba(
                snapshot_rows * scale.snapshot_repeat, rounds=scale.transform_rounds, cache_dir=cache
            ),
        },
    )
    # The target has to hold on both corpora: the generated one and the snapshot's real documents.
    transform_ratio = min(raw["transform"]["generated"]["ratio"], raw["transform"]["snapshot"]["ratio"])
    parallel_rows = list(corpus.generate_documents(scale.parallel_docs, start=scale.transform_docs))
    raw["two_core"] = _timed(
        "transform on two cores vs one",
        lambda: throughput.two_core_speedup(parallel_rows, cache_dir=cache, chunk_size=scale.parallel_chunk),
    )
    load_rows = list(corpus.generate_documents(scale.load_docs, start=1_000_000))
    raw["load"] = _timed(
        "upsert_documents vs row-by-row INSERT",
        lambda: throughput.load_vs_naive(load_rows, work_dir=throughput.scratch_dir(work, "load-")),
    )
    for key, count in (("memory_small", scale.memory_small), ("memory_large", scale.memory_large)):
        raw[key] = _timed(
            f"streaming transform + load of {count:,} documents (peak RSS)",
            lambda count=count: stream.measure_peak_rss(  # type: ignore[misc]
                count, work_dir=throughput.scratch_dir(work, f"stream{count}-"), batch_size=scale.memory_batch
            ),
        )
    repost_rows = list(corpus.generate_documents(scale.repost_docs, start=2_000_000))
    raw["reposts"] = _timed(
        f"MinHash/LSH over {scale.repost_docs:,} documents: datasketch vs hand-written",
        lambda: reposts.datasketch_vs_handwritten(repost_rows),
    )
    raw["tagging_scale"] = _timed(
        "tagging time per character, 10k to 1M characters",
        lambda: tagging_scale.measure_tagging_scale(scale.tagging_sizes, cache_dir=cache),
    )
    return {
        "tagging_per_char_1m_vs_10k": raw["tagging_scale"]["ratio"],
        "minhash_handwritten_vs_datasketch": raw["reposts"]["ratio"],
        "transform_vs_jieba": transform_ratio,
        "two_core_speedup": raw["two_core"]["speedup"],
        "load_vs_naive": raw["load"]["ratio"],
        "rerun_vs_cold": raw["rerun"]["ratio"],
        "peak_rss_mb_10k": raw["memory_small"]["peak_rss_mb"],
        "peak_rss_mb_100k": raw["memory_large"]["peak_rss_mb"],
        "digest_year_s": raw["digest"]["seconds"],
        "raw": raw,
    }


def _format(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def render_table(results: dict[str, Any]) -> str:
    """The short table printed at the end: value, target, pass/fail per row."""
    lines = [f"{'benchmark':<40} {'value':>10}  {'target':<22} result"]
    for target in TARGETS:
        verdict = "PASS" if results["passed"][target.key] else "FAIL"
        lines.append(f"{target.label:<40} {_format(results[target.key]):>10}  {target.goal:<22} {verdict}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, write the JSON and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="toy scale, for the smoke test")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="result JSON (default data/bench.json)")
    parser.add_argument("--work-dir", type=Path, help="scratch directory (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    scale = QUICK if args.quick else FULL
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="cgtwatch-bench-"))
    started = time.perf_counter()
    try:
        results = run_all(scale, work)
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    results["passed"] = {t.key: bool(t.check(results)) for t in TARGETS}
    results["targets"] = {t.key: t.goal for t in TARGETS}
    results["mode"] = "quick" if args.quick else "full"
    results["scale"] = scale.__dict__ | {"rerun_sources": list(scale.rerun_sources)}
    results["wall_s"] = round(time.perf_counter() - started, 1)
    results["machine"] = machine()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render_table(results))
    print(f"{results['mode']} run in {results['wall_s']:.0f} s on {results['machine']['cpu_model']}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
