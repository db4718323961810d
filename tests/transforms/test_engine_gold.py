from __future__ import annotations

import io
import json
import re

import pytest

from tests.conftest import ROOT
from transforms.evaluate import GOLD_DIR, evaluate, load_gold, main
from transforms.evaluate import SPLITS as EVALUATED_SPLITS
from transforms.types import ENTITY_TYPES, EVENT_TYPES, InputDocument

pytestmark = pytest.mark.unit

# Sets the rules were developed on (scores asserted); the newest holdout is never asserted on.
SPLITS = {"tune": 45, "heldout": 40, "fresh": 40, "holdout2": 45, "holdout3": 50, "holdout4": 50, "holdout5": 50}


@pytest.mark.parametrize(
    ("split", "minimum"),
    [
        *SPLITS.items(),
        ("blind", 15),
        ("holdout6", 50),
        ("holdout7", 50),
        ("holdout8_open", 25),
        ("holdout8", 25),
        ("holdout9a", 30),
        ("holdout9b", 30),
        ("holdout10a", 30),
        ("holdout10b", 30),
        ("holdout11a", 30),
        ("holdout11b", 30),
        ("holdout12a", 30),
        ("holdout12b", 30),
        ("holdout12c", 30),
        ("holdout13a", 30),
        ("holdout13b", 30),
        ("holdout13c", 30),
        ("holdout14a", 30),
        ("holdout14b", 30),
        ("holdout15b", 30),
        ("holdout15c", 30),
        ("holdout15a", 30),
        ("holdout14c", 30),
        ("holdout16a", 30),
        ("holdout16b", 30),
        ("holdout16c", 30),
        ("holdout17a", 30),
        ("holdout17b", 30),
        ("holdout17c", 30),
        ("holdout18a", 30),
        ("holdout18b", 30),
        ("holdout18c", 30),
        ("holdout19a", 30),
        ("holdout19b", 30),
        ("holdout19c", 30),
        ("holdout20a", 30),
        ("holdout20b", 30),
        ("holdout20c", 30),
        ("holdout21b", 30),
        ("holdout21c", 30),
        ("holdout21a", 30),
        ("holdout22c", 30),
        ("holdout22b", 30),
        ("holdout22a", 30),
        ("holdout23a", 30),
        ("holdout23b", 30),
        ("holdout23c", 30),
        ("holdout24a", 30),
        ("holdout24b", 30),
        ("holdout24c", 30),
        ("holdout25a", 30),
        ("holdout25b", 30),
        ("holdout25c", 30),
        ("holdout26a", 30),
        ("holdout26b", 30),
        ("holdout26c", 30),
        ("holdout27a", 30),
        ("holdout27b", 30),
        ("holdout27c", 30),
        ("holdout28a", 30),
        ("holdout28b", 30),
        ("holdout28c", 30),
        ("holdout29a", 30),
        ("holdout29b", 30),
        ("holdout29c", 30),
        ("holdout30a", 30),
        ("holdout30b", 30),
        ("holdout30c", 30),
        ("holdout31a", 30),
        ("holdout31b", 30),
        ("holdout31c", 30),
        ("holdout32a", 30),
        ("holdout32b", 30),
        ("holdout32c", 30),
        ("holdout33a", 30),
        ("holdout33b", 30),
        ("holdout33c", 30),
        ("holdout34a", 30),
        ("holdout34b", 30),
        ("holdout34c", 30),
        ("holdout35a", 30),
        ("holdout35b", 30),
        ("holdout35c", 30),
        ("holdout36a", 30),
        ("holdout36b", 30),
        ("holdout36c", 30),
        ("holdout42a", 30),
        ("holdout42c", 30),
        ("holdout42b", 30),
        ("holdout41c", 30),
        ("holdout41b", 30),
        ("holdout41a", 30),
        ("holdout40b", 30),
        ("holdout40c", 30),
        ("holdout40a", 30),
        ("holdout39a", 30),
        ("holdout39c", 30),
        ("holdout39b", 30),
        ("holdout38c", 30),
        ("holdout38b", 30),
        ("holdout38a", 30),
        ("holdout37c", 30),
        ("holdout37b", 30),
        ("holdout37a", 30),
        ("holdout43a", 30),
        ("holdout43c", 30),
        ("holdout44a", 30),
        ("holdout43b", 30),
        ("holdout44c", 30),
        ("holdout44b", 30),
        ("holdout45a", 30),
        ("holdout45c", 30),
        ("holdout46a", 30),
        ("holdout46b", 30),
        ("holdout45b", 30),
        ("holdout46c", 30),
        ("holdout47a", 30),
        ("holdout47c", 30),
        ("holdout48a", 30),
        ("holdout48c", 30),
        ("holdout47b", 30),
        ("holdout48b", 30),
        ("holdout49a", 30),
        ("holdout49c", 30),
        ("holdout50a", 30),
        ("holdout50c", 30),
        ("holdout49b", 30),
        ("holdout50b", 30),
        ("holdout51b", 30),
        ("holdout51c", 30),
        ("holdout52a", 30),
        ("holdout51a", 30),
        ("holdout52b", 30),
        ("holdout52c", 30),
        ("holdout53a", 30),
        ("holdout53c", 30),
        ("holdout54a", 30),
        ("holdout54b", 30),
        ("holdout53b", 30),
        ("holdout54c", 30),
        ("holdout55a", 30),
        ("holdout56b", 30),
        ("holdout56c", 30),
        ("holdout56a", 30),
        ("holdout55c", 30),
        ("holdout55b", 30),
    ],
)
def test_gold_files_are_well_formed(split, minimum):
    docs = load_gold(GOLD_DIR / f"{split}.jsonl")
    assert len(docs) >= minimum
    assert len({d["id"] for d in docs}) == len(docs)
    for d in docs:
        assert isinstance(d["text"], str)
        assert {e["type"] for e in d["gold"]["entities"]} <= set(ENTITY_TYPES)
        assert {e["type"] for e in d["gold"]["events"]} <= set(EVENT_TYPES)


