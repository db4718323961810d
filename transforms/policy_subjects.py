"""Which titles a policy sentence is about when the issuing verb does not govern them itself.

Titles joined before the verb (《A》与《B》于…公布), titles opening a sentence whose later clause issues them,
and titles named in the sentence before (现印发给你们; 这两部法律于…由总统公布).
"""

from __future__ import annotations

import itertools
import re

from transforms.event_arguments import canon_list
from transforms.event_context import FieldContext, SentenceContext
from transforms.event_dates import ISSUING_VERB_RE
from transforms.rules import PLURAL_POLICY_ANAPHOR, clause_end, clause_start
from transforms.types import Entity

#: What joins two titles that are one verb's subject (《A》与《B》于…公布).
_TITLE_JOIN_RE = re.compile(r"\s*(?:与|和|及|以及|、|，)\s*")
PLURAL_POLICY_ANAPHOR_RE = re.compile(PLURAL_POLICY_ANAPHOR)
_SENTENCE_BREAK_RE = re.compile(r"[。\n]")
#: A clause that goes on with the subject of the one before (，并于…公布; ，同年6月19日由总统公布).
_CONTINUED_CLAUSE_RE = re.compile(r"[，,]\s*(?:并|且|随后|其后|同年)")


def joined_subjects(sent: SentenceContext, trig: int) -> list[str]:
    """Titles joined before the verb in its clause (《A》与《B》于2024年6月19日经总统公布): each one issued."""
    start, end = clause_start(sent.text, trig), clause_end(sent.text, trig)
    titles = [x for x in sent.entities if x.type == "policy" and start <= x.start - sent.start < trig]
    leading = [x for x in sent.entities if x.type == "policy" and x.start - sent.start < trig]
    if len(titles) < 2 and leading and leading[0].start - sent.start <= 1 and sent.text.startswith("《"):
        # 《A》与《B》合称「双法」，于…三读通过、同年6月19日由总统公布: the titles opening the sentence are the
        # subjects of all its clauses
        titles, end = leading, len(sent.text)
    bracketed = [x for x in titles if sent.text.startswith("《", x.start - sent.start)]
    if len(bracketed) >= 2:
        titles = bracketed  # 《A》及《B》（合称双法）于…: the joint name after them is no third subject
    if _CONTINUED_CLAUSE_RE.match(sent.text, end):
        end = clause_end(sent.text, end + 1)  # …于6月4日经立法院三读通过，并于同年6月19日由总统公布: one subject
    if len(titles) < 2 or not ISSUING_VERB_RE.search(sent.text, titles[-1].end - sent.start, end):
        return []  # (《A》与《B》昨日正式施行: taking effect, told of both, is no issuing)
    joined = all(
        _TITLE_JOIN_RE.fullmatch(sent.text, a.end - sent.start, b.start - sent.start)
        for a, b in itertools.pairwise(titles)
    )
    return canon_list(titles, "policy") if joined else []


def titles_before(ctx: FieldContext, start: int) -> list[Entity]:
    """The policy mentions of the sentence right before the one starting at ``start``, in order."""
    return [
        x
        for x in ctx.entities
        if x.type == "policy"
        and x.end <= start
        and not _SENTENCE_BREAK_RE.search(_previous_tail(ctx.view, x.end, start))
    ]


def joined_titles_before(ctx: FieldContext, start: int) -> list[str]:
    """The titles the sentence before names together (组织制定了《A》和《B》): each one issued by 现予发布, or []."""
    titles = [x for x in titles_before(ctx, start) if ctx.view.startswith("《", x.start)]
    joined = len(titles) >= 2 and all(
        _TITLE_JOIN_RE.fullmatch(ctx.view, a.end, b.start) for a, b in itertools.pairwise(titles)
    )
    return canon_list(titles, "policy") if joined else []


def _previous_tail(view: str, end: int, start: int) -> str:
    """The text between a title and the sentence starting at ``start``, without the previous sentence's end."""
    return view[end:start].rstrip().rstrip("。！？!?；;")
