"""Requests that cannot be served as asked: a database that refuses writes (read-only, disk
full) is a temporary fault, and every staff and portal page answers 503 with what to do, not a
bare server error (the API has its own JSON answer, xinfang.api.views); a NUL character in a
parameter is refused with 400 on every interface."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InternalError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

from xinfang.open311.render import errors as open311_errors

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


class NulCharacterMiddleware:
    """A NUL character in a parameter is never meant, and PostgreSQL cannot store or even
    compare one in text: such a request answers 400 before any view sees it, in the shape of
    the interface asked (the API's errors, Open311's errors, the 400 page)."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._field_with_nul(request)
        if field is None:
            return self.get_response(request)
        message = f"参数“{field[:40]}”含有空字符（\\x00），请删除后重试"
        if request.path.startswith("/api/"):
            error = {"field": field, "code": "nul_character", "message": message}
            return JsonResponse({"errors": [error]}, status=400)
        if request.path.startswith("/open311/"):
            return open311_errors(
                "xml" if request.path.endswith(".xml") else "json", 400, (400, message)
            )
        raise BadRequest(message)

    def _field_with_nul(self, request) -> str | None:
        sources = [request.GET]
        if request.method == "POST" and request.content_type in self.FORMS:
            sources.append(request.POST)
        for source in sources:
            for name, values in source.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return name.replace("\x00", "")
        # Cheap test first: a NUL in JSON text is always written as an escape.
        json_body = request.content_type == "application/json" and _small(request)
        if json_body and b"\\u0000" in request.body and _holds_nul(_json_or_none(request.body)):
            return "body"
        return None


def _small(request) -> bool:
    """Within the body limit (a larger body is refused with 413 by the API itself)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _json_or_none(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return None  # not JSON at all: the API says so itself


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False
