"""Load the reference data a fresh install needs: the region tree and the content classes."""

from django.core.management.base import BaseCommand

from xinfang.classes.actions import load_classes
from xinfang.regions.actions import load_regions


class Command(BaseCommand):
    help = "载入行政区划（怀化市）和内容分类树；可重复执行"

    def handle(self, *args, **options):
        regions = load_regions()
        classes = load_classes()
        self.stdout.write(f"regions={regions} classes={classes}")
