"""Rules added after holdout2 became tuning material; each case is a new sentence, not a gold text."""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _entities(engine, text: str, title: str | None = None) -> set[tuple[str, str]]:
    doc = InputDocument(id="x", text=text, title=title, published_at="2026-05-20")
    return {(e.type, e.canonical) for e in engine.extract(doc).entities}


def _events(engine, text: str, title: str | None = None, pub: str = "2026-05-20") -> list[tuple]:
    doc = InputDocument(id="x", text=text, title=title, published_at=pub)
    return [(e.type, e.date, e.drug) for e in engine.extract(doc).events]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a function word glued to a long legal name or to an unseen brand is not part of it
        (
            "本次配售乃由岚湾细胞治疗控股有限公司（「本公司」）发起。",
            {("company", "岚湾细胞")},
            {("company", "由岚湾细胞")},
        ),
        ("据朔辰生物官方消息，公司已完成募资。", {("company", "朔辰生物")}, {("company", "据朔辰生物")}),
        # a name jieba split into characters keeps a character that is also a function word
        ("批准苏州宁和医药科技有限公司申报的注射液", {("company", "宁和医药")}, {("company", "医药")}),
        ("患者在杭州市天和医院接受治疗。", {("company", "杭州市天和医院")}, {("region", "杭州")}),
        # policy verbs, role nouns and cell types are no firm names
        ("浙江印发干细胞临床研究管理细则", {("cell_type", "干细胞")}, {("company", "印发干细胞")}),
        ("一位券商生物行业研究员表示", set(), {("company", "券商生物")}),
        ("微载体可在生物反应器中扩增细胞。", set(), {("company", "可在生物")}),
        # an X细胞 firm in a list of firms
        ("目前，澄岚细胞、禾川医药等企业已进入临床。", {("company", "澄岚细胞"), ("company", "禾川医药")}, set()),
        # codes with one digit name a product when a dosage form follows
        ("其核心产品QT-R2注射液用于治疗狼疮肾炎。", {("drug", "QT-R2注射液")}, {("cell_type", "间充质干细胞")}),
        # a short form of a policy named earlier in the text is that policy
        (
            "省政府印发《江苏省支持细胞治疗产业发展若干政策措施》（以下简称《若干政策措施》）。《若干政策措施》明确了奖励标准。",
            {("policy", "江苏省支持细胞治疗产业发展若干政策措施")},
            {("policy", "若干政策措施")},
        ),
        # grade qualifiers are dropped, leaving an adverse event that is no indication
        ("未观察到3级及以上细胞因子释放综合征。", set(), {("indication", "级及以上细胞因子释放综合征")}),
        # a disease before 的临床研究 is found; planning verbs end the walk back
        ("间充质干细胞治疗慢性肾小球肾病的临床研究完成备案。", {("indication", "慢性肾小球肾病")}, set()),
        ("医院将围绕肝硬化开展干细胞研究。", {("indication", "肝硬化")}, {("indication", "围绕肝硬化")}),
        # regulatory T cells are a cell type, by name or abbreviation
        ("公司专注于Treg细胞疗法。", {("cell_type", "调节性T细胞")}, set()),
    ],
)
def test_entity_rules(engine, text, present, absent):
    found = _entities(engine, text)
    assert present <= found, found
    assert not (absent & found), found


