-- One expectation's outcome in the running load's quality gate.
INSERT INTO quality_results (load_id, suite, expectation, column_name, severity, success,
                             outcome, unexpected, error)
VALUES (:load_id, :suite, :expectation, :column, :severity, :success,
        :outcome, :unexpected, :error);
