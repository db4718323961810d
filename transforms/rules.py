"""The trigger table: which phrasings report which event, as data.

Each :class:`Trigger` row says: a pattern (or, for the few triggers that need the sentence's
entities, a finder), the event type it reports, its base confidence, the conditions the sentence
must meet (entities it names, words it has or lacks), the rows that cancel it when they also
match, the cues before it that cancel it (statistics, background), and how its date is chosen.
A new phrasing is one row (or one alternative in a row's pattern) plus a test sentence.

Sentence-wide cancellation (negations, conditionals, hedges, questions) is shared by every row
and lives in :mod:`transforms.events`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from transforms.amounts import parse_amounts
from transforms.regex_gate import GatedPattern, LiteralGate, lead_gated, top_alternatives
from transforms.rules_registers import ACCEPTANCE_NO_RE, DATED_ACCEPTANCE_RE, decode_acceptance_number
from transforms.types import EVENT_TYPES, Entity

#: Event types that are about one product (all but filings, policies, financings and forecasts).
DRUG_EVENTS = frozenset(EVENT_TYPES) - {"research_filing", "policy_issued", "financing", "market_forecast"}
#: Drug events that are meaningless without a named product.
NEEDS_DRUG = DRUG_EVENTS - {"clinical_result"}

#: Event types that give one event per indication their sentence lists.
PER_INDICATION = frozenset(
    {
        "drug_approval",
        "nda_accepted",
        "priority_review",
        "breakthrough_therapy",
        "ind_approval",
        "ind_accepted",
        # A filing notice that names several indications reports one filed project per indication.
        "research_filing",
        "clinical_result",
    }
)

CLAUSE_BREAK = "，,；;：:"

IND_APPROVAL_RE = re.compile(
    r"默示许可|默认许可|临床试验(?:补充申请)?批准通知书|临床试验通知书"
    r"|(?:临床试验申请|临床申请|IND申请|IND)(?:正式|已)?(?:获得?|获)(?:批准|批|准|许可)"
    # (not 获批开展临床转化应用, 获批临床应用: a medical technology put to use in a pilot zone, no trial)
    r"|获批(?:开展)?(?:临床(?!应用|转化|使用)|I期|II期|III期|Ⅰ期|Ⅱ期|Ⅲ期|注册临床|IND)"
    r"|获批(?:开展)?(?:I|II|III|Ⅰ|Ⅱ|Ⅲ)\s*[/-]\s*(?:I|II|III|Ⅰ|Ⅱ|Ⅲ)[AB]?期"  # (获批开展Ⅰ/Ⅱ期临床研究)
    # (该产品的注册临床研究获国家药监局批准开展: the study approved to start)
    r"|临床(?:研究|试验)获[^。；，,]{0,16}?批准(?:开展|进行|启动)"
    # (2022年2月，该产品用于…的临床试验获国家药监局批准，目前处于桥接临床试验阶段)
    r"|临床试验(?:申请)?获[^。；，,]{0,16}?批准(?!上市|开展|进行|启动)"
    # (Taiwan: …的第二期临床试验，在上月取得食药署核准)
    r"|临床试验[^。；]{0,6}?(?:取得|获得?)[^。；，,]{0,10}?核准(?!上市)"
    # (获批开展治疗帕金森病的注册I期临床: the use between the verb and the trial)
    r"|获批开展[^。；，]{1,20}?的(?:注册)?(?:I|II|III|Ⅰ|Ⅱ|Ⅲ|I/II|Ⅰ/Ⅱ)?期?临床(?!数据|结果)"
    r"|批准(?:其|本品|该[^\s，。；,]{1,3})?(?:开展)?(?:临床试验|I期|II期|Ⅰ期|Ⅱ期)"
    # 临床试验申请（IND）已获国家药品监督管理局（NMPA）批准 / 临床试验I期及II期申请，已正式获…批准
    # 临床试验申请于去年12月获…批准: the date may stand between the application and its approval
    r"|(?:临床试验[^。，；,]{0,10}?申请|IND申请|IND|研究性新药申请)(?:[（(][^）)]{0,20}[）)])?[,，]?\s*(?:已|也|并)?(?:于?[^。；，,获]{2,10}?)?(?:已|也|并)?(?:正式|顺利)?"
    r"(?:获得?|获|经)[^。；，,]{0,26}?(?:批准|许可)(?!申请)"
    # (…的临床试验补充申请于去年12月获批; 用于…的Ⅱ/Ⅲ期临床试验于今年9月9日获批)
    r"|临床试验(?:补充)?(?:申请)?(?:均|都)?(?:已|亦|也)?(?:于[^。；，,获]{2,12}?)?(?:正式|顺利)?获批(?!上市|后|以来|的|数量|数|总数|量)"
    # (临床试验申请于6月23日获受理，并于9月9日获得批准: the acceptance's clause, then the approval's)
    r"|(?:临床试验[^。，；,]{0,10}?申请|IND申请)[^。；，,]{0,30}?(?:受理|承办)[，,]\s*(?:并|随后|后|又)(?:于[^。；，,获]{2,10}?)?"
    r"(?:获得?|获)(?:了)?[^。；，,]{0,12}?(?:批准|许可)(?!申请)"
    # …的正式批准，开展注册临床I/II期试验 / 获FDA批准在美国进行II期研究
    r"|批准[,，]\s*(?:开展|进行)[^。；]{0,32}?临床"
    # (HK: 獲衞生署批准展開二期臨床試驗)
    # (Taiwan: 核准CS-AD01执行第二期人体临床试验)
    # (核准X公司申请之…制剂JH-NK02执行第一/二期人体临床试验: the applicant and product between)
    r"|(?:批准|核准)[^。；，,]{0,48}?(?:在[^。；，,]{1,8})?(?:开展|进行|展开|执行)[^。；，,]{0,10}?"
    r"(?:I|II|III|Ⅰ|Ⅱ|Ⅲ|1|2|3|一|二|三)期(?:全周期)?(?:人体)?(?:临床)?(?:研究|试验)"
    # (获TFDA核准执行治疗晚期实体肿瘤之Phase I/IIa临床试验: the use and phase between)
    r"|(?:核准|准予)(?:执行|进行|开展)[^。；，,]{0,40}?临床试验"
    r"|(?:获得?|取得)(?:[^。；，]{0,10}?的)?(?:药物)?临床试验(?:许可|批件|批准)|获准(?:开展|进行|于)[^。；]{0,30}临床(?:试验|研究)"
    r"|临床(?:试验)?许可|(?:IND|临床)获批|(?:批准|通过|放行)(?:了|其)?\s?IND(?!申请)"  # (FDA批准IND: a table's cell)
    # Hong Kong's certificate for a clinical trial (取得卫生署发出的临床试验证明书)
    r"|(?:获得?|取得|获发)[^。；，]{0,12}?临床试验证明书"
    r"|同意(?:其|本品|该产品|该新药|该药品|[A-Z][A-Z0-9-]{1,10})?(?:于[^。；，]{1,8}?)?(?:开展|进行|进入)(?:[^。；]{0,20}?)(?:临床|I期|II期|Ⅰ期|Ⅱ期|第[一二三]期)"
    # (…之第三期人体临床试验，获卫生福利部同意进行: the trial first, then the consent)
    # (新药申请第一/二期人体临床试验获卫生福利部同意: Taiwan's MOPS subject line)
    r"|临床试验[，,]?\s*获[^。；，]{0,16}?同意(?!受理)"
    # (收到国家药监局批准，同意HLX15-SC（…）用于多发性骨髓瘤治疗开展Ⅰ期临床试验: the product and use between)
    r"|(?<=批准[，,])同意[^。；]{1,80}?开展[^。；，]{0,10}?临床试验"
    # (Taiwan: 收到TFDA函，同意本公司以PR-MSC01执行膝骨关节炎之一/二期人体临床试验)
    r"|同意[^。；，]{0,20}?执行[^。；，]{0,20}?(?:人体)?临床试验"
    # 关于同意其…产品FKC889用于治疗…患者开展临床试验的批准
    r"|同意(?:[^。；（(]|[（(][^）)]{0,40}[）)]){0,120}?开展[^。；，]{0,10}?临床试验的?(?:批准|许可)"
    # NMPA批准…旗下NouvNeu004注射液的I-III期全周期临床试验; 临床试验申请（IND）获批; 获准进入第二期
    r"|批准[^。；]{0,60}?的[^。；，]{0,12}?临床试验(?!结果|数据|中)"
    r"|(?:临床试验申请|IND申请)(?:[（(][^）)]{0,20}[）)])?\s*(?:已|正式)?获批(?!上市)"
    r"|获准进入[^。；，]{0,6}期"
    # 用于…的临床试验于今年3月获得国家药监局批准: the trial itself approved, on a date
    # (Taiwan: 二期人體臨床試驗，已於6月2日獲衛福部食藥署核准)
    r"|临床试验[,，]?\s*(?:已|也)?于[^。；，,获]{2,10}?(?:获得?|获)[^。；，,]{0,20}?(?:批准|许可|核准)(?!申请)"
    # FDA同意公司GC012F注射液的新药临床试验申请（IND）: the application granted (not 同意受理, an acceptance)
    r"|同意(?!受理)[^。；，]{0,40}?(?:新药)?(?:临床试验申请|IND申请)"
    # FDA准许KH631眼用注射液在美国开展I期临床试验
    r"|准许[^。；，]{0,40}?(?:开展|进行)[^。；，]{0,10}?临床试验(?:的(?:函件?|通知书?|许可|批准))?"
    r"|(?:获批|批准)(?:在[^。；，,]{1,8}?)?开展[^。；]{0,30}临床试验"  # (获…批准在内地开展临床试验)
    r"|获得?[^。；，]{0,40}?(?:药物|新药)?临床试验(?:[（(]IND[）)])?(?:批准|许可)(?!申请)"
    # 收到国家药监局关于同意GC101用于…的临床试验批准: the approval received, named after its object
    r"|收到[^。；]{0,120}?临床试验(?:[（(]IND[）)])?的?(?:批准|许可)(?!申请|通知书)"
    # Taiwan's wording: 接获TFDA核准进行本临床试验之通知, 原则同意试验进行
    r"|核准(?:进行|执行|开展|进入)[^。；，]{0,12}?(?:临床试验|人体(?:临床)?试验)|同意(?:临床)?试验进行"
    r"|批准(?:其)?开展(?:新药|药物)临床试验|(?:IND|临床试验)?(?:书面)?许可函"
    # 批准新药临床试验申请 / 取得临床试验批件 / 批准…产品进入临床试验
    r"|批准[^。，；]{0,12}?(?:新药|药物)?临床试验申请|(?:临床试验|IND)批件|批准[^。；，]{0,30}?进入临床(?:试验)?"
    # 已获国家药监局批准，可在中国开展临床试验
    r"|批准[，,]?\s*(?:可|可以|同意)(?:[在于][^。；，]{0,8})?开展[^。；]{0,20}?临床试验"
    # …获药审中心批准，进入确证性Ⅱ期临床试验 / 人体临床一期试验先前已获美国FDA核准 (核准: Taiwan's word)
    r"|批准[，,]\s*进入[^。；，]{0,10}?(?:期|临床)"
    r"|临床(?:[一二三]|I{1,3}|Ⅰ|Ⅱ|Ⅲ|[123])期试验[^。；，,]{0,8}?(?:获得?|获)[^。；，,]{0,16}?(?:批准|核准|许可)"
)
#: What follows a trigger used as an attribute (首款获批临床试验的产品, 首个获得…许可的药物).
ATTRIBUTE_TAIL_RE = re.compile(r"(?:试验|试验申请)?(?:之?后)?的")
#: 获批 alone; not 获批产品/获批的X (an attribute) nor 获批临床 (an IND).
WEAK_APPROVAL_RE = re.compile(
    # not a quantity granted (首批共获批5人份: doses a hospital may import)
    r"(?<!首款)(?<!首个)(?<!从)(?<!的)获批(?!临床|开展|的|上市的|(?:上市)?之?后(?:的|[^。，；]{0,8}?首(?:次|例|张|位|名|批))|(?:上市)?以来|用时|耗时|历时|时间|周期|情况|历程|进展|节奏|IND|I期|II期|III期|产品|药品|药物|疗法|品种|\d|[一二两三四五六七八九十数几]+[人份例支剂])"
)
#: A character of a clause, or a bracketed gloss that may hold a comma (（西达基奥仑赛，cilta-cel）).
_PLAIN_OR_BRACKETED = r"(?:[^。，；（(]|[（(][^（）()。]{0,40}[）)])"
#: 申请批准X上市 / 以寻求批准X用于…: the approval asked for, not granted.
_ASKED = r"(?<!申请)(?<!寻求)(?<!请求)(?<!争取)"
#: A regulator as the subject of 批准 (美国FDA去年12月批准了Mesoblast的Ryoncil（…），用于…): its approval of the
#: product the clause names, when no trial is in the sentence.
REGULATOR_APPROVED_RE = re.compile(
    # (not 美国FDA批准的X: an attribute; nor 广东省药监局…批准: a province's licence to import for use)
    # (Hong Kong's 药剂业及毒药管理局（管理局）已批准一款名为「X」的…制品注册)
    r"(?:FDA|EMA|PMDA|MHRA|欧盟委员会|国家药监局|(?<![省市])药监局|卫生署|食药署|卫福部|毒药管理局)[^。；，]{0,10}?批准了?"
    r"(?!的|开展|进行|临床|IND|其)"
)
#: An approval for a use, the product named in between: FDA批准首个…CAR-T细胞用于治疗RRMM.
APPROVAL_FOR_USE_RE = re.compile(rf"{_ASKED}批准[^。，；]{{0,45}}?用于(?:治疗)?")
APPROVAL_RE = re.compile(
    # (not 就EAL递交附条件批准的上市申请: an application for one; nor 以附条件批准路径提出上市申请: the road to file by)
    r"获批上市|批准上市(?!的?(?:许可|注册)?申请)|附条件批准(?![^。，；]{0,6}?申请|路径|途径|通道|程序)|附条件获批|获准上市|上市申请(?:已|正式)?获(?:得)?(?:国家药监局|NMPA)?(?:的)?批准"
    r"|批准(?:其|该产品|该药)?(?:注册|上市)(?!的?(?:许可|注册)?申请)|获得?(?:国家药监局|NMPA)?(?:的)?上市批准"
    r"|(?:正式)?获得?(?:美国|欧盟|日本)?(?:国家药监局|国家药品监督管理局|NMPA|FDA|EMA|PMDA|食品药品监督管理局|欧洲药品管理局)"
    r"(?:[（(][A-Z]{2,5}[）)])?(?:的)?(?:附条件|加速)?批准(?:上市|(?!开展|进行))"
    r"|正式获批|成功获批|获得批准上市|获批(?:用于|治疗)|有条件批准|药品注册证书"
    # Japan's marketing approval (製造販売承認: 批准制造和销售两款…产品)
    rf"|{_ASKED}批准(?:其|该产品)?(?:制造|生产)(?:和|与|及|、)?(?:销售|贩卖)"
    # 欧盟委员会已批准CARVYKTI的扩展适应症，用于…: a new use approved
    # (FDA批准传奇生物（NASDAQ：LEGN）…CARVYKTI（西达基奥仑赛，cilta-cel）扩展适应症: brackets may hold commas)
    rf"|{_ASKED}批准{_PLAIN_OR_BRACKETED}{{0,70}}?的?(?:扩展|新增|新)适应症(?!的?(?:上市)?申请)"
    rf"|{_ASKED}批准[^。，；]{{2,70}}?上市(?!许可申请|申请|注册申请)"
    # (倍诺达的套细胞淋巴瘤适应症也获得批准; 倍诺达又新增滤泡性淋巴瘤适应症: a new use approved)
    r"|(?<!临床)适应症(?:也|亦|均|已|正式)?(?:获得?|获)(?:了)?批准(?!开展|进行)"
    r"|(?<![拟将])(?:又|再|再次|正式)新增[^。；，]{1,16}?适应症(?!的?(?:上市)?申请|申请)"
    # (2022年10月，倍诺达新增滤泡性淋巴瘤适应症: a use added in a month told, as a chronicle tells it)
    r"|(?<=月[，,])[^。；，：:]{1,24}?新增[^。；，]{1,16}?适应症(?!的?(?:上市)?申请|申请)"
    # 药品批准证明文件显示，…已正式获得批准 (NMPA's approval documents are marketing approvals)
    r"|正式获得批准(?!开展|进行)|药品批准证明文件"
    # 直接取得上市许可, 今年3月取得国内药证 (a Taiwan licence); not 上市许可申请 / 上市许可持有人
    r"|(?:取得|获得?|拿到)[^。；，,]{0,8}?(?:上市许可|药证)(?!申请|持有人)"
    # Taiwan's 核准…(有条件)上市 and 附款许可 (a conditional licence under its regenerative-medicine law)
    # (not 向TFDA申请附款许可: the licence asked for)
    r"|核准[^。；，,]{0,30}?上市(?!申请|许可申请)|(?<!申请)附款许可(?!申请|的申请)"
    # (核發有附款之藥品許可證: the licence itself; not a manufacturer's 药品生产许可证)
    r"|(?:核发|取得|获得?)[^。；，,生]{0,10}?(?:附款之?)?药品许可证"
    r"|核准[^。；生]{0,60}?(?<!生产)药品许可证"  # (本署于110年3月核准…申请输入之…制剂Kymriah（祈莱明）药品许可证)
    # Taiwan's ministry or TFDA licensing a product (Kymriah于2021年获卫福部核准，用于…); not a trial approved
    # (Kymriah于2017年获美国食品药物管理局核准: Taiwan's word for the FDA's approval too)
    r"|获得?(?:卫福部|卫生福利部|食药署|食品药物管理署|TFDA|(?:美国)?(?:FDA|食品药物管理局|食品药品监督管理局))(?:的)?"
    r"核准(?!执行|进行|开展|展开|[^。；，,]{0,12}?(?:临床|试验|计划))"
    # Hong Kong's registration board approving a product (获香港药剂业及毒药管理局批准，用于治疗…)
    r"|获[^。；，,]{0,6}?药剂业及毒药管理局(?:的)?批准(?!开展|进行|临床)"
    # Hong Kong's and Macau's registration of a product (批准…在香港注册)
    rf"|{_ASKED}批准[^。；，,]{{0,40}}?在(?:香港|澳门|本港|本澳|港|澳)注册"
    # (…新药已按「1+」机制获准在香港注册; 本港只有X一款…药物获注册作治疗用途)
    r"|获准[^。；，,]{0,16}?在(?:香港|澳门|本港|本澳)注册|获注册(?:作|用于|为)"
    # (首次有先进疗法制品在「1+」药物审批机制下获批注册: Hong Kong's registration granted)
    r"|获批注册(?!申请|证)"
    # …批准内地企业X研发的「Y注射液」（商品名：Z）注册: a product's registration granted by name
    rf"|{_ASKED}批准[^。；]{{0,70}}?(?:注射液|产品|药物|疗法)[」”』\"]?(?:[（(][^（）()]{{0,30}}[）)])?\s*注册"
    r"(?!申请|临床|分类|检验|核查|证)"
    # 国家药监局9月4日批准了澜川生物的X注射液 (the regulator approving a product by name, no trial in sight);
    # 拿到“准生证” (the press's word for the licence)
    r"|(?:国家药监局|药监局|NMPA|FDA|EMA)[^。，；]{0,12}?批准了[^。，；]{0,30}?(?:注射液|产品|疗法)"
    r"(?![^。，；]{0,8}(?:临床|开展|进行|的))"
    r"|(?:拿到|获得|取得|斩获)[^。，；]{0,4}?准生证"
    # 斩获国药准字S20250001: the drug approval number a product is granted
    r"|(?:取得|获得?|拿到|斩获|获颁)[^。；，,]{0,6}?国药准字"
    # 国家药监局批准X注射液新增适应症 / X的新适应症获批: a further use approved for a product on the market
    rf"|{_ASKED}批准[^。，；]{{0,40}}?新增(?:的)?适应症(?!申请|的申请)|新(?:增)?适应症(?:已|正式)?获(?:得)?(?:批准|批)"
    # 批准…X（商品名：Y）的补充申请，用于治疗…, 批准X的补充生物制品许可申请: the application for a further use (or
    # the marketing one) granted
    rf"|{_ASKED}批准(?:(?!临床|试验)[^。；]){{2,80}}?的(?:补充|上市|新药|新适应症|生物制品|注册)[^。；，,]{{0,8}}?申请(?!受理)"
    # Japan's 制造销售承认 in Chinese (厚生劳动省…批准两款…产品的制造及销售; 获得…生产和销售许可)
    rf"|{_ASKED}批准[^。；]{{0,60}}?(?:产品|药物|药品|疗法)的?(?:制造|生产)(?:及|和|与|、)?(?:销售|贩卖)"
    r"|(?<=[造产])(?:及|和|与|、)?(?:销售承认|贩卖承认|销售许可|贩卖许可)(?!申请)"
    # 在中国获NDA批准, 获BLA批准: the marketing application approved
    r"|获得?[^。；，,]{0,10}?(?:NDA|BLA|MAA)(?:的)?批准"
    # 已经通过FDA批准, 已被英国批准用于治疗…: an approval told in the passive
    r"|(?:通过|被)[^。；，,、]{0,6}?(?:FDA|EMA|NMPA|PMDA|MHRA|药监局|英国|美国|欧盟|日本|加拿大)[^。；，,、]{0,6}?批准(?!开展|进行|临床|其)"
    # FDA批准了首个细胞治疗产品Sipuleucel-T: the product's name right after the class it heads
    r"|批准了(?:首个|首款|第一个|第一款|世界上第一个|全球首个)[^。；，,]{0,12}?(?:产品|药物|药品|疗法)(?=\s*[A-Za-z“\"])"
)
#: An approval dated in its own attribute (今年获批的X, 2021年6月获批上市的X): a dated single mention is
#: the event, unlike an undated 首款获批上市的X.
_ATTRIBUTE_TIME = (
    r"(?:(?:今年|去年|同年|当年)(?:\s*\d{1,2}\s*月(?:份)?)?|(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:份)?)?(?:\s*\d{1,2}\s*日)?"
    # (这款9月下旬获批的国产CAR-T产品: a month of this year and its part)
    r"|(?<![\d年])\d{1,2}\s*月(?:份|上旬|中旬|下旬|初|底|末)?"
    # (公司上月获批上市的X: a month named relative to the report's)
    r"|(?:上个?月|本月|当月|同月)(?:\s*\d{1,2}\s*日)?)\s*"
)
_ATTRIBUTE_REGULATOR = r"(?:FDA|EMA|PMDA|MHRA|NMPA|国家药监局|药监局|欧盟委员会|厚生劳动省)\s*"
DATED_ATTRIBUTE_APPROVAL_RE = re.compile(
    # (使用2021年6月在内地获批上市的X: a place between the time and the approval)
    # (这是该产品11月获批上市后开出的首张处方: what followed the approval, dated in the attribute)
    rf"{_ATTRIBUTE_TIME}(?:在(?:内地|国内|中国|美国|欧洲|欧盟|日本|香港|台湾)\s*)?(?:获批上市|获批|批准上市)"
    r"(?:之?后[^。；，的]{0,6})?的"
    # 美国FDA去年批准的Ryoncil, 2024年12月FDA批准的X: the regulator's approval dated in the attribute
    rf"|{_ATTRIBUTE_REGULATOR}{_ATTRIBUTE_TIME}(?:附条件|加速)?(?:批准的|批准上市的)"
    rf"|{_ATTRIBUTE_TIME}(?:由|经)?{_ATTRIBUTE_REGULATOR}(?:附条件|加速)?(?:批准的|批准上市的)"
    # (去年12月经「1+」机制获卫生署批准注册的X: the pathway and the regulator between)
    rf"|{_ATTRIBUTE_TIME}(?:经[^。；，,的]{{1,12}}?)?获[^。；，,的]{{1,8}}?批准(?:注册|上市)的"
)
NDA_RE = re.compile(
    r"(?:上市申请|上市许可申请|附款许可申请|NDA|BLA|SNDA|SBLA|上市注册申请|药品注册申请|补充申请|新适应症(?:上市)?(?:许可)?申请"
    r"|查验登记(?:申请)?"
    # (not …申请（受理号：…）, a number quoted)
    r"|新增[^。；，]{0,12}?适应症(?:的)?(?:上市)?申请)[^。；]{0,40}?(?:受理(?!号)|承办(?!日期))"
    # not 申请去年9月获得受理，…希望2027年能递交上市申请: a plan for another application
    # (a bracket between is read whole: 受理本集团X（商品名：Y；研发代号：Z）用于治疗…的上市申请)
    r"|(?:受理(?!号)|接收)(?:[（(][^（）()。]{0,40}[）)]|(?!希望|计划|预计|有望|准备|争取)[^。；]){0,80}"
    r"(?:上市申请|上市许可申请|(?:新药|上市)注册申请|NDA|BLA)"  # (卫生署已受理其…的新药注册申请: Hong Kong)
    # EMA已经接受关于…的上市许可申请
    r"|接受(?:了)?(?:关于)?[^。；，,]{0,60}?的(?:上市申请|上市许可申请|NDA|BLA|MAA)"
)
#: Taken into a programme: 纳入优先审评, 上市许可申请纳入…, 将该申请纳入…; but not applying for it (申请纳入…) nor
#: the route of an approval (按照/通过优先审评审批程序获得批准).
_INCLUDED = (
    r"(?:(?<!申请)|(?<=上市申请)|(?<=许可申请)|(?<=注册申请)|(?<=该申请)|(?<=项申请))"
    r"(?:纳入|列入|进入)(?:[“\"]?拟)?"  # (进入“拟优先审评”公示名单)
)
_NOT_ROUTE = (
    r"(?<!按照)(?<!通过)(?<!通过了)(?<!经过)(?<!经)(?<!按)(?<!申请纳入)(?<!按照药品)(?<!通过药品)(?<!按药品)"
    r"(?<!走的是)(?<!走了)(?<!借助)(?<!经由)"  # (该产品走的是优先审评审批程序: the road it took)
)
_QUOTE = r"[“\"「『]?"
_UNQUOTE = r"[”\"」』]?"
PRIORITY_RE = re.compile(
    rf"{_INCLUDED}{_QUOTE}优先审评|{_NOT_ROUTE}优先审[评查](?:审批)?(?:程序|品种|资格|名单)|获得?优先审评"
    # 先后被纳入突破性治疗品种和优先审评: one verb, two designations
    rf"|{_INCLUDED}[^。，；]{{0,20}}?(?:和|及|与|、){_QUOTE}优先审评"
    # 目前正处于优先审评阶段: the application's status tells it was taken in
    r"|处于[^。，；]{0,4}?优先审评(?:审批)?(?:阶段|程序|通道|中)"
)
# 纳入“突破性治疗药物” / 获得美国FDA突破性疗法认定 (the FDA's designation is usually 突破性疗法).
BREAKTHROUGH_RE = re.compile(
    rf"{_INCLUDED}{_QUOTE}突破性(?:治疗|疗法)|{_NOT_ROUTE}突破性(?:治疗|疗法)(?:药物|品种)?{_UNQUOTE}(?:认定|认证|资格|称号|品种)"
    rf"|获得?(?:[^。，；,]{{0,20}}?突破性(?:治疗|疗法)(?:药物|品种)?{_UNQUOTE}(?:认定|认证|资格|称号)|突破性治疗)"
    r"|(?:认定|确定|列为)为?(?:具有)?突破性(?:治疗|疗法)(?:药物|品种)"  # (获国家药监局认定为突破性治疗药物)
)
# "受理号：…" / "受理号为…" only quotes a number; the acceptance itself is "获得受理", "予以受理" …
# 自受理之日起60日内…: a time, not an acceptance; 获…接纳 is a Hong Kong prospectus's word for it.
ACCEPT_RE = re.compile(r"受理(?!号|之日|量|数量|数)|承办(?!日期)|获[^。，；]{0,12}?接纳")
IND_WORD_RE = re.compile(r"临床|IND|CXSL|JXSL|CXHL|JXHL")
CLINICAL_RE = re.compile(
    r"(?:I|II|III|IV|Ⅰ|Ⅱ|Ⅲ|Ⅳ|1|2|3)[AB]?期(?:临床)?(?:研究|试验)?(?:初步|中期|顶线|最终)?(?:数据|结果)|公布[^。]{0,30}数据"
    r"|客观缓解率|ORR|完全缓解率|完全缓解"
    # patients counted in remission (其中16人维持无药缓解, 5例达到DORIS缓解)
    r"|(?:\d+|[一二两三四五六七八九十]{1,3})\s*(?:人|例|名|位)[^。，；]{0,6}?(?:维持|达到|实现|获得)了?[^。，；]{0,6}?缓解"
    r"|CR(?:/CRI)?率|总缓解率|缓解率|有效率|中位(?:无进展)?(?:生存|存活)|PFS|总生存期|读出|顶线数据"
    r"|(?:总|无进展|无事件)生存(?:[（(][A-Z]{2,4}[）)])?率"  # (24个月总生存（OS）率为63.5%)
    # (一年整体存活率达87.5%, 一年存活率亦提升至64.2%)
    r"|(?:整体|总体)?(?:生存|存活)率(?:亦|也|则|仍)?(?:达|为|是|(?:提升|提高|上升|升)(?:至|到))\s*\d"
    # (…溃疡完全愈合率较对照组提高逾一倍，且未见与产品相关的严重不良事件)
    r"|愈合率|未(?:见|出现|发生|观察到)[^。，；]{0,12}?严重不良(?:事件|反应)"
    r"|积极结果|达到[^。，；]{0,4}?终点|主要终点(?!为|是|包括|指标|设定|设置)|临床数据(?!集|库|平台)|研究数据|研究结果|试验结果|疗效数据|随访数据|结果(?:初步)?显示|总(?:体)?反应率"
    r"|(?:公布|披露|发布|报告)[^。]{0,90}(?:研究|试验|随访|受试者|队列)(?:[（(][^（）()]{1,20}[）)])?[^。，；]{0,8}(?:结果|数据)"
    # narrative readouts: 安全性良好, 疗效显著, 症状明显改善, 临床治愈, 康复出院
    r"|安全性(?:[及和与、][^。，；]{0,6}?)?(?:数据)?(?:均|总体)?(?:表现)?(?:良好|可控|较好|佳)|耐受性良好|疗效(?:显著|确切|良好)"
    r"|(?:令人鼓舞|积极|显著|优异)的(?:疗效|治疗效果)|(?:明显|显著)缓解"
    r"|临床治愈|成功治愈|康复出院|良好的?安全性|(?:有所|显著|明显)改善|积极的?(?:效果|疗效)"
    r"|(?:症状|肿瘤|病灶|癌细胞)[^。，；]{0,6}?完全消失"
    # outcomes a hospital story reports: responses, tumours shrinking, negative MRD, independence, cures
    r"|部分缓解|疾病控制率|应答率|(?:肿瘤|病灶|肿块)(?:已|均|都)?(?:基本|明显|显著|迅速|完全)?(?:缩小|消退|消失)|(?:MRD|微小残留病灶?)(?:检测)?(?:转为?)?阴性"
    r"|脱离(?:外源性?)?(?:输血|透析|胰岛素|呼吸机)|(?:被|获得|实现|已经?|彻底)治愈|治愈了|无癌生存|无病生存(?!率|期)"
    # (not 病情控制仍不理想: the state before the product was given)
    r"|(?:病情|症状)(?:明显|显著|逐渐)?(?:得到|获得)?(?:好转|缓解|改善|控制)(?!仍|不|欠|未)|恢复(?:正常|行走|自主)|重新站立"
    # a hospital story's outcome: stable, cured, a new life, pain eased (病情控制稳定, 治疗成功, 重获新生)
    r"|病情(?:控制)?(?:稳定|平稳)|(?:治疗|移植)(?:手术)?成功|成功(?:治疗|救治)|重获新生|疼痛(?:感)?(?:明显|大幅)?(?:减少|减轻|降低)"
    r"|结果(?:正向|积极|理想)|(?:显著|明显)优于(?:对照组|安慰剂)"
    # Taiwan's unblinding (解盲成功) and a trial meeting its primary efficacy measure (达成主要疗效指标)
    r"|解盲(?:成功|结果)|达[成到][^。，；]{0,4}?(?:疗效|评估)指标"
    # (主要疗效指标达到统计显著: the measure told first)
    r"|(?:疗效|评估)指标(?:均|皆)?达[成到]|达到统计(?:学)?(?:上的)?显著"
    r"|(?:展现|展示|显示)出?了?(?:良好|显著|积极|优异)的?(?:成果|成效|效果|疗效)"
    r"|(?:视力|听力|运动功能|肌力)(?:明显|显著)?(?:提升|提高|恢复|改善)"
    r"|(?:明显|显著)获益|取得了?(?:显著|良好|积极|明显|满意)的?(?:疗效|效果|治疗效果)"
    r"|(?:治疗|移植(?:手术)?|回输)[^。，；]{0,6}?(?:取得|获得)了?(?:初步|圆满)?成功"
    # a transplant story's outcomes: engraftment, leaving the sterile ward or hospital, health regained
    r"|造血(?:功能)?重建|重建造血|成功植入|顺利出仓|(?:顺利|痊愈|康复|治愈)出院|恢复健康|无瘤生存"
    # transfusion independence, clinical benefit, no serious adverse event
    r"|输血独立|摆脱输血|(?:胰岛素|输血|透析)(?:脱离|独立)|无需(?:接受)?输血|临床获益|(?:无|未发生|未出现|没有出现|均未出现|未有出现|未有发生)(?:任何)?(?:药物相关)?严重(?:不良(?:事件|反应)|并发症)"
    r"|(?:治疗)?反应(?:非常|十分|相当)?(?:理想|良好)"  # (患者反应非常理想: Hong Kong's word for a good response)
    # outcomes in a trial's own terms: 出血率降低逾半, 获最佳疗效, 摆脱胰岛素依赖, 停用胰岛素
    r"|(?:年化)?出血(?:率|次数|事件)[^。，；]{0,16}?(?:降低|下降|降至|减少)|获(?:得)?最佳疗效|(?:摆脱|停用)了?(?:长期|外源性)?的?(?:胰岛素|输血|透析)"
    # a study's results made public at a meeting (III期注册研究的52周结果在ASH年会上公布)
    r"|(?:研究|试验)[^。，；]{0,16}?(?:结果|数据)[^。，；]{0,30}?(?:公布|发布|披露|亮相)"
    # (相关结果已于2021年第63届ASH年会以口头报告形式发布: the results of the study just told)
    r"|^\s*(?:相关|上述|该|这些)(?:研究)?(?:结果|数据)[^。，；]{0,40}?(?:公布|发布|披露|亮相|报告)"
    # a study that met what it set out to show on both counts (安全性和有效性均达到预期); not an application's
    # basis told in passing (已完成…III期临床试验，主要疗效终点达到预设标准: the demo registry's reading)
    r"|(?:安全性|有效性)[和与及、](?:安全性|有效性)(?:均|皆|都)达到(?:了)?(?:预期|预设)"
    # a study that showed its product safe and effective (初步证明了安全性和有效性, 显示安全、有效); not a goal
    # (确保安全有效), which no verb of showing precedes
    r"|(?:证明|证实|显示|表明|验证|展现|展示)(?:了|出)?[^。；]{0,24}?"
    r"(?:安全性?[和与及、]?(?:有效性?|疗效)|有效性?[和与及、]?安全性?)"
    r"|(?:良好|优异|出色|显著)的(?:治疗效果|疗效|安全性|耐受性)"
    # survival, sight and hearing regained, a therapy no longer needed, no adverse reaction seen
    r"|生存(?:率|期)[^。，；]{0,12}?(?:高出|提高|提升|延长)|(?:提高|延长)[^。，；]{0,8}?生存(?:率|期)"
    r"|恢复了?(?:听力|视力|行走能力|自主呼吸)|(?:视力|听力)[^。，；]{0,6}?(?:改善|提升|提高|恢复)"
    r"|无[需须]再?(?:接受|施打|注射|使用|输注)?(?:输血|凝血因子|胰岛素)"
    r"|(?:没有|未|均未)(?:观察到|发现|出现|发生)[^。，；]{0,12}?不良(?:反应|事件)"
    # survival rates, effects shown, no relapse (12个月无进展生存率达78%, 表现出持久的清除效果, 均未再复发)
    r"|(?:无进展|总|无事件|无复发|无白血病)(?:生存|存活)率|(?:表现|展现|展示|显示)出[^。，；]{0,12}?(?:效果|疗效|缓解)"
    r"|(?:均|都)?未再?(?:出现|发生)?(?:疾病)?(?:复发|进展)|无一例?复发|较基线(?:明显|显著)?(?:改善|下降|降低)"
    # remission reached (实现无药物缓解, 达到DORIS缓解), a disease score fallen, no grade-3 toxicity seen
    r"|(?:实现|达到|获得)了?[^。，；]{0,6}?缓解|(?:达到|具有|存在|显示出?)了?统计学(?:上的?)?(?:显著)?(?:性)?(?:差异|意义)|评分[^。，；]{0,12}?(?:显著|明显|大幅)?(?:下降|降低)"
    r"|(?:没有|未|均未)(?:观察到|出现|发生)[^。，；]{0,6}?(?:[3３三]级|严重)[^。，；]{0,12}?(?:细胞因子释放综合征|CRS|神经毒性|ICANS)"
    # safety told by its commonest events or by no one leaving the study (最常见的不良事件为1-2级发热)
    r"|最常见的(?:治疗相关)?不良(?:事件|反应)(?:为|是|包括)|(?:无|没有)(?:患者|受试者)因不良(?:事件|反应)(?:而)?(?:退出|停药|终止)"
    # a paper's findings (刊发了…I期临床研究成果) and a score that improved by a figure
    r"|(?:发表|刊发|刊登)(?:了)?[^。；]{0,60}?(?:研究成果|研究结果)|(?:评分|症状)[^。，；]{0,8}?改善了?\s*(?:约|达|超过)?\s*\d"
    r"|(?:均|都)无(?:复发|进展)"
    # (…治疗SLE的临床研究成果，近日发表于《柳叶刀》: the findings published)
    r"|(?:研究成果|研究结果)[^。；]{0,20}?(?:发表于|刊登于|刊发于|发表在|刊登在)"
    # (合作医生报告了X治疗…患者十分令人鼓舞的安全性和有效性数据)
    r"|(?:公布|披露|发布|报告|展示)了?[^。；]{0,60}?(?:安全性|有效性|疗效)(?:[和与及、](?:安全性|有效性|疗效))?数据"
    # a share of the patients with an outcome (30名可评估患者里有29人…), crises or bleeds that stopped
    r"|\d+\s*(?:名|例|人|位)[^，。；]{0,10}?(?:患者|受试者)[^，。；]{0,3}?(?:中|里)[，,]?有\s*\d+\s*(?:名|例|人|位)"
    r"|(?:未再|不再)(?:出现|发生)[^。，；]{0,12}?(?:危象|发作|出血)"
    # a hazard ratio against the comparator (疾病进展或死亡风险降低74%（HR=0.26）)
    r"|(?:死亡|进展|复发)风险(?:降低|下降|减少)了?\s*(?:约|达)?\s*\d|(?:HR|风险比)\s*[=＝为:：]\s*0?\.\d"
    # (显著降低了疾病进展或死亡风险; 观察到客观缓解，…安全性可耐受: outcomes told without a figure)
    r"|(?:显著|明显)?(?:降低|减少)了?[^。；，]{0,4}?(?:进展或死亡|恶化或死亡|死亡|进展|复发|恶化)(?:的)?风险"
    # (疾病进展或死亡风险较标准治疗显著降低: the comparator between)
    r"|(?:死亡|进展|复发|恶化)风险[^。；，]{0,10}?(?:显著|明显|大幅)(?:降低|下降|减少)"
    r"|观察到(?:了)?[^。；，]{0,8}?(?:缓解|应答|疗效)|安全性(?:良好|总体)?(?:可耐受|耐受性良好)"
)
FILING_RE = re.compile(
    r"成为[^。，；]{0,30}?备案机构"  # 成为全省第三家国家干细胞临床研究备案机构, 成为全国第104家、全市唯一一家…备案机构
    # (通过国家卫生健康委、国家药监局备案: the two regulators may be listed)
    r"|(?:完成|通过|获得?|取得|予以|新增|成功|正式|获准)(?:[^。，；、]|、(?=国家))"
    r"{0,24}?备案|备案(?:成功|获批|通过)|备案(?:项目|机构)(?:名单|公示)"
    r"|已于[^。，；]{2,12}?备案(?!的|后|时)"  # 项目已于5月20日备案
    r"|(?:发布|公布|公示)[^。；，]{0,20}?备案(?:机构|项目)"
)
#: What an institution must do before it may start (医疗机构需先完成机构备案，…方可开展): a rule, no filing.
FILING_DUTY_RE = re.compile(
    r"(?:[需须应](?:当|要)?|要)先?(?:(?:按照|依照|依据|根据)[^。；，]{0,30}?)?(?:完成|通过|进行|办理|经)[^。；，]{0,24}?备案|备案”?(?:[（(][^）)]{0,12}[）)])?后[，,]?(?:方可|才能|才可|再|开展)"
    # a kind of institution or project a rule is about (对…完成国家干细胞临床研究项目备案的研究者发起研究给予资助,
    # 自查范围：已完成…机构备案的医疗机构): no one's filing
    r"|(?:完成|通过)[^。；，]{0,24}?备案的(?:医疗)?(?:机构|研究|项目|研究者|单位)"
    # 可通过官方平台核实项目的备案信息: how to look a filing up, not one made
    r"|(?:核实|核查|查询|查看|查验|了解)[^。；，]{0,12}?备案(?:信息|情况|状态|结果)"
)
#: An item of a filing list: …项目名称…，备案日期：2025年10月9日.
FILING_ITEM_RE = re.compile(r"备案(?:日期|时间)\s*[:：]")
_FILING_DATE_LINE_RE = re.compile(r"^\s*备案(?:日期|时间)\s*[:：]\s*[\d年月日\s./-]+$")
FILING_CTX_RE = re.compile(r"干细胞|临床研究|研究项目|研究机构|体细胞|细胞治疗")
POLICY_RE = re.compile(
    r"印发|发布|出台|施行(?!细则|細則|计划|計劃)|实施(?!细则|方案|计划)|公布|颁布|审议通过|表决通过|通过表决|正式通过|三读通过|正式生效|下发|推出|公开发布"
    r"|(?<=[日会议])通过(?=《)"  # 常委会会议于5月29日通过《…条例》
    r"|(?:正式|同步|开始)执行|进行了修订|完成修订|修订(?:印发|发布)"
)
#: A draft, or a law passed but not yet promulgated (三读通过…，尚待总统公布).
DRAFT_RE = re.compile(r"征求意见|尚待[^。；]{0,8}?公布")
#: A listing on a named exchange (登陆纳斯达克, 在港交所主板上市), not a share described as listed there (…上市的股票).
_ON_AN_EXCHANGE = (
    r"登陆(?:港交所|科创板|创业板|纳斯达克|北交所|港股|美股)"
    r"|[在于](?:美国|香港)?(?:纳斯达克|纽交所|港交所|香港联交所|联交所|科创板|创业板|北交所)(?:主板)?(?:上市|挂牌)(?!的)"
    # 星缇生物于今年3月18日在港上市，现价较招股价…: a firm's Hong Kong listing, told with its shares (a product
    # 在港上市 is marketed there; its sentence has no offer price)
    r"|在(?:港|香港)(?:成功|正式)?(?:上市|挂牌)(?=[^。；]{0,40}?(?:招股价|发行价|股价|首日|市值|募资|集资|港元))"
    # 元桥细胞科创板上市（12月29日）: a firm's name right before the board it listed on
    r"|(?<=[\u4e00-\u9fffA-Z])(?<!在)(?<!拟)(?<!冲刺)(?<!申请)(?:纳斯达克|纽交所|港交所|科创板|创业板|北交所)(?:成功|正式)?(?:上市|挂牌)"
    r"(?!的|公司|企业|申请|辅导|计划|规则|标准|条件|审核|委员会|之路|进程|排队)"
)
#: A share offering that opens (公开招股, 今日起招股, 启动招股), not its prospectus or price.
_OFFER_OPENS = r"(?:公开|正式|启动|开始|(?:今|即|明|\d{1,2})日起)招股(?!书|说明书|文件|价)"
FINANCING_RE = re.compile(
    r"(?:完成|宣布|获得?|斩获|拿到|获投)[^。；，]{0,24}?(?:轮|融资|战略投资|投资)|融资(?!方面|端|环境)|募资|募集资金|募得"
    r"|私募(?!基金|股权基金)"
    r"|IPO(?!市场|保荐|热度|数量|排名|前|后|之前|之后)|首次公开发行|挂牌上市"
    rf"|{_ON_AN_EXCHANGE}"
    r"|港股上市|战略投资(?!者|人)|领投|增资|注资|定增|定向增发|向特定对象发行(?![^。；，》]{0,16}?(?:批复|申请|预案|方案|议案))|配售|全球发售|认购[^。；]{0,20}?(?:注册资本|新股|股份|股权)|入股"
    # Hong Kong's rights issue (供股) and a public offering of shares or ADSs (公开发售750万股ADS)
    rf"|{_OFFER_OPENS}"
    r"|供股|筹资(?!计划|能力|渠道)|(?<!非法)集资(?!计划|能力|渠道)|公开发售|发售[^。；，]{0,12}?(?:股|ADS)"
    # 向某基金配发新H股的认购事项已于5月21日完成 (a Hong Kong subscription of new shares)
    r"|配发[^。；，]{0,6}?(?:新股|H股|股份)|认购事项[^。；，]{0,12}?完成"
    # 于12月10日上市，首日高开129%: a listing told by its first day of trading
    r"|上市[，,]?\s*首日"
)
#: Money paid in by a date (截至2025年12月5日，发行对象已将认购资金全额汇入): a placing done by then.
PAID_IN_RE = re.compile(r"(?:认购资金|认购款|募集资金)[^。；，]{0,12}?(?:汇入|到账|缴付)")
#: Completed listings and placings are financings even when the sentence gives no amount; so is the
#: arrival of raised funds (本次募集资金已于…全部到账).
LISTING_RE = re.compile(
    rf"挂牌上市|主板上市|上市[，,]?\s*首日|{_ON_AN_EXCHANGE}|{_OFFER_OPENS}|配售事项[^。；]{{0,20}}完成|完成[^。；]{{0,10}}配售"
    r"|配售(?:已|已于|于)[^。；，]{0,16}?完成"
    r"|募集资金(?:已|已于|于)[^。；，]{0,16}?到账"
    # 截至12月5日，发行对象已将认购资金全额汇入指定账户: a placing paid in
    rf"|{PAID_IN_RE.pattern}"
)
#: An attempt at a listing (冲击港股IPO, 递表港交所) is no completed financing (ANNOTATION.md: plans are no events).
IPO_ATTEMPT_RE = re.compile(
    r"冲击|冲刺|闯关|递表|递交[^。；，]{0,10}?(?:上市)?申请|提交[^。；，]{0,10}?上市申请"
    r"|招股说明书|申报稿"  # (首次公开发行股票并在科创板上市招股说明书（申报稿）: the offering proposed)
)
ROUND_RE = re.compile(
    r"(挂牌上市|主板上市|种子轮|天使\+?轮|PRE-A\+?轮|A\+{0,2}轮|B\+?轮|C\+?轮|D\+?轮|E\+?轮|F轮|PRE-IPO轮|战略融资|战略投资(?!者|人)|IPO"
    r"|首次公开发行|定增|定向增发|向特定对象发行)"
)
#: An amount told only by its order (完成数亿元融资, 近亿元, 上千万美元): the round is real, its size unknown.
VAGUE_AMOUNT_RE = re.compile(r"(?:数|几|近|上)(?:十|百|千)?(?:万|亿)(?:元|美元|港元|人民币)")
#: 规模将覆盖…: a facility's reach, not a market's size.
#: A plan is no event (ANNOTATION.md): an issuance's draft scheme (发行A股股票预案) or a government's
#: target (产业规模力争突破500亿元).
PLAN_RE = re.compile(r"预案|力争|争取")
FORECAST_RE = re.compile(
    r"市场规模|市场空间|行业规模|产业规模|市场容量|市场总额|规模(?:将|有望|预计)(?!覆盖|服务|辐射)"
    # a market's sales (全球CAR-T细胞疗法市场销售额/销售价值将达…)
    r"|市场(?:的)?(?:销售额|销售价值|销售规模)"
    # 全球细胞治疗市场有望突破500亿美元: a market said to reach a size
    r"|市场(?:将|有望|预计将?|或将)(?:突破|达到?|超过|增长至|增至)"
    # an industry's output to come (产值有望突破50亿元, 产值可望由…成长至…)
    r"|产值[^。；，]{0,20}?(?:将|有望|可望|预计|或将)[^。；]{0,24}?(?:突破|达到?|超过|增长至|增至|成长至)"
)
#: The first case or patient (首例, 首位, 第一位…), as the reimbursed first use is told.
_FIRST_ONE = r"(?:首例|首位|首名|第一例|第一位)"
FIRST_RX_RE = re.compile(
    r"首张处方|首张商业化处方|首张[^。，；、]{1,24}?处方|第一张(?:[^。，；、]{0,12}?)处方|首批[^。，；、]{1,8}?处方|(?:省|市|区)首张(?=[。，；]|$)|首批商业化(?!生产|批次|产品|供货|制备|订单)|(?<![、“\"])首方(?![、”\"])|开出首|首批处方|首个商业化(?![^。，,；;]{0,14}?(?:产品|药物|药品|疗法))|商业化首(?![年季月])"
    r"|商业化上市|正式商业化|商业化[^。，；]{0,8}?落地|首例[^。，；]{0,10}?商业化|首[例位名][^。，；]{0,30}?商业化(?:CAR-T|CAR-NK|TCR-T|细胞|干细胞){0,2}(?:治疗|回输|输注|应用|使用)|落地首|首单|首针|首次商业化(?:应用|使用|治疗|输注)|(?:上市|获批)后(?:的)?(?:[^。，；]{0,6}?的?)?首(?:例|位|名)|(?:上市|获批)后[^。，；]{0,10}?首次(?:临床)?(?:使用|应用|用药|输注)|首剂商业化|首剂[^。，；]{0,12}?商业化|推向市场"
    r"|正式上市销售|上市销售|商业化回输"
    # (一名患者于某医院接受X回输，标志着该产品正式进入商业化阶段: the use that opens the product's sales)
    r"|(?:回输|输注|用药)(?=[^。；]{0,20}?(?:标志|意味)[着著][^。；]{0,12}?进入商业化)"
    # 玛丽医院已于7月7日为首名病人开出该药物的处方: the first patient's prescription
    r"|首(?:例|位|名)(?:患者|病人|病患|患儿)开(?:出|具)[^。；，]{0,16}?处方"
    # 她拿到的这张处方，是该药品获批上市后在上海开出的第一张: the prescription said to be the first
    r"|处方[^。；]{0,30}?(?:第一张|首张)(?=[。，；！]|$)"
    # an imported product's first use in a pilot zone (乐城完成首例进口基因疗法X临床应用); a trial's first patient
    # (I期临床试验首例患者完成X注射液回输) is no use of a product on the market
    r"|首例[^。，；]{0,20}?临床(?:应用|使用)|首例[^。，；]{0,12}?使用的进口"
    r"|(?<!试验)(?<!研究)(?<!入组)(?<!入组的)首例[^。，；]{0,20}?(?:产品|药物|疗法|注射液)[^。，；]{0,12}?回输"
    # (这是内地已上市CAR-T产品首次跨境运送至香港并为病人回输: a first use in a new place)
    r"|首次[^。；，]{0,24}?为(?:患者|病人|病患|患儿)(?:回输|输注)"
    # (是全国首例淋巴瘤病人完成CAR-T药品跨境运输及使用的个案)
    # (完成国内首例以CAR-T治疗儿童ALL的个案: what was treated told between)
    r"|首例[^。，；]{0,30}?(?:使用|输注|回输|治疗)[^。，；]{0,12}?的?(?:个案|病例|案例)"
    # (…回输Kymriah，是…首例在大湾区内地指定医疗机构使用的CAR-T产品: the first use in a place, told of the product)
    r"|首例在[^。，；]{1,24}?(?:使用|应用|回输|输注)的(?:CAR-T|CAR-NK|TCR-T|干细胞|基因治疗|细胞治疗)?(?:产品|药物|药品|疗法|制剂)"
    # (完成首例Kymriah商业输注: 商业 for 商业化)
    r"|首例[^。，；]{0,16}?商业(?:输注|回输|治疗|使用|应用)"
    # (…输注「替沙仑赛」，是该药首次在大湾区内地城市用于病人)
    r"|首次在[^。；，]{1,20}?(?:用于|应用于)(?:患者|病人|病患|患儿)"
    # (这是大湾区内地城市首例透过「港澳药械通」引进使用的血友病基因治疗)
    r"|首例[^。，；]{0,24}?(?:引进|引入)(?:并|后)?(?:使用|应用)"
    # the first case paid by the public insurer (首例健保给付的CAR-T疗法, 医保报销后的第一例): a first use
    rf"|{_FIRST_ONE}[^。，；]{{0,6}}?(?:健保|医保)(?:给付|支付|报销)"
    r"|(?:健保|医保)(?:给付|支付|报销)(?:后|以来)?[^。；]{0,24}?(?:首例|第一例)"
)
#: A first use told without the product's name: the first reimbursed case (首例健保给付, 医保报销后的第一例).
FIRST_CASE_RE = re.compile(rf"{_FIRST_ONE}[^。；]{{0,24}}?(?:健保|医保)|(?:健保|医保)[^。；]{{0,24}}?(?:首例|第一例)")
#: A first use in a place, its product not named (是香港首次使用内地制造的CAR-T产品, 成为南沙首位接受干细胞疗法的患者).
_FIRST_USE_OF_A_KIND_RE = re.compile(
    r"首次(?:使用|应用)[^。；，]{0,12}?(?:CAR-T|CAR-NK|TCR-T|干细胞|基因治疗|细胞治疗)"
    r"|(?:本港|香港|澳门|全省|全市|大湾区|南沙|[\u4e00-\u9fff]{1,3}(?:省|市|区))首(?:位|名|例)[^。；，]{0,12}?"
    r"(?:CAR-T|CAR-NK|TCR-T|干细胞|基因治疗|细胞治疗)"
)
#: The use just told, the first in a place (…病人在玛丽医院接受了X，是香港首次使用内地制造的CAR-T产品); with the product
#: unnamed, writers differ, so it is no unnamed first use.
FIRST_USE_IN_A_PLACE_RE = re.compile(
    # (，这是香港首次有病人接受内地研发的CAR-T产品治疗)
    r"[，,]\s*(?:这|此)?(?:是|为|成为)[^。；，]{1,8}?首次(?:有(?:病人|患者|病患))?(?:临床)?(?:使用|应用|接受)"
    # (…为一名患者输注X，为本港公营医院首例同类治疗; 这是本澳首例以已注册药物形式提供的CAR-T细胞治疗)
    r"|[，,]\s*(?:这|此)?(?:是|为|成为)[^。；，]{0,12}?首例[^。；，]{0,24}?(?:治疗|输注|回输)(?=\s*[。；！!]|\s*$)"
    # (在香港完成首例跨境回输; 这是首例在香港完成回输的内地生产CAR-T药品; not a trial's first dose)
    r"|完成(?:了)?首例[^。，；]{0,8}?(?:回输|输注)|首例在[^。，；]{1,12}?完成(?:回输|输注)"
)
#: A trial's words (完成首例患者给药: a trial's first dose); a hospital's 临床团队 runs no trial, and a product's
#: 首次临床使用 (首次在…用于临床) in a place is its use on a patient.
_NOT_A_COMMERCIAL_USE_RE = re.compile("(?<!用于)临床(?!团队|医生|科室|专家|使用|应用)|试验|研究|入组|给药|受试")
#: The first patient treated (首位来自X的患者在Y医院接受了Z注射液); outside a trial, a first use.
FIRST_PATIENT_RE = re.compile(
    # (施打: Taiwan's word for giving an injection, 首名病人已于昨日…完成施打)
    r"(?:首|第一)(?:例|位|名|批)[^。；，]{0,30}?(?:患者|病人|病患)[^。；]{0,30}?(?:输注|回输|用药|给药|接受|注射|施打"
    r"|(?:完成|进行)(?:了)?[^。；，]{0,12}?(?:治疗|植入手术|移植手术)|完成[^。；，]{0,16}?使用)"
    # (成为该产品在国内的首例用药患者, 首位接受X治疗的患儿)
    r"|首(?:例|位|名)(?:用药|使用|输注|回输|接受)[^。；，]{0,20}?(?:患者|病人|病患|患儿)"
    # (成为本港首名以商业途径使用内地研发CAR-T疗法的病人: how it was used told between)
    r"|成为[^。；，]{0,8}?首(?:例|位|名)[^。；，]{0,12}?(?:使用|接受|输注|回输)[^。；，]{0,20}?的(?:患者|病人|病患|患儿)"
    # (已为一名61岁的男病人完成首宗输注: Hong Kong's first case, 首宗 read as 首例)
    # (院方已为一名男病人完成该产品在香港的首例回输: where it was the first told between)
    r"|为[^。；]{0,30}?(?:患者|病人|病患|患儿)完成(?:了)?(?:[^。；，]{0,12}?的)?首例(?:商业化)?(?:输注|回输|治疗)"
    # (首批患者完成回输: outside a trial, the first commercial patients; 获批临床，首批患者完成回输 is a trial's)
    r"|首批(?:患者)?(?:完成)?回输"
    # (…接受了X回输，这是该产品在大湾区内地城市用于患者的首例)
    r"|(?:用于|用在|使用于)[^。；，]{0,6}?(?:患者|病人|病患)(?:身上)?的首例"
    # (…为一名患者注射了X，这是新规实施后的首例)
    r"|[，,]\s*这是[^。；，]{0,24}?的首例(?=\s*[。；！!]|$)"
    # (…回输了X，这是该产品通过…引进后，在大湾区内地九市治疗的首例患者)
    r"|[，,]\s*这是[^。；]{0,50}?(?:治疗|用药|输注|回输)的首例(?:患者|病人|病患|患儿)(?=\s*[。；！!，,]|$)"
    # (…接受了X的回输治疗，这是该产品在境外获批后首次在国内用于患者)
    r"|首次在[^。；，]{1,20}?用于(?:患者|病人|病患|临床)"
)
#: A sentence that continues the previous one's event (…收到统计分析报告。结果显示，…).
#: A readout about particular patients (一名16岁患者, 5名受试患者, 该患者, 80%的患者（12/15）): a study's
#: own result even when the product is not named, unlike a sentence about a therapy in general.
PATIENT_READOUT_RE = re.compile(
    r"首例|首[名位]|(?:这|该)[名位]?患者|[一\d两二三四五六七八九十几]+\s*[名位例](?:[^，。；]{0,12}?)(?:患者|患儿|受试者|病人|男|女)"
    # (4月29日复查结果显示，患者…达到完全缓解: a check-up is one patient's)
    r"|患儿|受试者|复查(?:结果)?显示|(?:影像学?|PET-CT|CT|MRI|骨髓)检查(?:结果)?显示|(?:用药|输注|回输|给药)后第\s*\d+\s*天|(?:所有|全部|多数|大部分|半数)的?(?:患者|病人)|(?:目前|现在|术后|输注后|回输后)(?:该)?(?:患者|病人)|(?:患者|病人)(?:的[^，。；]{0,4}?(?:症状|病情|腹泻|疼痛|视力|听力|血红蛋白|肿瘤|病灶|评分)|在?(?:输注|回输|治疗|用药)后)|[(（]\d+/\d+[)）]|化名|[\u4e00-\u9fff](?:先生|女士)|妹妹|弟弟|哥哥|姐姐|儿子|女儿|[他她]|个案|病例"
    # (患者反应非常理想: how the patient responded)
    r"|(?:患者|病人)的?(?:治疗)?反应"
    # (病人接受治疗一个月后，盆腔肿块明显缩小: one patient some time after the treatment)
    r"|(?:患者|病人)接受[^，。；]{0,10}?(?:治疗|输注|回输)[^，。；]{0,6}?后"
    # (回输后造血重建顺利，血红蛋白稳步上升: a patient story's outcome after the infusion)
    r"|^\s*(?:输注|回输|用药|给药|移植)后(?![^，。；]{0,4}(?:需|须|应|可能|可))"
    # a patient's nickname (小林, 小妮) before what happened to them
    r"|(?<![\u4e00-\u9fff])小(?!时|组|型|鼠|分子|于|细胞|规模|幅|批|众|结|学|区|儿|微|知|编)[\u4e00-\u9fff](?=[，,的在已经接恢康出成现])"
)
CONTINUATION_RE = re.compile(
    # (公司表示，初步结果显示…: a speaker may lead it)
    r"^\s*(?:[^，,。]{1,8}(?:表示|指出|介绍|称)[，,:：]\s*)?"
    r"(?:(?:初步)?结果(?:初步)?显示|数据显示|(?:相关|上述)(?:研究)?(?:结果|数据)|研究显示|分析显示|报告显示|论文显示|摘要显示|文章显示|其中|另一项|另外一项|另一份|同批(?:公布|发布|披露)的|该试验|该研究|试验结果|研究结果|这是|这也是|此次为"
    r"|(?:该|这项|此项)?研究(?:共|累计)?(?:纳入|入组|招募)"  # (研究共纳入14例…。结果显示：: the study just told)
    r"|从[^，,。]{0,6}?(?:结果|数据)(?:来)?看)"
)
#: Data published before, told without their study (已披露的临床数据显示…): results of the product the text is about,
#: though not of the step just told, whose date they do not share.
DISCLOSED_DATA_RE = re.compile(r"^\s*(?:已|此前|目前)?(?:披露|公布|公开|发表)的(?:临床|研究|试验|随访)?数据显示")
#: A sentence telling what the step just reported means (这是…首次…, 这标志着…), not a step of its own.
RESTATEMENT_RE = re.compile(
    r"^\s*(?:[^，。：:；]{1,6}[：:]\s*|[^，。：:；]{1,4}(?:介绍|表示|指出|称)[，,]\s*)?(?:这是|这也是|此为|这标志着|此举|此次[^，。；]{0,6}?是)"
)
#: Explicit reference back to a product named earlier (该药品, 本品, 上述产品 …).
ANAPHOR_RE = re.compile(
    r"(?:该|此|本|上述|前述)(?:款)?(?:药品|产品|药物|新药|注射液|候选药物|候选产品|品种|疗法|制剂|(?:上市|临床试验|临床)?申请|试验|研究|项目)"
    r"|(?:这一|这项)(?:上市|临床试验|临床)?申请"  # 这一上市申请于去年1月获受理: the application just told
    # (其成人B-ALL上市申请获…受理: the product's application, its use between)
    r"|(?<![\u4e00-\u9fff])其[^，。；、]{0,12}?(?:上市(?:许可)?|新药上市|临床试验|IND|NDA|BLA)申请"
    r"|本品|该药(?!监)|此药|(?:批准|同意|授予|将|受理|接收)其|这款[^，,。；;]{0,20}?(?:药品|药物|产品|疗法)"
    r"|该[^，,。；;、]{1,6}?(?:注射液|药品|药物|疗法)"  # 该干细胞注射液, 该基因治疗药物
    r"|(?:这一|该)(?:新增)?适应症"  # 2023年6月，这一新增适应症获附条件批准: the product just told
    # 今年6月，其用于治疗…的上市申请获受理: the product of the sentence before (not 其中, 其他, 其余…)
    r"|(?:^|[，,：:])\s*其(?=用于|在|的|新药|上市|临床|核心|首)"
    r"|(?:^|[，,：:])\s*其(?=[^，,。；;]{1,20}?适应症)"  # 其大B细胞淋巴瘤适应症的上市申请: the product's use
    # 2023年11月，产品正式获批上市 / 上市申请于2025年9月获受理: a clause whose subject is the bare word for
    # the product told before, or for its application
    r"|(?:^|[，,；;：:])\s*(?:产品|药品|新药|(?:上市|临床试验)申请)(?=正式|获|于|已|顺利|成功)"
    # a recap of the product just told, step by step (简单捋一下时间线：去年7月进突破性治疗品种，…)
    r"|(?:时间线|时间轴|研发历程|大事记)[：:]"
    # a timeline's row that leaves its subject out (2024年10月　被药审中心纳入优先审评), after the product's rows
    r"|^\s*(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?[ \t　]+"
    r"(?:(?:上市|临床试验)申请)?(?=获|被|正式|顺利|成功|纳入|进入)"
)
#: "首款获批上市的X" is an attribute, not the event being reported.
ATTRIBUTE_AFTER_RE = re.compile(r"(?:之?后)?的")
#: "已有…等多款产品获批上市", "截至…累计完成备案": statistics about past events, not an event.
#: A count of products (约40款1类创新药, 两个首款CAR-T疗法产品) or a history told in steps (…再到2024年…).
_PRODUCT_COUNT = (
    r"(?<![第首\d.])(?:约|近|超过|超|逾|共)?(?:[2-9]|[1-9]\d+|两|三|四|五|六|七|八|九|十)(?:款|个)"
    r"[^。；，、]{0,16}?(?:创新药|新药|产品|药物|疗法|药品|批件)|再到"
)
#: A clause that tells the start of a period (…修正开放细胞治疗以来): background to what follows.
_SINCE_END_RE = re.compile(r"以来\s*$")
#: A count of cases (约180例, 52例): uses counted, none of them the first.
_CASE_COUNT = r"(?<![第\d.])(?:约|近|超过|逾)?(?:[2-9]|[1-9]\d+)\s*例"
BACKGROUND_RE = re.compile(
    # (公示新一批…名单，X在列: the list a named product is on)
    # (近期已有新一代CAR-T…取得药证: one more product, not a count)
    r"已有(?!新一代|第[二三四]代|另一款)|先后有|累计|共有|截至|截止|多款|多家|数家|一系列|一批(?![^。，；]{0,20}?名单)|众多"
    r"|等\d*[款个家]|相继获批|陆续获批|" + _PRODUCT_COUNT
)
#: Clinical-trial milestones counted over many products or companies (累计160项干细胞新药获得默示许可,
#: 多家上市公司披露…获受理): no identifiable product, no event.
#: (今年上半年CDE共承办…临床试验申请41件: a count of applications)
TRIAL_AGGREGATE_RE = re.compile(
    r"已有|先后有|累计|共有|共(?:承办|受理|批准)|多款|多家|数家|多个|多项|等\d*[款个项家]|\d+\s*件|" + _PRODUCT_COUNT
)
#: Statistics and ordinal counts (这是该院完成备案的第4个项目) report no filing of their own.
STATISTIC_RE = re.compile(
    # (成为全省第三家备案机构 is the filing itself)
    # (第三项研究——“X”再获备案 names the project the ordinal counts: that one is filed now)
    r"已有|累计|共有|截至|截止|(?<!成为)(?<!成为全[省市国])第[\d一二三四五六七八九十]+[个项家](?![^。，；]{0,6}?[—“「\"])"
    r"|\d+(?:余|多)个|(?:十|数)(?:余)?个"
)
#: A response or survival rate given as a figure (客观缓解率为43.5%): a readout whoever it is about.
RATE_FIGURE_RE = re.compile(
    r"(?:缓解率|ORR|CR率|有效率|控制率|生存率|存活率|应答率|反应率)[^。，；]{0,8}?(?:\d+(?:\.\d+)?\s*%|[一二三四五六七八九]成)"
    r"|出血率[^。，；]{0,16}?\d+(?:\.\d+)?\s*次"  # (年化出血率（ABR）由输注前的21.3次降至0.6次)
)
#: A phased or registrational trial (Ⅲ期临床试验, 关键注册研究): a product's own study, whose readout belongs to
#: the product told before even when the sentence does not name it. Not a confirmatory trial still owed
#: after a conditional approval (要求…继续完成确证性临床试验), which has no results yet.
TRIAL_PHASE_RE = re.compile(
    r"(?:[IⅠⅡⅢ]{1,3}|[123一二三])(?:\s*[/／]\s*(?:[IⅠⅡⅢ]{1,3}|[123一二三]))?\s*[abAB]?\s*期"
    # (II期顶线数据读出: the phase's data, its trial unsaid)
    r"(?:(?:临床)?(?:试验|研究)|(?:临床)?(?:顶线|中期|期中|初步|最终|主要)?(?:数据|结果))"
    r"|(?:注册|关键性?)(?:临床)?(?:试验|研究)"
)
#: A study known by its acronym (STEER研究, CARTITUDE-4试验): the product's own trial, whose readout is the product's.
NAMED_STUDY_RE = re.compile(r"(?<![A-Z0-9])[A-Z][A-Z0-9]{2,}(?:-\d+)?(?:研究|试验)")
#: An investigator-initiated study named as the source of results, and one told with an outcome in figures or
#: change (not its results merely announced).
IIT_RE = re.compile(r"研究者发起的?(?:临床)?(?:研究|试验)")
_IIT_OUTCOME_RE = re.compile(rf"{IIT_RE.pattern}[^。]*?(?:\d+(?:\.\d+)?\s*(?:%|个百分点)|改善|下降|缓解)")
#: A policy's measure (支持符合条件的医院开展…, 探索将…数据用于…): what it promotes has not happened.
MEASURE_RE = re.compile(r"(?:支持|鼓励|推动|引导|探索)(?:符合条件的|有条件的|[^。，；]{0,12}?(?:开展|将))")
#: What a rule forbids (不得, 严禁, 禁止): nothing it names has happened.
PROHIBITION_RE = re.compile(r"不得|严禁|禁止")
#: Work before any patient (临床前研究中, 在小鼠模型中): no clinical result.
PRECLINICAL_RE = re.compile(r"临床前|动物(?:模型|实验)|小鼠|大鼠|非人灵长类|食蟹猴|体外(?:实验|研究)|细胞系")
#: Data named as what a decision or an application rests on (视数据情况与监管部门沟通, 依托此前积累的
#: 临床研究数据, 持续积累真实世界数据): no result is told. Data gathered and then given (积累了一些数据：…) are.
DATA_IN_PASSING_RE = re.compile(
    r"(?:视|根据)[^。；，]{0,16}?数据情况|积累(?:的|了)?[^。；，:：]{0,16}?数据(?!\s*[：:])"
)
#: A disease's prognosis without the product (复发或难治患者中位总生存期仅2至6个月, 5年生存率低于10%): no readout.
PROGNOSIS_RE = re.compile(r"(?:中位(?:总)?生存期|生存率)(?:仅|只有|不足|低于|不到)")
#: Results of several studies at once (公布了两项CAR-T疗法I期临床试验结果): a summary of readouts told one by one.
STUDY_COUNT_RE = re.compile(r"(?:[两二三四五六七八九十几数多]|\d+)项[^。；，]{0,20}?(?:研究|试验)")
#: Totals over many companies or rounds (累积获得投融资逾10亿元) are no single financing.
AGGREGATE_RE = re.compile(
    r"累计|累积|共计|总计|合计|诸多|多家|等\d*家|逾\d+家|总募资|总融资"
    r"|(?<![A-Za-z+第\-])(?!一轮)[\d一二三四五六七八九十]+轮"  # 已完成8轮融资, but not D2轮, A-1轮, 第二轮 or 一轮
)
#: A product said to be the first (or n-th) of its kind approved (该药由X研发，是我国首个获批上市的干细胞治疗药品): its
#: approval retold, undated unless the sentence dates it; not a phrase naming a first (…首款获批上市的干细胞药物在河南
#: 开出的首张处方).
FIRST_APPROVED_OF_KIND_RE = re.compile(
    # (是国内首款获批用于成人…白血病的CAR-T产品: the use it was approved for told in the attribute)
    # (…是国内第5款获批的CAR-T产品 ranks the product among its kind, told after them; 获批上市 or 获批用于
    # names the approval)
    r"(?:是|成为)(?:我国|国内|中国|全国|全球|亚洲)?(?:首个|首款|第[一二三四五六七八九十\d]{1,2}(?:款|个))获批"
    r"(?:上市|用于[^。；，]{1,40}?)的"
    r"[^。；，,]{0,24}?(?:药物|药品|产品|疗法|制剂)(?=[。；，,]|$)"
)
#: A single unnamed product (中国首款干细胞药物获批, 首次批准了一项…产品进入临床试验) is still an event.
UNNAMED_PRODUCT_RE = re.compile(
    r"首(?:款|个|次|例|只)|第一(?:款|个|只)"
    # a company's own product described, not named (其自主开发的iPSC衍生神经细胞新药获批开展临床)
    r"|其(?:自主|独立)?(?:研发|开发|研制)的[^。；，]{2,40}?(?:新药|药物|产品|疗法)"
    # (其异体通用“现货型”iPSC衍生细胞新药获国家药监局…批准: the firm's own product described)
    r"|其[^。；，]{2,30}?细胞新药(?=获)"
    # a product known only by its target and modality (BCMA CAR-T细胞疗法获得临床试验批件)
    r"|(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,7}\s*(?:靶向的?)?\s*(?:CAR-T|CAR-NK|TCR-T)(?:细胞)?(?:疗法|产品|注射液)"
    # one more product of a kind, or the next generation of one (另一款新一代CAR-T产品日前已取得药证, 近期已有
    # 新一代CAR-T在台湾取得药品许可证)
    # (第二款CAR-T已在台湾取得药证, 第二代CAR-T取得我国药证: the second one, told by its ordinal)
    r"|(?:另一|又一|新一|第[二三四五])款[^。；，]{0,12}?(?:CAR-T|CAR-NK|TCR-T|干细胞|基因治疗|细胞治疗)"
    r"(?:[^。；，]{0,4}?(?:产品|制剂|药品|药物|疗法)|(?=已|在|于|取得|获))"
    r"|(?:新一|第[二三四])代(?:CAR-T|CAR-NK|TCR-T)(?:细胞)?(?:产品|制剂|疗法)?(?=在|已|于|取得|获)"
)
#: The first product of a named kind, then a bare 获批 (国内首个CAR-T细胞治疗药品获批).
_FIRST_OF_A_KIND_RE = re.compile(
    # 国内首款干细胞药今年初获批: a time may stand before the verb
    r"(?:首|第一)(?:款|个)[^，,。；;“”\"]{2,16}?(?:药品|药物|药|产品|疗法|治疗)(?:于?[^，,。；;]{0,8}?[年月初底])?获批(?!以来|后)"
)
#: A proposal to include is itself the designation the CDE publishes (拟纳入优先审评), not a hedge.
#: (拟优先审评名单, 拟突破性治疗品种: the list of proposed designations)
DESIGNATION_HEDGE_EXEMPT_RE = re.compile(r"^拟(?:将[^。，；]{0,30})?被?(?:纳入|列入)?(?:优先审评|突破性治疗)")
#: A notice issuing the policy its previous sentence named: 制定了《X》。现印发给你们，请遵照执行。
#: A sentence about the titles just named together (两法于…, 这两部法律…, 上述两个文件…).
PLURAL_POLICY_ANAPHOR = r"\s*(?:这|该|上述|此)?(?:两|二|双)(?:部|项|个|份)?(?:法|法律|法规|条例|文件|办法)"
ISSUED_HERE_RE = re.compile(
    r"现(?:予以?|将其?|将《[^《》]{1,80}》)?(?:予以)?(?:印发|发布|公布)|特此印发"
    # the document just named, told when it was signed (该文件由国务院办公厅于2024年12月30日印发)
    # (该方案由市科委、市经济信息化委、市卫生健康委等八部门于9月19日联合印发: several issuers named between)
    r"|该(?:文件|意见|通知|办法|方案|政策|规定|条例|规划|措施)[^。；，]{0,48}?(?:印发|颁布|公布)"
    # (该条例已于7月31日经…表决通过，省人大常委会当日发布公告予以公布)
    r"|该(?:条例|法|法律|办法|规定)[^。；]{0,60}?予以公布"
    # (两法于2024年6月4日经立法院三读通过，同年6月19日由总统公布: the titles just named, promulgated)
    rf"|^{PLURAL_POLICY_ANAPHOR}[^。；]{{0,60}}?(?:公布|颁布|印发)"
    # (…审议通过，国务院令落款日期为2025年9月28日: the signing date of the title just named)
    r"|(?:落款|签署|签发|成文)(?:日期|时间)为"
    # (条例已于9月12日经…通过，9月28日由李强签署: the title just named, signed on a day)
    r"|^(?:该)?(?:文件|意见|办法|方案|规定|条例|规划|措施)[^。；]{0,50}?\d{1,2}\s*[日号]由[^。；，]{1,12}?签署"
    # (这份以国务院令第818号形式发布的行政法规由国务院总理李强于9月28日签署: the title just named, by its signer)
    r"|^(?:该|这份|这部|此|本)[^。；]{0,40}?(?:条例|法规|文件|意见|办法|方案|规定|规划|措施)由[^。；，]{1,16}?于[^。；，]{2,12}?签署"
    # (该条例已于…审议通过，李强于9月28日签署国务院令予以公布: signed and promulgated a clause later)
    r"|该(?:文件|意见|通知|办法|方案|政策|规定|条例|规划|措施)[^。；]{0,50}?签署[^。；，]{0,12}?(?:予以)?(?:公布|印发|发布)"
)
#: Citing or dating an existing policy is no issuance: 根据《X》, 自《X》实施以来.
_POLICY_CITED_RE = re.compile(r"(?:根据|依据|按照|参照|依照|遵照|对照|符合|落实|贯彻|执行|自|在)\s*$")
_POLICY_SINCE_RE = re.compile(r"^[^，,。；;]{0,6}(?:以来|之后|后|前|中|期间|时)")
#: A clause that cites a policy as its source (根据X于2022年10月发布的《Y》，…).
_CITING_CLAUSE_RE = re.compile(r"\s*(?:根据|依据|按照|参照|依照|为?贯彻|为?落实)")
#: The verb that closes a trigger spanning its object: 上市许可申请已于8月5日获国家药监局受理.
_CLOSING_VERB_RE = re.compile(r"(?:受理|批准|许可)$")


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What a row may test about a sentence.

    Attributes:
        text: The sentence (analysis view).
        entities: Its entity mentions (field offsets).
        offset: The sentence's start in its field.
        issuer: The company the document speaks for (a listed company's announcement), if any.
        prev_policy: A policy named in the previous sentence (现印发给你们 refers to it).
        prev_company: The company a sentence that opens with 公司/该公司 refers back to.
        subject_product: The product the sentence's subject firm was written with before (信念医药研发的X).
        told_application: The application kind (``ind``/``nda``) of the last step told before the sentence,
            which 该申请 refers to.
    """

    text: str
    entities: Sequence[Entity]
    offset: int = 0
    issuer: str | None = None
    prev_policy: str | None = None
    prev_company: str | None = None
    subject_product: str | None = None
    told_application: str | None = None
    #: Entity types the sentence names (derived).
    types: frozenset[str] = field(init=False)
    #: The application kind (``ind``/``nda``…) of a quoted acceptance number (derived).
    application: str | None = field(init=False)

    def __post_init__(self) -> None:
        # Every row may ask; work them out once per sentence.
        object.__setattr__(self, "types", frozenset(x.type for x in self.entities))
        m = ACCEPTANCE_NO_RE.search(self.text)
        decoded = decode_acceptance_number(m.group(1)) if m else None
        application = decoded.application if decoded else None
        if application is None and self.told_application and APPLICATION_ANAPHOR_RE.search(self.text):
            application = self.told_application  # …获默示许可。该申请于2025年5月获CDE受理: the IND's acceptance
        object.__setattr__(self, "application", application)


