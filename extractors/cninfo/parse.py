"""Pure parsing of cninfo payloads: query pages (JSON) and announcement PDFs."""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from cgtwatch.errors import IncompleteDocumentError, ParseError
from extractors.base import JSONDict, ParsedDocument, RawDocument
from extractors.cninfo import settings
from extractors.pdf import pdf_text

log = logging.getLogger(__name__)
_HIGHLIGHT = re.compile(settings.HIGHLIGHT_TAG_PATTERN, re.IGNORECASE)


@dataclass(frozen=True)
class QueryPage:
    """One page of the announcement query API."""

    announcements: list[JSONDict]
    total: int
    has_more: bool


def parse_query_page(body: bytes) -> QueryPage:
    """Parse one ``hisAnnouncement/query`` response.

    ``announcements`` is ``null`` when nothing matched; that is an empty page, not an error.

    Raises:
        ParseError: The body is not the JSON object the API returns.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"query page is not JSON: {exc}; starts {body[:60]!r}") from exc
    if not isinstance(data, dict):
        raise ParseError(f"query page is JSON {type(data).__name__}, expected an object")
    items = data.get("announcements") or []
    if not isinstance(items, list):
        raise ParseError(f"'announcements' is {type(items).__name__}, expected a list or null")
    total = data.get("totalAnnouncement")
    if total is None:
        total = data.get("totalRecordNum") or 0
    return QueryPage(
        announcements=[item for item in items if isinstance(item, dict)],
        total=int(total),
        has_more=bool(data.get("hasMore")),
    )


def strip_highlight(title: str) -> str:
    """Remove the ``<em>`` highlighting the API wraps around matched terms, and unescape entities."""
    return html.unescape(_HIGHLIGHT.sub("", title)).strip()


def first_text(value: Any) -> str | None:
    """A string field that some responses serve as a one-element array (``secCode``, ``secName``)."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def epoch_ms_to_beijing(value: Any) -> datetime:
    """Convert ``announcementTime`` (epoch milliseconds) to an Asia/Shanghai-aware datetime.

    Raises:
        ParseError: The value is missing or not a number.
    """
    try:
        millis = int(value)
    except (TypeError, ValueError) as exc:
        raise ParseError(f"announcementTime {value!r} is not epoch milliseconds") from exc
    return datetime.fromtimestamp(millis / 1000, tz=settings.BEIJING)


def pdf_url(adjunct_url: str) -> str:
    """The static host serves attachments under ``adjunctUrl`` (which may start with a slash)."""
    return settings.STATIC_BASE_URL + adjunct_url.lstrip("/")


def detail_url(item: JSONDict, published: datetime) -> str:
    """The announcement's public detail page: the document's canonical URL."""
    query = {
        "stockCode": first_text(item.get("secCode")) or "",
        "announcementId": str(item["announcementId"]),
        "orgId": str(item.get("orgId") or ""),
        "announcementTime": published.strftime("%Y-%m-%d"),
    }
    return f"{settings.DETAIL_URL}?{urlencode(query)}"


def find_announcement(page_body: bytes, announcement_id: str) -> JSONDict:
    """The item with ``announcement_id`` in a stored query page.

    Raises:
        ParseError: The page does not contain it.
    """
    for item in parse_query_page(page_body).announcements:
        if str(item.get("announcementId")) == announcement_id:
            return item
    raise ParseError(f"announcement {announcement_id} not found in its query page")


def parse_announcement(raw: RawDocument) -> ParsedDocument:
    """Build the parsed document from a stored query page and the announcement's PDF.

    Raises:
        ParseError: The item is malformed, or its PDF is missing or unreadable.
    """
    item = find_announcement(raw.record.body, raw.native_id)
    title = strip_highlight(str(item.get("announcementTitle") or item.get("shortTitle") or ""))
    if not title:
        raise ParseError(f"announcement {raw.native_id} has no title")
    published = epoch_ms_to_beijing(item.get("announcementTime"))
    adjunct = str(item.get("adjunctUrl") or "")
    attachment_url = pdf_url(adjunct) if adjunct else None
    if raw.fetch_errors:
        raise IncompleteDocumentError("; ".join(raw.fetch_errors))
    body_text = ""
    if attachment_url:
        pdf = next((a for a in raw.attachments if a.url == attachment_url), None)
        if pdf is None:
            raise ParseError(f"attachment {attachment_url} was not fetched")
        body_text = pdf_text(pdf.body)
    metadata = {
        key: item.get(key)
        for key in ("orgId", "announcementType", "announcementTypeName", "columnId", "pageColumn", "adjunctSize")
        if item.get(key) not in (None, "")
    }
    metadata["searchkeys"] = raw.context.get("searchkeys", "")
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=detail_url(item, published),
        title=title,
        published_at=published,
        doc_type="announcement",
        body_text=body_text,
        attachment_url=attachment_url,
        company_code=first_text(item.get("secCode")),
        company_name=first_text(item.get("secName")) or first_text(item.get("tileSecName")),
        metadata=metadata,
    )
