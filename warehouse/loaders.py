"""Idempotent loads into the warehouse. Every function takes an open writer connection.

Rows arrive as staged JSON Lines files written by the parse stage; DuckDB reads them directly,
so a load is a handful of set-based statements inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

# The columns of a staged document row, in the order the loader reads them.
STAGED_DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR",
    "source": "VARCHAR",
    "native_id": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "published_at": "TIMESTAMPTZ",
    "doc_type": "VARCHAR",
    "language": "VARCHAR",
    "company_code": "VARCHAR",
    "company_name": "VARCHAR",
    "attachment_url": "VARCHAR",
    "body_text": "VARCHAR",
    "metadata": "JSON",
    "content_hash": "VARCHAR",
    "raw_ref": "VARCHAR",
}
STAGED_QUARANTINE_COLUMNS: dict[str, str] = {
    "quarantine_id": "VARCHAR",
    "source": "VARCHAR",
    "stage": "VARCHAR",
    "native_id": "VARCHAR",
    "reason": "VARCHAR",
    "raw_ref": "VARCHAR",
    "row_json": "JSON",
}


STAGED_MENTION_COLUMNS: dict[str, str] = {
    "mention_id": "VARCHAR",
    "doc_id": "VARCHAR",
    "source": "VARCHAR",
    "entity_type": "VARCHAR",
    "canonical": "VARCHAR",
    "surface": "VARCHAR",
    "field": "VARCHAR",
    "start_offset": "INTEGER",
    "end_offset": "INTEGER",
    "lexicon_version": "VARCHAR",
}
STAGED_EVIDENCE_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR",
    "source": "VARCHAR",
    "published_at": "TIMESTAMPTZ",
    "event_type": "VARCHAR",
    "subject_key": "VARCHAR",
    "event_date": "VARCHAR",
    "drug": "VARCHAR",
    "company": "VARCHAR",
    "indication": "VARCHAR",
    "policy": "VARCHAR",
    "region": "VARCHAR",
    "amount_value": "DOUBLE",
    "amount_currency": "VARCHAR",
    "amount_cny": "DOUBLE",
    "amount_text": "VARCHAR",
    "round": "VARCHAR",
    "investors": "VARCHAR[]",
    "issuer": "VARCHAR",
    "acceptance_no": "VARCHAR",
    "evidence": "VARCHAR",
    "field": "VARCHAR",
    "start_offset": "INTEGER",
    "end_offset": "INTEGER",
    "confidence": "DOUBLE",
    "lexicon_version": "VARCHAR",
    "regulator": "VARCHAR",
    "document_number": "VARCHAR",
    "is_draft": "BOOLEAN",
    "parent_company": "VARCHAR",
    "parent_stake": "DOUBLE",
}
# Evidence columns copied verbatim from the staged row into event_evidence.
_EVIDENCE_COPY = [c for c in STAGED_EVIDENCE_COLUMNS if c != "published_at"]
# What identifies one staged evidence row (a sentence of a document reporting an event type).
_EVIDENCE_KEY = ("doc_id", "event_type", "field", "start_offset", "variant")
# One sentence may report several events of one type (an approval for two indications): the variant
# tells them apart. Never NULL, so that the key can be joined on.
_VARIANT_SQL = "subject_key || chr(31) || coalesce(drug, '') || chr(31) || coalesce(indication, '') AS variant"
# Event attributes taken from the best evidence that has them (most precise date, then confidence).
_EVENT_ATTRIBUTES = (
    "drug",
    "company",
    "indication",
    "policy",
    "region",
    "amount_value",
    "amount_currency",
    "amount_cny",
    "round",
    "investors",
    "issuer",
    "acceptance_no",
    "regulator",
    "document_number",
    "is_draft",
    "parent_company",
    "parent_stake",
)
# Bump when the rules of warehouse.identity change: the next load re-identifies every event once.
IDENTITY_VERSION = "3"
_IDENTITY_STATE = "event_identity_version"
# Taken together from one evidence row (see _rebuild_events).
_DEVELOPER = ("company", "parent_company", "parent_stake")
# Reports from the regulator's own lists and pages give the date of record: preferred among equally precise dates.
_PRIMARY_SOURCES = ("cde", "nmpa", "policy")


@dataclass(frozen=True)
class UpsertCounts:
    """What an upsert did for one source."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _columns_struct(columns: Mapping[str, str]) -> str:
    # Column names come from the fixed dicts above, never from input.
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"