Condition = Callable[[SentenceFacts], bool]

#: 该申请 / 这一申请: the application of the last step told.
#: (上述两项申请均于7月14日获受理: the applications of the uses just told, counted)
APPLICATION_ANAPHOR_RE = re.compile(r"(?:该|此项?|这一|这项|上述|前述)(?:[两二三四五六七八九几多]项)?申请")
#: The application kind each event type's step belongs to (what a later 该申请 is).
APPLICATION_OF_TYPE = {
    "ind_approval": "ind",
    "ind_accepted": "ind",
    "drug_approval": "nda",
    "nda_accepted": "nda",
    "priority_review": "nda",
}


def names(*types: str) -> Condition:
    """The sentence names an entity of one of these types."""
    wanted = frozenset(types)
    return lambda f: not f.types.isdisjoint(wanted)


def has(pattern: re.Pattern[str]) -> Condition:
    """The sentence contains the pattern."""
    return lambda f: pattern.search(f.text) is not None


def lacks(pattern: re.Pattern[str]) -> Condition:
    """The sentence does not contain the pattern."""
    return lambda f: pattern.search(f.text) is None


def application_is(kind: str) -> Condition:
    """A quoted acceptance number is of this application kind (ind, nda…)."""
    return lambda f: f.application == kind


def any_of(*conditions: Condition) -> Condition:
    """At least one of the conditions holds."""
    return lambda f: any(c(f) for c in conditions)


