"""The word gate of whole-view scans: it may only skip texts in which the pattern cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from transforms import event_dates, events, filing_lists, policy_names, products, rules, rules_registers, tagger
from transforms.regex_gate import GatedPattern, needed_words

pytestmark = pytest.mark.unit

GOLD = Path(__file__).resolve().parents[1] / "gold"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"医院|血液中心", [{"医院", "血液中心"}]),
        (r"(?P<name>[\u4e00-\u9fff]{2,4})(?=涨停|跌停)", [{"涨停", "跌停"}]),
        (r"(?:获批|批准)?上市", [{"上市"}]),  # an optional part needs nothing
        (r"X(?!号)", [{"X"}]),  # nor does a negative look-ahead
        (r"获批|[A-Z]+", []),  # a branch that needs nothing: the alternation needs nothing
        (r"(?i)cel", []),  # any case: no literal is needed as written
    ],
)
def test_needed_words(pattern, expected):
    assert [set(c) for c in needed_words(re.compile(pattern))] == expected


def test_gated_scan_skips_only_texts_without_a_match():
    gated = GatedPattern(re.compile(r"(?<![A-Z])[A-Z]+-?(?:CEL|VEC)(?![A-Z])"))
    assert [m.group(0) for m in gated.finditer("获批的CILTA-CEL和ZOLGENSMA")] == ["CILTA-CEL"]
    assert list(gated.finditer("没有产品")) == []
    assert gated.search("没有产品") is None


def test_gates_agree_with_their_patterns_on_gold_texts():
    gates = [
        products._INN_SCAN,
        policy_names._INSURANCE_SCHEME_SCAN,
        tagger._HOSPITAL_SCAN,
        *tagger._CUED_NAME_GATES.values(),
        event_dates._DOCUMENT_NUMBER_SCAN,
        event_dates._REPORT_RELEASED_SCAN,
        events._MEETING_HELD_SCAN,
        filing_lists._FILING_LIST_LEAD_SCAN,
        rules_registers._PRODUCT_LIST_LEAD_SCAN,
        rules_registers._APPROVAL_TABLE_HEADER_SCAN,
        *rules._TRIGGER_GATES.values(),
    ]
    texts = [
        doc[key].upper()
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for doc in [json.loads(line)]
        for key in ("title", "text")
        if doc.get(key)
    ]
    assert texts
    for gate in gates:
        for text in texts:
            if not gate.possible(text):
                assert gate.pattern.search(text) is None, (gate.pattern.pattern, text[:80])