def _stage(con: duckdb.DuckDBPyConnection, table: str, files: Sequence[Path], columns: Mapping[str, str]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM ({_empty_select(columns)}) WHERE false")
    existing = [str(f) for f in files if f.exists() and f.stat().st_size > 0]
    if existing:
        con.execute(
            f"INSERT INTO {table} SELECT * FROM read_json(?, format = 'newline_delimited', "
            f"columns = {_columns_struct(columns)})",
            [existing],
        )


def _empty_select(columns: Mapping[str, str]) -> str:
    return "SELECT " + ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in columns.items())


def upsert_documents(
    con: duckdb.DuckDBPyConnection, files: Sequence[Path], run_id: str, now: datetime
) -> dict[str, UpsertCounts]:
    """Insert new documents and new versions of changed ones; unchanged rows are not touched.

    Args:
        con: A writer connection inside an open transaction.
        files: Staged document JSON Lines files.
        run_id: The run writing them (``load_id``).
        now: The load time.

    Returns:
        Counts per source.
    """
    _stage(con, "stage_documents", files, STAGED_DOCUMENT_COLUMNS)
    # One row per doc_id even if two files (or two keyword sweeps) staged the same document.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_docs AS "
        "SELECT * FROM stage_documents QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY content_hash) = 1"
    )
    rows = con.execute(
        """
        SELECT s.source,
               count(*) FILTER (WHERE d.doc_id IS NULL) AS new,
               count(*) FILTER (WHERE d.doc_id IS NOT NULL AND d.content_hash <> s.content_hash) AS updated,
               count(*) FILTER (WHERE d.content_hash = s.content_hash) AS unchanged
        FROM stage_docs s LEFT JOIN documents d USING (doc_id)
        GROUP BY s.source
        """
    ).fetchall()
    con.execute(
        """
        UPDATE documents AS d SET
            url = s.url, title = s.title, published_at = s.published_at, doc_type = s.doc_type,
            language = s.language, company_code = s.company_code, company_name = s.company_name,
            attachment_url = s.attachment_url, body_text = s.body_text, metadata = s.metadata,
            content_hash = s.content_hash, raw_ref = s.raw_ref, version = d.version + 1,
            updated_at = ?, load_id = ?
        FROM stage_docs AS s
        WHERE d.doc_id = s.doc_id AND d.content_hash <> s.content_hash
        """,
        [now, run_id],
    )
    con.execute(
        """
        INSERT INTO documents BY NAME
        SELECT s.*, 1 AS version, ?::TIMESTAMPTZ AS first_seen_at, ? AS first_run_id,
               ?::TIMESTAMPTZ AS updated_at, ? AS load_id
        FROM stage_docs AS s
        WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)
        """,
        [now, run_id, now, run_id],
    )
    con.execute(
        """
        INSERT INTO document_versions
        SELECT d.doc_id, d.version, d.content_hash, d.title, d.published_at, d.body_text, d.url, d.raw_ref,
               d.load_id, ?::TIMESTAMPTZ
        FROM documents d JOIN stage_docs s USING (doc_id)
        WHERE d.load_id = ? AND d.updated_at = ?::TIMESTAMPTZ
        ON CONFLICT DO NOTHING
        """,
        [now, run_id, now],
    )
    return {source: UpsertCounts(int(new), int(updated), int(unchanged)) for source, new, updated, unchanged in rows}


# Register records (CDE list rows, NMPA approval notices) are filled-in templates, not stories: two
# of them look alike because the form does, so they are never grouped as reposts.
_UNGROUPED_DOC_TYPES = (
    "acceptance_record",
    "implied_ind_record",
    "priority_review_record",
    "breakthrough_record",
    "approval_notice",
)
# Outlets repost a story within days; earlier documents further away than this are not compared, so
# a load reads the signatures of a few weeks of documents rather than of the whole warehouse.
REPOST_WINDOW = timedelta(days=30)