#: Results a company or team reports (公布…第二期临床试验结果, 发布了…研究数据).
ANNOUNCED_RESULTS_RE = re.compile(
    r"(?:公布|发布|披露)(?:了)?[，,]?[^。；，,]{0,60}?(?:临床)?(?:试验|研究)的?(?:顶线|中期|期中|初步|最终|主要)?(?:结果|数据)"
)
#: A readout's own figure (客观缓解率达75.9%, 中位总生存期延长至12.3个月, CR率达85%).
READOUT_FIGURE_RE = re.compile(
    r"(?:缓解率|有效率|反应率|生存率|生存期|ORR|CR|OS|PFS)[^。；;，,]{0,16}?\d+(?:\.\d+)?\s*(?:%|个月)"
)
_APPROVED_WORD_RE = re.compile(r"批准|获批")


def figure_after_approval(f: SentenceFacts) -> bool:
    """An approval, then in a later clause the figures of the study behind it (获批用于…，ORR达75.9%)."""
    figure = READOUT_FIGURE_RE.search(f.text)
    approved = _APPROVED_WORD_RE.search(f.text)
    return bool(figure and approved and approved.end() <= clause_start(f.text, figure.start()))


#: An approval told with what it rests on (本次获批主要基于…研究, 批准是基于…数据).
_APPROVAL_BASIS_RE = re.compile(r"(?:获批|批准)(?:上市)?(?:主要)?(?:是)?(?:基于|依据|源于|得益于)")


