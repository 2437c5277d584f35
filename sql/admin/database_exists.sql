-- Does the named database exist? One row when it does.
SELECT 1 FROM pg_database WHERE datname = :database
