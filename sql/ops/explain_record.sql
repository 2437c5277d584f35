-- explain record: the bad record at %(source_key)s line %(line)s (line NULL: the whole file),
-- as the quarantine holds it: the rule that rejected it and its raw line.
SELECT source_key || ':' || COALESCE(CAST(line_number AS VARCHAR), '(whole file)') AS record,
       reason, raw
FROM quarantine
WHERE source_key = %(source_key)s
  AND line_number IS NOT DISTINCT FROM CAST(%(line)s AS INTEGER);
