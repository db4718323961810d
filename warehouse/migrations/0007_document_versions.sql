-- Every version of every document, by content hash: documents holds the current one, this the history.
CREATE TABLE document_versions (
    doc_id        VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    content_hash  VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    body_text     VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    raw_ref       VARCHAR NOT NULL,
    load_id       VARCHAR NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (doc_id, version)
);

-- Documents loaded before this migration start their history at their current version.
INSERT INTO document_versions
SELECT doc_id, version, content_hash, title, published_at, body_text, url, raw_ref, load_id, updated_at
FROM documents;
