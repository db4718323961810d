"""CDE register records and acceptance numbers (受理号), read as events.

Register pages (受理, 默示许可, 优先审评, 突破性治疗 lists) come as ``key：value`` lines, one record per
line, or tables; every field of a record describes one application, so its event takes the
labelled drug, applicant, indication and date, and keeps the acceptance number that identifies the
application across its events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from transforms.clean import normalize_width
from transforms.dates import ITEM_BULLETS, SPAN_JOIN, DateIndex, month_of
from transforms.indications import listed_indications
from transforms.regex_gate import GatedPattern
from transforms.types import Entity, Event

if TYPE_CHECKING:
    from transforms.event_context import FieldContext

#: Words that deny what they qualify (尚未获批, 不予批准, 驳回); shared with the sentence rules.
#: 没有出现严重不良反应 is a safety result, not a negated event (没有 before 出现/发生 negates no event).
NEGATION_RE = re.compile(
    r"尚未|未获|未能|没有(?!出现|发生)|并未|不予|未通过|驳回|撤回|暂停|否决|未被|尚无|暂无|并无|仍无|未收到|未取得|尚待|有待|等待|不存在"
)
#: CDE acceptance number (受理号): 4 letters + 7 digits; see :func:`decode_acceptance_number`.
_ACCEPTANCE_NO = r"[CJ][XYB][HSZ][LSBZR]\d{7}"
ACCEPTANCE_NO_RE = re.compile(rf"(?<![A-Z0-9])({_ACCEPTANCE_NO})(?!\d)")


@dataclass(frozen=True, slots=True)
class AcceptanceNumber:
    """A decoded CDE acceptance number (受理号).

    Attributes:
        number: The number, e.g. ``CXSL2500123``.
        year: Acceptance year (``2025``).
        origin: ``domestic`` or ``imported``.
        product: ``chemical``, ``biologic`` or ``tcm``.
        application: ``ind``, ``nda``, ``supplement``, ``re-registration`` or ``review``.
        generic: True for 仿制 (generic) applications.
    """

    number: str
    year: int
    origin: str
    product: str
    application: str
    generic: bool


def decode_acceptance_number(number: str) -> AcceptanceNumber | None:
    """Decode a 受理号 following the prefix scheme in SOURCES.md.

    Args:
        number: Candidate such as ``CXSL2500123`` (any width/case).

    Returns:
        The decoded number, or None when it does not follow the scheme.
    """
    n = normalize_width(number).strip()
    if not ACCEPTANCE_NO_RE.fullmatch(n):
        return None
    product = {"H": "chemical", "S": "biologic", "Z": "tcm"}[n[2]]
    application = {"L": "ind", "S": "nda", "B": "supplement", "Z": "re-registration", "R": "review"}[n[3]]
    if n[1] == "B":
        application = "supplement"
    return AcceptanceNumber(
        number=n,
        year=2000 + int(n[4:6]),
        origin="imported" if n[0] == "J" else "domestic",
        product=product,
        application=application,
        generic=n[1] == "Y",
    )


#: Keys of register records (CDE 受理/默示许可/优先审评 pages rendered as "key：value" lines).
_FIELD_KEYS = (
    "受理号|药品名称|产品名称|通用名称|申请人|企业名称|承办日期|受理日期|默示许可日期|批准日期|公示日期|申请日期"
    "|适应症|拟定适应症|申请类型|药品类型|注册分类|审批结论|审批日期|上市许可持有人|品种|企业|日期"
)
#: Short keys of a digest's records (▸ 日期：…　品种：…　企业：…) read as the register's own.
#: (a research note's table of approved products: 通用名　商品名　企业　获批时间　首个获批适应症)
_KEY_SYNONYMS = {
    "品种": "药品名称",
    "企业": "企业名称",
    "批件类型": "审批结论",
    "通用名": "药品名称",
    "产品": "药品名称",
    "产品名称": "药品名称",
    "通用名称": "药品名称",
    "获批时间": "批准日期",
    "获批日期": "批准日期",
    "批准时间": "批准日期",
    # (送达信息's item: 审批结论：批准上市…\n审批日期：2025年12月10日)
    "审批日期": "批准日期",
    "首个获批适应症": "适应症",
    "获批适应症": "适应症",
}


#: A column label's gloss in brackets (拟定适应症（或功能主治）) and an applicant's qualifier (注册申请人).
_LABEL_GLOSS_RE = re.compile(r"[（(][^（）()]{1,12}[）)]$")
_APPLICANT_LABEL_RE = re.compile(r"[\u4e00-\u9fff]{1,4}申请人")


def _key(name: str) -> str:
    """The register key a field's label stands for."""
    name = _LABEL_GLOSS_RE.sub("", name)
    if _APPLICANT_LABEL_RE.fullmatch(name):
        return "申请人"
    return _KEY_SYNONYMS.get(name, name)


_RECORD_FIELD_RE = re.compile(
    rf"(?<![\u4e00-\u9fff])({_FIELD_KEYS})\s*[:：]\s*"
    # A value ends at a separator or where the next label starts (fields split by spaces only).
    r"([^；;\n|]+?)(?=\s*[；;\n|]|\s+[\u4e00-\u9fff]{2,8}\s*[:：]|\s*$)"
)
#: A field written as its key, a space and its value, between bars (受理号 CXSL2500043 | 药品名称 X | 日期 2025-04-08).
_PIPE_FIELD_RE = re.compile(rf"(?:^|\|)\s*({_FIELD_KEYS})\s+([^|\n]+?)\s*(?=\||$)")
_RECORD_DATE_KEYS: dict[str, tuple[str, ...]] = {
    "approval": ("批准日期", "送达日期", "日期"),
    "ind_approval": ("默示许可日期", "批准日期", "公示日期", "日期"),
    # (a designation is dated by its notice; a row's 承办日期 is its acceptance's, used only when nothing else dates it)
    "designation": ("公示日期", "公示期限", "纳入日期"),
    "accepted": ("承办日期", "受理日期", "日期"),
}