def readout_behind_approval(f: SentenceFacts) -> re.Match[str] | None:
    """The outcome of the study an approval rests on, told in a later clause.

    本次获批主要基于…Ⅲ期研究：与标准治疗相比，X显著延长了患者的无事件生存期.
    """
    basis = _APPROVAL_BASIS_RE.search(f.text)
    if basis is None:
        return None
    return next(
        (m for m in CLINICAL_RE.finditer(f.text, basis.end()) if clause_start(f.text, m.start()) >= basis.end()), None
    )


def tells_more_than_a_basis(f: SentenceFacts) -> bool:
    """False for a sentence that only names the study an approval rests on (此次获批基于…研究II期数据).

    The data behind a decision are told as its ground, not reported (ANNOTATION.md: reported outcomes); an
    outcome told after them (…研究：X显著延长了…) is read by :func:`readout_behind_approval`.
    """
    basis = _APPROVAL_BASIS_RE.search(f.text)
    return basis is None or readout_behind_approval(f) is not None


def has_amount(f: SentenceFacts) -> bool:
    """The sentence states an amount of money."""
    return bool(parse_amounts(f.text))


_SINCE_SPAN_RE = re.compile(r"自[^。；]{0,80}?以来")


#: What marks a verb as telling an earlier step (此前已发布, 早前曾印发).
_EARLIER_VERB_RE = re.compile(
    r"(?:此前|早前|之前|先前|曾经?)(?:已经?|曾)?[^，。；,]{0,4}$|(?:近年来|近年|多年来)[^，。；,]{0,8}?先后$"
)


