"""The date an event takes: its trigger's own, a sentence's lead, the context's, a notice's signature, the page's.

A document's dates are resolved once (:func:`transforms.dates.index_dates`); these rules choose
among them per trigger, and find the document-wide dates (a notice's signature, a report's
release, a meeting's days) that events without a date of their own fall back to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from transforms.dates import COORDINATED_RE, DateIndex, DateMention, compatible, month_of
from transforms.event_context import DocumentFacts, FieldContext, SentenceContext
from transforms.regex_gate import GatedPattern
from transforms.rules import (
    DRUG_EVENTS,
    FIRST_APPROVED_OF_KIND_RE,
    FIRST_CASE_RE,
    ISSUED_HERE_RE,
    RESTATEMENT_RE,
    Trigger,
    clause_end,
    clause_start,
)

#: An outcome seen some time after the treatment (输注后第28天, 随访3个月后, 经过3个月的随访).
_LATER_OUTCOME_RE = re.compile(r"后第?[\d一二两三四五六七八九十]+(?:天|周|个?月|年)|随访")
#: A cohort, not one patient: a count, a median, all or most of the patients, a study's results made public.
#: (患者中67%达到…, 80%的患者…: a share of a cohort)
_COHORT_RE = re.compile(
    r"[\d一二两三四五六七八九十]+\s*[例名位]|中位|(?:全部|所有|多数)(?:的)?患者|公布|披露|发表"
    r"|患者中\s*[\d一二两三四五六七八九十]|[\d.]+\s*[%％]\s*的?患者"
)
#: The day a notice was signed, told in words (文件落款日期为10月27日, 成文日期：2025年3月1日).
#: (…，李强于9月28日签署国务院令予以公布: the day before 签署 is the signing's)
_SIGNED_ON_RE = re.compile(
    r"(?:落款|成文|签发|签署)(?:日期|时间)\s*(?:为|是|[:：])?\s*|于[^。；，]{2,14}?签署|(?<=[，,])[^。；，]{2,12}?由[^。；，]{1,12}?签署"
)
#: The day an application was accepted, labelled in the sentence (受理日期为2025年8月1日).
_ACCEPTANCE_DAY_RE = re.compile(r"(?:受理|承办)(?:日期|时间)\s*(?:为|是|[:：])?\s*")
#: A designation's notice period (公示期为2025年7月8日至7月15日): the proposal is made public on its first day.
_NOTICE_PERIOD_RE = re.compile(r"公示期(?:为|是|自|[:：])?\s*(?:从)?\s*")
#: The label that gives an event type's own day wherever the sentence puts it.
_LABELLED_DAY_RE = {
    "policy_issued": _SIGNED_ON_RE,
    "nda_accepted": _ACCEPTANCE_DAY_RE,
    "ind_accepted": _ACCEPTANCE_DAY_RE,
    "priority_review": _NOTICE_PERIOD_RE,
    "breakthrough_therapy": _NOTICE_PERIOD_RE,
}
#: When a law takes effect (自2025年5月1日起施行) is not when it was issued.
EFFECTIVE_AFTER_RE = re.compile(r"\s*(?:起)?(?:在[^，。；|｜]{1,12}?)?\s*(?:正式)?(?:施行|实施|生效)")
_PASSED_AFTER_RE = re.compile(
    # (已经2025年9月12日国务院第68次常务会议通过: the day it was passed, 经 before the date)
    r"[^，。；]{0,4}?经?[^，。；]{0,24}?(?:会议(?:审议)?|三读|二读|表决)通过(?!并(?:由[^，。；]{1,8}?)?(?:予以)?(?:公布|发布|颁布))"
)
#: (…经省人大常委会会议表决通过，省人大常委会当日发布公告予以公布: passed and promulgated the same day)
_PROMULGATED_WHEN_PASSED_RE = re.compile(
    r"(?:人民代表大会|人大)常(?:务委员|委)会[^。；]{0,30}?通过[，,]\s*(?:现予公布|[^。；]{0,16}?当日[^。；]{0,16}?予以公布)"
)
ISSUING_VERB_RE = re.compile(r"公布|印发|发布|颁布|签署")
#: A wire report of a listed company's announcement (石药集团(01093.HK)公布，…已获批准): told the day it is
#: announced, so a milestone it does not date is dated by the report's day, not its month.
_WIRE_ANNOUNCEMENT_RE = re.compile(
    r"^[^，,。；]{2,30}?[（(][^（）()]{0,12}\.(?:HK|SH|SZ|BJ|TW)[）)]\s*(?:公布|宣布|公告)"
)
#: A date followed by an approval (于2010年在美国获批的疫苗): the approval's date, not a readout's.
_APPROVAL_AFTER_RE = re.compile(r"[^，,。；;]{0,10}?(?:获批|批准|上市)")
#: The time a patient entered a study (当年入组的首位患者…至今已无病生存): not when the outcome was seen.
_ENROLLED_AFTER_RE = re.compile(r"[^，,。；;]{0,4}?入组的")
#: A date labelled as another step's (I期（IND获批：2025年4月）, NDA已受理（2025年9月）) in a row of readout figures.
_STEP_LABEL_BEFORE_RE = re.compile(r"(?:获批|受理|批准|许可|IND|NDA|BLA)\s*(?:时间|日期)?\s*[：:（(]\s*$")
#: Words that date a whole report vaguely (近日公告…): they date every event of their sentence alike.
VAGUE_DATE_RE = re.compile(r"近日|日前|近期|日内|不久前|前不久|刚刚")
#: The day a reporter learned the news (昨天从省卫健委获悉, 今日从公司了解到).
_LEARNED_AFTER_RE = re.compile(r"\s*(?:从|自|向)[^，,。；;]{1,20}?(?:获悉|了解到|得知|证实)")


def learned_day(text: str, end: int, stop: int) -> bool:
    """Whether the date ending at ``end`` is only the day the press learned of a step told as 近日 before ``stop``.

    (记者昨天从省卫健委获悉，…近日完成国家备案: the step's time is 近日, the publication month.)
    """
    return _LEARNED_AFTER_RE.match(text, end) is not None and VAGUE_DATE_RE.search(text, end, stop) is not None


#: Events a document states itself (a policy it publishes, a forecast it quotes): undated, they take its day.
_STATED_ON_PUBLICATION = frozenset({"policy_issued", "market_forecast"})
#: A sentence that looks ahead (a forecast rather than a statistic).
_FORWARD_RE = re.compile(r"预计|预测|预期|将|有望|可望|未来|到\d{4}年|至\d{4}年")
#: A line that is only a date: the signature date of a notice or announcement.
#: (香港，2025年5月28日: a Hong Kong announcement's place and date)
_SIGNATURE_DATE_RE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{2,4}[，,]\s*)?((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$", re.M
)
#: The words by which a company announces a step (董事会欣然宣布…已获受理, 公司收到…通知书).
_ANNOUNCING_RE = re.compile(r"宣布|公告|获悉|收到")
#: A day that dates an announcement (昨日宣布, 3月5日晚间公告), and a step's own day (已于3月2日).
#: A review's target day (PDUFA日期为…, 审评目标日期在…): when a decision is due, not a step taken.
_TARGET_DAY_BEFORE_RE = re.compile(
    r"(?:PDUFA|审评目标|目标)(?:日期|日)?[^，。；]{0,4}?(?:为|是|在|定于)?\s*(?:当年|今年|明年)?\s*$"
)
_ANNOUNCED_ON_RE = re.compile(r"\s*(?:晚间|晚|上午|下午)?(?:宣布|公告|披露|发布公告|公布)")
_DONE_ON_RE = re.compile(r"已?于\s*(?:[\u4e00-\u9fff]{0,4}时间)?\s*$")  # (于美国当地时间12月7日)
#: A wire story's dateline (东方财富网12月19日讯, 新华社北京9月2日电, 杭州2025年12月8日 /美通社/): the report's day.
_WIRE_DATELINE_AFTER_RE = re.compile(r"\s*(?:讯|电(?![子脑池视话])|/\s*[^/\s]{2,8}\s*/)")
#: A government page's header field for the day a document was signed (成文日期：2025年09月28日).
#: Taiwan's market observation post: the day of the fact an announcement reports (1.事实发生日：115/03/12).
_FACT_DAY_FIELD_RE = re.compile(
    r"事实发生日(?:期)?\s*[:：]\s*(1[01]\d/\d{1,2}/\d{1,2}|(?:19|20)\d{2}\s*[/年-]\s*\d{1,2}\s*[/月-]\s*\d{1,2}\s*日?)"
)
_SIGNED_FIELD_RE = re.compile(
    r"成文(?:日期|时间)\s*[:：]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    # (国务院令落款日期为2025年9月28日: the signature told in running text)
    r"|(?:落款|成文|签发)(?:日期|时间)\s*(?:为|是)\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)|"
    + _FACT_DAY_FIELD_RE.pattern
)
#: The report a page retells, with its date (出自华创证券于2025年5月29日发布的报告).
_REPORT_SOURCE_DATE_RE = re.compile(
    r"(?:出自|来自|源自|摘自|引自)[^。\n]{0,20}?于\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*发布的[^。\n]{0,6}报告"
)
#: A report released on a named day (1月15日，某咨询发布《…白皮书》): the day its forecasts were stated.
_REPORT_RELEASED_RE = re.compile(
    r"((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]?\s*[^。\n；]{0,30}?(?:发布|公布|发表)了?"
    r"[^。\n；]{0,6}《[^《》]{1,60}(?:报告|白皮书|蓝皮书)(?:[（(][^）)]{1,10}[）)])?》"
)
#: A research report's cover: a line that is only its month or day, near the top (西南证券研究发展中心\n2023年6月).
_COVER_DATE_RE = re.compile(r"^\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*$", re.M)
_COVER_CHARS = 400
#: An investor-relations record's time line (时间：2025年12月8日15:00—16:30): the day its answers were given.
_IR_RECORD_TIME_RE = re.compile(r"^(?:活动)?时间\s*[:：]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)", re.M)
#: A signature date run on after the closing formula when a page lost its line breaks (…请遵照执行。2015年7月31日).
_CLOSING_DATE_RE = re.compile(
    r"(?:特此(?:通知|公告|通告|函告)|请(?:认真)?遵照执行|请认真贯彻(?:执行|落实))[。.]?\s*"
    r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
HEDGE_RE = re.compile(
    r"拟(?!用于|定|开发用于|优先审评|突破性治疗)|计划(?!生育)|有望|或将|将于|将在|争取|力争|即将|准备|期待|可能|预计|预测"
    r"|希望|期望|盼望"  # (“我们希望X成为首个获批用于…的干细胞药物”: a wish)
    r"|即便|即使|就算|哪怕|纵使|假如|倘若|一旦"  # (即便X年内顺利获批，也将面对…: a supposition)
    r"|(?<!达到)(?<!符合)(?<![达超])预期"  # but a result that met them (安全性和有效性均达到预期) is told
    r"|将(?:公布|更新|披露|发布|展示|公开|亮相)"  # a conference preview: 将更新…长期随访数据
    r"|看点|值得期待|值得关注"  # 下半年还有不少看点：X的审评结果、更多新适应症的获批
    r"|视乎|取决于|(?:将|再)视"  # 相关适应症将视乎临床数据再作规划: a plan that waits on data
    r"|早日|尽早"  # 推动该适应症早日获批: a hope
    r"|最快(?![的速])"  # 最快今年内纳入: the earliest hoped
)
#: A row led by its date (2026年9月\t获得…, 2024年10月　被纳入…).
_ROW_LEAD_DATE_RE = re.compile(r"\s*(?:19|20)\d{2}\s*年[^\n，。；]{0,8}?[ \t　]")
#: (not a data cutoff's, 数据截止日期：2025年7月31日: it dates no readout of its paragraph)
_DATE_LABEL_RE = re.compile(r"(?<!截止)(?<!截止日)(?:日期|时间)\s*[:：]?\s*$")
#: A sentence opening with a relative day glossed by its date (上周五（3月14日），…), or an interview's answer
#: that opens with its date (答：本月初，…): the date leads it.
_GLOSSED_LEAD_RE = re.compile(
    r"\s*[^，,。；\s]{1,4}[（(]\s*|\s*[答A]\s*[:：]\s*"
    r"|\s*[^，,。；:：\s\d]{2,12}[:：]\s*"  # a heading before its dated lead (回顾审批历程：去年12月，…)
    # a news story's byline before its dated lead (深圳特区报讯（记者 许蕾）3月6日，…; 【某报】3月6日，…)
    r"|\s*(?:[^，,。；\s]{1,12}讯|【[^】\n]{1,14}】)\s*(?:[（(][^（）()\n]{0,20}[）)])?\s*"
)
#: A date that dates an earlier step told as the subject's attribute (2025年6月23日受理的X…, 去年提交的申请).
_ATTRIBUTIVE_STEP_AFTER_RE = re.compile(r"\s*(?:受理|提交|递交|申报|获批|批准|承办)的")
_UNDATED_BACKGROUND_RE = re.compile(
    r"此前|先前|早前|早先|较早|更早|早已|之前已|在此之前|前期已?|(?<!截至)目前(?!进行中)|迄今|曾经?|此后|其后|随后|后来|后不久|已?先后"
    r"|(?:数|几|多)年前"  # (已于数年前取得…药品许可证: a step long past, of no year told)
    r"|距离?(?:它|其|该)"  # (距离它拿到“准生证”过去了154天: the time since a step, the step's own time untold)
    r"|公告所披露"  # (诚如本公司日期为…的公告所披露，X已获批准: disclosed before, at a time not told)
)
#: A government document number: 发改体改〔2023〕1786号, 国办发[2024]12号.
_DOCUMENT_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]((?:19|20)\d{2})[〕\]］)）]\s*(?:第\s*)?\d{1,5}\s*号")
#: What a date right before it dates when a first use is told after it: the licence (…去年11月取得药证后的首例).
_LICENSED_THEN_AFTER_RE = re.compile(
    r"\s*(?:获[^。；，,]{0,8}?批准|获批|批准|取得[^。；，,]{0,8}?(?:药证|许可|注册)|上市)[^。；，,]{0,6}?(?:后|以来)"
)
#: Words that tell a step (获得IND, 获批, 受理, 完成).
_STEP_WORD_RE = re.compile(r"获|批|受理|纳入|完成|开展|启动|上市|备案|发布|印发")
#: A sentence opening by looking back, with no time of its own (回顾国内发展，…; 追溯过往：…).
_LOOKING_BACK_LEAD_RE = re.compile(r"\s*(?:回顾|回溯|回望|追溯)[^，,。：:\d年]{0,12}[，,：:]")
#: A listed company's announcement number: 公告编号：2025-006, 公告编号：临2025-012.
_FILING_NUMBER_RE = re.compile(r"公告编号\s*[:：]\s*(?:临)?\s*((?:19|20)\d{2})\s*[-－—]\s*\d{1,4}")
_PERFECT_BEFORE_RE = re.compile(r"已(?:有[^。；，]{1,12}?)?(?:在[^。；，]{1,8}?)?$")
AFTER_REFERENCE_RE = re.compile(r"继[^。；;]{1,40}?(?:之后|以后|后)")


def filing_year(fields: Sequence[FieldContext], published: date | None) -> int | None:
    """The year of an undated announcement's own number (公告编号：2025-006), which dates its yearless days."""
    if published is not None:
        return None
    for ctx in fields:
        m = _FILING_NUMBER_RE.search(ctx.view)
        if m:
            return int(m.group(1))
    return None


#: A page that reviews a past year (2025年细胞治疗盘点, 2024年年度报告, 截至2024年12月31日止年度之业绩公告).
_PERIOD_TITLE_RE = re.compile(
    # (2024年中国细胞与基因治疗十件大事, 盘点｜2024年…: a review named before or after its year)
    r"((?:19|20)\d{2})\s*年?(?:度)?[^。，,]{0,16}?(?:盘点|回顾|年终|总结|大事记|复盘|年度报告|年报|年度业绩|[十\d]+(?:件|大)大?事)"
    r"|截至((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日止年度"
    r"|(?:盘点|回顾|复盘|年终)\s*[｜|:：]?\s*((?:19|20)\d{2})\s*年"
)
#: A body that opens by looking back on a year (回望2025年，干细胞领域的关键词是…).
_PERIOD_LEAD_RE = re.compile(r"\s*(?:回望|回顾|盘点|复盘)\s*((?:19|20)\d{2})\s*年")


def period_year(fields: Sequence[FieldContext], published: date | None) -> int | None:
    """The past year a review or annual report published early in the next year covers, if its title or lead names it.

    Its yearless days (产品层面：1月2日，X获批…) are of that year, not the publication's.
    """
    if published is None or published.month > 4:
        return None
    for ctx in fields:
        m = _PERIOD_TITLE_RE.search(ctx.view) if ctx.field == "title" else _PERIOD_LEAD_RE.match(ctx.view)
        if m and int(next(g for g in m.groups() if g)) == published.year - 1:
            return published.year - 1
    return None


def document_number_year(fields: Sequence[FieldContext]) -> str | None:
    """The year in a notice's document number: the year it was issued when the page gives no date."""
    for ctx in fields:
        for m in _DOCUMENT_NUMBER_SCAN.finditer(ctx.view):
            # 《…办法》（国卫科教发〔2015〕48号） cites another document's number
            if "》" not in ctx.view[max(0, m.start() - 2) : m.start()]:
                return m.group(1)
    return None


def report_date(fields: Sequence[FieldContext], doc: DocumentFacts) -> str | None:
    """The date of the report an undated page retells: named as its source, or on a line of its cover."""
    found = body_date(
        fields,
        doc,
        lambda view: (
            _REPORT_SOURCE_DATE_RE.search(view)
            or _REPORT_RELEASED_SCAN.search(view)
            or _COVER_DATE_RE.search(view, 0, _COVER_CHARS)
            or (_IR_RECORD_TIME_RE.search(view, 0, _COVER_CHARS) if "投资者关系活动" in view else None)
        ),
    )
    return found if found and len(found) >= 7 else None


def signature_date(fields: Sequence[FieldContext], doc: DocumentFacts) -> str | None:
    """A notice's signature date: a date on a line of its own, or right after the closing formula."""
    return body_date(
        fields,
        doc,
        lambda view: (
            _SIGNED_FIELD_SCAN.search(view) or _SIGNATURE_DATE_RE.search(view) or _CLOSING_DATE_RE.search(view)
        ),
    )


def fact_day(fields: Sequence[FieldContext], doc: DocumentFacts) -> str | None:
    """The day of the fact a Taiwan material-information announcement reports (事实发生日), if it has one."""
    return body_date(fields, doc, _FACT_DAY_FIELD_RE.search)


#: An announcement's subject that is a trial's results (主旨：公告本公司HT-305第II期临床试验解盲结果).
_RESULTS_SUBJECT_RE = re.compile(r"(?:^|\n)\s*主旨\s*[:：\t]?[^\n]*?(?:解盲|结果|数据)")


def reports_results(fields: Sequence[FieldContext]) -> bool:
    """True when a material-information announcement's subject (主旨) is a trial's results."""
    return any(_RESULTS_SUBJECT_RE.search(ctx.view) for ctx in fields if ctx.field == "text")


def body_date(
    fields: Sequence[FieldContext], doc: DocumentFacts, find: Callable[[str], re.Match[str] | None]
) -> str | None:
    """The first date inside the first group that took part in what ``find`` locates in the body text, if any."""
    for ctx in fields:
        if ctx.field != "text":
            continue
        m = find(ctx.view)
        if m:
            group = next((i for i in range(1, m.re.groups + 1) if m.group(i) is not None), 0)
            found = doc.dates[ctx.field].within(*m.span(group))
            if found:
                return found[0].value
    return None


def paragraph_dates(index: DateIndex) -> list[tuple[int, int, str]]:
    """Labelled dates of each paragraph as (paragraph_start, offset, value)."""
    out: list[tuple[int, int, str]] = []
    view = index.text
    if "日期" not in view and "时间" not in view:
        return out  # no label anywhere (_DATE_LABEL_RE): spare resolving every date of the field

    def labelled(start: int, end: int) -> bool:
        # A date's label stands before it on its line, with only a colon or spaces between (so never past a
        # sentence end): a sentence whose line holds no label up to its end has no labelled date to resolve.
        line = view.rfind("\n", 0, start) + 1
        return view.find("日期", line, end) >= 0 or view.find("时间", line, end) >= 0

    for d in index.mentions_of(labelled):
        line = view.rfind("\n", 0, d.start) + 1
        # Only absolute dates: 近日 in one sentence says nothing about the next.
        # Only labelled dates (承办日期：…, 批准时间：…): a date in another sentence of running
        # prose belongs to that sentence's event.
        if re.match(r"\d{4}|\d{1,2}\s*月", view[d.start : d.end]) and _DATE_LABEL_RE.search(view[line : d.start]):
            out.append((line, d.start, d.value))
    return out


def nearest_paragraph_date(para_dates: Sequence[tuple[int, int, str]], para: int, s: int, e: int) -> str | None:
    """A date stated elsewhere in the sentence's own paragraph (record-style text: 承办日期：…).

    Args:
        para_dates: ``(paragraph_start, offset, value)`` of the field's absolute dates.
        para: Start offset of the paragraph that holds the sentence.
        s: Sentence start.
        e: Sentence end.
    """
    candidates = [(abs(off - s), value) for p_start, off, value in para_dates if p_start == para and not s <= off < e]
    return min(candidates)[1] if candidates else None


#: Steps that are reported once taken: none of them can be dated after the page that reports it.
_DONE_STEPS = DRUG_EVENTS | {"research_filing", "financing"}


def after_publication(value: str, published: date) -> bool:
    """Whether a date of any precision (YYYY, YYYY-MM, YYYY-MM-DD) lies wholly after the publication day."""
    return value > published.isoformat()[: len(value)]


def event_date(
    rule: Trigger, trig: int, window: tuple[int, int], sent: SentenceContext, doc: DocumentFacts, plain: str
) -> tuple[str | None, bool] | None:
    """The date a row takes for its trigger: (date, came from a fallback), or None to drop the event.

    The trigger's own dates come first (the last before it in its clause scope, else the first
    after); then a leading date of the sentence, the context date (同日, the paragraph's label),
    a notice's signature for policies, and last the publication month.
    """
    scope, until = window
    dates = [d for d in sent.dates if scope <= d.start < until]
    if sent.text.startswith("处于", trig):
        # …上市申请获得受理，目前正处于优先审评阶段: a status told now; only its own clause could date it
        return next((d.value for d in dates if d.start >= clause_start(sent.text, trig)), None), False
    # 继X在2023-2024年获得IND后，已完成I期试验…: the reference point's date is not the event's.
    references = [m.span() for m in AFTER_REFERENCE_RE.finditer(sent.text)]

    # (这是继2018年我院成为…备案机构之后…: a step told inside the reference is dated there; a reference that names
    # only the products of the sentence and no step of its own dates the step told after it for them: 这是继2023年11月
    # X之后，国内第二款获批的…产品, but not 继X在2023年获得IND后，…完成了I期临床试验)
    drugs_at = [x.start - sent.start for x in sent.entities if x.type == "drug"] if references else []

    def stepless_about_them(a: int, b: int) -> bool:
        return bool(drugs_at) and all(a <= at < b for at in drugs_at) and not _STEP_WORD_RE.search(sent.text, a, b)

    def referenced(d: DateMention) -> bool:
        return any(a <= d.start < b and not a <= trig < b and not stepless_about_them(a, b) for a, b in references)

    # (…并授予优先审评资格，PDUFA日期原定为当年11月29日: a review's target day, not a step taken)
    dates = [d for d in dates if not referenced(d) and not _TARGET_DAY_BEFORE_RE.search(sent.text, 0, d.start)]
    if rule.type == "first_prescription":
        # (…完成X回输，为该药去年11月取得药证后的首例商业治疗个案: the licence's month dates the licence, not the use)
        dates = [d for d in dates if not _LICENSED_THEN_AFTER_RE.match(sent.text, d.end)]
    if rule.type in _DONE_STEPS and doc.published is not None:
        # 这项研究将于12月7日以口头报告形式亮相: a day still to come dates no step already taken.
        done = [d for d in dates if not after_publication(d.value, doc.published)]
        if dates and not done and _ROW_LEAD_DATE_RE.match(sent.text):
            return None  # （三）后续计划\n2026年9月　获得临床试验默示许可: a planned step, told in a row of its own
        dates = done
    labelled = _LABELLED_DAY_RE.get(rule.type)
    if labelled is not None and (label := labelled.search(sent.text)):
        # 日前…印发《X》，文件落款日期为10月27日; …获得受理，受理日期为2025年8月1日: the date the sentence
        # labels as the step's, wherever it stands
        on = [d for d in dates if label.start() <= d.start < label.end() + 2]
        if on:
            return on[0].value, False
    if rule.type == "policy_issued":
        # …印发《X》，自2025年5月1日起施行: the effective date is not the promulgation date (unless it
        # is the only date: the sentence then reports the taking effect itself).
        # (…已于2025年9月12日经国务院常务会议通过: the day it was passed, not issued)
        # (…经湖南省人大常委会第十七次会议通过，现予公布: a legislature's announcement promulgates the act the day
        # it is passed; the State Council's 常务会议 passes a regulation before the premier signs it)
        passed_is_issued = _PROMULGATED_WHEN_PASSED_RE.search(sent.text) is not None
        issuing = [
            d
            for d in dates
            if not EFFECTIVE_AFTER_RE.match(sent.text, d.end)
            and (passed_is_issued or not _PASSED_AFTER_RE.match(sent.text, d.end))
        ]
        # (《X》公布 明年5月1日起施行: a sentence that tells the issuing too leaves it undated)
        dates = issuing if issuing or ISSUING_VERB_RE.search(sent.text) else dates
        if doc.signature and dates and all(VAGUE_DATE_RE.match(sent.text, d.start) for d in dates):
            dates = []  # 日前签署…公布《X》 on a page that gives the decree's signature day: that day, not the month
    if rule.type == "clinical_result":
        dates = [
            d
            for d in dates
            if not _APPROVAL_AFTER_RE.match(sent.text, d.end)
            and not _ENROLLED_AFTER_RE.match(sent.text, d.end)
            and not _STEP_LABEL_BEFORE_RE.search(sent.text, max(0, d.start - 10), d.start)
        ]
    if rule.date == "statement":
        return _statement_date(sent, dates, trig, doc)
    # …获得突破性治疗认定，预计将在2022年上半年提交上市申请: a later clause's plan dates no past step.
    dates = [
        d for d in dates if d.start <= trig or not HEDGE_RE.search(sent.text, clause_start(sent.text, d.start), d.start)
    ]
    # A policy or forecast undated in its sentence is the document's own statement, made the day it is
    # dated; a drug milestone without a date happened some time before the report (its month).
    vague = (
        rule.type not in _STATED_ON_PUBLICATION and not _WIRE_ANNOUNCEMENT_RE.match(sent.text)
    ) or VAGUE_DATE_RE.search(sent.text) is not None
    if len(dates) > 1 and rule.type in DRUG_EVENTS:
        # 和泰生物昨日宣布，X的首张处方已于3月2日开出: the day of the announcement is not the step's own
        announced = [d for d in dates if _ANNOUNCED_ON_RE.match(sent.text, d.end)]
        if announced and any(d not in announced and _DONE_ON_RE.search(sent.text, 0, d.start) for d in dates):
            dates = [d for d in dates if d not in announced]
        # 东方财富网12月19日讯 …首张处方于12月18日在…开出: the dateline is the report's day, the step has its own
        wire = [d for d in dates if d.start < 20 and _WIRE_DATELINE_AFTER_RE.match(sent.text, d.end)]
        if wire and len(wire) < len(dates):
            dates = [d for d in dates if d not in wire]
    own_start, own_end = clause_start(sent.text, trig), clause_end(sent.text, trig)
    if (
        rule.type in DRUG_EVENTS - {"clinical_result"}  # (2025年8月，…患者目前病情控制稳定: a state now, dated)
        and not any(own_start <= d.start < own_end for d in dates)
        and (
            _UNDATED_BACKGROUND_RE.search(plain, own_start, trig)
            # (回顾国内发展，X在台上市后，…完成国内首例…的个案: a look back that tells no time at all)
            or (not sent.dates and _LOOKING_BACK_LEAD_RE.match(plain))
        )
    ):
        return None, True  # 该产品此前已获…默示许可，2024年在…完成了Ⅰ期入组: the next clause's year is not its
    value, fallback = _pick_date(dates, trig, doc.published, vague, sent.text)
    if (
        fallback
        and rule.type == "drug_approval"
        and not VAGUE_DATE_RE.search(sent.text)
        and _PERFECT_BEFORE_RE.search(plain, own_start, trig)
    ):
        return None, True  # 第二款CAR-T已在台湾取得药证: a licence held now, at a time not told
    if fallback and (rule.date == "background" or _called_first_of_its_kind(rule, trig, sent.text)):
        return None, True  # 该药…是我国首个获批上市的干细胞药品: an earlier step retold, at a time not told
    if (
        fallback
        and sent.dates
        and (sent.dates[0].start <= 1 or _GLOSSED_LEAD_RE.fullmatch(sent.text, 0, sent.dates[0].start))
        and not (rule.type == "clinical_result" and _ENROLLED_AFTER_RE.match(sent.text, sent.dates[0].end))
        and not _ATTRIBUTIVE_STEP_AFTER_RE.match(sent.text, sent.dates[0].end)
    ):
        # "6月5日，…开具了…处方，这是该药今年1月获批后的首张处方": a leading date governs the
        # sentence's events that have none of their own.
        value, fallback = sent.dates[0].value, False
    if (
        fallback
        and (rule.type in DRUG_EVENTS or rule.type == "research_filing")
        and any(
            (d.start < scope or d.start >= until) and not VAGUE_DATE_RE.match(sent.text, d.start) and not referenced(d)
            for d in sent.dates
        )
    ):
        # 上市申请于2024年12月获得受理，并被纳入优先审评 (or 被纳入优先审评，于2025年5月获批): the sentence's dates are
        # another step's; this one happened at a time the text does not say, unless its clause restates the
        # step the sentence before told (上周五…回输了X。…今年9月获批…，这是其上市后的首例商业化治疗).
        # (这是该药4月获批上市后，全国首例接受商业化输注的患者: the sentence opens on the restatement)
        restated = (
            RESTATEMENT_RE.match(sent.text[clause_start(sent.text, trig) :]) is not None
            or RESTATEMENT_RE.match(sent.text) is not None
        )
        if restated and sent.context_date:
            return sent.context_date, False
        if restated and doc.published is not None and rule.type == "first_prescription":
            # (近日…输注了X。这是该药4月10日获批上市后…的首例商业化给药: the use before, told without a day, happened
            # some time before the report, like any undated milestone; an approval named on the way, 这是首例获批
            # 上市CAR-T产品的商业化治疗, is not restated)
            return month_of(doc.published), True
        return None, False
    if (
        fallback
        and (rule.type in DRUG_EVENTS or rule.type == "research_filing")
        and (
            _UNDATED_BACKGROUND_RE.search(plain[:trig])
            # (所用药物为Kymriah，该药已获注册作治疗用途: Hong Kong's registration, long before the report)
            or (plain.startswith("获注册", trig) and plain[trig - 1 : trig] == "已")
        )
    ):
        # 此前已获得默示许可用于…: an earlier step the text does not date; the paragraph's date is not its.
        return None, True
    if (
        fallback
        and sent.context_date
        and not (
            rule.type == "clinical_result" and _LATER_OUTCOME_RE.search(sent.text) and not _COHORT_RE.search(sent.text)
        )
    ):
        # (患者输注后第28天复查…: one patient's outcome some time after the day told before; a study's
        # cohort at its follow-up, 9例患者…, is reported on the study's day)
        value, fallback = sent.context_date, False
    if fallback and rule.name == "first_prescription" and FIRST_CASE_RE.search(sent.text):
        # 健保给付的第一例CAR-T治疗病例也在某医院: a first case the page recalls without a time is undated.
        return None, False
    if fallback and rule.type == "clinical_result" and not VAGUE_DATE_RE.search(sent.text):
        if doc.meeting_month:
            return doc.meeting_month, False  # a meeting roundup's item: presented at the meeting
        if doc.fact_day and doc.fact_readout:
            return doc.fact_day, False  # 主旨：公告…解盲結果 under 事實發生日：114/12/14: the result came that day
        # A readout told without a time (治疗后完全缓解, 数据显示…) is undated (ANNOTATION.md: the date the
        # text gives); the page's month would date the report, not the result.
        return None, True
    if (
        fallback
        and doc.signature
        and rule.type in DRUG_EVENTS
        and _ANNOUNCING_RE.search(plain, 0, trig)
        and not VAGUE_DATE_RE.search(sent.text)
    ):
        # 董事会欣然宣布，X已获受理 (an announcement signed 香港，2025年6月26日): the step it announces, on its day
        value, fallback = doc.signature, False
    if fallback and doc.fact_day and rule.type in DRUG_EVENTS and not VAGUE_DATE_RE.search(sent.text):
        # 1.事实发生日：113/07/10 …获TFDA准予执行…临床试验: the announced fact happened that day
        value, fallback = doc.fact_day, False
    if fallback and doc.signature and rule.date == "signature":
        value, fallback = doc.signature, False  # a notice is issued on its signature date
    if fallback and rule.type == "policy_issued" and doc.published and ISSUED_HERE_RE.search(sent.text):
        value, fallback = doc.published.isoformat(), False  # 现印发给你们: issued on the notice's own date
    if fallback and value is None and rule.date == "signature" and doc.number_year:
        value, fallback = doc.number_year, False  # an undated page: the notice's number gives its year
    return value, fallback


def _statement_date(
    sent: SentenceContext, dates: Sequence[DateMention], trig: int, doc: DocumentFacts
) -> tuple[str | None, bool] | None:
    """A market forecast is dated by its statement, not by its horizon; None for a historical size.

    Bare years (到2030年) are horizons or baselines: a forecast's years must reach the publication
    year (2024年规模约780亿元 alone is a statistic) or, without a publication date, the sentence must
    look ahead (预计, 将, 有望…). The statement's date is a month or day the sentence names (某机构
    10月发布的报告), else the context (a dateline, 同日), else the date of the report the page retells, else the
    publication day (or month after 近日).
    """
    years = [int(d.value) for d in dates if len(d.value) == 4]
    if doc.published is not None and years and max(years) < doc.published.year:
        return None
    if doc.published is None and not _FORWARD_RE.search(sent.text):
        return None
    value, fallback = _pick_date(
        [d for d in dates if len(d.value) >= 7], trig, doc.published, VAGUE_DATE_RE.search(sent.text) is not None
    )
    if fallback and sent.dates and sent.dates[0].start <= 1 and len(sent.dates[0].value) >= 7:
        return sent.dates[0].value, False  # 5月8日，…印发《…》，提出到2027年…突破500亿元: the leading day
    if fallback and sent.context_date:
        return sent.context_date, False
    if fallback and doc.report_date:
        return doc.report_date, False
    if fallback and doc.meeting_date:
        return doc.meeting_date, False  # 12月13日，…论坛举行。…专家预计，到2029年…: said at the meeting, that day
    return value, fallback


def _called_first_of_its_kind(rule: Trigger, trig: int, text: str) -> bool:
    """True when an approval's trigger lies in a "first of its kind" attribute (是国内首款获批用于…的CAR-T产品)."""
    if rule.type != "drug_approval":
        return False
    return any(m.start() <= trig < m.end() for m in FIRST_APPROVED_OF_KIND_RE.finditer(text))


def _pick_date(
    dates: Sequence[DateMention], trig: int, published: date | None, vague: bool, text: str = ""
) -> tuple[str | None, bool]:
    """Choose the event date; returns (date, came_from_fallback).

    Events take the last date before the trigger, else the first after it; of dates listed
    together (2020年7月及12月先后…获批) the first, the one the list starts from. With none, the event
    is dated to the publication month when ``vague`` (近日/日前, or a milestone that happened some
    time before its report), else to the publication day.
    """
    before = [d for d in dates if d.start <= trig]
    if before:
        while len(before) > 1 and text and COORDINATED_RE.fullmatch(text, before[-2].end, before[-1].start):
            before = before[:-1]
        last = before[-1].value
        # "10月18日，…在2025年ESMO年会上公布": a bare year after a full date is context, not the date.
        finer = [d.value for d in before[:-1] if len(last) == 4 and len(d.value) > 4 and compatible(d.value, last)]
        return (finer[-1] if finer else last), False
    if dates:
        return dates[0].value, False
    if published:
        return (month_of(published) if vague else published.isoformat()), True
    return None, True


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_DOCUMENT_NUMBER_SCAN = GatedPattern(_DOCUMENT_NUMBER_RE)
_REPORT_RELEASED_SCAN = GatedPattern(_REPORT_RELEASED_RE)
_SIGNED_FIELD_SCAN = GatedPattern(_SIGNED_FIELD_RE)
