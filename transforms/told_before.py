"""What a sentence takes from the sentences told before it.

A page often tells one step over several sentences: the uses of an approval in the sentence or the lines
after it (该药品适用于治疗A，以及B; 获批适应症为： then 一、…； 二、… on lines of their own), the product a
use was of a sentence or two on (输注的是…Kymriah), the day a readout was presented in a note after it
(（6月2日口头报告）), the day of a list from the lead that announced it (8月19日，…以下产品在列：). Each is a
small memory the event loop of :func:`transforms.events.extract_events` carries from sentence to sentence;
the functions here read and update them, so that the loop only wires them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from transforms.dates import ITEM_BULLETS, DateIndex, DateMention
from transforms.event_context import FieldContext
from transforms.indications import listed_indications
from transforms.regex_gate import GatedPattern
from transforms.rules import ANAPHOR_RE, PER_INDICATION, clause_end
from transforms.rules_registers import span_event
from transforms.types import Entity, Event

#: A study's results published or presented (近日，《Blood》在线发表了…研究结果): even 近日 dates what its
#: results then tell (the publication month, as any 近日).
STUDY_PUBLISHED_RE = re.compile(
    r"(?:发表|公布|披露|刊发|刊登)了?[^。；]{0,40}?(?:研究|试验)[^。；]{0,10}?(?:结果|数据)"
)
#: A line that lists (- …, · …, 1. …, 一、…) and what ends a line leading into such a list or an item of it.
LIST_ITEM_RE = re.compile(
    rf"\s*(?:[-–—*{ITEM_BULLETS}①-⑨]|(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})[.．、）)]"
    rf"|[（(](?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})[）)])"
)
LIST_LEAD_ENDS = frozenset("：:；;")


#: Several products announced at once (多款细胞和基因治疗产品获准开展临床试验, 3个品种): what numbered items then name.
_SEVERAL_PRODUCTS_RE = re.compile(
    r"(?<!第)(?:多|数|几|\d{1,2}|[两三四五六七八九十])(?:款|个|项|种)[^。；，]{0,16}?(?:产品|药物|药品|品种|疗法|新药)"
)


def list_lead(
    view: str, start: int, end: int, para_start: int, last_day: tuple[int, str] | None
) -> tuple[int, str] | None:
    """(paragraph start, day) when the sentence ``view[start:end]`` leads into a list in a paragraph dated by one day.

    It ends in ：, or it ends a paragraph that is no list item itself announcing several products (9月12日，CDE…更新
    默示许可信息，多款…产品获准开展临床试验。), whose items the numbered paragraphs after it are.
    """
    if not last_day or last_day[0] != para_start:
        return None
    sentence = view[start:end]
    if sentence.rstrip().endswith(("：", ":")):
        return last_day
    line_end = view.find("\n", end)
    if (
        not view[end : line_end if line_end >= 0 else len(view)].strip()
        and _SEVERAL_PRODUCTS_RE.search(sentence)
        and not LIST_ITEM_RE.match(view, para_start)
    ):
        return last_day
    return None


# Uses told after the step ---------------------------------------------------------------------------

#: 该药品适用于治疗…, 该药是一款…产品，获批用于…, 此次获批的适应症为…: the uses of the product whose step the
#: sentence before told.
_USES_NEXT_RE = re.compile(
    r"\s*(?:(?:该|本|此)(?:药品|药物|产品|品种|疗法|品|药)?(?:[是为][^。；，]{2,40}[，,])?"
    r"(?:适用于|用于|适应症为|适应症包括|获批用于)"
    r"|(?:此次|本次)(?:获批|获准)的?(?:适应症|适应证))"
)
#: A sentence that leads into the uses of the step just told (本次获批的适应症包括：, 获批适应症如下：,
#: 适应症共有两项：).
_USES_LEAD_RE = re.compile(
    r"(?:适应症|适应证)[^。；，]{0,6}?(?:包括|为|如下|有(?:[两二三四五\d][项个种类])?)\s*[：:]\s*$"
)
#: A numbered item's first number (（1）, ①) and a later one (（2）, ②, 二、, 2.).
_FIRST_ITEM_RE = re.compile(r"[（(][1一][）)]|①")
_NEXT_ITEM_RE = re.compile(
    r"\s*(?:[（(][2-9二三四五六七八九][）)]|[②-⑨]|[二三四五六七八九][、.．]|[2-9][、.．）)]|(?:其|第)?[二三四五六七八九]是)"
)


@dataclass(frozen=True, slots=True)
class ToldUses:
    """The steps of a sentence whose uses follow it.

    Attributes:
        end: Where the sentence that last added to them ends.
        events: The steps as that sentence first told them.
        how: ``after`` (the next sentence lists the uses: 该药品适用于…), ``listed`` (the lines its colon
            leads into: 获批适应症为： then 一、… on the next line) or ``numbered`` (the next numbered item names
            one more: （2）…).
    """

    end: int
    events: list[Event]
    how: Literal["after", "listed", "numbered"]


def told_uses(found: list[Event], sent_view: str, end: int, names_a_use: bool) -> ToldUses | None:
    """The steps a sentence told whose uses may follow it, if any."""
    if found and not names_a_use:
        return ToldUses(end, found, "listed" if sent_view.rstrip().endswith(("：", ":")) else "after")
    if found and _FIRST_ITEM_RE.search(sent_view):
        return ToldUses(end, found, "numbered")  # its uses are numbered, the first one here
    return None


def tells_uses_only(told: ToldUses | None, sent_view: str, prev_end: int, dated: bool) -> bool:
    """A sentence that only lists the uses of the step the sentence right before told, though it says 获批 again.

    (…批准X上市。该药是一款…产品，获批用于治疗A，以及B / 此次获批的适应症共有两项：: no step of its own)
    """
    return (
        told is not None
        and told.end == prev_end
        and told.how == "after"
        and not dated
        and _USES_NEXT_RE.match(sent_view) is not None
    )


def per_use(told: Sequence[Event], uses: Sequence[str]) -> list[Event]:
    """The events of a sentence that named no use, one per use listed after it (ANNOTATION.md)."""
    out: list[Event] = []
    for ev in told:
        # (a filed project names no product: 两个项目通过备案：\n1. …治疗卵巢早衰的研究 is one filing per use)
        per = ev.type in PER_INDICATION and (ev.drug is not None or ev.type == "research_filing")
        out.extend([replace(ev, indication=use) for use in uses] if per else [ev])
    return out


def add_uses_told_after(
    told: ToldUses, sent_view: str, end: int, uses: Sequence[str], events: list[Event]
) -> tuple[list[Event], ToldUses]:
    """Events with the uses a sentence of no step of its own lists for the steps told right before it.

    Args:
        told: The steps told before (their sentence ends right before this one).
        sent_view: This sentence.
        end: Where it ends.
        uses: The indications it lists.
        events: The document's events so far, the told steps last.

    Returns:
        The events, and what the next sentence may still add to.
    """
    n = len(told.events)
    if not uses and told.how == "after" and _USES_LEAD_RE.search(sent_view):
        # …批准X上市。本次获批的适应症包括：\n（1）…: the lines this sentence leads into list the uses
        return events, ToldUses(end, told.events, "listed")
    if uses and told.how == "after" and _USES_NEXT_RE.match(sent_view):
        # …批准X上市。该药品适用于治疗A，以及B: the approval just told is one event per use
        if len(uses) > 1:
            return events[: len(events) - n] + per_use(told.events, uses), told
        if sent_view.rstrip().endswith(("；", ";")):
            # 该药品用于两类患者：一是…A；二是…B。: the uses go on in the next sentence
            return events[: len(events) - n] + per_use(told.events, uses), ToldUses(end, told.events, "numbered")
    if uses and told.how == "listed" and LIST_ITEM_RE.match(sent_view):
        # 获批适应症为：\n一、…A；\n二、…B: the first listed use replaces the page's main one
        return events[: len(events) - n] + per_use(told.events, uses), ToldUses(end, told.events, "numbered")
    if uses and told.how == "numbered" and _NEXT_ITEM_RE.match(sent_view):
        # 获批适应症为：（1）…A；（2）…B: each numbered use is another event of the step
        added = [ev for ev in per_use(told.events, uses) if ev.indication in uses]
        return events + added, ToldUses(end, told.events, "numbered")
    return events, told


# The product a use was of, named later ----------------------------------------------------------------

#: The product a use was of, told after it (输注的是…Kymriah, 这项试验使用的是…YK-19, 本次使用的产品为…).
#: (目前给付品项为诺华的Kymriah: the one product paid for is the one the reimbursed patients were given)
_PRODUCT_USED_RE = re.compile(
    r"(?:输注|回输|注射|使用|采用|用)的(?:产品|药物|药品|疗法|制剂)?(?:是|为)"
    r"|(?:给付|报销|医保支付)的?(?:品项|产品|药物|药品|疗法)(?:是|为)"
)
#: The uses whose product may be named later.
_USED_PRODUCT_TYPES = frozenset({"first_prescription", "clinical_result"})
#: How many sentences naming no product may stand between a use and the sentence naming its product.
_USED_PRODUCT_WITHIN = 2


@dataclass(frozen=True, slots=True)
class Productless:
    """Uses told without their product, waiting for a sentence that names it (and how many have not)."""

    events: list[Event]
    since: int = 0


def productless_uses(found: list[Event], names_a_product: bool) -> Productless | None:
    """The uses of a sentence that named no product, if any."""
    waiting = [ev for ev in found if ev.type in _USED_PRODUCT_TYPES and ev.drug is None]
    return Productless(waiting) if waiting and not names_a_product else None


def name_the_product(
    waiting: Productless, sent_view: str, start: int, products: Sequence[Entity], events: list[Event]
) -> tuple[list[Event], Productless | None]:
    """Give the waiting uses the product this sentence names as the one used; else count it or give up.

    …首例健保给付个案2日完成细胞回输。（接受治疗的是一名…。）输注的是诺华的Kymriah: the product a sentence soon
    after names, none naming another in between.

    Args:
        waiting: Uses told without their product.
        sent_view: This sentence.
        start: Its start in the field.
        products: Its drug mentions.
        events: The document's events so far.

    Returns:
        The events, and the uses still waiting (None when done or given up).
    """
    used = _PRODUCT_USED_RE.search(sent_view)
    if used:
        named_after = {x.canonical for x in products if x.start >= start + used.end()}
        if len(named_after) == 1:
            product = named_after.pop()
            events = [replace(ev, drug=product) if any(ev is u for u in waiting.events) else ev for ev in events]
        return events, None
    if products or waiting.since >= _USED_PRODUCT_WITHIN:
        return events, None
    return events, Productless(waiting.events, waiting.since + 1)


# A note dating the readouts before it ---------------------------------------------------------------

#: A note after a readout saying when it was presented (（6月2日口头报告）, （壁报，12月8日））.
_PRESENTED_NOTE_RE = re.compile(
    r"\s*[（(][^（）()]{0,14}?(?:口头报告|壁报|海报|报告|展示|发布|发表)[^（）()]{0,8}[）)][。.]?\s*"
)


def dated_by_note(readouts: Sequence[Event], sent_view: str, days: Sequence[str], events: list[Event]) -> list[Event]:
    """The readouts just told, dated by a note of the day they were presented (…OS率为63.5%。（6月2日口头报告））."""
    if len(days) != 1 or not readouts or not _PRESENTED_NOTE_RE.fullmatch(sent_view):
        return events
    return [replace(ev, date=days[0]) if any(ev is r for r in readouts) else ev for ev in events]


# The study a page presents ----------------------------------------------------------------------------

#: A study told as presented or published (团队报告了X…的Ⅱ期研究, 在ASCO上公布了…试验数据, 结果发表于《柳叶刀》).
_STUDY_PRESENTED_RE = re.compile(
    r"(?:报告|公布|发布|披露|发表|展示|汇报|公开)了?[^。；]{0,60}?(?:研究|试验|数据|结果)"
    r"|(?:研究|试验|数据|结果)[^。；]{0,70}?(?:发表于|刊登于|亮相|公布|发布|披露)"
)
#: A step a date in the clause belongs to instead (今年1月在国内附条件获批后): not the study's day.
_OTHER_STEP_RE = re.compile(r"获批|批准|受理|纳入|上市|成立|许可")
#: Results the sentence marks as older than the study presented (此前公布的…, 既往研究…).
_EARLIER_RESULTS_RE = re.compile(r"此前|既往|早前|曾经?|先前|去年|前期(?:研究|数据)")


@dataclass(frozen=True, slots=True)
class StudyPresented:
    """The study a sentence told as presented on a day, and its product: what later undated results report.

    Attributes:
        drug: The product the study is of.
        date: The day (or month) it was presented.
        uses: The uses the study was in (治疗晚期胃癌或胃食管结合部腺癌的…研究), in order.
    """

    drug: str | None
    date: str
    uses: tuple[str, ...]


def study_presented(
    sent_view: str, start: int, entities: Sequence[Entity], dates: Sequence[DateMention]
) -> StudyPresented | None:
    """The study a sentence presents on one date, of one product or none.

    当地时间5月31日，…团队报告了X…的确证性研究; 《新英格兰医学杂志》发表了…团队的一项临床研究：…用于治疗
    难治性系统性红斑狼疮.
    Not a guideline issued (发布《…临床试验技术指导原则》) nor a product the sentence refers back to (该产品…披露…结果).
    """
    if not dates or not _STUDY_PRESENTED_RE.search(sent_view):
        return None
    drugs = {x.canonical for x in entities if x.type == "drug"}
    if len(drugs) > 1 or any(x.type == "policy" for x in entities) or (not drugs and ANAPHOR_RE.search(sent_view)):
        return None
    # (2025年美国临床肿瘤学会: a year names the meeting; 该产品今年1月获批后…: the month of another step)
    days = [
        d
        for d in dates
        if len(d.value) >= 7 and not _OTHER_STEP_RE.search(sent_view, d.end, clause_end(sent_view, d.end))
    ]
    if len({d.value for d in days}) > 1:
        # 上海2025年6月3日 /美通社/ …结果已于美国东部时间6月1日在…年会上公布: the day nearest the verb, before it
        verb_end = max(m.end() for m in _STUDY_PRESENTED_RE.finditer(sent_view))
        days = [d for d in days if d.end <= verb_end][-1:]
    if len({d.value for d in days}) != 1:
        return None
    uses = listed_indications(sent_view, start, entities)
    return StudyPresented(drugs.pop() if drugs else None, days[0].value, tuple(uses))


def dated_by_study(found: list[Event], study: StudyPresented | None, sent_view: str, names_a_use: bool) -> list[Event]:
    """Undated results of the study's product take the day it was presented, unless told as earlier ones.

    Naming no use of their own, they take the study's uses.
    """
    if study is None or _EARLIER_RESULTS_RE.search(sent_view):
        return found
    out: list[Event] = []
    for ev in found:
        # (a month that only covers the study's day, the meeting's, is made the day: 6月13日的口头报告…公布了…)
        coarser = ev.date is not None and len(ev.date) < len(study.date) and study.date.startswith(ev.date)
        if ev.type != "clinical_result" or (ev.date is not None and not coarser) or ev.drug != study.drug:
            out.append(ev)
            continue
        # The date is no fallback; results of a study told without a product are that study's, not loose words.
        dated = replace(ev, date=study.date, confidence=min(1.0, ev.confidence + (0.05 if ev.drug else 0.15)))
        if names_a_use or not study.uses:
            out.append(dated)
        else:
            out.extend(replace(dated, indication=use) for use in study.uses)
    return out


# First uses a lead counts --------------------------------------------------------------------------------

#: A lead that counts first uses and lists them after its colon (乐城迎来两项“首例”：9月12日，…；9月26日，…).
_FIRST_USES_LEAD_RE = re.compile(
    r"(?:[两二三四五六七八九几多]|\d+)[项例位名个][“\"「]?首(?:例|位|名|次)[^：:]{0,12}[：:]"
)
#: A patient given a product (接受…X回输, 使用了…X, 输注了X): one of the uses counted.
_USE_RE = re.compile(r"接受[^。；]{0,30}?(?:回输|输注|治疗|注射)|使用了|输注了|回输了|注射了")


def first_uses_lead(sent_view: str) -> int | None:
    """Where the uses start in a sentence that counts first uses before a colon (…迎来两项“首例”：), or None."""
    lead = _FIRST_USES_LEAD_SCAN.search(sent_view)
    return lead.end() if lead else None


def counted_first_use(
    ctx: FieldContext, s: int, e: int, after: int, index: DateIndex, drug_company: Mapping[str, str]
) -> Event | None:
    """The first use a lead counted, told by the sentence ``[s, e)`` (from ``after`` on, sentence offsets).

    The sentence gives one product to a patient (9月12日，一名患儿在某医院接受基因编辑疗法Casgevy回输): a first
    prescription of that product, dated by the sentence's day, for the one use it names.
    """
    sent_view = ctx.view[s:e]
    if not _USE_RE.search(sent_view, after):
        return None
    told = [x for x in ctx.entities if s + after <= x.start < e]
    drugs = list(dict.fromkeys(x.canonical for x in told if x.type == "drug"))
    if len(drugs) != 1:
        return None
    uses = list(dict.fromkeys(x.canonical for x in told if x.type == "indication"))
    day = next((d.value for d in index.within(s, e) if d.start >= after and len(d.value) == 10), None)
    return span_event(
        ctx,
        s,
        e,
        type="first_prescription",
        drug=drugs[0],
        company=drug_company.get(drugs[0]),
        date=day,
        indication=uses[0] if len(uses) == 1 else None,
        confidence=0.8,
    )


# Products a designation list names ------------------------------------------------------------------------

#: A lead that announces a CDE designation list (拟将以下药品注册申请纳入优先审评审批程序，现予以公示; 公示新一批拟纳入
#: 突破性治疗品种名单): the products told after it, each on a line or in a sentence of its own, are on it. (Not one
#: product's own step, 被纳入优先审评品种名单.)
_DESIGNATION_LIST_LEAD_RE = re.compile(
    r"(以下|新一批|本批)[^。\n]{0,24}?(?:纳入|列入)[^。\n]{0,6}?(优先审评|突破性治疗)"
    r"|(?:公示|发布|公布)[^。\n]{0,16}?纳入(优先审评|突破性治疗)[^。\n]{0,8}?(?:名单|公示)"
)
#: A sentence that places a product on the list or says what it is for (名单中，X拟用于…; Y也进入本批名单).
_DESIGNATION_MEMBER_RE = re.compile(r"名单中|(?:进入|列入)(?:了)?(?:本批|该|此|这一)?名单|在列|拟用于|拟定适应症")
#: A sentence telling a designation of its own (X拟纳入突破性治疗品种): its own trigger reads it.
_OWN_DESIGNATION_RE = re.compile(r"优先审评|突破性治疗")
#: A section heading (二、优先审评, 【受理】) or another step told (…获得临床试验申请受理): the list has ended.
_SECTION_START_RE = re.compile(r"\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|【)")
_OTHER_STEP_RE = re.compile(r"受理(?!号)|批准|获批|默示许可|备案")


@dataclass(frozen=True, slots=True)
class DesignationList:
    """A designation list announced in a field: its kind, its date, and whether its lead introduces numbered items."""

    kind: str
    date: str | None
    items: bool


def designation_list_lead(
    sent_view: str, index: DateIndex, s: int, e: int, published: date | None
) -> DesignationList | None:
    """The list the sentence ``[s, e)`` announces (…拟将以下药品注册申请纳入优先审评审批程序，现予以公示).

    It is dated by the sentence's month or day, else by the page's day.
    """
    lead = _DESIGNATION_LIST_LEAD_RE.search(sent_view)
    if lead is None:
        return None
    kind = "priority_review" if "优先审评" in (lead.group(2) or lead.group(3)) else "breakthrough_therapy"
    announced = next((d.value for d in index.within(s, e) if len(d.value) >= 7), None)
    on = announced or (published.isoformat() if published else None)
    return DesignationList(kind, on, lead.group(1) == "以下")


def listed_designation(
    ctx: FieldContext, s: int, e: int, listed: DesignationList, drug_company: Mapping[str, str]
) -> list[Event] | None:
    """The designation of the one product a list member ``[s, e)`` names, one event per use it names.

    Returns [] for a sentence that adds nothing (a description of the product before, a member telling its own
    designation), and None once the list has ended: a section heading, or a product named outside the list.
    """
    sent_view = ctx.view[s:e]
    if _SECTION_START_RE.match(sent_view):
        return None
    told = [x for x in ctx.entities if s <= x.start < e]
    drugs = list(dict.fromkeys(x.canonical for x in told if x.type == "drug"))
    if not drugs or _OWN_DESIGNATION_RE.search(sent_view):
        return []
    # (1．受理号…，X，…，理由：符合附条件批准的药品: an item of a list whose lead says 以下)
    item = listed.items and LIST_ITEM_RE.match(sent_view)
    if not item and (_OTHER_STEP_RE.search(sent_view) or not _DESIGNATION_MEMBER_RE.search(sent_view)):
        return None
    if len(drugs) != 1:
        return None
    uses: list[str | None] = list(dict.fromkeys(x.canonical for x in told if x.type == "indication")) or [None]
    companies = [x.canonical for x in told if x.type == "company"]
    company = drug_company.get(drugs[0]) or (companies[0] if companies else None)
    found = {"type": listed.kind, "drug": drugs[0], "company": company, "date": listed.date, "confidence": 0.8}
    return [span_event(ctx, s, e, indication=use, **found) for use in uses]


# Asked of every sentence, most of which lack its words (首, a colon): a few substring tests first
# (transforms.regex_gate), where ``re`` would try the pattern at every offset.
_FIRST_USES_LEAD_SCAN = GatedPattern(_FIRST_USES_LEAD_RE)


# The cohorts a readout's study is told by ----------------------------------------------------------------

#: An indication named as a study's cohort: SLE队列, 其中SLE 13例, 在…宫颈癌患者中（n=27）; or counted before it:
#: 22例…急性髓系白血病（AML）患者, 6名慢性淋巴细胞白血病患者. (为更多血液肿瘤患者提供诊疗 names no cohort.)
_COHORT_AFTER_RE = re.compile(
    r"(?:[（(][^（()）]{1,15}[）)])?\s*(?:队列|亚组|\d+\s*(?:例|名)|(?:患者|病人|受试者)(?:中|队列|组|\s*[（(]\s*n\s*=))"
)
_COHORT_BEFORE_RE = re.compile(r"(?:\d+|[一二两三四五六七八九十])\s*(?:例|名|位)[^，。；、]{0,12}$")
_BLANK_LINE_RE = re.compile(r"\n[ \t\u3000]*\n")
#: How many sentences after a readout may still break its study down by cohort.
_COHORT_SENTENCES = 4


def with_cohort_uses(events: list[Event], fields: Sequence[FieldContext]) -> list[Event]:
    """Readouts whose study the next sentences break down by disease, one event per cohort's use.

    ANNOTATION.md counts one event per type, drug and indication: a readout told of a product
    (…公布了X治疗难治性自身免疫病的I期研究数据) whose next sentences give its cohorts (研究共入组15例患者，其中系统性
    红斑狼疮12例、系统性硬化症3例) reports a result for each of them. The breakdown is read up to a sentence
    naming another product or telling a step of another kind, and over at most one paragraph break.
    With two or more cohorts the readout's own use (a class, 实体瘤, or the first cohort) gives way to them,
    and a cohort whose own line already told its readout is not told again.

    Args:
        events: The document's events, merged.
        fields: The document's field contexts.
    """
    out: list[Event] = []
    split: set[tuple[str | None, str, str | None]] = set()  # (drug, use, date) of the cohort events given
    for ev in events:
        ctx = next((c for c in fields if c.field == ev.field), None)
        cohorts = _cohort_uses(ev, events, ctx) if ctx and ev.type == "clinical_result" and ev.drug else []
        if len(cohorts) >= 2:
            # (a cohort whose own line told its readout: 系统性硬化症队列：…mRSS中位下降14分 is that event already)
            told = {
                o.indication for o in events if o is not ev and (o.type, o.drug, o.date) == (ev.type, ev.drug, ev.date)
            }
            for use in cohorts:
                if use not in told and (ev.drug, use, ev.date) not in split:
                    split.add((ev.drug, use, ev.date))
                    out.append(replace(ev, indication=use))
        else:
            out.append(ev)
    return out


def _cohort_uses(readout: Event, events: Sequence[Event], ctx: FieldContext) -> list[str]:
    """The uses the sentences after the readout's name as its study's cohorts.

    (The readout's own sentence counts its whole population: 治疗3名难治性自身免疫病患者的结果.)
    """
    others = [
        ev.evidence_start
        for ev in events
        if ev.field == readout.field
        and ev.evidence_start > readout.evidence_start
        and not (ev.type == "clinical_result" and ev.drug == readout.drug)
    ]
    found: list[str] = []
    breaks = 0
    previous_end = readout.evidence_end
    for s, e in [(s, e) for s, e in ctx.sentences if s >= readout.evidence_end][:_COHORT_SENTENCES]:
        breaks += _BLANK_LINE_RE.search(ctx.view, previous_end, s) is not None
        previous_end = e
        names = [x for x in ctx.entities if s <= x.start < e]
        if (
            breaks > 1
            or any(s <= p < e for p in others)
            or any(x.type == "drug" and x.canonical != readout.drug for x in names)
        ):
            break
        for x in names:
            counted = _COHORT_AFTER_RE.match(ctx.view, x.end) or _COHORT_BEFORE_RE.search(
                ctx.view, max(0, x.start - 16), x.start
            )
            if x.type == "indication" and counted and x.canonical not in found:
                found.append(x.canonical)
    # 一、大B细胞淋巴瘤队列 … 二、B细胞急性淋巴细胞白血病队列: a report in sections, one per cohort, however long each
    # (between another product or another step before the readout and the next after it; a readout naming no
    # product inside a section is of the study)
    apart = [
        ev.evidence_start
        for ev in events
        if ev.field == readout.field and not (ev.type == "clinical_result" and ev.drug in (readout.drug, None))
    ] + [x.start for x in ctx.entities if x.type == "drug" and x.canonical != readout.drug]
    start = max([p for p in apart if p < readout.evidence_start], default=0)
    stop = min([p for p in apart if p >= readout.evidence_end], default=len(ctx.view))
    for m in _COHORT_HEADING_RE.finditer(ctx.view, start, stop):
        group = 1 if m.group(1) is not None else 2
        uses = [
            x.canonical for x in ctx.entities if x.type == "indication" and m.start(group) <= x.start < m.end(group)
        ]
        if len(uses) == 1 and uses[0] not in found:
            found.append(uses[0])
    # 淋巴瘤 beside 大B细胞淋巴瘤 is one use named loosely
    return [c for c in found if not any(c != other and c in other for other in found)]


#: A heading line of a cohort's section (一、大B细胞淋巴瘤队列, （二）系统性硬化症亚组：, 研究一：晚期黑色素瘤).
_COHORT_HEADING_RE = re.compile(
    r"^[ \t\u3000]*(?:[（(【]?(?:[一二三四五六七八九十]{1,2}|\d{1,2})[）)】.．、][ \t\u3000]*([^\n。，；：:]{2,30}?)"
    r"(?:队列|亚组)[ \t\u3000]*[:：]?"
    r"|(?:研究|试验|队列)[一二三四五六七八九十\d]{1,2}[ \t\u3000]*[:：][ \t\u3000]*([^\n。，；：:]{2,30}))"
    r"[ \t\u3000]*$",
    re.M,
)
