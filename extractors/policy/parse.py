"""Pure parsing of the gov.cn policy-library search (JSON), gov.cn policy pages and NHC list and article pages."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from cgtwatch.errors import ParseError
from extractors.base import JSONDict, ParsedDocument, RawDocument
from extractors.charset import decode_html
from extractors.policy import settings
from extractors.policy.settings import NhcList

# Dates appear as 2025-09-11, 2025.09.11, 2025年09月11日 and firstpublishedtime's 2025-09-11-17:30:05.
_DATETIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT-]*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_GOV_ID = re.compile(settings.GOV_ARTICLE_ID_PATTERN)
_NHC_ARTICLE = re.compile(settings.NHC_ARTICLE_PATTERN)
_LABEL_JUNK = re.compile(r"[\s\u3000\xa0:：]+")
_RESEARCH_FILING = re.compile(r"备案")
_FILING_SUBJECT = re.compile(r"干细胞|临床研究|体细胞")


@dataclass(frozen=True)
class ListEntry:
    """One search result or list entry."""

    title: str
    url: str
    day: date | None
    issuer: str = ""
    doc_number: str = ""


@dataclass(frozen=True)
class SearchPage:
    """One page of the policy-library search."""

    entries: list[ListEntry]
    total: int | None


@dataclass(frozen=True)
class NhcListing:
    """One NHC list page and the URL of the next one (None on the last page)."""

    entries: list[ListEntry]
    next_url: str | None


@dataclass(frozen=True)
class Page:
    """What a gov.cn or NHC page says."""

    title: str
    published: datetime | None
    published_from: str
    body_text: str
    meta: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str]] = field(default_factory=list)


def parse_datetime(text: str) -> datetime | None:
    """The first date (with optional time) in ``text``, as Beijing time."""
    match = _DATETIME.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=settings.BEIJING)
    except ValueError:
        return None


def parse_day(text: str) -> date | None:
    """The first date in ``text``."""
    value = parse_datetime(text)
    return value.date() if value else None


def clean(value: Any) -> str:
    """Text without highlighting tags or entities, spaces collapsed."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", str(value or "")))).strip()


def _soup(body: bytes, content_type: str) -> BeautifulSoup:
    text, _ = decode_html(body, content_type)
    return BeautifulSoup(text, "lxml")


def _first(soup: BeautifulSoup | Tag, selectors: tuple[str, ...]) -> Tag | None:
    for selector in selectors:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return None