def register_events(
    ctx: FieldContext,
    heading: str,
    index: DateIndex,
    published: date | None,
    drug_company: dict[str, str],
    signature: str | None = None,
) -> list[Event] | None:
    """Events of a register record (受理号：…；药品名称：…；承办日期：…), or None if not a record.

    All fields of a record describe one application, so the event takes its drug, applicant,
    indication and date from the labelled fields. The kind of record comes from its heading
    (title or first line): 默示许可 → ind_approval; 优先审评 → priority_review and 突破性治疗 →
    breakthrough_therapy, dated by 公示日期; otherwise an acceptance typed by the 受理号 (临床/上市).
    A record without a date of its own takes the list's lead date, then a regulator's notice's
    signature date (…药审中心, then 2025年10月24日 on its own line; not a company's 公告), then the publication month.
    """
    if (
        "受理号" not in ctx.view
        and "药品名称" not in ctx.view
        and "通用名" not in ctx.view
        and not _VARIETY_COLUMN_RE.search(ctx.view)
    ):
        return None  # no register without its key fields (品种｜企业｜…｜批准日期: a digest's table names them so)
    records = _register_records(ctx.view, ctx.original)
    if records is None:
        return None
    out: list[Event] = []
    # A list's lead paragraph may date all its records (自2026年4月8日起正式纳入优先审评…).
    first = min((a for found in records for a, _, _ in found.values()), default=0)
    # A company's 公告 quoting its application's record dates it by its own words, not by what its prose
    # dated before the record (…7月24日拟纳入优先审评 does not date the record's acceptance).
    lead_mentions = index.within(0, first) if "公告" not in heading or len(records) > 2 else []
    # 公示日期：2025-08-15 至 2025-08-21: the notice is dated by the first day of its period.
    # (…公示期5个工作日，截止日期为8月21日: the day the notice period ends dates no record)
    lead_days = [
        d.value
        for i, d in enumerate(lead_mentions)
        if len(d.value) == 10
        and not (i and _RANGE_GAP_RE.fullmatch(ctx.view, lead_mentions[i - 1].end, d.start))
        and not _DEADLINE_BEFORE_RE.search(ctx.view, max(0, d.start - 8), d.start)
    ]
    if not lead_days:
        # 公示日期：2025-03-14 on its own line after the table: the notice's day
        lead_days = [
            d.value
            for m in _NOTICE_DAY_RE.finditer(ctx.view)
            for d in index.within(m.end(), m.end() + 12)[:1]
            if len(d.value) == 10 and not any(a <= m.start() < b for found in records for a, b, _ in found.values())
        ]
    if not lead_days and signature and "公告" not in heading:
        # A regulator's list is dated by its signature; a company's 公告 is dated by its own words (近日…).
        lead_days = [signature]
    rows = [(min(a for a, _, _ in found.values()), max(b for _, b, _ in found.values())) for found in records]
    sections = sorted(
        (m.start(), m.group(0))
        for r in (_SECTION_HEADING_RE, _LIST_KIND_LEAD_RE)
        for m in r.finditer(ctx.view)
        # (符合附条件批准的药品 is a cell of a row, not a heading over the rows below it)
        if not any(a <= m.start() < b for a, b in rows)
    )
    for found in records:
        start = min(a for a, _, _ in found.values())
        # 【一、新受理】…【二、默示许可】: a digest's section says what its records are.
        section = next((text for at, text in reversed(sections) if at < start), heading)
        lead = lead_days[-1] if lead_days else None
        out.extend(_record_event(ctx, found, section, index, published, drug_company, lead))
    return out


#: A table whose first column is the product, headed 品种 (品种｜企业｜类别｜适应症｜批准日期).
_VARIETY_COLUMN_RE = re.compile(r"^[ \t]*品种[ \t]*[|｜\t]", re.M)
_RANGE_GAP_RE = re.compile(SPAN_JOIN)
_DEADLINE_BEFORE_RE = re.compile(r"截[止至](?:日期|时间)?\s*(?:为|是|[:：])?\s*$")
#: A notice's own date line (公示日期：2025-03-14, 发布时间：…), outside its records.
_NOTICE_DAY_RE = re.compile(r"^[ \t]*(?:公示|发布|公告)(?:日期|时间)\s*[:：]\s*", re.M)
#: A list's lead sentence that says what its records are (以下品种拟纳入突破性治疗药物程序，现予以公示).
_LIST_KIND_LEAD_RE = re.compile(r"以下[^。\n]{0,20}?(?:纳入|列入)[^。\n]{0,4}?(?:优先审评|突破性治疗)")
#: A short line heading a section of records (【一、新受理】, 二、默示许可, 优先审评公示): what kind they are.
_SECTION_HEADING_RE = re.compile(
    r"^[ \t【\[（(]*(?:[一二三四五六七八九十]{1,2}|\d{1,2})?[、.．\s]*[^\n：:]{0,8}?"
    # (一、受理情况（按承办日期）: a gloss in brackets after the kind; 二、新受理（受理号｜药品名称｜…｜承办日期）: the
    # columns of its rows)
    r"(?:受理(?!号|日期|时间)|默示许可(?!日期)|优先审评|突破性治疗|批准(?!日期|时间|文号))[^\n：:（(]{0,8}"
    r"(?:[（(](?:[^\n（()）]{1,10}|[^\n（()）|｜]{1,10}(?:[|｜][^\n（()）|｜]{1,10}){1,8})[）)])?[：:]?[ \t]*$",
    re.M,
)


#: A register line may start with its row number (序号：1；受理号：…).
_RECORD_LEAD_RE = re.compile(
    # (a record's number before it: 序号：1；, 1., 【记录1】, 【2】)
    r"\s*(?:序号\s*[:：]?\s*\d+\s*[；;，,]?\s*|\d{1,3}\s*[.、．)）]\s*|【[^】\d]{0,4}\d{1,3}】\s*)?"
    r"(?:受理号|药品名称|产品名称|通用名称|申请人|企业名称)"
    r"(?:\s*[:：]\s*|\s+(?=[^|\n]+\|))"  # (受理号 CXSL2500043 | 药品名称 …: a key and its value, a bar after)
)
_RECORD_KEYS = frozenset(
    "受理号 药品名称 申请人 企业名称 承办日期 受理日期 默示许可日期 批准日期 公示日期 公示期限 申请日期 "
    "适应症 拟定适应症 申请类型 药品类型 注册分类 审批结论 上市许可持有人 日期 送达日期 批件类型 "
    "状态 进展 审评状态 办理状态 事项".split()
)


def _register_records(view: str, original: str | None = None) -> list[dict[str, tuple[int, int, str]]] | None:
    r"""The records of a register page, each as key → (start, end, value); None if not a register.

    Three layouts are read: one record as ``key：value`` fields over several lines; one record per
    line (``序号：1；受理号：…；药品名称：…``); and a table whose header line names the columns
    (``受理号\t药品名称\t…``) with one tab-separated row per record.
    """
    # Tables: a header of known keys, then rows with as many cells. Cells are split by tabs
    # (the view turns tabs into spaces; the original, same length, keeps them) or by | (｜).
    raw = original if original is not None and len(original) == len(view) else view
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in view.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    tables: list[dict[str, tuple[int, int, str]]] = []
    last = -1  # the line of the last row read
    i = 0
    while i < len(lines):
        header = _table_header(raw, lines[i])
        if header is None:
            i += 1
            continue
        rows, last = _table_rows(view, raw, lines, i, *header)
        tables += rows
        i = last + 1
    if tables:
        # A digest may go on after its tables with records of another kind, one field per line.
        return tables + _field_blocks(lines[last + 1 :])
    # A record starts its lines with fields; an announcement quotes them inside prose
    # (一、药品基本情况。药品名称：…；受理号：…), where the prose rules apply.
    per_line: list[dict[str, tuple[int, int, str]]] = []
    for start, line in lines:
        found_line: dict[str, tuple[int, int, str]] = {}
        fields = [*_RECORD_FIELD_RE.finditer(line), *(_PIPE_FIELD_RE.finditer(line) if "|" in line else ())]
        for m in fields:
            found_line.setdefault(_key(m.group(1)), (m.start(2) + start, m.end(2) + start, m.group(2).strip()))
        if (
            len(found_line) >= 3
            and ("受理号" in found_line or "药品名称" in found_line)
            and _RECORD_LEAD_RE.match(line)
        ):
            per_line.append(found_line)
    if len(per_line) >= 2:
        return per_line
    blocks = _field_blocks(lines)
    if len(blocks) >= 2:
        return blocks
    streamed = _cell_stream_records(view)
    if streamed:
        return streamed
    found: dict[str, tuple[int, int, str]] = {}
    for m in _RECORD_FIELD_RE.finditer(view):
        found.setdefault(_key(m.group(1)), (m.start(2), m.end(2), m.group(2).strip()))
    if len(found) < 3 or not ("受理号" in found or "药品名称" in found):
        return None
    first = min(a for a, _, _ in found.values())
    key_start = view.rfind("\n", 0, first) + 1
    if not _RECORD_LEAD_RE.fullmatch(view[key_start:first]):
        return None
    return [found]


