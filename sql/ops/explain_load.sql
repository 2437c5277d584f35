-- explain: the load that staged a file (:source_key, as the manifest holds it), which
-- published its rows, and that load's quality gate, one row per suite.
SELECT l.load_id, l.status, l.ended_at, q.suite,
       SUM(CASE WHEN q.success THEN 1 ELSE 0 END) AS passed,
       SUM(CASE WHEN NOT q.success AND q.severity = 'critical' THEN 1 ELSE 0 END) AS failed,
       SUM(CASE WHEN NOT q.success AND q.severity <> 'critical' THEN 1 ELSE 0 END) AS warned
FROM manifest AS m
JOIN loads AS l ON l.load_id = m.load_id
LEFT JOIN quality_results AS q ON q.load_id = l.load_id
WHERE m.source_key = :source_key
GROUP BY l.load_id, l.status, l.ended_at, q.suite
ORDER BY q.suite;
