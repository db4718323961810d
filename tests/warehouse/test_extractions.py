"""Loading the transform output: mentions and events replace per changed document, events merge."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.warehouse.test_db import doc_row, write_jsonl
from warehouse import loaders
from warehouse.db import open_writer

pytestmark = pytest.mark.unit
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
VERSION = "lex-1"


def mention(doc_id: str, start: int, canonical: str = "艾米迈托赛注射液", entity_type: str = "drug") -> dict:
    return {
        "mention_id": f"{doc_id}-{start}",
        "doc_id": doc_id,
        "source": "cninfo",
        "entity_type": entity_type,
        "canonical": canonical,
        "surface": canonical,
        "field": "text",
        "start_offset": start,
        "end_offset": start + len(canonical),
        "lexicon_version": VERSION,
    }


def evidence(doc_id: str, date: str | None, published: str, drug: str = "艾米迈托赛注射液", **extra) -> dict:
    row = {
        "doc_id": doc_id,
        "source": "cninfo",
        "published_at": published,
        "event_type": "drug_approval",
        "subject_key": f"drug_approval|{drug}",
        "event_date": date,
        "drug": drug,
        "company": None,
        "indication": None,
        "policy": None,
        "region": None,
        "amount_value": None,
        "amount_currency": None,
        "amount_cny": None,
        "amount_text": None,
        "round": None,
        "investors": [],
        "issuer": None,
        "acceptance_no": None,
        "evidence": f"{drug}获批上市。",
        "field": "text",
        "start_offset": 0,
        "end_offset": 10,
        "confidence": 0.8,
        "lexicon_version": VERSION,
    }
    row.update(extra)
    return row


def load(db: Path, tmp: Path, run: str, docs: list[dict], mentions: list[dict], evidences: list[dict], version=VERSION):
    d = write_jsonl(tmp / f"{run}-d.jsonl", docs)
    m = write_jsonl(tmp / f"{run}-m.jsonl", mentions)
    e = write_jsonl(tmp / f"{run}-e.jsonl", evidences)
    with open_writer(db, run) as con:
        loaders.upsert_documents(con, [d], run, NOW)
        counts = loaders.load_extractions(
            con,
            mention_files=[m],
            evidence_files=[e],
            transformed_sources=["cninfo"],
            lexicon_version=version,
            now=NOW,
        )
        events = con.execute(
            "SELECT event_date, date_precision, evidence_count, first_doc_id, company FROM events ORDER BY event_date"
        ).fetchall()
        n_mentions = con.execute("SELECT count(*) FROM entity_mentions").fetchone()[0]
    return counts, events, n_mentions


def test_reports_of_one_event_merge_and_reruns_change_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    docs = [doc_row("a"), doc_row("b"), doc_row("c")]
    docs[1]["published_at"] = "2025-01-03T00:00:00+08:00"
    docs[0]["published_at"] = "2025-01-05T00:00:00+08:00"
    evs = [
        evidence("a", "2025-01", "2025-01-05T00:00:00+08:00", company="铂生卓越"),
        evidence("b", "2025-01-02", "2025-01-03T00:00:00+08:00", indication="急性移植物抗宿主病"),
        # An approval of the same product for another indication is another event.
        evidence("c", "2024-03", "2025-03-04T00:00:00+08:00", indication="膝骨关节炎"),
    ]
    counts, events, n_mentions = load(db, tmp_path, "r1", docs, [mention("a", 0), mention("b", 3)], evs)
    assert counts.documents == 3
    assert events == [("2024-03", "month", 1, "c", None), ("2025-01-02", "day", 2, "b", "铂生卓越")]
    assert n_mentions == 2
    again, events_again, n_again = load(db, tmp_path, "r2", docs, [mention("a", 0), mention("b", 3)], evs)
    assert again.documents == 0
    assert (events_again, n_again) == (events, n_mentions)


def test_changed_document_replaces_its_rows_and_orphan_events_vanish(tmp_path):
    db = tmp_path / "w.duckdb"
    load(
        db,
        tmp_path,
        "r1",
        [doc_row("a")],
        [mention("a", 0)],
        [evidence("a", "2025-01-02", "2025-03-04T00:00:00+08:00")],
    )
    changed = doc_row("a", content_hash="h2")
    counts, events, n_mentions = load(
        db,
        tmp_path,
        "r2",
        [changed],
        [mention("a", 5, "睿铂生")],
        [evidence("a", "2025-05", "2025-03-04T00:00:00+08:00", drug="X-1")],
    )
    assert counts.documents == 1
    assert events == [("2025-05", "month", 1, "a", None)]
    assert n_mentions == 1


def test_new_lexicon_version_retags_unchanged_documents(tmp_path):
    db = tmp_path / "w.duckdb"
    load(db, tmp_path, "r1", [doc_row("a")], [mention("a", 0)], [])
    counts, _, _ = load(db, tmp_path, "r2", [doc_row("a")], [mention("a", 0)], [], version="lex-2")
    assert counts.documents == 1


def test_sources_whose_transform_failed_keep_their_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    load(db, tmp_path, "r1", [doc_row("a")], [mention("a", 0)], [])
    d = write_jsonl(tmp_path / "x.jsonl", [doc_row("a", content_hash="h9")])
    with open_writer(db, "r2") as con:
        loaders.upsert_documents(con, [d], "r2", NOW)
        counts = loaders.load_extractions(
            con, mention_files=[], evidence_files=[], transformed_sources=[], lexicon_version=VERSION, now=NOW
        )
        assert counts.documents == 0
        assert con.execute("SELECT count(*) FROM entity_mentions").fetchone() == (1,)
        state = con.execute("SELECT content_hash FROM transform_state").fetchall()
    assert state == [("h1",)]
    assert json.dumps(state)
