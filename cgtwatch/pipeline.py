"""The run's stages as plain functions: plan, fetch, parse, load, check.

DAG tasks are thin wrappers around these; each stage hands the next one files in the run's
staging directory (not XCom), so a later stage still sees what an earlier, failed one left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError, ParseError, RunFailedError, SourceError, WarehouseError
from cgtwatch.progress import report
from extractors.base import MALFORMED_PAYLOAD_ERRORS, FetchWindow, ParsedDocument, RawDocument
from extractors.http import HttpClient
from extractors.landing import LandingZone, atomic_write_bytes
from extractors.registry import SOURCES, get_source_spec
from warehouse import loaders
from warehouse.db import open_writer

log = logging.getLogger(__name__)
BEIJING = ZoneInfo("Asia/Shanghai")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
# UTF-8 cannot encode these; they arrive through JSON escapes such as "\\ud800" in a site's API.
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")
FAILING_STATUSES = frozenset({"failed", "blocked"})


@dataclass(frozen=True)
class RunPlan:
    """What one run does: which sources, which window.

    ``refetch`` makes every source fetch the whole window even where an earlier run covered it.
    """

    run_id: str
    sources: tuple[str, ...]
    window: FetchWindow
    started_at: datetime
    offline: bool
    refetch: bool = False

    @property
    def key(self) -> str:
        """The run id made safe for file names."""
        return _UNSAFE.sub("_", self.run_id).strip("_")

    def to_dict(self) -> dict[str, Any]:
        """XCom-friendly form."""
        return {
            "run_id": self.run_id,
            "sources": list(self.sources),
            "since": self.window.since.isoformat(),
            "until": self.window.until.isoformat(),
            "started_at": self.started_at.isoformat(),
            "offline": self.offline,
            "refetch": self.refetch,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunPlan:
        """Inverse of :meth:`to_dict`."""
        return cls(
            run_id=str(data["run_id"]),
            sources=tuple(data["sources"]),
            window=FetchWindow(date.fromisoformat(data["since"]), date.fromisoformat(data["until"])),
            started_at=datetime.fromisoformat(data["started_at"]),
            offline=bool(data["offline"]),
            refetch=bool(data.get("refetch", False)),
        )


def parse_date_param(value: Any, name: str) -> date | None:
    """A run parameter given as ``YYYY-MM-DD`` (None when absent).

    Raises:
        ConfigError: The value is not a date.
    """
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"{name} must be YYYY-MM-DD, got {value!r}") from exc


def plan_run(params: Mapping[str, Any], run_id: str, run_after: datetime, settings: Settings) -> RunPlan:
    """Resolve a run's sources and window from its params (manual runs) or its run time.

    Without explicit dates the window is the ``lookback_days`` ending on the run's Beijing date.

    Raises:
        ConfigError: Unknown source names or malformed dates.
    """
    names = tuple(params.get("sources") or SOURCES)
    for name in names:
        get_source_spec(name)
    run_day = run_after.astimezone(BEIJING).date()
    until = parse_date_param(params.get("until"), "until") or run_day
    since = parse_date_param(params.get("since"), "since") or until - timedelta(days=max(settings.lookback_days, 1) - 1)
    try:
        window = FetchWindow(since, until)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    return RunPlan(run_id, names, window, datetime.now(UTC), settings.offline, bool(params.get("refetch")))


@dataclass(frozen=True)
class IngestState:
    """What earlier runs fetched completely for one source."""

    covered_since: date
    covered_until: date
    cursor_value: datetime | None


@contextlib.contextmanager
def _current_reader(settings: Settings) -> Iterator[Any | None]:
    """A read-only connection to a fully migrated warehouse, else None.

    None for a new warehouse, and for one whose migrations have not all run yet (a first load
    killed part-way, or an older release): the next writer migrates it, and until then earlier
    runs simply count as absent. Raises WarehouseError when a writer holds the file.
    """
    from warehouse.db import migrations, open_reader, schema_version

    if not settings.warehouse_path.exists():
        yield None
        return
    with open_reader(settings.warehouse_path) as con:
        yield con if schema_version(con) == migrations()[-1].version else None


def read_ingest_state(settings: Settings, source: str) -> IngestState | None:
    """The source's incremental state, or None for a new source or warehouse."""
    try:
        with _current_reader(settings) as con:
            if con is None:
                return None
            row = con.execute(
                "SELECT covered_since, covered_until, cursor_value FROM ingest_state WHERE source = ?", [source]
            ).fetchone()
    except WarehouseError as exc:
        # Without the state the run fetches the whole window: slower, never wrong.
        log.warning("ingest state of %s unavailable, fetching the whole window: %s", source, exc)
        return None
    return IngestState(row[0], row[1], row[2]) if row else None


def effective_window(window: FetchWindow, state: IngestState | None, overlap_days: int) -> FetchWindow | None:
    """The part of ``window`` still to fetch, given what earlier runs covered.

    Everything up to ``covered_until - overlap_days`` that the window shares with the covered range
    is skipped; the overlap is fetched again because sites back-fill recent days (CDE lags T-2).
    Returns None when the whole window lies inside the covered range minus the overlap.
    """
    if state is None or window.since < state.covered_since or window.since > state.covered_until:
        return window
    resume = max(window.since, state.covered_until - timedelta(days=overlap_days))
    if resume > window.until:
        return None
    return FetchWindow(resume, window.until)


