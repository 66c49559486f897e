"""The person's own space, at /my/ (issue 14). Every page here is closed to staff accounts and to
anyone not signed in, unless its view is marked `open_to_anyone` (core/own_space.py)."""

from django.urls import path

from connecting_people.portal.views import home, plan, words

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("plan/", plan.plan, name="plan"),
    path("plan/what-matters/", plan.what_matters, name="what_matters"),
    path("plan/steps/<int:pk>/done/", plan.step_done, name="step_done"),
    path("plan/interests/add/", plan.interest_new, name="interest_add"),
    path("meetings/", words.meetings, name="meetings"),
    path("see-it-differently/<slug:about>/<int:pk>/", words.differ, name="differ"),
    path("update/", words.update, name="update"),
]
