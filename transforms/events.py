"""Sentence-scoped event extraction for the ten DOMAIN.md event types.

Each sentence is tested against trigger patterns; an event takes its arguments from the
entities of the same sentence (falling back to the document's main drug for drug-centred
events), its date from date expressions in the sentence, and its amount from money
expressions. Negated sentences (尚未, 未获 …) yield nothing; hedged ones (拟, 计划, 有望 …)
yield events with halved confidence, which the engine's threshold then drops by default.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from transforms.amounts import parse_amounts
from transforms.dates import DATE_RE, DateMention, compatible, find_dates
from transforms.tagger import ACCEPTANCE_NO_RE, decode_acceptance_number
from transforms.types import Amount, Entity, Event, Field

DRUG_EVENTS = frozenset(
    {"drug_approval", "nda_accepted", "ind_approval", "ind_accepted", "clinical_result", "first_prescription"}
)

_IND_APPROVAL_RE = re.compile(
    r"默示许可|临床试验批准通知书|临床试验通知书|(?:临床试验申请|临床申请|IND申请|IND)(?:正式|已)?(?:获得?|获)(?:批准|批|准|许可)"
    r"|获批(?:开展)?(?:临床|I期|II期|III期|Ⅰ期|Ⅱ期|Ⅲ期|注册临床|IND)|批准(?:其|该产品|本品)?(?:开展)?(?:临床试验|I期|II期|Ⅰ期|Ⅱ期)"
    r"|(?:临床试验申请|IND申请|IND)[^。，；]{0,6}?获得?[^。，；]{0,12}?(?:批准|许可)"
    r"|获得?(?:药物)?临床试验(?:许可|批件|批准)|获准(?:开展|进行|于)[^。；]{0,30}临床试验|临床(?:试验)?许可|(?:IND|临床)获批|同意(?:其|本品|该产品|该新药|该药品)?开展(?:[^。；]{0,20}?)(?:临床|I期|II期|Ⅰ期|Ⅱ期)"
    r"|获批开展[^。；]{0,30}临床试验"
    r"|获得?[^。；，]{0,40}?(?:药物|新药)?临床试验(?:[（(]IND[）)])?(?:批准|许可)(?!申请)"
    r"|批准(?:其)?开展(?:新药|药物)临床试验|(?:IND|临床试验)?(?:书面)?许可函"
)
_WEAK_APPROVAL_RE = re.compile(r"(?<!首款)(?<!首个)(?<!从)获批(?!临床|开展|的|上市的|IND|I期|II期|III期)")
_APPROVAL_RE = re.compile(
    r"获批上市|批准上市|附条件批准|附条件获批|获准上市|上市申请(?:已|正式)?获(?:得)?(?:国家药监局|NMPA)?(?:的)?批准"
    r"|批准(?:其|该产品|该药)?(?:注册|上市)|获得?(?:国家药监局|NMPA)?(?:的)?上市批准|(?:正式)?获(?:国家药监局|NMPA)(?:附条件)?批准(?:上市)?"
    r"|正式获批|成功获批|获得批准上市|获批(?:用于|治疗)|有条件批准|批准[^。，；]{2,40}?上市|药品注册证书"
)
_NDA_RE = re.compile(
    r"(?<!申请)纳入优先审评|(?<!申请纳入)优先审评(?:审批)?(?:程序|品种|资格)"
    r"|(?:上市申请|上市许可申请|NDA|BLA|sNDA|sBLA|上市注册申请|补充申请|新适应症(?:上市)?(?:许可)?申请)[^。；]{0,40}受理"
    r"|受理[^。；]{0,40}(?:上市申请|上市许可申请|NDA|BLA)"
)
# "受理号：…" / "受理号为…" only quotes a number; the acceptance itself is "获得受理", "予以受理" …
_ACCEPT_RE = re.compile(r"受理(?!号)|承办(?!日期)")
_IND_WORD_RE = re.compile(r"临床|IND|CXSL|JXSL|CXHL|JXHL")
_CLINICAL_RE = re.compile(
    r"(?:I|II|III|IV|Ⅰ|Ⅱ|Ⅲ|Ⅳ|1|2|3)期(?:临床)?(?:研究|试验)?(?:初步)?数据|公布[^。]{0,30}数据|客观缓解率|ORR|完全缓解率|完全缓解|CR率|总缓解率|缓解率|有效率|中位(?:无进展)?生存|PFS|总生存期|读出|顶线数据"
    r"|积极结果|达到(?:主要)?终点|主要终点|临床数据|研究数据|研究结果|试验结果|疗效数据|随访数据|结果显示"
    r"|(?:公布|披露|发布|报告)[^。]{0,60}(?:研究|试验|随访|受试者)[^。，；]{0,8}(?:结果|数据)"
)
_FILING_RE = re.compile(
    r"(?:完成|通过|获得?|取得|予以|新增|成功|正式|获准)[^。，；、]{0,14}备案|备案(?:成功|获批|通过)|备案(?:项目|机构)(?:名单|公示)"
)
#: An item of a filing list: …项目名称…，备案日期：2025年10月9日.
_FILING_ITEM_RE = re.compile(r"备案(?:日期|时间)\s*[:：]")
_FILING_CTX_RE = re.compile(r"干细胞|临床研究|研究项目|研究机构|体细胞|细胞治疗")
_POLICY_RE = re.compile(r"印发|发布|出台|施行|实施|公布|颁布|审议通过|正式生效|下发|推出|公开发布")
_DRAFT_RE = re.compile(r"征求意见")
_FINANCING_RE = re.compile(
    r"(?:完成|宣布|获得?|斩获)[^。；，]{0,24}?(?:轮|融资|战略投资|投资)|融资|募资|募集资金|IPO|首次公开发行|挂牌上市|登陆(?:港交所|科创板|创业板|纳斯达克|北交所)"
    r"|港股上市|战略投资|领投|增资|定增|定向增发|配售|全球发售|认购[^。；]{0,20}?(?:注册资本|新股|股份|股权)|入股"
)
#: Completed listings and placings are financings even when the sentence gives no amount.
_LISTING_RE = re.compile(
    r"挂牌上市|主板上市|上市首日|登陆(?:港交所|科创板|创业板|纳斯达克|北交所)|配售事项[^。；]{0,20}完成|完成[^。；]{0,10}配售"
)
#: An investment into a named company: the company after the verb is the one financed.
_INVESTEE_RE = re.compile(r"认购|入股|增资|投资")
#: Citing or dating an existing policy is no issuance: 根据《X》, 自《X》实施以来.
_POLICY_CITED_RE = re.compile(r"(?:根据|依据|按照|参照|依照|遵照|对照|符合|落实|贯彻|执行|自|在)\s*$")
_POLICY_SINCE_RE = re.compile(r"^[^，,。；;]{0,6}(?:以来|之后|后|前|中|期间|时)")
#: A date that is a data cutoff (截至2025年9月30日数据截止日) does not date the readout.
_CUTOFF_BEFORE_RE = re.compile(r"(?:截至|截止|截止到|截止至)\s*$")
_CUTOFF_AFTER_RE = re.compile(r"^\s*(?:的)?(?:数据)?截止")
#: A sentence that continues the previous one's event (…收到统计分析报告。结果显示，…).
_CONTINUATION_RE = re.compile(
    r"^\s*(?:结果显示|数据显示|研究显示|分析显示|报告显示|其中|该试验|该研究|试验结果|研究结果|这是|这也是|此次为)"
)
_SAME_DAY_RE = re.compile(r"同日|当日|当天|同一天")
_DAY_RE = re.compile(r"\d\s*日")
#: A line that is only a date: the signature date of a notice or announcement.
_SIGNATURE_DATE_RE = re.compile(r"^\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$", re.M)
_ROUND_RE = re.compile(
    r"(挂牌上市|主板上市|种子轮|天使\+?轮|PRE-A\+?轮|A\+{0,2}轮|B\+?轮|C\+?轮|D\+?轮|E\+?轮|F轮|PRE-IPO轮|战略融资|战略投资|IPO|首次公开发行|定增|定向增发)"
)
_INVESTOR_CUE_RE = re.compile(r"领投|跟投|参投|联合投资|共同投资|追加投资|老股东")
_FORECAST_RE = re.compile(r"市场规模|市场空间|行业规模|产业规模|市场容量|市场总额|规模(?:将|有望|预计)")
_FIRST_RX_RE = re.compile(
    r"首张处方|首张商业化处方|首批商业化|首方|开出首|首批处方|首个商业化|商业化首|商业化上市|正式商业化|首例商业化|商业化落地|落地首|首单|首针"
    r"|正式上市销售|上市销售|商业化回输|首批(?:患者)?(?:完成)?回输"
)
_NEGATION_RE = re.compile(r"尚未|未获|未能|没有|并未|不予|未通过|驳回|撤回|暂停|否决|未被")
_HEDGE_RE = re.compile(r"拟|计划|有望|或将|将于|将在|争取|力争|即将|准备|期待|可能|预期")
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_HEDGE_EXEMPT_RE = re.compile(r"^拟(?:将[^。，；]{0,30})?(?:纳入|列入)优先审评")
# "已有…等多款产品获批上市", "截至…累计完成备案": statistics about past events, not an event.
_BACKGROUND_RE = re.compile(r"已有|先后有|累计|共有|截至|截止|多款|等\d*[款个]")
_STATISTIC_RE = re.compile(r"已有|累计|共有|截至|截止")
_CLAUSE_BREAK = "，,；;：:"
_DATE_LABEL_RE = re.compile(r"(?:日期|时间)\s*[:：]?\s*$")
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
    r"若(?!干)|如果|假如|一旦|如能|只要|只有|随着"
    r"|(?:上市|获批|批准|受理|通过|备案)(?:之)?后(?:将|可|方可|才|有望|即可|能够|$)|方可|才能"
    # a class of beneficiaries in a policy: 对完成项目备案并开展研究的医疗机构，给予…
    r"|对[^，。；]{0,30}(?:备案|获批|批准|受理)[^，。；]{0,16}的(?:医疗机构|企业|单位|机构|产品|药品|项目)"
    r"|需经历|需经过|需经|尚需|仍需|还需|须经|不代表|不等同|不意味着"
    r"|有利于|有助于|旨在|以便"
    # Possibilities and requirements (既可在卫健委完成备案, 应当向药监局申报): rules, not events.
    r"|既可|亦可|也可以|可以在|可在|可向|需在|需向|须在|须向|应在|应向|应当|必须"
)
#: A claim reported by others (有媒体发布文章称“…已获批上市”, 市场传闻…) that the document
#: itself does not assert; in a clarification notice (澄清公告) it is the thing being denied.
_REPORTED_CLAIM_RE = re.compile(r"(?:报道|文章|传闻|传言|网传|消息|帖子|自媒体|媒体)[^。；]{0,12}称|传闻|传言|网传")
_CLARIFICATION_RE = re.compile(r"澄清")
_TITLE_RE = re.compile(r"《[^《》]{1,80}》")
_UNDATED_BACKGROUND_RE = re.compile(r"此前|先前|早前|之前已")
_ATTRIBUTE_AFTER_RE = re.compile(r"(?:之?后)?的")
#: A question asks whether something happened (是否已经获批上市？); it reports nothing.
_QUESTION_RE = re.compile(r"[?？]\s*$|是否|吗\s*[?？。]?\s*$")
#: Explicit reference back to a product named earlier (该药品, 本品, 上述产品 …).
_ANAPHOR_RE = re.compile(
    r"(?:该|此|本|上述|前述)(?:款)?(?:药品|产品|药物|新药|注射液|候选药物|候选产品|品种|疗法|制剂|(?:上市|临床试验|临床)?申请|试验|研究|项目)"
    r"|本品|该药(?!监)|此药|(?:批准|同意|授予)其"
)
#: Drug events that are meaningless without a named product.
_NEEDS_DRUG = frozenset({"drug_approval", "nda_accepted", "ind_approval", "ind_accepted", "first_prescription"})
_METRIC_RE = re.compile(r"\d+(?:\.\d+)?\s*%")
#: An announcement's heading repeated in the body (关于…的公告): it plays the title's role.
_HEADING_RE = re.compile(r"^关于[^。，,；;]{2,80}$")
_YEAR_MENTION_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# Cheap pre-filter: a sentence without any of these cannot yield an event.
_ANY_TRIGGER_RE = re.compile(
    "|".join(
        r.pattern
        for r in (
            _IND_APPROVAL_RE,
            _APPROVAL_RE,
            _WEAK_APPROVAL_RE,
            _NDA_RE,
            _ACCEPT_RE,
            _CLINICAL_RE,
            _FILING_RE,
            _POLICY_RE,
            _FINANCING_RE,
            _FILING_ITEM_RE,
            _FORECAST_RE,
            _FIRST_RX_RE,
        )
    )
)


@dataclass(frozen=True, slots=True)
class FieldContext:
    """One field of a document, ready for event extraction.

    Attributes:
        field: ``"title"`` or ``"text"``.
        original: Original text.
        view: Analysis view (same length).
        sentences: Sentence spans.
        entities: All mentions in the field, guards included, in offset order.
    """

    field: Field
    original: str
    view: str
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]


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
    drug_company = drug_company or {}
    regions_in = regions_in or {}
    clarification = any(_CLARIFICATION_RE.search(ctx.view) for ctx in fields if ctx.field == "title")
    for ctx in fields:
        if ctx.field == "text":
            record = _record_events(ctx, fields, published, drug_company)
            if record:
                return record
    main_drug: str | None = None
    main_indication: str | None = None
    issuer: str | None = None
    signature: str | None = None
    doc_facts = False  # the document-wide arguments above are computed at the first trigger
    events: list[Event] = []
    last_drug: str | None = None  # most recent drug mention before the current sentence
    for ctx in fields:
        last_year: int | None = None
        last_day: tuple[int, str] | None = None  # (paragraph start, YYYY-MM-DD) of the latest full date
        para_dates: list[tuple[int, int, str]] | None = None
        drug_mentions = [x for x in ctx.entities if x.type == "drug"]
        for s, e in ctx.sentences:
            sent_view = ctx.view[s:e]
            prev_drug = last_drug
            for x in drug_mentions:
                if x.start < e and not (last_drug and _descriptive(x.canonical) and not _descriptive(last_drug)):
                    # 该申请 after "ZYX-201注射液为人脐带间充质干细胞注射液" means ZYX-201, not the description.
                    last_drug = x.canonical
            if not sent_view.strip():
                continue
            para_start = ctx.view.rfind("\n", 0, s) + 1
            if (
                not _ANY_TRIGGER_RE.search(sent_view)
                or _NON_EVENT_SENT_RE.search(sent_view)
                or _QUESTION_RE.search(sent_view)
                or (clarification and _REPORTED_CLAIM_RE.search(sent_view))
            ):
                # No event here; only remember the year for a later 同年 and a day for 同日.
                years = _YEAR_MENTION_RE.findall(sent_view)
                if years:
                    last_year = int(years[-1])
                if _DAY_RE.search(sent_view):
                    days = [d for d in find_dates(sent_view, published, same_year=last_year) if len(d.value) == 10]
                    if days:
                        last_day = (para_start, days[-1].value)
                continue
            if not doc_facts:
                main_drug = _main_entity(fields, "drug")
                main_indication = _main_entity(fields, "indication")
                issuer = _listed_company(fields) or _main_entity(fields, "company")
                signature = _signature_date(fields, published)
                doc_facts = True
            ents = [x for x in ctx.entities if x.start >= s and x.end <= e]
            spans = [(x.start - s, x.end - s) for x in ents if x.type == "policy"]
            # Any 《title》 (a report, a white paper, a conference) names its year; it dates nothing.
            spans += [(m.start(), m.end()) for m in _TITLE_RE.finditer(sent_view)]
            dates = [
                d
                for d in find_dates(sent_view, published, same_year=last_year)
                # A date inside a policy title (（2025—2027年）) or a data cutoff dates no event.
                if not any(a <= d.start < b for a, b in spans)
                and not _CUTOFF_BEFORE_RE.search(sent_view, max(0, d.start - 4), d.start)
                and not _CUTOFF_AFTER_RE.match(sent_view, d.end)
            ]
            context = None
            if not dates:
                if last_day and (
                    _SAME_DAY_RE.search(sent_view) or (_CONTINUATION_RE.match(sent_view) and last_day[0] == para_start)
                ):
                    context = last_day[1]  # 同日…印发; "…收到报告。结果显示…"
                else:
                    if para_dates is None:
                        para_dates = _paragraph_dates(ctx.view, published)
                    context = _nearest_paragraph_date(para_dates, para_start, s, e)
            events.extend(
                _sentence_events(
                    ctx,
                    s,
                    e,
                    sent_view,
                    ents,
                    dates,
                    context,
                    published,
                    prev_drug,
                    main_drug,
                    main_indication,
                    drug_company,
                    regions_in,
                    issuer,
                    signature,
                    # Only the sentence right before: 现印发给你们 refers to the title just named.
                    next(
                        (
                            x.canonical
                            for x in reversed(ctx.entities)
                            if x.type == "policy" and x.end <= s and not re.search(r"[。\n]", ctx.view[x.end : s - 1])
                        ),
                        None,
                    ),
                )
            )
            if dates:
                last_year = int(dates[-1].value[:4])
                days = [d for d in dates if len(d.value) == 10]
                if days:
                    last_day = (para_start, days[-1].value)
    events.extend(_filing_items(fields, published))
    merged = _merge_in_document(events)
    # A heading names the product only generically (关于干细胞注射液…的公告); when the body
    # names exactly one product of its own, that is the one.
    own = {
        x.canonical
        for ctx in fields
        if ctx.field == "text"
        for x in ctx.entities
        if x.type == "drug" and not _descriptive(x.canonical)
    }
    if len(own) == 1:
        only = next(iter(own))
        merged = [
            replace(ev, drug=only) if _is_heading(ev) and (not ev.drug or _descriptive(ev.drug)) else ev
            for ev in merged
        ]
    issuer = _listed_company(fields)
    if issuer:
        merged = [
            replace(ev, company=issuer)
            if ev.company is None and ev.type not in ("policy_issued", "market_forecast")
            else ev
            for ev in merged
        ]
    return _drop_history(merged, published)


_STOCK_NAME_RE = re.compile(r"(?:证券|股票)简称\s*[:：]\s*([\u4e00-\u9fffA-Z*]{2,8})")


def _signature_date(fields: Sequence[FieldContext], published: date | None) -> str | None:
    """The date on a line of its own (a notice's signature date), if the text has one."""
    for ctx in fields:
        if ctx.field != "text":
            continue
        m = _SIGNATURE_DATE_RE.search(ctx.view)
        if m:
            found = find_dates(m.group(1), published)
            if found:
                return found[0].value
    return None


#: One item of a filing list: 一、…的临床研究，备案机构：四川大学华西医院；
_FILING_LIST_ITEM_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*[、.．)）]\s*(?P<item>[^\n]*?(?:备案机构|备案单位|研究机构|承担机构)"
    r"\s*[:：]\s*(?P<body>[^；;\n。]+))",
    re.M,
)


