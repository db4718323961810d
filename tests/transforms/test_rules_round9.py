"""Rules from the ninth round (issue 14): phrasings found missed by new invented sentences and the sets h12a/h12c.

Each case is a new text with invented products (QX-301) and firms; none is copied from a gold document.
"""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _events(engine, text: str, title: str | None = None, pub: str | None = "2026-05-20"):
    return engine.extract(InputDocument(id="x", text=text, title=title, published_at=pub)).events


def _triples(engine, text: str, title: str | None = None, pub: str | None = "2026-05-20"):
    return sorted((e.type, e.drug, e.date) for e in _events(engine, text, title, pub))


def test_a_step_told_now_beside_an_earlier_milestone_it_follows_is_dated_by_the_page(engine):
    # The date inside 继…后 is the reference point's; it does not make this step one told in the same breath.
    text = "澜芯生物宣布，其QX-301注射液的补充申请已被CDE纳入优先审评，这是该产品继2024年11月获批上市后的又一进展。"
    assert _triples(engine, text) == [
        ("drug_approval", "QX-301注射液", "2024-11"),
        ("priority_review", "QX-301注射液", "2026-05"),
    ]
