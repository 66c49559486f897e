from django.db import migrations


def forwards(apps, schema_editor):
    from connecting_people.directory.hsds.interests import sync_interest_taxonomy

    sync_interest_taxonomy(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("taxonomy", "0002_builtin_categories"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
