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
from transforms.dates import DateMention, compatible, find_dates
from transforms.tagger import ACCEPTANCE_NO_RE, decode_acceptance_number
from transforms.types import Amount, Entity, Event, Field

DRUG_EVENTS = frozenset(
    {"drug_approval", "nda_accepted", "ind_approval", "ind_accepted", "clinical_result", "first_prescription"}
)

_IND_APPROVAL_RE = re.compile(
    r"默示许可|临床试验批准通知书|临床试验通知书|(?:临床试验申请|临床申请|IND申请|IND)(?:正式|已)?(?:获得?|获)(?:批准|批|准|许可)"
    r"|获批(?:开展)?(?:临床|I期|II期|III期|注册临床|IND)|批准(?:其|该产品)?(?:开展)?(?:临床试验|I期|II期)"
    r"|(?:临床试验申请|IND申请|IND)[^。，；]{0,6}?获得?[^。，；]{0,12}?(?:批准|许可)"
    r"|获得?(?:药物)?临床试验(?:许可|批件|批准)|临床(?:试验)?许可|(?:IND|临床)获批|同意(?:其)?开展(?:临床|I期|II期)"
    r"|获批开展[^。；]{0,30}临床试验"
)
_WEAK_APPROVAL_RE = re.compile(r"(?<!首款)(?<!首个)获批(?!临床|开展|的|上市的|IND|I期|II期|III期)")
_APPROVAL_RE = re.compile(
    r"获批上市|批准上市|附条件批准|附条件获批|获准上市|上市申请(?:已|正式)?获(?:得)?(?:国家药监局|NMPA)?(?:的)?批准"
    r"|批准(?:其|该产品|该药)?(?:注册|上市)|获得?(?:国家药监局|NMPA)?(?:的)?上市批准|(?:正式)?获(?:国家药监局|NMPA)(?:附条件)?批准(?:上市)?"
    r"|正式获批|成功获批|获得批准上市|获批(?:用于|治疗)|有条件批准|批准[^。，；]{2,40}?上市"
)
_NDA_RE = re.compile(
    r"纳入优先审评|优先审评(?:审批)?(?:程序|品种|资格)"
    r"|(?:上市申请|上市许可申请|NDA|BLA|上市注册申请)[^。；]{0,40}受理"
    r"|受理[^。；]{0,40}(?:上市申请|上市许可申请|NDA|BLA)"
)
_ACCEPT_RE = re.compile(r"受理")
_IND_WORD_RE = re.compile(r"临床|IND|CXSL|JXSL|CXHL|JXHL")
_CLINICAL_RE = re.compile(
    r"(?:I|II|III|IV|1|2|3)期(?:临床)?(?:研究|试验)?数据|公布[^。]{0,30}数据|客观缓解率|ORR|完全缓解率|完全缓解|CR率|总缓解率|缓解率|有效率|中位(?:无进展)?生存|PFS|总生存期|读出|顶线数据"
    r"|积极结果|达到(?:主要)?终点|主要终点|临床数据|研究数据|研究结果|试验结果|疗效数据|随访数据|结果显示"
)
_FILING_RE = re.compile(
    r"(?:完成|通过|获得?|取得|予以|新增)[^。，；]{0,14}备案|备案(?:成功|获批|通过)|备案(?:项目|机构)(?:名单|公示)"
)
_FILING_CTX_RE = re.compile(r"干细胞|临床研究|研究项目|研究机构|体细胞|细胞治疗")
_POLICY_RE = re.compile(r"印发|发布|出台|施行|实施|公布|颁布|审议通过|正式生效|下发|推出|公开发布")
_DRAFT_RE = re.compile(r"征求意见")
_FINANCING_RE = re.compile(
    r"(?:完成|宣布|获得?|斩获)[^。；，]{0,24}?(?:轮|融资|战略投资|投资)|融资|募资|募集资金|IPO|首次公开发行|挂牌上市|登陆(?:港交所|科创板|创业板|纳斯达克|北交所)"
    r"|港股上市|战略投资|领投|增资|定增|定向增发|配售|全球发售"
)
_ROUND_RE = re.compile(
    r"(种子轮|天使\+?轮|PRE-A\+?轮|A\+{0,2}轮|B\+?轮|C\+?轮|D\+?轮|E\+?轮|F轮|PRE-IPO轮|战略融资|战略投资|IPO|首次公开发行|定增|定向增发)"
)
_INVESTOR_CUE_RE = re.compile(r"领投|跟投|参投|联合投资|共同投资|追加投资|老股东")
_FORECAST_RE = re.compile(r"市场规模|市场空间|行业规模|产业规模|市场容量|市场总额|规模(?:将|有望|预计)")
_FIRST_RX_RE = re.compile(
    r"首张处方|首张商业化处方|首批商业化|首方|开出首|首批处方|首个商业化|商业化首|商业化上市|正式商业化|首例商业化|商业化落地|落地首|首单|首针"
)
_NEGATION_RE = re.compile(r"尚未|未获|未能|没有|并未|不予|未通过|驳回|撤回|暂停|否决|未被")
_HEDGE_RE = re.compile(r"拟|计划|有望|或将|将于|将在|争取|力争|即将|准备|期待|可能|预期")
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_HEDGE_EXEMPT_RE = re.compile(r"^拟(?:将[^。，；]{0,30})?(?:纳入|列入)优先审评")
# "已有…等多款产品获批上市", "截至…累计完成备案": statistics about past events, not an event.
_BACKGROUND_RE = re.compile(r"已有|先后有|累计|共有|截至|截止|多款|等\d*[款个]")
_STATISTIC_RE = re.compile(r"已有|累计|共有|截至|截止")
_CLAUSE_BREAK = "，,；;：:"
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
    main_drug = _main_entity(fields, "drug")
    main_indication = _main_entity(fields, "indication")
    events: list[Event] = []
    for ctx in fields:
        last_year: int | None = None
        para_dates: list[tuple[int, int, str]] | None = None
        for s, e in ctx.sentences:
            sent_view = ctx.view[s:e]
            if not sent_view.strip():
                continue
            if not _ANY_TRIGGER_RE.search(sent_view):
                # No event here; only remember the year for a later 同年.
                years = _YEAR_MENTION_RE.findall(sent_view)
                if years:
                    last_year = int(years[-1])
                continue
            ents = [x for x in ctx.entities if x.start >= s and x.end <= e]
            dates = find_dates(sent_view, published, same_year=last_year)
            context = None
            if not dates:
                if para_dates is None:
                    para_dates = _paragraph_dates(ctx.view, published)
                context = _nearest_paragraph_date(para_dates, s, e)
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
                    main_drug,
                    main_indication,
                    drug_company,
                    regions_in,
                )
            )
            if dates:
                last_year = int(dates[-1].value[:4])
    return _merge_in_document(events)


