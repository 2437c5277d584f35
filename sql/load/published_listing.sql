-- The listing of the source (days and their event files, sql/load/record_listing.sql) that
-- the latest published load made, which is the one publish keeps: one row per day; one row
-- of NULLs when that load listed no day; no row when nothing was published yet.
SELECT s.day, s.files
FROM loads AS l
LEFT JOIN source_listing AS s ON s.load_id = l.load_id
WHERE l.load_id = (SELECT max(load_id) FROM loads WHERE status = 'published');
