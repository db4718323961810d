"""Pure parsing of NMPA list pages and article pages (HTML), plus attachment text."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from cgtwatch.errors import IncompleteDocumentError, ParseError
from extractors.base import ParsedDocument, RawDocument, RawPayload
from extractors.charset import decode_html
from extractors.nmpa import settings
from extractors.nmpa.settings import Column
from extractors.pdf import pdf_text
from extractors.relevance import cgt_terms_found

log = logging.getLogger(__name__)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_PUBLISHED_IN_TEXT = re.compile(r"发布时间[:：]\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)")
_PAGER = re.compile(settings.PAGER_PATTERN)
_POLICY_TITLE = re.compile(settings.POLICY_TITLE_PATTERN)
_NATIVE_ID = re.compile(r"^\d{14,20}$")
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")


@dataclass(frozen=True)
class ListItem:
    """One entry of a list page."""

    title: str
    url: str
    day: date | None


@dataclass(frozen=True)
class ListingPage:
    """One list page: its entries and, when the pager says so, the column's page count."""

    items: list[ListItem]
    page_count: int | None


@dataclass(frozen=True)
class Article:
    """What an article page says, before it becomes a document."""

    title: str
    published: datetime | None
    body_text: str
    meta: dict[str, str]
    attachments: list[tuple[str, str]] = field(default_factory=list)


def list_page_url(column: Column, page_index: int) -> str:
    """Page 0 is ``index.html``; page n+1 is ``index_<n>.html``."""
    if page_index == 0:
        return column.index_url
    return column.index_url.replace("index.html", f"index_{page_index}.html")


def canonical_url(href: str, base: str) -> str:
    """Resolve ``href`` against ``base``; on NMPA hosts drop the CMS prefix and use https://www.nmpa.gov.cn."""
    parts = urlsplit(urljoin(base, href.strip()))
    host = (parts.hostname or "").lower()
    if host not in settings.HOSTS:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    path = parts.path
    if path.startswith(settings.CMS_PREFIX + "/"):
        path = path[len(settings.CMS_PREFIX) :]
    return urlunsplit(("https", "www.nmpa.gov.cn", path, parts.query, ""))


def is_nmpa(url: str) -> bool:
    """True for pages on the NMPA site itself."""
    return (urlsplit(url).hostname or "").lower() in settings.HOSTS


def skip_reason(url: str) -> str | None:
    """Why a list entry is not fetched (an off-site article), or None."""
    host = (urlsplit(url).hostname or "").lower()
    if host in settings.OFFSITE_SKIP_HOSTS:
        return f"WeChat article ({host}) needs a browser and is not NMPA's own page"
    if host not in settings.HOSTS:
        return f"off-site link to {host or url}"
    return None


