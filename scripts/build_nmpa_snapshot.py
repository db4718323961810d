"""Build the NMPA demo snapshot and test fixtures from scripts/nmpa_pages.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_nmpa_snapshot.py [--root DIR]

Writes ``cgtwatch/snapshot/nmpa/`` (calendar 2025) and ``tests/fixtures/nmpa/{layouts,challenge}/``. List and
article pages are rendered to the structure SOURCES.md section 3 describes; PDF attachments are rendered with
fpdf2 and the WenQuanYi Micro Hei font (``apt-get install fonts-wqy-microhei``) so pypdf can extract the Chinese.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import snapshot_kit as kit

sys.path.insert(0, str(kit.REPO))

from extractors.nmpa.settings import COLUMNS
from extractors.relevance import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS, cgt_terms_found

DATA = kit.REPO / "scripts" / "nmpa_pages.json"
DEMO, FIXTURES = kit.output_dirs("nmpa")
HTML_TYPE = "text/html"
PDF_TYPE = "application/pdf"
CMS_PREFIX = "/directory/web/nmpa"
# Shaped like NMPA's Ruishu (瑞数) answer to a plain client: HTTP 412 and a self-reloading script page.
CHALLENGE_HTML = kit.ruishu_challenge(
    "qqqqqqqqqqqqqqqqqqqq.Hk2vPq8Lr5Zx1Wn7Bt4Ye0Uj3Mc6Fa9Ds",
    90617,
    "qrWmrGAlEqqkqqqqqGq",
    "/8JdDp5z9e8a4/b.Ws4Rg2Lk.cab1f37.js",
)


def public_url(href: str, base: str) -> str:
    url = urljoin(base, href)
    return url.replace("https://www.nmpa.gov.cn" + CMS_PREFIX + "/", "https://www.nmpa.gov.cn/")


def list_url(index_url: str, page: int) -> str:
    return index_url if page == 0 else index_url.replace("index.html", f"index_{page}.html")


def render_list(label: str, items: list[dict[str, Any]], page: int, page_count: int | None) -> bytes:
    lis = "\n".join(kit.link_item(i["href"], i["title"], f"<span>（{i['date']}）</span>") for i in items)
    pager = f'<script>createPageHTML({page_count}, {page}, "index", "html");</script>' if page_count else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{label} - 国家药品监督管理局</title></head>
<body><div class="header"><a href="/" class="logo">国家药品监督管理局</a></div>
<div class="position">当前位置：首页 &gt; {label}</div>
<div class="list"><ul>
{lis}
</ul></div>
<div class="page">{pager}</div>
<div class="footer">版权所有：国家药品监督管理局</div></body></html>
""".encode()