#: A sentence that opens by turning to the past (此前，…; 此外，早前…) and a verb told as done already (已出台).
_EARLIER_LEAD_RE = re.compile(r"\s*(?:此外[，,]\s*)?(?:此前|早前|先前|之前)")
_ALREADY_BEFORE_RE = re.compile(r"已(?:经)?\s*$")
_TIME_TOLD_RE = re.compile(r"\d|[今去前同当]年")


def issued_policy(f: SentenceFacts) -> re.Match[str] | None:
    """An issuing verb whose object is a policy named in the sentence.

    The verb must govern the title: 印发《X》 (the title after the verb in its clause) or
    《X》…正式施行/现印发 (the title before it), but not a citation (根据《X》) or a time
    reference (自《X》实施以来).
    """
    sent = f.text
    policies = [x for x in f.entities if x.type == "policy"]
    since = [x.span() for x in _SINCE_SPAN_RE.finditer(sent)] if "以来" in sent else []
    for m in _POLICY_SCAN.finditer(sent):
        v, v_end = m.start(), m.end()
        if _inside_title(sent, v, v_end) or any(p.start - f.offset <= v < p.end - f.offset for p in policies):
            continue  # 《特定医疗技术施行或使用管理办法》, 「…施行…办法」: a verb inside a title is part of its name
        if _EARLIER_VERB_RE.search(sent, max(0, v - 8), v):
            continue  # 药审中心此前已发布《X》: an earlier document recalled, not one issued now
        if (
            _EARLIER_LEAD_RE.match(sent)
            and _ALREADY_BEFORE_RE.search(sent, max(0, v - 3), v)
            and not _TIME_TOLD_RE.search(sent, 0, v)
        ):
            continue  # 此前，药审中心已出台《X》: the same, its subject between (a time told would date it)
        for p in policies:
            a, b = p.start - f.offset, p.end - f.offset
            if sent.rfind("《", 0, a) > sent.rfind("》", 0, a):
                a = sent.rfind("《", 0, a)  # X of 《关于印发X的通知》: the citation cue is before the title
            if _cited(sent, a):
                continue
            if any(s < a < e for s, e in since):
                continue  # 自2009年…颁布《X》以来: a time reference
            if (
                v_end <= a
                and governed_end(sent, v_end) >= a - 1
                and "根据" not in sent[v_end:a]
                # 国务院发布的《X》提出…: the title described, not issued
                and not sent[v_end:a].startswith("的")
            ):
                return m
            if (
                b <= v
                and not re.search(r"[。；;]", sent[b:v])
                and not _POLICY_SINCE_RE.match(sent[v_end:])
                and not sent.startswith("的", v_end)  # 《X》…，而此前发布的《Y》: the verb describes a later title
            ):
                return m
    return None


