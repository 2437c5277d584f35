-- Who keeps publish from its locks: the other sessions holding a lock on a table publish
-- locks (:tables) in a mode that conflicts with the one publish takes (:modes), in the
-- plan's order, oldest query first. For the log and the give-up message, so no query text
-- past its first 60 characters.
SELECT c.relname, a.pid, a.application_name, a.state,
       round(extract(epoch FROM clock_timestamp() - coalesce(a.query_start, a.backend_start))),
       left(regexp_replace(a.query, '\s+', ' ', 'g'), 60)
FROM pg_locks AS l
JOIN pg_class AS c ON c.oid = l.relation
JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.granted AND l.pid <> pg_backend_pid() AND l.mode = ANY (:modes)
  AND c.relnamespace = current_schema()::REGNAMESPACE
  AND c.relname = ANY (CAST(:tables AS TEXT[]))
ORDER BY array_position(CAST(:tables AS TEXT[]), c.relname::TEXT), a.query_start, a.pid;
