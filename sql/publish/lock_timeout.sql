-- From here to COMMIT, a lock wait longer than :lock_timeout fails the publish transaction:
-- it takes the published tables' locks next, which readers must never queue behind for long.
SELECT set_config('lock_timeout', :lock_timeout, true);
