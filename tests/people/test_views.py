import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.people.models import Interest, Person, Status
from connecting_people.taxonomy.models import InterestCategory
from tests.factories import PersonFactory

REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]


@pytest.fixture
def person(cast):
    return PersonFactory(team=cast.team, preferred_name="Ayo", keyworker=cast.practitioner)


def _pages(person):
    return [
        reverse("people:edit", args=[person.pk]),
        reverse("people:status", args=[person.pk, "moving-on"]),
        reverse("people:interest_add", args=[person.pk]),
        reverse("people:skill_add", args=[person.pk]),
    ]


@pytest.mark.parametrize("who", ["practitioner", "team_lead", "both_teams"])
def test_record_pages_open_for_the_persons_team(sign_in, cast, person, who):
    client = sign_in(getattr(cast, who))
    for url in _pages(person):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", REFUSED)
def test_record_pages_refused_to_everyone_else(sign_in, cast, person, who):
    client = sign_in(getattr(cast, who))
    for url in _pages(person):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"preferred_name": "Hacked"}).status_code == 404, url
    person.refresh_from_db()
    assert person.preferred_name == "Ayo"
    assert (
        AuditEvent.objects.filter(actor=getattr(cast, who), action=AuditAction.REFUSED).count() == 8
    )


def test_record_pages_need_signing_in(client, person):
    for url in _pages(person):
        assert client.get(url).status_code == 302


def test_add_someone_with_only_a_preferred_name(sign_in, cast):
    response = sign_in(cast.practitioner).post(
        reverse("people:create"), {"preferred_name": "Jordan", "started_on": "1/11/2026"}
    )
    person = Person.objects.get(preferred_name="Jordan")
    assert response.url == reverse("practice:person", args=[person.pk])
    assert person.team == cast.team
    assert person.status == Status.REFERRED


