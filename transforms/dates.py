"""Date expressions: absolute, partial and relative (resolved against the publication date)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from transforms.amounts import cn_number
from transforms.regex_gate import lead_gated


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text.

    Attributes:
        start: Start offset in the searched string.
        end: End offset.
        value: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
    """

    start: int
    end: int
    value: str


_FULL = (
    r"(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
_YM = r"(?P<ym_y>\d{4})\s*年\s*(?P<ym_m>\d{1,2})\s*月(?:份)?"
#: A timeline's or a table's year and month in figures (2022.03, 2021/06); not a number (2023.05亿元).
_YM_NUM = r"(?<![\d.\-/])(?P<ymn_y>(?:19|20)\d{2})[./](?P<ymn_m>0[1-9]|1[0-2])(?![\d%]|[./\-]\d|\s*(?:万|亿|元|倍))"
# "2025年第88号" is a document number, not a date.
# 2025年版: an edition; 2024年度向特定对象发行A股股票事项, 2024年度报告: a fiscal year's label, no date
_Y = r"(?P<y_only>(?:19|20)\d{2})\s*年(?![\d])(?!\s*第\s*\d+\s*号)(?!\s*版)(?!度)"
#: Months and days in Chinese numerals, as Hong Kong's press releases write them (二〇二六年七月八日, 六月三十日).
_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_CN_DAY = r"三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]"
_REL_YM = (
    r"(?P<rel>今年|本年(?!度)|去年|前年|明年|上年|同年|当年|次年|翌年)"
    # (去年十一月: Hong Kong's press writes the month in Chinese numerals)
    rf"\s*(?:(?P<rel_m>\d{{1,2}}|{_CN_MONTH})\s*月(?:份)?(?:\s*(?P<rel_d>\d{{1,2}}|{_CN_DAY})\s*[日号])?)?"
)
#: 三年前的6月22日: a month (and day) some years before the page's year.
_AGO_YM = (
    r"(?P<ago>[一两二三四五六七八九十]|\d{1,2})\s*年前的?\s*(?P<ago_m>\d{1,2})\s*月(?:\s*(?P<ago_d>\d{1,2})\s*[日号])?"
)
_MD = r"(?<![\d年])(?P<md_m>\d{1,2})\s*月\s*(?P<md_d>\d{1,2})\s*[日号]"
_M = r"(?<![\d年个])(?P<m_only>1[0-2]|0?[1-9])\s*月(?:份|初|中旬|上旬|下旬|底|末)?(?![\d日号])"
# 上月28日: a day of a month named relative to publication.
_REL_MD = (
    r"(?P<relm>上个?月|本月|当月|同月|这个月|下个?月)\s*"
    # (本月十日: Macau's and Hong Kong's press write the day in Chinese numerals)
    rf"(?P<relm_d>\d{{1,2}}|{_CN_DAY})\s*[日号]"
)
# 今(10)日宣布, 昨（23）日表示: Taiwan's press gives today's or yesterday's day in brackets.
#: A table's date cell written MM-DD at the start of its row (07-06 | 某公司 | …) or as its last cell
#: (… | 默示许可 | 08-27): a day of the page's year.
_CELL_MD = (
    r"(?<![^\n])(?P<cell_m>0[1-9]|1[0-2])-(?P<cell_d>[0-2]\d|3[01])(?=\s*[|｜\t])"
    r"|(?<=[|｜\t])(?P<endcell_m>0[1-9]|1[0-2])-(?P<endcell_d>[0-2]\d|3[01])(?=[ \t]*(?:\n|$))"
)
#: The bullets a roundup or a report heads its items with (▎14日, ■ 12/04　两条消息, ◆ …).
ITEM_BULLETS = "▎▌■●◆▶•·"
#: A roundup's item led by its day as MM/DD (■ 12/01　X获批上市, ▎11/05): at a line's start or after its bullet,
#: never inside a sentence (3/5例: a count).
_SLASH_MD = (
    rf"(?<![^\n{ITEM_BULLETS}])[ \t\u3000]*(?P<sl_m>1[0-2]|0?[1-9])"
    # (10.09　X获得默示许可: with a dot, the day has two digits; 1.5 is a number)
    r"(?:/(?P<sl_d>3[01]|[12]\d|0?[1-9])|\.(?P<sl_d2>3[01]|[12]\d|0[1-9]))(?=[ \t\u3000]|\n|$)"
)
_TW_DAY = r"[今昨本]\s*[（(]\s*(?P<tw_day>[12]?\d|3[01])\s*(?:[）)]\s*日|日\s*[）)])"  # 昨（2）日, 昨（28日）
# 上周五（19日）, 本周一（3日）: a weekday named with its day of the month in brackets.
_WEEK_DAY = (
    r"(?:上|本|这|上个)?(?:周|星期|礼拜)[一二三四五六日天]\s*[（(]\s*(?P<wk_day>[12]?\d|3[01])\s*[日号]?\s*[）)]"
)
# 上周五, 本周一: a weekday of the publication's week or the week before, without its day.
_REL_WEEKDAY = (
    r"(?P<wk_rel>上|本|这)个?(?:周|星期|礼拜)(?P<wk_name>[一二三四五六日天])"
    # (周一，X在某医院开出首张处方: a daily brief's bare weekday opening a clause, the latest such day)
    r"|(?:(?<=[：:；;。，,\n】.．、])|^)[ \t]*(?:周|星期)(?P<wk_bare>[一二三四五六日天])(?=[，,])"
)
# 12日晚间披露: a bare day, named with when or how it was announced, in the publication's month.
_DAY = (
    r"(?<![\d月年第])(?P<day_only>[12]?\d|3[01])\s*日"
    # (北荣10日为一名患者完成…, 15日举行: a day a wire story's subject did something)
    # (…注射液3日在上海开出首张处方: where it happened follows the day)
    r"(?=晚间|早间|上午|下午|晚上|晚|盘后|盘前|宣布|披露|发布|公布|公告|消息|表示|透露|指出|为一|完成|举行|召开|举办|正式|在[\u4e00-\u9fff]|核准|批准|获批|获得"
    # (国家药品监督管理局2日通过优先审评审批程序，附条件批准…: the regulator's day, a route after it)
    r"|通过(?:优先审评|审评|附条件)|附条件|受理|印发|开出|启动|获|接获)"
    # …；9日，X披露… / 数据：8日的专场上…: a bare day that opens a clause
    # (▎14日 on a line of its own heads a roundup's item)
    rf"|(?:(?<=[：:；;。，,\n{ITEM_BULLETS}])|^)[ \t]*(?P<day_lead>[12]?\d|3[01])\s*日"
    r"(?=[，,]|的|[ \t]*(?:\n|$)|[ \t\u3000]{1,2}[\u4e00-\u9fff])"
    # 已于6日在…完成; 12月9日、10日: a bare day after 于, or listed after a full date
    r"|(?<=[于、])(?P<day_yu>[12]?\d|3[01])\s*日"
)
_REL_MONTH_SHIFT = {"上月": -1, "上个月": -1, "本月": 0, "当月": 0, "同月": 0, "这个月": 0, "下月": 1, "下个月": 1}
#: "That month": after a named month (2024年6月12日…随后于当月25日) it is that month, not publication's.
_THAT_MONTH = frozenset({"当月", "同月"})
#: 同月下旬, 当月: the month named last, without a day (with one it is _REL_MD).
_THAT_MONTH_ALONE = r"(?P<thatm>同月|当月|次月|翌月)(?!\s*\d)"
_THAT_MONTH_WORD_RE = re.compile(r"同月|当月|次月|翌月")
#: 次月/翌月: the month after the one named last (于2024年11月获受理，并于次月被纳入优先审评).
_NEXT_MONTH = frozenset({"次月", "翌月"})
_WORD = (
    r"(?P<word>今日|今天|今早|今晨|今晚|昨日|昨天|昨晚|前日|近日|日前|近期|日内"
    r"|本月|这个月|上月|上个月|本周|上周|月初|今年以来|刚刚(?=结束|闭幕|落幕))"  # (在刚刚结束的…年会上: this month)
)
_CN_YEAR = (
    r"(?P<cn_y>[一二〇零○][〇零○一二三四五六七八九]{3})\s*年"
    rf"(?:\s*(?P<cn_m>{_CN_MONTH})\s*月(?:\s*(?P<cn_d>{_CN_DAY})\s*日)?)?"
)
_CN_MD = rf"(?<![〇零○一二三四五六七八九十年第])(?P<cnmd_m>{_CN_MONTH})\s*月\s*(?P<cnmd_d>{_CN_DAY})\s*日"
# Taiwan's 民国 years (民國113年6月, 115年1月1日, 111年获…核准): year + 1911. A bare two- or three-digit
# year counts only after 民国, with a month, or right before a verb of record (110年历史 is a duration).
# (今（112）年11月1日起: this year, glossed by its 民国 number; 于110年取得我国药证: a licence obtained that year)
_ROC = (
    r"(?:民国\s*(?P<roc_y>\d{2,3})|(?<![\d.])(?P<roc_ym>1[01]\d)(?=\s*年\s*\d{1,2}\s*月)"
    r"|(?<![\d.])(?P<roc_yv>1[01]\d)(?=年(?:[获核公通起底初取]|度|间))"
    r"|今\s*[（(]\s*(?P<roc_now>1[01]\d)\s*[）)])"
    r"\s*年(?:\s*(?P<roc_m>\d{1,2})\s*月(?:\s*(?P<roc_d>\d{1,2})\s*[日号])?)?"
)
#: A 民国 date in slashes (115/03/12), as Taiwan's market observation post writes its announcements.
_ROC_SLASH = r"(?<![\d./])(?P<rocs_y>1[01]\d)/(?P<rocs_m>0?[1-9]|1[0-2])/(?P<rocs_d>0?[1-9]|[12]\d|3[01])(?![\d/])"
ROC_OFFSET = 1911
_DATE_FORMS = (
    _FULL,
    _YM,
    _YM_NUM,
    _AGO_YM,
    _REL_YM,
    _ROC,
    _ROC_SLASH,
    _MD,
    _CN_MD,
    _Y,
    _CN_YEAR,
    _M,
    _REL_MD,
    _THAT_MONTH_ALONE,
    _TW_DAY,
    _CELL_MD,
    _SLASH_MD,
)
DATE_RE = re.compile("|".join((*_DATE_FORMS, _WEEK_DAY, _REL_WEEKDAY, _DAY, _WORD)))
#: :data:`DATE_RE` as scanned: the same matches, offsets where no date can start skipped at once.
_DATE_SCAN = lead_gated(DATE_RE)
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}

