"""Build the news (证券日报 + 新浪财经) demo snapshot and test fixtures from scripts/news_items.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_news_snapshot.py

Writes ``cgtwatch/snapshot/news/`` (calendar 2025, the source's default configuration: 10 zqrb entries per list
page, 50 Sina entries per roll page), ``tests/fixtures/news/small_pages/`` (4 zqrb entries per page, 5 Sina entries
per page, one Sina article missing) and ``tests/fixtures/news/charset/`` (GBK and Big5 pages whose headers lie).
Only CGT-relevant entries get an article page: the source must never request the others.
"""

from __future__ import annotations

import html
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import snapshot_kit as kit

sys.path.insert(0, str(kit.REPO))

from extractors.news import parse, settings
from extractors.news.settings import NewsConfig

DATA = kit.REPO / "scripts" / "news_items.json"
BEIJING = settings.BEIJING
HTML_UTF8 = "text/html; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
ZQRB_DISCLAIMER = "免责声明：本网站所载文章仅供参考，不构成投资建议，投资者据此操作，风险自担。"
SINA_STATEMENT = (
    "新浪声明：此消息系转载自新浪合作媒体，新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。"
)


def zqrb_url(item: dict[str, Any]) -> str:
    return f"{settings.ZQRB_BASE}/{item['channel']}/{item['date'][:10]}/{item['id']}.html"


def zqrb_list_page(channel: str, items: list[dict[str, Any]], page: int, pages: int) -> bytes:
    rows = []
    for n, item in enumerate(items):
        # Mix absolute and root-relative links, as the site's templates do.
        href = zqrb_url(item) if n % 2 == 0 else zqrb_url(item).removeprefix(settings.ZQRB_BASE)
        rows.append(
            kit.link_item(href, item["title"], f'<span class="date">{item["date"][:10]}</span>', css_class="lista")
        )
    pager = f'<a href="index_p{page + 1}.html">下一页</a>' if page < pages else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>证券日报网</title></head>
<body><div class="header"><a href="http://www.zqrb.cn/">证券日报网</a></div>
<div class="news_content"><ul>
{chr(10).join(rows)}
</ul></div>
<div class="page">{pager}</div>
</body></html>
""".encode()


def zqrb_article(item: dict[str, Any], *, meta_charset: str | None) -> str:
    title = html.escape(item["title"])
    paras = kit.paragraphs_html(item["paragraphs"])
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">' if meta_charset else ""
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{title}_证券日报网</title></head>
<body><div class="header"><a href="http://www.zqrb.cn/">证券日报网</a></div>
<div class="news_content"><h1>{title}</h1>
<div class="info_news">{item["date"]} 来源：证券日报 {html.escape(item["author"])}</div>
<div class="bshare-custom">分享到：微博 微信</div>
<div class="content-lcq">
{paras}
<p>责任编辑：孙倩</p>
<p>{ZQRB_DISCLAIMER}</p>
</div></div></body></html>
"""


def sina_url(entry: dict[str, Any]) -> str:
    day = entry["date"][:10]
    if entry.get("encoding") == "big5":
        return f"https://finance.sina.com.cn/stock/hkstock/ggscyd/{day}/doc-{entry['docid']}.shtml"
    return f"https://finance.sina.com.cn/roll/{day}/doc-{entry['docid']}.shtml"


def ctime(date_text: str) -> int:
    return int(datetime.strptime(date_text, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING).timestamp())


def sina_article(entry: dict[str, Any]) -> str:
    title = html.escape(entry["title"])
    stamp = datetime.strptime(entry["date"], "%Y-%m-%d %H:%M")
    paras = kit.paragraphs_html(entry["paragraphs"])
    media = html.escape(entry["media"])
    if entry["layout"] == "old":
        charset = "big5" if entry.get("encoding") == "big5" else "utf-8"
        editor = "責任編輯：王一" if charset == "big5" else "责任编辑：王一"
        site = "新浪財經" if charset == "big5" else "新浪财经"
        return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_{site}</title></head>
<body><div class="blkContainer"><h1 id="artibodyTitle">{title}</h1>
<div class="from_info"><span id="navtimeSource">{stamp:%Y年%m月%d日%H:%M}\u3000<span><a href="https://finance.sina.com.cn/">{media}</a></span></span></div>
<div class="blkContainerSblkCon" id="artibody">
{paras}
<p>{editor}</p>
</div></div></body></html>
"""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}|新浪财经</title></head>
<body><div class="main-content">
<h1 class="main-title">{title}</h1>
<div class="top-bar-wrap"><div class="date-source"><span class="date">{stamp:%Y年%m月%d日 %H:%M}</span>
<a class="source" href="https://finance.sina.com.cn/">{media}</a></div></div>
<div class="article" id="artibody">
<div class="ct_hqimg">行情图</div>
{paras}
<div class="appendQr_wrap">海量资讯、精准解读，尽在新浪财经APP</div>
<p class="article-editor">责任编辑：李桐</p>
<p>责任编辑：李桐</p>
</div>
<div class="show_statement">{SINA_STATEMENT}</div>
</div></body></html>
"""


def sina_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    zqrb = {z["id"]: z for z in data["zqrb"]}
    entries = []
    for entry in data["sina"]:
        if "repost_of" in entry:
            source = zqrb[entry["repost_of"]]
            entry = {**entry, "title": source["title"], "paragraphs": source["paragraphs"]}
        entries.append({**entry, "relevant": True})
    for n, (when, title) in enumerate(data["sina_irrelevant"]):
        docid = f"inecahz9{n:06d}"
        entries.append(
            {
                "docid": docid,
                "date": when,
                "title": title,
                "intro": title + "。",
                "media": "新浪财经",
                "relevant": False,
            }
        )
    return sorted(entries, key=lambda e: (e["date"], e["docid"]), reverse=True)


