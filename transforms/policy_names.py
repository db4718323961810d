"""Policy names: titles in 《》 with a policy head, their short forms, and insurance-scheme brands.

ANNOTATION.md: the policy of 《关于印发X的通知》 is X; a professional society's guidance is not a
policy; a national law's canonical carries its 中华人民共和国 prefix. The finder is one of
:class:`transforms.tagger.EntityTagger`'s pattern finders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transforms.candidates import NAME_LEAD_CHARS, PRIO_LEXICON, PRIO_PATTERN, Cand, Scan
from transforms.indications import Lookup
from transforms.regex_gate import GatedPattern

#: A title in 《》, or a statute in Taiwan's and Hong Kong's 「」 (「再生醫療法」已於今年1月1日施行).
_POLICY_RE = re.compile(r"《([^《》\n]{2,80})》|「([^「」\n]{3,40})」")
#: What a title in 「」 must end in: a statute's head (「」 also quotes words and speech).
_STATUTE_HEAD_RE = re.compile(r"(?:医疗法|(?<!疗|方|做|用|手|看|说|想|写|玩|打)法|条例|细则|规范|准则|规定|标准)$")
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
#: A trial edition written after the closing 》 (《X》(试行)): part of the title (a draft written so is not,
#: tests/gold/README.md item 3).
_EDITION_AFTER_RE = re.compile(r"\s?[（(](试行|暂行)[）)]")
#: Inclusive city insurance (惠民保) brands: 沪惠保, 京惠保, 惠蓉保, 北京普惠健康保; not 保障 or 保险, not 实惠.
_INSURANCE_SCHEME_RE = re.compile(
    r"(?:(?<![实优特])[\u4e00-\u9fff]{1,2}惠保|惠(?!医)[\u4e00-\u9fff]保|[\u4e00-\u9fff]{2}普惠健康保)(?![障险证护持存留健])"
)
_NATIONAL_PREFIX = "中华人民共和国"
#: A law's short title (药品管理法, 生物安全法); not a 办法 or 方法.
_SHORT_LAW_RE = re.compile(r"[\u4e00-\u9fff]{2,12}(?<!办|方|疗|做|用)法")
#: Generic title heads; the knowledge base's policy patterns (policy_patterns.tsv: 问题与解答, 负面清单…) add theirs.
_POLICY_HEADS = (
    "法|法案|条例|办法|规定|细则|意见|通知|方案|规划|计划|措施|指导原则|指南|目录|纲要|决定|标准|规范|政策|若干措施"
    "|行动方案|实施方案|工作方案|附录|工作程序|程序|要点|指引"
).split("|")
#: 关于印发X的通知 issues X; so does a title that lost its 关于印发 (X的通知).
_ISSUING_NOTICE_RE = re.compile(r"关于(?:印发|发布|公布|颁布)[《“]?(.+?)[》”]?的通知$")
#: 以下简称《Y》: Y is the title just before it.
_ALIAS_CUE_RE = re.compile(r"简称\s*[:：]?\s*$")
_BARE_NOTICE_RE = re.compile(r"(?!关于)(.+?)的通知")
#: Several laws named together (再生医疗双法, 两法): no title.
_LAWS_TOGETHER_RE = re.compile(r"[双两二三]法$")
#: Clinical guidance of professional societies is not a policy (ANNOTATION.md).
_SOCIETY_GUIDE_RE = re.compile(r"专家共识|共识意见|诊断与治疗(?:的)?指南|临床应用指南|临床实践指南")
#: A title's trailing （试行）, （征求意见稿）, （2025年版）.
_TRAILING_PARENS_RE = re.compile(r"(?:（[^（）]{1,20}）)+$")
#: Words before a scheme's brand (的|城惠保, 出|城惠保).
_SCHEME_LEAD_CHARS = NAME_LEAD_CHARS | frozenset("出入")


class PolicyFinder:
    """Finds policy titles and scheme brands, and gives a national law its full title.

    Args:
        lookup: The knowledge base's ``lookup(type, surface)``.
        title_heads: Extra title heads from the knowledge base's policy patterns (问题与解答, 负面清单…).
    """

    def __init__(self, lookup: Lookup, title_heads: Iterable[str]) -> None:
        self._lookup = lookup
        heads = {*_POLICY_HEADS, *title_heads}
        self._policy_head_re = re.compile(
            "(?:" + "|".join(re.escape(h) for h in sorted(heads, key=lambda h: (-len(h), h))) + ")$"
        )

    def title_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Titles in 《》 with a policy head, statutes in 「」; the short form of a title already seen is that title."""
        view = scan.view
        out: list[Cand] = []
        titles: list[str] = []
        for m in _POLICY_RE.finditer(view):
            group = 1 if m.group(1) is not None else 2
            # A PDF's stray space inside a title (若干意 见) is no part of it.
            inner = _CJK_GAP_RE.sub("", m.group(group).strip())
            start, end = m.start(), m.end()
            if group == 2 and not _STATUTE_HEAD_RE.search(inner):
                continue
            edition = _EDITION_AFTER_RE.match(view, m.end()) if group == 1 else None
            # 《关于印发X的通知》, and a title that lost its 关于印发 (…印发《X（试行）的通知》).
            notice = _ISSUING_NOTICE_RE.search(inner) or _BARE_NOTICE_RE.fullmatch(inner)
            if notice and self._policy_head_re.search(_TRAILING_PARENS_RE.sub("", notice.group(1))):
                # 《关于印发X的通知》 issues X: the policy is X (ANNOTATION.md).
                inner = notice.group(1)
                start = m.start(1) + m.group(1).find(inner)
                end = start + len(inner)
                edition = None
            head = _TRAILING_PARENS_RE.sub("", inner)
            # A draft's （征求意见稿） stays in the canonical: a draft is another document than the
            # final policy (tests/gold/README.md, 2026-12-03); so does an edition such as （2025年版）.
            if not self._policy_head_re.search(head) or _SOCIETY_GUIDE_RE.search(head):
                continue  # a journal, book or film title, or a professional society's guidance
            if _LAWS_TOGETHER_RE.search(head):
                continue  # 《再生医疗双法》: two laws named together, no title of either
            # A short form after the full title (以下简称《若干措施》, 《实施细则》提出) is that policy.
            full = next((t for t in titles if len(head) <= 8 and _TRAILING_PARENS_RE.sub("", t).endswith(head)), None)
            if full is None and titles and _ALIAS_CUE_RE.search(view, max(0, m.start() - 8), m.start()):
                full = titles[-1]  # 《X》（以下简称《Y》）: Y is X
            if edition and not head.endswith(edition.group(1)):
                inner = f"{head}（{edition.group(1)}）"  # 《X》(试行) is X（试行）
            canonical = full or self._lookup("policy", inner) or inner
            if full is None:
                titles.append(canonical)
            out.append(Cand(start, end, "policy", canonical, PRIO_LEXICON + 1, "policy_title"))
        return out

    def scheme_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """City inclusive-insurance schemes named by their brand (沪惠保, 惠蓉保, 北京普惠健康保): policies."""
        out: list[Cand] = []
        for m in _INSURANCE_SCHEME_SCAN.finditer(scan.view):
            start = m.start()
            while m.end() - start > 3 and scan.view[start] in _SCHEME_LEAD_CHARS:
                start += 1  # 的|城惠保, 出|城惠保: a word of the sentence, not the brand
            name = scan.view[start : m.end()]
            out.append(Cand(start, m.end(), "policy", self._lookup("policy", name) or name, PRIO_PATTERN, "scheme"))
        return out

    def full_law_title(self, canonical: str) -> str:
        """A national law's canonical takes its 中华人民共和国 prefix (药品管理法 → 中华人民共和国药品管理法).

        Only titles the lexicon knows under the prefixed name too are national laws; a local
        办法 or a foreign act is left alone.
        """
        if not _SHORT_LAW_RE.fullmatch(canonical):
            return canonical
        full = _NATIONAL_PREFIX + canonical
        return full if self._lookup("policy", full) == canonical else canonical


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_INSURANCE_SCHEME_SCAN = GatedPattern(_INSURANCE_SCHEME_RE)