def _filing_items(fields: Sequence[FieldContext], published: date | None) -> list[Event]:
    """One research filing per item of a filing list, dated by the item or the notice's signature.

    The list's heading sentence (现将以下项目予以备案) is found by the sentence rules too; it
    names no institution and merges into the first item.
    """
    out: list[Event] = []
    signature = _signature_date(fields, published)
    for ctx in fields:
        if ctx.field != "text" or "备案" not in ctx.view:
            continue
        for m in _FILING_LIST_ITEM_RE.finditer(ctx.view):
            a, b = m.start("body"), m.end("body")
            body = [x for x in ctx.entities if x.type == "company" and a <= x.start and x.end <= b]
            if not body:
                continue
            own = [d.value for d in find_dates(m.group("item"), published)]
            s0, e0 = m.start("item"), m.end("item")
            out.append(
                Event(
                    type="research_filing",
                    date=own[-1] if own else signature,
                    drug=None,
                    company=body[0].canonical,
                    indication=next(
                        (x.canonical for x in ctx.entities if x.type == "indication" and s0 <= x.start < e0), None
                    ),
                    policy=None,
                    region=None,
                    amount=None,
                    evidence=ctx.original[s0:e0],
                    field=ctx.field,
                    evidence_start=s0,
                    evidence_end=e0,
                    confidence=0.85,
                )
            )
    return out


