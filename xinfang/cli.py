"""The `xinfang` operator command: Django's manage.py under the project's name.

Django's own commands work through it (`xinfang migrate`, `xinfang runserver`), next to
the project's (`xinfang demo`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xinfang", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
