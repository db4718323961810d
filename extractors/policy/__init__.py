"""National CGT policies: the gov.cn policy library (State Council and ministry documents) and NHC 科技教育司 pages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import ClassVar

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import ParseError, PermanentSourceError, TransientSourceError
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.http import HttpClient
from extractors.policy import parse, settings
from extractors.policy.settings import NhcList, PolicyConfig
from extractors.relevance import cgt_terms_found

log = logging.getLogger(__name__)

__all__ = ["PolicyConfig", "PolicySource", "build", "parse_document"]

# Sent on every gov.cn request: the WAF refuses the client's identifying UA (see settings.CHROME_UA).
GOV_HEADERS = {"User-Agent": settings.CHROME_UA, "Referer": settings.GOV_SEARCH_REFERER}


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one policy page (pure: the stored page and its list entry in, one document out).

    Raises:
        ParseError: See :func:`extractors.policy.parse.parse_policy`.
    """
    return parse_guarded(parse.parse_policy, raw, "policy page")


class PolicySource:
    """Searches the gov.cn policy library by title keyword and reads NHC 科技教育司 lists, over the window.

    Only entries whose title names a CGT term are fetched. NHC may answer with a Ruishu-style
    JavaScript challenge; the client raises :class:`~cgtwatch.errors.BlockedByChallengeError` and this
    source lets it propagate, so the run is recorded as blocked, never as "no new data".

    Args:
        client: The shared hardened HTTP client.
        config: Outlets, keywords, lists, page caps and CGT terms.
    """

    name: ClassVar[str] = "policy"
    description: ClassVar[str] = (
        "中国政府网 政策文件库 and 国家卫健委 科技教育司 (CGT policies and stem-cell research filings)"
    )
    cursor_field: ClassVar[str] = "published_at"

    def __init__(self, client: HttpClient, config: PolicyConfig | None = None) -> None:
        self._client = client
        self._config = config or PolicyConfig()

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Yield gov.cn policy pages, then NHC pages, published within ``window``; each URL once.

        Raises:
            BlockedByChallengeError: gov.cn or NHC answered with an anti-bot challenge.
            PermanentSourceError: The search answered something that is not its JSON, an NHC first page
                has no entries (layout changed), or a 4xx on a list.
            TransientSourceError: A list kept failing after retries.
        """
        seen: set[str] = set()
        if "gov" in self._config.outlets:
            yield from self.fetch_gov(window, seen)
        if "nhc" in self._config.outlets:
            for key in self._config.nhc_lists:
                yield from self.fetch_nhc_list(settings.NHC_LISTS[key], window, seen)

    def _terms(self, title: str) -> list[str]:
        return cgt_terms_found(title, self._config.cgt_terms, self._config.cgt_exclude)

    def _page(
        self, url: str, headers: dict[str, str], native_id: str, fallback: RawPayload, context: dict[str, str]
    ) -> RawDocument:
        try:
            page = self._client.request("GET", url, headers=headers, expect="html")
        except (PermanentSourceError, TransientSourceError) as exc:
            # One withdrawn page must not sink the sweep; parse quarantines it with this reason.
            return RawDocument(
                self.name, native_id, fallback, fetch_errors=(f"page fetch failed: {exc}",), context=context
            )
        return RawDocument(self.name, native_id, page, context=context)

    def fetch_gov(self, window: FetchWindow, seen: set[str]) -> Iterator[RawDocument]:
        """Search each keyword newest first; stop a keyword once its results are older than the window."""
        config = self._config
        found: dict[str, tuple[parse.ListEntry, RawPayload, list[str], list[str]]] = {}
        for keyword in config.gov_keywords:
            for page_no in range(1, config.gov_max_pages + 1):
                payload = self._client.request(
                    "GET",
                    settings.GOV_SEARCH_URL,
                    params=parse.gov_search_query(keyword, page_no, config.gov_page_size),
                    headers=GOV_HEADERS,
                    expect="json",
                    listing=True,
                )
                try:
                    result = parse.parse_gov_search(payload.body)
                except ParseError as exc:
                    raise PermanentSourceError(f"gov.cn policy search {keyword!r} page {page_no}: {exc}") from exc
                log.info("gov.cn search %s: page %d, %d results", keyword, page_no, len(result.entries))
                for entry in result.entries:
                    if entry.day is not None and not window.since <= entry.day <= window.until:
                        continue
                    if entry.url in found:
                        if keyword not in found[entry.url][3]:
                            found[entry.url][3].append(keyword)
                        continue
                    terms = self._terms(entry.title)
                    if not terms:
                        log.info("gov.cn search %s: %r has no CGT term; not fetched", keyword, entry.title)
                        continue
                    found[entry.url] = (entry, payload, terms, [keyword])
                days = [e.day for e in result.entries if e.day]
                if not result.entries or (days and min(days) < window.since):
                    break
                if result.total is not None and page_no * config.gov_page_size >= result.total:
                    break
        for url, (entry, payload, terms, keywords) in found.items():
            native_id = parse.gov_native_id(url)
            if native_id in seen:
                continue
            seen.add(native_id)
            context = {
                "outlet": "gov",
                "url": url,
                "list_title": entry.title,
                "list_date": entry.day.isoformat() if entry.day else "",
                "issuer": entry.issuer,
                "doc_number": entry.doc_number,
                "keywords": ",".join(keywords),
                "cgt_terms": ",".join(terms),
            }
            yield self._page(url, GOV_HEADERS, native_id, payload, context)

    def fetch_nhc_list(self, nhc_list: NhcList, window: FetchWindow, seen: set[str]) -> Iterator[RawDocument]:
        """Follow one NHC list's 下一页 links until a page is older than the window, the last page or the cap.

        Raises:
            BlockedByChallengeError: NHC answered with its JavaScript challenge.
            PermanentSourceError: The first page has no ``ul.zxxx_list li`` entries.
        """
        url: str | None = nhc_list.url
        for page_no in range(1, self._config.nhc_max_pages + 1):
            if url is None:
                return
            payload = self._client.request("GET", url, expect="html", listing=True)
            listing = parse.parse_nhc_list(payload.body, payload.content_type, url)
            if not listing.entries:
                if page_no == 1:
                    raise PermanentSourceError(f"nhc {nhc_list.key}: no {settings.NHC_ITEM_SELECTOR} entries on {url}")
                return
            log.info("nhc %s: page %d, %d entries", nhc_list.key, page_no, len(listing.entries))
            for entry in listing.entries:
                if entry.day is not None and not window.since <= entry.day <= window.until:
                    continue
                native_id = parse.nhc_native_id(entry.url)
                if native_id is None:
                    log.info(
                        "nhc %s: %r links off the 科技教育司 article pattern (%s); skipped",
                        nhc_list.key,
                        entry.title,
                        entry.url,
                    )
                    continue
                if native_id in seen or not (terms := self._terms(entry.title)):
                    continue
                seen.add(native_id)
                context = {
                    "outlet": "nhc",
                    "url": entry.url,
                    "list": nhc_list.key,
                    "list_title": entry.title,
                    "list_date": entry.day.isoformat() if entry.day else "",
                    "cgt_terms": ",".join(terms),
                }
                yield self._page(entry.url, {"Referer": url}, native_id, payload, context)
            days = [e.day for e in listing.entries if e.day]
            if days and max(days) < window.since:
                return
            url = listing.next_url

    parse = staticmethod(parse_document)


def build(client: HttpClient, settings: Settings) -> PolicySource:
    """Registry factory: the policy source with ``CGTWATCH_POLICY_*`` overrides applied."""
    return PolicySource(client, with_overrides(PolicyConfig(), settings.overrides_for("policy"), "CGTWATCH_POLICY_"))
