-- manifest: one row per source file the published warehouse holds; key source_key.
-- pending_manifest: the same for the files the running load has staged so far.
-- A file is loaded again when its fingerprint (hash of its bytes) differs from the manifest's.
CREATE TABLE IF NOT EXISTS manifest (
    source_key       TEXT COLLATE "C" PRIMARY KEY,
    kind             TEXT NOT NULL,
    size             BIGINT NOT NULL,
    fingerprint      TEXT NOT NULL,
    load_id          BIGINT NOT NULL,
    rows_staged      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    loaded_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS pending_manifest (LIKE manifest INCLUDING ALL);