_CELL_RE = re.compile(r"\S+")
#: The key under which a streamed row keeps its whole span (a cell of it is never a section heading).
_ROW_SPAN = "_row"
#: A column label the register does not read: a short name ending in what a column holds.
_COLUMN_LABEL_RE = re.compile(
    r"[\u4e00-\u9fff（）()]{1,10}(?:日期|时间|理由|原因|依据|类型|类别|状态|期限|分类|备注|名称|编号)"
)
#: One cell per line: a line's text (a cell may hold spaces: Veritas Oncology AG).
LINE_CELL_RE = re.compile(r"[^\S\n]*([^\n]*\S)")
#: What a cell of a column must look like for the row to be read (a row out of step ends the table).
_CELL_CHECKS: dict[str, re.Pattern[str]] = {
    "序号": re.compile(r"\d{1,3}"),
    "受理号": ACCEPTANCE_NO_RE,
    "承办日期": re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"),
    "公示日期": re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"),
}


def _cell_stream_records(view: str) -> list[dict[str, tuple[int, int, str]]]:
    """The rows of a table whose cells were flattened into one stream, one cell per line or all on one line.

    A run of at least three known keys (序号 受理号 药品名称 申请人 …) is the header; the cells after it
    are read in rows of that many, as long as each row's number, acceptance number and dates look
    like ones. Cells are lines when the page put one on each (a cell may then hold a space: Veritas
    Oncology AG), else runs of non-space (a cell with a space inside puts the rows out of step, and the
    table ends there).
    """
    if "\n" in view:
        rows = _stream_rows([(m.start(1), m.end(1), m.group(1)) for m in LINE_CELL_RE.finditer(view)])
        if rows:
            return rows
    return _stream_rows([(m.start(), m.end(), m.group(0)) for m in _CELL_RE.finditer(view)])


def _stream_rows(cells: list[tuple[int, int, str]]) -> list[dict[str, tuple[int, int, str]]]:
    """The rows after the first header of known keys in a stream of cells (see :func:`_cell_stream_records`)."""
    keys = _RECORD_KEYS | {"序号"}
    i = 0
    while i < len(cells):
        k = i
        # Columns the register does not read (拟优先审评理由, 理由及依据, 公示截止日期) still take their cell in
        # each row, wherever they stand once three known keys have begun the header.
        while k < len(cells) and (
            _key(cells[k][2].rstrip("：:")) in keys or (k - i >= 3 and _COLUMN_LABEL_RE.fullmatch(cells[k][2]))
        ):
            k += 1
        header = [_key(c[2].rstrip("：:")) for c in cells[i:k]]
        if len(header) < 3 or not ("受理号" in header or "药品名称" in header):
            i = k + 1
            continue
        rows: list[dict[str, tuple[int, int, str]]] = []
        j = k
        while j + len(header) <= len(cells):
            row = cells[j : j + len(header)]
            checks = [(_CELL_CHECKS.get(key), cell[2]) for key, cell in zip(header, row, strict=True)]
            if any(pattern is not None and not pattern.fullmatch(value) for pattern, value in checks):
                break
            record = {key: cell for key, cell in zip(header, row, strict=True) if key in _RECORD_KEYS}
            record[_ROW_SPAN] = (row[0][0], row[-1][1], "")  # the whole row, unread columns too
            rows.append(record)
            j += len(header)
        if rows:
            return rows
        i = k + 1
    return []


#: The confidence of a record dated by a cell of its own; one dated by its list's lead or the page has less.
RECORD_DATED_CONFIDENCE = 0.9
#: Column labels named in a lead's closing bracket (详情如下（受理号｜品种｜申请人｜公示日期）：), the rows below.
_BRACKETED_COLUMNS_RE = re.compile(r"[（(]([^（）()\n]*[|｜][^（）()\n]*)[）)]\s*[：:]?\s*$")


def header_labels(raw_line: str, view_line: str) -> tuple[re.Pattern[str], list[str], int] | None:
    """A header line's column labels, how the rows under it split into cells, and where its labels start in the line.

    The labels are the line's own cells, or those a lead names in its closing bracket (本批名单摘录如下（备案单位｜
    项目名称）：); None for a line that is no table row.
    """
    named = _BRACKETED_COLUMNS_RE.search(view_line)
    if named:
        return _PIPE_CELL_RE, [m.group(0).strip() for m in _PIPE_CELL_RE.finditer(named.group(1))], named.start()
    cell_re = _table_cells(raw_line, view_line)
    if cell_re is None:
        return None
    header = raw_line if cell_re in RAW_CELL_RES else view_line
    return cell_re, [m.group(0).strip() for m in cell_re.finditer(header)], 0


def _table_header(raw: str, line_at: tuple[int, str]) -> tuple[re.Pattern[str], list[str]] | None:
    """A table's header line of known keys (受理号　药品名称　申请人…): how its cells split and its keys."""
    h_start, line = line_at
    found = header_labels(raw[h_start : h_start + len(line)], line)
    if found is None:
        return None
    cell_re, labels, _at = found
    cells = [_key(label) for label in labels]
    if len(cells) >= 3 and sum(c in _RECORD_KEYS for c in cells) >= 3 and ("受理号" in cells or "药品名称" in cells):
        return cell_re, cells
    return None


