-- The source calendar, for `sparkify calendar` and the report: one row per day; key day.
SELECT day, present, files, lines, staged, quarantined, first_loaded_at, last_replaced_at
FROM source_calendar
ORDER BY day;
