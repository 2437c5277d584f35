-- Before a build step makes a table of the audit schema: what an earlier attempt of the same
-- step left (a retry after its transaction committed). Always qualified: never a published
-- table.
DROP TABLE IF EXISTS :table;
