"""Who works where moves into the kernel (ADR 0016).

Organisation, Team, TeamMembership and OrganisationRole were `accounts` models; they are `core`
models now, on the same tables (`accounts_team` and so on), so this migration changes the
migration state only and moves no data. Their content types are renamed from `accounts` to `core`
so that permissions and admin log entries keep pointing at the same models. Every app whose
foreign keys point at these models follows in its own state-only migration, and `accounts` then
forgets the models (accounts 0002).
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

MODELS = ["organisation", "team", "teammembership", "organisationrole"]


def _move_content_types(apps, schema_editor, *, source, target):
    """Relabel these models' content types from `source` to `target`, keeping the old rows.

    If `target` rows exist already (a post_migrate ran in between), what hangs on them is moved
    onto the old rows, which carry the history, and the newer rows are dropped.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = types.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = types.filter(app_label=target, model=model).first()
        if new is not None:
            _merge(Permission, LogEntry, keep=old, drop=new)
        old.app_label = target
        old.save(update_fields=["app_label"])


def _merge(Permission, LogEntry, *, keep, drop):
    for permission in Permission.objects.filter(content_type=drop):
        twin = Permission.objects.filter(content_type=keep, codename=permission.codename).first()
        if twin is None:
            permission.content_type = keep
            permission.save(update_fields=["content_type"])
            continue
        twin.user_set.add(*permission.user_set.all())
        twin.group_set.add(*permission.group_set.all())
        permission.delete()
    LogEntry.objects.filter(content_type=drop).update(content_type=keep)
    drop.delete()


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="accounts", target="core")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="core", target="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already, created by accounts 0001 under these names.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(max_length=60, unique=True, verbose_name="short name"),
                        ),
                        (
                            "is_demo",
                            models.BooleanField(
                                default=False,
                                help_text="Made by `cpi demo`; safe to replace.",
                                verbose_name="demonstration data",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation",
                        "verbose_name_plural": "organisations",
                        "db_table": "accounts_organisation",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Team",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="what the team does"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="teams",
                                to="core.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "team",
                        "verbose_name_plural": "teams",
                        "db_table": "accounts_team",
                        "ordering": ["organisation__name", "name"],
                    },
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.team",
                        verbose_name="team",
                    ),
                ),
                migrations.CreateModel(
                    name="TeamMembership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("practitioner", "Practitioner"),
                                    ("team_lead", "Team lead"),
                                ],
                                max_length=20,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "joined_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="joined"),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="core.team",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="team_memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "team membership",
                        "verbose_name_plural": "team memberships",
                        "db_table": "accounts_teammembership",
                        "ordering": ["team", "user__name"],
                    },
                ),
                migrations.CreateModel(
                    name="OrganisationRole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("admin", "Organisation admin"),
                                    ("evaluator", "Researcher or evaluator"),
                                ],
                                max_length=20,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "granted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="granted"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="core.organisation",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="organisation_roles",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation role",
                        "verbose_name_plural": "organisation roles",
                        "db_table": "accounts_organisationrole",
                        "constraints": [
                            models.UniqueConstraint(
                                models.F("user"),
                                models.F("organisation"),
                                models.F("role"),
                                name="one_role_grant",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("role__in", ["admin", "evaluator"])),
                                name="organisation_role_known",
                            ),
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="team",
                    constraint=models.UniqueConstraint(
                        models.F("organisation"),
                        django.db.models.functions.text.Lower("name"),
                        name="team_name_unique_in_organisation",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="teammembership",
                    constraint=models.UniqueConstraint(
                        models.F("user"), models.F("team"), name="one_membership_per_team"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="teammembership",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("role__in", ["practitioner", "team_lead"])),
                        name="team_role_known",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
