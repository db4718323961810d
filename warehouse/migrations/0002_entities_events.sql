-- Entities, their mentions in documents, and industry events with one evidence row per document.

CREATE TABLE entities (
    entity_id    VARCHAR PRIMARY KEY,       -- sha256(entity_type, canonical)
    entity_type  VARCHAR NOT NULL,          -- drug | indication | policy | company | cell_type | region
    canonical    VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE entity_mentions (
    mention_id      VARCHAR PRIMARY KEY,    -- sha256(doc_id, field, start, end, entity_type)
    doc_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    entity_id       VARCHAR NOT NULL,
    entity_type     VARCHAR NOT NULL,
    canonical       VARCHAR NOT NULL,
    surface         VARCHAR NOT NULL,       -- the exact text in the document
    field           VARCHAR NOT NULL,       -- title | text (documents.body_text)
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    lexicon_version VARCHAR NOT NULL
);

CREATE TABLE events (
    event_id          VARCHAR PRIMARY KEY,
    event_type        VARCHAR NOT NULL,
    subject_key       VARCHAR NOT NULL,     -- what the event is about (drug, company + round, policy ...)
    event_date        VARCHAR,              -- YYYY-MM-DD, YYYY-MM or YYYY: as precise as the best evidence
    date_precision    VARCHAR,              -- day | month | year
    drug              VARCHAR,
    company           VARCHAR,
    indication        VARCHAR,
    policy            VARCHAR,
    region            VARCHAR,
    amount_value      DOUBLE,
    amount_currency   VARCHAR,
    amount_cny        DOUBLE,
    round             VARCHAR,
    investors         VARCHAR[],
    issuer            VARCHAR,
    acceptance_no     VARCHAR,
    confidence        DOUBLE NOT NULL,      -- the best evidence's confidence
    evidence_count    INTEGER NOT NULL,
    first_doc_id      VARCHAR NOT NULL,     -- the earliest published report
    first_source      VARCHAR NOT NULL,
    first_published_at TIMESTAMPTZ NOT NULL,
    first_seen_at     TIMESTAMPTZ NOT NULL  -- when cgtwatch first loaded a report of it
);

CREATE TABLE event_evidence (
    event_id        VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    event_type      VARCHAR NOT NULL,
    subject_key     VARCHAR NOT NULL,
    event_date      VARCHAR,                -- the date this document gives
    drug            VARCHAR,
    company         VARCHAR,
    indication      VARCHAR,
    policy          VARCHAR,
    region          VARCHAR,
    amount_value    DOUBLE,
    amount_currency VARCHAR,
    amount_cny      DOUBLE,
    amount_text     VARCHAR,
    round           VARCHAR,
    investors       VARCHAR[],
    issuer          VARCHAR,
    acceptance_no   VARCHAR,
    evidence        VARCHAR NOT NULL,       -- the sentence, verbatim
    field           VARCHAR NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    confidence      DOUBLE NOT NULL,
    lexicon_version VARCHAR NOT NULL,
    PRIMARY KEY (event_id, doc_id)
);

CREATE TABLE transform_state (
    doc_id          VARCHAR PRIMARY KEY,    -- which version of which document the rows above come from
    content_hash    VARCHAR NOT NULL,
    lexicon_version VARCHAR NOT NULL
);
