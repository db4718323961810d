"""Financial-news feeds (证券日报 zqrb.cn, 新浪财经 roll API): URLs, selectors and defaults (SOURCES.md section 6)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from extractors.relevance import DEFAULT_CGT_EXCLUDE

BEIJING = ZoneInfo("Asia/Shanghai")
OUTLETS = ("zqrb", "sina")

# -- 证券日报 (Securities Daily) ---------------------------------------------------------------------
ZQRB_BASE = "http://www.zqrb.cn"
ZQRB_HOSTS = frozenset({"www.zqrb.cn", "zqrb.cn"})
ZQRB_ITEM_SELECTOR = "div.news_content ul li"
ZQRB_LINK_SELECTOR = "a.lista"
ZQRB_DATE_SELECTOR = "span.date"
ZQRB_TITLE_SELECTORS = ("div.news_content > h1", "div.news_content h1", "h1")
ZQRB_INFO_SELECTOR = "div.info_news"
ZQRB_BODY_SELECTORS = ("div.content-lcq", "div.news_content div.content", "div.txt")
# /<channel>/<sub>/<YYYY-MM-DD>/A<13 digits>.html; the 13 digits look like an epoch-millisecond id.
ZQRB_ARTICLE_PATTERN = r"/(?P<channel>[A-Za-z]+/[A-Za-z]+)/(?P<day>\d{4}-\d{2}-\d{2})/(?P<id>A\d{13})\.html$"

# -- 新浪财经 (Sina Finance) -------------------------------------------------------------------------
SINA_ROLL_URL = "https://feed.mix.sina.com.cn/api/roll/get"
SINA_PAGEID = "153"
SINA_REFERER = "https://finance.sina.com.cn/roll/"
SINA_TITLE_SELECTORS = (".main-title", "#artibodyTitle", "h1")
SINA_DATE_SELECTORS = (".date-source .date", "#navtimeSource", ".time-source", "#pub_date")
SINA_SOURCE_SELECTORS = (".date-source .source", "#navtimeSource a", "#navtimeSource span", "#media_name")
SINA_BODY_SELECTORS = ("#artibody", "div.article", "#article")
SINA_DOC_ID_PATTERN = r"doc-(?P<id>i[a-z0-9]+)\.shtml"

# Elements inside bodies that are never article text (share bars, QR codes, editor boxes, app promotions).
JUNK_SELECTORS = (
    "script",
    "style",
    ".appendQr_wrap",
    ".article-editor",
    ".show_statement",
    ".finance_app_zqtg",
    ".cj-r-block",
    ".share",
    ".bshare-custom",
    ".fenxiang",
    ".hqimg_related",
    ".ct_hqimg",
)
# A body line starting with one of these is boilerplate, not the article.
BOILERPLATE_PREFIXES = (
    "责任编辑",
    "責任編輯",
    "免责声明",
    "免責聲明",
    "新浪声明",
    "新浪財經聲明",
    "特别声明",
    "海量资讯、精准解读",
    "分享到",
    "本文来源",
    "（本文来源",
    "(本文来源",
    "编辑：",
)

# The news filter is stricter than the regulators' (no bare 细胞/基因): these feeds cover all of finance, and
# a term like 基因 alone matches gene-sequencing and agriculture stories. Traditional forms are listed too,
# because Hong Kong reposts arrive in traditional characters (the transform layer converts text later).
DEFAULT_NEWS_TERMS: tuple[str, ...] = (
    "干细胞",
    "细胞治疗",
    "细胞疗法",
    "细胞药物",
    "CAR-T",
    "CAR-NK",
    "TCR-T",
    "基因治疗",
    "基因疗法",
    "间充质",
    "免疫细胞",
    "AAV",
    "腺相关病毒",
    "溶瘤病毒",
    "仑赛",
    "托赛",
    "幹細胞",
    "細胞治療",
    "細胞療法",
    "基因治療",
    "間充質",
    "免疫細胞",
)


@dataclass(frozen=True)
class NewsConfig:
    """How the news source pages and filters.

    Args:
        outlets: Which feeds to read (``zqrb``, ``sina``).
        zqrb_channels: 证券日报 channels as ``<channel>/<sub>``.
        sina_lids: Sina roll list ids (``2516`` = 财经 is the only one sources agree on).
        sina_page_size: Items per roll page (the API takes at most 50).
        max_pages: Hard cap on list pages per channel or lid.
        cursor_overlap_hours: How far before the stored cursor paging continues, to catch late items.
        cgt_terms: A list entry is fetched only when its title (or Sina intro) contains one of these.
        cgt_exclude: Phrases removed before matching.
    """

    outlets: tuple[str, ...] = OUTLETS
    zqrb_channels: tuple[str, ...] = ("gscy/qiyexinxi", "finance/hangyedongtai")
    sina_lids: tuple[str, ...] = ("2516",)
    sina_page_size: int = 50
    max_pages: int = 10
    cursor_overlap_hours: int = 6
    cgt_terms: tuple[str, ...] = DEFAULT_NEWS_TERMS
    cgt_exclude: tuple[str, ...] = DEFAULT_CGT_EXCLUDE

    def __post_init__(self) -> None:
        unknown = [o for o in self.outlets if o not in OUTLETS]
        if unknown:
            raise ValueError(f"unknown news outlets {unknown}; known: {list(OUTLETS)}")
        if not 1 <= self.sina_page_size <= 50 or self.max_pages < 1 or self.cursor_overlap_hours < 0:
            raise ValueError("news sina_page_size must be 1..50, max_pages >= 1, cursor_overlap_hours >= 0")
        bad = [c for c in self.zqrb_channels if c.count("/") != 1 or not all(c.split("/"))]
        if bad:
            raise ValueError(f"zqrb channels must look like 'gscy/qiyexinxi', got {bad}")
