"""Render the recorded-style offline snapshot of cninfo (巨潮资讯) from hand-written source data.

Reads ``scripts/cninfo_announcements.json`` (illustrative announcements written by the cgtwatch project)
and writes, for each output set, what the real site would have answered to the exact requests the
cninfo source adapter sends:

* ``POST http://www.cninfo.com.cn/new/hisAnnouncement/query`` for every keyword and page of a window
  (plus one page past the end for the largest keyword, and ``announcements: null`` for no match);
* ``GET http://static.cninfo.com.cn/finalpage/<date>/<announcementId>.PDF`` for every announcement
  listed, as a real PDF rendered with fpdf2 and an embedded, subsetted CJK font;
* ``manifest.jsonl`` in the format of :mod:`cgtwatch.snapshot_server` and ``snapshot.json``.

Output sets: ``cgtwatch/snapshot/cninfo`` (the ``make demo`` snapshot), ``tests/fixtures/cninfo/small_pages``
(page size 10) and ``tests/fixtures/cninfo/edge_cases`` (March 2025, with hand-made quirks).

The output is deterministic: the same input gives byte-identical files. Every PDF is read back with pypdf
and the build fails unless its extracted text contains every line that was rendered.

Usage::

    .venv/bin/python scripts/build_cninfo_snapshot.py [--root DIR]

Needs a CJK TrueType font: ``apt-get install -y fonts-wqy-microhei`` (or set ``CGTWATCH_CJK_FONT``).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import snapshot_kit as kit
from fpdf.enums import TextMode, WrapMode, XPos, YPos
from pypdf import PdfReader

SOURCE = Path(__file__).resolve().parent / "cninfo_announcements.json"
GENERATED_BY = "scripts/build_cninfo_snapshot.py"

QUERY_URL = "http://www.cninfo.com.cn/new/hisAnnouncement/query"
PDF_BASE = "http://static.cninfo.com.cn/"
JSON_TYPE = "application/json;charset=UTF-8"
PDF_TYPE = "application/pdf"
HTML_TYPE = "text/html;charset=UTF-8"

DEFAULT_KEYWORDS = ("干细胞", "间充质", "细胞治疗", "CAR-T", "基因治疗", "免疫细胞")
# File names stay ASCII (pinyin) so the snapshot packages and zips cleanly.
KEYWORD_SLUGS = {
    "干细胞": "ganxibao",
    "间充质": "jianchongzhi",
    "细胞治疗": "xibaozhiliao",
    "CAR-T": "car-t",
    "基因治疗": "jiyinzhiliao",
    "免疫细胞": "mianyixibao",
}

BEIJING = timezone(timedelta(hours=8))
STATEMENT_SH = (
    "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏，"
    "并对其内容的真实性、准确性和完整性承担法律责任。"
)
STATEMENT_SZ = "本公司及董事会全体成员保证信息披露的内容真实、准确、完整，没有虚假记载、误导性陈述或重大遗漏。"
BODY_MIN_CHARS, BODY_MAX_CHARS = 300, 900
ERROR_PAGE = (
    '<html>\n<head><meta charset="utf-8"><title>巨潮资讯网</title></head>\n'
    '<body>\n<div class="error-page">\n<h2>抱歉，您访问的页面不存在或已被删除</h2>\n'
    '<p>请检查网址是否正确，或返回<a href="http://www.cninfo.com.cn/new/index">巨潮资讯网首页</a>。</p>\n'
    "</div>\n</body>\n</html>\n"
)


@dataclass(frozen=True)
class Announcement:
    """One hand-written announcement from the source file."""

    announcement_id: str
    sec_code: str
    sec_name: str
    org_id: str
    company_name: str
    title: str
    day: date
    announcement_no: str
    announcement_type: str
    body: tuple[str, ...]

    @property
    def shanghai(self) -> bool:
        """Listed in Shanghai (codes 6xxxxx), which decides pageColumn and the statement wording."""
        return self.sec_code.startswith("6")

    @property
    def adjunct_url(self) -> str:
        """Relative PDF path as cninfo gives it."""
        return f"finalpage/{self.day.isoformat()}/{self.announcement_id}.PDF"

    @property
    def epoch_ms(self) -> int:
        """``announcementTime``: midnight Beijing time of the announcement date, in epoch milliseconds."""
        midnight = datetime(self.day.year, self.day.month, self.day.day, tzinfo=BEIJING)
        return int(midnight.timestamp()) * 1000


@dataclass(frozen=True)
class Quirks:
    """Hand-made deviations applied to one output set (announcementIds)."""

    array_sec_fields: str | None = None
    html_instead_of_pdf: str | None = None
    missing_adjunct_type: str | None = None
    two_term_highlight: tuple[str, tuple[str, ...]] | None = None
    under_two_keywords: tuple[str, tuple[str, str]] | None = None

    def as_json(self) -> dict[str, Any]:
        """The quirk map written to ``snapshot.json``."""
        out: dict[str, Any] = {}
        if self.array_sec_fields:
            out["array_sec_fields"] = self.array_sec_fields
        if self.html_instead_of_pdf:
            out["html_instead_of_pdf"] = self.html_instead_of_pdf
        if self.missing_adjunct_type:
            out["missing_adjunct_type"] = self.missing_adjunct_type
        if self.two_term_highlight:
            aid, terms = self.two_term_highlight
            out["two_term_highlight"] = {"announcementId": aid, "terms": list(terms)}
        if self.under_two_keywords:
            aid, kws = self.under_two_keywords
            out["under_two_keywords"] = {"announcementId": aid, "keywords": list(kws)}
        return out


@dataclass(frozen=True)
class SnapshotSpec:
    """One output directory: a window, a page size and keywords, as the pipeline would sweep."""

    out_dir: Path
    since: str = kit.DEMO_SINCE.isoformat()
    until: str = kit.DEMO_UNTIL.isoformat()
    page_size: int = 30
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    quirks: Quirks = field(default_factory=Quirks)
    description: str = ""
    # Windows an incremental re-run asks for after this one (the overlap at the end of the covered range).
    resume_windows: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------------------------- source data


def load_announcements(path: Path) -> list[Announcement]:
    """Read and validate the hand-written source file."""
    raw = kit.read_json(path)
    items: list[Announcement] = []
    seen: set[str] = set()
    for rec in raw["announcements"]:
        aid = str(rec["announcementId"])
        if not re.fullmatch(r"\d{10}", aid):
            raise ValueError(f"announcementId {aid!r} is not 10 digits")
        if aid in seen:
            raise ValueError(f"duplicate announcementId {aid}")
        seen.add(aid)
        if "<" in rec["title"]:
            raise ValueError(f"{aid}: title must be plain text")
        body = tuple(rec["body"])
        size = len("".join(body))
        if not BODY_MIN_CHARS <= size <= BODY_MAX_CHARS:
            raise ValueError(f"{aid}: body has {size} characters, want {BODY_MIN_CHARS}-{BODY_MAX_CHARS}")
        for code in re.findall(r"[A-Z]{4}\d{7}", "".join(body)):
            if code[4:6] not in {"24", "25"}:
                raise ValueError(f"{aid}: acceptance number {code} has an unexpected year")
        items.append(
            Announcement(
                announcement_id=aid,
                sec_code=rec["secCode"],
                sec_name=rec["secName"],
                org_id=rec["orgId"],
                company_name=rec["companyName"],
                title=rec["title"],
                day=date.fromisoformat(rec["date"]),
                announcement_no=rec["announcementNo"],
                announcement_type=rec["announcementType"],
                body=body,
            )
        )
    return items


def matches(ann: Announcement, keyword: str, since: date, until: date) -> bool:
    """cninfo's title search: case-insensitive substring, date inside the window (inclusive)."""
    return keyword.lower() in ann.title.lower() and since <= ann.day <= until


