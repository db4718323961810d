"""A document's own naming of its entities, applied after tagging.

Filings and news declare names as they go: a legal name followed by （以下简称“X”）, an
announcement's 证券简称, a product's development code in its bracket (研发代号：LH-1901) and its
trade name (商品名：安骼宁). These functions take the tagged mentions of all fields of one document
and make every later mention use the declared canonical.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from transforms.clean import normalize_width
from transforms.types import Entity, Field

# （以下简称“X”）, （简称“X”）, and Hong Kong's （「X」或「本公司」）.
# （以下简称“X”） / （下称“X”） / （以下称“X） with its closing quote lost.
_SHORT_ALIAS_RE = re.compile(
    r"[（(]\s*(?:(?:以下)?(?:简称|下称|称)为?\s*[:：]?\s*)?[“\"「『]([^”\"」』（）()]{2,12})(?:[”\"」』]|(?=[）)]))"
)
_STOCK_NAME_RE = re.compile(r"(?:证券|股票|A股|H股)简称\s*[:：]\s*([\u4e00-\u9fffA-Z*]{2,8})")
#: 以下简称 targets that are roles, not names.
_ALIAS_DENY = frozenset(
    "公司 本公司 本集团 集团 发行人 该公司 上市公司 合资公司 标的公司 目标公司 投资方 被投资方 子公司 参股公司 "
    "产业基金 基金 协议 本协议 合作协议 "
    "通知书 国家药监局 药监局 药审中心 本次交易 本次发行 项目 本项目 产品 本产品 医院 合伙企业 管理人".split()
)


def _alias_canonical(short: str) -> str:
    """A declared short name names the firm without its 公司 (以下简称“博远公司” → 博远)."""
    return re.sub(r"(?<=..)公司$", "", short)


#: Mentions whose text may be a bare code: a pattern's code or a knowledge-base code (PA3-17).
_CODE_SOURCES = frozenset({"dev_code", "lexicon"})


def resolve_codes(fields: list[list[Entity]]) -> list[list[Entity]]:
    """Name a development code by its product everywhere once the document has linked the two.

    乐恒基仑赛注射液（研发代号：LH-1901）…本公司不能保证LH-1901最终…: both mentions are the product.
    """
    linked: dict[str, str] = {}
    for ents in fields:
        for x in ents:
            if x.type != "drug" or x.source not in _CODE_SOURCES or code_key(x.canonical) == code_key(x.text):
                continue
            key = code_key(x.text)
            # VUM02注射液 and XS228细胞注射液 are only the code's own spelling: a generic name linked anywhere wins.
            if key not in linked or code_key(linked[key]) in {key + form for form in CODE_DOSAGE_FORMS}:
                linked[key] = x.canonical
    if linked:
        fields = [[_linked_name(x, linked) for x in ents] for ents in fields]
    return _one_spelling_per_code(fields)


def _linked_name(mention: Entity, linked: Mapping[str, str]) -> Entity:
    """A mention of a code the document linked to a product, named by that product."""
    if mention.type != "drug":
        return mention
    if mention.source in _CODE_SOURCES:
        key = code_key(mention.text)
    else:
        # 人脐带间充质干细胞注射液HL-MSC01: a descriptive name known by its code is the code's product too
        key = code_key(mention.canonical)
    return replace(mention, canonical=linked[key]) if key in linked else mention


def _one_spelling_per_code(fields: list[list[Entity]]) -> list[list[Entity]]:
    """KC-302注射液 and KC302注射液 in one document are one product: its hyphenated spelling names both."""
    spellings: dict[str, str] = {}
    for ents in fields:
        for x in ents:
            if x.type == "drug" and _CODE_NAME_RE.fullmatch(x.canonical):
                key = x.canonical.replace("-", "")
                if key not in spellings or ("-" in x.canonical and "-" not in spellings[key]):
                    spellings[key] = x.canonical
    return [
        [
            replace(x, canonical=spellings[x.canonical.replace("-", "")])
            if x.type == "drug" and _CODE_NAME_RE.fullmatch(x.canonical)
            else x
            for x in ents
        ]
        for ents in fields
    ]


#: A product known by its code (KC-302, KC302注射液, XS228细胞注射液).
_CODE_NAME_RE = re.compile(r"[A-Z][A-Z0-9-]*\d[A-Z0-9-]*(?:细胞注射液|注射液)?")


#: A product's trade name declared in its bracket: 宁沃迈托赛注射液（商品名：安骼宁）.
_TRADE_NAME_RE = re.compile(
    # (or after the generic name inside a code's bracket: CX-101（曦妥仑赛注射液，商品名：曦立安）)
    r"[（(，,]\s*商品名(?:称)?\s*[:：为]?\s*[“\"「]?([\u4e00-\u9fff]{2,6})[”\"」]?\s*[，,；;）)]"
)


#: A name in the bracket right after a product's (赛沐基奥仑赛注射液（沐安达））.
_BRACKETED_NAME_RE = re.compile(r"\s?（\s?([\u4e00-\u9fff]{2,5})[®™]?\s?）")
#: A product's Latin name (Thalgenix, Kymriah) and a character that would continue it.
_LATIN_NAME_RE = re.compile(r"[A-Z][A-Z-]{3,}[A-Z]")
_LATIN_CHAR_RE = re.compile(r"[A-Z0-9]")


def resolve_trade_names(
    names_of: list[Field],
    originals: list[str],
    views: list[str],
    fields: list[list[Entity]],
    is_word: Callable[[str], bool] = lambda _: True,
) -> list[list[Entity]]:
    """Tag a declared trade name as its product wherever the document uses it.

    An unseen trade name (安骼宁) is no pattern; its declaration in the product's bracket is, and
    news goes on to say "今年3月，安骼宁获批上市". Lexicon trade names are tagged already. ``is_word``
    tells a common word (a bracket's 下同, 国产) from a name; without it a bare bracket declares nothing.
    """
    declared: dict[str, str] = {}
    for view, ents in zip(views, fields, strict=True):
        for m in _TRADE_NAME_RE.finditer(view):
            owner = next((x for x in ents if x.type == "drug" and x.end == m.start()), None)
            if owner is not None:
                declared[m.group(1)] = owner.canonical
        # 赛沐基奥仑赛注射液（沐安达）: a bare bracket after the product that holds no other name and no word
        for x in ents:
            bracket = _BRACKETED_NAME_RE.match(view, x.end) if x.type == "drug" else None
            if bracket is None or is_word(bracket.group(1)):
                continue
            if not any(e.start < bracket.end(1) and bracket.start(1) < e.end for e in ents):
                declared.setdefault(bracket.group(1), x.canonical)
        # A Latin product name found once (基因治疗产品Thalgenix) names the product wherever it recurs
        # (Thalgenix由…研发，于2024年获FDA批准上市).
        # A Chinese one declared before its generic name's bracket (产品允诺康（普乐基奥仑赛注射液）) likewise
        # (允诺康于1月21日获批上市).
        for x in ents:
            if x.type == "drug" and (_LATIN_NAME_RE.fullmatch(view[x.start : x.end]) or x.source == "trade_name"):
                declared.setdefault(view[x.start : x.end], x.canonical)
    english = _english_names(views, fields)
    if english:
        # 药品名称：赫基仑赛注射液\n英文名：Hejilencabtagene Autoleucel Injection: the record names one product twice.
        fields = [
            [
                replace(x, canonical=english[code_key(x.canonical)])
                if x.type == "drug" and code_key(x.canonical) in english
                else x
                for x in ents
            ]
            for ents in fields
        ]
    if not declared:
        return fields
    return [
        # Already tagged, or inside a longer name: leave it.
        _tag_declared(ents, field, original, view, declared, "drug", lambda x, n: x.end - x.start >= n)
        for field, original, view, ents in zip(names_of, originals, views, fields, strict=True)
    ]


#: A record's English name right under its Chinese one (药品名称：X注射液\n英文名：X Injection).
_ENGLISH_NAME_RE = re.compile(
    r"药品名称\s*[:：]\s*(?P<cn>[^\n；;]+?)\s*\n\s*英文名(?:称)?\s*[:：]\s*(?P<en>[A-Za-z][A-Za-z \-]+?)"
    r"(?:\s+(?i:injection|tablets?|capsules?))?\s*$",
    re.M,
)


def _english_names(views: list[str], fields: list[list[Entity]]) -> dict[str, str]:
    """English name (as a code key) → canonical of the product a record names in Chinese just above it."""
    out: dict[str, str] = {}
    for view, ents in zip(views, fields, strict=True):
        for m in _ENGLISH_NAME_RE.finditer(view):
            product = next(
                (x for x in ents if x.type == "drug" and m.start("cn") <= x.start and x.end <= m.end("cn")), None
            )
            if product is not None:
                out[code_key(m.group("en"))] = product.canonical
    return out


def _tag_declared(
    ents: list[Entity],
    field: Field,
    original: str,
    view: str,
    declared: Mapping[str, str],
    type_: str,
    blocked_by: Callable[[Entity, int], bool],
) -> list[Entity]:
    """Tag every occurrence of a name the document declared (name → canonical) in one field.

    An occurrence replaces the mentions it overlaps unless one of them ``blocked_by(mention,
    occurrence length)``. Returns the field's mentions in offset order.
    """
    found = list(ents)
    for name, canonical in declared.items():
        for m in re.finditer(re.escape(name), view):
            a, b = m.start(), m.end()
            if _LATIN_NAME_RE.fullmatch(name) and (
                _LATIN_CHAR_RE.match(view, b) or (a and _LATIN_CHAR_RE.match(view, a - 1))
            ):
                continue  # part of a longer Latin word
            clash = [x for x in found if x.start < b and a < x.end]
            if any(blocked_by(x, b - a) for x in clash):
                continue
            found = [x for x in found if x not in clash]
            found.append(
                Entity(type=type_, text=original[a:b], canonical=canonical, field=field, start=a, end=b, source="alias")
            )
    found.sort(key=lambda x: x.start)
    return found


#: Dosage forms a product known only by its code is written with (XS228细胞注射液, VUM02注射液); longest first.
CODE_DOSAGE_FORMS = ("细胞注射液", "抗体注射液", "眼用注射液", "注射液")


def code_key(code: str) -> str:
    """A development code in the form two spellings of it agree on (width, spaces, case)."""
    return _SPACES_RE.sub("", normalize_width(code)).upper()


_SPACES_RE = re.compile(r"\s+")  # compiled once: code_key runs for every code and drug hit


def _subsequence(short: str, long: str) -> bool:
    """True when the characters of ``short`` occur in ``long`` in order (上海医药 in 上海医药集团…)."""
    it = iter(long)
    return all(ch in it for ch in short)


#: What a subsidiary's name follows (公司控股子公司|上海某某细胞科技有限公司, 全资子公司|…).
_SUBSIDIARY_BEFORE_RE = re.compile(r"(?:控股|全资|境内|境外|香港|下属)?子公司\s*$")


def _parents(views: list[str], fields: list[list[Entity]], stock: str | None) -> dict[str, str]:
    """Subsidiaries named after 子公司 → their group (ANNOTATION.md: a subsidiary maps to the group).

    The group is the announcement's listed company (证券简称) or, in news, the company named last
    before 子公司 in the same paragraph (康宸药业公告称，全资子公司康宸细胞治疗（苏州）有限公司…).
    """
    parents: dict[str, str] = {}
    for view, ents in zip(views, fields, strict=True):
        for x in ents:
            if (
                x.type != "company"
                or x.source == "lexicon"
                or not _SUBSIDIARY_BEFORE_RE.search(view, max(0, x.start - 8), x.start)
            ):
                continue
            parent = stock or next(
                (
                    y.canonical
                    for y in reversed(ents)
                    if y.type == "company"
                    and y.end <= x.start
                    and x.start - y.end <= 200
                    and "\n" not in view[y.end : x.start]
                    and y.canonical not in parents
                ),
                None,
            )
            if parent and parent != x.canonical:
                parents[x.canonical] = parent
    return parents


#: Between a firm's English and Chinese names on consecutive lines: legal suffixes and spaces only.
_NAME_LINE_GAP_RE = re.compile(r"(?:[\s,.]|Co|Ltd|Inc|Limited|Corporation|Corp|Holdings|Group)*\n\s*", re.I)


def _paired_names(view: str, ents: list[Entity]) -> dict[str, str]:
    r"""An English name on the line above or below a Chinese name is the same firm (a filing's header).

    Nuokang Biotherapeutics Co., Ltd.\n诺康生物股份有限公司: the English name's canonical is the Chinese one's.
    """
    firms = [x for x in ents if x.type == "company"]
    pairs: dict[str, str] = {}
    for a, b in itertools.pairwise(firms):
        if not _NAME_LINE_GAP_RE.fullmatch(view, a.end, b.start):
            continue
        latin, chinese = (a, b) if a.canonical.isascii() else (b, a)
        if latin.canonical.isascii() and not chinese.canonical.isascii() and latin.source != "lexicon":
            pairs[latin.canonical] = chinese.canonical
    return pairs


def _affiliated_hospitals(fields: list[list[Entity]]) -> dict[str, str]:
    """A hospital's own name → its name with the university it is affiliated to, when the page writes both.

    沪东大学附属瑞和医院 in the body and 瑞和医院 in the headline are one hospital, named as the body names it.
    """
    hospitals = {x.canonical for ents in fields for x in ents if x.type == "company" and x.canonical.endswith("医院")}
    out: dict[str, str] = {}
    for short in hospitals:
        longer = [h for h in hospitals if h != short and h.endswith(short) and "附属" in h[: -len(short)]]
        if len(longer) == 1 and len(short) >= 4:
            out[short] = longer[0]
    return out


def resolve_aliases(
    names_of: list[Field], originals: list[str], views: list[str], fields: list[list[Entity]]
) -> list[list[Entity]]:
    """Apply a document's own naming of companies.

    Two declarations are general in Chinese filings and news: a legal name followed by
    ``（以下简称“X”）`` names that company X for the rest of the document, and an announcement's
    header ``证券简称：X`` names the listed company whose legal name heads and signs it. Lexicon
    canonicals are kept; pattern-derived ones are replaced, and bare mentions of X are tagged.

    Args:
        names_of: Field names (``title``/``text``), same order as ``fields``.
        originals: Original field texts.
        views: Analysis views of the fields.
        fields: Tagged mentions per field.

    Returns:
        Mentions per field with aliases applied.
    """
    alias: dict[str, str] = {}
    names: set[str] = set()
    declared: dict[str, str] = {}  # declared short name → canonical, for names that keep the full one
    stock = next((m.group(1) for v in views for m in _STOCK_NAME_RE.finditer(v)), None)
    out = [list(ents) for ents in fields]
    parents = _parents(views, out, stock)
    alias.update(parents)
    alias.update(_affiliated_hospitals(out))
    for fi, (view, ents) in enumerate(zip(views, out, strict=True)):
        alias.update(_paired_names(view, ents))
        for m in _SHORT_ALIAS_RE.finditer(view):
            short = m.group(1).strip()
            if short in _ALIAS_DENY or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9·-]{2,12}", short):
                continue
            owner = next(
                (x for x in ents if x.type == "company" and 0 <= m.start() - x.end <= 1),
                None,
            )
            if owner is None or owner.source == "lexicon":
                continue
            if owner.canonical in parents:
                declared[short] = parents[owner.canonical]  # 控股子公司…（以下简称“华屹细胞”）: the group's
                continue
            if owner.source == "hospital":
                # A hospital keeps its full name (南华大学附属第二医院（简称“南华附二医院”）): its short
                # name is a nickname of the text, not what the hospital is called across documents.
                declared[short] = owner.canonical
                continue
            alias[owner.canonical] = _alias_canonical(short)
            names.add(short)
        if stock:
            for i, x in enumerate(ents):
                if x.type != "company" or x.source != "legal_name":
                    continue
                lo = x.start
                # The walk may have stopped one or two characters short (和|元生物技术…).
                for k in range(0, 3):
                    if lo - k >= 0 and _subsequence(stock, view[lo - k : x.end]) and stock[0] == view[lo - k]:
                        ents[i] = replace(x, start=lo - k, text=originals[fi][lo - k : x.end], canonical=stock)
                        break
                else:
                    if _subsequence(stock, x.text):
                        ents[i] = replace(x, canonical=stock)
                if ents[i].canonical == stock and x.canonical != stock:
                    alias[x.canonical] = stock
        out[fi] = ents
    if not alias and not declared:
        return out
    result: list[list[Entity]] = []
    shorts = {short: _alias_canonical(short) for short in names} | declared
    for field, original, view, ents in zip(names_of, originals, views, out, strict=True):
        fixed = [
            replace(x, canonical=alias[x.canonical])
            if x.type == "company" and x.canonical in alias and x.source != "lexicon"
            else x
            for x in ents
        ]
        # Bare mentions of a declared short name (博生吉安科) replace partial guesses (博生吉).
        result.append(
            _tag_declared(
                fixed,
                field,
                original,
                view,
                shorts,
                "company",
                lambda x, n: x.type != "company" or x.end - x.start > n,
            )
        )
    return result
