"""Score the engine on the gold sets in ``tests/gold/`` (run ``python -m transforms.evaluate``).

Matching rules:

* entities are compared per document as sets of ``(type, canonical)``: a type found several
  times in a document counts once. Canonical forms are compared after width/case
  normalisation (``qz-ipsc-01`` equals ``QZ-IPSC-01``, ``(试行)`` equals ``（试行）``);
* events match when ``type``, ``drug`` and ``date`` agree (one-to-one per document).
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from transforms import realtext
from transforms.clean import normalize_width
from transforms.engine import TransformEngine
from transforms.types import ENTITY_TYPES, EVENT_TYPES, InputDocument

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold"
#: Up to this share of a part's excerpts may be missing from the cache; the rest is scored with a note.
MAX_MISSING_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and derived precision/recall/F1 for one row of the report."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Precision (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Recall (1.0 when nothing was expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """Per-type and overall scores for entities and events, plus the error list."""

    entities: dict[str, Score]
    events: dict[str, Score]
    errors: tuple[str, ...]

    @property
    def entity_overall(self) -> Score:
        """Micro-averaged entity score."""
        return _sum(self.entities.values())

    @property
    def event_overall(self) -> Score:
        """Micro-averaged event score."""
        return _sum(self.events.values())

    def entity_overall_without(self, *types: str) -> Score:
        """Micro-averaged entity score leaving some types out (real-text figures are quoted without regions)."""
        return _sum(s for t, s in self.entities.items() if t not in types)


def _sum(scores: Iterable[Score]) -> Score:
    """Micro-average: add the counts."""
    tp = fp = fn = 0
    for s in scores:
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    return Score(tp, fp, fn)


#: Latin capitals to lower case; other scripts are left alone (str.lower would also fold Greek β/Β).
_LATIN_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _norm(value: Any) -> str | None:
    """Comparison form of a canonical value: width-normalised, spaces dropped, Latin case folded.

    Case folding makes Kymriah/KYMRIAH and KN-iCM01/KN-ICM01 one name, as codes always compared.
    """
    if value is None:
        return None
    return normalize_width(str(value)).replace(" ", "").translate(_LATIN_LOWER)


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Read a gold JSON Lines file.

    Args:
        path: File with one document per line, each with a ``gold`` object.

    Returns:
        The parsed documents.
    """
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(engine: TransformEngine, docs: Sequence[dict[str, Any]]) -> Report:
    """Run the engine over gold documents and score it.

    Args:
        engine: A built engine.
        docs: Gold documents (input fields plus ``gold``).

    Returns:
        The report.
    """
    ent_counts: dict[str, Counter[str]] = {t: Counter() for t in ENTITY_TYPES}
    ev_counts: dict[str, Counter[str]] = {t: Counter() for t in EVENT_TYPES}
    errors: list[str] = []
    for doc in docs:
        result = engine.extract(
            InputDocument(
                id=doc["id"],
                text=doc["text"],
                title=doc.get("title"),
                published_at=doc.get("published_at"),
            )
        )
        gold_e = {(e["type"], _norm(e["canonical"])) for e in doc["gold"]["entities"]}
        pred_e = {(e.type, _norm(e.canonical)) for e in result.entities}
        for t, _c in gold_e & pred_e:
            ent_counts[t]["tp"] += 1
        for t, c in pred_e - gold_e:
            ent_counts[t]["fp"] += 1
            errors.append(f"{doc['id']} entity FP {t}:{c}")
        for t, c in gold_e - pred_e:
            ent_counts[t]["fn"] += 1
            errors.append(f"{doc['id']} entity FN {t}:{c}")
        remaining = [(g["type"], _norm(g.get("drug")), g.get("date")) for g in doc["gold"]["events"]]
        for ev in result.events:
            key = (ev.type, _norm(ev.drug), ev.date)
            if key in remaining:
                remaining.remove(key)
                ev_counts[ev.type]["tp"] += 1
            else:
                ev_counts[ev.type]["fp"] += 1
                errors.append(f"{doc['id']} event FP {key}")
        for key in remaining:
            ev_counts[key[0]]["fn"] += 1
            errors.append(f"{doc['id']} event FN {key}")
    return Report(
        entities={t: Score(c["tp"], c["fp"], c["fn"]) for t, c in ent_counts.items()},
        events={t: Score(c["tp"], c["fp"], c["fn"]) for t, c in ev_counts.items()},
        errors=tuple(errors),
    )


