"""The person's own space, at /my/ (issue 14). Every page here is closed to staff accounts and to
anyone not signed in, unless its view is marked `open_to_anyone` (core/own_space.py)."""

from django.urls import path

from connecting_people.portal.views import (
    home,
    ideas,
    moving_on,
    people_map,
    plan,
    questionnaires,
    sign_in,
    who_looked,
    words,
)

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    # My people: the map, how it changed, adding and changing a connection
    path("people/", people_map.my_map, name="map"),
    path("people/add/", people_map.connection_add, name="connection_add"),
    path("people/<int:pk>/", people_map.connection_edit, name="connection_edit"),
    # Ideas put to me
    path("ideas/", ideas.ideas, name="ideas"),
    path("ideas/<int:pk>/interested/", ideas.interested, name="idea_interested"),
    path("ideas/<int:pk>/not-for-me/", ideas.not_for_me, name="idea_not_for_me"),
    # My questionnaires
    path("questionnaires/", questionnaires.questionnaires, name="questionnaires"),
    path("questionnaires/start/", questionnaires.questionnaire_start, name="questionnaire_start"),
    path(
        "questionnaires/<int:pk>/",
        questionnaires.questionnaire_answer,
        name="questionnaire_answer",
    ),
    path("who-looked/", who_looked.who_looked, name="who_looked"),
    path("moving-on/", moving_on.moving_on, name="moving_on"),
    path("moving-on/download/", moving_on.moving_on_download, name="moving_on_download"),
    path("plan/", plan.plan, name="plan"),
    path("plan/what-matters/", plan.what_matters, name="what_matters"),
    path("plan/steps/<int:pk>/done/", plan.step_done, name="step_done"),
    path("plan/interests/add/", plan.interest_new, name="interest_add"),
    path("meetings/", words.meetings, name="meetings"),
    path("see-it-differently/<slug:about>/<int:pk>/", words.differ, name="differ"),
    path("update/", words.update, name="update"),
    path("start/", sign_in.start, name="start"),
    path("start/password/", sign_in.choose_password, name="choose_password"),
    path("sign-in/", sign_in.sign_in, name="sign_in"),
]
