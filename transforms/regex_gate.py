"""Words a pattern cannot match without, read from the pattern itself: cheap tests that skip most scans.

A pattern that matches in few texts still costs ``re`` an attempt at every offset of every text,
and an alternation costs one per alternative. Asking first whether the literal words every match
must contain occur in the text at all costs far less. This module is the one place that reads
those words, with ``re``'s own parser (no public API shows a pattern's structure), and the two
gates built on them:

- :class:`GatedPattern`, for one pattern scanned over whole texts (a hospital's head word, a
  stock's move, a trigger row's cue): a few substring tests before the scan;
- :class:`LiteralGate`, for many patterns (the trigger alternatives behind
  :func:`transforms.rules.any_trigger`): one Aho-Corasick pass tells which of them can match.

A third reading, :func:`lead_gated`, gives the characters a match can start with: a pattern put
behind a look-ahead for them skips at once the offsets where ``re`` would try every alternative.

Because the words come from the compiled pattern, a gate stays right however the pattern's content
is edited, and no second list of words has to be kept in step. Every clause read is *necessary*,
never sufficient, so a gate only ever says "cannot match" when no match is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# The parser's modules are private but stable (3.11+); nothing public shows a pattern's structure.
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

#: One needed word of a match: any of these strings.
Clause = frozenset[str]
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
#: Clauses a :class:`GatedPattern` tests per text: the best few filter nearly as well as all, at less cost.
MAX_CLAUSES = 3


def _rank(clause: Clause) -> tuple[int, int]:
    """Longer and fewer strings filter better."""
    return min(map(len, clause)), -len(clause)


def _clauses(items: _p.SubPattern) -> list[Clause]:
    """Clauses every match of a parsed sequence satisfies: each a set of strings, one of which the text holds.

    Consecutive literal characters form one string; a group, an atomic group, a repeat of at least
    one, a positive look-around or an alternation (whose every branch needs something) adds what it
    needs; anything else (classes, optional parts, negative look-arounds, back-references) adds
    nothing. So the clauses are necessary, never sufficient. (All of a group's clauses are kept, not
    only its best: callers rank them, and more clauses only let a gate reject more texts.)
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


#: Class escapes a first-character set may hold; a broad one (\w, \S, \D) would let nearly every offset through.
_NARROW_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


class _AnyCharacter(Exception):
    """A match may start with a character no narrow set describes (., [^…], a back-reference, any case)."""


def _first_of_sequence(items: Any) -> tuple[set[str], bool]:
    """What the first character a parsed sequence consumes may be (class members), and whether it may consume none.

    (Parsed items are ``re._parser``'s untyped ``(op, argument)`` pairs.)
    """
    members: set[str] = set()
    for op, av in items:
        first, empty = _first_of_item(op, av)
        members |= first
        if not empty:
            return members, False
    return members, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str], bool]:
    """:func:`_first_of_sequence` for one parsed item; look-arounds and anchors consume nothing."""
    if op is _c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _c.IN:
        members: set[str] = set()
        for o, a in av:
            if o is _c.LITERAL:
                members.add(re.escape(chr(a)))
            elif o is _c.RANGE:
                members.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is _c.CATEGORY and a in _NARROW_CATEGORIES:
                members.add(_NARROW_CATEGORIES[a])
            else:
                raise _AnyCharacter
        return members, False
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _AnyCharacter
        return _first_of_sequence(av[3])
    if op is _c.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op in _REPEATS:
        first, empty = _first_of_sequence(av[2])
        return first, empty or av[0] == 0
    if op is _c.BRANCH:
        members, empty = set(), False
        for branch in av[1]:
            first, may_be_empty = _first_of_sequence(branch)
            members |= first
            empty = empty or may_be_empty
        return members, empty
    if op in _ZERO_WIDTH:
        return set(), True
    raise _AnyCharacter


def _starts_fast(items: Any) -> bool:
    """Whether ``re`` skips offsets by itself: the pattern opens with a literal, a class or literal alternatives.

    (A look-ahead before those would only slow such a pattern down.)
    """
    while items and items[0][0] is _c.SUBPATTERN and not items[0][1][1]:
        items = items[0][1][3]
    if not items:
        return False
    op, av = items[0]
    if op is _c.BRANCH:
        return all(branch and branch[0][0] is _c.LITERAL for branch in av[1])
    return op in (_c.LITERAL, _c.IN)


def lead_gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters a match can start with, when those are few.

    ``re`` tries a long alternation at every offset, every alternative with its own look-behinds,
    and only a literal or one class at the very start lets it skip offsets by itself. Most offsets
    of a Chinese sentence hold a character no alternative can start with; ``(?=[…])`` tells so in
    one class test. The class is read from the parsed pattern (look-arounds and anchors consume
    nothing; an optional or repeated-from-zero part lets what follows start the match too), so the
    gated pattern matches exactly where and what the pattern does, with the same groups.

    Args:
        pattern: A compiled ``str`` pattern.

    Returns:
        The gated pattern, or ``pattern`` itself when a match may be empty or start with almost anything.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return pattern  # (a verbose pattern's trailing comment would swallow the closing bracket)
    parsed = _p.parse(pattern.pattern, pattern.flags)
    try:
        first, empty = _first_of_sequence(parsed)
    except _AnyCharacter:
        return pattern
    if empty or not first or _starts_fast(parsed):
        return pattern
    try:
        return re.compile(f"(?=[{''.join(sorted(first))}])(?:{pattern.pattern})", pattern.flags)
    except re.error:
        return pattern  # (inline global flags, (?s)…, must open a pattern: such a one stays as it is)


