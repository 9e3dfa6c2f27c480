"""The briefs' cast: the shared cast and casework's leaders (lena, hugo, zoe)."""

from xinfang.casework.tests.conftest import adam, leaders  # noqa: F401
