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
from transforms.types import InputDocument

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


def test_the_prefilter_is_read_off_the_table_with_each_finder_rows_cue():
    cues = rules._row_cues(rules.TRIGGERS)
    for rule in rules.TRIGGERS:
        assert (rule.pattern if rule.pattern is not None else rule.cue) in cues, rule.name
    assert len({id(c) for c in cues}) == len(cues)  # a pattern shared by rows is searched once
    assert ANY_TRIGGER_RE.pattern == "|".join(c.pattern for c in cues)


def test_a_new_row_needs_no_second_list_and_a_finder_row_must_say_its_cue():
    new_row = rules.Trigger("invented", "financing", 0.8, re.compile("完成天使\\+轮融资"))
    assert new_row.pattern in rules._row_cues([*rules.TRIGGERS, new_row])
    blind_row = rules.Trigger("blind", "financing", 0.8, find=lambda facts: None)
    with pytest.raises(ValueError, match="blind"):
        rules._row_cues([blind_row])


def test_a_finder_row_fires_only_in_sentences_its_cue_matches(engine, monkeypatch):
    # The pre-filter drops a sentence no cue matches, so a finder must never fire where its cue does not.
    fired: list[tuple[str, str]] = []
    real_match = rules.Trigger.match

    def recording_match(rule: rules.Trigger, facts: rules.SentenceFacts) -> re.Match[str] | None:
        m = real_match(rule, facts)
        if m is not None and rule.find is not None:
            fired.append((rule.name, facts.text))
        return m

    monkeypatch.setattr(rules.Trigger, "match", recording_match)
    for path in (GOLD / f"{split}.jsonl" for split in ("tune", "holdout2", "holdout3", "holdout4")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            engine.extract(
                InputDocument(
                    id=row["id"], text=row["text"], title=row.get("title"), published_at=row.get("published_at")
                )
            )
    cues = {r.name: r.cue for r in rules.TRIGGERS if r.find is not None}
    assert {name for name, _text in fired} >= {"approval", "policy"}
    assert [(name, text) for name, text in fired if not cues[name].search(text)] == []


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