# --------------------------------------------------------------------------------------------------- PDFs


def chinese_date(day: date) -> str:
    """``2025年3月12日``, as signatures are written."""
    return f"{day.year}年{day.month}月{day.day}日"


def pdf_lines(ann: Announcement) -> list[str]:
    """Every line of text that goes into the PDF, in order (also what verification looks for)."""
    return [
        f"证券代码：{ann.sec_code}",
        f"证券简称：{ann.sec_name}",
        f"公告编号：{ann.announcement_no}",
        ann.company_name,
        ann.title,
        STATEMENT_SH if ann.shanghai else STATEMENT_SZ,
        *ann.body,
        "特此公告。",
        f"{ann.company_name}董事会",
        chinese_date(ann.day),
    ]


def render_pdf(ann: Announcement, font: Path) -> bytes:
    """Lay the announcement out like a real one: header line, bold centred title, statement, body, signature."""
    midnight = datetime(ann.day.year, ann.day.month, ann.day.day, tzinfo=BEIJING)
    pdf = kit.cjk_pdf(font, "cjk", midnight, format="A4", unit="mm")
    pdf.set_margins(25, 22, 25)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_title(f"{ann.company_name}{ann.title}")
    pdf.set_author(ann.company_name)
    pdf.set_subject("cgtwatch demo snapshot: illustrative announcement written by the cgtwatch project")
    pdf.set_creator(GENERATED_BY)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("cjk", size=10.5)
    third = width / 3
    pdf.cell(third, 6, f"证券代码：{ann.sec_code}", align="L")
    pdf.cell(third, 6, f"证券简称：{ann.sec_name}", align="C")
    pdf.cell(third, 6, f"公告编号：{ann.announcement_no}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)

    pdf.set_font("cjk", size=16)
    with pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.25):
        pdf.multi_cell(0, 9, ann.company_name, align="C", wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.multi_cell(0, 9, ann.title, align="C", wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    pdf.set_font("cjk", size=11)
    statement = STATEMENT_SH if ann.shanghai else STATEMENT_SZ
    pdf.multi_cell(0, 7, statement, border=1, padding=2, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    pdf.set_font("cjk", size=12)
    for paragraph in (*ann.body, "特此公告。"):
        pdf.multi_cell(0, 7.5, "\u3000\u3000" + paragraph, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    pdf.ln(8)
    pdf.multi_cell(0, 7.5, f"{ann.company_name}董事会", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 7.5, chinese_date(ann.day), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def verify_pdf(ann: Announcement, data: bytes) -> None:
    """Fail unless pypdf extracts every rendered line, character by character (whitespace aside)."""
    if not data.startswith(b"%PDF"):
        raise AssertionError(f"{ann.announcement_id}: not a PDF")
    reader = PdfReader(io.BytesIO(data))
    text = _squash("".join(page.extract_text() or "" for page in reader.pages))
    position = 0
    for line in pdf_lines(ann):
        found = text.find(_squash(line), position)
        if found < 0:
            raise AssertionError(f"{ann.announcement_id}: PDF text lacks {line[:40]!r}")
        position = found + len(_squash(line))


# ------------------------------------------------------------------------------------------- query pages


def announcement_json(ann: Announcement, keyword: str, pdf_size: int, quirks: Quirks) -> dict[str, Any]:
    """One item of ``announcements[]``, with the real site's fields in the real site's order."""
    terms: tuple[str, ...] = (keyword,)
    if quirks.two_term_highlight and quirks.two_term_highlight[0] == ann.announcement_id:
        terms = quirks.two_term_highlight[1]
    array_fields = quirks.array_sec_fields == ann.announcement_id
    item: dict[str, Any] = {
        "id": None,
        "secCode": [ann.sec_code] if array_fields else ann.sec_code,
        "secName": [ann.sec_name] if array_fields else ann.sec_name,
        "orgId": ann.org_id,
        "announcementId": ann.announcement_id,
        "announcementTitle": kit.highlight(ann.title, terms),
        "announcementTime": ann.epoch_ms,
        "adjunctUrl": ann.adjunct_url,
        "adjunctSize": max(1, round(pdf_size / 1024)),
        "adjunctType": "PDF",
        "storageTime": None,
        "columnId": "09020202||010612",
        "pageColumn": "SHZB" if ann.shanghai else "SZZB",
        "announcementType": ann.announcement_type,
        "associateAnnouncement": None,
        "important": None,
        "batchNum": None,
        "announcementContent": "",
        "orgName": None,
        "tileSecName": ann.sec_name,
        "shortTitle": ann.title,
        "announcementTypeName": None,
        "secNameList": None,
    }
    if quirks.missing_adjunct_type == ann.announcement_id:
        del item["adjunctType"]
    return item


def page_json(items: list[dict[str, Any]] | None, total: int, page_num: int, pages: int) -> dict[str, Any]:
    """Top level of a query response, in the real site's key order."""
    return {
        "classifiedAnnouncements": None,
        "totalSecurities": 0,
        "totalAnnouncement": total,
        "totalRecordNum": total,
        "announcements": items,
        "categoryList": None,
        "hasMore": page_num < pages,
        "totalpages": pages,
    }


def query_form(
    keyword: str, page_num: int, spec: SnapshotSpec, window: tuple[str, str] | None = None
) -> dict[str, str]:
    """The form fields the pipeline sends, all strings."""
    return {
        "pageNum": str(page_num),
        "pageSize": str(spec.page_size),
        "column": "szse",
        "tabName": "fulltext",
        "plate": "",
        "stock": "",
        "searchkey": keyword,
        "secid": "",
        "category": "",
        "trade": "",
        "seDate": "~".join(window or (spec.since, spec.until)),
        "sortName": "",
        "sortType": "",
        "isHLtitle": "true",
    }


# ---------------------------------------------------------------------------------------------- building


@dataclass
class BuildReport:
    """What one output set contains, for the summary printed at the end."""

    name: str
    announcements: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    pdf_count: int = 0
    pdf_bytes: int = 0


def build_set(
    spec: SnapshotSpec, announcements: Sequence[Announcement], pdfs: Mapping[str, bytes], root: Path
) -> BuildReport:
    """Write one snapshot directory from scratch."""
    out = root / spec.out_dir
    # Bodies keep the real sites' paths (query/…, finalpage/…); the manifest is compact like the real server.
    writer = kit.SnapshotWriter(out, body_dir="", compact=True)
    since, until = date.fromisoformat(spec.since), date.fromisoformat(spec.until)
    quirks = spec.quirks
    report = BuildReport(name=str(spec.out_dir))
    listed: dict[str, Announcement] = {}
    keyword_hits: dict[str, set[str]] = {}

    largest = max(spec.keywords, key=lambda kw: sum(matches(a, kw, since, until) for a in announcements))
    for resume_since, resume_until in spec.resume_windows:
        _add_resume_window(writer, spec, announcements, pdfs, (resume_since, resume_until))
    for keyword in spec.keywords:
        hits = sorted(
            (a for a in announcements if matches(a, keyword, since, until)),
            key=lambda a: (-a.day.toordinal(), a.announcement_id),
        )
        keyword_hits[keyword] = {a.announcement_id for a in hits}
        total = len(hits)
        pages = math.ceil(total / spec.page_size)
        report.pages[keyword], report.totals[keyword] = pages, total
        page_nums = list(range(1, pages + 1)) or [1]
        if keyword == largest and pages:
            page_nums.append(pages + 1)
        for page_num in page_nums:
            chunk = kit.page_slice(hits, page_num, spec.page_size)
            items: list[dict[str, Any]] | None
            if total == 0:
                items = None
            else:
                items = [announcement_json(a, keyword, len(pdfs[a.announcement_id]), quirks) for a in chunk]
            writer.add(
                f"query/{KEYWORD_SLUGS.get(keyword, keyword.encode().hex())}_p{page_num}.json",
                QUERY_URL,
                kit.json_bytes(page_json(items, total, page_num, pages), compact=True),
                JSON_TYPE,
                method="POST",
                form=query_form(keyword, page_num, spec),
            )
            listed.update((a.announcement_id, a) for a in chunk)

    _check_quirks(quirks, listed, keyword_hits)
    for ann in sorted(listed.values(), key=lambda a: (a.day, a.announcement_id)):
        url = PDF_BASE + ann.adjunct_url
        if quirks.html_instead_of_pdf == ann.announcement_id:
            writer.add(ann.adjunct_url, url, ERROR_PAGE.encode("utf-8"), HTML_TYPE)
        else:
            writer.add(ann.adjunct_url, url, pdfs[ann.announcement_id], PDF_TYPE)
            report.pdf_count += 1
            report.pdf_bytes += len(pdfs[ann.announcement_id])
    report.announcements = len(listed)

    writer.finish()
    meta: dict[str, Any] = {
        "source": "cninfo",
        "window": {"since": spec.since, "until": spec.until},
        "page_size": spec.page_size,
        "keywords": list(spec.keywords),
        "generated_by": GENERATED_BY,
    }
    if spec.description:
        meta["description"] = spec.description
    if quirks.as_json():
        meta["quirks"] = quirks.as_json()
    kit.write_meta(out, meta)
    return report


def _add_resume_window(
    writer: kit.SnapshotWriter,
    spec: SnapshotSpec,
    announcements: Sequence[Announcement],
    pdfs: Mapping[str, bytes],
    window: tuple[str, str],
) -> None:
    """Record the query pages of a later, narrower window (PDFs are shared with the main window)."""
    since, until = date.fromisoformat(window[0]), date.fromisoformat(window[1])
    for keyword in spec.keywords:
        hits = sorted(
            (a for a in announcements if matches(a, keyword, since, until)),
            key=lambda a: (-a.day.toordinal(), a.announcement_id),
        )
        pages = math.ceil(len(hits) / spec.page_size)
        for page_num in range(1, pages + 1) if pages else [1]:
            chunk = kit.page_slice(hits, page_num, spec.page_size)
            items = [announcement_json(a, keyword, len(pdfs[a.announcement_id]), spec.quirks) for a in chunk] or None
            slug = KEYWORD_SLUGS.get(keyword, keyword.encode().hex())
            writer.add(
                f"query/resume_{window[0]}_{slug}_p{page_num}.json",
                QUERY_URL,
                kit.json_bytes(page_json(items, len(hits), page_num, pages), compact=True),
                JSON_TYPE,
                method="POST",
                form=query_form(keyword, page_num, spec, window),
            )


def _check_quirks(quirks: Quirks, listed: Mapping[str, Announcement], hits: Mapping[str, set[str]]) -> None:
    """Every quirk must point at an announcement the set actually lists."""
    ids = [
        quirks.array_sec_fields,
        quirks.html_instead_of_pdf,
        quirks.missing_adjunct_type,
        quirks.two_term_highlight[0] if quirks.two_term_highlight else None,
        quirks.under_two_keywords[0] if quirks.under_two_keywords else None,
    ]
    for aid in ids:
        if aid is not None and aid not in listed:
            raise ValueError(f"quirk target {aid} is not listed in this set")
    if quirks.two_term_highlight:
        aid, terms = quirks.two_term_highlight
        if not all(t.lower() in listed[aid].title.lower() for t in terms):
            raise ValueError(f"quirk target {aid}: title lacks one of {terms}")
    if quirks.under_two_keywords:
        aid, (first, second) = quirks.under_two_keywords
        if aid not in hits.get(first, set()) or aid not in hits.get(second, set()):
            raise ValueError(f"quirk target {aid} is not listed under both {first} and {second}")


EDGE_QUIRKS = Quirks(
    array_sec_fields="1222796635",  # 中源协和, 2025-03-12: secCode ["600645"], secName ["中源协和"]
    html_instead_of_pdf="1222881603",  # 九芝堂, 2025-03-21: PDF URL answers an HTML error page
    missing_adjunct_type="1222921974",  # 舒泰神, 2025-03-26: no adjunctType key
    two_term_highlight=("1222847272", ("干细胞", "细胞治疗")),  # 北陆药业, 2025-03-18
    under_two_keywords=("1222747920", ("干细胞", "间充质")),  # 冠昊生物, 2025-03-07
)

SPECS = (
    SnapshotSpec(
        out_dir=Path("cgtwatch/snapshot/cninfo"),
        description="demo snapshot for make demo: all of 2025, default keywords, page size 30",
        # A second make demo resumes at covered_until minus CGTWATCH_OVERLAP_DAYS (3).
        resume_windows=(("2025-12-28", "2025-12-31"),),
    ),
    SnapshotSpec(
        out_dir=Path("tests/fixtures/cninfo/small_pages"),
        page_size=10,
        description="same data as the demo snapshot at page size 10, for pagination tests",
    ),
    SnapshotSpec(
        out_dir=Path("tests/fixtures/cninfo/edge_cases"),
        since="2025-03-01",
        until="2025-03-31",
        keywords=("干细胞", "间充质", "基因治疗"),
        quirks=EDGE_QUIRKS,
        description="March 2025 with hand-made quirks; 基因治疗 matches nothing (announcements: null)",
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Build every output set under ``--root`` (the repository by default) and print a summary."""
    parser = kit.root_parser(__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=SOURCE, help="hand-written announcements JSON")
    args = parser.parse_args(argv)

    announcements = load_announcements(args.source)
    demo = SPECS[0]
    missing = [
        a.announcement_id
        for a in announcements
        if not any(
            matches(a, kw, date.fromisoformat(demo.since), date.fromisoformat(demo.until)) for kw in demo.keywords
        )
    ]
    if missing:
        raise SystemExit(f"announcements no demo sweep reaches: {missing}")
    font = kit.find_cjk_font()
    pdfs: dict[str, bytes] = {}
    for ann in announcements:
        data = render_pdf(ann, font)
        verify_pdf(ann, data)
        pdfs[ann.announcement_id] = data

    for spec in SPECS:
        report = build_set(spec, announcements, pdfs, args.root)
        print(
            f"{report.name}: {report.announcements} announcements, "
            f"{report.pdf_count} PDFs ({report.pdf_bytes / 1024:.0f} KiB)"
        )
        for keyword in spec.keywords:
            print(f"  {keyword}: {report.totals[keyword]} hits, {report.pages[keyword]} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