def parse_day(text: str) -> date | None:
    """The first ``YYYY-MM-DD`` style date in ``text``."""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_datetime(text: str) -> datetime | None:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` as Beijing time."""
    match = _DATETIME.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=settings.BEIJING)
    except ValueError:
        return None


def _soup(body: bytes, content_type: str) -> BeautifulSoup:
    text, _ = decode_html(body, content_type)
    return BeautifulSoup(text, "lxml")


def parse_list_page(body: bytes, content_type: str, page_url: str) -> ListingPage:
    """Parse a column list page: ``.list ul li`` items with ``<a href title>`` and ``<span>YYYY-MM-DD</span>``."""
    soup = _soup(body, content_type)
    items: list[ListItem] = []
    for li in soup.select(settings.LIST_ITEM_SELECTOR):
        link = li.find("a", href=True)
        if not isinstance(link, Tag):
            continue
        title = str(link.get("title") or "").strip() or link.get_text(" ", strip=True)
        span = li.find("span")
        day = parse_day(span.get_text(strip=True)) if isinstance(span, Tag) else None
        items.append(ListItem(title=title, url=canonical_url(str(link["href"]), page_url), day=day))
    pager = _PAGER.search(soup.decode())
    return ListingPage(items=items, page_count=int(pager.group(1)) if pager else None)


def native_id_for(url: str) -> str:
    """The article's 17-digit timestamp id from its file name, else its path without the extension."""
    path = PurePosixPath(urlsplit(url).path)
    if _NATIVE_ID.match(path.stem):
        return path.stem
    return str(path.with_suffix("")).lstrip("/")


def _meta(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", attrs={"name": name})
    return str(tag.get("content") or "").strip() if isinstance(tag, Tag) else ""


def _first_text(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found.get_text(" ", strip=True)
    return ""


def _block_text(element: Tag) -> str:
    for junk in element.find_all(["script", "style"]):
        junk.decompose()
    for row in element.find_all("tr"):
        # Keep a table row on one line, so an approval row reads 受理号 药品名称 申请人 together.
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
        row.replace_with(NavigableString("\n" + " | ".join(c for c in cells if c) + "\n"))
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in element.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def parse_article_html(body: bytes, content_type: str, page_url: str) -> Article:
    """Read title, publication time, body text, metadata and attachment links from an article page.

    Raises:
        ParseError: None of the known body containers is on the page.
    """
    soup = _soup(body, content_type)
    meta = {
        name: value
        for name in ("ArticleTitle", "PubDate", "ColumnName", "ColumnType", "ContentSource", "SiteName")
        if (value := _meta(soup, name))
    }
    # The article's own heading first; a bare h1 last, because page headers sometimes use one for the logo.
    title = _first_text(soup, settings.TITLE_SELECTORS) or meta.get("ArticleTitle") or _first_text(soup, ("h1",))
    attachments: list[tuple[str, str]] = []
    for link in soup.find_all("a", href=True):
        href = str(link["href"]).strip()
        if urlsplit(href).path.lower().endswith(settings.ATTACHMENT_EXTENSIONS):
            url = canonical_url(href, page_url)
            if url not in (u for _, u in attachments):
                attachments.append((link.get_text(" ", strip=True) or PurePosixPath(urlsplit(url).path).name, url))
    container = None
    for selector in settings.BODY_SELECTORS:
        candidate = soup.select_one(selector)
        if candidate is not None and candidate.get_text(strip=True):
            container = candidate
            break
    if container is None:
        raise ParseError(f"no article body ({', '.join(settings.BODY_SELECTORS)}) on {page_url}")
    body_text = _block_text(container)
    published = parse_datetime(meta.get("PubDate", ""))
    if published is None:
        found_in_text = _PUBLISHED_IN_TEXT.search(soup.get_text(" "))
        published = parse_datetime(found_in_text.group(1)) if found_in_text else None
        if published is not None:
            meta["_pubdate_from"] = "text"
    else:
        meta["_pubdate_from"] = "meta"
    return Article(title=title, published=published, body_text=body_text, meta=meta, attachments=attachments)


def doc_type_for(column: Column, title: str) -> str:
    """``policy`` for a 公告通告 that issues a named regulation or guideline, else the column's type."""
    if column.key == "ggtg" and _POLICY_TITLE.search(title):
        return "policy"
    return column.doc_type


def attachment_texts(attachments: tuple[RawPayload, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """Text of each fetched PDF attachment as (url, text), and the reasons of those that could not be read."""
    texts: list[tuple[str, str]] = []
    errors: list[str] = []
    for payload in attachments:
        try:
            texts.append((payload.url, pdf_text(payload.body)))
        except ParseError as exc:
            errors.append(f"{payload.url}: {exc}")
    return texts, errors


def parse_article(raw: RawDocument) -> ParsedDocument:
    """Build the document of one article page and its fetched PDF attachments.

    ``raw.context`` carries the column key and the list entry's title and date, the fallbacks for a
    page without ``<meta name="PubDate">`` or a recognisable title. An article whose PDF attachment
    failed to fetch or to read is rejected: loaded without it, it would be a truncated document
    marked complete, and no later run would replace it.

    Raises:
        IncompleteDocumentError: An attachment was not fetched (the next run fetches it again).
        ParseError: Unknown column, no body, no title, no publication date anywhere, or an
            attachment that is not a readable PDF.
    """
    column = settings.COLUMNS.get(raw.context.get("column", ""))
    if column is None:
        raise ParseError(f"unknown NMPA column {raw.context.get('column')!r} for {raw.native_id}")
    url = canonical_url(raw.context.get("url") or raw.record.url, column.index_url)
    article = parse_article_html(raw.record.body, raw.record.content_type, url)
    title = article.title or raw.context.get("list_title", "")
    if not title:
        raise ParseError(f"no title on {url}")
    published = article.published
    pubdate_from = article.meta.pop("_pubdate_from", "")
    if published is None:
        list_day = parse_day(raw.context.get("list_date", ""))
        if list_day is None:
            raise ParseError(f"no PubDate meta, no 发布时间 and no list date for {url}")
        published = datetime(list_day.year, list_day.month, list_day.day, tzinfo=settings.BEIJING)
        pubdate_from = "list"
    if raw.fetch_errors:
        raise IncompleteDocumentError(f"article {url} incomplete: {'; '.join(raw.fetch_errors)}")
    texts, pdf_errors = attachment_texts(raw.attachments)
    if pdf_errors:
        raise ParseError(f"article {url} incomplete: {'; '.join(pdf_errors)}")
    parts = [article.body_text]
    names = dict((u, n) for n, u in article.attachments)
    for pdf_url, text in texts:
        if text:
            parts.append(f"附件：{names.get(pdf_url, PurePosixPath(urlsplit(pdf_url).path).name)}\n{text}")
    pdf_urls = [u for _, u in article.attachments if u.lower().endswith(".pdf")]
    metadata: dict[str, Any] = {
        "column": column.key,
        "column_label": column.label,
        "column_name": article.meta.get("ColumnName"),
        "content_source": article.meta.get("ContentSource"),
        "pubdate_from": pubdate_from,
        "attachments": [{"name": n, "url": u} for n, u in article.attachments],
        "pdf_text_from": [u for u, _ in texts],
        "attachment_errors": [*raw.fetch_errors, *pdf_errors],
        "cgt_terms": raw.context.get("cgt_terms", ""),
        "list_date": raw.context.get("list_date") or None,
    }
    return ParsedDocument(
        source=raw.source,
        native_id=raw.native_id,
        url=url,
        title=title,
        published_at=published,
        doc_type=doc_type_for(column, title),
        body_text="\n\n".join(p for p in parts if p),
        attachment_url=pdf_urls[0] if pdf_urls else (article.attachments[0][1] if article.attachments else None),
        metadata=metadata,
    )


def relevance_terms(title: str, text: str, terms: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
    """The CGT terms in an article's title and text (see :func:`extractors.relevance.cgt_terms_found`)."""
    return cgt_terms_found(f"{title}\n{text}", terms, exclude)
