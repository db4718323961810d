"""Loading the versioned domain lexicon: ``transforms/lexicon/*.tsv`` plus the knowledge base ``transforms/kb/``.

The lexicon files hold the classes without per-fact sources (cell types, regions, authorities, media,
and the older rows not yet re-sourced); the knowledge base (KB) holds one TSV per class with class
columns and a ``source_url`` per row (see ``transforms/kb/README.md``). Both become
:class:`LexiconEntry` rows of one :class:`Lexicon`, whose version hashes every file of both folders.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
KB_DIR = Path(__file__).resolve().parent / "kb"

#: Types that are emitted as entities.
EMITTED_TYPES = frozenset({"drug", "indication", "policy", "company", "cell_type", "region"})
#: Types used only to block false entities and to record issuers.
GUARD_TYPES = frozenset({"authority", "media"})
_COLUMNS = ("type", "canonical", "aliases", "company", "note")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One lexicon row.

    Attributes:
        type: Entity type or a guard type (``authority``, ``media``).
        canonical: Canonical form.
        aliases: Other surface forms.
        company: Owning company (drugs only).
        note: Source-of-fact note.
        source_url: Public pages the fact was seen on, ``|``-joined (KB rows; empty in the lexicon files).
        parent: Canonical name of the group a company belongs to (KB companies), if any.
        kb_class: KB file stem the row comes from (``products``, ``companies``…); empty for lexicon rows.
        attrs: The KB row's other columns as ``(column, value)`` pairs, e.g. ``approvals``, ``category``.
    """

    type: str
    canonical: str
    aliases: tuple[str, ...]
    company: str | None
    note: str
    source_url: str = ""
    parent: str | None = None
    kb_class: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, column: str) -> str:
        """Return a KB column's value for this row.

        Args:
            column: KB column name, e.g. ``approvals``, ``category``, ``stock_codes``.

        Returns:
            The value, or an empty string when the row has no such column.
        """
        return dict(self.attrs).get(column, "")

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Canonical form plus aliases, deduplicated, canonical first."""
        seen: dict[str, None] = {self.canonical: None}
        for a in self.aliases:
            seen.setdefault(a, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The whole lexicon plus its content hash.

    Attributes:
        entries: All rows: lexicon files in file-name then line order, then KB files likewise.
        version: sha256 prefix over the file names and bytes of both folders.
        policy_patterns: Title endings that mark a policy the KB does not list (KB ``policy_patterns.tsv``).
    """

    entries: tuple[LexiconEntry, ...]
    version: str
    policy_patterns: tuple[PolicyPattern, ...] = ()

    def of_type(self, type_: str) -> tuple[LexiconEntry, ...]:
        """Return the entries of one type.

        Args:
            type_: Entity or guard type.

        Returns:
            Matching entries.
        """
        return tuple(e for e in self.entries if e.type == type_)

    def drug_company(self, canonical: str) -> str | None:
        """Return the company recorded for a drug canonical name, if any.

        Args:
            canonical: Canonical drug name.

        Returns:
            Short company name or None.
        """
        for e in self.entries:
            if e.type == "drug" and e.canonical == canonical:
                return e.company
        return None

    def resolve(self, type_: str, surface: str) -> str | None:
        """Return the canonical name a surface form (canonical or alias) has for one type.

        Args:
            type_: Entity or guard type.
            surface: Exact surface form (no width or script normalisation; the tagger does that).

        Returns:
            The canonical name, or None when no row of that type has the surface.
        """
        for e in self.entries:
            if e.type == type_ and surface in e.surfaces:
                return e.canonical
        return None

    def parent_of(self, company: str) -> str | None:
        """Return the group a company belongs to, one level up.

        A subsidiary or offshore entity listed as an alias already resolves to its group's canonical;
        a company with its own row and a ``parent`` column (a joint venture, a separately known
        subsidiary) answers with that parent here.

        Args:
            company: A company canonical name or alias.

        Returns:
            The parent group's canonical name, or None for a top-level or unknown company.
        """
        canonical = self.resolve("company", company)
        if canonical is None:
            return None
        return next((e.parent for e in self.entries if e.type == "company" and e.canonical == canonical), None)

    def group_of(self, company: str) -> str | None:
        """Return the top-level group of a company, following ``parent`` links upwards.

        Args:
            company: A company canonical name or alias.

        Returns:
            The top group's canonical name (the company itself when it has no parent), or None when
            the company is unknown.
        """
        current = self.resolve("company", company)
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            parent = self.parent_of(current)
            if parent is None:
                return current
            current = parent
        return current


