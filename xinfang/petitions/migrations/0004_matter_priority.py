from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_matter_answered_on_matter_closed_on_and_more")]

    operations = [
        migrations.AddField(
            model_name="matter",
            name="priority",
            field=models.PositiveSmallIntegerField(
                choices=[(0, "普通"), (1, "优先关注"), (2, "紧急关注")],
                default=0,
                verbose_name="关注等级",
            ),
        ),
    ]
