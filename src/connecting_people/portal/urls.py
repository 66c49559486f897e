"""The person's own space, at /my/ (issue 14). Every page here is closed to staff accounts and to
anyone not signed in, unless its view is marked `open_to_anyone` (core/own_space.py)."""

from django.urls import path

from connecting_people.portal.views import home, moving_on, who_looked

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("who-looked/", who_looked.who_looked, name="who_looked"),
    path("moving-on/", moving_on.moving_on, name="moving_on"),
    path("moving-on/download/", moving_on.moving_on_download, name="moving_on_download"),
]