def record_reposts(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Place the staged documents that are new or changed into repost groups, across runs.

    Must run after :func:`upsert_documents` on the same connection (it reads ``stage_docs``). New
    documents are compared with each other and with the documents of earlier loads published within
    :data:`REPOST_WINDOW` of them (their stored MinHash signatures; texts are read only for LSH
    candidates).

    Args:
        con: A writer connection inside the load transaction.
        now: The load time.

    Returns:
        The number of rows written (new documents plus those whose group was renamed).
    """
    from transforms.dedup import KnownDocument, assign_reposts, signatures

    order_sql = "strftime(d.published_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') || ' ' || d.doc_id"
    pending = con.execute(
        f"""
        SELECT d.doc_id, {order_sql}, d.body_text, list_contains(?, d.doc_type), d.published_at
        FROM documents d JOIN stage_docs s USING (doc_id)
        LEFT JOIN document_reposts r USING (doc_id)
        WHERE r.doc_id IS NULL OR r.content_hash <> d.content_hash
        """,
        [list(_UNGROUPED_DOC_TYPES)],
    ).fetchall()
    if not pending:
        return 0
    changed = [row[0] for row in pending]
    since, until = min(row[4] for row in pending) - REPOST_WINDOW, max(row[4] for row in pending) + REPOST_WINDOW
    con.execute("DELETE FROM document_reposts WHERE list_contains(?, doc_id)", [changed])
    known = [
        KnownDocument(doc_id, order, group, similarity, tuple(signature))
        for doc_id, order, group, similarity, signature in con.execute(
            f"""
            SELECT r.doc_id, {order_sql}, r.group_doc_id, r.similarity, r.signature
            FROM document_reposts r JOIN documents d USING (doc_id)
            WHERE NOT list_contains(?, d.doc_type) AND d.published_at BETWEEN ? AND ?
            """,
            [list(_UNGROUPED_DOC_TYPES), since, until],
        ).fetchall()
    ]

    def texts_of(doc_ids: Sequence[str]) -> dict[str, str]:
        rows = con.execute("SELECT doc_id, body_text FROM documents WHERE list_contains(?, doc_id)", [list(doc_ids)])
        return {str(doc_id): str(text) for doc_id, text in rows.fetchall()}

    grouped = assign_reposts([(d, o, t) for d, o, t, alone, _ in pending if not alone], known, texts_of)
    rows = [(r.doc_id, r.group_doc_id, r.similarity, list(r.signature)) for r in grouped]
    # A register record is its own group; it still gets a signature so a later rule change can compare it.
    alone = [(d, t) for d, _, t, is_alone, _ in pending if is_alone]
    rows += [(d, d, 1.0, list(sig)) for (d, _), sig in zip(alone, signatures([t for _, t in alone]), strict=True)]
    doc_ids, groups, similarities, sigs = (list(column) for column in zip(*rows, strict=True))
    con.execute("DELETE FROM document_reposts WHERE list_contains(?, doc_id)", [doc_ids])
    con.execute(
        """
        INSERT INTO document_reposts
        SELECT r.doc_id, r.group_doc_id, r.similarity, r.signature, d.content_hash, ?::TIMESTAMPTZ
        FROM (SELECT unnest(?) AS doc_id, unnest(?) AS group_doc_id, unnest(?) AS similarity,
                     unnest(?::UBIGINT[][]) AS signature) AS r
        JOIN documents d USING (doc_id)
        """,
        [now, doc_ids, groups, similarities, sigs],
    )
    # A renamed group keeps one name for members outside the window too.
    previous = {k.doc_id: k.group_doc_id for k in known}
    renames = sorted(
        {
            (previous[r.doc_id], r.group_doc_id)
            for r in grouped
            if previous.get(r.doc_id, r.group_doc_id) != r.group_doc_id
        }
    )
    for old_group, new_group in renames:
        con.execute("UPDATE document_reposts SET group_doc_id = ? WHERE group_doc_id = ?", [new_group, old_group])
    return len(rows)


def quarantine_rows(con: duckdb.DuckDBPyConnection, files: Sequence[Path], run_id: str, now: datetime) -> int:
    """Record rejected rows with their reason; a row quarantined by an earlier run is not added again.

    Returns:
        The number of rows newly quarantined.
    """
    _stage(con, "stage_quarantine", files, STAGED_QUARANTINE_COLUMNS)
    before = _count(con, "quarantine")
    con.execute(
        """
        INSERT INTO quarantine BY NAME
        SELECT DISTINCT ON (quarantine_id) *, ? AS run_id, ?::TIMESTAMPTZ AS quarantined_at
        FROM stage_quarantine
        ON CONFLICT DO NOTHING
        """,
        [run_id, now],
    )
    return _count(con, "quarantine") - before


@dataclass(frozen=True)
class ExtractionCounts:
    """What loading the transform output did."""

    documents: int = 0
    mentions: int = 0
    evidence: int = 0
    events_total: int = 0


def load_extractions(
    con: duckdb.DuckDBPyConnection,
    *,
    mention_files: Sequence[Path],
    evidence_files: Sequence[Path],
    transformed_sources: Sequence[str],
    lexicon_version: str,
    now: datetime,
) -> ExtractionCounts:
    """Replace the mentions and event evidence of every document whose text or lexicon changed.

    Must run after :func:`upsert_documents` on the same connection (it reads ``stage_docs``).
    Documents whose content hash and lexicon version match ``transform_state`` are left alone, so a
    re-run changes nothing. The same real-world event reported by several documents is one
    ``events`` row: evidence joins an existing event with the same subject and a compatible date.

    Args:
        con: A writer connection inside the load transaction.
        mention_files: Staged mention rows.
        evidence_files: Staged evidence rows.
        transformed_sources: Sources whose transform stage finished (others keep their old rows).
        lexicon_version: The version stamp the transform ran with.
        now: The load time.

    Returns:
        Counts of what was replaced.
    """
    _stage(con, "stage_mentions", mention_files, STAGED_MENTION_COLUMNS)
    _stage(con, "stage_evidence", evidence_files, STAGED_EVIDENCE_COLUMNS)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE refresh AS
        SELECT s.doc_id, s.content_hash FROM stage_docs s LEFT JOIN transform_state t USING (doc_id)
        WHERE list_contains(?, s.source)
          AND (t.doc_id IS NULL OR t.content_hash <> s.content_hash OR t.lexicon_version <> ?)
        """,
        [list(transformed_sources), lexicon_version],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE affected AS "
        "SELECT DISTINCT event_id FROM event_evidence WHERE doc_id IN (SELECT doc_id FROM refresh)"
    )
    # What the replaced and the new evidence are about: their families get re-identified as a whole.
    seeds = con.execute(
        """
        SELECT drug, acceptance_no, subject_key, event_type, company FROM event_evidence
        WHERE doc_id IN (SELECT doc_id FROM refresh)
        UNION
        SELECT drug, acceptance_no, subject_key, event_type, company FROM stage_evidence
        WHERE doc_id IN (SELECT doc_id FROM refresh)
        """
    ).fetchall()
    con.execute("DELETE FROM entity_mentions WHERE doc_id IN (SELECT doc_id FROM refresh)")
    con.execute("DELETE FROM event_evidence WHERE doc_id IN (SELECT doc_id FROM refresh)")
    con.execute(
        """
        INSERT INTO entities (entity_id, entity_type, canonical, first_seen_at)
        SELECT DISTINCT sha256(entity_type || chr(31) || canonical), entity_type, canonical, ?::TIMESTAMPTZ
        FROM stage_mentions WHERE doc_id IN (SELECT doc_id FROM refresh)
        ON CONFLICT DO NOTHING
        """,
        [now],
    )
    con.execute(
        """
        INSERT INTO entity_mentions BY NAME
        SELECT DISTINCT ON (mention_id) *, sha256(entity_type || chr(31) || canonical) AS entity_id
        FROM stage_mentions WHERE doc_id IN (SELECT doc_id FROM refresh)
        """
    )
    everything = read_state(con, _IDENTITY_STATE) != IDENTITY_VERSION
    inserted = _identify_events(con, seeds, everything=everything)
    _rebuild_events(con)
    _record_aliases(con)
    if everything:
        write_state(con, _IDENTITY_STATE, IDENTITY_VERSION, now)
    con.execute(
        """
        INSERT OR REPLACE INTO transform_state
        SELECT doc_id, content_hash, ? FROM refresh
        """,
        [lexicon_version],
    )
    return ExtractionCounts(
        documents=_count(con, "refresh"),
        mentions=_scalar(con, "SELECT count(*) FROM entity_mentions WHERE doc_id IN (SELECT doc_id FROM refresh)"),
        evidence=inserted,
        events_total=_count(con, "events"),
    )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _identify_events(
    con: duckdb.DuckDBPyConnection,
    seeds: Sequence[tuple[str | None, str | None, str, str, str | None]],
    *,
    everything: bool,
) -> int:
    """Re-identify the events of every product family and subject the refreshed evidence touches.

    The existing evidence of those families is taken out and assigned again together with the new
    rows (:func:`warehouse.identity.assign_events`), so the result depends on which reports exist,
    never on the order runs loaded them. Only key and identity columns travel to Python.

    Args:
        con: The load transaction's connection (``refresh``, ``stage_evidence`` and ``affected`` exist).
        seeds: ``(drug, acceptance_no, subject_key, event_type, company)`` of the replaced and the new
            evidence.
        everything: Re-identify the whole warehouse (after the identity rules changed).

    Returns:
        The number of evidence rows of refreshed documents inserted.
    """
    from warehouse.identity import (
        ONCE_ONLY_TYPES,
        EvidenceKey,
        EvidenceRef,
        assign_events,
        product_family,
        unnamed_milestone,
    )

    if everything:
        condition, params = "true", []
    else:
        links = con.execute(
            """
            SELECT DISTINCT drug, acceptance_no FROM event_evidence
            WHERE drug IS NOT NULL AND acceptance_no IS NOT NULL
            UNION
            SELECT DISTINCT drug, acceptance_no FROM stage_evidence
            WHERE doc_id IN (SELECT doc_id FROM refresh) AND drug IS NOT NULL AND acceptance_no IS NOT NULL
            """
        ).fetchall()
        drugs, numbers = product_family(links, {s[0] for s in seeds if s[0]}, {s[1] for s in seeds if s[1]})
        # An unnamed milestone joins a named event of its type by date: whenever either side changes,
        # every named event of the type and every unnamed report of it are identified together.
        once_types = sorted({s[3] for s in seeds if s[3] in ONCE_ONLY_TYPES})
        unnamed_types = sorted({s[3] for s in seeds if unnamed_milestone(s[3], s[0], s[1], s[4])})
        condition = (
            "list_contains(?, drug) OR list_contains(?, acceptance_no) OR list_contains(?, subject_key)"
            " OR (list_contains(?, event_type) AND drug IS NULL AND acceptance_no IS NULL AND company IS NULL)"
            " OR list_contains(?, event_type)"
        )
        params = [sorted(drugs), sorted(numbers), sorted({s[2] for s in seeds}), once_types, unnamed_types]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE pool AS SELECT * FROM event_evidence "
        f"WHERE {condition} OR event_id IN (SELECT event_id FROM affected)",
        params,
    )
    # An event's evidence is taken out whole: widen the pool until it holds every row of its events.
    while True:
        con.execute("INSERT INTO affected SELECT DISTINCT event_id FROM pool EXCEPT SELECT event_id FROM affected")
        added = con.execute(
            "INSERT INTO pool SELECT * FROM event_evidence e WHERE e.event_id IN (SELECT event_id FROM affected) "
            "AND NOT EXISTS (SELECT 1 FROM pool p WHERE p.event_id = e.event_id AND p.doc_id = e.doc_id)"
        ).fetchone()
        if not added or not added[0]:
            break
    con.execute("DELETE FROM event_evidence WHERE event_id IN (SELECT event_id FROM affected)")
    copied = ", ".join(_EVIDENCE_COPY)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE candidates AS
        SELECT {", ".join(f"p.{c}" for c in _EVIDENCE_COPY)}, d.published_at, false AS refreshed, p.variant
        FROM (SELECT *, {_VARIANT_SQL} FROM pool) p JOIN documents d USING (doc_id)
        UNION ALL
        SELECT {copied}, published_at, true AS refreshed, variant
        FROM (SELECT DISTINCT ON ({", ".join(_EVIDENCE_KEY)}) * FROM (SELECT *, {_VARIANT_SQL} FROM stage_evidence)
              WHERE doc_id IN (SELECT doc_id FROM refresh))
        """
    )
    rows = con.execute(
        f"""
        SELECT {", ".join(_EVIDENCE_KEY)}, subject_key, event_date, strftime(published_at AT TIME ZONE 'UTC',
               '%Y-%m-%dT%H:%M:%S'), drug, indication, acceptance_no, company, regulator, document_number,
               coalesce(is_draft, false), confidence
        FROM candidates
        """
    ).fetchall()
    if not rows:
        return 0
    confidence: dict[EvidenceKey, float] = {}
    refs = []
    for row in rows:
        doc_id, event_type, field, start, variant, subject, date_, published = row[:8]
        drug, ind, acc, company, reg, number, draft, conf = row[8:]
        key = (doc_id, event_type, field, int(start), variant)
        confidence[key] = float(conf)
        refs.append(
            EvidenceRef(
                key=key,
                event_type=event_type,
                subject_key=subject,
                date=date_,
                published_at=published or "",
                drug=drug,
                indication=ind,
                acceptance_no=acc,
                company=company,
                regulator=reg,
                document_number=number,
                is_draft=bool(draft),
            )
        )
    # One evidence per document and event: the most confident sentence (title vs body, say).
    best: dict[tuple[str, str], tuple[float, EvidenceKey, str]] = {}
    for assignment in assign_events(refs):
        slot = (assignment.event_id, assignment.key[0])
        score = confidence[assignment.key]
        if slot not in best or score > best[slot][0]:
            best[slot] = (score, assignment.key, assignment.rule)
    chosen = [(*key, event_id, rule) for (event_id, _), (_, key, rule) in sorted(best.items())]
    columns = list(zip(*chosen, strict=True))
    unnested = ", ".join(f"unnest(?) AS {name}" for name in (*_EVIDENCE_KEY, "event_id", "match_rule"))
    con.execute(
        f"""
        INSERT INTO event_evidence (event_id, match_rule, {copied})
        SELECT a.event_id, a.match_rule, {", ".join(f"c.{c}" for c in _EVIDENCE_COPY)}
        FROM (SELECT {unnested}) AS a
        JOIN candidates AS c USING ({", ".join(_EVIDENCE_KEY)})
        """,
        [list(column) for column in columns],
    )
    con.execute("INSERT INTO affected SELECT DISTINCT unnest(?)", [sorted({event_id for event_id, _ in best})])
    return _scalar(con, "SELECT count(*) FROM event_evidence WHERE doc_id IN (SELECT doc_id FROM refresh)")


def _entity_id_sql(type_sql: str, canonical_sql: str) -> str:
    return f"sha256({type_sql} || chr(31) || {canonical_sql})"


def _record_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """Every name the refreshed documents use for an entity, plus stock codes and 受理号 as native ids."""
    con.execute(
        f"""
        INSERT INTO entity_aliases
        SELECT DISTINCT {_entity_id_sql("entity_type", "canonical")}, surface, 'surface'
        FROM stage_mentions WHERE doc_id IN (SELECT doc_id FROM refresh)
        ON CONFLICT DO NOTHING
        """
    )
    # A listed company's stock code: the announcing company of a filing, matched by its short name.
    con.execute(
        f"""
        INSERT INTO entity_aliases
        SELECT DISTINCT {_entity_id_sql("'company'", "d.company_name")}, d.company_code, 'stock_code'
        FROM documents d JOIN entities e
          ON e.entity_type = 'company' AND e.canonical = d.company_name
        WHERE d.doc_id IN (SELECT doc_id FROM refresh) AND d.company_code IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
    con.execute(
        f"""
        INSERT INTO entity_aliases
        SELECT DISTINCT {_entity_id_sql("'drug'", "e.drug")}, e.acceptance_no, 'acceptance_no'
        FROM events e JOIN entities n ON n.entity_type = 'drug' AND n.canonical = e.drug
        WHERE e.event_id IN (SELECT event_id FROM affected) AND e.acceptance_no IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )


def seed_lexicon(
    con: duckdb.DuckDBPyConnection, entries: Iterable[tuple[str, str, Sequence[str], str | None]], now: datetime
) -> None:
    """Put every lexicon entity and its aliases into the dimensions, mentioned yet or not.

    Args:
        con: A writer connection.
        entries: ``(entity_type, canonical, aliases, owner)`` per lexicon row.
        now: First-seen time for entities new to the warehouse.
    """
    rows = list(entries)
    if not rows:
        return
    types, canonicals, alias_lists, owners = (list(column) for column in zip(*rows, strict=True))
    # One statement per table over unnested lists: a per-row executemany costs ~1 s per thousand rows.
    con.execute(
        f"""
        INSERT INTO entities (entity_id, entity_type, canonical, first_seen_at, owner, in_lexicon)
        SELECT DISTINCT ON (entity_type, canonical)
               {_entity_id_sql("entity_type", "canonical")}, entity_type, canonical, ?::TIMESTAMPTZ, owner, true
        FROM (SELECT unnest(?) AS entity_type, unnest(?) AS canonical, unnest(?::VARCHAR[]) AS owner)
        ON CONFLICT (entity_id) DO UPDATE SET owner = excluded.owner, in_lexicon = true
        """,
        [now, types, canonicals, owners],
    )
    con.execute(
        f"""
        INSERT INTO entity_aliases
        SELECT DISTINCT {_entity_id_sql("entity_type", "canonical")}, alias, 'lexicon'
        FROM (SELECT entity_type, canonical, unnest(aliases) AS alias
              FROM (SELECT unnest(?) AS entity_type, unnest(?) AS canonical, unnest(?::VARCHAR[][]) AS aliases))
        WHERE alias <> canonical
        ON CONFLICT DO NOTHING
        """,
        [types, canonicals, [list(a) for a in alias_lists]],
    )


def _rebuild_events(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every affected event from its evidence; events left without evidence disappear."""
    con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM affected)")
    attributes = ",\n".join(
        f"arg_max({name}, rank) FILTER (WHERE {name} IS NOT NULL) AS {name}"
        for name in _EVENT_ATTRIBUTES
        if name not in _DEVELOPER
    )
    con.execute(
        f"""
        INSERT INTO events BY NAME
        SELECT * EXCLUDE (developer), developer.c AS company, developer.p AS parent_company,
               developer.s AS parent_stake
        FROM (
        SELECT
            -- Developer, listed parent and stake come from one report, never mixed across reports.
            arg_max(struct_pack(c := ev.company, p := ev.parent_company, s := ev.parent_stake), rank)
                FILTER (WHERE ev.company IS NOT NULL OR ev.parent_company IS NOT NULL) AS developer,
            ev.event_id,
            arg_max(ev.event_type, rank) AS event_type,
            arg_max(ev.subject_key, rank) AS subject_key,
            arg_max(ev.event_date, rank) AS event_date,
            CASE length(arg_max(ev.event_date, rank)) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' END
                AS date_precision,
            {attributes},
            max(ev.confidence) AS confidence,
            count(*) AS evidence_count,
            arg_min(ev.doc_id, (d.published_at, ev.doc_id)) AS first_doc_id,
            arg_min(ev.source, (d.published_at, ev.doc_id)) AS first_source,
            min(d.published_at) AS first_published_at,
            min(d.first_seen_at) AS first_seen_at
        FROM (
            -- The most precise date wins; among equally precise ones the regulator's own record, then
            -- the most confident, then the earliest report: a total order, so reruns pick the same row.
            SELECT v.*, struct_pack(
                p := coalesce(length(v.event_date), 0), s := list_contains(?, v.source), c := v.confidence,
                t := -epoch(p.published_at), k := v.doc_id
            ) AS rank
            FROM event_evidence v JOIN documents p USING (doc_id)
            WHERE v.event_id IN (SELECT event_id FROM affected)
        ) AS ev
        JOIN documents AS d USING (doc_id)
        GROUP BY ev.event_id
        )
        """,
        [list(_PRIMARY_SOURCES)],
    )


