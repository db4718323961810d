"""Pure builders of the frames the suites validate: staged rows plus the derived check columns.

GX checks one column (or one pair) at a time; anything that needs another column, the source's
URL pattern or the document's text is computed here first, as a plain column the suite can test.
The ``*_row`` helpers take plain dicts; the ``*_frame`` builders wrap them into DataFrames whose
columns are fixed even when there are no rows (GX fails on a missing column, not on no rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from expectations.settings import SOURCE_URL_PATTERNS
from warehouse.loaders import STAGED_DOCUMENT_COLUMNS, STAGED_EVIDENCE_COLUMNS, STAGED_MENTION_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from extractors.base import RawDocument

Row: TypeAlias = dict[str, Any]
# doc_id -> (title, body_text): what mention offsets and evidence sentences must be found in.
DocumentTexts: TypeAlias = Mapping[str, tuple[str, str]]

RAW_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "native_id",
    "record_url",
    "record_status",
    "record_content_type",
    "attachments",
    "fetch_errors",
)
DOCUMENT_DERIVED_COLUMNS: tuple[str, ...] = (
    "url_matches_source",
    "published_day",
    "title_length",
    "body_length",
    "cjk_share",
)
MENTION_DERIVED_COLUMNS: tuple[str, ...] = ("span_length", "surface_matches_document")
EVENT_DERIVED_COLUMNS: tuple[str, ...] = ("event_year", "amount_has_currency", "evidence_in_document")

DOCUMENT_COLUMNS: tuple[str, ...] = (*STAGED_DOCUMENT_COLUMNS, *DOCUMENT_DERIVED_COLUMNS)
MENTION_COLUMNS: tuple[str, ...] = (*STAGED_MENTION_COLUMNS, *MENTION_DERIVED_COLUMNS)
EVENT_COLUMNS: tuple[str, ...] = (*STAGED_EVIDENCE_COLUMNS, *EVENT_DERIVED_COLUMNS)

# CJK unified ideographs, extension A, compatibility ideographs and extension B.
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]")
_COMPILED_PATTERNS = {source: re.compile(pattern) for source, pattern in SOURCE_URL_PATTERNS.items()}


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of ``text`` (0.0 for no letters).

    Digits, punctuation and spaces are left out of the denominator: a filing full of figures and
    tables is still Chinese, while mojibake (Latin-1 letters) or an English page is not.
    """
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return len(_CJK.findall(text)) / letters


def url_matches_source(source: Any, url: Any) -> bool:
    """Whether ``url`` is on the host pattern of ``source``; unknown sources never match."""
    pattern = _COMPILED_PATTERNS.get(str(source))
    return bool(pattern and isinstance(url, str) and pattern.search(url))


def published_day(published_at: Any) -> int | None:
    """The publication date of an ISO timestamp as the integer ``YYYYMMDD``, or None if unreadable.

    An integer, not a date string: GX's between-check refuses to compare strings with the
    parameter values it parses into datetimes. The date is taken as published, not converted.
    """
    if published_at is None:
        return None
    text = published_at.isoformat() if isinstance(published_at, date) else str(published_at)
    try:
        return int(date.fromisoformat(text[:10]).strftime("%Y%m%d"))
    except ValueError:
        return None


def event_year(event_date: Any) -> int | None:
    """The year of a ``YYYY[-MM[-DD]]`` event date, or None when absent or not starting with a year."""
    if not isinstance(event_date, str) or not event_date[:4].isdigit():
        return None
    return int(event_date[:4])


def _field_text(texts: DocumentTexts, doc_id: Any, field: Any) -> str | None:
    pair = texts.get(str(doc_id))
    if pair is None:
        return None
    return {"title": pair[0], "text": pair[1]}.get(str(field))


