"""A limit's 日/工作日 is its measure: "unit" means an organisation (责任单位) here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_default_limits")]

    operations = [
        migrations.RenameField("timelimit", "unit", "measure"),
        migrations.RenameField("clock", "limit_unit", "measure"),
    ]
