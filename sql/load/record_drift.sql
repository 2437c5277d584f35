-- One field of one staging batch of the running load (see schema_drift); committed with the
-- batch's rows, so the counts add up over the batches, a retried one included.
INSERT INTO schema_drift AS d (load_id, kind, field, known, carried, records)
VALUES (:load_id, :kind, :field, :known, :carried, :records)
ON CONFLICT (load_id, kind, field)
DO UPDATE SET carried = d.carried + excluded.carried, records = d.records + excluded.records;
