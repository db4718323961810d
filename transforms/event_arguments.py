"""Which products, uses, institutions and dates an event of a sentence takes when the sentence tells several.

The trigger table (:mod:`transforms.rules`) says that a step happened; :mod:`transforms.events` builds
its events. These helpers choose its arguments among the sentence's entities: the product of the
trigger's own clause, the product referred back to (该产品, 这一上市申请), a filed project's coded
product, the uses named before (上述适应症), the institutions a filing list names, and the dates of
products or steps told 分别 or each in its own bracket.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from transforms.dates import COORDINATED_RE, ITEM_BULLETS, DateMention
from transforms.event_context import SentenceContext
from transforms.event_dates import AFTER_REFERENCE_RE
from transforms.products import is_descriptive_name
from transforms.rules import (
    ANAPHOR_RE,
    CONTINUATION_RE,
    DISCLOSED_DATA_RE,
    DRUG_EVENTS,
    IIT_RE,
    NAMED_STUDY_RE,
    NEEDS_DRUG,
    PATIENT_READOUT_RE,
    RESTATEMENT_RE,
    TRIAL_PHASE_RE,
    Hit,
    Trigger,
    clause_end,
    clause_start,
)
from transforms.types import Entity, Event

#: What opens a bracket that glosses a product's name with its class (（, （即, （通用名：).
_GLOSS_OPEN_RE = re.compile(r"\s*[（(]\s*(?:即|为|系)?\s*")


#: A clause that goes on without its subject (2021年6月22日获批, 治疗…的上市申请获受理, 次年3月，它拿到…).
_ELIDED_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年|次年|同年|当年)?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*[日号])?[初中底末]?[，,]?\s*"
    r"(?:获|被|于|再|又|随后|并|用于|治疗|同一适应症|其|拟|它(?!们))"
)


def _after_semicolon(sent: SentenceContext) -> bool:
    """Whether the sentence is a clause split from the one before at a semicolon (…获受理；2021年6月获批)."""
    view, k = sent.ctx.view, sent.start - 1
    while k >= 0 and view[k].isspace():
        k -= 1
    return k >= 0 and view[k] in "；;"


#: A figure of a result: a percentage, or a share in words (客观缓解率逾九成, 超过八成患者).
_METRIC_RE = re.compile(r"\d+(?:\.\d+)?\s*%|(?:逾|超过?|近|约|达|接近)[一二三四五六七八九]成")


#: A product a team developed, described by its modality (团队…研发出通用型CD19 CAR-NK细胞药物): the subject of
#: the study's results even without a name.
_DEVELOPED_PRODUCT_RE = re.compile(
    r"研发出?了?的?[^。；，]{0,24}?(?:CAR-T|CAR-NK|TCR-T|TIL|NK|干)?细胞(?:药物|疗法|产品|制剂)"
)
#: A product named as the yardstick of a result (和海外已上市的Casgevy在同一水平, 与X相当).
_COMPARED_WITH_RE = re.compile(
    r"(?:和|与|跟|同)[^。；，,]{1,24}?(?:在同一水平|处于同一水平|相当|相近|相似|类似|持平|媲美|不相上下)"
)


#: Milestones an announcement or article reports about its one product without naming it again
#: (收到…《药物临床试验批准通知书》 after the product's heading): the document's product is theirs.
#: A row of a milestone table (纳入优先审评程序<tab>2024年12月10日): a step and its date cell, about the one product.
_MILESTONE_ROW_RE = re.compile(
    r"^[^。，；\n]{4,60}?\s(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*$"
    # (时间｜事项 tables: 2020年2月｜上市申请获国家药监局受理, the date leading the row)
    # (| 2025年3月 | 被纳入优先审评 |: a markdown table's row, bars at both ends)
    r"|^\s*[|｜]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[|｜\t][^。；\n|｜]{4,40}?[|｜]?\s*$"
    # (X的开发历程：\n· 2025年3月，上市许可申请获受理；: a bulleted timeline's item, the date leading it)
    rf"|^\s*[{ITEM_BULLETS}\-–—*]\s*(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?\s*[，,：:]"
    r"[^。；;\n]{4,40}?[；;。]?\s*$"
)
#: The firm's own application told with the firm or a use as subject (公司于2024年8月递交上市申请，当年9月获受理;
#: β地中海贫血适应症的上市许可申请于2025年7月获得受理): on a page of one product, that product's.
_OWN_APPLICATION_RE = re.compile(
    r"^\s*(?:[^。；，]{0,8}[，,])?(?:公司|该公司|[^。；，]{2,16}?(?:适应症|适应证)的)[^。；]{0,20}?"
    r"(?:上市申请|上市许可申请|临床试验申请|注册申请|BLA|NDA|IND)"
)
_TOPIC_PRODUCT_ROWS = frozenset(
    {"ind_approval", "ind_accepted", "ind_accepted_on", "breakthrough", "first_prescription", "first_patient"}
)


#: Steps a non-cell drug named by its stem (托珠单抗, 来那度胺) only accompanies: a readout or a prescription of
#: the therapy it is given with.
_GIVEN_ALONGSIDE_TYPES = frozenset({"clinical_result", "first_prescription"})


#: What follows a product the filed project is of (JS-iDA1项目, X的研究者发起研究, X开展的临床研究).
_PROJECT_OF_RE = re.compile(r"[^。，；,\s]{0,12}?(?:项目|研究|试验)")
#: A dated step that starts a span to the next one (从4月15日获批上市到首例回输，历时…): a step of the product
#: just told, not an unnamed one.
_SPAN_FROM_STEP_RE = re.compile(r"从[^。，；]{0,12}?\d[^。，；]{0,12}?(?:获批|批准|受理|上市)[^。，；]{0,6}?到")
#: A reference back to the product just named (该细胞制剂, 该产品, 本品): what a filed project used.
_PRODUCT_ANAPHOR_RE = re.compile(r"(?:该|本|此)(?:细胞制剂|制剂|产品|品种|药物|细胞产品)|本品")


def _subject_before(text: str, at: int, trig: int) -> bool:
    """A name before the trigger and outside any bracket: the sentence's subject, not a gloss."""
    opened = max(text.rfind("（", 0, at), text.rfind("(", 0, at))
    closed = max(text.rfind("）", 0, at), text.rfind(")", 0, at))
    return at < trig and opened <= closed