def format_report(report: Report, title: str) -> str:
    """Render a report as a fixed-width table.

    Args:
        report: The scores.
        title: Heading line.

    Returns:
        The table text.
    """
    lines = [title, f"{'':28s}{'P':>7s}{'R':>7s}{'F1':>7s}{'tp':>5s}{'fp':>5s}{'fn':>5s}"]

    def row(name: str, s: Score) -> str:
        return f"{name:28s}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}"

    for name, score in report.entities.items():
        lines.append(row(f"entity {name}", score))
    lines.append(row("ENTITIES overall", report.entity_overall))
    lines.append(row("ENTITIES w/o region", report.entity_overall_without("region")))
    for name, score in report.events.items():
        lines.append(row(f"event {name}", score))
    lines.append(row("EVENTS overall", report.event_overall))
    return "\n".join(lines)


#: The gold sets in ``tests/gold`` (see its README for what each was used for).
SPLITS = (
    "tune",
    "heldout",
    "blind",
    "fresh",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8_open",
    "holdout9a",
    "holdout10a",
    "holdout11a",
    "holdout12a",
    "holdout12c",
    "holdout13a",
    "holdout13c",
    "holdout14a",
    "holdout14b",
    "holdout15b",
    "holdout15c",
    "holdout16a",
    "holdout16b",
    "holdout17a",
    "holdout17c",
    "holdout18a",
    "holdout18c",
    "holdout19a",
    "holdout19c",
    "holdout20a",
    "holdout20b",
    "holdout21b",
    "holdout21c",
    "holdout22a",
    "holdout22c",
    "holdout23a",
    "holdout23b",
    "holdout24b",
    "holdout24c",
    "holdout25a",
    "holdout25c",
    "holdout26a",
    "holdout26c",
    "holdout27a",
    "holdout27c",
    "holdout28a",
    "holdout28b",
    "holdout29a",
    "holdout29b",
    "holdout30a",
    "holdout30b",
    "holdout31b",
    "holdout31c",
    "holdout32a",
    "holdout32c",
    "holdout33a",
    "holdout33c",
    "holdout34a",
    "holdout34c",
    "holdout35a",
    "holdout35c",
    "holdout36a",
    "holdout36c",
    "holdout37a",
    "holdout37b",
    "holdout38a",
    "holdout38b",
    "holdout39b",
    "holdout39c",
    "holdout40a",
    "holdout40c",
    "holdout41a",
    "holdout41b",
    "holdout42b",
    "holdout42c",
    "holdout43a",
    "holdout43c",
    "holdout44a",
    "holdout44b",
    "holdout45a",
    "holdout45c",
    "holdout46a",
    "holdout46b",
    "holdout47a",
    "holdout47c",
    "holdout48a",
    "holdout48c",
    "holdout49a",
    "holdout49c",
    "holdout50a",
    "holdout50c",
    "holdout51b",
    "holdout51c",
    "holdout52a",
    "holdout52c",
    "holdout53a",
    "holdout53c",
    "holdout54a",
    "holdout54b",
    "holdout55a",
    "holdout56b",
    "holdout56c",
    "holdout55c",
    "holdout8",
    "holdout9b",
    "holdout10b",
    "holdout11b",
    "holdout12b",
    "holdout13b",
    "holdout14c",
    "holdout15a",
    "holdout16c",
    "holdout17b",
    "holdout18b",
    "holdout19b",
    "holdout20c",
    "holdout21a",
    "holdout22b",
    "holdout23c",
    "holdout24a",
    "holdout25b",
    "holdout26b",
    "holdout27b",
    "holdout28c",
    "holdout29c",
    "holdout30c",
    "holdout31a",
    "holdout32b",
    "holdout33b",
    "holdout34b",
    "holdout35b",
    "holdout36b",
    "holdout37c",
    "holdout38c",
    "holdout39a",
    "holdout40b",
    "holdout41c",
    "holdout42a",
    "holdout43b",
    "holdout44c",
    "holdout45b",
    "holdout46c",
    "holdout47b",
    "holdout48b",
    "holdout49b",
    "holdout50b",
    "holdout51a",
    "holdout52b",
    "holdout53b",
    "holdout54c",
    "holdout56a",
    "holdout55b",
)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Command-line entry point.

    Args:
        argv: Arguments (``--split`` one of :data:`SPLITS` or ``all``, ``--errors``).
        out: Where to print.

    Returns:
        Exit code 0.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="tune")
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    parser.add_argument("--real", action="store_true", help="score the real-text corpus instead of --split")
    parser.add_argument("--part", choices=[*realtext.PARTS, "all"], default="dev", help="real-text part")
    parser.add_argument("--real-dir", type=Path, default=realtext.REALTEXT_DIR)
    parser.add_argument("--cache", type=Path, default=realtext.CACHE_DIR)
    args = parser.parse_args(argv)
    if args.real:
        return _main_real(args, out)
    splits = list(SPLITS) if args.split == "all" else [args.split]
    engine = TransformEngine()
    for split in splits:
        docs = load_gold(args.gold_dir / f"{split}.jsonl")
        report = evaluate(engine, docs)
        out.write(format_report(report, f"== {split} ({len(docs)} documents) ==") + "\n")
        if args.errors:
            out.write("\n".join(report.errors) + "\n")
    return 0


