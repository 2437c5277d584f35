-- file_lines: one row per source file a load's COPY read, with the lines COPY scanned (from
-- SYS_LOAD_DETAIL); key (load_id, source_key), not declared (Redshift does not enforce keys and
-- its planner trusts declared ones). Small; EVEN.
CREATE TABLE IF NOT EXISTS file_lines (
    load_id       BIGINT NOT NULL,
    source_key    VARCHAR(1024) NOT NULL,
    lines_scanned BIGINT NOT NULL
) DISTSTYLE EVEN;