def event_drugs(
    rule: Trigger, trig: int, sent: SentenceContext, conf: float, sole_drug: str | None = None
) -> tuple[list[str | None], float] | None:
    """The products a row's event is about, with the adjusted confidence; None to drop the event."""
    if rule.type == "research_filing":
        # 牵头的“SY-DA01治疗帕金森病的…临床研究”完成备案: a filed project that names its product by code
        quoted = [(m.start() + sent.start, m.end() + sent.start) for m in _QUOTED_RE.finditer(sent.text)]
        coded = [
            x.canonical
            for x in sent.entities
            if x.type == "drug" and not is_descriptive_name(x.canonical) and any(a < x.start < b for a, b in quoted)
        ]
        if not coded:
            # JS-iDA1项目，已于8月…完成备案; 基于该细胞制剂开展的研究…完成备案: the product the filed project is of
            named = [
                x.canonical
                for x in sent.entities
                if x.type == "drug"
                and not is_descriptive_name(x.canonical)
                and x.start - sent.start < trig
                and _PROJECT_OF_RE.match(sent.text, x.end - sent.start)
            ]
            if named:
                coded = named[:1]
            elif (
                sent.prev_drug
                and not is_descriptive_name(sent.prev_drug)
                and _PRODUCT_ANAPHOR_RE.search(sent.text, 0, trig)
            ):
                coded = [sent.prev_drug]
        return [coded[0] if coded else None], conf
    if rule.type not in DRUG_EVENTS:
        return [None], conf
    if any(x.type == "drug" and x.source == "inn" for x in sent.entities):
        # Of a non-cell drug named by its stem, only the subject of a regulatory step is an event's product
        # (斯鲁利单抗…被纳入突破性治疗药物程序); not one in a gloss (HLX15-SC（达雷妥尤单抗生物类似药）) nor in the use
        # after the verb (…批准X用于对来那度胺耐药的…患者).
        sent = replace(
            sent,
            entities=tuple(
                x
                for x in sent.entities
                if not (x.type == "drug" and x.source == "inn")
                or (rule.type not in _GIVEN_ALONGSIDE_TYPES and _subject_before(sent.text, x.start - sent.start, trig))
            ),
        )
    unnamed = rule.unnamed is not None and rule.unnamed.search(sent.text) is not None
    # …全部实现脱离输血，和海外已上市的Casgevy在同一水平: the product compared with is not the subject
    compared = [(m.start() + sent.start, m.end() + sent.start) for m in _COMPARED_WITH_RE.finditer(sent.text)]
    if compared:
        sent = replace(
            sent,
            entities=tuple(
                x for x in sent.entities if not (x.type == "drug" and any(a <= x.start < b for a, b in compared))
            ),
        )
    # 继全球首个CAR-T产品Kymriah上市一个多月后，FDA批准…Yescarta: the product after 继 is the reference point.
    reference = [(m.start() + sent.start, m.end() + sent.start) for m in AFTER_REFERENCE_RE.finditer(sent.text)]
    subjects = [
        x for x in sent.entities if not any(a <= x.start < b for a, b in reference) and not glosses_product(sent, x)
    ]
    if len(subjects) < len(sent.entities) and any(x.type == "drug" for x in subjects):
        sent = replace(sent, entities=tuple(subjects))  # (only when one was dropped: no copy of the same)
    drugs = canon_list(sent.entities, "drug")
    # …获批上市，是继睿铂生之后第二款…: a product named only after the trigger's clause is a comparison.
    own_end = sent.start + clause_end(sent.text, trig)
    ahead = canon_list([x for x in sent.entities if x.start < own_end], "drug")
    if len(ahead) > 1:
        # …X的临床试验申请已于3月获批准，Y的…申请5月获得受理: a product in the trigger's own clause is its subject
        own_start = sent.start + clause_start(sent.text, trig)
        own = canon_list([x for x in sent.entities if own_start <= x.start < own_end], "drug")
        if own and len(own) < len(ahead):
            return list(own), conf
    if ahead:
        return list(ahead), conf
    if drugs:
        return list(drugs), conf
    if sent.prev_drug and (
        ANAPHOR_RE.search(sent.text)
        # 这是香港卫生署首次受理国产CAR-T产品的上市申请: the significance of the step just told
        or (unnamed and RESTATEMENT_RE.match(sent.text) is not None)
        or _SPAN_FROM_STEP_RE.match(sent.text) is not None
        # (…的上市申请获受理；2021年6月22日获批，用于…: the next clause of one sentence, its subject left out)
        or (_after_semicolon(sent) and _ELIDED_SUBJECT_RE.match(sent.text) is not None)
        or (
            rule.type == "clinical_result"
            and (
                _METRIC_RE.search(sent.text)
                or CONTINUATION_RE.match(sent.text)
                or DISCLOSED_DATA_RE.match(sent.text)
                or NAMED_STUDY_RE.search(sent.text)  # STEER研究已达到主要终点: the study of the product told
                or PATIENT_READOUT_RE.search(sent.text)
                or TRIAL_PHASE_RE.search(sent.text)
                or sent.subject_product is not None
                or rule.name == "readout_behind_approval"  # 此次获批主要依据…研究: the product just approved
                or IIT_RE.search(sent.text)  # 根据已完成的研究者发起临床研究，…: the study of the product told
            )
        )
    ):
        # Only an explicit reference back (该产品, 本品 …) or a concrete readout (a figure, 数据显示… right
        # after the study, a phased trial's results) carries the most recent drug over; generic sentences keep
        # no drug.
        return [sent.prev_drug], conf - 0.1
    if sent.topic_drug and rule.type != "clinical_result" and not unnamed:
        return [sent.topic_drug], conf - 0.1
    if (
        (
            rule.name in _TOPIC_PRODUCT_ROWS
            or (rule.type in DRUG_EVENTS and _MILESTONE_ROW_RE.search(sent.text))
            or _OWN_APPLICATION_RE.match(sent.text)
        )
        and sole_drug
        # (首例健保给付个案…完成输注, on a page whose one product is the one reimbursed)
        and (not unnamed or rule.type == "first_prescription")
        and not is_descriptive_name(sole_drug)
    ):
        return [sole_drug], conf - 0.15
    if rule.type in NEEDS_DRUG and not unnamed:
        return None
    if rule.type == "clinical_result" and (
        PATIENT_READOUT_RE.search(sent.text) or _DEVELOPED_PRODUCT_RE.search(sent.text)
    ):
        return [None], conf - 0.15
    return [None], conf - 0.25