def _stage_dir(settings: Settings, plan: RunPlan) -> Path:
    path = settings.staging_dir / plan.key
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def fetch_stage(settings: Settings, plan: RunPlan, source_name: str) -> dict[str, Any]:
    """Fetch one source into the landing zone; a source failure is recorded, not raised.

    Returns:
        The fetch report (also written to the staging directory).
    """
    spec = get_source_spec(source_name)
    landing = LandingZone(settings.landing_dir)
    status, reason, fetched = "ok", None, 0
    state = None if plan.refetch else read_ingest_state(settings, source_name)
    window = effective_window(plan.window, state, settings.overlap_days)
    if window is None:
        message = f"window {plan.window.since} ~ {plan.window.until} already covered; nothing to fetch"
        report("fetch", source_name, message)
        landing.write_batch(source_name, plan.key, iter(()))
        covered: dict[str, Any] = {
            "source": source_name,
            "status": "ok",
            "reason": None,
            "fetched": 0,
            "requests": 0,
            "bytes": 0,
            "retries": 0,
            "window": None,
            "batch": str(landing.batch_path(source_name, plan.key)),
        }
        _write_json(_stage_dir(settings, plan) / f"{source_name}.fetch.json", covered)
        return covered
    resumed = "" if window == plan.window else f" (resuming after earlier runs; requested from {plan.window.since})"
    report("fetch", source_name, f"window {window.since} ~ {window.until}{resumed}")
    from extractors.browser import transport_for

    # The journal lands every body as it arrives (failed ones too) and makes GETs conditional.
    journal = landing.journal(source_name, plan.key)
    transport = transport_for(source_name, settings, os.environ)
    with HttpClient(settings.http, transport=transport, journal=journal) as client:
        source = spec.build(client, settings)

        def counted() -> Iterator[RawDocument]:
            nonlocal fetched
            for doc in source.fetch(window):
                fetched += 1
                if fetched % 25 == 0:
                    report("fetch", source_name, f"{fetched} documents so far")
                yield doc

        try:
            landing.write_batch(source_name, plan.key, counted())
        except SourceError as exc:
            status, reason = exc.status, str(exc)
            log.error("source %s %s: %s", source_name, status, reason)
        stats = client.stats
    result: dict[str, Any] = {
        "source": source_name,
        "status": status,
        "reason": reason,
        "fetched": fetched,
        "requests": stats.requests,
        "bytes": stats.bytes_received,
        "retries": stats.retries,
        "not_modified": stats.not_modified,
        "pages": stats.pages,
        "exchanges": str(journal.path),
        "window": [window.since.isoformat(), window.until.isoformat()],
        "batch": str(landing.batch_path(source_name, plan.key)),
    }
    _write_json(_stage_dir(settings, plan) / f"{source_name}.fetch.json", result)
    outcome = f"{fetched} documents, {stats.requests} requests" if status == "ok" else f"{status.upper()}: {reason}"
    report("fetch", source_name, outcome)
    return result


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def document_id(source: str, native_id: str) -> str:
    """Stable identity of a document: its source and the site's own id."""
    return hashlib.sha256(f"{source}\x1f{native_id}".encode()).hexdigest()


