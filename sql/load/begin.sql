-- Register a new load; its staged rows carry the returned load_id until it is published.
INSERT INTO loads (source, full_refresh, status)
VALUES (%(source)s, %(full_refresh)s, 'running')
RETURNING load_id;
