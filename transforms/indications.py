"""Indications: unseen disease names found from their heads, and the naming rules around a mention.

ANNOTATION.md keeps subtypes (T细胞急性淋巴细胞白血病) and drops qualifiers (复发或难治性), stages and
populations from an indication; a category (心脑血管疾病) counts only when listed with other diseases.
The finder is one of :class:`transforms.tagger.EntityTagger`'s pattern finders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from transforms.candidates import LEADING_FUNCTION_CHARS, PRIO_WEAK, Cand, Scan
from transforms.regex_gate import lead_gated
from transforms.segmenter import Segmenter
from transforms.types import Entity

#: ``lookup(type, surface)``: the knowledge base's canonical for a surface, or None.
Lookup = Callable[[str, str], "str | None"]


class WalkBack(Protocol):
    """Where a name ending at ``pos`` starts (the tagger's backward walk over jieba tokens)."""

    def __call__(self, view: str, pos: int, *, max_len: int) -> int:
        """Return the start of the name; ``max_len`` bounds the walk."""
        ...


#: Taiwan's words inside disease names and the mainland's standard ones (after conversion to simplified).
TAIWAN_DISEASE_TERMS = (("症候群", "综合征"), ("骨髓性白血病", "髓系白血病"), ("淋巴性", "淋巴细胞"), ("氏症", "病"))


def mainland_disease_terms(text: str) -> str:
    """``text`` with Taiwan's disease words replaced by the mainland's (急性淋巴性白血病 → 急性淋巴细胞白血病)."""
    for variant, standard in TAIWAN_DISEASE_TERMS:
        text = text.replace(variant, standard)
    return text


#: Qualifiers that are not part of an indication (ANNOTATION.md): relapsed/refractory, steroid-refractory.
#: A mention is the core disease phrase after them; its canonical is the disease's.
_QUALIFIER_RE = re.compile(
    r"(?:复发或难治性|复发或难治|复发/难治性|复发/难治|复发难治性|复发性或难治性|复发和/或难治性|R/R|r/r"
    r"|难治(?:性)?(?:/|或|和)复发(?:性)?|复发(?![性率])"
    r"|类固醇难治性|激素难治性|激素治疗失败的?|激素耐药的?|(?:非)?输血依赖型|铂耐药(?:性)?|铂敏感(?:性)?)\s?"
)
#: A recurrent cancer (复发性卵巢癌) is the cancer relapsed; 复发性多发性硬化 is a subtype and keeps it.
_RECURRENT_CANCER_RE = re.compile(r"复发性(?=[^，。；]{0,8}?(?:癌|肉瘤|白血病|淋巴瘤|骨髓瘤|胶质瘤)$)")
#: Subtype words that belong to a disease's name (kept, unlike stage or severity).
_SUBTYPE_PREFIX_RE = re.compile(
    r"(?:[BT] ?细胞|[αβ]-?|非?缺血性|扩张型|肥厚型|原发性|继发性|遗传性|弥漫性"
    r"|早发性|晚发性|迟发性|家族性|帕金森型|小脑型)$"
)
#: Disease names end in these heads; unseen names are found from them.
_DISEASE_HEAD_RE = re.compile(
    r"(?:白血病|淋巴瘤|骨髓瘤|综合征|症候群|衰竭|损伤|缺损|硬化症?|纤维化|狼疮|病|癌|瘤|炎|症)(?![\u4e00-\u9fff])"
    r"|(?:白血病|淋巴瘤|骨髓瘤|病|癌|瘤|炎|综合征|症候群|症)(?=患者|病人|适应症|等|和|及|或|与|的(?:治疗|临床|研究|患者)|队列|）|\()"
)
#: Modifiers dropped from an indication's canonical name: stage, severity, population, and a bare 难治性.
_INDICATION_MODIFIER_RE = re.compile(
    r"^(?:(?:局部)?晚期|中晚期|终末期|进展期|早期|轻中度|中重度|轻度|中度|重度|危重型|重型|轻型|失代偿期|代偿期|"
    r"成人|儿童|青少年|老年|难治性|难治|末期|末线|"
    r"经治|初治|\d*(?:级|度)(?:及)?以上|(?:复发或)?转移性)+"
)
_VAGUE_ENDS = ("的病", "性病", "患病", "发病", "致病", "疾病")
_COMPLICATION_ENDS = ("神经毒性综合征", "细胞因子释放综合征", "细胞激素释放症候群", "细胞因子释放症候群")
#: (骨髓微小残留病 is the measured residue of a disease (MRD), not a disease)
_NOT_DISEASE_ENDS = ("适应症", "适应证", "禁忌症", "禁忌证", "残留病", "残留病灶")
#: Counts and scopes before a disease name are not part of it (一名|淋巴瘤, 超千名|…, 涉及|实体瘤).
_INDICATION_LEAD_RE = re.compile(
    r"(?:(?:超|逾|近|约|上|数)?[一二两三四五六七八九十百千万几多\d]+(?:名|例|位|个|种|类|项)"
    # the walk may already have left the number out (30|位白血病, Ⅱ–Ⅳ|级重症)
    r"|^(?:名|例|位|级)|[ⅠⅡⅢⅣⅤⅥ\d]+[–\-~至]?[ⅠⅡⅢⅣⅤⅥ\d]*级"
    # a patient's age (一名60岁|淋巴瘤病人, 8月龄|脊髓性肌萎缩症患儿)
    r"|[一二两三四五六七八九十\d]+(?:岁|歲|周岁|月龄)(?:的)?"
    r"|各类|各种|多种|少量|少数|涉及|包括|此类|这类|全球|国内|我国|中国|例如|比如|如|不同(?:类型|种类)?的?"
    # a product code written before the disease it treats (CT041|胃癌)
    r"|[A-Za-z]{1,6}-?\d{2,}[A-Za-z\d]*"
    # quantifiers and verbs of occurrence: 绝大多数|癌症, 很多|癌症, 存在|细胞因子释放综合征
    r"|绝大多数|大多数|大部分|很多|许多|不少|存在|出现|发生|引发|导致|攻克|战胜|治愈|对抗"
    # comparisons and speech: 人数远少于|肺癌, 可以说|退化性膝关节炎, 让|癌症, 防控|细胞因子释放综合征
    r"|[^，。；]{0,6}(?:少于|多于|高于|低于)|(?:可以|就是|也就是)?说|让|防控|预防|新发"
    # verbs of effect and change: 使|重症, 防止|肺纤维化, 干细胞可减少|糖尿病, 解决|阿尔兹海默症, 引入|…
    r"|[^，。；]{0,6}?(?:可|能|可以|能够)?(?:减少|降低|防止|改变|解决|引入|维持|延缓|逆转)|使"
    r"|患有|罹患|身患|患上|提取|根治|(?:均|都)?(?:达到|实现)|拓展|扩展|进军|布局"
    # what a product does for the disease, or what comes with it: 缓解|…综合征, 确诊|…, 合并|…, 伴有|…
    r"|缓解|改善|确诊|诊断为?|合并|伴有|伴发|继发于|针对"
    # the rest of a verb the walk split (治|膝关节炎, 疗|成人…, 复发|…), an age in decades (七旬|骨髓瘤), a count
    # or a search (更多|, 每年新增|, 第一款拿到|, 招募|, 可评估|), a marker's status (PD-L1阳性|宫颈癌)
    r"|^[治疗离发岁]|[一二三四五六七八九]旬|更多|每年|新增|第一款|拿到|招募|再就|显示|可评估|贴于|防治"
    r"|[^，。；]{0,6}?阳性)+"
)
#: A category (心脑血管疾病) counts when it is listed with other diseases.
_CATEGORY_LIST_NEXT_RE = re.compile(r"、|等")
_VAGUE_CATEGORY_STARTS = ("相关", "其他", "其它", "多种", "各种", "该", "此", "这", "重大", "常见", "严重", "难治")
_GENERIC_DISEASES = frozenset(
    "疾病 病 癌 瘤 炎 症 并发症 适应症 炎症 癌症 肿瘤 血液病 罕见病 慢性病 常见病 多发病 传染病 疑难病 重症 "
    "病症 病种 新病 重病 大病 急症 自身免疫病 自身免疫性疾病 恶性肿瘤 血液肿瘤 实体肿瘤 良性肿瘤 免疫病 老年病 "
    "基础病 职业病 遗传病 流行病 毛病 疾 临床病 该病 此病 本病 这种病 相关疾病 系统疾病 退行性疾病 "
    "疾病领域 治疗病 心病 癌种 瘤种 炎性 衰竭 损伤 缺损 综合征 硬化 纤维化 狼疮 细胞因子释放综合征 "
    "禁忌症 适应证 既往症 百病 包治百病 抗癌 疑难危重症 危重症 外科疾病 微小残留病".split()
)
#: Damage or inflammation of a body part or of many organs is a pathology, not an indication.
_PATHOLOGY_RE = re.compile(
    r"(?:多|多个|全身)?[\u4e00-\u9fff]{0,3}(?:器官|组织|部|部位|脏器)(?:损伤|损害|炎症|病变|功能障碍)"
)
#: A disease name found from its head needs a clinical cue nearby (治疗X, 用于X, X患者, X、Y等疾病).
_DISEASE_CUE_BEFORE_RE = re.compile(r"(?:治疗|用于|适应症为?|适用于|针对|患有|罹患|诊断为|、)[^，,。；;]{0,6}$")
#: "X癌及Y癌": a conjunction right after another disease name also cues the next one.
_DISEASE_LIST_RE = re.compile(r"(?:病|癌|瘤|炎|症|征)(?:及|和|或|与|以及)$")
_DISEASE_CUE_AFTER_RE = re.compile(r"(?:患者|适应症|病人|等(?:疾病|适应症|血液|自身|慢性|多种)|、|（[A-Za-z])")


class IndicationFinder:
    """Finds and names indication mentions.

    Args:
        lookup: The knowledge base's canonical lookup.
        segmenter: Segmenter (to tell a lone position word from a word that starts with one).
        walk_back: The tagger's backward name walk.
    """

    def __init__(self, lookup: Lookup, segmenter: Segmenter, walk_back: WalkBack) -> None:
        self._lookup = lookup
        self._seg = segmenter
        self._walk_back = walk_back

    def candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Unseen disease names ending in a disease head (…病, …癌, …淋巴瘤) in a clinical context."""
        view, inside = scan.view, scan.inside
        out: list[Cand] = []
        for m in _DISEASE_HEAD_SCAN.finditer(view):
            end = m.end()
            if inside(end - 1, end):
                continue
            start = self._walk_back(view, end, max_len=14)
            # a walk that stopped inside a qualifier (复发或难治|性原发性…) starts after it
            straddling = (_QUALIFIER_RE.match(view, start - k) for k in range(1, 7) if start - k >= 0)
            start = next((q.end() for q in straddling if q is not None and start < q.end() < end), start)
            name = view[start:end]
            while len(name) > 3 and (
                name[0] in LEADING_FUNCTION_CHARS
                # 试验中|肺癌, but not 中枢神经系统疾病 or 下肢缺血: only a position word on its own
                or (name[0] in "上下中" and len(self._seg.tokens(name)[0].text) == 1)
            ):
                start += 1
                name = view[start:end]
            cut = max((x.end() for x in _INDICATION_LEAD_RE.finditer(name) if x.end() < len(name) - 1), default=0)
            start, name = start + cut, name[cut:]  # 一名|淋巴瘤, 疗超百名|…, 涉及|实体瘤
            rr = _QUALIFIER_RE.match(name)
            while rr and rr.end() < len(name):
                start, name = start + rr.end(), name[rr.end() :]  # 铂耐药|复发性|卵巢癌: qualifiers in a row
                rr = _QUALIFIER_RE.match(name) or _RECURRENT_CANCER_RE.match(name)
            canonical = _INDICATION_MODIFIER_RE.sub("", name)
            if (
                len(canonical) < 2
                or canonical in _GENERIC_DISEASES
                or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9β-]+", canonical)
            ):
                continue
            if canonical[0] in LEADING_FUNCTION_CHARS or (len(canonical) <= 3 and canonical.endswith(_VAGUE_ENDS)):
                continue
            if canonical.endswith(_NOT_DISEASE_ENDS):
                continue  # 适应症, 禁忌症: a word about diseases, not one
            if canonical.endswith(_COMPLICATION_ENDS):
                continue  # 免疫效应细胞相关神经毒性综合征 (ICANS): a therapy's complication (ANNOTATION.md)
            if _PATHOLOGY_RE.fullmatch(canonical) or (
                canonical.endswith("炎症") and not self._lookup("indication", canonical)
            ):
                continue  # 多器官损伤, 组织炎症, 气道炎症: damage to a body part, not a disease
            # 地中海贫血症 is 地中海贫血 where the lexicon knows the name without 症
            known = self._lookup("indication", canonical) or (
                canonical.endswith("症") and self._lookup("indication", canonical[:-1])
            )
            if not known:
                if canonical.endswith(("癌症", "肿瘤")):
                    continue  # 一则|癌症, 就是从|癌症: generic cancer (ANNOTATION.md), whatever the walk took in
                if canonical.endswith("疾病") and not (
                    len(canonical) >= 4
                    and not canonical.startswith(_VAGUE_CATEGORY_STARTS)
                    and (view[start - 1 : start] == "、" or _CATEGORY_LIST_NEXT_RE.match(view, end))
                ):
                    continue  # 相关疾病, 该疾病: only a category listed with others is an indication
                if len(canonical) < 3 and not canonical.endswith(("癌", "病")):
                    continue
                cue = (
                    _DISEASE_CUE_BEFORE_RE.search(view, max(0, start - 10), start)
                    or _DISEASE_LIST_RE.search(view, max(0, start - 4), start)
                    or _DISEASE_CUE_AFTER_RE.match(view, end)
                )
                if not cue:
                    continue
            canonical = known or canonical
            out.append(Cand(start, end, "indication", canonical, PRIO_WEAK, "disease_head"))
        return out

    def in_context(self, view: str, chosen: list[Cand]) -> list[Cand]:
        """Apply the indication naming rules that need the words around a mention.

        * a subtype before the name is part of it (T细胞|急性淋巴细胞白血病, 缺血性|心力衰竭);
        * a qualifier is not (复发或难治性|套细胞淋巴瘤, 激素治疗失败的|急性移植物抗宿主病): the
          mention is the core disease phrase and its canonical the disease's (a lexicon entry
          named with its qualifier, or an alias such as SR-aGVHD, resolves to the bare disease);
        * a department, society or cell named after a disease (血液肿瘤科) is no mention of it.
        """
        out = [c for c in chosen if not (c.type == "indication" and _no_indication_here(view, c.start, c.end))]
        for i, c in enumerate(out):
            if c.type != "indication":
                continue
            lead = _QUALIFIER_RE.match(view, c.start, c.end)
            if lead and lead.end() < c.end:
                c = replace(c, start=lead.end())
            bare = self.bare(c.canonical)
            if bare != c.canonical:  # (most are bare already: no copy)
                c = replace(c, canonical=bare)
            out[i] = c
            sub = _SUBTYPE_PREFIX_RE.search(view, max(0, c.start - 6), c.start)
            if sub and not c.canonical.startswith(sub.group(0)):
                named = sub.group(0).replace(" ", "") + c.canonical
                out[i] = replace(c, start=sub.start(), canonical=self._lookup("indication", named) or named)
        return out

    def bare(self, canonical: str) -> str:
        """An indication's canonical without its qualifier (复发或难治性多发性骨髓瘤 → 多发性骨髓瘤)."""
        lead = _QUALIFIER_RE.match(canonical)
        if not lead or lead.end() == len(canonical):
            return canonical
        bare = canonical[lead.end() :]
        return self._lookup("indication", bare) or bare


