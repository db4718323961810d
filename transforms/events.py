"""Sentence-scoped event extraction for the twelve DOMAIN.md event types.

A document's dates are resolved once (:func:`transforms.dates.index_dates`); each sentence is
then matched against the trigger table (:mod:`transforms.rules`), and each row that fires gives
an event whose arguments come from the entities of the same sentence (falling back to the
document's main drug for drug-centred events), whose date is the trigger's own (not one that
belongs to an earlier trigger's clause), and whose amount comes from money expressions. A
product's event gives one event per indication its sentence lists. Negated sentences (尚未,
未获 …) yield nothing; hedged ones (拟, 计划, 有望 …) yield events with halved confidence, which
the engine's threshold then drops by default. Register pages and lists are read by
:mod:`transforms.rules_registers` and lists of filed projects by :mod:`transforms.filing_lists`;
which date a trigger takes is decided in :mod:`transforms.event_dates`, over the contexts of
:mod:`transforms.event_context`, and which of several products, uses and institutions an event takes
in :mod:`transforms.event_arguments`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from transforms.amounts import parse_amounts
from transforms.dates import (
    ITEM_BULLETS,
    MEETING_WORD_RE,
    SPAN_JOIN,
    SPAN_JOIN_RE,
    DateMention,
    days_after,
    index_dates,
    months_after,
)
from transforms.event_arguments import (
    SAME_USES_RE,
    bracketed_dates,
    canon_list,
    clause_dates,
    clause_partner,
    event_drugs,
    later_uses,
    listed_filers,
    names_again,
    referenced_only,
    respective_dates,
    respective_step_dates,
    with_uses_told_before,
)
from transforms.event_context import DocumentFacts, FieldContext, SentenceContext
from transforms.event_dates import (
    AFTER_REFERENCE_RE,
    EFFECTIVE_AFTER_RE,
    HEDGE_RE,
    VAGUE_DATE_RE,
    after_publication,
    body_date,
    document_number_year,
    event_date,
    fact_day,
    filing_year,
    learned_day,
    nearest_paragraph_date,
    paragraph_dates,
    period_year,
    report_date,
    reports_results,
    signature_date,
)
from transforms.event_merge import is_heading, merge_in_document
from transforms.filing_lists import (
    filing_list_events,
    filing_table_events,
    labelled_filing_items,
    quoted_project_filings,
)
from transforms.financing_tables import financing_table_events
from transforms.indications import listed_indications
from transforms.policy_subjects import PLURAL_POLICY_ANAPHOR_RE, joined_subjects, joined_titles_before, titles_before
from transforms.products import is_descriptive_name
from transforms.regex_gate import GatedPattern, lead_gated
from transforms.rules import (
    AGGREGATE_RE,
    ANAPHOR_RE,
    APPLICATION_ANAPHOR_RE,
    APPLICATION_OF_TYPE,
    CLINICAL_RE,
    CONTINUATION_RE,
    DESIGNATION_TYPES,
    DRUG_EVENTS,
    PAID_IN_RE,
    PER_INDICATION,
    RESTATEMENT_RE,
    ROUND_RE,
    Hit,
    SentenceFacts,
    Trigger,
    any_trigger,
    clause_end,
    clause_start,
    governed_end,
    issued_previous_policy,
    match_triggers,
)
from transforms.rules_registers import (
    ACCEPTANCE_NO_RE,
    NEGATION_RE,
    RECORD_DATED_CONFIDENCE,
    approval_table_events,
    is_table_row,
    listed_product_events,
    product_list_events,
    register_events,
    use_table_events,
)
from transforms.sections import owned_products, section_products
from transforms.told_before import (
    LIST_ITEM_RE,
    LIST_LEAD_ENDS,
    STUDY_PUBLISHED_RE,
    DesignationList,
    Productless,
    StudyPresented,
    ToldUses,
    add_uses_told_after,
    counted_first_use,
    dated_by_note,
    dated_by_study,
    designation_list_lead,
    first_uses_lead,
    list_lead,
    listed_designation,
    name_the_product,
    productless_uses,
    study_presented,
    tells_uses_only,
    with_cohort_uses,
)
from transforms.told_before import told_uses as told_uses_of
from transforms.types import Amount, Entity, Event

__all__ = ["DRUG_EVENTS", "extract_events"]

#: An investment into a named company: the company after the verb is the one financed.
_INVESTEE_RE = re.compile(r"认购|入股|增资|投资")
#: A date that is a data cutoff (截至2025年9月30日数据截止日) does not date the readout.
_CUTOFF_BEFORE_RE = re.compile(
    r"(?:截至|截止|截止到|截止至|截止(?:日|日期|时间)\s*(?:为|是|[:：])|(?:成立|创立|创办|创建)于"
    # (截至数据截止日（2025年9月30日）: the cut-off day glossed in brackets)
    r"|截止(?:日|日期)\s*[（(])\s*$"
)
#: A data cutoff's label right before its date (数据截止日期：, 截止时间为).
_CUTOFF_LABEL_RE = re.compile(r"截止(?:日|日期|时间)\s*(?:为|是|[:：])\s*$")
# (Used with .match(text, pos): no "^", which would only match at the string's start.)
#: …的数据截止 (a data cutoff) or 2021年成立 (a firm's founding): the date is not an event's.
#: 截至7月8日（首次用药后第28天）评估，患者…: the day a patient was assessed, not a study's data cutoff.
_ASSESSED_AFTER_RE = re.compile(r"\s*(?:[（(][^（）()]{0,20}[）)])?\s*(?:的)?(?:评估|复查)")
_CUTOFF_AFTER_RE = re.compile(r"\s*(?:的)?(?:数据)?截止|\s*(?:成立|创立|创办|创建)(?!以来)")
#: The start of a period (自2021年3月以来第8次获得受理) dates the period, not this clause's event.
_SINCE_AFTER_RE = re.compile(r"\s*(?:成立|创立|设立|上市)?(?:以来|至今|开始|起至今)")
#: 自2016年成立…团队以来: a date that starts a period told in a clause of its own.
_SINCE_CLAUSE_RE = re.compile(r"自[^。；，,]{0,40}?以来")
#: 自2024年10月起共为6名患者回输…: the start of a period of work (a law's 自…起施行 is its effective date, kept,
#: and so is a launch's, 自2024年4月起正式商业化上市).
_FROM_BEFORE_RE = re.compile(r"(?:自|从)\s*$")
_FROM_AFTER_RE = re.compile(r"\s*起(?![^。；，,]{0,6}?(?:施行|实施|执行|生效|商业化|上市|销售))")
#: Where a clause ends (a bracket's colon, as in （商品名：X）, does not end it).
_CLAUSE_STOP_RE = re.compile(r"[，,。；;！？!?]")
#: The time elapsed since a milestone (获批已近半年, 上市已满一年).
_ELAPSED_SINCE_RE = re.compile(
    r"(?:获批|上市|获准)(?:还|已经?|已然|仅|才|刚)?(?:过去?了?)?(?:不到|不足)?(?:近|将近|超过|满|逾|约|短短)?[一二两三四五六七八九十半\d]+(?:个)?(?:多)?(?:年|月|周|天)"
)
#: The time between two steps (从获批到首张处方不到一个月, 从受理到获批仅用了6个月).
#: (从4月15日获批上市到首例回输，历时43天 tells the approval's day: it is told, as the step of the product before)
_TIME_BETWEEN_RE = re.compile(
    r"从[^。，；\d]{0,10}?到[^。，；]{0,12}?[，,]?(?:用了|用时|仅用|只用|不到|不足|历时|耗时|花了|仅|约|共)"
    r"[^。，；]{0,4}?[一二两三四五六七八九十半\d]+(?:个)?(?:多)?(?:年|月|周|天)"
)
_SAME_DAY_RE = re.compile(r"同日|当日|当天|同一天")
#: A clause that opens on "at the same time" (与此同时，…): the time of the step told just before.
_SAME_TIME_LEAD_RE = re.compile(r"\s*(?:与此同时|同时|同期)[，,]")
#: A conference talk's or poster's time, labelled over its data (摘要号：7012｜报告时间：当地时间5月31日).
_PRESENTED_ON_RE = re.compile(r"(?:报告|壁报|汇报|展示|演讲)(?:时间|日期)\s*[:：]")
#: A line that is only a date (2025年3月5日, 2025.11.03; a roundup's ▎11月12日, ▎11/05, ▎14日): it heads its item.
_DATELINE_RE = re.compile(
    # (【2025.01.02】, 【2025-05-28】, 【2025.04】: a chronicle's bracketed date heading its item)
    rf"[{ITEM_BULLETS}\s]*[【〔\[]?\s*"
    r"(?:(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}|[-/.]\d{1,2})"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}[/.]\d{1,2}|\d{1,2}\s*日)\s*[】〕\]]?"
)
#: A numbered item's short heading, with its day in brackets at the end (1. 首款干细胞药品获批（1月2日）).
_NUMBERED_HEADING_RE = re.compile(
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．]\s*[^。！？!?；;\n（(]{2,40}?(?:[（(]([^（）()\n]{2,16})[）)])?\s*"
)
#: A bulleted line that opens with a date and goes on with a short heading (■ 12/04　两条消息); not a byline
#: (2025-12-09 10:32 来源：…), which dates the page, not the items below it.
_DATE_LED_LINE_RE = re.compile(rf"\s*[{ITEM_BULLETS}]({_DATELINE_RE.pattern})[ \t\u3000]+[^。！？!?；;\n]{{1,40}}")
_MONTH_OR_DAY_RE = re.compile(r"\d\s*[)）]?\s*[日月号]")  # 5月, 3日, 今(20)日, 上周五（19日）
#: A part of a year (今年初获批上市后, 2024年下半年获批后): the clause dates the step it names.
_PART_OF_YEAR_RE = re.compile(r"(?:\d{4}年|[今去前明]年)(?:初|年初|中|年中|底|年底|上半年|下半年)")
#: A day or month named without digits (上周五上午, 昨日, 同月下旬): it dates what the next sentence tells.
_RELATIVE_DAY_RE = re.compile(r"[上本这]周[一二三四五六日天]|[昨今前][日天]|昨晚|今[早晨晚]|同月|当月")
_INVESTOR_CUE_RE = re.compile(r"领投|跟投|参投|联合投资|共同投资|追加投资|老股东|基石投资(?:者|人)")
#: Sentences that are never events: risk statements and disclosure boilerplate. They talk
#: about events in general (药品从临床试验到获批上市需经历多个环节), not about one that happened.
_NON_EVENT_SENT_RE = re.compile(
    r"风险提示|风险因素|不确定性|不确定因素|能否|是否能够?|敬请|投资风险|谨慎决策|理性投资"
    r"|虚假记载|误导性陈述|重大遗漏|保证本公告|保证信息披露|不能保证|无法保证|不保证|不能确保"
)
#: Clauses that make the trigger hypothetical, future, generic or a side remark: conditionals
#: (若/如果/一旦…), "after approval it will…" (获批上市后将…), requirements (尚需/需经历),
#: statements of purpose or effect (有利于/有助于/旨在), background (随着…).
_NON_EVENT_CLAUSE_RE = re.compile(
    # (只有19名员工的, 本港只有X一款…: counts, not conditions)
    r"若(?!干)|如果|假如|一旦|如能|只要|只有(?![\d一二两三四五六七八九十几])(?![^，。；]{1,20}?一(?:款|个|种))|随着"
    r"|(?:上市|获批|批准|受理|通过|备案)(?:之)?后(?:将|可|方可|才|有望|即可|能够|不久)|方可|才能"
    # a class of beneficiaries in a policy: 对完成项目备案并开展研究的医疗机构，给予…
    r"|对[^，。；]{0,30}(?:备案|获批|批准|受理)[^，。；]{0,16}的(?:[，,]|$|[^，。；]{0,8}?(?:医疗机构|企业|单位|机构|产品|药品|药物|项目))"
    r"|需经历|需经过|需经|尚需|仍需|还需|须经|不代表|不等同|不等于|不意味着|能否|存在不确定性"
    r"|有利于|有助于|旨在|以便"
    # a site's approval (其费城基地已获FDA批准，承担X的生产), not a product's
    r"|(?:基地|工厂|生产线|厂房|车间)(?:已经?)?获得?[^，。；]{0,8}?批准"
    # a policy's encouragement of a class (鼓励符合条件的医院完成干细胞临床研究机构备案)
    r"|鼓励[^，。；]{0,12}?符合条件的"
    # a policy's incentive for a kind of step (首次获批上市产品最高奖励3000万元)
    r"|最高(?:奖励|补贴|资助|支持)"
    # Possibilities and requirements (既可在卫健委完成备案, 应当向药监局申报): rules, not events.
    r"|既可|亦可|也可以|可以在|可在|可向|需在|需向|须在|须向|应在|应向|应当|必须"
)
#: A study introduced as one of its kind (入组了…开展的一项…研究者发起临床研究).
_NEW_STUDY_RE = re.compile(r"(?:开展|发起|进行)的一项[^。；]{0,40}?(?:研究|试验)|另一项[^。；，]{0,12}?(?:研究|试验)")
#: A product step expected in its own clause (有望于明年获批, 预计将于年内获批): a forecast, not the step.
_EXPECTED_STEP_RE = re.compile(r"有望|预计|预期|或将|可望|望于|将于|计划于|拟于|争取")
#: A step named as the time after which something else happened (获批上市后开出的首张处方).
_REFERENCE_STEP_RE = re.compile(
    r"(?:获批上市|获批|批准上市|上市)(?:之)?(?:后|以来)[^，,。；]{0,12}?的"
    # X获批后首张处方在Y医院落地, 这是该药获批后省内首例 (but not X于2025年1月获批后首张处方…, where the
    # approval is dated)
    r"|(?<![日月年])(?:获批上市|获批|批准上市|上市)(?:之)?后(?:[^。，；\d]{0,6}?)首(?:张|例|位|名|个|单|批|剂)"
    # (获批上市后七年市场独占期: a term counted from an approval, none told)
    r"|(?:获批上市|获批|批准上市)(?:之)?后[一二三四五六七八九十两\d]+年"
)
_TIME_JUST_BEFORE_RE = re.compile(r"\d\s*(?:年|月|日)(?:份|上旬|中旬|下旬|初|底)?\s*$")
#: A clause that ends with "after the step" (获批上市后，): it introduces what follows.
_AFTER_STEP_END_RE = re.compile(r"(?:上市|获批|批准|受理|通过|备案|许可)(?:之)?后$")
#: A step done on a date (已于2024年12月获得受理): a risk clause after it does not undo it.
_DONE_ON_RE = re.compile(r"已于[^。，；]{1,14}?(?:获得?|受理|批准|完成)")


def _story_day(days: Sequence[DateMention], sent_view: str) -> str:
    """The day a sentence leaves for what follows it: its last day, or the month of a span of days in one month.

    (统计区间：2025.04.01—2025.04.30，…以下为其中3起：: a month's roundup, its items of that month.)
    """
    if (
        len(days) >= 2
        and SPAN_JOIN_RE.fullmatch(sent_view, days[-2].end, days[-1].start)
        and days[-2].value[:7] == days[-1].value[:7]
    ):
        return days[-1].value[:7]
    return days[-1].value


def _risk_statement(sent: str) -> bool:
    """A risk or disclosure statement (…能否获批存在不确定性), unless it follows a step done on a date.

    申请已于2024年12月获得受理，…能否获得许可存在不确定性: the acceptance in the same sentence stands.
    """
    m = _NON_EVENT_SENT_RE.search(sent)
    return m is not None and _DONE_ON_RE.search(sent, 0, m.start()) is None


#: A claim the sentence denies (公司称该说法并无依据, 上述报道不属实).
_DENIED_RE = re.compile(
    r"(?:并无|没有|毫无)(?:事实)?依据|(?:并)?不属实|并非事实|系误读|纯属谣言|(?:说法|消息|传闻|报道|信息)(?:均)?(?:不实|失实)"
    r"|暂无[^。；，]{0,6}?计划"
    # (网传X“获批上市”不实: what is said about it, told false)
    r"|(?:网传|传闻|传言|市场传)[^。；]{0,40}?(?:不实|失实|有误|不属实)"
)
#: A reported claim answered in the same sentence (针对…的传闻，公司回应称…): the claim is no event anywhere.
_ANSWERED_RE = re.compile(r"回应|否认|澄清|辟谣")
#: A claim reported by others (有媒体发布文章称“…已获批上市”, 市场传闻…) that the document
#: itself does not assert; in a clarification notice (澄清公告) it is the thing being denied.
_REPORTED_CLAIM_RE = re.compile(
    r"(?:报道|文章|传闻|传言|网传|消息|帖子|自媒体|媒体)[^。；]{0,12}称|传闻|传言|网传|流传|不实"
    # 若干网络媒体转载有关「X已获批准上市」的消息: a quoted claim others spread
    r"|转载|转发|[「“][^」”]{2,80}[」”]的(?:消息|报道|说法|文章|帖子)"
)
#: A medical meeting held on given days (第30届欧洲血液学协会（EHA）年会于6月12日至15日在意大利米兰举行).
_MEETING_HELD_RE = re.compile(
    r"(?:年会|大会|学术会议)[^。\n]{0,6}?于\s*((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"[^。\n]{0,24}?(?:举行|召开|开幕|举办)"
    # 11月7日至9日，2026细胞与基因治疗产业大会在海南举行: the days first, then the meeting
    r"|((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:至|到|-|–|—)\s*\d{1,2}\s*日[，,]"
    r"[^。\n]{0,40}?(?:年会|大会|会议|论坛|峰会)[^。\n]{0,30}?(?:举行|召开|开幕|举办)"
    # 9月11日，第二十八届…学术年会在济南开幕: one day, the opening
    r"|((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)[，,][^。\n]{0,40}?(?:年会|大会)[^。\n]{0,30}?开幕"
    # 11月22日，2025细胞治疗产业创新大会在上海举行: one day, the meeting held
    r"|((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]\s*(?:(?:19|20)\d{2})?[^。\n，,]{0,30}?"
    r"(?:年会|大会|论坛|峰会)(?:在|于)[^。\n，,]{1,12}?(?:举行|召开|举办)"
    # 恒析生物今日举办2025年研发日: a company's R&D or investor day, the day it is held
    r"|((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日|今日|今天|今\s*[（(]\d{1,2}[）)]\s*日)[^。\n]{0,20}?"
    r"(?:举办|召开|举行)[^。\n]{0,12}?(?:研发日|投资者日|法人说明会|法说会)"
)
#: A recap's lead saying the firms gave their data at the meeting (多家企业在会上更新了临床数据): the readouts
#: told after it, undated, were given there.
_RECAP_RE = re.compile(
    r"(?:会上|会中|会议上|大会上|论坛上|峰会上|专场(?:报告)?中|分论坛上)[^。；]{0,12}?(?:公布|更新|发布|披露|报告|分享)了?"
    r"[^。；]{0,30}?(?:数据|结果|进展|期中分析)"
    # (…举办研发日，集中披露了三款在研产品的最新进展: the day's programme is the products' data)
    r"|(?:研发日|投资者日)[^。]{0,24}?(?:集中|系统)?(?:披露|介绍|发布|公布|更新)了?[^。；]{0,30}?(?:数据|结果|进展)"
)
#: A journal paper published on a given day (9月11日，《新英格兰医学杂志》在线发表了…一项研究): the readouts the page
#: then tells without a time of their own are the paper's.
_PAPER_PUBLISHED_RE = re.compile(
    r"((?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]?[^。\n]{0,24}?(?:期刊|杂志|学报|《[^》]{1,24}》)"
    r"[^。\n]{0,24}?(?:在线)?(?:发表|刊登|刊发)"
)
#: A step the page has just reported, told again (此次获批, 本次获批).
_THIS_TIME_RE = re.compile(r"(?:此次|本次|这次)(?:获批|批准)")


def _unrecorded_number(evidence: str, recorded: set[str]) -> bool:
    """True when ``evidence`` gives an acceptance number that none of a register's records holds."""
    return any(m.group(1) not in recorded for m in ACCEPTANCE_NO_RE.finditer(evidence))


def _paper_published(view: str) -> re.Match[str] | None:
    """Where a page says on which day the paper it reports was published (most pages report none)."""
    return _PAPER_PUBLISHED_RE.search(view) if "发表" in view or "刊" in view else None


def _meeting_held(view: str) -> re.Match[str] | None:
    """Where a page says when the meeting it reports from was held (most pages report from none)."""
    return _MEETING_HELD_SCAN.search(view) if MEETING_WORD_RE.search(view) else None


#: What may stand before a sentence's opening product: nothing, a list number ((1) X注射液…), an answer's 答：.
_TOPIC_LEAD_RE = re.compile(r"\s*(?:[（(]?\d{1,2}[）)．.、]\s*|[答A]\s*[:：]\s*)?")
#: What happened at a meeting's opening (开幕式上, 开幕当天): on its first day.
_OPENING_DAY_RE = re.compile(r"开幕式上|开幕当天|开幕首日|开幕日|大会首日")
#: A later clause restating the step told before (…，这是其上市后的首例商业化治疗).
_RESTATED_CLAUSE_RE = re.compile(r"[，,；;]\s*(?:这是|这也是|此为)")
#: A sentence about what was done at the meeting the page reports from (会上，…; 在本次大会上，…).
_AT_THE_MEETING_RE = re.compile(
    r"\s*(?:(?:会上|在(?:本次|此次|这次)?(?:大会|会议|论坛|峰会|年会)上|(?:会议|大会|年会|会)期间)[，,]"
    # (大会发布的《蓝皮书》预计…: what the meeting published)
    r"|(?:本次|此次)?(?:大会|会议|年会|论坛|峰会)(?:上|期间)?(?:发布|公布|披露)的)"
)
#: Days told as a span (6月12日至15日).
_DAY_SPAN_RE = re.compile(rf"日{SPAN_JOIN}\d")
_MONTHS_SPAN_RE = re.compile(rf"日{SPAN_JOIN}\d{{1,2}}\s*月")
_MEETING_NTH_DAY_RE = re.compile(r"(?:大会|会议|年会|会期)第([二三四五])天")
#: A sentence whose subject is the company just named (此前，公司曾于2023年完成…融资; 该公司…).
#: (答：我们去年12月完成了…配售: in an interview the speaker's firm, the one the headline names)
_OWN_DOCUMENT_RE = re.compile(r"招股说明书|招股书|公告|年度报告|中期报告|投资者关系活动")
_COMPANY_ANAPHOR_RE = re.compile(
    # (2. 再融资：2025年11月，公司完成…: a report's numbered item, its label, its time)
    r"^\W*(?:\d{1,2}[.、．]\s*[^，,。：:]{1,8}[：:]\s*)?(?:[答A]\s*[:：]\s*)?"
    r"(?:此前|此外|另外|同时|目前|[\d年月日]+)?[，,]?\s*(?:该公司|公司|其|我们|我司|本公司|本集团)"
)
_CLARIFICATION_RE = re.compile(r"澄清")
#: What introduces the products a count announced (…两款新药的首张处方：…, 分别为X和Y).
_ENUMERATION_RE = re.compile(r"[：:]|分别(?:为|是)")
#: A designation list counted and then one of its products named (本周共有5个品种拟纳入优先审评，其中包括X):
#: the list is the news, so the named product's designation is an event; a count of approvals is not.
_LIST_MEMBER_RE = re.compile(r"其中(?:包括|有)")
#: A title, or a periodic report named by its year as the source of what is told (在2025年年度业绩预告中披露): it
#: names a year, dating nothing.
_TITLE_RE = re.compile(
    r"《[^《》]{1,80}》"
    r"|(?:19|20)\d{2}\s*年(?:年度|半年度|第[一二三四1-4]季度|度)?(?:业绩预告|业绩快报|年度报告|年报|半年报|中期报告|季度报告|季报)"
    r"(?=中|里|显示|披露|提及|指出)"
)
#: A question asks whether something happened (是否已经获批上市？); it reports nothing.
#: (是否 in a statement of what a decision waits on, 后续是否追加投资将视其进展决策, asks nothing)
#: The field a firm works in (专注实体瘤CAR-T, 聚焦自身免疫病领域): no product's use.
_FIRM_FOCUS_RE = re.compile(r"(?:专注于?|聚焦于?|致力于|深耕|主攻)[^，,。；;]{0,20}")
_QUESTION_RE = re.compile(
    r"[?？]\s*$|是否(?![^。；?？]{0,30}?(?:将视|视乎|取决于|存在不确定性|尚不确定|尚未确定|审慎决策))|吗\s*[?？。]?\s*$"
)


def extract_events(
    fields: Sequence[FieldContext],
    published: date | None,
    *,
    drug_company: dict[str, str] | None = None,
    regions_in: dict[str, tuple[str, ...]] | None = None,
) -> list[Event]:
    """Extract events from the fields of one document.

    Args:
        fields: Title and text contexts (title first if present).
        published: Publication date anchoring relative dates.
        drug_company: Canonical drug → company, used when a sentence names no company.
        regions_in: Canonical policy/authority → regions named inside it, used as the region of
            a policy event that names none (a provincial policy is for that province).

    Returns:
        Events in document order, merged within the document (a title repeating the lead
        sentence gives one event).
    """
    # A non-cell drug named by its nonproprietary stem (托珠单抗 against CRS, 来那度胺 in a regimen) is
    # given alongside the therapy: it is tagged, no readout or prescription is about it and nothing later
    # refers back to it; only a regulatory step told of it by name is its own (斯鲁利单抗…被纳入突破性治疗药物程序).
    inn_drugs = {ctx.field: [x for x in ctx.entities if x.type == "drug" and x.source == "inn"] for ctx in fields}
    fields = [
        replace(ctx, entities=tuple(x for x in ctx.entities if not (x.type == "drug" and x.source == "inn")))
        if inn_drugs[ctx.field]
        else ctx  # (most fields name none: no copy)
        for ctx in fields
    ]
    # Every date of the document is resolved here, once; rules look them up by position.
    filed_year = filing_year(fields, published)
    covered = period_year(fields, published)
    doc = DocumentFacts(
        published,
        {ctx.field: index_dates(ctx.view, ctx.sentences, published, filed_year, covered) for ctx in fields},
        drug_company or {},
        regions_in or {},
    )
    # (Copied only when a fact is found: most pages have none of these.)
    signature, fact = signature_date(fields, doc), fact_day(fields, doc)
    if (signature, fact) != (doc.signature, doc.fact_day):
        doc = replace(
            doc, signature=signature, fact_day=fact, fact_readout=fact is not None and reports_results(fields)
        )
    if (reported := report_date(fields, doc)) != doc.report_date:
        doc = replace(doc, report_date=reported)
    held = body_date(fields, doc, _meeting_held)
    if held:
        doc = replace(doc, meeting_month=held[:7], meeting_day=held if len(held) == 10 else None)
    # 3月22日，…大会开幕。…会上，…发布了《X》: a meeting told by one day dates what was done at it; one held
    # over several days (6月12日至15日) dates it by the month only.
    at_meeting = doc.meeting_month
    if doc.meeting_day and not any(
        (m := _meeting_held(ctx.view)) and _DAY_SPAN_RE.search(m.group(0)) for ctx in fields if ctx.field == "text"
    ):
        at_meeting = doc.meeting_day
    # (Asked only of a page whose meeting was dated: without a month there is nothing to undo.)
    if doc.meeting_month and any(
        (m := _meeting_held(ctx.view)) and _MONTHS_SPAN_RE.search(m.group(0)) for ctx in fields if ctx.field == "text"
    ):
        # 年会于5月30日至6月3日举行: days of two months, of which neither dates what was told there
        at_meeting = None
        doc = replace(doc, meeting_month=None)
    doc = replace(doc, meeting_date=at_meeting)
    recap = at_meeting is not None and any(_RECAP_RE.search(ctx.view) for ctx in fields if ctx.field == "text")
    paper_day = body_date(fields, doc, _paper_published)
    clarification = any(_CLARIFICATION_RE.search(ctx.view) for ctx in fields if ctx.field == "title")
    quoted_record: list[Event] = []
    register: list[Event] = []  # a register page's records: the prose around them only adds other steps
    filed: list[Event] = []  # a filing notice's listed projects: the prose around them only adds policies
    for ctx in fields:
        if ctx.field == "text":
            heading = " ".join([f.view for f in fields if f.field == "title"] + [ctx.view.split("\n", 1)[0]])
            record = register_events(ctx, heading, doc.dates[ctx.field], published, doc.drug_company, doc.signature)
            if record and len(record) <= 2 and "公告" in heading + ctx.view[-200:]:
                # A company's 公告 quotes its application's record (药品名称：…；受理号：…；受理日期：…) beside
                # the prose that tells what happened to it (收到…批准通知书): both are read.
                quoted_record = record
            elif record:
                register = record
            if not register:
                filed = filing_list_events(ctx, doc.dates[ctx.field], published, doc.signature) or []
                labelled = labelled_filing_items(ctx, doc.dates[ctx.field], doc.signature) if filed else []
                if len(labelled) >= len(filed) and any(ev.company is None for ev in filed):
                    # 一、项目名称：…\n备案机构：X\n备案时间：…: items told as blocks of labelled lines,
                    # of which the list reader sees only the first line
                    filed = labelled
    doc_facts = False  # the document-wide arguments are computed at the first trigger
    events: list[Event] = list(quoted_record)
    last_drug: str | None = None  # most recent drug mention before the current sentence
    # A firm's own filing (a prospectus, an announcement, a report): its 公司 is that firm wherever it stands.
    own_document = any(_OWN_DOCUMENT_RE.search(ctx.view, 0, 300) for ctx in fields)
    headline_company = next(
        (x.canonical for ctx in fields if ctx.field == "title" for x in ctx.entities if x.type == "company"), None
    )
    for ctx in fields:
        index = doc.dates[ctx.field]
        last_day: tuple[int, str] | None = None  # (paragraph start, YYYY-MM-DD) of the latest full date
        last_dated: tuple[int, str] | None = None  # (paragraph start, value) of the latest month or day
        dateline: str | None = None  # the latest line that is only a date: it heads what follows
        para_dates: list[tuple[int, int, str]] | None = None
        lead_date: tuple[int, str] | None = None  # (end, value) of an eventless sentence naming one month or day
        # (paragraph start, date) of a paragraph that opens with the results of the study just dated (论文显示，…)
        results: tuple[int, str] | None = None
        told_application: str | None = None  # the kind (ind/nda) of the last application told: what 该申请 is
        told_uses: ToldUses | None = None  # steps whose uses the sentences after them may list
        # (end, date, readouts) of a sentence that reported readouts: its next clause keeps the date, a note
        # after it (（6月2日口头报告）) dates them
        readout: tuple[int, str | None, list[Event]] | None = None
        unnamed: Productless | None = None  # uses told without their product, waiting for it
        listed: tuple[int, str] | None = None  # (paragraph start, day) of a list item whose dated lead ended in ：
        prev_end = sent_end = -1  # ends of the previous and the current non-empty sentence
        drug_mentions = [x for x in ctx.entities if x.type == "drug"]
        # 继艾米迈托赛注射液之后…第二款: a product named as the reference point is not what 该品种 next refers to.
        references = [m.span() for m in AFTER_REFERENCE_RE.finditer(ctx.view)] if "继" in ctx.view else []
        antecedents = [x for x in drug_mentions if not any(a <= x.start < b for a, b in references)]
        topic: tuple[int, str] | None = None  # (paragraph start, product) of a sentence that opened with a product
        owned = owned_products(ctx)
        sections = section_products(ctx)
        item_from = 0  # where a dated roundup item or another study began: products before it are not referred to
        study: StudyPresented | None = None  # the study the page presented, whose undated results follow
        first_uses = -1  # the paragraph whose lead counted first uses (两项“首例”：)
        designations: DesignationList | None = None  # a designation list announced before (拟将以下…纳入优先审评)
        for s, e in ctx.sentences:
            sent_view = ctx.view[s:e]
            prev_drug = last_drug
            for x in antecedents:
                if item_from <= x.start < e and not (
                    last_drug and is_descriptive_name(x.canonical) and not is_descriptive_name(last_drug)
                ):
                    # 该申请 after "ZYX-201注射液为人脐带间充质干细胞注射液" means ZYX-201, not the description.
                    last_drug = x.canonical
            if not sent_view.strip():
                continue
            if (
                last_drug
                and (study_told := _NEW_STUDY_RE.search(sent_view))
                and not ANAPHOR_RE.search(sent_view, 0, study_told.start())
                and not any(x.type == "drug" and s <= x.start < e for x in drug_mentions)
            ):
                # 她入组了某医院开展的一项CAR-T治疗狼疮的研究者发起临床研究: another study, of no product named; what
                # 该研究 next reports is not the product told before
                last_drug, prev_drug, item_from = None, None, e
            line_start = s == 0 or ctx.view[s - 1] == "\n"
            if line_start and (led := _DATE_LED_LINE_RE.fullmatch(sent_view)):
                # ■ 12/04　两条消息 / ■ 12/01　X获批上市: a roundup's item heading, dated, over the lines below it
                heading_days = [d for d in index.within(s, s + led.end(1)) if len(d.value) == 10]
                if len(heading_days) == 1:
                    dateline = heading_days[0].value
            elif (
                line_start
                and (e == len(ctx.view) or ctx.view[e] == "\n")
                and (item := _NUMBERED_HEADING_RE.fullmatch(sent_view))
            ):
                # 1. 首款干细胞药品获批（1月2日）: a numbered item's heading dates its lines; one without a day of
                # its own (6. 双轨监管框架成型) leaves them undated by the items before it
                bracket = item.group(1)
                # (7. 通用型CAR-NK登上《柳叶刀》（11月）: a month in the bracket dates them at that precision)
                heading_days = (
                    [d for d in index.within(s + item.start(1), s + item.end(1)) if len(d.value) >= 7]
                    if bracket
                    else []
                )
                dateline = heading_days[0].value if len(heading_days) == 1 else None
                in_heading = {x.type for x in ctx.entities if s <= x.start < e}
                if (heading_days or "company" in in_heading) and "drug" not in in_heading:
                    # a dated item of a roundup, or one headed by a firm or hospital with no product, is news of its
                    # own (4. 某大学附属医院：双靶点CAR-T治疗NMOSD): the product of the item before is not its
                    last_drug, prev_drug, item_from = None, None, e
            # 瑞禾生物此前公布过一项研究… after a list of firms and their products: that firm's product.
            subject = (
                next(
                    (
                        x
                        for x in ctx.entities
                        if x.type == "company" and s <= x.start and _LEADING_TIME_RE.fullmatch(ctx.view, s, x.start)
                    ),
                    None,
                )
                if owned  # only a page that wrote a firm with its product needs the sentence's subject
                else None
            )
            subject_product = None
            if subject is not None and subject.canonical in owned and owned[subject.canonical][0] < s:
                prev_drug = subject_product = owned[subject.canonical][1]
            prev_end, sent_end = sent_end, e
            para_start = ctx.view.rfind("\n", 0, s) + 1
            # X注射液（…）是本集团的核心产品。治疗…的新药上市申请于…获受理: the product the sentence before
            # opened with is what this one, naming none, is about.
            topic_drug = (
                topic[1]
                if topic and topic[0] == para_start
                else next((product for end, product in reversed(sections) if end <= s), None)
            )
            opens_paragraph = not ctx.view[para_start:s].strip()  # (an indent of 　　 before it)
            if (
                opens_paragraph
                and last_dated
                and last_dated[0] != para_start
                and CONTINUATION_RE.match(sent_view)
                and not _NEW_STUDY_RE.search(sent_view)  # (另一项受关注的研究来自…: another study, of its own time)
            ):
                results = (para_start, last_dated[1])
            if (
                opens_paragraph
                and listed
                and listed[0] == ctx.view.rfind("\n", 0, para_start - 1) + 1
                and LIST_ITEM_RE.match(sent_view)
            ):
                listed = (para_start, listed[1])  # the next item of the list a dated lead announced
            if (
                opens_paragraph
                and results
                and results[0] == ctx.view.rfind("\n", 0, para_start - 1) + 1
                and ctx.view[:para_start].rstrip()[-1:] in LIST_LEAD_ENDS
                and LIST_ITEM_RE.match(sent_view)
            ):
                # 论文显示，共15例患者…：\n- 第3个月时，13例达到SRI-4应答；\n- …: the items of the results just dated
                results = (para_start, results[1])
            in_sentence = [x for x in drug_mentions if s <= x.start < e]
            one_product = len({x.canonical for x in in_sentence}) == 1  # (HC-207和QT-R2…: two products, no topic)
            opening = in_sentence[0] if one_product else None
            if opening and _TOPIC_LEAD_RE.fullmatch(ctx.view, s, opening.start):
                topic = (para_start, opening.canonical)
            elif in_sentence:
                # (one that names none keeps the paragraph's topic: X：2025年4月纳入优先审评；2025年12月获批上市)
                topic = None
            if unnamed:
                events, unnamed = name_the_product(unnamed, sent_view, s, in_sentence, events)
            # (…拟将以下药品注册申请纳入优先审评审批程序，现予以公示。\n1．受理号…，X注射液，…: each item is on it)
            if designations is not None:
                members = listed_designation(ctx, s, e, designations, doc.drug_company)
                designations = None if members is None else designations
                events.extend(members or [])
            designations = designation_list_lead(sent_view, index, s, e, published) or designations
            # (乐城迎来两项“首例”：9月12日，…接受…Casgevy回输；9月26日，…使用了…Ryoncil: each use counted is a first)
            lead_at = first_uses_lead(sent_view)
            if lead_at is not None:
                first_uses = para_start
            if first_uses == para_start and (
                first := counted_first_use(ctx, s, e, lead_at or 0, index, doc.drug_company)
            ):
                events.append(first)
            if (
                not any_trigger(sent_view)
                or tells_uses_only(told_uses, sent_view, prev_end, bool(index.within(s, e)))
                or _risk_statement(sent_view)
                or _QUESTION_RE.search(sent_view)
                or _DENIED_RE.search(sent_view)
                or ((clarification or _ANSWERED_RE.search(sent_view)) and _REPORTED_CLAIM_RE.search(sent_view))
            ):
                # No event here; only remember a day for a later 同日 or 结果显示, and a line that is only a date.
                if told_uses and told_uses.end == prev_end:
                    uses = listed_indications(sent_view, s, [x for x in ctx.entities if s <= x.start < e])
                    events, told_uses = add_uses_told_after(told_uses, sent_view, e, uses, events)
                if last_day and not _MONTH_OR_DAY_RE.search(sent_view) and _SAME_DAY_RE.search(sent_view):
                    last_dated = (para_start, last_day[1])  # 就在文件印发当天，…: what it tells happened that day
                if (
                    _MONTH_OR_DAY_RE.search(sent_view)
                    or _RELATIVE_DAY_RE.search(sent_view)
                    or (VAGUE_DATE_RE.search(sent_view) and STUDY_PUBLISHED_RE.search(sent_view))
                    or _DATELINE_RE.fullmatch(sent_view.strip())  # (▎2025.11.03, ▎11/05)
                ):
                    named = [
                        d
                        for d in index.within(s, e)
                        # 截至2025年9月30日数据截止: a data cutoff dates nothing that follows
                        if not _CUTOFF_BEFORE_RE.search(sent_view, max(0, d.start - 4), d.start)
                        and not _CUTOFF_AFTER_RE.match(sent_view, d.end)
                        # (数据截止日期：2025年7月31日, a note after the readout: its cutoff, labelled)
                        and not _CUTOFF_LABEL_RE.search(sent_view, max(0, d.start - 10), d.start)
                    ]
                    days = [d for d in named if len(d.value) == 10]
                    if days:
                        last_day = (para_start, _story_day(days, sent_view))
                    if readout and readout[0] == prev_end:
                        events = dated_by_note(readout[2], sent_view, [d.value for d in days], events)
                    if named:
                        # (当地时间5月31日，…团队报告了X…的研究: the study whose results the page goes on to give)
                        in_view = [x for x in ctx.entities if s <= x.start < e]
                        study = study_presented(sent_view, s, in_view, named) or study
                        if len(named[-1].value) >= 7 and (
                            not VAGUE_DATE_RE.match(sent_view, named[-1].start) or STUDY_PUBLISHED_RE.search(sent_view)
                        ):
                            last_dated = (para_start, named[-1].value)  # (近期 dates nothing that follows)
                            if MEETING_WORD_RE.search(sent_view) and _DAY_SPAN_RE.search(sent_view):
                                # (9月19日至21日，…学术会议在杭州召开: what it heard is of the month, not a day)
                                last_dated, last_day = (para_start, named[-1].value[:7]), None
                        # (a year alone, 这名患者去年底…, is background: the story's day still holds)
                        if (
                            len(named) == 1
                            and len(named[0].value) >= 7
                            and not VAGUE_DATE_RE.match(sent_view, named[0].start)
                        ):
                            lead_date = (e, named[0].value)
                    if len(days) == 1 and (
                        _DATELINE_RE.fullmatch(sent_view.strip()) or _PRESENTED_ON_RE.search(sent_view)
                    ):
                        dateline = days[0].value  # 2025年3月5日 alone, or 报告时间：当地时间5月31日 over a talk's data
                # (细胞与基因治疗领域有以下产品在列： after the paragraph's dated sentence)
                listed = list_lead(ctx.view, s, e, para_start, last_day) or listed
                if (
                    last_dated
                    and last_dated[0] == para_start
                    and CONTINUATION_RE.match(sent_view)
                    and sent_view.rstrip().endswith(("：", ":"))
                ):
                    results = (para_start, last_dated[1])  # 结果显示：\n1）…: the items of the study just dated
                continue
            found = index.within(s, e)
            if not doc_facts:
                doc = replace(
                    doc,
                    main_drug=_main_entity(fields, "drug"),
                    sole_drug=_sole_entity(fields, "drug"),
                    main_indication=_main_entity(fields, "indication"),
                    issuer=_listed_company(fields) or _main_entity(fields, "company"),
                    number_year=document_number_year(fields),
                )
                doc_facts = True
            ents = [x for x in ctx.entities if x.start >= s and x.end <= e]
            spans = [(x.start - s, x.end - s) for x in ents if x.type == "policy"]
            # Any 《title》 (a report, a white paper, a conference) names its year; it dates nothing.
            spans += [(m.start(), m.end()) for m in _TITLE_RE.finditer(sent_view)]
            since = [m.span() for m in _SINCE_CLAUSE_RE.finditer(sent_view)] if "以来" in sent_view else []
            # 自去年11月在北京开出首张处方以来，…: a step the period starts from, told with its month or day, is news
            # dated by its clause; 自2017年首款产品获批以来 (a year only) stays the start of a period.
            told_since = [
                (a, b) for a, b in since if _MONTH_OR_DAY_RE.search(sent_view, a, b) and any_trigger(sent_view[a:b])
            ]
            since = [span for span in since if span not in told_since]
            dates = [
                d
                for d in found
                # A date inside a policy title (（2025—2027年）), a data cutoff or the start of a
                # period (自2021年3月以来) dates no event.
                if not any(a <= d.start < b for a, b in spans)
                and (
                    not _CUTOFF_BEFORE_RE.search(sent_view, max(0, d.start - 4), d.start)
                    or PAID_IN_RE.search(sent_view) is not None  # 截至12月5日，认购资金已全额汇入: paid by then
                    or _ASSESSED_AFTER_RE.match(sent_view, d.end) is not None  # 截至7月8日评估: a patient's check
                )
                and not _CUTOFF_AFTER_RE.match(sent_view, d.end)
                and not _SINCE_AFTER_RE.match(sent_view, d.end)
                and not _VERSION_AFTER_RE.match(sent_view, d.end)
                and not learned_day(sent_view, d.end, len(sent_view))
                and not (
                    _ANNOUNCEMENT_AFTER_RE.match(sent_view, d.end)
                    and _ANNOUNCEMENT_DAY_RE.search(sent_view, max(0, d.start - 4), d.start)
                )
                and not any(a <= d.start < b for a, b in since)
                and not (
                    _FROM_BEFORE_RE.search(sent_view, max(0, d.start - 2), d.start)
                    and _FROM_AFTER_RE.match(sent_view, d.end)
                )
            ]
            context = None
            # A year alone (到2029年) is a horizon, not a day; a sentence with dates needs a context only for a
            # clause that restates the step told before (…今年9月获批…，这是其上市后的首例商业化治疗).
            # (这是该药4月获批上市后，全国首例…: a sentence that opens on the restatement)
            if (
                # (同日，深圳发布《X》，自2025年12月1日起施行: a day it takes effect does not date the issuing)
                not any(len(d.value) >= 7 and not EFFECTIVE_AFTER_RE.match(sent_view, d.end) for d in dates)
                or _RESTATED_CLAUSE_RE.search(sent_view)
                or RESTATEMENT_RE.match(sent_view)
            ):
                if (
                    readout
                    and readout[0] == prev_end
                    and ctx.view[prev_end - 1] in "；;"
                    and CLINICAL_RE.search(sent_view)
                ):
                    # …全部达到SRI-4应答；合并狼疮性肾炎的5例患者中…: the same readout's next clause
                    context = readout[1]
                elif doc.meeting_day and _OPENING_DAY_RE.search(sent_view):
                    context = doc.meeting_day  # 开幕式上，…发布《X》: the meeting's first day
                elif at_meeting and _AT_THE_MEETING_RE.match(sent_view):
                    context = at_meeting
                elif at_meeting and recap and dateline is None and CLINICAL_RE.search(sent_view):
                    # (a talk's own time, 报告时间：当地时间5月31日, dates its data better than the meeting)
                    context = at_meeting
                elif paper_day and CLINICAL_RE.search(sent_view):
                    context = paper_day  # 9月11日，《NEJM》在线发表了…研究。论文报告了8例患者的结果：…
                elif doc.meeting_day and (nth := _MEETING_NTH_DAY_RE.search(sent_view)):
                    # 大会第二天的专场上，…报告了…: the day after the opening
                    context = (
                        date.fromisoformat(doc.meeting_day) + timedelta(days="二三四五".index(nth.group(1)) + 1)
                    ).isoformat()
                elif last_day and _SAME_DAY_RE.search(sent_view):
                    context = last_day[1]  # 同日…印发
                elif last_dated and last_dated[0] == para_start and _SAME_TIME_LEAD_RE.match(sent_view):
                    context = last_dated[1]  # 今年6月，该院成为备案机构；与此同时，该院1个项目也完成备案
                elif last_dated and CONTINUATION_RE.match(sent_view) and last_dated[0] == para_start:
                    context = last_dated[1]  # "2024年3月…公布了数据。…结果显示…": the study's date
                elif results and results[0] == para_start and CLINICAL_RE.search(sent_view):
                    # 10月10日…在线发表了…研究。\n论文显示，…；7例患者中6例达到缓解: the results of the study
                    context = results[1]
                elif last_dated and last_dated[0] == para_start and RESTATEMENT_RE.match(sent_view):
                    context = last_dated[1]  # "1月2日…获批上市。…划重点：这是首款…": the step just told
                elif last_dated and (later := months_after(last_dated[1], sent_view)):
                    context = later  # 2014年6月，Kite上市…。仅仅过了两个月，Juno宣布融资…
                elif last_day and (next_day := days_after(last_day[1], sent_view)):
                    context = next_day  # 5月16日…获得受理。仅隔一天，该申请即出现在…公示名单中
                elif lead_date and lead_date[0] == prev_end and para_start < prev_end:
                    # "2025年1月2日，国家药监局的一纸批文改写了…。X获附条件批准上市": the sentence right
                    # before, in the same paragraph, dates the story it announces; a meeting's first day told
                    # as its span (12月6日至9日，…年会召开。X公布了…) dates what was told there by the meeting.
                    context = at_meeting if at_meeting and lead_date[1] == doc.meeting_day else lead_date[1]
                elif listed and listed[0] == para_start:
                    context = listed[1]  # 8月19日，CDE公示…，以下产品在列：\n1. X拟纳入优先审评: the list's day
                else:
                    if para_dates is None:
                        para_dates = paragraph_dates(index)
                    # A list of dated items (2021年4月8日\n…发布《X》): a date line heads its item.
                    context = nearest_paragraph_date(para_dates, para_start, s, e) or (
                        None
                        if dateline is not None
                        and doc.published is not None
                        and dateline == doc.published.isoformat()
                        and CLINICAL_RE.search(sent_view)
                        else dateline
                    )
            if context is not None and doc.published is not None and after_publication(context, doc.published):
                context = None  # 这项研究将于12月7日亮相。摘要显示…: a day to come dates nothing told now
            named_inn = [x for x in inn_drugs[ctx.field] if x.start >= s and x.end <= e] if inn_drugs[ctx.field] else []
            sentence = SentenceContext(
                ctx,
                s,
                e,
                sent_view,
                sorted(ents + named_inn, key=lambda x: x.start) if named_inn else ents,
                dates,
                context,
                prev_drug,
                # Only the sentence right before: 现印发给你们 refers to the title just named.
                titles[-1].canonical if (titles := titles_before(ctx, s)) else None,
                since,
                next(
                    (
                        x.canonical
                        for x in reversed(ctx.entities)
                        if x.type == "company" and para_start <= x.start and x.end <= s
                    ),
                    # 另外，公司同日公布… in a paragraph of its own: the firm of the headline, else the one the
                    # page speaks for (a prospectus's 2021年5月，公司完成天使轮融资)
                    headline_company or (doc.issuer if own_document else None),
                )
                if _COMPANY_ANAPHOR_RE.match(sent_view)
                else None,
                subject_product,
                topic_drug,
                told_application,
            )
            names_a_use = any(x.type == "indication" for x in ents)
            found_here = dated_by_study(_sentence_events(sentence, doc), study, sent_view, names_a_use)
            if all(ev.type == "clinical_result" for ev in found_here):
                # (…已于9月12日获得FDA临床试验许可: a sentence that tells a regulatory step presents no study)
                study = study_presented(sent_view, s, ents, dates) or study
            unnamed = productless_uses(found_here, bool(in_sentence))
            kinds = {APPLICATION_OF_TYPE[ev.type] for ev in found_here if ev.type in APPLICATION_OF_TYPE}
            if len(kinds) == 1:
                told_application = kinds.pop()  # 该申请 in a later sentence is this step's application
            readouts = [ev for ev in found_here if ev.type == "clinical_result"]
            if readouts:
                # (截至数据截止日，…；合并狼疮性肾炎的5例…: an undated clause of the readout keeps the study's date)
                chained = readout[1] if readout and readout[0] == prev_end else None
                readout = (e, next((ev.date for ev in readouts if ev.date), None) or chained, readouts)
            else:
                readout = None
            told_uses = told_uses_of(found_here, sent_view, e, any(x.type == "indication" for x in ents))
            # (…上市申请获受理，拟用于X及Y。…将该申请列入…优先审评: the application told is for both uses)
            if (SAME_USES_RE.search(sent_view) or APPLICATION_ANAPHOR_RE.search(sent_view)) and not any(
                x.type == "indication" for x in ents
            ):
                found_here = with_uses_told_before(found_here, events)
            events.extend(found_here)
            # (…印发《X》，自2026年4月1日起施行: the day a rule takes effect is not the story's last day)
            days = [d for d in dates if len(d.value) == 10 and not EFFECTIVE_AFTER_RE.match(sent_view, d.end)]
            if days:
                last_day = (para_start, _story_day(days, sent_view))
            # (8月19日，CDE公示…，以下产品在列：)
            listed = list_lead(ctx.view, s, e, para_start, last_day) or listed
            if (
                dates
                and len(dates[-1].value) >= 7
                and (not VAGUE_DATE_RE.match(sent_view, dates[-1].start) or STUDY_PUBLISHED_RE.search(sent_view))
            ):
                last_dated = (para_start, dates[-1].value)
            elif dates:
                last_dated = None  # a bare year is a horizon or a baseline, not the study's date
            elif last_day and context == last_day[1] and _SAME_DAY_RE.search(sent_view):
                last_dated = (para_start, context)  # 就在文件印发当天，…: what it tells happened that day
    events.extend(e for ctx in fields for e in labelled_filing_items(ctx, doc.dates[ctx.field], doc.signature))
    events.extend(e for ctx in fields for e in quoted_project_filings(ctx, doc.dates[ctx.field], published))
    events.extend(e for ctx in fields for e in filing_table_events(ctx, doc.dates[ctx.field], doc.signature, published))
    events.extend(
        e for ctx in fields for e in listed_product_events(ctx, doc.dates[ctx.field], published, doc.drug_company)
    )
    events.extend(e for ctx in fields for e in approval_table_events(ctx, doc.drug_company))
    rounds = [e for ctx in fields for e in financing_table_events(ctx, doc.dates[ctx.field])]
    if rounds:
        # (a row read as a sentence too, 11-05｜赛航生物｜Pre-A轮｜…｜X领投: the table reads it by its columns)
        rows = {(e.field, e.evidence_start) for e in rounds}
        events = [e for e in events if not (e.type == "financing" and (e.field, e.evidence_start) in rows)] + rounds
    events.extend(e for ctx in fields for e in use_table_events(ctx, doc.drug_company))
    events.extend(
        e for ctx in fields for e in product_list_events(ctx, doc.dates[ctx.field], published, doc.drug_company)
    )
    # A heading names the product only generically (关于干细胞注射液…的公告), and an approval letter
    # by its class (…受理的嵌合抗原受体自体T细胞注射液符合…要求); when the body names exactly one
    # product of its own, that is the one.
    own = {
        x.canonical
        for ctx in fields
        if ctx.field == "text"
        for x in ctx.entities
        if x.type == "drug" and not is_descriptive_name(x.canonical)
    }
    only = next(iter(own)) if len(own) == 1 else None
    if only:
        events = [
            replace(ev, drug=only) if ev.type in DRUG_EVENTS and ev.drug and is_descriptive_name(ev.drug) else ev
            for ev in events
        ]
    merged = with_cohort_uses(merge_in_document(events, doc.dates), fields)
    trial_licensed = {ev.drug for ev in [*merged, *register] if ev.type == "ind_approval" and ev.drug}
    approved = {ev.drug for ev in [*merged, *register] if ev.type == "drug_approval" and ev.drug}
    merged = [
        ev
        for ev in merged
        # X注射液获默示许可…。看点：X注射液…此次获批用于…: the page's trial licence told again, no marketing approval
        if not (ev.type == "drug_approval" and ev.drug in trial_licensed and _THIS_TIME_RE.search(ev.evidence))
        # 她是全省首例接受X治疗的患者…。去年11月，国家药监局批准X开展Ⅰ期临床试验: a trial's patient, no first use
        # of a product on the market
        and not (ev.type == "first_prescription" and ev.drug in trial_licensed - approved)
    ]
    if only:
        merged = [
            replace(ev, drug=only)
            if ev.type in DRUG_EVENTS and is_heading(ev) and (not ev.drug or is_descriptive_name(ev.drug))
            else ev
            for ev in merged
        ]
    issuer = _listed_company(fields)
    if issuer:
        merged = [
            replace(ev, company=issuer)
            if ev.company is None and ev.type not in ("policy_issued", "market_forecast") and not _industry_first(ev)
            else ev
            for ev in merged
        ]
    if filed:
        # 今年5月，我委印发《…实施细则》: a policy the notice tells beside the filed projects; 另，Y医院已于6月完成机构
        # 备案: another institution's filing, told after them.
        filers_listed = {ev.company for ev in filed}
        return filed + [
            ev
            for ev in merged
            if ev.type == "policy_issued"
            or (
                ev.type == "research_filing"
                and ev.company is not None
                and ev.company not in filers_listed
                and not any(f.evidence_start <= ev.evidence_start < f.evidence_end for f in filed)
            )
        ]
    if register:
        # 其中，X的上市申请于今年7月获得受理; 同日，Y被拟纳入突破性治疗品种: steps of named products the
        # records do not hold.
        recorded = {(ev.type, ev.drug) for ev in register}
        # A table (a research note's 已获批上市的产品, a digest's 默示许可一览) is one part of a page whose prose
        # tells its own forecasts, financings and policies (三、指导原则\n7月11日，药审中心发布《X》).
        numbers = {ev.acceptance_no for ev in register if ev.acceptance_no}
        # (a digest's closing table without dates, under items that told each step's day: 10月9日，X…获受理)
        told_on: dict[tuple[str, str | None], str | None] = {
            (ev.type, ev.drug): ev.date
            for ev in merged
            if ev.type in DRUG_EVENTS and ev.drug and len(ev.date or "") == 10
        }
        register = [
            replace(ev, date=told_on[(ev.type, ev.drug)])
            if ev.confidence < RECORD_DATED_CONFIDENCE and (ev.type, ev.drug) in told_on
            else ev
            for ev in register
        ]
        return register + [
            ev
            for ev in merged
            if ev.type in ("market_forecast", "financing", "policy_issued")
            or (
                ev.type in DRUG_EVENTS
                and ev.drug
                # (a record's class name, 自体抗CD19…注射液, is no product of the prose)
                and not is_descriptive_name(ev.drug)
                # (受理号解读：…临床试验申请，2025年受理 restates the record; 此外，Y…已于7月7日获受理，
                # 受理号CXSL2500628 is an application the records do not hold)
                and ("受理号" not in ev.evidence or _unrecorded_number(ev.evidence, numbers))
                # (a record's own row read as prose: its 纳入理由 cell 附条件批准 is no approval; a row the register
                # read and left out, a supplement's 批准（变更生产场地）, neither)
                and not any(no in ev.evidence for no in numbers)
                and not (is_table_row(ev.evidence) and ACCEPTANCE_NO_RE.search(ev.evidence))
                and (ev.type, ev.drug) not in recorded
            )
        ]
    return merged


_STOCK_NAME_RE = re.compile(r"(?:证券|股票)简称\s*[:：]\s*([\u4e00-\u9fffA-Z*]{2,8})")


_FIRST_OF_KIND_RE = re.compile(r"首(?:款|个|只)")
# The company's own first product: 公司首款…, 公司自主研发的首个… (in the same clause, just before the cue).
_OWN_PRODUCT_RE = re.compile(r"(?:公司|我司|旗下|自主研发)[^，,。；;：:]{0,8}$")


def _industry_first(ev: Event) -> bool:
    """An unnamed "first of its kind" (我国首款干细胞药品获批) that the announcing company only cites.

    Such a sentence is about the industry's milestone, not the announcer's product, unless the
    company owns it in the cue's clause (公司首款产品获批; not 公司注意到，首款…).
    """
    if ev.drug is not None or ev.type not in DRUG_EVENTS:
        return False
    cue = _FIRST_OF_KIND_RE.search(ev.evidence)
    return cue is not None and _OWN_PRODUCT_RE.search(ev.evidence[: cue.start()]) is None


def _listed_company(fields: Sequence[FieldContext]) -> str | None:
    """The listed company that issues an announcement (证券简称：X), if the document is one."""
    for ctx in fields:
        m = _STOCK_NAME_RE.search(ctx.view)
        if m:
            return m.group(1)
    return None


def _sole_entity(fields: Sequence[FieldContext], type_: str) -> str | None:
    """The one canonical of a type the document names, None when it names none or several."""
    names = {x.canonical for ctx in fields for x in ctx.entities if x.type == type_}
    return next(iter(names)) if len(names) == 1 else None


def _main_entity(fields: Sequence[FieldContext], type_: str) -> str | None:
    """Most frequent canonical of a type; title mentions count double (they name the topic)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    order = 0
    for ctx in fields:
        for ent in ctx.entities:
            if ent.type == type_:
                counts[ent.canonical] += 2 if ctx.field == "title" else 1
                first.setdefault(ent.canonical, order)
                order += 1
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -first[k]))


#: Whom a policy's measure is for (对…取得药品注册证书…的产品，给予…奖励): a description of who qualifies.
_ELIGIBLE_RE = re.compile(
    r"对[^。；，]{2,60}?的[^。；，]{0,30}?[，,]\s*(?:(?:分别|一次性|最高|按)[^。；，]{0,6}?)?(?:给予|奖励|补助|资助)"
)
#: A sentence that opens on a condition (若后续获批，…) and a clause that tells what would then be (将成为).
_CONDITION_LEAD_RE = re.compile(r"(?:^|[，,：:])\s*(?:如|若|如果|假如|倘若|一旦|若能|如能)[^。，；,;]{0,16}[，,]\s*$")
_WILL_BE_RE = re.compile(r"将(?:会)?(?:成为|是)")
#: A condition the step is only supposed in (如最终获批，…有望…; 一旦获批): nothing has happened.
_CONDITION_BEFORE_RE = re.compile(r"(?:如|若|如果|假如|倘若|一旦|若能|如能)[^。，；,;]{0,8}$")


def _cancelled(rule: Trigger, trig: int, sent: SentenceContext, plain: str) -> bool:
    """True when the sentence around a trigger reports no event: negated, hypothetical, hedged, background."""
    if NEGATION_RE.search(_clause_before(plain, trig) + plain[trig : trig + 6]):
        return True
    if _CONDITION_BEFORE_RE.search(_clause_before(plain, trig)):
        return True
    if any(m.start() < trig < m.end() for m in _ELIGIBLE_RE.finditer(plain)):
        return True  # 对首次取得药品注册证书的…产品，给予最高2000万元奖励: a policy's measure for whoever qualifies
    own_start = clause_start(plain, trig)
    if _WILL_BE_RE.search(plain, own_start, trig) and _CONDITION_LEAD_RE.search(plain, 0, own_start):
        return True  # 若后续获批，X将成为…第二款获批用于该适应症的…药物: what would follow the condition
    if rule.type == "drug_approval" and _MARKETED_LIST_RE.search(plain, 0, trig):
        return True  # 已上市的同靶点产品包括X（2021年6月获批上市）和Y: a list of what is on the market
    if (
        rule.type == "drug_approval"
        and _REFERENCE_STEP_RE.match(plain, trig)
        and not _TIME_JUST_BEFORE_RE.search(plain, 0, trig)
    ):
        # 该产品获批上市后开出的首张处方: the approval is the reference point of what follows (but 该产品11月获批上市后
        # 开出的…: the approval dated on the way is told too)
        return True
    clause = _clause_around(plain, trig)
    if _NON_EVENT_CLAUSE_SCAN.search(clause):
        return True
    if _AFTER_STEP_END_RE.search(clause) and not (_MONTH_OR_DAY_RE.search(clause) or _PART_OF_YEAR_RE.search(clause)):
        # 获批上市后，…: what follows the step, unless the clause dates the step (于今年9月获批准上市后，首张处方已于…)
        return True
    if any(m.start() < trig < m.end() for m in _TIME_BETWEEN_RE.finditer(plain)):
        return True  # 从受理到获批用了约六个月: the time between two steps, neither of them news
    if any(a < trig < b for a, b in sent.periods):
        return True  # 自2017年首款产品Kymriah获批以来: the start of a period, not the news
    stop = _CLAUSE_STOP_RE.search(plain, trig, trig + 24)
    if _ELAPSED_SINCE_RE.search(
        plain, trig, stop.start() if stop else min(trig + 24, len(plain))
    ) and not _MONTH_OR_DAY_RE.search(plain, clause_start(plain, trig), trig):
        # 睿铂生获批已近半年, X（商品名：源瑞达）已上市一年有余: the time since an approval, not the approval
        # (距该产品去年12月获批上市不足一个月: an approval the clause dates is told, with the time since)
        return True
    if rule.date != "statement" and _HEDGE_SCAN.search(plain[trig : clause_end(plain, trig)]):
        return True  # 纳入优先审评有望缩短审评时限: an expected effect, not the event
    if rule.type in DRUG_EVENTS and _EXPECTED_STEP_RE.search(plain, clause_start(plain, trig), trig):
        return True  # 我们预计其有望于2026年下半年获批: a step expected, not taken
    # 目前已有多款CAR-T获批，2024年2月X获FDA批准上市: the cue makes only its own clause background
    # (已有…获批, 已完成6轮融资).
    if rule.background is None or rule.background.search(_clause_around(sent.text, trig)) is None:
        return False
    # 开出两款新药的首张处方：一张为X…, 分别为X和Y: the products counted are then named, one event each.
    member = _LIST_MEMBER_RE.search(sent.text, trig) if rule.type in DESIGNATION_TYPES else None
    listed = member or _ENUMERATION_RE.search(sent.text, trig)
    named_after = {
        x.canonical for x in sent.entities if x.type == "drug" and listed and x.start - sent.start >= listed.end()
    }
    return not named_after


def _hedged(rule: Trigger, trig: int, plain: str) -> bool:
    """A hedge in the sentence head before the trigger (公司拟…，募集资金…) halves the confidence."""
    head = plain[max(0, trig - 40) : trig]
    hedge = _HEDGE_SCAN.search(head)
    if rule.date == "statement" or hedge is None:
        return False
    return not (rule.firm_hedge and rule.firm_hedge.match(plain[trig - len(head) + hedge.start() :]))


#: A list of products already on the market (目前已上市的…产品包括…): their approvals are background.
_MARKETED_LIST_RE = re.compile(r"已(?:获批)?上市的[^。；]{0,40}?(?:包括|有)")


#: What may open a sentence before its subject: nothing, or a time (同年12月，信念医药在…).
_LEADING_TIME_RE = re.compile(
    r"\s*(?:(?:[\d一二三四五六七八九十〇]+|[同今去次当前上本])[年月日号底初][\d月日号底初中旬下上]*[，,\s]*)?"
)


def _financed(sent: SentenceContext, trig: int, investors: tuple[str, ...], issuer: str | None) -> list[str]:
    """Candidates for the company a financing is about, best first; never one of its investors."""
    choices = [c for c in canon_list(sent.entities, "company") if c not in investors]
    # The company raising is the subject right before 完成…融资, not a parent named earlier.
    before = [
        x.canonical
        for x in sent.entities
        if x.type == "company" and x.end <= sent.start + trig and x.canonical not in investors
    ]
    if before:
        choices = [before[-1]] + [c for c in choices if c != before[-1]]
    inv = _INVESTEE_RE.search(sent.text, max(0, trig - 2))
    after = [x.canonical for x in sent.entities if inv and x.type == "company" and x.start >= sent.start + inv.end()]
    if inv and inv.group(0) in ("认购", "入股") and after:
        choices = [after[0]] + [c for c in choices if c != after[0]]
    if not choices and issuer and issuer not in investors:
        choices = [issuer]  # 该公司完成…融资，由X领投: the only firm named is the investor, not the one raising
    return choices


def _sentence_events(sent: SentenceContext, doc: DocumentFacts) -> list[Event]:
    """The events the trigger table finds in one sentence, with their arguments."""
    facts = SentenceFacts(
        sent.text,
        sent.entities,
        sent.start,
        doc.issuer,
        sent.prev_policy,
        sent.prev_company,
        sent.subject_product,
        sent.told_application,
    )
    hits = match_triggers(facts)
    if not hits:
        return []
    amounts = parse_amounts(sent.text) if any(h.rule.type in ("financing", "market_forecast") for h in hits) else []
    acc = _ACCEPTANCE_NO_SCAN.search(sent.text)
    out: list[Event] = []
    # Words inside a policy title (三年行动计划, 暂行办法) are its name, not hedges or negations.
    plain = _mask_titles(
        sent.text, [(x.start - sent.start, x.end - sent.start) for x in sent.entities if x.type == "policy"]
    )
    respective = respective_step_dates(sent, hits)
    for hit in hits:
        rule, trig = hit.rule, hit.position
        type_ = rule.type
        if _cancelled(rule, trig, sent, plain):
            continue
        conf = rule.confidence * (0.5 if _hedged(rule, trig, plain) else 1.0)
        # A date in the clause of another, earlier trigger is that event's date (该申请于2024年12月
        # 获得受理，…视为同意开展临床试验: the approval is not dated 2024-12).
        # (…于2022年12月获受理并被纳入优先审评: two steps joined by 并 in one clause share its date)
        scope = max(
            [
                _scope_end(sent.text, h)
                for h in hits
                if h.position < trig and not _JOINED_RE.fullmatch(sent.text, h.position, trig)
            ]
            + [0]
        )
        # …and a date in the clause of a later trigger is that one's (此前被纳入优先审评，并于2025年5月获批上市).
        until = min([clause_start(sent.text, h.position) for h in hits if h.position > trig] + [len(sent.text)])
        dated = (
            (respective[trig], False)
            if trig in respective
            else event_date(rule, trig, (scope, max(until, trig + 1)), sent, doc, plain)
        )
        if dated is None:
            continue
        date_value, date_fallback = dated
        if date_fallback:
            conf -= 0.05
        chosen = event_drugs(rule, trig, sent, conf, doc.sole_drug)
        if chosen is None:
            continue
        drug_values, conf = chosen
        investors = _investors(sent.text, sent.entities, sent.start) if type_ == "financing" else ()
        company_choices = (
            _financed(sent, trig, investors, doc.issuer or facts.prev_company)
            if type_ == "financing"
            else [c for c in canon_list(sent.entities, "company") if c not in investors]
        )
        policies = canon_list(sent.entities, "policy") or ([sent.prev_policy] if sent.prev_policy else [])
        if rule.find is issued_previous_policy and sent.prev_policy:
            policies = [sent.prev_policy]  # 根据《程序》…现予发布: the title before, not the one cited
            if PLURAL_POLICY_ANAPHOR_RE.match(sent.text):
                # 《A》与《B》昨日正式施行。这两部法律于…由总统公布: every title of the sentence before
                policies = canon_list(titles_before(sent.ctx, sent.start), "policy") or policies
            else:
                # 组织制定了《A》和《B》（见附件）。…现予发布: the titles named together before
                policies = joined_titles_before(sent.ctx, sent.start) or policies
        regions = canon_list(sent.entities, "region")
        issuers = canon_list(sent.entities, "authority")
        # …取得KRD-201的临床试验批准，KRD-305是公司在自身免疫性疾病领域…: a disease named after another
        # product that follows the trigger is that product's.
        other_drug = next(
            (
                x.start
                for x in sent.entities
                if x.type == "drug"
                and x.start > sent.start + trig
                and x.canonical not in drug_values
                and not names_again(sent, x, drug_values)
            ),
            None,
        )
        own = [x for x in sent.entities if other_drug is None or x.type != "indication" or x.start < other_drug]
        in_clauses = [x for x in own if x.type != "indication" or scope <= x.start - sent.start < until]
        if sum(h.rule.type == type_ for h in hits) > 1:
            # (去年12月获FDA批准用于A，今年1月又获批B适应症: each approval of the sentence has its own clauses' uses)
            own = in_clauses
        elif sum(h.rule.type in DRUG_EVENTS for h in hits) > 1 and any(x.type == "indication" for x in in_clauses):
            # (用于A的适应症已于9月被纳入突破性治疗品种，用于B的临床试验申请则在去年12月取得默示许可: steps of two
            # kinds, each told with its own use)
            own = in_clauses
        # 自身免疫疾病CAR-T产品X注射液用于系统性硬化症: a field named before the product describes it; the use
        # named after it is the application's.
        first_drug = min((x.start for x in own if x.type == "drug" and x.canonical in drug_values), default=None)
        if first_drug is not None and any(x.type == "indication" and x.start > first_drug for x in own):
            own = [x for x in own if x.type != "indication" or x.start > first_drug]
        # …于2023年12月获批用于X，2024年1月又获批用于Y: a step told again takes the uses of its own stretch
        again = [h.position for h in hits if h.rule.type == type_ and h.position != trig]
        if again:
            lo = max([clause_end(sent.text, p) for p in again if p < trig] + [0]) + sent.start
            hi = min([clause_start(sent.text, p) for p in again if p > trig] + [len(sent.text)]) + sent.start
            if any(x.type == "indication" and lo <= x.start < hi for x in own):
                own = [x for x in own if x.type != "indication" or lo <= x.start < hi]
        # …获得临床试验批准，拟用于X，国内同类在研产品适应症覆盖Y、Z: a later clause about other products
        other_subject = _OTHER_SUBJECT_RE.search(sent.text, trig)
        if other_subject is not None:
            own = [x for x in own if x.type != "indication" or x.start - sent.start < other_subject.start()]
        # 科济生物专注实体瘤CAR-T，其针对肝细胞癌的…: the field a firm works in is not the product's use
        focus = [(m.start() + sent.start, m.end() + sent.start) for m in _FIRM_FOCUS_RE.finditer(sent.text)]
        if focus and any(x.type == "indication" and not any(a <= x.start < b for a, b in focus) for x in own):
            own = [x for x in own if x.type != "indication" or not any(a <= x.start < b for a, b in focus)]
        indications: list[str | None] = list(listed_indications(sent.text, sent.start, own)) or [None]
        if type_ not in PER_INDICATION or len(drug_values) > 1:
            # Several products with several indications (分别用于…) pair up; only one product's
            # list gives one event per indication.
            indications = indications[:1]
        # (…用于多系统萎缩的临床试验申请已于本月获批，这是该产品继帕金森病之后获准…的第二个适应症: the use named as the
        # reference point was granted earlier, at a time the sentence does not tell)
        earlier_uses = referenced_only(sent, trig, "indication") if "继" in sent.text else set()
        if type_ == "drug_approval" and ("获批" in sent.text or "扩" in sent.text):
            # (…于2021年2月获FDA批准上市，用于X，此后又陆续获批用于Y和Z; 随后扩及Y: the later uses at times not told)
            earlier_uses |= later_uses(sent, trig, "indication")
        amount: Amount | None = None
        if type_ == "market_forecast" and amounts:
            # (2024年…约为820亿元；报告预计…将超过3000亿元: the size the forecast's cue leads to, not the history
            # before it; 将从820亿元增长至3000亿元: the last of its stretch)
            stretch = _FORECAST_STRETCH_END_RE.search(sent.text, trig)
            ahead = [
                a for start, _end, a in amounts if trig <= start < (stretch.start() if stretch else len(sent.text))
            ]
            amount = ahead[-1] if ahead else amounts[-1][2]
        elif type_ == "financing" and amounts:
            amount = _own_amount(amounts, trig, sent.text, [h.position for h in hits if h.rule.type == type_])
        # Of several rounds in one sentence each has its own name (2021年完成A轮融资，2023年完成B轮融资).
        own_clause = _clause_around(sent.text, trig) if sum(h.rule.type == type_ for h in hits) > 1 else None
        whens = (
            respective_dates(sent, trig, len(drug_values))
            or bracketed_dates(sent, drug_values)
            or clause_dates(sent, drug_values)
            or [date_value] * len(drug_values)
        )
        variants = [(drug, when, amount) for drug, when in zip(drug_values, whens, strict=True)]
        policy_values: list[str | None] = [
            policies[0] if policies and type_ in ("policy_issued", "research_filing") else None
        ]
        if type_ == "policy_issued":
            # 发布《A》《B》: every title the verb governs in its clause is a policy issued, one event each.
            governed = canon_list(
                [x for x in sent.entities if trig <= x.start - sent.start < governed_end(sent.text, trig)], "policy"
            )
            told_before: list[str | None] = list(policies) if rule.find is issued_previous_policy else []
            policy_values = list(governed or joined_subjects(sent, trig)) or told_before or policy_values
        for (drug, when, amount_value), policy in itertools.product(variants, policy_values):
            region = regions[0] if regions else None
            if region is None and type_ == "policy_issued":
                region = next(
                    (r for key in ([policy] if policy else []) + issuers for r in doc.regions_in.get(key, ())), None
                )
            owner = company_choices[0] if company_choices else None
            if drug and type_ in DRUG_EVENTS and drug in doc.drug_company:
                # A known product's owner beats whoever else the sentence names (an observer).
                owner = doc.drug_company[drug]
            if type_ in ("policy_issued", "market_forecast"):
                owner = None
            filers = listed_filers(sent, trig) if type_ == "research_filing" else []
            uses = indications
            if drug and len(drug_values) > 1 and type_ in DRUG_EVENTS:
                # several products, each with its own use and maker in its clause (分别是A公司用于X的「P」，以及…)
                uses = [clause_partner(sent, drug, "indication") or indications[0]]
                if drug not in doc.drug_company:
                    owner = clause_partner(sent, drug, "company") or owner
            for company, indication in itertools.product(filers or [owner], uses):
                inherited = indication is None and type_ in DRUG_EVENTS and drug and drug == doc.main_drug
                if inherited:
                    # The document's main use, not the sentence's: a restated earlier step may have had another.
                    indication = doc.main_indication
                out.append(
                    Event(
                        type=type_,
                        date=None if indication in earlier_uses else when,
                        drug=drug,
                        company=company,
                        indication=indication if type_ not in ("financing", "policy_issued") else None,
                        policy=policy,
                        region=region,
                        amount=amount_value,
                        evidence=sent.ctx.original[sent.start : sent.end],
                        field=sent.ctx.field,
                        evidence_start=sent.start,
                        evidence_end=sent.end,
                        confidence=max(0.0, min(1.0, conf - (0.1 if inherited and indication else 0.0))),
                        issuer=issuers[0] if issuers else None,
                        round=_round(own_clause or sent.text) if type_ == "financing" else None,
                        investors=investors,
                        acceptance_no=acc.group(1) if acc else None,
                    )
                )
    return out


#: Where a forecast's sizes end: its sentence or line (a heading's forecast is not the body's history below it).
_FORECAST_STRETCH_END_RE = re.compile(r"[；;。\n]")
#: The day of an earlier announcement a step was disclosed in (如本公司日期为2026年1月20日的公告所披露，X已获批准):
#: the announcement's, not the step's.
_ANNOUNCEMENT_DAY_RE = re.compile(r"日期为\s*$")
_ANNOUNCEMENT_AFTER_RE = re.compile(r"\s*(?:的|之)(?:公告|通函|招股章程)")
#: A year that names a version of criteria or a guideline (2016年ACR/EULAR标准, 2022年版指南): no date.
_VERSION_AFTER_RE = re.compile(r"\s*(?:版|[A-Z][A-Z/&-]{1,15}\s*(?:标准|指南|分类|共识))")
#: Two steps in one clause joined by 并 (受理并被纳入…): from the first trigger to the second.
_JOINED_RE = re.compile(r"[^，,。；;]{0,20}?(?:并|且)(?:被|获得?|授予|给予|纳入)?")
#: A clause that turns to other products (，国内同类在研产品…, ；其他…): its diseases are not the event's.
_OTHER_SUBJECT_RE = re.compile(r"[，,；;]\s*(?:国内|国外|全球|海外)?(?:同类|其他|其它|另有)")


def _scope_end(text: str, hit: Hit) -> int:
    """Where the dates of an earlier trigger stop: its clause, or the attribute it is (去年9月获批的X已于…)."""
    if hit.rule.name == "dated_attribute_approval":
        return text.find("的", hit.position) + 1
    return clause_end(text, hit.position)


def _own_amount(
    amounts: Sequence[tuple[int, int, Amount]], trig: int, text: str, rounds: Sequence[int]
) -> Amount | None:
    """The amount of one financing among the sentence's: in its clause, else the first after it.

    2021年完成1亿元A轮融资，2023年完成3亿元B轮融资: each round has its own. With one round the
    sentence's first amount is its own, wherever it stands.
    """
    if len(rounds) == 1:
        return amounts[0][2]
    start, end = clause_start(text, trig), clause_end(text, trig)
    later = [r for r in rounds if r > trig]
    until = clause_start(text, later[0]) if later else len(text)
    own = [a for a in amounts if start <= a[0] < end] or [
        a for a in amounts if trig <= a[0] < until and not AGGREGATE_RE.search(_clause_around(text, a[0]))
    ]
    return own[0][2] if own else None  # 累计融资超过5亿元 is no round's amount


def _mask_titles(sent: str, spans: Sequence[tuple[int, int]]) -> str:
    """The sentence with each span blanked out (same length, so offsets still hold)."""
    chars = list(sent)
    for a, b in spans:
        chars[max(0, a) : max(0, b)] = "□" * (max(0, b) - max(0, a))
    return "".join(chars)


def _clause_before(sent: str, trig: int) -> str:
    """Text from the start of the trigger's clause (after the last comma) up to the trigger."""
    return sent[max(clause_start(sent, trig), trig - 30) : trig]


def _clause_around(sent: str, trig: int) -> str:
    """The whole clause (between clause breaks) that contains the trigger."""
    return sent[clause_start(sent, trig) : clause_end(sent, trig)]


def _investors(sent: str, ents: Sequence[Entity], offset: int) -> tuple[str, ...]:
    """Companies named as investors: those before a 领投/跟投/参投 cue or after 由/获."""
    # Names of investment firms (星河资本, 某某创投) are investors wherever they stand.
    out: list[str] = [x.canonical for x in ents if x.type == "company" and x.source == "investor"]
    for m in _INVESTOR_CUE_RE.finditer(sent):
        cue = m.start() + offset
        # Investors are listed between the previous 由/，/、 clause start and the cue.
        clause_start = max(sent.rfind(ch, 0, m.start()) for ch in "由，,；获") + offset
        for x in ents:
            if x.type == "company" and clause_start <= x.start < cue and x.canonical not in out:
                out.append(x.canonical)
    return tuple(out)


#: A round named for who invested in it (天使轮投资方继续加注): an earlier round, not the one told.
_ROUND_INVESTORS_NEXT_RE = re.compile(r"(?:的)?(?:投资方|投资人|投资者|股东|老股东|领投方)")


def _round(sent: str) -> str | None:
    """Normalised round name (Pre-A轮, B+轮, IPO …)."""
    m = next((m for m in ROUND_RE.finditer(sent) if not _ROUND_INVESTORS_NEXT_RE.match(sent, m.end())), None)
    if not m:
        return None
    if m.group(1) in ("挂牌上市", "主板上市"):
        return "IPO"
    return m.group(1).replace("PRE-", "Pre-")


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_MEETING_HELD_SCAN = GatedPattern(_MEETING_HELD_RE)
# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
_NON_EVENT_CLAUSE_SCAN = lead_gated(_NON_EVENT_CLAUSE_RE)
_HEDGE_SCAN = lead_gated(HEDGE_RE)
_ACCEPTANCE_NO_SCAN = lead_gated(ACCEPTANCE_NO_RE)
