import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classes", "0001_initial"),
        ("insight", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoutingRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=120, verbose_name="说明")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "content_class",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="classes.contentclass",
                        verbose_name="内容分类（空为全部，含下级）",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                        verbose_name="问题属地（空为全部，含下级）",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.unit",
                        verbose_name="责任单位",
                    ),
                ),
            ],
            options={"verbose_name": "分办规则", "verbose_name_plural": "分办规则"},
        ),
        migrations.AddConstraint(
            model_name="routingrule",
            constraint=models.UniqueConstraint(
                fields=("content_class", "region", "unit"), name="one_rule_per_class_place_unit"
            ),
        ),
    ]
