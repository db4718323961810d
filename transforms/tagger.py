"""Entity tagging: lexicon (Aho-Corasick) plus patterns that generalise to unseen names.

Everything runs on the offset-preserving analysis view from :mod:`transforms.clean`, so a
span found here is a span of the original field. jieba (through :class:`Segmenter`) is used
only locally, to find where an unseen name that ends in a known suffix (…有限公司, …医院,
…注射液, …生物) begins; jieba's part-of-speech tagger is never used because it is far too slow here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import ahocorasick

from transforms.candidates import (
    LEADING_FUNCTION_CHARS,
    PRIO_LEXICON,
    PRIO_PATTERN,
    PRIO_WEAK,
    STOP_TOKENS,
    Cand,
    Scan,
    resolve,
)
from transforms.clean import Converter, mask_pinyin_glosses, normalize_width, to_simplified
from transforms.indications import TAIWAN_DISEASE_TERMS, IndicationFinder
from transforms.lexicon import EMITTED_TYPES, Lexicon
from transforms.naming import code_key
from transforms.policy_names import PolicyFinder
from transforms.products import ProductFinder
from transforms.regex_gate import GatedPattern, lead_gated
from transforms.segmenter import Segmenter, Token
from transforms.types import Entity, Field

#: A kind of hospital, not one (综合医院, 顶级医院, 三甲医院).
#: The rank and ownership words end no hospital's own name, whatever precedes them (转入三级甲等医院).
_HOSPITAL_RANK_WORDS = tuple(
    (
        "综合 顶级 知名 大型 三甲 甲等 公立 民营 私立 公私营 本地 当地 基层 定点 指定 各大 多家 众多 研究型 主题 专科"
        " 以上 这些 那些 一些 地方 独资 合资 外资 部分 所有 全部 各级 多数 少数 许多 不少 其他 其它 全国 正规"
        # where hospitals are, not which (推进各地医院准入, 外地医院)
        " 各地 各省 各市 外地 异地 全省 全市 国内 国外 海外 境外 私营 公营 本港 本澳"
    ).split()
)
_HOSPITAL_NOT_NAME_RE = re.compile(r"已获|鼓励|具备|支持|方案|核心|三级|二级|省内|市内|区内|境内")
#: Kinds of hospital or centre, no name of one (三级医院, 国家医学中心, 区域医学中心).
_GENERIC_HOSPITAL_KINDS = frozenset(
    "专科 三级 二级 合作 相关 中医 儿童 肿瘤 专业 医疗 附属 国家 区域 省级 国家区域 私家 私立 公立 备案".split()
)
#: Words that end a walk back over a hospital name: STOP_TOKENS minus the ordinal and
#: affiliation words that hospital names are made of (第一附属医院, 附属第二医院, 人民医院).
_HOSPITAL_STOPS = STOP_TOKENS - frozenset("第一 第二 第三 第四 第五 第六 第七 附属 中心 人民".split())
_HOSPITAL_LEAD_RE = re.compile(
    r"(?:来到|前往|转到|转至|走进|走出|住进|转入|离开|所以|因此|于是|什么|咱们|我们|他们|这家|那家|该|在|到"
    r"|例如|比如|如(?!皋|东)|包括|牵头|(?:临床|分)?中心(?=[\u4e00-\u9fff]{2})|[年月日]于"
    # a speaker's words (她听说|…医院, 因为|…), a patient's choice, and a Taiwanese legal form (医疗社团法人|中山医院)
    r"|因为|听说|她|他|选择|法人|上述|此后|随后|之后|然后|目前|同时"
    # a time the sentence opens with (过去|医院做完研究…, 如今|…)
    r"|过去|以往|以前|如今|现在|未来|今后|将来|以后|此前"
    # a foreign hospital's country is a region of its own (德国|雷根斯堡大学医院)
    r"|美国|德国|英国|法国|日本|韩国|意大利|西班牙|加拿大|澳大利亚|瑞士|瑞典|荷兰|比利时|以色列|新加坡)+"
)
#: The sentence's time or verb the walk took in before a hospital's name (昨天上午10点走出|市肿瘤医院).
_HOSPITAL_LAST_LEAD_RE = re.compile(
    r".*(?:\d+[点时号年月日]于?|走出|走进|住进|转入|离开|来到|前往|希望|场所为|赶到|赶往|送到|送往|回到|当时"
    r"|标志着|经(?!济)|由|被|在|采用|使用|之(?=[\u4e00-\u9fff]{2})|推进|进入|覆盖|进驻|让|使|纳入"
    r"|运回|送回|返回|转回|一间|一家|看"
    # where a first prescription or a product landed (首张处方花落|…医院, 亮相|, 落户|, 入住|)
    r"|花落|落户|落地|亮相|入住|就诊于?"
    # verbs and counts a sentence puts before a hospital (5天内送达|医院, 取决于|, 邀请|, 欢迎拨打|, 逾百家|)
    r"|送达|运抵|抵达|取决于|邀请|确认|拨打|打消|仍受|请教|赴|共有|更多|[逾近约超]?[\d一二三四五六七八九十百千]+余?家)"
)
#: A Taiwanese hospital's owning body written before it (员郭医疗社团法人员郭医院, 某某医疗财团法人某某医院).
_HOSPITAL_LEGAL_FORM_RE = re.compile(r".*?(?:社团|财团)法人")
#: Inside a legal name, product words are part of the name (瀚霖细胞治疗控股有限公司).
#: Where a legal name's walk back that found no start ends at the latest (团队联合|X有限公司, A、|B有限公司).
_LAST_JOINT_RE = re.compile(r".*(?:团队|联合|携手|[与和及、，,])")
#: Another body a walked legal name cannot hold before a joint (a hospital, a university, a team).
_OTHER_BODY_RE = re.compile(r"医院|大学|学院|团队")
_LEGAL_STOPS = STOP_TOKENS - frozenset(
    "治疗 药物 药品 创新 新药 药 生物制品 治疗用生物制品 产品 疗法 新 临床 医院 联合".split()
)
#: Words right before an X细胞 firm name (入股禾木细胞, 联合粤康细胞).
_CELL_FIRM_CUES = (
    "联合",
    "携手",
    "认购",
    "入股",
    "投资",
    "持有",
    "企业",
    "公司",
    "旗下",
    "关注",
    "由",
    "与",
    "和",
    "及",
)
#: Anonymised names (某三甲医院, 某私募基金管理有限公司) are not entities.
_ANON_TOKENS = frozenset({"某", "某家", "某个", "某些"})
#: What is left of a legal name after dropping its place may be a bare generic word
#: (上海医药集团 → 医药): then the place is part of the name.
_GENERIC_NAMES = frozenset(
    "医药 生物 药业 制药 科技 技术 集团 医疗 健康 生物医药 基因 细胞 生命科学 生物技术 生物科技 "
    "医学 实业 控股 发展".split()
)
#: Function words that are also common characters of names (宁和生物, 天和医院, 和元生物).
_NAME_JOINERS = frozenset({"和"})
_LEADING_FUNCTION_STR = "".join(sorted(LEADING_FUNCTION_CHARS))
# A name may contain brackets only around a place, as in 合源生物科技（天津）有限公司.
_BRACKET_TOKENS = frozenset({"（", "）"})
_CJK_OR_ALNUM_RE = re.compile(r"^[\u4e00-\u9fffA-Z0-9·&](?:[\u4e00-\u9fffA-Z0-9·&-]*[\u4e00-\u9fffA-Z0-9·&])?$")

_LEGAL_SUFFIX_RE = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
#: 首都医科大学附属|北京天坛医院: a university's affiliated hospital with a name of its own after 附属.
_AFFILIATED_HOSPITAL_RE = re.compile(r".{2,12}?(?:大学|学院)(?:医学院)?附属(.{4,12}医院)")
#: Hospitals, and the cell and blood banks that supply grafts (四川省脐带血造血干细胞库, 上海市血液中心):
#: named the same way, by a place or an owner before a fixed head.
_HOSPITAL_RE = re.compile(r"医院|医学中心|眼科中心|(?:脐带血)?(?:造血)?干细胞库|细胞库|骨髓库|血液中心")
_SHORT_SUFFIX_RE = re.compile(
    r"(?:生物|药业|制药|医药|细胞|基因|生技|生医|生科|再生医学)"
    r"(?!科技|技术|医药|制药|有限|股份|集团|工程|学|医学|药|制|产业|材料|经济|样本|安全|创新|领域|企业|公司|类|板块|行业|技术"
    # 生物反应器, 生物制品, 生物标志物 …: compound nouns, not a firm's suffix
    r"|反应|信息|标志|多样|降解|活性|利用|类似|合成|分子|相容|打印|传感|识别|过程|发酵|标记|物理|化学|制品|医疗(?!集团|科技)|健康|监管|细胞|呼吸|携带|群|减低"
    r"|疗"  # 再生医疗: 生医 inside a word, not a Taiwanese firm's suffix
    r"|先进(?:疗法|治疗))"  # 获授再生医学先进疗法认定 (RMAT): a designation, not a firm
)
#: A firm's English name ends in its trade (CRISPR Therapeutics, Altos Labs, Dymon Asia Capital);
#: on the upper-cased view, one to three words before the trade word.
_LATIN_FIRM_RE = re.compile(
    r"(?<![A-Z0-9-])[A-Z][A-Z0-9]*(?: [A-Z][A-Z0-9]*){0,2}? ?"
    r"(?:BIOSCIENCES|BIOTHERAPEUTICS|THERAPEUTICS|PHARMACEUTICALS|PHARMA|BIOTECH|BIOLOGICS|BIO|CAPITAL|LABS|VENTURES"
    r"|PARTNERS|GENOMICS)(?![A-Z0-9])"
    # or an English name before a Chinese firm word (KITE生物技术公司, CSL公司)
    r"|(?<![A-Z0-9-])[A-Z]{3,}(?=(?:生物技术|生物科技|生物医药|生物|医药|制药|药业)?公司)"
)
#: What follows a name that is a database or platform, not a firm (NextPharma数据库).
_PRODUCT_OF_FIRM_NEXT_RE = re.compile(r"\s?(?:数据库|数据平台|平台|系统|APP|小程序)")
_LATIN_ALIAS_GAP_RE = re.compile(r"(?:公司|集团)?\s?[（(]?\s?")
# Exchanges and clearing houses are never companies (香港联合交易所有限公司): guard mentions.
_EXCHANGE_RE = re.compile(r"(?:交易所|交易及结算所|结算所)(?:有限公司|有限责任公司)?")
# Investors: a brand before 资本/创投/投资/基金 (星河资本, 北辰健康基金), followed by a cue of
# their role or a list separator, never by 者/人/方 (投资者, 投资人, 投资方).
_INVESTOR_RE = re.compile(
    r"(?:资本|创投|投资|基金|资产|证券|人寿)(?=[，,、。；;\s）)|｜]|领投|跟投|超额|足额|参投|等|和|与|及|作为|共同|联合|继续|追加|也|持有|认购|已|出资|旗下|管理"
    r"|持续|担任|再次|本轮|此前|均|亦|加注|独家|订立|签订|签署|合共)"
)
_LEAD_INVESTOR_RE = re.compile(
    r"(?:由|投资方为|投资方包括)(?P<name>[\u4e00-\u9fff]{2,6}?)(?=领投|联合领投|独家投资|(?:与|和|、)[\u4e00-\u9fff]{2,8}(?:资本|创投|投资|基金))"
)
_INVESTOR_GENERIC = frozenset(
    "产业 引导 政府 政府引导 国有 战略 财务 基石 天使 专项 风险 股权 私募 创业 自有 产业投资 医疗 健康 "
    "生物医药 医药 科技 发展 投资 资本 创新 母 子 并购 市场 机构 社会 境外 外资 国资 本轮 新 老".split()
)
# Financing context that makes a 资本/基金 name an investor (not 资本市场, 医保基金).
_INVESTOR_CTX_RE = re.compile(r"领投|跟投|参投|投资方|投资者|投资人|股东|认购|融资|基石|出资|入股|增资|募资|战略投资")
# WeChat/portal bylines end in the author's place (发表于上海, 09:12 海南): not a mention.
_PLACE_DATE_RE = re.compile(r"\s*\d{1,2}月\d{1,2}日电|[，,\s]\s*\d{4}年\d{1,2}月\d{1,2}日\s*$|时间", re.M)
_BYLINE_PLACE_RE = re.compile(r"(?:发表于|IP属地[:：]?|\d{1,2}[:：]\d{2}\s{0,3})$")
#: A place that starts a name (南京某某生物科技有限公司, 四川大学, 2025上海某某峰会) or an address
#: (地址：长春市…) is not a region in its own right (ANNOTATION.md).
_NAME_AFTER_PLACE_RE = re.compile(
    r"[^，,。；;、\s：:“”\"的等地家和与及在个]{0,20}?(?:有限公司|股份公司|公司|集团|大学|学院|医院|研究院|研究所|实验室|峰会|大会|论坛|博览会"
    r"|团队|协会|学会|联盟|中心|日报|晚报|电视台|气象台|网站|园区)"
)
_ADDRESS_BEFORE_RE = re.compile(r"地址\s*[:：]?[^。\n]{0,12}$")
# Company names of the X细胞/X基因 kind: what follows the name must not continue a cell term.
_CELL_WORD_NEXT_RE = re.compile(
    r"(?:注射液|产品|疗法|治疗|移植|来源|衍生|因子|株|系|培养|制剂|药物|技术|外泌体|的(?![A-Z])|与|和|、|及|等|/|-|类|库|层|膜|数|水平|功能|分化|增殖|编辑|工程|检测|测序|突变|表达|组|序列|型|改造|修饰|递送|敲除|衰老|存储|储存|银行|“|\")"
)
_BARE_LYMPHOCYTES = frozenset({"T细胞", "B细胞"})
_ENGINEERED_CELL_BEFORE_RE = re.compile(r"(?:CAR|TCR)[-\s]?(?:T|NK)\s?$")
_INSTITUTION_AFTER_CELL_RE = re.compile(r"(?:临床)?(?:转化)?(?:资源库|研究院|研究所|基地)")
_CELL_NOT_THERAPY_NEXT_RE = re.compile(r"\s?(?:恶性)?(?:肿瘤|淋巴瘤|白血病|受体|计数)")
_CELL_MARKER_BEFORE_RE = re.compile(r"CD\d+\s?[+＋]\s?$")
#: Characters that neither start nor end a brand: function words, and 胞 (the end of 细胞).
_BRAND_BAD_FIRST = frozenset("将在被把对向从于的了等与及或胞着是为自如企股含")
_BRAND_BAD_LAST = frozenset("在等与及或的了股")  # (陆股|生技, 港股|医药: a market, no brand)
#: A list that goes on with another firm (泓源细胞、禾瑞医药等): the X细胞 before it is a firm too.
#: What a firm does right after its name (…的沐晖基因宣布完成A轮融资); a cell or a gene does none of it.
_FIRM_ACTS_NEXT_RE = re.compile(
    r"(?:今日|近日|日前|正式)?(?:宣布|完成|公布|发布|披露|获得?[^。，；]{0,10}?(?:融资|投资))"
    # 主攻…新药的元泽细胞（编号：2581）今日起招股: a firm glossed by its stock code, or going public
    r"|[（(](?:编号|股份代号|股票代码|证券代码|代码)\s*[:：]?\s*\d|(?:今日|今|明日)?(?:起)?招股(?!书|说明书|价)"
)
_FIRM_LIST_NEXT_RE = re.compile(r"、[\u4e00-\u9fff]{2,4}(?:生物|医药|药业|制药)(?=[、，,等])")
_CELL_MODIFIER_TOKENS = frozenset(
    "成体 体 自体 异体 同种 人源 胎儿 胎盘 脐带 骨髓 脂肪 宿主 靶 肿瘤 上皮 免疫 干 祖 前体 效应 记忆 调节性 杀伤 "
    "淋巴 巨噬 树突 神经 胰岛 心肌 肝 种子 功能 衍生 分化 终末 成熟 正常 人体 单个 单 多种 各种 这些 该类 此类 "
    "细胞 基因 成骨 造血 软骨 成纤维 生殖 万用 视网膜 皮肤 血管 内皮 间质 基质 杂交 癌 瘤".split()
)
_GOV_SUFFIX = (
    r"(?:人民政府办公厅|人民政府|政府办公厅|卫生健康委员会|卫生健康委|卫健委|药品监督管理局|药监局|发展和改革委员会|发展改革委|发改委"
    r"|科学技术厅|科学技术局|科技厅|科技局|科学技术委员会|科委|经济和信息化委员会|经信委|经济和信息化局|经信局|工业和信息化厅|工信厅|医疗保障局|医保局"
    r"|市场监督管理局|人大常委会|人民代表大会常务委员会|商务厅|商务局|财政厅|财政局"
    r"|卫生局|卫生计生委|卫生和计划生育委员会|食品药品监督管理局|食品药品监管局|证监会|证券监督管理委员会)"
)
_GOV_SUFFIX_RE = re.compile(_GOV_SUFFIX)
_ZONE_TAIL_RE = re.compile(
    r"(?:省|市)?(?:(?![的和与及在就将已为是对从向于])[\u4e00-\u9fff]){0,12}?"
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|试验区|先行区|示范区|自贸区|合作区)"
)
_ZONE_VERB_RE = re.compile(r"发布|支持|推进|建设|打造|印发|出台|加快|推动|依托|落户|位于|关于|成立|设立|获批|批准|提出")
#: A national or city new area (滨海新区, 江北新区): two characters and 新区, no function word.
_NEW_AREA_HEAD_RE = re.compile(r"(?:(?![个的在和与及了是为一二三四五六七八九十该本此这各新])[\u4e00-\u9fff]){2}")
#: Token frequency above which a word is a common word rather than part of a brand name.
COMMON_WORD_FREQ = 300
#: A listed firm's short name in a market roll (迈康达20cm涨停，科睿达涨超8%): the move names a stock.
_MARKET_MOVE_RE = re.compile(
    r"(?:^|(?<=[，,、。；;：:\s（(]))(?P<name>[\u4e00-\u9fff]{2,4})"
    r"(?=(?:\d+CM)?(?:涨停|跌停|涨超|跌超|涨逾|跌逾|大涨|大跌|收涨|收跌|领涨|领跌|盘中涨|盘中跌|股价(?:大涨|大跌|涨|跌)))",
    re.M,
)
#: A firm introduced by what it is (干细胞药物研发企业华曦再生宣布…, 基因治疗公司信念医药完成…).
_DESCRIBED_FIRM_RE = re.compile(
    r"(?:研发企业|创新药企(?!业)|药企(?!业)|生物(?:技术|科技|医药)(?:公司|企业)|(?:细胞|基因)?(?:治疗|疗法)(?:公司|企业)"
    r"|初创(?:公司|企业|(?!公司|企业))|上市公司)"  # (港股上市公司启明瑞康发布公告称; 本地初创源晶细胞于11月4日宣布)
    r"(?P<name>[\u4e00-\u9fff]{2,5}?)(?=宣布|表示|近日|日前|今日|昨日|于\d|在|完成|获得|正式|披露|公布|发布)"
)
#: A firm named by what it owns or does as a firm (科睿达旗下…, 迈康达申报的…, 记者从迈康达获悉).
_OWNER_FIRM_RE = re.compile(
    # (支撑此次申报的, 支持本次申报的: no firm has 此, 这 or 次 in its short name)
    r"(?:^|(?<=[，,、。；;：:\s（(]))(?P<name>(?![本我该其此贵他她])(?:(?![此这次])[\u4e00-\u9fff]){2,4}?)"
    r"(?=旗下|自主研发的|申报的|在研的)"
    r"|从(?P<source>(?![本我该其此贵他她])[\u4e00-\u9fff]{2,4}?)获悉",
    re.M,
)
#: A firm glossed by its stock code (上柜再生医疗公司三顾（3224）董事会…, 澜汐细胞（股份代号：2977）): a listed firm.
_STOCK_CODE_OPEN = r"[（(](?:股票代码|股份代号|证券代码|代码|编号)?\s*[:：]?\s*"
#: The bracketed code alone: a cheap test before the name's lookbehinds are tried at every offset.
_STOCK_CODE_GLOSS_RE = re.compile(rf"{_STOCK_CODE_OPEN}\d{{4,6}}")
_CODE_GLOSSED_FIRM_RE = re.compile(
    r"(?:^|(?<=[，,、。；;：:\s（(】])|(?<=公司|企业|药企))(?P<name>(?![本我该其此贵他她])[\u4e00-\u9fff]{2,5}?)(?:-B|－B)?"
    rf"{_STOCK_CODE_OPEN}(?!(?:19|20)\d{{2}}[）)])\d{{4,6}}"
    r"(?:\.(?:HK|SH|SZ|TW|TWO))?[）)]",
    re.M,
)
#: A firm that announces something about 公司 (艾澜维欣宣布，公司已…): what it announces is about itself.
_ANNOUNCER_FIRM_RE = re.compile(
    r"(?:^|(?<=[。；;\s]))(?P<name>(?![本我该其此贵他她])[\u4e00-\u9fff]{2,5}?)"
    r"(?=(?:今日|今天|近日|日前|昨日|昨天)?(?:宣布|公告称|发布公告称?)[，,：:]\s*(?:公司|该公司|其|旗下))",
    re.M,
)
#: Words of a market report that start or end no firm's name (板块涨停, 个股大涨, 午后收涨).
_NOT_A_STOCK = tuple(
    "板块 概念 概念股 个股 指数 股价 港股 美股 A股 大盘 股票 创业板 科创板 行业 医药 医疗 生物 龙头 公司 两市 "
    "沪指 恒指 市场 该股 全天 午后 盘中 早盘 尾盘 随后 其中 此外 同时 相关 多只 部分 集体 一度 今日 当日 首日 "
    "次日 开盘 收盘 负责人 人士 人员 收市 终场 尾市 早市 招股".split()
)
#: Adverbs a described firm's name never holds (企业亦已在深圳…).
_ADVERB_CHARS = frozenset("亦已也均都将正还又再曾并")


class EntityTagger:
    """Finds entity mentions in analysis views.

    Args:
        lexicon: The domain lexicon.
        segmenter: Segmenter used to find name boundaries before known suffixes.
    """

    def __init__(self, lexicon: Lexicon, segmenter: Segmenter, converter: Converter | None = None) -> None:
        self._lexicon = lexicon
        self._seg = segmenter
        self._indications = IndicationFinder(self.lookup, segmenter, self._walk_back)
        self._policies = PolicyFinder(self.lookup, (p.suffix for p in lexicon.policy_patterns))
        self._products = ProductFinder(self.lookup, self._walk_back, self._seg.word_freq)
        self._auto = ahocorasick.Automaton()
        self._by_surface: dict[tuple[str, str], str] = {}
        keys: dict[str, tuple[str, str]] = {}
        for entry in lexicon.entries:
            for surface in entry.surfaces:
                # Views are simplified (analysis_view), so a traditional alias (蘇大附屬第二醫院) is
                # matched in its simplified form; a name variant (朗昇) in both, as a traditional page
                # folds it and a simplified one keeps it.
                forms = [surface]
                if converter is not None:
                    folded = converter.convert(surface)
                    forms += [to_simplified(surface, converter), *([folded] if len(folded) == len(surface) else [])]
                for key in dict.fromkeys(_match_key(form) for form in forms):
                    # First writer wins: files load in a fixed order, so this is deterministic.
                    keys.setdefault(key, (entry.type, entry.canonical))
                    self._by_surface.setdefault((entry.type, key), entry.canonical)
        for key, value in keys.items():
            self._auto.add_word(key, (len(key), value[0], value[1]))
        self._auto.make_automaton()
        self._drug_by_bare = {
            _bare_key(s): e.canonical for e in reversed(lexicon.of_type("drug")) for s in e.surfaces if s.isascii()
        }
        self._region_names = {_match_key(s): e.canonical for e in lexicon.of_type("region") for s in e.surfaces}
        # Each region name's place in that dict's order, so ``_short_name`` finds the first name that ends
        # a legal name by looking up that name's few suffixes instead of testing every region name.
        self._region_rank = {name: rank for rank, name in enumerate(self._region_names)}
        # Provinces, not the municipalities and SARs whose name is also their city's (北京市, 香港特别行政区):
        # 山东|济南天桥人民医院.
        self._provinces = tuple(
            e.canonical
            for e in lexicon.of_type("region")
            if e.note == "provincial-level division" and not any(x.endswith(("市", "特别行政区")) for x in e.surfaces)
        )
        names = sorted(self._region_names, key=len, reverse=True)
        # Grouped by first character (longest first within a group), so ``_short_name`` only tries the
        # few names that can be a prefix instead of every region name.
        by_head: dict[str, list[str]] = {}
        for name in names:
            by_head.setdefault(name[:1], []).append(name)
        self._region_prefixes_by_head: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in by_head.items()}
        # A government body named after a place (四川省卫生健康委员会) is an authority, and the
        # place inside it is not a region mention.
        self._gov_re = re.compile(
            "(?:"
            + "|".join(re.escape(n) for n in names if not n.isascii())
            + ")(?:省|市|自治区)?(?:生产建设兵团)?"
            + _GOV_SUFFIX
        )

    def lookup(self, type_: str, surface: str) -> str | None:
        """Return the canonical form of a surface of a given type, if the lexicon has it.

        Args:
            type_: Entity type.
            surface: Surface form (any width/script; it is normalised).

        Returns:
            Canonical form or None.
        """
        found = self._by_surface.get((type_, _match_key(surface)))
        if found is None and type_ == "drug":
            # ciltacel, CILTA-CEL: an INN spelled without its hyphen or in other case is the same product
            found = self._drug_by_bare.get(_bare_key(surface))
            if found is None and "伦赛" in surface:
                # 瑞基奥伦赛注射液: the CAR-T stem 仑赛 miswritten with 伦
                found = self._by_surface.get((type_, _match_key(surface.replace("伦赛", "仑赛"))))
        elif found is None and type_ == "indication":
            # 急性呼吸窘迫症候群, 急性骨髓性白血病: Taiwan's medical terms for the mainland's standard names
            for variant, standard in TAIWAN_DISEASE_TERMS:
                if variant in surface:
                    found = self._by_surface.get((type_, _match_key(surface.replace(variant, standard))))
                    if found is not None:
                        break
        return found

    def tag(self, original: str, view: str, field: Field) -> list[Entity]:
        """Tag one field.

        Args:
            original: Original field text (for the exact surface strings).
            view: Its analysis view (same length).
            field: ``"title"`` or ``"text"``.

        Returns:
            All selected mentions in offset order, including ``authority`` and ``media``
            guard mentions (callers filter them for output).
        """
        glossed = mask_pinyin_glosses(original)
        if glossed != original:
            # A pinyin gloss (經(jīng)濟) splits a word: tag the text without the glosses and map
            # every span back, so names and titles that carry glosses are found whole.
            kept = [i for i, (a, b) in enumerate(zip(original, glossed, strict=True)) if a == b]
            return [
                replace(
                    e, start=kept[e.start], end=kept[e.end - 1] + 1, text=original[kept[e.start] : kept[e.end - 1] + 1]
                )
                for e in self.tag("".join(original[i] for i in kept), "".join(view[i] for i in kept), field)
            ]
        cands = self._lexicon_candidates(view)
        cands.extend(self._pattern_candidates(view, cands))
        chosen = _link_latin_names(view, self._products.link_codes(view, resolve(cands)))
        chosen = self._indications.in_context(view, chosen)
        # T细胞受体, T细胞恶性肿瘤, CD4+T细胞计数: the lymphocyte as a receptor's owner, a tumour's origin
        # or a counted marker subset, not a cell therapy's cells (CAR-T肿瘤治疗 and CD34+造血干细胞 are).
        chosen = [
            c
            for c in chosen
            if not (
                c.type == "cell_type"
                and c.canonical in _BARE_LYMPHOCYTES
                and (_CELL_NOT_THERAPY_NEXT_RE.match(view, c.end) or _CELL_MARKER_BEFORE_RE.search(view, 0, c.start))
            )
            # CAR-T免疫细胞疗法: the modality's own gloss, not a second cell type; 国家干细胞转化资源库, 上海干细胞
            # 临床转化研究院: a word of an institution's name
            and not (
                c.type == "cell_type"
                and (
                    (c.canonical == "免疫细胞" and _ENGINEERED_CELL_BEFORE_RE.search(view, 0, c.start))
                    or _INSTITUTION_AFTER_CELL_RE.match(view, c.end)
                )
            )
        ]
        chosen = [
            c
            for c in chosen
            if not (
                c.type == "region"
                and (
                    _BYLINE_PLACE_RE.search(view, max(0, c.start - 12), c.start)
                    # a dateline (新华社北京9月2日电) or a signature line (香港，2026年7月2日)
                    or _PLACE_DATE_RE.match(view, c.end)
                    or _NAME_AFTER_PLACE_RE.match(view, c.end)
                    or _ADDRESS_BEFORE_RE.search(view, max(0, c.start - 20), c.start)
                )
            )
        ]
        return [
            Entity(
                type=c.type,
                text=original[c.start : c.end],
                canonical=self._policies.full_law_title(c.canonical) if c.type == "policy" else c.canonical,
                field=field,
                start=c.start,
                end=c.end,
                source=c.source,
            )
            for c in chosen
        ]

    def regions_in(self, text: str) -> list[str]:
        """Return canonical regions whose names occur inside ``text`` (e.g. a policy title).

        Args:
            text: Any text such as a policy title or an authority name.

        Returns:
            Canonical regions, longest-first matches in order of occurrence.
        """
        key = _match_key(text)
        out: list[str] = []
        for _end, (_length, type_, canonical) in self._auto.iter(key):
            if type_ == "region" and canonical not in out:
                out.append(canonical)
        return out

    # ----------------------------------------------------------------------------- lexicon

    def _lexicon_candidates(self, view: str) -> list[Cand]:
        compact, index = _compact(view)
        out: list[Cand] = []
        for end_c, (length, type_, canonical) in self._auto.iter(compact):
            s_c = end_c - length + 1
            start, end = index[s_c], index[end_c] + 1
            if not _ascii_boundary_ok(view, start, end):
                continue
            if (
                type_ == "drug"
                and any(ch.isdigit() for ch in canonical)
                and code_key(canonical) == code_key(compact[s_c : end_c + 1])
            ):
                canonical = self._products.code_canonical(view, end, canonical)  # a KB product named only by its code
            if type_ == "policy" and view.startswith("案", end):
                continue  # 生物安全法|案: a (foreign) bill, not the law of that name
            out.append(Cand(start, end, type_, canonical, PRIO_LEXICON, "lexicon"))
        # 宣布|瑞基奥仑赛注射液, not 宣|布瑞基奥仑赛注射液: a name whose first character ends a common word
        # before it yields to the name that starts after that word, unless the character before closes a
        # word of its own (成人|大B细胞淋巴瘤, though 人大 is a word too).
        shorter = {(c.start, c.end, c.type) for c in out}
        return [
            c
            for c in out
            if not (
                c.start >= 1
                and (c.start + 1, c.end, c.type) in shorter
                and self._seg.word_freq(view[c.start - 1 : c.start + 1]) >= COMMON_WORD_FREQ
                and not (c.start >= 2 and self._seg.word_freq(view[c.start - 2 : c.start]) >= COMMON_WORD_FREQ)
            )
        ]

    # ----------------------------------------------------------------------------- patterns

    def _pattern_candidates(self, view: str, known: list[Cand]) -> list[Cand]:
        """Run every pattern finder over a view; a new kind of name is one more finder."""
        scan = Scan(view, known)
        out: list[Cand] = []
        for finder in (
            self._policies.title_candidates,
            self._policies.scheme_candidates,
            self._place_candidates,
            self._products.code_candidates,
            self._products.inn_candidates,
            self._products.trade_name_candidates,
            self._products.injection_candidates,
            self._products.bare_name_candidates,
            self._products.declared_trade_name_candidates,
            self._organisation_candidates,
            self._investor_candidates,
            self._indications.candidates,
            self._short_name_candidates,
            self._cued_name_candidates,
        ):
            out.extend(finder(scan, out))
        return out

    def _place_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Government bodies named after a place (guards) and zones named after one (regions)."""
        view = scan.view
        out: list[Cand] = []
        # Every body's name ends in one of the suffixes, which one cheap scan finds (most views hold none),
        # where the names' alternation of some three hundred places is tried at every offset.
        for m in self._gov_re.finditer(view) if _GOV_SUFFIX_RE.search(view) else ():
            out.append(Cand(m.start(), m.end(), "authority", m.group(0), PRIO_PATTERN, "gov_body"))
        # A zone named after its place (北京经济技术开发区, 山东新旧动能转换综合试验区): the place
        # is a lexicon hit already, so only its tail is matched.
        tails = ((c.start, _ZONE_TAIL_RE.match(view, c.end)) for c in scan.known if c.type == "region")
        zones = [(start, tail.end()) for start, tail in tails if tail]
        pos = view.find("新区", 2)
        while pos != -1:
            if _NEW_AREA_HEAD_RE.fullmatch(view, pos - 2, pos):
                zones.append((pos - 2, pos + 2))  # 滨海新区, 江北新区
            pos = view.find("新区", pos + 2)
        for a, b in zones:
            zone = view[a:b]
            if _ZONE_VERB_RE.search(zone):
                continue  # 海南发布支持乐城先行区: a sentence, not a zone's name
            out.append(Cand(a, b, "region", self.lookup("region", zone) or zone, PRIO_PATTERN, "zone"))
        return out

    def _organisation_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Legal names, hospitals, exchanges (guards) and English firm names."""
        view = scan.view
        out: list[Cand] = []
        for m in _LEGAL_SUFFIX_RE.finditer(view):
            if scan.inside(m.start() - 2, m.end()):
                continue
            start = self._walk_back(view, m.start(), max_len=24, allow_brackets=True, stops=_LEGAL_STOPS)
            joint = _LAST_JOINT_RE.match(view, start, m.start() - 4)
            if joint and (start == max(0, m.start() - 24) or _OTHER_BODY_RE.search(view, start, joint.end())):
                # …医院风湿免疫科团队联合|武汉禾络基因科技有限公司: the walk took in the sentence before the name
                start = joint.end()
            if start >= 1 and view[start - 1] in "中上下" and (start == 1 or view[start - 2] in " \n"):
                start -= 1  # a cell or a line that starts 中天免疫技术…有限公司: the position word is the name's
            while m.start() - start > 3 and view[start] in "乃系即":
                start += 1  # 本公告乃|某某生物科技有限公司
            while (
                m.start() - start > 5
                and view[start] in LEADING_FUNCTION_CHARS
                and not self.lookup("company", view[start : m.end()])
            ):
                start += 1  # 乃由|翰康细胞治疗控股有限公司: a function word before a long legal name
            if m.start() - start >= 2:
                legal = view[start : m.end()]
                canonical = self.lookup("company", legal) or self._short_name(legal)
                out.append(Cand(start, m.end(), "company", canonical, PRIO_PATTERN, "legal_name"))
        for m in _HOSPITAL_SCAN.finditer(view):
            if scan.inside(m.start() - 2, m.end()):
                continue
            start = self._walk_back(view, m.start(), max_len=20, stops=_HOSPITAL_STOPS)
            # 来到花莲慈济医院, 所以慈济医院, 咱们医院: words of the sentence the walk took in, not the name.
            lead = _HOSPITAL_LAST_LEAD_RE.match(view, start, m.start())
            if lead:
                start = lead.end()
            lead = _HOSPITAL_LEAD_RE.match(view, start, m.start())
            if lead:
                start = lead.end()
            legal_form = _HOSPITAL_LEGAL_FORM_RE.match(view, start, m.start())
            if legal_form:
                start = legal_form.end()  # 员郭医疗社团法人|员郭医院: the owning body's legal name, then the hospital
            if view[start : start + 1] in ("市", "省", "县", "区"):
                continue  # 市肿瘤医院: the city's hospital, named by an anaphor, not by its name
            if m.group(0).endswith("库") and re.fullmatch(r"[A-Z0-9 -]+", view[start : m.start()]):
                continue  # iPSC细胞库: a kind of cell bank, no institution's name
            if (
                m.start() - start >= 2
                and not re.fullmatch(r"(?:附属|第[一二三四五六七八九十]+|中心|人民)+", view[start : m.start()])
                and view[start : m.start()] not in _GENERIC_HOSPITAL_KINDS
                and not view[start : m.start()].endswith(_HOSPITAL_RANK_WORDS)
                and not any(ch in "何不没" for ch in view[start : m.start()])  # 为何医院…: a question
                # 研究方案已获医院, 鼓励省内三级医院, 具备医院准入: words of the sentence, not a name
                and not _HOSPITAL_NOT_NAME_RE.search(view, start, m.start())
            ):
                surface = view[start : m.end()]
                canonical = self.lookup("company", surface) or self._hospital_name(surface)
                out.append(Cand(start, m.end(), "company", canonical, PRIO_PATTERN, "hospital"))
        for m in _EXCHANGE_RE.finditer(view):
            start = self._walk_back(view, m.start(), max_len=12, stops=_LEGAL_STOPS)
            if m.start() - start >= 2:
                out.append(Cand(start, m.end(), "authority", view[start : m.end()], PRIO_LEXICON + 1, "exchange"))
        for m in _LATIN_FIRM_SCAN.finditer(view):
            name = m.group(0)
            if _PRODUCT_OF_FIRM_NEXT_RE.match(view, m.end()):
                continue  # 医药魔方NextPharma数据库: a firm's product, named like a firm
            out.append(
                Cand(m.start(), m.end(), "company", self.lookup("company", name) or name, PRIO_PATTERN, "latin_name")
            )
        return out

    def _hospital_name(self, surface: str) -> str:
        """An unseen hospital's canonical: its own city-prefixed name, without the university it is affiliated to.

        首都医科大学附属北京天坛医院 is known as 北京天坛医院; 浙江大学医学院附属第一医院 has no name of its own;
        山东济南天桥人民医院 is 济南天桥人民医院.
        """
        affiliated = _AFFILIATED_HOSPITAL_RE.fullmatch(surface)
        province = next((p for p in self._provinces if surface.startswith(p)), "")
        # The name proper starts after the university's 附属, or after a province (山东|济南天桥人民医院).
        own = affiliated.group(1) if affiliated else surface[len(province) :]
        if own == surface or not any(self.lookup("region", own[:k]) for k in (2, 3)):
            return surface  # no city starts the rest: the whole surface is the name
        return self.lookup("company", own) or own

    def _short_name_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Unseen short company names: a rare brand before 生物/细胞/基因/药业…."""
        view = scan.view
        out: list[Cand] = []
        for m in _SHORT_SUFFIX_RE.finditer(view):
            if scan.inside(m.start(), m.end()):
                continue
            if m.start() < 2 or not (
                "\u4e00" <= view[m.start() - 1] <= "\u9fff" and "\u4e00" <= view[m.start() - 2] <= "\u9fff"
            ):
                continue  # a brand is at least two CJK characters (no jieba call needed to see that)
            brand = self._brand_start(view, m.start())
            if brand is None:
                continue
            start, span_start = brand
            if _implausible_brand(view, start, m.start()) or view.endswith(_DRUG_CLASS_WORDS, start, m.end()):
                continue  # 以|仿制药为基本盘: a class of drugs, no firm
            if _INDEX_NEXT_RE.match(view, m.end()):
                continue  # 申万医药生物指数上涨1.84%: a market index, no firm
            if m.group(0) == "细胞" and any(
                self.lookup("cell_type", view[m.start() - k : m.end()]) for k in (1, 2, 3) if m.start() >= k
            ):
                continue  # the suffix is the end of a cell type (印发|干细胞, NK细胞)
            if m.group(0) in ("细胞", "基因") and (
                not self._cell_firm(view, start, m.end())
                if span_start == start
                else _CELL_WORD_NEXT_RE.match(view, m.end())  # 湖北|首家细胞治疗…: a place, then a cell term
            ):
                continue  # XX细胞 is usually a cell type; 禾木细胞-like rare brands are firms
            surface = view[start : m.end()]
            canonical = self.lookup("company", surface) or surface
            out.append(Cand(span_start, m.end(), "company", canonical, PRIO_WEAK, "short_name"))
        return out

    def _cued_name_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Unseen short names that the sentence shows to be firms: a stock's move or a firm's description."""
        view = scan.view
        out: list[Cand] = []
        announces = "宣布" in view or "公告" in view
        for regex in (
            _MARKET_MOVE_RE,
            _DESCRIBED_FIRM_RE,
            _OWNER_FIRM_RE,
            _CODE_GLOSSED_FIRM_RE,
            *([_ANNOUNCER_FIRM_RE] if announces else []),
        ):
            gate = _CUED_NAME_GATES.get(id(regex))
            if gate is not None and not gate.possible(view):
                continue  # the view lacks a word every match needs
            if regex is _CODE_GLOSSED_FIRM_RE and not _STOCK_CODE_GLOSS_RE.search(view):
                continue  # no bracketed code anywhere: spare the lookbehinds at every offset
            for m in _CUED_NAME_SCANS.get(id(regex), regex).finditer(view):
                group = "name" if m.group("name") else "source"
                a, b = m.span(group)
                name = m.group(group)
                if scan.inside(a, b) or any(c.start < b and a < c.end for c in found):
                    continue
                # (A described or announcing firm's name may end in its trade, 澜至生物; a stock's move never
                # follows a sector's word, 医药板块涨停.)
                trade_tail = regex is not _MARKET_MOVE_RE and _SHORT_SUFFIX_RE.search(name[-2:]) and len(name) > 3
                if (
                    name.startswith(_NOT_A_STOCK)
                    or (name.endswith(_NOT_A_STOCK) and not trade_tail)
                    or name[0] in LEADING_FUNCTION_CHARS
                    or name[0] in _ADVERB_CHARS
                    or "较" in name  # 收市较招股价跌6%: a comparison, no name
                    or self._seg.word_freq(name) >= COMMON_WORD_FREQ
                ):
                    continue
                out.append(Cand(a, b, "company", self.lookup("company", name) or name, PRIO_WEAK, "cued_name"))
        return out

    def _cell_firm(self, view: str, start: int, end: int) -> bool:
        """True when ``view[start:end]`` (X细胞, X基因) names a firm rather than a kind of cell.

        The brand must be exactly two rare characters that are no cell modifier (自体, 上皮 …), the
        name must start at a clear boundary and what follows must not continue a cell term
        (…细胞产品, …细胞治疗, …细胞的).
        """
        brand = view[start : end - 2]
        if len(brand) != 2 or brand in _CELL_MODIFIER_TOKENS or any(ch in _CELL_MODIFIER_TOKENS for ch in brand):
            return False
        if any(self._seg.word_freq(x) >= COMMON_WORD_FREQ for x in (brand, brand[0] + brand[1])):
            return False
        if _CELL_WORD_NEXT_RE.match(view, end) and not _FIRM_LIST_NEXT_RE.match(view, end):
            return False
        before = view[max(0, start - 4) : start]
        if before.endswith("/"):
            return False  # 间充质干/基质细胞: alternative cell names
        if before.endswith("的") and _FIRM_ACTS_NEXT_RE.match(view, end):
            return True  # 专注于体内CAR-T疗法的沐晖基因宣布完成…: a described firm that acts
        return not before or not _CJK_OR_ALNUM_RE.match(before[-1]) or any(before.endswith(w) for w in _CELL_FIRM_CUES)

    def _investor_candidates(self, scan: Scan, found: list[Cand]) -> list[Cand]:
        """Investors named by brand + 资本/创投/投资/基金 in a financing context (星河资本领投).

        A name in the lead-investor slot needs no suffix: 由国投创合领投, 投资方为国投创合与….
        """
        view, inside = scan.view, scan.inside
        out: list[Cand] = []
        if not _INVESTOR_CTX_RE.search(view):
            return out
        for m in _LEAD_INVESTOR_RE.finditer(view):
            name = m.group("name")
            generic = name in _INVESTOR_GENERIC or name[0] in LEADING_FUNCTION_CHARS
            if generic or inside(m.start("name"), m.end("name")):
                continue
            canonical = self.lookup("company", name) or name
            out.append(Cand(m.start("name"), m.end("name"), "company", canonical, PRIO_WEAK, "investor"))
        for m in _INVESTOR_RE.finditer(view):
            if inside(m.start(), m.end()):
                continue
            start = self._walk_back(view, m.start(), max_len=10)
            name = view[start : m.start()]
            # jieba may glue a function word to an unknown brand (由云|杉资本, 本轮由澜石资本).
            cut = max(name.rfind(ch) for ch in "由与和及、获向的被")
            # (本轮由深|创投: what follows 由 is the name even when only one character of it is left)
            if cut >= 0 and (len(name) - cut - 1 >= 2 or name[cut] in "由、"):
                start += cut + 1
                name = view[start : m.start()]
            if any(w in name for w in ("资本", "投资", "创投", "基金", "继续", "追加", "注册", "资金")):
                continue
            if not 2 <= len(name) <= 8 or name in _INVESTOR_GENERIC or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
                continue
            if name.endswith(("战略", "财务")):
                continue  # 引入战略投资: the kind of investment, no investor's name
            if name[0] in LEADING_FUNCTION_CHARS or any(
                name.startswith(g) for g in ("产业", "政府", "引导", "两地", "多家", "各", "海外", "一家", "境外")
            ):
                continue
            if not _INVESTOR_CTX_RE.search(view, max(0, m.start() - 40), min(len(view), m.end() + 40)):
                continue
            surface = view[start : m.end()]
            canonical = self.lookup("company", surface) or surface
            out.append(Cand(start, m.end(), "company", canonical, PRIO_PATTERN, "investor"))
        return out

    def _walk_back(
        self, view: str, pos: int, *, max_len: int, allow_brackets: bool = False, stops: frozenset[str] = STOP_TOKENS
    ) -> int:
        """Return where a name ending at ``pos`` starts, walking back over jieba tokens."""
        lo = max(0, pos - max_len)
        window = view[lo:pos]
        # Most names end their walk at the punctuation before the window's last phrase, so segment
        # that phrase first and the whole window only when the walk goes on past it.
        toks, whole = self._seg.tail_tokens(window)
        while (start := self._walk_tokens(toks, whole, lo, pos, allow_brackets=allow_brackets, stops=stops)) is None:
            toks, whole = self._seg.tokens(window), True
        # Never start inside an unbalanced bracket or on a bracket.
        while start < pos and view[start] in "（）":
            start += 1
        if not allow_brackets:
            # jieba's HMM sometimes glues a function character to an unknown name (其布瑞…).
            while pos - start > 3 and view[start] in LEADING_FUNCTION_CHARS:
                start += 1
        return start

    def _walk_tokens(
        self, toks: list[Token], whole: bool, lo: int, pos: int, *, allow_brackets: bool, stops: frozenset[str]
    ) -> int | None:
        """The walk of ``_walk_back`` over the window's tokens; None when it needs tokens before ``toks``.

        Args:
            toks: The window's tokens, or (``whole`` False) only its last ones.
            whole: Whether ``toks`` are all of the window's tokens.
            lo: Offset of the window in the view.
            pos: End of the name in the view.
            allow_brackets: Whether the name may contain a bracketed place.
            stops: Tokens a name never contains.

        Returns:
            Where the name starts, before the bracket and function-character trims, or None.
        """
        start = pos
        depth = 0
        for i in range(len(toks) - 1, -1, -1):
            tok = toks[i]
            word = tok.text
            if i == 0 and not whole and word[0].isdigit():
                return None  # whether a number continues the name depends on the token before it
            if allow_brackets and word in _BRACKET_TOKENS:
                depth += 1 if word == "）" else -1
                if depth < 0:
                    break
                start = lo + tok.start
                continue
            if word in _ANON_TOKENS:
                return pos  # 某三甲医院: an anonymised name is no name
            if word[0].isdigit() and word.isalnum() and start < pos and i > 0:
                # A number inside a name (视网膜色素上皮65基因注射液), never at its start.
                prev = toks[i - 1].text
                if _CJK_OR_ALNUM_RE.match(prev) and not prev[-1].isdigit() and prev not in stops:
                    continue
            lead = len(word) - len(word.lstrip(_LEADING_FUNCTION_STR))
            if 0 < lead and len(word) - lead >= 2 and self._seg.word_freq(word) < COMMON_WORD_FREQ:
                # jieba's HMM glued function words to an unknown name (乃由|岚湾 as one token).
                start = lo + tok.start + lead
                break
            if word in _NAME_JOINERS and i > 0 and self._name_fragment(toks[i - 1].text, stops):
                # jieba split an unknown name into characters and one of them is also a function
                # word (南京宁|和|生物医药, 天|和|医院): it belongs to the name.
                start = lo + tok.start
                continue
            if word in stops or not _CJK_OR_ALNUM_RE.match(word) or word[0].isdigit():
                break
            start = lo + tok.start
        else:
            if not whole:
                return None  # the name may go on before the first token read
        return start

    def _name_fragment(self, token: str, stops: frozenset[str]) -> bool:
        """A single CJK character that jieba left alone: a piece of an unknown name."""
        return (
            len(token) == 1
            and "\u4e00" <= token <= "\u9fff"
            and token not in stops
            and token not in LEADING_FUNCTION_CHARS
        )

    def _brand_start(self, view: str, pos: int) -> tuple[int, int] | None:
        """Find an unseen short company name such as 星辰生物 ending at ``pos``.

        The brand (1-2 tokens, 2-4 characters) must be rare in jieba's dictionary: brand names
        are, common words (合成, 中国, 本土) are not. A brand made of single-character tokens
        must also start at a clear boundary (punctuation, a stop word or a place name).

        Returns:
            ``(brand_start, span_start)``; ``span_start`` also covers a place name before the
            brand (青岛海澄生物), so that place is not tagged as a region. None if no brand.
        """
        lo = max(0, pos - 8)
        toks = self._seg.tokens(view[lo:pos])
        if not toks:
            return None
        choice: int | None = None
        for n in (1, 2):
            if len(toks) < n:
                break
            group = toks[-n:]
            word = "".join(t.text for t in group)
            if not 2 <= len(word) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
                continue
            prev = toks[-n - 1].text if len(toks) > n else ""
            at_boundary = not prev or not _CJK_OR_ALNUM_RE.match(prev)
            # A one-character stop word (和, 与) may be the first character of a brand (和曦)
            # when the brand starts right after punctuation.
            if any(
                (t.text in STOP_TOKENS and not (len(t.text) == 1 and at_boundary and n == 2))
                or t.text in self._region_names
                for t in group
            ):
                break
            if self._seg.word_freq(word) >= COMMON_WORD_FREQ or (
                n == 1 and len(word) >= 2 and self._seg.word_freq(word) >= COMMON_WORD_FREQ
            ):
                break
            if n == 2 and any(len(t.text) >= 2 and self._seg.word_freq(t.text) >= COMMON_WORD_FREQ for t in group):
                break
            single_chars = all(len(t.text) == 1 for t in group)
            # An unknown token ending in a function word (新规为|沐|禾|生物) is a boundary too.
            glued_stop = prev[-1:] in LEADING_FUNCTION_CHARS and self._seg.word_freq(prev) < COMMON_WORD_FREQ
            if (
                single_chars
                and prev
                and not (
                    prev in STOP_TOKENS or prev in self._region_names or not _CJK_OR_ALNUM_RE.match(prev) or glued_stop
                )
            ):
                continue
            choice = n
            if len(group[-1].text) >= 2 and n == 1:
                break
        if choice is None:
            return None
        if choice == 1 and len(toks) >= 3:
            # 艾/赛尔生物: a single leading character cut off by jieba belongs to the brand
            # when a clear boundary precedes it.
            ch, before = toks[-2].text, toks[-3].text
            if (
                len(ch) == 1
                and re.fullmatch(r"[\u4e00-\u9fff]", ch)
                and ch not in STOP_TOKENS
                and len(toks[-1].text) <= 3
                and (before in STOP_TOKENS or not _CJK_OR_ALNUM_RE.match(before))
            ):
                choice = 2
        start = lo + toks[-choice].start
        first = toks[-choice].text
        glued = next(
            (
                w
                for w in (first[:2], first[:1])
                if w in STOP_TOKENS and len(first) > len(w) and pos - start - len(w) >= 2
            ),
            None,
        )
        if glued and self._seg.word_freq(first) < COMMON_WORD_FREQ:
            start += len(glued)  # jieba glued a function or time word to the brand: 据诺芮|生物, 上月泓岸|生物
        span_start = start
        if len(toks) > choice and toks[-choice - 1].text in self._region_names:
            span_start = lo + toks[-choice - 1].start
        return start, span_start

    def _short_name(self, legal: str) -> str:
        """Derive a short company name from a legal name (北京某某生物科技有限公司 → 某某生物)."""
        name = _LEGAL_SUFFIX_RE.sub("", legal)
        name = re.sub(r"[（(][^（）()]*[）)]", "", name)
        # 科济生物医药上海有限公司: a place written after the brand (for （上海）) is no part of the name
        # (the first region name in dict order that ends the name and leaves at least four characters before it)
        tails = [name[i:] for i in range(4, len(name) + 1) if name[i:] in self._region_rank]
        tail = min(tails, key=self._region_rank.__getitem__) if tails else None
        if tail:
            name = name[: -len(tail)]
        for _ in range(2):
            for key in self._region_prefixes_by_head.get(name[:1], ()):
                if not name.startswith(key):
                    continue
                rest = name[len(key) :]
                if len(rest) >= 2 and re.sub(r"(?:集团|控股|股份)+$", "", rest) not in _GENERIC_NAMES:
                    name = rest
                    break
        for pattern, repl in _SHORT_NAME_RULES:
            name = pattern.sub(repl, name) or name
        # 纽福斯生物科技有限公司 → 纽福斯生物 → 纽福斯, when the knowledge base knows the firm by its brand.
        brand = _INDUSTRY_TAIL_RE.sub("", name)
        return self.lookup("company", name) or (len(brand) >= 2 and self.lookup("company", brand)) or name


_INDUSTRY_TAIL_RE = re.compile(r"(?:生物医药|生物制药|生物|医药|制药|药业|细胞|基因|再生医学|再生)$")


#: Legal name → short name, applied in order (柯岭细胞治疗技术 → 柯岭细胞, 复星医药产业发展 → 复星医药).
_SHORT_NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(细胞|基因)(?:治疗|疗法)?(?:生物|科技|技术|工程|医药|科学)+$", r"\1"),
        (r"(?:控股|集团|国际|股份)+$", ""),
        (r"(细胞|基因)(?:治疗|疗法)$", r"\1"),
        (r"再生医学(?:科技|技术)?$", "再生"),  # 云岫再生医学科技 → 云岫再生
        (r"(生物|医药|药业|制药)(?:科技|技术|工程|医药|科学|制药)+$", r"\1"),
        (r"(医药|生物)(?:产业)?(?:发展|投资)$", r"\1"),
        (r"(?:医药科技|科技|技术|集团)$", ""),
        (r"(?<=..)(?:经营管理|投资管理|管理|咨询|服务)$", ""),  # 红磡物业经营管理 → 红磡物业
    )
)


def _link_latin_names(view: str, chosen: list[Cand]) -> list[Cand]:
    """An English name right after a company's Chinese name is that company: 诺芮生物（Norvane Bio）."""
    out = list(chosen)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if (
            a.type == "company"
            and b.type == "company"
            and b.source == "latin_name"
            and _LATIN_ALIAS_GAP_RE.fullmatch(view, a.end, b.start)
        ):
            out[i] = replace(b, canonical=a.canonical)
    return out