#: What follows a disease in the name of a department, a society or a cell (血液肿瘤科, 白血病学组, 白血病细胞).
_NAMED_AFTER_DISEASE_RE = re.compile(
    r"\s?(?:专科|科(?![技学研普])|细胞(?!治疗|疗法)|[\u4e00-\u9fff]{0,4}?(?:专业委员会|专委会|学组|分会))"
)


def _no_indication_here(view: str, start: int, end: int) -> bool:
    """True for a disease name that names no indication where it stands.

    A department, a society or a cell named after the disease (儿童血液肿瘤科, 白血病学组, 白血病细胞),
    a complication looked for (未观察到移植物抗宿主病) or an endpoint (无白血病生存期): ANNOTATION.md
    counts neither complications nor endpoints as indications.
    """
    return bool(
        _NAMED_AFTER_DISEASE_RE.match(view, end)
        or _ADVERSE_BEFORE_RE.search(view, max(0, start - 6), start)
        or (view[start - 1 : start] == "无" and view.startswith("生存", end))
    )


#: What reports a complication rather than a treated disease (未观察到|移植物抗宿主病, 未出现…).
_ADVERSE_BEFORE_RE = re.compile(r"(?:未|没有|均未)(?:观察到|出现|发生|发现)(?:任何|明显的?|严重的?)?$")
#: Words that introduce subtypes of the indication just named (惰性非霍奇金淋巴瘤，包含滤泡性淋巴瘤和边缘区淋巴瘤).
_SUBTYPES_CUE_RE = re.compile(r"^[^。；]{0,10}?(?:包含|包括|含|其中|即)")
_SUBTYPES_END_RE = re.compile(r"[。；;]")
#: A dash between two indications names the disease the first one only classes (罕见病——多系统萎缩).
_APPOSITION_DASH_RE = re.compile(r"\s*(?:——|—|--|－－)\s*")


