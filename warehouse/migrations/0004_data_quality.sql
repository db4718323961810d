-- Data quality: one row per run, suite and source, and one per expectation outcome (issue 6).

CREATE TABLE dq_runs (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,     -- <table>.<stage>, e.g. documents.staged, raw_documents.cninfo
    source            VARCHAR NOT NULL,     -- the source validated ('*' for a mixed frame)
    rows              INTEGER NOT NULL,
    success           BOOLEAN NOT NULL,     -- every expectation passed, warnings included
    critical_failures INTEGER NOT NULL,     -- failed critical expectations: their rows were quarantined
    warnings          INTEGER NOT NULL,     -- failed warning expectations: recorded only
    validated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, suite, source)
);

CREATE TABLE dq_results (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    expectation_id    VARCHAR NOT NULL,     -- stable id from the committed suite (expectations/gx)
    expectation_type  VARCHAR NOT NULL,
    column_name       VARCHAR,              -- NULL for table-level expectations
    severity          VARCHAR NOT NULL,     -- critical | warning
    success           BOOLEAN NOT NULL,
    unexpected_count  INTEGER NOT NULL,
    unexpected_sample JSON NOT NULL,        -- up to five failing values, as strings
    kwargs            VARCHAR NOT NULL,     -- resolved arguments, summarised
    note              VARCHAR,              -- extra context, e.g. the row-count history verdict
    PRIMARY KEY (run_id, suite, source, expectation_id)
);
