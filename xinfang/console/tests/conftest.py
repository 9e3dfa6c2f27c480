"""The console's cast: adam (the city's administrator) from casework's cast."""

from xinfang.casework.tests.conftest import adam  # noqa: F401
