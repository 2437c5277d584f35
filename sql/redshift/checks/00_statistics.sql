-- Fresh statistics on the rebuilt star tables, inside the load's transaction, so the key
-- checks and the first analyst queries after COMMIT get good plans (PostgreSQL takes them per
-- table in sql/audit/finish_table.sql; Redshift, once every table is built, here).
ANALYZE songplays;
ANALYZE users;
ANALYZE songs;
ANALYZE artists;
ANALYZE time;
