"""cninfo (巨潮资讯): listed-company announcements found by keyword sweeps, with their PDF full text."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from cgtwatch.config import CninfoSettings
from cgtwatch.errors import ParseError, PermanentSourceError, SourceError, TransientSourceError
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.cninfo import parse, settings
from extractors.http import HttpClient

log = logging.getLogger(__name__)


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one cninfo announcement (pure: a stored query page and PDF in, a document out).

    Raises:
        ParseError: See :func:`extractors.cninfo.parse.parse_announcement`.
    """
    return parse_guarded(parse.parse_announcement, raw, "cninfo announcement")


@dataclass
class _Sighting:
    page: RawPayload
    item_pdf: str | None
    keywords: list[str] = field(default_factory=list)


class CninfoSource:
    """Sweeps the announcement query API once per keyword over the window, every page, then the PDFs.

    Args:
        client: The shared hardened HTTP client.
        config: Keywords, page size, market column and page cap.
    """

    name: ClassVar[str] = "cninfo"
    description: ClassVar[str] = "巨潮资讯 listed-company announcements (keyword sweeps + PDF full text)"

    def __init__(self, client: HttpClient, config: CninfoSettings) -> None:
        self._client = client
        self._config = config
        self._capped: list[str] = []

    def query_form(self, keyword: str, page_num: int, window: FetchWindow) -> dict[str, str]:
        """The form the query API takes for one page of one keyword over the window."""
        return {
            **settings.BASE_FORM,
            "pageNum": str(page_num),
            "pageSize": str(self._config.page_size),
            "column": self._config.column,
            "searchkey": keyword,
            "seDate": f"{window.since.isoformat()}~{window.until.isoformat()}",
        }

    def _sweep(self, keyword: str, window: FetchWindow) -> Iterator[tuple[RawPayload, str, str | None]]:
        """Yield (query page, announcementId, adjunctUrl) for every hit of one keyword."""
        page_num, pages = 1, 1
        while page_num <= pages:
            payload = self._client.request(
                "POST",
                settings.QUERY_URL,
                data=self.query_form(keyword, page_num, window),
                headers=settings.XHR_HEADERS,
                expect="json",
                listing=True,
            )
            try:
                page = parse.parse_query_page(payload.body)
            except ParseError as exc:
                raise SourceError(f"cninfo query for {keyword!r} page {page_num}: {exc}") from exc
            # Trust the total over hasMore: the page count is what akshare and RSSHub loop on.
            promised = math.ceil(page.total / self._config.page_size)
            pages = min(promised, self._config.max_pages_per_keyword)
            log.info("cninfo %s: page %d/%d, %d items", keyword, page_num, pages, len(page.announcements))
            for item in page.announcements:
                native_id = str(item.get("announcementId") or "").strip()
                if not native_id:
                    log.warning("cninfo %s page %d: item without announcementId skipped", keyword, page_num)
                    continue
                yield payload, native_id, (str(item.get("adjunctUrl") or "") or None)
            if not page.announcements:
                break
            if page_num == pages < promised:
                self._capped.append(
                    f"{keyword!r} reports {page.total} hits ({promised} pages), more than the {pages}-page cap"
                )
            page_num += 1

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Sweep every keyword over the window, then fetch each distinct announcement's PDF.

        An announcement found by several keywords is fetched once; its context lists the keywords.

        Raises:
            SourceError: The query API failed or answered something that is not its JSON.
        """
        sightings: dict[str, _Sighting] = {}
        self._capped = []
        for keyword in self._config.keywords:
            for page, native_id, adjunct in self._sweep(keyword, window):
                sighting = sightings.setdefault(native_id, _Sighting(page=page, item_pdf=adjunct))
                if keyword not in sighting.keywords:
                    sighting.keywords.append(keyword)
        for native_id, sighting in sightings.items():
            attachments: list[RawPayload] = []
            errors: list[str] = []
            if sighting.item_pdf and self._config.fetch_pdfs:
                url = parse.pdf_url(sighting.item_pdf)
                try:
                    attachments.append(
                        self._client.request("GET", url, headers={"Referer": settings.REFERER}, expect="pdf")
                    )
                except (PermanentSourceError, TransientSourceError) as exc:
                    # One missing PDF must not sink the sweep; the document is quarantined with this reason.
                    errors.append(f"attachment fetch failed: {exc}")
            yield RawDocument(
                source=self.name,
                native_id=native_id,
                record=sighting.page,
                attachments=tuple(attachments),
                fetch_errors=tuple(errors),
                context={"searchkeys": ",".join(sighting.keywords)},
            )
        if self._capped:
            # What was found still loads; the window counts as not fetched, so the next run tries again.
            raise PermanentSourceError(
                "cninfo query stopped at the page cap: "
                + "; ".join(self._capped)
                + " (raise CGTWATCH_CNINFO_MAX_PAGES or narrow the window)"
            )

    parse = staticmethod(parse_document)
