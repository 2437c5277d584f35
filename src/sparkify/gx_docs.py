"""A checkpoint action that builds the Data Docs once per checkpoint run.

GX's UpdateDataDocsAction builds the pages and the index once per validated suite: eight
builds a run here, about 1.2 s of a 5.5 s gate. This action builds the same pages, and the
index, in one pass. Imported only where GX runs (importing GX takes seconds).
"""

from __future__ import annotations

from typing import Any, Literal

from great_expectations.checkpoint.actions import UpdateDataDocsAction
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
)


class UpdateDataDocsOnce(UpdateDataDocsAction):
    type: Literal["update_data_docs_once"] = "update_data_docs_once"  # type: ignore[assignment]

    def run(self, checkpoint_result: Any, action_context: Any = None) -> dict[str, Any]:
        identifiers: list[Any] = []
        for result_id, result in checkpoint_result.run_results.items():
            identifiers += [result_id, ExpectationSuiteIdentifier(name=result.suite_name)]
        self._build_data_docs(site_names=self.site_names, resource_identifiers=identifiers)
        return {}