def _table_rows(
    view: str, raw: str, lines: list[tuple[int, str]], i: int, cell_re: re.Pattern[str], cells: list[str]
) -> tuple[list[dict[str, tuple[int, int, str]]], int]:
    """The rows under the header on line ``i``, up to the next table's header; and the last row's line."""
    rows: list[dict[str, tuple[int, int, str]]] = []
    broken: list[tuple[int, int]] = []  # the cells of a row whose line broke inside it
    last = i
    for j, (start, row) in enumerate(lines[i + 1 :], i + 1):
        if _table_header(raw, (start, row)) is not None:
            break  # 拟优先审评品种公示 after 突破性治疗公示: another table starts
        source_row = raw[start : start + len(row)] if cell_re in RAW_CELL_RES else row
        parts = [(m.start() + start, m.end() + start) for m in cell_re.finditer(source_row)]
        parts = [(a, b) for a, b in parts if view[a:b].strip()]
        if len(parts) > len(cells):
            parts = _join_latin_cells(view, parts)
        if broken and len(broken) + len(parts) == len(cells):
            parts, broken = broken + parts, []  # a row whose line broke after the applicant goes on
        elif 2 <= len(parts) < len(cells) and _ROW_LEAD_RE.fullmatch(view[parts[0][0] : parts[0][1]].strip()):
            broken = parts
            continue
        else:
            broken = []
        if len(parts) == len(cells):
            rows.append(
                {k: (a, b, view[a:b].strip()) for k, (a, b) in zip(cells, parts, strict=True) if k in _RECORD_KEYS}
            )
            last = j
            continue
        # A line under a row that labels one more of its fields (　适应症：…).
        extra = _RECORD_FIELD_RE.match(row.strip())
        if rows and extra and j == last + 1 and _key(extra.group(1)) not in rows[-1]:
            offset = start + len(row) - len(row.lstrip())
            rows[-1][_key(extra.group(1))] = (offset + extra.start(2), offset + extra.end(2), extra.group(2).strip())
            last = j
    return rows, last


#: A record's key alone on its line (拟定适应症（或功能主治）), its value on the next.
_KEY_LINE_RE = re.compile(rf"({_FIELD_KEYS}|公示期限)(?:[（(][^）)]{{0,8}}[）)])?\s*[:：]?")


_BULLETS = "▸▶►•·●◆◇■□▪-* \u3000"


def _field_blocks(lines: list[tuple[int, str]]) -> list[dict[str, tuple[int, int, str]]]:
    r"""Records written one field per line (受理号：…\n药品名称：…\n…), a key seen again starting the next."""
    blocks: list[dict[str, tuple[int, int, str]]] = []
    headed: set[int] = set()  # the blocks an item's heading opened (by their place in ``blocks``)
    current: dict[str, tuple[int, int, str]] = {}
    pending: str | None = None  # a key alone on its line: its value is the next line (a table flattened cell by cell)
    for start, line in lines:
        stripped = line.strip().lstrip(_BULLETS)  # ▸ 日期：…: a bullet before the first field
        if not stripped:
            continue
        offset = start + len(line) - len(line.lstrip().lstrip(_BULLETS))
        found: tuple[str, int, int] | None = None
        m = _RECORD_FIELD_RE.match(stripped)
        if m is not None:
            found = (_key(m.group(1)), m.start(2), m.end(2))
        elif pending is not None:
            found = (pending, 0, len(stripped))
        elif (item := _NAMED_ITEM_RE.fullmatch(stripped)) is not None:
            # ①格列赛基奥仑赛注射液（研发代号：CT-601）\n申请人：…\n默示许可日期：9月23日: an item headed by the
            # product's name, its fields below
            if current:
                blocks.append(current)
            headed.add(len(blocks))
            current = {"药品名称": (offset + item.start(1), offset + item.end(1), item.group(1))}
            pending = None
            continue
        key_alone = _KEY_LINE_RE.fullmatch(stripped)
        pending = _key(key_alone.group(1)) if key_alone else None
        if found is None or key_alone:
            continue
        key, a, b = found
        if key in current:
            blocks.append(current)
            current = {}
        current[key] = (offset + a, offset + b, stripped[a:b].strip())
    if current:
        blocks.append(current)
    return [
        b
        for i, b in enumerate(blocks)
        if len(b) >= 3
        and ("受理号" in b or "药品名称" in b)
        # (an item headed by a name is a record only with the step's number or day: 1. 公司简介\n成立时间：… is none)
        and (i not in headed or any(k in b for k in _STEP_KEYS))
    ]


#: A numbered item's heading line that names something (①X注射液（研发代号：CT-601）, 2. X注射液).
_NAMED_ITEM_RE = re.compile(
    r"(?:[①-⑳]|\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,2}[）)])\s*((?:[^：:\n（(]|[（(][^）)\n]*[）)]){2,60}?)\s*"
)
#: Fields that date or number a step: what makes an item's fields a register record.
_STEP_KEYS = ("受理号", "承办日期", "受理日期", "默示许可日期", "批准日期", "公示日期")


#: A list item's number before a row's first cell.
_ITEM_MARK_RE = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[①-⑳])\s*")
#: A row that starts with its number or acceptance number: one that may break over two lines.
_ROW_LEAD_RE = re.compile(rf"\d{{1,3}}|{_ACCEPTANCE_NO}")
_TAB_CELL_RE = re.compile(r"[^\t]+")
_PIPE_CELL_RE = re.compile(r"[^|｜]+")
_WIDE_GAP_RE = re.compile(r"[ \u3000]{2,}")
#: A cell of a space-aligned table: words with single spaces inside, set apart by two or more.
_SPACED_CELL_RE = re.compile(r"[^ \u3000]+(?: [^ \u3000]+)*")
#: A cell of a table whose columns are set apart by ideographic spaces (one or more): ASCII
#: spaces stay inside a cell (Helios Cell Therapeutics).
_IDEOGRAPHIC_CELL_RE = re.compile(r"[^\u3000\t]+")
#: A cell of a table flattened with one space between cells (a foreign name's words are joined again).
_SINGLE_SPACE_CELL_RE = re.compile(r"[^ \u3000\t]+")
#: Cell delimiters read on the original line (the view turns tabs and ideographic spaces into spaces).
RAW_CELL_RES = (_TAB_CELL_RE, _IDEOGRAPHIC_CELL_RE)
#: A word of a foreign firm's name and the end of the word before it (HALVORA THERAPEUTICS, INC.);
#: codes (JXSL2500077) are cells of their own.
_LATIN_WORD_RE = re.compile(r"[A-Z][A-Z.,&'-]*")
_LATIN_END_RE = re.compile(r"[A-Z.,&]")


def _table_cells(raw_line: str, view_line: str) -> re.Pattern[str] | None:
    """How a table line's cells are delimited, or None for a line that is no table row."""
    if "\t" in raw_line:
        return _TAB_CELL_RE
    if len(_IDEOGRAPHIC_CELL_RE.findall(raw_line.strip())) >= 3:
        return _IDEOGRAPHIC_CELL_RE  # 序号　受理号　药品名称　申请人: one ideographic space may end a cell
    if view_line.count("|") + view_line.count("｜") >= 2:
        return _PIPE_CELL_RE
    if len(_WIDE_GAP_RE.findall(view_line)) >= 2:
        return _SPACED_CELL_RE  # 受理号　　药品名称　　…: columns set apart by runs of (ideographic) spaces
    if view_line.strip().count(" ") >= 2:
        return _SINGLE_SPACE_CELL_RE  # 序号 受理号 药品名称 …: a web table flattened with one space per cell
    return None


