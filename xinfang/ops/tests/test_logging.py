"""XINFANG_LOG_FORMAT=json writes one JSON object a line, Chinese kept readable."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_json_logs_are_one_object_a_line():
    env = {**os.environ, "XINFANG_LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "xinfang.settings"}
    code = "import django, logging; django.setup(); logging.getLogger('xinfang.t').warning('登记失败 %s', 7)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING" and line["logger"] == "xinfang.t"
    assert line["message"] == "登记失败 7"