def test_add_someone_keeps_what_was_typed_and_names_the_problem(sign_in, cast):
    response = sign_in(cast.practitioner).post(
        reverse("people:create"),
        {
            "preferred_name": "Jordan",
            "nhs_number": "943 476 5918",
            "started_on": "1/11/2026",
            "date_of_birth": "31/2/1990",
            "pronouns": "they/them",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "the last digit does not match the others" in html
    assert "Enter a real date, like 26/11/2026" in html
    assert 'value="they/them"' in html
    assert 'value="943 476 5918"' in html
    assert not Person.objects.filter(preferred_name="Jordan").exists()


def test_nhs_number_already_in_the_team_is_named(sign_in, cast, person):
    person.nhs_number = "9434765919"
    person.save()
    response = sign_in(cast.practitioner).post(
        reverse("people:create"),
        {"preferred_name": "Sam", "nhs_number": "9434765919", "started_on": "1/11/2026"},
    )
    assert "Ayo in this team already has this NHS number" in response.content.decode()


def test_keyworker_must_be_in_the_team(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("people:edit", args=[person.pk]),
        {
            "preferred_name": "Ayo",
            "keyworker": cast.other_practitioner.pk,
            "version": person.version,
        },
    )
    assert response.status_code == 200
    assert "Choose “Keyworker” from the list" in response.content.decode()


def test_two_people_editing_the_same_record_second_is_refused(cast, person):
    first, second = Client(), Client()
    first.force_login(cast.practitioner)
    second.force_login(cast.team_lead)
    url = reverse("people:edit", args=[person.pk])
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version
    ok = first.post(url, {"preferred_name": "Ayo", "pronouns": "he/him", "version": version})
    assert ok.status_code == 302
    refused = second.post(
        url, {"preferred_name": "Ayo", "pronouns": "they/them", "version": version}
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "he/him" in html
    assert 'value="they/them"' in html
    person.refresh_from_db()
    assert person.pronouns == "he/him"
    # Saving again, having seen their change, goes through.
    again = second.post(
        url,
        {
            "preferred_name": "Ayo",
            "pronouns": "they/them",
            "version": refused.context["form"]["version"].value(),
        },
    )
    assert again.status_code == 302


def test_move_on_and_return_through_the_pages(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(
        reverse("people:status", args=[person.pk, "move-on"]),
        {
            "version": person.version,
            "on": "1/11/2026",
            "destination": "beyond_services",
            "moving_on_plan": "Keep going to choir",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Status.MOVED_ON
    assert client.get(reverse("people:status", args=[person.pk, "moving-on"])).status_code == 404
    client.post(
        reverse("people:status", args=[person.pk, "return"]),
        {"version": person.version, "on": "2/11/2026"},
    )
    person.refresh_from_db()
    assert person.status == Status.ACTIVE
    assert person.moving_on_plan == "Keep going to choir"


@pytest.mark.parametrize(("answer", "kept"), [("yes", True), ("no", False), ("", None)])
def test_moving_on_records_whether_keeping_in_touch_was_agreed(sign_in, cast, person, answer, kept):
    from connecting_people.people.models import StatusChange

    response = sign_in(cast.practitioner).post(
        reverse("people:status", args=[person.pk, "move-on"]),
        {
            "version": person.version,
            "on": "1/11/2026",
            "destination": "beyond_services",
            "moving_on_plan": "Keep going to choir",
            "keep_in_touch": answer,
        },
    )
    assert response.status_code == 302
    assert StatusChange.objects.filter(person=person).latest("pk").keep_in_touch is kept


def test_moving_on_without_a_destination_says_so(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("people:status", args=[person.pk, "move-on"]),
        {"version": person.version, "on": "1/11/2026"},
    )
    assert "Choose where they are moving on to" in response.content.decode()


def test_add_an_interest_with_categories(sign_in, cast, person):
    music = InterestCategory.objects.get(slug="music")
    sign_in(cast.practitioner).post(
        reverse("people:interest_add", args=[person.pk]),
        {"when": "used_to", "description": "Playing bass", "categories": [music.pk]},
    )
    interest = Interest.objects.get(person=person)
    assert list(interest.categories.all()) == [music]


def test_interest_without_a_category_is_refused_plainly(sign_in, cast, person):
    response = sign_in(cast.practitioner).post(
        reverse("people:interest_add", args=[person.pk]),
        {"when": "used_to", "description": "Playing bass"},
    )
    assert "Choose at least one kind of interest" in response.content.decode()
    assert 'value="Playing bass"' in response.content.decode()


def test_cannot_edit_another_persons_interest_through_this_person(sign_in, cast, person):
    other = PersonFactory(team=cast.team)
    interest = Interest.objects.create(person=other, when="do_now", description="Chess")
    response = sign_in(cast.practitioner).get(
        reverse("people:interest_edit", args=[person.pk, interest.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", REFUSED)
def test_every_change_is_refused_to_everyone_else(sign_in, cast, person, who):
    interest = Interest.objects.create(person=person, when="do_now", description="Chess")
    skill = person.skills.create(description="Knitting")
    client = sign_in(getattr(cast, who))
    posts = [
        *(
            reverse("people:status", args=[person.pk, action])
            for action in ["start", "moving-on", "move-on", "return", "carry-on"]
        ),
        reverse("people:interest_edit", args=[person.pk, interest.pk]),
        reverse("people:skill_remove", args=[person.pk, skill.pk]),
    ]
    for url in posts:
        response = client.post(
            url,
            {"remove": "1", "version": person.version, "on": "1/11/2026", "destination": "other"},
        )
        assert response.status_code == 404, url
    person.refresh_from_db()
    assert person.status == "active"
    assert Interest.objects.filter(pk=interest.pk).exists()
    assert person.skills.filter(pk=skill.pk).exists()


def test_a_status_change_after_someone_else_changed_the_record_can_be_retried(
    sign_in, cast, person
):
    client = sign_in(cast.practitioner)
    url = reverse("people:status", args=[person.pk, "moving-on"])
    stale = person.version
    Person.objects.filter(pk=person.pk).update(pronouns="she/her", version=stale + 1)
    refused = client.post(url, {"version": stale, "on": "1/11/2026", "moving_on_plan": "Choir"})
    html = refused.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "Choir" in html
    retry = client.post(
        url,
        {
            "version": refused.context["form"]["version"].value(),
            "on": "1/11/2026",
            "moving_on_plan": "Choir",
        },
    )
    assert retry.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.moving_on_plan) == ("moving_on", "Choir")


def test_person_edit_audit_names_the_fields_that_changed(sign_in, cast, person):
    sign_in(cast.practitioner).post(
        reverse("people:edit", args=[person.pk]),
        {
            "preferred_name": "Ayo",
            "pronouns": "he/him",
            "keyworker": cast.practitioner.pk,
            "version": person.version,
        },
    )
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, target_type="people.person").get()
    assert event.detail == {"fields": ["pronouns"]}
    assert event.target_label == f"person {person.pk}"  # no name in the trail


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: SQLite's shared in-memory test database cannot take two "
    "writers at once (CI runs this on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_at_the_same_moment_one_wins_one_is_refused(cast):
    import threading

    person = PersonFactory(team=cast.team, preferred_name="Ayo")
    url = reverse("people:edit", args=[person.pk])
    barrier = threading.Barrier(2, timeout=30)
    results = {}

    def save(user, pronouns):
        client = Client()
        client.force_login(user)
        barrier.wait()
        response = client.post(
            url, {"preferred_name": "Ayo", "pronouns": pronouns, "version": person.version}
        )
        results[pronouns] = response.status_code
        connection.close()

    threads = [
        threading.Thread(target=save, args=(cast.practitioner, "he/him")),
        threading.Thread(target=save, args=(cast.team_lead, "they/them")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [200, 302]  # one saved, one refused with the conflict page
    person.refresh_from_db()
    assert person.version == 2
    winner = next(p for p, status in results.items() if status == 302)
    assert person.pronouns == winner