def clause_partner(sent: SentenceContext, drug: str, type_: str) -> str | None:
    """The one entity of ``type_`` in the clause where ``drug`` is first named in the sentence, if exactly one.

    批准两款产品，分别是A公司用于心力衰竭的「X」，以及B公司用于帕金森病的「Y」: each product's clause names its
    own use and maker.
    """
    first = next((x for x in sent.entities if x.type == "drug" and x.canonical == drug), None)
    if first is None:
        return None
    at = first.start - sent.start
    lo, hi = clause_start(sent.text, at), clause_end(sent.text, at)
    found = {x.canonical for x in sent.entities if x.type == type_ and lo <= x.start - sent.start < hi}
    return found.pop() if len(found) == 1 else None


def respective_dates(sent: SentenceContext, trig: int, count: int) -> list[str | None] | None:
    """The dates of products told 分别 (12月9日、10日，A和B分别在…开出首张处方): one per product, in order."""
    if count < 2 or "分别" not in sent.text:
        return None
    listed = [d for d in sent.dates if d.start < trig]
    for i in range(len(listed)):
        run = _coordinated_run(sent.text, listed, i)
        if len(run) >= count:
            return [d.value for d in run[:count]]
    return None


def respective_step_dates(sent: SentenceContext, hits: Sequence[Hit]) -> dict[int, str]:
    """Steps told 分别 after their dates (分别于2025年3月及5月获授予突破性治疗认定及纳入优先审评): trigger → date."""
    if "分别" not in sent.text:
        return {}
    dates = list(sent.dates)
    for i, first in enumerate(dates):
        if "分别" not in sent.text[max(0, first.start - 4) : first.start]:
            continue
        run = _coordinated_run(sent.text, dates, i)
        steps: dict[str, int] = {}
        for h in sorted(hits, key=lambda h: h.position):
            if h.position > run[-1].end:
                steps.setdefault(h.rule.type, h.position)
        if len(run) > 1 and len(steps) == len(run):
            return {at: d.value for at, d in zip(steps.values(), run, strict=True)}
    return {}