def _inside_title(sent: str, start: int, end: int) -> bool:
    """True when ``sent[start:end]`` lies inside 《…》, also a title cut off by the page's start (…办法》)."""
    opened = sent.rfind("《", 0, start) > sent.rfind("》", 0, start)
    close, reopen = sent.find("》", end), sent.find("《", end)
    return opened or (close != -1 and (reopen == -1 or close < reopen))


def issued_previous_policy(f: SentenceFacts) -> re.Match[str] | None:
    """现印发给你们: issuing the policy named in the previous sentence (when this one names none)."""
    if f.prev_policy is None:
        return None
    # 根据《…发布程序的通知》要求，…现予发布: a cited title is the rule followed, not the one issued.
    own_titles = [x for x in f.entities if x.type == "policy" and not _cited(f.text, x.start - f.offset)]
    return None if own_titles else ISSUED_HERE_RE.search(f.text)


def _cited(sent: str, title_start: int) -> bool:
    """True when the title starting at ``title_start`` is cited (根据《X》, 为贯彻落实…《X》), not issued.

    A title right after a cited one is cited with it (依据《X》《Y》的相关规定).
    """
    joined = _TITLE_AFTER_TITLE_RE.search(sent, 0, title_start)
    if joined is not None:
        before = sent.rfind("《", 0, joined.start())
        if before >= 0 and _cited(sent, before):
            return True
    return (
        _POLICY_CITED_RE.search(sent, max(0, title_start - 4), title_start) is not None
        or _CITING_CLAUSE_RE.match(sent, clause_start(sent, title_start)) is not None
    )