def _join_latin_cells(view: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join neighbouring cells that are words of one Latin name (Ｖｅｒｉｔａｓ　Ｇｅｎｅ　Ｔｈｅｒａｐｅｕｔｉｃｓ)."""
    joined: list[tuple[int, int]] = []
    for a, b in parts:
        if joined and _LATIN_WORD_RE.fullmatch(view[a:b]) and _LATIN_END_RE.match(view, joined[-1][1] - 1):
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


def _record_event(
    ctx: FieldContext,
    found: dict[str, tuple[int, int, str]],
    heading: str,
    index: DateIndex,
    published: date | None,
    drug_company: dict[str, str],
    lead_date: str | None = None,
) -> list[Event]:
    """The event of one register record (see :func:`register_events`)."""
    # (1. CXSL2600042｜…, ① CXSL2500612｜…: a numbered row's number is not of its 受理号)
    number = _ITEM_MARK_RE.sub("", found["受理号"][2]) if "受理号" in found else None
    decoded = decode_acceptance_number(number) if number else None
    app_type = found.get("申请类型", (0, 0, ""))[2]
    if decoded:
        application = decoded.application
    else:
        application = "nda" if "上市" in app_type else "ind" if "临床" in app_type else ""
    if "补充申请" in app_type:
        application = "supplement"
    verdict = found.get("审批结论", (0, 0, ""))[2]
    # (受理号｜药品名称｜…｜状态｜日期: a digest's table whose status column says what happened to each row)
    status = next((found[k][2] for k in _STATUS_KEYS if k in found), "")
    keys: tuple[str, ...]
    if status and not verdict and application == "ind" and "默示许可" in status:
        type_, keys = "ind_approval", _RECORD_DATE_KEYS["ind_approval"]
    elif status and not verdict and application in ("ind", "nda") and _ACCEPTED_STATUS_RE.fullmatch(status.strip()):
        type_, keys = ("ind_accepted" if application == "ind" else "nda_accepted"), _RECORD_DATE_KEYS["accepted"]
    elif status and not verdict and ("突破性治疗" in status or "优先审评" in status):
        # (2025-09-09｜CXSS2500031｜拟纳入优先审评公示｜…: a product record's row of its designation)
        type_ = "breakthrough_therapy" if "突破性治疗" in status else "priority_review"
        keys = ("日期", *_RECORD_DATE_KEYS["designation"])
    elif verdict:
        # 药品批准证明文件送达信息: the verdict says what was granted.
        # 药品注册证书 (a marketing authorisation's certificate) is granted by its name
        granted = "批准" in verdict or "同意" in verdict or "注册证书" in verdict
        # (药品补充申请批准通知书: a change to a product on the market, no new approval)
        # (CXSB…｜批准（变更生产场地）: a supplement's approval, by its 受理号 or its verdict; one that adds a use,
        # 补充申请批准（新增适应症）, approves the product for it)
        new_use = "新增适应症" in verdict or "增加适应症" in verdict
        if NEGATION_RE.search(verdict) or not granted or (("补充申请" in verdict or "变更" in verdict) and not new_use):
            return []
        type_, keys = ("ind_approval" if "临床" in verdict else "drug_approval"), _RECORD_DATE_KEYS["approval"]
    elif (
        application in ("ind", "nda")
        and "默示许可" in heading
        and "受理" in heading
        and ("承办日期" in found or "受理日期" in found)
        and "默示许可日期" not in found
    ):
        # (3款获临床默示许可，1款新药申请获受理: under a heading of both steps, a record dated by its 承办日期 is
        # the acceptance)
        type_, keys = ("ind_accepted" if application == "ind" else "nda_accepted"), _RECORD_DATE_KEYS["accepted"]
    elif "默示许可" in heading or "默示许可日期" in found:
        type_, keys = "ind_approval", _RECORD_DATE_KEYS["ind_approval"]
    elif "优先审评" in heading:
        type_, keys = "priority_review", _RECORD_DATE_KEYS["designation"]
    elif "突破性治疗" in heading:
        type_, keys = "breakthrough_therapy", _RECORD_DATE_KEYS["designation"]
    elif application in ("ind", "nda") and ("受理" in heading or "承办日期" in found or "受理日期" in found):
        type_, keys = ("ind_accepted" if application == "ind" else "nda_accepted"), _RECORD_DATE_KEYS["accepted"]
    elif "批准日期" in found and not application and "临床" not in heading:
        # 国内已获批上市的CAR-T产品 (通用名　企业　获批时间): each row an approval on its date (a row
        # without one belongs to another table)
        if not index.within(*found["批准日期"][:2]):
            return []
        type_, keys = "drug_approval", _RECORD_DATE_KEYS["approval"]
    else:
        return []

    def within(key: str, type_name: str) -> str | None:
        if key not in found:
            return None
        a, b, _ = found[key]
        return next((x.canonical for x in ctx.entities if x.type == type_name and a <= x.start and x.end <= b), None)

    drug = within("药品名称", "drug") or (found["药品名称"][2] if "药品名称" in found else None)
    if drug is None:
        drug = _page_product(ctx)  # 【注册进度】 rows of one product's record page (通用名：X above them)
    if not drug or drug.startswith(("（", "(")):
        return []  # （补充申请）: the row names no product
    company = within("申请人", "company") or within("企业名称", "company") or within("上市许可持有人", "company")
    if company is None:
        a, b, _ = found.get("申请人", found.get("企业名称", found.get("上市许可持有人", (0, 0, ""))))
        company = _foreign_short_name(ctx.original[a:b].strip()) or None
    company = company or drug_company.get(drug)
    value = _first_dated(found, keys, index)
    conf = RECORD_DATED_CONFIDENCE
    if value is None and lead_date:
        value, conf = lead_date, 0.85
    if value is None and keys is _RECORD_DATE_KEYS["designation"]:
        value = _first_dated(found, _RECORD_DATE_KEYS["accepted"], index)
    if value is None:
        value = month_of(published) if published else None
        conf = 0.8
    spans = [(a, b) for a, b, _ in found.values()]
    s0 = ctx.view.rfind("\n", 0, min(a for a, _ in spans)) + 1
    e0 = max(b for _, b in spans)
    shared = {
        "drug": drug,
        "company": company,
        "acceptance_no": number,
    }
    # 胃癌；胃食管结合部腺癌: a cell that lists several uses gives one event per use (ANNOTATION.md).
    # (…同意本品开展用于晚期胃癌及胃食管结合部腺癌的临床试验: a letter's verdict names the uses granted)
    listed = next((u for key in ("适应症", "拟定适应症", "审批结论") if (u := _listed_in(ctx, found, key))), [])
    uses: list[str | None] = [*listed] or [None]
    events = [span_event(ctx, s0, e0, type=type_, date=value, confidence=conf, indication=u, **shared) for u in uses]
    accepted = _verdict_acceptance_date(ctx.view, found.get("审批结论"), index)
    if accepted and type_ in _ACCEPTANCE_OF:
        # 经审查，2024年12月31日受理的X符合药品注册的有关要求，同意开展…: the letter dates the acceptance too.
        events += [
            span_event(ctx, s0, e0, type=_ACCEPTANCE_OF[type_], date=accepted, confidence=0.85, indication=u, **shared)
            for u in uses
        ]
    return events


#: Columns that say what happened to a row (状态：默示许可 / 受理).
_STATUS_KEYS = ("状态", "进展", "审评状态", "办理状态", "事项")
#: A status that says the application was accepted (受理, 已受理, 临床试验申请受理, 上市许可申请受理).
_ACCEPTED_STATUS_RE = re.compile(r"(?:(?:临床试验|上市许可|新药上市|上市)?申请)?(?:已)?(?:受理|承办)")


#: A product record page's name field (通用名：泰瑞基奥仑赛注射液).
_PAGE_PRODUCT_FIELD_RE = re.compile(r"(?:^|\n)\s*(?:通用名(?:称)?|药品名称|产品名称)\s*[:：]\s*([^\n]+)")


def _page_product(ctx: FieldContext) -> str | None:
    """The product a record page is about: the drug in its one name field, if the page has exactly one."""
    fields = list(_PAGE_PRODUCT_FIELD_RE.finditer(ctx.view))
    if len(fields) != 1:
        return None
    a, b = fields[0].span(1)
    return next((x.canonical for x in ctx.entities if x.type == "drug" and a <= x.start and x.end <= b), None)


def _listed_in(ctx: FieldContext, found: dict[str, tuple[int, int, str]], key: str) -> list[str]:
    """The distinct indications a record's field lists (its subtypes left out, as in a sentence)."""
    if key not in found:
        return []
    a, b, _ = found[key]
    return listed_indications(ctx.view[a:b], a, [x for x in ctx.entities if a <= x.start and x.end <= b])


def _first_dated(found: dict[str, tuple[int, int, str]], keys: tuple[str, ...], index: DateIndex) -> str | None:
    """The date in the first of ``keys`` whose field gives one, or None.

    A field is read with the separators around it, so a table's month-day cell (…｜默示许可｜08-27) is read as one.
    """
    return next(
        (ds[0].value for key in keys if key in found if (ds := index.within(*_with_separators(found[key])))), None
    )


def _with_separators(field: tuple[int, int, str]) -> tuple[int, int]:
    """A field's span widened by the character on each side (the cell bars or line ends around it)."""
    return max(0, field[0] - 1), field[1] + 1


#: The acceptance a granted application went through.
_ACCEPTANCE_OF = {"ind_approval": "ind_accepted", "drug_approval": "nda_accepted"}
#: The approval letter's own record of the application (经审查，2024年12月31日受理的X符合药品注册的有关要求，
#: 同意开展临床试验): the acceptance, dated, beside the approval the same sentence reports.
DATED_ACCEPTANCE_RE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*受理的")


def _verdict_acceptance_date(view: str, verdict: tuple[int, int, str] | None, index: DateIndex) -> str | None:
    """The day a verdict says its application was accepted (…2024年12月31日受理的X符合…), or None."""
    if verdict is None:
        return None
    start, end, _ = verdict
    m = DATED_ACCEPTANCE_RE.search(view, start, end)
    found = index.within(m.start(), m.end()) if m else []
    return found[0].value if found else None


#: A line that introduces a list of products (以下品种拟纳入优先审评：, 本周获批上市的产品如下：); or a paragraph
#: that tells what happened and closes on 整理如下。 over bulleted items (3月共有多款…获得默示许可。…整理如下。).
_PRODUCT_LIST_LEAD_RE = re.compile(
    r"^[^\n]*?(?:以下|如下|包括|包含|分别为|分别是|名单|有|入选|在列)[^\n。]{0,30}?[：:][ \t]*$"
    r"|^[^\n]*?(?:如下|以下)[。．][ \t]*$",
    re.M,
)
#: A bulleted item's first line (◆ 某生物X注射液（3月4日）): what starts one entry of a list of blocks.
_BULLETED_LINE_RE = re.compile(rf"[ \t　]*[{ITEM_BULLETS}◇□▪►【]")
#: What the lead says happened to every product of its list; the first row that matches wins.
_PRODUCT_LIST_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"优先审评"), "priority_review"),
    (re.compile(r"突破性治疗"), "breakthrough_therapy"),
    (re.compile(r"默示许可|临床试验(?:申请)?[^\n：:]{0,6}?(?:批准|许可)|批准[^\n：:]{0,10}?临床"), "ind_approval"),
    (re.compile(r"上市申请[^\n：:]{0,8}?受理|受理[^\n：:]{0,10}?上市申请"), "nda_accepted"),
    (re.compile(r"临床试验申请[^\n：:]{0,8}?受理|受理[^\n：:]{0,10}?临床"), "ind_accepted"),
    (re.compile(r"批准[^\n：:]{0,20}?上市|获批上市|附条件批准"), "drug_approval"),
)


