"""Copy the front-end libraries installed by npm into xinfang/static/vendor/.

Unminified sources only, so what the browser runs can be read and audited; no CDN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "xinfang" / "static" / "vendor"
FILES = {
    "node_modules/htmx.org/dist/htmx.js": "htmx.js",
    "node_modules/echarts/dist/echarts.js": "echarts.js",
}


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        path = ROOT / source
        if not path.exists():
            print(f"missing {source}: run `npm ci` first", file=sys.stderr)
            return 1
        shutil.copyfile(path, VENDOR / target)
    print(f"copied {len(FILES)} front-end file(s) into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
