-- The latest quality gate: one row per expectation of the most recent gated load.
SELECT suite, expectation, column_name, severity, outcome, unexpected, error
FROM quality_results
WHERE load_id = (SELECT MAX(load_id) FROM quality_results)
ORDER BY success, severity, suite, expectation, column_name;
