-- Register a new load; its staged rows carry the returned load_id until it is published.
INSERT INTO loads (source, full_refresh, status)
VALUES (:source, :full_refresh, 'running')
RETURNING load_id;
