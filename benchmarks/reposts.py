"""Repost grouping: datasketch's MinHash + MinHashLSH against the hand-written hashing, same documents.

Both methods compute 64-permutation MinHash signatures of character 3-shingles and find candidate
pairs with the same 16 x 4 banding (``transforms.dedup``); what differs is only how the signatures
are computed and indexed, so that is what is timed: the signatures and index inserts of every
document and the candidate lookups of a sample. Confirming a candidate on its exact Jaccard
similarity is the same code for both and is left out (on the generated corpus, whose documents
share templates, it would dominate both).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from benchmarks.corpus import document_text
from transforms.dedup import MINHASH_METHODS, RepostIndex, signatures

#: Documents whose candidates are looked up, spread over the corpus. The generated corpus shares
#: templates, so a lookup returns hundreds of candidates at 100k documents: querying every document
#: would time the template collisions (the same for both methods), not the hashing.
QUERY_SAMPLE = 1_000


def _index_all(texts: Sequence[str], method: str) -> dict[str, float | int]:
    """Seconds to sign and index every text and to look up a sample of them; candidates found."""
    t0 = time.perf_counter()
    sigs = signatures(texts, method=method)
    t1 = time.perf_counter()
    index = RepostIndex(method=method)
    for i, sig in enumerate(sigs):
        index.add(str(i), sig)
    t2 = time.perf_counter()
    step = max(1, len(sigs) // QUERY_SAMPLE)
    pairs = sum(len(index.candidates(sig)) for sig in sigs[::step])
    t3 = time.perf_counter()
    return {
        "signatures_s": round(t1 - t0, 2),
        "index_s": round(t2 - t1, 2),
        "queries_s": round(t3 - t2, 2),
        "queries": len(sigs[::step]),
        "candidates": pairs,
        "seconds": round(t3 - t0, 2),
        "docs_per_s": round(len(texts) / (t3 - t0), 1),
    }


def datasketch_vs_handwritten(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Time both MinHash/LSH methods over the same documents in this process.

    Args:
        rows: Generated document rows (``benchmarks.corpus``).

    Returns:
        Per method the seconds of each phase, candidates found and documents per second, and
        ``ratio``: hand-written seconds ÷ datasketch seconds (above 1: datasketch is faster).
    """
    texts = [document_text(r) for r in rows]
    for method in MINHASH_METHODS:
        # Imports (datasketch pulls in scipy) and permutation set-up are paid before the clock starts.
        RepostIndex(method=method).add("warm-up", signatures(["预热文本"], method=method)[0])
    result: dict[str, Any] = {"documents": len(texts)}
    for method in MINHASH_METHODS:
        result[method] = _index_all(texts, method)
    result["ratio"] = round(result["handwritten"]["seconds"] / result["datasketch"]["seconds"], 2)
    return result
