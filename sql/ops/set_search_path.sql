-- Resolve unqualified names through the given schemas (comma-separated), for this session.
SELECT set_config('search_path', :path, false);
