-- One day of the source as the running load listed it: how many event files it holds (a
-- retried listing counts again).
INSERT INTO source_listing (load_id, day, files)
VALUES (:load_id, :day, :files)
ON CONFLICT (load_id, day) DO UPDATE SET files = excluded.files;