def test_code_in_a_products_bracket_names_the_product_throughout(engine):
    text = (
        "本公司的朔基仑赛注射液（商品名：朔安达，研发代号：SX-207）已于2026年5月8日获批上市。"
        "本公司不能保证SX-207的销售表现。"
    )
    found = _entities(engine, text)
    assert ("drug", "朔基仑赛注射液") in found
    assert not any(t == "drug" and c == "SX-207" for t, c in found)
    assert _events(engine, text) == [("drug_approval", "2026-05-08", "朔基仑赛注射液")]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a bracketed flash headline is its own sentence: the body's date is the event's
        (
            "【澄川生物：CR-301注射液获临床试验默示许可】财联社5月20日电，公司CR-301注射液于5月18日获得默示许可。",
            None,
            [("ind_approval", "2026-05-18", "CR-301注射液")],
        ),
        # 上月18日 resolves to a day of the previous month
        (
            "上月18日，公司泊安赛注射液开出首张处方。",
            None,
            [("first_prescription", "2026-04-18", "泊安赛注射液")],
        ),
        # acceptance and a later, separately dated priority review are two events
        (
            "泊安赛注射液的上市许可申请于今年1月获受理，并于今年3月纳入优先审评。",
            None,
            [("nda_accepted", "2026-01", "泊安赛注射液"), ("priority_review", "2026-03", "泊安赛注射液")],
        ),
        # an undated priority review in the same breath is an event of its own, but the date is the acceptance's
        (
            "泊安赛注射液的上市许可申请于今年1月获受理，并被纳入优先审评审批程序。",
            None,
            [("nda_accepted", "2026-01", "泊安赛注射液"), ("priority_review", None, "泊安赛注射液")],
        ),
        # a word inside a policy title (行动计划) is no hedge
        (
            "4月30日，省政府办公厅印发《云南省细胞治疗产业发展三年行动计划（2026—2028年）》。",
            None,
            [("policy_issued", "2026-04-30", None)],
        ),
        # what may be done (既可…完成备案) is a rule, not a filing
        ("医疗机构既可在卫健委完成干细胞临床研究备案，也可申报药品注册。", None, []),
        # a clarification notice denies the reported claim
        (
            "近日有媒体发布文章称“公司BX-11注射液已获批上市”。经核实，BX-11注射液仍处于Ⅱ期临床试验阶段。",
            "关于媒体报道的澄清公告",
            [],
        ),
        # a sentence with a forward-looking size is one market_forecast, dated by its statement
        (
            "测算显示，2025年国内免疫细胞治疗市场规模约为150亿元，预计到2030年将达到900亿元。",
            None,
            [("market_forecast", "2026-05-20", None)],
        ),
        # a past year's size alone is a statistic
        ("测算显示，2025年国内免疫细胞治疗市场规模约为150亿元。", None, []),
    ],
)
def test_event_rules(engine, text, title, expected):
    assert _events(engine, text, title) == expected


def test_approval_record_with_a_verdict(engine):
    text = (
        "药品名称：泊安赛注射液\n受理号：CXSS2500321\n药品类型：治疗用生物制品\n"
        "上市许可持有人：苏州泊安生物科技有限公司\n审批结论：批准上市\n批准日期：2026-05-12"
    )
    doc = InputDocument(id="x", text=text, title="药品批准证明文件送达信息发布", published_at="2026-05-14")
    (event,) = engine.extract(doc).events
    assert (event.type, event.date, event.drug, event.company) == (
        "drug_approval",
        "2026-05-12",
        "泊安赛注射液",
        "泊安生物",
    )


# Rules added when holdout3 became tuning material (again new sentences, not gold texts).


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a code in a descriptive product's bracket, lowercase letters and one digit allowed
        (
            "人脐带间充质干细胞注射液（QY-mS5）获得默示许可。",
            {("drug", "QY-MS5")},
            {("drug", "人脐带间充质干细胞注射液")},
        ),
        # a declared short name without 以下
        ("苏州澄澜再生医学科技有限公司（简称“澄澜再生”）宣布，澄澜再生已完成入组。", {("company", "澄澜再生")}, set()),
        # investors in the lead slot need no suffix; suffixed ones before other verbs are found
        (
            "本轮融资由鼎晖远景领投，老股东梧桐资本持续加注，启元资本担任独家财务顾问。",
            {("company", "鼎晖远景"), ("company", "梧桐资本"), ("company", "启元资本")},
            set(),
        ),
        # time words, counters and modal verbs are no part of a name
        ("上月岚禾生物完成融资。", {("company", "岚禾生物")}, {("company", "上月岚禾生物")}),
        ("已有40余家医院完成准入，患者可在医院接受治疗。", set(), {("company", "余家医院"), ("company", "可在医院")}),
        # a subtype is part of the disease; 转移性 is dropped like a stage
        (
            "用于治疗复发或难治性B细胞急性淋巴细胞白血病。",
            {("indication", "B细胞急性淋巴细胞白血病")},
            {("indication", "复发或难治性B细胞急性淋巴细胞白血病")},
        ),
        ("拟用于治疗复发或转移性鼻咽癌。", {("indication", "鼻咽癌")}, {("indication", "转移性鼻咽癌")}),
        # a dateline or signature place is no region of the story
        ("新华社广州3月2日电 省政府印发细胞治疗产业政策。", set(), {("region", "广州")}),
    ],
)
def test_entity_rules_second_round(engine, text, present, absent):
    found = _entities(engine, text)
    assert present <= found, found
    assert not (absent & found), found