class GatedPattern:
    """A pattern whose whole-text scans first ask whether the words it needs occur in the text.

    Args:
        pattern: The compiled pattern.
    """

    __slots__ = ("_needs", "_scan", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._needs = needed_words(pattern)
        self._scan = lead_gated(pattern)  # what a text that passes is scanned with

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
        return self._scan.finditer(text) if self.possible(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the text lacks a needed word."""
        return self._scan.search(text) if self.possible(text) else None


def top_alternatives(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """Split ``a|b|c`` into its top-level alternatives, each compiled with the pattern's flags.

    A text matches the pattern exactly when it matches one of them.

    Args:
        pattern: A pattern without back-references across alternatives.

    Returns:
        The alternatives in order (the pattern itself when it has one).
    """
    parts: list[str] = []
    depth, start, i, text = 0, 0, 0, pattern.pattern
    in_class = False
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 2 if text.startswith("^", i + 1) else 1
            # A ] first in a class is a member, not its end.
            i += 1 if text.startswith("]", i) else 0
            continue
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return tuple(re.compile(p, pattern.flags) for p in parts)


class LiteralGate:
    """Tells from one scan of a text which of some patterns can match it.

    Most sentences hold none of many patterns, and a long alternation is slow to reject: ``re``
    tries every alternative at every position. Every alternative, though, needs some literal words
    (获批, 受理, 融资 …); one Aho-Corasick pass finds which of them a text holds, and only a pattern
    one of whose alternatives has every needed word (or one of its choices) there can match, so
    only such patterns run. A pattern that is case-insensitive, or has an alternative that needs no
    word, is always let through.

    Args:
        patterns: The patterns to gate.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        # Patterns are told apart by their place in ``patterns``, never hashed: hashing a compiled pattern
        # hashes its whole compiled program, and ``_passing`` would do that for every literal found.
        self._patterns = tuple(patterns)
        self._scans = tuple(lead_gated(p) for p in self._patterns)  # what ``search`` runs
        # Per literal of an alternative's best clause: the pattern's place and that alternative's other clauses.
        self._by_literal: dict[str, list[tuple[int, tuple[Clause, ...]]]] = {}
        always: list[int] = []
        self._auto = ahocorasick.Automaton()
        literals: set[str] = set()
        for index, pattern in enumerate(self._patterns):
            parsed = _p.parse(pattern.pattern, pattern.flags)
            top = parsed.data
            alternatives = top[0][1][1] if len(top) == 1 and top[0][0] is _c.BRANCH else [parsed]
            needs = [sorted(_clauses(a), key=_rank, reverse=True) for a in alternatives]
            if pattern.flags & re.IGNORECASE or not all(needs):
                always.append(index)
                continue
            for clauses in needs:
                for literal in clauses[0]:
                    self._by_literal.setdefault(literal, []).append((index, tuple(clauses[1:])))
                literals.update(clauses[0])
        self._always = tuple(always)
        for literal in literals:
            self._auto.add_word(literal, literal)
        if literals:
            self._auto.make_automaton()

    def possible(self, text: str) -> set[re.Pattern[str]]:
        """The gated patterns that may match ``text``; the others cannot.

        Args:
            text: A sentence.

        Returns:
            The patterns that must still be run.
        """
        return {self._patterns[index] for index in self._passing(text)}

    def passing(self, text: str) -> set[int]:
        """The places (in the patterns given) of those that may match ``text``; the others cannot.

        Args:
            text: A sentence.

        Returns:
            Indices into the patterns the gate was built with.
        """
        return set(self._passing(text))

    def search(self, text: str) -> bool:
        """Whether any of the gated patterns matches ``text`` (stops at the first that does).

        Args:
            text: A sentence.

        Returns:
            True when one of the patterns matches.
        """
        scans = self._scans
        for index in self._passing(text):
            if scans[index].search(text):
                return True
        return False

    def _passing(self, text: str) -> list[int]:
        """The place of each pattern the gate lets through for ``text``, once, the ungated ones first."""
        passing = list(self._always)
        if not self._by_literal:
            return passing
        seen: set[int] = set()
        by_literal = self._by_literal
        # Only the best clause of each alternative is scanned for; the few alternatives it lets
        # through check their other clauses by substring search. A word found twice is looked up once.
        # (Plain loops: this runs for every sentence, and generator frames cost more than the tests.)
        for literal in {literal for _end, literal in self._auto.iter(text)}:
            for index, rest in by_literal[literal]:
                if index in seen:
                    continue
                for clause in rest:
                    for word in clause:
                        if word in text:
                            break
                    else:
                        break  # no word of this clause: the alternative cannot match
                else:
                    seen.add(index)
                    passing.append(index)
        return passing
