"""Build the policy (gov.cn + NHC) demo snapshot and test fixtures from scripts/policy_pages.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_policy_snapshot.py

Writes ``cgtwatch/snapshot/policy/`` (calendar 2025, the source's default configuration), and under
``tests/fixtures/policy/``: ``small_pages/`` (gov.cn pages of 2, NHC pages of 3), ``challenge_nhc/`` (HTTP 412 with a
Ruishu-style ``$_ts`` script) and ``challenge_gov/`` (HTTP 202 with a cookie-setting script). The search answers and
pages follow SOURCES.md section 5; one keyword answers in the ``catMap`` variant.
"""

from __future__ import annotations

import html
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import snapshot_kit as kit

sys.path.insert(0, str(kit.REPO))

from extractors.policy import parse, settings
from extractors.policy.settings import PolicyConfig
from extractors.relevance import cgt_terms_found

DATA = kit.REPO / "scripts" / "policy_pages.json"
HTML_UTF8 = "text/html; charset=utf-8"
JSON_TYPE = "application/json;charset=UTF-8"
NHC_CHALLENGE = kit.ruishu_challenge(
    "qqqqqqqqqqqqqqqqqqqq.Nh4cW9Zp2Lr7Xk1Bt5Ye8Uj0Mc3Fa6Ds",
    48213,
    "qhrQrGAlEqqkqqqqqGq",
    "/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js",
)
GOV_CHALLENGE = """<html><head><meta charset="utf-8"><title></title></head><body>
<script>var x="cgt"+"watch";document.cookie="__jsl_clearance="+x+";max-age=3600;path=/";
location.href=location.pathname+location.search;</script>
</body></html>
"""


def gov_url(item: dict[str, Any]) -> str:
    month = item["date"][:7].replace("-", "")
    folder = "content" if item["issuer"] == "国务院" else "zhengceku"
    return f"https://www.gov.cn/zhengce/{folder}/{month}/content_{item['id']}.htm"


def gov_hit(item: dict[str, Any], keyword: str, n: int) -> dict[str, Any]:
    url = gov_url(item)
    if n % 2 == 1:
        url = url.replace("https://", "http://")  # the index mixes schemes; the source canonicalises
    return {
        "title": item["title"].replace(keyword, f"<em>{keyword}</em>"),
        "url": url,
        "pubtimeStr": item["date"].replace("-", "."),
        "pubtime": int(datetime.fromisoformat(item["date"] + "T00:00:00+08:00").timestamp() * 1000),
        "puborg": item["issuer"],
        "pcode": item["pcode"],
        "summary": "",
    }


def gov_search_body(keyword: str, items: list[dict[str, Any]], total: int, catmap: bool) -> bytes:
    hits = [gov_hit(item, keyword, n) for n, item in enumerate(items)]
    if catmap:
        state = [h for h in hits if h["puborg"] == "国务院"]
        dept = [h for h in hits if h["puborg"] != "国务院"]
        search_vo: dict[str, Any] = {
            "totalCount": total,
            "catMap": {
                "gongwen": {"listVO": state, "totalCount": len(state)},
                "bumenfile": {"listVO": dept, "totalCount": total},
            },
        }
    else:
        search_vo = {"totalCount": total, "listVO": hits}
    return kit.json_bytes({"code": 200, "msg": "成功", "searchVO": search_vo})


