"""Issue 15 (helper `trail`): a data protection lead, an organisation role that searches the
whole organisation's audit trail. A choices change only; the lead may renumber this migration."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisationrole",
            name="organisation_role_known",
        ),
        migrations.AlterField(
            model_name="organisationrole",
            name="role",
            field=models.CharField(
                choices=[
                    ("admin", "Organisation admin"),
                    ("evaluator", "Researcher or evaluator"),
                    ("data_protection", "Data protection lead"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisationrole",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["admin", "evaluator", "data_protection"])),
                name="organisation_role_known",
            ),
        ),
    ]