#: A title's start right after another title (《X》《Y》, 《X》、《Y》, 《X》和《Y》).
_TITLE_AFTER_TITLE_RE = re.compile(r"》\s*(?:[、和及与]|以及)?\s*《?$")


#: 我国首款干细胞治疗药品X上市 / X（商品名）已于1月正式上市: a product's own launch, right after its name.
_LAUNCHED_AFTER_NAME_RE = re.compile(
    r"(?:细胞)?(?:注射液|注射用混悬液)?\s*[）)]?\s*(?:[（(][^（）()]{0,30}[）)])?\s*(?:正式|已经?|也|于[^。，；、]{1,12}?)?\s*(?<!商业化)上市"
    r"(?!申请|许可|注册申请|前|后|的|销售|时间|进程|计划|进度)"
)


def launched_after_name(f: SentenceFacts) -> re.Match[str] | None:
    """A product's own marketing launch, told by 上市 right after its name."""
    for x in f.entities:
        if x.type == "drug":
            m = _LAUNCHED_AFTER_NAME_RE.match(f.text, x.end - f.offset)
            if m is not None:
                return m
    return None


def _approval_not_attribute(f: SentenceFacts) -> re.Match[str] | None:
    """A marketing-approval phrase that is the reported event, not an attribute (首款获批上市的X)."""
    return next(
        (
            m
            for m in _APPROVAL_SCAN.finditer(f.text)
            if not ATTRIBUTE_AFTER_RE.match(f.text, m.end()) and "临床" not in f.text[m.start() : m.end() + 4]
        ),
        None,
    )


