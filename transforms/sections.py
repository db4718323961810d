"""Where a field's layout names the product its lines are about.

A report's numbered headings and 如下： leads put a product over the rows after them ((一)HL-MSC01注射液（…）,
then date-first rows; 【X上市首年大事记】 over a timeline), and a firm written right before its product
(瑞禾生物：RH-KA01注射液) tells which product that firm's later sentences are about.
:func:`transforms.events.extract_events` reads both once per field.
"""

from __future__ import annotations

import itertools
import re

from transforms.dates import ITEM_BULLETS
from transforms.event_context import FieldContext
from transforms.regex_gate import GatedPattern

#: What may stand between a firm and its product: 瑞禾生物：RH-KA01注射液, 瑞禾生物的RH-KA01, 信念医药研发的….
_OWNER_GAP_RE = re.compile(r"[：:\s]?(?:(?:自主)?(?:研发|开发|研制)的|旗下的?|的)?")

#: A heading line's enumerator (（一）, 一、, 1., 【, ■) and its text, short and without a full stop.
_ENUMERATOR = rf"(?:[（(【\[]?(?:[一二三四五六七八九十]{{1,3}}|\d{{1,2}})[）)】\]．.、]|[【\[{ITEM_BULLETS}])"
_HEADING_LINE_RE = re.compile(rf"^[ \t　]*{_ENUMERATOR}[ \t　]*([^\n。]{{2,40}})$", re.M)
#: A line that announces the rows after it (…，主要注册节点如下：).
_SECTION_LEAD_RE = re.compile(r"^[^\n]{2,120}?如下\s*[:：]\s*$", re.M)
#: An optional enumerator before a product that opens its line.
_HEADING_ENUM_RE = re.compile(rf"[ \t　]*{_ENUMERATOR}?[ \t　]*")
#: What may follow the product on its heading line: the rest of its name (注射液), its gloss in brackets, a colon;
#: or the word for its timeline (【X上市首年大事记】, X研发里程碑).
_HEADING_TAIL_RE = re.compile(
    r"[\u4e00-\u9fff]{0,4}(?:[（(][^（）()\n。，；]{1,30}[）)])?[ \t　]*[:：]?[ \t　]*"
    r"|[\u4e00-\u9fff]{0,8}?(?:大事记|时间线|时间轴|里程碑|发展历程|研发历程|注册历程)[】\]]?[ \t　]*[:：]?[ \t　]*"
)


def section_products(ctx: FieldContext) -> list[tuple[int, str | None]]:
    """Enumerated heading lines as (line end, the one product the line names, or None).

    A report's section of date-first rows under a product's heading ((一)HL-MSC01注射液（…）, then
    2024年1月26日<tab>获得临床试验默示许可) tells that product's steps without naming it again; the next
    heading ((三)后续计划) ends the section.
    """
    out: list[tuple[int, str | None]] = []
    for m in _HEADING_LINE_RE.finditer(ctx.view):
        named = [x for x in ctx.entities if x.type == "drug" and m.start(1) <= x.start < m.end(1)]
        product = (
            named[0].canonical
            if named and named[0].start == m.start(1) and _HEADING_TAIL_RE.fullmatch(ctx.view, named[0].end, m.end(1))
            else None
        )
        out.append((m.end(), product))
    # X注射液（…）为公司自主研发的…产品，主要注册节点如下：: the rows it announces are that product's
    for m in _SECTION_LEAD_SCAN.finditer(ctx.view):
        first = next((x for x in ctx.entities if x.type == "drug" and m.start() <= x.start < m.end()), None)
        if first is not None and _HEADING_ENUM_RE.fullmatch(ctx.view, m.start(), first.start):
            out.append((m.end(), first.canonical))
    return sorted(out)


def owned_products(ctx: FieldContext) -> dict[str, tuple[int, str]]:
    """Firms written right before a product (瑞禾生物：RH-KA01注射液): firm → (where, its first such product)."""
    owned: dict[str, tuple[int, str]] = {}
    for firm, product in itertools.pairwise(ctx.entities):
        if (
            firm.type == "company"
            and product.type == "drug"
            and _OWNER_GAP_RE.fullmatch(ctx.view, firm.end, product.start)
        ):
            owned.setdefault(firm.canonical, (product.start, product.canonical))
    return owned


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_SECTION_LEAD_SCAN = GatedPattern(_SECTION_LEAD_RE)