def advance_ingest_state(
    con: duckdb.DuckDBPyConnection, source: str, since: date, until: date, run_id: str, now: datetime
) -> None:
    """Record that ``source`` was fetched completely over [since, until].

    The covered range grows only when the new window touches or overlaps it (a gap would make the
    range claim days nobody fetched); otherwise the newer window replaces it. The cursor is the
    newest ``published_at`` loaded for the source.
    """
    row = con.execute("SELECT covered_since, covered_until FROM ingest_state WHERE source = ?", [source]).fetchone()
    if row and since <= row[1] + timedelta(days=1) and until >= row[0] - timedelta(days=1):
        since, until = min(since, row[0]), max(until, row[1])
    con.execute(
        """
        INSERT OR REPLACE INTO ingest_state
        SELECT ?, ?, ?, (SELECT max(published_at) FROM documents WHERE source = ?), ?, ?
        """,
        [source, since, until, source, run_id, now],
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class RunRecord:
    """One row of ``runs``."""

    run_id: str
    started_at: datetime
    finished_at: datetime
    status: str
    window_start: date
    window_end: date
    offline: bool
    sources: Sequence[str]
    message: str | None


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord, source_rows: Iterable[Mapping[str, Any]]) -> None:
    """Write the run and its per-source results; re-recording the same run id replaces them."""
    con.execute("DELETE FROM run_sources WHERE run_id = ?", [run.run_id])
    con.execute("DELETE FROM runs WHERE run_id = ?", [run.run_id])
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.run_id,
            run.started_at,
            run.finished_at,
            run.status,
            run.window_start,
            run.window_end,
            run.offline,
            list(run.sources),
            run.message,
        ],
    )
    rows = list(source_rows)
    if rows:
        values = {column: [row.get(column, default) for row in rows] for column, default in _RUN_SOURCE_COLUMNS.items()}
        unnested = ", ".join(f"unnest(?) AS {column}" for column in _RUN_SOURCE_COLUMNS)
        con.execute(
            f"INSERT INTO run_sources BY NAME SELECT ? AS run_id, * FROM (SELECT {unnested})",
            [run.run_id, *values.values()],
        )


