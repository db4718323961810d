"""policy: gov.cn search and page parsing (both variants), NHC lists and pages, paging, challenges and the gov.cn UA."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from cgtwatch.config import DEFAULT_USER_AGENT, HttpSettings, Settings
from cgtwatch.errors import BlockedByChallengeError, ParseError
from cgtwatch.snapshot_server import SnapshotServer
from extractors.base import DOC_TYPES, FetchWindow, RawDocument, RawPayload
from extractors.http import HttpClient
from extractors.policy import PolicyConfig, PolicySource, build, parse, parse_document, settings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "cgtwatch" / "snapshot" / "policy"
FIXTURES = ROOT / "tests" / "fixtures" / "policy"
YEAR_2025 = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
FETCHED = datetime.fromisoformat("2026-01-05T00:00:00+00:00")
NHC = "http://www.nhc.gov.cn/qjjys"


def raw(name: str, outlet: str, url: str, **context: str) -> RawDocument:
    body = (DEMO / "bodies" / name).read_bytes()
    native = parse.gov_native_id(url) if outlet == "gov" else parse.nhc_native_id(url) or url
    ctx = {"outlet": outlet, "url": url, **context}
    return RawDocument("policy", native, RawPayload(url, 200, "text/html; charset=utf-8", body, FETCHED), context=ctx)


CASES = [
    pytest.param(
        raw("gov_7004521.html", "gov", "https://www.gov.cn/zhengce/zhengceku/202502/content_7004521.htm"),
        (
            "国家卫生健康委办公厅关于进一步做好干细胞临床研究备案管理工作的通知",
            "2025-02-18T17:30:05+08:00",
            "policy",
            (190, 240),
            "firstpublishedtime",
            ("国家卫生健康委员会", "国卫办科教函〔2025〕31号"),
        ),
        id="gov-trs-ueditor-share-title",
    ),
    pytest.param(
        raw("gov_7052286.html", "gov", "https://www.gov.cn/zhengce/zhengceku/202511/content_7052286.htm"),
        (
            "国家药监局关于发布《基因治疗产品长期随访临床研究技术指导原则》的通告",
            "2025-11-20T00:00:00+08:00",
            "policy",
            (100, 130),
            "table",
            ("国家药监局", "国家药监局通告2025年第61号"),
        ),
        id="gov-ucap-content-table-only",
    ),
    pytest.param(
        raw(
            "nhc_3f2c9a1b7d4e4c0f9a8b6c5d4e3f2a1b.html",
            "nhc",
            f"{NHC}/s7945/202512/3f2c9a1b7d4e4c0f9a8b6c5d4e3f2a1b.shtml",
            list="zcwj2",
        ),
        (
            "关于公布2025年第二批干细胞临床研究备案项目的通知",
            "2025-12-18T10:00:00+08:00",
            "research_filing",
            (140, 200),
            "meta",
            ("科技教育司", ""),
        ),
        id="nhc-filing-with-pubdate-meta-and-attachment",
    ),
    pytest.param(
        raw(
            "nhc_5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f.html",
            "nhc",
            f"{NHC}/s7945/202506/5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f.shtml",
            list="zcwj2",
        ),
        (
            "关于公布2025年第一批干细胞临床研究备案项目的通知",
            "2025-06-20T00:00:00+08:00",
            "research_filing",
            (120, 180),
            "source",
            ("科技教育司", ""),
        ),
        id="nhc-filing-date-from-source-line",
    ),
    pytest.param(
        raw(
            "nhc_2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e.html",
            "nhc",
            f"{NHC}/s7945/202502/2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e.shtml",
            list="zcwj2",
        ),
        (
            "关于加强体细胞临床研究管理的通知",
            "2025-02-21T00:00:00+08:00",
            "policy",
            (80, 120),
            "source",
            ("科技教育司", ""),
        ),
        id="nhc-policy",
    ),
    pytest.param(
        raw(
            "nhc_4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b.html",
            "nhc",
            f"{NHC}/pgzdt/202511/4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b.shtml",
            list="pgzdt",
        ),
        (
            "科技教育司召开干细胞临床研究监管工作座谈会",
            "2025-11-05T10:00:00+08:00",
            "news",
            (90, 130),
            "meta",
            ("科技教育司", ""),
        ),
        id="nhc-work-news",
    ),
]


@pytest.mark.parametrize(("raw_doc", "expected"), CASES)
def test_parse_layouts(raw_doc, expected):
    title, published, doc_type, (low, high), published_from, (issuer, number) = expected
    doc = parse_document(raw_doc)
    assert doc.title == title
    assert doc.published_at.isoformat() == published
    assert str(doc.published_at.tzinfo) == "Asia/Shanghai"
    assert doc.url == raw_doc.context["url"]
    assert doc.doc_type == doc_type
    assert doc.doc_type in DOC_TYPES
    assert low <= len(doc.body_text) <= high, len(doc.body_text)
    assert doc.metadata["published_from"] == published_from
    assert (doc.metadata["issuer"], doc.metadata["doc_number"]) == (issuer, number)
    for junk in ("责任编辑", "我要纠错", "索 引 号"):
        assert junk not in doc.body_text


def test_nhc_attachment_is_listed_not_fetched():
    doc = parse_document(CASES[2].values[0])
    assert doc.attachment_url == f"{NHC}/s7945/202512/files/3f2c9a1b.xlsx"
    assert doc.metadata["attachments"][0]["name"] == "2025年第二批干细胞临床研究备案项目名单.xlsx"


@pytest.mark.parametrize(
    ("body", "urls", "total"),
    [
        ("gov_search_k0_p1.json", 4, 4),
        ("gov_search_k2_p1.json", 3, 3),  # 基因治疗 answers in the catMap variant
    ],
)
def test_gov_search_both_shapes(body, urls, total):
    page = parse.parse_gov_search((DEMO / "bodies" / body).read_bytes())
    assert len(page.entries) == urls
    assert page.total == total
    assert all(e.url.startswith("https://www.gov.cn/") and "<em>" not in e.title for e in page.entries)
    assert all(e.day is not None for e in page.entries)


def test_gov_search_catmap_body_really_has_no_listvo():
    data = json.loads((DEMO / "bodies" / "gov_search_k2_p1.json").read_text(encoding="utf-8"))
    assert "listVO" not in data["searchVO"]
    assert set(data["searchVO"]["catMap"]) == {"gongwen", "bumenfile"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>waf</html>", "not JSON"),
        (b'{"code": 500, "msg": "busy"}', "code=500"),
        (b'{"code": 200}', "no searchVO"),
    ],
)
def test_gov_search_rejects(body, message):
    with pytest.raises(ParseError, match=message):
        parse.parse_gov_search(body)


def test_page_that_failed_to_fetch_is_quarantined():
    raw_doc = RawDocument(
        "policy",
        "gov:1",
        RawPayload("u", 200, "application/json", b"{}", FETCHED),
        fetch_errors=("page fetch failed: HTTP 404",),
        context={"outlet": "gov"},
    )
    with pytest.raises(ParseError, match="HTTP 404"):
        parse_document(raw_doc)


@pytest.fixture
def serve():
    servers: list[SnapshotServer] = []

    def start(root: Path) -> tuple[SnapshotServer, HttpClient]:
        server = SnapshotServer([root]).start()
        servers.append(server)
        return server, HttpClient(
            HttpSettings(route_all_to=server.url, min_interval_per_host_s=0, respect_robots=False)
        )

    yield start
    for server in servers:
        server.stop()


def test_demo_snapshot_yields_policies_filings_and_news(serve):
    server, client = serve(DEMO)
    docs = [
        parse_document(d) for d in build(client, Settings(Path("d"), Path("w"), Path("l"), Path("s"))).fetch(YEAR_2025)
    ]
    meta = json.loads((DEMO / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["source"] == "policy"
    assert meta["window"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert len(docs) == meta["documents"] == 12
    assert Counter(d.doc_type for d in docs) == {"policy": 7, "research_filing": 3, "news": 2}
    assert all(r.status == 200 for r in server.requests)
    # Found by several keywords, fetched once; the irrelevant 粒细胞 notice and 2024 pages are never fetched.
    assert server.count("content_7012840") == 1
    assert server.count("content_7018003") == 0
    assert server.count("content_6998810") == 0
    assert server.count("7f6e5d4c3b2a19080f1e2d3c4b5a6978") == 0
    assert server.count("8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d") == 0  # 住院医师… has no CGT term
    # zcwj2's first page is all 2025, so 下一页 is followed once; page 2 reaches 2024 and has no next link.
    assert server.count("new_zcwj") == 2


def test_small_pages_follow_totals_and_the_pager(serve):
    server, client = serve(FIXTURES / "small_pages")
    docs = list(PolicySource(client, PolicyConfig(gov_page_size=2)).fetch(YEAR_2025))
    assert len(docs) == 12
    # 干细胞: 4 results at 2 per page, the total ends paging after page 2.
    assert server.count("q=%E5%B9%B2%E7%BB%86%E8%83%9E") == 2
    # 细胞治疗: 5 results, 3 pages (the last holds the 2024 notice).
    assert server.count("q=%E7%BB%86%E8%83%9E%E6%B2%BB%E7%96%97") == 3
    # NHC zcwj2 at 3 per page: 2025 on pages 1-2, page 3 reaches 2024 and has no 下一页.
    assert server.count("new_zcwj") == 3


def test_search_stops_once_results_are_older_than_the_window(serve):
    server, client = serve(FIXTURES / "small_pages")
    window = FetchWindow(date(2025, 6, 1), date(2025, 12, 31))
    docs = [parse_document(d) for d in PolicySource(client, PolicyConfig(gov_page_size=2)).fetch(window)]
    assert all(d.published_at.date() >= window.since for d in docs)
    # 细胞治疗 page 2 (05-15, 04-10) is older than June: page 3 is never asked for although the total allows it.
    assert server.count("q=%E7%BB%86%E8%83%9E%E6%B2%BB%E7%96%97") == 2
    assert server.count("content_7012840") == 0  # April, outside the window


def test_nhc_challenge_is_blocked_never_empty(serve):
    server, client = serve(FIXTURES / "challenge_nhc")
    with pytest.raises(BlockedByChallengeError, match="HTTP 412"):
        list(PolicySource(client, PolicyConfig(outlets=("nhc",))).fetch(YEAR_2025))
    assert len(server.requests) == 1


def test_gov_waf_challenge_is_blocked(serve):
    server, client = serve(FIXTURES / "challenge_gov")
    with pytest.raises(BlockedByChallengeError, match="HTTP 202"):
        list(PolicySource(client, PolicyConfig(outlets=("gov",))).fetch(YEAR_2025))
    assert len(server.requests) == 1


def test_chrome_user_agent_only_for_gov_cn():
    seen: list[tuple[str, str]] = []
    search = (DEMO / "bodies" / "gov_search_k0_p1.json").read_bytes()
    page = (DEMO / "bodies" / "gov_7004521.html").read_bytes()
    listing = (DEMO / "bodies" / "nhc_pgzdt_p1.html").read_bytes()
    article = (DEMO / "bodies" / "nhc_4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b.html").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["User-Agent"]))
        path = request.url.path
        if path.endswith("/search-gov/data"):
            return httpx.Response(200, content=search, headers={"Content-Type": "application/json"})
        if "content_" in path:
            return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})
        if path.endswith("new_list.shtml"):
            return httpx.Response(200, content=listing, headers={"Content-Type": "text/html"})
        return httpx.Response(200, content=article, headers={"Content-Type": "text/html"})

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    config = PolicyConfig(gov_keywords=("干细胞",), nhc_lists=("pgzdt",))
    docs = list(PolicySource(client, config).fetch(FetchWindow(date(2025, 1, 1), date(2025, 12, 31))))
    assert docs
    gov = {ua for host, ua in seen if host.endswith("gov.cn") and "nhc" not in host}
    nhc = {ua for host, ua in seen if "nhc" in host}
    assert gov == {settings.CHROME_UA}
    assert nhc == {DEFAULT_USER_AGENT}


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("关于公布2025年第一批干细胞临床研究备案项目的通知", "research_filing"),
        ("关于新增干细胞临床研究备案机构的通知", "research_filing"),
        ("关于加强体细胞临床研究管理的通知", "policy"),
        ("关于做好医疗器械备案工作的通知", "policy"),
    ],
)
def test_nhc_doc_type(title, doc_type):
    assert parse.nhc_doc_type(settings.NHC_LISTS["zcwj2"], title) == doc_type
