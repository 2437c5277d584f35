-- The step's transaction commits (never a TRUNCATE inside one: on Redshift it commits).
COMMIT;
