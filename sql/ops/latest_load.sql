-- The latest load and its status (one row): what a command says when it lost sight of it.
SELECT load_id, status FROM loads ORDER BY load_id DESC LIMIT 1;