def _listed_company(fields: Sequence[FieldContext]) -> str | None:
    """The listed company that issues an announcement (证券简称：X), if the document is one."""
    for ctx in fields:
        m = _STOCK_NAME_RE.search(ctx.view)
        if m:
            return m.group(1)
    return None


#: Keys of register records (CDE 受理/默示许可/优先审评 pages rendered as "key：value" lines).
_RECORD_FIELD_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(受理号|药品名称|申请人|企业名称|承办日期|受理日期|默示许可日期|批准日期|公示日期|申请日期"
    r"|适应症|拟定适应症|申请类型|药品类型|注册分类|审批结论|上市许可持有人)\s*[:：]\s*"
    # A value ends at a separator or where the next label starts (fields split by spaces only).
    r"([^；;\n|]+?)(?=\s*[；;\n|]|\s+[\u4e00-\u9fff]{2,8}\s*[:：]|\s*$)"
)
_RECORD_DATE_KEYS: dict[str, tuple[str, ...]] = {
    "approval": ("批准日期", "日期"),
    "ind_approval": ("默示许可日期", "批准日期", "日期"),
    "nda_priority": ("公示日期", "承办日期", "受理日期", "日期"),
    "accepted": ("承办日期", "受理日期", "日期"),
}


def _record_events(
    ctx: FieldContext, fields: Sequence[FieldContext], published: date | None, drug_company: dict[str, str]
) -> list[Event] | None:
    """Events of a register record (受理号：…；药品名称：…；承办日期：…), or None if not a record.

    All fields of a record describe one application, so the event takes its drug, applicant,
    indication and date from the labelled fields. The kind of record comes from its heading
    (title or first line): 默示许可 → ind_approval; 优先审评 → nda_accepted dated by 公示日期;
    突破性治疗 → no event type; otherwise an acceptance typed by the 受理号 (临床/上市).
    """
    if "受理号" not in ctx.view and "药品名称" not in ctx.view:
        return None  # no register without its key fields
    records = _register_records(ctx.view, ctx.original)
    if records is None:
        return None
    heading = " ".join([f.view for f in fields if f.field == "title"] + [ctx.view.split("\n", 1)[0]])
    out: list[Event] = []
    # A list's lead paragraph may date all its records (自2026年4月8日起正式纳入优先审评…).
    first = min((a for found in records for a, _, _ in found.values()), default=0)
    lead_days = [d.value for d in find_dates(ctx.view[:first], published) if len(d.value) == 10]
    for found in records:
        out.extend(_record_event(ctx, found, heading, published, drug_company, lead_days[-1] if lead_days else None))
    return out