#: Classes of drugs that end like a firm's short name (仿制药 like 某某制药).
_DRUG_CLASS_WORDS = ("仿制药", "原料药", "中成药", "化学药", "生物药", "创新药")


#: A market index or sector after a name (申万医药|生物指数, 中信医药|指数, 恒生医疗保健|指数).
_INDEX_NEXT_RE = re.compile(r"(?:生物|保健)?(?:指数|板块)")


def _implausible_brand(view: str, start: int, end: int) -> bool:
    """True when ``view[start:end]`` cannot be a brand before 生物/细胞/基因 (将新|基因, 胞与|基因, 4 项卫|生技)."""
    brand = view[start:end]
    return (
        brand[:1] in _BRAND_BAD_FIRST
        or brand[-1:] in _BRAND_BAD_LAST
        or _SHORT_SUFFIX_RE.fullmatch(brand) is not None  # 生技|医药: two trade words, a sector's name
        or "等" in brand
        # (4 项卫|生技: a count; but ② 澜启|生物, a numbered item, is no count: ② is a digit, not a decimal)
        or view[max(0, start - 2) : start].strip()[-1:].isdecimal()
    )


def _bare_key(surface: str) -> str:
    """A Latin product name without hyphens, spaces or case (cilta-cel, Cilta cel, CILTACEL agree)."""
    return code_key(surface).replace("-", "")


