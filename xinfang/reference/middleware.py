"""Read the reference stamp at most once per request (see `queries`)."""

from __future__ import annotations

from xinfang.reference.queries import in_request


class ReferenceMiddleware:
    """Read the reference stamp at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with in_request():
            return self.get_response(request)
