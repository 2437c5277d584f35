-- Back to the published tables' schema before the step commits.
SET search_path = public;
