"""CDE (药品审评中心) endpoints, list definitions and defaults, as documented in SOURCES.md section 4."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from extractors.relevance import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS

BASE_URL = "https://www.cde.org.cn"
# The warm-up page: GETting it in the same session hands out the anti-bot cookies the JSON APIs require.
HOME_URL = f"{BASE_URL}/"
ORIGIN = BASE_URL
BEIJING = ZoneInfo("Asia/Shanghai")
# The server rejects any other page size (100 answers HTTP 500).
ALLOWED_PAGE_SIZES = frozenset({10, 20, 30, 50})
ACCEPTID_PATTERN = r"^[A-Z]{4}\d{7}$"


@dataclass(frozen=True)
class ListKind:
    """One CDE list: where its JSON API is, what its records mean and which fields hold what.

    Field names are tried in order; SOURCES.md marks several as uncertain, so each role lists the
    spellings the site and public crawlers have used.
    """

    kind: str
    label: str
    doc_type: str
    api_url: str
    shell_url: str
    base_form: dict[str, str]
    date_fields: tuple[str, ...]
    name_fields: tuple[str, ...] = ("drgnamecn", "drugname", "drugnamecn", "ypmc")
    company_fields: tuple[str, ...] = ("company", "companys", "qymc", "ssxkcyr")
    indication_fields: tuple[str, ...] = ("lcmsxkIndication", "instruction", "indication", "syz")
    registerkind_fields: tuple[str, ...] = ("registerkind", "lcmsxkRegisterkind")
    # True when the API takes a single ``year`` and must be queried once per year of the window.
    per_year: bool = False
    extra: dict[str, str] = field(default_factory=dict)


ACCEPTANCE = ListKind(
    kind="acceptance",
    label="受理",
    doc_type="acceptance_record",
    api_url=f"{BASE_URL}/main/xxgk/getMenuListHc",
    shell_url=f"{BASE_URL}/main/xxgk/listpage/9f9c74c73e0f8f56a8bfbc646055026d",
    # drugtype=swzp: 生物制品, where every cell and gene therapy is filed (治疗用生物制品).
    base_form={"statenow": "", "drugtype": "swzp", "applytype": "", "acceptid": "", "drugname": "", "company": ""},
    date_fields=("createdate",),
    per_year=True,
)
IND_APPROVAL = ListKind(
    kind="ind_approval",
    label="临床试验默示许可",
    doc_type="implied_ind_record",
    api_url=f"{BASE_URL}/main/xxgk/getCliniCalList",
    shell_url=f"{BASE_URL}/main/xxgk/listpage/4b5255eb0a84820cef4ca3e8b6bbe20c",
    base_form={"condition": ""},
    # Uncertain: public crawlers do not show this list's date key; these are the plausible spellings.
    date_fields=("lcmsxkDate", "approveDate", "noticeDate", "createdate", "publishDate"),
)
PRIORITY_REVIEW = ListKind(
    kind="priority_review",
    label="优先审评公示",
    doc_type="priority_review_record",
    api_url=f"{BASE_URL}/main/priority/getPriorityApprovalList",
    shell_url=f"{BASE_URL}/main/xxgk/listpage/2f78f372d351c6851af7431c7710a731",
    base_form={"noticeType": "2", "acceptid": "", "drugname": "", "company": ""},
    date_fields=("noticeDate", "createdate", "applyDate"),
)
BREAKTHROUGH = ListKind(
    kind="breakthrough",
    label="突破性治疗公示",
    doc_type="breakthrough_record",
    api_url=f"{BASE_URL}/main/breakthrough/getBreakthroughCureList",
    shell_url=f"{BASE_URL}/main/xxgk/listpage/da6efd086c099b7fc949121166f0130c",
    base_form={"noticeType": "1", "acceptid": "", "drugname": "", "company": ""},
    date_fields=("noticeDate", "applyDate"),
)
LIST_KINDS: dict[str, ListKind] = {k.kind: k for k in (ACCEPTANCE, IND_APPROVAL, PRIORITY_REVIEW, BREAKTHROUGH)}

# Chinese labels for the body text; keys not listed here are rendered under their raw name.
FIELD_LABELS: dict[str, str] = {
    "acceptid": "受理号",
    "drgnamecn": "药品名称",
    "drugname": "药品名称",
    "drugnamecn": "药品名称",
    "ypmc": "药品名称",
    "company": "申请人",
    "companys": "申请人",
    "qymc": "申请人",
    "ssxkcyr": "申请人",
    "lcmsxkIndication": "适应症",
    "instruction": "适应症",
    "indication": "适应症",
    "syz": "适应症",
    "registerkind": "注册分类",
    "lcmsxkRegisterkind": "注册分类",
    "drugtype": "药品类型",
    "applytype": "申请类型",
    "createdate": "承办日期",
    "applyDate": "申请日期",
    "noticeDate": "公示日期",
    "endNoticeDate": "公示截止日期",
    "lcmsxkDate": "默示许可日期",
    "approveDate": "批准日期",
    "publishDate": "发布日期",
}
# Internal keys of the site (record ids, sort columns) that carry nothing a reader needs.
HIDDEN_FIELDS = frozenset({"pridCODE", "bcnidCODE", "nidCODE", "id", "rn", "rownum", "isdel"})

# Decoding of the acceptance number's letters (SOURCES.md section 4, "Acceptance number").
ORIGIN_BY_LETTER = {"C": "domestic", "J": "import"}
NOVELTY_BY_LETTER = {"X": "new_drug", "Y": "generic", "B": "supplement"}
CATEGORY_BY_LETTER = {"H": "chemical", "S": "biological", "Z": "tcm"}
APPLICATION_BY_LETTER = {"L": "IND", "S": "NDA", "B": "supplement", "Z": "re-registration", "R": "review"}
APPLICATION_ZH = {
    "IND": "临床试验申请",
    "NDA": "上市申请",
    "supplement": "补充申请",
    "re-registration": "再注册申请",
    "review": "复审申请",
}
ORIGIN_ZH = {"domestic": "境内生产", "import": "境外生产（进口）"}
CATEGORY_ZH = {"chemical": "化学药品", "biological": "生物制品", "tcm": "中药"}


@dataclass(frozen=True)
class CdeConfig:
    """How the CDE source pages and filters.

    Args:
        page_size: Records per page; the server accepts only 10, 20, 30 or 50.
        overlap_days: Paging continues until a whole page is older than ``window.since`` minus this
            many days: the lists lag by about two days (T-2) and are back-filled at month end, so
            records can surface slightly out of date order.
        max_pages: Hard cap on pages per list (and per year for the acceptance list).
        lists: Which lists to read, by kind (``acceptance``, ``ind_approval``, ``priority_review``,
            ``breakthrough``).
        cgt_terms: A record is kept when its drug name or indication contains one of these.
        cgt_exclude: Phrases removed before matching (non-CGT words that contain a CGT term).
    """

    page_size: int = 50
    overlap_days: int = 3
    max_pages: int = 40
    lists: tuple[str, ...] = ("acceptance", "ind_approval", "priority_review", "breakthrough")
    cgt_terms: tuple[str, ...] = DEFAULT_CGT_TERMS
    cgt_exclude: tuple[str, ...] = DEFAULT_CGT_EXCLUDE

    def __post_init__(self) -> None:
        if self.page_size not in ALLOWED_PAGE_SIZES:
            raise ValueError(f"CDE page_size must be one of {sorted(ALLOWED_PAGE_SIZES)}, got {self.page_size}")
        unknown = [name for name in self.lists if name not in LIST_KINDS]
        if unknown:
            raise ValueError(f"unknown CDE list kinds {unknown}; known: {sorted(LIST_KINDS)}")
        if self.overlap_days < 0 or self.max_pages < 1:
            raise ValueError("CDE overlap_days must be >= 0 and max_pages >= 1")
