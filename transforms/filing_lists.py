"""Research filings told as lists: a notice's numbered items, labelled items, quoted projects and tables.

A health commission's notice names the projects or institutions it filed in a list under a lead
line, in items that label their institution (备案机构：…), in sentences that quote each project
(A医院的“…”、B医院的“…”), or in a table (序号　项目名称　备案机构　备案时间). Each gives one
research_filing per project, dated by its own date, else the list's, else the notice's signature.
"""

from __future__ import annotations

import re
from datetime import date

from transforms.dates import DateIndex, DateMention, month_of
from transforms.event_context import FieldContext
from transforms.event_dates import learned_day
from transforms.regex_gate import GatedPattern
from transforms.rules_registers import LINE_CELL_RE, PROSE_AFTER_LIST_RE, RAW_CELL_RES, header_labels, span_event
from transforms.types import Event

#: The lead of a list of filed projects or institutions (以下干细胞临床研究项目已完成备案： or
#: 以下3个项目已完成备案，现予通报。).
#: (…公布了新一批完成备案的项目。本批共5个项目…。记者梳理如下：: a reporter's list of what was filed)
_FILING_LIST_LEAD_RE = re.compile(
    r"(?:以下|下列)[^。\n]{0,40}?备案(?:[:：]|[^。\n]{0,8}[:：。])\s*$|备案[^\n]{0,120}?(?:梳理|整理|汇总|列举|盘点)如下[:：]\s*$"
    # (…公布了新一批完成备案的项目。\n本批部分项目如下：: the paragraph before says what they are)
    r"|^(?:本批|此批|该批|新一批)[^。\n]{0,10}?(?:项目|名单)[^。\n]{0,4}?如下[:：]\s*$",
    re.MULTILINE,
)


#: One numbered item of such a list (1. 某某医院：…研究).
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）]\s*(?P<body>[^\n]+)")


def filing_list_events(
    ctx: FieldContext, index: DateIndex, published: date | None, signature: str | None
) -> list[Event] | None:
    """One research_filing per numbered item of a notice's list of filed projects, or None if there is no list.

    The items follow the lead line directly; each names its institution and, usually, the disease
    studied. An item is dated by a date of its own, else the lead's, else the notice's signature
    date, else the publication month.
    """
    lead = next(
        (m for m in _FILING_LIST_LEAD_SCAN.finditer(ctx.view) if "备案" in ctx.view[max(0, m.start() - 300) : m.end()]),
        None,
    )
    if lead is None:
        return None
    line_start = ctx.view.rfind("\n", 0, lead.start()) + 1
    # (a lead line without a date of its own: the paragraph before it dates the batch)
    lead_dates = index.within(line_start, lead.end()) or [
        d for d in index.within(ctx.view.rfind("\n", 0, max(0, line_start - 1)) + 1, line_start) if len(d.value) >= 7
    ]
    fallback = lead_dates[-1].value if lead_dates else signature or (month_of(published) if published else None)
    out: list[Event] = []
    pos = lead.end()
    while True:
        item = _LIST_ITEM_RE.match(ctx.view, pos + 1) if ctx.view.startswith("\n", pos) else None
        if item is None:
            break
        a, b = item.start("body"), item.end("body")
        own = index.within(a, b)
        out.append(filed_item_event(ctx, a, b, date=own[0].value if own else fallback))
        pos = item.end()
    return out or None


#: The head of a numbered list item (一、, 2., a line 项目一), and the label of the institution it filed (备案机构：…).
_ITEM_NUMBER = r"(?:[一二三四五六七八九十]{1,3}|\d{1,3})"
_ITEM_HEAD_RE = re.compile(rf"^\s*(?:{_ITEM_NUMBER}\s*[、.．)）]|项目\s*{_ITEM_NUMBER}[ \t]*$)", re.M)


_INSTITUTION_LABEL_RE = re.compile(
    r"(?:备案机构|备案单位|研究机构|承担机构|申报机构|申报单位|机构名称)\s*[:：]\s*(?P<body>[^；;\n。]+)"
)


#: What an institution's name ends in (…医院, …保健院, …大学, …研究所, …中心).
_INSTITUTION_NAME_RE = re.compile(r"[\u4e00-\u9fff（）()]{2,28}(?:院|大学|研究所|中心|公司)")
#: An item's label of its filing day (备案时间：…, 备案日期：…).
_FILED_ON_LABEL_RE = re.compile(r"备案(?:时间|日期)\s*[:：]")
#: An item runs to the next item's head or a blank line, at most this many lines.
_ITEM_MAX_LINES = 8


