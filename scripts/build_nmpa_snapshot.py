"""Build the NMPA demo snapshot and test fixtures from scripts/nmpa_pages.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_nmpa_snapshot.py

Writes ``cgtwatch/snapshot/nmpa/`` (calendar 2025) and ``tests/fixtures/nmpa/{layouts,challenge}/``. List and
article pages are rendered to the structure SOURCES.md section 3 describes; PDF attachments are rendered with
fpdf2 and the WenQuanYi Micro Hei font (``apt-get install fonts-wqy-microhei``) so pypdf can extract the Chinese.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.cde.parse import cgt_terms_found  # noqa: E402
from extractors.cde.settings import DEFAULT_CGT_EXCLUDE, DEFAULT_CGT_TERMS  # noqa: E402
from extractors.nmpa.settings import COLUMNS  # noqa: E402

DATA = ROOT / "scripts" / "nmpa_pages.json"
DEMO = ROOT / "cgtwatch" / "snapshot" / "nmpa"
FIXTURES = ROOT / "tests" / "fixtures" / "nmpa"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HTML_TYPE = "text/html"
PDF_TYPE = "application/pdf"
CMS_PREFIX = "/directory/web/nmpa"
# Shaped like NMPA's Ruishu (瑞数) answer to a plain client: HTTP 412 and a self-reloading script page.
CHALLENGE_HTML = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta content="{qqqqqqqqqqqqqqqqqqqq.Hk2vPq8Lr5Zx1Wn7Bt4Ye0Uj3Mc6Fa9Ds}" r="m">
<script r="m">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=90617;$_ts.cd="qrWmrGAlEqqkqqqqqGq";</script>
<script type="text/javascript" r="m" src="/8JdDp5z9e8a4/b.Ws4Rg2Lk.cab1f37.js" charset="iso-8859-1"></script>
</head><body></body></html>
"""


class SnapshotWriter:
    """Writes one snapshot directory: bodies plus a manifest line per request."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if root.exists():
            shutil.rmtree(root)
        (root / "bodies").mkdir(parents=True)
        self.entries: list[dict[str, Any]] = []

    def add(self, name: str, url: str, body: bytes, content_type: str, status: int = 200) -> None:
        (self.root / "bodies" / name).write_bytes(body)
        self.entries.append(
            {
                "method": "GET",
                "url": url,
                "form": None,
                "status": status,
                "content_type": content_type,
                "body": f"bodies/{name}",
            }
        )

    def finish(self, meta: dict[str, Any] | None = None) -> None:
        lines = [json.dumps(e, ensure_ascii=False) for e in self.entries]
        (self.root / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if meta is not None:
            (self.root / "snapshot.json").write_text(
                json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )


def public_url(href: str, base: str) -> str:
    url = urljoin(base, href)
    return url.replace("https://www.nmpa.gov.cn" + CMS_PREFIX + "/", "https://www.nmpa.gov.cn/")


def list_url(index_url: str, page: int) -> str:
    return index_url if page == 0 else index_url.replace("index.html", f"index_{page}.html")


def render_list(label: str, items: list[dict[str, Any]], page: int, page_count: int | None) -> bytes:
    lis = "\n".join(
        f'<li><a href="{html.escape(i["href"])}" target="_blank" title="{html.escape(i["title"])}">'
        f"{html.escape(i['title'])}</a><span>（{i['date']}）</span></li>"
        for i in items
    )
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
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in art["paragraphs"])
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


def render_pdf(lines: list[str]) -> bytes:
    pdf = FPDF()
    # A fixed creation date keeps the bytes (and the manifest's bodies) identical across builds.
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.add_font("wqy", fname=str(FONT))
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


def add_column(writer: SnapshotWriter, key: str, spec: dict[str, Any], since: date, until: date) -> int:
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
                        render_pdf(att["pdf_lines"]),
                        PDF_TYPE,
                    )
            day = date.fromisoformat(item["date"])
            if since <= day <= until and cgt_terms_found(item_text(item), DEFAULT_CGT_TERMS, DEFAULT_CGT_EXCLUDE):
                expected += 1
    return expected


def main() -> None:
    if not FONT.is_file():
        raise SystemExit(f"missing {FONT}: apt-get install -y fonts-wqy-microhei")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    since, until = date(2025, 1, 1), date(2025, 12, 31)
    writer = SnapshotWriter(DEMO)
    counts = {key: add_column(writer, key, data["demo"][key], since, until) for key in ("ypjgyw", "ggtg", "yppjfb")}
    writer.finish(
        {
            "source": "nmpa",
            "window": {"since": since.isoformat(), "until": until.isoformat()},
            "built_by": "scripts/build_nmpa_snapshot.py from scripts/nmpa_pages.json",
            "note": "Illustrative pages written by the cgtwatch project, not recorded from the live site.",
            "documents": sum(counts.values()),
            "documents_by_column": counts,
            "requests": len(writer.entries),
        }
    )
    writer = SnapshotWriter(FIXTURES / "layouts")
    add_column(writer, "ypjgyw", data["layouts"]["ypjgyw"], since, until)
    writer.finish()
    writer = SnapshotWriter(FIXTURES / "challenge")
    writer.add("challenge.html", COLUMNS["ypjgyw"].index_url, CHALLENGE_HTML.encode(), HTML_TYPE, status=412)
    writer.finish()
    print(f"nmpa demo snapshot: {sum(counts.values())} documents {counts} -> {DEMO}")
    print(f"nmpa fixtures -> {FIXTURES}")


if __name__ == "__main__":
    main()