def _paragraph_dates(view: str, published: date | None) -> list[tuple[int, int, str]]:
    """Explicit dates of each paragraph as (paragraph_start, offset, value)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in view.split("\n"):
        for d in find_dates(line, published):
            # Only absolute dates: 近日 in one sentence says nothing about the next.
            if re.match(r"\d{4}|\d{1,2}\s*月", line[d.start : d.end]):
                out.append((pos, pos + d.start, d.value))
        pos += len(line) + 1
    return out


def _nearest_paragraph_date(para_dates: Sequence[tuple[int, int, str]], s: int, e: int) -> str | None:
    """A date stated elsewhere in the sentence's paragraph (record-style text: 承办日期：…)."""
    candidates = [
        (abs(off - s), value)
        for p_start, off, value in para_dates
        if not s <= off < e and p_start <= s and (off < s or off >= e)
    ]
    same_para = [c for c in candidates if _same_paragraph(para_dates, s, c)]
    if not same_para:
        return None
    return min(same_para)[1]


def _same_paragraph(para_dates: Sequence[tuple[int, int, str]], s: int, cand: tuple[int, str]) -> bool:
    """True when the candidate date belongs to the paragraph that contains offset ``s``."""
    starts = sorted({p for p, _, _ in para_dates if p <= s})
    if not starts:
        return False
    para = starts[-1]
    return any(p == para and v == cand[1] and abs(off - s) == cand[0] for p, off, v in para_dates)


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


def _types_for(sent: str, ents: Sequence[Entity]) -> list[tuple[str, int, float]]:
    """Return (event type, trigger offset, base confidence) for a sentence."""
    found: list[tuple[str, int, float]] = []
    acc = ACCEPTANCE_NO_RE.search(sent)
    decoded = decode_acceptance_number(acc.group(1)) if acc else None
    has = {x.type for x in ents}
    m_ind = _IND_APPROVAL_RE.search(sent)
    if m_ind:
        found.append(("ind_approval", m_ind.start(), 0.9))
    # "首款获批上市的X" is an attribute, not the event being reported.
    m_app = next((m for m in _APPROVAL_RE.finditer(sent) if not sent.startswith("的", m.end())), None)
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
        pos = m_nda.start() if m_nda else (m_acc.start() if m_acc else 0)
        if not m_app:
            found.append(("nda_accepted", pos, 0.85))
    elif m_acc and not m_ind and (_IND_WORD_RE.search(sent) or (decoded is not None and decoded.application == "ind")):
        found.append(("ind_accepted", m_acc.start(), 0.85))
    if not (m_app or m_nda or m_ind):
        m_clin = _CLINICAL_RE.search(sent)
        if m_clin and ("drug" in has or "indication" in has or "cell_type" in has):
            found.append(("clinical_result", m_clin.start(), 0.75))
    m_fil = _FILING_RE.search(sent)
    if m_fil and _FILING_CTX_RE.search(sent):
        found.append(("research_filing", m_fil.start(), 0.8))
    m_pol = _POLICY_RE.search(sent)
    if m_pol and "policy" in has and not _DRAFT_RE.search(sent):
        found.append(("policy_issued", m_pol.start(), 0.85))
    m_fin = _FINANCING_RE.search(sent)
    if m_fin and "company" in has and (parse_amounts(sent) or _ROUND_RE.search(sent)):
        found.append(("financing", m_fin.start(), 0.85))
    m_fc = _FORECAST_RE.search(sent)
    if m_fc and parse_amounts(sent):
        found.append(("market_forecast", m_fc.start(), 0.85))
    m_rx = _FIRST_RX_RE.search(sent)
    if m_rx:
        found.append(("first_prescription", m_rx.start(), 0.85))
    return found


