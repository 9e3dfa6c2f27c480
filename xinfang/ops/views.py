"""`/metrics` for Prometheus, behind a bearer token (XINFANG_METRICS_TOKEN); without a token
configured the endpoint does not exist."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from xinfang.ops.metrics import CaseCollector


def metrics(request):
    expected = settings.XINFANG_METRICS_TOKEN
    if not expected:
        raise Http404("未启用")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        response = HttpResponse(
            "需要有效的令牌", status=401, content_type="text/plain; charset=utf-8"
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    registry = CollectorRegistry()
    registry.register(CaseCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
