-- One transaction for the whole load: staged rows, star tables and manifest change together
-- at COMMIT or not at all. LOCK makes a second load wait here, before it reads the manifest.
-- (No TRUNCATE anywhere in it: on Redshift TRUNCATE commits.)
BEGIN;
LOCK manifest;