def roll_body(lid: str, entries: list[dict[str, Any]], total: int) -> bytes:
    rows = []
    for n, e in enumerate(entries):
        url = sina_url(e)
        if n % 3 == 1:
            # Roll links sometimes come as http:// with tracking parameters; the source canonicalises them.
            url = url.replace("https://", "http://") + "?cre=tianyi&mod=pcpager_fin"
        rows.append(
            {
                "docid": f"comos:{e['docid'][1:]}",
                "ctime": str(ctime(e["date"])),
                "intime": str(ctime(e["date"]) + 30),
                "title": e["title"],
                "intro": e["intro"],
                "url": url,
                "wapurl": url.replace("finance.sina.com.cn", "finance.sina.cn"),
                "media_name": e["media"],
                "keywords": "",
            }
        )
    payload = {"result": {"status": {"code": 0, "msg": "succ"}, "lid": lid, "top": [], "data": rows, "total": total}}
    return kit.json_bytes(payload)


def build(root: Path, config: NewsConfig, zqrb_per_page: int, missing: set[str], label: str) -> dict[str, Any]:
    data = kit.read_json(DATA)
    out = kit.SnapshotWriter(root)
    docs = {"zqrb": 0, "sina": 0}
    for channel in config.zqrb_channels:
        items = [z for z in (*data["zqrb"], *data["zqrb_irrelevant"]) if z["channel"] == channel]
        items.sort(key=lambda z: (z["date"], z["id"]), reverse=True)
        pages = kit.paginate(items, zqrb_per_page)
        slug = channel.replace("/", "_")
        for page, chunk in enumerate(pages, 1):
            out.add(
                f"zqrb_{slug}_p{page}.html",
                parse.zqrb_list_url(channel, page),
                zqrb_list_page(channel, chunk, page, len(pages)),
                HTML_UTF8,
            )
        for item in items:
            if "paragraphs" not in item or item["date"] < "2025" or item["id"] in missing:
                continue
            if item.get("encoding") == "gbk":
                # GBK bytes behind a header that claims UTF-8; only the <meta> tells the truth.
                body = zqrb_article(item, meta_charset="gb2312").encode("gbk")
            else:
                body = zqrb_article(item, meta_charset="utf-8").encode("utf-8")
            out.add(f"zqrb_{item['id']}.html", zqrb_url(item), body, HTML_UTF8)
            docs["zqrb"] += 1
    entries = sina_entries(data)
    for lid in config.sina_lids:
        for page, chunk in enumerate(kit.paginate(entries, config.sina_page_size), 1):
            url = kit.request_url(settings.SINA_ROLL_URL, parse.sina_roll_query(lid, page, config.sina_page_size))
            out.add(f"sina_roll_{lid}_p{page}.json", url, roll_body(lid, chunk, len(entries)), JSON_TYPE)
    for e in entries:
        if not e["relevant"] or e["date"] < "2025" or e["docid"] in missing:
            continue
        if e.get("encoding") == "big5":
            out.add(f"sina_{e['docid']}.html", sina_url(e), sina_article(e).encode("big5"), "text/html")
        else:
            out.add(f"sina_{e['docid']}.html", sina_url(e), sina_article(e).encode("utf-8"), HTML_UTF8)
        docs["sina"] += 1
    meta = {
        **kit.demo_meta("news", "scripts/build_news_snapshot.py from scripts/news_items.json", sites="sites"),
        "set": label,
        "config": {
            "zqrb_channels": list(config.zqrb_channels),
            "zqrb_entries_per_page": zqrb_per_page,
            "sina_page_size": config.sina_page_size,
        },
        "documents": docs["zqrb"] + docs["sina"],
        "documents_by_outlet": docs,
        "reposts": sorted(e["docid"] for e in data["sina"] if "repost_of" in e),
        "irrelevant_entries": len(data["zqrb_irrelevant"]) + len(data["sina_irrelevant"]),
        "missing_articles": sorted(missing),
    }
    out.finish(meta)
    return meta


def build_charset(root: Path) -> None:
    data = kit.read_json(DATA)
    gbk = next(z for z in data["zqrb"] if z.get("encoding") == "gbk")
    big5 = next(e for e in data["sina"] if e.get("encoding") == "big5")
    out = kit.SnapshotWriter(root)
    out.add("zqrb_gbk_meta.html", zqrb_url(gbk), zqrb_article(gbk, meta_charset="gb2312").encode("gbk"), HTML_UTF8)
    bare = {**gbk, "id": "A1736925600999"}
    out.add("zqrb_gbk_bare.html", zqrb_url(bare), zqrb_article(bare, meta_charset=None).encode("gbk"), "text/html")
    out.add("sina_big5.html", sina_url(big5), sina_article(big5).encode("big5"), "text/html")
    out.finish(
        {"source": "news", "set": "charset", "note": "GBK and Big5 pages whose HTTP headers claim UTF-8 or nothing."}
    )


def main() -> None:
    args = kit.root_parser(__doc__).parse_args()
    data = kit.read_json(DATA)
    demo_dir, fixtures = kit.output_dirs("news")
    demo = build(args.root / demo_dir, NewsConfig(), 10, set(), "demo")
    small = build(
        args.root / fixtures / "small_pages",
        NewsConfig(sina_page_size=5),
        4,
        {data["fixture_missing_article"]},
        "small_pages",
    )
    build_charset(args.root / fixtures / "charset")
    for meta in (demo, small):
        kit.print_summary(meta["set"], meta, "documents_by_outlet")


if __name__ == "__main__":
    main()
