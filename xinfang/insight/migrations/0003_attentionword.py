from django.db import migrations, models

# The defaults a fresh install starts with; administrators add and retire words in the admin.
DEFAULT_WORDS = {
    "危及生命": (
        2,
        "自杀 轻生 寻死 跳楼 跳河 自焚 喝农药 服毒 割腕 不想活 活不下去 以死相逼 同归于尽",
    ),
    "扬言": (2, "扬言 报复社会 炸掉 炸药 放火 纵火 杀人 砍死 血债血偿"),
    "群体性": (
        1,
        "集体上访 堵路 堵门 围堵 聚集 静坐 拉横幅 打横幅 上百人 几百人 集体进京 到北京上访",
    ),
    "极端困难": (1, "断粮 无家可归 露宿街头 看不起病 无钱医治"),
}


def add_words(apps, schema_editor):
    AttentionWord = apps.get_model("insight", "AttentionWord")
    for category, (level, words) in DEFAULT_WORDS.items():
        for word in words.split():
            AttentionWord.objects.get_or_create(
                word=word, defaults={"category": category, "level": level}
            )


class Migration(migrations.Migration):
    dependencies = [("insight", "0002_routingrule")]

    operations = [
        migrations.CreateModel(
            name="AttentionWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=20, unique=True, verbose_name="词语")),
                ("category", models.CharField(max_length=20, verbose_name="类别")),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "普通"), (1, "优先关注"), (2, "紧急关注")],
                        default=2,
                        verbose_name="关注等级",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
            ],
            options={
                "verbose_name": "重点关注词",
                "verbose_name_plural": "重点关注词",
                "ordering": ["category", "word"],
            },
        ),
        migrations.RunPython(add_words, migrations.RunPython.noop),
    ]
