"""Pure parsing of 证券日报 list and article pages and of Sina's roll API and article pages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from cgtwatch.errors import ParseError
from extractors.base import ParsedDocument, RawDocument
from extractors.charset import decode_html
from extractors.news import settings

_DATETIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?"
)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_ZQRB_ARTICLE = re.compile(settings.ZQRB_ARTICLE_PATTERN)
_SINA_DOC = re.compile(settings.SINA_DOC_ID_PATTERN)
_SOURCE_LABEL = re.compile(r"来源[:：]\s*")


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed list (a zqrb list page or a Sina roll page)."""

    outlet: str
    native_id: str
    title: str
    url: str
    published: datetime | None
    # True when ``published`` carries only a day (zqrb list dates): comparisons then use the day.
    day_only: bool
    intro: str = ""
    media: str = ""


@dataclass(frozen=True)
class Article:
    """What an article page says."""

    title: str
    published: datetime | None
    media: str
    author: str
    body_text: str
    layout: str


def parse_datetime(text: str) -> tuple[datetime | None, bool]:
    """The first date (with optional time) in ``text`` as Beijing time, and whether it was a bare day."""
    match = _DATETIME.search(text or "")
    if not match:
        return None, False
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=settings.BEIJING)
    except ValueError:
        return None, False
    return value, match.group(4) is None


def from_unix(value: Any) -> datetime | None:
    """Sina's ``ctime`` (unix seconds, number or string) as Beijing time."""
    try:
        seconds = int(float(str(value)))
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=settings.BEIJING) if seconds > 0 else None


def _soup(body: bytes, content_type: str) -> tuple[BeautifulSoup, str]:
    text, encoding = decode_html(body, content_type)
    return BeautifulSoup(text, "lxml"), encoding


def _first(soup: BeautifulSoup, selectors: tuple[str, ...]) -> tuple[Tag | None, str]:
    for selector in selectors:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found, selector
    return None, ""


def is_boilerplate(line: str) -> bool:
    """True for editor credits, disclaimers, app promotions and share prompts."""
    return line.startswith(settings.BOILERPLATE_PREFIXES)


def block_text(element: Tag) -> str:
    """Text of a body container, one paragraph per line, without share bars and boilerplate lines."""
    for selector in settings.JUNK_SELECTORS:
        for node in element.select(selector):
            node.decompose()
    lines = (_SPACES.sub(" ", line).strip() for line in element.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line and not is_boilerplate(line))


# -- 证券日报 ------------------------------------------------------------------------------------------


def zqrb_list_url(channel: str, page: int) -> str:
    """Page 1 is ``index.html``; page n is ``index_p<n>.html``."""
    name = "index.html" if page <= 1 else f"index_p{page}.html"
    return f"{settings.ZQRB_BASE}/{channel}/{name}"


