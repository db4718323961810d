"""Tables of financing rounds: one financing per row (日期｜企业｜轮次｜金额｜领投方).

A market review or a weekly roundup lists the rounds of the period as a table; each row names the firm that
raised, its round, the amount and the day, which the sentence rules never see as prose.
"""

from __future__ import annotations

import re

from transforms.amounts import parse_amounts
from transforms.dates import DateIndex
from transforms.event_context import FieldContext
from transforms.rules import ROUND_RE
from transforms.rules_registers import span_event
from transforms.types import Event

#: The header of a table of rounds: a firm's column, a round's and a date's, on one line.
_HEADER_RE = re.compile(r"^(?=[^\n]*(?:企业|公司|融资方))(?=[^\n]*轮次)[^\n]*(?:日期|时间)[^\n]*$", re.M)


def financing_table_events(ctx: FieldContext, index: DateIndex) -> list[Event]:
    """One financing per row under a table header of rounds, up to the first row without a date or a firm.

    Args:
        ctx: The field.
        index: Its dates.

    Returns:
        The rows' financings, each dated by its own date cell.
    """
    out: list[Event] = []
    if ctx.field != "text" or "轮次" not in ctx.view:
        return out
    for header in _HEADER_RE.finditer(ctx.view):
        pos = header.end() + 1
        while pos < len(ctx.view):
            end = ctx.view.find("\n", pos)
            end = len(ctx.view) if end < 0 else end
            days = [d.value for d in index.within(pos, end) if len(d.value) >= 7]
            # (the firm's column comes before the investors': the row's first firm is the one that raised)
            firm = next((x.canonical for x in ctx.entities if x.type == "company" and pos <= x.start < end), None)
            if not days or firm is None:
                break
            round_ = ROUND_RE.search(ctx.view, pos, end)
            amounts = parse_amounts(ctx.view[pos:end])
            out.append(
                span_event(
                    ctx,
                    pos,
                    end,
                    type="financing",
                    company=firm,
                    date=days[0],
                    round=round_.group(0) if round_ else None,
                    amount=amounts[0][2] if amounts else None,
                    confidence=0.8,
                )
            )
            pos = end + 1
    return out
