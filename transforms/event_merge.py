"""Merging the repeats of one event inside a document.

A title, a heading line or a page's headline summarises the body: its event folds into the body's
event of the same type; repeats of one event in the body keep the most precise, most confident
reading; a sentence that lists several indications keeps one event per indication.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from transforms.clean import cell_gaps
from transforms.dates import DateIndex, compatible
from transforms.event_dates import ISSUING_VERB_RE
from transforms.indications import mainland_disease_terms
from transforms.rules import DESIGNATION_TYPES, DRUG_EVENTS, PER_INDICATION
from transforms.rules_registers import is_table_row
from transforms.told_before import LIST_ITEM_RE
from transforms.types import Event, Field

#: An announcement's heading repeated in the body (关于…的公告): it plays the title's role.
_HEADING_RE = re.compile(r"^关于[^。，,；;]{2,80}$")
_SENTENCE_STOP_RE = re.compile(r"[。！？!?，,：:]")
#: The lead of a list of filings (以下项目已完成备案, 下列机构…).
_LIST_LEAD_RE = re.compile(r"以下|下列|如下")


#: How long after its signing a policy may still be posted (a regulation signed in January, posted in March).
_SIGNED_TO_PUBLISHED_DAYS = 100
#: A product's one-off regulatory and commercial steps.
_MILESTONES = DRUG_EVENTS - {"clinical_result"}


#: Names of one kind of round (恒舟医药此次定增落地 retells its 向特定对象发行A股股票): merged as one.
_ROUND_NAMES = {"定向增发": "定增", "向特定对象发行": "定增", "首次公开发行": "IPO"}


#: Steps a product takes once per use: each use's trial is applied for and approved on its own.
_TRIAL_STEPS = frozenset({"ind_approval", "ind_accepted"})


def _merge_key(ev: Event) -> tuple[str | None, ...]:
    """Subject of an event for in-document merging."""
    if ev.type == "financing":
        return (ev.type, ev.company, _ROUND_NAMES.get(ev.round or "", ev.round))
    if ev.type == "policy_issued":
        return (ev.type, ev.policy)
    if ev.type == "market_forecast":
        return (ev.type, ev.date)
    if ev.type == "research_filing":
        return (ev.type, ev.company, ev.drug)
    return (ev.type, ev.drug)


def is_heading(ev: Event) -> bool:
    """True for the title, or the title repeated as the body's first line (关于…的公告)."""
    return ev.field == "title" or _HEADING_RE.match(ev.evidence.replace("關於", "关于").strip()) is not None


def _is_headline(ev: Event, dates: dict[Field, DateIndex]) -> bool:
    """A page's headline: a whole short line near the top of the text.

    It has no sentence punctuation or field labels (郑州市第一人民医院正式成为国家干细胞临床研究备案机构 |).
    """
    text = dates[ev.field].text
    line_start = text.rfind("\n", 0, ev.evidence_start) + 1
    line_end = text.find("\n", ev.evidence_end)
    return (
        ev.evidence_start < 200
        and not text[line_start : ev.evidence_start].strip()
        and not text[ev.evidence_end : line_end if line_end >= 0 else len(text)].strip(" |")
        and len(ev.evidence) <= 60
        and _SENTENCE_STOP_RE.search(ev.evidence) is None
        # (１　齐鲁山海医院　…　２０２５年１１月１０日: a table's row, its cells set apart by spaces)
        and cell_gaps(ev.evidence) < 3
        # (1<tab>西南医科大学附属医院<tab>2026-01-29: a row of two cells and a number)
        and "\t" not in ev.evidence.strip()
        # (获国家药监局批准上市|…大B细胞淋巴瘤|2021年9月: a row of cells set apart by bars)
        and text[line_start : line_end if line_end >= 0 else len(text)].count("|") < 2
    )


