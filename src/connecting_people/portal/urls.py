"""The person's own space, at /my/ (issue 14). Every page here is closed to staff accounts and to
anyone not signed in, unless its view is marked `open_to_anyone` (core/own_space.py)."""

from django.urls import path

from connecting_people.portal.views import home, sign_in

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("start/", sign_in.start, name="start"),
    path("start/password/", sign_in.choose_password, name="choose_password"),
    path("sign-in/", sign_in.sign_in, name="sign_in"),
]
