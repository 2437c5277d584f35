-- Lines read = staged + quarantined, for the load's COPYs: at most one row, the worst
-- difference, none when every count agrees. `scanned` is SYS_LOAD_DETAIL's lines_scanned per
-- file (file_lines, stage/copy_lines), `counted` the load's staged rows plus the rows it
-- quarantined from that file's lines (COPY's rejects, with their line; the checks' rejects).
-- A file rejected before the COPY (no manifest lists it, quarantined whole, no line) is not
-- compared: COPY never read it.
-- Per file where every row of its kind carries its file (then each file must agree); per kind
-- of file where some do not (COPY does not say which file an accepted row came from: staged
-- rows and the checks' rejects have source_key NULL), then the kind's files together must
-- agree and no file may have more rejected lines than lines scanned.
-- Compacted song records carry their file: each song file is then compared on its own, with
-- the non-blank lines the compaction read from it (file_lines, from load/03_load_files; COPY
-- scanned its part, checked against the part's records by stage/copy_part_lines).
-- Columns: kind, source_key (NULL for a kind's files together), files, scanned, counted.
WITH placed AS (
    SELECT source_key, COUNT(*) AS n
    FROM (
        SELECT source_key FROM staging_events
        WHERE load_id = :load_id AND source_key IS NOT NULL
        UNION ALL
        SELECT source_key FROM staging_songs
        WHERE load_id = :load_id AND source_key IS NOT NULL
        UNION ALL
        SELECT source_key FROM staging_quarantine
        WHERE load_id = :load_id AND source_key IS NOT NULL AND line_number IS NOT NULL
    ) AS r
    GROUP BY source_key
),
unplaced AS (
    SELECT 'events' AS kind,
           (SELECT COUNT(*) FROM staging_events WHERE load_id = :load_id AND source_key IS NULL)
           + (SELECT COUNT(*) FROM checked_events WHERE reason IS NOT NULL)
           AS n
    UNION ALL
    SELECT 'songs',
           (SELECT COUNT(*) FROM staging_songs WHERE load_id = :load_id AND source_key IS NULL)
           + (SELECT COUNT(*) FROM checked_songs WHERE reason IS NOT NULL AND source_key IS NULL)
),
per_file AS (
    SELECT f.kind, f.source_key, COALESCE(l.lines_scanned, 0) AS scanned,
           COALESCE(p.n, 0) AS counted, u.n AS unplaced
    FROM load_files AS f
    JOIN unplaced AS u ON u.kind = f.kind
    LEFT JOIN file_lines AS l ON l.load_id = f.load_id AND l.source_key = f.source_key
    LEFT JOIN placed AS p ON p.source_key = f.source_key
    WHERE f.load_id = :load_id AND f.reason IS NULL
),
compared AS (
    SELECT kind, source_key, 1 AS files, scanned, counted
    FROM per_file
    WHERE unplaced = 0 OR counted > scanned
    UNION ALL
    SELECT kind, NULL, COUNT(*), SUM(scanned), SUM(counted) + MAX(unplaced)
    FROM per_file
    WHERE unplaced > 0
    GROUP BY kind
)
SELECT kind, source_key, files, scanned, counted
FROM compared
WHERE scanned <> counted
ORDER BY ABS(scanned - counted) DESC, kind, source_key
LIMIT 1;
