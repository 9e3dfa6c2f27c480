"""The dashboard's chart tooltips are HTML: a region or class name from the data is escaped
before it goes in (run in Node with a stand-in for ECharts and the page)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "stats-dashboard.js"
EVIL = '<img src=x onerror="alert(1)">'

HARNESS = """
const data = %(data)s;
const options = {};
global.document = {
  readyState: "complete",
  getElementById: (id) => id === "stats-data" ? { textContent: JSON.stringify(data) } : { id },
};
global.window = {
  addEventListener() {},
  echarts: {
    init: (el) => ({ setOption: (o) => { options[el.id] = o; }, on() {}, resize() {} }),
    registerMap() {},
  },
};
global.fetch = () => ({ then: (f) => f({ json: () => ({}) }) && { then: (g) => g({}) } });
require(%(script)s);
const out = {
  classes: options["chart-classes"].tooltip.formatter({ name: data.classes[0].label, value: 3 }),
  map: options["chart-map"].tooltip.formatter({ name: data.regions[0].code }),
};
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_tooltips_escape_names_from_the_data(tmp_path):
    data = {
        "year": 2026, "trend": [], "map": "/map.json",
        "regions": [{"code": "431202", "label": EVIL, "persons": 3, "per_10k": 1.5, "url": ""}],
        "classes": [{"label": EVIL, "persons": 3, "url": ""}],
    }  # fmt: skip
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS % {"data": json.dumps(data), "script": json.dumps(str(SCRIPT))})
    result = subprocess.run(
        ["node", str(harness)], capture_output=True, text=True, timeout=30, check=True
    )
    out = json.loads(result.stdout)
    for tooltip in out.values():
        assert "<img" not in tooltip
        assert "&lt;img" in tooltip
