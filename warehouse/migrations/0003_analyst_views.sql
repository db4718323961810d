-- Views that answer DOMAIN.md's seven analyst questions. Each is documented in the README.

-- 1. Clinical-trial approvals (incl. CDE implied approval 默示许可), by indication and company.
CREATE OR REPLACE VIEW v_ind_approvals AS
SELECT
    e.event_id,
    e.event_date,
    e.date_precision,
    e.drug,
    e.indication,
    e.company,
    e.acceptance_no,
    e.evidence_count,
    e.first_source,
    e.first_published_at,
    d.url AS first_url
FROM events e
JOIN documents d ON d.doc_id = e.first_doc_id
WHERE e.event_type = 'ind_approval';

-- 2. The regulatory timeline of each product, in order, with every evidence link.
CREATE OR REPLACE VIEW v_drug_timeline AS
SELECT * FROM (
    SELECT
        e.drug,
        e.event_type,
        e.event_date,
        e.date_precision,
        e.company,
        e.indication,
        e.acceptance_no,
        e.evidence_count,
        list(d.url ORDER BY d.published_at) AS evidence_urls,
        e.event_id
    FROM events e
    JOIN event_evidence v USING (event_id)
    JOIN documents d ON d.doc_id = v.doc_id
    WHERE e.drug IS NOT NULL
      AND e.event_type IN ('ind_accepted', 'ind_approval', 'nda_accepted', 'drug_approval', 'first_prescription',
                           'clinical_result')
    GROUP BY ALL
)
ORDER BY drug, event_date NULLS LAST,
    list_position(['ind_accepted', 'ind_approval', 'clinical_result', 'nda_accepted', 'drug_approval',
                   'first_prescription'], event_type);

-- 3. Financing: who raised how much (normalised to CNY), in which round, from whom, when.
CREATE OR REPLACE VIEW v_financings AS
SELECT
    e.event_date,
    e.company,
    e.round,
    e.amount_value,
    e.amount_currency,
    e.amount_cny,
    e.investors,
    e.evidence_count,
    e.first_source,
    d.url AS first_url,
    e.event_id
FROM events e
JOIN documents d ON d.doc_id = e.first_doc_id
WHERE e.event_type = 'financing';

-- 4. Policies issued, by authority and region.
CREATE OR REPLACE VIEW v_policies AS
SELECT
    e.event_date,
    e.policy,
    e.issuer,
    e.region,
    e.evidence_count,
    e.first_source,
    d.url AS first_url,
    e.event_id
FROM events e
JOIN documents d ON d.doc_id = e.first_doc_id
WHERE e.event_type = 'policy_issued';

-- 5. Attention over time: mentions per entity, month and source.
CREATE OR REPLACE VIEW v_mentions_monthly AS
SELECT
    date_trunc('month', d.published_at)::DATE AS month,
    m.entity_type,
    m.canonical,
    m.source,
    count(*) AS mentions,
    count(DISTINCT m.doc_id) AS documents
FROM entity_mentions m
JOIN documents d USING (doc_id)
GROUP BY ALL;

-- 6. Every document that reported each event, with the first source and first-seen time.
CREATE OR REPLACE VIEW v_event_sources AS
SELECT
    e.event_id,
    e.event_type,
    e.event_date,
    coalesce(e.drug, e.company, e.policy, e.region) AS subject,
    v.source,
    d.title,
    d.url,
    d.published_at,
    d.first_seen_at,
    v.evidence,
    v.confidence,
    v.doc_id = e.first_doc_id AS is_first_report,
    e.first_source,
    e.first_seen_at AS event_first_seen_at
FROM events e
JOIN event_evidence v USING (event_id)
JOIN documents d ON d.doc_id = v.doc_id;

-- 7. Data quality per run and source: fetched, rejected (and why), quarantined, loaded.
CREATE OR REPLACE VIEW v_quality AS
SELECT
    r.run_id,
    r.finished_at,
    r.offline,
    s.source,
    s.status,
    s.reason,
    s.requests,
    s.fetched,
    s.new,
    s.updated,
    s.unchanged,
    s.rejected,
    s.loaded,
    s.errors,
    (SELECT count(*) FROM quarantine q WHERE q.run_id = r.run_id AND q.source = s.source) AS quarantined_first_here,
    (SELECT list(DISTINCT q.reason) FROM quarantine q WHERE q.run_id = r.run_id AND q.source = s.source)
        AS quarantine_reasons
FROM runs r
JOIN run_sources s USING (run_id);
