"""Rebuild the free-text search index (after a bulk import or a restore)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from xinfang.petitions import search
from xinfang.petitions.models import Petition


class Command(BaseCommand):
    help = "重建信访件全文检索索引"

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild(Petition.objects.order_by("pk"))
        self.stdout.write(f"indexed={count}")
