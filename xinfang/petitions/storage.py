"""Attachment files on disk, under ATTACHMENT_ROOT, with generated names only."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def root() -> Path:
    return Path(settings.ATTACHMENT_ROOT)


def path_of(stored_name: str) -> Path:
    # Stored names are generated here (hex + extension), never taken from the user.
    return root() / stored_name[:2] / stored_name


def save_upload(upload: UploadedFile, extension: str) -> tuple[str, str]:
    """Write the upload under a random name; return (stored name, sha256)."""
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    upload.seek(0)
    try:
        with open(target, "xb") as fh:
            for chunk in upload.chunks():
                digest.update(chunk)
                fh.write(chunk)
        target.chmod(0o640)
    except BaseException:
        target.unlink(missing_ok=True)  # a full disk must not leave half a file behind
        raise
    return stored_name, digest.hexdigest()


def discard(stored_names: list[str]) -> None:
    for name in stored_names:
        path_of(name).unlink(missing_ok=True)
