-- One real-world event, one row (issue 15): why each report joined its event, policy documents as
-- events, developer and listed parent, repost groups, and the views that use them.

ALTER TABLE event_evidence ADD COLUMN match_rule VARCHAR;        -- warehouse.identity rule that placed it
ALTER TABLE event_evidence ADD COLUMN regulator VARCHAR;         -- NMPA | FDA | …, from the issuer
ALTER TABLE event_evidence ADD COLUMN document_number VARCHAR;   -- a policy's 文号
ALTER TABLE event_evidence ADD COLUMN is_draft BOOLEAN;          -- a policy draft for comment (征求意见稿)
ALTER TABLE event_evidence ADD COLUMN parent_company VARCHAR;    -- the listed firm holding the developer
ALTER TABLE event_evidence ADD COLUMN parent_stake DOUBLE;       -- its stake in percent, where stated

ALTER TABLE events ADD COLUMN regulator VARCHAR;
ALTER TABLE events ADD COLUMN document_number VARCHAR;
ALTER TABLE events ADD COLUMN is_draft BOOLEAN;
ALTER TABLE events ADD COLUMN parent_company VARCHAR;
ALTER TABLE events ADD COLUMN parent_stake DOUBLE;

-- Near-duplicate documents: a story reposted by several outlets is one group, named by its first document.
CREATE TABLE document_reposts (
    doc_id        VARCHAR PRIMARY KEY,
    group_doc_id  VARCHAR NOT NULL,     -- the group's earliest published document (itself when alone)
    similarity    DOUBLE NOT NULL,      -- Jaccard of 3-shingles with the group's first document (1 for it)
    signature     UBIGINT[] NOT NULL,   -- MinHash signature, so later runs compare without re-reading texts
    content_hash  VARCHAR NOT NULL,     -- the document version the signature was computed from
    grouped_at    TIMESTAMPTZ NOT NULL
);

-- 2. The regulatory timeline of each product, priority review and breakthrough designation included.
CREATE OR REPLACE VIEW v_drug_timeline AS
SELECT * FROM (
    SELECT
        e.drug,
        e.event_type,
        e.event_date,
        e.date_precision,
        e.company,
        e.parent_company,
        e.indication,
        e.acceptance_no,
        e.regulator,
        e.evidence_count,
        list(d.url ORDER BY d.published_at) AS evidence_urls,
        e.event_id
    FROM events e
    JOIN event_evidence v USING (event_id)
    JOIN documents d ON d.doc_id = v.doc_id
    WHERE e.drug IS NOT NULL
      AND e.event_type IN ('ind_accepted', 'ind_approval', 'breakthrough_therapy', 'clinical_result', 'nda_accepted',
                           'priority_review', 'drug_approval', 'first_prescription')
    GROUP BY ALL
)
ORDER BY drug, event_date NULLS LAST,
    list_position(['ind_accepted', 'ind_approval', 'breakthrough_therapy', 'clinical_result', 'nda_accepted',
                   'priority_review', 'drug_approval', 'first_prescription'], event_type);

-- 4. Policies: issuer, document number, region, promulgation date; drafts for comment flagged.
CREATE OR REPLACE VIEW v_policies AS
SELECT
    e.event_date,
    e.policy,
    e.issuer,
    e.document_number,
    e.region,
    coalesce(e.is_draft, false) AS is_draft,
    e.evidence_count,
    e.first_source,
    d.url AS first_url,
    e.event_id
FROM events e
JOIN documents d ON d.doc_id = e.first_doc_id
WHERE e.event_type = 'policy_issued';

-- Marketing approvals by regulator.
CREATE OR REPLACE VIEW v_approvals AS
SELECT
    coalesce(e.regulator, 'unknown') AS regulator,
    e.event_date,
    e.date_precision,
    e.drug,
    e.indication,
    e.company,
    e.parent_company,
    e.acceptance_no,
    e.evidence_count,
    e.first_source,
    d.url AS first_url,
    e.event_id
FROM events e
JOIN documents d ON d.doc_id = e.first_doc_id
WHERE e.event_type = 'drug_approval';

-- 5. Attention over time: a story reposted by several outlets counts once, its outlets beside it.
CREATE OR REPLACE VIEW v_mentions_monthly AS
SELECT
    date_trunc('month', d.published_at)::DATE AS month,
    m.entity_type,
    m.canonical,
    count(DISTINCT coalesce(r.group_doc_id, m.doc_id)) AS stories,
    count(DISTINCT m.doc_id) AS documents,
    count(*) AS mentions,
    list(DISTINCT m.source ORDER BY m.source) AS outlets
FROM entity_mentions m
JOIN documents d USING (doc_id)
LEFT JOIN document_reposts r USING (doc_id)
GROUP BY ALL;

-- The same counts per source, as v_mentions_monthly gave them before repost groups existed.
CREATE OR REPLACE VIEW v_mentions_monthly_by_source AS
SELECT
    date_trunc('month', d.published_at)::DATE AS month,
    m.entity_type,
    m.canonical,
    m.source,
    count(*) AS mentions,
    count(DISTINCT m.doc_id) AS documents,
    count(DISTINCT coalesce(r.group_doc_id, m.doc_id)) AS stories
FROM entity_mentions m
JOIN documents d USING (doc_id)
LEFT JOIN document_reposts r USING (doc_id)
GROUP BY ALL;
