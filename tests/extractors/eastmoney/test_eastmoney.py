"""eastmoney: JSONP stripping, article and announcement parsing per layout, and paging over loopback HTTP."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from cgtwatch.config import HttpSettings, Settings
from cgtwatch.errors import ParseError
from cgtwatch.snapshot_server import SnapshotServer
from extractors.base import DOC_TYPES, FetchWindow, RawDocument, RawPayload
from extractors.eastmoney import EastmoneyConfig, EastmoneySource, build, parse, parse_document
from extractors.http import HttpClient

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "cgtwatch" / "snapshot" / "eastmoney"
SMALL = ROOT / "tests" / "fixtures" / "eastmoney" / "small_pages"
YEAR_2025 = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
FETCHED = datetime.fromisoformat("2026-01-05T00:00:00+00:00")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'jQuery_cgtwatch({"a": 1})', {"a": 1}),
        (b'  jQuery112305_1735800000000({"a": [1, 2]});\n', {"a": [1, 2]}),
        (b'/**/ cb({"nested": {"x": "(paren)"}})', {"nested": {"x": "(paren)"}}),
        (b'{"plain": true}', {"plain": True}),
        ('\ufeffjQuery_cgtwatch({"t": "干细胞"})'.encode(), {"t": "干细胞"}),
    ],
    ids=["fixed-callback", "jquery-callback-semicolon", "guard-comment", "plain-json", "bom"],
)
def test_strip_jsonp(body, expected):
    assert parse.strip_jsonp(body) == expected


@pytest.mark.parametrize("body", [b"jQuery_cgtwatch(not json)", b"<html>blocked</html>", b"\xff\xfe"])
def test_strip_jsonp_rejects(body):
    with pytest.raises(ParseError):
        parse.strip_jsonp(body)


def test_search_page_from_recorded_jsonp_strips_highlighting():
    page = parse.parse_search_page((DEMO / "bodies" / "search_k0_p1.js").read_bytes())
    assert (DEMO / "bodies" / "search_k0_p1.js").read_bytes().startswith(b"jQuery_cgtwatch(")
    assert page.total == 10
    first = page.hits[0]
    assert first.title == "多省份出台细胞与基因治疗产业支持政策 地方布局提速"
    assert "<em>" not in first.snippet
    assert "\u3000" not in first.snippet
    assert first.published is not None
    assert first.published.isoformat() == "2025-12-10T07:55:26+08:00"
    # The hit links over http; the canonical article URL is https.
    assert first.url == "https://finance.eastmoney.com/a/202512103665573528.html"


def test_search_param_is_compact_and_stable():
    param = parse.search_param("CAR-T", 2, 10, "time")
    assert param.startswith('{"uid":"","keyword":"CAR-T","type":["cmsArticleWebOld"]')
    assert json.loads(param)["param"]["cmsArticleWebOld"]["pageIndex"] == 2
    assert parse.search_query("CAR-T", 2, 10, "time")["cb"] == "jQuery_cgtwatch"


def news_raw(code: str, list_date: str = "", list_title: str = "列表标题") -> RawDocument:
    url = f"https://finance.eastmoney.com/a/{code}.html"
    page = RawPayload(url, 200, "text/html; charset=utf-8", (DEMO / "bodies" / f"a_{code}.html").read_bytes(), FETCHED)
    context = {"kind": "news", "url": url, "list_title": list_title, "list_date": list_date, "media": "列表媒体"}
    return RawDocument("eastmoney", code, page, context=context)


def announcement_raw(art_code: str, pages: int) -> RawDocument:
    payloads = [
        RawPayload(
            f"https://np-cnotice-stock.eastmoney.com/api/content/ann?art_code={art_code}&page_index={n}",
            200,
            "application/json",
            (DEMO / "bodies" / f"ann_{art_code}_p{n}.json").read_bytes(),
            FETCHED,
        )
        for n in range(1, pages + 1)
    ]
    context = {"kind": "announcement", "list_title": "t", "list_date": "2025-01-01", "stock_code": "x"}
    return RawDocument("eastmoney", art_code, payloads[0], tuple(payloads[1:]), context=context)


CASES = [
    pytest.param(
        news_raw("202501023291047718"),
        (
            "国家药监局附条件批准首款干细胞治疗药品艾米迈托赛注射液上市",
            "2025-01-02T19:05:00+08:00",
            "https://finance.eastmoney.com/a/202501023291047718.html",
            "news",
            (180, 260),
            "证券时报网",
        ),
        id="news-current-contentbody",
    ),
    pytest.param(
        news_raw("202504183388401266"),
        (
            "细胞治疗板块走强 多家公司披露间充质干细胞管线进展",
            "2025-04-18T15:20:00+08:00",
            "https://finance.eastmoney.com/a/202504183388401266.html",
            "news",
            (150, 230),
            "东方财富研究中心",
        ),
        id="news-old-newscontent-body",
    ),
    pytest.param(
        announcement_raw("AN202508141641826386", 2),
        (
            "关于子公司人脐带间充质干细胞注射液上市许可申请获得受理的公告",
            "2025-08-14T00:00:00+08:00",
            "https://data.eastmoney.com/notices/detail/600645/AN202508141641826386.html",
            "announcement",
            (400, 480),
            None,
        ),
        id="announcement-two-content-pages",
    ),
    pytest.param(
        announcement_raw("AN202504081641413193", 1),
        (
            "关于控股子公司CAR-T细胞注射液获得药物临床试验批准的公告",
            "2025-04-08T00:00:00+08:00",
            "https://data.eastmoney.com/notices/detail/600196/AN202504081641413193.html",
            "announcement",
            (330, 400),
            None,
        ),
        id="announcement-one-page",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_parse_layouts(raw, expected):
    title, published, url, doc_type, (low, high), media = expected
    doc = parse_document(raw)
    assert doc.title == title
    assert doc.published_at.isoformat() == published
    assert str(doc.published_at.tzinfo) == "Asia/Shanghai"
    assert doc.url == url
    assert doc.doc_type == doc_type
    assert doc.doc_type in DOC_TYPES
    assert low <= len(doc.body_text) <= high, len(doc.body_text)
    for junk in ("责任编辑", "郑重声明", "文章来源", "分享到", "<em>", "\u3000"):
        assert junk not in doc.body_text
    if media:
        assert doc.metadata["media"] == media


def test_announcement_keeps_attachment_url_as_returned_and_joins_pages():
    doc = parse_document(CASES[2].values[0])
    assert doc.attachment_url == "https://pdf.dfcfw.com/pdf/H2_AN202508141641826386_1.pdf?20250814.pdf"
    assert doc.company_code == "600645"
    assert doc.company_name == "中源协和"
    assert doc.metadata["content_pages"] == 2
    assert doc.metadata["content_pages_fetched"] == 2
    assert doc.body_text.splitlines()[0].startswith("近日") or "受理" in doc.body_text
    assert "特此公告" in doc.body_text or "风险提示" in doc.body_text  # text from the second content page


def test_page_title_and_time_win_over_the_hit_and_hit_is_the_fallback():
    raw = news_raw("202501023291047718", list_date="2025-01-03T00:00:00+08:00", list_title="hit title")
    assert parse_document(raw).title.startswith("国家药监局")
    bare = RawDocument(
        "eastmoney",
        "1",
        RawPayload(
            "https://finance.eastmoney.com/a/1.html",
            200,
            "text/html",
            b"<div id='ContentBody'><p>text</p></div>",
            FETCHED,
        ),
        context={"kind": "news", "list_title": "hit title", "list_date": "2025-01-03T08:00:00+08:00"},
    )
    doc = parse_document(bare)
    assert (doc.title, doc.published_at.isoformat()) == ("hit title", "2025-01-03T08:00:00+08:00")


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


def test_demo_snapshot_yields_news_and_announcements(serve):
    server, client = serve(DEMO)
    docs = list(build(client, Settings(Path("d"), Path("w"), Path("l"), Path("s"))).fetch(YEAR_2025))
    parsed = [parse_document(d) for d in docs]
    assert Counter(p.doc_type for p in parsed) == {"news": 12, "announcement": 8}
    assert len({p.native_id for p in parsed}) == 20
    meta = json.loads((DEMO / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["source"] == "eastmoney"
    assert meta["documents"] == 20
    assert meta["window"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert all(r.status == 200 for r in server.requests)
    assert len(server.requests) == meta["requests"] - meta["resume_requests"]
    # Irrelevant hits (CHO细胞培养基, 粒细胞集落刺激因子) and the 2024 article are never fetched.
    for code in ("202503113354882017", "202506203471203384", "202412203250026655"):
        assert server.count(f"/a/{code}.html") == 0
    assert server.count("art_code=AN202508141641826386") == 2  # a two-page announcement
    assert server.count("/a/", method="GET") == 12


def test_window_stop_ends_search_paging_early(serve):
    server, client = serve(DEMO)
    config = EastmoneyConfig(stock_codes=())
    docs = list(EastmoneySource(client, config).fetch(FetchWindow(date(2025, 7, 1), date(2025, 12, 31))))
    assert all(parse_document(d).published_at.date() >= date(2025, 7, 1) for d in docs)
    assert len(docs) == 5
    # 细胞治疗 has two result pages for the year; its first page already reaches June, so page 2 is never asked for.
    assert server.count("search/jsonp") == 5
    assert server.count("np-anotice") == 0


def test_small_pages_follow_totals_and_stop_on_old_announcements(serve):
    server, client = serve(SMALL)
    docs = list(EastmoneySource(client, EastmoneyConfig(search_page_size=3, ann_page_size=2)).fetch(YEAR_2025))
    assert server.count("search/jsonp") == sum(
        1 for r in server.requests if "search/jsonp" in r.url and r.status == 200
    )
    # 干细胞 has 10 hits: 3+3+3 on pages 1-3, and page 4 holds the 2024 article, so paging ends there.
    assert server.count("%E5%B9%B2%E7%BB%86%E8%83%9E") == 4
    # This list server ignores begin_time: 600645's third page reaches 2024-12-27, so there is no fourth request.
    assert server.count("stock_list=600645") == 3
    assert server.count("stock_list=600196") == 2
    missing = next(d for d in docs if d.native_id == "202503273362217390")
    with pytest.raises(ParseError, match="HTTP 404"):
        parse_document(missing)
    assert sum(1 for d in docs if not d.fetch_errors) == 19


def test_build_applies_environment_overrides(serve):
    _server, client = serve(DEMO)
    settings = Settings(
        Path("d"),
        Path("w"),
        Path("l"),
        Path("s"),
        source_overrides={"eastmoney": {"keywords": "CAR-T", "stock_codes": ""}},
    )
    source = build(client, settings)
    docs = list(source.fetch(YEAR_2025))
    assert {parse_document(d).title for d in docs} >= {"CAR-T企业杭州启衡生物完成5亿元B轮融资"}
    assert all(d.context["kind"] == "news" for d in docs)


@pytest.mark.parametrize("kwargs", [{"search_sort": "newest"}, {"search_page_size": 0}, {"max_content_pages": 0}])
def test_config_rejects_bad_values(kwargs):
    with pytest.raises(ValueError):
        EastmoneyConfig(**kwargs)


def test_unknown_kind_is_a_parse_error():
    raw = RawDocument("eastmoney", "x", RawPayload("u", 200, "text/html", b"", FETCHED), context={"kind": "video"})
    with pytest.raises(ParseError, match="unknown eastmoney document kind"):
        parse_document(raw)
