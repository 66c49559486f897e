"""Who works where moved from accounts to core (ADR 0016) without moving a row.

The migrations change the migration state only; the one thing they change in the database is the
content types' app label, so permissions and admin log entries keep pointing at the same models.
"""

from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from connecting_people.core.models import Organisation, OrganisationRole, Team, TeamMembership
from tests.factories import TeamFactory, UserFactory

MOVE = import_module("connecting_people.core.migrations.0002_who_works_where")
BEFORE = [("core", "0001_initial")]  # unapplies the move and every migration that follows it


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # These tests delete and relabel content types: never trust a cached one across them.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


class _Editor:
    connection = connection


def _leaves(executor):
    return executor.loader.graph.leaf_nodes()


@pytest.mark.parametrize("model", [Organisation, Team, TeamMembership, OrganisationRole])
def test_the_moved_models_keep_their_tables(model):
    assert model._meta.app_label == "core"
    assert model._meta.db_table == f"accounts_{model._meta.model_name}"


def test_the_move_relabels_an_old_content_type_keeping_its_id(db):
    ContentType.objects.filter(app_label="core", model="team").delete()
    old = ContentType.objects.create(app_label="accounts", model="team")
    MOVE.forwards(global_apps, _Editor())
    old.refresh_from_db()
    assert (old.app_label, old.model) == ("core", "team")
    assert ContentType.objects.get_for_model(Team, for_concrete_model=True) == old


def test_the_move_merges_into_the_old_content_type_when_the_new_one_exists(db):
    newer = ContentType.objects.get_for_model(Team)
    old = ContentType.objects.create(app_label="accounts", model="team")
    granted = Permission.objects.create(content_type=old, codename="change_team", name="Change")
    only_new = Permission.objects.get(content_type=newer, codename="view_team")
    twin = Permission.objects.get(content_type=newer, codename="change_team")
    group = Group.objects.create(name="leads")
    group.permissions.add(twin)
    user = UserFactory()
    entry = LogEntry.objects.create(
        user=user, content_type=newer, object_id="1", object_repr="x", action_flag=CHANGE
    )

    MOVE.forwards(global_apps, _Editor())

    assert not ContentType.objects.filter(pk=newer.pk).exists()
    old.refresh_from_db()
    assert old.app_label == "core"
    assert set(group.permissions.all()) == {granted}
    only_new.refresh_from_db()
    assert only_new.content_type == old
    entry.refresh_from_db()
    assert entry.content_type == old


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_move_keeps_its_rows_and_content_types():
    team = TeamFactory(name="North Team")
    type_id = ContentType.objects.get_for_model(Team).pk
    executor = MigrationExecutor(connection)
    leaves = _leaves(executor)
    executor.migrate(BEFORE)
    try:
        assert ContentType.objects.get(pk=type_id).app_label == "accounts"
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        assert old.get_model("accounts", "Team").objects.get().name == "North Team"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert ContentType.objects.get(pk=type_id).app_label == "core"
    assert Team.objects.get().pk == team.pk
    assert TeamMembership.objects.count() == 0
