-- loads: one row per Redshift load; key load_id (set by the client: the load's start in epoch
-- milliseconds, which also names the load's folder of manifests in S3). status: running (the
-- one load holding the lease), published, failed, abandoned (its lease expired and another
-- load took it over), replaced (a later load staged its files again). lease_until: how long
-- the running load's lease holds unless renewed (redshift/lease/); NULL once it ended.
-- Small and read whole: a copy on every node (DISTSTYLE ALL).
CREATE TABLE IF NOT EXISTS loads (
    load_id      BIGINT NOT NULL,
    source       VARCHAR(1024) NOT NULL,
    full_refresh BOOLEAN NOT NULL,
    status       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    lease_until  TIMESTAMP
) DISTSTYLE ALL;
