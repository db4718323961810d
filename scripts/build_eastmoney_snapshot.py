"""Build the Eastmoney demo snapshot and test fixtures from scripts/eastmoney_*.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_eastmoney_snapshot.py

Writes ``cgtwatch/snapshot/eastmoney/`` (calendar 2025, the source's default configuration) and
``tests/fixtures/eastmoney/small_pages/`` (search pages of 3, announcement pages of 2, a list server that
ignores ``begin_time``/``end_time``, one article page missing). The API answers and pages follow SOURCES.md
section 2; the request URLs are built by the source's own query functions, so they match what it sends.
"""

from __future__ import annotations

import html
import math
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import snapshot_kit as kit

sys.path.insert(0, str(kit.REPO))

from extractors.base import FetchWindow
from extractors.eastmoney import parse, settings
from extractors.eastmoney.settings import EastmoneyConfig
from extractors.relevance import cgt_terms_found

NEWS = kit.REPO / "scripts" / "eastmoney_news.json"
ANNOUNCEMENTS = kit.REPO / "scripts" / "eastmoney_announcements.json"
WINDOW = FetchWindow(kit.DEMO_SINCE, kit.DEMO_UNTIL)
RESUME_WINDOW = FetchWindow(kit.DEMO_UNTIL - timedelta(days=3), kit.DEMO_UNTIL)
JS_TYPE = "text/javascript; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
DISCLAIMER = "郑重声明：东方财富发布此内容旨在传播更多信息，与本站立场无关，不构成投资建议。据此操作，风险自担。"


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def hits_for(keyword: str, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = [
        a
        for a in articles
        if norm(keyword) in norm(a["title"] + "".join(a["paragraphs"])) or keyword in a.get("also_for", [])
    ]
    return sorted(found, key=lambda a: (a["date"], a["code"]), reverse=True)


def search_body(keyword: str, page_hits: list[dict[str, Any]], total: int) -> bytes:
    items = [
        {
            "date": a["date"],
            "mediaName": a["media"],
            "code": a["code"],
            "title": kit.highlight(a["title"], [keyword]),
            "content": "\u3000\u3000" + kit.highlight(a["paragraphs"][0][:120], [keyword]) + "\r\n",
            "image": "",
            "url": f"http://finance.eastmoney.com/a/{a['code']}.html",
        }
        for a in page_hits
    ]
    payload = {
        "code": 0,
        "msg": "成功",
        "hitsTotal": total,
        "result": {settings.SEARCH_TYPE: items},
        "searchId": "cgtwatch-demo",
    }
    return f"{settings.CALLBACK}({kit.json_text(payload, compact=True)})".encode()


def article_page(a: dict[str, Any]) -> bytes:
    title = html.escape(a["title"])
    stamp = datetime.strptime(a["date"], "%Y-%m-%d %H:%M:%S").strftime("%Y年%m月%d日 %H:%M")
    paras = kit.paragraphs_html(a["paragraphs"])
    media = html.escape(a["media"])
    if a["layout"] == "old":
        page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{title}_东方财富网</title></head>
<body><div class="topnav"><a href="http://www.eastmoney.com/">东方财富网</a> &gt; 财经频道</div>
<div class="newsContent"><h1>{title}</h1>
<div class="Info"><div class="time-source"><div class="time">{stamp}</div>
<div class="source"><span>来源：</span>{media}</div></div></div>
<div class="Body">
{paras}
<p>（责任编辑：DF306）</p>
<p>{DISCLAIMER}</p>
</div></div></body></html>
"""
    else:
        page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_东方财富网</title>
<script>var ArticleCode = "{a["code"]}";</script></head>
<body><div class="main"><div class="zwcontent">
<div class="title">{title}</div>
<div class="infos"><div class="item">{stamp}</div>
<div class="item">来源：<a href="http://www.eastmoney.com/">{media}</a></div>
<div class="item">评论</div></div>
<div class="social_bar">分享到：微博 微信 QQ空间</div>
<div class="txtinfos" id="ContentBody">
{paras}
<p class="em_media">（文章来源：{media}）</p>
<div class="res-edit">（责任编辑：DF078）</div>
</div>
<div class="b-review">{DISCLAIMER}</div>
</div></div></body></html>
"""
    return page.encode("utf-8")


def ann_list_body(items: list[dict[str, Any]], page_index: int, page_size: int, total: int) -> bytes:
    rows = [
        {
            "art_code": i["art_code"],
            "codes": [
                {
                    "ann_type": "A",
                    "inner_code": "1000" + i["stock_code"],
                    "market_code": "1" if i["stock_code"].startswith("6") else "0",
                    "short_name": i["short_name"],
                    "stock_code": i["stock_code"],
                }
            ],
            "columns": [{"column_code": "001002", "column_name": i.get("column", "其他")}],
            "display_time": f"{i['notice_date']} 17:00:00:000",
            "eiTime": f"{i['notice_date']} 17:00:00:000",
            "language": "0",
            "notice_date": f"{i['notice_date']} 00:00:00",
            "title": i["title"],
            "title_ch": i["title"],
            "title_en": "",
        }
        for i in items
    ]
    payload = {
        "data": {"list": rows, "page_index": page_index, "page_size": page_size, "total_hits": total},
        "error": "",
        "success": 1,
    }
    return kit.json_bytes(payload)


def ann_content_body(a: dict[str, Any], page_index: int) -> bytes:
    pages = a["content_pages"]
    paras = a["paragraphs"]
    per = math.ceil(len(paras) / pages)
    chunk = kit.page_slice(paras, page_index, per)
    pdf = f"https://pdf.dfcfw.com/pdf/H2_{a['art_code']}_1.pdf"
    payload = {
        "data": {
            "art_code": a["art_code"],
            "attach_list": [{"attach_size": 312, "attach_type": "0", "attach_url": pdf, "seq": 1}],
            "attach_size": "312",
            "attach_type": "0",
            "attach_url": pdf,
            "attach_url_web": f"{pdf}?{a['notice_date'].replace('-', '')}.pdf",
            "eitime": a["eitime"],
            "extend": {},
            "language": "0",
            "notice_content": "\r\n".join(f"\u3000\u3000{p}" for p in chunk),
            "notice_date": f"{a['notice_date']} 00:00:00",
            "notice_title": a["title"],
            "page_size": pages,
            "page_size_cn": pages,
            "page_size_en": 0,
            "security": [{"market_code": a["market_code"], "short_name": a["short_name"], "stock": a["stock_code"]}],
            "short_name": a["short_name"],
        },
        "success": 1,
    }
    return kit.json_bytes(payload)


def build(root: Path, config: EastmoneyConfig, *, honour_dates: bool, missing: set[str], demo: bool) -> dict[str, Any]:
    news = kit.read_json(NEWS)
    anns = kit.read_json(ANNOUNCEMENTS)
    articles = news["articles"]
    out = kit.SnapshotWriter(root)
    fetched: set[str] = set()
    for k_index, keyword in enumerate(config.keywords):
        hits = hits_for(keyword, articles)
        for page, chunk in enumerate(kit.paginate(hits, config.search_page_size), 1):
            url = kit.request_url(
                settings.SEARCH_URL, parse.search_query(keyword, page, config.search_page_size, config.search_sort)
            )
            out.add(f"search_k{k_index}_p{page}.js", url, search_body(keyword, chunk, len(hits)), JS_TYPE)
        for a in hits:
            fetched.add(a["code"])
    for a in articles:
        if a["code"] not in fetched or a.get("irrelevant") or a["code"] in missing or a["date"] < "2025":
            continue  # never requested (filtered, out of window) or deliberately missing: the server 404s
        out.add(f"a_{a['code']}.html", settings.ARTICLE_URL.format(code=a["code"]), article_page(a), HTML_TYPE)
    listed = [*anns["announcements"], *anns["listing_only"]]
    # The demo also answers the narrower window a second make demo resumes with (last 3 days).
    windows = [("", WINDOW), *([("resume_", RESUME_WINDOW)] if demo else [])]
    resume_requests = 0
    for prefix, window in windows:
        for code in config.stock_codes:
            items = [i for i in listed if i["stock_code"] == code]
            if honour_dates:
                items = [i for i in items if window.since.isoformat() <= i["notice_date"] <= window.until.isoformat()]
            items.sort(key=lambda i: (i["notice_date"], i["art_code"]), reverse=True)
            pages = kit.paginate(items, config.ann_page_size)
            for page, chunk in enumerate(pages, 1):
                resume_requests += bool(prefix)
                query = parse.ann_list_query(code, page, config.ann_page_size, window)
                out.add(
                    f"{prefix}ann_list_{code}_p{page}.json",
                    kit.request_url(settings.ANN_LIST_URL, query),
                    ann_list_body(chunk, page, config.ann_page_size, len(items)),
                    JSON_TYPE,
                )
    for a in anns["announcements"]:
        for page in range(1, a["content_pages"] + 1):
            url = kit.request_url(settings.ANN_CONTENT_URL, parse.ann_content_query(a["art_code"], page))
            out.add(f"ann_{a['art_code']}_p{page}.json", url, ann_content_body(a, page), JSON_TYPE)
    relevant_news = [
        a
        for a in articles
        if a["code"] in fetched and not a.get("irrelevant") and a["code"] not in missing and a["date"] >= "2025"
    ]
    ann_docs = [a for a in anns["announcements"] if cgt_terms_found(a["title"], config.cgt_terms, config.cgt_exclude)]
    built_by = (
        "scripts/build_eastmoney_snapshot.py from scripts/eastmoney_news.json and scripts/eastmoney_announcements.json"
    )
    meta = {
        **kit.demo_meta("eastmoney", built_by),
        "config": {
            "keywords": list(config.keywords),
            "search_page_size": config.search_page_size,
            "stock_codes": list(config.stock_codes),
            "ann_page_size": config.ann_page_size,
            "list_server_honours_dates": honour_dates,
        },
        "documents": len(relevant_news) + len(ann_docs),
        "documents_by_kind": {"news": len(relevant_news), "announcement": len(ann_docs)},
        "missing_article_codes": sorted(missing),
        # Recorded for an incremental re-run only; a full-window fetch never asks for them.
        "resume_requests": resume_requests,
    }
    if not demo:
        meta["fixture"] = True
    out.finish(meta)
    return meta


def main() -> None:
    args = kit.root_parser(__doc__).parse_args()
    news = kit.read_json(NEWS)
    demo_dir, fixtures = kit.output_dirs("eastmoney")
    demo = build(
        args.root / demo_dir,
        EastmoneyConfig(),
        honour_dates=True,
        missing=set(),
        demo=True,
    )
    small = build(
        args.root / fixtures / "small_pages",
        EastmoneyConfig(search_page_size=3, ann_page_size=2),
        honour_dates=False,
        missing=set(news["fixture_missing_article"]),
        demo=False,
    )
    for name, meta in (("demo", demo), ("small_pages", small)):
        kit.print_summary(name, meta, "documents_by_kind")


if __name__ == "__main__":
    main()
