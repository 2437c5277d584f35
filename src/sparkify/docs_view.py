"""The Data Docs' HTML views: every value escaped, no script, nothing fetched from a CDN.

GX's Jinja templates are not autoescaped (they end in .j2), and its views put a plain value
into the page as it is: the sampled unexpected values of a failed expectation, i.e. source
data, became markup that ran in the reader's browser. Here every plain value a content
block carries is HTML-escaped; structured blocks still render through GX's templates, whose
string-template parameters GX escapes itself. Our templates (assets/docs_templates/) are
looked up before GX's: pages without CDN links, scripts or GX's tracked logo, under a
Content-Security-Policy that allows neither scripts nor remote origins.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from great_expectations.render import RenderedComponentContent
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader, pass_context
from jinja2.bccache import Bucket

TEMPLATES = Path(__file__).parent / "assets" / "docs_templates"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'"
)


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: GX makes a Jinja environment for every view it
    builds, each compiling the templates again (half of a Data Docs build's time). A bucket
    is checked against its template's source before its code is used."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _EscapingView:
    """Mixed into GX's page views: our templates first, plain values escaped."""

    env: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), self.env.loader])
        self.env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
        self.env.bytecode_cache = _COMPILED

    @pass_context
    def render_content_block(
        self,
        jinja_context: Any,
        content_block: Any,
        index: Any = None,
        content_block_id: Any = None,
        render_to_markdown: bool = False,
    ) -> Any:
        if _is_block(content_block):
            return super().render_content_block(  # type: ignore[misc]
                jinja_context, content_block, index, content_block_id, render_to_markdown
            )
        if isinstance(content_block, list):
            return "".join(
                self.render_content_block(
                    jinja_context,
                    item,
                    number,
                    f"{content_block_id}-{number}" if content_block_id else None,
                )
                if _is_block(item)
                else f"<span>{_escaped(item)}</span>"
                for number, item in enumerate(content_block)
            )
        return _escaped(content_block)


def _is_block(value: Any) -> bool:
    return isinstance(value, RenderedComponentContent) or (
        isinstance(value, dict) and "content_block_type" in value
    )


def _escaped(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


class OfflinePageView(_EscapingView, DefaultJinjaPageView):
    """Validation, suite and profiling pages."""


class OfflineIndexPageView(_EscapingView, DefaultJinjaIndexPageView):
    """The site's index page."""
