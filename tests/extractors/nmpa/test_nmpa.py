"""nmpa: list and article parsing per layout variant, and column paging against recorded fixtures over loopback HTTP."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from cgtwatch.config import HttpSettings, Settings
from cgtwatch.errors import BlockedByChallengeError, IncompleteDocumentError, ParseError, PermanentSourceError
from cgtwatch.snapshot_server import SnapshotServer
from extractors.base import DOC_TYPES, FetchWindow, RawDocument, RawPayload
from extractors.http import HttpClient
from extractors.nmpa import NmpaConfig, NmpaSource, build, parse, parse_document, settings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "nmpa"
DEMO = ROOT / "cgtwatch" / "snapshot" / "nmpa"
YEAR_2025 = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
NEWS = "https://www.nmpa.gov.cn/yaowen/ypjgyw/"


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("../ypjgyw/gzdt/1.html", f"{NEWS}index.html", f"{NEWS}gzdt/1.html"),
        ("/directory/web/nmpa/yaowen/ypjgyw/gzdt/2.html", f"{NEWS}index_1.html", f"{NEWS}gzdt/2.html"),
        ("http://nmpa.gov.cn/xxgk/ggtg/3.html#top", f"{NEWS}index.html", "https://www.nmpa.gov.cn/xxgk/ggtg/3.html"),
        ("P020250912.pdf", f"{NEWS}gzdt/4.html", f"{NEWS}gzdt/P020250912.pdf"),
        ("https://mp.weixin.qq.com/s/abc", f"{NEWS}index.html", "https://mp.weixin.qq.com/s/abc"),
    ],
    ids=["relative", "cms-prefix", "http-bare-host", "attachment", "weixin"],
)
def test_canonical_url(href, base, expected):
    assert parse.canonical_url(href, base) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://mp.weixin.qq.com/s/abc", "WeChat"),
        ("https://www.samr.gov.cn/x.html", "off-site"),
        ("https://www.nmpa.gov.cn/x.html", None),
    ],
)
def test_skip_reason(url, reason):
    result = parse.skip_reason(url)
    assert (result is None) if reason is None else (reason in result)


def test_list_page_urls():
    assert parse.list_page_url(settings.YPJGYW, 0) == f"{NEWS}index.html"
    assert parse.list_page_url(settings.YPJGYW, 3) == f"{NEWS}index_3.html"


def body(root: str, name: str) -> bytes:
    base = DEMO if root == "demo" else FIXTURES / root
    return (base / "bodies" / name).read_bytes()


def test_parse_list_page_reads_titles_links_dates_and_pager():
    listing = parse.parse_list_page(body("layouts", "ypjgyw_list_0.html"), "text/html", f"{NEWS}index.html")
    assert [(i.title, i.url, i.day) for i in listing.items] == [
        ("相对链接：细胞治疗产品监管动态", f"{NEWS}gzdt/20250320100000001.html", date(2025, 3, 20)),
        ("CMS前缀链接：基因治疗产品审评进展", f"{NEWS}gzdt/20250312100000002.html", date(2025, 3, 12)),
        ("微信文章：CAR-T细胞治疗科普", "https://mp.weixin.qq.com/s/T3stWe1xinL1nk", date(2025, 3, 8)),
        ("缺少PubDate：间充质干细胞产品检查", f"{NEWS}gzdt/20250303100000003.html", date(2025, 3, 3)),
    ]
    assert listing.page_count is None
    demo = parse.parse_list_page(body("demo", "ypjgyw_list_0.html"), "text/html", f"{NEWS}index.html")
    assert demo.page_count == 2


def raw_article(root: str, name: str, column: str, url: str, list_date: str, pdfs: tuple[RawPayload, ...] = ()):
    fetched = datetime.fromisoformat("2026-01-05T00:00:00+00:00")
    page = RawPayload(url, 200, "text/html", body(root, name), fetched)
    context = {"column": column, "url": url, "list_title": "列表标题", "list_date": list_date}
    return RawDocument("nmpa", parse.native_id_for(url), page, attachments=pdfs, context=context)


def pdf_payload(url: str, name: str) -> tuple[RawPayload, ...]:
    return (RawPayload(url, 200, "application/pdf", body("demo", name), datetime(2026, 1, 5)),)


GGTG = "https://www.nmpa.gov.cn/xxgk/ggtg/"
YPPJFB = "https://www.nmpa.gov.cn/zwfw/sdxx/sdxxyp/yppjfb/"
ARTICLES = [
    pytest.param(
        raw_article(
            "layouts", "ypjgyw_20250320100000001.html", "ypjgyw", f"{NEWS}gzdt/20250320100000001.html", "2025-03-20"
        ),
        (
            "相对链接：细胞治疗产品监管动态",
            "2025-03-20T10:00:00+08:00",
            f"{NEWS}gzdt/20250320100000001.html",
            "regulatory_news",
            (20, 40),
            "meta",
        ),
        id="text-title-h1",
    ),
    pytest.param(
        raw_article(
            "layouts", "ypjgyw_20250312100000002.html", "ypjgyw", f"{NEWS}gzdt/20250312100000002.html", "2025-03-12"
        ),
        (
            "CMS前缀链接：基因治疗产品审评进展",
            "2025-03-12T14:45:30+08:00",
            f"{NEWS}gzdt/20250312100000002.html",
            "regulatory_news",
            (40, 60),
            "meta",
        ),
        id="trs-editor-xl-tit",
    ),
    pytest.param(
        raw_article(
            "layouts", "ypjgyw_20250303100000003.html", "ypjgyw", f"{NEWS}gzdt/20250303100000003.html", "2025-03-03"
        ),
        (
            "缺少PubDate：间充质干细胞产品检查",
            "2025-03-03T00:00:00+08:00",
            f"{NEWS}gzdt/20250303100000003.html",
            "regulatory_news",
            (25, 45),
            "list",
        ),
        id="zoom-bare-h1-missing-pubdate",
    ),
    pytest.param(
        raw_article(
            "demo",
            "ggtg_20251028101700934.html",
            "ggtg",
            f"{GGTG}20251028101700934.html",
            "2025-10-28",
            pdf_payload(f"{GGTG}files/P020251028101700934.pdf", "P020251028101700934.pdf"),
        ),
        (
            "国家药监局关于发布《基因治疗产品药学变更研究技术指导原则（试行）》的通告（2025年第52号）",
            "2025-10-28T10:17:00+08:00",
            f"{GGTG}20251028101700934.html",
            "policy",
            (200, 300),
            "meta",
        ),
        id="policy-with-pdf",
    ),
    pytest.param(
        raw_article("demo", "yppjfb_20250103090015008.html", "yppjfb", f"{YPPJFB}20250103090015008.html", "2025-01-03"),
        (
            "2025年01月03日药品批准证明文件送达信息",
            "2025-01-03T09:00:00+08:00",
            f"{YPPJFB}20250103090015008.html",
            "approval_notice",
            (100, 160),
            "meta",
        ),
        id="approval-notice-table",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), ARTICLES)
def test_parse_article_layouts(raw, expected):
    title, published, url, doc_type, (low, high), pubdate_from = expected
    doc = parse_document(raw)
    assert doc.title == title
    assert doc.published_at.isoformat() == published
    assert str(doc.published_at.tzinfo) == "Asia/Shanghai"
    assert doc.url == url
    assert doc.doc_type == doc_type
    assert doc.doc_type in DOC_TYPES
    assert low <= len(doc.body_text) <= high, len(doc.body_text)
    assert doc.metadata["pubdate_from"] == pubdate_from
    assert doc.native_id == url.rsplit("/", 1)[1].removesuffix(".html")


def test_pdf_text_is_part_of_the_body():
    doc = parse_document(ARTICLES[3].values[0])
    assert (
        "附件：基因治疗产品药学变更研究技术指导原则（试行）.pdf\n基因治疗产品药学变更研究技术指导原则（试行）"
        in doc.body_text
    )
    assert "空壳率" in doc.body_text
    assert doc.attachment_url == f"{GGTG}files/P020251028101700934.pdf"
    assert doc.metadata["pdf_text_from"] == [f"{GGTG}files/P020251028101700934.pdf"]
    assert doc.metadata["content_source"] == "国家药监局"


def test_approval_table_rows_stay_on_one_line():
    doc = parse_document(ARTICLES[4].values[0])
    assert (
        "1 | 艾米迈托赛注射液 | 铂生卓越生物科技（北京）有限公司 | 药品注册证书（附条件批准）"
        in doc.body_text.splitlines()
    )


def test_unreadable_pdf_rejects_the_article_rather_than_loading_it_truncated():
    bad = (RawPayload(f"{GGTG}files/x.pdf", 200, "application/pdf", b"<html>404</html>", datetime(2026, 1, 5)),)
    raw = raw_article("demo", "ggtg_20251028101700934.html", "ggtg", f"{GGTG}20251028101700934.html", "", bad)
    with pytest.raises(ParseError, match=r"incomplete: .*not a PDF"):
        parse_document(raw)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            b"<html><head><meta charset='utf-8'></head><body><h1>t</h1><div class='nav'>x</div></body></html>",
            "no article body",
        ),
        (b"<html><head><meta charset='utf-8'></head><body><div class='text'>body</div></body></html>", "no PubDate"),
    ],
)
def test_parse_article_rejects(page, message):
    raw = RawDocument(
        "nmpa",
        "1",
        RawPayload(f"{NEWS}1.html", 200, "text/html", page, datetime(2026, 1, 5)),
        context={"column": "ypjgyw", "url": f"{NEWS}1.html", "list_title": "t", "list_date": ""},
    )
    with pytest.raises(ParseError, match=message):
        parse_document(raw)


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("国家药监局关于发布《基因治疗产品药学变更研究技术指导原则（试行）》的通告", "policy"),
        ("国家药监局关于修订布洛芬制剂说明书的公告", "regulatory_news"),
        ("国家药监局综合司公开征求《细胞治疗产品生产质量管理附录（修订稿）》意见", "policy"),
    ],
)
def test_doc_type_for_announcements(title, doc_type):
    assert parse.doc_type_for(settings.GGTG, title) == doc_type
    assert parse.doc_type_for(settings.YPJGYW, title) == "regulatory_news"


@pytest.fixture
def serve():
    servers: list[SnapshotServer] = []

    def start(name: str) -> tuple[SnapshotServer, HttpClient]:
        server = SnapshotServer([DEMO if name == "demo" else FIXTURES / name]).start()
        servers.append(server)
        client = HttpClient(HttpSettings(route_all_to=server.url, min_interval_per_host_s=0, respect_robots=False))
        return server, client

    yield start
    for server in servers:
        server.stop()


def test_paging_follows_links_skips_weixin_and_stops_on_old_pages(serve):
    server, client = serve("layouts")
    source = NmpaSource(client, NmpaConfig(columns=("ypjgyw",)))
    docs = list(source.fetch(FetchWindow(date(2025, 2, 1), date(2025, 3, 31))))
    assert [d.native_id for d in docs] == [
        "20250320100000001",
        "20250312100000002",
        "20250303100000003",
        "20250210100000004",
    ]
    # Page 1's newest item (02-10) is in the window; page 2 is wholly January, so index_3 is never asked for.
    assert [r.url.rsplit("/", 1)[1] for r in server.requests if "index" in r.url] == [
        "index.html",
        "index_1.html",
        "index_2.html",
    ]
    assert server.count("weixin") == 0
    assert all(r.status == 200 for r in server.requests)
    assert docs[1].record.url == f"{NEWS}gzdt/20250312100000002.html"


def test_window_stop_on_the_first_old_page(serve):
    server, client = serve("layouts")
    docs = list(
        NmpaSource(client, NmpaConfig(columns=("ypjgyw",))).fetch(FetchWindow(date(2025, 3, 1), date(2025, 3, 31)))
    )
    assert len(docs) == 3
    assert server.count("index", method="GET") == 2
    assert len(server.requests) == 5


def test_challenge_412_is_blocked_never_empty(serve):
    server, client = serve("challenge")
    with pytest.raises(BlockedByChallengeError, match="HTTP 412"):
        list(NmpaSource(client).fetch(YEAR_2025))
    assert len(server.requests) == 1


def test_an_empty_first_list_page_is_a_layout_failure():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html><body><div class='news'><ul></ul></div></body></html>")

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(PermanentSourceError, match=r"no \.list ul li"):
        list(NmpaSource(client).fetch(YEAR_2025))


def test_missing_pdf_quarantines_the_article_as_incomplete(serve):
    _server, _ = serve("demo")
    page = (DEMO / "bodies" / "ggtg_20251028101700934.html").read_bytes()
    listing = (DEMO / "bodies" / "ggtg_list_0.html").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("index.html"):
            return httpx.Response(200, content=listing, headers={"Content-Type": "text/html"})
        if request.url.path.endswith(".pdf"):
            return httpx.Response(404)
        if request.url.path.endswith("20251028101700934.html"):
            return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})
        return httpx.Response(200, content=b"<html><body><div class='text'>no match</div></body></html>")

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False, max_attempts=1),
        transport=httpx.MockTransport(handler),
    )
    docs = list(
        NmpaSource(client, NmpaConfig(columns=("ggtg",))).fetch(FetchWindow(date(2025, 10, 1), date(2025, 10, 31)))
    )
    assert [d.native_id for d in docs] == ["20251028101700934"]
    # Quarantined as incomplete (its source's window is fetched again next run), never loaded truncated.
    with pytest.raises(IncompleteDocumentError, match="HTTP 404"):
        parse_document(docs[0])


def test_demo_snapshot_yields_the_2025_cgt_articles(serve):
    server, client = serve("demo")
    docs = list(build(client, Settings(Path("d"), Path("w"), Path("l"), Path("s"))).fetch(YEAR_2025))
    parsed = [parse_document(d) for d in docs]
    assert Counter(p.doc_type for p in parsed) == {"regulatory_news": 6, "policy": 3, "approval_notice": 4}
    assert server.count(".pdf", method="GET") == 3  # two kept policies/notices plus one PDF checked and dropped
    assert server.count("weixin") == 0
    assert len(server.requests) == 24
    assert all(r.status == 200 for r in server.requests)
    meta = json.loads((DEMO / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["source"] == "nmpa"
    assert meta["window"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert meta["documents"] == 13
    titles = {p.title for p in parsed}
    assert "国家药监局附条件批准艾米迈托赛注射液上市" in titles
    assert "国家药监局部署开展中药饮片质量专项整治" not in titles
    notice = next(p for p in parsed if p.native_id == "20250912091010218")
    assert "重组腺相关病毒载体视网膜色素上皮65基因注射液" in notice.body_text