def merge_in_document(events: Sequence[Event], dates: dict[Field, DateIndex]) -> list[Event]:
    """Merge repeats of one event inside a document; keep the most precise, most confident.

    A title (or heading line) summarises the body: its event folds into the body's event of the
    same type and a compatible date even when the title names the product only generically
    (关于间充质干细胞注射液获得…的公告 vs. the body's TSL-M01注射液).
    """
    heads: list[Event] = []
    body: list[Event] = []
    # A headline without a date of its own was dated by the page (…受理并纳入优先审评): the body's telling
    # decides, even when it leaves the date open (a step told in the same breath as a dated one).
    page_dated = {
        id(ev)
        for ev in events
        if (is_heading(ev) or _is_headline(ev, dates))
        and not dates[ev.field].within(ev.evidence_start, ev.evidence_end)
    }
    views = {field: index.text for field, index in dates.items()}
    for ev in _merge_same(events, page_dated, views):
        (heads if is_heading(ev) or _is_headline(ev, dates) else body).append(ev)
    kept: list[Event] = []
    for head in heads:
        undated = not dates[head.field].has_own_year(head.evidence_start, head.evidence_end)
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
                    # 某医院研究完成国家备案 over the body's dated filing of a named hospital
                    or (undated and head.type == "research_filing" and head.company is None)
                )
            ),
            None,
        )
        if k is None:
            kept.append(head)
            continue
        told_day = (
            len(head.date or "") == 10
            and any(d.value == head.date for d in dates[head.field].within(head.evidence_start, head.evidence_end))
            and len(body[k].date or "") < 10
        )
        # (1月6日｜X获附条件批准 over a body that tells the approval undated: the heading's own day dates it)
        body[k] = replace(_completed(body[k], head), date=head.date) if told_day else _completed(body[k], head)
    merged = kept + body
    effect_only = {id(ev) for ev in merged if ev.type == "policy_issued" and _takes_effect_only(ev, views)}
    if any(ev.type == "policy_issued" and id(ev) not in effect_only and ev.date for ev in merged):
        # 「再生医疗法」…自今年1月1日起正式施行。…双法于113年6月19日由总统公布: a rule taking effect is no issuance
        # (ANNOTATION.md); it stands for one only on a page that tells no issuance at all
        merged = [ev for ev in merged if id(ev) not in effect_only]
    return merged


def _merge_same(
    events: Sequence[Event],
    page_dated: set[int] | frozenset[int] = frozenset(),
    views: Mapping[Field, str] | None = None,
) -> list[Event]:
    """Merge events with the same subject and compatible dates.

    ``page_dated`` holds the ids of headline events dated only by the page: their date yields to the body's;
    ``views`` are the fields' texts (to tell whether two readouts are of one paragraph).
    """
    out: list[Event] = []
    # (a title and the body's heading line, both dated only by the page, merge into what is still page-dated)
    page_dated = set(page_dated)
    merged_headlines: list[Event] = []
    for ev in events:
        # (此次通过优先审评获批, undated, retells the body's dated approval rather than the title's page-dated one)
        order = (
            sorted(range(len(out)), key=lambda i: not (out[i].date and id(out[i]) not in page_dated))
            if ev.date is None
            else range(len(out))
        )
        for i in order:
            kept = out[i]
            # A list heading (以下项目已完成备案) and its first dated item are one filing; an unnamed filing
            # of another time (近日我院… vs 该院于2022年…) is not a heading.
            header = (
                ev.type == kept.type == "research_filing"
                and (ev.company is None or kept.company is None)
                and (
                    _LIST_LEAD_RE.search((ev if ev.company is None else kept).evidence) is not None
                    or not (ev.date and kept.date)
                    or compatible(ev.date, kept.date)
                )
            )
            # Details of one financing (发售价, 基石投资者) name no round: they belong to the round.
            header = header or (
                ev.type == kept.type == "financing"
                and ev.company == kept.company
                and (ev.round is None or kept.round is None)
            )
            # 这是我国首款获批上市的…药物 / “首款干细胞药物获批，意味着…”: an unnamed product's milestone
            # beside the same milestone of a named product retells it.
            # (Readouts stay apart: an unnamed one is often another patient's.)
            # (not a milestone of another use: 一款用于治疗多发性骨髓瘤的新药获准注册 beside Kymriah's leukaemia one)
            retold = (
                kept.type == ev.type
                and kept.type in _MILESTONES
                and (kept.drug is None) != (ev.drug is None)
                and not (
                    kept.indication
                    and ev.indication
                    and kept.indication not in ev.indication
                    and ev.indication not in kept.indication
                )
            )
            # (a headline's 2033年或达46.9亿美元 and the body's report of it: one forecast, told twice)
            same_forecast = (
                ev.type == kept.type == "market_forecast"
                and ev.amount is not None
                and kept.amount is not None
                and (ev.amount.value, ev.amount.currency) == (kept.amount.value, kept.amount.currency)
            )
            if _merge_key(kept) != _merge_key(ev) and not header and not retold and not same_forecast:
                continue
            if _listed_apart(kept, ev, views or {}) or _institution_and_project(kept, ev) or _other_use(kept, ev):
                continue
            if ev.type == "policy_issued" and _takes_effect_only(kept, views) != _takes_effect_only(ev, views):
                # 《A》昨日正式施行。这部法律于2024年6月19日由总统公布: the promulgation told is the event, the
                # taking effect only stands for it when no promulgation is told
                out[i] = ev if _takes_effect_only(kept, views) else kept
                break
            list_heading = header and ev.type == "research_filing"
            # 3月30日发布《办法》…该办法于2020年1月22日公布: a policy is published weeks after it is signed.
            signed = ev.type == "policy_issued" and ev.policy is not None
            # 6月30日拟纳入优先审评…7月14日公示期满，正式纳入: a designation proposed and confirmed is one
            max_days = _SIGNED_TO_PUBLISHED_DAYS if signed else 15 if ev.type in DESIGNATION_TYPES else 7
            # 首款…获批 as an undated headline over the body's dated approval of the product: one approval.
            headline = retold and bool({id(kept), id(ev)} & page_dated)
            # 公司以8,000万元参与X的B轮融资。2025年6月，X完成B轮融资: a named round of one firm happens once
            same_round = ev.type == "financing" and ev.round is not None and _merge_key(ev) == _merge_key(kept)
            if (
                kept.date
                and ev.date
                and not compatible(kept.date, ev.date, max_days=max_days)
                and not (signed and _near(kept.date, ev.date, max_days))
                and not list_heading
                and not headline
                and not same_round
                and not same_forecast
            ):
                continue
            if list_heading and (kept.company is None) != (ev.company is None):
                # 以下项目已完成备案：… 项目一 机构名称：X 备案时间：2026年4月: the item's own day, not the notice's
                item, heading = (ev, kept) if kept.company is None else (kept, ev)
                out[i] = _completed(item, heading) if item.date else _better(kept, ev, page_dated)
            elif same_round and kept.date and ev.date and not compatible(kept.date, ev.date, max_days=max_days):
                # (the round told without a time of its own took the page's month, later than the round itself)
                out[i] = replace(_better(kept, ev, page_dated), date=min(kept.date, ev.date))
            elif same_forecast and kept.date != ev.date:
                # the headline or item heading dated by the page states nothing; the report it retells does
                out[i] = ev if kept.field == "title" or ev.evidence_start > kept.evidence_start else kept
            else:
                out[i] = _better(kept, ev, page_dated)
            if id(kept) in page_dated and id(ev) in page_dated:
                page_dated.add(id(out[i]))
                merged_headlines.append(out[i])  # (kept alive: an id is only unique while its object lives)
            break
        else:
            out.append(ev)
    return out


