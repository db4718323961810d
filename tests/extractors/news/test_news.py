"""news: zqrb/Sina parsing per layout and charset, relevance filter, and window/cursor paging over loopback HTTP."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cgtwatch.config import HttpSettings, Settings
from cgtwatch.errors import ParseError, PermanentSourceError
from cgtwatch.snapshot_server import SnapshotServer
from extractors.base import DOC_TYPES, FetchWindow, RawDocument, RawPayload
from extractors.http import HttpClient
from extractors.news import NewsConfig, NewsSource, build, parse, parse_document

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "cgtwatch" / "snapshot" / "news"
SMALL = ROOT / "tests" / "fixtures" / "news" / "small_pages"
CHARSET = ROOT / "tests" / "fixtures" / "news" / "charset"
YEAR_2025 = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
BEIJING = ZoneInfo("Asia/Shanghai")
FETCHED = datetime.fromisoformat("2026-01-05T00:00:00+00:00")
ZQRB = "http://www.zqrb.cn/gscy/qiyexinxi"
SINA = "https://finance.sina.com.cn"


def raw(root: Path, name: str, outlet: str, url: str, content_type: str = "text/html; charset=utf-8", **context: str):
    body = (root / "bodies" / name).read_bytes()
    native = (
        parse.zqrb_native_id(url) if outlet == "zqrb" else "sina:" + url.rsplit("doc-", 1)[1].removesuffix(".shtml")
    )
    return RawDocument(
        "news",
        native,
        RawPayload(url, 200, content_type, body, FETCHED),
        context={"outlet": outlet, "url": url, **context},
    )


CASES = [
    pytest.param(
        raw(DEMO, "zqrb_A1735821000123.html", "zqrb", f"{ZQRB}/2025-01-02/A1735821000123.html"),
        ("首款干细胞药品获批上市 产业链迎来商业化拐点", "2025-01-02T20:30:00+08:00", (150, 180), "证券日报", "utf-8"),
        id="zqrb-utf8",
    ),
    pytest.param(
        raw(CHARSET, "zqrb_gbk_meta.html", "zqrb", f"{ZQRB}/2025-01-15/A1736925600456.html"),
        (
            "苏州澄源细胞人脐带间充质干细胞注射液临床试验申请获受理",
            "2025-01-15T15:20:00+08:00",
            (130, 160),
            "证券日报",
            "gb18030",
        ),
        id="zqrb-gbk-header-claims-utf8",
    ),
    pytest.param(
        raw(CHARSET, "zqrb_gbk_bare.html", "zqrb", f"{ZQRB}/2025-01-15/A1736925600999.html", "text/html"),
        (
            "苏州澄源细胞人脐带间充质干细胞注射液临床试验申请获受理",
            "2025-01-15T15:20:00+08:00",
            (130, 160),
            "证券日报",
            "gb",
        ),
        id="zqrb-gbk-no-meta-no-header-charset",
    ),
    pytest.param(
        raw(DEMO, "sina_inecahz1735870.html", "sina", f"{SINA}/roll/2025-01-03/doc-inecahz1735870.shtml"),
        (
            "我国首款干细胞药品获批 用于治疗急性移植物抗宿主病",
            "2025-01-03T10:25:00+08:00",
            (100, 140),
            "上海证券报",
            "utf-8",
        ),
        id="sina-current",
    ),
    pytest.param(
        raw(DEMO, "sina_inecahz1743200.html", "sina", f"{SINA}/roll/2025-03-29/doc-inecahz1743200.shtml"),
        (
            "iPSC衍生细胞疗法临床申请获受理 帕金森病治疗迎来新选择",
            "2025-03-29T11:00:00+08:00",
            (100, 130),
            "中国证券报",
            "utf-8",
        ),
        id="sina-old-artibodytitle-navtimesource",
    ),
    pytest.param(
        raw(
            CHARSET,
            "sina_big5.html",
            "sina",
            f"{SINA}/stock/hkstock/ggscyd/2025-06-07/doc-inecahz1749250.shtml",
            "text/html",
        ),
        ("內地首款幹細胞藥物開出首張處方", "2025-06-07T09:30:00+08:00", (85, 110), "新浪財經（香港）", "big5"),
        id="sina-big5-hong-kong-repost",
    ),
]


@pytest.mark.parametrize(("raw_doc", "expected"), CASES)
def test_parse_layouts_and_charsets(raw_doc, expected):
    title, published, (low, high), media, encoding = expected
    doc = parse_document(raw_doc)
    assert doc.title == title
    assert doc.published_at.isoformat() == published
    assert str(doc.published_at.tzinfo) == "Asia/Shanghai"
    assert doc.url == raw_doc.context["url"]
    assert doc.doc_type == "news"
    assert doc.doc_type in DOC_TYPES
    assert low <= len(doc.body_text) <= high, len(doc.body_text)
    assert doc.metadata["media"] == media
    assert encoding in doc.metadata["layout"]
    for junk in ("责任编辑", "責任編輯", "免责声明", "新浪声明", "分享到", "海量资讯", "行情图", "\u3000"):
        assert junk not in doc.body_text, junk
    assert "\ufffd" not in doc.body_text + doc.title  # no mojibake


def test_text_is_kept_as_served_traditional_stays_traditional():
    doc = parse_document(CASES[5].values[0])
    assert "艾米邁托賽注射液" in doc.body_text
    assert "幹細胞" in doc.title


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/gscy/qiyexinxi/2025-01-02/A1735821000123.html", f"{ZQRB}/2025-01-02/A1735821000123.html"),
        ("https://zqrb.cn/gscy/qiyexinxi/2025-01-02/A1735821000123.html#x", f"{ZQRB}/2025-01-02/A1735821000123.html"),
    ],
)
def test_zqrb_canonical(href, expected):
    assert parse.zqrb_canonical(href, f"{ZQRB}/index.html") == expected
    assert parse.zqrb_native_id(expected) == "zqrb:A1735821000123"


def test_sina_roll_parsing_canonicalises_urls_and_reads_unix_ctime():
    items = parse.parse_sina_roll((DEMO / "bodies" / "sina_roll_2516_p1.json").read_bytes())
    assert len(items) == 29
    tracked = items[1]
    assert tracked.url.startswith("https://")
    assert "?" not in tracked.url
    first = items[0]
    assert first.published == datetime(2025, 12, 22, 10, 0, tzinfo=BEIJING)
    assert first.native_id.startswith("sina:i")


def test_feed_fallbacks_when_the_page_lacks_title_and_time():
    page = b"<html><body><div id='artibody'><p>AAV text</p></div></body></html>"
    doc = parse_document(
        RawDocument(
            "news",
            "sina:i1",
            RawPayload(f"{SINA}/x/doc-i1.shtml", 200, "text/html", page, FETCHED),
            context={
                "outlet": "sina",
                "list_title": "roll title",
                "list_date": "2025-03-01T09:05:00+08:00",
                "media": "m",
            },
        )
    )
    assert (doc.title, doc.published_at.isoformat(), doc.metadata["published_from"]) == (
        "roll title",
        "2025-03-01T09:05:00+08:00",
        "feed",
    )


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


def test_demo_snapshot_fetches_only_relevant_articles(serve):
    server, client = serve(DEMO)
    source = build(client, Settings(Path("d"), Path("w"), Path("l"), Path("s")))
    docs = [parse_document(d) for d in source.fetch(YEAR_2025)]
    meta = json.loads((DEMO / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["source"] == "news"
    assert meta["window"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert len(docs) == meta["documents"] == 24
    assert all(r.status == 200 for r in server.requests)
    # Irrelevant entries (finance filler, 基因测序, CHO细胞培养基, 粒细胞…) are never fetched: only list pages and
    # the 24 relevant articles are requested.
    assert server.count("inecahz9") == 0
    for irrelevant in ("A1735732800111", "A1757548800444", "A1748246400666"):
        assert server.count(irrelevant) == 0
    assert len(server.requests) == 24 + server.count("index") + server.count("roll/get")
    # A repost: the same story under the same title from two outlets is two documents with different URLs.
    reposted = [d for d in docs if d.title == "艾米迈托赛注射液开出首张处方 干细胞药品进入临床应用"]
    assert sorted(d.metadata["outlet"] for d in reposted) == ["sina", "zqrb"]
    assert len({d.url for d in reposted}) == 2
    assert source.cursor_value == datetime(2025, 12, 22, 10, 0, tzinfo=BEIJING)


def test_pagination_runs_until_entries_are_older_than_the_window(serve):
    server, client = serve(SMALL)
    source = NewsSource(client, NewsConfig(sina_page_size=5))
    docs = list(source.fetch(YEAR_2025))
    assert len(docs) == 24
    # qiyexinxi: 4 pages of 4 entries; page 4 reaches 2024-12-26 and the pager ends, so no index_p5.
    assert server.count("qiyexinxi/index") == 4
    assert server.count("index_p5") == 0
    # Sina: 34 entries at 5 per page; page 6 holds the first 2024 entries, so page 7 is never asked for.
    assert server.count("roll/get") == 6
    missing = next(d for d in docs if d.native_id == "sina:inecahz1762500")
    with pytest.raises(ParseError, match="HTTP 404"):
        parse_document(missing)


def test_cursor_skips_what_is_already_loaded(serve):
    server, client = serve(SMALL)
    cursor = datetime(2025, 9, 19, 8, 30, tzinfo=BEIJING)
    source = NewsSource(client, NewsConfig(sina_page_size=5, cursor_overlap_hours=6), since_cursor=cursor)
    assert source.floor(YEAR_2025) == datetime(2025, 9, 19, 2, 30, tzinfo=BEIJING)
    docs = list(source.fetch(YEAR_2025))
    assert [d.native_id for d in docs] == [
        "zqrb:A1761292800802",
        "sina:inecahz1765800",
        "sina:inecahz1762500",
        "sina:inecahz1758230",  # published at the cursor itself: inside the overlap, deduplicated downstream
    ]
    assert server.count("qiyexinxi/index") == 1
    assert server.count("roll/get") == 2
    assert source.cursor_value == datetime(2025, 12, 22, 10, 0, tzinfo=BEIJING)


def test_window_end_excludes_newer_entries(serve):
    server, client = serve(DEMO)
    docs = list(
        NewsSource(client, NewsConfig(outlets=("sina",))).fetch(FetchWindow(date(2025, 1, 1), date(2025, 3, 31)))
    )
    assert [d.native_id for d in docs] == [
        "sina:inecahz1743200",
        "sina:inecahz1740623",
        "sina:inecahz1735870",
        "sina:inecahz1735856",
    ]
    assert server.count("zqrb") == 0


def test_an_empty_first_zqrb_page_is_a_layout_failure():
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html><body><div class='list'></div></body></html>")

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(PermanentSourceError, match="news_content"):
        list(NewsSource(client, NewsConfig(outlets=("zqrb",))).fetch(YEAR_2025))


def test_naive_cursor_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        NewsSource(HttpClient(HttpSettings()), since_cursor=datetime(2025, 1, 1))
