"""Is a record about cell or gene therapy? Term lists and the matcher every source's filter uses.

The regulators' and finance sites' lists cover all drugs and all companies; sources keep only what
mentions a CGT term, after removing phrases that contain such a term without meaning CGT.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Terms whose presence in a drug name or indication marks a record as cell or gene therapy. Matching is
# case-insensitive on NFKC-normalised text with whitespace removed, so "CAR - T" and "ＣＡＲ－Ｔ" match "CAR-T".
# 仑赛 is the Chinese INN stem of "-leucel" CAR-T products (阿基仑赛, 瑞基奥仑赛 ...) whose names carry no
# other CGT term; 托赛 covers "-temcel" stem-cell products (艾米迈托赛注射液).
DEFAULT_CGT_TERMS: tuple[str, ...] = (
    "细胞",
    "干细胞",
    "间充质",
    "CAR-T",
    "CART",
    "CAR-NK",
    "TCR-T",
    "仑赛",
    "托赛",
    "基因",
    "病毒载体",
    "腺相关病毒",
    "AAV",
    "慢病毒",
    "溶瘤",
    "mRNA",
)
# Phrases removed before matching because they contain a CGT term without being cell or gene therapy:
# - expression systems in biologic names ("（CHO细胞）", vaccines' "（Vero细胞）") and mRNA vaccines;
# - 粒细胞集落刺激因子 (G-CSF), 白细胞介素 (interleukins), 红细胞生成素; T细胞衔接器 are bispecific antibodies;
# - disease and biomarker words in indications (大B细胞淋巴瘤, 肝细胞癌, EGFR基因突变, after 造血干细胞移植).
DEFAULT_CGT_EXCLUDE: tuple[str, ...] = (
    "CHO细胞",
    "Vero细胞",
    "HEK293细胞",
    "293细胞",
    "人二倍体细胞",
    "地鼠肾细胞",
    "鸡胚细胞",
    "mRNA疫苗",
    "粒细胞",
    "白细胞介素",
    "红细胞",
    "细胞因子",
    "细胞毒",
    "细胞周期",
    "细胞凋亡",
    "T细胞衔接",
    "T细胞结合",
    "细胞癌",
    "细胞肺癌",
    "细胞淋巴瘤",
    "细胞白血病",
    "细胞瘤",
    "浆细胞",
    "套细胞",
    "造血干细胞移植",
    "基因重组",
    "基因工程",
    "基因突变",
    "基因融合",
    "基因重排",
    "基因扩增",
    "基因型",
)


def normalise_for_matching(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def cgt_terms_found(text: str, terms: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """The CGT terms that occur in ``text`` once the excluded phrases are taken out.

    Args:
        text: Any text (drug name, indication, article body).
        terms: Terms that mark cell or gene therapy.
        exclude: Phrases that contain a term without meaning CGT (e.g. 粒细胞集落刺激因子).

    Returns:
        The matching terms, in the order given.
    """
    phrases = sorted((normalise_for_matching(p) for p in exclude), key=len, reverse=True)
    # Line by line: whitespace is dropped for matching, so an excluded phrase must not span two fields.
    haystacks = []
    for line in text.splitlines():
        haystack = normalise_for_matching(line)
        for phrase in phrases:
            if phrase:
                haystack = haystack.replace(phrase, "\n")
        haystacks.append(haystack)
    return [term for term in terms if any(normalise_for_matching(term) in h for h in haystacks)]
