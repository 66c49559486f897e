from django.db import migrations

BARRIER_TYPES = [
    ("attitudinal", "confidence", "Lack of confidence"),
    ("attitudinal", "trying-new-things", "Not wanting to try new things"),
    ("attitudinal", "self-stigma", "Self-stigma"),
    ("attitudinal", "stigma-from-others", "Stigma from others"),
    ("attitudinal", "worry-about-groups", "Worry about groups"),
    ("attitudinal", "low-mood-or-motivation", "Low mood or motivation"),
    ("contextual", "money", "Money"),
    ("contextual", "time", "Time"),
    ("contextual", "transport-or-distance", "Transport or distance"),
    ("contextual", "caring-responsibilities", "Caring or other responsibilities"),
    ("contextual", "external-relationships", "Other relationships"),
    ("contextual", "physical-health-or-access", "Physical health or access needs"),
    ("contextual", "digital-access", "Digital access"),
    ("contextual", "language", "Language"),
]


def add_barrier_types(apps, schema_editor):
    BarrierType = apps.get_model("plans", "BarrierType")
    for position, (family, slug, name) in enumerate(BARRIER_TYPES, start=1):
        BarrierType.objects.update_or_create(
            slug=slug, defaults={"name": name, "family": family, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_barrier_types, migrations.RunPython.noop)]