def render_article(item: dict[str, Any], column_label: str) -> bytes:
    art = item["article"]
    title = html.escape(item["title"])
    metas = [
        '<meta name="SiteName" content="国家药品监督管理局">',
        f'<meta name="ColumnName" content="{html.escape(art["column_name"])}">',
        '<meta name="ColumnType" content="药品">',
    ]
    if art["layout"] != "zoom":
        metas.append(f'<meta name="ArticleTitle" content="{title}">')
    if art["pubdate"]:
        metas.append(f'<meta name="PubDate" content="{art["pubdate"]}">')
    metas.append(f'<meta name="ContentSource" content="{html.escape(art["source"])}">')
    paragraphs = kit.paragraphs_html(art["paragraphs"], indent="")
    if art.get("table"):
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in art["table"])
        paragraphs += f'\n<table border="1">{rows}</table>'
    for att in art.get("attachments", []):
        paragraphs += f'\n<p>附件：<a href="{html.escape(att["file"])}">{html.escape(att["name"])}</a></p>'
    info = f'<div class="info">发布时间：{art["pubdate"][:10]}</div>' if art["pubdate"] else ""
    if art["layout"] == "text":
        content = f'<div class="title"><h1>{title}</h1></div>{info}\n<div class="text">\n{paragraphs}\n</div>'
    elif art["layout"] == "trs":
        content = f'<div class="xl_tit"><h2>{title}</h2></div>{info}\n<div class="TRS_Editor">\n{paragraphs}\n</div>'
    else:
        content = f'<h1>{title}</h1>{info}\n<div id="zoom">\n{paragraphs}\n</div>'
    head = "\n".join(metas)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
{head}
<title>{title}</title></head>
<body><div class="header"><a href="/" class="logo">国家药品监督管理局</a></div>
<div class="position">当前位置：首页 &gt; {column_label}</div>
<div class="article">
{content}
</div>
<div class="footer">版权所有：国家药品监督管理局</div></body></html>
""".encode()


def render_pdf(lines: list[str], font: Path) -> bytes:
    pdf = kit.cjk_pdf(font, "wqy", datetime(2025, 1, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("wqy", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def item_text(item: dict[str, Any]) -> str:
    art = item["article"]
    parts = [item["title"], *art["paragraphs"], *(" ".join(r) for r in art.get("table", []))]
    for att in art.get("attachments", []):
        parts.extend(att.get("pdf_lines", []))
    return "\n".join(parts)


def add_column(writer: kit.SnapshotWriter, key: str, spec: dict[str, Any], font: Path) -> int:
    """Write one column's list pages and the pages/PDFs of its articles; returns the documents expected."""
    column = COLUMNS[key]
    expected = 0
    for page_no, items in enumerate(spec["pages"]):
        url = list_url(column.index_url, page_no)
        writer.add(
            f"{key}_list_{page_no}.html", url, render_list(column.label, items, page_no, spec["page_count"]), HTML_TYPE
        )
        for item in items:
            if item["article"] is None:
                continue
            page_url = public_url(item["href"], url)
            stem = page_url.rsplit("/", 1)[1].removesuffix(".html")
            writer.add(f"{key}_{stem}.html", page_url, render_article(item, column.label), HTML_TYPE)
            for att in item["article"].get("attachments", []):
                if att["type"] == "pdf":
                    writer.add(
                        Path(att["file"]).name,
                        public_url(att["file"], page_url),
                        render_pdf(att["pdf_lines"], font),
                        PDF_TYPE,
                    )
            day = date.fromisoformat(item["date"])
            if kit.DEMO_SINCE <= day <= kit.DEMO_UNTIL and cgt_terms_found(
                item_text(item), DEFAULT_CGT_TERMS, DEFAULT_CGT_EXCLUDE
            ):
                expected += 1
    return expected


def main(argv: Sequence[str] | None = None) -> None:
    args = kit.root_parser(__doc__).parse_args(argv)
    font = kit.find_cjk_font()
    data = kit.read_json(DATA)
    writer = kit.SnapshotWriter(args.root / DEMO)
    counts = {key: add_column(writer, key, data["demo"][key], font) for key in ("ypjgyw", "ggtg", "yppjfb")}
    writer.finish(
        {
            **kit.demo_meta("nmpa", "scripts/build_nmpa_snapshot.py from scripts/nmpa_pages.json", what="pages"),
            "documents": sum(counts.values()),
            "documents_by_column": counts,
        }
    )
    writer = kit.SnapshotWriter(args.root / FIXTURES / "layouts")
    add_column(writer, "ypjgyw", data["layouts"]["ypjgyw"], font)
    writer.finish()
    writer = kit.SnapshotWriter(args.root / FIXTURES / "challenge")
    writer.add("challenge.html", COLUMNS["ypjgyw"].index_url, CHALLENGE_HTML, HTML_TYPE, status=412)
    writer.finish()
    print(f"nmpa demo snapshot: {sum(counts.values())} documents {counts} -> {args.root / DEMO}")
    print(f"nmpa fixtures -> {args.root / FIXTURES}")


if __name__ == "__main__":
    main()
