-- manifest: one row per source file the published warehouse holds; key source_key.
-- A Redshift COPY does not say which file a row came from, so staged rows carry their load:
-- a changed file is staged again together with the other files of its load.
CREATE TABLE IF NOT EXISTS manifest (
    source_key  VARCHAR(1024) NOT NULL,
    kind        VARCHAR(8) NOT NULL,
    size        BIGINT NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    load_id     BIGINT NOT NULL,
    loaded_at   TIMESTAMP NOT NULL DEFAULT GETDATE()
) DISTSTYLE ALL SORTKEY (source_key);
