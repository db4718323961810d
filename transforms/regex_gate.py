"""Words a pattern cannot match without: a cheap test that skips most whole-text scans.

Many finders scan a whole field with a pattern that matches in few documents (a hospital's head
word, a stock's move, a trade-name cue). ``re`` tries such a pattern at every offset, which costs
far more than asking whether the words any match must contain occur in the text at all. The
words are read from the pattern itself when it is compiled, so a gate stays right whatever the
pattern's content becomes: a gate only ever says "cannot match" when no match is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The parser's modules are private but stable; rules.py reads patterns the same way.
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]

#: One needed word of a match: any of these strings.
Clause = frozenset[str]
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
#: Clauses tested per text: the best few filter nearly as well as all of them, at less cost.
MAX_CLAUSES = 3


def _rank(clause: Clause) -> tuple[int, int]:
    """Longer and fewer strings filter better."""
    return min(map(len, clause)), -len(clause)


def _clauses(items: _p.SubPattern) -> list[Clause]:
    """Clauses every match of a parsed sequence satisfies: each a set of strings, one of which the text holds.

    Consecutive literal characters form one string; a group, an atomic group, a repeat of at least
    one, a positive look-around or an alternation (whose every branch needs something) adds what it
    needs; anything else (classes, optional parts, negative look-arounds, back-references) adds
    nothing. So the clauses are necessary, never sufficient.
    """
    out: list[Clause] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op is _c.SUBPATTERN:
            # (?i:…) inside the pattern: its letters may occur in any case
            if not av[1] & re.IGNORECASE:
                out.extend(_clauses(av[3]))
        elif op is _c.ATOMIC_GROUP:
            out.extend(_clauses(av))
        elif op in _REPEATS:
            if av[0] >= 1:
                out.extend(_clauses(av[2]))
        elif op is _c.ASSERT:
            # (?=…) and (?<=…) hold only where their words stand in the text
            out.extend(_clauses(av[1]))
        elif op is _c.BRANCH:
            best = [max(_clauses(b), key=_rank, default=frozenset()) for b in av[1]]
            # a branch that needs nothing makes the whole alternation need nothing
            if all(best):
                out.append(frozenset().union(*best))
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            out.append(frozenset(chr(a) for _, a in av))
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def needed_words(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """The best few clauses every match of ``pattern`` satisfies (none for a case-insensitive pattern).

    Args:
        pattern: A compiled ``str`` pattern.

    Returns:
        Clauses, best first; a text that fails one of them holds no match.
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    found = set(_clauses(_p.parse(pattern.pattern, pattern.flags)))
    return tuple(sorted(found, key=lambda c: (_rank(c), sorted(c)), reverse=True)[:MAX_CLAUSES])


class GatedPattern:
    """A pattern whose whole-text scans first ask whether the words it needs occur in the text.

    Args:
        pattern: The compiled pattern.
    """

    __slots__ = ("_needs", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._needs = needed_words(pattern)

    @property
    def words(self) -> int:
        """How many words ``possible`` may look for: what asking costs at most."""
        return sum(map(len, self._needs))

    def possible(self, text: str) -> bool:
        """False only when no match can exist in ``text``."""
        # Plain loops: this runs for every gated scan and trigger row, and generator frames cost more
        # than the substring tests themselves.
        for clause in self._needs:
            for word in clause:
                if word in text:
                    break
            else:
                return False
        return True

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, skipped when the text lacks a needed word."""
        return self.pattern.finditer(text) if self.possible(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the text lacks a needed word."""
        return self.pattern.search(text) if self.possible(text) else None
