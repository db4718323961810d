"""Pure parsing of CDE list pages (JSON) into one document per record."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cgtwatch.errors import ParseError
from extractors.base import JSONDict, ParsedDocument, RawDocument
from extractors.cde import settings
from extractors.cde.settings import ListKind

_ACCEPTID = re.compile(settings.ACCEPTID_PATTERN)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ListPage:
    """One page of a CDE list API (a MyBatis-Plus style page)."""

    records: list[JSONDict]
    total: int
    pages: int | None


@dataclass(frozen=True)
class AcceptId:
    """What a 受理号 says about its application; fields are None when a letter is not recognised."""

    acceptid: str
    application: str | None
    origin: str | None
    category: str | None
    novelty: str | None
    year: int | None

    def as_metadata(self) -> dict[str, Any]:
        """The decoded columns, keyed as the documents' metadata."""
        return {
            "application": self.application,
            "origin": self.origin,
            "category": self.category,
            "novelty": self.novelty,
            "year": self.year,
        }


def parse_list_page(body: bytes) -> ListPage:
    """Parse one list API response ``{"code":200,"data":{"records":[…],"total":N,"pages":P}}``.

    Raises:
        ParseError: The body is not that JSON, or the API reported an error code.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"list page is not JSON: {exc}; starts {body[:60]!r}") from exc
    if not isinstance(data, dict):
        raise ParseError(f"list page is JSON {type(data).__name__}, expected an object")
    code = data.get("code")
    if code is not None and str(code) != "200":
        raise ParseError(f"list API answered code {code!r}: {data.get('msg')!r}")
    inner = data.get("data")
    if not isinstance(inner, dict):
        raise ParseError(f"list page 'data' is {type(inner).__name__}, expected an object")
    records = inner.get("records") or []
    if not isinstance(records, list):
        raise ParseError(f"'records' is {type(records).__name__}, expected a list")
    try:
        total = int(inner.get("total") or 0)
        pages = int(inner["pages"]) if inner.get("pages") not in (None, "") else None
    except (TypeError, ValueError) as exc:
        raise ParseError(f"list page total/pages are not numbers: {exc}") from exc
    return ListPage(records=[r for r in records if isinstance(r, dict)], total=total, pages=pages)


def clean(value: Any) -> str:
    """A field as display text: None and the site's literal "null" become empty, whitespace collapses."""
    if value is None:
        return ""
    text = _SPACES.sub(" ", str(value)).strip()
    return "" if text.lower() in {"null", "none"} else text


def first_field(record: Mapping[str, Any], names: Iterable[str]) -> str:
    """The first non-empty field among ``names``."""
    for name in names:
        text = clean(record.get(name))
        if text:
            return text
    return ""


def parse_day(value: Any) -> date | None:
    """A record date: ``YYYY-MM-DD`` (optionally with a time), ``YYYY/MM/DD``, ``YYYY年M月D日`` or epoch ms."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Some MyBatis lists serialise dates as epoch milliseconds; midnight Beijing time.
        return datetime.fromtimestamp(value / 1000, tz=settings.BEIJING).date()
    match = _DATE.search(str(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def record_day(kind: ListKind, record: Mapping[str, Any]) -> date | None:
    """The record's date from the first of the list's date fields that parses."""
    for name in kind.date_fields:
        day = parse_day(record.get(name))
        if day is not None:
            return day
    return None


def record_acceptid(record: Mapping[str, Any]) -> str:
    """The record's 受理号, upper-cased and stripped (empty when missing)."""
    return clean(record.get("acceptid")).upper().replace(" ", "")


def decode_acceptid(acceptid: str) -> AcceptId:
    """Decode a 受理号 such as ``CXSL2500123``.

    Letter 1: C domestic / J import; letter 2: X new drug / Y generic / B supplement; letter 3:
    H chemical / S biological / Z TCM; letter 4: L IND / S NDA / B supplement / Z re-registration /
    R review; digits 1-2: the year after 2000. A malformed number decodes to all None.
    """
    acceptid = acceptid.strip().upper()
    if not _ACCEPTID.match(acceptid):
        return AcceptId(acceptid, None, None, None, None, None)
    return AcceptId(
        acceptid=acceptid,
        application=settings.APPLICATION_BY_LETTER.get(acceptid[3]),
        origin=settings.ORIGIN_BY_LETTER.get(acceptid[0]),
        category=settings.CATEGORY_BY_LETTER.get(acceptid[2]),
        novelty=settings.NOVELTY_BY_LETTER.get(acceptid[1]),
        year=2000 + int(acceptid[4:6]),
    )


