"""The trail's pages (issue 15): searching it, and who has looked at a person's record."""

from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent, OrganisationRoleKind
from tests.factories import OrganisationRoleFactory, PersonFactory


def test_a_team_lead_sees_their_teams_events_in_plain_words(sign_in, cast):
    person = PersonFactory(team=cast.team, preferred_name="Quintessa")
    sign_in(cast.practitioner).get(reverse("practice:person", args=[person.pk]))
    response = sign_in(cast.team_lead).get(reverse("trail:search"))
    assert response.status_code == 200
    assert f"Pat Practitioner viewed person {person.pk} (North Team)" in response.text


def test_the_trail_never_shows_an_events_detail(sign_in, cast):
    AuditEvent.objects.create(
        actor=cast.practitioner,
        action=AuditAction.CHANGED,
        target_type="people.person",
        target_id="3",
        target_label="person 3",
        team=cast.team,
        detail={"note": "Zanzibar said something private"},
    )
    response = sign_in(cast.team_lead).get(reverse("trail:search"))
    assert "person 3" in response.text
    assert "Zanzibar" not in response.text


def test_the_trail_keeps_to_the_readers_teams(sign_in, cast):
    other = PersonFactory(team=cast.other_team)
    sign_in(cast.other_practitioner).get(reverse("practice:person", args=[other.pk]))
    response = sign_in(cast.team_lead).get(reverse("trail:search"))
    assert f"person {other.pk}" not in response.text


def test_a_data_protection_lead_sees_the_whole_organisation(sign_in, cast):
    lead = OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.DATA_PROTECTION
    ).user
    other = PersonFactory(team=cast.other_team)
    sign_in(cast.other_practitioner).get(reverse("practice:person", args=[other.pk]))
    response = sign_in(lead).get(reverse("trail:search"))
    assert f"person {other.pk} (South Team)" in response.text


def test_searching_the_trail_filters_and_is_itself_audited(sign_in, cast):
    person = PersonFactory(team=cast.team)
    sign_in(cast.practitioner).get(reverse("practice:person", args=[person.pk]))
    client = sign_in(cast.team_lead)
    response = client.get(reverse("trail:search"), {"person": person.pk, "action": "viewed"})
    assert len(response.context["rows"]) == 1
    event = AuditEvent.objects.filter(actor=cast.team_lead).latest("pk")
    assert event.action == AuditAction.VIEWED
    assert event.detail["list"] == "audit trail"
    assert event.detail["filters"] == {"person": str(person.pk), "action": "viewed"}


def test_a_search_not_understood_shows_everything_with_the_error(sign_in, cast):
    response = sign_in(cast.team_lead).get(reverse("trail:search"), {"since": "yesterday"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_practitioner_is_told_no(sign_in, cast):
    response = sign_in(cast.practitioner).get(reverse("trail:search"))
    assert response.status_code == 403


def test_who_has_looked_names_the_staff_their_role_and_what(sign_in, cast):
    person = PersonFactory(team=cast.team)
    sign_in(cast.team_lead).get(reverse("practice:person", args=[person.pk]))
    response = sign_in(cast.practitioner).get(reverse("practice:looked", args=[person.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert ("Lee Lead", "Team lead", AuditAction.VIEWED) in [
        (r["who"], r["role"], r["event"].action) for r in rows
    ]


def test_who_has_looked_is_refused_to_another_team(sign_in, cast):
    person = PersonFactory(team=cast.team)
    response = sign_in(cast.other_practitioner).get(reverse("practice:looked", args=[person.pk]))
    assert response.status_code == 404


def test_the_person_page_links_to_who_has_looked(sign_in, cast):
    person = PersonFactory(team=cast.team)
    response = sign_in(cast.practitioner).get(reverse("practice:person", args=[person.pk]))
    assert reverse("practice:looked", args=[person.pk]) in response.text


def test_a_caseload_view_reads_as_the_caseload_of_the_team(sign_in, cast):
    sign_in(cast.practitioner).get(reverse("practice:caseload"), {"view": "team"})
    response = sign_in(cast.team_lead).get(reverse("trail:search"))
    assert "Pat Practitioner viewed the caseload of North Team" in response.text


def test_team_leads_find_the_trail_from_the_caseload_and_practitioners_do_not(sign_in, cast):
    url = reverse("trail:search")
    assert url in sign_in(cast.team_lead).get(reverse("practice:caseload")).text
    assert url not in sign_in(cast.practitioner).get(reverse("practice:caseload")).text


def test_a_data_protection_lead_in_no_team_finds_the_trail_from_home(sign_in, cast):
    lead = OrganisationRoleFactory(
        organisation=cast.organisation, role=OrganisationRoleKind.DATA_PROTECTION
    ).user
    response = sign_in(lead).get(reverse("core:home"))
    assert reverse("trail:search") in response.text
    assert "not part of a team yet" not in response.text


def test_who_has_looked_shows_changes_to_the_person_s_goals(sign_in, cast):
    import datetime as dt

    from connecting_people.plans import services as plans

    person = PersonFactory(team=cast.team)
    goal = plans.goal_create(
        person=person,
        text="Join a choir",
        whose_idea="together",
        agreed_on=dt.date(2026, 12, 1),
        by=cast.team_lead,
    )
    response = sign_in(cast.practitioner).get(reverse("practice:looked", args=[person.pk]))
    rows = [(r["who"], r["event"].action, r["what"]) for r in response.context["rows"]]
    assert ("Lee Lead", AuditAction.CREATED, f"goal {goal.pk}") in rows
    assert f"goal {goal.pk}" in response.text
