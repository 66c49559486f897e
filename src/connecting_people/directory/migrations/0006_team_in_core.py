"""The foreign keys to Team and Organisation now name the core models (core 0002, ADR 0016).

State only: the columns already point at the same tables (`accounts_team`, `accounts_organisation`),
so nothing in the database changes (on SQLite a real AlterField would rebuild the tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_who_works_where"),
        ("directory", "0005_search_facts_cost_known_stale_after"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Same tables, same columns, same constraints: nothing to change.
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="communityconnector",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="connectors",
                        to="core.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="teamservice",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="directory_entries",
                        to="core.team",
                    ),
                ),
            ],
        ),
    ]