def zqrb_canonical(href: str, base: str) -> str:
    """Resolve a zqrb link; the site serves plain http on www.zqrb.cn, so that is the canonical form."""
    parts = urlsplit(urljoin(base, href.strip()))
    host = (parts.hostname or "").lower()
    if host in settings.ZQRB_HOSTS:
        return urlunsplit(("http", "www.zqrb.cn", parts.path, "", ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def zqrb_native_id(url: str) -> str | None:
    """``zqrb:A<13 digits>`` from an article URL, or None for URLs that are not zqrb articles."""
    match = _ZQRB_ARTICLE.search(urlsplit(url).path)
    return f"zqrb:{match.group('id')}" if match else None


def parse_zqrb_list(body: bytes, content_type: str, page_url: str) -> list[FeedItem]:
    """Parse a channel list page: ``div.news_content ul li`` with ``a.lista`` and ``span.date``.

    Entries whose link is not a zqrb article URL (ads, topic pages) are dropped. When the date span
    is missing, the date in the article URL is used.
    """
    soup, _ = _soup(body, content_type)
    items: list[FeedItem] = []
    for li in soup.select(settings.ZQRB_ITEM_SELECTOR):
        link = li.select_one(settings.ZQRB_LINK_SELECTOR) or li.find("a", href=True)
        if not isinstance(link, Tag) or not link.get("href"):
            continue
        url = zqrb_canonical(str(link["href"]), page_url)
        native_id = zqrb_native_id(url)
        if native_id is None:
            continue
        title = str(link.get("title") or "").strip() or link.get_text(" ", strip=True)
        span = li.select_one(settings.ZQRB_DATE_SELECTOR)
        published, day_only = parse_datetime(span.get_text(" ", strip=True) if span else "")
        if published is None:
            published, day_only = parse_datetime(urlsplit(url).path)
        items.append(FeedItem("zqrb", native_id, title, url, published, day_only))
    return items


def parse_zqrb_article(body: bytes, content_type: str, url: str) -> Article:
    """Read a zqrb article: title ``div.news_content > h1``, ``div.info_news`` line, body ``div.content-lcq``.

    The info line reads ``YYYY-MM-DD HH:MM 来源：<source> <author>``; the source is split off at ``来源：``.

    Raises:
        ParseError: No known body container.
    """
    soup, encoding = _soup(body, content_type)
    container, selector = _first(soup, settings.ZQRB_BODY_SELECTORS)
    if container is None:
        raise ParseError(f"no article body ({', '.join(settings.ZQRB_BODY_SELECTORS)}) on {url}")
    title_tag, _ = _first(soup, settings.ZQRB_TITLE_SELECTORS)
    info = soup.select_one(settings.ZQRB_INFO_SELECTOR)
    info_text = _SPACES.sub(" ", info.get_text(" ", strip=True)) if info else ""
    published, _ = parse_datetime(info_text)
    media = author = ""
    if _SOURCE_LABEL.search(info_text):
        after = _SOURCE_LABEL.split(info_text, maxsplit=1)[1].strip()
        media, _, author = after.partition(" ")
    return Article(
        title=title_tag.get_text(" ", strip=True) if title_tag else "",
        published=published,
        media=media.strip(),
        author=author.strip(),
        body_text=block_text(container),
        layout=f"zqrb {selector} ({encoding})",
    )


# -- 新浪财经 ------------------------------------------------------------------------------------------


def sina_roll_query(lid: str, page: int, page_size: int) -> dict[str, str]:
    """Query string of one roll page (no ``r`` cache buster: the API does not need one)."""
    return {"pageid": settings.SINA_PAGEID, "lid": lid, "k": "", "num": str(page_size), "page": str(page)}


def sina_canonical(url: str) -> str:
    """Sina article URL with https and without query or fragment (share links add ``?from=`` etc.)."""
    parts = urlsplit(url.strip())
    return urlunsplit(("https", (parts.hostname or "").lower(), parts.path, "", ""))


def parse_sina_roll(body: bytes) -> list[FeedItem]:
    """Parse one roll page: ``result.data[]`` with docid/title/intro/url/ctime/media_name.

    Items without a URL are dropped; the native id is the ``doc-i…`` id of the URL, else ``docid``.

    Raises:
        ParseError: Not JSON, or no ``result`` object.
    """
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"roll page is not JSON: {exc}; starts {body[:60]!r}") from exc
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise ParseError("roll page has no 'result' object")
    items: list[FeedItem] = []
    for entry in result.get("data") or []:
        if not isinstance(entry, dict) or not str(entry.get("url") or "").strip():
            continue
        url = sina_canonical(str(entry["url"]))
        match = _SINA_DOC.search(url)
        doc_id = match.group("id") if match else str(entry.get("docid") or "").strip()
        if not doc_id:
            continue
        items.append(
            FeedItem(
                outlet="sina",
                native_id=f"sina:{doc_id}",
                title=str(entry.get("title") or "").strip(),
                url=url,
                published=from_unix(entry.get("ctime")),
                day_only=False,
                intro=str(entry.get("intro") or "").strip(),
                media=str(entry.get("media_name") or "").strip(),
            )
        )
    return items


def parse_sina_article(body: bytes, content_type: str, url: str) -> Article:
    """Read a Sina article in the current (``.main-title``) or old (``#artibodyTitle``) layout.

    Raises:
        ParseError: No known body container.
    """
    soup, encoding = _soup(body, content_type)
    container, _ = _first(soup, settings.SINA_BODY_SELECTORS)
    if container is None:
        raise ParseError(f"no article body ({', '.join(settings.SINA_BODY_SELECTORS)}) on {url}")
    title_tag, title_selector = _first(soup, settings.SINA_TITLE_SELECTORS)
    date_tag, _ = _first(soup, settings.SINA_DATE_SELECTORS)
    published, _ = parse_datetime(date_tag.get_text(" ", strip=True) if date_tag else "")
    source_tag, _ = _first(soup, settings.SINA_SOURCE_SELECTORS)
    layout = "old" if title_selector == "#artibodyTitle" else "current"
    return Article(
        title=title_tag.get_text(" ", strip=True) if title_tag else "",
        published=published,
        media=source_tag.get_text(" ", strip=True) if source_tag else "",
        author="",
        body_text=block_text(container),
        layout=f"sina {layout} ({encoding})",
    )


# -- documents -----------------------------------------------------------------------------------------


def parse_article(raw: RawDocument) -> ParsedDocument:
    """Build one news document from its stored page and the feed entry in ``raw.context``.

    The page's title and time win; the feed's title, time (zqrb list date or URL date, Sina ``ctime``)
    and media name are fallbacks.

    Raises:
        ParseError: The page failed to fetch; unknown outlet, no body, no title, or no time anywhere.
    """
    if raw.fetch_errors:
        raise ParseError("; ".join(raw.fetch_errors))
    outlet = raw.context.get("outlet", "")
    url = raw.context.get("url") or raw.record.url
    if outlet == "zqrb":
        article = parse_zqrb_article(raw.record.body, raw.record.content_type, url)
    elif outlet == "sina":
        article = parse_sina_article(raw.record.body, raw.record.content_type, url)
    else:
        raise ParseError(f"unknown news outlet {outlet!r} for {raw.native_id}")
    title = article.title or raw.context.get("list_title", "")
    if not title:
        raise ParseError(f"no title on {url}")
    published = article.published
    published_from = "page"
    if published is None:
        published, _ = parse_datetime(raw.context.get("list_date", ""))
        published_from = "feed"
    if published is None and outlet == "zqrb":
        published, _ = parse_datetime(urlsplit(url).path)
        published_from = "url"
    if published is None:
        raise ParseError(f"no publication time on {url} nor in its feed entry")
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
            "outlet": outlet,
            "media": article.media or raw.context.get("media", ""),
            "author": article.author,
            "layout": article.layout,
            "published_from": published_from,
            "channel": raw.context.get("channel", ""),
            "intro": raw.context.get("intro", ""),
            "cgt_terms": raw.context.get("cgt_terms", ""),
        },
    )


def item_day(item: FeedItem) -> date | None:
    """The Beijing calendar day of a feed entry."""
    return item.published.date() if item.published else None
