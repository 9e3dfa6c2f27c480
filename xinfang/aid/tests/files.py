"""A signed 息访协议 as the tests upload it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = "%PDF-1.4\n% 息访协议\n".encode()


def pdf(name: str = "息访协议.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
