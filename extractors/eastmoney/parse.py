"""Pure parsing of Eastmoney payloads: JSONP search pages, article pages, announcement lists and contents."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from cgtwatch.errors import ParseError
from extractors.base import FetchWindow, JSONDict, ParsedDocument, RawDocument
from extractors.charset import decode_html
from extractors.eastmoney import settings

_HIGHLIGHT = re.compile(settings.HIGHLIGHT_TAG_PATTERN, re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# JSONP: an optional /**/ guard, a callback name (dotted or $-prefixed), then the JSON in parentheses.
_JSONP = re.compile(r"^\s*(?:/\*\*/\s*)?[A-Za-z_$][\w$.]*\s*\((?P<json>.*)\)\s*;?\s*$", re.DOTALL)
_DATETIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_ARTICLE_CODE = re.compile(r"/a/(\d{10,24})\.html")


@dataclass(frozen=True)
class SearchHit:
    """One news-search result."""

    code: str
    title: str
    snippet: str
    published: datetime | None
    media: str
    url: str


@dataclass(frozen=True)
class SearchPage:
    """One page of the news search: its hits and the total the server reports (None when absent)."""

    hits: list[SearchHit]
    total: int | None


@dataclass(frozen=True)
class AnnItem:
    """One entry of the announcement list."""

    art_code: str
    title: str
    notice_day: date | None
    stock_code: str
    short_name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class AnnPage:
    """One page of the announcement list."""

    items: list[AnnItem]
    total: int | None


@dataclass(frozen=True)
class Article:
    """What an article page says."""

    title: str
    published: datetime | None
    media: str
    body_text: str
    layout: str


def clean_text(value: Any) -> str:
    """Strip ``<em>`` highlighting and other tags, unescape entities, collapse spaces (incl. the ideographic space)."""
    text = html.unescape(_TAG.sub("", _HIGHLIGHT.sub("", str(value or ""))))
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def parse_datetime(text: str) -> datetime | None:
    """The first ``YYYY-MM-DD[ HH:MM[:SS]]`` or ``YYYY年MM月DD日 HH:MM`` in ``text``, as Beijing time."""
    match = _DATETIME.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=settings.BEIJING)
    except ValueError:
        return None


def search_param(keyword: str, page_index: int, page_size: int, sort: str) -> str:
    """The ``param`` JSON of one search page, serialised compactly and deterministically.

    akshare names the inner object ``param`` and RSSHub ``params``; akshare's spelling is used (SOURCES 2a).
    """
    payload = {
        "uid": "",
        "keyword": keyword,
        "type": [settings.SEARCH_TYPE],
        "client": "web",
        "clientType": "web",
        "clientVersion": "curr",
        "param": {
            settings.SEARCH_TYPE: {
                "searchScope": "default",
                "sort": sort,
                "pageIndex": page_index,
                "pageSize": page_size,
                "preTag": "<em>",
                "postTag": "</em>",
            }
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def search_query(keyword: str, page_index: int, page_size: int, sort: str) -> dict[str, str]:
    """Query string of one search page (the callback name is fixed, see ``settings.CALLBACK``)."""
    return {"cb": settings.CALLBACK, "param": search_param(keyword, page_index, page_size, sort)}


def strip_jsonp(body: bytes) -> Any:
    """Decode a JSONP (``cb({...})``) or plain JSON body.

    Raises:
        ParseError: Neither JSONP nor JSON.
    """
    try:
        text = body.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise ParseError(f"search page is not UTF-8: {exc}") from exc
    match = _JSONP.match(text)
    candidate = match.group("json") if match and not text.startswith(("{", "[")) else text
    try:
        return json.loads(candidate)
    except json.JSONDecodeError as exc:
        raise ParseError(f"search page is neither JSONP nor JSON: {exc}; starts {text[:60]!r}") from exc


def article_url(code: str, url: str = "") -> str:
    """Canonical article URL: the hit's own link on an Eastmoney host (https), else ``/a/<code>.html``."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.endswith("eastmoney.com") and parts.path not in ("", "/"):
        return urlunsplit(("https", host, parts.path, "", ""))
    if not code:
        raise ParseError(f"search hit without code or usable url ({url!r})")
    return settings.ARTICLE_URL.format(code=code)


