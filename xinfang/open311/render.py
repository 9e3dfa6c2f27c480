"""Open311 answers as JSON or XML (GeoReport v2 requires XML; JSON is the common choice)."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from xinfang.lib import timesource

# The element name of a list's items in XML, by the list's own name.
ITEMS = {
    "services": "service", "service_requests": "request", "errors": "error",
    "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
}  # fmt: skip


def w3c(moment: dt.datetime | None) -> str | None:
    """A W3C datetime in Beijing time, e.g. 2026-03-10T10:00:00+08:00."""
    if moment is None:
        return None
    return moment.astimezone(timesource.SHANGHAI).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: ET.Element, name: str, value) -> None:
    if isinstance(value, list):
        node = ET.SubElement(parent, name)
        for item in value:
            _fill(node, ITEMS.get(name, "item"), item)
    elif isinstance(value, dict):
        node = ET.SubElement(parent, name)
        for key, inner in value.items():
            _fill(node, key, inner)
    else:
        ET.SubElement(parent, name).text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _fill(element, ITEMS.get(root, "item"), item)
    else:
        for key, value in data.items():
            _fill(element, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, data), content_type="text/xml; charset=utf-8", status=status
        )
    body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8", status=status)


def errors(fmt: str, status: int, *items: tuple[int | str, str]) -> HttpResponse:
    """GeoReport errors: `[{code, description}]` (code is the HTTP status)."""
    data = [{"code": code, "description": description} for code, description in items]
    return respond(fmt, "errors", data, status)
