"""Eastmoney (东方财富): CGT news found by keyword search, and listed companies' CGT announcements."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import ParseError, PermanentSourceError, TransientSourceError
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.eastmoney import parse, settings
from extractors.eastmoney.settings import EastmoneyConfig
from extractors.http import HttpClient
from extractors.relevance import cgt_terms_found

log = logging.getLogger(__name__)

__all__ = ["EastmoneyConfig", "EastmoneySource", "build", "parse_document"]


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one Eastmoney news article or announcement (pure: stored payloads in, one document out).

    Raises:
        ParseError: See :func:`extractors.eastmoney.parse.parse_raw`.
    """
    return parse_guarded(parse.parse_raw, raw, "eastmoney document")


@dataclass
class _NewsSighting:
    hit: parse.SearchHit
    page: RawPayload
    terms: list[str]
    keywords: list[str] = field(default_factory=list)


@dataclass
class _AnnSighting:
    item: parse.AnnItem
    terms: list[str]


class EastmoneySource:
    """Sweeps the news search once per keyword and each configured company's announcement list over the window.

    Search hits and announcements are kept only when their title or snippet names a CGT term, so
    irrelevant articles are never fetched. Both lists are read newest first and paging stops once a
    page is older than ``window.since``.

    Args:
        client: The shared hardened HTTP client.
        config: Keywords, companies, page sizes, caps and CGT terms.
    """

    name: ClassVar[str] = "eastmoney"
    description: ClassVar[str] = "东方财富 news search (JSONP) and company announcements (CGT-relevant only)"
    cursor_field: ClassVar[str] = "published_at"

    def __init__(self, client: HttpClient, config: EastmoneyConfig | None = None) -> None:
        self._client = client
        self._config = config or EastmoneyConfig()

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Yield news articles, then announcements, published within ``window``.

        Raises:
            BlockedByChallengeError: A list answered with an anti-bot challenge.
            PermanentSourceError: A list answered something that is not its JSON(P), or a 4xx.
            TransientSourceError: A list kept failing after retries.
        """
        yield from self.fetch_news(window)
        yield from self.fetch_announcements(window)

    # -- news search -------------------------------------------------------------------------------

    def _terms(self, *texts: str) -> list[str]:
        return cgt_terms_found("\n".join(texts), self._config.cgt_terms, self._config.cgt_exclude)

    def _search(self, keyword: str, window: FetchWindow, sightings: dict[str, _NewsSighting]) -> None:
        """Page one keyword's search results until they are older than the window (or the cap)."""
        config = self._config
        for page_index in range(1, config.max_search_pages + 1):
            payload = self._client.request(
                "GET",
                settings.SEARCH_URL,
                params=parse.search_query(keyword, page_index, config.search_page_size, config.search_sort),
                headers={"Referer": settings.SEARCH_REFERER},
                expect="json",
                listing=True,
            )
            try:
                page = parse.parse_search_page(payload.body)
            except ParseError as exc:
                raise PermanentSourceError(f"eastmoney search {keyword!r} page {page_index}: {exc}") from exc
            log.info("eastmoney search %s: page %d, %d hits", keyword, page_index, len(page.hits))
            for hit in page.hits:
                day = hit.published.date() if hit.published else None
                if day is not None and not window.since <= day <= window.until:
                    continue
                if hit.code in sightings:
                    if keyword not in sightings[hit.code].keywords:
                        sightings[hit.code].keywords.append(keyword)
                    continue
                terms = self._terms(hit.title, hit.snippet)
                if not terms:
                    log.info("eastmoney search %s: %r has no CGT term; not fetched", keyword, hit.title)
                    continue
                sightings[hit.code] = _NewsSighting(hit, payload, terms, [keyword])
            days = [h.published.date() for h in page.hits if h.published]
            if not page.hits:
                return
            # Sorted by time, the first old hit ends the sweep; by relevance only a wholly old page does.
            oldest = min(days) if config.search_sort == "time" and days else (max(days) if days else None)
            if oldest is not None and oldest < window.since:
                return
            if page.total is not None and page_index * config.search_page_size >= page.total:
                return

    def fetch_news(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Search every keyword, then fetch each distinct relevant article once.

        Raises:
            PermanentSourceError: The search answered something that is not its JSONP.
        """
        sightings: dict[str, _NewsSighting] = {}
        for keyword in self._config.keywords:
            self._search(keyword, window, sightings)
        for code, sighting in sightings.items():
            hit = sighting.hit
            context = {
                "kind": "news",
                "url": hit.url,
                "list_title": hit.title,
                "list_date": hit.published.isoformat() if hit.published else "",
                "media": hit.media,
                "snippet": hit.snippet[:300],
                "keywords": ",".join(sighting.keywords),
                "cgt_terms": ",".join(sighting.terms),
            }
            try:
                page = self._client.request("GET", hit.url, headers={"Referer": settings.SEARCH_REFERER}, expect="html")
            except (PermanentSourceError, TransientSourceError) as exc:
                # One vanished article must not sink the sweep; parse quarantines it with this reason.
                yield RawDocument(
                    self.name, code, sighting.page, fetch_errors=(f"article fetch failed: {exc}",), context=context
                )
                continue
            yield RawDocument(self.name, code, page, context=context)

    # -- announcements -----------------------------------------------------------------------------

    def _announcement_list(self, stock_code: str, window: FetchWindow, sightings: dict[str, _AnnSighting]) -> None:
        config = self._config
        for page_index in range(1, config.max_ann_pages + 1):
            payload = self._client.request(
                "GET",
                settings.ANN_LIST_URL,
                params=parse.ann_list_query(stock_code, page_index, config.ann_page_size, window),
                headers={"Referer": settings.ANN_REFERER},
                expect="json",
                listing=True,
            )
            try:
                page = parse.parse_ann_list(payload.body)
            except ParseError as exc:
                raise PermanentSourceError(f"eastmoney announcements {stock_code} page {page_index}: {exc}") from exc
            log.info("eastmoney announcements %s: page %d, %d items", stock_code, page_index, len(page.items))
            for item in page.items:
                if item.notice_day is not None and not window.since <= item.notice_day <= window.until:
                    continue
                if item.art_code in sightings:
                    continue
                terms = self._terms(item.title)
                if not terms:
                    log.info("eastmoney announcements %s: %r has no CGT term; skipped", stock_code, item.title)
                    continue
                sightings[item.art_code] = _AnnSighting(item, terms)
            days = [i.notice_day for i in page.items if i.notice_day]
            if not page.items or (days and min(days) < window.since):
                return
            if page.total is not None and page_index * config.ann_page_size >= page.total:
                return

    def fetch_announcements(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Read each company's announcement list, then fetch each relevant announcement's content pages.

        Raises:
            PermanentSourceError: A list page answered something that is not its JSON.
        """
        sightings: dict[str, _AnnSighting] = {}
        for stock_code in self._config.stock_codes:
            self._announcement_list(stock_code, window, sightings)
        for art_code, sighting in sightings.items():
            item = sighting.item
            context = {
                "kind": "announcement",
                "list_title": item.title,
                "list_date": item.notice_day.isoformat() if item.notice_day else "",
                "stock_code": item.stock_code,
                "short_name": item.short_name,
                "columns": ",".join(item.columns),
                "cgt_terms": ",".join(sighting.terms),
            }
            first = self._client.request(
                "GET", settings.ANN_CONTENT_URL, params=parse.ann_content_query(art_code, 1), expect="json"
            )
            extra: list[RawPayload] = []
            errors: list[str] = []
            try:
                pages = min(
                    parse.content_page_count(parse.parse_ann_content(first.body)), self._config.max_content_pages
                )
            except ParseError:
                pages = 1  # parse will quarantine the document with the reason
            for page_index in range(2, pages + 1):
                try:
                    extra.append(
                        self._client.request(
                            "GET",
                            settings.ANN_CONTENT_URL,
                            params=parse.ann_content_query(art_code, page_index),
                            expect="json",
                        )
                    )
                except (PermanentSourceError, TransientSourceError) as exc:
                    # Later pages of a long report are a bonus; the document keeps what arrived.
                    errors.append(f"content page {page_index} failed: {exc}")
                    break
            yield RawDocument(self.name, art_code, first, tuple(extra), tuple(errors), context)

    parse = staticmethod(parse_document)


def build(client: HttpClient, settings: Settings) -> EastmoneySource:
    """Registry factory: the Eastmoney source with ``CGTWATCH_EASTMONEY_*`` overrides applied."""
    return EastmoneySource(
        client, with_overrides(EastmoneyConfig(), settings.overrides_for("eastmoney"), "CGTWATCH_EASTMONEY_")
    )
