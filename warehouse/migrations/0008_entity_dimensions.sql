-- Entity dimensions with aliases and native ids: every name an entity goes by, and where it came from.
ALTER TABLE entities ADD COLUMN owner VARCHAR;          -- a drug's company, from the lexicon
ALTER TABLE entities ADD COLUMN in_lexicon BOOLEAN DEFAULT false;

CREATE TABLE entity_aliases (
    entity_id   VARCHAR NOT NULL,
    alias       VARCHAR NOT NULL,
    alias_kind  VARCHAR NOT NULL,   -- lexicon | surface | stock_code | acceptance_no | legal_name
    PRIMARY KEY (entity_id, alias, alias_kind)
);

CREATE OR REPLACE VIEW entity_dimension AS
SELECT
    e.entity_id, e.entity_type, e.canonical, e.owner, e.in_lexicon, e.first_seen_at,
    list(DISTINCT a.alias ORDER BY a.alias) FILTER (WHERE a.alias_kind IN ('lexicon', 'surface', 'legal_name')
                                                    AND a.alias <> e.canonical) AS aliases,
    list(DISTINCT a.alias ORDER BY a.alias) FILTER (WHERE a.alias_kind = 'stock_code') AS stock_codes,
    list(DISTINCT a.alias ORDER BY a.alias) FILTER (WHERE a.alias_kind = 'acceptance_no') AS acceptance_nos
FROM entities e LEFT JOIN entity_aliases a USING (entity_id)
GROUP BY ALL;

CREATE OR REPLACE VIEW dim_drug AS SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'drug';
CREATE OR REPLACE VIEW dim_company AS SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'company';
CREATE OR REPLACE VIEW dim_indication AS
    SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'indication';
CREATE OR REPLACE VIEW dim_policy AS SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'policy';
CREATE OR REPLACE VIEW dim_cell_type AS
    SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'cell_type';
CREATE OR REPLACE VIEW dim_region AS SELECT * EXCLUDE (entity_type) FROM entity_dimension WHERE entity_type = 'region';
