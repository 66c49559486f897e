"""The foreign keys to Team and Organisation now name the core models (core 0002, ADR 0016).

State only: the columns already point at the same tables (`accounts_team`, `accounts_organisation`),
so nothing in the database changes (on SQLite a real AlterField would rebuild the tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_who_works_where"),
        ("outcomes", "0004_instrument_organisation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Same tables, same columns, same constraints: nothing to change.
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="instrument",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="instruments",
                        to="core.organisation",
                        verbose_name="organisation (none: the whole deployment)",
                    ),
                ),
                migrations.AlterField(
                    model_name="measureschedule",
                    name="team",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measure_schedule",
                        to="core.team",
                    ),
                ),
            ],
        ),
    ]
