#!/usr/bin/env bash
# Retake the README's pictures of the clerks' journeys (docs/screenshots/clerk-*.png).
#
# Runs the browser journeys that take them with XINFANG_SCREENSHOTS set (Debian's Chromium at
# /usr/bin/chromium, the front-end files from node_modules), then crops each chosen picture to
# the part the README talks about and writes it under docs/screenshots/, kept under 250 kB.
#
#   scripts/readme_screenshots.sh            # with .venv/bin/python
#   PYTHON=/path/to/python scripts/readme_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT

"$PY" scripts/build_static.py >/dev/null
XINFANG_SCREENSHOTS="$shots" "$PY" -m pytest -p no:cacheprovider -m browser -rs \
  "xinfang/petitions/tests/test_browser_clerks.py::test_ctrl_enter_shows_the_review_step_and_saves_only_when_confirmed" \
  "xinfang/petitions/tests/test_browser_clerks.py::test_a_registrar_registers_finds_by_phone_voids_the_double_and_prints_the_receipt[375]" \
  "xinfang/documents/tests/test_browser.py::test_a_handler_accepts_prints_the_受理告知书_answers_and_prints_the_意见书[1366]" \
  "xinfang/workflow/tests/test_batch_browser.py::test_a_supervisor_finds_overdue_matters_and_supervises_them_in_batch[768]"

# Pillow comes with fpdf2, one of the project's dependencies.
"$PY" - "$shots" docs/screenshots <<'EOF'
import sys
from pathlib import Path

from PIL import Image

shots, target = Path(sys.argv[1]), Path(sys.argv[2])
LIMIT = 250_000
# README name: (screenshot taken by the journey, the box kept: left, top, right, bottom or None)
CHOSEN = {
    "clerk-register-review-1366": ("clerks-review-1366", None),
    "clerk-found-by-phone-375": ("registrar-3-found-by-phone-375", None),
    "clerk-answer-paper-1366": ("handler-4-answer-paper-1366", (0, 0, 1366, 1220)),
    "clerk-overdue-batch-768": ("supervisor-1-overdue-ticked-768", None),
}
for name, (source, box) in CHOSEN.items():
    picture = Image.open(shots / f"{source}.png").convert("RGB")
    if box:
        picture = picture.crop((box[0], box[1], box[2], min(box[3], picture.height)))
    path = target / f"{name}.png"
    picture.save(path, optimize=True)
    if path.stat().st_size > LIMIT:  # a 256-colour palette keeps text sharp at a third the size
        picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{path}  {picture.width}x{picture.height}  {path.stat().st_size // 1000} kB")
EOF
