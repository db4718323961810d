-- Incremental state per source, written in the same transaction as the data it describes.
CREATE TABLE ingest_state (
    source          VARCHAR PRIMARY KEY,
    covered_since   DATE NOT NULL,          -- the contiguous window fetched completely so far
    covered_until   DATE NOT NULL,
    cursor_value    TIMESTAMPTZ,            -- newest published_at loaded (the cursor of latest-N feeds)
    load_id         VARCHAR NOT NULL,       -- the run that last moved it
    updated_at      TIMESTAMPTZ NOT NULL
);
