"""Text from the data, made inert for a Markdown artifact (Prefect renders it in its UI).

A song title or an artist name is shown as written: no HTML tag, link, image or table cell
can be formed from it. HTML's own characters become entities, every other Markdown
punctuation mark is backslash-escaped (CommonMark allows it for any ASCII punctuation), and
line breaks, which would end a table row, become spaces.
"""

from __future__ import annotations

import html
import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")


def text(value: object) -> str:
    flat = " ".join(str(value).splitlines())
    return _PUNCTUATION.sub(r"\\\1", html.escape(flat, quote=False))
