-- The load's health: quarantined records by reason; one row per reason.
SELECT reason, COUNT(*) AS records
FROM quarantine
GROUP BY reason
ORDER BY records DESC, reason;