def _list_items(view: str) -> list[tuple[int, int]]:
    r"""Spans of the numbered items of a list, each up to the next head or a blank line.

    An item may stand on one line (一、…，备案机构：X；) or run over several
    (一、\n项目名称：…\n研究机构：…\n备案时间：…).
    """
    heads = [m.start() for m in _ITEM_HEAD_RE.finditer(view)]
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(heads):
        limit = heads[i + 1] if i + 1 < len(heads) else len(view)
        end, lines = start, 0
        while end < limit and lines < _ITEM_MAX_LINES:
            line_end = view.find("\n", end, limit)
            line_end = limit if line_end < 0 else line_end
            if lines and (not view[end:line_end].strip() or PROSE_AFTER_LIST_RE.match(view, end, line_end)):
                break  # (a blank line, or the notice's prose going on after the list: 另，…; 各备案机构应…)
            end, lines = min(line_end + 1, limit), lines + 1
        spans.append((start, end))
    return spans


def labelled_filing_items(ctx: FieldContext, index: DateIndex, signature: str | None) -> list[Event]:
    """One research filing per numbered item that labels its institution (备案机构：…), wherever the list stands.

    An item is dated by a date of its own, else the notice's signature date. The list's heading
    sentence (现将以下项目予以备案) is found by the sentence rules too; it names no institution and
    merges into the first item.
    """
    if ctx.field != "text" or "备案" not in ctx.view:
        return []
    out: list[Event] = []
    items = list(_list_items(ctx.view))
    # (以下3个项目已于2025年7月9日完成备案，现予公告。\n一、项目名称：…: the lead's day, not the notice's signature)
    lead_day = _filed_lead_day(ctx.view, index, items[0][0]) if items else None
    for s0, e0 in items:
        label = _INSTITUTION_LABEL_RE.search(ctx.view, s0, e0)
        if label is None:
            continue
        a, b = label.span("body")
        # The label says what its value is: an institution the tagger did not know is still the filer.
        institution = next(
            (x.canonical for x in ctx.entities if x.type == "company" and a <= x.start and x.end <= b), None
        ) or (ctx.view[a:b].strip() if _INSTITUTION_NAME_RE.fullmatch(ctx.view[a:b].strip()) else None)
        if institution is None:
            continue
        # A one-line item ends with its institution's label (…，备案机构：X；); a block is its lines.
        if "\n" not in ctx.view[s0:e0].rstrip("\n"):
            e0 = b
        # (备案时间：2025年9月: the item's labelled day, not a date of the prose run on after it)
        own: list[DateMention] = []
        if on := _FILED_ON_LABEL_RE.search(ctx.view, s0, e0):
            line_end = ctx.view.find("\n", on.start())
            own = index.within(on.start(), len(ctx.view) if line_end < 0 else line_end)
        own = own or index.within(s0, e0)
        date_ = own[-1].value if own else lead_day or signature
        out.append(filed_item_event(ctx, s0, e0, date=date_, institution=institution))
    return out


#: A date followed by the filing it dates (已于2025年7月9日完成备案).
_FILED_AFTER_RE = re.compile(r"\s*(?:完成|通过)(?:了)?(?:项目)?备案")


def _filed_lead_day(view: str, index: DateIndex, first_item: int) -> str | None:
    """The day the line right before a list's first item says its projects were filed, if it says one."""
    line_start = view.rfind("\n", 0, max(0, first_item - 1)) + 1
    days = [d for d in index.within(line_start, first_item) if _FILED_AFTER_RE.match(view, line_start + d.end)]
    return days[-1].value if days else None


#: An institution's project named in quotes (南京鼓楼医院的“…临床研究”, 某医院牵头的“…”).
_QUOTED_PROJECT_RE = re.compile(r"\s*(?:(?:申报|牵头|承担|开展|完成)?的)?\s*[“\"](?P<title>[^”\"]{4,80})[”\"]")


#: How many sentences back a filing told still heads the projects a sentence quotes.
_FILING_TOLD_WITHIN = 3


