"""gov.cn policy library and NHC (国家卫健委) 科技教育司 pages: URLs, selectors and defaults (SOURCES.md section 5)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from extractors.relevance import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS

BEIJING = ZoneInfo("Asia/Shanghai")
OUTLETS = ("gov", "nhc")

# -- 中国政府网 policy library ----------------------------------------------------------------------
GOV_SEARCH_URL = "https://sousuo.www.gov.cn/search-gov/data"
GOV_SEARCH_TABLE = "zhengcelibrary_gw_bm_gb"  # 国务院文件 + 部门文件 + 公报
GOV_HOSTS = frozenset({"www.gov.cn", "gov.cn"})
# gov.cn's WAF rejects non-browser User-Agents (SOURCES 5b), so requests to gov.cn hosts replace the client's
# identifying UA with a Chrome-like one. This is the only place cgtwatch does so, and only for these hosts.
CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
GOV_SEARCH_REFERER = "https://sousuo.www.gov.cn/zcwjk/policyDocumentLibrary"
GOV_BODY_SELECTORS = ("div.TRS_UEDITOR", "#UCAP-CONTENT", "div.pages_content", "div.article-content")
GOV_TITLE_SELECTORS = ("div.share-title", "div.article h1", "h1")
GOV_META_TABLE_SELECTOR = "table.bd1"
# Cell labels of the metadata table (whitespace and the trailing colon removed) and the metadata keys they fill.
GOV_TABLE_LABELS = {
    "索引号": "index_no",
    "主题分类": "subject",
    "发文机关": "issuer",
    "成文日期": "written_date",
    "标题": "table_title",
    "发文字号": "doc_number",
    "发布日期": "publish_date",
}
GOV_ARTICLE_ID_PATTERN = r"content_(?P<id>\d+)\.htm"

# -- 国家卫健委 科技教育司 ------------------------------------------------------------------------------
NHC_BASE = "http://www.nhc.gov.cn"
NHC_HOSTS = frozenset({"www.nhc.gov.cn", "nhc.gov.cn"})
NHC_ITEM_SELECTOR = "ul.zxxx_list li"
NHC_PAGER_SELECTOR = "div.pagination_index a"
NHC_TITLE_SELECTORS = ("div.tit", "div.list div.tit", "h1")
NHC_BODY_SELECTORS = ("#xw_box", "div.con", "div.TRS_Editor", "#zoom")
NHC_SOURCE_SELECTOR = "div.source"
NHC_ARTICLE_PATTERN = r"^/qjjys/(?P<column>[A-Za-z0-9]+)/(?P<ym>\d{6})/(?P<id>[0-9a-f]{32})\.shtml$"
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".wps", ".et")


@dataclass(frozen=True)
class NhcList:
    """One NHC 科技教育司 list."""

    key: str
    label: str
    url: str
    # doc_type of its pages unless the title marks a research filing (see ``parse.nhc_doc_type``).
    doc_type: str


NHC_LISTS: dict[str, NhcList] = {
    lst.key: lst
    for lst in (
        NhcList("zcwj2", "科技教育司 政策文件", f"{NHC_BASE}/qjjys/zcwj2/new_zcwj.shtml", "policy"),
        NhcList("pgzdt", "科技教育司 工作动态", f"{NHC_BASE}/qjjys/pgzdt/new_list.shtml", "news"),
    )
}


@dataclass(frozen=True)
class PolicyConfig:
    """How the policy source searches, pages and filters.

    Args:
        outlets: Which sites to read (``gov``, ``nhc``).
        gov_keywords: Title keywords for the gov.cn policy-library search, one sweep each.
        gov_page_size: Results per search page.
        gov_max_pages: Hard cap on search pages per keyword.
        nhc_lists: Which NHC 科技教育司 lists to read (``zcwj2``, ``pgzdt``).
        nhc_max_pages: Hard cap on pages per NHC list.
        cgt_terms: A result or list entry is fetched only when its title contains one of these.
        cgt_exclude: Phrases removed before matching.
    """

    outlets: tuple[str, ...] = OUTLETS
    gov_keywords: tuple[str, ...] = ("干细胞", "细胞治疗", "基因治疗", "细胞和基因")
    gov_page_size: int = 20
    gov_max_pages: int = 10
    nhc_lists: tuple[str, ...] = ("zcwj2", "pgzdt")
    nhc_max_pages: int = 5
    cgt_terms: tuple[str, ...] = (*DEFAULT_CGT_TERMS, "临床研究备案", "再生医学")
    cgt_exclude: tuple[str, ...] = DEFAULT_CGT_EXCLUDE

    def __post_init__(self) -> None:
        unknown = [o for o in self.outlets if o not in OUTLETS] + [k for k in self.nhc_lists if k not in NHC_LISTS]
        if unknown:
            raise ValueError(
                f"unknown policy outlets or NHC lists {unknown}; known: {list(OUTLETS)}, {sorted(NHC_LISTS)}"
            )
        if min(self.gov_page_size, self.gov_max_pages, self.nhc_max_pages) < 1:
            raise ValueError("policy page sizes and page caps must be >= 1")
