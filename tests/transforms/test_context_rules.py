"""Table-driven tests for the context rules added when fresh.jsonl was adopted.

Every sentence is written for the test; all names, codes and numbers are made up.
"""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit

PUB = "2025-08-20"


def _extract(engine, text, title=None, pub=PUB):
    return engine.extract(InputDocument(id="x", text=text, title=title, published_at=pub))


def _ents(engine, text, type_):
    return sorted({e.canonical for e in _extract(engine, text).entities if e.type == type_})


def _events(engine, text, title=None, pub=PUB):
    return sorted((e.type, e.date, e.drug) for e in _extract(engine, text, title, pub).events)


# ----------------------------------------------------------------------------- companies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # investors: brand + 资本/创投/投资/基金 in a financing context
        ("本轮由岚峰资本领投，青禾创投、老股东远舟健康基金跟投。", ["岚峰资本", "远舟健康基金", "青禾创投"]),
        ("朔川投资等作为基石投资者认购了发售股份。", ["朔川投资"]),
        # …but not the words around investors
        ("公司以自有资金认购新增注册资本，基石投资者包括多家产业基金。", []),
        ("资本市场对细胞治疗板块的关注度持续上升。", []),
        # hospital names made of ordinals and affiliation words
        ("南溪医科大学附属第二医院牵头开展了该研究。", ["南溪医科大学附属第二医院"]),
        ("北川大学第一附属医院通过了机构备案。", ["北川大学第一附属医院"]),
        # a legal name keeps 治疗 inside it; the short name drops 治疗 and 控股
        ("岷澜细胞治疗控股有限公司今日发布公告。", ["岷澜细胞"]),
        # 乃 before a legal name is no part of it
        ("本公告乃澈源生物科技有限公司自愿作出。", ["澈源生物"]),
        # exchanges are never companies
        ("香港联合交易所有限公司对本公告的内容概不负责。", []),
        # X细胞 / X基因 firms: a rare two-character brand at a boundary …
        ("，沐禾细胞成立于2021年，专注于眼科细胞疗法。", ["沐禾细胞"]),
        ("康乔医药以5000万元认购沐禾细胞新增注册资本。", ["康乔医药", "沐禾细胞"]),
        # … but a kind of cell or a gene term is not a firm
        ("视网膜色素上皮细胞与成体细胞均可用于研究。", []),
        ("公司深耕基因编辑领域多年。", []),
        # 生技 and 再生医学 name firms too
        ("，澜吉生技的JL-201注射液获得受理。", ["澜吉生技"]),
        ("，沐原再生医学在港交所挂牌上市。", ["沐原再生医学"]),
    ],
)
def test_company_context_rules(engine, text, expected):
    assert _ents(engine, text, "company") == expected


# --------------------------------------------------------------------------- indications


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unseen disease names from their heads, with a clinical cue
        ("拟用于治疗复发性多软骨炎。", ["复发性多软骨炎"]),
        ("适应症为原发性胆汁性胆管炎患者。", ["原发性胆汁性胆管炎"]),
        ("主要用于白血病、糖尿病等疾病。", ["白血病", "糖尿病"]),
        ("治疗晚期胃癌及胃食管结合部腺癌。", ["胃癌", "食管胃结合部腺癌"]),
        # a disease category used as an indication is one (ANNOTATION.md); adverse events are not
        ("主要用于血液系统疾病。", ["血液系统疾病"]),
        ("未观察到3级及以上细胞因子释放综合征。", []),
        # the relapsed/refractory qualifier is not part of the name, in any of its spellings
        ("用于治疗复发或难治性套细胞淋巴瘤。", ["套细胞淋巴瘤"]),
        ("用于治疗复发/难治性滤泡性淋巴瘤。", ["滤泡性淋巴瘤"]),
        ("用于复发难治性非霍奇金淋巴瘤的治疗。", ["非霍奇金淋巴瘤"]),
        # an abbreviation in brackets right after it is the same indication
        ("拟用于复发或难治性急性髓系白血病（AML）。", ["急性髓系白血病"]),
        # other modifiers are dropped
        ("拟用于治疗中重度膝骨关节炎。", ["膝骨关节炎"]),
        ("拟用于难治性系统性红斑狼疮。", ["系统性红斑狼疮"]),
        ("用于中晚期帕金森病患者。", ["帕金森病"]),
    ],
)
def test_indication_rules(engine, text, expected):
    assert _ents(engine, text, "indication") == expected


