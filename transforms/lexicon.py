"""Loading the versioned domain lexicon kept as TSV data under ``transforms/lexicon/``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

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
    """

    type: str
    canonical: str
    aliases: tuple[str, ...]
    company: str | None
    note: str

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
        entries: All rows, in file-name then line order.
        version: sha256 prefix over the file names and bytes.
    """

    entries: tuple[LexiconEntry, ...]
    version: str

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


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load every ``*.tsv`` file of a lexicon directory.

    Args:
        directory: Folder with TSV files; defaults to the packaged ``transforms/lexicon``.

    Returns:
        The lexicon with a version hash over file names and contents.
    """
    directory = directory or LEXICON_DIR
    digest = hashlib.sha256()
    entries: list[LexiconEntry] = []
    for path in sorted(directory.glob("*.tsv")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        entries.extend(parse_tsv(data.decode("utf-8"), source=path.name))
    return Lexicon(entries=tuple(entries), version=digest.hexdigest()[:16])
