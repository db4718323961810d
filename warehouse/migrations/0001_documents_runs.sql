-- Warehouse v0: runs, per-source run results, documents with content hashes, quarantine.

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,          -- the Airflow run id
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NOT NULL,
    status        VARCHAR NOT NULL,             -- ok | partial | failed
    window_start  DATE NOT NULL,
    window_end    DATE NOT NULL,
    offline       BOOLEAN NOT NULL,             -- true only for demo runs over the bundled snapshot
    sources       VARCHAR[] NOT NULL,
    message       VARCHAR
);

CREATE TABLE run_sources (
    run_id      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,               -- ok | no_new_data | blocked | failed
    reason      VARCHAR,                        -- why, for anything but ok
    requests    INTEGER NOT NULL DEFAULT 0,
    bytes       BIGINT NOT NULL DEFAULT 0,
    retries     INTEGER NOT NULL DEFAULT 0,
    fetched     INTEGER NOT NULL DEFAULT 0,     -- distinct documents received
    new         INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,     -- content hash changed
    unchanged   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,     -- quarantined at parse
    loaded      INTEGER NOT NULL DEFAULT 0,     -- new + updated rows written
    errors      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, source)
);

CREATE TABLE documents (
    doc_id         VARCHAR PRIMARY KEY,         -- sha256(source \x1f native_id): identity
    source         VARCHAR NOT NULL,
    native_id      VARCHAR NOT NULL,            -- the site's own id (cninfo announcementId, ...)
    url            VARCHAR NOT NULL,
    title          VARCHAR NOT NULL,
    published_at   TIMESTAMPTZ NOT NULL,
    doc_type       VARCHAR NOT NULL,
    language       VARCHAR NOT NULL,
    company_code   VARCHAR,
    company_name   VARCHAR,
    attachment_url VARCHAR,
    body_text      VARCHAR NOT NULL,
    metadata       JSON,
    content_hash   VARCHAR NOT NULL,            -- sha256 of the normalised title, date and text: version
    raw_ref        VARCHAR NOT NULL,            -- landing-zone object of the raw record
    version        INTEGER NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    first_run_id   VARCHAR NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    load_id        VARCHAR NOT NULL             -- the run that wrote the current version
);

CREATE TABLE quarantine (
    quarantine_id  VARCHAR PRIMARY KEY,         -- sha256(source, stage, native_id, raw content): re-runs add nothing
    run_id         VARCHAR NOT NULL,            -- the run that first quarantined it
    source         VARCHAR NOT NULL,
    stage          VARCHAR NOT NULL,            -- parse | validate
    native_id      VARCHAR,
    reason         VARCHAR NOT NULL,
    raw_ref        VARCHAR,
    row_json       JSON,
    quarantined_at TIMESTAMPTZ NOT NULL
);
