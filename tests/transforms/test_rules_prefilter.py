"""The literal pre-filter of the trigger patterns: it may only skip sentences no trigger matches."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from transforms import rules
from transforms.clean import split_sentences
from transforms.regex_gate import LiteralGate, top_alternatives
from transforms.rules import ANY_TRIGGER_RE, any_trigger

pytestmark = pytest.mark.unit

GOLD = Path(__file__).resolve().parents[1] / "gold"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"获批|受理", ["获批", "受理"]),
        (r"(?:获批|批准)上市|受理(?!号)", ["(?:获批|批准)上市", "受理(?!号)"]),
        (r"a[|]b|c", ["a[|]b", "c"]),
        (r"[]|]x|[^]|]y|z", ["[]|]x", "[^]|]y", "z"]),
        (r"\|a|b", [r"\|a", "b"]),
        (r"获批", ["获批"]),
    ],
)
def test_top_alternatives_split_only_at_the_top_level(pattern, expected):
    assert [p.pattern for p in top_alternatives(re.compile(pattern))] == expected


def test_gate_needs_every_clause_of_an_alternative():
    listed = re.compile(r"获批(?:上市|临床)|首张处方")
    gate = LiteralGate([listed])
    assert listed in gate.possible("产品获批上市")
    assert listed in gate.possible("开出首张处方")
    assert listed not in gate.possible("产品获批")  # 获批 without 上市 or 临床
    assert listed not in gate.possible("产品上市")


def test_gate_needs_the_words_of_positive_look_arounds():
    passed = re.compile(r"(?<=[日会议])通过(?=《)")
    gate = LiteralGate([passed])
    assert passed in gate.possible("会议审议通过《管理办法》")
    assert passed not in gate.possible("会议审议通过了管理办法")  # no 《 after 通过


def test_gate_lets_through_what_it_cannot_read():
    loose = re.compile(r"\d+|上市")  # one alternative needs no literal
    folded = re.compile(r"abc", re.IGNORECASE)
    gate = LiteralGate([loose, folded])
    assert gate.possible("无关的句子") == {loose, folded}


def _gold_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(GOLD.glob("**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            for text in (row.get("title"), row.get("text")):
                if isinstance(text, str):
                    out.extend(text[s:e] for s, e in split_sentences(text))
    return out


def test_any_trigger_agrees_with_the_pattern_on_every_gold_sentence(engine):
    sentences = [engine.view(s) for s in _gold_sentences()]
    assert len(sentences) > 1000
    disagree = [s for s in sentences if any_trigger(s) != bool(ANY_TRIGGER_RE.search(s))]
    assert disagree == []
    assert 0 < sum(map(any_trigger, sentences)) < len(sentences)


def test_row_gate_skips_only_rows_that_cannot_match(engine):
    sentences = [engine.view(s) for s in _gold_sentences()]
    for sentence in sentences:
        passing = rules._ROW_GATE.passing(sentence)
        for place, pattern in enumerate(rules._ROW_PATTERNS):
            if place not in passing:
                assert pattern.search(sentence) is None, (pattern.pattern[:60], sentence)


def test_clause_end_is_the_first_break_of_any_kind():
    rng = random.Random(7)
    for _ in range(2000):
        sent = "".join(rng.choice("获批，,；;：:。") for _ in range(rng.randint(0, 12)))
        for pos in range(-len(sent) - 2, len(sent) + 3):
            ends = [i for i in (sent.find(ch, pos) for ch in rules.CLAUSE_BREAK) if i >= 0]
            assert rules.clause_end(sent, pos) == (min(ends) if ends else len(sent))
