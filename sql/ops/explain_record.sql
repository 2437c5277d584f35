-- explain record: the bad record at :source_key line :line (line NULL: the whole file),
-- as the quarantine holds it: the rule that rejected it and its raw line.
SELECT source_key || ':' || COALESCE(CAST(line_number AS VARCHAR), '(whole file)') AS record,
       reason, raw
FROM quarantine
WHERE source_key = :source_key
  AND line_number IS NOT DISTINCT FROM CAST(:line AS INTEGER);
