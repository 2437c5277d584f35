-- The manifest as a new load compares with it: one row per file the published warehouse
-- holds (key source_key), its fingerprint and the stat signature it had when it was loaded.
SELECT source_key, fingerprint, stat FROM manifest;