def _other_use(a: Event, b: Event) -> bool:
    """A trial step of the product for another use, told apart and without a time: two steps, not one told twice.

    …同意开展SLE的临床试验。此前，该产品用于白血病的临床试验申请均已获批.
    """
    return (
        a.type == b.type
        and a.type in _TRIAL_STEPS
        and a.evidence_start != b.evidence_start
        and (a.date is None) != (b.date is None)
        and a.indication is not None
        and b.indication is not None
        and a.indication not in b.indication
        and b.indication not in a.indication
    )


def _near(a: str, b: str, max_days: int) -> bool:
    """Two dates of day or month precision within ``max_days`` (a month counts from its first day).

    日前签署…公布《X》 (the page's month) and 于9月28日签署 (the day) are one promulgation.
    """
    if len(a) < 7 or len(b) < 7:
        return False
    first_a, first_b = (date.fromisoformat(x if len(x) == 10 else f"{x}-01") for x in (a, b))
    return abs((first_a - first_b).days) <= max_days


#: A line headed by its cohort (系统性硬化症队列：9例…): a readout of its own, apart from the study's summary.
_COHORT_LINE_RE = re.compile(r"[^：:\n。；，]{2,24}?(?:队列|亚组)\s*[:：]")


#: A rule taking effect (正式施行, 起实施, 生效, 上路), as against being issued (公布, 印发…).
_TAKES_EFFECT_RE = re.compile(r"施行|实施|生效|上路")


#: A rule's signing or passing told (落款日期为…, 签署, 审议通过): its issuing, not only its taking effect.
_SIGNED_OR_PASSED_RE = re.compile(r"落款|签署|签发|成文|通过")


def _takes_effect_only(ev: Event, views: Mapping[Field, str] | None = None) -> bool:
    """A policy event told only by the rule taking effect.

    With the fields' analysis views, the evidence is read simplified and without its titles (修正發布之《…施行或使用
    管理办法》 is issued, not taking effect).
    """
    told = ev.evidence
    if views is not None and (view := views.get(ev.field)):
        told = _TITLE_RE.sub("", view[ev.evidence_start : ev.evidence_end])
    return (
        _TAKES_EFFECT_RE.search(told) is not None
        and ISSUING_VERB_RE.search(told) is None
        and _SIGNED_OR_PASSED_RE.search(told) is None
    )


_TITLE_RE = re.compile(r"《[^《》]*》")


