"""Developer and listed parent: who develops a product a listed company announces.

A listed firm's announcement about its 参股公司 (an associate it holds a minority of) reports that
company's product; the tagger credits the event to the announcing firm. Where the announcement
says so, the event's company becomes the developer and the listed firm and its stake move to their
own columns. A 控股/全资子公司 without a name of its own in the lexicon stays with the group
(ANNOTATION.md: a subsidiary's name maps to the group).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_RELATION_RE = re.compile(r"(?P<rel>参股公司|控股子公司|全资子公司)")
# 持有达博细胞15.00%的股权 / 持股比例为18.60% / 持股比例由23.50%稀释至20.15% / 持股15%
_STAKE_CLAUSE_RE = re.compile(r"持(?:有|股)[^，。；;]{0,30}?%[^，。；;]*")
_PERCENT_RE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
# What may stand between 参股公司 and the company's name.
_NAME_GAP_RE = re.compile(r"[\s“”\"「」『』：:]*")


@dataclass(frozen=True, slots=True)
class CompanySpan:
    """A company mention of the announcement's body: canonical name and character span."""

    canonical: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Attribution:
    """What an announcement says about the developer of its subject.

    Attributes:
        developer: The developing company's canonical name, None when the announcement does not name it.
        parent: The listed firm that announces (holds a stake in the developer).
        stake: The listed firm's stake in percent, where stated (100 for a wholly owned subsidiary).
        relation: ``参股公司``, ``控股子公司`` or ``全资子公司``.
    """

    developer: str | None
    parent: str
    stake: float | None
    relation: str


def _stake(text: str, relation: str) -> float | None:
    if relation == "全资子公司":
        return 100.0
    for clause in _STAKE_CLAUSE_RE.finditer(text):
        figures = _PERCENT_RE.findall(clause.group(0))
        if figures:
            # "由23.50%稀释至20.15%": the stake after the event is the last figure of the clause.
            value = float(figures[-1])
            if 0 < value <= 100:
                return value
    return None


def _names_right_after(text: str, end: int, company: CompanySpan) -> bool:
    """Whether the company's name follows the relation word at ``end`` (quotes and spaces aside)."""
    return company.start >= end and _NAME_GAP_RE.fullmatch(text[end : company.start]) is not None


def attribute(text: str, listed: str, companies: Sequence[CompanySpan]) -> Attribution | None:
    """Find the developer an announcement names beside its listed parent.

    Args:
        text: The announcement body.
        listed: Canonical name of the announcing listed company.
        companies: Company mentions of ``text``.

    Returns:
        The attribution at the first 参股公司/控股子公司/全资子公司 of the text, or None.
    """
    matches = list(_RELATION_RE.finditer(text))
    if not matches:
        return None
    ordered = sorted(companies, key=lambda c: c.start)
    # A PDF's text repeats the title (关于参股公司…的公告) before the sentence that names the company:
    # the first mention followed by a name wins, else the first mention.
    match, named = matches[0], None
    for candidate in matches:
        named = next(
            (c for c in ordered if _names_right_after(text, candidate.end(), c) and c.canonical != listed), None
        )
        if named is not None:
            match = candidate
            break
    relation = match.group("rel")
    return Attribution(
        developer=named.canonical if named else None,
        parent=listed,
        stake=_stake(text, relation),
        relation=relation,
    )


def credited(company: str | None, attribution: Attribution | None) -> tuple[str | None, str | None, float | None]:
    """The ``(company, parent_company, parent_stake)`` of one event of the announcement.

    Args:
        company: The company the tagger gave the event.
        attribution: What the announcement says (see :func:`attribute`).

    Returns:
        The developer as company with the listed parent and stake beside it; the event's own
        company unchanged when the announcement names no other developer.
    """
    if attribution is None:
        return company, None, None
    if company is not None and company == attribution.developer:
        return company, attribution.parent, attribution.stake
    if company not in (None, attribution.parent):
        return company, None, None
    if attribution.developer is not None:
        return attribution.developer, attribution.parent, attribution.stake
    if attribution.relation == "参股公司":
        # An unnamed associate: the listed firm is a shareholder, not the developer.
        return None, attribution.parent, attribution.stake
    return company, None, None