def content_hash(doc: ParsedDocument) -> str:
    """Version of a document: changes only when what an analyst reads changes."""
    material = "\x1f".join(
        [
            _normalise(doc.title),
            doc.published_at.isoformat(),
            _normalise(doc.body_text),
            doc.company_code or "",
            doc.attachment_url or "",
        ]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def staged_document_row(doc: ParsedDocument, raw_ref: str) -> dict[str, Any]:
    """The row the loader expects (see ``warehouse.loaders.STAGED_DOCUMENT_COLUMNS``)."""
    return {
        "doc_id": document_id(doc.source, doc.native_id),
        "source": doc.source,
        "native_id": doc.native_id,
        "url": doc.url,
        "title": doc.title,
        "published_at": doc.published_at.isoformat(),
        "doc_type": doc.doc_type,
        "language": doc.language,
        "company_code": doc.company_code,
        "company_name": doc.company_name,
        "attachment_url": doc.attachment_url,
        "body_text": doc.body_text,
        "metadata": dict(doc.metadata),
        "content_hash": content_hash(doc),
        "raw_ref": raw_ref,
    }


def repair_text(value: Any) -> tuple[Any, bool]:
    """``value`` with every string's lone surrogates replaced by U+FFFD, and whether any was.

    Strings inside lists, tuples and dicts are repaired too; other values pass through.
    """
    if isinstance(value, str):
        fixed = _LONE_SURROGATE.sub("\ufffd", value)
        return fixed, fixed != value
    if isinstance(value, Mapping):
        pairs = [(repair_text(k), repair_text(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, any(kc or vc for (_, kc), (_, vc) in pairs)
    if isinstance(value, list | tuple):
        items = [repair_text(v) for v in value]
        return type(value)(v for v, _ in items), any(c for _, c in items)
    return value, False


def repair_document(doc: ParsedDocument) -> ParsedDocument:
    """Repair text UTF-8 cannot encode, noting the repaired fields in ``metadata["repaired"]``.

    A lone surrogate in one title would otherwise fail the whole source's staging file; replacing it
    keeps the document (and its neighbours) while saying what was changed.
    """
    changes: dict[str, Any] = {}
    for spec in dataclasses.fields(doc):
        fixed, changed = repair_text(getattr(doc, spec.name))
        if changed:
            changes[spec.name] = fixed
    if not changes:
        return doc
    note = {"repaired": f"lone surrogates replaced by U+FFFD in {', '.join(sorted(changes))}"}
    changes["metadata"] = {**changes.get("metadata", doc.metadata), **note}
    log.warning("%s %s: %s", doc.source, repair_text(doc.native_id)[0], note["repaired"])
    return dataclasses.replace(doc, **changes)


def quarantine_row(raw: RawDocument, raw_ref: str, stage: str, reason: str) -> dict[str, Any]:
    """A rejected raw document, keyed so that re-runs do not quarantine it twice."""
    native_id, _ = repair_text(raw.native_id)
    material = "\x1f".join([raw.source, stage, native_id, raw.record.sha256, *(a.sha256 for a in raw.attachments)])
    row_json, _ = repair_text({"url": raw.record.url, "attachments": [a.url for a in raw.attachments], **raw.context})
    return {
        "quarantine_id": hashlib.sha256(material.encode()).hexdigest(),
        "source": raw.source,
        "stage": stage,
        "native_id": native_id,
        "reason": repair_text(reason)[0],
        "raw_ref": raw_ref,
        "row_json": row_json,
    }


StageFn = Callable[[Settings, RunPlan, str], dict[str, Any]]


def _records_failure(step: str) -> Callable[[StageFn], StageFn]:
    """Make a per-source stage leave ``<source>.<step>.error.json`` when it raises, for the run summary."""

    def wrap(stage: StageFn) -> StageFn:
        @functools.wraps(stage)
        def run(settings: Settings, plan: RunPlan, source_name: str) -> dict[str, Any]:
            try:
                return stage(settings, plan, source_name)
            except Exception as exc:
                error = {"error": repair_text(f"{type(exc).__name__}: {exc}")[0][:2000]}
                _write_json(_stage_dir(settings, plan) / f"{source_name}.{step}.error.json", error)
                raise

        return run

    return wrap


@_records_failure("parse")
def parse_stage(settings: Settings, plan: RunPlan, source_name: str) -> dict[str, Any]:
    """Parse one source's fetched batch into staged documents and quarantined rejects.

    Returns:
        The parse report (also written to the staging directory).
    """
    spec = get_source_spec(source_name)
    landing = LandingZone(settings.landing_dir)
    stage_dir = _stage_dir(settings, plan)
    batch = landing.batch_path(source_name, plan.key)
    parsed = rejected = 0
    reasons: dict[str, int] = {}
    docs_path = stage_dir / f"{source_name}.documents.jsonl"
    rejects_path = stage_dir / f"{source_name}.rejected.jsonl"
    versions: dict[str, str] = {}
    with docs_path.open("w", encoding="utf-8") as docs_out, rejects_path.open("w", encoding="utf-8") as rej_out:
        if batch.exists():
            for raw, raw_ref in landing.read_batch(batch):
                try:
                    doc = repair_document(spec.parse(raw))
                except (ParseError, *MALFORMED_PAYLOAD_ERRORS) as exc:
                    # A parser that breaks on one payload costs that document, never the source.
                    rejected += 1
                    reason = str(exc) if isinstance(exc, ParseError) else f"parser failed: {type(exc).__name__}: {exc}"
                    reasons[reason.split(":")[0]] = reasons.get(reason.split(":")[0], 0) + 1
                    rej_out.write(loaders.dumps_row(quarantine_row(raw, raw_ref, "parse", reason)) + "\n")
                    continue
                parsed += 1
                row = staged_document_row(doc, raw_ref)
                versions[row["doc_id"]] = row["content_hash"]
                docs_out.write(loaders.dumps_row(row) + "\n")
    known = _known_documents(settings, versions)
    _write_json(stage_dir / f"{source_name}.known.json", {"doc_ids": sorted(known)})
    result = {
        "source": source_name,
        "parsed": parsed,
        "rejected": rejected,
        "reject_reasons": reasons,
        "unchanged_known": len(known),
    }
    _write_json(stage_dir / f"{source_name}.parse.json", result)
    detail = f" ({len(known)} unchanged since an earlier load, not re-processed)" if known else ""
    report("parse", source_name, f"{parsed} parsed, {rejected} rejected{detail}" + (f" {reasons}" if reasons else ""))
    return result


def _known_documents(settings: Settings, versions: Mapping[str, str]) -> set[str]:
    """Documents the warehouse already holds in this version, tagged by this lexicon.

    Tagging and validating them again could only reproduce what is loaded, so later stages skip
    them (the loader still counts them as unchanged). Without a readable warehouse (first run, or
    another run writing right now) nothing counts as known and everything is processed.
    """
    if not versions:
        return set()
    try:
        with _current_reader(settings) as con:
            if con is None:
                return set()
            rows = con.execute(
                """
                SELECT s.doc_id
                FROM (SELECT unnest(?) AS doc_id, unnest(?) AS content_hash) AS s
                JOIN documents AS d ON d.doc_id = s.doc_id AND d.content_hash = s.content_hash
                JOIN transform_state AS t ON t.doc_id = s.doc_id AND t.content_hash = s.content_hash
                WHERE t.lexicon_version = ?
                """,
                [list(versions), list(versions.values()), lexicon_version()],
            ).fetchall()
    except WarehouseError as exc:
        log.warning("cannot tell which documents are unchanged, processing all of them: %s", exc)
        return set()
    return {str(r[0]) for r in rows}


def _read_known(stage_dir: Path, source_name: str) -> set[str]:
    stored = _read_json(stage_dir / f"{source_name}.known.json")
    return set(stored["doc_ids"]) if stored else set()


def _date_only(published_at: str) -> str:
    return published_at[:10]


def extraction_rows(doc_row: Mapping[str, Any], extraction: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The staged mention and evidence rows of one document's extraction.

    Args:
        doc_row: The staged document row the extraction ran on.
        extraction: Its :class:`transforms.types.DocumentExtraction`.

    Returns:
        Mention rows and evidence rows (see ``warehouse.loaders`` for their columns).
    """
    from transforms.dedup import event_key

    doc_id, source, version = doc_row["doc_id"], doc_row["source"], extraction.lexicon_version
    mentions = [
        {
            "mention_id": hashlib.sha256(
                f"{doc_id}\x1f{e.field}\x1f{e.start}\x1f{e.end}\x1f{e.type}".encode()
            ).hexdigest(),
            "doc_id": doc_id,
            "source": source,
            "entity_type": e.type,
            "canonical": e.canonical,
            "surface": e.text,
            "field": e.field,
            "start_offset": e.start,
            "end_offset": e.end,
            "lexicon_version": version,
        }
        for e in extraction.entities
    ]
    from transforms.attribution import credited
    from warehouse.identity import regulator_of

    attribution = _attribution(doc_row, extraction)
    evidence = []
    for ev in extraction.events:
        event_type, subject = event_key(ev)
        amount = ev.amount
        company, parent, stake = credited(ev.company, attribution)
        evidence.append(
            _evidence_row(
                doc_row,
                version,
                event_type=event_type,
                subject_key=f"{event_type}|{subject}",
                event_date=ev.date,
                drug=ev.drug,
                company=company,
                indication=ev.indication,
                policy=ev.policy,
                region=ev.region,
                amount_value=amount.value if amount else None,
                amount_currency=amount.currency if amount else None,
                amount_cny=amount.value_cny if amount else None,
                amount_text=amount.surface if amount else None,
                round=ev.round,
                investors=list(ev.investors),
                issuer=ev.issuer,
                acceptance_no=ev.acceptance_no,
                evidence=ev.evidence,
                field=ev.field,
                start_offset=ev.evidence_start,
                end_offset=ev.evidence_end,
                confidence=ev.confidence,
                regulator=regulator_of(ev.issuer),
                parent_company=parent,
                parent_stake=stake,
            )
        )
    policy = _policy_evidence(doc_row, extraction)
    if policy is not None:
        # The document's own issuance replaces what sentence rules read into it (often a quoted older policy).
        evidence = [e for e in evidence if e["event_type"] != "policy_issued"] + [policy]
    return mentions, evidence


def _attribution(doc_row: Mapping[str, Any], extraction: Any) -> Any:
    """What a listed company's announcement says about the developer of its subject (None otherwise)."""
    from transforms.attribution import CompanySpan, attribute

    listed = doc_row.get("company_name")
    if not listed:
        return None
    companies = [
        CompanySpan(e.canonical, e.start, e.end)
        for e in extraction.entities
        if e.type == "company" and e.field == "text"
    ]
    return attribute(doc_row["body_text"], str(listed), companies)


def _policy_evidence(doc_row: Mapping[str, Any], extraction: Any) -> dict[str, Any] | None:
    """A policy document's issuance as a staged evidence row, from its stored metadata."""
    from transforms.policy_events import METADATA_CONFIDENCE, policy_event

    title_entities = [e for e in extraction.entities if e.field == "title"]
    metadata = doc_row.get("metadata")
    event = policy_event(
        doc_type=doc_row["doc_type"],
        title=doc_row["title"],
        body_text=doc_row["body_text"],
        published_at=doc_row["published_at"],
        metadata=json.loads(metadata) if isinstance(metadata, str) else metadata,
        title_policies=[e.canonical for e in title_entities if e.type == "policy"],
        title_regions=[e.canonical for e in title_entities if e.type == "region"],
    )
    if event is None:
        return None
    return _evidence_row(
        doc_row,
        extraction.lexicon_version,
        event_type="policy_issued",
        subject_key=f"policy_issued|{event.policy}",
        event_date=event.date,
        policy=event.policy,
        region=event.region,
        issuer=event.issuer,
        evidence=event.evidence,
        field="title",
        start_offset=0,
        end_offset=len(doc_row["title"]),
        confidence=METADATA_CONFIDENCE,
        document_number=event.document_number,
        is_draft=event.is_draft,
    )


def _evidence_row(doc_row: Mapping[str, Any], lexicon_version: str, **values: Any) -> dict[str, Any]:
    """A staged evidence row of ``doc_row`` (``warehouse.loaders.STAGED_EVIDENCE_COLUMNS``), absent fields None."""
    row: dict[str, Any] = dict.fromkeys(loaders.STAGED_EVIDENCE_COLUMNS)
    row.update(
        doc_id=doc_row["doc_id"],
        source=doc_row["source"],
        published_at=doc_row["published_at"],
        investors=[],
        lexicon_version=lexicon_version,
    )
    unknown = set(values) - set(row)
    if unknown:
        raise KeyError(f"not staged evidence columns: {sorted(unknown)}")
    row.update(values)
    return row


# Bump when what the transform stage adds to the engine's output changes (policy events from
# metadata, developer attribution): documents tagged under an older stamp are then tagged again.
TRANSFORM_ADDITIONS_VERSION = "policies-developers-1"
_TRANSFORMS_DIR = Path(__file__).resolve().parent.parent / "transforms"


@functools.cache
def rules_digest() -> str:
    """A short hash of the transform code (trigger table, date rules, tagger).

    Part of every row's version stamp, so a release that changes how events are read re-tags the
    documents a warehouse already holds instead of mixing old and new readings.
    """
    digest = hashlib.sha256()
    for path in sorted(_TRANSFORMS_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _stamped(engine_version: str) -> str:
    return f"{engine_version}+{TRANSFORM_ADDITIONS_VERSION}+rules-{rules_digest()}"


def lexicon_version() -> str:
    """The version stamp a transform would carry, without building the engine.

    It hashes every file of ``transforms/lexicon/`` and of the knowledge base ``transforms/kb/`` (through
    :func:`transforms.lexicon.load_lexicon`), so editing any KB row re-tags the documents.
    """
    from transforms.engine import TransformEngine

    return _stamped(TransformEngine.version_without_building())


@_records_failure("transform")
def transform_stage(settings: Settings, plan: RunPlan, source_name: str) -> dict[str, Any]:
    """Tag entities and extract events from one source's parsed documents.

    Returns:
        The transform report (also written to the staging directory).
    """
    from transforms.engine import TransformEngine
    from transforms.types import InputDocument

    stage_dir = _stage_dir(settings, plan)
    known = _read_known(stage_dir, source_name)
    engine: TransformEngine | None = None
    docs = mentions = events = oversize = 0
    failed: dict[str, str] = {}
    docs_path = stage_dir / f"{source_name}.documents.jsonl"
    with (
        (stage_dir / f"{source_name}.mentions.jsonl").open("w", encoding="utf-8") as mentions_out,
        (stage_dir / f"{source_name}.evidence.jsonl").open("w", encoding="utf-8") as evidence_out,
    ):
        if docs_path.exists():
            with docs_path.open(encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    if row["doc_id"] in known:
                        continue
                    if _oversize(row):
                        # Checked before tagging: validation quarantines these (title_length, body_length),
                        # so tagging megabytes of a broken parse would only cost time.
                        oversize += 1
                        continue
                    if engine is None:
                        # Built on the first document only: an incremental run with nothing new skips it.
                        engine = TransformEngine(tmp_dir=str(settings.jieba_cache_dir))
                    document = InputDocument(
                        id=row["doc_id"],
                        text=row["body_text"],
                        title=row["title"],
                        published_at=_date_only(row["published_at"]),
                        source=row["source"],
                        url=row["url"],
                    )
                    try:
                        doc_mentions, doc_evidence = extraction_rows(row, engine.extract(document))
                    except (RecursionError, ValueError, IndexError) as exc:
                        # One document the tagger cannot handle is quarantined; its source still loads.
                        failed[row["doc_id"]] = f"transform failed: {type(exc).__name__}: {exc}"
                        log.exception("transform of %s %s failed", source_name, row["native_id"])
                        continue
                    docs += 1
                    mentions += len(doc_mentions)
                    events += len(doc_evidence)
                    mentions_out.writelines(loaders.dumps_row(m) + "\n" for m in doc_mentions)
                    evidence_out.writelines(loaders.dumps_row(e) + "\n" for e in doc_evidence)
    if failed:
        _quarantine_staged(stage_dir, source_name, "transform", failed)
    result = {
        "source": source_name,
        "documents": docs,
        "mentions": mentions,
        "events": events,
        "oversize": oversize,
        "failed": len(failed),
        "lexicon_version": _stamped(engine.lexicon_version) if engine else lexicon_version(),
    }
    _write_json(stage_dir / f"{source_name}.transform.json", result)
    extra = f"; {oversize} over the size limits left untagged" if oversize else ""
    extra += f"; {len(failed)} quarantined" if failed else ""
    report("tag", source_name, f"{docs} documents: {mentions} entity mentions, {events} event reports{extra}")
    return result


def _oversize(row: Mapping[str, Any]) -> bool:
    """Whether a staged document breaks the title or body size limit of the ``documents.staged`` suite."""
    from expectations.settings import BODY_MAX_CHARS, TITLE_MAX_CHARS

    return len(row["title"] or "") > TITLE_MAX_CHARS or len(row["body_text"] or "") > BODY_MAX_CHARS


def _quarantine_staged(stage_dir: Path, source_name: str, stage: str, reasons: Mapping[str, str]) -> None:
    """Move staged documents (by ``doc_id``) from the source's documents file to its quarantine file."""
    docs_path = stage_dir / f"{source_name}.documents.jsonl"
    docs = _read_jsonl(docs_path)
    moved = []
    for row in docs:
        if row["doc_id"] in reasons:
            material = "\x1f".join([source_name, stage, row["doc_id"], row["content_hash"]])
            moved.append(
                {
                    "quarantine_id": hashlib.sha256(material.encode()).hexdigest(),
                    "source": source_name,
                    "stage": stage,
                    "native_id": row["native_id"],
                    "reason": reasons[row["doc_id"]],
                    "raw_ref": row.get("raw_ref"),
                    "row_json": {"url": row["url"], "title": row["title"][:500]},
                }
            )
    rejected_path = stage_dir / f"{source_name}.rejected.jsonl"
    _write_jsonl(rejected_path, [*_read_jsonl(rejected_path), *moved])
    _write_jsonl(docs_path, [row for row in docs if row["doc_id"] not in reasons])


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    atomic_write_bytes(path, "".join(loaders.dumps_row(r) + "\n" for r in rows).encode("utf-8"))


def _row_count_history(settings: Settings, source: str) -> list[int]:
    """Documents fetched by this source's earlier runs, oldest first (empty for a new warehouse)."""
    try:
        with _current_reader(settings) as con:
            if con is None:
                return []
            rows = con.execute(
                "SELECT s.fetched FROM run_sources s JOIN runs r USING (run_id) WHERE s.source = ? "
                "AND s.status IN ('ok', 'no_new_data') ORDER BY r.finished_at DESC LIMIT 10",
                [source],
            ).fetchall()
    except WarehouseError as exc:
        # A writer holds the file right now: validate without history rather than wait, but say so.
        log.warning("row-count history of %s unavailable: %s", source, exc)
        return []
    return [int(r[0]) for r in reversed(rows)]


def validation_quarantine_row(source: str, key: str, reason: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row blocked by a critical expectation, keyed so that re-runs do not quarantine it twice."""
    material = "\x1f".join([source, "validate", key, reason, loaders.dumps_row(row)])
    return {
        "quarantine_id": hashlib.sha256(material.encode("utf-8")).hexdigest(),
        "source": source,
        "stage": "validate",
        "native_id": str(row.get("native_id") or key),
        "reason": reason,
        "raw_ref": row.get("raw_ref"),
        "row_json": dict(row),
    }


@_records_failure("validate")
def validate_stage(settings: Settings, plan: RunPlan, source_name: str) -> dict[str, Any]:
    """Validate one source's raw documents and staged rows with the Great Expectations suites.

    Rows failing a critical expectation are removed from the staged files and quarantined with the
    suite, expectation and reason; a table-level critical failure blocks the whole frame. Warnings
    only get recorded. The suite outcomes go to ``<source>.dq.json`` for the load stage.

    Returns:
        The validation report (also written to the staging directory).
    """
    stage_dir = _stage_dir(settings, plan)
    docs = _read_jsonl(stage_dir / f"{source_name}.documents.jsonl")
    known = _read_known(stage_dir, source_name)
    fetch = _read_json(stage_dir / f"{source_name}.fetch.json") or {}
    if not docs and fetch.get("status") in FAILING_STATUSES:
        # Nothing arrived from a failed source: no suite could say more than the fetch error does,
        # and building the GX context for nothing would only delay the failure report.
        _write_json(stage_dir / f"{source_name}.dq.json", {"outcomes": []})
        skipped = {"source": source_name, "quarantined": 0, "warnings": 0, "suites": 0}
        _write_json(stage_dir / f"{source_name}.validate.json", skipped)
        report("check", source_name, f"nothing to check: the source {fetch['status']}")
        return skipped
    if docs and all(d["doc_id"] in known for d in docs):
        # Every document passed these suites when it was loaded and has not changed since.
        _write_json(stage_dir / f"{source_name}.dq.json", {"outcomes": []})
        skipped = {"source": source_name, "quarantined": 0, "warnings": 0, "suites": 0}
        _write_json(stage_dir / f"{source_name}.validate.json", skipped)
        report("check", source_name, f"all {len(docs)} documents unchanged since validated; suites skipped")
        return skipped

    from expectations import frames
    from expectations.runner import GxDirs, SuiteOutcome, validate

    dirs = GxDirs.under(settings.profile_dir)
    params = {"window_end": plan.window.until}
    mentions = _read_jsonl(stage_dir / f"{source_name}.mentions.jsonl")
    evidence = _read_jsonl(stage_dir / f"{source_name}.evidence.jsonl")
    batch = LandingZone(settings.landing_dir).batch_path(source_name, plan.key)
    raw_rows = (
        [frames.raw_document_row(raw) for raw, _ in LandingZone(settings.landing_dir).read_batch(batch)]
        if (batch.exists())
        else []
    )
    outcomes: list[SuiteOutcome] = []
    quarantined: list[dict[str, Any]] = []

    def check(
        table: str, suite: str, frame: Any, keys: list[str], rows: list[dict[str, Any]], **extra: Any
    ) -> set[str]:
        outcome = validate(
            table,
            frame,
            key_columns=keys,
            parameters={**params, **extra},
            run_id=plan.run_id,
            dirs=dirs,
            source=source_name,
        )
        outcomes.append(outcome)
        blocked = outcome.failing_keys()
        whole = outcome.frame_failures()
        failing: set[str] = set()
        for row in rows:
            key = frames.row_key(row, keys)
            reasons = blocked.get(key, []) + whole
            if reasons:
                failing.add(key)
                quarantined.append(validation_quarantine_row(source_name, key, "; ".join(reasons), row))
        return failing

    bad_raw = check(f"raw_documents.{source_name}", "raw", frames.raw_documents_frame(raw_rows), ["native_id"], [])
    bad_docs = check(
        "documents.staged",
        "documents",
        frames.documents_frame(docs),
        ["doc_id"],
        docs,
        row_count_history=_row_count_history(settings, source_name),
    )
    blocked_ids = {d["doc_id"] for d in docs if d["doc_id"] in bad_docs or d["native_id"] in bad_raw}
    for doc in docs:
        if doc["native_id"] in bad_raw and doc["doc_id"] not in bad_docs:
            quarantined.append(
                validation_quarantine_row(source_name, doc["doc_id"], f"raw_documents.{source_name} failed", doc)
            )
    docs = [d for d in docs if d["doc_id"] not in blocked_ids]
    texts = frames.document_texts(docs)
    mentions = [m for m in mentions if m["doc_id"] not in blocked_ids]
    evidence = [e for e in evidence if e["doc_id"] not in blocked_ids]
    mention_keys = ["mention_id"]
    bad_mentions = check(
        "entity_mentions.staged", "mentions", frames.mentions_frame(mentions, texts), mention_keys, mentions
    )
    event_keys = ["doc_id", "event_type", "field", "start_offset"]
    bad_events = check("events.staged", "events", frames.events_frame(evidence, texts), event_keys, evidence)
    mentions = [m for m in mentions if frames.row_key(m, mention_keys) not in bad_mentions]
    evidence = [e for e in evidence if frames.row_key(e, event_keys) not in bad_events]
    _write_jsonl(stage_dir / f"{source_name}.documents.jsonl", docs)
    _write_jsonl(stage_dir / f"{source_name}.mentions.jsonl", mentions)
    _write_jsonl(stage_dir / f"{source_name}.evidence.jsonl", evidence)
    rejected_path = stage_dir / f"{source_name}.rejected.jsonl"
    _write_jsonl(rejected_path, [*_read_jsonl(rejected_path), *quarantined])
    _write_json(stage_dir / f"{source_name}.dq.json", {"outcomes": [o.to_dict() for o in outcomes]})
    warnings = sum(o.warnings for o in outcomes)
    result = {
        "source": source_name,
        "quarantined": len(quarantined),
        "documents_quarantined": len(blocked_ids),
        "warnings": warnings,
        "suites": len(outcomes),
    }
    _write_json(stage_dir / f"{source_name}.validate.json", result)
    report(
        "check",
        source_name,
        f"{len(outcomes)} suites: {len(quarantined)} rows quarantined, {warnings} warnings",
    )
    return result


def load_stage(settings: Settings, plan: RunPlan) -> dict[str, Any]:
    """Load every source's staged rows and the run record in one warehouse transaction.

    Returns:
        The run summary: status, warehouse path and one row per source.
    """
    stage_dir = _stage_dir(settings, plan)
    now = datetime.now(UTC)
    # Only a source whose every stage finished loads: a crashed parse, transform or validate task
    # leaves its documents untagged or unvalidated, and those never reach the warehouse.
    ready = [s for s in plan.sources if all((stage_dir / f"{s}.{step}.json").exists() for step in _STEPS)]
    try:
        rows, status, extracted, deferred = _load_transaction(settings, stage_dir, plan, ready, now)
    except WarehouseError as exc:
        _defer_failure(settings, stage_dir, plan, str(exc))
        raise
    for path in deferred:
        path.unlink(missing_ok=True)
    for row in rows:
        report(
            "load",
            row["source"],
            f"{row['new']} new, {row['updated']} updated, {row['unchanged']} unchanged, {row['rejected']} rejected",
        )
    report(
        "load",
        "all",
        f"{extracted.documents} documents re-tagged: {extracted.mentions} mentions, "
        f"{extracted.evidence} event reports; {extracted.events_total} events in the warehouse",
    )
    docs_index = _build_data_docs(settings, validated=_suites_run(stage_dir, plan))
    # The run is recorded (failures with their reasons): its staging files have served their purpose.
    shutil.rmtree(stage_dir, ignore_errors=True)
    return {
        "run_id": plan.run_id,
        "status": status,
        "warehouse": str(settings.warehouse_path),
        "data_docs": str(docs_index),
        "sources": rows,
    }


def _load_transaction(
    settings: Settings, stage_dir: Path, plan: RunPlan, ready: list[str], now: datetime
) -> tuple[list[dict[str, Any]], str, Any, list[Path]]:
    """The load itself, one transaction: returns the source rows, run status, extraction counts, deferred files."""
    with open_writer(settings.warehouse_path, plan.run_id, wait_s=settings.warehouse_lock_wait_s) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            deferred = _record_deferred_failures(con, settings)
            documents = [stage_dir / f"{s}.documents.jsonl" for s in ready]
            counts = loaders.upsert_documents(con, documents, plan.run_id, now)
            loaders.quarantine_rows(con, [stage_dir / f"{s}.rejected.jsonl" for s in plan.sources], plan.run_id, now)
            loaders.record_reposts(con, now)
            transformed = {s: _read_json(stage_dir / f"{s}.transform.json") for s in ready}
            done = {s: r for s, r in transformed.items() if r is not None}
            _seed_lexicon(con, now)
            loaders.register_sources(con, ((s.name, s.description, s.schedule) for s in SOURCES.values()), now)
            extracted = loaders.load_extractions(
                con,
                mention_files=[stage_dir / f"{s}.mentions.jsonl" for s in done],
                evidence_files=[stage_dir / f"{s}.evidence.jsonl" for s in done],
                transformed_sources=sorted(done),
                lexicon_version=next(iter(done.values()))["lexicon_version"] if done else "",
                now=now,
            )
            _record_quality(con, stage_dir, plan)
            _advance_ingest_state(con, stage_dir, plan, ready, now)
            rows = [_source_row(stage_dir, name, counts.get(name, loaders.UpsertCounts())) for name in plan.sources]
            status = _run_status(rows)
            failures = [f"{r['source']}: {r['reason']}" for r in rows if r["status"] in FAILING_STATUSES]
            loaders.record_run(
                con,
                loaders.RunRecord(
                    run_id=plan.run_id,
                    started_at=plan.started_at,
                    finished_at=datetime.now(UTC),
                    status=status,
                    window_start=plan.window.since,
                    window_end=plan.window.until,
                    offline=plan.offline,
                    sources=plan.sources,
                    message="; ".join(failures) or None,
                ),
                rows,
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return rows, status, extracted, deferred


def _seed_lexicon(con: Any, now: datetime) -> None:
    """Keep the entity dimensions complete: every lexicon entry with its aliases, once per lexicon version."""
    from transforms.lexicon import load_lexicon
    from transforms.types import ENTITY_TYPES

    version = lexicon_version()
    if loaders.read_state(con, "seeded_lexicon_version") == version:
        return
    entries = load_lexicon().entries
    loaders.seed_lexicon(
        con, ((e.type, e.canonical, e.aliases, e.company) for e in entries if e.type in ENTITY_TYPES), now
    )
    loaders.write_state(con, "seeded_lexicon_version", version, now)


_STEPS = ("fetch", "parse", "transform", "validate")


def _documents_held_back(stage_dir: Path, name: str) -> int:
    """Documents of the source's batch quarantined at parse, transform or validate (not loaded)."""
    return sum(
        int((_read_json(stage_dir / f"{name}.{step}.json") or {}).get(key, 0))
        for step, key in (("parse", "rejected"), ("transform", "failed"), ("validate", "documents_quarantined"))
    )


def _deferred_dir(settings: Settings) -> Path:
    return settings.profile_dir / "deferred_runs"


def _defer_failure(settings: Settings, stage_dir: Path, plan: RunPlan, reason: str) -> None:
    """Keep the record of a run whose load could not open the warehouse, for the next writer to store.

    The warehouse is exactly what cannot be written at this point (a reader or another writer holds
    it), so the failed run is recorded in ``runs`` by the next load that gets in.
    """
    rows = []
    for name in plan.sources:
        row = _source_row(stage_dir, name, loaders.UpsertCounts())
        rows.append({**row, "status": "failed", "reason": reason, "errors": 1, "loaded": 0})
    record = {"plan": plan.to_dict(), "finished_at": datetime.now(UTC).isoformat(), "reason": reason, "rows": rows}
    _write_json(_deferred_dir(settings) / f"{plan.key}.json", record)


def deferred_failure_reason(settings: Settings, run_id: str) -> str | None:
    """Why the run's load could not open the warehouse, if it could not (its record waits for the next load)."""
    stored = _read_json(_deferred_dir(settings) / f"{_UNSAFE.sub('_', run_id).strip('_')}.json")
    return str(stored["reason"]) if stored else None


def _record_deferred_failures(con: Any, settings: Settings) -> list[Path]:
    """Store the deferred failed runs (inside the load transaction); returns their files to remove after commit."""
    paths = sorted(_deferred_dir(settings).glob("*.json"))
    for path in paths:
        stored = _read_json(path) or {}
        plan = RunPlan.from_dict(stored["plan"])
        if con.execute("SELECT 1 FROM runs WHERE run_id = ?", [plan.run_id]).fetchone():
            continue  # a later attempt of the same run got in and recorded the truth
        loaders.record_run(
            con,
            loaders.RunRecord(
                run_id=plan.run_id,
                started_at=plan.started_at,
                finished_at=datetime.fromisoformat(stored["finished_at"]),
                status="failed",
                window_start=plan.window.since,
                window_end=plan.window.until,
                offline=plan.offline,
                sources=plan.sources,
                message=stored["reason"],
            ),
            stored["rows"],
        )
    return paths


def _advance_ingest_state(con: Any, stage_dir: Path, plan: RunPlan, ready: list[str], now: datetime) -> None:
    """Extend each fully fetched and loaded source's covered range and cursor (inside the load transaction)."""
    for name in ready:
        fetch = _read_json(stage_dir / f"{name}.fetch.json")
        if not fetch or fetch.get("status") != "ok" or not fetch.get("window"):
            continue  # failed, blocked, or nothing fetched: the state stays where it was
        if _documents_held_back(stage_dir, name):
            # A document of the window did not load (a broken download, a hostile record): fetch the
            # window again next run so that its repaired version loads without --refetch.
            report("load", name, "window not marked covered: documents were quarantined; the next run fetches it again")
            continue
        since, until = (date.fromisoformat(d) for d in fetch["window"])
        loaders.advance_ingest_state(con, name, since, until, plan.run_id, now)


def _record_quality(con: Any, stage_dir: Path, plan: RunPlan) -> None:
    from expectations.runner import SuiteOutcome
    from warehouse.dq import record_dq

    outcomes: list[SuiteOutcome] = []
    for name in plan.sources:
        stored = _read_json(stage_dir / f"{name}.dq.json")
        if stored:
            outcomes.extend(SuiteOutcome.from_dict(o) for o in stored["outcomes"])
    record_dq(con, plan.run_id, outcomes)


def _suites_run(stage_dir: Path, plan: RunPlan) -> int:
    return sum(int((_read_json(stage_dir / f"{name}.validate.json") or {}).get("suites", 0)) for name in plan.sources)


def _build_data_docs(settings: Settings, *, validated: int) -> Path:
    """Rebuild Data Docs when this run validated anything (or none exist yet); otherwise they are current."""
    from expectations.runner import GxDirs, build_data_docs, data_docs_index

    dirs = GxDirs.under(settings.profile_dir)
    index = data_docs_index(dirs)
    if validated or not index.exists():
        index = build_data_docs(dirs)
        report("docs", "all", f"Data Docs: {index}")
    else:
        report("docs", "all", f"Data Docs unchanged (nothing was validated this run): {index}")
    return index


def _source_row(stage_dir: Path, name: str, counts: loaders.UpsertCounts) -> dict[str, Any]:
    fetch = _read_json(stage_dir / f"{name}.fetch.json")
    parsed = _read_json(stage_dir / f"{name}.parse.json")
    if fetch is None:
        fetch = {"status": "failed", "reason": "the fetch task did not finish; see its Airflow task log"}
    else:
        for step in _STEPS[1:]:
            if not (stage_dir / f"{name}.{step}.json").exists():
                error = _read_json(stage_dir / f"{name}.{step}.error.json")
                why = f": {error['error']}" if error else "; see its Airflow task log"
                reason = f"the {step} task did not finish, so none of its documents were loaded{why}"
                fetch = {**fetch, "status": "failed", "reason": reason}
                break
    status = fetch["status"]
    loaded = counts.new + counts.updated
    if status == "ok" and loaded == 0:
        status = "no_new_data"
    validated = _read_json(stage_dir / f"{name}.validate.json") or {}
    rejected = int((parsed or {}).get("rejected", 0)) + int(validated.get("quarantined", 0))
    return {
        "source": name,
        "status": status,
        "reason": fetch.get("reason"),
        "requests": int(fetch.get("requests", 0)),
        "pages": int(fetch.get("pages", 0)),
        "bytes": int(fetch.get("bytes", 0)),
        "retries": int(fetch.get("retries", 0)),
        "not_modified": int(fetch.get("not_modified", 0)),
        "fetched": int(fetch.get("fetched", 0)),
        "new": counts.new,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "skipped": int((parsed or {}).get("unchanged_known", 0)),
        "rejected": rejected,
        "loaded": loaded,
        "errors": int(status in FAILING_STATUSES),
        "dq_warnings": int(validated.get("warnings", 0)),
    }


def _run_status(rows: list[dict[str, Any]]) -> str:
    failing = sum(1 for r in rows if r["status"] in FAILING_STATUSES)
    if failing == 0:
        return "ok"
    return "failed" if failing == len(rows) else "partial"


def check_stage(summary: Mapping[str, Any]) -> None:
    """Fail the run (and so the DAG run and the CLI) when any source failed or was blocked.

    Raises:
        RunFailedError: Names every failing source and its reason.
    """
    failures = [s for s in summary["sources"] if s["status"] in FAILING_STATUSES]
    if failures:
        detail = "; ".join(f"{s['source']} {s['status']}: {s['reason']}" for s in failures)
        raise RunFailedError(f"run {summary['run_id']}: {len(failures)} source(s) did not complete: {detail}")
