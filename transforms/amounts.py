"""Money amounts: Chinese units and currencies normalised to numbers and CNY.

Conversion uses a fixed, documented rate table (approximate 2025 averages) so that results
are reproducible; the warehouse keeps the original currency too.

Vague amounts (数千万元, 数亿元, 近亿元, 上亿元) have no number and normalise to ``None`` on
purpose: a made-up lower bound would pollute sums. "More than X" (超/超过/逾/突破 X) keeps X and
sets ``lower_bound``.
"""

from __future__ import annotations

import re

from transforms.regex_gate import lead_gated
from transforms.types import Amount

#: Fixed conversion to CNY (approximate 2025 averages; documented, not live).
CNY_RATES: dict[str, float] = {"CNY": 1.0, "USD": 7.2, "HKD": 0.92, "EUR": 7.8, "JPY": 0.048, "GBP": 9.2}

_UNITS: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "": 1.0,
}
_CURRENCIES: dict[str, str] = {
    "元人民币": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "美金": "USD",
}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MULT = {"十": 10, "百": 100, "千": 1000}

AMOUNT_RE = re.compile(
    r"(?P<pre>超过|超出|超|逾|突破|近|约|达|数|几|上)?\s*"
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千]+)?\s*"
    r"(?P<unit>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万)?\s*"
    # 1亿3000万元, 1亿3千万美金: the part below 亿 is added to it.
    r"(?:(?<=亿)(?P<num2>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?P<unit2>千万|百万|十万|万))?\s*"
    r"(?P<cur>元人民币|人民币|美元|美金|港元|港币|欧元|日元|英镑|元)"
)
_VAGUE = frozenset({"数", "几", "近", "上"})
_LOWER = frozenset({"超过", "超出", "超", "逾", "突破"})


def cn_number(s: str) -> float | None:
    """Parse a small Chinese numeral (两千, 十五, 三百五十).

    Args:
        s: Numeral made of 零一二两三四五六七八九十百千.

    Returns:
        Its value, or None if it is not a numeral.
    """
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_MULT:
            total += (current or 1) * _CN_MULT[ch]
            current = 0
        else:
            return None
    return float(total + current)


def _below_yi(num: str | None, unit: str | None) -> float:
    """The part of a compound amount after 亿 (3000万 in 1亿3000万元, 3千万 in 1亿3千万), 0 when none."""
    if not num or not unit:
        return 0.0
    value = float(num) if num[0].isdigit() else cn_number(num)
    return (value or 0.0) * _UNITS[unit]


def parse_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Find money amounts in normalised text.

    Args:
        text: Half-width normalised text.

    Returns:
        ``(start, end, amount)`` triples in order; vague amounts are skipped.
    """
    out: list[tuple[int, int, Amount]] = []
    for m in _AMOUNT_SCAN.finditer(text):
        pre, num, unit, cur = m.group("pre"), m.group("num"), m.group("unit") or "", m.group("cur")
        if pre in _VAGUE and (not num or not num[0].isdigit()):
            continue
        if not num:
            if pre in _LOWER and unit:
                value = 1.0  # 超亿元: at least one unit
            else:
                continue
        elif num[0].isdigit():
            value = float(num.replace(",", ""))
        else:
            parsed = cn_number(num)
            if parsed is None:
                continue
            value = parsed
        if not unit and cur == "元" and value < 1000 and not num:
            continue
        currency = _CURRENCIES[cur]
        amount_value = value * _UNITS[unit] + _below_yi(m.group("num2"), m.group("unit2"))
        if amount_value < 1000:
            continue  # prices per dose or per share are not deal sizes
        out.append(
            (
                m.start(),
                m.end(),
                Amount(
                    value=amount_value,
                    currency=currency,
                    value_cny=amount_value * CNY_RATES[currency],
                    surface=m.group(0).strip(),
                    lower_bound=pre in _LOWER,
                ),
            )
        )
    return out


# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
_AMOUNT_SCAN = lead_gated(AMOUNT_RE)
