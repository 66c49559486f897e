"""Issue 17: the old ticks move to the lists that replace them.

"Needs step-free or other access" becomes the access need "step_free", with access a must (as
it always was a hard limit); "prefers small or quiet groups" becomes the group sizes small and
one to one, a preference. `musts_chosen` stays False, so the plan's barriers still decide the
other musts until the person's preferences are next saved. The old columns are kept for now.
"""

from django.db import migrations


def _add(stored: str, slug: str) -> str:
    parts = [p for p in stored.split(",") if p]
    return ",".join(parts if slug in parts else [*parts, slug])


def forwards(apps, schema_editor):
    Preferences = apps.get_model("suggestions", "Preferences")
    for prefs in Preferences.objects.filter(needs_accessibility=True):
        prefs.access_needs = prefs.access_needs or "step_free"
        prefs.musts = _add(prefs.musts, "access")
        prefs.save(update_fields=["access_needs", "musts"])
    Preferences.objects.filter(prefers_small_groups=True, group_sizes="").update(
        group_sizes="one_to_one,small"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0003_preferences_fit"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