def quoted_project_filings(ctx: FieldContext, index: DateIndex, published: date | None) -> list[Event]:
    """One research filing per institution whose project a sentence quotes, in or after a sentence about filing.

    公布了第九批备案项目名单。其中，A医院的“…”、B医院的“…”等项目入选: each institution takes the disease
    of its own quoted title; the filing is dated by the sentence, else the sentence before, else the
    publication month.
    """
    if ctx.field != "text" or "备案" not in ctx.view:
        return []
    out: list[Event] = []
    told: list[tuple[int, int]] = []  # the sentences before, nearest last
    for s, e in ctx.sentences:
        sentence, before = ctx.view[s:e], told[-_FILING_TOLD_WITHIN:]
        told.append((s, e))
        # (公布了新一批备案项目。从名单看，…。其中，A医院的“…”、B医院的“…”等项目较受关注: the list told just before)
        if ("“" not in sentence and '"' not in sentence) or not any(
            "备案" in ctx.view[a:b] for a, b in [*before, (s, e)]
        ):
            continue
        # (2023年，X医院牵头的“…”完成备案: a year the sentence itself gives dates its filing)
        dates = [d.value for d in index.within(s, e) if not learned_day(ctx.view, s + d.end, e)]
        if not dates and before:
            dates = [d.value for d in index.within(*before[-1]) if len(d.value) >= 7]
        if not dates:
            dates = [
                d.value for a, b in before if "备案" in ctx.view[a:b] for d in index.within(a, b) if len(d.value) >= 7
            ]
        when = dates[0] if dates else (month_of(published) if published else None)
        for x in ctx.entities:
            if x.type != "company" or not s <= x.start < e:
                continue
            quoted = _QUOTED_PROJECT_RE.match(ctx.view, x.end, e)
            if quoted is None:
                continue
            a, b = quoted.span("title")
            disease = next((y.canonical for y in ctx.entities if y.type == "indication" and a <= y.start < b), None)
            out.append(
                span_event(
                    ctx,
                    x.start,
                    quoted.end(),
                    type="research_filing",
                    date=when,
                    company=x.canonical,
                    indication=disease,
                    confidence=0.8,
                )
            )
    return out


#: The column naming a filed project's institution (备案机构, 项目负责单位, 牵头单位, 机构名称).
_INSTITUTION_COLUMN = r"(?:备案|研究|申报|项目负责|负责|承担|牵头|医疗)(?:机构|单位)|机构名称"
#: The header of a table of filed projects (序号　备案机构　项目名称　备案时间).
#: (a table without a date column, 序号　项目名称　备案机构　项目负责人, is dated by its notice)
#: (序号　备案机构　研究方向　细胞类型: a list of filed projects by their use, dated by the lead that announces it)
_FILING_TABLE_HEADER_RE = re.compile(
    rf"^[^\n]*(?:(?:{_INSTITUTION_COLUMN})[^\n]*(?:备案时间|备案日期)|项目名称[^\n]*(?:{_INSTITUTION_COLUMN})"
    rf"|(?:{_INSTITUTION_COLUMN})[^\n]*(?:项目名称|研究方向|研究内容|适应症|适应证|治疗疾病|疾病名称))[^\n]*$",
    re.M,
)
#: (干细胞临床研究机构: the column named with what the institution does)
_INSTITUTION_COLUMN_RE = re.compile(rf"[\u4e00-\u9fff]{{0,8}}?(?:{_INSTITUTION_COLUMN})")


_FILING_DATE_COLUMNS = ("备案时间", "备案日期")


def filing_table_events(
    ctx: FieldContext, index: DateIndex, signature: str | None = None, published: date | None = None
) -> list[Event]:
    """One research filing per row of a table of filed projects, by its institution, project and filing day.

    The rows follow the header, one per line with as many cells, or one cell per line when the page
    flattened the table so (its header then on one line or also a cell per line); they end at the
    first row that does not fit. A table without a date column is dated by the notice's signature,
    else by the sentence before it that tells of filings (本批备案项目如下：), else by the publication month.
    """
    if ctx.field != "text" or "备案" not in ctx.view:
        return []
    out: list[Event] = []
    for table_start, columns, rows in _filing_tables(ctx):
        where = next((i for i, c in enumerate(columns) if _INSTITUTION_COLUMN_RE.fullmatch(c)), None)
        when_at = next((i for i, c in enumerate(columns) if c in _FILING_DATE_COLUMNS), None)
        if where is None:
            continue
        announced = signature if when_at is None else None
        if when_at is None and announced is None:
            lead = [
                d.value
                for a, b in ctx.sentences
                if b <= table_start and "备案" in ctx.view[a:b]
                for d in index.within(a, b)
                if len(d.value) >= 7
            ]
            announced = lead[-1] if lead else (month_of(published) if published else None)
            if announced is None:
                continue
        for cells in rows:
            a, b = cells[where]
            institution = next(
                (x.canonical for x in ctx.entities if x.type == "company" and a <= x.start and x.end <= b), None
            ) or (ctx.view[a:b].strip() if _INSTITUTION_NAME_RE.fullmatch(ctx.view[a:b].strip()) else None)
            day = index.within(*cells[when_at]) if when_at is not None else None
            row_start, row_end = cells[0][0], cells[-1][1]
            disease = next(
                (x.canonical for x in ctx.entities if x.type == "indication" and row_start <= x.start < row_end), None
            )
            out.append(
                span_event(
                    ctx,
                    row_start,
                    row_end,
                    type="research_filing",
                    date=day[0].value if day else announced,
                    company=institution,
                    indication=disease,
                    confidence=0.85,
                )
            )
    return out


