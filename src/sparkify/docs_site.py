"""GX's Data Docs site, built to open offline and to run nothing from the data.

The pages are rendered by sparkify.docs_view; this builder also copies the stylesheets
they link (assets/static/sparkify/: Bootstrap 4.3.1, the version GX's pages are written
for, under its MIT licence, and a few rules of our own) next to GX's static files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from great_expectations.render.renderer.site_builder import SiteBuilder

STATIC = Path(__file__).parent / "assets" / "static"
PAGE_VIEW = {"module_name": "sparkify.docs_view", "class_name": "OfflinePageView"}
INDEX_VIEW = {"module_name": "sparkify.docs_view", "class_name": "OfflineIndexPageView"}


class OfflineSiteBuilder(SiteBuilder):
    def build(self, resource_identifiers: Any = None, build_index: bool = True) -> Any:
        built = super().build(resource_identifiers, build_index)
        self.target_store.copy_static_assets(str(STATIC))
        return built


def site_config(base_directory: str, runs_listed: int) -> dict[str, Any]:
    """The data_docs_sites entry of the project's one site, every page through our views."""
    return {
        "module_name": "sparkify.docs_site",
        "class_name": "OfflineSiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": base_directory,
        },
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "validation_results_limit": runs_listed,
            "view": INDEX_VIEW,
        },
        "site_section_builders": {
            section: {"view": PAGE_VIEW} for section in ("expectations", "validations", "profiling")
        },
    }