def _coordinated_run(text: str, dates: Sequence[DateMention], i: int) -> list[DateMention]:
    """The dates from ``dates[i]`` on that are told together (12月9日、10日; 2025年3月及2025年5月)."""
    run = [dates[i]]
    for d in dates[i + 1 :]:
        if not COORDINATED_RE.fullmatch(text, run[-1].end, d.start):
            break
        run.append(d)
    return run


def bracketed_dates(sent: SentenceContext, drugs: list[str | None]) -> list[str | None] | None:
    """Products listed each with its own date in brackets (受理：A（狼疮性肾炎，11月8日）；B（心力衰竭，11月15日）)."""
    if len(drugs) < 2:
        return None
    out: list[str | None] = []
    for drug in drugs:
        at = next((x.end - sent.start for x in sent.entities if x.canonical == drug), None)
        bracket = _OWN_BRACKET_RE.match(sent.text, at) if at is not None else None
        own = [d.value for d in sent.dates if bracket and bracket.start() <= d.start < bracket.end()]
        if not own:
            return None
        out.append(own[0])
    return out


def clause_dates(sent: SentenceContext, drugs: list[str | None]) -> list[str | None] | None:
    """Products listed each in a clause of its own with its own date (一是2012年获批的A，二是2021年获批的B)."""
    if len(drugs) < 2:
        return None
    out: list[str | None] = []
    for drug in drugs:
        at = next((x.start - sent.start for x in sent.entities if x.canonical == drug), None)
        if at is None:
            return None
        lo, hi = clause_start(sent.text, at), clause_end(sent.text, at)
        own = {d.value for d in sent.dates if lo <= d.start < hi}
        if len(own) != 1:
            return None
        out.append(own.pop())
    return out if len(set(out)) == len(out) else None


_OWN_BRACKET_RE = re.compile(r"[^（(。；]{0,30}[（(][^（）()]{1,40}[）)]")


def glosses_product(sent: SentenceContext, x: Entity) -> bool:
    """True for a product class in brackets right after a product's name (X注射液（人脐带间充质干细胞注射液）)."""
    return is_descriptive_name(x.canonical) and _bracketed_after(
        sent, x, _GLOSS_OPEN_RE, lambda y: not is_descriptive_name(y.canonical)
    )


#: Another name of a product in brackets right after it (「X注射液」（研发代号：NC-1901）, X（商品名：Y））.
_NAME_GLOSS_RE = re.compile(
    r"[」”\"』]?\s*[（(]\s*(?:即|为|系|(?:研发|产品|项目)?代号|商品名|通用名|英文名)?\s*[:：]?\s*"
)


def names_again(sent: SentenceContext, x: Entity, names: Sequence[str | None]) -> bool:
    """True for a drug mention in brackets right after a mention of one of ``names`` (the product named twice)."""
    return _bracketed_after(sent, x, _NAME_GLOSS_RE, lambda y: y.canonical in names)