#: An institution's own filing (完成干细胞临床研究机构备案, 成为…备案机构), as against a project's.
_INSTITUTION_FILING_RE = re.compile(r"机构备案|备案机构")
#: A project's own filing (1个干细胞临床研究项目也完成备案), not a count of them (全市完成备案的项目已超过40个).
_PROJECT_FILING_RE = re.compile(r"项目(?:也|亦|同时|同步)?(?:已|顺利)?(?:完成|通过)[^。；，]{0,6}?备案")


def _institution_and_project(a: Event, b: Event) -> bool:
    """A hospital's institution filing and its first project's filing (…机构备案。…“X治疗Y的临床研究”也完成项目备案).

    Two filings of one firm and one time, told apart: the institution's names no use, the project's does, or
    the project's sentence names a project and the institution's names none.
    """
    if not (a.type == b.type == "research_filing") or a.evidence_start == b.evidence_start:
        return False
    if (a.indication is None) != (b.indication is None):
        institution = a if a.indication is None else b
        return _INSTITUTION_FILING_RE.search(institution.evidence) is not None
    return any(
        _INSTITUTION_FILING_RE.search(x.evidence) is not None
        and _PROJECT_FILING_RE.search(x.evidence) is None
        and _PROJECT_FILING_RE.search(y.evidence) is not None
        and _INSTITUTION_FILING_RE.search(y.evidence) is None
        for x, y in ((a, b), (b, a))
    )


def _listed_apart(a: Event, b: Event, views: Mapping[Field, str]) -> bool:
    """Events kept apart for their indications (ANNOTATION.md: one event per type, drug and indication).

    The events of one sentence that lists several indications, and two readouts of one paragraph, each told of
    a use of its own (…大B细胞淋巴瘤患者ORR为81.3%；滤泡性淋巴瘤队列中ORR达95.0%).
    """
    if not (a.type in PER_INDICATION and a.indication and b.indication and a.indication != b.indication):
        return False
    if (a.field, a.evidence_start) == (b.field, b.evidence_start):
        return True
    if a.type == "clinical_result" and len(a.date or "") == len(b.date or "") == 10 and a.date != b.date:
        return True  # (口头报告于12月7日…；另一项壁报研究于12月8日展示…: two readouts, each on its own day)
    if all(is_table_row(e.evidence) for e in (a, b)) and a.evidence_start != b.evidence_start:
        return True  # rows of one table (2024年5月｜滤泡性淋巴瘤 / 2024年5月｜套细胞淋巴瘤): one event per row's use
    first, second = (a, b) if a.evidence_start <= b.evidence_start else (b, a)
    view = views.get(a.field, "")
    between = view[first.evidence_start : second.evidence_start]

    def told(e: Event) -> str:
        # its analysis view (simplified, Taiwan's disease words made the mainland's, Latin upper-cased)
        return mainland_disease_terms(view[e.evidence_start : e.evidence_start + len(e.evidence)] or e.evidence)

    ind_a, ind_b = a.indication.upper(), b.indication.upper()
    return (
        a.type == "clinical_result"
        and a.field == b.field
        # (one paragraph, or the items of one list: - 滑膜肉瘤队列：ORR…\n- 脂肪肉瘤队列：ORR…)
        and (
            "\n" not in between
            or all(LIST_ITEM_RE.match(view, e.evidence_start) for e in (a, b))
            or _COHORT_LINE_RE.match(view, second.evidence_start) is not None
        )
        and ind_a not in ind_b
        and ind_b not in ind_a
        and ind_a in told(a)
        and ind_b in told(b)
        and ind_a not in told(b)
        and ind_b not in told(a)
    )


def _better(a: Event, b: Event, page_dated: set[int] | frozenset[int] = frozenset()) -> Event:
    """Combine two mentions of one event: precise date, body evidence, filled-in arguments."""

    def rank(ev: Event) -> tuple[bool, bool, int, float]:
        # A title's date is the page's (近日 in the body says the month): the body's date wins when it has one.
        return (ev.date is not None and id(ev) not in page_dated, ev.field == "text", len(ev.date or ""), ev.confidence)

    primary, other = (a, b) if rank(a) >= rank(b) else (b, a)
    if a.type == "policy_issued" and len(a.date or "") == len(b.date or "") == 10 and a.date != b.date:
        # 1月3日公布…该文件于2024年12月30日印发: a policy is issued when it is signed, not when a site posts it.
        primary, other = (a, b) if (a.date or "") < (b.date or "") else (b, a)
    return _completed(primary, other)


def _completed(primary: Event, other: Event) -> Event:
    """``primary`` with the arguments it lacks taken from ``other``, a report of the same event."""
    return replace(
        primary,
        drug=primary.drug or other.drug,
        company=primary.company or other.company,
        indication=primary.indication or other.indication,
        region=primary.region or other.region,
        amount=primary.amount or other.amount,
        policy=primary.policy or other.policy,
        confidence=max(primary.confidence, other.confidence),
    )