def _list_kind(lead: str) -> str | None:
    """The event type a list's lead says happened to its products (the first row of the table that matches)."""
    return next((type_ for pattern, type_ in _PRODUCT_LIST_KINDS if pattern.search(lead)), None)


#: A lead that recalls what already is (已上市的产品包括：, 截至目前累计…): the products' histories, no news;
#: or an announcement's formula before its numbered sections (现将相关情况公告如下：).
_BACKGROUND_LEAD_RE = re.compile(
    r"已(?:经)?(?:获批)?上市|已获|累计|截至|截止|先后|此前|历年|曾|(?:公告|说明|报告|介绍|汇报)如下"
)
#: A product line of a list is one entry: short, with no sentence ending inside it.
_LIST_ENTRY_MAX_CHARS = 100
_INNER_STOP_RE = re.compile(r"[。！？][^\n]")
#: A lead that tells news: a date, or a word of the moment or of a regulator's notice.
_CURRENT_LEAD_RE = re.compile(r"\d|近日|日前|本周|上周|今日|昨日|最新|公示|拟")
_PRODUCT_LIST_MAX_ITEMS = 30


def product_list_events(
    ctx: FieldContext, index: DateIndex, published: date | None, drug_company: dict[str, str]
) -> list[Event]:
    """One event per product line under a lead line that says what happened to them all.

    ``本周CDE拟纳入优先审评的品种如下：`` then ``1. 某公司的X注射液（适应症）`` on each line: each product
    line is an event of the lead's kind, about its product, firm and indications (one event per
    indication of an approval or designation), dated by a date of its own, else the lead's, else the
    publication month. The rows end at the first line that names no product. A lead that recalls
    products already on the market (已上市的产品包括：) lists history, not news.
    """
    if ctx.field != "text":
        return []
    out: list[Event] = []
    for lead in _PRODUCT_LIST_LEAD_SCAN.finditer(ctx.view):
        text = lead.group(0)
        kind = _list_kind(text)
        if (
            kind is None
            or _BACKGROUND_LEAD_RE.search(text)
            or not _CURRENT_LEAD_RE.search(text)
            or NEGATION_RE.search(text)
        ):
            continue
        lead_dates = [d.value for d in index.within(lead.start(), lead.end()) if len(d.value) >= 7]
        fallback = lead_dates[-1] if lead_dates else (month_of(published) if published else None)
        pos = lead.end()
        while _bulleted_after_blank(ctx.view, pos):
            pos = ctx.view.find("\n", pos + 1)  # (blank lines between the lead and its first block)
        pos += 1
        for _ in range(_PRODUCT_LIST_MAX_ITEMS):
            end = ctx.view.find("\n", pos)
            end = len(ctx.view) if end < 0 else end
            if blocks := _item_block(ctx.view, pos, end):
                end = blocks  # ◆ heading line, then its description lines: one entry
            inside = [x for x in ctx.entities if pos <= x.start and x.end <= end]
            drugs = [x.canonical for x in inside if x.type == "drug"]
            entry = ctx.view[pos:end].strip()
            heading = entry.split("\n", 1)[0]
            if (
                pos >= len(ctx.view)
                or not drugs
                or PROSE_AFTER_LIST_RE.match(heading)  # (此外，Y…获受理: the page goes on after the list)
                or len(heading) > _LIST_ENTRY_MAX_CHARS
                or (entry == heading and _INNER_STOP_RE.search(entry))
            ):
                break
            own = [d.value for d in index.within(pos, pos + len(heading) + 1) if len(d.value) >= 7]
            company = next((x.canonical for x in inside if x.type == "company"), drug_company.get(drugs[0]))
            diseases: list[str | None] = list(dict.fromkeys(x.canonical for x in inside if x.type == "indication"))
            for indication in diseases or [None]:
                out.append(
                    span_event(
                        ctx,
                        pos,
                        end,
                        type=kind,
                        drug=drugs[0],
                        company=company,
                        indication=indication,
                        date=own[0] if own else fallback,
                        confidence=0.8,
                    )
                )
            pos = end
            while _bulleted_after_blank(ctx.view, pos):
                pos = ctx.view.find("\n", pos + 1)  # (the blank lines between blocks)
            pos += 1
    return out