def _bracketed_after(
    sent: SentenceContext, x: Entity, opening: re.Pattern[str], owner: Callable[[Entity], bool]
) -> bool:
    """True for a drug mention whose bracket (``opening`` up to it) follows a drug mention ``owner`` accepts."""
    return x.type == "drug" and any(
        y.type == "drug" and owner(y) and opening.fullmatch(sent.ctx.view, y.end, x.start) for y in sent.entities
    )


#: What introduces the institutions a filing sentence lists (…备案项目，共4项，分别来自A、B和C).
_FILERS_LEAD_RE = re.compile(r"(?:分别)?来自|分别(?:为|是)|包括")


def listed_filers(sent: SentenceContext, trig: int) -> list[str | None]:
    """The institutions a filing sentence lists after the trigger, one filing each; [] for fewer than two."""
    lead = _FILERS_LEAD_RE.search(sent.text, trig)
    if lead is None:
        return []
    listed = canon_list([x for x in sent.entities if x.start - sent.start >= lead.end()], "company")
    return list(listed) if len(listed) > 1 else []


_QUOTED_RE = re.compile(r"[“\"「][^”\"」]{2,80}[”\"」]")


#: A step for the uses named before (…已就上述适应症获授予突破性治疗药物认定).
#: (该药针对上述两项适应症的上市申请…: the uses counted)
SAME_USES_RE = re.compile(
    r"(?:上述|前述|该等|以上|相同)(?:的)?(?:[两二三四五六七八九几多]项|[两二三四]个)?(?:的)?适应[症证]"
)


def with_uses_told_before(found: list[Event], before: list[Event]) -> list[Event]:
    """Events about "the uses above" take every indication the product's last event with several had."""
    out: list[Event] = []
    for ev in found:
        uses = _last_listed_uses(ev.drug, before) if ev.drug else ()
        out.extend([replace(ev, indication=use) for use in uses] or [ev])
    return out


def _last_listed_uses(drug: str, before: list[Event]) -> tuple[str | None, ...]:
    """The indications of the latest sentence that gave the product several (one event each), or ()."""
    by_sentence: dict[tuple[str, int], list[str | None]] = {}
    for b in before:
        # (本次申报依托该品种此前在新冠肺炎及特发性肺纤维化方向积累的研究数据: a readout's uses are no application's)
        if b.drug == drug and b.type != "clinical_result":
            by_sentence.setdefault((b.field, b.evidence_start), []).append(b.indication)
    for uses in reversed(by_sentence.values()):
        distinct = tuple(dict.fromkeys(uses))
        if len(distinct) > 1 and None not in distinct:
            return distinct
    return ()


def canon_list(ents: Sequence[Entity], type_: str) -> list[str]:
    """Distinct canonicals of a type in order of first mention."""
    out: list[str] = []
    for x in ents:
        if x.type == type_ and x.canonical not in out:
            out.append(x.canonical)
    return out


def referenced_only(sent: SentenceContext, trig: int, type_: str) -> set[str]:
    """Canonicals of ``type_`` named only inside a 继…之后 reference that does not hold the trigger."""
    spans = [m.span() for m in AFTER_REFERENCE_RE.finditer(sent.text) if not m.start() <= trig < m.end()]
    inside: set[str] = set()
    outside: set[str] = set()
    for x in sent.entities:
        if x.type == type_:
            at = x.start - sent.start
            (inside if any(a <= at < b for a, b in spans) else outside).add(x.canonical)
    return inside - outside


#: A later clause telling further approvals, undated (…获FDA批准上市，用于X，此后又陆续获批用于Y和Z; 随后扩及Y).
_LATER_APPROVALS_RE = re.compile(
    r"[，,；;]\s*(?:此后|其后|随后|之后|后来)[^。；，,]{0,4}?(?:又|再|陆续|先后)?[^。；，,]{0,4}?"
    r"(?:获批|扩及|扩展至|扩大至|拓展至)"
)


def later_uses(sent: SentenceContext, trig: int, type_: str) -> set[str]:
    """Canonicals of ``type_`` named only after a later clause of further approvals (此后又陆续获批用于…)."""
    m = _LATER_APPROVALS_RE.search(sent.text, trig)
    if m is None:
        return set()
    before = {x.canonical for x in sent.entities if x.type == type_ and x.start - sent.start < m.start()}
    after = {x.canonical for x in sent.entities if x.type == type_ and x.start - sent.start >= m.end()}
    return after - before
