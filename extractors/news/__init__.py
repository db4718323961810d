"""Financial news about cell and gene therapy from 证券日报 (zqrb.cn) channel lists and Sina Finance's roll feed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import ParseError, PermanentSourceError, TransientSourceError
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.http import HttpClient
from extractors.news import parse, settings
from extractors.news.settings import NewsConfig
from extractors.relevance import cgt_terms_found

log = logging.getLogger(__name__)

__all__ = ["NewsConfig", "NewsSource", "build", "parse_document"]


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one news article (pure: the stored page and its feed entry in, one document out).

    Raises:
        ParseError: See :func:`extractors.news.parse.parse_article`.
    """
    return parse_guarded(parse.parse_article, raw, "news article")


class NewsSource:
    """Reads "latest N" news feeds newest first and fetches only the entries that name a CGT term.

    These feeds cannot be queried by date, so besides the run's window the source honours a cursor:
    the newest publication time already loaded (``since_cursor``). Paging stops once entries are older
    than ``max(window.since, since_cursor - cursor_overlap_hours)``; after a fetch, :attr:`cursor_value`
    holds the newest entry seen, for the pipeline to store with the data it loads.

    Args:
        client: The shared hardened HTTP client.
        config: Outlets, channels, page caps, overlap and CGT terms.
        since_cursor: The stored cursor (newest ``published_at`` loaded so far), if any.
    """

    name: ClassVar[str] = "news"
    description: ClassVar[str] = "证券日报 channel lists and 新浪财经 roll feed (CGT-relevant articles only)"
    cursor_field: ClassVar[str] = "published_at"
    last_value_func: ClassVar[Callable[..., Any]] = max

    def __init__(
        self, client: HttpClient, config: NewsConfig | None = None, since_cursor: datetime | None = None
    ) -> None:
        if since_cursor is not None and since_cursor.tzinfo is None:
            raise ValueError("since_cursor must be timezone-aware")
        self._client = client
        self._config = config or NewsConfig()
        self.since_cursor = since_cursor
        self.cursor_value: datetime | None = since_cursor

    def floor(self, window: FetchWindow) -> datetime:
        """The oldest publication time still wanted: the window start, or the cursor minus the overlap if later."""
        start = datetime.combine(window.since, time(0), tzinfo=settings.BEIJING)
        if self.since_cursor is None:
            return start
        return max(start, self.since_cursor - timedelta(hours=self._config.cursor_overlap_hours))

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Yield the CGT-relevant articles of every configured feed newer than :meth:`floor` and within ``window``.

        Raises:
            BlockedByChallengeError: A site answered with an anti-bot challenge.
            PermanentSourceError: A first list page has no entries (layout changed) or is not the API's JSON.
            TransientSourceError: A list kept failing after retries.
        """
        floor = self.floor(window)
        seen: set[str] = set()
        if "zqrb" in self._config.outlets:
            for channel in self._config.zqrb_channels:
                yield from self._zqrb_channel(channel, window, floor, seen)
        if "sina" in self._config.outlets:
            for lid in self._config.sina_lids:
                yield from self._sina_lid(lid, window, floor, seen)

    def _wanted(self, item: parse.FeedItem, window: FetchWindow, floor: datetime) -> bool:
        """In the window and not older than the floor (compared by day when the feed gives only a day)."""
        if item.published is None:
            return True  # undated entry: let the article page decide
        day = item.published.date()
        if not window.since <= day <= window.until:
            return False
        return day >= floor.date() if item.day_only else item.published >= floor

    def _older_than_floor(self, items: list[parse.FeedItem], floor: datetime) -> bool:
        """True when the page's oldest dated entry is older than the floor: later pages are older still."""
        dated = [i for i in items if i.published is not None]
        if not dated:
            return False
        oldest = min(dated, key=lambda i: i.published or floor)
        assert oldest.published is not None
        return oldest.published.date() < floor.date() if oldest.day_only else oldest.published < floor

    def _note_seen(self, item: parse.FeedItem, window: FetchWindow) -> None:
        if item.published is not None and item.published.date() <= window.until:
            self.cursor_value = max(filter(None, (self.cursor_value, item.published)))

    def _relevant(self, item: parse.FeedItem, where: str) -> list[str]:
        terms = cgt_terms_found(f"{item.title}\n{item.intro}", self._config.cgt_terms, self._config.cgt_exclude)
        if not terms:
            log.info("news %s: %r has no CGT term; not fetched", where, item.title)
        return terms

    def _article(
        self, item: parse.FeedItem, list_payload: RawPayload, referer: str, context: dict[str, str]
    ) -> RawDocument:
        try:
            page = self._client.request("GET", item.url, headers={"Referer": referer}, expect="html")
        except (PermanentSourceError, TransientSourceError) as exc:
            # A deleted article must not sink the feed; parse quarantines it with this reason.
            context = {**context, "fetch_error": str(exc)}
            return RawDocument(
                self.name, item.native_id, list_payload, fetch_errors=(f"article fetch failed: {exc}",), context=context
            )
        return RawDocument(self.name, item.native_id, page, context=context)

    def _zqrb_channel(
        self, channel: str, window: FetchWindow, floor: datetime, seen: set[str]
    ) -> Iterator[RawDocument]:
        for page_no in range(1, self._config.max_pages + 1):
            list_url = parse.zqrb_list_url(channel, page_no)
            try:
                payload = self._client.request("GET", list_url, expect="html", listing=True)
            except PermanentSourceError as exc:
                if page_no == 1:
                    raise
                # A channel shorter than the cap ends in a 404 for the next index_p<n>.html.
                log.info("zqrb %s: %s ends the channel (%s)", channel, list_url, exc)
                return
            items = parse.parse_zqrb_list(payload.body, payload.content_type, list_url)
            if not items:
                if page_no == 1:
                    raise PermanentSourceError(
                        f"zqrb {channel}: no {settings.ZQRB_ITEM_SELECTOR} entries on {list_url}"
                    )
                return
            log.info("zqrb %s: page %d, %d entries", channel, page_no, len(items))
            for item in items:
                if not self._wanted(item, window, floor):
                    continue
                self._note_seen(item, window)
                if item.native_id in seen or not (terms := self._relevant(item, f"zqrb {channel}")):
                    continue
                seen.add(item.native_id)
                context = {
                    "outlet": "zqrb",
                    "url": item.url,
                    "channel": channel,
                    "list_title": item.title,
                    "list_date": item.published.isoformat() if item.published else "",
                    "cgt_terms": ",".join(terms),
                }
                yield self._article(item, payload, list_url, context)
            if self._older_than_floor(items, floor):
                return

    def _sina_lid(self, lid: str, window: FetchWindow, floor: datetime, seen: set[str]) -> Iterator[RawDocument]:
        for page_no in range(1, self._config.max_pages + 1):
            payload = self._client.request(
                "GET",
                settings.SINA_ROLL_URL,
                params=parse.sina_roll_query(lid, page_no, self._config.sina_page_size),
                headers={"Referer": settings.SINA_REFERER},
                expect="json",
                listing=True,
            )
            try:
                items = parse.parse_sina_roll(payload.body)
            except ParseError as exc:
                raise PermanentSourceError(f"sina roll lid={lid} page {page_no}: {exc}") from exc
            if not items:
                return
            log.info("sina lid=%s: page %d, %d entries", lid, page_no, len(items))
            for item in items:
                if not self._wanted(item, window, floor):
                    continue
                self._note_seen(item, window)
                if item.native_id in seen or not (terms := self._relevant(item, f"sina lid={lid}")):
                    continue
                seen.add(item.native_id)
                context = {
                    "outlet": "sina",
                    "url": item.url,
                    "channel": f"lid={lid}",
                    "list_title": item.title,
                    "list_date": item.published.isoformat() if item.published else "",
                    "intro": item.intro,
                    "media": item.media,
                    "cgt_terms": ",".join(terms),
                }
                yield self._article(item, payload, settings.SINA_REFERER, context)
            if self._older_than_floor(items, floor):
                return

    parse = staticmethod(parse_document)


def build(client: HttpClient, settings: Settings) -> NewsSource:
    """Registry factory: the news source with ``CGTWATCH_NEWS_*`` overrides and no cursor (the window rules)."""
    return NewsSource(client, with_overrides(NewsConfig(), settings.overrides_for("news"), "CGTWATCH_NEWS_"))
