-- A step's own short transaction: what it writes commits at its end or not at all, and a
-- serializable isolation error (1023) sends this step again from here, not the whole load.
BEGIN;
