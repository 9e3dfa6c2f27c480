"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
application = get_wsgi_application()

# Import every view now, while the worker boots, rather than during its first request: the
# views bring in scikit-learn, pypinyin and fpdf, about two seconds that a clerk would
# otherwise wait for on the first page after every restart.
get_resolver().url_patterns  # noqa: B018 (the import is the point)