def test_gold_covers_every_type_and_noise():
    docs = load_gold(GOLD_DIR / "tune.jsonl") + load_gold(GOLD_DIR / "heldout.jsonl")
    assert {e["type"] for d in docs for e in d["gold"]["entities"]} == set(ENTITY_TYPES)
    assert {e["type"] for d in docs for e in d["gold"]["events"]} == set(EVENT_TYPES)
    assert sum(1 for d in docs if not d["gold"]["events"]) >= 10
    assert any("責任編輯" in d["text"] or "责任编辑" in d["text"] for d in docs)


@pytest.mark.parametrize("split", SPLITS)
def test_every_offset_is_exact_on_gold_documents(engine, split):
    for d in load_gold(GOLD_DIR / f"{split}.jsonl"):
        doc = InputDocument(id=d["id"], text=d["text"], title=d.get("title"), published_at=d.get("published_at"))
        result = engine.extract(doc)
        for ent in result.entities:
            field = doc.title if ent.field == "title" else doc.text
            assert field is not None
            assert field[ent.start : ent.end] == ent.text
        for ev in result.events:
            field = doc.title if ev.field == "title" else doc.text
            assert field is not None
            assert field[ev.evidence_start : ev.evidence_end] == ev.evidence
        assert result.lexicon_version == engine.lexicon_version


@pytest.mark.parametrize("split", SPLITS)
def test_scores_meet_targets(engine, split):
    report = evaluate(engine, load_gold(GOLD_DIR / f"{split}.jsonl"))
    assert report.entity_overall.f1 >= 0.90, report.errors
    assert report.event_overall.f1 >= 0.80, report.errors


def test_evaluate_cli_prints_table():
    out = io.StringIO()
    assert main(["--split", "tune"], out=out) == 0
    text = out.getvalue()
    assert text.startswith("== tune (46 documents) ==")
    assert "ENTITIES overall" in text
    assert "EVENTS overall" in text
    json.dumps(text)  # printable


def test_every_gold_set_and_every_split_make_eval_names_is_one_evaluate_accepts():
    # `make eval` stopped at the first held-out set left out of SPLITS (argparse refuses an unknown
    # choice), so every set after it went unscored without anyone noticing.
    named = re.findall(r"transforms\.evaluate --split (\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"))
    assert named
    assert set(named) <= set(EVALUATED_SPLITS)
    on_disk = {p.stem for p in GOLD_DIR.glob("*.jsonl")} - {"demo_registry"}
    assert on_disk == set(EVALUATED_SPLITS)
    # The Makefile's help line lists exactly the held-out sets it scores.
    assert set(named) == set(re.findall(r"\bholdout\d+[a-c]?\b", _make_eval_comment()))


def _make_eval_comment() -> str:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("## Precision / recall / F1 on"))