# ------------------------------------------------------------------ drugs, cells, regions


@pytest.mark.parametrize(
    ("text", "type_", "expected"),
    [
        # a stop word glued to the name's first character by jieba
        ("获批的1类创新药澜泽奥仑赛注射液已上市。", "drug", ["澜泽奥仑赛注射液"]),
        # an owner company glued before the product name
        ("岚舟生物沐贝基仑赛注射液纳入优先审评。", "drug", ["沐贝基仑赛注射液"]),
        # 继…之后: 继 is no part of the name
        ("这是继艾米迈托赛注射液之后的第二款产品。", "drug", ["艾米迈托赛注射液"]),
        # a code followed by 注射液 is named by its code
        ("HX20417注射液的II期研究达到主要终点。", "drug", ["HX20417注射液"]),
        # 研发代号 links the name and its code
        ("澜米泽赛注射液（研发代号：LM-MSC07）获得受理。", "drug", ["澜米泽赛注射液"]),
        # "是一种…注射液" is a class: no drug, and the cell type is tagged
        ("该药是一种人脐带间充质干细胞注射液。", "drug", []),
        ("该药是一种人脐带间充质干细胞注射液。", "cell_type", ["脐带间充质干细胞"]),
        # CD19 CAR-T is a target and a modality, not a code
        ("CD19 CAR-T细胞产品的研究数据发布。", "drug", []),
        # a byline place is not a mention
        ("原创 某某资讯 2025年11月03日 09:12 海南\n正文开始。", "region", []),
        ("细胞观察 2025-06-06 08:30 发表于上海\n正文开始。", "region", []),
        # a government body named after a place is not a region mention
        ("新疆生产建设兵团卫生健康委：", "region", []),
    ],
)
def test_drug_cell_region_rules(engine, text, type_, expected):
    assert _ents(engine, text, type_) == expected


