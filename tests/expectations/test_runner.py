"""Each suite passes good rows and flags each kind of bad row with the right severity and key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest

from expectations import frames
from expectations.runner import GxDirs, SuiteOutcome, build_data_docs, validate
from expectations.settings import GX_DIR
from extractors.registry import SOURCES
from tests.expectations.factories import (
    WINDOW_END,
    document_row,
    event_row,
    forecast_row,
    mention_row,
    raw_row,
    texts_of,
)

pytestmark = pytest.mark.unit

DOC = document_row()
TEXTS = texts_of(DOC)
EVENT_KEY = ["doc_id", "event_type", "start_offset"]
PARAMS = {"window_end": WINDOW_END}


@dataclass(frozen=True)
class Table:
    suite: str
    key_columns: list[str]
    good: Callable[[], list[dict[str, Any]]]
    frame: Callable[[list[dict[str, Any]]], pd.DataFrame]


TABLES = {
    "raw": Table(
        "raw_documents.nmpa", ["native_id"], lambda: [raw_row("n0"), raw_row("n1")], frames.raw_documents_frame
    ),
    "documents": Table(
        "documents.staged", ["doc_id"], lambda: [document_row("n0"), document_row("n1")], frames.documents_frame
    ),
    "mentions": Table(
        "entity_mentions.staged",
        ["mention_id"],
        lambda: [mention_row(), mention_row("干细胞", field="title", entity_type="cell_type")],
        lambda rows: frames.mentions_frame(rows, TEXTS),
    ),
    "events": Table(
        "events.staged", EVENT_KEY, lambda: [event_row(), forecast_row()], lambda rows: frames.events_frame(rows, TEXTS)
    ),
}


def run(dirs: GxDirs, table: Table, rows: list[dict[str, Any]], run_id: str = "test", **params: Any) -> SuiteOutcome:
    return validate(
        table.suite,
        table.frame(rows),
        key_columns=table.key_columns,
        parameters={**PARAMS, **params},
        run_id=run_id,
        dirs=dirs,
    )


@pytest.mark.parametrize("name", sorted(TABLES))
def test_good_rows_pass(gx_dirs, name):
    outcome = run(gx_dirs, TABLES[name], TABLES[name].good(), row_count_history=[3, 4, 5])
    failed = [e.label for e in outcome.expectations if not e.success]
    assert failed == []
    assert outcome.success
    assert outcome.failing_keys() == {}
    assert outcome.rows == 2
    json.dumps(outcome.to_dict())


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_raw_suite_of_every_source_passes_its_own_urls(gx_dirs, source):
    hosts = {
        "cninfo": "http://www.cninfo.com.cn/new/hisAnnouncement/query",
        "cde": "https://www.cde.org.cn/main/xxgk/getMenuListHc",
        "nmpa": "https://www.nmpa.gov.cn/yaowen/ypjgyw/index.html",
        "eastmoney": "https://search-api-web.eastmoney.com/search/jsonp?cb=x",
        "news": "https://feed.mix.sina.com.cn/api/roll/get?pageid=153",
        "policy": "https://sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary",
    }
    url = hosts[source]
    outcome = validate(
        f"raw_documents.{source}",
        frames.raw_documents_frame([raw_row("x", record_url=url)]),
        key_columns=["native_id"],
        parameters=PARAMS,
        run_id="test",
        dirs=gx_dirs,
    )
    assert outcome.success, [e.label for e in outcome.expectations if not e.success]
    assert outcome.source == source


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# (table, bad row, its key, failing expectation label, severity)
BAD_ROWS: list[tuple[str, dict[str, Any], str, str, str]] = [
    ("raw", raw_row("bad", record_status=404), "bad", "expect_column_values_to_be_in_set(record_status)", "critical"),
    (
        "raw",
        raw_row("bad", record_url="https://www.gov.cn/zhengce/1.htm"),
        "bad",
        "expect_column_values_to_match_regex(record_url)",
        "critical",
    ),
    ("raw", raw_row(None), "", "expect_column_values_to_not_be_null(native_id)", "critical"),
    ("raw", raw_row("n1"), "n1", "expect_column_values_to_be_unique(native_id)", "warning"),
    ("raw", raw_row("bad", fetch_errors=1), "bad", "expect_column_values_to_be_between(fetch_errors)", "warning"),
    (
        "raw",
        raw_row("bad", record_content_type=None),
        "bad",
        "expect_column_values_to_not_be_null(record_content_type)",
        "warning",
    ),
    (
        "documents",
        document_row("bad", source="sse"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_in_set(source)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", doc_type="blog"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_in_set(doc_type)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", url="https://www.example.com/nmpa.gov.cn/1.html"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_in_set(url_matches_source)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", url="ftp://www.nmpa.gov.cn/1"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_match_regex(url)",
        "critical",
    ),
    # The window ends 2025-01-31; a day of slack is allowed for time zones, two are not.
    (
        "documents",
        document_row("bad", published_at="2025-02-02T00:00:00+08:00"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(published_day)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", published_at="1989-12-31"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(published_day)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", published_at="昨天"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_not_be_null(published_day)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", title="药"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(title_length)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", title="长" * 501),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(title_length)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", body_text="正" * 5_000_001),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(body_length)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", body_text=""),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(body_length)",
        "warning",
    ),
    (
        "documents",
        document_row("bad", title="Stem cell drug approved", body_text="The NMPA approved the first stem cell drug."),
        document_row("bad")["doc_id"],
        "expect_column_values_to_be_between(cjk_share)",
        "warning",
    ),
    (
        "documents",
        document_row("bad", content_hash="abc"),
        document_row("bad")["doc_id"],
        "expect_column_values_to_match_regex(content_hash)",
        "critical",
    ),
    (
        "documents",
        document_row("n1"),
        document_row("n1")["doc_id"],
        "expect_column_values_to_be_unique(doc_id)",
        "critical",
    ),
    (
        "documents",
        document_row("bad", body_text=None),
        document_row("bad")["doc_id"],
        "expect_column_values_to_not_be_null(body_text)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", entity_type="person"),
        "bad",
        "expect_column_values_to_be_in_set(entity_type)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", field="body"),
        "bad",
        "expect_column_values_to_be_in_set(field)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", start_offset=-1),
        "bad",
        "expect_column_values_to_be_between(start_offset)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", end_offset=30, start_offset=30),
        "bad",
        "expect_column_values_to_be_between(span_length)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", surface=""),
        "bad",
        "expect_column_value_lengths_to_be_between(surface)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", start_offset=1, end_offset=9),
        "bad",
        "expect_column_values_to_be_in_set(surface_matches_document)",
        "critical",
    ),
    (
        "mentions",
        mention_row(),
        mention_row()["mention_id"],
        "expect_column_values_to_be_unique(mention_id)",
        "critical",
    ),
    (
        "mentions",
        mention_row(mention_id="bad", canonical=None),
        "bad",
        "expect_column_values_to_not_be_null(canonical)",
        "critical",
    ),
    (
        "events",
        event_row(event_type="rumour", start_offset=7),
        f"{DOC['doc_id']}|rumour|7",
        "expect_column_values_to_be_in_set(event_type)",
        "critical",
    ),
    (
        "events",
        event_row(event_date="2025/01/02", start_offset=7),
        f"{DOC['doc_id']}|drug_approval|7",
        "expect_column_values_to_match_regex(event_date)",
        "critical",
    ),
    (
        "events",
        event_row(event_date="2036", start_offset=7),
        f"{DOC['doc_id']}|drug_approval|7",
        "expect_column_values_to_be_between(event_year)",
        "warning",
    ),
    (
        "events",
        event_row(event_date="1985-06", start_offset=7),
        f"{DOC['doc_id']}|drug_approval|7",
        "expect_column_values_to_be_between(event_year)",
        "warning",
    ),
    (
        "events",
        event_row(confidence=1.5, start_offset=7),
        f"{DOC['doc_id']}|drug_approval|7",
        "expect_column_values_to_be_between(confidence)",
        "critical",
    ),
    (
        "events",
        forecast_row(amount_value=-1.0, start_offset=7),
        f"{DOC['doc_id']}|market_forecast|7",
        "expect_column_values_to_be_between(amount_value)",
        "critical",
    ),
    (
        "events",
        forecast_row(amount_cny=-1.0, start_offset=7),
        f"{DOC['doc_id']}|market_forecast|7",
        "expect_column_values_to_be_between(amount_cny)",
        "critical",
    ),
    (
        "events",
        forecast_row(amount_currency="GBP", start_offset=7),
        f"{DOC['doc_id']}|market_forecast|7",
        "expect_column_values_to_be_in_set(amount_currency)",
        "critical",
    ),
    (
        "events",
        forecast_row(amount_currency=None, start_offset=7),
        f"{DOC['doc_id']}|market_forecast|7",
        "expect_column_values_to_be_in_set(amount_has_currency)",
        "critical",
    ),
    (
        "events",
        event_row(evidence="国家药监局批准了另一个药品。", start_offset=7),
        f"{DOC['doc_id']}|drug_approval|7",
        "expect_column_values_to_be_in_set(evidence_in_document)",
        "critical",
    ),
    (
        "events",
        event_row(doc_id=None, start_offset=7),
        "|drug_approval|7",
        "expect_column_values_to_not_be_null(doc_id)",
        "critical",
    ),
]


@pytest.mark.parametrize(("name", "bad", "key", "label", "severity"), BAD_ROWS)
def test_bad_row_is_flagged(gx_dirs, name, bad, key, label, severity):
    table = TABLES[name]
    outcome = run(gx_dirs, table, [*table.good(), bad])
    failed = {e.label: e for e in outcome.expectations if not e.success}
    assert label in failed, f"expected {label} to fail; failed: {sorted(failed)}"
    assert failed[label].severity == severity
    assert key in failed[label].failing_row_keys
    assert failed[label].unexpected_count >= 1
    assert len(failed[label].unexpected_sample) <= 5
    blocked = outcome.failing_keys()
    if severity == "critical":
        assert f"{table.suite}: {label} failed" in blocked[key]
    else:
        assert key not in blocked, "a warning must not block the row"
    good_keys = {frames.row_key(r, table.key_columns) for r in table.good()} - {key}
    assert not good_keys & set(blocked), "only the bad row is blocked"
    assert outcome.frame_failures() == []


def test_empty_batch_from_a_productive_source_is_a_warning_with_its_reason(gx_dirs):
    outcome = run(gx_dirs, TABLES["documents"], [], row_count_history=[0, 12, 9, 11, 8])
    (row_count,) = [e for e in outcome.expectations if e.expectation_type == "expect_table_row_count_to_be_between"]
    assert not row_count.success
    assert row_count.severity == "warning"
    assert row_count.note
    assert "zero rows now is anomalous" in row_count.note
    assert outcome.failing_keys() == {}
    assert outcome.frame_failures() == []
    assert outcome.warnings == 1
    assert outcome.critical_failures == 0


def test_empty_batch_from_an_often_empty_source_passes(gx_dirs):
    outcome = run(gx_dirs, TABLES["documents"], [], row_count_history=[0, 0, 0, 3, 0])
    assert outcome.success


def test_missing_key_column_is_an_error(gx_dirs):
    with pytest.raises(ValueError, match="key columns"):
        validate(
            "documents.staged",
            pd.DataFrame({"x": [1]}),
            key_columns=["doc_id"],
            parameters=PARAMS,
            run_id="t",
            dirs=gx_dirs,
        )


def test_missing_column_blocks_the_frame(gx_dirs):
    frame = frames.documents_frame([document_row()]).drop(columns=["content_hash"])
    outcome = validate("documents.staged", frame, key_columns=["doc_id"], parameters=PARAMS, run_id="t", dirs=gx_dirs)
    assert "documents.staged: expect_column_values_to_match_regex(content_hash) failed" in outcome.frame_failures()


def _tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_data_docs_show_the_latest_run_and_the_project_stays_untouched(gx_dirs):
    before = _tree(GX_DIR)
    run(gx_dirs, TABLES["documents"], TABLES["documents"].good(), run_id="docs_run_1")
    run(gx_dirs, TABLES["documents"], [document_row("bad", url="https://evil.example/")], run_id="docs_run_2")
    index = build_data_docs(gx_dirs)
    html = index.read_text(encoding="utf-8")
    assert "docs_run_1.nmpa" in html
    assert "docs_run_2.nmpa" in html
    assert _tree(GX_DIR) == before
    assert index.is_relative_to(gx_dirs.docs_dir)