def record_relevance_text(kind: ListKind, record: Mapping[str, Any]) -> str:
    """The text the CGT filter looks at: drug name and indication, one per line."""
    return f"{first_field(record, kind.name_fields)}\n{first_field(record, kind.indication_fields)}"


def find_record(page_body: bytes, acceptid: str) -> JSONDict:
    """The first record with ``acceptid`` in a stored list page.

    Raises:
        ParseError: The page is not a list page or does not contain that number.
    """
    for record in parse_list_page(page_body).records:
        if record_acceptid(record) == acceptid:
            return record
    raise ParseError(f"受理号 {acceptid} not found in its list page")


def _describe(decoded: AcceptId) -> str:
    parts = [
        settings.ORIGIN_ZH.get(decoded.origin or "", ""),
        settings.CATEGORY_ZH.get(decoded.category or "", ""),
        settings.APPLICATION_ZH.get(decoded.application or "", ""),
        f"{decoded.year}年受理" if decoded.year else "",
    ]
    return "，".join(p for p in parts if p)


def render_body(kind: ListKind, record: Mapping[str, Any], decoded: AcceptId) -> str:
    """A readable Chinese rendering of every field, so that tagging finds drug, company, indication and dates."""
    lines = [f"国家药品监督管理局药品审评中心 {kind.label}"]
    seen_labels: set[str] = set()
    for key, value in record.items():
        text = clean(value)
        if not text or key in settings.HIDDEN_FIELDS or isinstance(value, dict | list):
            continue
        label = settings.FIELD_LABELS.get(key, key)
        if label in seen_labels:
            continue
        seen_labels.add(label)
        if key in kind.date_fields or key in {"endNoticeDate", "applyDate", "createdate", "noticeDate"}:
            day = parse_day(value)
            text = day.isoformat() if day else text
        lines.append(f"{label}：{text}")
    description = _describe(decoded)
    if description:
        lines.append(f"受理号解读：{description}")
    return "\n".join(lines)


def compose_title(kind: ListKind, drug: str, acceptid: str, company: str) -> str:
    """E.g. ``受理：XX注射液（CXSL2500123）— 某公司``."""
    title = f"{kind.label}：{drug or '（药品名称缺失）'}（{acceptid}）"
    return f"{title}— {company}" if company else title


def parse_record(raw: RawDocument) -> ParsedDocument:
    """Build the document of one list record from its stored list page.

    ``raw.context`` names the list (``kind``) and the record (``acceptid``).

    Raises:
        ParseError: Unknown list kind, record missing from the page, or the record has no date.
    """
    kind_name = raw.context.get("kind", "")
    kind = settings.LIST_KINDS.get(kind_name)
    if kind is None:
        raise ParseError(f"unknown CDE list kind {kind_name!r} in {raw.native_id}")
    acceptid = raw.context.get("acceptid") or raw.native_id.partition(":")[2]
    record = find_record(raw.record.body, acceptid)
    day = record_day(kind, record)
    if day is None:
        raise ParseError(f"{raw.native_id} has none of the date fields {list(kind.date_fields)}")
    decoded = decode_acceptid(acceptid)
    drug = first_field(record, kind.name_fields)
    company = first_field(record, kind.company_fields)
    indication = first_field(record, kind.indication_fields)
    metadata: dict[str, Any] = {
        "list_kind": kind.kind,
        "acceptid": acceptid,
        **decoded.as_metadata(),
        "drug_name": drug or None,
        "company": company or None,
        "indication": indication or None,
        "registerkind": first_field(record, kind.registerkind_fields) or None,
        "record_date": day.isoformat(),
        "cgt_terms": raw.context.get("cgt_terms", ""),
    }
    for name in ("createdate", "applyDate", "noticeDate", "endNoticeDate"):
        parsed = parse_day(record.get(name))
        if parsed:
            metadata[name] = parsed.isoformat()
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=f"{kind.shell_url}#{acceptid}",
        title=compose_title(kind, drug, acceptid, company),
        published_at=datetime(day.year, day.month, day.day, tzinfo=settings.BEIJING),
        doc_type=kind.doc_type,
        body_text=render_body(kind, record, decoded),
        company_name=company or None,
        metadata=metadata,
    )
