"""No template carries inline script, so a Content-Security-Policy without 'unsafe-inline'
for scripts (script-src 'self') breaks nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import xinfang

TEMPLATES = sorted(Path(xinfang.__file__).resolve().parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


def test_every_script_is_a_file():
    found = [str(p) for p in TEMPLATES if INLINE_SCRIPT.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_no_element_has_an_inline_event_handler():
    found = [str(p) for p in TEMPLATES if HANDLER.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_no_link_runs_javascript():
    found = [str(p) for p in TEMPLATES if JAVASCRIPT_URL.search(p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("path", ["/portal/", "/login/"])
def test_every_page_carries_a_policy_without_inline_script(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_an_attachment_keeps_its_own_stricter_policy(client, cast, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    petition = register(attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    client.force_login(cast.alice)
    item = petition.attachments.get()
    response = client.get(f"/petitions/{petition.number}/attachments/{item.pk}/")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
