"""The contract every source implements, and the records that flow between fetch, parse and load.

``fetch`` does network I/O only and yields :class:`RawDocument` objects whose bytes are kept in the
landing zone; ``parse`` is pure (bytes in, :class:`ParsedDocument` out), so any stored raw document
can be re-parsed later without touching the network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeAlias

from cgtwatch.errors import ParseError

if TYPE_CHECKING:
    from extractors.http import HttpClient

JSONDict: TypeAlias = dict[str, Any]

# What a document is; the warehouse and the data-quality suites accept exactly these.
DOC_TYPES = frozenset(
    {
        "announcement",  # a listed company's disclosure (cninfo, Eastmoney announcements)
        "news",  # a news article (Securities Daily, Sina, Eastmoney news)
        "regulatory_news",  # a regulator's news or notice page (NMPA, CDE news)
        "approval_notice",  # an approval-document delivery notice (NMPA 药品批准证明文件送达信息)
        "acceptance_record",  # one CDE acceptance (受理品种信息) row
        "implied_ind_record",  # one CDE 临床试验默示许可 row
        "priority_review_record",  # one CDE 优先审评公示 row
        "breakthrough_record",  # one CDE 突破性治疗公示 row
        "policy",  # a policy, regulation or guideline page (gov.cn, NHC, NMPA 法规文件)
        "research_filing",  # an NHC stem-cell clinical-research filing notice
    }
)


@dataclass(frozen=True)
class FetchWindow:
    """The closed date interval a run asks a source for (Beijing calendar dates)."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise ValueError(f"window starts after it ends: {self.since} > {self.until}")


@dataclass(frozen=True)
class RawPayload:
    """One HTTP response body exactly as served, with the request that produced it."""

    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    method: str = "GET"
    request_form: Mapping[str, str] | None = None

    @property
    def sha256(self) -> str:
        """Content address of the body in the landing zone."""
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class RawDocument:
    """Everything fetched for one document: its record and its attachments, unparsed."""

    source: str
    native_id: str
    record: RawPayload
    attachments: tuple[RawPayload, ...] = ()
    # Attachment failures seen at fetch time (e.g. a 404 PDF); parse turns them into rejections.
    fetch_errors: tuple[str, ...] = ()
    context: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedDocument:
    """A parsed document ready for the warehouse's ``documents`` table."""

    source: str
    native_id: str
    url: str
    title: str
    published_at: datetime
    doc_type: str
    body_text: str
    language: str = "zh"
    attachment_url: str | None = None
    company_code: str | None = None
    company_name: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


class Source(Protocol):
    """A site adapter: network fetch separate from pure parsing."""

    name: ClassVar[str]
    description: ClassVar[str]

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Yield raw documents published within ``window``; network I/O only.

        Raises:
            SourceError: The site could not be reached, blocked the client, or changed its layout.
        """
        ...

    def parse(self, raw: RawDocument) -> ParsedDocument:
        """Turn one raw document into a parsed one; pure, no I/O.

        Raises:
            ParseError: The raw document cannot be parsed; it is quarantined with the reason.
        """
        ...


class SourceFactory(Protocol):
    """How the registry builds a source: from the shared HTTP client and the run's settings."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __call__(self, client: HttpClient, settings: Any) -> Source:
        """Build the source."""
        ...


# What a pure parser raises when a payload lacks a field or has one of the wrong type.
# RecursionError: deeply nested hostile markup or JSON; a payload problem, not a bug of ours.
MALFORMED_PAYLOAD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def parse_guarded(parse: Callable[[RawDocument], ParsedDocument], raw: RawDocument, what: str) -> ParsedDocument:
    """Run a source's pure parser; a payload that breaks it becomes a :class:`ParseError` to quarantine.

    Args:
        parse: The parser.
        raw: The raw document.
        what: What the document is, for the message (``"cninfo announcement"``).

    Raises:
        ParseError: The parser's own, or one naming the malformed document.
    """
    try:
        return parse(raw)
    except ParseError:
        raise
    except MALFORMED_PAYLOAD_ERRORS as exc:
        raise ParseError(f"malformed {what} {raw.native_id}: {type(exc).__name__}: {exc}") from exc