def parse_tsv(text: str, *, source: str = "<string>") -> list[LexiconEntry]:
    """Parse lexicon TSV text.

    Args:
        text: File content with the header ``type canonical aliases company note``.
        source: Name used in error messages.

    Returns:
        The parsed entries.

    Raises:
        ValueError: On a wrong header, an unknown type or a missing canonical form.
    """
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != _COLUMNS:
        raise ValueError(f"{source}: header must be the tab-separated columns {_COLUMNS}")
    out: list[LexiconEntry] = []
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 5)[:5]
        type_, canonical, aliases, company, note = (c.strip() for c in cols)
        if type_ not in EMITTED_TYPES | GUARD_TYPES:
            raise ValueError(f"{source}:{no}: unknown type {type_!r}")
        if not canonical:
            raise ValueError(f"{source}:{no}: empty canonical")
        out.append(
            LexiconEntry(
                type=type_,
                canonical=canonical,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                company=company or None,
                note=note,
            )
        )
    return out


def load_lexicon(directory: Path | None = None, *, kb_dir: Path | None = None) -> Lexicon:
    """Load every ``*.tsv`` file of a lexicon directory and of the knowledge base.

    Args:
        directory: Folder with lexicon-format TSV files; defaults to the packaged ``transforms/lexicon``.
        kb_dir: Knowledge-base folder; defaults to the packaged ``transforms/kb`` when ``directory``
            is the default too, and to none (no KB) when only a custom ``directory`` is given, so a
            custom lexicon is self-contained.

    Returns:
        The lexicon with a version hash over the file names and contents of both folders.
    """
    if directory is None:
        directory = LEXICON_DIR
        kb_dir = kb_dir or KB_DIR
    digest = hashlib.sha256()
    entries: list[LexiconEntry] = []
    for path in sorted(directory.glob("*.tsv")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        entries.extend(parse_tsv(data.decode("utf-8"), source=path.name))
    patterns: list[PolicyPattern] = []
    if kb_dir is not None:
        for path in sorted(kb_dir.glob("*.tsv")):
            data = path.read_bytes()
            # The "kb/" prefix keeps a KB file and a lexicon file of the same name apart in the hash.
            digest.update(b"kb/" + path.name.encode() + b"\0" + data + b"\0")
            text = data.decode("utf-8")
            if path.stem == POLICY_PATTERN_FILE:
                patterns.extend(parse_policy_patterns(text, source=f"kb/{path.name}"))
            else:
                entries.extend(parse_kb_tsv(text, kb_class=path.stem, source=f"kb/{path.name}"))
    return Lexicon(entries=tuple(entries), version=digest.hexdigest()[:16], policy_patterns=tuple(patterns))


# ------------------------------------------------------------------------------------------- knowledge base

#: KB file stem → (entity type of its rows, required columns in order). Extra columns after these are
#: kept in ``LexiconEntry.attrs``; ``source_url`` must be the last required column.
KB_CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "products": ("drug", ("kind", "canonical", "aliases", "company", "approvals", "indications", "source_url")),
    "companies": ("company", ("kind", "canonical", "aliases", "english", "stock_codes", "parent", "source_url")),
    "investors": ("company", ("kind", "canonical", "aliases", "english", "source_url")),
    "indications": ("indication", ("category", "canonical", "aliases", "source_url")),
    "policies": ("policy", ("kind", "canonical", "aliases", "issuer", "doc_number", "date", "effective", "source_url")),
}
#: The KB file of policy-title endings (not entities).
POLICY_PATTERN_FILE = "policy_patterns"
_PATTERN_COLUMNS = ("suffix", "kind", "example", "source_url")
#: Columns whose ``|``-joined values are extra surface forms of the row.
_SURFACE_COLUMNS = ("aliases", "english")
_URL_RE = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class PolicyPattern:
    """A title ending that marks a policy document (…指导原则, …实施方案).

    Attributes:
        suffix: The title ending.
        kind: Document kind (guideline, plan, measures, regulation…).
        example: A real title with that ending.
        source_url: Public page the example title was seen on.
    """

    suffix: str
    kind: str
    example: str
    source_url: str


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _kb_rows(text: str, columns: tuple[str, ...], source: str) -> Iterable[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each data line of a KB TSV whose header starts with ``columns``.

    Raises:
        ValueError: On a wrong header, or a row without a canonical value or without an http(s) source URL.
    """
    lines = text.splitlines()
    header = tuple(lines[0].split("\t")) if lines else ()
    if header[: len(columns)] != columns:
        raise ValueError(f"{source}: header must start with the tab-separated columns {columns}")
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ValueError(f"{source}:{no}: {len(cells)} cells for {len(header)} columns")
        row = {c: v.strip() for c, v in zip(header, cells + [""] * (len(header) - len(cells)), strict=True)}
        urls = _split(row["source_url"])
        if not urls or not all(_URL_RE.fullmatch(u) for u in urls):
            raise ValueError(f"{source}:{no}: source_url must be one or more |-joined http(s) URLs")
        yield no, row


def parse_kb_tsv(text: str, *, kb_class: str, source: str = "<string>") -> list[LexiconEntry]:
    """Parse one knowledge-base TSV file into lexicon entries.

    Args:
        text: File content; its header must start with the class's columns (``KB_CLASSES``).
        kb_class: File stem naming the class (``products``, ``companies``…).
        source: Name used in error messages.

    Returns:
        The parsed entries: aliases and English names become surface forms; the product's
        ``company`` and the company's ``parent`` fill the entry fields of those names; every other
        column is kept in ``attrs``.

    Raises:
        ValueError: On an unknown class, a wrong header, an empty canonical or a missing source URL.
    """
    if kb_class not in KB_CLASSES:
        raise ValueError(f"{source}: unknown KB class {kb_class!r}; known: {sorted(KB_CLASSES)}")
    type_, columns = KB_CLASSES[kb_class]
    out: list[LexiconEntry] = []
    for no, row in _kb_rows(text, columns, source):
        if not row["canonical"]:
            raise ValueError(f"{source}:{no}: empty canonical")
        surfaces = tuple(a for col in _SURFACE_COLUMNS for a in _split(row.get(col, "")))
        skip = {"canonical", "source_url", "company", "parent", *_SURFACE_COLUMNS}
        out.append(
            LexiconEntry(
                type=type_,
                canonical=row["canonical"],
                aliases=surfaces,
                company=row.get("company") or None,
                note=f"kb/{kb_class}",
                source_url=row["source_url"],
                parent=row.get("parent") or None,
                kb_class=kb_class,
                attrs=tuple((c, v) for c, v in row.items() if c not in skip and v),
            )
        )
    return out


def parse_policy_patterns(text: str, *, source: str = "<string>") -> list[PolicyPattern]:
    """Parse the KB file of policy-title endings.

    Args:
        text: File content with the header ``suffix kind example source_url``.
        source: Name used in error messages.

    Returns:
        The patterns in file order.

    Raises:
        ValueError: On a wrong header, an empty suffix, an example title without its suffix or a
            missing source URL.
    """
    out: list[PolicyPattern] = []
    for no, row in _kb_rows(text, _PATTERN_COLUMNS, source):
        suffix, example = row["suffix"], row["example"]
        if not suffix or suffix not in example:
            raise ValueError(f"{source}:{no}: the example title must contain the non-empty suffix")
        out.append(PolicyPattern(suffix=suffix, kind=row["kind"], example=example, source_url=row["source_url"]))
    return out