def _main_real(args: argparse.Namespace, out: TextIO) -> int:
    """Score the real-text corpus (``make eval-real``); see :mod:`transforms.realtext`.

    Returns:
        0 when scored or when the cache still has to be filled (the message says how), 2 when
        mismatches are asked for on a part that must not be tuned on, 1 when a cached text
        differs from its record.
    """
    if args.errors and args.part != "dev":
        out.write(
            f"--errors is only allowed with --part dev: the {args.part} part is scored once per round "
            "and never inspected, so that no rule is tuned on it\n"
        )
        return 2
    records = realtext.load_records(args.real_dir)
    if not records:
        out.write(f"no real-text records in {args.real_dir}\n")
        return 0
    parts = list(realtext.PARTS) if args.part == "all" else [args.part]
    # Only the asked part's texts: a dev round does not wait for a missing test excerpt.
    wanted = [r for part in parts for r in realtext.select(records, part)]
    try:
        texts = realtext.load_texts(wanted, args.cache)
    except realtext.CacheMissing as exc:
        out.write(f"{exc}\n")
        if len(exc.ids) > len(wanted) * MAX_MISSING_SHARE:
            return 0
        # A page the corpus no longer returns verbatim should not block a round: score the rest, say so.
        out.write(f"scoring the {len(wanted) - len(exc.ids)} cached excerpts; missing: {', '.join(exc.ids)}\n")
        texts = realtext.load_texts([r for r in wanted if r["id"] not in exc.ids], args.cache)
    except realtext.CacheMismatch as exc:
        out.write(f"{exc}\n")
        return 1
    engine = TransformEngine()
    for part in parts:
        docs = realtext.as_gold_documents([r for r in realtext.select(records, part) if r["id"] in texts], texts)
        report = evaluate(engine, docs)
        out.write(format_report(report, f"== real text, {part} ({len(docs)} documents) ==") + "\n")
        if args.errors:
            out.write("\n".join(report.errors) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
