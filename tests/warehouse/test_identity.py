"""Event identity rules (warehouse.identity): reports of one event in any order and precision give one event."""

from __future__ import annotations

import itertools
import random

import pytest

from warehouse.identity import (
    RULE_ACCEPTANCE,
    RULE_DOCUMENT_NUMBER,
    RULE_FIRST,
    RULE_PRODUCT,
    RULE_PRODUCT_INDICATION,
    RULE_SUBJECT,
    RULE_SUBJECT_DATE,
    RULE_UNNAMED,
    EvidenceRef,
    assign_events,
    indications_compatible,
    product_family,
    regulator_of,
)

pytestmark = pytest.mark.unit


def ref(doc: str, event_type: str = "drug_approval", drug: str | None = "艾米迈托赛注射液", **extra) -> EvidenceRef:
    subject = extra.pop("subject_key", f"{event_type}|{drug}")
    return EvidenceRef(
        key=(doc, event_type, "text", extra.pop("start", 0), extra.pop("variant", "")),
        event_type=event_type,
        subject_key=subject,
        drug=drug,
        published_at=extra.pop("published_at", f"2025-06-{len(doc):02d}T00:00:00"),
        **extra,
    )


def events_of(refs: list[EvidenceRef]) -> list[set[str]]:
    """The documents of each event, as a sorted list of sets."""
    by_event: dict[str, set[str]] = {}
    for a in assign_events(refs):
        by_event.setdefault(a.event_id, set()).add(a.key[0])
    return sorted(by_event.values(), key=sorted)


def rules_of(refs: list[EvidenceRef]) -> dict[str, str]:
    return {a.key[0]: a.rule for a in assign_events(refs)}


# One approval, reported by the regulator (day), a news item a month later (month only, 上月获批), a half-year
# report (报告期内…获得, no indication) and a year-end review (the year alone).
APPROVAL = [
    ref("nmpa", date="2025-01-02", indication="急性移植物抗宿主病", regulator="NMPA"),
    ref("news", date="2025-01", indication="急性移植物抗宿主病"),
    ref("halfyear", date="2025-01"),
    ref("review", date="2025", indication="类固醇难治性急性移植物抗宿主病"),
]


def test_every_order_of_the_reports_of_one_approval_gives_one_event_with_the_same_id():
    outcomes = set()
    for order in itertools.permutations(APPROVAL):
        assignments = assign_events(list(order))
        assert len({a.event_id for a in assignments}) == 1
        outcomes.add(tuple(assignments))
    assert len(outcomes) == 1


def test_each_report_says_why_it_joined():
    assert rules_of(APPROVAL) == {
        "nmpa": RULE_FIRST,
        "news": RULE_PRODUCT_INDICATION,
        "halfyear": RULE_PRODUCT,
        "review": RULE_PRODUCT_INDICATION,
    }


def test_a_later_vaguer_report_with_a_contradicting_month_still_joins_a_once_only_milestone():
    refs = [
        ref("cninfo", "ind_approval", "GH-M02", date="2025-07", indication="特发性肺纤维化"),
        ref("news", "ind_approval", "GH-M02", date="2025-08"),
    ]
    assert events_of(refs) == [{"cninfo", "news"}]


@pytest.mark.parametrize(
    ("second", "separate"),
    [
        ({"indication": "膝骨关节炎"}, True),  # the same product approved for another use
        ({"regulator": "FDA"}, True),  # the same product approved by another regulator
        ({"regulator": "NMPA"}, False),
        ({"indication": "急性移植物抗宿主病"}, False),
    ],
)
def test_approvals_are_one_per_product_indication_and_regulator(second, separate):
    refs = [ref("a", date="2025-01-02", indication="急性移植物抗宿主病", regulator="NMPA"), ref("b", **second)]
    assert (len(events_of(refs)) == 2) is separate


def test_an_acceptance_number_links_the_application_across_names_and_reports():
    refs = [
        # The CDE record names the product generically; the announcement by its code; both quote the 受理号.
        ref("cde", "nda_accepted", "人脐带间充质干细胞注射液", date="2025-08-20", acceptance_no="CXSS2500101"),
        ref("cninfo", "nda_accepted", "ZYX-201", date="2025-08", acceptance_no="CXSS2500101", indication="膝骨关节炎"),
        ref("news", "nda_accepted", "ZYX-201", date="2025-09"),  # no 受理号: joins by product
        # Another application of another product with the same generic name stays apart.
        ref("other", "nda_accepted", "人脐带间充质干细胞注射液", date="2025-04-29", acceptance_no="CXSS2500008"),
    ]
    assert events_of(refs) == [{"cde", "cninfo", "news"}, {"other"}]
    assert rules_of(refs)["cde"] == RULE_ACCEPTANCE


def test_ind_milestones_are_one_per_product_and_indication():
    refs = [
        ref("a", "ind_approval", "FKC-201", date="2025-04", indication="系统性红斑狼疮"),
        ref("b", "ind_approval", "FKC-201", date="2025-11", indication="视神经脊髓炎"),
        ref("c", "ind_approval", "FKC-201", date="2025-04-10"),  # no indication: joins the one its date fits
        ref("d", "ind_accepted", "FKC-201", date="2025-01", indication="系统性红斑狼疮"),
    ]
    assert events_of(refs) == [{"a", "c"}, {"b"}, {"d"}]


