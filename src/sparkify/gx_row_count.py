"""The gate's row-query check: GX's unexpected_rows_expectation, counting the rows only.

GX's own asks for two metrics in every result format (its metric dependencies are a class
constant): the query's row count and its first rows, so each check runs its query twice in
the warehouse. The gate never reads those rows (it fetches a failed check's sample itself,
sparkify.quality's _with_rows), so this one asks for the count alone: one query per check.
Everything else (the query's validation, the Data Docs renderers) is GX's, inherited; defining
the class registers it as the expectation type `unexpected_rows_count_expectation`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from great_expectations.expectations.core.unexpected_rows_expectation import (
    UnexpectedRowsExpectation,
)

ROW_COUNT = "unexpected_rows_query.row_count"


class UnexpectedRowsCountExpectation(UnexpectedRowsExpectation):
    """No row of the query: its row count is 0 (the count is the observed value)."""

    metric_dependencies: ClassVar[tuple[str, ...]] = (ROW_COUNT,)

    def _validate(
        self,
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any] | None = None,
        execution_engine: Any = None,
    ) -> dict[str, Any]:
        count = metrics[ROW_COUNT]
        asked = self._get_result_format(runtime_configuration=runtime_configuration)
        result_format = asked.get("result_format") if isinstance(asked, dict) else asked
        if result_format == "BOOLEAN_ONLY":
            return {"success": count == 0}
        return {"success": count == 0, "result": {"observed_value": count}}
