-- The embedded server's analytics database, made once on first use.
CREATE DATABASE :database
