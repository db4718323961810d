"""The word gate of whole-view scans: it may only skip texts in which the pattern cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from transforms import (
    amounts,
    dates,
    event_dates,
    events,
    filing_lists,
    indications,
    policy_names,
    products,
    rules,
    rules_registers,
    sections,
    tagger,
    told_before,
)
from transforms.regex_gate import GatedPattern, lead_gated, needed_words

pytestmark = pytest.mark.unit

GOLD = Path(__file__).resolve().parents[1] / "gold"


def _gold_texts() -> list[str]:
    """Every title and body of the gold documents."""
    return [
        doc[key]
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for doc in [json.loads(line)]
        for key in ("title", "text")
        if doc.get(key)
    ]


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
        rules_registers._USE_TABLE_HEADER_SCAN,
        event_dates._SIGNED_FIELD_SCAN,
        products._CHINESE_TRADE_NAME_SCAN,
        sections._SECTION_LEAD_SCAN,
        told_before._FIRST_USES_LEAD_SCAN,
        *rules._TRIGGER_GATES.values(),
    ]
    texts = [text.upper() for text in _gold_texts()]
    assert texts
    for gate in gates:
        for text in texts:
            if not gate.possible(text):
                assert gate.pattern.search(text) is None, (gate.pattern.pattern, text[:80])


@pytest.mark.parametrize(
    ("pattern", "gated"),
    [
        (r"(?<!\d)(?:\d{4}年|今年)", True),  # a look-behind first: re cannot skip offsets by itself
        (r"(?:获批)?上市|\s*[（(]受理", True),  # an optional part lets what follows start the match
        (r"获批|受理", False),  # literal alternatives: re skips offsets by itself
        (r"[A-Z][A-Z0-9]*-\d", False),  # so it does for a class
        (r"(?<!x)(?:a|.b)", False),  # any character may start a match
        (r"(?<!x)a?", False),  # a match may be empty
        (r"(?i)(?<!x)cel", False),
        (r"(?s)(?<!x)(?:ab|cd)", False),  # inline flags must open a pattern: it stays as it is
    ],
)
def test_lead_gate_only_where_it_helps(pattern, gated):
    compiled = re.compile(pattern)
    assert (lead_gated(compiled) is not compiled) == gated


def test_lead_gated_scans_find_what_their_patterns_find_in_gold_texts():
    """Every scan the modules run behind a look-ahead matches exactly as its pattern does."""
    scans = [
        (dates._DATE_SCAN, dates.DATE_RE),
        (dates._NAMED_YEAR_SCAN, dates._NAMED_YEAR_RE),
        *(
            (scan, rule.pattern)
            for rule in rules.TRIGGERS
            if rule.pattern
            for _gate, scan in [rules._TRIGGER_SCANS[id(rule.pattern)]]
        ),
        (rules._APPROVAL_SCAN, rules.APPROVAL_RE),
        (rules._POLICY_SCAN, rules.POLICY_RE),
        (products._TRADE_NAME_SCAN, products._TRADE_NAME_RE),
        (products._CODE_SCAN, products._CODE_RE),
        (tagger._LATIN_FIRM_SCAN, tagger._LATIN_FIRM_RE),
        (tagger._CUED_NAME_SCANS[id(tagger._DESCRIBED_FIRM_RE)], tagger._DESCRIBED_FIRM_RE),
        (indications._DISEASE_HEAD_SCAN, indications._DISEASE_HEAD_RE),
        (amounts._AMOUNT_SCAN, amounts.AMOUNT_RE),
        (events._NON_EVENT_CLAUSE_SCAN, events._NON_EVENT_CLAUSE_RE),
        (events._HEDGE_SCAN, events.HEDGE_RE),
        (events._ACCEPTANCE_NO_SCAN, events.ACCEPTANCE_NO_RE),
    ]
    texts = _gold_texts()
    assert texts
    for scan, pattern in scans:
        assert scan.groupindex == pattern.groupindex
        for text in texts:
            found = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in scan.finditer(text)] == found, pattern.pattern[:60]
