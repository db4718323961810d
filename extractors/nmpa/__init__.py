"""NMPA (国家药监局): regulatory news, announcements and approval-delivery notices about cell and gene therapy."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import ClassVar

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import ParseError, PermanentSourceError, TransientSourceError
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.http import HttpClient
from extractors.nmpa import parse, settings
from extractors.nmpa.settings import Column, NmpaConfig

log = logging.getLogger(__name__)

__all__ = ["NmpaConfig", "NmpaSource", "build", "parse_document"]


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one NMPA article (pure: the stored page and its PDFs in, one document out).

    Raises:
        ParseError: See :func:`extractors.nmpa.parse.parse_article`.
    """
    return parse_guarded(parse.parse_article, raw, "NMPA article")


class NmpaSource:
    """Walks each column's static list pages newest-first and fetches the CGT-relevant articles in the window.

    NMPA protects the site with a Ruishu (瑞数) JavaScript challenge (HTTP 412). The client raises
    :class:`~cgtwatch.errors.BlockedByChallengeError` for it and this source lets it propagate, so a
    blocked run is recorded as blocked, never as "no new data".

    Args:
        client: The shared hardened HTTP client.
        config: Columns, page cap, attachment handling and CGT terms.
    """

    name: ClassVar[str] = "nmpa"
    description: ClassVar[str] = "国家药监局 药品监管要闻/公告通告/药品批准证明文件送达信息 (CGT-relevant articles)"
    cursor_field: ClassVar[str] = "published_at"

    def __init__(self, client: HttpClient, config: NmpaConfig | None = None) -> None:
        self._client = client
        self._config = config or NmpaConfig()

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Read every configured column over ``window``; an article listed in two columns is fetched once.

        Raises:
            BlockedByChallengeError: The site answered with its anti-bot challenge.
            PermanentSourceError: A first list page has no items (the layout changed), or a 4xx.
            TransientSourceError: The site kept failing after retries.
        """
        seen: set[str] = set()
        for key in self._config.columns:
            yield from self.fetch_column(settings.COLUMNS[key], window, seen)

    def fetch_column(self, column: Column, window: FetchWindow, seen: set[str]) -> Iterator[RawDocument]:
        """Page one column until a page is wholly older than the window, the pager's last page or the cap."""
        for page_index in range(self._config.max_pages):
            list_url = parse.list_page_url(column, page_index)
            payload = self._client.request(
                "GET", list_url, headers={"Referer": settings.HOME_URL}, expect="html", listing=True
            )
            listing = parse.parse_list_page(payload.body, payload.content_type, list_url)
            if not listing.items:
                if page_index == 0:
                    # An empty first page is a changed layout, not a quiet week: fail loudly.
                    raise PermanentSourceError(f"nmpa {column.label}: no {settings.LIST_ITEM_SELECTOR} on {list_url}")
                return
            log.info("nmpa %s: list page %d, %d items", column.key, page_index, len(listing.items))
            for item in listing.items:
                if item.day is not None and not window.since <= item.day <= window.until:
                    continue
                reason = parse.skip_reason(item.url)
                if reason:
                    log.info("nmpa %s: skipped %r at %s: %s", column.key, item.title, item.url, reason)
                    continue
                if item.url in seen:
                    continue
                seen.add(item.url)
                doc = self._fetch_article(column, item, list_url, window)
                if doc is not None:
                    yield doc
            days = [item.day for item in listing.items if item.day is not None]
            if days and max(days) < window.since:
                return
            if listing.page_count is not None and page_index + 1 >= listing.page_count:
                return

    def _fetch_pdfs(self, urls: list[str], referer: str) -> tuple[list[RawPayload], list[str]]:
        payloads: list[RawPayload] = []
        errors: list[str] = []
        for url in urls:
            try:
                payloads.append(self._client.request("GET", url, headers={"Referer": referer}, expect="pdf"))
            except (PermanentSourceError, TransientSourceError) as exc:
                # A missing attachment must not sink the article; parse lists it in the metadata.
                errors.append(f"attachment fetch failed: {exc}")
        return payloads, errors

    def _fetch_article(
        self, column: Column, item: parse.ListItem, list_url: str, window: FetchWindow
    ) -> RawDocument | None:
        """Fetch one article (and its PDFs) and keep it only when it is about cell or gene therapy."""
        page = self._client.request("GET", item.url, headers={"Referer": list_url}, expect="html")
        context = {
            "column": column.key,
            "url": item.url,
            "list_title": item.title,
            "list_date": item.day.isoformat() if item.day else "",
            "list_url": list_url,
        }
        native_id = parse.native_id_for(item.url)
        try:
            article = parse.parse_article_html(page.body, page.content_type, item.url)
        except ParseError as exc:
            # Relevance cannot be judged; hand the page on so parse quarantines it with the reason.
            log.warning("nmpa %s: %s", column.key, exc)
            return RawDocument(self.name, native_id, page, context=context)
        if item.day is None and article.published is not None:
            if not window.since <= article.published.date() <= window.until:
                return None
        terms = parse.relevance_terms(article.title or item.title, article.body_text, *self._terms())
        pdf_urls = [u for _, u in article.attachments if u.lower().endswith(".pdf") and parse.is_nmpa(u)]
        pdf_urls = pdf_urls[: self._config.max_attachments] if self._config.fetch_pdf_attachments else []
        if not terms and not pdf_urls:
            log.info("nmpa %s: %r has no CGT term; skipped", column.key, item.title)
            return None
        pdfs, errors = self._fetch_pdfs(pdf_urls, item.url)
        if not terms:
            # Notices often carry their substance in a PDF: look there before dropping the article.
            texts, _ = parse.attachment_texts(tuple(pdfs))
            terms = parse.relevance_terms("", "\n".join(t for _, t in texts), *self._terms())
            if not terms:
                log.info("nmpa %s: %r and its PDFs have no CGT term; skipped", column.key, item.title)
                return None
        return RawDocument(
            source=self.name,
            native_id=native_id,
            record=page,
            attachments=tuple(pdfs),
            fetch_errors=tuple(errors),
            context={**context, "cgt_terms": ",".join(terms)},
        )

    def _terms(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._config.cgt_terms, self._config.cgt_exclude

    parse = staticmethod(parse_document)


def build(client: HttpClient, settings: Settings) -> NmpaSource:
    """Registry factory: the NMPA source with ``CGTWATCH_NMPA_*`` overrides applied."""
    return NmpaSource(client, with_overrides(NmpaConfig(), settings.overrides_for("nmpa"), "CGTWATCH_NMPA_"))
