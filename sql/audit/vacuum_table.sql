-- After a table's build commits, before its checks read it: set the new rows' hint bits and
-- visibility map once, here, instead of in the first query that reads each page (measured at
-- 1M events: 0.3 s of VACUUM saves the quality gate 2.3 s). VACUUM runs outside a transaction.
VACUUM :table;
