#!/usr/bin/env python
"""Same as the `xinfang` command, for those who expect manage.py."""

from xinfang.cli import main

if __name__ == "__main__":
    main()
