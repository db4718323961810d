"""The demo warehouse's events against the gold event registry (tests/gold/demo_registry.jsonl).

The registry lists the real-world events of the snapshot's 143 documents, written without looking
at the extractor. A warehouse event matches a registry event of the same type about the same
product (drug, or the application's 受理号; the company of a financing or research filing, the
policy of a policy_issued; where neither side names one, a shared document), with compatible
indications where both give one and compatible dates where both give one. Matching is one to one. Targets (issue 15):
precision >= 0.95, recall >= 0.90, no duplicate rows for once-only milestones, and every policy
document that is not a draft with its policy_issued event.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT
from transforms.dates import compatible
from warehouse.identity import ONCE_ONLY_TYPES, indications_compatible

pytestmark = pytest.mark.integration
REGISTRY = ROOT / "tests" / "gold" / "demo_registry.jsonl"
# Issue 15's targets (0.987 / 0.939 reached on 2026-12-03).
RECALL_TARGET = 0.90
PRECISION_TARGET = 0.95


@dataclass(frozen=True)
class Fact:
    """One event, from the registry or the warehouse, in the fields matching uses."""

    ident: str
    type: str
    drug: str | None
    company: str | None
    indication: str | None
    date: str | None
    acceptance_no: str | None
    policy: str | None
    region: str | None
    draft: bool
    docs: frozenset[str]


def product_name(name: str | None) -> str | None:
    """A product name in the form both sides can agree on: NFKC, no spaces, no trailing 注射液.

    The registry writes a development code as ``ZYX-101注射液`` where the lexicon's canonical is
    ``ZYX-101``; the dosage form is not what identifies the product.
    """
    if not name:
        return None
    compact = "".join(unicodedata.normalize("NFKC", name).split())
    return compact.removesuffix("注射液") or compact


def _same_product(w: Fact, r: Fact) -> bool:
    if w.acceptance_no and r.acceptance_no and w.acceptance_no == r.acceptance_no:
        return True
    if w.type == "policy_issued":
        if w.draft != r.draft:
            return False
        if w.policy and r.policy and (w.policy in r.policy or r.policy in w.policy):
            return True
        return bool(w.docs & r.docs)
    if w.drug and r.drug:
        return product_name(w.drug) == product_name(r.drug)
    if w.type in ("financing", "research_filing") and w.company and r.company:
        return w.company == r.company
    if w.type == "market_forecast" and w.region != r.region:
        return False
    # Nothing names the subject on one side (an unnamed product, a filing list): the same report it must be.
    return bool(w.docs & r.docs)


def matches(w: Fact, r: Fact) -> bool:
    """Whether a warehouse event is the registry event (type, product, indication, date)."""
    if w.type != r.type or not _same_product(w, r):
        return False
    if w.indication and r.indication and not indications_compatible(w.indication, r.indication):
        return False
    return not (w.date and r.date and not compatible(w.date, r.date))


def score(warehouse: Sequence[Fact], registry: Sequence[Fact]) -> tuple[float, float, list[tuple[str, str]]]:
    """Precision, recall and the one-to-one pairs; named products, then shared documents, pair first."""
    candidates = sorted(
        (
            (not (w.drug and r.drug), not (w.docs & r.docs), w.ident, r.ident)
            for w in warehouse
            for r in registry
            if matches(w, r)
        ),
    )
    used_w: set[str] = set()
    used_r: set[str] = set()
    pairs = []
    for _, _, w_id, r_id in candidates:
        if w_id not in used_w and r_id not in used_r:
            used_w.add(w_id)
            used_r.add(r_id)
            pairs.append((w_id, r_id))
    precision = len(pairs) / len(warehouse) if warehouse else 0.0
    recall = len(pairs) / len(registry) if registry else 0.0
    return precision, recall, pairs


def once_only_duplicates(warehouse: Sequence[Fact]) -> list[tuple[str, str]]:
    """Pairs of warehouse rows that are one once-only milestone (same type and product or 受理号)."""
    rows = [w for w in warehouse if w.type in ONCE_ONLY_TYPES]
    found = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if a.type != b.type:
                continue
            same_application = a.acceptance_no is not None and a.acceptance_no == b.acceptance_no
            same_product = a.drug is not None and product_name(a.drug) == product_name(b.drug)
            uses_agree = not (a.indication and b.indication) or indications_compatible(a.indication, b.indication)
            if same_application or (same_product and (uses_agree or a.type == "first_prescription")):
                found.append((a.ident, b.ident))
    return found


def read_registry(path: Path = REGISTRY) -> list[Fact]:
    """The gold events."""
    facts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        facts.append(
            Fact(
                ident=row.get("id") or f"r{len(facts)}",
                type=row["type"],
                drug=row.get("drug"),
                company=row.get("company"),
                indication=row.get("indication"),
                date=row.get("date"),
                acceptance_no=row.get("acceptance_no"),
                policy=row.get("policy"),
                region=row.get("region"),
                draft=bool(row.get("draft")),
                docs=frozenset(row.get("doc_native_ids") or ()),
            )
        )
    return facts


def read_warehouse(con: duckdb.DuckDBPyConnection) -> list[Fact]:
    """The warehouse's events with the ``source:native_id`` of every document that reported them."""
    rows = con.execute(
        """
        SELECT e.event_id, e.event_type, e.drug, e.company, e.indication, e.event_date, e.acceptance_no, e.policy,
               e.region, coalesce(e.is_draft, false), list(DISTINCT d.source || ':' || d.native_id)
        FROM events e JOIN event_evidence v USING (event_id) JOIN documents d ON d.doc_id = v.doc_id
        GROUP BY ALL
        """
    ).fetchall()
    return [Fact(*row[:10], docs=frozenset(row[10])) for row in rows]


