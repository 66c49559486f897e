"""The system administration screens still list and open who works where after it moved to core."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["core_organisation", "core_team", "core_organisationrole", "accounts_user"]
)
def test_admin_lists_who_works_where(superuser_client, cast, model):
    response = superuser_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


def test_admin_opens_a_team_with_its_members(superuser_client, cast):
    response = superuser_client.get(reverse("admin:core_team_change", args=[cast.team.pk]))
    assert response.status_code == 200
    assert "Lee Lead" in response.content.decode()
