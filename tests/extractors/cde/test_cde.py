"""cde: acceptid decoding, the CGT filter, record parsing, and paging against recorded fixtures over loopback HTTP."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from cgtwatch.config import HttpSettings, Settings
from cgtwatch.errors import BlockedByChallengeError, ParseError, PermanentSourceError
from cgtwatch.snapshot_server import SnapshotServer
from extractors import relevance
from extractors.base import DOC_TYPES, FetchWindow, RawDocument, RawPayload
from extractors.cde import CdeConfig, CdeSource, build, parse, parse_document
from extractors.http import HttpClient

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "cde"
DEMO = ROOT / "cgtwatch" / "snapshot" / "cde"
YEAR_2025 = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
ACCEPTANCE_SHELL = "https://www.cde.org.cn/main/xxgk/listpage/9f9c74c73e0f8f56a8bfbc646055026d"
IND_SHELL = "https://www.cde.org.cn/main/xxgk/listpage/4b5255eb0a84820cef4ca3e8b6bbe20c"
PRIORITY_SHELL = "https://www.cde.org.cn/main/xxgk/listpage/2f78f372d351c6851af7431c7710a731"
BREAKTHROUGH_SHELL = "https://www.cde.org.cn/main/xxgk/listpage/da6efd086c099b7fc949121166f0130c"


@pytest.mark.parametrize(
    ("acceptid", "expected"),
    [
        ("CXSL2500123", ("IND", "domestic", "biological", "new_drug", 2025)),
        ("JXSL2400097", ("IND", "import", "biological", "new_drug", 2024)),
        ("CXHS2500001", ("NDA", "domestic", "chemical", "new_drug", 2025)),
        ("CXSS2500029", ("NDA", "domestic", "biological", "new_drug", 2025)),
        ("CYHB2512345", ("supplement", "domestic", "chemical", "generic", 2025)),
        ("CXZR1900001", ("review", "domestic", "tcm", "new_drug", 2019)),
        ("JYSZ2300010", ("re-registration", "import", "biological", "generic", 2023)),
        ("cxsl2500123", ("IND", "domestic", "biological", "new_drug", 2025)),
        ("CXSL25001", (None, None, None, None, None)),
        ("", (None, None, None, None, None)),
    ],
)
def test_decode_acceptid(acceptid, expected):
    decoded = parse.decode_acceptid(acceptid)
    assert (decoded.application, decoded.origin, decoded.category, decoded.novelty, decoded.year) == expected


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("人脐带间充质干细胞注射液\n膝骨关节炎", ["细胞", "干细胞", "间充质"]),
        ("阿基仑赛注射液\n复发或难治性大B细胞淋巴瘤", ["仑赛"]),
        ("艾米迈托赛注射液", ["托赛"]),
        ("ＣＡＲ － Ｔ细胞", ["细胞", "CAR-T"]),
        ("重组腺相关病毒载体人凝血因子IX基因注射液", ["基因", "病毒载体", "腺相关病毒"]),
        ("注射用抗CD20单克隆抗体\n弥漫大B细胞淋巴瘤", []),
        ("重组人粒细胞集落刺激因子注射液（CHO细胞）", []),
        ("抗CD3/CD20双特异性抗体注射液（T细胞衔接器）", []),
        ("呼吸道合胞病毒mRNA疫苗", []),
        ("注射用抗EGFR/c-Met双特异性抗体\nEGFR基因突变的非小细胞肺癌", []),
        ("新冠mRNA治疗性肿瘤疫苗", ["mRNA"]),
    ],
)
def test_cgt_terms_found(text, terms):
    assert relevance.cgt_terms_found(text, relevance.DEFAULT_CGT_TERMS, relevance.DEFAULT_CGT_EXCLUDE) == terms


def list_body(records: list[dict], total: int | None = None) -> bytes:
    data = {"records": records, "total": len(records) if total is None else total, "size": 50, "pages": 1}
    return json.dumps({"code": 200, "msg": "操作成功", "data": data}, ensure_ascii=False).encode()


def raw_record(kind: str, record: dict) -> RawDocument:
    payload = RawPayload(
        "https://www.cde.org.cn/main/xxgk/getCliniCalList",
        200,
        "application/json",
        list_body([{"acceptid": "CXSL2500999", "drgnamecn": "其他药品"}, record]),
        datetime.fromisoformat("2026-01-05T00:00:00+00:00"),
        "POST",
    )
    acceptid = record["acceptid"]
    return RawDocument("cde", f"{kind}:{acceptid}", payload, context={"kind": kind, "acceptid": acceptid})


LAYOUTS = [
    pytest.param(
        "acceptance",
        {
            "acceptid": "CXSL2500031",
            "drugname": "人脐带间充质干细胞注射液",
            "drugtype": "治疗用生物制品",
            "applytype": "新药",
            "registerkind": "1类",
            "company": "苏州澄源细胞生物科技有限公司",
            "createdate": "2025-01-09",
        },
        (
            "受理：人脐带间充质干细胞注射液（CXSL2500031）— 苏州澄源细胞生物科技有限公司",
            "2025-01-09T00:00:00+08:00",
            f"{ACCEPTANCE_SHELL}#CXSL2500031",
            "acceptance_record",
            (120, 200),
        ),
        id="acceptance-createdate",
    ),
    pytest.param(
        "ind_approval",
        {
            "acceptid": "CXSL2500188",
            "drgnamecn": "自体抗CD19嵌合抗原受体T细胞注射液",
            "companys": "杭州启衡生物医药有限公司;浙江某某医院",
            "lcmsxkIndication": "难治性系统性红斑狼疮",
            "lcmsxkRegisterkind": "1类",
            "lcmsxkDate": "2025-05-06 00:00:00",
        },
        (
            "临床试验默示许可：自体抗CD19嵌合抗原受体T细胞注射液（CXSL2500188）— 杭州启衡生物医药有限公司;浙江某某医院",
            "2025-05-06T00:00:00+08:00",
            f"{IND_SHELL}#CXSL2500188",
            "implied_ind_record",
            (120, 220),
        ),
        id="ind-approval-datetime-string",
    ),
    pytest.param(
        "ind_approval",
        {
            "acceptid": "JXSL2500097",
            "drgnamecn": "同种异体人羊膜上皮细胞注射液",
            "companys": "Helios Cell Therapeutics",
            "lcmsxkIndication": "特发性肺纤维化",
            "createdate": "2025年12月29日",
        },
        (
            "临床试验默示许可：同种异体人羊膜上皮细胞注射液（JXSL2500097）— Helios Cell Therapeutics",
            "2025-12-29T00:00:00+08:00",
            f"{IND_SHELL}#JXSL2500097",
            "implied_ind_record",
            (100, 220),
        ),
        id="ind-approval-fallback-date-key",
    ),
    pytest.param(
        "priority_review",
        {
            "pridCODE": "x1",
            "acceptid": "CXSS2500008",
            "drgnamecn": "人脐带间充质干细胞注射液",
            "company": "苏州澄源细胞生物科技有限公司",
            "createdate": "2025-03-03",
            "applyDate": "2025-04-08",
            "noticeDate": "2025/04/29",
            "endNoticeDate": "2025-05-08",
        },
        (
            "优先审评公示：人脐带间充质干细胞注射液（CXSS2500008）— 苏州澄源细胞生物科技有限公司",
            "2025-04-29T00:00:00+08:00",
            f"{PRIORITY_SHELL}#CXSS2500008",
            "priority_review_record",
            (140, 240),
        ),
        id="priority-slash-date",
    ),
    pytest.param(
        "breakthrough",
        {
            "bcnidCODE": "y1",
            "acceptid": "CXSL2500517",
            "drgnamecn": "重组腺相关病毒载体人凝血因子IX基因注射液",
            "company": None,
            "applyDate": "2025-03-18",
            "noticeDate": 1744128000000,
        },
        (
            "突破性治疗公示：重组腺相关病毒载体人凝血因子IX基因注射液（CXSL2500517）",
            "2025-04-09T00:00:00+08:00",
            f"{BREAKTHROUGH_SHELL}#CXSL2500517",
            "breakthrough_record",
            (100, 200),
        ),
        id="breakthrough-epoch-ms-no-company",
    ),
]


@pytest.mark.parametrize(("kind", "record", "expected"), LAYOUTS)
def test_parse_record_layouts(kind, record, expected):
    title, published, url, doc_type, (low, high) = expected
    doc = parse_document(raw_record(kind, record))
    assert doc.title == title
    assert doc.published_at.isoformat() == published
    assert str(doc.published_at.tzinfo) == "Asia/Shanghai"
    assert doc.url == url
    assert doc.doc_type == doc_type
    assert doc.doc_type in DOC_TYPES
    assert low <= len(doc.body_text) <= high, len(doc.body_text)
    assert record["acceptid"] in doc.body_text
    assert doc.metadata["acceptid"] == record["acceptid"]
    assert "pridCODE" not in doc.body_text
    assert "bcnidCODE" not in doc.body_text


def test_body_renders_every_field_in_chinese():
    doc = parse_document(raw_record("ind_approval", LAYOUTS[1].values[1]))
    assert doc.body_text.splitlines() == [
        "国家药品监督管理局药品审评中心 临床试验默示许可",
        "受理号：CXSL2500188",
        "药品名称：自体抗CD19嵌合抗原受体T细胞注射液",
        "申请人：杭州启衡生物医药有限公司;浙江某某医院",
        "适应症：难治性系统性红斑狼疮",
        "注册分类：1类",
        "默示许可日期：2025-05-06",
        "受理号解读：境内生产，生物制品，临床试验申请，2025年受理",
    ]
    assert doc.metadata["application"] == "IND"
    assert doc.metadata["year"] == 2025
    assert doc.metadata["indication"] == "难治性系统性红斑狼疮"


@pytest.mark.parametrize(
    ("kind", "record", "message"),
    [
        ("ind_approval", {"acceptid": "CXSL2500188", "drgnamecn": "x细胞"}, "none of the date fields"),
        ("nonsense", {"acceptid": "CXSL2500188", "createdate": "2025-01-01"}, "unknown CDE list kind"),
    ],
)
def test_parse_record_rejects(kind, record, message):
    with pytest.raises(ParseError, match=message):
        parse_document(raw_record(kind, record))


def test_parse_record_rejects_a_page_without_the_record():
    raw = raw_record("acceptance", {"acceptid": "CXSL2500031", "createdate": "2025-01-09"})
    raw = RawDocument(
        "cde", "acceptance:CXSL2599999", raw.record, context={"kind": "acceptance", "acceptid": "CXSL2599999"}
    )
    with pytest.raises(ParseError, match="not found"):
        parse_document(raw)


@pytest.mark.parametrize(
    "body",
    [b"<html><script>$_ts={}</script></html>", b'{"code":500,"msg":"error"}', b'{"code":200,"data":[]}', b"[]"],
    ids=["challenge-html", "error-code", "data-not-object", "array"],
)
def test_parse_list_page_rejects_what_is_not_the_api(body):
    with pytest.raises(ParseError):
        parse.parse_list_page(body)


def test_config_rejects_page_sizes_the_server_refuses():
    with pytest.raises(ValueError, match="page_size"):
        CdeConfig(page_size=100)
    with pytest.raises(ValueError, match="unknown CDE list"):
        CdeConfig(lists=("news",))


@pytest.fixture
def serve():
    servers: list[SnapshotServer] = []

    def start(*names: str) -> tuple[SnapshotServer, HttpClient]:
        roots = [DEMO if n == "demo" else FIXTURES / n for n in names]
        server = SnapshotServer(roots).start()
        servers.append(server)
        client = HttpClient(HttpSettings(route_all_to=server.url, min_interval_per_host_s=0, respect_robots=False))
        return server, client

    yield start
    for server in servers:
        server.stop()


def test_paging_stops_once_a_whole_page_is_older_than_the_overlap(serve):
    server, client = serve("paging")
    config = CdeConfig(page_size=10, lists=("ind_approval",))
    docs = list(CdeSource(client, config).fetch(FetchWindow(date(2025, 6, 1), date(2025, 6, 30))))
    # Pages hold 06-28..06-10, 06-08..05-21, 05-19..05-01, 04-29..04-21; page 3 is wholly before 05-29.
    assert [r.form["pageNum"] for r in server.requests if r.method == "POST"] == ["1", "2", "3"]
    assert server.count("/", method="GET") == 1
    assert [d.native_id for d in docs] == [f"ind_approval:CXSL25{20000 + i:05d}" for i in range(0, 14, 2)]
    assert {d.context["kind"] for d in docs} == {"ind_approval"}


def test_paging_stops_at_the_total_and_never_asks_for_the_wrapped_page(serve):
    server, client = serve("paging")
    docs = list(CdeSource(client, CdeConfig(page_size=10, lists=("ind_approval",))).fetch(YEAR_2025))
    # 35 records at 10 per page: 4 pages; the recorded page 5 (a copy of page 1) must never be requested.
    assert [r.form["pageNum"] for r in server.requests if r.method == "POST"] == ["1", "2", "3", "4"]
    assert len(docs) == 18
    assert len({d.native_id for d in docs}) == 18


def test_page_cap_inside_the_window_keeps_what_was_read_and_fails_the_source(serve):
    server, client = serve("paging")
    source = CdeSource(client, CdeConfig(page_size=10, max_pages=2, lists=("ind_approval",)))
    docs: list = []
    with pytest.raises(PermanentSourceError, match=r"ind_approval reports 35 records, more than the 2-page cap"):
        docs.extend(source.fetch(YEAR_2025))
    # Pages 1-2 were read and their records yielded; pages 3-4 of the window never were.
    assert [r.form["pageNum"] for r in server.requests if r.method == "POST"] == ["1", "2"]
    assert docs


def test_overlap_setting_moves_the_stop(serve):
    server, client = serve("paging")
    config = CdeConfig(page_size=10, lists=("ind_approval",), overlap_days=40)
    docs = list(CdeSource(client, config).fetch(FetchWindow(date(2025, 6, 1), date(2025, 6, 30))))
    # since - 40 days = 04-22: page 3 (newest 05-19) is no longer wholly older, so page 4 is read too;
    # the kept records stay those dated inside the window.
    assert server.count("getCliniCalList", method="POST") == 4
    assert len(docs) == 7


def test_wrap_around_is_detected_when_the_total_is_stale(serve, caplog):
    server, client = serve("stale_total")
    with caplog.at_level(logging.WARNING, logger="extractors.cde"):
        docs = list(CdeSource(client, CdeConfig(page_size=10, lists=("breakthrough",))).fetch(YEAR_2025))
    # The API claims 40 records but page 3 repeats page 1; page 4 (not recorded) must not be requested.
    assert [r.form["pageNum"] for r in server.requests if r.method == "POST"] == ["1", "2", "3"]
    assert len(docs) == 10
    assert "repeats page 1" in caplog.text


def test_cold_post_challenge_rewarms_once_then_propagates(serve):
    server, client = serve("challenge")
    source = CdeSource(client, CdeConfig(lists=("ind_approval",)))
    with pytest.raises(BlockedByChallengeError, match="HTTP 202"):
        list(source.fetch(YEAR_2025))
    assert [(r.method, r.url.rsplit("/", 1)[-1], r.status) for r in server.requests] == [
        ("GET", "", 200),
        ("POST", "getCliniCalList", 202),
        ("GET", "", 200),
        ("POST", "getCliniCalList", 202),
    ]


def test_rewarm_recovers_when_the_second_post_is_answered():
    seen: list[str] = []
    challenged = {"left": 1}
    page = list_body([{"acceptid": "CXSL2500031", "drgnamecn": "人脐带间充质干细胞注射液", "lcmsxkDate": "2025-03-24"}])

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.method == "GET":
            return httpx.Response(200, text="<html>home</html>", headers={"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc"})
        assert request.headers["X-Requested-With"] == "XMLHttpRequest"
        assert request.headers["Origin"] == "https://www.cde.org.cn"
        assert request.headers["Referer"] == IND_SHELL
        assert request.headers["Cookie"] == "FSSBBIl1UgzbN7N80S=abc"
        if challenged["left"]:
            challenged["left"] -= 1
            return httpx.Response(202, text="<html><script r='m'>$_ts={}</script></html>")
        return httpx.Response(200, content=page)

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    docs = list(CdeSource(client, CdeConfig(lists=("ind_approval",))).fetch(YEAR_2025))
    assert [d.native_id for d in docs] == ["ind_approval:CXSL2500031"]
    assert seen == ["GET /", "POST /main/xxgk/getCliniCalList", "GET /", "POST /main/xxgk/getCliniCalList"]


def test_a_non_json_answer_is_a_permanent_failure():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, text="<html>home</html>")
        return httpx.Response(200, text="<html><body>系统维护中</body></html>")

    client = HttpClient(
        HttpSettings(min_interval_per_host_s=0, respect_robots=False), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(PermanentSourceError, match="not JSON"):
        list(CdeSource(client, CdeConfig(lists=("priority_review",))).fetch(YEAR_2025))


def test_demo_snapshot_yields_the_2025_cgt_records(serve):
    server, client = serve("demo")
    docs = list(build(client, Settings(Path("d"), Path("w"), Path("l"), Path("s"))).fetch(YEAR_2025))
    parsed = [parse_document(d) for d in docs]
    assert Counter(p.doc_type for p in parsed) == {
        "acceptance_record": 11,
        "implied_ind_record": 8,
        "priority_review_record": 4,
        "breakthrough_record": 4,
    }
    assert len({p.native_id for p in parsed}) == 27
    # Warm-up, acceptance 2025 pages 1-2, acceptance 2024 page 1, then one page per other list.
    assert server.count("/", method="GET") == 1
    assert server.count("getMenuListHc", method="POST") == 3
    assert len(server.requests) == 7
    meta = json.loads((DEMO / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["source"] == "cde"
    assert meta["window"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert meta["documents"] == 27
    by_id = {p.native_id: p for p in parsed}
    assert "acceptance:CXSL2401432" not in by_id  # 2024-12-30: inside the overlap, outside the window
    assert "acceptance:CXSB2500150" not in by_id  # G-CSF (CHO细胞)
    assert by_id["priority_review:JXSS2500002"].metadata["origin"] == "import"
    assert all(p.published_at.year == 2025 for p in parsed)
