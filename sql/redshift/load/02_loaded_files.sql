-- The published files: one row per source_key, with the fingerprint (S3 ETag) and the load.
SELECT source_key, fingerprint, load_id FROM manifest;
