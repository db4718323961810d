"""Candidate spans of the entity finders and how overlapping candidates are resolved.

Shared by :mod:`transforms.tagger` and the finders it delegates to (:mod:`transforms.indications`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Priorities break ties between candidates of equal length: lexicon facts beat patterns.
PRIO_LEXICON = 3
PRIO_PATTERN = 2
PRIO_WEAK = 1

#: Function characters that jieba's HMM glues to the front of an unknown name (其布瑞…, 试验中|肺癌).
LEADING_FUNCTION_CHARS = frozenset("其的由与及将已在于对向从获该即被把经以并且也都还又拟这为是继乃据如让曾")


@dataclass(frozen=True, slots=True)
class Cand:
    """A candidate span before overlap resolution."""

    start: int
    end: int
    type: str
    canonical: str
    prio: int
    source: str


@dataclass(frozen=True, slots=True)
class Scan:
    """One view being scanned by the pattern finders, with the lexicon's candidates in it.

    Attributes:
        view: The analysis view.
        known: Lexicon candidates of the view.
    """

    view: str
    known: list[Cand]

    def inside(self, a: int, b: int) -> bool:
        """True when ``[a, b)`` lies inside a longer lexicon name (华龛生物, 复星凯特生物科技有限公司).

        Suffix hits there need no jieba walk: the lexicon span is at least as long and wins anyway.
        """
        return any(
            c.start <= a and b <= c.end and (c.start < a or c.end > b or c.end - c.start > b - a)
            for c in self.known
            if c.end - c.start >= 4
        )


def resolve(cands: Iterable[Cand]) -> list[Cand]:
    """Pick non-overlapping candidates, longest first, then by priority.

    Longest-first is what implements the context rules: a place inside an organisation name,
    or anything inside a policy title, is covered by the longer span and dropped.
    """
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[Cand] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen
