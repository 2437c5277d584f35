"""The report's SVG bar charts: bars as long as their values, labels as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from sparkify.charts import bar_chart, ticks

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, so the browser's parser agrees


def bars(svg: str) -> list[ET.Element]:
    return list(parsed(svg).iter(f"{SVG}rect"))


@pytest.mark.parametrize("horizontal", [False, True])
def test_bars_are_as_long_as_their_values_on_a_round_axis(horizontal: bool) -> None:
    svg = bar_chart("plays", ["a", "b", "c"], [40, 10, Decimal(0)], "plays", horizontal=horizontal)
    length = "width" if horizontal else "height"
    sizes = [float(rect.get(length, "")) for rect in bars(svg)]
    assert sizes[0] == pytest.approx(4 * sizes[1], abs=0.2) and sizes[2] == 0
    titles = [rect.findtext(f"{SVG}title") for rect in bars(svg)]
    assert titles == ["a: 40", "b: 10", "c: 0"]
    texts = [t.text for t in parsed(svg).iter(f"{SVG}text")]
    assert {"a", "b", "c", "0", "40", "plays"} <= set(texts)


def test_labels_from_the_data_stay_text() -> None:
    hostile = "<script>alert(1)</script>' onload='x"
    svg = bar_chart(hostile, [hostile], [1], hostile, horizontal=True)
    root = parsed(svg)
    assert [e.tag for e in root.iter() if "script" in e.tag] == []
    assert all(not name.startswith("on") for e in root.iter() for name in e.attrib)
    assert root.get("aria-label") == hostile
    assert bars(svg)[0].findtext(f"{SVG}title") == f"{hostile}: 1"


def test_a_long_label_is_cut_and_kept_whole_in_its_title() -> None:
    label = "Phoenix-Mesa-Scottsdale, AZ and a great deal more than fits beside a bar"
    svg = bar_chart("where", [label], [3], "plays", horizontal=True)
    shown = [t.text or "" for t in parsed(svg).iter(f"{SVG}text")]
    assert any(s.endswith("…") and label.startswith(s[:-1]) for s in shown)
    assert bars(svg)[0].findtext(f"{SVG}title") == f"{label}: 3"


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (0, [0.0]),
        (7, [0, 2, 4, 6, 8]),
        (40, [0, 10, 20, 30, 40]),
        (0.9, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_ticks_are_round_and_reach_the_top(top: float, expected: list[float]) -> None:
    assert ticks(top) == pytest.approx(expected)