def _sentence_events(
    ctx: FieldContext,
    s: int,
    e: int,
    sent: str,
    ents: Sequence[Entity],
    dates: Sequence[DateMention],
    context_date: str | None,
    published: date | None,
    main_drug: str | None,
    main_indication: str | None,
    drug_company: dict[str, str],
    regions_in: dict[str, tuple[str, ...]],
) -> list[Event]:
    types = _types_for(sent, ents)
    if not types:
        return []
    amounts = parse_amounts(sent)
    acc = ACCEPTANCE_NO_RE.search(sent)
    out: list[Event] = []
    for type_, trig, base in types:
        clause = _clause_before(sent, trig)
        if _NEGATION_RE.search(clause + sent[trig : trig + 6]):
            continue
        if type_ in ("drug_approval", "first_prescription") and _BACKGROUND_RE.search(sent[:trig]):
            continue
        if type_ == "research_filing" and _STATISTIC_RE.search(sent[:trig]):
            continue
        conf = base
        # Hedges reach back over clauses (公司拟…，募集资金…): look at the whole sentence head.
        head = sent[max(0, trig - 40) : trig]
        hedge = _HEDGE_RE.search(head)
        if (
            type_ != "market_forecast"
            and hedge
            and not _HEDGE_EXEMPT_RE.match(sent[trig - len(head) + hedge.start() :])
        ):
            conf *= 0.5
        date_value, date_fallback = _pick_date(type_, dates, trig, published)
        if date_fallback and context_date and type_ != "market_forecast":
            date_value, date_fallback = context_date, False
        if date_fallback:
            conf -= 0.05
        drugs = _canon_list(ents, "drug")
        drug_values: list[str | None]
        if type_ in DRUG_EVENTS:
            if drugs:
                drug_values = list(drugs)
            else:
                drug_values = [main_drug]
                conf -= 0.15 if main_drug else 0.25
        else:
            drug_values = [drugs[0] if drugs and type_ in ("policy_issued",) else None]
            if type_ == "policy_issued":
                drug_values = [None]
        companies = _canon_list(ents, "company")
        investors = _investors(sent, ents, s) if type_ == "financing" else ()
        company_choices = [c for c in companies if c not in investors]
        policies = _canon_list(ents, "policy")
        regions = _canon_list(ents, "region")
        issuers = _canon_list(ents, "authority")
        indications = _canon_list(ents, "indication")
        amount: Amount | None = None
        if type_ in ("financing", "market_forecast") and amounts:
            amount = amounts[-1][2] if type_ == "market_forecast" else amounts[0][2]
        for drug in drug_values:
            company = company_choices[0] if company_choices else None
            if company is None and drug and type_ in DRUG_EVENTS:
                company = drug_company.get(drug)
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


def _clause_before(sent: str, trig: int) -> str:
    """Text from the start of the trigger's clause (after the last comma) up to the trigger."""
    lo = max([sent.rfind(ch, 0, trig) for ch in _CLAUSE_BREAK] + [-1]) + 1
    return sent[max(lo, trig - 30) : trig]


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
        return before[-1].value, False
    if dates:
        return dates[0].value, False
    if published:
        return f"{published.year:04d}-{published.month:02d}", True
    return None, True


def _investors(sent: str, ents: Sequence[Entity], offset: int) -> tuple[str, ...]:
    """Companies named as investors: those before a 领投/跟投/参投 cue or after 由/获."""
    out: list[str] = []
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


def _merge_in_document(events: Sequence[Event]) -> list[Event]:
    """Merge repeats of one event inside a document; keep the most precise, most confident."""
    out: list[Event] = []
    for ev in events:
        for i, kept in enumerate(out):
            if _merge_key(kept) != _merge_key(ev):
                continue
            if kept.date and ev.date and not compatible(kept.date, ev.date):
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
