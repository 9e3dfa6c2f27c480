"""A database that refuses writes (read-only, disk full) is a temporary fault: every staff and
portal page answers 503 with what to do, not a bare server error. The API has its own JSON
answer (xinfang.api.views)."""

from __future__ import annotations

import logging

from django.db import InternalError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("xinfang.faults")


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InternalError)):
            return None
        logger.exception("database fault on %s", request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