def test_declared_trade_name_is_the_product_elsewhere(engine):
    text = "5月6日，公司沐宁迈托赛注射液（商品名：骼安康）开出首张处方。今年2月，骼安康获国家药监局附条件批准上市。"
    assert _events(engine, text) == [
        ("first_prescription", "2026-05-06", "沐宁迈托赛注射液"),
        ("drug_approval", "2026-02", "沐宁迈托赛注射液"),
    ]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a register table split by | with a labelled line under a row
        (
            "受理号 | 药品名称 | 药品类型 | 企业名称 | 承办日期\n"
            "CXSL2600111 | 抗GPRC5D CAR-T细胞注射液（RX-0507） | 治疗用生物制品 | "
            "苏州睿星生物科技有限公司 | 2026-05-18\n"
            "　适应症：多发性骨髓瘤",
            "受理品种信息",
            [("ind_accepted", "2026-05-18", "RX-0507")],
        ),
        # numbered records split by spaces only, dated by the list's lead sentence
        (
            "以下申请自2026年5月12日起纳入优先审评审批程序：\n"
            "1．受理号：CXSS2600071　药品名称：岚基奥仑赛注射液　"
            "申请人：岚星生物科技（上海）有限公司　拟定适应症：复发或难治性套细胞淋巴瘤",
            "优先审评公示结果",
            [("priority_review", "2026-05-12", "岚基奥仑赛注射液")],
        ),
        # a new-indication supplement accepted; the date inside the trigger's span beats the dateline
        (
            "财联社5月20日电，公司泊安赛注射液的新适应症补充申请已于5月19日获国家药监局受理，受理号CXSB2600044。",
            None,
            [("nda_accepted", "2026-05-19", "泊安赛注射液")],
        ),
        # a notice issuing the policy named by the sentence before
        (
            "为规范细胞治疗临床研究，我委制定了《细胞治疗临床研究伦理审查指南》。现印发给你们，请遵照执行。\n国家卫生健康委\n2026年5月15日",
            None,
            [("policy_issued", "2026-05-15", None)],
        ),
        # follow-up results read out at a congress; a filing named 成功备案
        (
            "5月16日，公司在ISSCR年会上公布了QY-501注射液II期研究长期随访结果，缓解率为81%。",
            None,
            [("clinical_result", "2026-05-16", "QY-501注射液")],
        ),
        ("上月，市第一人民医院牵头的干细胞临床研究项目成功备案。", None, [("research_filing", "2026-04", None)]),
        # a question reports nothing
        ("投资者提问：公司QY-501注射液是否已经获批上市？", None, []),
    ],
)
def test_event_rules_second_round(engine, text, title, expected):
    assert _events(engine, text, title) == expected


def test_each_item_of_a_filing_list_is_a_filing_dated_by_the_signature(engine):
    text = (
        "现将以下干细胞临床研究项目予以备案：\n"
        "一、人脐带间充质干细胞治疗膝骨关节炎的临床研究，备案机构：浙江大学医学院附属第一医院；\n"
        "二、间充质干细胞治疗肝硬化的临床研究，备案机构：南京鼓楼医院。\n"
        "国家卫生健康委办公厅\n2026年5月8日"
    )
    doc = InputDocument(id="x", text=text, title="关于公布干细胞临床研究备案项目的通知", published_at="2026-05-12")
    events = engine.extract(doc).events
    assert sorted((e.type, e.date, e.company) for e in events) == [
        ("research_filing", "2026-05-08", "南京鼓楼医院"),
        ("research_filing", "2026-05-08", "浙江大学医学院附属第一医院"),
    ]


# Rules added when holdout4 became tuning material.


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("国内已有阿基仑赛注射液等产品上市。", {("drug", "阿基仑赛注射液")}, {("drug", "有阿基仑赛注射液")}),
        (
            "药品名称：QK-TR05细胞注射液；申请人：某某公司",
            {("drug", "QK-TR05细胞注射液")},
            {("drug", "TR05细胞注射液")},
        ),
        (
            "受访的多位医院负责人表示，细胞治疗需要医院具备制备能力。",
            set(),
            {("company", "多位医院"), ("company", "需要医院")},
        ),
        ("重庆岫川再生医学科技有限公司宣布完成融资。", {("company", "岫川再生")}, set()),
        ("由一家海外主权基金领投，知行资本跟投。", {("company", "知行资本")}, {("company", "海外主权基金")}),
        ("用于治疗重型β-地中海贫血。", {("indication", "β地中海贫血")}, {("indication", "地中海贫血")}),
        ("北京时间6月1日，年会公布了数据。", set(), {("region", "北京")}),
    ],
)
def test_entity_rules_third_round(engine, text, present, absent):
    found = _entities(engine, text)
    assert present <= found, found
    assert not (absent & found), found