def test_scoring_matches_on_type_product_indication_and_date():
    def fact(ident, **kw):
        base = dict.fromkeys(("drug", "company", "indication", "date", "acceptance_no", "policy", "region"))
        return Fact(ident=ident, type=kw.pop("type", "ind_approval"), draft=False, docs=frozenset(), **(base | kw))

    registry = [fact("r1", drug="X", indication="膝骨关节炎", date="2025-03-24"), fact("r2", drug="Y", date="2025-05")]
    warehouse = [
        fact("w1", drug="X", date="2025-03"),  # a month-only report of r1
        fact("w2", drug="X", indication="膝骨关节炎", date="2025-03-24"),  # a duplicate: only one can match
        fact("w3", drug="Y", date="2025-09"),  # incompatible date
    ]
    precision, recall, pairs = score(warehouse, registry)
    assert (round(precision, 3), recall, len(pairs)) == (0.333, 0.5, 1)
    assert once_only_duplicates(warehouse) == [("w1", "w2")]


@pytest.fixture(scope="module")
def demo_warehouse(demo_run) -> Iterator[duckdb.DuckDBPyConnection]:
    """The session's ``cgtwatch run --offline`` over the bundled snapshot (tests/conftest.py)."""
    _, db, first, _, _ = demo_run
    assert db.exists(), first.stderr[-2000:]
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_demo_warehouse_against_the_gold_registry(demo_warehouse, capsys):
    registry = read_registry()
    warehouse = read_warehouse(demo_warehouse)
    precision, recall, pairs = score(warehouse, registry)
    duplicates = once_only_duplicates(warehouse)
    matched_w = {w for w, _ in pairs}
    matched_r = {r for _, r in pairs}
    with capsys.disabled():
        print(
            f"\ndemo registry: {len(registry)} gold events, {len(warehouse)} warehouse events, "
            f"{len(pairs)} matched; precision {precision:.3f}, recall {recall:.3f}, "
            f"once-only duplicates {len(duplicates)}"
        )
        for w in warehouse:
            if w.ident not in matched_w:
                print(f"  unmatched warehouse: {w.type} {w.drug or w.company or w.policy} {w.date}")
        for r in registry:
            if r.ident not in matched_r:
                print(f"  missed gold {r.ident}: {r.type} {r.drug or r.company or r.policy} {r.date}")
    assert duplicates == []
    assert precision >= PRECISION_TARGET
    assert recall >= RECALL_TARGET


def test_every_policy_document_that_is_not_a_draft_has_its_policy_event(demo_warehouse):
    drafts = {doc for r in read_registry() if r.type == "policy_issued" and r.draft for doc in r.docs}
    policy_docs = {
        f"{source}:{native_id}"
        for source, native_id in demo_warehouse.execute(
            "SELECT source, native_id FROM documents WHERE doc_type = 'policy'"
        ).fetchall()
    }
    issued = {
        f"{source}:{native_id}"
        for source, native_id in demo_warehouse.execute(
            """
            SELECT d.source, d.native_id
            FROM events e JOIN event_evidence v USING (event_id) JOIN documents d ON d.doc_id = v.doc_id
            WHERE e.event_type = 'policy_issued' AND NOT coalesce(e.is_draft, false)
            """
        ).fetchall()
    }
    assert policy_docs - drafts
    assert sorted(policy_docs - drafts - issued) == []