#: What stands between listed uses and the class they belong to (A（a）等B, A、B等多种C).
_CLASS_AFTER_RE = re.compile(r"[^，,。；;]{0,8}?等(?:多种|各类|其他)?")


def listed_indications(text: str, offset: int, entities: Sequence[Entity]) -> list[str]:
    """Distinct indications a sentence lists, leaving out the subtypes that spell one of them out.

    The subtypes after 包含/包括 name what the indication before them covers, not further
    indications: the event is one, for the named indication. A class with its disease after a dash
    (神经退行性罕见病——多系统萎缩) is that disease; a class after 等 (SLE等自身免疫病) is what the uses before
    it belong to, no use of its own.

    Args:
        text: The sentence.
        offset: Where the sentence starts in its field (entity offsets are field offsets).
        entities: The sentence's entity mentions.
    """
    out: list[str] = []
    prev_end: int | None = None
    previous = ""
    elaborating = False
    for x in entities:
        if x.type != "indication":
            continue
        if prev_end is not None:
            gap = text[prev_end - offset : x.start - offset]
            if _SUBTYPES_END_RE.search(gap) or len(gap) > 16:
                elaborating = False
            elif _SUBTYPES_CUE_RE.search(gap):
                elaborating = True
            if previous in out and _APPOSITION_DASH_RE.fullmatch(gap):
                out.remove(previous)
            if _CLASS_AFTER_RE.fullmatch(gap):
                prev_end = x.end  # 系统性红斑狼疮（SLE）等自身免疫病: the class the uses listed belong to
                continue
        prev_end, previous = x.end, x.canonical
        if not elaborating and x.canonical not in out:
            out.append(x.canonical)
    # 淋巴瘤 beside 大B细胞淋巴瘤 is the same indication named loosely (ANNOTATION.md: indications agree
    # when one contains the other): the event is one, for the precise name.
    return [c for c in out if not any(c != other and c in other for other in out)]


# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
_DISEASE_HEAD_SCAN = lead_gated(_DISEASE_HEAD_RE)