@pytest.mark.parametrize(
    ("text", "title", "pub", "expected"),
    [
        # a bare day named with the announcement, in the publication's month
        (
            "岫川生物19日晚间披露，公司QK-501注射液的临床试验申请已获受理。",
            None,
            "2026-05-20",
            [("ind_accepted", "2026-05-19", "QK-501注射液")],
        ),
        # a leading date governs a later trigger; "获批上市后的" is an attribute, not an approval
        (
            "5月8日，医院为患者开具了岫宁赛注射液处方，这是该药今年1月获批上市后的首张处方。",
            None,
            "2026-05-09",
            [("drug_approval", "2026-01", "岫宁赛注射液"), ("first_prescription", "2026-05-08", "岫宁赛注射液")],
        ),
        # a growth statement is one forecast, dated by its statement; a report's title year dates nothing
        (
            "据《2027中国细胞治疗蓝皮书》，市场规模预计将从2025年的约30亿美元增长至2032年的150亿美元。",
            None,
            "2026-05-20",
            [("market_forecast", "2026-05-20", None)],
        ),
        # a readout named by its source (该产品…披露了…研究结果) carries the product named before
        (
            "QK-501注射液进展顺利。该产品在2025年12月的年会上披露了II期研究结果，客观缓解率为80%。",
            None,
            "2026-05-20",
            [("clinical_result", "2025-12", "QK-501注射液")],
        ),
        # rules about filings, and benefits for those who file, are no filings
        ("机构完成备案后，方可将研究项目提交备案。", None, "2026-05-20", []),
        ("对完成干细胞临床研究项目备案的医疗机构，给予最高200万元支持。", None, "2026-05-20", []),
        # an approval record whose verdict agrees to a trial
        (
            "药品名称：QK-501注射液；受理号：CXSL2600177；审批结论：同意本品开展膝骨关节炎的临床试验。",
            "关于获得药物临床试验批准通知书的公告",
            "2026-05-20",
            [("ind_approval", "2026-05", "QK-501注射液")],
        ),
        # a list row numbered 序号1 without a colon
        (
            "序号1　受理号：CXSS2600031；药品名称：岫宁赛注射液；申请人：岫川生物科技有限公司；公示日期：2026-05-11\n"
            "序号2　受理号：CXSS2600032；药品名称：川安赛注射液；申请人：川安生物科技有限公司；公示日期：2026-05-11",
            "拟纳入优先审评品种公示",
            "2026-05-12",
            [("priority_review", "2026-05-11", "岫宁赛注射液"), ("priority_review", "2026-05-11", "川安赛注射液")],
        ),
    ],
)
def test_event_rules_third_round(engine, text, title, pub, expected):
    assert _events(engine, text, title, pub) == expected


# Rules added when holdout5 became tuning material.


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # an owner glued to its product's name, whatever the owner's suffix
        ("昨日，琨元细胞琨宁赛注射液完成首例治疗。", {("drug", "琨宁赛注射液")}, {("drug", "琨元细胞琨宁赛注射液")}),
        # Hong Kong's declared short name in 「」
        ("琨元基因醫藥控股有限公司（「琨元基因」或「本公司」）宣佈", {("company", "琨元基因")}, set()),
        ("目前已有十余家医院完成准入。", set(), {("company", "有十余家医院")}),
    ],
)
def test_entity_rules_fourth_round(engine, text, present, absent):
    found = _entities(engine, text)
    assert present <= found, found
    assert not (absent & found), found


@pytest.mark.parametrize(
    ("text", "title", "pub", "expected"),
    [
        # a register table whose date column is just 日期
        (
            "受理号 | 药品名称 | 企业名称 | 注册分类 | 日期\n"
            "CXSL2600301 | 琨宁赛注射液 | 琨元生物科技有限公司 | 治疗用生物制品1类 | 2026-05-14",
            "临床试验默示许可信息公示",
            "2026-05-18",
            [("ind_approval", "2026-05-14", "琨宁赛注射液")],
        ),
        # an FDA IND clearance, with (IND) between its words
        (
            "KY-205已于2026年5月11日獲得美國FDA的新藥臨床試驗（IND）許可。",
            None,
            "2026-05-12",
            [("ind_approval", "2026-05-11", "KY-205")],
        ),
        # a commercial launch is a first_prescription; an earlier approval the text does not date is
        # still an event, undated (the real-text annotations count them; 2026-12-03)
        (
            "琨宁赛注射液已于2026年5月15日正式上市销售。该产品此前已获批用于治疗膝骨关节炎。",
            None,
            "2026-05-18",
            [("first_prescription", "2026-05-15", "琨宁赛注射液"), ("drug_approval", None, "琨宁赛注射液")],
        ),
        # a product named after the trigger's clause is a comparison, not the subject
        (
            "琨宁赛注射液今年3月获附条件批准上市，是继睿铂生之后第二款获批的同类药物。",
            None,
            "2026-05-18",
            [("drug_approval", "2026-03", "琨宁赛注射液")],
        ),
    ],
)
def test_event_rules_fourth_round(engine, text, title, pub, expected):
    assert _events(engine, text, title, pub) == expected