def parse_search_page(body: bytes) -> SearchPage:
    """Parse one JSONP search response: ``result.cmsArticleWebOld[]``.

    A missing or ``null`` list is an empty page; hits without a code and without a URL are dropped.

    Raises:
        ParseError: The body is not JSONP/JSON or its shape is not the search API's.
    """
    data = strip_jsonp(body)
    if not isinstance(data, dict):
        raise ParseError(f"search page is JSON {type(data).__name__}, expected an object")
    result = data.get("result") or {}
    if not isinstance(result, dict):
        raise ParseError(f"'result' is {type(result).__name__}, expected an object")
    raw_hits = result.get(settings.SEARCH_TYPE) or []
    if isinstance(raw_hits, dict):
        # Some answers nest the list one level down ({"list": [...], "total": n}); accept both.
        raw_hits = raw_hits.get("list") or []
    if not isinstance(raw_hits, list):
        raise ParseError(f"'{settings.SEARCH_TYPE}' is {type(raw_hits).__name__}, expected a list")
    hits: list[SearchHit] = []
    for item in raw_hits:
        if not isinstance(item, dict):
            continue
        code = str(item.get("code") or "").strip()
        url = str(item.get("url") or "").strip()
        if not code and not url:
            continue
        if not code:
            found = _ARTICLE_CODE.search(url)
            code = found.group(1) if found else url
        hits.append(
            SearchHit(
                code=code,
                title=clean_text(item.get("title")),
                snippet=clean_text(item.get("content")),
                published=parse_datetime(str(item.get("date") or "")),
                media=clean_text(item.get("mediaName")),
                url=article_url(code, url),
            )
        )
    total = data.get("hitsTotal")
    if total is None:
        total = result.get("total")
    return SearchPage(hits=hits, total=int(total) if isinstance(total, int | str) and str(total).isdigit() else None)


def _soup(body: bytes, content_type: str) -> BeautifulSoup:
    text, _ = decode_html(body, content_type)
    return BeautifulSoup(text, "lxml")


def _first(soup: BeautifulSoup, selectors: tuple[str, ...]) -> Tag | None:
    for selector in selectors:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return None


def is_boilerplate(line: str) -> bool:
    """True for editor credits, source credits and disclaimers that end Eastmoney articles."""
    return line.startswith(settings.BOILERPLATE_PREFIXES)


def block_text(element: Tag, junk: tuple[str, ...] = settings.BODY_JUNK_SELECTORS) -> str:
    """Text of a body container, one paragraph per line, without junk elements and boilerplate lines."""
    for selector in junk:
        for node in element.select(selector):
            node.decompose()
    lines = (_SPACES.sub(" ", line).strip() for line in element.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line and not is_boilerplate(line))


def parse_article_html(body: bytes, content_type: str, url: str) -> Article:
    """Read title, time, media and body text from an article page (current or older template).

    Raises:
        ParseError: None of the known body containers is on the page.
    """
    soup = _soup(body, content_type)
    container = None
    layout = ""
    for selector in settings.BODY_SELECTORS:
        candidate = soup.select_one(selector)
        if candidate is not None and candidate.get_text(strip=True):
            container, layout = candidate, selector
            break
    if container is None:
        raise ParseError(f"no article body ({', '.join(settings.BODY_SELECTORS)}) on {url}")
    title_tag = _first(soup, settings.TITLE_SELECTORS)
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    published = None
    for selector in settings.TIME_SELECTORS:
        for node in soup.select(selector):
            published = parse_datetime(node.get_text(" ", strip=True))
            if published:
                break
        if published:
            break
    media_tag = _first(soup, settings.SOURCE_SELECTORS)
    media = (
        media_tag.get_text(" ", strip=True).removeprefix("来源：").removeprefix("来源:").strip() if media_tag else ""
    )
    return Article(title=title, published=published, media=media, body_text=block_text(container), layout=layout)


def parse_news(raw: RawDocument) -> ParsedDocument:
    """Build the document of one news article from its page and its search hit (in ``raw.context``).

    The page's own title and time win; the search hit's are the fallbacks (the hit title carries
    highlighting and is sometimes shortened).

    Raises:
        ParseError: The page failed to fetch, has no body, or no title or time anywhere.
    """
    if raw.fetch_errors:
        raise ParseError("; ".join(raw.fetch_errors))
    url = raw.context.get("url") or raw.record.url
    article = parse_article_html(raw.record.body, raw.record.content_type, url)
    title = article.title or raw.context.get("list_title", "")
    if not title:
        raise ParseError(f"no title on {url}")
    published = article.published or parse_datetime(raw.context.get("list_date", ""))
    if published is None:
        raise ParseError(f"no publication time on {url} nor in its search hit")
    if not article.body_text:
        raise ParseError(f"empty article body on {url}")
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=url,
        title=title,
        published_at=published,
        doc_type="news",
        body_text=article.body_text,
        metadata={
            "kind": "news",
            "media": article.media or raw.context.get("media", ""),
            "layout": article.layout,
            "keywords": raw.context.get("keywords", ""),
            "snippet": raw.context.get("snippet", ""),
            "cgt_terms": raw.context.get("cgt_terms", ""),
        },
    )


def ann_list_query(stock_code: str, page_index: int, page_size: int, window: FetchWindow) -> dict[str, str]:
    """Query string of one announcement-list page for one company over the window, newest first."""
    return {
        "sr": "-1",
        "page_size": str(page_size),
        "page_index": str(page_index),
        "ann_type": "A",
        "client_source": "web",
        "f_node": "0",
        "s_node": "0",
        "stock_list": stock_code,
        "begin_time": window.since.isoformat(),
        "end_time": window.until.isoformat(),
    }


def ann_content_query(art_code: str, page_index: int) -> dict[str, str]:
    """Query string of one page of an announcement's content."""
    return {"art_code": art_code, "client_source": "web", "page_index": str(page_index)}


