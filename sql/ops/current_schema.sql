-- The schema the warehouse's tables live in (the connection's default).
SELECT current_schema();
