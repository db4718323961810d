"""Throughput of the whole transform (clean + segment + tag + extract) against bare ``jieba.cut``.

Run ``python benchmarks/bench_transform.py [--repeat N]``. Both sides process the same texts
(the gold documents, repeated) in the same process; the bare side uses its own
``jieba.Tokenizer`` with HMM on, the default that jieba users get. The ratio printed is
``transform chars/s ÷ jieba chars/s`` (target ≥ 0.6). Timing is never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.engine import TransformEngine  # noqa: E402
from transforms.types import InputDocument  # noqa: E402


def _load_docs() -> list[InputDocument]:
    docs: list[InputDocument] = []
    for split in ("tune", "heldout"):
        for line in (ROOT / "tests" / "gold" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            docs.append(
                InputDocument(id=d["id"], text=d["text"], title=d.get("title"), published_at=d.get("published_at"))
            )
    return docs


def _best_of(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    """Best wall time of several rounds (least disturbed by other processes)."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    """Run the benchmark and print throughput and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the gold corpus per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    docs = _load_docs() * args.repeat
    texts = [(d.title or "") + "\n" + d.text for d in docs]
    chars = sum(len(t) for t in texts)

    tmp = tempfile.mkdtemp(prefix="bench-jieba-")
    engine = TransformEngine(tmp_dir=tmp)
    bare = jieba.Tokenizer()
    bare.tmp_dir = tmp
    bare.initialize()

    def run_jieba() -> None:
        for t in texts:
            for _ in bare.cut(t, HMM=True):
                pass

    def run_transform() -> None:
        for d in docs:
            engine.extract(d)

    run_jieba()
    run_transform()  # warm caches on both sides
    t_jieba = _best_of(run_jieba, args.rounds)
    t_transform = _best_of(run_transform, args.rounds)
    print(f"documents: {len(docs)}  characters: {chars}")
    print(f"bare jieba.cut      : {chars / t_jieba:12,.0f} chars/s  ({t_jieba:.3f} s)")
    print(f"whole transform     : {chars / t_transform:12,.0f} chars/s  ({t_transform:.3f} s)")
    print(f"ratio transform/jieba: {t_jieba / t_transform:.2f}  (target >= 0.6)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