def _meta(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", attrs={"name": name})
    return str(tag.get("content") or "").strip() if isinstance(tag, Tag) else ""


def block_text(element: Tag) -> str:
    """Paragraph text of a body container, one paragraph per line; table rows kept on one line."""
    for junk in element.find_all(["script", "style"]):
        junk.decompose()
    for row in element.find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
        row.replace_with("\n" + " | ".join(c for c in cells if c) + "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in element.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def _attachments(soup: BeautifulSoup | Tag, page_url: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for link in soup.find_all("a", href=True):
        url = urljoin(page_url, str(link["href"]).strip())
        if urlsplit(url).path.lower().endswith(settings.ATTACHMENT_EXTENSIONS) and url not in (u for _, u in found):
            found.append((link.get_text(" ", strip=True) or PurePosixPath(urlsplit(url).path).name, url))
    return found


# -- gov.cn --------------------------------------------------------------------------------------------


def gov_search_query(keyword: str, page: int, page_size: int) -> dict[str, str]:
    """Query string of one policy-library search page: title search, newest first."""
    return {
        "t": settings.GOV_SEARCH_TABLE,
        "q": keyword,
        "searchfield": "title",
        "sort": "pubtime",
        "sortType": "1",
        "p": str(page),
        "n": str(page_size),
    }


def gov_canonical(url: str) -> str:
    """gov.cn page URLs with https and the www host; other hosts unchanged (fragment dropped)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host in settings.GOV_HOSTS:
        return urlunsplit(("https", "www.gov.cn", parts.path, parts.query, ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def gov_native_id(url: str) -> str:
    """``gov:<content id>`` from ``…/content_<id>.htm``, else ``gov:<path>``."""
    match = _GOV_ID.search(url)
    return f"gov:{match.group('id')}" if match else "gov:" + urlsplit(url).path.strip("/")


def _list_vos(search_vo: JSONDict) -> tuple[list[Any], int | None]:
    """The result items and total of ``searchVO``: its ``listVO``, else every ``catMap.<cat>.listVO``."""
    items = search_vo.get("listVO")
    total = search_vo.get("totalCount")
    if isinstance(items, list) and items:
        return items, int(total) if isinstance(total, int) else None
    merged: list[Any] = []
    totals: list[int] = []
    cat_map = search_vo.get("catMap")
    for category in (cat_map or {}).values() if isinstance(cat_map, dict) else ():
        if isinstance(category, dict):
            merged.extend(category.get("listVO") or [])
            if isinstance(category.get("totalCount"), int):
                totals.append(category["totalCount"])
    # Each category pages on its own, so the largest category decides whether another page exists.
    return merged, (max(totals) if totals else (int(total) if isinstance(total, int) else None))


def parse_gov_search(body: bytes) -> SearchPage:
    """Parse one search response (``searchVO.listVO[]`` or the ``catMap`` variant).

    Raises:
        ParseError: Not JSON, ``code`` not 200, or no ``searchVO`` object.
    """
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"policy search is not JSON: {exc}; starts {body[:60]!r}") from exc
    if not isinstance(data, dict):
        raise ParseError(f"policy search is JSON {type(data).__name__}, expected an object")
    if str(data.get("code", 200)) != "200":
        raise ParseError(f"policy search answered code={data.get('code')!r} msg={data.get('msg')!r}")
    search_vo = data.get("searchVO")
    if not isinstance(search_vo, dict):
        # The catMap variant has been seen at the top level too.
        search_vo = data if isinstance(data.get("catMap"), dict) else None
    if search_vo is None:
        raise ParseError("policy search has no searchVO object")
    items, total = _list_vos(search_vo)
    entries: list[ListEntry] = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("url") or "").strip():
            continue
        entries.append(
            ListEntry(
                title=clean(item.get("title")),
                url=gov_canonical(str(item["url"])),
                day=parse_day(str(item.get("pubtimeStr") or item.get("pubtime") or "")),
                issuer=clean(item.get("puborg")),
                doc_number=clean(item.get("pcode")),
            )
        )
    return SearchPage(entries=entries, total=total)


def _table_meta(soup: BeautifulSoup) -> dict[str, str]:
    """Label/value pairs of ``table.bd1``: a cell whose text is a known label is followed by its value cell."""
    table = soup.select_one(settings.GOV_META_TABLE_SELECTOR)
    meta: dict[str, str] = {}
    if table is None:
        return meta
    cells = table.find_all("td")
    for index, cell in enumerate(cells[:-1]):
        key = settings.GOV_TABLE_LABELS.get(_LABEL_JUNK.sub("", cell.get_text()))
        if key and key not in meta:
            meta[key] = _SPACES.sub(" ", cells[index + 1].get_text(" ", strip=True))
    return meta


def parse_gov_page(body: bytes, content_type: str, url: str) -> Page:
    """Read a gov.cn policy page: ``div.share-title``, ``table.bd1`` cells, meta tags, ``div.TRS_UEDITOR`` body.

    Publication time: ``firstpublishedtime`` meta, else the table's 发布日期 (at 00:00).

    Raises:
        ParseError: No known body container.
    """
    soup = _soup(body, content_type)
    container = _first(soup, settings.GOV_BODY_SELECTORS)
    if container is None:
        raise ParseError(f"no policy body ({', '.join(settings.GOV_BODY_SELECTORS)}) on {url}")
    meta = _table_meta(soup)
    for name in ("firstpublishedtime", "lastmodifiedtime", "manuscriptId", "lanmu", "keywords"):
        if value := _meta(soup, name):
            meta[name] = value
    title_tag = _first(soup, settings.GOV_TITLE_SELECTORS)
    title = title_tag.get_text(" ", strip=True) if title_tag else meta.get("table_title", "")
    published, published_from = parse_datetime(meta.get("firstpublishedtime", "")), "firstpublishedtime"
    if published is None:
        published, published_from = parse_datetime(meta.get("publish_date", "")), "table"
    attachments = _attachments(container, url)
    return Page(title, published, published_from if published else "", block_text(container), meta, attachments)


# -- NHC -----------------------------------------------------------------------------------------------


def nhc_canonical(href: str, base: str) -> str:
    """Resolve an NHC link; NHC pages are canonical on http://www.nhc.gov.cn (the lists link that way)."""
    parts = urlsplit(urljoin(base, href.strip()))
    host = (parts.hostname or "").lower()
    if host in settings.NHC_HOSTS:
        return urlunsplit(("http", "www.nhc.gov.cn", parts.path, "", ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def nhc_native_id(url: str) -> str | None:
    """``nhc:<32 hex>`` for ``/qjjys/<column>/<YYYYMM>/<32 hex>.shtml`` article URLs, else None."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in settings.NHC_HOSTS:
        return None
    match = _NHC_ARTICLE.match(parts.path)
    return f"nhc:{match.group('id')}" if match else None


def parse_nhc_list(body: bytes, content_type: str, page_url: str) -> NhcListing:
    """Parse an NHC list page: ``ul.zxxx_list li`` with ``a`` (title attribute or text) and a date ``span``.

    The next page is the pager link whose text is 下一页; the last page has none (or a link to itself).
    """
    soup = _soup(body, content_type)
    entries: list[ListEntry] = []
    for li in soup.select(settings.NHC_ITEM_SELECTOR):
        link = li.find("a", href=True)
        if not isinstance(link, Tag):
            continue
        title = str(link.get("title") or "").strip() or link.get_text(" ", strip=True)
        span = li.find("span")
        day = parse_day(span.get_text(strip=True)) if isinstance(span, Tag) else None
        entries.append(ListEntry(title=title, url=nhc_canonical(str(link["href"]), page_url), day=day))
    next_url = None
    for link in soup.select(settings.NHC_PAGER_SELECTOR):
        if "下一页" in link.get_text() and link.get("href"):
            candidate = nhc_canonical(str(link["href"]), page_url)
            if candidate != nhc_canonical(page_url, page_url):
                next_url = candidate
            break
    return NhcListing(entries=entries, next_url=next_url)


def parse_nhc_page(body: bytes, content_type: str, url: str) -> Page:
    """Read an NHC article: ``div.tit`` title, ``div.source`` (发布时间/来源) or the PubDate meta, ``#xw_box`` body.

    Raises:
        ParseError: No known body container.
    """
    soup = _soup(body, content_type)
    container = _first(soup, settings.NHC_BODY_SELECTORS)
    if container is None:
        raise ParseError(f"no article body ({', '.join(settings.NHC_BODY_SELECTORS)}) on {url}")
    meta = {name: value for name in ("ArticleTitle", "PubDate", "ContentSource") if (value := _meta(soup, name))}
    source = soup.select_one(settings.NHC_SOURCE_SELECTOR)
    source_text = _SPACES.sub(" ", source.get_text(" ", strip=True)) if source else ""
    if "来源" in source_text:
        meta.setdefault("ContentSource", re.split(r"来源\s*[:：]\s*", source_text, maxsplit=1)[1].strip())
    title_tag = _first(soup, settings.NHC_TITLE_SELECTORS)
    title = title_tag.get_text(" ", strip=True) if title_tag else meta.get("ArticleTitle", "")
    published, published_from = parse_datetime(meta.get("PubDate", "")), "meta"
    if published is None:
        published, published_from = parse_datetime(source_text), "source"
    attachments = _attachments(container, url)
    return Page(title, published, published_from if published else "", block_text(container), meta, attachments)


def nhc_doc_type(nhc_list: NhcList, title: str) -> str:
    """``research_filing`` for a 备案 notice about stem-cell or clinical research, else the list's type."""
    if _RESEARCH_FILING.search(title) and _FILING_SUBJECT.search(title):
        return "research_filing"
    return nhc_list.doc_type


# -- documents -----------------------------------------------------------------------------------------


def parse_policy(raw: RawDocument) -> ParsedDocument:
    """Build one document from a stored gov.cn or NHC page and its list entry (``raw.context``).

    Raises:
        ParseError: The page failed to fetch; unknown outlet or NHC list, no body, no title, or no date anywhere.
    """
    if raw.fetch_errors:
        raise ParseError("; ".join(raw.fetch_errors))
    outlet = raw.context.get("outlet", "")
    url = raw.context.get("url") or raw.record.url
    nhc_list: NhcList | None = None
    if outlet == "gov":
        page = parse_gov_page(raw.record.body, raw.record.content_type, url)
        doc_type = "policy"
    elif outlet == "nhc":
        nhc_list = settings.NHC_LISTS.get(raw.context.get("list", ""))
        if nhc_list is None:
            raise ParseError(f"unknown NHC list {raw.context.get('list')!r} for {raw.native_id}")
        page = parse_nhc_page(raw.record.body, raw.record.content_type, url)
        doc_type = ""
    else:
        raise ParseError(f"unknown policy outlet {outlet!r} for {raw.native_id}")
    title = page.title or raw.context.get("list_title", "")
    if not title:
        raise ParseError(f"no title on {url}")
    if nhc_list is not None:
        doc_type = nhc_doc_type(nhc_list, title)
    published, published_from = page.published, page.published_from
    if published is None:
        list_day = parse_day(raw.context.get("list_date", ""))
        if list_day is None:
            raise ParseError(f"no publication date on {url} nor in its list entry")
        published = datetime(list_day.year, list_day.month, list_day.day, tzinfo=settings.BEIJING)
        published_from = "list"
    if not page.body_text:
        raise ParseError(f"empty body on {url}")
    issuer = page.meta.get("issuer") or raw.context.get("issuer") or page.meta.get("ContentSource", "")
    metadata: dict[str, Any] = {
        "outlet": outlet,
        "issuer": issuer,
        "doc_number": page.meta.get("doc_number") or raw.context.get("doc_number", ""),
        "written_date": page.meta.get("written_date", ""),
        "subject": page.meta.get("subject", ""),
        "manuscript_id": page.meta.get("manuscriptId", ""),
        "published_from": published_from,
        "list": raw.context.get("list", ""),
        "keywords": raw.context.get("keywords", ""),
        "attachments": [{"name": n, "url": u} for n, u in page.attachments],
        "cgt_terms": raw.context.get("cgt_terms", ""),
    }
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=url,
        title=title,
        published_at=published,
        doc_type=doc_type,
        body_text=page.body_text,
        attachment_url=page.attachments[0][1] if page.attachments else None,
        metadata=metadata,
    )
