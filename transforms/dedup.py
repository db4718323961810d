"""Near-duplicate documents (MinHash/SimHash over character shingles) and cross-document event merging.

Both are pure functions over values: the pipeline feeds them documents/extractions and stores
the result; nothing here keeps state between calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transforms.dates import compatible
from transforms.types import Event

_NON_CONTENT_RE = re.compile(r"[\s\W_]+", re.UNICODE)
SIMHASH_BITS = 64


def shingles(text: str, k: int = 3) -> list[str]:
    """Character k-shingles of text with whitespace and punctuation removed.

    Args:
        text: Normalised text.
        k: Shingle length; 3 suits Chinese, where words are 1-4 characters.

    Returns:
        The shingles in order (with repeats).
    """
    compact = _NON_CONTENT_RE.sub("", text)
    if len(compact) < k:
        return [compact] if compact else []
    return [compact[i : i + k] for i in range(len(compact) - k + 1)]


def simhash(text: str, k: int = 3) -> int:
    """64-bit SimHash of a text's character shingles (a compact fingerprint to store).

    Short news items (a few hundred characters) move many bits with small edits, so grouping
    uses :func:`near_duplicate_groups` (MinHash + exact Jaccard) instead.

    Args:
        text: Normalised text.
        k: Shingle length.

    Returns:
        The fingerprint as an unsigned int.
    """
    weights = [0] * SIMHASH_BITS
    counts: dict[str, int] = {}
    for sh in shingles(text, k):
        counts[sh] = counts.get(sh, 0) + 1
    for sh, w in counts.items():
        h = int.from_bytes(hashlib.blake2b(sh.encode(), digest_size=8).digest(), "big")
        for bit in range(SIMHASH_BITS):
            weights[bit] += w if (h >> bit) & 1 else -w
    return sum(1 << bit for bit in range(SIMHASH_BITS) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two fingerprints.

    Args:
        a: Fingerprint.
        b: Fingerprint.

    Returns:
        The Hamming distance.
    """
    return (a ^ b).bit_count()


#: Number of MinHash permutations and the LSH banding (16 bands x 4 rows finds pairs with
#: Jaccard >= 0.5 with probability > 0.6, and >= 0.7 with probability > 0.98).
MINHASH_PERM = 64
_BANDS, _ROWS = 16, 4
_MASK64 = (1 << 64) - 1
# Fixed odd multipliers/offsets make the permutations reproducible across processes
# (Python's hash() is salted per process, so it cannot be used here).
_PERMS = tuple(
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") | 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big"),
    )
    for i in range(MINHASH_PERM)
)
DEFAULT_JACCARD = 0.6


def _shingle_hashes(text: str, k: int = 3) -> set[int]:
    """64-bit hashes of the distinct shingles."""
    return {int.from_bytes(hashlib.blake2b(sh.encode(), digest_size=8).digest(), "big") for sh in shingles(text, k)}


def minhash(text: str, k: int = 3) -> tuple[int, ...]:
    """MinHash signature of a text's character shingles.

    Args:
        text: Normalised text.
        k: Shingle length.

    Returns:
        ``MINHASH_PERM`` minima; equal positions estimate the Jaccard similarity.
    """
    hashes = _shingle_hashes(text, k)
    if not hashes:
        return tuple([0] * MINHASH_PERM)
    return tuple(min(((a * h + b) & _MASK64) for h in hashes) for a, b in _PERMS)


