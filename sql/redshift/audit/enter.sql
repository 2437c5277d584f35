-- Inside a step's transaction: unqualified names are the audit schema's first, then the
-- public ones (staging, views, bookkeeping), so the shared sql/build/ files build into
-- sparkify_audit unchanged. leave.sql sets it back before COMMIT; a rolled-back step's SET
-- is rolled back with it.
SET search_path = sparkify_audit, public;