DateRule = Literal["event", "statement", "signature", "background"]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the trigger table.

    Attributes:
        name: Row name, referred to by other rows' ``unless``.
        type: Event type the row reports.
        confidence: Base confidence.
        pattern: The trigger; its match position is where the event happens.
        find: Instead of a pattern, a finder over the whole sentence (for triggers that depend
            on where the sentence's entities stand).
        cue: With ``find``, the pattern every match the finder returns comes from: the row's share of the
            sentence pre-filter (:data:`ANY_TRIGGER_RE`), which is read off the table.
        at_verb: The event happens at the closing verb of a match that spans its object (申请已于
            8月5日获受理: the date inside the span is before the trigger).
        when: Conditions the sentence must all meet.
        unless: Rows that cancel this one when they match the same sentence.
        unless_later: Rows that cancel this one unless this trigger's clause ends before theirs
            starts (an acceptance in an earlier clause than the approval is its own event).
        unless_earlier: Rows that cancel this one unless their clause ends before this trigger
            starts (…获得默示许可，在I期研究中显示出良好的安全性: a readout after the approval).
        background: Cues in the trigger's clause that make it background (已有…等多款产品获批上市,
            已完成6轮融资).
        unnamed: Cues that let the event stand without a named product (中国首款干细胞药物获批).
        not_before: A match followed by this is an attribute, not the event (获批临床试验的产品).
        firm_hedge: A hedge before the trigger that is part of the official wording (拟纳入…).
        again: A later clause that this matches reports another event of the row's type (该院于2023年8月
            通过机构备案，并于今年4月完成首个项目备案: two filings; 2021年完成A轮融资，2023年完成B轮融资).
        date: ``event`` (the trigger's own date), ``statement`` (a forecast: the date it was made,
            not its horizon year) or
            ``signature`` (like ``event``, falling back to a notice's signature date) or ``background`` (a step
            retold as an attribute: its own date if the sentence gives one, else undated).
    """

    name: str
    type: str
    confidence: float
    pattern: re.Pattern[str] | None = None
    find: Callable[[SentenceFacts], re.Match[str] | None] | None = None
    cue: re.Pattern[str] | None = None
    at_verb: bool = False
    when: tuple[Condition, ...] = ()
    unless: frozenset[str] = frozenset()
    unless_later: frozenset[str] = frozenset()
    unless_earlier: frozenset[str] = frozenset()
    background: re.Pattern[str] | None = None
    unnamed: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    firm_hedge: re.Pattern[str] | None = None
    again: re.Pattern[str] | None = None
    date: DateRule = "event"

    def match(self, facts: SentenceFacts) -> re.Match[str] | None:
        """The trigger's match in the sentence, if the row's conditions hold."""
        if self.find is not None:
            found = self.find(facts) if all(c(facts) for c in self.when) else None
            return found
        if self.pattern is None:
            return None
        gate, scan = _TRIGGER_SCANS.get(id(self.pattern)) or (None, self.pattern)
        if gate is not None and not gate.possible(facts.text):
            return None  # the sentence lacks a word every match of the trigger needs
        # The pattern first: it is cheap and rarely matches; conditions may parse amounts.
        if self.not_before is None:
            m = scan.search(facts.text)
        else:
            tail = self.not_before
            m = next((x for x in scan.finditer(facts.text) if not tail.match(facts.text, x.end())), None)
        return m if m is not None and all(c(facts) for c in self.when) else None

    def position(self, m: re.Match[str]) -> int:
        """Where in the sentence the event happens."""
        if self.at_verb:
            verb = _CLOSING_VERB_RE.search(m.group(0))
            if verb and verb.start() > 2:
                return m.start() + verb.start()
        return m.start()


_APPROVALS = frozenset(
    {"approval", "approval_for_use", "regulator_approved", "weak_approval", "dated_attribute_approval", "launched"}
)
_DESIGNATIONS = frozenset({"priority", "breakthrough"})
#: Applying for a designation (将尽快申请将该品种纳入优先审评), the object told between: not granted.
_APPLYING_FOR_DESIGNATION_RE = re.compile(
    r"申请将(?:该品种|该产品|该药品?|其|本品)纳入[^。；，]{0,4}?(?:优先审评|突破性治疗)"
)
#: The event types a CDE designation list announces (拟纳入优先审评, 拟纳入突破性治疗品种).
DESIGNATION_TYPES = frozenset({"priority_review", "breakthrough_therapy"})

#: The trigger table. Order matters only within a type: the first matching row of a type wins.
TRIGGERS: tuple[Trigger, ...] = (
    Trigger(
        "ind_approval",
        "ind_approval",
        0.9,
        IND_APPROVAL_RE,
        at_verb=True,
        background=TRIAL_AGGREGATE_RE,
        unnamed=UNNAMED_PRODUCT_RE,
        not_before=ATTRIBUTE_TAIL_RE,
        # (本周共有5款产品获得默示许可，其中X于6月4日获得默示许可: the count, then one product's own, dated)
        again=IND_APPROVAL_RE,
    ),
    Trigger(
        "approval",
        "drug_approval",
        0.9,
        find=_approval_not_attribute,
        cue=APPROVAL_RE,
        unless=frozenset({"ind_approval"}),
        # …于2023年12月获FDA批准用于X，2024年1月又获批用于Y: a later clause with its own time, another approval
        again=re.compile(
            r"(?<![首第]个)(?<![首第]款)(?:获批(?:用于|治疗|上市)|(?:又|再次|再度)获得?[^。；，,]{0,10}?批准|(?:又|再次|再度)获批)(?!的)"
        ),
        background=BACKGROUND_RE,
        unnamed=UNNAMED_PRODUCT_RE,
    ),
    Trigger(
        "approval_for_use",
        "drug_approval",
        0.8,
        APPROVAL_FOR_USE_RE,
        when=(lacks(re.compile("临床|试验|研究")),),
        unless=frozenset({"ind_approval", "approval"}),
        background=BACKGROUND_RE,
        unnamed=UNNAMED_PRODUCT_RE,
    ),
    Trigger(
        "regulator_approved",
        "drug_approval",
        0.8,
        REGULATOR_APPROVED_RE,
        at_verb=True,
        when=(names("drug"), lacks(re.compile("临床|试验|研究|申请"))),
        unless=frozenset({"ind_approval", "approval", "approval_for_use"}),
        background=BACKGROUND_RE,
    ),
    Trigger(
        "weak_approval",
        "drug_approval",
        0.8,
        WEAK_APPROVAL_RE,
        # 国内首个CAR-T细胞治疗药品获批: one unnamed product of a named kind is still an event
        # (ANNOTATION.md); 自首款产品获批以来 names no kind.
        # (该产品今年9月刚在国内获批: the product just named)
        when=(any_of(names("drug"), has(_FIRST_OF_A_KIND_RE), has(ANAPHOR_RE)), lacks(re.compile("临床"))),
        unless=frozenset({"ind_approval", "approval", "approval_for_use", "regulator_approved"}),
        background=BACKGROUND_RE,
        unnamed=UNNAMED_PRODUCT_RE,
    ),
    Trigger(
        "dated_attribute_approval",
        "drug_approval",
        0.8,
        DATED_ATTRIBUTE_APPROVAL_RE,
        when=(any_of(names("drug"), has(ANAPHOR_RE)),),
        unless=frozenset({"ind_approval", "approval", "approval_for_use", "weak_approval"}),
        background=BACKGROUND_RE,
    ),
    Trigger(
        "launched",
        "drug_approval",
        0.75,
        find=launched_after_name,
        cue=_LAUNCHED_AFTER_NAME_RE,
        unless=(_APPROVALS - {"launched"}) | {"ind_approval"},
        background=BACKGROUND_RE,
    ),
    Trigger(
        "first_of_its_kind",
        "drug_approval",
        0.75,
        FIRST_APPROVED_OF_KIND_RE,
        when=(any_of(names("drug"), has(ANAPHOR_RE)),),
        unless=_APPROVALS | {"ind_approval"},
        background=BACKGROUND_RE,
        date="background",
    ),
    # (上市许可申请2024年10月获得受理，…从受理到获批用时约15个月: an approval in a later clause leaves it)
    Trigger("nda", "nda_accepted", 0.85, NDA_RE, at_verb=True, unless_later=_APPROVALS, unnamed=UNNAMED_PRODUCT_RE),
    Trigger("nda_by_number", "nda_accepted", 0.85, ACCEPT_RE, when=(application_is("nda"),), unless=_APPROVALS),
    # 该申请于3月获得受理，本次纳入优先审评: an application in priority review is a marketing application.
    Trigger("nda_in_priority", "nda_accepted", 0.8, ACCEPT_RE, when=(has(PRIORITY_RE),), unless=_APPROVALS),
    Trigger(
        "priority",
        "priority_review",
        0.85,
        PRIORITY_RE,
        when=(lacks(_APPLYING_FOR_DESIGNATION_RE),),
        # 纳入优先审评，有望年内获批: only an approval in the same or an earlier clause makes it the route
        unless_later=_APPROVALS,
        firm_hedge=DESIGNATION_HEDGE_EXEMPT_RE,
        background=BACKGROUND_RE,  # 上周约40款1类创新药拟纳入突破性治疗品种: a count, no product's designation
    ),
    Trigger(
        "breakthrough",
        "breakthrough_therapy",
        0.85,
        BREAKTHROUGH_RE,
        unless_later=_APPROVALS,
        firm_hedge=DESIGNATION_HEDGE_EXEMPT_RE,
        background=BACKGROUND_RE,  # 上周约40款1类创新药拟纳入突破性治疗品种: a count, no product's designation
    ),
    Trigger(
        "ind_accepted",
        "ind_accepted",
        0.85,
        ACCEPT_RE,
        when=(any_of(has(IND_WORD_RE), application_is("ind")),),
        unless=frozenset({"nda", "nda_by_number", "priority"}),
        unless_later=frozenset({"ind_approval"}),
        background=TRIAL_AGGREGATE_RE,
    ),
    Trigger(
        "ind_accepted_on",
        "ind_accepted",
        0.85,
        DATED_ACCEPTANCE_RE,
        when=(has(re.compile("临床")),),
        unless=frozenset({"ind_accepted"}),
    ),
    Trigger(
        "clinical_result",
        "clinical_result",
        0.75,
        CLINICAL_RE,
        background=STUDY_COUNT_RE,
        when=(
            any_of(
                names("drug", "indication", "cell_type"),
                has(CONTINUATION_RE),
                has(DISCLOSED_DATA_RE),
                has(ANAPHOR_RE),
                has(PATIENT_READOUT_RE),
                has(RATE_FIGURE_RE),
                has(TRIAL_PHASE_RE),
                has(NAMED_STUDY_RE),
                has(_IIT_OUTCOME_RE),  # 根据已完成的研究者发起临床研究，…平均提升约10个百分点
                lambda f: f.subject_product is not None,  # 同年12月，信念医药在ASH年会上公布了…结果
            ),
            lacks(PRECLINICAL_RE),
            lacks(PROHIBITION_RE),  # 不得将干细胞临床研究结果作为收费依据: a rule about results, none reported
            lacks(MEASURE_RE),  # 支持…，探索将研究者发起的临床研究数据用于注册申请: a policy's measure
            lacks(DATA_IN_PASSING_RE),
            lacks(PROGNOSIS_RE),
            tells_more_than_a_basis,
        ),
        # (X是一种于2019年在美国获批的细胞疗法，临床试验表明…: an approval told as the subject's attribute, in a
        # clause before the readout's, leaves the readout)
        unless=(_APPROVALS - {"dated_attribute_approval"}) | {"nda"} | _DESIGNATIONS,
        unless_earlier=frozenset({"ind_approval", "dated_attribute_approval"}),
    ),
    # (…昨（15）日公布X的第二期临床试验结果，并同步宣布已获…核准执行第三期临床试验: the results reported first, the
    # next trial's approval after them; 基于…结果获批 is a basis, not a report)
    Trigger(
        "announced_readout",
        "clinical_result",
        0.75,
        ANNOUNCED_RESULTS_RE,
        when=(names("drug"), lacks(PRECLINICAL_RE)),
        unless=(_APPROVALS - {"dated_attribute_approval"}) | {"nda"} | _DESIGNATIONS,
        background=STUDY_COUNT_RE,
    ),
    # An approval's sentence that goes on to give the figures of its study reports both (ANNOTATION.md).
    Trigger(
        "readout_after_approval",
        "clinical_result",
        0.8,
        READOUT_FIGURE_RE,
        when=(figure_after_approval,),
        unless=frozenset({"nda", "ind_approval"}) | _DESIGNATIONS,
        background=STUDY_COUNT_RE,
    ),
    Trigger(
        "readout_behind_approval",
        "clinical_result",
        0.75,
        find=readout_behind_approval,
        cue=CLINICAL_RE,
        unless=frozenset({"nda", "ind_approval", "readout_after_approval"}) | _DESIGNATIONS,
        background=STUDY_COUNT_RE,
    ),
    Trigger(
        "research_filing",
        "research_filing",
        0.8,
        FILING_RE,
        when=(has(FILING_CTX_RE), lacks(FILING_DUTY_RE)),
        background=STATISTIC_RE,
        again=FILING_RE,
        date="signature",  # 现将新完成备案的项目予以公布 … 2025年11月18日: a notice's filing is dated by its signature
    ),
    Trigger(
        "filing_item",
        "research_filing",
        0.8,
        FILING_ITEM_RE,
        # a record's own line (备案状态：已备案\n备案日期：2025-08-26) under a research project's fields
        when=(any_of(has(FILING_CTX_RE), has(_FILING_DATE_LINE_RE)),),
        background=STATISTIC_RE,
    ),
    Trigger(
        "policy",
        "policy_issued",
        0.85,
        find=issued_policy,
        cue=POLICY_RE,
        when=(lacks(DRAFT_RE),),
        # (《X》2018年修正开放细胞治疗以来，…: the start of a period told as background)
        background=_SINCE_END_RE,
        date="signature",
    ),
    Trigger("policy_here", "policy_issued", 0.8, find=issued_previous_policy, cue=ISSUED_HERE_RE, date="signature"),
    Trigger(
        "financing",
        "financing",
        0.85,
        FINANCING_RE,
        when=(
            any_of(
                names("company"),
                lambda f: f.issuer is not None and LISTING_RE.search(f.text) is not None,
                lambda f: f.prev_company is not None,
            ),
            any_of(has_amount, has(ROUND_RE), has(LISTING_RE), has(VAGUE_AMOUNT_RE)),
            lacks(PLAN_RE),
        ),
        # 本轮融资完成后，公司估值超过50亿元: what follows the round, not the round
        background=re.compile(f"{AGGREGATE_RE.pattern}|{IPO_ATTEMPT_RE.pattern}|融资(?:完成)?后"),
        # a second round completed (…，2023年完成B轮融资), not the first one's investors (…，由X领投)
        again=re.compile(r"(?:完成|获得?|斩获|拿到)[^。；，]{0,24}?(?:轮|融资)"),
    ),
    Trigger("forecast", "market_forecast", 0.85, FORECAST_RE, when=(has_amount, lacks(PLAN_RE)), date="statement"),
    Trigger(
        "first_prescription",
        "first_prescription",
        0.85,
        FIRST_RX_RE,
        # (截至年底，…完成约180例商业化回输: a count of uses, not the first)
        background=re.compile(rf"{BACKGROUND_RE.pattern}|{_CASE_COUNT}"),
        unnamed=FIRST_CASE_RE,
        # (① 全国首方｜X：该药3月4日获批，5月20日…开出全国首张处方: a roundup item's label, not its telling)
        # (a table's cell, 2025/06/05｜X开出国内首张处方｜某医院, is the telling itself)
        not_before=re.compile(r"\s*[|｜][^|｜\n。，]{1,30}[：:]"),
    ),
    Trigger(
        "first_patient",
        "first_prescription",
        0.8,
        FIRST_PATIENT_RE,
        # (完成首例患者给药: a trial's first dose; a hospital's 临床团队 runs no trial)
        when=(lacks(_NOT_A_COMMERCIAL_USE_RE),),
        background=BACKGROUND_RE,
        # (为首名…患者完成CAR-T细胞治疗，是香港首次使用内地制造的CAR-T产品: a product of a kind, not named)
        unnamed=_FIRST_USE_OF_A_KIND_RE,
    ),
    Trigger(
        "first_use_in_a_place",
        "first_prescription",
        0.8,
        FIRST_USE_IN_A_PLACE_RE,
        when=(lacks(_NOT_A_COMMERCIAL_USE_RE),),
        background=BACKGROUND_RE,
    ),
)


def _row_cues(table: Sequence[Trigger]) -> list[re.Pattern[str]]:
    """Each row's pattern (or a finder row's cue), once each, in table order."""
    cues: dict[int, re.Pattern[str]] = {}
    for rule in table:
        cue = rule.pattern if rule.pattern is not None else rule.cue
        if cue is None:
            raise ValueError(f"trigger row {rule.name!r} has a finder without a cue: the pre-filter could not see it")
        cues.setdefault(id(cue), cue)
    return list(cues.values())


#: Cheap pre-filter: a sentence that no row's pattern or cue matches cannot yield an event. Read off the
#: table, so a new row is seen by the pre-filter without a second list to keep in step.
ANY_TRIGGER_RE = re.compile("|".join(cue.pattern for cue in _row_cues(TRIGGERS)))

# Literal pre-filter ------------------------------------------------------------------------------
#
# Most sentences hold no trigger, and the alternations above are slow to reject: Python's ``re``
# tries every alternative at every position. Every alternative, though, needs some literal words
# (获批, 受理, 融资 …), read off the patterns themselves by :mod:`transforms.regex_gate`, so a new
# phrasing needs no second list to keep in step: one Aho-Corasick pass over a sentence tells which
# alternatives can match, and only those run.

#: :data:`ANY_TRIGGER_RE` as separate alternatives, each gated on its own words. (The rows'
#: own patterns run only on the few sentences that pass it, and there behind a second gate over the
#: row patterns, :data:`_ROW_GATE`, so that a row whose words the sentence lacks is not even called.)
_ANY_TRIGGER_GATE = LiteralGate(top_alternatives(ANY_TRIGGER_RE))


def any_trigger(text: str) -> bool:
    """True when ``text`` holds a trigger phrase (:data:`ANY_TRIGGER_RE`); most sentences are told apart cheaply.

    Args:
        text: A sentence.

    Returns:
        Whether :data:`ANY_TRIGGER_RE` matches it.
    """
    return _ANY_TRIGGER_GATE.search(text)


@dataclass(frozen=True, slots=True)
class Hit:
    """A row that fired in a sentence, at the position where its event happens."""

    rule: Trigger
    position: int


def clause_start(sent: str, pos: int) -> int:
    """Offset where the clause holding ``pos`` starts (after the last clause break)."""
    return max([sent.rfind(ch, 0, pos) for ch in CLAUSE_BREAK] + [-1]) + 1


def clause_end(sent: str, pos: int) -> int:
    """Offset of the clause break after ``pos`` (or the sentence end)."""
    if pos < 0:
        pos = max(0, len(sent) + pos)  # (as str.find reads a negative start)
    # One scan for the first break of any kind, where a find per kind would scan up to six times.
    found = _CLAUSE_BREAK_RE.search(sent, pos)
    return found.start() if found else len(sent)


_CLAUSE_BREAK_RE = re.compile(f"[{re.escape(CLAUSE_BREAK)}]")


_LISTED_OBJECTS_RE = re.compile(r"[，,]\s*(?:分别(?:是|为)|包括|即)[:：]?")


def governed_end(sent: str, verb_end: int) -> int:
    """Where the object of a verb ends: its clause, or the next one when that lists the objects.

    印发3份文件，分别是《A》《B》: the titles after 分别是 are what the verb issued.
    """
    end = clause_end(sent, verb_end)
    listed = _LISTED_OBJECTS_RE.match(sent, end)
    return clause_end(sent, listed.end()) if listed else end


#: A time named in a clause (2023年, 今年2月, 同年, 3月): what makes a repeated trigger another event.
_CLAUSE_TIME_RE = re.compile(r"(?:19|20)\d{2}\s*年|[今去前明同次当]年|\d{1,2}\s*月(?!龄)")


def match_triggers(facts: SentenceFacts, table: Sequence[Trigger] = TRIGGERS) -> list[Hit]:
    """Apply the trigger table to one sentence.

    Args:
        facts: The sentence and what rows may test about it.
        table: The rows (the default table unless a test passes its own).

    Returns:
        One hit per event type at most (the first row of a type that fires), in table order.
    """
    matched: dict[str, tuple[Trigger, re.Match[str]]] = {}
    # One Aho-Corasick pass tells which rows' patterns the sentence can match at all; the others are not run.
    passing = _ROW_GATE.passing(facts.text)
    for rule in table:
        place = _ROW_PLACE.get(id(rule.pattern)) if rule.pattern is not None else None
        if place is not None and place not in passing:
            continue
        m = rule.match(facts)
        if m is not None:
            matched[rule.name] = (rule, m)
    # A row that another row cancels cancels nothing itself (获…批准 read as an approval but cancelled as an
    # IND's does not cancel 同月被列入突破性治疗品种 in the same sentence).
    standing = {name for name, (rule, _m) in matched.items() if not any(u in matched for u in rule.unless)}
    hits: list[Hit] = []
    seen: set[str] = set()
    for rule, m in matched.values():
        if rule.type in seen or any(name in standing for name in rule.unless):
            continue
        if any(
            name in matched and m.start() <= matched[name][1].start() <= clause_end(facts.text, m.start())
            for name in rule.unless_later
        ):
            continue
        if any(
            name in matched and clause_end(facts.text, matched[name][1].start()) >= m.start()
            for name in rule.unless_earlier
        ):
            continue
        seen.add(rule.type)
        hits.append(Hit(rule, rule.position(m)))
        if rule.again is not None:
            end = clause_end(facts.text, m.end())
            for again in rule.again.finditer(facts.text, end):
                # Only a clause with a time of its own tells another event (…，2023年完成B轮融资); one
                # without restates the first (于今年6月完成备案，成为…备案机构).
                if again.start() >= end and _CLAUSE_TIME_RE.search(facts.text, end, again.start()):
                    hits.append(Hit(rule, rule.position(again)))
                    end = clause_end(facts.text, again.end())
    return hits


#: Words beyond which asking a sentence for a trigger's words costs about what searching it does.
_GATE_MAX_WORDS = 4
#: Trigger patterns whose needed words are few (优先审评, 突破性治疗, 受理的 …): a sentence without them
#: is not searched. Gates with many words (the clinical-result or financing cues) would cost more than
#: they spare; those rows search every sentence that passes :func:`any_trigger`. Keyed by the pattern's
#: identity: hashing a compiled pattern hashes its whole compiled program, on every lookup.
_TRIGGER_GATES: dict[int, GatedPattern] = {
    id(gate.pattern): gate
    for gate in (GatedPattern(rule.pattern) for rule in TRIGGERS if rule.pattern is not None)
    if 0 < gate.words <= _GATE_MAX_WORDS
}
#: The row patterns behind one literal gate (:func:`match_triggers`), and each one's place in it, by identity.
_ROW_PATTERNS = tuple(dict.fromkeys(rule.pattern for rule in TRIGGERS if rule.pattern is not None))
_ROW_GATE = LiteralGate(_ROW_PATTERNS)
_ROW_PLACE = {id(pattern): place for place, pattern in enumerate(_ROW_PATTERNS)}
#: Per row pattern (by identity): its word gate, if any, and the pattern it searches with, which skips the
#: offsets no match can start at (:func:`transforms.regex_gate.lead_gated`) and so matches as the row's does.
_TRIGGER_SCANS: dict[int, tuple[GatedPattern | None, re.Pattern[str]]] = {
    id(rule.pattern): (_TRIGGER_GATES.get(id(rule.pattern)), lead_gated(rule.pattern))
    for rule in TRIGGERS
    if rule.pattern is not None
}


# Scans behind a look-ahead for the characters a match can start with (transforms.regex_gate.lead_gated):
# the same matches, without trying every alternative at every offset.
_APPROVAL_SCAN = lead_gated(APPROVAL_RE)
_POLICY_SCAN = lead_gated(POLICY_RE)
