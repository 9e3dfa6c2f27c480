"""The contact card's cast: the casework leaders (lena, hugo, zoe) and adam."""

from xinfang.casework.tests.conftest import adam, leaders  # noqa: F401
