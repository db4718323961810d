-- The registered sources as a dimension, per-run source health with page counts, and small
-- warehouse-level state (which lexicon the entity dimensions were seeded from).

CREATE TABLE sources (
    source         VARCHAR PRIMARY KEY,     -- the registry name (cninfo, cde, ...)
    description    VARCHAR NOT NULL,
    schedule       VARCHAR NOT NULL,        -- how often production runs it (cron or preset)
    registered_at  TIMESTAMPTZ NOT NULL,    -- first load that knew it
    updated_at     TIMESTAMPTZ NOT NULL
);
-- Sources that loaded before this table existed are known from their documents and runs.
INSERT INTO sources
SELECT source, source, 'unknown', min(r.started_at), min(r.started_at)
FROM run_sources s JOIN runs r USING (run_id)
GROUP BY source;

ALTER TABLE run_sources ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;         -- list/search pages walked
ALTER TABLE run_sources ADD COLUMN not_modified INTEGER NOT NULL DEFAULT 0;  -- conditional GETs answered 304
ALTER TABLE run_sources ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;       -- unchanged documents not re-processed

CREATE TABLE warehouse_state (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- One row per source per run: what was asked, what came back, and the outcome in words.
CREATE OR REPLACE VIEW source_health AS
SELECT
    s.run_id, s.source, r.started_at, r.finished_at, s.status, s.reason,
    s.requests, s.pages, s.bytes, s.retries, s.not_modified, s.fetched,
    s.new, s.updated, s.unchanged, s.skipped, s.rejected, s.loaded, s.dq_warnings
FROM run_sources s JOIN runs r USING (run_id);
