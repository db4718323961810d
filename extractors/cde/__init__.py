"""CDE (药品审评中心): acceptances, implied IND approvals, priority-review and breakthrough lists, CGT only."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import ClassVar

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import BlockedByChallengeError, ParseError, PermanentSourceError
from extractors import relevance
from extractors.base import FetchWindow, ParsedDocument, RawDocument, RawPayload, parse_guarded
from extractors.cde import parse, settings
from extractors.cde.settings import CdeConfig, ListKind
from extractors.http import HttpClient

log = logging.getLogger(__name__)

__all__ = ["CdeConfig", "CdeSource", "build", "parse_document"]


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Parse one CDE list record (pure: the stored list page in, one document out).

    Raises:
        ParseError: See :func:`extractors.cde.parse.parse_record`.
    """
    return parse_guarded(parse.parse_record, raw, "CDE record")


class CdeSource:
    """Pages the CDE list APIs newest-first and yields each CGT record dated inside the window.

    The APIs sit behind Ruishu-style cookies: the source GETs the home page first with the same
    client (whose cookie jar keeps them), and re-warms once when a POST is answered with a challenge.

    Args:
        client: The shared hardened HTTP client.
        config: Page size, overlap, page cap, lists and CGT terms.
    """

    name: ClassVar[str] = "cde"
    description: ClassVar[str] = "药品审评中心 受理/默示许可/优先审评/突破性治疗 lists (CGT records only)"
    cursor_field: ClassVar[str] = "record_date"

    def __init__(self, client: HttpClient, config: CdeConfig | None = None) -> None:
        self._client = client
        self._config = config or CdeConfig()
        self._warm = False
        self._capped: list[str] = []

    def warm_up(self) -> None:
        """GET the home page so the session holds the anti-bot cookies.

        A challenge page here is tolerated: its purpose is the cookies, which the client's jar keeps
        even when the body is a script; a POST that is still refused will raise.
        """
        try:
            self._client.request("GET", settings.HOME_URL, expect="html")
        except BlockedByChallengeError as exc:
            log.info("cde warm-up answered with a challenge page (%s); continuing with its cookies", exc)
        self._warm = True

    def _headers(self, kind: ListKind) -> dict[str, str]:
        return {
            "X-Requested-With": "XMLHttpRequest",
            "Referer": kind.shell_url,
            "Origin": settings.ORIGIN,
            "Accept": "application/json, text/javascript, */*; q=0.01",
        }

    def list_form(self, kind: ListKind, page_num: int, year: int | None = None) -> dict[str, str]:
        """The form one page of a list API takes (``year`` only for the per-year acceptance list)."""
        form = dict(kind.base_form)
        if kind.per_year:
            form["year"] = str(year) if year is not None else ""
        form["pageSize"] = str(self._config.page_size)
        form["pageNum"] = str(page_num)
        return form

    def _post(self, kind: ListKind, form: dict[str, str]) -> RawPayload:
        """POST one list page; on a challenge re-warm once and retry once, then let it propagate."""
        if not self._warm:
            self.warm_up()
        try:
            return self._client.request(
                "POST", kind.api_url, data=form, headers=self._headers(kind), expect="json", listing=True
            )
        except BlockedByChallengeError as exc:
            log.warning("cde %s page %s challenged (%s); re-warming once", kind.kind, form.get("pageNum"), exc)
        self.warm_up()
        return self._client.request(
            "POST", kind.api_url, data=form, headers=self._headers(kind), expect="json", listing=True
        )

    def _pages(
        self, kind: ListKind, stop_before: date, year: int | None
    ) -> Iterator[tuple[RawPayload, parse.ListPage]]:
        """Yield pages newest-first until the end, a wrap-around, or a page wholly older than ``stop_before``."""
        last_page = 1
        first_ids: list[str] | None = None
        page_num = 1
        while page_num <= last_page:
            payload = self._post(kind, self.list_form(kind, page_num, year))
            try:
                page = parse.parse_list_page(payload.body)
            except ParseError as exc:
                raise PermanentSourceError(f"cde {kind.kind} page {page_num}: {exc}") from exc
            ids = [parse.record_acceptid(r) for r in page.records]
            if first_ids is None:
                first_ids = ids
                # Pages past the end wrap around to page 1, so the total is the only reliable end.
                last_page = min(math.ceil(page.total / self._config.page_size), self._config.max_pages)
                if page.total > self._config.page_size * self._config.max_pages:
                    log.warning("cde %s: %d records exceed the %d-page cap", kind.kind, page.total, last_page)
            elif ids and ids == first_ids:
                log.warning("cde %s page %d repeats page 1 (wrap-around); stopping", kind.kind, page_num)
                return
            log.info(
                "cde %s%s: page %d/%d, %d records",
                kind.kind,
                f" {year}" if year else "",
                page_num,
                last_page,
                len(page.records),
            )
            yield payload, page
            days = [d for d in (parse.record_day(kind, r) for r in page.records) if d is not None]
            if not page.records or (days and max(days) < stop_before):
                return
            page_num += 1
        if page.total > self._config.page_size * self._config.max_pages:
            # The last allowed page still reached into the window: older pages were never read.
            listed = f"{kind.kind} {year}" if year else kind.kind
            self._capped.append(f"{listed} reports {page.total} records, more than the {last_page}-page cap")

    def _years(self, window: FetchWindow, stop_before: date) -> list[int | None]:
        return list(range(window.until.year, stop_before.year - 1, -1))

    def fetch_list(self, kind: ListKind, window: FetchWindow) -> Iterator[RawDocument]:
        """Yield one raw document per CGT record of one list dated inside ``window``.

        Raises:
            BlockedByChallengeError: A POST was still challenged after re-warming.
            PermanentSourceError: A list page is not the API's JSON.
        """
        stop_before = window.since - timedelta(days=self._config.overlap_days)
        years: list[int | None] = self._years(window, stop_before) if kind.per_year else [None]
        seen: set[str] = set()
        kept = dropped = undated = outside = 0
        for year in years:
            for payload, page in self._pages(kind, stop_before, year):
                for record in page.records:
                    acceptid = parse.record_acceptid(record)
                    if not acceptid:
                        log.warning("cde %s: record without 受理号 skipped", kind.kind)
                        continue
                    day = parse.record_day(kind, record)
                    if day is None:
                        undated += 1
                        continue
                    if not window.since <= day <= window.until:
                        outside += 1
                        continue
                    native_id = f"{kind.kind}:{acceptid}"
                    if native_id in seen:
                        continue
                    terms = relevance.cgt_terms_found(
                        parse.record_relevance_text(kind, record), self._config.cgt_terms, self._config.cgt_exclude
                    )
                    if not terms:
                        dropped += 1
                        continue
                    seen.add(native_id)
                    kept += 1
                    yield RawDocument(
                        source=self.name,
                        native_id=native_id,
                        record=payload,
                        context={"kind": kind.kind, "acceptid": acceptid, "cgt_terms": ",".join(terms)},
                    )
        if undated:
            # Undated records cannot be placed in a window; a list that is all undated means its date key moved.
            log.warning("cde %s: %d records without any of %s skipped", kind.kind, undated, list(kind.date_fields))
        log.info(
            "cde %s: kept %d CGT records, dropped %d non-CGT, %d outside the window", kind.kind, kept, dropped, outside
        )

    def fetch(self, window: FetchWindow) -> Iterator[RawDocument]:
        """Read every configured list over ``window``.

        Raises:
            BlockedByChallengeError: The anti-bot challenge persisted after one re-warm.
            PermanentSourceError: A list answered something that is not its JSON.
        """
        self._warm = False
        self._capped = []
        for name in self._config.lists:
            yield from self.fetch_list(settings.LIST_KINDS[name], window)
        if self._capped:
            # What was found still loads; the window counts as not fetched, so the next run tries again.
            raise PermanentSourceError(
                "cde lists stopped at the page cap: "
                + "; ".join(self._capped)
                + " (raise CGTWATCH_CDE_MAX_PAGES or narrow the window)"
            )

    parse = staticmethod(parse_document)


def build(client: HttpClient, settings: Settings) -> CdeSource:
    """Registry factory: the CDE source with ``CGTWATCH_CDE_*`` overrides applied."""
    return CdeSource(client, with_overrides(CdeConfig(), settings.overrides_for("cde"), "CGTWATCH_CDE_"))
