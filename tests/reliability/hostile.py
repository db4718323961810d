"""Hostile records of issue #17: a lone surrogate in a cninfo title, a PDF that makes pypdf recurse, huge titles."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from cgtwatch.snapshot_server import Fault, load_manifest, request_key
from tests.conftest import DEMO_SNAPSHOT

QUERY_URL = "http://www.cninfo.com.cn/new/hisAnnouncement/query"
# The form of cninfo's first 干细胞 query page in the demo snapshot.
FIRST_PAGE_FORM = {
    "pageNum": "1",
    "pageSize": "30",
    "column": "szse",
    "tabName": "fulltext",
    "plate": "",
    "stock": "",
    "searchkey": "干细胞",
    "secid": "",
    "category": "",
    "trade": "",
    "seDate": "2025-01-01~2025-12-31",
    "sortName": "",
    "sortType": "",
    "isHLtitle": "true",
}
SURROGATE_TITLE = "干细胞公告\ud800（修订稿）"


def first_query_page() -> dict[str, Any]:
    """cninfo's first 干细胞 query page as recorded in the demo snapshot."""
    rec = load_manifest(DEMO_SNAPSHOT / "cninfo")[request_key("POST", QUERY_URL, FIRST_PAGE_FORM)]
    page: dict[str, Any] = json.loads(rec.body_path.read_text(encoding="utf-8"))
    return page


def page_body(page: dict[str, Any]) -> bytes:
    """A query page as cninfo sends it; ASCII escapes, so a lone surrogate travels as the JSON escape ``\\ud800``."""
    return json.dumps(page, ensure_ascii=True).encode("ascii")


def surrogate_page(skip: frozenset[str] = frozenset()) -> tuple[bytes, str]:
    """The first query page with one title holding a lone surrogate; returns the body and that announcement's id."""
    page = first_query_page()
    item = next(a for a in page["announcements"] if str(a["announcementId"]) not in skip)
    item["announcementTitle"] = SURROGATE_TITLE
    return page_body(page), str(item["announcementId"])


def surrogate_fault(body: bytes) -> Fault:
    """Serve ``body`` for cninfo's first 干细胞 query page."""
    return Fault(
        "replace",
        url=QUERY_URL,
        method="POST",
        form={"searchkey": "干细胞", "pageNum": "1"},
        body=body,
        content_type="application/json;charset=UTF-8",
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def recursive_pdf(depth: int = 500) -> bytes:
    """A ~1.4 KB PDF whose page resources are 500 nested arrays: pypdf recurses until ``RecursionError``."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /Resources 4 0 R /Contents 5 0 R >>",
            b"[" * depth + b"]" * depth,
            b"<< /Length 9 >>\nstream\nBT (x) Tj\nendstream",
        ]
    )


def cninfo_pdf_urls() -> dict[str, str]:
    """Announcement id → PDF URL of every cninfo PDF in the demo snapshot."""
    found = {}
    for line in (DEMO_SNAPSHOT / "cninfo" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        url = json.loads(line)["url"]
        if url.upper().endswith(".PDF"):
            found[Path(url).stem] = url
    return found
