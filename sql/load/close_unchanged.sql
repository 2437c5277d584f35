-- A load that found no new or changed file: nothing to stage or publish; close it.
UPDATE loads
SET status = 'published', message = 'no new or changed files', ended_at = now()
WHERE status = 'running';
