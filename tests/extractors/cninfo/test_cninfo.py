"""cninfo: pure parsing of query pages and PDFs, and the keyword sweep against a mocked site."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import parse_qsl

import httpx
import pytest
from fpdf import FPDF

from cgtwatch.config import CninfoSettings, HttpSettings
from cgtwatch.errors import BlockedByChallengeError, ParseError
from extractors import pdf
from extractors.base import FetchWindow, RawDocument, RawPayload
from extractors.cninfo import CninfoSource, parse, parse_document, settings
from extractors.http import HttpClient

pytestmark = pytest.mark.unit
WINDOW = FetchWindow(date(2025, 3, 1), date(2025, 3, 31))


def item(announcement_id: str, title: str, day: str = "2025-03-04", **extra: object) -> dict:
    millis = int(datetime.fromisoformat(f"{day}T00:00:00+08:00").timestamp() * 1000)
    return {
        "id": None,
        "secCode": "600645",
        "secName": "中源协和",
        "orgId": "gssh0600645",
        "announcementId": announcement_id,
        "announcementTitle": title,
        "announcementTime": millis,
        "adjunctUrl": f"finalpage/{day}/{announcement_id}.PDF",
        "adjunctSize": 120,
        "adjunctType": "PDF",
        **extra,
    }


def page(items: list[dict] | None, total: int) -> bytes:
    body = {"announcements": items, "totalAnnouncement": total, "totalRecordNum": total, "hasMore": False}
    return json.dumps(body, ensure_ascii=False).encode()


def ascii_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("body", "count", "total"),
    [
        (page(None, 0), 0, 0),
        (page([], 3), 0, 3),
        (page([item("1", "a"), item("2", "b")], 2), 2, 2),
        (json.dumps({"announcements": [], "totalRecordNum": 7}).encode(), 0, 7),
    ],
    ids=["null-announcements", "empty-list", "two-items", "total-from-totalRecordNum"],
)
def test_parse_query_page(body, count, total):
    result = parse.parse_query_page(body)
    assert (len(result.announcements), result.total) == (count, total)


@pytest.mark.parametrize(
    "body", [b"<html>challenge</html>", b"[1, 2]", b'{"announcements": "oops"}'], ids=["html", "array", "bad-type"]
)
def test_parse_query_page_rejects_what_is_not_the_api(body):
    with pytest.raises(ParseError):
        parse.parse_query_page(body)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("关于<em>干细胞</em>注射液获得受理的公告", "关于干细胞注射液获得受理的公告"),
        ("<em>CAR-T</em>与<EM>细胞治疗</EM>", "CAR-T与细胞治疗"),
        ("A&amp;B <em>间充质</em> ", "A&B 间充质"),
    ],
)
def test_strip_highlight(raw, clean):
    assert parse.strip_highlight(raw) == clean


def test_epoch_milliseconds_are_beijing_midnight():
    moment = parse.epoch_ms_to_beijing(1711900800000)
    assert moment.isoformat() == "2024-04-01T00:00:00+08:00"
    assert str(moment.tzinfo) == "Asia/Shanghai"
    with pytest.raises(ParseError, match="not epoch milliseconds"):
        parse.epoch_ms_to_beijing(None)


@pytest.mark.parametrize(
    ("value", "expected"), [("600645", "600645"), (["300238"], "300238"), ([], None), (None, None)]
)
def test_first_text_accepts_arrays(value, expected):
    assert parse.first_text(value) == expected


def test_pdf_url_strips_leading_slash():
    assert parse.pdf_url("/finalpage/2025-03-04/1.PDF") == "http://static.cninfo.com.cn/finalpage/2025-03-04/1.PDF"


def test_pdf_text_rejects_non_pdf_and_encrypted():
    with pytest.raises(ParseError, match="not a PDF"):
        pdf.pdf_text(b"<html>404</html>")
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(0, 8, "secret")
    document.set_encryption(owner_password="o", user_password="u")
    with pytest.raises(ParseError, match="encrypted"):
        pdf.pdf_text(bytes(document.output()))


def raw_doc(native_id: str, items: list[dict], pdf: bytes | None) -> RawDocument:
    record = RawPayload(
        "http://www.cninfo.com.cn/new/hisAnnouncement/query",
        200,
        "application/json",
        page(items, 1),
        datetime.fromisoformat("2025-03-05T00:00:00+00:00"),
        "POST",
    )
    attachments = ()
    if pdf is not None:
        url = parse.pdf_url(items[0]["adjunctUrl"])
        attachments = (RawPayload(url, 200, "application/pdf", pdf, record.fetched_at),)
    return RawDocument("cninfo", native_id, record, attachments, context={"searchkeys": "干细胞"})


def test_parse_document_builds_the_canonical_record():
    items = [item("1222", "关于<em>干细胞</em>新药获得受理的公告", secCode=["600645"], secName=["中源协和"])]
    doc = parse_document(raw_doc("1222", items, ascii_pdf("Stem cell IND accepted CXSL2500123")))
    assert doc.title == "关于干细胞新药获得受理的公告"
    assert doc.published_at.isoformat() == "2025-03-04T00:00:00+08:00"
    assert doc.company_code == "600645"
    assert doc.company_name == "中源协和"
    assert "CXSL2500123" in doc.body_text
    assert doc.url == (
        "http://www.cninfo.com.cn/new/disclosure/detail?stockCode=600645&announcementId=1222"
        "&orgId=gssh0600645&announcementTime=2025-03-04"
    )
    assert doc.attachment_url == "http://static.cninfo.com.cn/finalpage/2025-03-04/1222.PDF"
    assert doc.metadata["searchkeys"] == "干细胞"


def test_parse_document_rejects_html_in_place_of_pdf():
    items = [item("1223", "公告")]
    with pytest.raises(ParseError, match="not a PDF"):
        parse_document(raw_doc("1223", items, b"<html><body>error</body></html>"))


def test_parse_document_rejects_missing_time():
    items = [item("1224", "公告", announcementTime=None)]
    with pytest.raises(ParseError, match="announcementTime"):
        parse_document(raw_doc("1224", items, ascii_pdf("x")))


class FakeCninfo:
    """A mocked cninfo: answers the query API from a list of items, paginated, and serves PDFs."""

    def __init__(self, by_keyword: dict[str, list[dict]], page_size: int) -> None:
        self.by_keyword = by_keyword
        self.page_size = page_size
        self.forms: list[dict[str, str]] = []
        self.pdf_gets: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/new/hisAnnouncement/query":
            form = dict(parse_qsl(request.content.decode()))
            self.forms.append(form)
            assert request.headers["X-Requested-With"] == "XMLHttpRequest"
            items = self.by_keyword.get(form["searchkey"], [])
            n = int(form["pageNum"])
            chunk = items[(n - 1) * self.page_size : n * self.page_size]
            return httpx.Response(200, content=page(chunk or (None if not items else []), len(items)))
        self.pdf_gets.append(str(request.url))
        if "404" in request.url.path:
            return httpx.Response(404)
        return httpx.Response(200, content=ascii_pdf(f"body of {request.url.path}"))


def make_source(fake: FakeCninfo, keywords: tuple[str, ...], page_size: int) -> CninfoSource:
    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False),
        transport=httpx.MockTransport(fake),
        sleep=lambda s: None,
    )
    return CninfoSource(client, CninfoSettings(keywords=keywords, page_size=page_size))


def test_sweep_reads_every_page_and_dedupes_across_keywords():
    stem = [item(str(1000 + i), f"<em>干细胞</em>公告{i}") for i in range(7)]
    car_t = [item("1003", "<em>CAR-T</em>公告"), item("2000", "<em>CAR-T</em>新公告")]
    fake = FakeCninfo({"干细胞": stem, "CAR-T": car_t}, page_size=3)
    docs = list(make_source(fake, ("干细胞", "CAR-T", "基因治疗"), 3).fetch(WINDOW))
    assert [f["pageNum"] for f in fake.forms if f["searchkey"] == "干细胞"] == ["1", "2", "3"]
    assert [f["pageNum"] for f in fake.forms if f["searchkey"] == "基因治疗"] == ["1"]
    assert {f["seDate"] for f in fake.forms} == {"2025-03-01~2025-03-31"}
    assert {f["isHLtitle"] for f in fake.forms} == {"true"}
    assert sorted(d.native_id for d in docs) == sorted([*(str(1000 + i) for i in range(7)), "2000"])
    by_id = {d.native_id: d for d in docs}
    assert by_id["1003"].context["searchkeys"] == "干细胞,CAR-T"
    assert len(fake.pdf_gets) == 8
    assert all(len(d.attachments) == 1 for d in docs)


def test_missing_pdf_becomes_a_document_error_not_a_source_failure():
    fake = FakeCninfo({"干细胞": [item("404", "<em>干细胞</em>公告")]}, page_size=30)
    (doc,) = make_source(fake, ("干细胞",), 30).fetch(WINDOW)
    assert doc.attachments == ()
    assert "HTTP 404" in doc.fetch_errors[0]
    with pytest.raises(ParseError, match="attachment fetch failed"):
        parse_document(doc)


def test_challenge_on_the_query_api_is_blocked():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(202, content=b"<html><script>$_ts={};document.cookie='x'</script></html>")

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(BlockedByChallengeError):
        list(CninfoSource(client, CninfoSettings(keywords=("干细胞",))).fetch(WINDOW))


def test_query_form_matches_the_documented_fields():
    source = make_source(FakeCninfo({}, 30), ("干细胞",), 30)
    form = source.query_form("干细胞", 2, WINDOW)
    assert form == {
        **settings.BASE_FORM,
        "pageNum": "2",
        "pageSize": "30",
        "column": "szse",
        "searchkey": "干细胞",
        "seDate": "2025-03-01~2025-03-31",
    }


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (
            [
                "\u3000\u3000公司于近日收到国家药品监督管理局核准签发的《药物临床试验批准",
                "通知书》，同意开展临床试验。",
            ],
            "公司于近日收到国家药品监督管理局核准签发的《药物临床试验批准通知书》，同意开展临床试验。",
        ),
        (
            [
                "证券代码：600645 证券简称：中源协和 公告编号：2025-012",
                "中源协和细胞基因工程股份有限公司",
                "\u3000\u3000本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或",
                "者重大遗漏。",
                "\u3000\u3000特此公告。",
            ],
            "证券代码：600645 证券简称：中源协和 公告编号：2025-012\n中源协和细胞基因工程股份有限公司\n"
            "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏。\n特此公告。",
        ),
        (
            ["受理号为CXSL2500123的ZYX-101注射液用于治疗膝骨关节炎的 IND", "application was accepted"],
            "受理号为CXSL2500123的ZYX-101注射液用于治疗膝骨关节炎的 IND application was accepted",
        ),
    ],
    ids=["cjk-wrap", "headers-and-paragraphs", "ascii-wrap"],
)
def test_join_wrapped_lines(lines, text):
    assert pdf.join_wrapped_lines(lines) == text


def test_demo_snapshot_pdf_text_is_chinese_and_unwrapped():
    from tests.conftest import DEMO_SNAPSHOT

    path = next((DEMO_SNAPSHOT / "cninfo" / "finalpage").rglob("*.PDF"))
    text = pdf.pdf_text(path.read_bytes())
    assert "本公司董事会及全体董事保证本公告内容不存在任何虚假记载" in text.replace("\n", "")
    assert "特此公告" in text
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 150
