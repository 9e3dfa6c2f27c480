"""One line naming the machine a figure was measured on (benchmarks, `classify evaluate`)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """Host, CPU model, cores, memory and Python version, read from /proc where there is one."""
    cpu = "unknown cpu"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    return f"{platform.node()} · {cpu} · {os.cpu_count()} cores · {mem_kb / 1024 / 1024:.0f} GiB · Python {platform.python_version()}"