def _match_key(surface: str) -> str:
    """Normalise a lexicon surface the way views are normalised, without spaces."""
    return _SPACES_RE.sub("", normalize_width(surface))


_SPACES_RE = re.compile(r"\s+")  # compiled once: _match_key runs on every lookup


_NON_SPACE_RUN_RE = re.compile(r"[^ ]+")


def _compact(view: str) -> tuple[str, Sequence[int]]:
    """Drop spaces (not newlines) so 'CAR - T' matches 'CAR-T'; return index map to the view."""
    if " " not in view:
        return view, range(len(view))  # the identity map, without building a list of every offset
    # The offsets of the runs between spaces, a range each: a view has a few runs (its masked lines are
    # one space run each), and extending by a range is a C loop, where testing every character is not.
    index: list[int] = []
    for run in _NON_SPACE_RUN_RE.finditer(view):
        index.extend(range(run.start(), run.end()))
    return view.replace(" ", ""), index


def _ascii_boundary_ok(view: str, start: int, end: int) -> bool:
    """Reject ASCII matches glued to other ASCII letters/digits (NK inside BANK)."""
    if view[start].isascii() and view[start].isalnum() and start > 0:
        prev = view[start - 1]
        if prev.isascii() and prev.isalnum():
            return False
    if view[end - 1].isascii() and view[end - 1].isalnum() and end < len(view):
        nxt = view[end]
        if nxt.isascii() and nxt.isalnum():
            return False
        if (
            nxt == "-"
            and view[start].isascii()
            and view[end + 1 : end + 2].isascii()
            and view[end + 1 : end + 2].isalpha()
        ):
            return False  # MDS-UPDRS: the first part of a longer Latin term (a rating scale), not MDS
    return True


def emitted(entities: Iterable[Entity]) -> list[Entity]:
    """Filter out guard mentions (authority, media).

    Args:
        entities: Tagged mentions.

    Returns:
        Only the six DOMAIN.md entity types.
    """
    return [e for e in entities if e.type in EMITTED_TYPES]


# Whole-view scans asked first whether the words their pattern needs occur in the view at all
# (transforms.regex_gate): most views hold none, and ``re`` would try the pattern at every offset.
_HOSPITAL_SCAN = GatedPattern(_HOSPITAL_RE)
#: (not _DESCRIBED_FIRM_RE: its words are common enough that asking costs more than it spares)
#: (Keyed by identity: hashing a compiled pattern hashes its whole compiled program, on every lookup.)
_CUED_NAME_GATES = {id(r): GatedPattern(r) for r in (_MARKET_MOVE_RE, _OWNER_FIRM_RE, _ANNOUNCER_FIRM_RE)}
# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
# (Only where that gains: a pattern that opens on a common character would pay for the look-ahead.)
_LATIN_FIRM_SCAN = lead_gated(_LATIN_FIRM_RE)
_CUED_NAME_SCANS = {id(_DESCRIBED_FIRM_RE): lead_gated(_DESCRIBED_FIRM_RE)}