def surface_matches_document(texts: DocumentTexts, row: Mapping[str, Any]) -> bool:
    """Whether the mention's offsets point at its surface string in its document's field.

    A mention of a document missing from ``texts`` cannot be verified and counts as not matching.
    """
    text = _field_text(texts, row.get("doc_id"), row.get("field"))
    start, end = row.get("start_offset"), row.get("end_offset")
    if text is None or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        return False
    return text[start:end] == row.get("surface")


def evidence_in_document(texts: DocumentTexts, row: Mapping[str, Any]) -> bool:
    """Whether the evidence sentence occurs in its document's title or body."""
    pair = texts.get(str(row.get("doc_id")))
    evidence = row.get("evidence")
    if pair is None or not isinstance(evidence, str) or not evidence:
        return False
    return evidence in pair[0] or evidence in pair[1]


def document_texts(document_rows: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """The ``doc_id -> (title, body_text)`` mapping of staged document rows."""
    return {str(row["doc_id"]): (str(row.get("title") or ""), str(row.get("body_text") or "")) for row in document_rows}


def raw_document_row(raw: RawDocument) -> Row:
    """The raw-batch row of one fetched document (what ``raw_documents.<source>`` checks)."""
    return {
        "native_id": raw.native_id,
        "record_url": raw.record.url,
        "record_status": raw.record.status,
        "record_content_type": raw.record.content_type,
        "attachments": len(raw.attachments),
        "fetch_errors": len(raw.fetch_errors),
    }


def document_checks(row: Mapping[str, Any]) -> Row:
    """A staged document row with its derived check columns added."""
    title, body = row.get("title"), row.get("body_text")
    title_s = title if isinstance(title, str) else ""
    body_s = body if isinstance(body, str) else ""
    return {
        **row,
        "url_matches_source": url_matches_source(row.get("source"), row.get("url")),
        "published_day": published_day(row.get("published_at")),
        "title_length": len(title_s) if isinstance(title, str) else None,
        "body_length": len(body_s) if isinstance(body, str) else None,
        "cjk_share": round(cjk_share(title_s + body_s), 4),
    }


def mention_checks(row: Mapping[str, Any], texts: DocumentTexts) -> Row:
    """A staged entity-mention row with its derived check columns added."""
    start, end = row.get("start_offset"), row.get("end_offset")
    span = end - start if isinstance(start, int) and isinstance(end, int) else None
    return {**row, "span_length": span, "surface_matches_document": surface_matches_document(texts, row)}


def event_checks(row: Mapping[str, Any], texts: DocumentTexts) -> Row:
    """A staged event-evidence row with its derived check columns added."""
    return {
        **row,
        "event_year": event_year(row.get("event_date")),
        "amount_has_currency": row.get("amount_value") is None or row.get("amount_currency") is not None,
        "evidence_in_document": evidence_in_document(texts, row),
    }


def row_key(row: Mapping[str, Any], key_columns: Sequence[str]) -> str:
    """The key GX reports failing rows by: the key columns' values joined with ``|``."""
    return "|".join("" if row.get(column) is None else str(row.get(column)) for column in key_columns)


def to_frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (missing values as None), even for no rows."""
    import pandas as pd

    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns), dtype=object)


def raw_documents_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The frame ``raw_documents.<source>`` validates (rows from :func:`raw_document_row`)."""
    return to_frame(rows, RAW_DOCUMENT_COLUMNS)


def documents_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The frame ``documents.staged`` validates, from staged document rows."""
    return to_frame([document_checks(r) for r in rows], DOCUMENT_COLUMNS)


def mentions_frame(rows: Sequence[Mapping[str, Any]], texts: DocumentTexts) -> pd.DataFrame:
    """The frame ``entity_mentions.staged`` validates, from staged mention rows and their documents."""
    return to_frame([mention_checks(r, texts) for r in rows], MENTION_COLUMNS)


def events_frame(rows: Sequence[Mapping[str, Any]], texts: DocumentTexts) -> pd.DataFrame:
    """The frame ``events.staged`` validates, from staged evidence rows and their documents."""
    return to_frame([event_checks(r, texts) for r in rows], EVENT_COLUMNS)
