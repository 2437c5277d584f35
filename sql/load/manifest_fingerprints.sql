-- The fingerprint of every file the published warehouse holds: what a new load compares with.
SELECT source_key, fingerprint FROM manifest;
