"""Who works where moved to core (core 0002, ADR 0016): accounts forgets the models.

State only: the tables stay, now owned by core. This runs after every app's foreign keys
were pointed at the core models."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0002_who_works_where"),
        ("directory", "0006_team_in_core"),
        ("outcomes", "0005_team_in_core"),
        ("people", "0004_team_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables are core's now: nothing to drop.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="organisationrole",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="team",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="organisationrole",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="teammembership",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="teammembership",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Organisation",
                ),
                migrations.DeleteModel(
                    name="OrganisationRole",
                ),
                migrations.DeleteModel(
                    name="Team",
                ),
                migrations.DeleteModel(
                    name="TeamMembership",
                ),
            ],
        ),
    ]
