"""Repost groups recorded at load, across runs (warehouse.loaders.record_reposts)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.warehouse.test_db import doc_row, write_jsonl
from tests.warehouse.test_views import STORY
from warehouse import loaders
from warehouse.db import open_writer

pytestmark = pytest.mark.unit
NOW = datetime(2025, 12, 31, tzinfo=UTC)
OTHER = "苏州星璨生物科技有限公司宣布完成3亿元B轮融资，由高瓴资本领投，资金将用于帕金森病新药的临床研究。"


def _doc(doc_id: str, published: str, body: str, doc_type: str = "news") -> dict:
    row = doc_row(doc_id, content_hash=f"h-{doc_id}")
    row.update(published_at=published, body_text=body, doc_type=doc_type, source="news")
    return row


def _load(db, tmp, run: str, docs: list[dict]) -> list[tuple]:
    with open_writer(db, run) as con:
        loaders.upsert_documents(con, [write_jsonl(tmp / f"{run}.jsonl", docs)], run, NOW)
        loaders.record_reposts(con, NOW)
        return con.execute(
            "SELECT doc_id, group_doc_id, round(similarity, 3), len(signature) FROM document_reposts ORDER BY 1"
        ).fetchall()


def test_a_later_run_joins_earlier_groups_and_the_first_report_names_the_group(tmp_path):
    db = tmp_path / "w.duckdb"
    first = _load(
        db,
        tmp_path,
        "r1",
        [_doc("b", "2025-01-03T09:00:00+08:00", "（本报讯）" + STORY), _doc("o", "2025-01-05T00:00:00+08:00", OTHER)],
    )
    assert [(d, g) for d, g, _, _ in first] == [("b", "b"), ("o", "o")]
    # The original, published a day before the repost, arrives in a later run.
    second = _load(db, tmp_path, "r2", [_doc("a", "2025-01-02T10:00:00+08:00", STORY)])
    assert [(d, g) for d, g, _, _ in second] == [("a", "a"), ("b", "a"), ("o", "o")]
    assert second[1][2] >= 0.6
    assert {n for *_, n in second} == {64}
    # Re-loading the same documents changes nothing.
    assert _load(db, tmp_path, "r3", [_doc("a", "2025-01-02T10:00:00+08:00", STORY)]) == second


def test_register_records_are_never_grouped(tmp_path):
    record = (
        "国家药品监督管理局药品审评中心 受理\\n受理号：CXSL{n}\\n药品名称：人脐带间充质干细胞注射液\\n申请类型：新药"
    )
    rows = _load(
        tmp_path / "w.duckdb",
        tmp_path,
        "r1",
        [
            _doc("x", "2025-01-02T00:00:00+08:00", record.format(n=2500031), "acceptance_record"),
            _doc("y", "2025-01-03T00:00:00+08:00", record.format(n=2500032), "acceptance_record"),
        ],
    )
    assert [(d, g) for d, g, _, _ in rows] == [("x", "x"), ("y", "y")]


def test_a_renamed_group_is_renamed_for_members_outside_the_window(tmp_path):
    db = tmp_path / "w.duckdb"
    late = "（转载）" + STORY  # the same story reposted months later, beyond REPOST_WINDOW of the original
    _load(
        db,
        tmp_path,
        "r1",
        [_doc("b", "2025-01-03T09:00:00+08:00", "（本报讯）" + STORY), _doc("z", "2025-04-20T00:00:00+08:00", late)],
    )
    rows = _load(db, tmp_path, "r2", [_doc("a", "2025-01-02T10:00:00+08:00", STORY)])
    assert [(d, g) for d, g, _, _ in rows] == [("a", "a"), ("b", "a"), ("z", "a")]