def gov_page(item: dict[str, Any]) -> bytes:
    title = html.escape(item["title"])
    paras = kit.paragraphs_html(item["paragraphs"], indent="", attrs=' style="text-indent: 2em;"')
    day = lambda d: f"{d[:4]}年{d[5:7]}月{d[8:10]}日"  # noqa: E731
    table = f"""<table class="bd1" width="100%"><tbody>
<tr><td class="b12c" width="90"><b>索 引 号：</b></td><td>000014349/{item["date"][:4]}-{item["id"][-5:]}</td>
<td><b>主题分类：</b></td><td>{html.escape(item["subject"])}</td></tr>
<tr><td><b>发文机关：</b></td><td>{html.escape(item["issuer"])}</td><td><b>成文日期：</b></td><td>{day(item["written"])}</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">{title}</td></tr>
<tr><td><b>发文字号：</b></td><td>{html.escape(item["pcode"])}</td><td><b>发布日期：</b></td><td>{day(item["date"])}</td></tr>
</tbody></table>"""
    if item.get("layout") == "ucap":
        # Older template: no share-title, no firstpublishedtime meta, body in td#UCAP-CONTENT.
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="manuscriptId" content="{item["id"]}">
<title>{title}_中国政府网</title></head><body>
<div class="policyLibraryOverview_header">{table}</div>
<table width="100%"><tr><td class="b12c" id="UCAP-CONTENT">{paras}</td></tr></table>
<div class="editor">【我要纠错】 责任编辑：王洋</div>
</body></html>
""".encode()
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="firstpublishedtime" content="{item["date"]}-{item["time"]}">
<meta name="lastmodifiedtime" content="{item["date"]}-{item["time"]}">
<meta name="manuscriptId" content="{item["id"]}">
<meta name="lanmu" content="{item["lanmu"]}">
<meta name="keywords" content="{";".join(item["keywords"])}">
<title>{title}_国务院部门文件_中国政府网</title></head><body>
<div class="BreadcrumbNav">首页 &gt; 政策 &gt; 政策文件库</div>
{table}
<div class="share-title">{title}</div>
<div class="pages_content" id="UCAP-CONTENT"><div class="TRS_UEDITOR trs_paper_default trs_web">
{paras}
</div></div>
<div class="editor">【我要纠错】 责任编辑：王洋</div>
</body></html>
""".encode()


def nhc_url(item: dict[str, Any]) -> str:
    return f"{settings.NHC_BASE}/qjjys/{item['column']}/{item['date'][:7].replace('-', '')}/{item['hex']}.shtml"


def nhc_list_page(items: list[dict[str, Any]], next_href: str | None) -> bytes:
    rows = "\n".join(
        kit.link_item(nhc_url(i).removeprefix(settings.NHC_BASE), i["title"], f'<span class="ml">{i["date"]}</span>')
        for i in items
    )
    pager = f'<span class="arrow"><a href="{next_href}">下一页</a></span>' if next_href else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策文件_科技教育司</title></head><body>
<div class="index_title">科技教育司</div>
<ul class="zxxx_list zcwjlist">
{rows}
</ul>
<div class="pagination_index"><span>共{len(items)}条</span></div>
<div class="pagination_index">{pager}</div>
</body></html>
""".encode()


def nhc_page(item: dict[str, Any], *, with_meta: bool) -> bytes:
    title = html.escape(item["title"])
    paras = kit.paragraphs_html(item["paragraphs"])
    if item.get("attachment"):
        folder = f"/qjjys/{item['column']}/{item['date'][:7].replace('-', '')}/files"
        href = f"{folder}/{item['hex'][:8]}{Path(item['attachment']).suffix}"
        paras += f'\n<p>附件：<a href="{href}">{html.escape(item["attachment"])}</a></p>'
    meta = (
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{item["date"]} 10:00">'
        '<meta name="ContentSource" content="科技教育司">'
        if with_meta
        else ""
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">{meta}<title>{title}</title></head><body>
<div class="w1100"><div class="list">
<div class="tit">{title}</div>
<div class="source"><span>发布时间：{item["date"]}</span><span class="mr">来源: 科技教育司</span></div>
<div class="con" id="xw_box">
{paras}
</div></div></div></body></html>
""".encode()