#: A header flattened one cell per line (序号\n医疗机构\n项目名称\n备案日期).
_STACKED_HEADER_RE = re.compile(r"^[ \t]*序号[ \t]*\n((?:[ \t]*[^\d\n]{2,8}[ \t]*\n){2,8})", re.M)


def _filing_tables(ctx: FieldContext) -> list[tuple[int, list[str], list[list[tuple[int, int]]]]]:
    """Each table of filed projects as where it starts, its column labels and its rows' cell spans."""
    tables: list[tuple[int, list[str], list[list[tuple[int, int]]]]] = []
    for header in _FILING_TABLE_HEADER_RE.finditer(ctx.view):
        h_start, h_line = header.start(), header.group(0)
        found = header_labels(ctx.original[h_start : header.end()], h_line)
        if found is None:
            continue
        cell_re, columns, labels_at = found
        raw_cells = cell_re in RAW_CELL_RES
        rows: list[list[tuple[int, int]]] = []
        pos = header.end() + 1
        while pos < len(ctx.view):
            end = ctx.view.find("\n", pos)
            end = len(ctx.view) if end < 0 else end
            source = ctx.original[pos:end] if raw_cells else ctx.view[pos:end]
            cells = [(m.start() + pos, m.end() + pos) for m in cell_re.finditer(source) if m.group(0).strip()]
            if not rows and len(cells) == len(columns) + 1 and ctx.view[slice(*cells[0])].strip().isdigit():
                columns = ["序号", *columns]  # (1｜机构｜项目 under 机构｜项目: the rows are numbered)
            if len(cells) != len(columns):
                break
            rows.append(cells)
            pos = end + 1
        # (a lead's own sentences, before the bracket naming the columns, are before the table: 8月8日…公示了…名单。)
        tables.append((h_start + labels_at, columns, rows or _stacked_rows(ctx.view, header.end(), columns)))
    for stacked in _STACKED_HEADER_RE.finditer(ctx.view):
        columns = ["序号", *(line.strip() for line in stacked.group(1).splitlines())]
        if any(_INSTITUTION_COLUMN_RE.fullmatch(c) for c in columns):
            tables.append((stacked.start(), columns, _stacked_rows(ctx.view, stacked.end(), columns)))
    return tables


def _stacked_rows(view: str, pos: int, columns: list[str]) -> list[list[tuple[int, int]]]:
    """Rows of a table flattened one cell per line from ``pos``: as many lines each, a number first."""
    lines = [(m.start(1), m.end(1)) for m in LINE_CELL_RE.finditer(view, pos)]
    rows: list[list[tuple[int, int]]] = []
    for i in range(0, len(lines) - len(columns) + 1, len(columns)):
        cells = lines[i : i + len(columns)]
        if columns[0] == "序号" and not view[cells[0][0] : cells[0][1]].isdigit():
            break
        rows.append(cells)
    return rows


def filed_item_event(
    ctx: FieldContext, start: int, end: int, *, date: str | None, institution: str | None = None
) -> Event:
    """The research filing one list item tells: its institution (else the item's first company) and disease."""
    inside = [x for x in ctx.entities if start <= x.start < end]
    return span_event(
        ctx,
        start,
        end,
        type="research_filing",
        date=date,
        company=institution or next((x.canonical for x in inside if x.type == "company" and x.end <= end), None),
        indication=next((x.canonical for x in inside if x.type == "indication"), None),
        confidence=0.85,
    )


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_FILING_LIST_LEAD_SCAN = GatedPattern(_FILING_LIST_LEAD_RE)