_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_SAME_YEAR = frozenset({"同年", "当年"})
#: The year after the one a text named last (2024年12月获受理，次年1月被纳入…).
_NEXT_YEAR = frozenset({"次年", "翌年"})


def parse_published(value: str | None) -> date | None:
    """Parse a ``YYYY-MM-DD`` publication date.

    Args:
        value: Date string or None.

    Returns:
        The date, or None when absent or malformed.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def month_of(day: date) -> str:
    """The month of a day as YYYY-MM (a publication date used where only its month is meant)."""
    return f"{day.year:04d}-{day.month:02d}"


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str | None:
    """Format a date of the available precision; None if the parts are impossible."""
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat()
        if m is not None:
            return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
        return f"{y:04d}"
    except ValueError:
        return None


def _shifted(d: date, months: int) -> tuple[int, int]:
    """Year and month of ``d`` shifted by whole months."""
    idx = d.year * 12 + d.month - 1 + months
    return idx // 12, idx % 12 + 1


def _month_shift(d: date, months: int) -> str:
    """``YYYY-MM`` of ``d`` shifted by whole months."""
    year, month = _shifted(d, months)
    return f"{year:04d}-{month:02d}"


#: A story's next step counted from the month just told (一个月后，…; 仅仅过了两个月，…).
_MONTHS_LATER_RE = re.compile(
    r"^\W*(?:但是?|而|仅仅|仅|又|再|短短)*(?:过了|时隔|相隔)?\s*(\d{1,2}|[一两二三四五六七八九十]{1,2}|半)\s*个多?月(?:后|之后|以后)?[，,]"
)


def months_after(value: str, text: str) -> str | None:
    """The month a sentence opening with 一个月后 / 过了两个月 points to, counted from ``value`` (YYYY-MM…).

    Returns:
        ``YYYY-MM``, or None when the sentence does not open so or ``value`` names no month.
    """
    m = _MONTHS_LATER_RE.match(text)
    if m is None or len(value) < 7:
        return None
    count = m.group(1)
    months = 0 if count == "半" else int(count) if count.isdigit() else int(cn_number(count) or 0)
    return _month_shift(date(int(value[:4]), int(value[5:7]), 1), months)


_DAYS_LATER_RE = re.compile(
    r"^\W*(?:但是?|而|仅仅|仅|又|再|短短)*(?:(?:过了|时隔|相隔|隔了?)?\s*(\d{1,2}|[一两二三四五六七八九十]{1,2})\s*天(?:后|之后|以后)?"
    # (获批次日，…: the day after the step just told)
    r"|(?:获批|上市|受理|公示|发布)?(次日|翌日|第二天))[，,]"
)


#: A sentence opening with the day before the step just told (就在新规印发前一天，…).
_DAY_BEFORE_RE = re.compile(r"^\W*(?:就在|正是)?[^，,。；]{0,12}?前一(?:天|日)[，,]")


def days_after(value: str, text: str) -> str | None:
    """The day a sentence opening with 仅隔一天 / 两天后 / 次日 points to, counted from ``value`` (YYYY-MM-DD).

    Returns:
        ``YYYY-MM-DD``, or None when the sentence does not open so or ``value`` names no day.
    """
    if len(value) == 10 and _DAY_BEFORE_RE.match(text):
        return (date.fromisoformat(value) - timedelta(days=1)).isoformat()  # 就在新规印发前一天，…
    m = _DAYS_LATER_RE.match(text)
    if m is None or len(value) != 10:
        return None
    count = m.group(1)
    days = 1 if m.group(2) else int(count) if count.isdigit() else int(cn_number(count) or 0)
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def _infer_year(month: int, pub: date) -> int:
    """Year of a yearless month: a month far after publication belongs to last year."""
    return pub.year - 1 if month > pub.month + 1 else pub.year


#: Two dates joined as one list (2020年7月及12月, 3月和5月): the second shares the first's year.
COORDINATED_RE = re.compile(r"\s*(?:及|和|与|、|至|到|-|–)\s*")


def find_dates(
    text: str,
    published: date | None,
    *,
    same_year: int | None = None,
    filed_year: int | None = None,
    same_month: str | None = None,
    period_year: int | None = None,
) -> list[DateMention]:
    """Find and resolve all date expressions in a string.

    Relative forms (今年1月, 去年, 近日, 昨日, 本月, 日前, yearless 6月5日) are resolved against
    ``published``; without it they are skipped. 近日/日前/近期 are vague, so they resolve to the
    publication month only.

    Args:
        text: Normalised (half-width) text.
        published: Publication date of the document.
        same_year: Year that 同年/当年 refer to (the last year named before this text).
        filed_year: Without a publication date, the year of the document's own filing number
            (公告编号：2025-006): a yearless day (3月28日) of an announcement is in that year.
        same_month: The month 同月/当月 refer to before this text names one (the last named before it).
        period_year: The year a review or an annual report covers (2025年细胞治疗盘点, published in January
            2026): its yearless months and days (1月2日) are of that year, not the publication's.

    Returns:
        Date mentions in order of occurrence.
    """
    out: list[DateMention] = []
    named: str | None = same_month  # the last date of this text (or before it) that names a month
    prev_end: int | None = None  # where the previous date expression ended
    for m in _DATE_SCAN.finditer(text):
        if m.group("thatm"):
            shift = 1 if m.group("thatm") in _NEXT_MONTH else 0
            value: str | None = _month_shift(date(int(named[:4]), int(named[5:7]), 1), shift) if named else None
        elif m.group("relm") in _THAT_MONTH and named:
            value = _fmt(int(named[:4]), int(named[5:7]), _day_number(m.group("relm_d")))
        elif (
            named
            and (m.group("m_only") or m.group("md_m"))
            and (published is None or (prev_end is not None and COORDINATED_RE.fullmatch(text, prev_end, m.start())))
        ):
            # No publication date to anchor it, or coordinated with the month just named (2020年7月及12月):
            # a yearless month continues the sentence's story (到2020年1月进入I期，再到12月被纳入…), the
            # next year when it comes before the named month.
            month = int(m.group("m_only") or m.group("md_m"))
            year = int(named[:4]) + (month < int(named[5:7]))
            value = _fmt(year, month, int(m.group("md_d")) if m.group("md_d") else None)
        elif (
            out
            and published is not None
            and (m.group("m_only") or m.group("md_m"))
            and len(out[-1].value) >= 7
            and int(out[-1].value[:4]) < published.year
            and int(m.group("m_only") or m.group("md_m")) > int(out[-1].value[5:7])
            and _STORY_GAP_RE.fullmatch(text, out[-1].end, m.start())
        ):
            # 2024年8月递交上市申请，当年9月获受理，10月被纳入优先审评: a later month in the next clause of an earlier
            # year's story goes on in that year, not the publication's
            month = int(m.group("m_only") or m.group("md_m"))
            value = _fmt(int(out[-1].value[:4]), month, int(m.group("md_d")) if m.group("md_d") else None)
        else:
            # 于2025年8月获受理，同年9月被纳入…: 同年 is the year this text named last, if it named one.
            value = _value(m, published, int(out[-1].value[:4]) if out else same_year, filed_year, period_year)
        if value:
            if out and len(value) > len(out[-1].value) and _GLOSS_GAP_RE.fullmatch(text, out[-1].end, m.start()):
                out.pop()  # 上周五（3月14日）: the bracket glosses the relative day with its date
            out.append(DateMention(m.start(), m.end(), value))
            if len(value) >= 7:
                named = value
        prev_end = m.end()
    return out


#: Between two dates of one story: the rest of a clause and the start of the next (…获药审中心受理，|10月).
_STORY_GAP_RE = re.compile(r"[^。；;，,\n]{0,30}[，,][^。；;，,\n]{0,4}?(?:再到|到|至|并于|又于|于)?")
#: Between a relative day and the date that glosses it (上周|五（|3月14日）, 昨日（23日）).
_GLOSS_GAP_RE = re.compile(r"[一二三四五六日天]?\s*[（(]\s*")


def _value(
    m: re.Match[str], published: date | None, same_year: int | None, filed_year: int | None, period_year: int | None
) -> str | None:
    """Resolve one match of :data:`DATE_RE` (None when it cannot be resolved)."""
    g = m.groupdict()
    value: str | None = None
    if g["y"]:
        value = _fmt(int(g["y"]), int(g["m"] or g["m2"]), int(g["d"] or g["d2"]))
    elif g["ym_y"] or g["ymn_y"]:
        value = _fmt(int(g["ym_y"] or g["ymn_y"]), int(g["ym_m"] or g["ymn_m"]))
    elif g["rel"] in _SAME_YEAR or g["rel"] in _NEXT_YEAR:
        if same_year is None:
            return None
        same_year += g["rel"] in _NEXT_YEAR
        mm = _day_number(g["rel_m"]) if g["rel_m"] else None
        dd = _day_number(g["rel_d"]) if g["rel_d"] else None
        value = _fmt(same_year, mm, dd if mm else None)
    elif g["rel"] and published:
        y = published.year + _REL_YEAR[g["rel"]]
        mm = _day_number(g["rel_m"]) if g["rel_m"] else None
        dd = _day_number(g["rel_d"]) if g["rel_d"] else None
        value = _fmt(y, mm, dd if mm else None)
    elif g["ago"] and published:
        years = int(g["ago"]) if g["ago"].isdigit() else int(cn_number(g["ago"]) or 0)
        value = _fmt(published.year - years, int(g["ago_m"]), int(g["ago_d"]) if g["ago_d"] else None)
    elif (g["md_m"] or g["cell_m"] or g["endcell_m"] or g["sl_m"]) and published:
        mm = int(g["md_m"] or g["cell_m"] or g["endcell_m"] or g["sl_m"])
        day = g["md_d"] or g["cell_d"] or g["endcell_d"] or g["sl_d"] or g["sl_d2"]
        value = _fmt(period_year or _infer_year(mm, published), mm, int(day))
    elif g["md_m"] and filed_year:
        value = _fmt(filed_year, int(g["md_m"]), int(g["md_d"]))
    elif g["rocs_y"]:
        value = _fmt(int(g["rocs_y"]) + ROC_OFFSET, int(g["rocs_m"]), int(g["rocs_d"]))
    elif g["roc_y"] or g["roc_ym"] or g["roc_yv"] or g["roc_now"]:
        year = int(g["roc_y"] or g["roc_ym"] or g["roc_yv"] or g["roc_now"]) + ROC_OFFSET
        value = _fmt(year, int(g["roc_m"]) if g["roc_m"] else None, int(g["roc_d"]) if g["roc_d"] else None)
    elif g["cn_y"]:
        value = _fmt(
            int("".join(_CN_DIGIT[c] for c in g["cn_y"])),
            int(cn_number(g["cn_m"]) or 0) if g["cn_m"] else None,
            _day_number(g["cn_d"]) if g["cn_d"] else None,
        )
    elif g["cnmd_m"] and (published or filed_year):
        mm = int(cn_number(g["cnmd_m"]) or 0)
        cn_year = (period_year or _infer_year(mm, published)) if published else filed_year
        value = _fmt(cn_year, mm, _day_number(g["cnmd_d"])) if cn_year else None
    elif g["y_only"]:
        value = _fmt(int(g["y_only"]))
    elif g["m_only"] and published:
        mm = int(g["m_only"])
        value = _fmt(period_year or _infer_year(mm, published), mm)
    elif g["relm"] and published:
        value = _fmt(*_shifted(published, _REL_MONTH_SHIFT[g["relm"]]), _day_number(g["relm_d"]))
    elif (g["day_only"] or g["day_lead"] or g["day_yu"] or g["tw_day"] or g["wk_day"]) and published:
        day = int(g["day_only"] or g["day_lead"] or g["day_yu"] or g["tw_day"] or g["wk_day"])
        # A day after the publication day is last month's.
        value = _fmt(*_shifted(published, -1 if day > published.day else 0), day)
    elif g["wk_rel"] and published:
        value = _resolve_weekday(g["wk_rel"], g["wk_name"], published)
    elif g["wk_bare"] and published:
        value = _resolve_weekday("本", g["wk_bare"], published) or _resolve_weekday("上", g["wk_bare"], published)
    elif g["word"] and published:
        value = _resolve_word(g["word"], published)
    return value


def _day_number(day: str) -> int:
    """A day (or month) written in figures (10) or Chinese numerals (十)."""
    return int(day) if day.isdigit() else int(cn_number(day) or 0)


_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _resolve_weekday(week: str, name: str, pub: date) -> str | None:
    """The day 上周五 / 本周一 names, weeks starting on Monday; None for a day after publication."""
    monday = pub - timedelta(days=pub.weekday() + (7 if week == "上" else 0))
    day = monday + timedelta(days=_WEEKDAY_INDEX[name])
    return day.isoformat() if day <= pub else None


def _resolve_word(word: str, pub: date) -> str:
    """Resolve a relative date word against the publication date."""
    if word in ("今日", "今天", "今早", "今晨", "今晚"):
        return pub.isoformat()
    if word in ("昨日", "昨天", "昨晚"):
        return (pub - timedelta(days=1)).isoformat()
    if word == "前日":
        return (pub - timedelta(days=2)).isoformat()
    if word in ("上月", "上个月"):
        return _month_shift(pub, -1)
    if word == "今年以来":
        return f"{pub.year:04d}"
    return _month_shift(pub, 0)


def compatible(a: str, b: str, *, max_days: int = 7) -> bool:
    """Tell whether two dates of any precision can denote the same day.

    Args:
        a: Date ``YYYY[-MM[-DD]]``.
        b: Date ``YYYY[-MM[-DD]]``.
        max_days: Tolerance between two full dates (outlets report the day of the notice
            or the day of the press release).

    Returns:
        True when one is a prefix of the other or full dates are within ``max_days``.
    """
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == 10 and len(b) == 10:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= max_days
    return False


#: The text of a date that names its own year (2025年3月, 去年5月, 二〇二五年), unlike 3月5日 or 近日.
_OWN_YEAR_RE = re.compile(r"\d{4}|[今本去前明上同当]年|[一二〇零○][〇零○一二三四五六七八九]{3}")


#: A year named outright (2025年, 二〇二五年): what a later 同年/当年 refers to.
_NAMED_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年|([一二〇零○][〇零○一二三四五六七八九]{3})\s*年")
_NAMED_YEAR_SCAN = lead_gated(_NAMED_YEAR_RE)  # (scanned over whole views: offsets no year starts at skipped)


#: What joins the first and last day of a span (6月12日至15日, 12月6日—9日).
SPAN_JOIN = r"\s*(?:至|到|-|–|—|~|～)\s*"
SPAN_JOIN_RE = re.compile(SPAN_JOIN)
#: What names a meeting (a sentence about one: its span of days, 年会于6月12日至15日举行, is the meeting's).
MEETING_WORD_RE = re.compile(r"年会|大会|会议|论坛|峰会|研讨会|研发日|投资者日|法人说明会|法说会")


def meeting_days_as_month(text: str, found: list[DateMention]) -> list[DateMention]:
    """A meeting's span of days in one month read as that month: what was told at it happened on a day untold.

    Args:
        text: The sentence the mentions were found in.
        found: Its date mentions, offsets relative to ``text``.

    Returns:
        The mentions, each span of days of a meeting (6月12日至15日) replaced by one month mention.
    """
    if len(found) < 2 or MEETING_WORD_RE.search(text) is None:
        return found
    out: list[DateMention] = []
    for mention in found:
        last = out[-1] if out else None
        if (
            last is not None
            and len(last.value) == len(mention.value) == 10
            and last.value[:7] == mention.value[:7]
            and last.value < mention.value
            and SPAN_JOIN_RE.fullmatch(text, last.end, mention.start)
        ):
            out[-1] = DateMention(last.start, mention.end, last.value[:7])
        else:
            out.append(mention)
    return out


class DateIndex:
    """The dates of one field, each span resolved at most once, looked up by position.

    Event rules ask for the dates of a sentence, of a labelled paragraph or of a signature line;
    the index resolves a span the first time it is asked for and keeps the result, so a document's
    dates are parsed once however many rules look at them. Spans no rule asks for (most of a
    long page) are never parsed. 同年/当年 refer to the last year named outright before the span.
    """

    __slots__ = ("_cache", "_filed_year", "_period_year", "_published", "_sentences", "_years", "text")

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        published: date | None,
        filed_year: int | None = None,
        period_year: int | None = None,
    ) -> None:
        """Index a field.

        Args:
            text: The field's analysis view.
            sentences: Sentence spans, in order.
            published: Publication date anchoring relative dates.
            filed_year: The year of the document's filing number, for yearless days of an undated page.
            period_year: The year a review or an annual report covers, for its yearless days.
        """
        self.text = text
        self._sentences = tuple(sentences)
        self._published = published
        self._filed_year = filed_year
        self._period_year = period_year
        self._cache: dict[tuple[int, int], list[DateMention]] = {}
        self._years: list[tuple[int, int]] | None = None  # (offset, year) of years named outright

    def _year_before(self, pos: int) -> int | None:
        if self._years is None:
            self._years = [
                (m.start(), int(m.group(1) or "".join(_CN_DIGIT[c] for c in m.group(2))))
                for m in _NAMED_YEAR_SCAN.finditer(self.text)
            ]
        return next((y for at, y in reversed(self._years) if at < pos), None)

    def _month_before(self, pos: int) -> str | None:
        """The last month a sentence before ``pos`` named (for 同月下旬 in a later sentence)."""
        before = [m.value for s, e in self._sentences if e <= pos for m in self._resolved(s, e) if len(m.value) >= 7]
        return before[-1] if before else None

    def _resolved(self, start: int, end: int) -> list[DateMention]:
        """The mentions of ``[start, end)`` with field offsets (resolved on first use)."""
        found = self._cache.get((start, end))
        if found is None:
            sentence = self.text[start:end]
            found = [
                DateMention(d.start + start, d.end + start, d.value)
                for d in meeting_days_as_month(
                    sentence,
                    find_dates(
                        sentence,
                        self._published,
                        same_year=self._year_before(start),
                        filed_year=self._filed_year,
                        period_year=self._period_year,
                        same_month=(
                            self._month_before(start) if _THAT_MONTH_WORD_RE.search(self.text, start, end) else None
                        ),
                    ),
                )
            ]
            self._cache[(start, end)] = found
        return found

    def within(self, start: int, end: int) -> list[DateMention]:
        """The mentions inside ``[start, end)``, with offsets relative to ``start``."""
        return [DateMention(m.start - start, m.end - start, m.value) for m in self._resolved(start, end)]

    @property
    def mentions(self) -> list[DateMention]:
        """Every mention of the field's sentences, with field offsets, in text order."""
        return [m for s, e in self._sentences for m in self._resolved(s, e)]

    def mentions_of(self, keep: Callable[[int, int], bool]) -> list[DateMention]:
        """The mentions of the sentences ``keep(start, end)`` accepts, as :attr:`mentions` (others left unparsed)."""
        return [m for s, e in self._sentences if keep(s, e) for m in self._resolved(s, e)]

    def has_own_year(self, start: int, end: int) -> bool:
        """True when a mention inside ``[start, end)`` names its own year (2025年3月, not 3月)."""
        return any(_OWN_YEAR_RE.match(self.text, m.start) for m in self._resolved(start, end))


def index_dates(
    text: str,
    sentences: Sequence[tuple[int, int]],
    published: date | None,
    filed_year: int | None = None,
    period_year: int | None = None,
) -> DateIndex:
    """The date index of one field (see :class:`DateIndex`).

    Args:
        text: The field's analysis view.
        sentences: Sentence spans, in order.
        published: Publication date anchoring relative dates.
        filed_year: The year of the document's own filing number (公告编号：2025-006), used only
            when there is no publication date.
        period_year: The year a review or an annual report covers (see :func:`find_dates`).

    Returns:
        The index.
    """
    return DateIndex(text, sentences, published, filed_year, period_year)
