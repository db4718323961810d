-- Data-quality warnings per run and source, shown in the run summary next to the counts.
ALTER TABLE run_sources ADD COLUMN dq_warnings INTEGER NOT NULL DEFAULT 0;
