-- manifest: one row per file the published warehouse holds (key source_key). The files listed
-- with a stat signature other than their row's (copied back, touched, restored from a backup)
-- whose bytes still hash to its fingerprint get the signature as listed, so the next load
-- need not hash them again (git refreshes its index the same way). Their bytes are what the
-- warehouse holds, so the row stays true whether or not this load publishes.
UPDATE manifest AS m
SET stat = r.stat
FROM UNNEST(CAST(:keys AS TEXT[]), CAST(:fingerprints AS TEXT[]), CAST(:stats AS TEXT[]))
     AS r (source_key, fingerprint, stat)
WHERE m.source_key = r.source_key AND m.fingerprint = r.fingerprint;