def jaccard(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two sets (1.0 for two empty sets).

    Args:
        a: A set.
        b: Another set.

    Returns:
        |a ∩ b| / |a ∪ b|.
    """
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def near_duplicate_groups(docs: Sequence[tuple[str, str]], *, threshold: float = DEFAULT_JACCARD) -> list[list[str]]:
    """Group near-duplicate documents (reposts of one story across outlets).

    Candidates come from MinHash LSH banding, so the work grows with the number of similar
    pairs rather than all pairs; each candidate pair is then confirmed on the exact Jaccard
    similarity of character 3-shingles. Groups are the connected components.

    Args:
        docs: ``(doc_id, text)`` pairs in first-seen order; pass cleaned text (boilerplate
            masked) so bylines and disclaimers do not count.
        threshold: Minimum Jaccard similarity for a duplicate.

    Returns:
        Groups of doc ids (each in input order), singletons included, ordered by first member.
    """
    sets = [_shingle_hashes(text) for _, text in docs]
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for i, (_, text) in enumerate(docs):
        sig = minhash(text)
        for band in range(_BANDS):
            key = (band, sig[band * _ROWS : (band + 1) * _ROWS])
            for j in buckets.get(key, []):
                pairs.add((j, i))
            buckets.setdefault(key, []).append(i)
    for i, j in sorted(pairs):
        if jaccard(sets[i], sets[j]) >= threshold:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[str]] = {}
    for i, (doc_id, _) in enumerate(docs):
        groups.setdefault(find(i), []).append(doc_id)
    return [groups[k] for k in sorted(groups)]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One document's support for a merged event.

    Attributes:
        doc_id: Document id.
        seen_at: When the document was published or fetched (ISO string, comparable).
        sentence: Evidence sentence.
        confidence: Confidence of that mention.
    """

    doc_id: str
    seen_at: str | None
    sentence: str
    confidence: float


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event supported by one or more documents.

    Attributes:
        key: Merge key (see :func:`event_key`) plus the chosen date.
        event: Representative event (most precise date, highest confidence).
        evidence: One evidence per document, earliest first.
        first_seen: Earliest ``seen_at`` among the evidence.
        first_doc_id: The document that reported it first.
    """

    key: str
    event: Event
    evidence: tuple[Evidence, ...]
    first_seen: str | None
    first_doc_id: str


def event_key(ev: Event) -> tuple[str, str]:
    """Subject key of an event, without the date (dates are matched by compatibility).

    Args:
        ev: An event.

    Returns:
        ``(type, subject)`` where subject is the drug, company+round, policy or forecast year.
    """
    if ev.type == "financing":
        subject = f"{ev.company}|{ev.round or ''}"
    elif ev.type == "policy_issued":
        subject = ev.policy or ev.region or ev.evidence
    elif ev.type == "market_forecast":
        subject = f"{ev.date}|{ev.region or ''}"
    elif ev.type == "research_filing":
        subject = f"{ev.company or ''}|{ev.drug or ''}|{ev.indication or ''}"
    else:
        subject = ev.drug or f"?{ev.company}|{ev.indication}"
    return ev.type, subject


def merge_events(items: Iterable[tuple[str, str | None, Event]], *, max_days: int = 7) -> list[MergedEvent]:
    """Merge the same event reported by several documents.

    Two events merge when they have the same :func:`event_key` and compatible dates (one is a
    prefix of the other, e.g. ``2025-01`` and ``2025-01-02``, or full dates at most
    ``max_days`` apart). Each document contributes at most one evidence per merged event.

    Args:
        items: ``(doc_id, seen_at, event)`` triples.
        max_days: Date tolerance for full dates.

    Returns:
        Merged events ordered by first-seen time, then key.
    """
    ordered = sorted(items, key=lambda t: (t[1] or "9999", t[0]))
    clusters: list[list[tuple[str, str | None, Event]]] = []
    index: dict[tuple[str, str], list[int]] = {}
    for item in ordered:
        ev = item[2]
        key = event_key(ev)
        placed = False
        for ci in index.get(key, []):
            if all(
                x[2].date is None or ev.date is None or compatible(x[2].date, ev.date, max_days=max_days)
                for x in clusters[ci]
            ):
                clusters[ci].append(item)
                placed = True
                break
        if not placed:
            index.setdefault(key, []).append(len(clusters))
            clusters.append([item])
    out: list[MergedEvent] = []
    for cluster in clusters:
        best = max(cluster, key=lambda t: (len(t[2].date or ""), t[2].confidence))[2]
        evidence: dict[str, Evidence] = {}
        for doc_id, seen_at, ev in cluster:
            if doc_id not in evidence:
                evidence[doc_id] = Evidence(doc_id, seen_at, ev.evidence, ev.confidence)
        ev_list = tuple(evidence.values())
        type_, subject = event_key(best)
        out.append(
            MergedEvent(
                key=f"{type_}|{subject}|{best.date or ''}",
                event=best,
                evidence=ev_list,
                first_seen=ev_list[0].seen_at,
                first_doc_id=ev_list[0].doc_id,
            )
        )
    return out
