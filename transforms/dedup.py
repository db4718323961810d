"""Near-duplicate documents (MinHash/SimHash over character shingles) and event subject keys.

Pure functions over values: the loader feeds them documents and stores the repost groups; which
reports make one event is decided in :mod:`warehouse.identity`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

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


def jaccard(a: AbstractSet[object], b: AbstractSet[object]) -> float:
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


#: How :func:`near_duplicate_groups` and :func:`assign_reposts` compute signatures and candidates:
#: ``datasketch`` (numpy MinHash + MinHashLSH) or ``handwritten`` (the pure-Python functions above).
#: ``make bench`` measures both at 100k documents (README); the faster, datasketch, is the default.
MINHASH_METHODS = ("datasketch", "handwritten")
DEFAULT_METHOD = "datasketch"


def _shingle_set(text: str) -> set[str]:
    return set(shingles(text))


@functools.cache
def _datasketch_template() -> Any:
    """One seeded MinHash whose permutations every signature reuses (creating them costs more than hashing)."""
    from datasketch import MinHash

    return MinHash(num_perm=MINHASH_PERM, seed=1)


def signatures(texts: Sequence[str], *, method: str = DEFAULT_METHOD) -> list[tuple[int, ...]]:
    """MinHash signatures of texts' character 3-shingles, storable as integer lists.

    Args:
        texts: Normalised texts.
        method: One of :data:`MINHASH_METHODS`.

    Returns:
        One ``MINHASH_PERM``-long signature per text (equal positions estimate Jaccard).

    Raises:
        ValueError: Unknown method.
    """
    if method == "handwritten":
        return [minhash(t) for t in texts]
    if method != "datasketch":
        raise ValueError(f"unknown MinHash method {method!r}; expected one of {MINHASH_METHODS}")
    from datasketch import MinHash

    template = _datasketch_template()
    batches = ([s.encode("utf-8") for s in _shingle_set(t)] for t in texts)
    hashed = MinHash.generator(
        batches, num_perm=MINHASH_PERM, permutations=template.permutations, scheme=template.scheme
    )
    return [tuple(int(v) for v in m.hashvalues) for m in hashed]


class RepostIndex:
    """Locality-sensitive index of signatures: which known documents may be near-duplicates of a text.

    Args:
        method: One of :data:`MINHASH_METHODS` (signatures from different methods do not compare).
    """

    def __init__(self, *, method: str = DEFAULT_METHOD) -> None:
        self.method = method
        self._buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
        self._lsh: Any = None
        if method == "datasketch":
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(num_perm=MINHASH_PERM, params=(_BANDS, _ROWS))

    @staticmethod
    def _minhash(signature: Sequence[int]) -> Any:
        from datasketch import MinHash

        return MinHash(num_perm=MINHASH_PERM, hashvalues=list(signature), scheme=_datasketch_template().scheme)

    def add(self, doc_id: str, signature: Sequence[int]) -> None:
        """Index one document."""
        if self._lsh is not None:
            self._lsh.insert(doc_id, self._minhash(signature), check_duplication=False)
            return
        for band in range(_BANDS):
            key = (band, tuple(signature[band * _ROWS : (band + 1) * _ROWS]))
            self._buckets.setdefault(key, []).append(doc_id)

    def candidates(self, signature: Sequence[int]) -> set[str]:
        """Indexed documents sharing at least one LSH band with the signature."""
        if self._lsh is not None:
            return {str(k) for k in self._lsh.query(self._minhash(signature))}
        found: set[str] = set()
        for band in range(_BANDS):
            found.update(self._buckets.get((band, tuple(signature[band * _ROWS : (band + 1) * _ROWS])), ()))
        return found


def near_duplicate_groups(
    docs: Sequence[tuple[str, str]], *, threshold: float = DEFAULT_JACCARD, method: str = DEFAULT_METHOD
) -> list[list[str]]:
    """Group near-duplicate documents (reposts of one story across outlets).

    Candidates come from MinHash LSH banding, so the work grows with the number of similar
    pairs rather than all pairs; each candidate pair is then confirmed on the exact Jaccard
    similarity of character 3-shingles. Groups are the connected components.

    Args:
        docs: ``(doc_id, text)`` pairs in first-seen order; pass cleaned text (boilerplate
            masked) so bylines and disclaimers do not count.
        threshold: Minimum Jaccard similarity for a duplicate.
        method: One of :data:`MINHASH_METHODS`.

    Returns:
        Groups of doc ids (each in input order), singletons included, ordered by first member.
    """
    sets = [_shingle_set(text) for _, text in docs]
    sigs = signatures([text for _, text in docs], method=method)
    position = {doc_id: i for i, (doc_id, _) in enumerate(docs)}
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = RepostIndex(method=method)
    pairs: set[tuple[int, int]] = set()
    for i, (doc_id, _) in enumerate(docs):
        pairs.update((position[j], i) for j in index.candidates(sigs[i]))
        index.add(doc_id, sigs[i])
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
class KnownDocument:
    """A document already grouped by an earlier load.

    Attributes:
        doc_id: Document id.
        order: Sort key of first publication (ISO time, then doc id): the group's first is the smallest.
        group_doc_id: Its group's first document.
        similarity: The similarity recorded for it.
        signature: Its stored MinHash signature.
    """

    doc_id: str
    order: str
    group_doc_id: str
    similarity: float
    signature: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RepostRow:
    """A document's repost group, as stored.

    Attributes:
        doc_id: Document id.
        group_doc_id: The group's earliest published document (the document itself when alone).
        similarity: Jaccard similarity of 3-shingles with the group's first document (1.0 for it).
        signature: Its MinHash signature.
    """

    doc_id: str
    group_doc_id: str
    similarity: float
    signature: tuple[int, ...]


def assign_reposts(
    new: Sequence[tuple[str, str, str]],
    known: Sequence[KnownDocument],
    texts_of: Callable[[Sequence[str]], Mapping[str, str]],
    *,
    threshold: float = DEFAULT_JACCARD,
    method: str = DEFAULT_METHOD,
) -> list[RepostRow]:
    """Place new documents into the repost groups of the known ones (and of each other).

    A new document joins the group of every candidate at least ``threshold`` similar (exact
    Jaccard of 3-shingles), so a document similar to two groups joins them into one. Every group
    is named by its earliest published member: a late-loaded earlier report renames its group.

    Args:
        new: ``(doc_id, order, text)`` of the documents to place (``order`` as in :class:`KnownDocument`).
        known: Documents grouped earlier (none of them in ``new``).
        texts_of: Returns the texts of known documents by id (only LSH candidates are asked for).
        threshold: Minimum Jaccard similarity for a repost.
        method: One of :data:`MINHASH_METHODS`.

    Returns:
        A row for every new document and for every known one whose group changed, by doc id.
    """
    index = RepostIndex(method=method)
    order: dict[str, str] = {}
    group: dict[str, str] = {}
    similarity: dict[str, float] = {}
    signature: dict[str, tuple[int, ...]] = {}
    for doc in known:
        index.add(doc.doc_id, doc.signature)
        order[doc.doc_id], group[doc.doc_id] = doc.order, doc.group_doc_id
        similarity[doc.doc_id], signature[doc.doc_id] = doc.similarity, doc.signature
    ordered = sorted(new, key=lambda d: d[1])
    new_ids = {doc_id for doc_id, _, _ in ordered}
    new_sigs = signatures([text for _, _, text in ordered], method=method)
    sets = {doc_id: _shingle_set(text) for doc_id, _, text in ordered}
    merged_into: dict[str, str] = {}

    def label(name: str) -> str:
        while name in merged_into:
            name = merged_into[name]
        return name

    for (doc_id, doc_order, _), sig in zip(ordered, new_sigs, strict=True):
        candidates = sorted(index.candidates(sig))
        unread = [c for c in candidates if c not in sets]
        texts = texts_of(unread) if unread else {}
        for c in unread:
            sets[c] = _shingle_set(texts.get(c, ""))
        matches = sorted(
            ((jaccard(sets[doc_id], sets[c]), c) for c in candidates),
            key=lambda m: (-m[0], m[1]),
        )
        matches = [m for m in matches if m[0] >= threshold]
        order[doc_id], signature[doc_id] = doc_order, sig
        if matches:
            labels = sorted({label(group[c]) for _, c in matches}, key=lambda g: (order.get(g, g), g))
            for other in labels[1:]:
                merged_into[other] = labels[0]
            group[doc_id] = labels[0]
        else:
            group[doc_id] = doc_id
        similarity[doc_id] = -1.0  # computed below, against the group's first
        index.add(doc_id, sig)
    members: dict[str, list[str]] = {}
    for doc_id in group:
        members.setdefault(label(group[doc_id]), []).append(doc_id)
    out: list[RepostRow] = []
    for name in sorted({label(group[doc_id]) for doc_id in new_ids}):
        first = min(members[name], key=lambda d: (order[d], d))
        unread = sorted(d for d in (first, *members[name]) if d not in sets)
        texts = texts_of(unread) if unread else {}
        for d in unread:
            sets[d] = _shingle_set(texts.get(d, ""))
        for doc_id in members[name]:
            # Similarity with the story's first document: the same whatever order the reports came in.
            sim = jaccard(sets[doc_id], sets[first])
            if doc_id in new_ids or group[doc_id] != first or similarity[doc_id] != sim:
                out.append(RepostRow(doc_id, first, sim, signature[doc_id]))
    return sorted(out, key=lambda r: r.doc_id)


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def forecast_subject(ev: Event) -> str:
    """What identifies a market forecast: its horizon year, its amount and its region.

    One forecast (市场规模2029年将超过2000亿元) is quoted for months by many reports; the date it is
    quoted on is not what it is. The horizon is the latest year the sentence names.
    """
    years = [int(y) for y in _YEAR_RE.findall(ev.evidence)]
    horizon = str(max(years)) if years else ""
    amount = f"{ev.amount.value_cny:.4g}" if ev.amount else ""
    return f"{horizon}|{amount}|{ev.region or ''}"


def event_key(ev: Event) -> tuple[str, str]:
    """Subject key of an event, without the date (dates are matched by compatibility).

    Args:
        ev: An event.

    Returns:
        ``(type, subject)`` where subject is the drug, company+round, policy or forecast
        horizon, amount and region.
    """
    if ev.type == "financing":
        subject = f"{ev.company}|{ev.round or ''}"
    elif ev.type == "policy_issued":
        subject = ev.policy or ev.region or ev.evidence
    elif ev.type == "market_forecast":
        subject = forecast_subject(ev)
    elif ev.type == "research_filing":
        subject = f"{ev.company or ''}|{ev.drug or ''}|{ev.indication or ''}"
    else:
        subject = ev.drug or f"?{ev.company}|{ev.indication}"
    return ev.type, subject
