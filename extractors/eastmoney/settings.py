"""Eastmoney (东方财富) endpoints, selectors and defaults, as documented in SOURCES.md section 2."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from extractors.relevance import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS

BEIJING = ZoneInfo("Asia/Shanghai")

SEARCH_URL = "https://search-api-web.eastmoney.com/search/jsonp"
# A fixed JSONP callback: the browser sends jQuery<random>_<ms>, but a constant keeps recordings replayable
# and the server echoes whatever name it is given.
CALLBACK = "jQuery_cgtwatch"
SEARCH_TYPE = "cmsArticleWebOld"
SEARCH_REFERER = "https://so.eastmoney.com/news/s"
ARTICLE_URL = "https://finance.eastmoney.com/a/{code}.html"
ARTICLE_HOSTS = frozenset({"finance.eastmoney.com", "stock.eastmoney.com", "global.eastmoney.com"})

ANN_LIST_URL = "https://np-anotice-stock.eastmoney.com/api/security/ann"
ANN_CONTENT_URL = "https://np-cnotice-stock.eastmoney.com/api/content/ann"
ANN_DETAIL_URL = "https://data.eastmoney.com/notices/detail/{stock_code}/{art_code}.html"
ANN_REFERER = "https://data.eastmoney.com/notices/"

# Tried in order; the first that exists and has text is the article body. #ContentBody is the documented one,
# the others are the older templates public crawlers fall back to.
BODY_SELECTORS = ("#ContentBody", "div.article-content", "div.newsContent", "div.Body", "div.txtinfos")
TITLE_SELECTORS = ("div.newsContent > h1", "div.title", "div.detail-title", "h1")
TIME_SELECTORS = ("div.infos div.item", "div.time", "div.Info span", "span.time")
SOURCE_SELECTORS = ("div.infos div.item a", "div.source a", "div.source", "span.source")
# Elements inside the body that are never article text.
BODY_JUNK_SELECTORS = (
    "script",
    "style",
    "p.em_media",
    "div.res-edit",
    "div.b-review",
    "div.social_bar",
    "div.share",
    "div.zwothers",
    "div.sourcebox",
)
# A body line starting with one of these is boilerplate (editor, source credit, the site's disclaimer).
BOILERPLATE_PREFIXES = (
    "责任编辑",
    "（责任编辑",
    "(责任编辑",
    "（文章来源",
    "(文章来源",
    "文章来源",
    "郑重声明",
    "免责声明",
    "原标题：",
    "【免责声明】",
)
HIGHLIGHT_TAG_PATTERN = r"</?em\s*>"


@dataclass(frozen=True)
class EastmoneyConfig:
    """How the Eastmoney source searches, pages and filters.

    Args:
        keywords: Search terms for the news search, one sweep each.
        search_page_size: Hits per search page.
        search_sort: ``time`` (newest first) or ``default`` (relevance); the window stop is exact only by time.
        max_search_pages: Hard cap on search pages per keyword.
        stock_codes: Listed companies whose announcement lists are read (empty: no announcements).
        ann_page_size: Announcements per list page (a crawler reports a cap of 50).
        max_ann_pages: Hard cap on announcement list pages per company.
        max_content_pages: At most this many content pages per long announcement.
        cgt_terms: A hit or announcement is kept only when its title or snippet contains one of these.
        cgt_exclude: Phrases removed before matching.
    """

    keywords: tuple[str, ...] = ("干细胞", "CAR-T", "细胞治疗", "基因治疗", "间充质")
    search_page_size: int = 10
    search_sort: str = "time"
    max_search_pages: int = 20
    stock_codes: tuple[str, ...] = ("600645", "300238", "000504", "600196", "002038")
    ann_page_size: int = 50
    max_ann_pages: int = 20
    max_content_pages: int = 5
    cgt_terms: tuple[str, ...] = DEFAULT_CGT_TERMS
    cgt_exclude: tuple[str, ...] = DEFAULT_CGT_EXCLUDE

    def __post_init__(self) -> None:
        if self.search_sort not in {"time", "default"}:
            raise ValueError(f"eastmoney search_sort must be 'time' or 'default', got {self.search_sort!r}")
        if min(self.search_page_size, self.max_search_pages, self.ann_page_size, self.max_ann_pages) < 1:
            raise ValueError("eastmoney page sizes and page caps must be >= 1")
        if self.max_content_pages < 1:
            raise ValueError("eastmoney max_content_pages must be >= 1")
