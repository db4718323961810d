"""Rules from the twentieth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Readouts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the comparator told between the risk and its fall
        "LUMEN-3研究显示，接受澜汐基奥仑赛注射液治疗的患者，疾病进展或死亡风险较标准方案显著降低。",
        # the risk of the disease worsening (恶化), as Taiwan writes it
        "关键三期试验显示，与标准疗法相比，澜汐基奥仑赛注射液可显著降低疾病恶化或死亡风险。",
    ],
)
def test_a_risk_lowered_without_a_figure_is_a_readout(engine, text):
    assert _triples(engine, text) == [("clinical_result", "澜汐基奥仑赛注射液", None)]


def test_a_risk_told_as_a_goal_is_no_readout(engine):
    text = "澜汐生物计划开展LUMEN-3研究，评估澜汐基奥仑赛注射液能否降低复发风险。"
    assert _triples(engine, text) == []


# Entities ------------------------------------------------------------------------------------------------


def test_an_unseen_disease_after_a_long_qualifier_keeps_its_whole_name(engine):
    # 复发或难治性 + a twelve-character name: the walk back must reach the qualifier, not stop inside it.
    text = "同意QV-871注射液开展治疗复发或难治性原发性中枢神经系统淋巴瘤的临床试验。"
    assert _canonicals(engine, text, "indication") == {"原发性中枢神经系统淋巴瘤"}