def _load_json(body: bytes, what: str) -> JSONDict:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{what} is not JSON: {exc}; starts {body[:60]!r}") from exc
    if not isinstance(data, dict):
        raise ParseError(f"{what} is JSON {type(data).__name__}, expected an object")
    return data


def parse_ann_list(body: bytes) -> AnnPage:
    """Parse one ``np-anotice-stock`` list page: ``data.list[]``; a null ``data`` or list is an empty page.

    Raises:
        ParseError: Not JSON, or not the list API's shape.
    """
    data = _load_json(body, "announcement list")
    inner = data.get("data") or {}
    if not isinstance(inner, dict):
        raise ParseError(f"announcement list 'data' is {type(inner).__name__}, expected an object")
    items: list[AnnItem] = []
    for item in inner.get("list") or []:
        if not isinstance(item, dict) or not str(item.get("art_code") or "").strip():
            continue
        codes = [c for c in item.get("codes") or [] if isinstance(c, dict)]
        first = codes[0] if codes else {}
        notice = parse_datetime(str(item.get("notice_date") or item.get("display_time") or ""))
        items.append(
            AnnItem(
                art_code=str(item["art_code"]).strip(),
                title=clean_text(item.get("title")),
                notice_day=notice.date() if notice else None,
                stock_code=str(first.get("stock_code") or ""),
                short_name=str(first.get("short_name") or ""),
                columns=tuple(str(c.get("column_name")) for c in item.get("columns") or [] if isinstance(c, dict)),
            )
        )
    total = inner.get("total_hits")
    return AnnPage(items=items, total=int(total) if isinstance(total, int) else None)


def parse_ann_content(body: bytes) -> JSONDict:
    """The ``data`` object of one ``np-cnotice-stock`` content page.

    Raises:
        ParseError: Not JSON, ``success`` is not 1, or ``data`` is missing.
    """
    data = _load_json(body, "announcement content")
    if str(data.get("success", "1")) != "1" or not isinstance(data.get("data"), dict):
        raise ParseError(f"announcement content answered success={data.get('success')!r} without data")
    content: JSONDict = data["data"]
    return content


def content_page_count(content: JSONDict) -> int:
    """How many content pages a long announcement is split into (``page_size``; 1 when absent)."""
    try:
        return max(1, int(content.get("page_size") or 1))
    except (TypeError, ValueError):
        return 1


def parse_announcement(raw: RawDocument) -> ParsedDocument:
    """Build one announcement from its content pages (record = page 1, attachments = pages 2..n).

    Title, date and company come from the content API, falling back to the list entry in ``raw.context``.

    Raises:
        ParseError: A content page is malformed, or no title or date is known.
    """
    content = parse_ann_content(raw.record.body)
    parts = [clean_text(content.get("notice_content"))]
    for extra in raw.attachments:
        parts.append(clean_text(parse_ann_content(extra.body).get("notice_content")))
    body_text = "\n".join(p for p in parts if p)
    title = clean_text(content.get("notice_title")) or raw.context.get("list_title", "")
    if not title:
        raise ParseError(f"announcement {raw.native_id} has no title")
    published = parse_datetime(str(content.get("notice_date") or "")) or parse_datetime(
        raw.context.get("list_date", "")
    )
    if published is None:
        raise ParseError(f"announcement {raw.native_id} has no notice date")
    # Announcements are dated by day; keep midnight Beijing time, as cninfo does.
    published = published.replace(hour=0, minute=0, second=0)
    security = [s for s in content.get("security") or [] if isinstance(s, dict)]
    stock_code = str((security[0].get("stock") if security else "") or raw.context.get("stock_code", "")) or None
    short_name = str((security[0].get("short_name") if security else "") or raw.context.get("short_name", "")) or None
    attach = str(content.get("attach_url_web") or content.get("attach_url") or "").strip() or None
    url = settings.ANN_DETAIL_URL.format(stock_code=stock_code or "000000", art_code=raw.native_id)
    metadata: dict[str, Any] = {
        "kind": "announcement",
        "eitime": content.get("eitime"),
        "content_pages": content_page_count(content),
        "content_pages_fetched": 1 + len(raw.attachments),
        "columns": raw.context.get("columns", ""),
        "cgt_terms": raw.context.get("cgt_terms", ""),
    }
    if raw.fetch_errors:
        metadata["fetch_errors"] = list(raw.fetch_errors)
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=url,
        title=title,
        published_at=published,
        doc_type="announcement",
        body_text=body_text,
        attachment_url=attach,
        company_code=stock_code,
        company_name=short_name,
        metadata=metadata,
    )


def parse_raw(raw: RawDocument) -> ParsedDocument:
    """Dispatch on ``raw.context['kind']`` (``news`` or ``announcement``).

    Raises:
        ParseError: Unknown kind, or the kind's parser rejected the document.
    """
    kind = raw.context.get("kind", "")
    if kind == "news":
        return parse_news(raw)
    if kind == "announcement":
        return parse_announcement(raw)
    raise ParseError(f"unknown eastmoney document kind {kind!r} for {raw.native_id}")
