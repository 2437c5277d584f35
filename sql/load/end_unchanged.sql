-- The running load (key load_id) found the source as the last published load left it: it
-- ends published with nothing staged, built or moved, and its listing, equal to the kept one,
-- becomes the kept one (the calendar reads the latest listing).
DELETE FROM source_listing WHERE load_id <> :load_id;
UPDATE loads
SET status = 'published', ended_at = now(), message = 'no new or changed files'
WHERE load_id = :load_id AND status = 'running';
