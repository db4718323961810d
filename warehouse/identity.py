"""Event identity: which reports describe one real-world event, and why.

Pure functions over plain values (no database): the loader hands :func:`assign_events` every
evidence row of the affected product families and stores what comes back. The result depends
only on the set of rows, never on the order they arrive in, so a warehouse loaded in any order
ends with the same events under the same ids.

The rules (DOMAIN.md, ANNOTATION.md):

* A 受理号 (acceptance number) identifies one application: two reports quoting it are the same
  application, and two product names quoted with it are the same product.
* Once-only milestones are one event each, whatever their dates: ``drug_approval`` per product,
  indication and regulator; ``nda_accepted``, ``priority_review`` and ``breakthrough_therapy`` per
  application; ``ind_accepted`` and ``ind_approval`` per product and indication;
  ``first_prescription`` per product. A vaguer report (no indication, a month, a half-year
  review) joins the event it is compatible with instead of opening a new one.
* An unnamed report of a once-only milestone (我国首款干细胞药品于2025年1月获批上市: no product,
  no company) joins the one named event of its type its date fits; with none or several it stays
  an event of its own.
* Policies with a document number (文号) are one event per number.
* A market forecast is its horizon, amount and region (the subject key): reports quoting it in
  different months are one forecast.
* Everything else (financing, clinical results, forecasts…) merges on its subject key with a
  compatible date, as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from transforms.dates import compatible

#: Milestones a product (or application) reaches once: every report of one joins one event.
ONCE_ONLY_TYPES: frozenset[str] = frozenset(
    {
        "drug_approval",
        "nda_accepted",
        "priority_review",
        "breakthrough_therapy",
        "ind_accepted",
        "ind_approval",
        "first_prescription",
    }
)
#: Types identified by product alone (the indication does not split them).
_PER_PRODUCT = frozenset({"first_prescription"})
#: Types whose identity includes the regulator (an FDA and an NMPA approval are two events).
_PER_REGULATOR = frozenset({"drug_approval"})
#: Types whose subject key is their identity whatever date a report gives (a forecast's horizon and amount).
_SUBJECT_IS_IDENTITY = frozenset({"market_forecast"})

# Why a piece of evidence is in its event: stored per evidence row so a merge can be audited.
RULE_FIRST = "first_report"  # opened the event (the most specific report of it)
RULE_ACCEPTANCE = "acceptance_no"  # quotes the event's 受理号
RULE_PRODUCT_INDICATION = "product_indication"  # same product and a compatible indication
RULE_PRODUCT = "product"  # same product; the report names no indication (or the type needs none)
RULE_DOCUMENT_NUMBER = "document_number"  # the same policy document number (文号)
RULE_SUBJECT_DATE = "subject_date"  # same subject key and a compatible date
RULE_SUBJECT = "subject"  # same subject key; no date compared (none given, or the subject is the identity)
RULE_UNNAMED = "unnamed_date"  # names no product, and its date fits exactly one event of the type
MATCH_RULES: tuple[str, ...] = (
    RULE_FIRST,
    RULE_ACCEPTANCE,
    RULE_PRODUCT_INDICATION,
    RULE_PRODUCT,
    RULE_DOCUMENT_NUMBER,
    RULE_SUBJECT_DATE,
    RULE_SUBJECT,
    RULE_UNNAMED,
)

#: (doc_id, event_type, field, start_offset, variant): one sentence can report several events of a type
#: (one per listed indication, one per product of a 分别 list), told apart by the variant.
EvidenceKey = tuple[str, str, str, int, str]

# Regulators by the names the tagger gives their authorities; anything else keeps its own name.
_REGULATORS = {
    "国家药监局": "NMPA",
    "国家药品监督管理局": "NMPA",
    "药审中心": "NMPA",
    "国家药品监督管理局药品审评中心": "NMPA",
    "NMPA": "NMPA",
    "CDE": "NMPA",
    "FDA": "FDA",
    "美国FDA": "FDA",
    "美国食品药品监督管理局": "FDA",
    "EMA": "EMA",
    "欧洲药品管理局": "EMA",
    "PMDA": "PMDA",
}


def regulator_of(issuer: str | None) -> str | None:
    """The regulator an authority belongs to (CDE decisions are NMPA's), None if unknown.

    Args:
        issuer: The canonical issuer the tagger attached to the event.

    Returns:
        ``NMPA``, ``FDA``, ``EMA``, ``PMDA``, the issuer itself for other authorities, or None.
    """
    if not issuer:
        return None
    return _REGULATORS.get(issuer, issuer)


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """What identity needs to know about one evidence row.

    Attributes:
        key: ``(doc_id, event_type, field, start_offset)``: the row's identity in staging.
        event_type: Event type.
        subject_key: ``type|subject`` as staged.
        date: ``YYYY[-MM[-DD]]`` or None.
        published_at: The document's publication time, ISO (orders ties only).
        drug: Canonical product name.
        indication: Canonical indication.
        acceptance_no: The 受理号 the report quotes.
        company: Canonical company (the developer), None when the report names none.
        regulator: See :func:`regulator_of`.
        document_number: A policy's 文号.
        is_draft: A draft for comment (never merged with the issued policy).
    """

    key: EvidenceKey
    event_type: str
    subject_key: str
    date: str | None = None
    published_at: str = ""
    drug: str | None = None
    indication: str | None = None
    acceptance_no: str | None = None
    company: str | None = None
    regulator: str | None = None
    document_number: str | None = None
    is_draft: bool = False


@dataclass(frozen=True, slots=True)
class Assignment:
    """The event an evidence row belongs to and the rule that put it there."""

    key: EvidenceKey
    event_id: str
    rule: str


@dataclass
class _Cluster:
    seed: EvidenceRef
    members: list[EvidenceRef] = field(default_factory=list)
    acceptance: set[str] = field(default_factory=set)
    indications: set[str] = field(default_factory=set)
    regulators: set[str] = field(default_factory=set)
    dates: list[str] = field(default_factory=list)

    def add(self, ref: EvidenceRef) -> None:
        self.members.append(ref)
        if ref.acceptance_no:
            self.acceptance.add(ref.acceptance_no)
        if ref.indication:
            self.indications.add(ref.indication)
        if ref.regulator:
            self.regulators.add(ref.regulator)
        if ref.date:
            self.dates.append(ref.date)


def indications_compatible(a: str, b: str) -> bool:
    """Whether two indications can name the same use (a qualifier such as 复发或难治性 may differ).

    Args:
        a: Canonical indication.
        b: Canonical indication.

    Returns:
        True when one contains the other.
    """
    return a in b or b in a


class _Products:
    """Product names made one through the acceptance numbers they share."""

    def __init__(self, refs: Sequence[EvidenceRef]) -> None:
        self._parent: dict[str, str] = {}
        counts: dict[str, int] = {}
        for ref in refs:
            if ref.drug:
                counts[ref.drug] = counts.get(ref.drug, 0) + 1
                self._find("d:" + ref.drug)
            if ref.acceptance_no:
                self._find("a:" + ref.acceptance_no)
            if ref.drug and ref.acceptance_no:
                self._union("d:" + ref.drug, "a:" + ref.acceptance_no)
        # The name most reports use stands for the product; ties go to the shorter, then the first name.
        self._name: dict[str, str] = {}
        for drug in sorted(counts, key=lambda d: (-counts[d], len(d), d)):
            self._name.setdefault(self._find("d:" + drug), drug)

    def _find(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        if parent != node:
            parent = self._parent[node] = self._find(parent)
        return parent

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self._parent[high] = low

    def node(self, name: str) -> str:
        """The component a ``d:<drug>`` or ``a:<受理号>`` node belongs to (itself when unseen)."""
        return self._find(name)

    def of(self, ref: EvidenceRef) -> str | None:
        """The product a report is about: its drug, else the product its 受理号 belongs to."""
        node = "d:" + ref.drug if ref.drug else ("a:" + ref.acceptance_no if ref.acceptance_no else None)
        if node is None:
            return None
        return self._name.get(self._find(node))


def _precision(date: str | None) -> int:
    return len(date) if date else 0


def _specificity(ref: EvidenceRef) -> tuple[object, ...]:
    """Most specific reports first, so they open events and vaguer ones join them; then a total order."""
    return (
        -bool(ref.acceptance_no),
        -bool(ref.indication),
        -bool(ref.regulator),
        -_precision(ref.date),
        ref.date or "",
        ref.published_at,
        ref.key,
    )


def _conflicts(cluster: _Cluster, ref: EvidenceRef) -> bool:
    """Whether the report names something the event cannot be (another application, use or regulator)."""
    if ref.acceptance_no and cluster.acceptance and ref.acceptance_no not in cluster.acceptance:
        return True
    if (
        ref.event_type not in _PER_PRODUCT
        and ref.indication
        and any(not indications_compatible(ref.indication, i) for i in cluster.indications)
    ):
        return True
    return bool(
        ref.event_type in _PER_REGULATOR
        and ref.regulator
        and cluster.regulators
        and ref.regulator not in cluster.regulators
    )


def _dates_fit(cluster: _Cluster, ref: EvidenceRef) -> bool:
    return ref.date is None or all(compatible(d, ref.date) for d in cluster.dates)


def _best_date_fits(cluster: _Cluster, ref: EvidenceRef) -> bool:
    """Whether a dated report fits the event's most precise dates (a vaguer report's month may be off)."""
    if not ref.date or not cluster.dates:
        return False
    finest = max(map(len, cluster.dates))
    return any(compatible(d, ref.date) for d in cluster.dates if len(d) == finest)


def _once_only_rule(cluster: _Cluster, ref: EvidenceRef) -> str:
    if ref.acceptance_no and ref.acceptance_no in cluster.acceptance:
        return RULE_ACCEPTANCE
    if ref.event_type not in _PER_PRODUCT and ref.indication and cluster.indications:
        return RULE_PRODUCT_INDICATION
    return RULE_PRODUCT


def _cluster_once_only(refs: Sequence[EvidenceRef]) -> list[tuple[_Cluster, list[tuple[EvidenceRef, str]]]]:
    clusters: list[tuple[_Cluster, list[tuple[EvidenceRef, str]]]] = []
    for ref in sorted(refs, key=_specificity):
        by_number = [c for c in clusters if ref.acceptance_no and ref.acceptance_no in c[0].acceptance]
        fitting = by_number or [c for c in clusters if not _conflicts(c[0], ref)]
        # Among several events the report could belong to, the one its date fits; else the most specific.
        chosen = next((c for c in fitting if _dates_fit(c[0], ref)), fitting[0] if fitting else None)
        if chosen is None:
            chosen = (_Cluster(seed=ref), [])
            clusters.append(chosen)
            rule = RULE_FIRST
        else:
            rule = _once_only_rule(chosen[0], ref)
        chosen[0].add(ref)
        chosen[1].append((ref, rule))
    return clusters


def _subject_order(ref: EvidenceRef) -> tuple[object, ...]:
    return (-_precision(ref.date), ref.date or "", ref.published_at, ref.key)


def _cluster_by_subject(refs: Sequence[EvidenceRef]) -> list[tuple[_Cluster, list[tuple[EvidenceRef, str]]]]:
    clusters: list[tuple[_Cluster, list[tuple[EvidenceRef, str]]]] = []
    numbered: dict[str, tuple[_Cluster, list[tuple[EvidenceRef, str]]]] = {}
    # Reports with a document number first: the number is the policy's identity, whatever the date.
    for ref in sorted(refs, key=lambda r: (r.document_number is None, *_subject_order(r))):
        if ref.document_number and ref.document_number in numbered:
            chosen, rule = numbered[ref.document_number], RULE_DOCUMENT_NUMBER
        else:
            fit = next(
                (
                    c
                    for c in clusters
                    if (ref.event_type in _SUBJECT_IS_IDENTITY or _dates_fit(c[0], ref))
                    and not (ref.document_number and c[0].seed.document_number not in (None, ref.document_number))
                ),
                None,
            )
            if fit is None:
                fit = (_Cluster(seed=ref), [])
                clusters.append(fit)
                rule = RULE_FIRST
            else:
                rule = RULE_SUBJECT_DATE if ref.date and ref.event_type not in _SUBJECT_IS_IDENTITY else RULE_SUBJECT
            chosen = fit
            if ref.document_number:
                numbered.setdefault(ref.document_number, chosen)
        chosen[0].add(ref)
        chosen[1].append((ref, rule))
    return clusters


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _once_only_id(event_type: str, product: str, cluster: _Cluster) -> str:
    return _digest(
        "once",
        event_type,
        product,
        ",".join(sorted(cluster.acceptance)),
        ",".join(sorted(cluster.indications)),
        ",".join(sorted(cluster.regulators)),
    )


def _subject_id(subject_key: str, cluster: _Cluster) -> str:
    seed = cluster.seed
    return _digest("subject", subject_key, seed.document_number or "", seed.date or "", seed.key[0])


def assign_events(refs: Iterable[EvidenceRef]) -> list[Assignment]:
    """Group evidence rows into events and name each event by what identifies it.

    Args:
        refs: Every evidence row of the product families and subjects concerned (a family split
            over two calls would be merged differently).

    Returns:
        One assignment per input row, sorted by key. The same set of rows, in any order, gives
        the same assignments.
    """
    rows = sorted(set(refs), key=lambda r: r.key)
    products = _Products(rows)
    partitions: dict[tuple[str, ...], list[EvidenceRef]] = {}
    unnamed: list[EvidenceRef] = []
    for ref in rows:
        product = products.of(ref)
        if ref.event_type in ONCE_ONLY_TYPES and product is not None:
            partitions.setdefault(("once", ref.event_type, product), []).append(ref)
        elif is_unnamed_milestone(ref):
            unnamed.append(ref)
        else:
            draft = "draft" if ref.is_draft else ""
            partitions.setdefault(("subject", ref.subject_key, draft), []).append(ref)
    out: list[Assignment] = []
    named: list[tuple[str, str, _Cluster]] = []
    for part_key in sorted(k for k in partitions if k[0] == "once"):
        for cluster, placed in _cluster_once_only(partitions[part_key]):
            event_id = _once_only_id(part_key[1], part_key[2], cluster)
            named.append((part_key[1], event_id, cluster))
            out.extend(Assignment(ref.key, event_id, rule) for ref, rule in placed)
    for ref in unnamed:
        # Only the named events decide, never other unnamed reports: the outcome ignores load order.
        fits = [
            event_id
            for event_type, event_id, cluster in named
            if event_type == ref.event_type and _best_date_fits(cluster, ref) and not _conflicts(cluster, ref)
        ]
        if len(fits) == 1:
            out.append(Assignment(ref.key, fits[0], RULE_UNNAMED))
        else:
            partitions.setdefault(("subject", ref.subject_key, "draft" if ref.is_draft else ""), []).append(ref)
    for part_key in sorted(k for k in partitions if k[0] == "subject"):
        subject = part_key[1] + ("\x1fdraft" if part_key[2] else "")
        for cluster, placed in _cluster_by_subject(partitions[part_key]):
            event_id = _subject_id(subject, cluster)
            out.extend(Assignment(ref.key, event_id, rule) for ref, rule in placed)
    return sorted(out, key=lambda a: a.key)


def unnamed_milestone(event_type: str, drug: str | None, acceptance_no: str | None, company: str | None) -> bool:
    """A once-only milestone whose report names neither product, application nor company."""
    return event_type in ONCE_ONLY_TYPES and not (drug or acceptance_no or company)


def is_unnamed_milestone(ref: EvidenceRef) -> bool:
    """:func:`unnamed_milestone` of one evidence row."""
    return unnamed_milestone(ref.event_type, ref.drug, ref.acceptance_no, ref.company)


def product_family(
    links: Iterable[tuple[str | None, str | None]], drugs: Iterable[str], acceptance_nos: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Every product name and 受理号 connected to the given ones through shared acceptance numbers.

    Args:
        links: ``(drug, acceptance_no)`` pairs the evidence quotes together (the whole warehouse's
            and the new rows'), which make the graph.
        drugs: Product names whose families are wanted.
        acceptance_nos: Acceptance numbers whose families are wanted.

    Returns:
        ``(drugs, acceptance_nos)`` of the connected components, the given ones included.
    """
    pairs = list(links)
    products = _Products(
        [
            EvidenceRef(key=("", "", "", i, ""), event_type="", subject_key="", drug=d, acceptance_no=a)
            for i, (d, a) in enumerate(pairs)
        ]
    )
    wanted = {products.node("d:" + d) for d in drugs} | {products.node("a:" + a) for a in acceptance_nos}
    out_drugs = {d for d in drugs} | {d for d, _ in pairs if d and products.node("d:" + d) in wanted}
    out_numbers = {a for a in acceptance_nos} | {a for _, a in pairs if a and products.node("a:" + a) in wanted}
    return out_drugs, out_numbers
