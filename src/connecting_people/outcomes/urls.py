"""A person's questionnaires, under /people/<person_pk>/measures/, and the team's schedule at
/people/measures/schedule/, and the team report of change at /people/measures/report/ (views in
views/)."""

from django.urls import path

from connecting_people.outcomes.views import (
    change,
    discard,
    person,
    questionnaire,
    report,
    results,
    schedule,
)

app_name = "outcomes"

urlpatterns = [
    path("measures/schedule/", schedule.schedule_edit, name="schedule"),
    path("measures/report/", report.change_report, name="report"),
    path("<int:person_pk>/measures/change/", change.person_change, name="change"),
    path("<int:person_pk>/measures/", person.measures_page, name="page"),
    path("<int:person_pk>/measures/start/", person.response_start, name="start"),
    path("<int:person_pk>/measures/<int:pk>/", questionnaire.response_answer, name="answer"),
    path(
        "<int:person_pk>/measures/<int:pk>/questions/<int:number>/",
        questionnaire.response_question,
        name="question",
    ),
    path("<int:person_pk>/measures/<int:pk>/check/", questionnaire.response_check, name="check"),
    path("<int:person_pk>/measures/<int:pk>/result/", results.response_result, name="result"),
    path("<int:person_pk>/measures/<int:pk>/discard/", discard.response_discard, name="discard"),
]
