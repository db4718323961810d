"""Product names: development codes, nonproprietary names and names ending in a dosage form.

A product is found by its shape, not only by the knowledge base: a code (AB-101), an INN stem
(-leucel, 单抗), or a name walked back from 注射液. The knowledge base then resolves the surface to
its canonical. The finder is one of :class:`transforms.tagger.EntityTagger`'s pattern finders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from transforms.candidates import LEADING_FUNCTION_CHARS, NAME_LEAD_CHARS, PRIO_PATTERN, STOP_TOKENS, Cand, Scan
from transforms.clean import SENTENCE_ENDS
from transforms.indications import Lookup, WalkBack
from transforms.naming import CODE_DOSAGE_FORMS, code_key
from transforms.regex_gate import GatedPattern, lead_gated

#: Multi-character stop words that jieba may glue to the next name (创新药|朗基…).
_STRADDLE_STOPS = tuple(w for w in STOP_TOKENS if len(w) >= 2 and w.endswith(("药", "新")))
_DESCRIPTIVE_STEM_RE = re.compile(r"细胞|基因|病毒|载体")
_CODE_LIKE_RE = re.compile(r"[A-Z0-9]{2}")
#: A gene therapy's generic name: two to four coined characters, none of them a word of a description.
_COINED_GENE_NAME_RE = re.compile(r"(?:(?![人因子体组胞毒修饰治疗重])[\u4e00-\u9fff]){2,4}基因注射液")
#: A count of products right before a name (2款, 多款, 数个): what follows is their kind.
_COUNTED_BEFORE_RE = re.compile(r"(?:\d+|[一二两三四五六七八九十多数几])\s*[款个种]$")
#: Words of the sentence a walk back from 注射液 may take in (顺利回输, 本集团, 继续推进): no product name has them.
#: (…形式公布|舒瑞基奥仑赛注射液, 发表|伊基奥仑赛注射液: a verb that reports or uses the product)
_LEAD_WORDS_RE = re.compile(
    r".*(?:回输|输注|顺利|推进|本集团|集团的?|为患者|公布|发表|发布|披露|报告了?|开具了?|开出了?|启用|使用了?|采用"
    # (自今年5月1日起给付|X注射液: a date and a payer's verb before the name)
    r"|\d\s*[日月号]起?|给付|报销|纳入"
    r"|评估|探索)"  # (本集团正评估|瑞基奥仑赛注射液用于…的潜力: a verb of the sentence)
)
#: Entity types that own a product named right after them (公司X注射液).
_OWNER_TYPES = frozenset({"company", "region", "authority", "media"})
_INJECTION_RE = re.compile(r"注射液")
#: A dictionary frequency no syllables of a new product name reach (配送 96, 西达 25, most 0).
COMMON_SYLLABLE_FREQ = 50
#: A single character this frequent is a function word (再 55507, 看 66641, 将 122305), not a syllable of a
#: name (纳 1968, 伊 1890, 瑞 766, 天 35979).
_FUNCTION_CHAR_FREQ = 50000
#: A character this frequent is an everyday one (回 23572), though also found in names (天 35979, 达 28255).
_COMMON_CHAR_FREQ = 20000
#: The stems of Chinese nonproprietary names of cell therapies (阿基仑赛, 泽沃基奥仑赛, 艾米迈托赛, 恩朗迈赛),
#: right before 注射液: at most two characters stand before them.
_CELL_INN_CORE_RE = re.compile(r"(?:基奥仑赛|基仑赛|迈托赛|迈赛|仑赛)(?=$|注射液)")
#: A code glossed with its product's generic name (VY-B01（通用名：维格莫赛注射液）).
_GENERIC_GLOSS_RE = re.compile(r"\s*[（(]\s*(?:通用名(?:称)?|INN)\s*[:：为]?\s*([\u4e00-\u9fff]{2,16}注射液)")
#: Cell-therapy modalities, which are no code inside a description (自体CAR-T细胞注射液).
_MODALITIES = r"CAR-?T|CAR-?NK|TCR-?T|CAR-?M"
_MODALITY_RE = re.compile(_MODALITIES)
#: A product's target and modality written before its name (BCMA CAR-T|伊基奥仑赛注射液).
_MODALITY_BEFORE_NAME_RE = re.compile(rf"(?:[A-Z0-9]{{2,8}}\s?)?(?:{_MODALITIES})(?:细胞)?\s?")
# Between a code and its descriptive name: 某某注射液（AB-101）, AB-101注射液（人脐带…注射液）.
_LINK_GAP_RE = re.compile(
    # (RL-M201（即芮达迈托赛注射液）: the code glossed by the name it is known by)
    r"(?:注射液|细胞注射液)?[ （）:：,，“”\"®]{0,3}"
    # (SL-19（即后来的卢基仑赛注射液）, X（后更名为Y）: the name it came to have)
    # (GR-T3注射液（拟定通用名：格瑞基奥仑赛注射液）: the generic name proposed for the code)
    r"(?:(?:研发|产品|项目)?代号|研发编号|(?:拟定)?通用名(?:称)?|即(?:后来的)?|又称|亦称|也称|后(?:来)?(?:更名|改名|命名)(?:为)?)?"
    r"(?:为|是)?[ :：]{0,2}"
)
#: From a product's name into its own bracket up to a code (…注射液（商品名：诺恒达，研发代号：LH-1901）).
_BRACKET_CODE_GAP_RE = re.compile(
    r"[」”』\"]?\s?[（(][^（）()]{0,30}?(?:研发|产品|项目)?(?:代号|编号|代码)\s*[:：]?\s*"
)
#: An open bracket with no close before a position: where a description in brackets starts.
_DESCRIPTION_BRACKET_RE = re.compile(r"[（(][^（）()。，；\n]*$")
#: A description of cells or genes, no label or name in it (自体CD34+造血干细胞基因修饰).
_DESCRIPTION_TEXT_RE = re.compile(r"(?=[^：:，,、]*(?:细胞|基因|病毒))(?![即])[^：:，,、]+")
#: What may stand between a code and the bracket describing it (XG-201注射液（…）).
_FORM_GAP_RE = re.compile(r"(?:细胞)?(?:注射液)?")
#: A description right before a product's own name (自体CAR-T细胞注射液|泽沃基奥仑赛注射液).
_APPOSITION_RE = re.compile(r"(?:(?![和与及或的为是等获已将在于用治])[\u4e00-\u9fff]){2,10}注射液")
# An injection right after "是一种…/为…": the class of the product, not its name.
# 适应症为膝骨关节炎的…注射液 says what the product treats, not what class it is.
_CLASS_APPOSITION_RE = re.compile(r"(?:是|(?<!适应症)(?<!适应证)为|系|属于)[^，,。；;]{0,20}$")
# An owner company glued before a product name (聚源生物奥贝基仑赛注射液).
_OWNER_PREFIX_RE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:生物|医药|药业|制药|细胞|基因)(?=[\u4e00-\u9fff]{3,})")
# A stray PDF space may split the letter prefix of a code: "ZY X-102", "G H-M02".
_CODE_RE = re.compile(
    # (a Greek letter may stand in a code's part: MC-βE01)
    r"(?<![A-Za-z0-9-])([A-Z][A-Z0-9]{0,8}(?: [A-Z][A-Z0-9]{0,3}(?=\s?-))?(?:\s?-\s?[A-Za-z0-9αβγδΑΒΓΔ]{1,6}){0,2})"
    r"(?![A-Za-z0-9αβγδ])"
)
_CODE_DENY_RE = re.compile(
    r"^(?:CD\d+[A-Z]?|IL-?\d+|GLP-?\d|SGLT-?\d|JAK-?\d|TLR-?\d+|STAT-?\d|FGF-?\d+|PD-?L?\d|HER-?\d|GPC\d|B7-?H\d|CLDN\d+|CTLA-?\d|FLT\d|IDH\d|BRCA\d|HLA.*|COVID-?\d+|"
    r"SARS.*|ISO\d*|GB\d+|Q\d|H\d|A\d|B\d|T\d|ASCO\d*|ASH\d*|EHA\d*|ESMO\d*|AACR\d*|CAR-?T\d*|.*CAR-(?:T|NK)\d*|(?:.*[-\s])?CAR(?:T|NK)|CARNK\d*|MSC\d*|"
    r"ADS\d+|ADR\d+|CXSL\d+|CXSS\d+|JXSL\d+|JXSS\d+|CXHL\d+|CXHS\d+|CYHS\d+|IPO\d*|GMP\d*|TOP\d+|NO\d+|V\d+|G\d+|"
    r"CCL\d+|TGF.*|TNF.*|VEGF.*|EGFR\d*|BCMA\d*|GPRC5D\d*|KRAS.*|P53|P\d{2}|CLAUDIN.*|CLDN.*|[A-Z]+\d?"
    # a drug approval number (国药准字S20250047), not a product
    r"|[HSZJBT]\d{8}"
    # a span of quarters or halves (2025年Q1—Q4销售额), not a product
    r"|[QH][1-4]\s*[-—–~]\s*[QH][1-4]"
    # a target and the receptor built on it (编码CD19-CAR的mRNA), not a product
    r"|(?:CD\d+[A-Z]?|BCMA|GPRC5D|CLDN[\d.]+|GPC\d|HER-?\d|EGFR|MSLN|B7-?H\d)-?CAR"
    # a virus and its type (HPV16, EBV), a target of a TCR-T, not a product
    r"|HPV\d*|EBV\d*|CMV\d*|HBV\d*|HIV-?\d*"
    # a meeting and its year (IMW2019, ASGCT2024, EULAR2025), not a product (LB1901 is one)
    r"|(?:IMW|ASGCT|EULAR|ACR|SITC|WCLC|ISSCR|ISCT|CSCO|APLAR|EBMT|TCT)(?:19|20)\d{2})$"
)
#: Codes that name no product: point mutations (T87Q, G11778A, HbAT87Q) and the words around
#: a gene, a study, a vector, a registration or a library class number (BCL11A基因, RPE65）突变,
#: HGB-204研究, 慢病毒载体BB305, 证监会BJA907号, 中图分类号：R951, βIVS1-110).
_MUTATION_RE = re.compile(r"(?:HB[A-Z]{0,2})?[A-Z]\d{2,6}[A-Z]")
# (研究 after a code names a study, CARTITUDE-1研究; 研究者 its investigator's trial, QH-101研究者发起试验)
_NOT_PRODUCT_NEXT_RE = re.compile(
    r"\s?[）)]?\s?(?:(?:双等位|等位|双|单)?基因|(?:纯合|杂合)?突变|(?:红系)?增强子|启动子|位点|蛋白|序列|载体|研究(?!者)|号|结构)|\.\d"
)
#: 摘要#EP964 (an abstract), 发布者:fsjc68 (a user name), 基金(GJJS-2022-6-1) (a grant number),
#: 备案号：CSCR-2025-031 / 登记号：CTR20231234 (a filing or trial registration), 随机对照研究CT041-ST-01 (a trial's
#: own name): no products.
_NOT_PRODUCT_BEFORE_RE = re.compile(
    r"(?:载体|(?:研究|试验)\s?[（(]?|(?:分类|备案|登记|注册|受理)编?号\s?[:：]?|[αβ]|摘要\s?#?|#|(?:发布者|作者|编辑|责编|来源)\s?[:：]|(?:基金|资助|课题)\s?[(（]?|项目\s?[(（])\s?$"
)
#: International non-proprietary name stems of cell, gene and antibody products, on the upper-cased
#: view: -leucel/-cel (cell therapies), -vec (vectors), -mab, -nib, and -stem trade names; a two-word
#: name (ANITOCABTAGENE AUTOLEUCEL, EXAGAMGLOGENE AUTOTEMCEL) whole, and a short form (ANITO-CEL).
_INN_RE = re.compile(
    r"(?<![A-Z])(?:[A-Z]{4,}GENE\s[A-Z]{3,}(?:CEL|VEC)|(?!\w*SYSTEM)[A-Z]{3,}(?:-[A-Z]+)?-?(?:CEL|VEC|MAB|NIB|STEM))"
    r"(?![A-Z0-9])"
)
#: A dosage form right after a code: the code is a product's name.
_PRODUCT_NEXT_RE = re.compile(r"\s?(?:细胞)?(?:注射液|注射剂|胶囊|片)")
#: Stems of Chinese nonproprietary names of non-cell drugs: monoclonal antibodies (单抗), fusion proteins
#: (西普), thalidomide analogues (度胺), kinase inhibitors (替尼), antisense oligonucleotides (那生钠).
_CHINESE_INN_STEM_RE = re.compile(
    r"(?:单抗|西普|度胺|替尼|非尼|那生钠|比星|他滨|拉滨|莫司|磷酰胺|多巴(?!胺)|斯的明|巴嗪|贝替定)"
    r"(?!类|药|制剂|疗法|市场|领域|产品|注射|偶联)"
)
_INN_CUT_CHARS = NAME_LEAD_CHARS | frozenset("及和与或、服含过有要靠剂")  # (过含|利妥昔单抗, 一剂|托珠单抗)
_BRACKET_OPEN_RE = re.compile(r"\s?[（(]\s?")
_LATIN_INN_RE = re.compile(r"[A-Za-z]{5,}(?:[ -][A-Za-z]{3,})?")
#: The product written as CODE注射液 or CODE细胞注射液 (VUM02注射液, XS228细胞注射液): with no generic
#: name, that is its canonical.
_CODE_INJECTION_RE = re.compile(r"\s?(" + "|".join(CODE_DOSAGE_FORMS) + ")")
#: A product name's own bracket right before a code: …注射液（WJ-MS3, …注射液（研发代号：HK-19.
#: 人脐带间充质干细胞注射液（WJ-MS3）, 注射用RT-NSC1 (RT-NSC1 for injection): the code names a product.
_PRODUCT_BEFORE_RE = re.compile(r"(?:注射液|注射剂)[（(][^（）()]{0,16}?$|注射用\s?$")
#: A product's class word right before its code (CAR-T产品JL-G3CAR, 在研疗法HX-TIL3).
_PRODUCT_WORD_BEFORE_RE = re.compile(  # (Taiwan's 干细胞制剂X; 钰晨再生开发之CR-HF2)
    # (基因治疗药物BA-F9, 基因治疗制品X: the word for a drug or a product right before the code)
    r"(?:产品|疗法|候选药物?|新药|药物|药品|制品|制剂|(?:开发|研发|研制)(?:的|之))\s?$"
)
#: The cells a product is made of, described right after its code (「CR-KOA1自体脂肪干细胞制剂」).
_CELL_PRODUCT_NEXT_RE = re.compile(r"\s?(?:自体|异体|人)?[\u4e00-\u9fff]{0,10}?细胞(?:制剂|注射液|产品)")
#: A hyphenated code that treats a disease (HX-TIL3治疗晚期黑色素瘤): targets and cytokines of that
#: shape (PD-1, IL-6) are denied by name before this is asked.
_TREATS_NEXT_RE = re.compile(r"\s?(?:治疗|用于治疗)")
#: A code that names a development project (JS-iDA1项目): a product under development.
_PROJECT_NEXT_RE = re.compile(r"\s?项目")
#: A code glossed by its class (JHC-BC7是一款双靶点CAR-T, X为一种自体细胞治疗产品): a product, not a gene.
_CLASS_GLOSS_NEXT_RE = re.compile(
    r"\s?(?:是|为)(?:一款|一种)[^。，；]{0,12}?(?:CAR-T|CAR-NK|TCR-T|产品|疗法|药物|注射液|细胞治疗)"
)
#: Its firm in brackets right after a code (3. HY-CD7CAR（恒屹医药）｜…, a digest's item heading).
_FIRM_BRACKET_NEXT_RE = re.compile(r"\s?[（(][\u4e00-\u9fff]{2,6}(?:生物|医药|细胞|基因|药业|制药|生技)[）)]")


#: A Latin trade name: marked ® or ™, or right after the word for a new drug or product.
_TRADE_NAME_RE = re.compile(
    r"(?<![A-Za-z0-9-])(?P<name>[A-Z][A-Za-z]{3,}(?:-[A-Za-z0-9]{1,6})?)\s?[®™](?!\s?(?:平台|技术|系统|测序|公司|集团|品牌))"
    r"|(?:新药|药物|药品|产品|疗法|制品|制剂)\s?(?P<name2>[A-Z][A-Za-z]{3,}(?:-[A-Za-z0-9]{1,6})?)(?![A-Za-z0-9-])"
    # a name the sentence defines as a firm's product (Lymvexa是Averon Bio公司开发的自体CAR-T细胞疗法), one a patient
    # was given (接受了Lymvexa回输) and one quoted as what serves a use (用于帕金森病的「Amchepry」)
    r"|(?<![A-Za-z0-9-])(?P<name3>[A-Z][A-Za-z]{3,})(?=\s?(?:是|为)[^。，；]{0,24}?(?:开发|研发|研制)的[^。，；]{0,16}?"
    r"(?:疗法|产品|药物|药品))"
    r"|接受了?\s?[「“]?(?P<name4>[A-Z][A-Za-z]{3,})[」”]?\s?(?:的)?(?:回输|输注|治疗)"
    r"|用于[^。，；]{1,20}的[「“](?P<name5>[A-Z][A-Za-z]{3,})[」”]"
)
#: A Chinese trade name right before its product's generic name in brackets: 产品允诺康（普乐基奥仑赛注射液）,
#: 疗法凯立安®（凯伦基奥仑赛注射液）. The kind word before it bounds the name; none of its characters is one.
_CHINESE_TRADE_NAME_RE = re.compile(
    r"(?:产品|疗法|药物|药品|新药|制剂)(?P<name>(?:(?![产品疗法药物新制剂的和与及])[\u4e00-\u9fff]){2,5})[®™]?\s?"
    r"（\s?(?P<generic>[\u4e00-\u9fff]{3,12}注射液)\s?[）,，]"
)
#: The label that declares a trade name (商品名：, 商品名为).
_TRADE_NAME_LABEL = r"商品名(?:称)?\s?(?:为|是|[:：])?\s?"
_TRADE_NAME_DECLARED_RE = re.compile(_TRADE_NAME_LABEL + "$")
#: A trade name declared in a bracket: （商品名：澜瑞生®，…）, （研发代号：X，商品名为Revgorva）.
_DECLARED_TRADE_NAME_RE = re.compile(
    _TRADE_NAME_LABEL + r"[「“]?(?P<name>(?:(?![的和与及等为是])[\u4e00-\u9fff]){2,5}|[A-Z][A-Za-z]{3,})"
    r"[」”]?\s?[®™]?(?=\s?[，,；;、）)])"
)
#: Between a product's name and the trade name its bracket declares (（, or （研发代号：X，).
_BRACKET_LEAD_RE = re.compile(r"\s?[（(](?:[^（）()，,]{1,24}[，,]\s?)?")
#: Marked words that are no product: firms, platforms and trade words.
_NOT_TRADE_NAMES = frozenset({"CAR-T", "CAR-NK", "TCR-T", "CRISPR", "FDA", "NMPA", "EMA", "PLUS", "PRO", "MAX"})


class ProductFinder:
    """Finds product mentions by their shape and links a name to its code.

    Args:
        lookup: The knowledge base's ``lookup(type, surface)``.
        walk_back: Where a name ending at a position starts (the tagger's walk over jieba tokens).
        word_freq: jieba's dictionary frequency of a word (0 for none).
    """

    def __init__(self, lookup: Lookup, walk_back: WalkBack, word_freq: Callable[[str], int]) -> None:
        self._lookup = lookup
        self._walk_back = walk_back
        self._word_freq = word_freq

    def _past_common_words(self, view: str, start: int, core: int) -> int:
        """Where a nonproprietary name starts once the everyday words before its stem are left out.

        合作开发|澜伏迈托赛, 验证|澜伏基奥仑赛: the characters before the stem of a new name are no
        dictionary word (瑞, 泽沃, 卡瑞达), the verbs jieba glued on are frequent ones; so are the single
        function characters a phrase leaves before a name (再|看|纳基奥仑赛), unlike a name's own (瑞, 纳, 伊), and a
        pair of an everyday and a function character no dictionary lists (回看|瑞卡基奥仑赛).
        """
        while core - start > 1:
            word = next(
                (
                    view[start : start + n]
                    for n in (4, 3, 2, 1)
                    if start + n < core
                    and self._word_freq(view[start : start + n])
                    >= (COMMON_SYLLABLE_FREQ if n > 1 else _FUNCTION_CHAR_FREQ)
                ),
                None,
            )
            if (
                word is None
                and start + 2 < core
                and self._word_freq(view[start]) >= _COMMON_CHAR_FREQ
                and self._word_freq(view[start + 1]) >= _FUNCTION_CHAR_FREQ
            ):
                word = view[start : start + 2]  # 回看 (no dictionary word): a common character, then a function one
            if word is None:
                break
            start += len(word)
        return start

    def code_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Development codes (AB-101) and foreign products named by their INN stem."""
        view = scan.view
        out: list[Cand] = []
        code_matches = [(m, _SPACES_RE.sub("", m.group(1))) for m in _CODE_SCAN.finditer(view)]
        # A code the text shows once as a gene, a mutation or a study is that everywhere
        # (RPE65）突变 … 用于RPE65减少).
        not_products = {code for m, code in code_matches if _not_a_product_code(view, m.start(1), m.end(1), code)}
        # One digit is enough when the code names a product (NR-T1注射液, MSC-K7细胞注射液,
        # 人脐带间充质干细胞注射液（WJ-MS3）, CAR-T产品JL-G3CAR, HX-TIL3治疗黑色素瘤) somewhere on the page:
        # then it does everywhere (a list's heading 二、HX-TIL3：…).
        named_codes = {code for m, code in code_matches if self._named_as_product(view, m.start(1), m.end(1))}
        for m, code in code_matches:
            digits = sum(ch.isdigit() for ch in code)
            named = code in named_codes
            # (a code of letters only names a product when its parts say so: NH-iPSC-DA细胞注射液)
            dosage_next = _PRODUCT_NEXT_RE.match(view, m.end(1)) is not None
            # (LC-iMSC注射液: a firm's prefix on a letters-only core, with a dosage form, is a code too)
            lettered = named and dosage_next and (code.count("-") >= 2 or re.fullmatch(r"[A-Z]{2,3}-[A-Z]{3,6}", code))
            # (a firm's prefix and a number around a modality, with a dosage form or a two-digit number, name a
            # product: CY-CAR-NK01注射液, SK-CAR-T31)
            prefixed = (
                (digits >= 2 or (digits and dosage_next))
                and "CAR" in code
                and re.fullmatch(r"[A-Z]{2,3}", code.split("-")[0])
            )
            # (软实立GXCPC1, 新药GXCPC1治疗膝骨关节炎: a long letters-and-one-digit code the page names as a product)
            long_named = named and re.fullmatch(r"[A-Z]{4,}\d", code) is not None
            if (_CODE_DENY_RE.match(code) and not prefixed and not long_named) or not (
                digits >= 2 or (digits and named) or lettered
            ):
                continue
            if not named and code in not_products:
                continue
            stem = code.split("-")[0]
            if code.count("-") >= 2 and stem != code and self._lookup("drug", stem) and not self._lookup("drug", code):
                continue  # CT041-ST-01: a study of the known product CT041, numbered after it, not a product
            canonical = self.code_canonical(view, m.end(1), code)
            out.append(Cand(m.start(1), m.end(1), "drug", canonical, PRIO_PATTERN, "dev_code"))
        for m in _INN_SCAN.finditer(view):
            # A foreign product named by its INN or trade name (LIFILEUCEL, AFAMI-CEL, CARTISTEM). A cell
            # or gene product (-CEL, -VEC, -STEM) is what events are about; an antibody or a kinase
            # inhibitor (-MAB, -NIB) is given alongside, like the Chinese stems below.
            source = "inn" if m.group(0).endswith(("MAB", "NIB")) else "foreign_product"
            canonical = self._lookup("drug", m.group(0)) or m.group(0)
            before = out[-1] if out and out[-1].source == source else None
            # ANITOCABTAGENE AUTOLEUCEL（ANITO-CEL）: the short form in brackets is the same product
            if (
                before
                and _BRACKET_OPEN_RE.fullmatch(view, before.end, m.start())
                and before.canonical[:4] == canonical[:4]
            ):
                canonical = before.canonical
            out.append(Cand(m.start(), m.end(), "drug", canonical, PRIO_PATTERN, source))
        return out

    @staticmethod
    def _named_as_product(view: str, start: int, end: int) -> bool:
        """Whether the words around a code say it is a product (a dosage form, a product word, a treatment)."""
        return bool(
            _PRODUCT_NEXT_RE.match(view, end)
            or _PRODUCT_BEFORE_RE.search(view, max(0, start - 24), start)
            or _PRODUCT_WORD_BEFORE_RE.search(view, max(0, start - 6), start)
            or ((_TREATS_NEXT_RE.match(view, end) or _PROJECT_NEXT_RE.match(view, end)) and "-" in view[start:end])
            or _FIRM_BRACKET_NEXT_RE.match(view, end)
            or _CLASS_GLOSS_NEXT_RE.match(view, end)
            or _CELL_PRODUCT_NEXT_RE.match(view, end)
        )

    def trade_name_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Trade names: Latin ones marked ® or ™ or named right after 新药/产品 (新药ELIXCYTE®, Stemchymal®).

        Chinese ones are taken where declared before their generic name's bracket (产品允诺康（普乐基奥仑赛注射液）).
        """
        view = scan.view
        out: list[Cand] = []
        for m in _TRADE_NAME_SCAN.finditer(view):
            group = next(g for g in ("name", "name2", "name3", "name4", "name5") if m.group(g))
            name, start, end = m.group(group), m.start(group), m.end(group)
            if scan.inside(start, end) or name.upper() in _NOT_TRADE_NAMES:
                continue
            if group == "name2" and len(name) < 6 and name.isupper():
                continue  # 产品BCMA, 药物CDMO: a target or a trade word after the noun, not a name
            if _TRADE_NAME_DECLARED_RE.search(view, max(0, start - 8), start):
                continue  # 商品名为Revgorva®: the trade name of the product just named, not another one
            base, _, suffix = name.rpartition("-")
            if base and self._lookup("indication", suffix):
                name = base  # ELIXCYTE-CKD, ELIXCYTE-OA: one product, named with the indication it is tried in
            out.append(Cand(start, end, "drug", self._lookup("drug", name) or name, PRIO_PATTERN, "trade_name"))
        for m in _CHINESE_TRADE_NAME_SCAN.finditer(view):
            start, end = m.span("name")
            name = m.group("name")
            if (
                scan.inside(start, end)
                or self._word_freq(name) >= COMMON_SYLLABLE_FREQ
                or any(self._lookup(kind, name) for kind in ("company", "region", "indication", "cell_type"))
            ):
                continue  # 产品上市（…注射液）, X注射液（上海）: a word of the sentence or another kind of name
            generic = m.group("generic")
            out.append(Cand(start, end, "drug", self._lookup("drug", generic) or generic, PRIO_PATTERN, "trade_name"))
        return out

    def code_canonical(self, view: str, end: int, code: str) -> str:
        """Canonical of a development code ending at ``end``: a generic name, else CODE注射液 or CODE.

        A text that writes the product as VUM02注射液 or XS228细胞注射液 names it so (the real-text
        annotators and the demo registry agree, tests/gold/README.md 2026-12-03); a bare code stays
        the code.
        """
        known = self._lookup("drug", code) or self._lookup("drug", code + "注射液")
        if known and code_key(known) != code_key(code):
            return known
        form = _CODE_INJECTION_RE.match(view, end)
        generic = _GENERIC_GLOSS_RE.match(view, form.end() if form else end)
        if generic:
            return generic.group(1)  # VY-B01(注射液)（通用名：维格莫赛注射液，商品名：…）: the code of that product
        code = known or code  # a knowledge-base code keeps its spelling (PA3-17)
        return code + form.group(1) if form else code

    def inn_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Non-cell drugs by their Chinese nonproprietary name's stem (托珠单抗, 来那度胺, 泰它西普)."""
        view = scan.view
        out: list[Cand] = []
        previous_end = 0
        for m in _CHINESE_INN_STEM_RE.finditer(view):
            if scan.inside(m.start(), m.end()):
                continue
            start = self._walk_back(view, m.start(), max_len=8)
            if start < previous_end <= m.start():
                start = previous_end  # 泰它西普|及利妥昔单抗: the name before ends where its stem does
            previous_end = m.end()
            # 如|利妥昔单抗, 联合|来那度胺, 及|利妥昔单抗, 方案为|氟达拉滨: a name has no function word in it
            cut = max((k + 1 for k in range(start, m.start()) if view[k] in _INN_CUT_CHARS), default=start)
            start = max(cut, m.start() - 5)
            name = view[start : m.end()]
            if len(name) < 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
                continue  # the stem alone (单抗类药物) or a name with other script in it
            out.append(Cand(start, m.end(), "drug", self._lookup("drug", name) or name, PRIO_PATTERN, "inn"))
        return out

    def injection_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Product names ending in 注射液, walked back to where the name starts."""
        view = scan.view
        out: list[Cand] = []
        for m in _INJECTION_RE.finditer(view):
            # Descriptive names are long: 重组腺相关病毒载体人凝血因子IX基因注射液.
            start = self._walk_back(view, m.start(), max_len=16)
            if start == max(0, m.start() - 16) and start > 0:
                start = self._walk_back(view, m.start(), max_len=26)  # still inside the name
            opened = _DESCRIPTION_BRACKET_RE.search(view, max(0, m.start() - 40), m.start())
            if opened and not _DESCRIPTION_TEXT_RE.fullmatch(view, opened.start() + 1, m.start()):
                opened = None  # （通用名：X注射液）, （即X注射液）: a name, read as usual
            if opened and any(
                c.type == "drug" and _FORM_GAP_RE.fullmatch(view, c.end, opened.start()) for c in [*scan.known, *found]
            ):
                # XG-201注射液（自体CD34+造血干细胞基因修饰注射液）: the whole bracket describes the product before it
                out.append(
                    Cand(
                        opened.start() + 1,
                        m.end(),
                        "drug",
                        view[opened.start() + 1 : m.end()],
                        PRIO_PATTERN,
                        "injection",
                    )
                )
                continue
            # A known company or place right before the name is its owner, not part of it
            # (铂生卓越艾米迈托赛注射液 → 艾米迈托赛注射液); a cell type is part of it
            # (人诱导多能干细胞来源多巴胺能神经前体细胞注射液).
            for c in scan.known:
                if c.type in _OWNER_TYPES and start <= c.start and c.end <= m.start() - 2:
                    start = max(start, c.end)
            # A description right before the product's own name is an apposition, not a name
            # (自体CAR-T细胞注射液泽沃基奥仑赛注射液 → only the second).
            if any(c.type == "drug" and c.start == m.end() for c in scan.known) or _APPOSITION_RE.match(view, m.end()):
                continue
            if self._lookup("cell_type", re.sub(r"细胞$", "", view[start : m.start()])) and not self._lookup(
                "drug", view[start : m.end()]
            ):
                continue  # 干细胞注射液, CAR-T细胞注射液: a class of products, not a product
            if _COUNTED_BEFORE_RE.search(view, max(0, start - 4), start) and _DESCRIPTIVE_STEM_RE.search(
                view, start, m.start()
            ):
                continue  # 已有2款间充质干细胞注射液…获得受理: products counted by their kind, none named
            # A stop word that jieba glued to the name's first character (创新药|朗基…).
            while m.start() - start > 3 and any(view.startswith(w, start - len(w) + 1) for w in _STRADDLE_STOPS):
                start += 1
            while m.start() - start > 3 and view[start] in "若倘和与及或":
                # 若|安泽迈赛注射液顺利获批, A和|普罗迈托赛注射液: a conditional or conjunction glued to the name
                start += 1
            lead = _LEAD_WORDS_RE.match(view, start, m.start() - 3)
            if lead:
                start = lead.end()  # 顺利回输|普基奥仑赛注射液, 本集团|舒瑞基奥仑赛注射液: jieba glued the sentence on
            inn = _CELL_INN_CORE_RE.search(view, start, m.start())
            if inn and not self._lookup("drug", view[start : m.end()]):
                start = self._past_common_words(view, start, inn.start())
            owner = _OWNER_PREFIX_RE.match(view, start, m.start())
            if owner and not self._lookup("drug", view[start : m.end()]):
                start = owner.end()  # 聚源生物|奥贝基仑赛注射液: the owner, then the product
            stem = view[start : m.start()]
            if _CODE_RE.fullmatch(stem) and any(ch.isdigit() for ch in stem):
                continue  # HR19034注射液, NR-T1注射液: the code is the name
            if any(c.source == "dev_code" and c.end in (m.start(), m.start() - 2) and c.end > start for c in found):
                continue  # HR-CM01细胞注射液: a code and a dosage form; the code candidate names it
            if any(
                k.type == "drug"
                and k.end == m.end()
                and start < k.start
                and (
                    all(ch in LEADING_FUNCTION_CHARS or ch in "有自就" for ch in view[start : k.start])
                    or _MODALITY_BEFORE_NAME_RE.fullmatch(view, start, k.start)
                    or "公司" in view[start : k.start]  # 上海科济制药有限公司就|舒瑞基奥仑赛注射液: the applicant
                )
                for k in scan.known
            ):
                # 已有|阿基仑赛注射液, 自|…, 就|…: a function word before a known product, not part of it;
                # BCMA CAR-T|伊基奥仑赛注射液: the product's target and modality
                continue
            code = next(
                (
                    c
                    for c in [*scan.known, *found]
                    if c.type == "drug"
                    and c.start == start
                    and c.end < m.start()
                    and _DESCRIPTIVE_STEM_RE.search(view, c.end, m.start())
                ),
                None,
            )
            if code is not None:
                start = code.end  # CT041|自体CAR-T细胞注射液: a code, then its description
            if _DESCRIPTIVE_STEM_RE.search(stem) and not _CODE_LIKE_RE.search(_MODALITY_RE.sub("", stem)):
                if _CLASS_APPOSITION_RE.search(view, max(0, start - 22), start):
                    continue  # "是一种人脐带间充质干细胞注射液": a class, not a product
            if m.start() - start >= 3:
                surface = view[start : m.end()]
                # An international nonproprietary name before the dosage form (Fitusiran注射液) is the
                # product's name as the annotators and the press write it, without the form.
                latin = stem if _LATIN_INN_RE.fullmatch(stem) or _CHINESE_INN_STEM_RE.search(stem[-3:]) else None
                canonical = self._lookup("drug", surface) or (latin and self._lookup("drug", latin)) or latin or surface
                out.append(Cand(start, m.end(), "drug", canonical, PRIO_PATTERN, "injection"))
        return out

    def declared_trade_name_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """A trade name declared in its product's bracket, and that name wherever else the view uses it.

        (赛诺基奥仑赛注射液（商品名：澜瑞生®，研发代号：XL-101）…回顾注册历程，澜瑞生的上市许可申请…: the
        product the lexicon does not know, named by its trade name; both mentions are that product.)
        """
        view = scan.view
        named: dict[str, str] = {}
        for m in _DECLARED_TRADE_NAME_RE.finditer(view):
            name = m.group("name")
            # (the longest name ending there: 普瑞基奥仑赛注射液, not the known 瑞基奥仑赛注射液 inside it)
            product = min(
                (
                    c
                    for c in [*scan.known, *found]
                    if c.type == "drug" and c.end <= m.start() and _BRACKET_LEAD_RE.fullmatch(view, c.end, m.start())
                ),
                key=lambda c: c.start,
                default=None,
            )
            if product is None or self._lookup("drug", name) or is_descriptive_name(product.canonical):
                continue
            if self._word_freq(name) >= COMMON_SYLLABLE_FREQ or any(
                self._lookup(kind, name) for kind in ("company", "region", "indication", "cell_type")
            ):
                continue  # a word of the sentence or another kind of name
            named.setdefault(name, product.canonical)
        return _mentions(scan, found, named, "trade_name")

    def bare_name_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """A cell therapy's generic name without 注射液 where the view also gives it with the form.

        (…批准伦多迈托赛注射液上市。…回看伦多迈托赛的注册路径: the product the lexicon does not know, named
        again the way the press shortens it.)
        """
        bare = {
            c.canonical[: -len("注射液")]: c.canonical
            for c in found
            if c.source == "injection" and _CELL_INN_CORE_RE.search(c.canonical, 0, len(c.canonical) - 3)
        }
        return _mentions(scan, found, bare, "injection", unless_next="注射液")

    def link_codes(self, view: str, chosen: list[Cand]) -> list[Cand]:
        """Give a name and its adjacent code one canonical: 某某注射液（AB-101）.

        A known (lexicon) canonical wins; otherwise an INN-like generic name wins over the
        code, but a descriptive name (人脐带间充质干细胞注射液) is shared by many products,
        so there the code identifies the drug.
        """
        out = list(chosen)
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            gap = view[a.end : b.start]
            if a.type != "drug" or b.type != "drug" or not _LINK_GAP_RE.fullmatch(gap):
                continue
            known = [c.canonical for c in (a, b) if self._lookup("drug", c.canonical)]
            if known:
                canonical = known[0]
            else:
                names = [c for c in (a, b) if c.source == "injection"]
                codes = [c for c in (a, b) if c.source == "dev_code"]
                if not names or not codes:
                    continue
                name = names[0].canonical
                descriptive = _CLASS_NAME_RE.search(name) is not None and not _COINED_GENE_NAME_RE.fullmatch(name)
                canonical = codes[0].canonical if descriptive else names[0].canonical
            out[i] = replace(a, canonical=canonical)
            out[i + 1] = replace(b, canonical=canonical)
        # 乐恒基仑赛注射液（商品名：诺恒达，研发代号：LH-1901）: the code in the name's own
        # bracket is that product, whatever else the bracket lists first.
        for i, a in enumerate(out):
            if a.type != "drug" or a.source == "dev_code" or is_descriptive_name(a.canonical):
                continue
            for j in range(i + 1, len(out)):
                b = out[j]
                if b.start - a.end > 40:
                    break
                if b.type == "drug" and b.source == "dev_code" and _BRACKET_CODE_GAP_RE.fullmatch(view, a.end, b.start):
                    out[j] = replace(b, canonical=a.canonical)
                    break
                # 普迈托赛注射液由博宁生命自主研发，研发代号BN-MSC02: the code told in a later clause about the name
                if (
                    b.type == "drug"
                    and b.source == "dev_code"
                    and _CODE_CLAUSE_BEFORE_RE.search(view, a.end, b.start)
                    and not _SENTENCE_END_RE.search(view, a.end, b.start)
                    and not any(c.type == "drug" for c in out[i + 1 : j])
                ):
                    out[j] = replace(b, canonical=a.canonical)
                    break
        return out


def _mentions(
    scan: Scan, found: list[Cand], canonical_of: dict[str, str], source: str, unless_next: str | None = None
) -> list[Cand]:
    """Every mention of the names in ``canonical_of`` no other candidate covers, as that name's product.

    ``unless_next`` leaves out a mention followed by it (the name is then part of a longer one).
    """
    out: list[Cand] = []
    for name, canonical in canonical_of.items():
        for m in re.finditer(re.escape(name), scan.view):
            if (unless_next and scan.view.startswith(unless_next, m.end())) or scan.inside(m.start(), m.end()):
                continue
            if any(c.start < m.end() and m.start() < c.end for c in [*found, *out]):
                continue
            out.append(Cand(m.start(), m.end(), "drug", canonical, PRIO_PATTERN, source))
    return out


#: A clause naming the code of the product its sentence is about (…，研发代号BN-MSC02; …，产品代号为X).
_CODE_CLAUSE_BEFORE_RE = re.compile(r"[，,]\s*(?:其)?(?:研发|产品|项目)(?:代号|编号|代码)\s*(?:为|是)?\s*[:：]?\s*$")
_SENTENCE_END_RE = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")


def _not_a_product_code(view: str, start: int, end: int, code: str) -> bool:
    """True when a code at ``view[start:end]`` is a mutation, gene, study or registration number."""
    return (
        _MUTATION_RE.fullmatch(code) is not None
        or _NOT_PRODUCT_NEXT_RE.match(view, end) is not None
        or _NOT_PRODUCT_BEFORE_RE.search(view, max(0, start - 6), start) is not None
        or (
            _PAGE_NUMBER_RE.fullmatch(code) is not None
            and _PAGE_DATE_BEFORE_RE.search(view, max(0, start - 16), start) is not None
        )
    )


#: A newspaper's page (信报财经新闻　2025年10月21日　A12　公司动向): a letter and a number right after the issue's date.
_PAGE_NUMBER_RE = re.compile(r"[A-Z]\d{1,2}")
_PAGE_DATE_BEFORE_RE = re.compile(r"\d{1,2}\s*日\s*$|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*$")


#: A name that spells out a class (人脐带间充质干细胞注射液, 重组抗CD38全人单克隆抗体注射液): shared by many products,
#: so a code beside it identifies the drug.
_CLASS_NAME_RE = re.compile(r"细胞|基因|抗体|融合蛋白")


def is_descriptive_name(name: str) -> bool:
    """A product class spelled out (人脐带间充质干细胞注射液) rather than a product's own name or code.

    A coined word before 基因注射液 (贝诺凝基因注射液, 维可基因注射液) is a gene therapy's generic name, as
    the NMPA gives them; a description names what the product is (重组腺相关病毒载体…基因注射液).
    """
    return (
        _DESCRIPTIVE_STEM_RE.search(name) is not None
        and _CODE_LIKE_RE.search(name) is None
        and _COINED_GENE_NAME_RE.fullmatch(name) is None
    )


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_INN_SCAN = GatedPattern(_INN_RE)
_CHINESE_TRADE_NAME_SCAN = GatedPattern(_CHINESE_TRADE_NAME_RE)
# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
_TRADE_NAME_SCAN = lead_gated(_TRADE_NAME_RE)
_CODE_SCAN = lead_gated(_CODE_RE)
_SPACES_RE = re.compile(r"\s+")  # (compiled once: it runs on every code found)