def build(root: Path, config: PolicyConfig, nhc_per_page: int, label: str) -> dict[str, Any]:
    data = kit.read_json(DATA)
    out = kit.SnapshotWriter(root)
    gov_items = [*data["gov"], *data["gov_irrelevant"]]
    fetched_gov: set[str] = set()
    for k_index, keyword in enumerate(config.gov_keywords):
        results = sorted(
            (g for g in gov_items if keyword in g["keywords"]), key=lambda g: (g["date"], g["id"]), reverse=True
        )
        for page, chunk in enumerate(kit.paginate(results, config.gov_page_size), 1):
            url = kit.request_url(settings.GOV_SEARCH_URL, parse.gov_search_query(keyword, page, config.gov_page_size))
            body = gov_search_body(keyword, chunk, len(results), keyword == data["catmap_keyword"])
            out.add(f"gov_search_k{k_index}_p{page}.json", url, body, JSON_TYPE)
        fetched_gov.update(g["id"] for g in results if "paragraphs" in g and g["date"] >= "2025")
    gov_docs = [g for g in data["gov"] if g["id"] in fetched_gov]
    for g in gov_docs:
        out.add(f"gov_{g['id']}.html", gov_url(g), gov_page(g), HTML_UTF8)
    nhc_docs: list[dict[str, Any]] = []
    for key in config.nhc_lists:
        items = sorted(data["nhc"][key], key=lambda i: i["date"], reverse=True)
        base = settings.NHC_LISTS[key].url
        chunks = kit.paginate(items, nhc_per_page)
        pages = len(chunks)
        for page, chunk in enumerate(chunks, 1):
            page_url = base if page == 1 else base.replace(".shtml", f"_{page}.shtml")
            next_href = base.rsplit("/", 1)[1].replace(".shtml", f"_{page + 1}.shtml") if page < pages else None
            out.add(f"nhc_{key}_p{page}.html", page_url, nhc_list_page(chunk, next_href), HTML_UTF8)
        for n, item in enumerate(items):
            relevant = cgt_terms_found(item["title"], config.cgt_terms, config.cgt_exclude)
            if "paragraphs" in item and item["date"] >= "2025" and relevant:
                out.add(f"nhc_{item['hex']}.html", nhc_url(item), nhc_page(item, with_meta=n % 2 == 0), HTML_UTF8)
                nhc_docs.append(item)
    filings = [i for i in nhc_docs if parse.nhc_doc_type(settings.NHC_LISTS["zcwj2"], i["title"]) == "research_filing"]
    meta = {
        **kit.demo_meta("policy", "scripts/build_policy_snapshot.py from scripts/policy_pages.json", sites="sites"),
        "set": label,
        "config": {
            "gov_keywords": list(config.gov_keywords),
            "gov_page_size": config.gov_page_size,
            "nhc_entries_per_page": nhc_per_page,
        },
        "documents": len(gov_docs) + len(nhc_docs),
        "documents_by_outlet": {"gov": len(gov_docs), "nhc": len(nhc_docs)},
        "research_filings": len(filings),
    }
    out.finish(meta)
    return meta


def build_challenges(root: Path) -> None:
    nhc = kit.SnapshotWriter(root / "challenge_nhc")
    nhc.add("challenge_412.html", settings.NHC_LISTS["zcwj2"].url, NHC_CHALLENGE, "text/html", status=412)
    nhc.finish(
        {"source": "policy", "set": "challenge_nhc", "note": "NHC answers its list with HTTP 412 and a $_ts script."}
    )
    gov = kit.SnapshotWriter(root / "challenge_gov")
    url = kit.request_url(
        settings.GOV_SEARCH_URL, parse.gov_search_query(PolicyConfig().gov_keywords[0], 1, PolicyConfig().gov_page_size)
    )
    gov.add("challenge_202.html", url, GOV_CHALLENGE.encode(), "text/html", status=202)
    gov.finish(
        {"source": "policy", "set": "challenge_gov", "note": "gov.cn's WAF answers with HTTP 202 and a cookie script."}
    )


def main() -> None:
    args = kit.root_parser(__doc__).parse_args()
    data = kit.read_json(DATA)
    demo_dir, fixtures_dir = kit.output_dirs("policy")
    fixtures = args.root / fixtures_dir
    demo = build(args.root / demo_dir, PolicyConfig(), data["nhc_per_page"], "demo")
    small = build(fixtures / "small_pages", PolicyConfig(gov_page_size=2), 3, "small_pages")
    build_challenges(fixtures)
    for meta in (demo, small):
        kit.print_summary(meta["set"], meta, "documents_by_outlet")


if __name__ == "__main__":
    main()
