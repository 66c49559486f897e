"""`cpi load_reflection_questions`: an organisation's own questions, from a file."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connecting_people.practice.reflection import selectors
from connecting_people.practice.reflection.models import ReflectionQuestion


def _file(tmp_path, areas):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"areas": areas}), encoding="utf-8")
    return str(path)


AREAS = [
    {"key": "agency", "questions": ["We hold a monthly open morning.", "We know the library."]},
    {"key": "person", "questions": ["People plan their own reviews."]},
]


def test_an_organisations_questions_are_what_its_teams_answer(cast, tmp_path):
    call_command(
        "load_reflection_questions", _file(tmp_path, AREAS), organisation=cast.organisation.slug
    )
    asked = [q.text for q in selectors.questions_to_answer(cast.team)]
    assert asked == [
        "We hold a monthly open morning.",
        "We know the library.",
        "People plan their own reviews.",
    ]
    # Another organisation's teams still answer the app's own.
    assert all(
        q.organisation_id is None for q in selectors.questions_to_answer(cast.elsewhere_team)
    )


def test_loading_again_keeps_what_stays_and_retires_what_went(cast, tmp_path):
    slug = cast.organisation.slug
    call_command("load_reflection_questions", _file(tmp_path, AREAS), organisation=slug)
    library = ReflectionQuestion.objects.get(text="We know the library.")
    shorter = [{"key": "agency", "questions": ["We know the library.", "We visit new groups."]}]
    call_command("load_reflection_questions", _file(tmp_path, shorter), organisation=slug)
    asked = selectors.questions_to_answer(cast.team)
    assert [q.text for q in asked] == ["We know the library.", "We visit new groups."]
    assert asked[0].pk == library.pk  # the same question, so past answers still read against it
    assert (
        ReflectionQuestion.objects.filter(organisation=cast.organisation, in_use=False).count() == 2
    )


@pytest.mark.parametrize(
    "areas",
    [
        [],
        [{"key": "nowhere", "questions": ["A question."]}],
        [{"key": "agency", "questions": []}],
        [{"key": "agency", "questions": ["x" * 301]}],
        [{"key": "agency", "questions": [42]}],
    ],
)
def test_a_file_that_cannot_be_loaded_changes_nothing(cast, tmp_path, areas):
    before = ReflectionQuestion.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command(
            "load_reflection_questions", _file(tmp_path, areas), organisation=cast.organisation.slug
        )
    assert refused.value.returncode == 2
    assert ReflectionQuestion.objects.count() == before


def test_an_unknown_organisation_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("load_reflection_questions", _file(tmp_path, AREAS), organisation="nobody")


def test_the_apps_own_questions_file_is_one_the_loader_takes(db):
    from pathlib import Path

    from connecting_people.practice.reflection import loading

    shipped = Path(loading.__file__).parent / "questions.json"
    questions = loading.read_questions(shipped)
    assert set(questions) == {"agency", "worker", "practice", "person"}
