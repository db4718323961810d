"""Rules added for the demo registry's remaining false events (issue 15); each case is a new sentence."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit

# A listed company's announcement: the issuer is the announcing firm (证券简称).
HEADER = "证券代码：300999 证券简称：禾川医药 公告编号：2026-031\n"


def _events(engine, text: str, pub: str = "2026-05-20") -> list:
    return engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub)).events


@pytest.mark.parametrize(
    "text",
    [
        # a trial's design is no result: its endpoints are named, not reached
        "QT-R2注射液Ⅰ期试验为多中心、开放研究，主要终点为安全性和耐受性。",
        "该研究主要终点是12个月时的客观缓解率。",
        # milestones counted over many firms or products name no product
        "近期多家生物科技公司相继披露干细胞注射液临床试验申请获得受理的进展。",
        "截至目前，累计已有40余项CAR-T产品获得临床试验默示许可。",
    ],
)
def test_no_event_from_designs_and_aggregates(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "QT-R2注射液Ⅰ期试验达到主要终点，客观缓解率为41.7%。",
        "公司近日收到国家药监局签发的《受理通知书》，QT-R2注射液临床试验申请获得受理。",
    ],
)
def test_single_product_reports_still_give_their_event(engine, text):
    assert len(_events(engine, text)) == 1


def test_an_industry_first_cited_by_an_announcement_is_not_the_announcers(engine):
    events = _events(engine, HEADER + "公司关注到，我国首款CAR-T细胞治疗药品已于2026年3月获批上市。")
    assert [(e.type, e.drug, e.company, e.date) for e in events] == [("drug_approval", None, None, "2026-03")]


def test_the_announcers_own_first_product_stays_its_own(engine):
    events = _events(engine, HEADER + "公司自主研发的首款细胞治疗产品于2026年3月获批上市。")
    assert [(e.type, e.company) for e in events] == [("drug_approval", "禾川医药")]


# --------------------------------------------------------------------------- real-text recall round (issue 14)


@pytest.mark.parametrize(
    "text",
    [
        "禾川医药自主研发的HC-207注射液的临床试验申请（IND）已获国家药品监督管理局（NMPA）批准。",
        "HC-207注射液的临床试验申请,已获得国家药监局药品审评中心（CDE）批准,拟用于治疗血友病B。",
        "2025年4月,HC-207注射液用于治疗血友病B的IND申请也获得美国食品药品监督管理局（FDA）许可。",
        "药审中心于2025年4月受理HC-207注射液的申请,2025年6月批准该疗法开展临床试验。",
        "HC-207注射液已获得国家药品监督管理局的正式批准,开展注册临床I/II期试验。",
        "HC-207注射液已获FDA批准在美国进行II期研究。",
        "公司收到国家药监局核准签发的HC-207注射液《药物临床试验补充申请批准通知书》。",
    ],
)
def test_more_ways_of_saying_a_clinical_trial_was_approved(engine, text):
    events = _events(engine, text)
    assert ("ind_approval", "HC-207注射液") in {(e.type, e.drug) for e in events}


def test_every_title_an_issuing_verb_governs_is_its_own_policy_event(engine):
    text = "2026年3月2日,药审中心发布《基因治疗产品长期随访技术指导原则》《溶瘤病毒产品药学研究技术指导原则》。"
    events = _events(engine, text)
    assert sorted((e.type, e.policy, e.date) for e in events) == [
        ("policy_issued", "基因治疗产品长期随访技术指导原则", "2026-03-02"),
        ("policy_issued", "溶瘤病毒产品药学研究技术指导原则", "2026-03-02"),
    ]


def test_a_page_with_pinyin_glosses_is_read_as_if_it_had_none(engine):
    # Some mirrors of Traditional pages glue a pinyin gloss to characters: 監(jiān)局, 發(fā)布.
    text = "3月2日,國家藥監(jiān)局發(fā)布《溶瘤病毒產(chǎn)品藥學(xué)研究技術(shù)指導(dǎo)原則》。"
    result = engine.extract(InputDocument(id="g", text=text, title=None, published_at="2026-03-05"))
    policies = [e for e in result.entities if e.type == "policy"]
    assert [e.canonical for e in policies] == ["溶瘤病毒产品药学研究技术指导原则"]
    # Offsets point into the original, glosses included.
    assert all(text[e.start : e.end] == e.text for e in result.entities)
    assert text[policies[0].start : policies[0].end].strip("《》").startswith("溶瘤病毒產(chǎn)品")
    [event] = result.events
    assert (event.type, event.policy, event.date) == ("policy_issued", "溶瘤病毒产品药学研究技术指导原则", "2026-03-02")
    assert text[event.evidence_start : event.evidence_end] == event.evidence


def test_an_announcement_about_one_product_gives_it_the_milestone_its_body_does_not_name(engine):
    title = "关于HC-207注射液获得药物临床试验批准通知书的公告"
    body = HEADER + "公司于近日收到国家药品监督管理局核准签发的《药物临床试验批准通知书》,同意开展临床试验。"
    doc = InputDocument(id="a", text=body, title=title, published_at="2026-05-20")
    assert {(e.type, e.drug) for e in engine.extract(doc).events} == {("ind_approval", "HC-207注射液")}


def test_a_document_naming_several_products_does_not_guess_which_one(engine):
    body = (
        "HC-207注射液和QT-R2注射液均处于临床前阶段。"
        "公司于近日收到国家药品监督管理局核准签发的《药物临床试验批准通知书》,同意开展临床试验。"
    )
    doc = InputDocument(id="b", text=body, title=None, published_at="2026-05-20")
    assert {(e.type, e.drug) for e in engine.extract(doc).events if e.type == "ind_approval"} <= {
        ("ind_approval", None)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a foreign regulator's approval, and a long product description between 批准 and 上市
        ("2024年2月,lifileucel获美国FDA批准,用于治疗晚期黑色素瘤。", ("drug_approval", "Amtagvi", "2024-02")),
        (
            "美国FDA于2017年12月19日批准Spark Therapeutics公司的"
            "voretigene neparvovec-rzyl（商品名:Luxturna）注射用混悬液上市。",
            ("drug_approval", "Luxturna", "2017-12-19"),
        ),
        # narrative readouts: every endpoint reached, safety described with its companion (told without a
        # time: undated, ANNOTATION.md)
        ("该产品的II期试验顺利达到全部终点,患者症状明显缓解。", ("clinical_result", "QT-R2注射液", None)),
        ("截至目前,该试验受试者安全性及耐受性均表现良好。", ("clinical_result", "QT-R2注射液", None)),
        ("这款干细胞药物展现出令人鼓舞的疗效。", ("clinical_result", "QT-R2注射液", None)),
        # a round "拿到" is a round received
        ("2025年6月,澄岚细胞拿到了3000万元的天使投资。", ("financing", None, "2025-06")),
    ],
)
def test_readouts_foreign_approvals_and_rounds_in_other_words(engine, text, expected):
    lead = "QT-R2注射液是一款间充质干细胞药物。"
    events = _events(engine, lead + text)
    assert expected in {(e.type, e.drug, e.date) for e in events}


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a declared short name in any of its spellings names the firm for the rest of the text
        ("朔禾生物科技有限公司（下称“朔禾”）今日宣布完成融资。朔禾成立于2019年。", "朔禾", "朔禾生物"),
        ("杭州朔禾生物科技有限公司（以下称“朔禾生物）宣布完成融资。", "朔禾生物", None),
        # a legal name whose brand the knowledge base knows is that firm (纽福斯, not 纽福斯生物)
        ("纽福斯生物科技有限公司宣布完成新一轮融资。", "纽福斯", "纽福斯生物"),
    ],
)
def test_company_names_declared_or_known_by_their_brand(engine, text, expected, absent):
    found = {e.canonical for e in engine.extract(InputDocument(id="c", text=text, title=None)).entities}
    assert expected in found, found
    assert absent not in found


def test_that_month_is_the_month_just_named_not_the_publication_month():
    from transforms.dates import find_dates

    text = "2024年9月3日,药审中心将该产品纳入优先审评,并于同月20日受理其上市申请。"
    assert [d.value for d in find_dates(text, date(2025, 4, 1))] == ["2024-09-03", "2024-09-20"]
    # Alone, 当月 is still the publication's month.
    assert [d.value for d in find_dates("当月18日完成首例给药。", date(2025, 4, 1))] == ["2025-04-18"]


def test_a_signature_date_run_on_after_the_closing_formula_dates_the_notice(engine):
    text = (
        "各省卫生健康委:为规范细胞治疗临床研究,我委组织制定了《细胞治疗临床研究备案工作规范》。"
        "现印发给你们,请遵照执行。2024年5月16日 OFFICE OF THE COMMISSION"
    )
    events = _events(engine, text, pub=None)
    assert ("policy_issued", "2024-05-16") in {(e.type, e.date) for e in events}


@pytest.mark.parametrize(
    "text",
    [
        # 计划生育 is a commission's name, not a plan
        "2016年3月1日,某省卫生和计划生育委员会印发《某省干细胞临床研究管理实施细则》。",
        # adopted by vote, revised, or put into effect together
        "2022年12月29日,市人大常委会会议表决通过《某市细胞和基因产业促进条例》。",
        "2017年10月26日,原食药监总局组织对《药品注册管理办法》进行了修订。",
        "2026年1月1日,《某省细胞治疗药品目录（2026年）》正式执行。",
    ],
)
def test_more_ways_a_policy_is_issued(engine, text):
    assert "policy_issued" in {e.type for e in _events(engine, text)}


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月,QT-R2注射液获得美国食品药品监督管理局（FDA）突破性疗法认定。",
        "2024年3月,QT-R2注射液被药审中心正式纳入“突破性治疗药物”名单。",
    ],
)
def test_breakthrough_designations_in_the_fdas_wording_and_in_quotes(engine, text):
    assert ("breakthrough_therapy", "QT-R2注射液", "2024-03") in {
        (e.type, e.drug, e.date) for e in _events(engine, text)
    }


def test_without_a_publication_date_a_yearless_month_continues_the_sentences_year():
    from transforms.dates import find_dates

    text = "该产品2020年1月进入I期临床,再到12月被纳入名单,次年3月完成入组"
    assert [d.value for d in find_dates(text, None)] == ["2020-01", "2020-12", "2021-03"]
    assert [d.value for d in find_dates("2020年11月获批临床,2月完成首例给药", None)] == ["2020-11", "2021-02"]
    # With a publication date the usual inference stands.
    assert [d.value for d in find_dates("12月被纳入名单", date(2021, 3, 1))] == ["2020-12"]


def test_a_product_known_by_its_target_and_an_anaphor_over_a_class_word(engine):
    # 该基因治疗药物 refers back like 该产品; a BCMA CAR-T细胞疗法 is an unnamed product, not no product.
    text = "QT-R2注射液获批上市。该基因治疗药物此前已获得默示许可,用于治疗银屑病。"
    events = {(e.type, e.drug, e.date) for e in _events(engine, text)}
    assert ("ind_approval", "QT-R2注射液", None) in events
    unnamed = _events(engine, "2018年3月,BCMA CAR-T细胞疗法获得临床试验批件。")
    assert [(e.type, e.drug, e.date) for e in unnamed] == [("ind_approval", None, "2018-03")]


def test_the_product_after_ji_is_the_reference_point_not_the_subject(engine):
    text = "继全球首个CAR-T产品Kymriah上市一个多月后,10月18日,FDA批准了Yescarta,用于治疗大B细胞淋巴瘤。"
    events = _events(engine, text, pub="2017-10-20")
    assert [(e.type, e.drug) for e in events if e.type == "drug_approval"] == [("drug_approval", "阿基仑赛注射液")]


def test_a_series_of_approvals_is_an_aggregate(engine):
    assert list(_events(engine, "2025年,一系列具有首创意义的细胞疗法获批上市。")) == []


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("患者来到花莲慈济医院接受CAR-T治疗。", "花莲慈济医院"),
        ("病情稳定,所以慈济医院决定让他出院。", "慈济医院"),
    ],
)
def test_a_hospital_name_does_not_take_in_the_words_before_it(engine, text, hospital):
    found = {e.canonical for e in engine.extract(InputDocument(id="h", text=text, title=None)).entities}
    assert hospital in found, found
    assert not {c for c in found if c.endswith("医院") and c != hospital}


@pytest.mark.parametrize(
    "text", ["该疗法可减轻多器官损伤。", "间充质干细胞可抑制组织炎症。", "治疗后患者眼部炎症消退。"]
)
def test_damage_to_a_body_part_is_no_indication(engine, text):
    found = {e.type for e in engine.extract(InputDocument(id="p", text=text, title=None)).entities}
    assert "indication" not in found


def test_diseases_named_from_their_head_still_are(engine):
    found = {
        e.canonical for e in engine.extract(InputDocument(id="d", text="用于治疗脊髓损伤患者。", title=None)).entities
    }
    assert "脊髓损伤" in found