# --------------------------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # IND approval worded as 获得…的药物临床试验批准
        (
            "本集团的ZQ-5201注射液已于2025年8月12日获得国家药监局（「国家药监局」）的药物临床试验批准。",
            None,
            [("ind_approval", "2025-08-12", "ZQ-5201注射液")],
        ),
        # 批准其上市: 其 refers back to the product
        (
            "沐宁迈赛注射液由沐宁生物研发。今年3月4日，国家药监局附条件批准其上市。",
            None,
            [("drug_approval", "2025-03-04", "沐宁迈赛注射液")],
        ),
        # "从获批走向患者" is no approval
        (
            "7月1日，澜宁迈赛注射液开出首张处方，从获批走向患者床旁。",
            None,
            [("first_prescription", "2025-07-01", "澜宁迈赛注射液")],
        ),
        # 该上市申请 refers back to the product
        (
            "CDE官网8月8日显示，岚泽基仑赛注射液上市申请被纳入优先审评审批程序。该上市申请于今年5月获得受理。",
            None,
            [("nda_accepted", "2025-05", "岚泽基仑赛注射液"), ("priority_review", "2025-08-08", "岚泽基仑赛注射液")],
        ),
        # a data cutoff does not date the readout
        (
            "8月2日，岚图医药公布了LT-3301注射液的I期临床研究数据。截至2025年6月30日数据截止日，客观缓解率为80.0%。",
            None,
            [("clinical_result", "2025-08-02", "LT-3301注射液")],
        ),
        # a conference year after the day does not replace it
        (
            "当地时间8月9日，沐川生物在2025年某某年会上公布了MC-1101注射液的I期研究数据。",
            None,
            [("clinical_result", "2025-08-09", "MC-1101注射液")],
        ),
        # "…收到报告。结果显示…": the readout takes the previous sentence's date
        (
            "2025年8月1日，公司收到QS-2001注射液II期临床试验的统计分析报告。结果显示，该试验达到主要终点。",
            None,
            [("clinical_result", "2025-08-01", "QS-2001注射液")],
        ),
        # a title without a date repeats the body's event
        (
            "7月30日，澜安生物申报的LA-NK02注射液临床试验申请获得受理。",
            "LA-NK02注射液临床申请获CDE受理",
            [("ind_accepted", "2025-07-30", "LA-NK02注射液")],
        ),
    ],
)
def test_drug_event_rules(engine, text, title, expected):
    assert _events(engine, text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # financing: an IPO listing needs no amount
        ("8月18日，细胞治疗企业澜赛生物正式在香港联合交易所主板挂牌上市。", [("financing", "2025-08-18", None)]),
        # an investment into a named firm
        (
            "8月12日晚间，康乔医药公告称，公司以自有资金8000万元认购沐禾细胞新增注册资本。",
            [("financing", "2025-08-12", None)],
        ),
        # a completed placing of the document's issuer
        (
            "岷澜细胞治疗控股有限公司\n董事会欣然宣布，配售事项已于2025年8月10日完成。",
            [("financing", "2025-08-10", None)],
        ),
        # policies: the verb must govern the title
        ("8月3日，五部门联合印发《关于促进某某产业发展的指导意见》。", [("policy_issued", "2025-08-03", None)]),
        ("根据《干细胞临床研究管理办法（试行）》，以下项目信息现予公布。", []),
        ("自《干细胞临床研究管理办法（试行）》实施以来，备案机构逐年增加。", []),
        # a year inside a title does not date the policy; the signature line does
        (
            "《某某市细胞产业行动方案（2025—2027年）》已经市政府同意，现印发给你们。\n某某市人民政府办公厅\n2025年8月18日",
            [("policy_issued", "2025-08-18", None)],
        ),
        # 同日 takes the last full date
        (
            "8月10日，某某大学附属医院通过干细胞临床研究机构备案。同日，省卫生健康委印发《某某省干细胞临床研究管理实施细则》。",
            [("policy_issued", "2025-08-10", None), ("research_filing", "2025-08-10", None)],
        ),
        # items of a filing list, each with its own date, plus the list's heading
        (
            "以下干细胞临床研究项目已完成备案。\n一、南溪医科大学附属医院“人脐带间充质干细胞治疗肝硬化的研究”，备案日期：2025年7月9日。\n"
            "二、北川大学第一附属医院“人胚胎干细胞来源细胞治疗黄斑变性的研究”，备案日期：2025年7月21日。",
            [("research_filing", "2025-07-09", None), ("research_filing", "2025-07-21", None)],
        ),
    ],
)
def test_other_event_rules(engine, text, expected):
    assert _events(engine, text) == expected


def test_register_lines_and_tables(engine):
    lines = (
        "序号：1；受理号：CXSL2500001；药品名称：AB-101注射液；企业名称：某某生物科技有限公司；默示许可日期：2025-08-01\n"
        "序号：2；受理号：CXSL2500002；药品名称：CD-202注射液；企业名称：某某细胞技术有限公司；默示许可日期：2025-08-02"
    )
    assert _events(engine, lines, "临床试验默示许可") == [
        ("ind_approval", "2025-08-01", "AB-101注射液"),
        ("ind_approval", "2025-08-02", "CD-202注射液"),
    ]
    table = (
        "受理号\t药品名称\t药品类型\t企业名称\t承办日期\n"
        "CXSL2500011\tEF - 03注射液\t治疗用生物制品\t杭州某某细胞生物技术有限公司\t2025-08-01\n"
        "CXSL2500012\t人脐带间充质干细胞注射液（GH-UC04）\t治疗用生物制品\t某某生物科技（上海）有限公司\t2025-08-02\n"
        "共2条"
    )
    assert _events(engine, table, "受理品种信息") == [
        ("ind_accepted", "2025-08-01", "EF-03注射液"),
        ("ind_accepted", "2025-08-02", "GH-UC04"),
    ]
