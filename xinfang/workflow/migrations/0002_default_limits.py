"""The 《信访工作条例》's time limits as editable rows (a province may set its own)."""

from django.db import migrations

DEFAULTS = [
    ("dispose", 15, "day"),
    ("accept_notice", 15, "day"),
    ("handle", 60, "day"),
    ("handle_fast", 10, "workday"),
    ("extension", 30, "day"),
    ("review_window", 30, "day"),
    ("review", 30, "day"),
    ("rereview_window", 30, "day"),
    ("rereview", 30, "day"),
    ("rating_window", 30, "day"),
]


def add(apps, schema_editor):
    TimeLimit = apps.get_model("workflow", "TimeLimit")
    for kind, amount, unit in DEFAULTS:
        TimeLimit.objects.get_or_create(kind=kind, defaults={"amount": amount, "unit": unit})


def remove(apps, schema_editor):
    apps.get_model("workflow", "TimeLimit").objects.filter(
        kind__in=[k for k, _, _ in DEFAULTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
