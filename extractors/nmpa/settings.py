"""NMPA (国家药品监督管理局) list columns, selectors and defaults, as documented in SOURCES.md section 3."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from extractors.relevance import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS

BASE_URL = "https://www.nmpa.gov.cn"
HOME_URL = f"{BASE_URL}/"
HOSTS = frozenset({"www.nmpa.gov.cn", "nmpa.gov.cn"})
BEIJING = ZoneInfo("Asia/Shanghai")
# Some list hrefs carry the CMS's internal prefix; the public URL is the same path without it.
CMS_PREFIX = "/directory/web/nmpa"
OFFSITE_SKIP_HOSTS = ("mp.weixin.qq.com",)


@dataclass(frozen=True)
class Column:
    """One NMPA list column."""

    key: str
    label: str
    index_url: str
    # The doc_type of its articles; 公告通告 is decided per title (see ``POLICY_TITLE_PATTERN``).
    doc_type: str


YPJGYW = Column("ypjgyw", "药品监管要闻", f"{BASE_URL}/yaowen/ypjgyw/index.html", "regulatory_news")
GGTG = Column("ggtg", "公告通告", f"{BASE_URL}/xxgk/ggtg/index.html", "regulatory_news")
# Uncertain: the list URL of 药品批准证明文件送达信息 is inferred from one detail page's path (SOURCES.md).
YPPJFB = Column(
    "yppjfb", "药品批准证明文件送达信息", f"{BASE_URL}/zwfw/sdxx/sdxxyp/yppjfb/index.html", "approval_notice"
)
COLUMNS: dict[str, Column] = {c.key: c for c in (YPJGYW, GGTG, YPPJFB)}

LIST_ITEM_SELECTOR = ".list ul li"
# Tried in order; the first that exists and has text is the body.
BODY_SELECTORS = (".text", "div.TRS_Editor", "div#zoom", "div.article-content")
TITLE_SELECTORS = ("div.title h1", "div.xl_tit h2")
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".wps")
# A 公告通告 that issues a named regulation or guideline is a policy document, not news.
POLICY_TITLE_PATTERN = r"《[^》]*(办法|规定|规范|指导原则|指南|条例|细则|程序|要求|标准|目录|规则|附录)[^》]*》"
# TRS pagers call createPageHTML(<page count>, <current>, "index", "html"), sometimes with an element id first.
PAGER_PATTERN = r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)"


@dataclass(frozen=True)
class NmpaConfig:
    """How the NMPA source pages and filters.

    Args:
        columns: Which columns to read (``ypjgyw``, ``ggtg``, ``yppjfb``).
        max_pages: Hard cap on list pages per column.
        fetch_pdf_attachments: Fetch PDF attachments and include their text.
        max_attachments: At most this many PDFs per article.
        cgt_terms: An article is kept when its title, body or PDF text contains one of these.
        cgt_exclude: Phrases removed before matching (non-CGT words that contain a CGT term).
    """

    columns: tuple[str, ...] = ("ypjgyw", "ggtg", "yppjfb")
    max_pages: int = 20
    fetch_pdf_attachments: bool = True
    max_attachments: int = 5
    cgt_terms: tuple[str, ...] = DEFAULT_CGT_TERMS
    cgt_exclude: tuple[str, ...] = DEFAULT_CGT_EXCLUDE

    def __post_init__(self) -> None:
        unknown = [name for name in self.columns if name not in COLUMNS]
        if unknown:
            raise ValueError(f"unknown NMPA columns {unknown}; known: {sorted(COLUMNS)}")
        if self.max_pages < 1 or self.max_attachments < 0:
            raise ValueError("NMPA max_pages must be >= 1 and max_attachments >= 0")