def test_first_prescription_is_one_per_product_whatever_the_indication():
    refs = [
        ref("a", "first_prescription", date="2025-06-05", indication="急性移植物抗宿主病"),
        ref("b", "first_prescription", date="2025-12", indication="膝骨关节炎"),
    ]
    assert events_of(refs) == [{"a", "b"}]


def test_non_milestones_merge_on_subject_and_compatible_dates_only():
    fin = {"drug": None, "subject_key": "financing|启衡生物|B轮"}
    refs = [
        ref("a", "financing", date="2025-02-26", **fin),
        ref("b", "financing", date="2025-02", **fin),
        ref("c", "financing", date="2024-05", **fin),
    ]
    assert events_of(refs) == [{"a", "b"}, {"c"}]
    assert rules_of(refs)["b"] == RULE_SUBJECT_DATE


UNNAMED = {"drug": None, "subject_key": "drug_approval|?None|None"}


def test_an_unnamed_approval_joins_the_one_named_approval_its_date_fits_in_every_order():
    # 2025年1月我国首款干细胞治疗药品获批上市, cited by a half-year report and by another company's notice.
    refs = [
        *APPROVAL[:2],
        ref("halfyear-unnamed", date="2025-01", **UNNAMED),
        ref("notice-unnamed", date="2025-01", regulator="NMPA", **UNNAMED),
        ref("other", drug="X-1", date="2025-09-12", regulator="NMPA"),
    ]
    outcomes = {tuple(assign_events(list(order))) for order in itertools.permutations(refs)}
    assert len(outcomes) == 1
    assert events_of(refs) == [{"halfyear-unnamed", "news", "nmpa", "notice-unnamed"}, {"other"}]
    assert rules_of(refs)["notice-unnamed"] == RULE_UNNAMED


@pytest.mark.parametrize(
    ("unnamed", "joins"),
    [
        ({"date": "2025"}, False),  # two approvals that year: which one is not known
        ({"date": "2025-09"}, True),
        ({"date": None}, False),  # undated: nothing to tell
        ({"date": "2025-09", "regulator": "FDA"}, False),  # another regulator's approval
        ({"date": "2025-09", "company": "舒泰神"}, False),  # a company's own unnamed product stays its own
    ],
)
def test_an_unnamed_report_joins_only_an_unambiguous_named_event(unnamed, joins):
    refs = [
        ref("a", date="2025-01-02", regulator="NMPA"),
        ref("b", drug="X-1", date="2025-09-12", regulator="NMPA"),
        ref("u", **{**UNNAMED, **unnamed}),
    ]
    assert (len(events_of(refs)) == 2) is joins


def test_one_forecast_quoted_in_several_months_is_one_event():
    forecast = {"drug": None, "subject_key": "market_forecast|2029|2e+11|"}
    refs = [
        ref("march", "market_forecast", date="2025-03", **forecast),
        ref("august", "market_forecast", date="2025-08", **forecast),
        ref("september", "market_forecast", date="2025-09-18", **forecast),
        ref("other", "market_forecast", date="2025-09", drug=None, subject_key="market_forecast|2030|5e+11|"),
    ]
    assert events_of(refs) == [{"august", "march", "september"}, {"other"}]
    assert rules_of(refs)["march"] == RULE_SUBJECT


def test_policies_are_one_per_document_number_and_drafts_stay_apart():
    policy = {"drug": None, "subject_key": "policy_issued|干细胞临床研究管理办法"}
    refs = [
        ref("gov", "policy_issued", date="2025-09-05", document_number="国卫科教函〔2025〕215号", **policy),
        ref("nhc", "policy_issued", date="2025-09-11", document_number="国卫科教函〔2025〕215号", **policy),
        ref("draft", "policy_issued", date="2025-09-05", is_draft=True, **policy),
    ]
    assert events_of(refs) == [{"draft"}, {"gov", "nhc"}]
    assert rules_of(refs)["nhc"] == RULE_DOCUMENT_NUMBER


def test_random_orders_of_a_mixed_family_give_identical_assignments():
    refs = [
        *APPROVAL,
        ref("cde1", "ind_accepted", "X-1", date="2025-01-09", acceptance_no="CXSL2500031"),
        ref("cde2", "ind_approval", "X-1", date="2025-03-24", acceptance_no="CXSL2500031", indication="膝骨关节炎"),
        ref("ann", "ind_approval", "X-1", date="2025-03", indication="膝骨关节炎"),
        ref("hy", "ind_approval", None, date="2025", acceptance_no="CXSL2500031"),
        ref("fp", "first_prescription", date="2025-06-05"),
    ]
    expected = assign_events(refs)
    rng = random.Random(15)
    for _ in range(50):
        shuffled = refs[:]
        rng.shuffle(shuffled)
        assert assign_events(shuffled) == expected
    assert len({a.event_id for a in expected}) == 4


def test_product_family_follows_shared_acceptance_numbers():
    links = [("ZYX-201", "CXSS2500101"), ("人脐带间充质干细胞注射液", "CXSS2500101"), ("其他", "CXSL1")]
    drugs, numbers = product_family(links, {"ZYX-201"}, set())
    assert drugs == {"ZYX-201", "人脐带间充质干细胞注射液"}
    assert numbers == {"CXSS2500101"}


def test_regulators_and_indications():
    assert regulator_of("药审中心") == regulator_of("国家药监局") == "NMPA"
    assert regulator_of(None) is None
    assert indications_compatible("急性髓系白血病", "复发或难治性急性髓系白血病")
    assert not indications_compatible("膝骨关节炎", "急性髓系白血病")