#: A line where the page's prose goes on after a list (此外，…; 另，…; 小结：…; 数据来源：…; 各备案机构应…; 特此公告):
#: not the next item, nor a line of the last one.
PROSE_AFTER_LIST_RE = re.compile(
    r"\s*(?:此外|另外|另[，,]|同时[，,]|小结|总结|综上|数据来源|注[:：]|各[^，,。]{0,10}?(?:应|要|须)|截至|附件|特此)"
)


def is_table_row(text: str) -> bool:
    """True when ``text`` holds a cell bar (| or ｜): a table's row, read as a sentence."""
    return "|" in text or "｜" in text


def _item_block(view: str, start: int, end: int) -> int | None:
    """Where a bulleted item that starts at ``start`` ends: after its lines, before a blank line or the next bullet."""
    if not _BULLETED_LINE_RE.match(view, start):
        return None
    while end < len(view):
        nxt = view.find("\n", end + 1)
        nxt = len(view) if nxt < 0 else nxt
        line = view[end + 1 : nxt]
        if not line.strip() or _BULLETED_LINE_RE.match(line) or PROSE_AFTER_LIST_RE.match(line):
            break
        end = nxt
    return end


def _bulleted_after_blank(view: str, pos: int) -> bool:
    """A line break at ``pos`` that opens a blank line, then (after any more) a bulleted line."""
    if not view.startswith("\n\n", pos):
        return False
    rest = view[pos:].lstrip("\n")
    return bool(rest) and _BULLETED_LINE_RE.match(rest) is not None


#: Products said to be on a list just named (…均在列, 位列其中, 入选, 在名单之中), or added to it (同日公示的还有X).
_ON_THE_LIST_WORDS = ("列", "入选", "名单", "榜上", "还有")
#: A sentence that announces a list (公示拟纳入优先审评的品种名单, 发布…公示).
_LIST_NOTICE_RE = re.compile(r"公示|名单")
#: The list named before (同批公示名单中, 同日的名单里, 该批名单中).
_SAME_LIST_RE = re.compile(r"(?:同批|同日|同期|该批|此批|本批)[^，。；]{0,6}?名单")
_ON_THE_LIST_RE = re.compile(
    r"均?在列|位列其中|名列其中|榜上有名|入选|(?:均|也|亦)?在(?:该|此)?名单(?:之)?中|(?P<also>(?:同日|同批|同期)[^，。；]{0,6}?还有)"
)


def listed_product_events(
    ctx: FieldContext, index: DateIndex, published: date | None, drug_company: dict[str, str]
) -> list[Event]:
    """One event per product a sentence puts on a list that it or the sentence before says what it is.

    9月2日，CDE公示新一批拟纳入优先审评品种名单。其中，A公司的X注射液和B公司的Y注射液均在列: each product is
    a priority review, dated by its sentence, else the sentence before, else the publication month.
    """
    if ctx.field != "text" or not any(w in ctx.view for w in _ON_THE_LIST_WORDS):
        return []
    out: list[Event] = []
    previous = (0, 0)
    last_list: tuple[str, list[str]] | None = None  # the kind and dates of the latest list a sentence announced
    for s, e in ctx.sentences:
        before, previous = previous, (s, e)
        if _LIST_NOTICE_RE.search(ctx.view, s, e):
            kind = _list_kind(ctx.view[s:e])
            if kind is not None:
                last_list = (kind, [d.value for d in index.within(s, e) if len(d.value) >= 7])
        listed = _ON_THE_LIST_RE.search(ctx.view, s, e)
        if listed is None:
            continue
        if listed.group("also"):
            # 同日公示的还有X: X is on the list announced last, that day
            if ctx.view[s : listed.start()].strip() or last_list is None:
                continue
            also = [x for x in ctx.entities if x.type == "drug" and listed.end() <= x.start < e]
            when = last_list[1][0] if last_list[1] else (month_of(published) if published else None)
            out.extend(_listed_products(ctx, (s, e), listed.end(), also, last_list[0], when, drug_company))
            continue
        own_lead, lead = ctx.view[s : listed.start()], ctx.view[before[0] : before[1]] + ctx.view[s : listed.start()]
        # The list this sentence names comes first (同日公示的突破性治疗品种中，X入选: not the priority list before).
        kind = _list_kind(own_lead) or _list_kind(lead)
        earlier: list[str] = []
        if kind is None and last_list is not None and _SAME_LIST_RE.search(own_lead):
            kind, earlier = last_list  # 同批公示名单中，X亦在列: the list announced sentences before
        drugs = [x for x in ctx.entities if x.type == "drug" and s <= x.start and x.end <= listed.start()]
        if kind is None or not drugs or NEGATION_RE.search(ctx.view, s, e) or _BACKGROUND_LEAD_RE.search(lead):
            continue
        own = [d.value for d in index.within(s, e) if len(d.value) >= 7]
        told = own or earlier or [d.value for d in index.within(*before) if len(d.value) >= 7]
        when = told[0] if told else (month_of(published) if published else None)
        out.extend(_listed_products(ctx, (s, e), s, drugs, kind, when, drug_company))
    return out


def _listed_products(
    ctx: FieldContext,
    sentence: tuple[int, int],
    start: int,
    drugs: list[Entity],
    kind: str,
    when: str | None,
    drug_company: dict[str, str],
) -> list[Event]:
    """One event of ``kind`` per product on a list; the firm named right before a product owns it.

    (A公司的X注射液和B公司的Y注射液; ``start`` is where the first product's firm may begin.)
    """
    out: list[Event] = []
    for i, drug in enumerate(drugs):
        after = drugs[i - 1].end if i else start
        company = next(
            (x.canonical for x in ctx.entities if x.type == "company" and after <= x.start < drug.start),
            drug_company.get(drug.canonical),
        )
        out.append(
            span_event(ctx, *sentence, type=kind, drug=drug.canonical, company=company, date=when, confidence=0.75)
        )
    return out


