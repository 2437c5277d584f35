-- manifest.stat: a local file's stat signature when it was loaded (size:mtime:ctime:inode:
-- device; NULL for S3, or a file changed just before it was listed). A file listed with the
-- same signature has not been written since, so the next load need not hash it again
-- (sparkify.sources). Added to both tables in the same order, as INSERT ... SELECT * needs.
ALTER TABLE manifest ADD COLUMN IF NOT EXISTS stat TEXT;
ALTER TABLE pending_manifest ADD COLUMN IF NOT EXISTS stat TEXT;
