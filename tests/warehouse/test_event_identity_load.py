"""Loading reports of one event over several runs, in every order: one event row, same id, best date."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.warehouse.test_db import doc_row, write_jsonl
from tests.warehouse.test_extractions import evidence
from warehouse import loaders
from warehouse.db import open_writer

pytestmark = pytest.mark.unit
NOW = datetime(2025, 12, 31, tzinfo=UTC)
DRUG = "人脐带间充质干细胞注射液"


def _doc(doc_id: str, published: str, source: str = "cninfo", body: str = "正文") -> dict:
    row = doc_row(doc_id)
    row.update(source=source, published_at=published, body_text=body)
    return row


# The reports of one clinical-trial approval: the CDE record (day, 受理号), the announcement
# (month, indication), a half-year report (报告期内…获得, the year only) and a news item (上月获批, month).
REPORTS = {
    "cde": (
        _doc("cde", "2025-03-25T00:00:00+08:00", "cde"),
        evidence(
            "cde",
            "2025-03-24",
            "2025-03-25T00:00:00+08:00",
            drug=DRUG,
            event_type="ind_approval",
            subject_key=f"ind_approval|{DRUG}",
            acceptance_no="CXSL2500031",
            source="cde",
            company="澄源细胞",
        ),
    ),
    "announcement": (
        _doc("announcement", "2025-04-02T00:00:00+08:00"),
        evidence(
            "announcement",
            "2025-04",
            "2025-04-02T00:00:00+08:00",
            drug=DRUG,
            event_type="ind_approval",
            subject_key=f"ind_approval|{DRUG}",
            indication="膝骨关节炎",
            confidence=0.9,
        ),
    ),
    "halfyear": (
        _doc("halfyear", "2025-08-28T00:00:00+08:00"),
        evidence(
            "halfyear",
            "2025",
            "2025-08-28T00:00:00+08:00",
            drug=DRUG,
            event_type="ind_approval",
            subject_key=f"ind_approval|{DRUG}",
            acceptance_no="CXSL2500031",
        ),
    ),
    "news": (
        _doc("news", "2025-05-06T00:00:00+08:00", "news"),
        evidence(
            "news",
            "2025-04",
            "2025-05-06T00:00:00+08:00",
            drug=DRUG,
            event_type="ind_approval",
            subject_key=f"ind_approval|{DRUG}",
            source="news",
        ),
    ),
}


# Another company's notice citing the milestone without naming product or developer (国内首个…获批临床).
UNNAMED = (
    _doc("unnamed", "2025-03-28T00:00:00+08:00"),
    evidence(
        "unnamed",
        "2025-03",
        "2025-03-28T00:00:00+08:00",
        drug=None,
        event_type="ind_approval",
        subject_key="ind_approval|?None|None",
    ),
)


def _load_in_runs(db: Path, tmp: Path, runs: list[list[str]]) -> None:
    reports = {**REPORTS, "unnamed": UNNAMED}
    for i, names in enumerate(runs):
        docs = write_jsonl(tmp / f"d{i}.jsonl", [reports[n][0] for n in names])
        evs = write_jsonl(tmp / f"e{i}.jsonl", [reports[n][1] for n in names])
        with open_writer(db, f"r{i}") as con:
            loaders.upsert_documents(con, [docs], f"r{i}", NOW)
            loaders.load_extractions(
                con,
                mention_files=[],
                evidence_files=[evs],
                transformed_sources=["cninfo", "cde", "news"],
                lexicon_version="v1",
                now=NOW,
            )


def _state(db: Path) -> tuple[list[tuple], list[tuple]]:
    with open_writer(db, "read") as con:
        events = con.execute(
            "SELECT event_id, event_date, date_precision, indication, acceptance_no, company, evidence_count "
            "FROM events ORDER BY event_id"
        ).fetchall()
        rules = con.execute("SELECT doc_id, match_rule FROM event_evidence ORDER BY doc_id").fetchall()
    return events, rules


@pytest.mark.parametrize("order", list(itertools.permutations(REPORTS))[::5])
def test_reports_loaded_one_run_each_in_any_order_make_one_event(tmp_path, order):
    db = tmp_path / f"{'-'.join(order)}.duckdb"
    _load_in_runs(db, tmp_path, [[name] for name in order])
    events, rules = _state(db)
    assert len(events) == 1
    _, date, precision, indication, acceptance_no, company, count = events[0]
    # The most precise date any report gives, the indication and 受理号 of the reports that have them.
    assert (date, precision, indication, acceptance_no, company, count) == (
        "2025-03-24",
        "day",
        "膝骨关节炎",
        "CXSL2500031",
        "澄源细胞",
        4,
    )
    assert dict(rules) == {
        "cde": "first_report",
        "announcement": "product",  # the event had no indication yet to compare with
        "halfyear": "acceptance_no",
        "news": "product",
    }


def test_event_ids_do_not_depend_on_load_order(tmp_path):
    states = set()
    for i, runs in enumerate(
        [
            [list(REPORTS)],
            [["news"], ["halfyear", "announcement"], ["cde"]],
            [["cde", "news"], ["halfyear"], ["announcement"]],
        ]
    ):
        work = tmp_path / str(i)
        work.mkdir()
        _load_in_runs(work / "w.duckdb", work, runs)
        events, rules = _state(work / "w.duckdb")
        states.add((tuple(events), tuple(rules)))
    assert len(states) == 1


@pytest.mark.parametrize(
    "runs", [[["unnamed"], ["cde"], ["news"]], [["cde"], ["unnamed"]], [["news", "unnamed", "cde"]]]
)
def test_an_unnamed_report_joins_the_named_event_whichever_run_loads_it(tmp_path, runs):
    db = tmp_path / "w.duckdb"
    _load_in_runs(db, tmp_path, runs)
    events, rules = _state(db)
    assert len(events) == 1
    assert events[0][1] == "2025-03-24"
    assert dict(rules)["unnamed"] == "unnamed_date"


def test_a_warehouse_from_before_the_identity_rules_is_re_identified_once(tmp_path):
    db = tmp_path / "w.duckdb"
    _load_in_runs(db, tmp_path, [list(REPORTS)])
    with open_writer(db, "old") as con:
        # What an older release left: two rows for one milestone and no match rules.
        con.execute("UPDATE event_evidence SET event_id = 'old-' || doc_id, match_rule = NULL")
        con.execute("DELETE FROM events")
        con.execute("DELETE FROM warehouse_state WHERE key = 'event_identity_version'")
    _load_in_runs(db, tmp_path, [["news"]])
    events, rules = _state(db)
    assert len(events) == 1
    assert all(rule is not None for _, rule in rules)


def test_one_sentence_approving_two_indications_loads_two_events(tmp_path):
    # The extractor gives one event per listed indication with the same evidence sentence; the loader
    # must keep both (it used to key evidence on the sentence alone and dropped the second).
    reports = [
        evidence(
            "approval",
            "2025-10-09",
            "2025-10-10T00:00:00+08:00",
            drug="TX-55注射液",
            event_type="drug_approval",
            subject_key="drug_approval|TX-55注射液",
            indication=indication,
        )
        for indication in ("多发性骨髓瘤", "套细胞淋巴瘤")
    ]
    db = tmp_path / "w.duckdb"
    docs = write_jsonl(tmp_path / "d.jsonl", [_doc("approval", "2025-10-10T00:00:00+08:00")])
    evs = write_jsonl(tmp_path / "e.jsonl", reports)
    for run in ("r1", "r2"):  # a re-load keeps both as well
        with open_writer(db, run) as con:
            loaders.upsert_documents(con, [docs], run, NOW)
            loaders.load_extractions(
                con,
                mention_files=[],
                evidence_files=[evs],
                transformed_sources=["cninfo"],
                lexicon_version=run,
                now=NOW,
            )
        with open_writer(db, "read") as con:
            rows = con.execute("SELECT indication, evidence_count FROM events").fetchall()
        assert sorted(rows) == sorted([("套细胞淋巴瘤", 1), ("多发性骨髓瘤", 1)])
