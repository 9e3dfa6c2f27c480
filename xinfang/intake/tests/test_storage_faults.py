"""Storage faults during registration: nothing half-saved, a message that says what to do,
and the clerk's typed form kept."""

from __future__ import annotations

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinfang.lib.errors import Unavailable
from xinfang.petitions.models import Attachment, Petition
from xinfang.petitions.tests.test_views import form_data


class FillsTheDisk(SimpleUploadedFile):
    """An upload whose second chunk meets a full disk."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 first part "
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_no_partial_file_and_no_row(register, attachment_root):
    with pytest.raises(Unavailable) as exc:
        register(attachments=[FillsTheDisk("scan.pdf", b"%PDF-1.4 whole file")])
    assert "附件存储已满或不可写" in exc.value.message
    assert not any(p.is_file() for p in attachment_root.rglob("*"))
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0


def test_an_unwritable_attachment_folder_refuses_with_a_message(register, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    settings.ATTACHMENT_ROOT = blocker / "attachments"
    with pytest.raises(Unavailable):
        register(attachments=[SimpleUploadedFile("scan.pdf", b"%PDF-1.4 x")])
    assert Petition.objects.count() == 0


def test_the_form_comes_back_as_typed_with_what_to_do(client, cast, places, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.ATTACHMENT_ROOT = blocker / "attachments"
    client.force_login(cast.alice)
    upload = SimpleUploadedFile("欠条.pdf", b"%PDF-1.4 IOU", content_type="application/pdf")
    response = client.post(
        reverse("petitions:register"), {**form_data(places), "attachments": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "附件存储已满或不可写" in page
    assert "工地拖欠农民工工资" in page and "刘德华" in page
    assert Petition.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_database_refusing_writes_keeps_the_form_and_says_so(client, cast, places):
    from xinfang.front.tests.test_health import read_only_database

    client.force_login(cast.alice)
    with read_only_database():
        response = client.post(reverse("petitions:register"), form_data(places))
    page = response.content.decode()
    assert response.status_code == 200
    assert "数据库暂时无法写入" in page and "工地拖欠农民工工资" in page
    assert Petition.objects.count() == 0