#: The header of a table of approved products (通用名 商品名 企业 … 获批时间).
_APPROVAL_TABLE_HEADER_RE = re.compile(
    # (核准时间: Taiwan's word for the approval's time)
    r"^(?=[^\n]*(?:通用名|药品名称|产品|商品名))[^\n]*(?:获批时间|获批日期|批准时间|批准日期|上市时间|核准时间|核准日期)[^\n]*$",
    re.M,
)
#: A table of first uses, named by its caption (表：部分产品首张处方情况 / 产品　适应症　医院　时间).
_FIRST_USE_TABLE_HEADER_RE = re.compile(
    r"^[^\n]*(?:首张处方|首例)[^\n]*\n(?=[^\n]*(?:通用名|药品名称|产品|商品名))[^\n]*(?:时间|日期)[^\n]*$", re.M
)
#: A row's approval time, a cell of its own (2021.06, 2024-02, 2023年11月｜首个适应症 …).
_ROW_DATE_RE = re.compile(
    r"((?:19|20)\d{2})\s*[.\-/年]\s*(\d{1,2})(?:\s*[.\-/月]\s*(\d{1,2})日?)?\s*月?\s*(?=[|｜\t]|$)"
)


def approval_table_events(ctx: FieldContext, drug_company: dict[str, str]) -> list[Event]:
    """One drug_approval per row of a table of approved products, dated by the row's approval time.

    A research note lists the products on the market (通用名 商品名 企业 靶点 … 获批时间), one per line;
    the rows end at the first line that names no product. A table its caption calls one of first
    prescriptions (表：…首张处方情况 / 产品 适应症 医院 时间) gives one first_prescription per row the same way.
    """
    out: list[Event] = []
    if ctx.field != "text":
        return out
    headers = [(m, "drug_approval") for m in _APPROVAL_TABLE_HEADER_SCAN.finditer(ctx.view)]
    headers += [(m, "first_prescription") for m in _FIRST_USE_TABLE_HEADER_RE.finditer(ctx.view)]
    for header, type_ in headers:
        pos = header.end() + 1
        while pos < len(ctx.view):
            end = ctx.view.find("\n", pos)
            end = len(ctx.view) if end < 0 else end
            drug = next((x.canonical for x in ctx.entities if x.type == "drug" and pos <= x.start < end), None)
            value = _row_date(_ROW_DATE_RE.search(ctx.view, pos, end))
            if drug is None or value is None:
                break
            company = next(
                (x.canonical for x in ctx.entities if x.type == "company" and pos <= x.start < end),
                drug_company.get(drug),
            )
            out.append(span_event(ctx, pos, end, type=type_, drug=drug, company=company, date=value, confidence=0.8))
            pos = end + 1
    return out


#: A table of one product's approvals by use (获批时间｜适应症｜备注), its product named above it, not in a column.
_USE_TABLE_HEADER_RE = re.compile(
    r"^(?![^\n]*(?:通用名|药品名称|产品|商品名))(?=[^\n]*适应症)[^\n]*(?:获批时间|获批日期|批准时间|批准日期)[^\n]*$",
    re.M,
)
_ROW_LEAD_DATE_RE = re.compile(r"\s*((?:19|20)\d{2})\s*[.\-/年]\s*(\d{1,2})(?:\s*[.\-/月]\s*(\d{1,2})日?)?\s*月?")


def use_table_events(ctx: FieldContext, drug_company: dict[str, str]) -> list[Event]:
    """One drug_approval per row of a table of one product's approvals by use, dated by the row's time.

    (其在美国的主要获批情况如下： / 获批时间｜适应症｜备注 / 2021年2月｜大B细胞淋巴瘤｜首次获批): the product is the one
    named in the lines just above the table; the rows end at the first line without a leading date or a use.
    """
    out: list[Event] = []
    for header in _USE_TABLE_HEADER_SCAN.finditer(ctx.view) if ctx.field == "text" else ():
        drug = next(
            (
                x.canonical
                for x in reversed(ctx.entities)
                if x.type == "drug" and header.start() - 200 <= x.start < header.start()
            ),
            None,
        )
        if drug is None:
            continue
        pos = header.end() + 1
        while pos < len(ctx.view):
            end = ctx.view.find("\n", pos)
            end = len(ctx.view) if end < 0 else end
            value = _row_date(_ROW_LEAD_DATE_RE.match(ctx.view, pos, end))
            use = next((x.canonical for x in ctx.entities if x.type == "indication" and pos <= x.start < end), None)
            if value is None or use is None:
                break
            out.append(
                span_event(
                    ctx,
                    pos,
                    end,
                    type="drug_approval",
                    drug=drug,
                    company=drug_company.get(drug),
                    indication=use,
                    date=value,
                    confidence=0.8,
                )
            )
            pos = end + 1
    return out


def _row_date(when: re.Match[str] | None) -> str | None:
    """A table row's year, month and optional day (groups 1–3) as YYYY-MM(-DD); None without one or a real month."""
    if when is None or not 1 <= int(when.group(2)) <= 12:
        return None
    y, m, d = when.group(1), int(when.group(2)), when.group(3)
    return f"{y}-{m:02d}" + (f"-{int(d):02d}" if d else "")


def span_event(ctx: FieldContext, start: int, end: int, **arguments: Any) -> Event:
    """An event whose evidence is ``[start, end)`` of a field (a record, a list item); absent arguments are None.

    Args:
        ctx: The field.
        start: Evidence start.
        end: Evidence end.
        **arguments: :class:`~transforms.types.Event` fields (``type``, ``date``, ``confidence``…).

    Returns:
        The event.
    """
    base: dict[str, Any] = dict.fromkeys(("drug", "company", "indication", "policy", "region", "amount"))
    return Event(
        **(base | arguments),
        evidence=ctx.original[start:end],
        field=ctx.field,
        evidence_start=start,
        evidence_end=end,
    )


_FOREIGN_SUFFIX_RE = re.compile(
    r"[\s,.]+(?:Pte|Co|Ltd|Inc|LLC|GmbH|AG|Corp|Corporation|Limited|S\.A|Pty|plc|B\.V|N\.V)\.?$", re.I
)


def _foreign_short_name(name: str) -> str:
    """Drop legal suffixes of a foreign company name (Helios Cell Therapeutics Pte. Ltd. → Helios Cell Therapeutics)."""
    prev = None
    while prev != name:
        prev, name = name, _FOREIGN_SUFFIX_RE.sub("", name).strip()
    return name


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_PRODUCT_LIST_LEAD_SCAN = GatedPattern(_PRODUCT_LIST_LEAD_RE)
_APPROVAL_TABLE_HEADER_SCAN = GatedPattern(_APPROVAL_TABLE_HEADER_RE)
_USE_TABLE_HEADER_SCAN = GatedPattern(_USE_TABLE_HEADER_RE)
