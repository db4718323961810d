"""The expectation suites, defined in code; ``python -m expectations.sync`` writes them into ``gx/``.

Suites are named ``<table>.<stage>``. Every expectation states its severity on purpose:
``critical`` means the row cannot be published (the pipeline quarantines it), ``warning`` means
the row is loaded and the failure is recorded in ``dq_results`` and Data Docs.

Suite parameters (``{"$PARAMETER": name}``) are filled per run by :mod:`expectations.runner`:
``published_before`` (the window's end + 1 day as ``YYYYMMDD``), ``max_event_year`` (the window's year + 10) and
``min_rows`` (from :mod:`expectations.history`).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.metadata_types import FailureSeverity

from expectations.settings import (
    BODY_MAX_CHARS,
    CONTENT_HASH_REGEX,
    CURRENCIES,
    EARLIEST_EVENT_YEAR,
    EARLIEST_PUBLISHED_DAY,
    EVENT_DATE_REGEX,
    FIELDS,
    MIN_CJK_SHARE,
    SOURCE_URL_PATTERNS,
    TITLE_MAX_CHARS,
    TITLE_MIN_CHARS,
)
from extractors.base import DOC_TYPES
from extractors.registry import SOURCES
from transforms.types import ENTITY_TYPES, EVENT_TYPES

Severity = FailureSeverity
CRITICAL = FailureSeverity.CRITICAL
WARNING = FailureSeverity.WARNING

# Suite name -> the GX data asset (one per table) its frames are validated as.
RAW_TABLE = "raw_documents"
DOCUMENTS_SUITE = "documents.staged"
MENTIONS_SUITE = "entity_mentions.staged"
EVENTS_SUITE = "events.staged"


def raw_suite_name(source: str) -> str:
    """The raw-batch suite of one source, e.g. ``raw_documents.cninfo``."""
    return f"{RAW_TABLE}.{source}"


def asset_name(suite_name: str) -> str:
    """The data asset a suite validates: the table part of its name."""
    return suite_name.split(".", 1)[0]


def _param(name: str) -> dict[str, str]:
    return {"$PARAMETER": name}


def _true(column: str, severity: Severity = CRITICAL) -> Expectation:
    """A derived boolean check column must be true on every row."""
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True], severity=severity)


def _not_null(*columns: str) -> list[Expectation]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, severity=CRITICAL) for c in columns]


def raw_documents_expectations(source: str) -> list[Expectation]:
    """Checks on one source's fetched batch, before parsing.

    Raises:
        KeyError: The source has no URL pattern in ``SOURCE_URL_PATTERNS``.
    """
    return [
        *_not_null("native_id", "record_url", "record_status"),
        # Warning, not critical: the upsert collapses repeats; documents.staged blocks the duplicate doc_id.
        gxe.ExpectColumnValuesToBeUnique(column="native_id", severity=WARNING),
        # A non-200 body is an error page; parsing it would stage garbage as a document.
        gxe.ExpectColumnValuesToBeInSet(column="record_status", value_set=[200], severity=CRITICAL),
        gxe.ExpectColumnValuesToMatchRegex(column="record_url", regex=SOURCE_URL_PATTERNS[source], severity=CRITICAL),
        # Parse rejects documents whose attachments failed; here it is only counted for the report.
        gxe.ExpectColumnValuesToBeBetween(column="fetch_errors", min_value=0, max_value=0, severity=WARNING),
        gxe.ExpectColumnValuesToNotBeNull(column="record_content_type", severity=WARNING),
    ]


def documents_expectations() -> list[Expectation]:
    """Checks on staged document rows, between parse and load."""
    return [
        *_not_null("doc_id", "source", "native_id", "url", "title", "published_at", "body_text", "content_hash"),
        # Two rows with one doc_id in a batch make the upsert fail for the whole run.
        gxe.ExpectColumnValuesToBeUnique(column="doc_id", severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="source", value_set=sorted(SOURCES), severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="doc_type", value_set=sorted(DOC_TYPES), severity=CRITICAL),
        gxe.ExpectColumnValuesToMatchRegex(column="url", regex=r"^https?://", severity=CRITICAL),
        _true("url_matches_source"),
        # A date the parser could not read, or one after the window, is a misparse, not news from the future.
        gxe.ExpectColumnValuesToNotBeNull(column="published_day", severity=CRITICAL),
        gxe.ExpectColumnValuesToBeBetween(
            column="published_day",
            min_value=EARLIEST_PUBLISHED_DAY,
            max_value=_param("published_before"),
            severity=CRITICAL,
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="title_length", min_value=TITLE_MIN_CHARS, max_value=TITLE_MAX_CHARS, severity=CRITICAL
        ),
        gxe.ExpectColumnValuesToBeBetween(column="body_length", max_value=BODY_MAX_CHARS, severity=CRITICAL),
        # Registry rows (CDE lists, NMPA notices) may carry everything in the title: record, don't block.
        gxe.ExpectColumnValuesToBeBetween(column="body_length", min_value=1, severity=WARNING),
        # Mojibake or an English page still loads, but the taggers will find nothing in it.
        gxe.ExpectColumnValuesToBeBetween(column="cjk_share", min_value=MIN_CJK_SHARE, severity=WARNING),
        gxe.ExpectColumnValuesToMatchRegex(column="content_hash", regex=CONTENT_HASH_REGEX, severity=CRITICAL),
        # Zero rows from a source that usually yields some: a silent layout change or block (history.py).
        gxe.ExpectTableRowCountToBeBetween(min_value=_param("min_rows"), severity=WARNING),
    ]


def mentions_expectations() -> list[Expectation]:
    """Checks on staged entity mentions: offsets must point at the surface text."""
    return [
        *_not_null(
            "mention_id",
            "doc_id",
            "source",
            "entity_type",
            "canonical",
            "surface",
            "field",
            "start_offset",
            "end_offset",
        ),
        gxe.ExpectColumnValuesToBeUnique(column="mention_id", severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="entity_type", value_set=list(ENTITY_TYPES), severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="field", value_set=list(FIELDS), severity=CRITICAL),
        gxe.ExpectColumnValuesToBeBetween(column="start_offset", min_value=0, severity=CRITICAL),
        gxe.ExpectColumnValuesToBeBetween(column="span_length", min_value=1, severity=CRITICAL),
        gxe.ExpectColumnValueLengthsToBeBetween(column="surface", min_value=1, severity=CRITICAL),
        # Evidence links are the product: a mention that does not point at its text is worse than none.
        _true("surface_matches_document"),
    ]


def events_expectations() -> list[Expectation]:
    """Checks on staged event-evidence rows."""
    return [
        *_not_null("doc_id", "source", "event_type", "subject_key", "evidence", "field", "confidence"),
        gxe.ExpectColumnValuesToBeInSet(column="event_type", value_set=list(EVENT_TYPES), severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="field", value_set=list(FIELDS), severity=CRITICAL),
        # The warehouse derives date precision from the length: any other shape breaks the timeline.
        gxe.ExpectColumnValuesToMatchRegex(column="event_date", regex=EVENT_DATE_REGEX, severity=CRITICAL),
        # Odd years are kept (a history sentence may mention 1985) but reported for review.
        gxe.ExpectColumnValuesToBeBetween(
            column="event_year",
            min_value=EARLIEST_EVENT_YEAR,
            max_value=_param("max_event_year"),
            severity=WARNING,
        ),
        gxe.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1, severity=CRITICAL),
        gxe.ExpectColumnValuesToBeBetween(column="amount_value", min_value=0, severity=CRITICAL),
        gxe.ExpectColumnValuesToBeBetween(column="amount_cny", min_value=0, severity=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="amount_currency", value_set=list(CURRENCIES), severity=CRITICAL),
        _true("amount_has_currency"),
        _true("evidence_in_document"),
    ]


def build_suites() -> dict[str, gx.ExpectationSuite]:
    """Every suite of the project, by name: one raw suite per registered source plus the staged ones.

    Raises:
        KeyError: A registered source has no URL pattern (add it to ``SOURCE_URL_PATTERNS``).
    """
    specs: dict[str, list[Expectation]] = {raw_suite_name(s): raw_documents_expectations(s) for s in sorted(SOURCES)}
    specs[DOCUMENTS_SUITE] = documents_expectations()
    specs[MENTIONS_SUITE] = mentions_expectations()
    specs[EVENTS_SUITE] = events_expectations()
    return {name: gx.ExpectationSuite(name=name, expectations=expectations) for name, expectations in specs.items()}