# Per-source columns of ``run_sources`` and their value when a stage did not report one.
_RUN_SOURCE_COLUMNS: dict[str, Any] = {
    "source": None,
    "status": None,
    "reason": None,
    **dict.fromkeys(
        [
            "requests",
            "pages",
            "bytes",
            "retries",
            "not_modified",
            "fetched",
            "new",
            "updated",
            "unchanged",
            "skipped",
            "rejected",
            "loaded",
            "errors",
            "dq_warnings",
        ],
        0,
    ),
}


def register_sources(con: duckdb.DuckDBPyConnection, sources: Iterable[tuple[str, str, str]], now: datetime) -> None:
    """Keep the ``sources`` dimension in step with the registry: ``(name, description, schedule)`` each."""
    rows = list(sources)
    if not rows:
        return
    names, descriptions, schedules = (list(column) for column in zip(*rows, strict=True))
    con.execute(
        """
        INSERT INTO sources
        SELECT name, description, schedule, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ
        FROM (SELECT unnest(?) AS name, unnest(?) AS description, unnest(?) AS schedule)
        ON CONFLICT (source) DO UPDATE SET
            description = excluded.description, schedule = excluded.schedule, updated_at = excluded.updated_at
        """,
        [now, now, names, descriptions, schedules],
    )


def read_state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A warehouse-level bookkeeping value (``warehouse_state``), ``None`` if never written."""
    row = con.execute("SELECT value FROM warehouse_state WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def write_state(con: duckdb.DuckDBPyConnection, key: str, value: str, now: datetime) -> None:
    """Set a warehouse-level bookkeeping value."""
    con.execute(
        "INSERT OR REPLACE INTO warehouse_state VALUES (?, ?, ?::TIMESTAMPTZ)",
        [key, value, now],
    )


def dumps_row(row: Mapping[str, Any]) -> str:
    """Serialise a staged row (dates as ISO strings, CJK kept readable)."""
    return json.dumps(row, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