#: A register line may start with its row number (序号：1；受理号：…).
_RECORD_LEAD_RE = re.compile(
    r"\s*(?:序号\s*[:：]?\s*\d+\s*[；;，,]?\s*|\d{1,3}\s*[.、．)）]\s*)?(?:受理号|药品名称|申请人|企业名称)\s*[:：]\s*"
)
_RECORD_KEYS = frozenset(
    "受理号 药品名称 申请人 企业名称 承办日期 受理日期 默示许可日期 批准日期 公示日期 申请日期 "
    "适应症 拟定适应症 申请类型 药品类型 注册分类 审批结论 上市许可持有人 日期".split()
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
    for i, (h_start, line) in enumerate(lines):
        cell_re = _table_cells(raw[h_start : h_start + len(line)], line)
        if cell_re is None:
            continue
        header = raw[h_start : h_start + len(line)] if cell_re is _TAB_CELL_RE else line
        cells = [m.group(0).strip() for m in cell_re.finditer(header)]
        if not (
            len(cells) >= 3
            and sum(c in _RECORD_KEYS for c in cells) >= 3
            and ("受理号" in cells or "药品名称" in cells)
        ):
            continue
        rows: list[dict[str, tuple[int, int, str]]] = []
        for start, row in lines[i + 1 :]:
            source_row = raw[start : start + len(row)] if cell_re is _TAB_CELL_RE else row
            parts = [(m.start() + start, m.end() + start) for m in cell_re.finditer(source_row)]
            if len(parts) == len(cells):
                rows.append(
                    {k: (a, b, view[a:b].strip()) for k, (a, b) in zip(cells, parts, strict=True) if k in _RECORD_KEYS}
                )
                continue
            # A line under a row that labels one more of its fields (　适应症：…).
            extra = _RECORD_FIELD_RE.match(row.strip())
            if rows and extra and extra.group(1) not in rows[-1]:
                offset = start + len(row) - len(row.lstrip())
                rows[-1][extra.group(1)] = (offset + extra.start(2), offset + extra.end(2), extra.group(2).strip())
        return rows or None
    # A record starts its lines with fields; an announcement quotes them inside prose
    # (一、药品基本情况。药品名称：…；受理号：…), where the prose rules apply.
    per_line: list[dict[str, tuple[int, int, str]]] = []
    for start, line in lines:
        found_line: dict[str, tuple[int, int, str]] = {}
        for m in _RECORD_FIELD_RE.finditer(line):
            found_line.setdefault(m.group(1), (m.start(2) + start, m.end(2) + start, m.group(2).strip()))
        if (
            len(found_line) >= 3
            and ("受理号" in found_line or "药品名称" in found_line)
            and _RECORD_LEAD_RE.match(line)
        ):
            per_line.append(found_line)
    if len(per_line) >= 2:
        return per_line
    found: dict[str, tuple[int, int, str]] = {}
    for m in _RECORD_FIELD_RE.finditer(view):
        found.setdefault(m.group(1), (m.start(2), m.end(2), m.group(2).strip()))
    if len(found) < 3 or not ("受理号" in found or "药品名称" in found):
        return None
    first = min(a for a, _, _ in found.values())
    key_start = view.rfind("\n", 0, first) + 1
    if not _RECORD_LEAD_RE.fullmatch(view[key_start:first]):
        return None
    return [found]


_TAB_CELL_RE = re.compile(r"[^\t]+")
_PIPE_CELL_RE = re.compile(r"[^|｜]+")


def _table_cells(raw_line: str, view_line: str) -> re.Pattern[str] | None:
    """How a table line's cells are delimited, or None for a line that is no table row."""
    if "\t" in raw_line:
        return _TAB_CELL_RE
    if view_line.count("|") + view_line.count("｜") >= 2:
        return _PIPE_CELL_RE
    return None


def _record_event(
    ctx: FieldContext,
    found: dict[str, tuple[int, int, str]],
    heading: str,
    published: date | None,
    drug_company: dict[str, str],
    lead_date: str | None = None,
) -> list[Event]:
    """The event of one register record (see :func:`_record_events`)."""
    decoded = decode_acceptance_number(found["受理号"][2]) if "受理号" in found else None
    app_type = found.get("申请类型", (0, 0, ""))[2]
    if decoded:
        application = decoded.application
    else:
        application = "nda" if "上市" in app_type else "ind" if "临床" in app_type else ""
    if "补充申请" in app_type:
        application = "supplement"
    if "突破性治疗" in heading:
        return []
    verdict = found.get("审批结论", (0, 0, ""))[2]
    keys: tuple[str, ...]
    if verdict:
        # 药品批准证明文件送达信息: the verdict says what was granted.
        granted = "批准" in verdict or "同意" in verdict
        if _NEGATION_RE.search(verdict) or not granted:
            return []
        type_, keys = ("ind_approval" if "临床" in verdict else "drug_approval"), _RECORD_DATE_KEYS["approval"]
    elif "默示许可" in heading or "默示许可日期" in found:
        type_, keys = "ind_approval", _RECORD_DATE_KEYS["ind_approval"]
    elif "优先审评" in heading:
        if application != "nda":
            return []
        type_, keys = "nda_accepted", _RECORD_DATE_KEYS["nda_priority"]
    elif application in ("ind", "nda") and ("受理" in heading or "承办日期" in found or "受理日期" in found):
        type_, keys = ("ind_accepted" if application == "ind" else "nda_accepted"), _RECORD_DATE_KEYS["accepted"]
    else:
        return []

    def within(key: str, type_name: str) -> str | None:
        if key not in found:
            return None
        a, b, _ = found[key]
        return next((x.canonical for x in ctx.entities if x.type == type_name and a <= x.start and x.end <= b), None)

    drug = within("药品名称", "drug") or (found["药品名称"][2] if "药品名称" in found else None)
    if not drug:
        return []
    company = within("申请人", "company") or within("企业名称", "company") or within("上市许可持有人", "company")
    if company is None:
        a, b, _ = found.get("申请人", found.get("企业名称", found.get("上市许可持有人", (0, 0, ""))))
        company = _foreign_short_name(ctx.original[a:b].strip()) or None
    company = company or drug_company.get(drug)
    value: str | None = None
    for key in keys:
        if key in found:
            ds = find_dates(found[key][2], published)
            if ds:
                value = ds[0].value
                break
    conf = 0.9
    if value is None and lead_date:
        value, conf = lead_date, 0.85
    if value is None:
        value = f"{published.year:04d}-{published.month:02d}" if published else None
        conf = 0.8
    spans = [(a, b) for a, b, _ in found.values()]
    s0 = ctx.view.rfind("\n", 0, min(a for a, _ in spans)) + 1
    e0 = max(b for _, b in spans)
    return [
        Event(
            type=type_,
            date=value,
            drug=drug,
            company=company,
            indication=within("适应症", "indication") or within("拟定适应症", "indication"),
            policy=None,
            region=None,
            amount=None,
            evidence=ctx.original[s0:e0],
            field=ctx.field,
            evidence_start=s0,
            evidence_end=e0,
            confidence=conf,
            acceptance_no=found["受理号"][2] if "受理号" in found else None,
        )
    ]


_FOREIGN_SUFFIX_RE = re.compile(
    r"[\s,.]+(?:Pte|Co|Ltd|Inc|LLC|GmbH|AG|Corp|Corporation|Limited|S\.A|Pty|plc|B\.V|N\.V)\.?$", re.I
)


def _foreign_short_name(name: str) -> str:
    """Drop legal suffixes of a foreign company name (Helios Cell Therapeutics Pte. Ltd. → Helios Cell Therapeutics)."""
    prev = None
    while prev != name:
        prev, name = name, _FOREIGN_SUFFIX_RE.sub("", name).strip()
    return name


def _drop_history(events: list[Event], published: date | None) -> list[Event]:
    """Drop history: an event years older than the document's own news is background.

    A filing about an NDA in 2025 that recalls the IND of 2021 reports the NDA, not the IND. Only
    applies when the document also reports something recent (within a year of publication).
    """
    if published is None:
        return events

    def age(ev: Event) -> int | None:
        if not ev.date:
            return None
        month = int(ev.date[5:7]) if len(ev.date) >= 7 else 12  # a bare year: its latest month
        return (published.year - int(ev.date[:4])) * 12 + published.month - month

    ages = [a for a in (age(ev) for ev in events) if a is not None]
    if not ages or min(ages) > 12:
        return events
    return [ev for ev in events if (a := age(ev)) is None or a < 36 or ev.type in ("market_forecast", "policy_issued")]


def _paragraph_dates(view: str, published: date | None) -> list[tuple[int, int, str]]:
    """Explicit dates of each paragraph as (paragraph_start, offset, value)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in view.split("\n"):
        for d in find_dates(line, published):
            # Only absolute dates: 近日 in one sentence says nothing about the next.
            # Only labelled dates (承办日期：…, 批准时间：…): a date in another sentence of running
            # prose belongs to that sentence's event.
            if re.match(r"\d{4}|\d{1,2}\s*月", line[d.start : d.end]) and _DATE_LABEL_RE.search(line[: d.start]):
                out.append((pos, pos + d.start, d.value))
        pos += len(line) + 1
    return out


def _nearest_paragraph_date(para_dates: Sequence[tuple[int, int, str]], para: int, s: int, e: int) -> str | None:
    """A date stated elsewhere in the sentence's own paragraph (record-style text: 承办日期：…).

    Args:
        para_dates: ``(paragraph_start, offset, value)`` of the field's absolute dates.
        para: Start offset of the paragraph that holds the sentence.
        s: Sentence start.
        e: Sentence end.
    """
    candidates = [(abs(off - s), value) for p_start, off, value in para_dates if p_start == para and not s <= off < e]
    return min(candidates)[1] if candidates else None


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


def _types_for(
    sent: str, ents: Sequence[Entity], offset: int = 0, issuer: str | None = None, prev_policy: str | None = None
) -> list[tuple[str, int, float]]:
    """Return (event type, trigger offset, base confidence) for a sentence.

    ``offset`` is the sentence's start in its field (entity offsets are field offsets);
    ``issuer`` is the company a document speaks for (a filing's issuer), which may be the
    subject of a financing sentence that names no company (配售事项已于…完成).
    """
    found: list[tuple[str, int, float]] = []
    acc = ACCEPTANCE_NO_RE.search(sent)
    decoded = decode_acceptance_number(acc.group(1)) if acc else None
    has = {x.type for x in ents}
    m_ind = _IND_APPROVAL_RE.search(sent)
    if m_ind:
        found.append(("ind_approval", _verb_position(m_ind), 0.9))
    # "首款获批上市的X" is an attribute, not the event being reported.
    # …获批上市后的首张处方: the approval is an attribute there too.
    m_app = next((m for m in _APPROVAL_RE.finditer(sent) if not _ATTRIBUTE_AFTER_RE.match(sent, m.end())), None)
    if m_app and not m_ind and "临床" not in sent[m_app.start() : m_app.end() + 4]:
        found.append(("drug_approval", m_app.start(), 0.9))
    elif not m_app and not m_ind and "drug" in has and "临床" not in sent:
        m_weak = _WEAK_APPROVAL_RE.search(sent)
        if m_weak:
            found.append(("drug_approval", m_weak.start(), 0.75))
            m_app = m_weak
    m_nda = _NDA_RE.search(sent)
    m_acc = _ACCEPT_RE.search(sent)
    if m_nda or (decoded and decoded.application == "nda" and m_acc):
        pos = _verb_position(m_nda) if m_nda else (m_acc.start() if m_acc else 0)
        if not m_app:
            found.append(("nda_accepted", pos, 0.85))
            # 上市申请于4月获受理，并于6月纳入优先审评: a later clause's priority review is a second step.
            after = _clause_end(sent, m_nda.end()) if m_nda else len(sent)
            later = _NDA_RE.search(sent, after)
            # Only with a date of its own: 并被纳入优先审评 alone is part of the acceptance.
            if later and DATE_RE.search(sent, after, _clause_end(sent, later.end())):
                found.append(("nda_accepted", later.start(), 0.85))
    elif (
        m_acc
        # An acceptance in an earlier clause than the approval is its own, earlier event.
        and (not m_ind or _clause_end(sent, m_acc.start()) < m_ind.start())
        and (_IND_WORD_RE.search(sent) or (decoded is not None and decoded.application == "ind"))
    ):
        found.append(("ind_accepted", m_acc.start(), 0.85))
    if not (m_app or m_nda or m_ind):
        m_clin = _CLINICAL_RE.search(sent)
        if m_clin and (
            "drug" in has
            or "indication" in has
            or "cell_type" in has
            or _CONTINUATION_RE.match(sent)
            or _ANAPHOR_RE.search(sent)
        ):
            found.append(("clinical_result", m_clin.start(), 0.75))
    m_fil = _FILING_RE.search(sent) or _FILING_ITEM_RE.search(sent)
    if m_fil and _FILING_CTX_RE.search(sent):
        found.append(("research_filing", m_fil.start(), 0.8))
    if "policy" in has and not _DRAFT_RE.search(sent):
        m_pol = _policy_trigger(sent, [x for x in ents if x.type == "policy"], offset)
        if m_pol is not None:
            found.append(("policy_issued", m_pol, 0.85))
    elif prev_policy and (m_here := _ISSUED_HERE_RE.search(sent)):
        found.append(("policy_issued", m_here.start(), 0.8))
    m_fin = _FINANCING_RE.search(sent)
    if (
        m_fin
        and ("company" in has or (issuer and _LISTING_RE.search(sent)))
        and (parse_amounts(sent) or _ROUND_RE.search(sent) or _LISTING_RE.search(sent))
    ):
        found.append(("financing", m_fin.start(), 0.85))
    m_fc = _FORECAST_RE.search(sent)
    if m_fc and parse_amounts(sent):
        found.append(("market_forecast", m_fc.start(), 0.85))
    m_rx = _FIRST_RX_RE.search(sent)
    if m_rx:
        found.append(("first_prescription", m_rx.start(), 0.85))
    return found


#: The verb that closes a trigger spanning its object: 上市许可申请已于8月5日获国家药监局受理.
_CLOSING_VERB_RE = re.compile(r"(?:受理|批准|许可)$")


def _verb_position(m: re.Match[str]) -> int:
    """Where a trigger's event happens: at the closing verb when the match spans its object.

    A date inside the span (申请已于8月5日获受理) then counts as before the trigger, ahead of a
    dateline (财联社8月6日电) earlier in the sentence.
    """
    verb = _CLOSING_VERB_RE.search(m.group(0))
    return m.start() + verb.start() if verb and verb.start() > 2 else m.start()


#: A notice issuing the policy its previous sentence named: 制定了《X》。现印发给你们，请遵照执行。
_ISSUED_HERE_RE = re.compile(r"现(?:予以?|将其?)?(?:印发|发布|公布)|特此印发")


def _policy_trigger(sent: str, policies: Sequence[Entity], offset: int) -> int | None:
    """Offset of an issuing verb whose object is a policy named in the sentence, else None.

    The verb must govern the title: 印发《X》 (the title after the verb in its clause) or
    《X》…正式施行/现印发 (the title before it), but not a citation (根据《X》) or a time
    reference (自《X》实施以来).
    """
    for m in _POLICY_RE.finditer(sent):
        v, v_end = m.start(), m.end()
        for p in policies:
            a, b = p.start - offset, p.end - offset
            if _POLICY_CITED_RE.search(sent, max(0, a - 4), a):
                continue
            if v_end <= a and _clause_end(sent, v_end) >= a - 1 and "根据" not in sent[v_end:a]:
                return v
            if b <= v and not re.search(r"[。；;]", sent[b:v]) and not _POLICY_SINCE_RE.match(sent[v_end:]):
                return v
    return None


def _sentence_events(
    ctx: FieldContext,
    s: int,
    e: int,
    sent: str,
    ents: Sequence[Entity],
    dates: Sequence[DateMention],
    context_date: str | None,
    published: date | None,
    prev_drug: str | None,
    main_drug: str | None,
    main_indication: str | None,
    drug_company: dict[str, str],
    regions_in: dict[str, tuple[str, ...]],
    issuer: str | None = None,
    signature: str | None = None,
    prev_policy: str | None = None,
) -> list[Event]:
    types = _types_for(sent, ents, s, issuer, prev_policy)
    if not types:
        return []
    amounts = parse_amounts(sent) if any(t in ("financing", "market_forecast") for t, _, _ in types) else []
    acc = ACCEPTANCE_NO_RE.search(sent)
    out: list[Event] = []
    # Words inside a policy title (三年行动计划, 暂行办法) are its name, not hedges or negations.
    plain = _mask_titles(sent, [(x.start - s, x.end - s) for x in ents if x.type == "policy"])
    for type_, trig, base in types:
        clause = _clause_before(plain, trig)
        if _NEGATION_RE.search(clause + plain[trig : trig + 6]):
            continue
        if _NON_EVENT_CLAUSE_RE.search(_clause_around(plain, trig)):
            continue
        if type_ != "market_forecast" and _HEDGE_RE.search(plain[trig : _clause_end(plain, trig)]):
            continue  # 纳入优先审评有望缩短审评时限: an expected effect, not the event
        if type_ in ("drug_approval", "first_prescription") and _BACKGROUND_RE.search(sent[:trig]):
            continue
        if type_ == "research_filing" and _STATISTIC_RE.search(sent[:trig]):
            continue
        conf = base
        # Hedges reach back over clauses (公司拟…，募集资金…): look at the whole sentence head.
        head = plain[max(0, trig - 40) : trig]
        hedge = _HEDGE_RE.search(head)
        if (
            type_ != "market_forecast"
            and hedge
            and not _HEDGE_EXEMPT_RE.match(sent[trig - len(head) + hedge.start() :])
        ):
            conf *= 0.5
        # A date in the clause of another, earlier trigger is that event's date (该申请于2024年12月
        # 获得受理，…视为同意开展临床试验: the approval is not dated 2024-12).
        scope = max([_clause_end(sent, t) for _, t, _ in types if t < trig] + [0])
        date_value, date_fallback = _pick_date(type_, [d for d in dates if d.start >= scope], trig, published)
        if date_fallback and dates and dates[0].start <= 1 and type_ != "market_forecast":
            # "6月5日，…开具了…处方，这是该药今年1月获批后的首张处方": a leading date governs the
            # sentence's events that have none of their own.
            date_value, date_fallback = dates[0].value, False
        if date_fallback and context_date and type_ != "market_forecast":
            date_value, date_fallback = context_date, False
        if date_fallback and signature and type_ == "policy_issued":
            date_value, date_fallback = signature, False  # a notice is issued on its signature date
        if date_fallback and type_ in DRUG_EVENTS and _UNDATED_BACKGROUND_RE.search(plain[:trig]):
            continue  # 此前已获批用于…: a past step without a date is background, not news
        if date_fallback:
            conf -= 0.05
        drugs = _canon_list(ents, "drug")
        # …获批上市，是继睿铂生之后第二款…: a product named only after the trigger's clause is a comparison.
        ahead = _canon_list([x for x in ents if x.start < s + _clause_end(sent, trig)], "drug")
        if ahead and type_ in DRUG_EVENTS:
            drugs = ahead
        drug_values: list[str | None]
        if type_ in DRUG_EVENTS:
            if drugs:
                drug_values = list(drugs)
            elif prev_drug and (_ANAPHOR_RE.search(sent) or (type_ == "clinical_result" and _METRIC_RE.search(sent))):
                # Only an explicit reference back (该产品, 本品 …) or a concrete readout carries
                # the most recent drug over; generic sentences keep no drug.
                drug_values = [prev_drug]
                conf -= 0.1
            else:
                if type_ in _NEEDS_DRUG:
                    continue
                drug_values = [None]
                conf -= 0.25
        else:
            drug_values = [drugs[0] if drugs and type_ in ("policy_issued",) else None]
            if type_ == "policy_issued":
                drug_values = [None]
        companies = _canon_list(ents, "company")
        investors = _investors(sent, ents, s) if type_ == "financing" else ()
        company_choices = [c for c in companies if c not in investors]
        if type_ == "financing":
            # The company raising is the subject right before 完成…融资, not a parent named earlier.
            before = [
                x.canonical for x in ents if x.type == "company" and x.end <= s + trig and x.canonical not in investors
            ]
            if before:
                company_choices = [before[-1]] + [c for c in company_choices if c != before[-1]]
            inv = _INVESTEE_RE.search(sent, max(0, trig - 2))
            after = [x.canonical for x in ents if inv and x.type == "company" and x.start >= s + inv.end()]
            if inv and inv.group(0) in ("认购", "入股") and after:
                company_choices = [after[0]] + [c for c in company_choices if c != after[0]]
            if not company_choices and issuer:
                company_choices = [issuer]
        policies = _canon_list(ents, "policy") or ([prev_policy] if prev_policy else [])
        regions = _canon_list(ents, "region")
        issuers = _canon_list(ents, "authority")
        indications = _canon_list(ents, "indication")
        amount: Amount | None = None
        if type_ in ("financing", "market_forecast") and amounts:
            amount = amounts[-1][2] if type_ == "market_forecast" else amounts[0][2]
        variants = [(drug, date_value, amount) for drug in drug_values]
        if type_ == "market_forecast":
            points = _forecast_points(sent, dates, amounts)
            if points:
                variants = [(None, year, value) for year, value in points]
        for drug, date_value, amount in variants:
            company = company_choices[0] if company_choices else None
            if drug and type_ in DRUG_EVENTS and drug in drug_company:
                # A known product's owner beats whoever else the sentence names (an observer).
                company = drug_company[drug]
            if type_ in ("policy_issued", "market_forecast"):
                company = None
            policy = policies[0] if policies and type_ in ("policy_issued", "research_filing") else None
            region = regions[0] if regions else None
            if region is None and type_ == "policy_issued":
                for key in ([policy] if policy else []) + issuers:
                    found = regions_in.get(key, ())
                    if found:
                        region = found[0]
                        break
            indication = indications[0] if indications else None
            if indication is None and type_ in DRUG_EVENTS and drug and drug == main_drug:
                indication = main_indication
            out.append(
                Event(
                    type=type_,
                    date=date_value,
                    drug=drug,
                    company=company,
                    indication=indication if type_ not in ("financing", "policy_issued") else None,
                    policy=policy,
                    region=region,
                    amount=amount,
                    evidence=ctx.original[s:e],
                    field=ctx.field,
                    evidence_start=s,
                    evidence_end=e,
                    confidence=max(0.0, min(1.0, conf)),
                    issuer=issuers[0] if issuers else None,
                    round=_round(sent) if type_ == "financing" else None,
                    investors=investors,
                    acceptance_no=acc.group(1) if acc else None,
                )
            )
    return out


def _forecast_points(
    sent: str, dates: Sequence[DateMention], amounts: Sequence[tuple[int, int, Amount]]
) -> list[tuple[str, Amount]]:
    """Each (year, size) a sentence states: 2024年规模约85亿元，预计2029年将达2000亿元 → two points.

    A year goes with the first amount after it and before the next year (从2025年的约25亿美元增长
    至2033年的170亿美元); a growth rate (CAGR) is no size, and a span (2024—2029年) names none.
    """
    points: list[tuple[str, Amount]] = []
    years = sorted((d.start, d.value[:4]) for d in dates)
    for i, (at, year) in enumerate(years):
        until = years[i + 1][0] if i + 1 < len(years) else len(sent)
        size = next((a for a in amounts if at < a[0] < until), None)
        if size is not None and year not in [p[0] for p in points]:
            points.append((year, size[2]))
    return points


def _mask_titles(sent: str, spans: Sequence[tuple[int, int]]) -> str:
    """The sentence with each span blanked out (same length, so offsets still hold)."""
    chars = list(sent)
    for a, b in spans:
        chars[max(0, a) : max(0, b)] = "□" * (max(0, b) - max(0, a))
    return "".join(chars)


def _clause_before(sent: str, trig: int) -> str:
    """Text from the start of the trigger's clause (after the last comma) up to the trigger."""
    lo = max([sent.rfind(ch, 0, trig) for ch in _CLAUSE_BREAK] + [-1]) + 1
    return sent[max(lo, trig - 30) : trig]


_DESCRIPTIVE_RE = re.compile(r"细胞|基因|病毒|载体")


def _descriptive(drug: str) -> bool:
    """A descriptive product class (人脐带间充质干细胞注射液) rather than a product's own name or code."""
    return not re.search(r"[A-Z0-9]{2}", drug) and _DESCRIPTIVE_RE.search(drug) is not None


def _clause_around(sent: str, trig: int) -> str:
    """The whole clause (between clause breaks) that contains the trigger."""
    lo = max([sent.rfind(ch, 0, trig) for ch in _CLAUSE_BREAK] + [-1]) + 1
    return sent[lo : _clause_end(sent, trig)]


def _clause_end(sent: str, pos: int) -> int:
    """Offset of the clause break after ``pos`` (or the sentence end)."""
    ends = [i for i in (sent.find(ch, pos) for ch in _CLAUSE_BREAK) if i >= 0]
    return min(ends) if ends else len(sent)


def _canon_list(ents: Sequence[Entity], type_: str) -> list[str]:
    """Distinct canonicals of a type in order of first mention."""
    out: list[str] = []
    for x in ents:
        if x.type == type_ and x.canonical not in out:
            out.append(x.canonical)
    return out


def _pick_date(type_: str, dates: Sequence[DateMention], trig: int, published: date | None) -> tuple[str | None, bool]:
    """Choose the event date; returns (date, came_from_fallback).

    Forecasts are dated by their horizon (the latest year named: 到2029年 → 2029). Other events
    take the last date before the trigger, else the first after it. With none, the event is
    dated to the publication month, the same as 近日.
    """
    if type_ == "market_forecast":
        years = [d.value[:4] for d in dates]
        if years:
            return max(years), False
        return (f"{published.year:04d}" if published else None), True
    before = [d for d in dates if d.start <= trig]
    if before:
        last = before[-1].value
        # "10月18日，…在2025年ESMO年会上公布": a bare year after a full date is context, not the date.
        finer = [d.value for d in before[:-1] if len(last) == 4 and len(d.value) > 4 and compatible(d.value, last)]
        return (finer[-1] if finer else last), False
    if dates:
        return dates[0].value, False
    if published:
        return f"{published.year:04d}-{published.month:02d}", True
    return None, True


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


def _round(sent: str) -> str | None:
    """Normalised round name (Pre-A轮, B+轮, IPO …)."""
    m = _ROUND_RE.search(sent)
    if not m:
        return None
    if m.group(1) in ("挂牌上市", "主板上市"):
        return "IPO"
    return m.group(1).replace("PRE-", "Pre-")


def _merge_key(ev: Event) -> tuple[str | None, ...]:
    """Subject of an event for in-document merging."""
    if ev.type == "financing":
        return (ev.type, ev.company, ev.round)
    if ev.type == "policy_issued":
        return (ev.type, ev.policy)
    if ev.type == "market_forecast":
        return (ev.type, ev.date)
    if ev.type == "research_filing":
        return (ev.type, ev.company, ev.drug)
    return (ev.type, ev.drug)


def _is_heading(ev: Event) -> bool:
    """True for the title, or the title repeated as the body's first line (关于…的公告)."""
    return ev.field == "title" or _HEADING_RE.match(ev.evidence.replace("關於", "关于").strip()) is not None


def _merge_in_document(events: Sequence[Event]) -> list[Event]:
    """Merge repeats of one event inside a document; keep the most precise, most confident.

    A title (or heading line) summarises the body: its event folds into the body's event of the
    same type and a compatible date even when the title names the product only generically
    (关于间充质干细胞注射液获得…的公告 vs. the body's TSL-M01注射液).
    """
    merged = _merge_same(events)
    heads = [ev for ev in merged if _is_heading(ev)]
    body = [ev for ev in merged if not _is_heading(ev)]
    kept: list[Event] = []
    for head in heads:
        undated = not find_dates(head.evidence, None)
        k = next(
            (
                i
                for i, b in enumerate(body)
                if b.type == head.type
                and (
                    not b.date
                    or not head.date
                    or compatible(b.date, head.date)
                    # A heading without a date of its own was dated by fallback only.
                    or (undated and head.drug is not None and b.drug == head.drug)
                    or (undated and head.drug is None and _merge_key(b) == _merge_key(head))
                )
            ),
            None,
        )
        if k is None:
            kept.append(head)
            continue
        b = body[k]
        body[k] = replace(
            b,
            drug=b.drug or head.drug,
            company=b.company or head.company,
            indication=b.indication or head.indication,
            policy=b.policy or head.policy,
            region=b.region or head.region,
            confidence=max(b.confidence, head.confidence),
        )
    return kept + body


def _merge_same(events: Sequence[Event]) -> list[Event]:
    """Merge events with the same subject and compatible dates."""
    out: list[Event] = []
    for ev in events:
        for i, kept in enumerate(out):
            # A list heading (以下项目已完成备案) and its first dated item are one filing.
            header = ev.type == kept.type == "research_filing" and (ev.company is None or kept.company is None)
            # Details of one financing (发售价, 基石投资者) name no round: they belong to the round.
            header = header or (
                ev.type == kept.type == "financing"
                and ev.company == kept.company
                and (ev.round is None or kept.round is None)
            )
            if _merge_key(kept) != _merge_key(ev) and not header:
                continue
            list_heading = header and ev.type == "research_filing"
            if kept.date and ev.date and not compatible(kept.date, ev.date) and not list_heading:
                continue
            out[i] = _better(kept, ev)
            break
        else:
            out.append(ev)
    return out


def _better(a: Event, b: Event) -> Event:
    """Combine two mentions of one event: precise date, body evidence, filled-in arguments."""
    primary, other = (
        (a, b)
        if (len(a.date or ""), a.field == "text", a.confidence) >= (len(b.date or ""), b.field == "text", b.confidence)
        else (b, a)
    )
    return replace(
        primary,
        company=primary.company or other.company,
        indication=primary.indication or other.indication,
        region=primary.region or other.region,
        amount=primary.amount or other.amount,
        policy=primary.policy or other.policy,
        confidence=max(primary.confidence, other.confidence),
    )
