"""Derived check columns: pure functions over plain rows."""

from __future__ import annotations

import pytest

from expectations import frames
from expectations.settings import SOURCE_URL_PATTERNS
from extractors.registry import SOURCES
from tests.expectations.factories import BODY, TITLE, doc_id, document_row, event_row, mention_row, texts_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (TITLE + BODY, 0.95, 1.0),
        ("2025年营业收入1,234,567.89元，同比增长12.3%", 0.99, 1.0),  # figures do not dilute Chinese
        ("Ã¥Â¹Â²Ã§Â»Â\x86Ã¨Â\x83Â", 0.0, 0.0),  # UTF-8 read as Latin-1
        ("CAR-T cell therapy approved in China", 0.0, 0.0),
        ("", 0.0, 0.0),
    ],
)
def test_cjk_share(text, low, high):
    assert low <= frames.cjk_share(text) <= high


@pytest.mark.parametrize(
    ("source", "url", "ok"),
    [
        ("cninfo", "http://www.cninfo.com.cn/new/disclosure/detail?announcementId=1", True),
        ("cninfo", "https://static.cninfo.com.cn/finalpage/1.PDF", False),
        ("cde", "https://www.cde.org.cn/main/xxgk/listpage/1", True),
        ("nmpa", "https://www.nmpa.gov.cn/yaowen/1.html", True),
        ("nmpa", "https://www.gov.cn/zhengce/1.htm", False),
        ("eastmoney", "https://finance.eastmoney.com/a/1.html", True),
        ("news", "http://www.zqrb.cn/1.html", True),
        ("news", "https://finance.sina.com.cn/1.shtml", True),
        ("policy", "https://www.gov.cn/zhengce/1.htm", True),
        ("unknown", "https://www.gov.cn/", False),
        ("nmpa", None, False),
    ],
)
def test_url_matches_source(source, url, ok):
    assert frames.url_matches_source(source, url) is ok


def test_every_registered_source_has_a_url_pattern():
    assert set(SOURCES) <= set(SOURCE_URL_PATTERNS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-01-02T10:00:00+08:00", 20250102), ("2025-01-02", 20250102), ("2025-13-02", None), (None, None), ("", None)],
)
def test_published_day(value, expected):
    assert frames.published_day(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("2029", 2029), ("2025-01", 2025), (None, None), ("近日", None)])
def test_event_year(value, expected):
    assert frames.event_year(value) == expected


def test_surface_and_evidence_checks_read_the_document():
    doc = document_row()
    texts = texts_of(doc)
    assert frames.surface_matches_document(texts, mention_row())
    assert frames.surface_matches_document(texts, mention_row(surface="干细胞", field="title"))
    assert not frames.surface_matches_document(texts, mention_row(start_offset=0))
    assert not frames.surface_matches_document(texts, mention_row(doc_id=doc_id("other")))
    assert not frames.surface_matches_document(texts, mention_row(field="body"))
    assert frames.evidence_in_document(texts, event_row())
    assert not frames.evidence_in_document(texts, event_row(evidence="完全不相关的句子。"))
    assert not frames.evidence_in_document({}, event_row())


def test_frames_keep_their_columns_when_empty():
    assert list(frames.documents_frame([]).columns) == list(frames.DOCUMENT_COLUMNS)
    assert list(frames.mentions_frame([], {}).columns) == list(frames.MENTION_COLUMNS)
    assert list(frames.events_frame([], {}).columns) == list(frames.EVENT_COLUMNS)
    assert list(frames.raw_documents_frame([]).columns) == list(frames.RAW_DOCUMENT_COLUMNS)


def test_document_checks_add_derived_columns():
    row = frames.document_checks(document_row())
    assert row["url_matches_source"] is True
    assert row["published_day"] == 20250102
    assert row["title_length"] == len(TITLE)
    assert row["body_length"] == len(BODY)
    assert row["cjk_share"] > 0.9


def test_row_key_joins_key_columns():
    assert frames.row_key({"a": "x", "b": 3}, ["a", "b"]) == "x|3"
    assert frames.row_key({"a": None}, ["a"]) == ""
